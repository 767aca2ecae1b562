// Tests build_platform: the placements it returns, the e820 maps, ACPI tables written at 0xE0000
// for direct boot, fw_cfg files for SeaBIOS, power button and S5/reset events.
#include "arch/x86_64/fw_cfg.h"
#include "devices/pci/pci_root.h"
#include "machine/platform.h"
#include "platform_test_support.h"

#include <map>
#include <string>

using namespace tshyve::arch::x86_64;
using namespace tshyve::machine;
using platform_test::bus_read;
using platform_test::bus_write;
using tshyve::vmm::BusKind;

int main() {
  platform_test::FakeMemory mem(0, 2 << 20);  // first 2 MiB of RAM
  auto sci = std::make_shared<platform_test::FakeIrq>();
  int poweroffs = 0, resets = 0;
  PlatformConfig cfg;
  cfg.vcpus = 2;
  cfg.cores = 2;
  cfg.low_ram_bytes = 1ull << 30;
  cfg.high_ram_bytes = 2ull << 30;
  cfg.enabled_com_ports = {1};
  cfg.boot_order = {"/pci@i0cf8/*@3", "HALT"};
  cfg.wall_clock_seconds = [] { return int64_t{0}; };
  cfg.monotonic_ns = [] { return uint64_t{0}; };
  PlatformEvents ev;
  ev.poweroff = [&] { ++poweroffs; };
  ev.reset = [&] { ++resets; };
  uint32_t sci_irq = 0;
  Platform p = build_platform(
      cfg, mem,
      [&](uint32_t n) {
        sci_irq = n;
        return sci;
      },
      ev);

  std::map<std::string, const tshyve::vmm::DevicePlacement*> by_name;
  for (const auto& d : p.devices) by_name[d.name] = &d;
  struct Want {
    const char* name;
    BusKind bus;
    uint64_t base, length;
  };
  const Want want[] = {{"cmos", BusKind::kPio, 0x70, 2},        {"acpi-pm", BusKind::kPio, 0x600, 0x80},
                       {"pci-cf8", BusKind::kPio, 0xcf8, 8},    {"fw_cfg", BusKind::kPio, 0x510, 2},
                       {"fw_cfg-dma", BusKind::kPio, 0x514, 8}, {"pci-ecam", BusKind::kMmio, 0xb0000000, 256u << 20}};
  for (const auto& w : want) {
    auto it = by_name.find(w.name);
    PT_CHECK(it != by_name.end());
    if (it == by_name.end()) continue;
    PT_CHECK(it->second->bus == w.bus);
    PT_CHECK_EQ(it->second->base, w.base);
    PT_CHECK_EQ(it->second->length, w.length);
    PT_CHECK(it->second->device != nullptr);
  }
  PT_CHECK_EQ(sci_irq, 9u);

  // e820 for direct boot.
  PT_CHECK_EQ(p.e820.size(), 5u);
  if (p.e820.size() == 5) {
    PT_CHECK_EQ(p.e820[0].size, 0x9fc00u);
    PT_CHECK_EQ(p.e820[1].addr, 0x9fc00u);
    PT_CHECK_EQ(p.e820[1].type, 2u);
    PT_CHECK_EQ(p.e820[2].addr, 0x100000u);
    PT_CHECK_EQ(p.e820[2].size, (1ull << 30) - 0x100000);
    PT_CHECK_EQ(p.e820[3].addr, 0xb0000000u);
    PT_CHECK_EQ(p.e820[3].type, 2u);
    PT_CHECK_EQ(p.e820[4].addr, 1ull << 32);
    PT_CHECK_EQ(p.e820[4].size, 2ull << 30);
  }

  // ACPI tables in guest memory: RSDP at 0xE0000 with valid checksums.
  PT_CHECK_EQ(p.rsdp_gpa, 0xe0000u);
  const uint8_t* rsdp = mem.translate(0xe0000, 36);
  PT_CHECK(rsdp && std::memcmp(rsdp, "RSD PTR ", 8) == 0);
  if (rsdp) PT_CHECK_EQ(platform_test::sum(rsdp, 36), 0u);

  // fw_cfg files for SeaBIOS.
  PT_CHECK(p.fw_cfg != nullptr);
  if (p.fw_cfg) {
    for (const char* f : {"etc/e820", "bootorder", "etc/acpi/tables", "etc/acpi/rsdp", "etc/table-loader"}) PT_CHECK(p.fw_cfg->has_file(f));
    const auto e820 = p.fw_cfg->file("etc/e820");
    PT_CHECK_EQ(e820.size(), 2u * 20);
    PT_CHECK_EQ(platform_test::le(e820, 8, 8), 1ull << 30);
    const auto order = p.fw_cfg->file("bootorder");
    PT_CHECK(std::string(order.begin(), order.end()) == std::string("/pci@i0cf8/*@3\nHALT\0", 20));
    // NB_CPUS through the ports.
    auto io = by_name["fw_cfg"]->device;
    bus_write(*io, 0, 2, fw_cfg_key::kNbCpus);
    PT_CHECK_EQ(bus_read(*io, 1, 1), 2u);
  }
  // CMOS reports the CPU count and memory; PCI finds the bridges.
  auto cmos = by_name["cmos"]->device;
  bus_write(*cmos, 0, 1, 0x5f);
  PT_CHECK_EQ(bus_read(*cmos, 1, 1), 1u);
  auto cf8 = by_name["pci-cf8"]->device;
  bus_write(*cf8, 0, 4, 0x80000000u | (31u << 11));
  PT_CHECK_EQ(bus_read(*cf8, 4, 4), 0x29188086u);
  PT_CHECK(p.pci != nullptr && p.pci->free_slot() == 1);

  // Power button -> SCI once enabled; S5 -> poweroff; CF9 -> reset.
  auto pm = by_name["acpi-pm"]->device;
  bus_write(*pm, 2, 2, 0x100);
  p.press_power_button();
  PT_CHECK(sci->level);
  bus_write(*pm, 4, 2, 0x2000);
  PT_CHECK_EQ(poweroffs, 1);
  bus_write(*cf8, 1, 1, 0x06);
  PT_CHECK_EQ(resets, 1);

  // Firmware boot: the BIOS area already holds the ROM alias; tables are not written over it.
  platform_test::FakeMemory mem2(0, 2 << 20);
  mem2.bytes()[0xfff00] = 0xea;
  Platform p2 = build_platform(cfg, mem2, nullptr, ev);
  PT_CHECK_EQ(p2.rsdp_gpa, 0u);
  PT_CHECK(p2.fw_cfg && p2.fw_cfg->has_file("etc/table-loader"));
  // Low RAM larger than the ECAM base is clipped in the maps.
  PT_CHECK_EQ(platform_e820(3ull << 30, 0)[2].size, 0xb0000000ull - 0x100000);
  return platform_test::finish("test_platform");
}
