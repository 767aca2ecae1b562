// The vCPU run loop (api.rst 5, "The kvm_run structure"): KVM_RUN, then one switch over the exit
// reason forwarding port I/O and MMIO to the buses. Runs on its own std::thread.
#pragma once
#include <atomic>
#include <functional>

#include "vmm/bus.h"
#include "vmm/kvm.h"

namespace tshyve::vmm {

struct VcpuLoopContext {
  Bus* pio = nullptr;
  Bus* mmio = nullptr;
  std::atomic<bool>* stop = nullptr;
  std::function<void(int status)> request_exit;  // any thread; first status wins
  std::atomic<uint64_t>* exits = nullptr;        // statistics: userspace exits
};

// Signal used to kick a vCPU thread out of KVM_RUN (a no-op handler is installed once).
int vcpu_kick_signal();
void install_vcpu_kick_handler();

// vCPU thread body; never throws.
void run_vcpu_loop(KvmVcpu& vcpu, const VcpuLoopContext& ctx) noexcept;

}  // namespace tshyve::vmm
