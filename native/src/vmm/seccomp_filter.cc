// Builds and installs the VM process's seccomp programs (seccomp(2), Documentation/userspace-api/
// seccomp_filter.rst). Allow-lists were found by tracing micro guests, SeaBIOS, GRUB and the
// virtio tests per thread (strace -f); anything else traps and ends the process with a log line.
#include "vmm/seccomp_filter.h"

#include <asm/unistd.h>
#include <linux/audit.h>
#include <linux/if_tun.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>

#include "vmm/log.h"

namespace tshyve::vmm::seccomp {

namespace {

std::atomic<bool> g_thread_filters{false};
// The calling thread's kind for the SIGSYS line; initial-exec so the handler never allocates TLS.
__attribute__((tls_model("initial-exec"))) thread_local ThreadKind t_kind = ThreadKind::kProcess;

constexpr uint32_t kX32Bit = 0x40000000;
constexpr uint32_t kKvmIoctlType = 0xAE;    // KVMIO
constexpr uint32_t kBlockIoctlType = 0x12;  // BLKDISCARD, BLKZEROOUT
constexpr uint64_t kNamespaceCloneFlags =
    CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET;

// Syscalls every VMM thread needs: memory (malloc, thread exit), locks, time, signals (the vCPU
// kick, SIGSYS itself), stderr logging, and ending the thread.
constexpr int kCommon[] = {
    __NR_exit,        __NR_exit_group,      __NR_rt_sigreturn,    __NR_rt_sigprocmask,
    __NR_sigaltstack, __NR_restart_syscall, __NR_futex,           __NR_madvise,
    __NR_mmap,        __NR_munmap,          __NR_mprotect,        __NR_mremap,
    __NR_brk,         __NR_clock_gettime,   __NR_clock_nanosleep, __NR_nanosleep,
    __NR_gettid,      __NR_getpid,          __NR_sched_yield,     __NR_write,
    __NR_writev,
};
// Port/MMIO exits: KVM ioctls, eventfds and irqfds, console and tap fds, the event loop's table
// (queues are wired up when the guest driver enables them), polling a full console pipe, and
// the disk requests that finish without waiting (page-cache reads, small buffered writes).
constexpr int kVcpu[] = {
    __NR_ioctl, __NR_read,  __NR_readv,  __NR_pwrite64, __NR_eventfd2, __NR_epoll_ctl, __NR_close,   __NR_fcntl,
    __NR_poll,  __NR_ppoll, __NR_sendto, __NR_sendmsg,  __NR_recvfrom, __NR_preadv2,   __NR_pwritev,
};
// Queue kicks, taps, console sockets (accept, send, receive) and the rng's pacing timer.
constexpr int kEventLoop[] = {
    __NR_ioctl,    __NR_epoll_wait, __NR_epoll_pwait, __NR_epoll_ctl, __NR_read,           __NR_readv,           __NR_eventfd2,
    __NR_close,    __NR_fcntl,      __NR_accept4,     __NR_recvfrom,  __NR_recvmsg,        __NR_sendto,          __NR_sendmsg,
    __NR_shutdown, __NR_getsockopt, __NR_poll,        __NR_ppoll,     __NR_timerfd_create, __NR_timerfd_settime, __NR_getrandom,
};
// Disk I/O straight into guest memory, flushes, discards, and interrupts through irqfds.
constexpr int kBlockWorker[] = {
    __NR_ioctl, __NR_preadv, __NR_preadv2, __NR_pwritev, __NR_pread64, __NR_pwrite64, __NR_fdatasync, __NR_fsync, __NR_fallocate, __NR_read,
};
// The virtio-9p worker: *at(2) calls beneath the share's root (fchmodat2 = 452 by number: older
// headers lack it), data I/O, directory reads, fcntl OFD locks, and irqfds.
constexpr int kFsWorker[] = {
    __NR_ioctl,      __NR_openat,    __NR_openat2,    __NR_close,    __NR_fstat,     __NR_newfstatat, __NR_statx,    __NR_fstatfs,
    __NR_getdents64, __NR_lseek,     __NR_pread64,    __NR_pwrite64, __NR_read,      __NR_mkdirat,    __NR_unlinkat, __NR_renameat,
    __NR_renameat2,  __NR_symlinkat, __NR_readlinkat, __NR_linkat,   __NR_mknodat,   __NR_fchmod,     __NR_fchown,   452,
    __NR_fchownat,   __NR_utimensat, __NR_ftruncate,  __NR_fsync,    __NR_fdatasync, __NR_fcntl,
};
// The VNC server: poll over its bound socket and viewers, accept, TCP_NODELAY, the VNC
// Authentication challenge, receive and send; KVM's dirty log of the framebuffer and interrupts
// from the input devices its events reach (the KVM ioctl type).
constexpr int kVnc[] = {
    __NR_ioctl,    __NR_poll,    __NR_ppoll,  __NR_accept4, __NR_setsockopt, __NR_getrandom,
    __NR_recvfrom, __NR_recvmsg, __NR_sendto, __NR_sendmsg, __NR_read,       __NR_close,
};
// The GDB stub: poll over its bound socket, the debugger and two eventfds, accept, TCP_NODELAY,
// receive and send, vCPU state and KVM_SET_GUEST_DEBUG (the KVM ioctl type), and the vCPU kick
// signal (pthread_kill).
constexpr int kGdb[] = {
    __NR_ioctl, __NR_poll, __NR_ppoll, __NR_accept4, __NR_setsockopt, __NR_recvfrom, __NR_sendto, __NR_read, __NR_close, __NR_tgkill,
};
// ioctl numbers (low 32 bits of args[1]) a thread may use beyond its whole ioctl type.
constexpr uint32_t kTapIoctls[] = {TUNSETOFFLOAD, TUNSETVNETHDRSZ, TUNGETVNETHDRSZ, TUNSETVNETLE, TUNGETFEATURES};

constexpr int kProcessDenied[] = {
    __NR_execve,
    __NR_execveat,
    __NR_ptrace,
    __NR_process_vm_writev,
    __NR_mount,
    __NR_umount2,
    __NR_pivot_root,
    __NR_chroot,
    __NR_fsopen,
    __NR_fsmount,
    __NR_fsconfig,
    __NR_move_mount,
    __NR_open_tree,
    __NR_mount_setattr,
    __NR_init_module,
    __NR_finit_module,
    __NR_delete_module,
    __NR_kexec_load,
    __NR_kexec_file_load,
    __NR_bpf,
    __NR_perf_event_open,
    __NR_keyctl,
    __NR_add_key,
    __NR_request_key,
    __NR_setns,
    __NR_unshare,
    __NR_reboot,
    __NR_swapon,
    __NR_swapoff,
    __NR_open_by_handle_at,
    __NR_name_to_handle_at,
    __NR_userfaultfd,
    __NR_acct,
    __NR_iopl,
    __NR_ioperm,
    __NR_quotactl,
    __NR_settimeofday,
    __NR_clock_settime,
    __NR_adjtimex,
};

// A tiny assembler: jumps name a label resolved when the program is finished.
enum Label : uint8_t { kNone, kAllow, kTrap, kKill, kEnosys, kIoctl, kClone };
struct Insn {
  sock_filter f;
  Label jt = kNone;  // taken branch; not taken falls through
};
class Program {
 public:
  void stmt(uint16_t code, uint32_t k) { insns_.push_back({BPF_STMT(code, k)}); }
  void jump_if(uint16_t op, uint32_t k, Label target) { insns_.push_back({BPF_JUMP(BPF_JMP | op | BPF_K, k, 0, 0), target}); }
  void raw(sock_filter f) { insns_.push_back({f}); }
  void mark(Label l) { labels_[l] = insns_.size(); }
  std::vector<sock_filter> finish() {
    std::vector<sock_filter> out;
    for (size_t i = 0; i < insns_.size(); ++i) {
      sock_filter f = insns_[i].f;
      if (insns_[i].jt != kNone && labels_[insns_[i].jt] - i - 1 > 255) throw std::length_error("seccomp program: jump too far");
      if (insns_[i].jt != kNone) f.jt = static_cast<uint8_t>(labels_[insns_[i].jt] - i - 1);
      out.push_back(f);
    }
    return out;
  }
  size_t size() const { return insns_.size(); }

