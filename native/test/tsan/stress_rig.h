// The device side of one VM as machine/vm.cc wires it, without KVM: guest RAM, the PC platform
// (CMOS, ACPI PM, PCI root with CF8/CFC and ECAM, fw_cfg), COM1/COM3 on a shared IRQ 4, the i8042,
// and virtio-pci functions from the real builder (blk on a temp file, net on a tap, rng) with their loop.
#pragma once
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "devices/legacy/i8042.h"
#include "devices/legacy/uart_16550.h"
#include "devices/pci/pci_bar_window.h"
#include "devices/pci/pci_root.h"
#include "devices/virtio/virtio_builder.h"
#include "machine/platform.h"
#include "vmm/bus.h"
#include "vmm/event_loop.h"
#include "vmm/guest_memory.h"
#include "vmm/msi_routing.h"
#include "vmm/shared_irq_line.h"

namespace stress {

using namespace tshyve;

// PC port map (as machine/vm.cc and the platform place them).
constexpr uint16_t kCom1 = 0x3f8, kCom3 = 0x3e8, kI8042 = 0x60, kCmos = 0x70, kPciCf8 = 0xcf8, kFwCfg = 0x510;
constexpr uint64_t kRamBytes = 128ull << 20;
constexpr uint8_t kBlkSlot = 3, kNetSlot = 4, kRngSlot = 5, kConsoleSlot = 6;

// An interrupt line as KVM's: any thread may raise or lower it; it only counts edges.
struct CountingLine : vmm::InterruptLine {
  std::atomic<bool> level{false};
  std::atomic<uint64_t> raises{0};
  void set_level(bool high) override {
    if (high && !level.exchange(true)) raises.fetch_add(1, std::memory_order_relaxed);
    if (!high) level.store(false);
  }
};

struct RigOptions {
  std::string disk_path;
  std::string tap;  // empty: no virtio-net
  std::string console_socket;
};

class Rig {
 public:
  vmm::GuestMemory memory;
  uint8_t* ram = nullptr;
  vmm::Bus pio{"pio"}, mmio{"mmio"};
  machine::Platform platform;
  std::vector<std::shared_ptr<CountingLine>> irqs;  // by GSI
  std::shared_ptr<devices::Uart16550> com1, com3;
  // The machine's PCI infrastructure, as machine/vm.cc owns it (declared before the devices using it).
  std::unique_ptr<vmm::MsiRouter> router = std::make_unique<vmm::MsiRouter>(-1);
  std::unique_ptr<vmm::EventLoop> loop = std::make_unique<vmm::EventLoop>();
  std::shared_ptr<devices::PciBarWindow> window;
  std::unique_ptr<devices::virtio::VirtioDevices> virtio;
  std::atomic<uint64_t> uart_out_bytes{0}, resets_requested{0}, poweroffs{0};

