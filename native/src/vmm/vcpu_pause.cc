// Stop-the-world vCPU pause (vcpu_pause.h). A parked vCPU wakes every 20 ms to look at the stop
// flag: request_exit() does not know this condition variable.
#include "vmm/vcpu_pause.h"

namespace tshyve::vmm {

void VcpuPause::request(Action action) {
  std::lock_guard<std::mutex> lock(mu_);
  action_ = std::move(action);
  parked_ = 0;
  requested_.store(true, std::memory_order_release);
}

bool VcpuPause::wait_parked(const std::atomic<bool>& stop, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::unique_lock<std::mutex> lock(mu_);
  while (parked_ < vcpus_) {
    if (stop.load(std::memory_order_acquire) || std::chrono::steady_clock::now() >= deadline) return false;
    cv_.wait_for(lock, std::chrono::milliseconds(20));
  }
  return true;
}

void VcpuPause::release() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    requested_.store(false, std::memory_order_release);
    action_ = nullptr;
    ++generation_;
  }
  cv_.notify_all();
}

void VcpuPause::park_if_requested(KvmVcpu& vcpu, size_t index, const std::atomic<bool>& stop) noexcept {
  if (!requested_.load(std::memory_order_acquire)) return;
  std::unique_lock<std::mutex> lock(mu_);
  if (!requested_.load(std::memory_order_relaxed)) return;
  const uint64_t gen = generation_;
  if (action_) action_(vcpu, index);
  ++parked_;
  cv_.notify_all();
  while (generation_ == gen && !stop.load(std::memory_order_acquire)) cv_.wait_for(lock, std::chrono::milliseconds(20));
}

}  // namespace tshyve::vmm