 private:
  std::vector<Insn> insns_;
  size_t labels_[8] = {};
};

constexpr uint32_t kNrOffset = offsetof(seccomp_data, nr);
constexpr uint32_t kArchOffset = offsetof(seccomp_data, arch);
constexpr uint32_t arg_low(int i) { return offsetof(seccomp_data, args) + 8 * i; }  // little endian

// Wrong architecture (an int 0x80 or x32 call): no name to log, kill at once.
void check_arch(Program& p) {
  p.stmt(BPF_LD | BPF_W | BPF_ABS, kArchOffset);
  p.raw(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  p.stmt(BPF_LD | BPF_W | BPF_ABS, kNrOffset);
  p.jump_if(BPF_JGE, kX32Bit, kTrap);
}

void tails(Program& p) {
  p.mark(kAllow);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  p.mark(kTrap);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
  p.mark(kKill);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  p.mark(kEnosys);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
}

template <size_t N>
void add_all(std::vector<int>& v, const int (&a)[N]) {
  v.insert(v.end(), a, a + N);
}

void log_sigsys(int, siginfo_t* info, void* uc) {
  char buf[160];
  size_t n = 0;
  auto put = [&](const char* s) {
    while (*s && n < sizeof buf - 1) buf[n++] = *s++;
  };
  auto put_num = [&](long v) {
    char d[24];
    int k = 0;
    unsigned long u = v < 0 ? 0ul - static_cast<unsigned long>(v) : static_cast<unsigned long>(v);
    do d[k++] = static_cast<char>('0' + u % 10);
    while ((u /= 10) && k < 23);
    if (v < 0) put("-");
    while (k) {
      char c[2] = {d[--k], 0};
      put(c);
    }
  };
  const long nr = info->si_syscall;
  put("tshyve: seccomp: thread ");
  put(thread_kind_name(t_kind));
  put(" called forbidden syscall ");
  put_num(nr);
  const char* name = syscall_name(nr);
  put(" (");
  put(name ? name : "unknown");
  put(")");
  if (nr == __NR_ioctl && uc) {  // the request number, for whoever extends an allow-list
    put(" request 0x");
    const auto req = static_cast<unsigned long>(static_cast<ucontext_t*>(uc)->uc_mcontext.gregs[REG_RSI]) & 0xffffffffu;
    for (int shift = 28; shift >= 0; shift -= 4) {
      char c[2] = {"0123456789abcdef"[(req >> shift) & 0xf], 0};
      put(c);
    }
  }
  put("; ending the VM process\n");
  (void)!::write(STDERR_FILENO, buf, n);
  ::syscall(__NR_exit_group, 128 + SIGSYS);
}

void install_sigsys_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_sigaction = log_sigsys;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, nullptr);
  });
}

