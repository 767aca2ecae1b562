// ACPI PM1 event/control registers, PM timer, GPE0 and the ICH9 SMI_EN register (ACPI 6.5
// §4.8.3, ICH9 datasheet §13.8.3), plus the 0xCF9 reset control register (ICH9 §13.7.5).
#include "devices/legacy/acpi_pm.h"

#include <cstring>

namespace tshyve::devices {

namespace {
constexpr uint64_t kNsPerSecond = 1000000000ull;
// Status bits that raise the SCI when their enable bit is set (ACPI 6.5 §4.8.3.1).
constexpr uint16_t kPm1SciSources = kPm1TmrSts | kPm1GblSts | kPm1PwrbtnSts | kPm1RtcSts;
constexpr uint16_t kPm1StsW1c = kPm1SciSources | kPm1WakSts | (1u << 4) /* BM_STS */;
constexpr uint16_t kPm1EnWritable = kPm1SciSources;
// Writable PM1_CNT bits: SCI_EN, BM_RLD, GBL_RLS, SLP_TYP (SLP_EN is write-only, reads 0).
constexpr uint16_t kPm1CntWritable = kPm1CntSciEn | 0x2 | 0x4 | kPm1CntSlpTypMask;
}  // namespace

AcpiPm::AcpiPm(std::shared_ptr<vmm::InterruptLine> sci, std::function<uint64_t()> monotonic_ns, std::function<void()> poweroff)
    : sci_(std::move(sci)), clock_(std::move(monotonic_ns)), poweroff_(std::move(poweroff)), clock_base_ns_(clock_ ? clock_() : 0) {}

uint32_t AcpiPm::pm_timer() const {
  const uint64_t ns = clock_ ? clock_() - clock_base_ns_ : 0;
  // ticks = ns * f / 1e9 without overflowing 64 bits.
  const uint64_t ticks = (ns / kNsPerSecond) * kPmTimerHz + (ns % kNsPerSecond) * kPmTimerHz / kNsPerSecond;
  return static_cast<uint32_t>(ticks) & kPmTimerMask;
}

uint8_t AcpiPm::read_byte(uint32_t offset) const {
  if (offset < 2) return static_cast<uint8_t>(pm1_sts_ >> (8 * offset));
  if (offset < 4) return static_cast<uint8_t>(pm1_en_ >> (8 * (offset - 2)));
  if (offset < 6) return static_cast<uint8_t>(pm1_cnt_ >> (8 * (offset - 4)));
  if (offset >= kGpe0Offset && offset < kGpe0Offset + kGpe0Length) return gpe0_[offset - kGpe0Offset];
  if (offset >= kSmiEnOffset && offset < kSmiEnOffset + 4) return static_cast<uint8_t>(smi_en_ >> (8 * (offset - kSmiEnOffset)));
  if (offset >= kSmiEnOffset + 4 && offset < kSmiEnOffset + 8) return static_cast<uint8_t>(smi_sts_ >> (8 * (offset - kSmiEnOffset - 4)));
  return 0;
}

bool AcpiPm::write_byte(uint32_t offset, uint8_t v) {
  if (offset < 2) {
    const uint16_t clear = static_cast<uint16_t>((static_cast<uint16_t>(v) << (8 * offset)) & kPm1StsW1c);
    pm1_sts_ = static_cast<uint16_t>(pm1_sts_ & ~clear);
  } else if (offset < 4) {
    const uint32_t shift = 8 * (offset - 2);
    const uint16_t mask = static_cast<uint16_t>(0xffu << shift);
    pm1_en_ = static_cast<uint16_t>((pm1_en_ & ~mask) | ((static_cast<uint16_t>(v) << shift) & mask & kPm1EnWritable));
  } else if (offset < 6) {
    const uint32_t shift = 8 * (offset - 4);
    const uint16_t mask = static_cast<uint16_t>(0xffu << shift);
    const uint16_t value = static_cast<uint16_t>(static_cast<uint16_t>(v) << shift);
    pm1_cnt_ = static_cast<uint16_t>((pm1_cnt_ & ~(mask & kPm1CntWritable)) | (value & mask & kPm1CntWritable));
    if (value & mask & kPm1CntSlpEn) {
      const uint16_t slp_typ = static_cast<uint16_t>((pm1_cnt_ & kPm1CntSlpTypMask) >> kPm1CntSlpTypShift);
      if (slp_typ == kSlpTypS5) return true;
      // Other sleep states are not declared in the DSDT: the request is ignored.
    }
  } else if (offset >= kGpe0Offset && offset < kGpe0Offset + kGpe0Length / 2) {
    gpe0_[offset - kGpe0Offset] = static_cast<uint8_t>(gpe0_[offset - kGpe0Offset] & ~v);  // W1C
  } else if (offset >= kGpe0Offset + kGpe0Length / 2 && offset < kGpe0Offset + kGpe0Length) {
    gpe0_[offset - kGpe0Offset] = v;
  } else if (offset >= kSmiEnOffset && offset < kSmiEnOffset + 4) {
    const uint32_t shift = 8 * (offset - kSmiEnOffset);
    smi_en_ = (smi_en_ & ~(0xffu << shift)) | (static_cast<uint32_t>(v) << shift);
  } else if (offset >= kSmiEnOffset + 4 && offset < kSmiEnOffset + 8) {
    const uint32_t shift = 8 * (offset - kSmiEnOffset - 4);
    smi_sts_ &= ~(static_cast<uint32_t>(v) << shift);
  }
  return false;
}

void AcpiPm::update_sci() {
  bool level = (pm1_cnt_ & kPm1CntSciEn) && (pm1_sts_ & pm1_en_ & kPm1SciSources);
  for (uint32_t i = 0; i < kGpe0Length / 2; ++i) level = level || ((pm1_cnt_ & kPm1CntSciEn) && (gpe0_[i] & gpe0_[i + kGpe0Length / 2]));
  if (level != sci_level_) {
    sci_level_ = level;
    if (sci_) sci_->set_level(level);
  }
}

void AcpiPm::read(uint64_t offset, uint8_t* data, uint32_t size) {
  if (size == 0 || size > 8) return;
  // The clock is only read when the access covers PM_TMR (outside the lock).
  const bool reads_timer = offset < kPmTmrOffset + 4 && offset + size > kPmTmrOffset;
  const uint32_t timer = reads_timer ? pm_timer() : 0;
  std::lock_guard<std::mutex> g(mutex_);
  for (uint32_t i = 0; i < size; ++i) {
    const uint64_t at = offset + i;
    if (at >= kPmBlockLength) {
      data[i] = 0xff;
    } else if (at >= kPmTmrOffset && at < kPmTmrOffset + 4) {
      data[i] = static_cast<uint8_t>(timer >> (8 * (at - kPmTmrOffset)));
    } else {
      data[i] = read_byte(static_cast<uint32_t>(at));
    }
  }
}

void AcpiPm::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (size == 0 || size > 8) return;
  bool enter_s5 = false;
  {
    std::lock_guard<std::mutex> g(mutex_);
    for (uint32_t i = 0; i < size; ++i) {
      const uint64_t at = offset + i;
      if (at >= kPmBlockLength) break;
      enter_s5 = write_byte(static_cast<uint32_t>(at), data[i]) || enter_s5;
    }
    update_sci();
  }
  if (enter_s5 && poweroff_) poweroff_();
}

