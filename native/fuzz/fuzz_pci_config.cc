// libFuzzer target: the PCI configuration paths: mechanism #1 (ports 0xCF8-0xCFF, PCI 3.0
// §3.2.2.3.2), ECAM (PCIe 4.0 §7.2.2), each function's config space (BAR sizing and placement,
// capabilities, the virtio pci_cfg window §4.1.4.9, MSI-X control) and the BAR MMIO window.
#include "devices/pci/host_bridge.h"
#include "devices/pci/pci_bar_window.h"
#include "devices/pci/pci_root.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_rng.h"
#include "fuzz_support.h"

using namespace tshyve::devices;
using namespace tshyve::devices::virtio;

namespace {
constexpr uint64_t kWindowBase = 0xc0000000, kWindowSize = 0x10000000;  // layout.h's 32-bit MMIO hole
struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  tshyve::vmm::MsiRouter router{-1};
  std::shared_ptr<PciRoot> root = std::make_shared<PciRoot>();
  std::shared_ptr<PciBarWindow> window = std::make_shared<PciBarWindow>(kWindowBase, kWindowBase + kWindowSize);
  std::shared_ptr<tshyve::vmm::BusDevice> io, ecam;
  Rig() {
    root->add_function(0, 0, std::make_shared<HostBridge>());
    auto rng =
        std::make_shared<VirtioPciFunction>(std::make_shared<VirtioRng>(RngConfig{}), mem, VirtioPciOptions{-1, &router, nullptr, 3, 0});
    ConsoleConfig cc;
    cc.ports.push_back({"p0", ""});
    auto con = std::make_shared<VirtioPciFunction>(std::make_shared<VirtioConsole>(cc), mem, VirtioPciOptions{-1, &router, nullptr, 4, 0});
    root->add_function(3, 0, rng);
    root->add_function(4, 0, con);
    window->add(rng);
    window->add(con);
    io = root->io_device();
    ecam = root->ecam_device();
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();
  FuzzedDataProvider in(data, size);
  while (in.remaining_bytes() > 0) {
    const uint32_t n = 1u << in.ConsumeIntegralInRange<int>(0, 2);
    uint8_t b[4] = {};
    const uint32_t v = in.ConsumeIntegral<uint32_t>();
    std::memcpy(b, &v, 4);
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: rig->io->write(in.ConsumeIntegralInRange<uint64_t>(0, 7), b, n); break;
      case 1: rig->io->read(in.ConsumeIntegralInRange<uint64_t>(0, 7), b, n); break;
      case 2: {  // a config address for bus 0, the functions present, any register
        const uint32_t slot = in.PickValueInArray({0u, 3u, 4u, in.ConsumeIntegralInRange<uint32_t>(0, 31)});
        const uint32_t reg = in.ConsumeIntegralInRange<uint32_t>(0, 0xff) & ~3u;
        const uint32_t addr = 0x80000000u | (slot << 11) | reg;
        uint8_t a[4];
        std::memcpy(a, &addr, 4);
        rig->io->write(0, a, 4);
        break;
      }
      case 3: {
        const uint64_t off = (uint64_t{in.PickValueInArray({0u, 3u, 4u, 5u})} << 15) | in.ConsumeIntegralInRange<uint64_t>(0, 0xfff);
        if (in.ConsumeBool())
          rig->ecam->write(off, b, n);
        else
          rig->ecam->read(off, b, n);
        break;
      }
      case 4:
      case 5: {  // MMIO near where BARs are usually placed, or anywhere in the window
        uint64_t off =
            in.ConsumeBool() ? in.ConsumeIntegralInRange<uint64_t>(0, 0x20000) : in.ConsumeIntegralInRange<uint64_t>(0, kWindowSize - 4);
        if (in.ConsumeBool())
          rig->window->write(off, b, n);
        else
          rig->window->read(off, b, n);
        break;
      }
      case 6: {  // direct ECAM-style write of a BAR or the command register, to place and enable BARs
        const uint64_t fn = uint64_t{in.PickValueInArray({3u, 4u})} << 15;
        const uint32_t reg = in.PickValueInArray({0x04u, 0x10u, 0x14u, 0x30u});
        uint32_t val = reg == 0x04 ? 0x6 : static_cast<uint32_t>(kWindowBase + (in.ConsumeIntegralInRange<uint32_t>(0, 4) << 15));
        std::memcpy(b, &val, 4);
        rig->ecam->write(fn | reg, b, 4);
        break;
      }
    }
  }
  return 0;
}
