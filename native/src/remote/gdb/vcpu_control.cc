// Park/kick/resume of vCPUs for the GDB stub and its KVM register, memory and guest-debug access
// (api.rst 4.59 KVM_SET_GUEST_DEBUG; SDM vol 3, 17.2 debug registers).
#include "remote/gdb/vcpu_control.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "remote/gdb/page_walk.h"

namespace tshyve::remote::gdb {

namespace {
constexpr auto kParkPoll = std::chrono::milliseconds(100);  // a parked vCPU re-checks the VM's stop flag this often
constexpr uint32_t kDr6SingleStep = 1u << 14;               // DR6.BS
constexpr uint32_t kDr6Hits = 0xf;                          // DR6.B0-B3
constexpr uint32_t kVectorDebug = 1, kVectorBreakpoint = 3;
// DR7 R/W field of slot i (bits 16+4i): 0 means an instruction breakpoint.
bool slot_is_exec(uint64_t dr7, int i) { return ((dr7 >> (16 + 4 * i)) & 3) == 0; }
}  // namespace

VcpuControl::VcpuControl(std::vector<vmm::KvmVcpu*> vcpus, vmm::GuestMemoryView& memory, const std::atomic<bool>& vm_stopping,
                         bool hold_at_start, bool sw_bp_work)
    : vcpus_(std::move(vcpus)),
      memory_(memory),
      vm_stopping_(vm_stopping),
      sw_bp_work_(sw_bp_work),
      held_(vcpus_.size(), hold_at_start),
      parked_(vcpus_.size(), false) {
  event_fd_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!event_fd_.valid()) throw vmm::KvmError("eventfd for the gdb stub", errno);
}

size_t VcpuControl::index_of(const vmm::KvmVcpu& v) const {
  for (size_t i = 0; i < vcpus_.size(); ++i)
    if (vcpus_[i] == &v) return i;
  return 0;
}

void VcpuControl::park_if_held(vmm::KvmVcpu& vcpu) noexcept {
  const size_t i = index_of(vcpu);
  std::unique_lock<std::mutex> lock(mu_);
  while (held_[i] && !vm_stopping_.load(std::memory_order_acquire)) {
    if (!parked_[i]) {
      parked_[i] = true;
      cv_.notify_all();
    }
    cv_.wait_for(lock, kParkPoll);
  }
  if (parked_[i]) {
    parked_[i] = false;
    cv_.notify_all();  // a stop_all() waiting on a stopping VM
  }
}

void VcpuControl::on_debug_exit(vmm::KvmVcpu& vcpu, const kvm_debug_exit_arch& arch) noexcept {
  if (!attached_.load(std::memory_order_acquire)) return;
  const size_t i = index_of(vcpu);
  {
    std::lock_guard<std::mutex> lock(mu_);
    held_[i] = true;
    if (!event_) {  // the first stop wins; a later one on another vCPU is seen again when it resumes
      StopEvent e;
      e.vcpu = static_cast<uint32_t>(i);
      e.dr6 = arch.dr6;
      if (arch.exception == kVectorBreakpoint) {
        e.kind = StopEvent::Kind::kSoftwareBreak;
      } else if (arch.exception == kVectorDebug && (arch.dr6 & kDr6Hits)) {
        int slot = __builtin_ctz(arch.dr6 & kDr6Hits);
        e.kind = slot_is_exec(arch.dr7, slot) ? StopEvent::Kind::kHardwareBreak : StopEvent::Kind::kWatch;
      } else {
        e.kind = (arch.dr6 & kDr6SingleStep) || arch.exception == kVectorDebug ? StopEvent::Kind::kStep : StopEvent::Kind::kSoftwareBreak;
      }
      event_ = e;
    }
  }
  const uint64_t one = 1;
  (void)!::write(event_fd_.get(), &one, sizeof one);
  park_if_held(vcpu);
}

bool VcpuControl::stop_all(std::chrono::milliseconds timeout) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (size_t i = 0; i < held_.size(); ++i) held_[i] = true;
  }
  for (uint32_t i = 0; i < vcpus_.size(); ++i) {
    vmm::kick_vcpu(vcpus_[i]->run_area());
    if (hooks_.kick) hooks_.kick(i);
  }
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_for(lock, timeout, [this] {
    if (vm_stopping_.load(std::memory_order_acquire)) return true;
    for (bool p : parked_)
      if (!p) return false;
    return true;
  }) && !vm_stopping_.load(std::memory_order_acquire);
}

