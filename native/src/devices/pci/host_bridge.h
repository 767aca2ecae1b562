// The host bridge at 00:00.0, modelled on the Intel Q35 MCH (8086:29C0; Intel 3 Series Express
// Chipset datasheet §5): PCIEXBAR, PAM and SMRAM registers are stored so firmware can program them.
#pragma once
#include <cstdint>

#include "devices/pci/pci_function.h"

namespace tshyve::devices {

// IDs SeaBIOS's qemu_detect() and pciinit.c recognise (src/fw/paravirt.c, src/fw/dev-q35.h).
constexpr uint16_t kIntelVendorId = 0x8086;
constexpr uint16_t kQ35MchDeviceId = 0x29c0;
constexpr uint16_t kQemuSubsystemVendorId = 0x1af4;  // Red Hat, Inc.
constexpr uint16_t kQemuSubsystemId = 0x1100;        // "QEMU virtual machine", required by SeaBIOS
// Q35 MCH registers, datasheet §5.1 (offsets as in SeaBIOS dev-q35.h).
constexpr uint32_t kQ35PciexbarReg = 0x60;  // 64-bit PCIEXBAR
constexpr uint32_t kQ35Pam0Reg = 0x90;      // PAM0..PAM6 at 0x90..0x96
constexpr uint32_t kQ35SmramReg = 0x9d;
constexpr uint32_t kQ35EsmramcReg = 0x9e;

class HostBridge : public SimplePciFunction {
 public:
  // The ECAM window is fixed by the platform: PCIEXBAR reads back what firmware wrote, but a
  // write does not move the window (SeaBIOS writes the same 0xB0000000 the MCFG table states).
  HostBridge();
};

}  // namespace tshyve::devices
