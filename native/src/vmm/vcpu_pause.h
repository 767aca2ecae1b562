// Stop-the-world pause of every vCPU at a safe point (outside KVM_RUN, after KVM completed any
// pending PIO/MMIO: api.rst, immediate_exit), as a snapshot needs it. The controller asks with
// request(), kicks every vCPU (vcpu_loop.h), and waits until all are parked; each vCPU runs the
// controller's action on its own thread (vCPU ioctls belong there) before it parks.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>

#include "vmm/kvm.h"

namespace tshyve::vmm {

class VcpuPause {
 public:
  using Action = std::function<void(KvmVcpu& vcpu, size_t index)>;  // must not throw
  explicit VcpuPause(size_t vcpus) : vcpus_(vcpus) {}

  // Controller: from now on every vCPU that looks runs `action` and parks. Then kick them all.
  void request(Action action);
  // Controller: true once every vCPU parked; false if `stop` was set or `timeout` passed first.
  bool wait_parked(const std::atomic<bool>& stop, std::chrono::milliseconds timeout);
  // Controller: lets every parked vCPU run again.
  void release();

  // vCPU thread, outside KVM_RUN (after a kick): parks if a pause is requested, until release()
  // or `stop`.
  void park_if_requested(KvmVcpu& vcpu, size_t index, const std::atomic<bool>& stop) noexcept;

 private:
  const size_t vcpus_;
  std::atomic<bool> requested_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  Action action_;
  size_t parked_ = 0;
  uint64_t generation_ = 0;  // bumped by release(): a parked vCPU waits for a newer one
};

}  // namespace tshyve::vmm
