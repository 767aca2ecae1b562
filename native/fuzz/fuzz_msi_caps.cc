// libFuzzer target: the MSI-X (PCI 3.0 §6.8.2) and MSI (§6.8.1) capabilities on their own, with
// any config write, table/PBA access at any offset and width, and signals, checking their invariants.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdlib>
#include <cstring>

#include "devices/pci/msi.h"
#include "devices/pci/msix.h"

using namespace tshyve::devices;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzedDataProvider in(data, size);
  tshyve::vmm::MsiRouter router(-1);
  const uint16_t vectors = in.ConsumeIntegralInRange<uint16_t>(0, 300);
  PciConfigSpace config;
  MsixCapability msix(vectors, in.ConsumeBool() ? &router : nullptr);
  MsiCapability msi(&router, in.ConsumeBool());
  const uint8_t x = msix.add_to(config, 0, 0x2000, 0x3000);
  const uint8_t m = msi.add_to(config);
  if (!x || !m) std::abort();
  while (in.remaining_bytes() > 0) {
    uint8_t b[8] = {};
    const uint64_t v = in.ConsumeIntegral<uint64_t>();
    std::memcpy(b, &v, 8);
    const uint32_t n = in.PickValueInArray({1u, 2u, 4u, 8u});
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: {
        const uint32_t off = in.ConsumeIntegralInRange<uint32_t>(0x40, 0xff);
        const uint32_t len = n > 4 ? 4 : n;
        config.write(off, len, static_cast<uint32_t>(v));
        msix.config_written(config, off, len);
        msi.config_written(config, off, len);
        break;
      }
      case 1: msix.table_write(in.ConsumeIntegral<uint64_t>() % 0x1400, b, n); break;
      case 2: msix.table_read(in.ConsumeIntegral<uint64_t>(), b, n); break;
      case 3: msix.pba_read(in.ConsumeIntegral<uint64_t>(), b, n); break;
      case 4: {
        const uint16_t vec = in.ConsumeIntegral<uint16_t>();
        if (msix.signal(vec) && (!msix.enabled() || vec >= msix.vectors())) std::abort();
        break;
      }
      case 5:
        if (msi.signal() && !msi.enabled()) std::abort();
        break;
      case 6: msi.config_reading(config, m + 0x14, 4); break;
    }
    // The table size is fixed at setup, whatever the guest writes.
    if (msix.vectors() != (vectors == 0 ? 1 : vectors)) std::abort();
  }
  return 0;
}
