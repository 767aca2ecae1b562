// Tests the CMOS RTC with a fixed clock: BCD/binary, 12/24 h, setting the time, status registers,
// NMI mask, and the memory-size/CPU-count bytes SeaBIOS reads (QEMU layout).
#include "devices/legacy/cmos_rtc.h"
#include "platform_test_support.h"

using namespace tshyve::devices;
using platform_test::bus_read;
using platform_test::bus_write;

namespace {
uint8_t reg(CmosRtc& rtc, uint8_t index) {
  bus_write(rtc, 0, 1, index);
  return static_cast<uint8_t>(bus_read(rtc, 1, 1));
}
void set(CmosRtc& rtc, uint8_t index, uint8_t v) {
  bus_write(rtc, 0, 1, index);
  bus_write(rtc, 1, 1, v);
}
}  // namespace

int main() {
  // 2024-02-29 15:04:05 UTC, a Thursday.
  int64_t now = 1709219045;
  CmosConfig cfg;
  cfg.low_ram_bytes = 2ull << 30;
  cfg.high_ram_bytes = 6ull << 30;
  cfg.vcpus = 4;
  CmosRtc rtc(cfg, [&] { return now; });

  PT_CHECK_EQ(reg(rtc, cmos::kSeconds), 0x05u);
  PT_CHECK_EQ(reg(rtc, cmos::kMinutes), 0x04u);
  PT_CHECK_EQ(reg(rtc, cmos::kHours), 0x15u);
  PT_CHECK_EQ(reg(rtc, cmos::kDayOfWeek), 0x05u);  // Sunday = 1
  PT_CHECK_EQ(reg(rtc, cmos::kDayOfMonth), 0x29u);
  PT_CHECK_EQ(reg(rtc, cmos::kMonth), 0x02u);
  PT_CHECK_EQ(reg(rtc, cmos::kYear), 0x24u);
  PT_CHECK_EQ(reg(rtc, cmos::kCentury), 0x20u);
  PT_CHECK_EQ(reg(rtc, cmos::kRegA), 0x26u);  // UIP never set
  PT_CHECK_EQ(reg(rtc, cmos::kRegB), 0x02u);
  PT_CHECK_EQ(reg(rtc, cmos::kRegD), 0x80u);
  PT_CHECK_EQ(reg(rtc, cmos::kRegC), 0x00u);

  // Binary mode, then 12-hour mode (PM flag in bit 7).
  set(rtc, cmos::kRegB, cmos::kRegB24Hour | cmos::kRegBDataModeBinary);
  PT_CHECK_EQ(reg(rtc, cmos::kHours), 15u);
  PT_CHECK_EQ(reg(rtc, cmos::kDayOfMonth), 29u);
  set(rtc, cmos::kRegB, cmos::kRegBDataModeBinary);
  PT_CHECK_EQ(reg(rtc, cmos::kHours), 0x80u | 3u);
  set(rtc, cmos::kRegB, 0);
  PT_CHECK_EQ(reg(rtc, cmos::kHours), 0x83u);

  // Setting the clock keeps running from the new value.
  set(rtc, cmos::kRegB, cmos::kRegB24Hour);
  set(rtc, cmos::kHours, 0x09);
  set(rtc, cmos::kYear, 0x30);
  PT_CHECK_EQ(reg(rtc, cmos::kHours), 0x09u);
  PT_CHECK_EQ(reg(rtc, cmos::kYear), 0x30u);
  now += 61;
  PT_CHECK_EQ(reg(rtc, cmos::kMinutes), 0x05u);
  PT_CHECK_EQ(reg(rtc, cmos::kSeconds), 0x06u);
  PT_CHECK_EQ(reg(rtc, cmos::kMonth), 0x03u);  // 2030 is not a leap year: Feb 29 -> Mar 1
  PT_CHECK_EQ(reg(rtc, cmos::kDayOfMonth), 0x01u);

  // NVRAM bytes are plain storage; the index port carries the NMI mask.
  set(rtc, 0x40, 0xa5);
  PT_CHECK_EQ(reg(rtc, 0x40), 0xa5u);
  bus_write(rtc, 0, 1, 0x80 | 0x40);
  PT_CHECK(rtc.nmi_disabled());
  PT_CHECK_EQ(bus_read(rtc, 1, 1), 0xa5u);
  bus_write(rtc, 0, 1, 0x40);
  PT_CHECK(!rtc.nmi_disabled());

  // Memory sizes as QEMU fills them.
  PT_CHECK_EQ(reg(rtc, 0x15) | (reg(rtc, 0x16) << 8), 640u);
  PT_CHECK_EQ(reg(rtc, 0x17) | (reg(rtc, 0x18) << 8), 0xffffu);  // capped
  PT_CHECK_EQ(reg(rtc, 0x30) | (reg(rtc, 0x31) << 8), 0xffffu);
  PT_CHECK_EQ(reg(rtc, 0x34) | (reg(rtc, 0x35) << 8), ((2ull << 30) - (16ull << 20)) / 65536);
  PT_CHECK_EQ(reg(rtc, 0x5b) | (reg(rtc, 0x5c) << 8) | (reg(rtc, 0x5d) << 16), (6ull << 30) / 65536);
  PT_CHECK_EQ(reg(rtc, 0x5f), 3u);

  CmosConfig small;
  small.low_ram_bytes = 8ull << 20;
  CmosRtc rtc2(small, [] { return int64_t{0}; });
  PT_CHECK_EQ(reg(rtc2, 0x17) | (reg(rtc2, 0x18) << 8), 7u * 1024);
  PT_CHECK_EQ(reg(rtc2, 0x34) | (reg(rtc2, 0x35) << 8), 0u);
  PT_CHECK_EQ(reg(rtc2, cmos::kYear), 0x70u);  // 1970-01-01 00:00:00
  PT_CHECK_EQ(reg(rtc2, cmos::kCentury), 0x19u);
  PT_CHECK_EQ(reg(rtc2, cmos::kDayOfWeek), 0x05u);  // Thursday
  PT_CHECK_EQ(bus_read(rtc2, 0, 1), 0xffu);         // index port is write-only
  return platform_test::finish("test_cmos_rtc");
}
