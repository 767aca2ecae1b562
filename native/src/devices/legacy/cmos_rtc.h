// The MC146818A-compatible CMOS RTC and NVRAM behind ports 0x70/0x71 (Motorola MC146818A
// datasheet; IBM PC/AT CMOS map), with the memory-size bytes SeaBIOS reads as QEMU fills them.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <mutex>

#include "vmm/bus_device.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

// Register indices, MC146818A datasheet Table 2 and the PC/AT CMOS map.
namespace cmos {
constexpr uint8_t kSeconds = 0x00;
constexpr uint8_t kSecondsAlarm = 0x01;
constexpr uint8_t kMinutes = 0x02;
constexpr uint8_t kMinutesAlarm = 0x03;
constexpr uint8_t kHours = 0x04;
constexpr uint8_t kHoursAlarm = 0x05;
constexpr uint8_t kDayOfWeek = 0x06;
constexpr uint8_t kDayOfMonth = 0x07;
constexpr uint8_t kMonth = 0x08;
constexpr uint8_t kYear = 0x09;
constexpr uint8_t kRegA = 0x0a;
constexpr uint8_t kRegB = 0x0b;
constexpr uint8_t kRegC = 0x0c;
constexpr uint8_t kRegD = 0x0d;
constexpr uint8_t kBaseMemLow = 0x15;        // KiB below 640 KiB
constexpr uint8_t kExtMemLow = 0x17;         // KiB above 1 MiB, capped at 0xffff
constexpr uint8_t kExtMem2Low = 0x30;        // same value, second copy
constexpr uint8_t kCentury = 0x32;           // FADT CENTURY points here
constexpr uint8_t kMemAbove16mLow = 0x34;    // 64 KiB units above 16 MiB (below 4 GiB)
constexpr uint8_t kMemAbove4gLow = 0x5b;     // 64 KiB units above 4 GiB, 3 bytes (QEMU)
constexpr uint8_t kCpuCountMinusOne = 0x5f;  // QEMU/SeaBIOS CMOS_BIOS_SMP_COUNT
constexpr uint8_t kRegBSet = 0x80;
constexpr uint8_t kRegBDataModeBinary = 0x04;
constexpr uint8_t kRegB24Hour = 0x02;
constexpr uint8_t kRegDValidRam = 0x80;
constexpr uint8_t kNmiDisable = 0x80;  // bit 7 of the index port
}  // namespace cmos

struct CmosConfig {
  uint64_t low_ram_bytes = 0;   // RAM below 4 GiB (including the first MiB)
  uint64_t high_ram_bytes = 0;  // RAM from 4 GiB
  uint32_t vcpus = 1;
  bool utc = true;  // false: the RTC keeps local time (localtime of the host)
};

class CmosRtc : public vmm::BusDevice {
 public:
  // `wall_clock` returns seconds since the Unix epoch (injected; tests pass a fixed clock).
  CmosRtc(const CmosConfig& config, std::function<int64_t()> wall_clock);

  // Offset 0 = index port 0x70, offset 1 = data port 0x71. vCPU thread.
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

  bool nmi_disabled() const;
  // Snapshot state (vmm/snapshot_state.h): save any thread; restore before the VM starts (false
  // when the bytes are garbled: the device keeps its reset state).
  void save_state(vmm::StateWriter& out) const;
  bool restore_state(vmm::StateReader& in);

 private:
  struct Civil {
    int64_t year;
    int month, day, hour, minute, second, weekday;  // weekday 0 = Sunday
  };
  static Civil civil_from_seconds(int64_t seconds);
  static int64_t seconds_from_civil(const Civil& c);
  int64_t guest_seconds() const;    // mutex_ held
  uint8_t encode(int value) const;  // per register B data mode, mutex_ held
  int decode(uint8_t value) const;
  uint8_t read_register(uint8_t index);               // mutex_ held
  void write_register(uint8_t index, uint8_t value);  // mutex_ held

  std::function<int64_t()> clock_;
  bool utc_;
  mutable std::mutex mutex_;  // guards everything below
  uint8_t index_ = 0;
  bool nmi_disabled_ = false;
  int64_t offset_seconds_ = 0;  // guest time - host time, after the guest sets the clock
  std::array<uint8_t, 128> nvram_{};
};

}  // namespace tshyve::devices
