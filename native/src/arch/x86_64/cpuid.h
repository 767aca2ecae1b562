// Guest CPUID built only from KVM_GET_SUPPORTED_CPUID (Linux api.rst 4.46), with per-vCPU APIC IDs
// and the sockets/cores/threads topology in leaves 1, 4 and 0xB (Intel SDM vol 2A, CPUID).
#pragma once
#include "vmm/kvm_uapi.h"

#include <cstdint>
#include <vector>

namespace tshyve::arch::x86_64 {

struct CpuTopology {
  uint32_t sockets = 1, cores = 1, threads = 1;
};

// APIC ID of vCPU `index`: thread, core and socket fields packed with power-of-two widths.
uint32_t apic_id_for(uint32_t index, const CpuTopology& topo);

std::vector<kvm_cpuid_entry2> build_cpuid(const std::vector<kvm_cpuid_entry2>& supported, uint32_t vcpu_index, const CpuTopology& topo,
                                          bool tsc_deadline);

}  // namespace tshyve::arch::x86_64