int load(const std::vector<sock_filter>& code, unsigned flags) {
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return errno;
  sock_fprog prog{static_cast<unsigned short>(code.size()), const_cast<sock_filter*>(code.data())};
  long r = ::syscall(__NR_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog);
  if (r < 0) return errno;
  if (r > 0) return ESRCH;  // TSYNC: thread r could not be synchronised
  return 0;
}

}  // namespace

const char* thread_kind_name(ThreadKind kind) noexcept {
  switch (kind) {
    case ThreadKind::kVcpu: return "vcpu";
    case ThreadKind::kEventLoop: return "event-loop";
    case ThreadKind::kBlockWorker: return "block-worker";
    case ThreadKind::kFsWorker: return "9p-worker";
    case ThreadKind::kVnc: return "vnc";
    case ThreadKind::kGdb: return "gdb";
    default: return "process";
  }
}

void set_thread_filters_enabled(bool on) noexcept {
  if (on) install_sigsys_handler();
  g_thread_filters.store(on, std::memory_order_release);
}
bool thread_filters_enabled() noexcept { return g_thread_filters.load(std::memory_order_acquire); }

std::vector<sock_filter> thread_program(ThreadKind kind) {
  std::vector<int> allowed;
  add_all(allowed, kCommon);
  // Interrupts (KVM_IRQ_LINE, KVM_SIGNAL_MSI) are injected from every kind of thread.
  std::vector<uint32_t> ioctl_types{kKvmIoctlType};
  bool tap_ioctls = false;
  switch (kind) {
    case ThreadKind::kVcpu:
      add_all(allowed, kVcpu);
      tap_ioctls = true;
      break;
    case ThreadKind::kEventLoop:
      add_all(allowed, kEventLoop);
      tap_ioctls = true;
      break;
    case ThreadKind::kBlockWorker:
      add_all(allowed, kBlockWorker);
      ioctl_types.push_back(kBlockIoctlType);
      break;
    case ThreadKind::kFsWorker: add_all(allowed, kFsWorker); break;
    case ThreadKind::kVnc: add_all(allowed, kVnc); break;
    case ThreadKind::kGdb: add_all(allowed, kGdb); break;
    default: break;
  }
  // ioctl (KVM_RUN: once per exit) is tested first and by its type first: its argument check keeps
  // the kernel from caching the verdict, so it is the hot path; the others are cached per number.
  Program p;
  check_arch(p);
  p.jump_if(BPF_JEQ, __NR_ioctl, kIoctl);
  for (int nr : allowed)
    if (nr != __NR_ioctl) p.jump_if(BPF_JEQ, static_cast<uint32_t>(nr), kAllow);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
  p.mark(kIoctl);
  p.stmt(BPF_LD | BPF_W | BPF_ABS, arg_low(1));
  p.stmt(BPF_MISC | BPF_TAX, 0);
  p.stmt(BPF_ALU | BPF_AND | BPF_K, 0xff00);
  for (uint32_t type : ioctl_types) p.jump_if(BPF_JEQ, type << 8, kAllow);
  p.stmt(BPF_MISC | BPF_TXA, 0);
  if (tap_ioctls)
    for (uint32_t cmd : kTapIoctls) p.jump_if(BPF_JEQ, cmd, kAllow);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_TRAP);
  tails(p);
  return p.finish();
}

