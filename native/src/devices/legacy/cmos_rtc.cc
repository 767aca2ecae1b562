// MC146818A RTC + CMOS NVRAM at ports 0x70/0x71 (Motorola MC146818A datasheet: registers A-D,
// BCD/binary and 12/24-hour modes) with QEMU's memory-size bytes (hw/rtc/mc146818rtc.c layout).
#include "devices/legacy/cmos_rtc.h"

#include <ctime>

namespace tshyve::devices {

namespace {
constexpr uint8_t kRegADefault = 0x26;               // DV = 010 (32.768 kHz time base), RS = 0110 (1.024 kHz)
constexpr uint8_t kRegAUip = 0x80;                   // update in progress: never reported
constexpr uint8_t kRegBDefault = cmos::kRegB24Hour;  // BCD, 24-hour, no interrupts
constexpr uint8_t kHourPm = 0x80;                    // 12-hour mode PM flag in the hours register
constexpr uint64_t kMiB = 1024 * 1024;
constexpr uint64_t k4GiB = 4ull << 30;
constexpr int64_t kSecondsPerDay = 86400;

uint16_t clamp16(uint64_t v) { return v > 0xffff ? 0xffff : static_cast<uint16_t>(v); }
}  // namespace

CmosRtc::CmosRtc(const CmosConfig& config, std::function<int64_t()> wall_clock) : clock_(std::move(wall_clock)), utc_(config.utc) {
  nvram_[cmos::kRegA] = kRegADefault;
  nvram_[cmos::kRegB] = kRegBDefault;
  nvram_[cmos::kRegD] = cmos::kRegDValidRam;
  // Base memory: 640 KiB.
  nvram_[cmos::kBaseMemLow] = 0x80;
  nvram_[cmos::kBaseMemLow + 1] = 0x02;
  const uint64_t low = config.low_ram_bytes > k4GiB ? k4GiB : config.low_ram_bytes;
  const uint16_t ext_kib = clamp16(low > kMiB ? (low - kMiB) / 1024 : 0);
  nvram_[cmos::kExtMemLow] = nvram_[cmos::kExtMem2Low] = static_cast<uint8_t>(ext_kib);
  nvram_[cmos::kExtMemLow + 1] = nvram_[cmos::kExtMem2Low + 1] = static_cast<uint8_t>(ext_kib >> 8);
  const uint16_t above16m = clamp16(low > 16 * kMiB ? (low - 16 * kMiB) / 65536 : 0);
  nvram_[cmos::kMemAbove16mLow] = static_cast<uint8_t>(above16m);
  nvram_[cmos::kMemAbove16mLow + 1] = static_cast<uint8_t>(above16m >> 8);
  uint64_t above4g = config.high_ram_bytes / 65536;
  if (above4g > 0xffffff) above4g = 0xffffff;
  nvram_[cmos::kMemAbove4gLow] = static_cast<uint8_t>(above4g);
  nvram_[cmos::kMemAbove4gLow + 1] = static_cast<uint8_t>(above4g >> 8);
  nvram_[cmos::kMemAbove4gLow + 2] = static_cast<uint8_t>(above4g >> 16);
  const uint32_t cpus = config.vcpus == 0 ? 1 : config.vcpus;
  nvram_[cmos::kCpuCountMinusOne] = static_cast<uint8_t>(cpus - 1 > 0xff ? 0xff : cpus - 1);
}

// Proleptic Gregorian conversions (days since 1970-01-01), after the civil-calendar
// algorithms described by H. Hinnant ("chrono-compatible low-level date algorithms").
CmosRtc::Civil CmosRtc::civil_from_seconds(int64_t seconds) {
  int64_t days = seconds / kSecondsPerDay;
  int64_t rem = seconds % kSecondsPerDay;
  if (rem < 0) {
    rem += kSecondsPerDay;
    --days;
  }
  Civil c{};
  c.weekday = static_cast<int>(((days % 7) + 11) % 7);  // 1970-01-01 was a Thursday (4)
  const int64_t z = days + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  c.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  c.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  c.year = yoe + era * 400 + (c.month <= 2 ? 1 : 0);
  c.hour = static_cast<int>(rem / 3600);
  c.minute = static_cast<int>((rem % 3600) / 60);
  c.second = static_cast<int>(rem % 60);
  return c;
}

int64_t CmosRtc::seconds_from_civil(const Civil& c) {
  const int64_t y = c.year - (c.month <= 2 ? 1 : 0);
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t m = c.month;
  const int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + c.day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const int64_t days = era * 146097 + doe - 719468;
  return days * kSecondsPerDay + c.hour * 3600 + c.minute * 60 + c.second;
}

int64_t CmosRtc::guest_seconds() const {
  const int64_t host = clock_ ? clock_() : 0;
  int64_t local_offset = 0;
  if (!utc_) {
    const time_t t = static_cast<time_t>(host);
    struct tm tm_local {};
    if (localtime_r(&t, &tm_local) != nullptr) local_offset = tm_local.tm_gmtoff;
  }
  return host + local_offset + offset_seconds_;
}

uint8_t CmosRtc::encode(int value) const {
  if (nvram_[cmos::kRegB] & cmos::kRegBDataModeBinary) return static_cast<uint8_t>(value);
  return static_cast<uint8_t>(((value / 10) << 4) | (value % 10));
}

int CmosRtc::decode(uint8_t value) const {
  if (nvram_[cmos::kRegB] & cmos::kRegBDataModeBinary) return value;
  return ((value >> 4) & 0xf) * 10 + (value & 0xf);
}

uint8_t CmosRtc::read_register(uint8_t index) {
  switch (index) {
    case cmos::kSeconds:
    case cmos::kMinutes:
    case cmos::kHours:
    case cmos::kDayOfWeek:
    case cmos::kDayOfMonth:
    case cmos::kMonth:
    case cmos::kYear:
    case cmos::kCentury: {
      const Civil c = civil_from_seconds(guest_seconds());
      switch (index) {
        case cmos::kSeconds: return encode(c.second);
        case cmos::kMinutes: return encode(c.minute);
        case cmos::kHours: {
          if (nvram_[cmos::kRegB] & cmos::kRegB24Hour) return encode(c.hour);
          const int h12 = c.hour % 12 == 0 ? 12 : c.hour % 12;
          return static_cast<uint8_t>(encode(h12) | (c.hour >= 12 ? kHourPm : 0));
        }
        case cmos::kDayOfWeek: return encode(c.weekday + 1);  // 1 = Sunday
        case cmos::kDayOfMonth: return encode(c.day);
        case cmos::kMonth: return encode(c.month);
        case cmos::kYear: return encode(static_cast<int>(((c.year % 100) + 100) % 100));
        default: return encode(static_cast<int>((c.year / 100) % 100));
      }
    }
    case cmos::kRegA: return static_cast<uint8_t>(nvram_[cmos::kRegA] & ~kRegAUip);
    case cmos::kRegC: {
      // Interrupt flags: none are generated (no periodic/alarm/update interrupts); reading clears.
      const uint8_t v = nvram_[cmos::kRegC];
      nvram_[cmos::kRegC] = 0;
      return v;
    }
    case cmos::kRegD: return cmos::kRegDValidRam;
    default: return nvram_[index & 0x7f];
  }
}

void CmosRtc::write_register(uint8_t index, uint8_t value) {
  switch (index) {
    case cmos::kSeconds:
    case cmos::kMinutes:
    case cmos::kHours:
    case cmos::kDayOfMonth:
    case cmos::kMonth:
    case cmos::kYear:
    case cmos::kCentury: {
      // Setting the clock: keep an offset from the host clock so time keeps running.
      const int64_t now = guest_seconds();
      Civil c = civil_from_seconds(now);
      int v = decode(static_cast<uint8_t>(index == cmos::kHours ? value & 0x7f : value));
      switch (index) {
        case cmos::kSeconds: c.second = v % 60; break;
        case cmos::kMinutes: c.minute = v % 60; break;
        case cmos::kHours:
          if (!(nvram_[cmos::kRegB] & cmos::kRegB24Hour)) {
            v %= 12;
            if (value & kHourPm) v += 12;
          }
          c.hour = v % 24;
          break;
        case cmos::kDayOfMonth: c.day = v < 1 ? 1 : (v > 31 ? 31 : v); break;
        case cmos::kMonth: c.month = v < 1 ? 1 : (v > 12 ? 12 : v); break;
        case cmos::kYear: c.year = (c.year / 100) * 100 + v % 100; break;
        default: c.year = (v % 100) * 100 + c.year % 100; break;
      }
      offset_seconds_ += seconds_from_civil(c) - now;
      return;
    }
    case cmos::kDayOfWeek: return;  // derived from the date
    case cmos::kRegA: nvram_[cmos::kRegA] = static_cast<uint8_t>(value & ~kRegAUip); return;
    case cmos::kRegC:
    case cmos::kRegD: return;  // read-only
    default: nvram_[index & 0x7f] = value;
  }
}

void CmosRtc::read(uint64_t offset, uint8_t* data, uint32_t size) {
  if (size == 0) return;
  std::lock_guard<std::mutex> g(mutex_);
  // The index port is write-only on the PC; reads return 0xff as QEMU does.
  data[0] = offset == 1 ? read_register(index_) : 0xff;
  for (uint32_t i = 1; i < size; ++i) data[i] = 0xff;
}

void CmosRtc::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (size == 0) return;
  std::lock_guard<std::mutex> g(mutex_);
  if (offset == 0) {
    index_ = data[0] & 0x7f;
    nmi_disabled_ = (data[0] & cmos::kNmiDisable) != 0;
  } else if (offset == 1) {
    write_register(index_, data[0]);
  }
}

bool CmosRtc::nmi_disabled() const {
  std::lock_guard<std::mutex> g(mutex_);
  return nmi_disabled_;
}

// The index register, NMI mask, the guest's offset from host time and the 128 bytes of NVRAM
// (the clock itself follows the host, as a real RTC keeps running while the machine is off).
void CmosRtc::save_state(vmm::StateWriter& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  out.u8(index_);
  out.boolean(nmi_disabled_);
  out.i64(offset_seconds_);
  out.bytes(nvram_.data(), nvram_.size());
}

bool CmosRtc::restore_state(vmm::StateReader& in) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint8_t index = in.u8();
  const bool nmi = in.boolean();
  const int64_t offset = in.i64();
  std::array<uint8_t, 128> nvram{};
  in.bytes(nvram.data(), nvram.size());
  if (!in.ok_and_done()) return false;
  index_ = index & 0x7f;
  nmi_disabled_ = nmi;
  offset_seconds_ = offset;
  nvram_ = nvram;
  return true;
}

}  // namespace tshyve::devices
