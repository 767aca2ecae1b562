// Seccomp filters (seccomp(2), classic BPF over struct seccomp_data, x86_64 only) for the VM
// process: an allow-list per VMM thread kind, and a deny-list for the whole process.
//
// A forbidden call raises SIGSYS (SECCOMP_RET_TRAP); the handler writes one line naming the thread
// kind and the syscall to stderr and ends the process with status 159 (128 + SIGSYS).
#pragma once
#include <linux/filter.h>
#include <cstdint>
#include <vector>

namespace tshyve::vmm::seccomp {

enum class ThreadKind : uint8_t { kProcess, kVcpu, kEventLoop, kBlockWorker, kFsWorker, kVnc, kGdb };
const char* thread_kind_name(ThreadKind kind) noexcept;

// Whether VMM threads install their allow-list when they start (set by the Vm from its config
// before it creates any thread; default off, so device unit tests run unfiltered).
void set_thread_filters_enabled(bool on) noexcept;
bool thread_filters_enabled() noexcept;

// The calling thread's kind is recorded for the SIGSYS line; when thread filters are enabled its
// allow-list is installed (no_new_privs first). A failure to install is logged once and the
// thread goes on unfiltered. `name` (<= 15 chars) becomes the thread's name when not null.
void enter_thread(ThreadKind kind, const char* name = nullptr) noexcept;

// Every thread of the process (SECCOMP_FILTER_FLAG_TSYNC), and all it starts later, loses
// execve, ptrace, mounts, modules, kexec, bpf, perf, keyrings, namespaces, reboot, swap,
// open_by_handle_at and userfaultfd; io_uring_setup fails with ENOSYS (ring operations would
// bypass seccomp). Sets no_new_privs first. Returns 0 or an errno.
int install_process_deny_list() noexcept;

// The BPF programs themselves (exposed for unit tests and for dumping).
std::vector<sock_filter> thread_program(ThreadKind kind);
std::vector<sock_filter> process_program();

// The x86_64 name of syscall `nr`, or nullptr if this table does not know it.
const char* syscall_name(long nr) noexcept;

}  // namespace tshyve::vmm::seccomp
