// The vCPU run loop (api.rst 5, "The kvm_run structure"): KVM_RUN, then one switch over the exit
// reason forwarding port I/O and MMIO to the buses. Runs on its own std::thread.
//
// Kicks: whoever wants a vCPU out of KVM_RUN stores what it wants first (the stop flag, or a new
// halt-check generation), then kvm_run.immediate_exit = 1 (kick_vcpu), then sends
// vcpu_kick_signal() to the vCPU thread. On EINTR the vCPU thread swaps immediate_exit back to 0
// (an atomic exchange, so a kick racing with the reset is never lost: either the exchange reads
// the kicker's 1 and sees what it stored, or the 1 lands later and the next KVM_RUN returns EINTR
// at once) and then looks at the stop flag and the halt-check generation.
//
// Halt check (bhyve exit status 2): with the in-kernel irqchip HLT never exits to userspace, so
// the supervisor periodically bumps *halt_check_gen and kicks every vCPU without stopping it. The
// vCPU thread itself (vCPU ioctls belong to the thread that runs KVM_RUN) reads its mp_state and
// RFLAGS and, if nothing but NMI/INIT could ever wake it, stores the generation in *halted_gen:
// KVM_MP_STATE_HALTED with RFLAGS.IF = 0, or an AP still waiting for INIT/SIPI.
#pragma once
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include "vmm/bus.h"
#include "vmm/kvm.h"
#include "vmm/vcpu_pause.h"

namespace tshyve::vmm {

// What a KVM_RUN that returned to userspace exited for, as the loop's switch tells them apart.
enum class ExitKind : uint8_t { kIo, kMmio, kIntr, kHlt, kShutdown, kSystemEvent, kFailEntry, kInternalError, kOther, kCount };
constexpr const char* kExitKindNames[] = {"io", "mmio", "intr", "hlt", "shutdown", "system_event", "fail_entry", "internal_error", "other"};
static_assert(sizeof kExitKindNames / sizeof kExitKindNames[0] == static_cast<size_t>(ExitKind::kCount));

// Every vCPU thread bumps these (relaxed); any thread reads them.
struct ExitCounters {
  std::atomic<uint64_t> by_kind[static_cast<size_t>(ExitKind::kCount)] = {};
  void add(ExitKind k) noexcept { by_kind[static_cast<size_t>(k)].fetch_add(1, std::memory_order_relaxed); }
  uint64_t get(ExitKind k) const noexcept { return by_kind[static_cast<size_t>(k)].load(std::memory_order_relaxed); }
};
ExitKind exit_kind_of(uint32_t kvm_exit_reason) noexcept;

// A debugger's hold on the vCPUs (remote/gdb/vcpu_control.h). Both calls come from the vCPU
// thread, outside KVM_RUN, and return when the vCPU may run again (or the VM is stopping).
class VcpuDebugHooks {
 public:
  virtual ~VcpuDebugHooks() = default;
  // Before the first KVM_RUN and after every kick: parks while the debugger holds this vCPU.
  virtual void park_if_held(KvmVcpu& vcpu) noexcept = 0;
  // KVM_EXIT_DEBUG (a breakpoint, watchpoint or single step): reports it and parks.
  virtual void on_debug_exit(KvmVcpu& vcpu, const kvm_debug_exit_arch& arch) noexcept = 0;
};

struct VcpuLoopContext {
  Bus* pio = nullptr;
  Bus* mmio = nullptr;
  std::atomic<bool>* stop = nullptr;
  std::function<void(int status)> request_exit;  // any thread; first status wins
  std::atomic<uint64_t>* exits = nullptr;        // statistics: userspace exits
  ExitCounters* exit_kinds = nullptr;            // statistics: the same exits by kind
  // Halt check (optional, both or neither): the generation the supervisor asks about (0: none yet)
  // and this vCPU's answer, the last generation at which it was found halted forever.
  const std::atomic<uint64_t>* halt_check_gen = nullptr;
  std::atomic<uint64_t>* halted_gen = nullptr;
  VcpuDebugHooks* debug = nullptr;  // optional: a GDB stub (spec.gdb)
  VcpuPause* pause = nullptr;       // optional: stop-the-world pause (snapshots), vcpu_pause.h
  uint32_t index = 0;               // this vCPU's index for `pause`
};

// Signal used to kick a vCPU thread out of KVM_RUN (a no-op handler is installed once).
int vcpu_kick_signal();
void install_vcpu_kick_handler();
// Any thread: makes the vCPU's current or next KVM_RUN return EINTR (the caller then signals the
// vCPU thread). Store what the vCPU should look at before calling this.
void kick_vcpu(kvm_run* run) noexcept;
// vCPU thread only: true if the vCPU can only be woken by NMI/INIT/SIPI sent by another vCPU or
// device (halted with RFLAGS.IF = 0, or an AP not started). False on any ioctl error.
bool vcpu_halted_forever(int vcpu_fd) noexcept;

// vCPU thread body; never throws.
void run_vcpu_loop(KvmVcpu& vcpu, const VcpuLoopContext& ctx) noexcept;

}  // namespace tshyve::vmm
