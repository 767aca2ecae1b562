// Weak stand-in for build_platform (platform.h) so the VMM links before the real PC platform
// exists: no devices, the default e820 map, no ACPI. The colleague's strong definition wins.
#include "arch/x86_64/e820.h"
#include "arch/x86_64/platform.h"

namespace tshyve::arch::x86_64 {

__attribute__((weak)) Platform build_platform(const PlatformConfig& config, vmm::GuestMemoryView&,
                                              const std::function<std::shared_ptr<vmm::InterruptLine>(uint32_t)>&,
                                              const PlatformEvents&) {
  Platform p;
  p.e820 = default_e820(config.low_ram_bytes, config.high_ram_bytes);
  return p;
}

}  // namespace tshyve::arch::x86_64