  explicit Rig(const RigOptions& o) {
    using vmm::BusKind;
    ram = memory.add_anonymous(0, kRamBytes);
    for (uint32_t g = 0; g < 64; ++g) irqs.push_back(std::make_shared<CountingLine>());
    auto irq = [this](uint32_t gsi) -> std::shared_ptr<vmm::InterruptLine> { return irqs.at(gsi); };
    auto place = [this](BusKind kind, uint64_t base, uint64_t len, std::shared_ptr<vmm::BusDevice> dev, const std::string& name) {
      if (!(kind == BusKind::kPio ? pio : mmio).insert(base, len, std::move(dev), name)) throw std::runtime_error(name + " overlaps");
    };
    auto line4 = std::make_shared<vmm::SharedIrqLine>(irq(4));
    auto sink = [this](const uint8_t*, size_t n) { uart_out_bytes.fetch_add(n, std::memory_order_relaxed); };
    com1 = std::make_shared<devices::Uart16550>(line4->add_source(), sink);
    com3 = std::make_shared<devices::Uart16550>(line4->add_source(), sink);
    place(BusKind::kPio, kCom1, 8, com1, "com1");
    place(BusKind::kPio, kCom3, 8, com3, "com3");
    place(BusKind::kPio, kI8042, 5, std::make_shared<devices::I8042>([this] { resets_requested.fetch_add(1); }), "i8042");

    machine::PlatformConfig pc;
    pc.vcpus = 2;
    pc.low_ram_bytes = kRamBytes;
    pc.enabled_com_ports = {1, 3};
    pc.acpi_in_guest_memory = false;  // the drivers own all of RAM
    machine::PlatformEvents events;
    events.poweroff = [this] { poweroffs.fetch_add(1); };
    events.reset = [this] { resets_requested.fetch_add(1); };
    platform = machine::build_platform(pc, memory, irq, events);
    for (auto& d : platform.devices) place(d.bus, d.base, d.length, d.device, d.name);

    devices::virtio::VirtioBuildInputs in;
    devices::virtio::DiskConfig disk;
    disk.pci.slot = kBlkSlot;
    disk.path = o.disk_path;
    disk.serial = "tsan-stress";
    in.disks.push_back(disk);
    if (!o.tap.empty()) {
      devices::virtio::NicConfig nic;
      nic.pci.slot = kNetSlot;
      nic.tap = o.tap;
      nic.mac = {0x52, 0x54, 0x00, 0x75, 0x5a, 0x01};
      in.nics.push_back(nic);
    }
    devices::virtio::RngConfig rng;
    rng.pci.slot = kRngSlot;
    rng.bytes_per_second = 4 << 20;
    in.rng.push_back(rng);
    devices::virtio::ConsoleConfig console;
    console.pci.slot = kConsoleSlot;
    console.ports.push_back({"stress", o.console_socket});
    in.consoles.push_back(console);
    in.memory = &memory;
    in.pci = platform.pci.get();
    in.irq = irq;
    window = std::make_shared<devices::PciBarWindow>(platform.pci_mmio32_base, platform.pci_mmio32_end);
    in.window = window.get();
    in.router = router.get();
    in.loop = loop.get();
    in.preassign_bars = true;
    virtio = std::make_unique<devices::virtio::VirtioDevices>(in);
    place(BusKind::kMmio, window->base(), window->end() - window->base(), window, "pci-mmio32");
  }
  ~Rig() {
    loop->stop();
    virtio->stop();
  }

  // vCPU-thread accesses, as the exit handlers dispatch them.
  uint32_t pio_read(uint16_t port, uint32_t size) {
    uint32_t v = 0;
    pio.read(port, reinterpret_cast<uint8_t*>(&v), size);
    return v;
  }
  void pio_write(uint16_t port, uint32_t size, uint32_t v) { pio.write(port, reinterpret_cast<uint8_t*>(&v), size); }
  uint32_t mmio_read(uint64_t gpa, uint32_t size) {
    uint32_t v = 0;
    mmio.read(gpa, reinterpret_cast<uint8_t*>(&v), size);
    return v;
  }
  void mmio_write(uint64_t gpa, uint32_t size, uint32_t v) { mmio.write(gpa, reinterpret_cast<uint8_t*>(&v), size); }
  // PCIe ECAM (bus 0): what a driver uses without the CF8 latch.
  static uint64_t ecam(uint8_t slot, uint32_t reg) { return machine::kPlatformEcamBase | (uint64_t{slot} << 15) | reg; }
  uint32_t cfg_read(uint8_t slot, uint32_t reg, uint32_t size) { return mmio_read(ecam(slot, reg), size); }
  void cfg_write(uint8_t slot, uint32_t reg, uint32_t size, uint32_t v) { mmio_write(ecam(slot, reg), size, v); }
  // The offset of capability `id` in a function's list (0 if absent), walked as a driver does.
  uint8_t find_capability(uint8_t slot, uint8_t id) {
    uint8_t at = static_cast<uint8_t>(cfg_read(slot, devices::pci_reg::kCapabilitiesPtr, 1));
    for (int hops = 0; at && hops < 48; ++hops) {
      if (cfg_read(slot, at, 1) == id) return at;
      at = static_cast<uint8_t>(cfg_read(slot, at + 1u, 1));
    }
    return 0;
  }
  // The builder adds disks, then NICs, then rng and console devices, in that order.
  std::shared_ptr<devices::virtio::VirtioPciFunction> blk() { return virtio->functions().front(); }
  std::shared_ptr<devices::virtio::VirtioPciFunction> net() { return virtio->size() == 4 ? virtio->functions()[1] : nullptr; }
  std::shared_ptr<devices::virtio::VirtioPciFunction> rng() { return virtio->functions()[virtio->size() - 2]; }
  std::shared_ptr<devices::virtio::VirtioPciFunction> console() { return virtio->functions().back(); }
  uint64_t bar0(uint8_t slot) { return cfg_read(slot, devices::pci_reg::kBar0, 4) & ~0xfull; }
};

}  // namespace stress
