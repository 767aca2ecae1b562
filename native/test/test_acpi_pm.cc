// Tests the ACPI PM block: PM1 status write-1-to-clear, power button SCI, SLP_TYP/SLP_EN S5,
// the 3.579545 MHz timer from an injected clock, GPE0, SMI_EN, and the CF9 reset register.
#include "devices/legacy/acpi_pm.h"
#include "platform_test_support.h"

#include <memory>

using namespace tshyve::devices;
using platform_test::bus_read;
using platform_test::bus_write;

int main() {
  auto sci = std::make_shared<platform_test::FakeIrq>();
  uint64_t ns = 1000;
  int poweroffs = 0;
  AcpiPm pm(
      sci, [&] { return ns; }, [&] { ++poweroffs; });

  PT_CHECK_EQ(bus_read(pm, kPm1CntOffset, 2) & kPm1CntSciEn, 1u);
  PT_CHECK_EQ(bus_read(pm, kPm1StsOffset, 2), 0u);

  // Power button without PWRBTN_EN: status only.
  pm.press_power_button();
  PT_CHECK_EQ(bus_read(pm, kPm1StsOffset, 2), kPm1PwrbtnSts);
  PT_CHECK(!sci->level);
  bus_write(pm, kPm1EnOffset, 2, kPm1PwrbtnSts);
  PT_CHECK(sci->level);
  PT_CHECK_EQ(bus_read(pm, 0, 4), (static_cast<uint32_t>(kPm1PwrbtnSts) << 16) | kPm1PwrbtnSts);
  // Writing 0 leaves it; writing 1 clears it and drops the SCI.
  bus_write(pm, kPm1StsOffset, 2, 0);
  PT_CHECK(sci->level);
  bus_write(pm, kPm1StsOffset + 1, 1, kPm1PwrbtnSts >> 8);
  PT_CHECK_EQ(bus_read(pm, kPm1StsOffset, 2), 0u);
  PT_CHECK(!sci->level);

  // SLP_TYP other than S5 is ignored; S5 + SLP_EN powers off. SLP_EN reads 0.
  bus_write(pm, kPm1CntOffset, 2, kPm1CntSciEn | (3u << kPm1CntSlpTypShift) | kPm1CntSlpEn);
  PT_CHECK_EQ(poweroffs, 0);
  PT_CHECK_EQ(bus_read(pm, kPm1CntOffset, 2), kPm1CntSciEn | (3u << kPm1CntSlpTypShift));
  bus_write(pm, kPm1CntOffset, 2, (kSlpTypS5 << kPm1CntSlpTypShift) | kPm1CntSlpEn);
  PT_CHECK_EQ(poweroffs, 1);
  // SeaBIOS apm_shutdown writes 0x2000 with a 16-bit access.
  bus_write(pm, kPm1CntOffset, 2, 0x2000);
  PT_CHECK_EQ(poweroffs, 2);

  // PM timer: 3.579545 MHz, 24 bits.
  const uint32_t t0 = static_cast<uint32_t>(bus_read(pm, kPmTmrOffset, 4));
  PT_CHECK_EQ(t0, 0u);
  ns += 1000000000ull;  // one second
  PT_CHECK_EQ(bus_read(pm, kPmTmrOffset, 4), kPmTimerHz);
  ns += 4ull * 1000000000ull;  // 5 s total: wraps at 2^24
  PT_CHECK_EQ(bus_read(pm, kPmTmrOffset, 4), (5 * kPmTimerHz) & kPmTimerMask);
  PT_CHECK_EQ(bus_read(pm, kPmTmrOffset + 2, 1), ((5 * kPmTimerHz) >> 16) & 0xff);
  bus_write(pm, kPmTmrOffset, 4, 0);  // read-only
  PT_CHECK_EQ(bus_read(pm, kPmTmrOffset, 4), (5 * kPmTimerHz) & kPmTimerMask);

  // GPE0: enable half is storage, status half W1C. SMI_EN reports APMC_EN (no SMM relocation).
  bus_write(pm, kGpe0Offset + 8, 1, 0x02);
  PT_CHECK_EQ(bus_read(pm, kGpe0Offset + 8, 1), 0x02u);
  PT_CHECK_EQ(bus_read(pm, kSmiEnOffset, 4) & kSmiEnApmcEn, kSmiEnApmcEn);
  // Outside the block: ones.
  PT_CHECK_EQ(bus_read(pm, kPmBlockLength, 1), 0xffu);

  // SCI_EN clear masks the SCI.
  bus_write(pm, kPm1CntOffset, 2, 0);
  pm.press_power_button();
  PT_CHECK(!sci->level);
  bus_write(pm, kPm1CntOffset, 2, kPm1CntSciEn);
  PT_CHECK(sci->level);

  int resets = 0;
  ResetControl cf9([&] { ++resets; });
  bus_write(cf9, 0, 1, kResetControlSysRst);
  PT_CHECK_EQ(resets, 0);
  bus_write(cf9, 0, 1, kResetControlValue);
  PT_CHECK_EQ(resets, 1);
  return platform_test::finish("test_acpi_pm");
}
