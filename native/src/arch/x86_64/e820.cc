// Default e820 map; the platform (ACPI builder) may refine it with its own table reservations.
#include "arch/x86_64/e820.h"

#include "arch/x86_64/layout.h"

namespace tshyve::arch::x86_64 {

std::vector<E820Entry> default_e820(uint64_t low, uint64_t high) {
  std::vector<E820Entry> m;
  m.push_back({0, kEbdaStart, kE820Ram});
  m.push_back({kEbdaStart, kVgaHoleStart - kEbdaStart, kE820Reserved});
  m.push_back({kBiosAreaStart, kHighMemStart - kBiosAreaStart, kE820Reserved});
  if (low > kHighMemStart) m.push_back({kHighMemStart, low - kHighMemStart, kE820Ram});
  if (high) m.push_back({kFourGiB, high, kE820Ram});
  return m;
}

}  // namespace tshyve::arch::x86_64
