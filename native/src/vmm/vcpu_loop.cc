// vCPU loop: exits to userspace are PIO, MMIO, shutdown (triple fault), system events and errors;
// EINTR means a kick (immediate_exit + signal) asked us to look at the stop flag, answer a halt
// check or park for a debugger (see vcpu_loop.h); KVM_EXIT_DEBUG goes to the debugger's hooks.
#include "vmm/vcpu_loop.h"

#include <pthread.h>
#include <signal.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cinttypes>
#include <mutex>
#include <string>

#include "vmm/exit_status.h"
#include "vmm/log.h"
#include "vmm/seccomp_filter.h"

namespace tshyve::vmm {

namespace {
void kick_handler(int) {}
}  // namespace

int vcpu_kick_signal() { return SIGRTMIN + 6; }

void install_vcpu_kick_handler() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction sa {};
    sa.sa_handler = kick_handler;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;  // no SA_RESTART: KVM_RUN must return EINTR
    sigaction(vcpu_kick_signal(), &sa, nullptr);
  });
}

void kick_vcpu(kvm_run* run) noexcept { __atomic_store_n(&run->immediate_exit, 1, __ATOMIC_SEQ_CST); }

ExitKind exit_kind_of(uint32_t reason) noexcept {
  switch (reason) {
    case KVM_EXIT_IO: return ExitKind::kIo;
    case KVM_EXIT_MMIO: return ExitKind::kMmio;
    case KVM_EXIT_INTR: return ExitKind::kIntr;
    case KVM_EXIT_HLT: return ExitKind::kHlt;
    case KVM_EXIT_SHUTDOWN: return ExitKind::kShutdown;
    case KVM_EXIT_SYSTEM_EVENT: return ExitKind::kSystemEvent;
    case KVM_EXIT_FAIL_ENTRY: return ExitKind::kFailEntry;
    case KVM_EXIT_INTERNAL_ERROR: return ExitKind::kInternalError;
    default: return ExitKind::kOther;
  }
}

bool vcpu_halted_forever(int vcpu_fd) noexcept {
  kvm_mp_state mp{};
  if (::ioctl(vcpu_fd, KVM_GET_MP_STATE, &mp) < 0) return false;
  // An AP the guest never started (or sent INIT without SIPI) runs nothing: it neither keeps the VM
  // alive nor ends it on its own (the BSP is never in these states unless INIT'ed by an AP).
  if (mp.mp_state == KVM_MP_STATE_UNINITIALIZED || mp.mp_state == KVM_MP_STATE_INIT_RECEIVED) return true;
  if (mp.mp_state != KVM_MP_STATE_HALTED) return false;
  kvm_regs regs{};
  if (::ioctl(vcpu_fd, KVM_GET_REGS, &regs) < 0) return false;
  constexpr uint64_t kRflagsIf = 1u << 9;
  return (regs.rflags & kRflagsIf) == 0;
}

