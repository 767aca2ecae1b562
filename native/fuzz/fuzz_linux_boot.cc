// libFuzzer target: the Linux loaders over hostile kernel images: format detection, the bzImage
// setup header (Documentation/arch/x86/boot.rst) and the ELF program headers and PVH note (Xen
// start_info.h), with initrd and command line, into guarded guest RAM. BootError is the expected
// refusal (setup time); anything else is a finding.
#include <exception>

#include "arch/x86_64/e820.h"
#include "arch/x86_64/linux_boot.h"
#include "fuzz_support.h"

using namespace tshyve::arch::x86_64;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  constexpr uint64_t kRamSize = 4ull << 20;
  static fuzz::GuardedMemory* mem = new fuzz::GuardedMemory(kRamSize);
  FuzzedDataProvider in(data, size);
  mem->clear();
  const auto initrd = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(0, 4096));
  const std::string cmdline = in.ConsumeRandomLengthString(300);
  const bool as_elf = in.ConsumeBool();
  std::vector<uint8_t> kernel = in.ConsumeRemainingBytes<uint8_t>();
  LinuxBootInputs inputs;
  inputs.kernel = &kernel;
  inputs.initrd = &initrd;
  inputs.cmdline = cmdline;
  inputs.e820 = default_e820(kRamSize, 0);
  inputs.rsdp_gpa = 0xe0000;
  try {
    (void)detect_kernel_format(kernel);
    if (as_elf)
      (void)load_pvh_elf(*mem, inputs);
    else
      (void)load_bzimage(*mem, inputs);
  } catch (const BootError&) {
  }
  return 0;
}
