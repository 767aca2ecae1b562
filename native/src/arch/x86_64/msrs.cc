// Boot MSRs: SYSENTER/SYSCALL state zeroed, TSC at 0, fast-string enable in IA32_MISC_ENABLE,
// MTRRs enabled with write-back default type.
#include "arch/x86_64/msrs.h"

#include <algorithm>

namespace tshyve::arch::x86_64 {

namespace {
constexpr uint32_t kMsrIa32Tsc = 0x10;
constexpr uint32_t kMsrSysenterCs = 0x174, kMsrSysenterEsp = 0x175, kMsrSysenterEip = 0x176;
constexpr uint32_t kMsrMiscEnable = 0x1a0;
constexpr uint64_t kMiscEnableFastString = 1;
constexpr uint32_t kMsrMtrrDefType = 0x2ff;
constexpr uint64_t kMtrrEnable = 1u << 11, kMtrrTypeWb = 6;
constexpr uint32_t kMsrStar = 0xc0000081, kMsrLstar = 0xc0000082, kMsrCstar = 0xc0000083, kMsrSyscallMask = 0xc0000084,
                   kMsrKernelGsBase = 0xc0000102;
}  // namespace

std::vector<std::pair<uint32_t, uint64_t>> boot_msrs(const std::vector<uint32_t>& supported) {
  const std::pair<uint32_t, uint64_t> wanted[] = {
      {kMsrSysenterCs, 0},
      {kMsrSysenterEsp, 0},
      {kMsrSysenterEip, 0},
      {kMsrStar, 0},
      {kMsrCstar, 0},
      {kMsrKernelGsBase, 0},
      {kMsrSyscallMask, 0},
      {kMsrLstar, 0},
      {kMsrIa32Tsc, 0},
      {kMsrMiscEnable, kMiscEnableFastString},
      {kMsrMtrrDefType, kMtrrEnable | kMtrrTypeWb},
  };
  std::vector<std::pair<uint32_t, uint64_t>> out;
  for (auto& w : wanted)
    if (std::find(supported.begin(), supported.end(), w.first) != supported.end()) out.push_back(w);
  return out;
}

}  // namespace tshyve::arch::x86_64