void AcpiPm::press_power_button() {
  std::lock_guard<std::mutex> g(mutex_);
  pm1_sts_ |= kPm1PwrbtnSts;
  update_sci();
}

void ResetControl::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> g(mutex_);
  for (uint32_t i = 0; i < size; ++i) data[i] = (offset == 0 && i == 0) ? value_ : 0xff;
}

void ResetControl::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (offset != 0 || size == 0) return;
  bool fire = false;
  {
    std::lock_guard<std::mutex> g(mutex_);
    // RST_CPU going 0 -> 1 starts the reset; SYS_RST and FULL_RST select the kind (both mean a
    // machine reset here). RST_CPU itself is not stored (it self-clears on hardware).
    fire = (data[0] & kResetControlRstCpu) != 0;
    value_ = static_cast<uint8_t>(data[0] & (kResetControlSysRst | kResetControlFullRst));
  }
  if (fire && reset_) reset_();
}

// PM1 status/enable/control, GPE0, SMI registers and the PM timer's elapsed time (the timer goes
// on counting from the saved value).
void AcpiPm::save_state(vmm::StateWriter& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  out.u16(pm1_sts_);
  out.u16(pm1_en_);
  out.u16(pm1_cnt_);
  out.bytes(gpe0_, sizeof gpe0_);
  out.u32(smi_en_);
  out.u32(smi_sts_);
  out.u64(clock_ ? clock_() - clock_base_ns_ : 0);
}

bool AcpiPm::restore_state(vmm::StateReader& in) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint16_t sts = in.u16(), en = in.u16(), cnt = in.u16();
  uint8_t gpe[kGpe0Length];
  in.bytes(gpe, sizeof gpe);
  const uint32_t smi_en = in.u32(), smi_sts = in.u32();
  const uint64_t elapsed = in.u64();
  if (!in.ok_and_done()) return false;
  pm1_sts_ = sts, pm1_en_ = en, pm1_cnt_ = cnt;
  std::memcpy(gpe0_, gpe, sizeof gpe0_);
  smi_en_ = smi_en, smi_sts_ = smi_sts;
  if (clock_) clock_base_ns_ = clock_() - elapsed;
  update_sci();
  return true;
}

}  // namespace tshyve::devices
