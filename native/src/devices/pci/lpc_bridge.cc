// The LPC/ISA bridge at 00:1F.0, modelled on the Intel ICH9 LPC interface (ICH9 datasheet §13.1)
// with QEMU's q35 identity; the registers SeaBIOS programs (pciinit.c mch_isa_lpc_setup) are stored.
#include "devices/pci/lpc_bridge.h"

#include "devices/pci/host_bridge.h"

namespace tshyve::devices {

namespace {
constexpr uint32_t kClassIsaBridge = 0x060100;  // bridge/ISA
constexpr uint8_t kRevision = 0x02;
constexpr uint32_t kPmbaseRte = 0x1;               // PMBASE bit 0: resource type I/O, read-only 1
constexpr uint32_t kPmbaseWritable = 0x0000ff80u;  // 128-byte aligned I/O base, §13.1.13
constexpr uint8_t kPirqRouteReset = 0x80;          // IRQEN set = not routed, §13.1.16
}  // namespace

LpcBridge::LpcBridge(uint16_t pm_base) {
  config_.set_identity(kIntelVendorId, kIch9LpcDeviceId, kClassIsaBridge, kRevision, kQemuSubsystemVendorId, kQemuSubsystemId);
  // Multi-function bit: Q35 has SMBus/SATA at 00:1f.x; scanners must probe the other functions.
  config_.set_header_type(0x80);
  config_.set_u32(kIch9PmbaseReg, (pm_base & kPmbaseWritable) | kPmbaseRte, kPmbaseWritable);
  config_.set_u8(kIch9AcpiCntlReg, 0x00, 0x87);  // ACPI_EN + SCI IRQ select
  for (uint32_t i = 0; i < 4; ++i) {
    config_.set_u8(kIch9PirqaRoutReg + i, kPirqRouteReset, 0x8f);
    config_.set_u8(kIch9PirqeRoutReg + i, kPirqRouteReset, 0x8f);
  }
  config_.set_u32(kIch9GenPmcon1Reg, 0, 0x0000ffffu);
  config_.set_u32(kIch9RcbaReg, 0, 0xffffc001u);
}

}  // namespace tshyve::devices