void run_vcpu_loop(KvmVcpu& vcpu, const VcpuLoopContext& ctx) noexcept {
  const std::string name = "vcpu" + std::to_string(vcpu.id());
  seccomp::enter_thread(seccomp::ThreadKind::kVcpu, name.c_str());
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, vcpu_kick_signal());
  pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
  kvm_run* run = vcpu.run_area();
  const int fd = vcpu.fd();
  uint64_t answered_gen = 0;
  try {
    if (ctx.debug) ctx.debug->park_if_held(vcpu);
    while (!ctx.stop->load(std::memory_order_acquire)) {
      int r = ::ioctl(fd, KVM_RUN, 0);
      if (r < 0) {
        if (errno == EINTR) {
          // A kick: re-arm KVM_RUN first (else every later KVM_RUN returns EINTR at once), then
          // look at what the kicker stored; the stop flag is checked by the loop condition.
          __atomic_exchange_n(&run->immediate_exit, 0, __ATOMIC_SEQ_CST);
          if (ctx.halt_check_gen && ctx.halted_gen && !ctx.stop->load(std::memory_order_acquire)) {
            uint64_t gen = ctx.halt_check_gen->load(std::memory_order_acquire);
            if (gen != answered_gen) {
              answered_gen = gen;
              if (vcpu_halted_forever(fd)) ctx.halted_gen->store(gen, std::memory_order_release);
            }
          }
          if (ctx.debug) ctx.debug->park_if_held(vcpu);
          if (ctx.pause) ctx.pause->park_if_requested(vcpu, ctx.index, *ctx.stop);
          continue;
        }
        if (errno == EAGAIN) continue;
        log_message("vcpu%u: KVM_RUN failed: errno %d", vcpu.id(), errno);
        ctx.request_exit(kExitError);
        return;
      }
      if (ctx.exits) ctx.exits->fetch_add(1, std::memory_order_relaxed);
      if (ctx.exit_kinds) ctx.exit_kinds->add(exit_kind_of(run->exit_reason));
      switch (run->exit_reason) {
        case KVM_EXIT_IO: {
          uint8_t* data = reinterpret_cast<uint8_t*>(run) + run->io.data_offset;
          for (uint32_t i = 0; i < run->io.count; ++i, data += run->io.size) {
            if (run->io.direction == KVM_EXIT_IO_OUT)
              ctx.pio->write(run->io.port, data, run->io.size);
            else
              ctx.pio->read(run->io.port, data, run->io.size);
          }
          break;
        }
        case KVM_EXIT_MMIO: {
          uint32_t len = run->mmio.len > 8 ? 8 : run->mmio.len;
          if (run->mmio.is_write)
            ctx.mmio->write(run->mmio.phys_addr, run->mmio.data, len);
          else
            ctx.mmio->read(run->mmio.phys_addr, run->mmio.data, len);
          break;
        }
        case KVM_EXIT_INTR: break;
        case KVM_EXIT_DEBUG:
          if (ctx.debug) ctx.debug->on_debug_exit(vcpu, run->debug.arch);
          break;
        case KVM_EXIT_HLT: ctx.request_exit(kExitHalt); return;
        case KVM_EXIT_SHUTDOWN: {
          // Where it happened, for whoever debugs the guest (the state is lost with the VM).
          kvm_regs r{};
          kvm_sregs sr{};
          // Best effort: a failed read must not turn the triple fault (3) into an error (4).
          try {
            vcpu.get_regs(r);
            vcpu.get_sregs(sr);
          } catch (...) {
          }
          log_message("vcpu%u: triple fault (KVM_EXIT_SHUTDOWN) at cs %04x:%llx (base %llx), rsp %llx, cr0 %llx, idt %llx/%x", vcpu.id(),
                      sr.cs.selector, static_cast<unsigned long long>(r.rip), static_cast<unsigned long long>(sr.cs.base),
                      static_cast<unsigned long long>(r.rsp), static_cast<unsigned long long>(sr.cr0),
                      static_cast<unsigned long long>(sr.idt.base), sr.idt.limit);
        }
          ctx.request_exit(kExitTripleFault);
          return;
        case KVM_EXIT_SYSTEM_EVENT:
          switch (run->system_event.type) {
            case KVM_SYSTEM_EVENT_RESET: ctx.request_exit(kExitReboot); return;
            case KVM_SYSTEM_EVENT_SHUTDOWN: ctx.request_exit(kExitPoweroff); return;
            default: ctx.request_exit(kExitError); return;
          }
        case KVM_EXIT_FAIL_ENTRY:
          log_message("vcpu%u: KVM_EXIT_FAIL_ENTRY reason 0x%llx", vcpu.id(),
                      static_cast<unsigned long long>(run->fail_entry.hardware_entry_failure_reason));
          ctx.request_exit(kExitError);
          return;
        case KVM_EXIT_INTERNAL_ERROR: {
          kvm_regs regs{};
          try {
            vcpu.get_regs(regs);
          } catch (...) {
          }
          log_message("vcpu%u: KVM internal error, suberror %u at rip 0x%llx", vcpu.id(), run->internal.suberror,
                      static_cast<unsigned long long>(regs.rip));
          ctx.request_exit(kExitError);
          return;
        }
        default:
          guest_log("vcpu%u: unhandled exit reason %u", vcpu.id(), run->exit_reason);
          ctx.request_exit(kExitError);
          return;
      }
    }
  } catch (const std::exception& e) {
    log_message("vcpu%u: %s", vcpu.id(), e.what());
    ctx.request_exit(kExitError);
  } catch (...) {
    ctx.request_exit(kExitError);
  }
}

}  // namespace tshyve::vmm
