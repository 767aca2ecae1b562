// The LPC/ISA bridge at 00:1F.0, modelled on the Intel ICH9 LPC interface (8086:2918; ICH9
// datasheet §13.1): PMBASE, ACPI_CNTL, PIRQ routing, GEN_PMCON and RCBA are stored for firmware.
#pragma once
#include <cstdint>

#include "devices/pci/pci_function.h"

namespace tshyve::devices {

constexpr uint16_t kIch9LpcDeviceId = 0x2918;  // SeaBIOS src/fw/dev-q35.h
constexpr uint32_t kLpcSlot = 31;              // 00:1f.0 as on Q35
// ICH9 LPC configuration registers, datasheet §13.1.
constexpr uint32_t kIch9PmbaseReg = 0x40;
constexpr uint32_t kIch9AcpiCntlReg = 0x44;
constexpr uint32_t kIch9PirqaRoutReg = 0x60;  // PIRQA..D at 0x60..0x63
constexpr uint32_t kIch9PirqeRoutReg = 0x68;  // PIRQE..H at 0x68..0x6b
constexpr uint32_t kIch9GenPmcon1Reg = 0xa0;
constexpr uint32_t kIch9RcbaReg = 0xf0;

class LpcBridge : public SimplePciFunction {
 public:
  // `pm_base` is the fixed ACPI PM I/O block; PMBASE reads it back. Firmware writing another
  // value is stored but does not move the block (SeaBIOS writes the same 0x600 QEMU uses).
  explicit LpcBridge(uint16_t pm_base);
};

}  // namespace tshyve::devices
