// ACPI fixed-hardware PM registers as an ICH9-style PMIO block (ACPI 6.5 §4.8.3: PM1 event/control,
// PM timer; ICH9 datasheet §13.8.3 for GPE0 and SMI_EN offsets), and the 0xCF9 reset control register.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

#include "vmm/bus_device.h"
#include "vmm/interrupt_line.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

// Offsets inside the PM block (ICH9 PMIO layout, the same QEMU's q35 uses at 0x600).
constexpr uint32_t kPm1StsOffset = 0x00;  // PM1a_EVT_BLK, status half (16 bit)
constexpr uint32_t kPm1EnOffset = 0x02;   // PM1a_EVT_BLK, enable half (16 bit)
constexpr uint32_t kPm1CntOffset = 0x04;  // PM1a_CNT_BLK (FADT length 2)
constexpr uint32_t kPmTmrOffset = 0x08;   // PM_TMR_BLK (4 bytes)
constexpr uint32_t kGpe0Offset = 0x20;    // GPE0_BLK: 8 bytes status then 8 bytes enable
constexpr uint32_t kGpe0Length = 0x10;
constexpr uint32_t kSmiEnOffset = 0x30;    // ICH9 SMI_EN
constexpr uint32_t kPmBlockLength = 0x80;  // ICH9 PMIO size

// PM1 bits, ACPI 6.5 §4.8.3.1 (Tables 4.16-4.19).
constexpr uint16_t kPm1TmrSts = 1u << 0;
constexpr uint16_t kPm1GblSts = 1u << 5;
constexpr uint16_t kPm1PwrbtnSts = 1u << 8;
constexpr uint16_t kPm1RtcSts = 1u << 10;
constexpr uint16_t kPm1WakSts = 1u << 15;
constexpr uint16_t kPm1CntSciEn = 1u << 0;
constexpr uint16_t kPm1CntSlpTypShift = 10;
constexpr uint16_t kPm1CntSlpTypMask = 0x7u << kPm1CntSlpTypShift;
constexpr uint16_t kPm1CntSlpEn = 1u << 13;
// SLP_TYP for S5 soft-off in this platform's \_S5 package (0, as QEMU's DSDT and SeaBIOS's
// apm_shutdown, which writes 0x2000 to PM1a_CNT).
constexpr uint16_t kSlpTypS5 = 0;
// PM timer: 3.579545 MHz, 24 bits (ACPI 6.5 §4.8.3.3; FADT TMR_VAL_EXT clear).
constexpr uint64_t kPmTimerHz = 3579545;
constexpr uint32_t kPmTimerMask = 0x00ffffffu;
// ICH9 SMI_EN bits (SeaBIOS dev-q35.h): reported set so firmware skips SMM relocation, which
// this platform does not implement.
constexpr uint32_t kSmiEnGlbSmiEn = 1u << 0;
constexpr uint32_t kSmiEnApmcEn = 1u << 5;

class AcpiPm : public vmm::BusDevice {
 public:
  // `sci` is ISA IRQ 9 (level, active high). `monotonic_ns` is an injected clock. `poweroff` is
  // called (vCPU thread, no lock held) when the guest enters S5.
  AcpiPm(std::shared_ptr<vmm::InterruptLine> sci, std::function<uint64_t()> monotonic_ns, std::function<void()> poweroff);

  void read(uint64_t offset, uint8_t* data, uint32_t size) override;         // vCPU thread
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;  // vCPU thread

  // Any thread: sets PWRBTN_STS and raises the SCI if PWRBTN_EN and SCI_EN are set.
  void press_power_button();

  uint32_t pm_timer() const;
  // Snapshot state (vmm/snapshot_state.h): save any thread; restore before the VM starts (false
  // when the bytes are garbled: the device keeps its reset state).
  void save_state(vmm::StateWriter& out) const;
  bool restore_state(vmm::StateReader& in);

 private:
  uint8_t read_byte(uint32_t offset) const;     // mutex_ held
  bool write_byte(uint32_t offset, uint8_t v);  // mutex_ held; true if S5 was entered
  void update_sci();                            // mutex_ held

  std::shared_ptr<vmm::InterruptLine> sci_;
  std::function<uint64_t()> clock_;
  std::function<void()> poweroff_;
  uint64_t clock_base_ns_;
  mutable std::mutex mutex_;  // guards the registers below
  uint16_t pm1_sts_ = 0;
  uint16_t pm1_en_ = 0;
  uint16_t pm1_cnt_ = kPm1CntSciEn;  // no SMI_CMD in the FADT: the machine is always in ACPI mode
  uint8_t gpe0_[kGpe0Length] = {};
  uint32_t smi_en_ = kSmiEnGlbSmiEn | kSmiEnApmcEn;
  uint32_t smi_sts_ = 0;
  bool sci_level_ = false;
};

// Reset control register at 0xCF9 (ICH9 datasheet §13.7.5): writing RST_CPU (bit 2) with SYS_RST
// (bit 1) or a full reset request resets the machine; the ACPI FADT RESET_REG points here (0x06).
constexpr uint8_t kResetControlSysRst = 1u << 1;
constexpr uint8_t kResetControlRstCpu = 1u << 2;
constexpr uint8_t kResetControlFullRst = 1u << 3;
constexpr uint8_t kResetControlValue = kResetControlSysRst | kResetControlRstCpu;

class ResetControl : public vmm::BusDevice {
 public:
  explicit ResetControl(std::function<void()> reset) : reset_(std::move(reset)) {}
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

 private:
  std::function<void()> reset_;
  std::mutex mutex_;
  uint8_t value_ = 0;
};

}  // namespace tshyve::devices
