// How the boot vCPU starts: at the firmware reset vector (real mode), in 32-bit flat protected
// mode (PVH, Xen start_info.h), or in 64-bit long mode (Linux boot.rst "64-bit Boot Protocol").
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>

namespace tshyve::vmm {
class KvmVcpu;
class GuestMemoryView;
}  // namespace tshyve::vmm

namespace tshyve::arch::x86_64 {

enum class EntryMode { kResetVector, kProtected32, kLong64 };

struct BootEntry {
  EntryMode mode = EntryMode::kResetVector;
  uint64_t rip = 0;
  uint64_t rsi = 0;  // Linux 64-bit: zero page
  uint64_t rbx = 0;  // PVH: hvm_start_info
};

class BootError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Writes the boot GDT (and page tables for long mode) into guest memory and sets the BSP's
// registers. Throws BootError/KvmError. Reset-vector entry leaves KVM's reset state untouched.
void apply_boot_entry(vmm::KvmVcpu& vcpu, vmm::GuestMemoryView& mem, const BootEntry& entry);

}  // namespace tshyve::arch::x86_64
