// The host bridge at 00:00.0, modelled on the Intel Q35 MCH (3 Series Express Chipset datasheet
// §5.1): identity as QEMU's q35 so SeaBIOS takes its QEMU paths, programmable registers stored.
#include "devices/pci/host_bridge.h"

namespace tshyve::devices {

namespace {
constexpr uint32_t kClassHostBridge = 0x060000;  // PCI code and ID assignment spec: bridge/host
constexpr uint8_t kRevision = 0x00;
// PCIEXBAR: bit 0 enable, bits 2:1 length, bits 35:26 (for 256 MiB) base; firmware writes it.
constexpr uint32_t kPciexbarLowMask = 0xfc000007u;
constexpr uint32_t kPciexbarHighMask = 0x0000000fu;
constexpr uint32_t kPamCount = 7;
}  // namespace

HostBridge::HostBridge() {
  config_.set_identity(kIntelVendorId, kQ35MchDeviceId, kClassHostBridge, kRevision, kQemuSubsystemVendorId, kQemuSubsystemId);
  config_.set_header_type(0x00);
  config_.set_u32(kQ35PciexbarReg, 0, kPciexbarLowMask);
  config_.set_u32(kQ35PciexbarReg + 4, 0, kPciexbarHighMask);
  // PAM registers: bits 5:4 and 1:0 of each byte select read/write enables (datasheet §5.1.18).
  for (uint32_t i = 0; i < kPamCount; ++i) config_.set_u8(kQ35Pam0Reg + i, 0x00, 0x33);
  // SMRAM: reset value 0x02 (C_BASE_SEG = compatible SMRAM), D_OPEN/D_CLS/D_LCK/G_SMRAME writable.
  config_.set_u8(kQ35SmramReg, 0x02, 0x78);
  config_.set_u8(kQ35EsmramcReg, 0x38, 0x87);
}

}  // namespace tshyve::devices
