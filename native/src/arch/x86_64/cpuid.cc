// CPUID adjustment: keep the host KVM's supported features, set APIC IDs, topology leaves, the
// hypervisor bit (leaf 1 ECX[31]) and hide features this VMM does not provide.
#include "arch/x86_64/cpuid.h"

namespace tshyve::arch::x86_64 {

namespace {
uint32_t bits_for(uint32_t n) {
  uint32_t b = 0;
  while ((1u << b) < n) ++b;
  return b;
}
constexpr uint32_t kLeaf1EcxTscDeadline = 1u << 24;  // Intel SDM CPUID.01H:ECX[24]
constexpr uint32_t kLeaf1EcxHypervisor = 1u << 31;
constexpr uint32_t kLeaf1EdxHtt = 1u << 28;
constexpr uint32_t kLeaf6EcxHwFeedback = 1u << 0;  // keep leaf 6 minimal: no APERF/MPERF (MSRs absent)
}  // namespace

uint32_t apic_id_for(uint32_t index, const CpuTopology& t) {
  uint32_t tb = bits_for(t.threads), cb = bits_for(t.cores);
  uint32_t thread = index % t.threads, core = (index / t.threads) % t.cores, socket = index / (t.threads * t.cores);
  return (socket << (tb + cb)) | (core << tb) | thread;
}

std::vector<kvm_cpuid_entry2> build_cpuid(const std::vector<kvm_cpuid_entry2>& supported, uint32_t idx, const CpuTopology& t,
                                          bool tsc_deadline) {
  const uint32_t apic = apic_id_for(idx, t);
  const uint32_t tb = bits_for(t.threads), cb = bits_for(t.cores);
  const uint32_t per_socket = t.threads * t.cores;
  std::vector<kvm_cpuid_entry2> out;
  for (kvm_cpuid_entry2 e : supported) {
    switch (e.function) {
      case 1:
        e.ebx = (e.ebx & 0x0000ffff) | (apic << 24) | ((per_socket & 0xff) << 16);
        e.ecx |= kLeaf1EcxHypervisor;
        if (!tsc_deadline) e.ecx &= ~kLeaf1EcxTscDeadline;
        if (per_socket > 1) e.edx |= kLeaf1EdxHtt;
        break;
      case 4:
        // EAX[31:26] = cores per package - 1; EAX[25:14] = threads sharing this cache - 1.
        if ((e.eax & 0x1f) != 0) {
          uint32_t level = (e.eax >> 5) & 7;
          uint32_t sharing = level >= 3 ? per_socket : t.threads;
          e.eax = (e.eax & 0x3fff) | ((sharing - 1) << 14) | ((t.cores - 1) << 26);
        }
        break;
      case 6: e.ecx &= ~kLeaf6EcxHwFeedback; break;
      case 0xb:
      case 0x1f:
        // Extended topology: subleaf 0 = SMT level, subleaf 1 = core level (SDM CPUID.0BH).
        if (e.index == 0) {
          e.eax = tb;
          e.ebx = t.threads;
          e.ecx = (1u << 8) | 0;
        } else if (e.index == 1) {
          e.eax = tb + cb;
          e.ebx = per_socket;
          e.ecx = (2u << 8) | 1;
        } else {
          e.eax = 0;
          e.ebx = 0;
          e.ecx = e.index;
        }
        e.edx = apic;
        break;
      default: break;
    }
    out.push_back(e);
  }
  return out;
}

}  // namespace tshyve::arch::x86_64
