// libFuzzer target: the whole legacy platform as the vCPU loop sees it: port I/O and MMIO through
// the real buses to CMOS/RTC, ACPI PM, the PCI host (CF8/CFC, ECAM), fw_cfg, two 16550 UARTs,
// the i8042, port 92 and the debug console, plus a virtio function behind the PCI MMIO window.
#include "arch/x86_64/fw_cfg.h"
#include "devices/legacy/debug_console.h"
#include "devices/legacy/i8042.h"
#include "devices/legacy/system_control_port_a.h"
#include "devices/legacy/uart_16550.h"
#include "devices/pci/pci_bar_window.h"
#include "devices/pci/pci_root.h"
#include "devices/virtio/virtio_rng.h"
#include "fuzz_support.h"
#include "machine/platform.h"
#include "vmm/bus.h"

using namespace tshyve;
using namespace tshyve::arch::x86_64;
using namespace tshyve::machine;

namespace {
struct Line : vmm::InterruptLine {
  void set_level(bool) override {}
};

// Bases a guest is likely to poke, so most accesses land on a device (the rest go anywhere).
constexpr uint64_t kPioBases[] = {0x70, 0x60, 0x64, 0x92, 0x3f8, 0x2f8, 0x402, 0x510, 0x514, 0x600, 0xcf8, 0xcf9, 0xcfc};
constexpr uint64_t kMmioBases[] = {kPlatformEcamBase, kPlatformEcamBase + (3u << 15), kPlatformPciMmio32Base};
}  // namespace

// Built once per run (a VM's platform lives as long as the VM; rebuilding it per input costs ~2 ms).
struct Rig {
  fuzz::GuardedMemory mem_{2ull << 20};
  fuzz::GuardedMemory* mem = &mem_;
  uint64_t clock = 0;
  Platform p;
  vmm::Bus pio{"pio"}, mmio{"mmio"};
  Rig() {
    PlatformConfig cfg;
    cfg.vcpus = 1;
    cfg.low_ram_bytes = mem->size();
    cfg.enabled_com_ports = {1, 2};
    cfg.wall_clock_seconds = [] { return int64_t{1700000000}; };
    cfg.monotonic_ns = [this] { return clock; };
    PlatformEvents ev;
    ev.poweroff = [] {};
    ev.reset = [] {};
    p = build_platform(
        cfg, *mem, [](uint32_t) { return std::make_shared<Line>(); }, ev);
    for (const auto& d : p.devices) (d.bus == vmm::BusKind::kPio ? pio : mmio).insert(d.base, d.length, d.device, d.name);
    auto sink = [](const uint8_t*, size_t) {};
    pio.insert(0x3f8, 8, std::make_shared<devices::Uart16550>(std::make_shared<Line>(), sink), "com1");
    pio.insert(0x2f8, 8, std::make_shared<devices::Uart16550>(std::make_shared<Line>(), sink), "com2");
    pio.insert(0x60, 5, std::make_shared<devices::I8042>([] {}), "i8042");
    pio.insert(0x92, 1, std::make_shared<devices::SystemControlPortA>([] {}), "port92");
    pio.insert(0x402, 1, std::make_shared<devices::DebugConsole>(sink), "debug");
    auto rng = std::make_shared<devices::virtio::VirtioPciFunction>(
        std::make_shared<devices::virtio::VirtioRng>(devices::virtio::RngConfig{}), *mem, devices::virtio::VirtioPciOptions{});
    p.pci->add_function(3, 0, rng);
    auto window = std::make_shared<devices::PciBarWindow>(kPlatformPciMmio32Base, kPlatformPciMmio32End);
    window->add(rng);
    mmio.insert(kPlatformPciMmio32Base, kPlatformPciMmio32End - kPlatformPciMmio32Base, window, "pci-mmio32");
  }
};

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();
  auto& pio = rig->pio;
  auto& mmio = rig->mmio;
  auto& p = rig->p;
  auto& clock = rig->clock;
  FuzzedDataProvider in(data, size);
  while (in.remaining_bytes() > 0) {
    const uint32_t n = 1u << in.ConsumeIntegralInRange<int>(0, 2);
    uint8_t b[4];
    const uint32_t v = in.ConsumeIntegral<uint32_t>();
    std::memcpy(b, &v, 4);
    const bool write = in.ConsumeBool();
    switch (in.ConsumeIntegralInRange<int>(0, 4)) {
      case 0:
      case 1: {
        const uint64_t a = in.PickValueInArray(kPioBases) + in.ConsumeIntegralInRange<uint64_t>(0, 7);
        write ? pio.write(a, b, n) : pio.read(a, b, n);
        break;
      }
      case 2: {
        const uint64_t a = in.PickValueInArray(kMmioBases) + in.ConsumeIntegralInRange<uint64_t>(0, 0x8fff);
        write ? mmio.write(a, b, n) : mmio.read(a, b, n);
        break;
      }
      case 3: {
        const uint64_t a = in.ConsumeIntegral<uint64_t>();
        write ? (in.ConsumeBool() ? pio : mmio).write(a, b, n) : (in.ConsumeBool() ? pio : mmio).read(a, b, n);
        break;
      }
      case 4:
        if (in.ConsumeBool()) p.press_power_button();
        clock += in.ConsumeIntegralInRange<uint64_t>(0, 2000000000ull);  // time passes for the RTC
        break;
    }
  }
  return 0;
}