bool VcpuControl::all_held() const {
  std::lock_guard<std::mutex> lock(mu_);
  for (size_t i = 0; i < held_.size(); ++i)
    if (!held_[i] || !parked_[i]) return false;
  return true;
}

std::optional<StopEvent> VcpuControl::take_event() {
  uint64_t n = 0;
  (void)!::read(event_fd_.get(), &n, sizeof n);
  std::lock_guard<std::mutex> lock(mu_);
  auto e = event_;
  event_.reset();
  return e;
}

bool VcpuControl::read_registers(uint32_t v, RegisterFile& out) {
  if (v >= vcpus_.size()) return false;
  KvmCpuState s;
  try {
    vcpus_[v]->get_regs(s.regs);
    vcpus_[v]->get_sregs(s.sregs);
    vcpus_[v]->get_fpu(s.fpu);
  } catch (...) {
    return false;
  }
  registers_from_kvm(s, out);
  return true;
}

bool VcpuControl::write_registers(uint32_t v, const RegisterFile& in) {
  if (v >= vcpus_.size()) return false;
  KvmCpuState s;
  try {
    vcpus_[v]->get_regs(s.regs);
    vcpus_[v]->get_sregs(s.sregs);
    vcpus_[v]->get_fpu(s.fpu);
    registers_to_kvm(in, s);
    vcpus_[v]->set_regs(s.regs);
    vcpus_[v]->set_sregs(s.sregs);
    vcpus_[v]->set_fpu(s.fpu);
  } catch (...) {
    return false;
  }
  return true;
}

size_t VcpuControl::access(uint32_t v, uint64_t addr, uint8_t* buf, size_t len, bool write) {
  if (v >= vcpus_.size()) return 0;
  kvm_sregs sr{};
  try {
    vcpus_[v]->get_sregs(sr);
  } catch (...) {
    return 0;
  }
  const PagingState paging{sr.cr0, sr.cr3, sr.cr4, sr.efer};
  size_t done = 0;
  while (done < len) {
    uint64_t phys = 0, left = 0;
    if (!translate_virtual(memory_, paging, addr + done, phys, left)) break;
    const size_t n = static_cast<size_t>(std::min<uint64_t>(left, len - done));
    uint8_t* host = write ? memory_.translate_writable(phys, n) : memory_.translate(phys, n);
    if (!host) break;  // MMIO, a hole, or (writes) the read-only firmware image
    if (write)
      std::memcpy(host, buf + done, n);
    else
      std::memcpy(buf + done, host, n);
    done += n;
  }
  return done;
}

size_t VcpuControl::read_memory(uint32_t v, uint64_t addr, uint8_t* out, size_t len) { return access(v, addr, out, len, false); }
size_t VcpuControl::write_memory(uint32_t v, uint64_t addr, const uint8_t* in, size_t len) {
  return access(v, addr, const_cast<uint8_t*>(in), len, true);
}

bool VcpuControl::resume(const std::vector<ResumeAction>& actions, const DebugSetup& debug) {
  if (actions.size() != vcpus_.size()) return false;
  bool ok = true;
  for (size_t i = 0; i < vcpus_.size(); ++i) {
    kvm_guest_debug g{};
    const bool step = actions[i] == ResumeAction::kStep;
    if (debug.any() || step) {
      g.control = KVM_GUESTDBG_ENABLE;
      if (debug.software_breakpoints) g.control |= KVM_GUESTDBG_USE_SW_BP;
      if (debug.hardware) {
        g.control |= KVM_GUESTDBG_USE_HW_BP;
        for (int r = 0; r < 4; ++r) g.arch.debugreg[r] = debug.dr[r];
        g.arch.debugreg[7] = debug.dr7;
      }
      // Step the instruction, not the interrupt handler a pending interrupt would enter first.
      if (step) g.control |= KVM_GUESTDBG_SINGLESTEP | KVM_GUESTDBG_BLOCKIRQ;
    }
    if (int err = vcpus_[i]->set_guest_debug(g)) {
      guest_debug_err_ = err;
      ok = false;
    }
  }
  if (!ok) return false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    event_.reset();
    for (size_t i = 0; i < vcpus_.size(); ++i) held_[i] = actions[i] == ResumeAction::kStay;
  }
  uint64_t n = 0;
  (void)!::read(event_fd_.get(), &n, sizeof n);
  cv_.notify_all();
  return true;
}

void VcpuControl::kill() {
  if (hooks_.kill) hooks_.kill();
}

}  // namespace tshyve::remote::gdb
