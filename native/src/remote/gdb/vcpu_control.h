// Stop-the-world control of a VM's vCPUs for the GDB stub, on KVM (api.rst 4.59 KVM_SET_GUEST_DEBUG,
// 5 KVM_EXIT_DEBUG): a vCPU thread parks (outside KVM_RUN) while it is held; the stub holds all,
// kicks them out of KVM_RUN, reads and writes their state while they are parked, then releases
// them with the guest-debug flags armed. A debug exit holds the vCPU that took it and tells the
// stub through an eventfd; the stub then holds the others.
//
// Lock order: mu_ only; no vCPU ioctl is made under it.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "remote/gdb/gdb_target.h"
#include "vmm/guest_memory_view.h"
#include "vmm/kvm.h"
#include "vmm/unique_fd.h"
#include "vmm/vcpu_loop.h"

namespace tshyve::remote::gdb {

class VcpuControl : public vmm::VcpuDebugHooks, public GdbTarget {
 public:
  struct Hooks {
    std::function<void(uint32_t index)> kick;  // stub thread: makes vCPU `index` leave KVM_RUN
    std::function<void()> kill;                // 'k'
  };
  // `hold_at_start`: every vCPU parks before its first instruction (waitForAttach).
  VcpuControl(std::vector<vmm::KvmVcpu*> vcpus, vmm::GuestMemoryView& memory, const std::atomic<bool>& vm_stopping, bool hold_at_start,
              bool software_breakpoints_work);
  void set_hooks(Hooks h) { hooks_ = std::move(h); }

  // vCPU threads.
  void park_if_held(vmm::KvmVcpu& vcpu) noexcept override;
  void on_debug_exit(vmm::KvmVcpu& vcpu, const kvm_debug_exit_arch& arch) noexcept override;

  // Stub thread. Holds every vCPU and waits until all are parked; false if the VM is stopping or
  // a vCPU did not park within `timeout`.
  bool stop_all(std::chrono::milliseconds timeout);
  bool all_held() const;
  // Stub thread: whether a debugger is connected. Without one a stray debug exit does not hold.
  void set_attached(bool on) { attached_.store(on, std::memory_order_release); }
  int event_fd() const { return event_fd_.get(); }
  // The debug exit that stopped the VM, if one did since the last resume (drains the eventfd).
  std::optional<StopEvent> take_event();

  // GdbTarget (stub thread, all vCPUs parked).
  uint32_t vcpu_count() const override { return static_cast<uint32_t>(vcpus_.size()); }
  bool read_registers(uint32_t vcpu, RegisterFile& out) override;
  bool write_registers(uint32_t vcpu, const RegisterFile& in) override;
  size_t read_memory(uint32_t vcpu, uint64_t addr, uint8_t* out, size_t len) override;
  size_t write_memory(uint32_t vcpu, uint64_t addr, const uint8_t* in, size_t len) override;
  bool software_breakpoints_work() const override { return sw_bp_work_; }
  bool resume(const std::vector<ResumeAction>& actions, const DebugSetup& debug) override;
  void kill() override;
  // The errno of the last KVM_SET_GUEST_DEBUG that failed (0: none), for the stub's log.
  int last_guest_debug_error() const { return guest_debug_err_; }

 private:
  size_t index_of(const vmm::KvmVcpu& v) const;
  size_t access(uint32_t vcpu, uint64_t addr, uint8_t* buf, size_t len, bool write);

  std::vector<vmm::KvmVcpu*> vcpus_;
  vmm::GuestMemoryView& memory_;
  const std::atomic<bool>& vm_stopping_;
  const bool sw_bp_work_;
  Hooks hooks_;
  vmm::UniqueFd event_fd_;
  int guest_debug_err_ = 0;
  std::atomic<bool> attached_{false};

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<bool> held_, parked_;  // guarded by mu_
  std::optional<StopEvent> event_;   // guarded by mu_
};

}  // namespace tshyve::remote::gdb