std::vector<sock_filter> process_program() {
  Program p;
  check_arch(p);
  for (int nr : kProcessDenied) p.jump_if(BPF_JEQ, static_cast<uint32_t>(nr), kTrap);
  // clone3 passes its flags in memory BPF cannot read: "not implemented" makes libc fall back to clone.
  p.jump_if(BPF_JEQ, __NR_clone3, kEnosys);
  // io_uring operations never pass through seccomp: no new rings (libuv then uses its thread pool).
  p.jump_if(BPF_JEQ, __NR_io_uring_setup, kEnosys);
  p.jump_if(BPF_JEQ, __NR_clone, kClone);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  p.mark(kClone);
  p.stmt(BPF_LD | BPF_W | BPF_ABS, arg_low(0));  // the namespace flags all sit in the low word
  p.jump_if(BPF_JSET, static_cast<uint32_t>(kNamespaceCloneFlags), kTrap);
  p.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  tails(p);
  return p.finish();
}

void enter_thread(ThreadKind kind, const char* name) noexcept {
  t_kind = kind;
  if (name) ::prctl(PR_SET_NAME, name, 0, 0, 0);
  if (!thread_filters_enabled()) return;
  try {
    if (int err = load(thread_program(kind), 0); err != 0) {
      static std::atomic<bool> logged{false};
      if (!logged.exchange(true))
        log_message("seccomp: cannot install the %s thread filter (%s): that thread runs unfiltered", thread_kind_name(kind),
                    std::strerror(err));
    }
  } catch (...) {
  }
}

int install_process_deny_list() noexcept {
  try {
    install_sigsys_handler();
    return load(process_program(), SECCOMP_FILTER_FLAG_TSYNC);
  } catch (...) {
    return ENOMEM;
  }
}

}  // namespace tshyve::vmm::seccomp
