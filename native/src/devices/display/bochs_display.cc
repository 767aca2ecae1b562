// Bochs VBE DISPI register semantics as QEMU's VGA model implements them (index 0 ID .. 9 Y_OFFSET,
// 0xa VIDEO_MEMORY_64K; ENABLE bits 0x01 enabled, 0x02 get-caps, 0x40 8-bit DAC, 0x80 no-clear):
// 16-bit registers at BAR 2 + 0x500 + 2*index. The guest can only choose modes inside the 16 MiB
// framebuffer: a mode that would not fit is reported as disabled to viewers.
#include "devices/display/bochs_display.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

#include "devices/display/edid.h"

namespace tshyve::devices::display {

namespace {
constexpr uint16_t kVendorBochs = 0x1234, kDeviceDisplay = 0x1111, kSubVendorQemu = 0x1af4, kSubsystemQemu = 0x1100;
constexpr uint32_t kClassVga = 0x030000;
constexpr uint64_t kEdidEnd = 0x400, kVgaPorts = 0x400, kDispi = 0x500, kDispiEnd = 0x500 + 2 * 0x0b, kQemuExt = 0x600;
enum Dispi : uint32_t { kId = 0, kXres, kYres, kBpp, kEnable, kBank, kVirtWidth, kVirtHeight, kXOffset, kYOffset, kVideoMemory64k };
constexpr uint16_t kIdLatest = 0xb0c5, kIdOldest = 0xb0c0;
constexpr uint16_t kEnabled = 0x01, kGetCaps = 0x02, kNoClearMem = 0x80;
constexpr uint64_t kRomMinSize = 2048, kRomMaxSize = 1 << 20;

bool valid_bpp(uint16_t b) { return b == 8 || b == 15 || b == 16 || b == 24 || b == 32; }
}  // namespace

BochsDisplay::BochsDisplay(const BochsDisplayOptions& options)
    : options_(options), fb_(kFramebufferSize, options.vm_fd, options.memslot), edid_(make_edid(options.width, options.height)) {
  config_.set_identity(kVendorBochs, kDeviceDisplay, kClassVga, 2, kSubVendorQemu, kSubsystemQemu);
  config_.add_bar(0, PciBarKind::kMem32, kFramebufferSize, true);
  config_.add_bar(2, PciBarKind::kMem32, kMmioSize);
  if (!options_.rom.empty()) {
    if (options_.rom.size() > kRomMaxSize) throw std::runtime_error("bochs-display: VGA ROM larger than 1 MiB");
    rom_size_ = kRomMinSize;
    while (rom_size_ < options_.rom.size()) rom_size_ <<= 1;
    config_.add_rom_bar(rom_size_);
  }
  dispi_[kId] = kIdLatest;
  dispi_[kBpp] = 32;
}

uint32_t BochsDisplay::config_read(uint32_t offset, uint32_t size) { return config_.read(offset, size); }

void BochsDisplay::config_write(uint32_t offset, uint32_t size, uint32_t value) { apply_bar_changes(config_.write(offset, size, value)); }

void BochsDisplay::preassign_bars(uint64_t framebuffer, uint64_t mmio) {
  apply_bar_changes(config_.write(pci_reg::kBar0, 4, static_cast<uint32_t>(framebuffer)));
  apply_bar_changes(config_.write(pci_reg::kBar0 + 8, 4, static_cast<uint32_t>(mmio)));
  apply_bar_changes(config_.write(pci_reg::kCommand, 2, config_.command() | pci_reg::kCommandMemory));
}

void BochsDisplay::region_placed(const PciBarChange& change, bool mapped) {
  if (change.index == 0) fb_.place(change.new_address, mapped);
}

void BochsDisplay::mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (region == 0 && offset < fb_.size()) {
    std::memcpy(data, fb_.data() + offset, std::min<uint64_t>(size, fb_.size() - offset));
  } else if (region == 2) {
    regs_read(offset, data, size);
  } else if (region == kPciRomRegion) {
    for (uint32_t i = 0; i < size; ++i) data[i] = offset + i < options_.rom.size() ? options_.rom[offset + i] : 0;
  }
}

void BochsDisplay::mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) {
  if (region == 0 && offset < fb_.size()) {  // only while the memslot is not in place
    const uint64_t n = std::min<uint64_t>(size, fb_.size() - offset);
    std::memcpy(fb_.data() + offset, data, n);
    fb_.mark_dirty(offset, n);
  } else if (region == 2) {
    regs_write(offset, data, size);
  }
}

void BochsDisplay::regs_read(uint64_t offset, uint8_t* data, uint32_t size) {
  for (uint32_t i = 0; i < size; ++i) {
    const uint64_t o = offset + i;
    if (o < edid_.size()) {
      data[i] = edid_[o];
    } else if (o >= kDispi && o < kDispiEnd) {
      data[i] = static_cast<uint8_t>(dispi_read(static_cast<uint32_t>((o - kDispi) / 2)) >> (8 * ((o - kDispi) & 1)));
    } else if (o >= kQemuExt && o < kQemuExt + 8) {
      const uint32_t v = o < kQemuExt + 4 ? 8u : endianness_;  // region size; framebuffer endianness
      data[i] = static_cast<uint8_t>(v >> (8 * ((o - kQemuExt) & 3)));
    }
  }
}

void BochsDisplay::regs_write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (offset >= kDispi && offset < kDispiEnd && size == 2 && !(offset & 1)) {
    dispi_write(static_cast<uint32_t>((offset - kDispi) / 2), static_cast<uint16_t>(data[0] | data[1] << 8));
  } else if (offset == kQemuExt + 4 && size == 4) {
    uint32_t v;
    std::memcpy(&v, data, 4);
    if (v == 0x1e1e1e1e || v == 0xbebebebe) {
      std::lock_guard<std::mutex> lock(mu_);
      endianness_ = v;
    }
  }
  // EDID is read-only; VGA port writes (0x400-0x41f: attribute/sequencer) have nothing to drive here.
  (void)kEdidEnd;
  (void)kVgaPorts;
}

uint16_t BochsDisplay::dispi_read(uint32_t index) const {
  std::lock_guard<std::mutex> lock(mu_);
  const bool caps = dispi_[kEnable] & kGetCaps;
  switch (index) {
    case kXres: return caps ? kMaxWidth : dispi_[kXres];
    case kYres: return caps ? kMaxHeight : dispi_[kYres];
    case kBpp: return caps ? 32 : dispi_[kBpp];
    case kVideoMemory64k: return static_cast<uint16_t>(kFramebufferSize >> 16);
    default: return index < dispi_.size() ? dispi_[index] : 0;
  }
}

void BochsDisplay::dispi_write(uint32_t index, uint16_t v) {
  bool clear = false;
  uint64_t clear_len = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    switch (index) {
      case kId:
        if (v >= kIdOldest && v <= kIdLatest) dispi_[kId] = v;
        break;
      case kXres: dispi_[kXres] = std::min<uint16_t>(v & ~7u, kMaxWidth); break;
      case kYres: dispi_[kYres] = std::min<uint16_t>(v, kMaxHeight); break;
      case kBpp:
        if (valid_bpp(v)) dispi_[kBpp] = v;
        break;
      case kEnable: {
        const bool was = dispi_[kEnable] & kEnabled;
        dispi_[kEnable] = v;
        if ((v & kEnabled) && !was) {  // a mode set: virtual size follows the mode as QEMU does
          const uint32_t bytes_pp = (dispi_[kBpp] + 7) / 8;
          dispi_[kVirtWidth] = dispi_[kXres];
          const uint64_t line = static_cast<uint64_t>(dispi_[kVirtWidth]) * bytes_pp;
          dispi_[kVirtHeight] = line ? static_cast<uint16_t>(std::min<uint64_t>(kFramebufferSize / line, 0xffff)) : 0;
          dispi_[kXOffset] = dispi_[kYOffset] = 0;
          if (!(v & kNoClearMem)) {
            clear = true;
            clear_len = std::min<uint64_t>(line * dispi_[kYres], kFramebufferSize);
          }
        }
        break;
      }
      case kBank: dispi_[kBank] = v; break;
      case kVirtWidth: {
        const uint32_t bytes_pp = (dispi_[kBpp] + 7) / 8;
        const uint64_t line = static_cast<uint64_t>(std::max<uint16_t>(v, dispi_[kXres])) * bytes_pp;
        if (line == 0 || line > kFramebufferSize) break;
        dispi_[kVirtWidth] = static_cast<uint16_t>(std::max<uint16_t>(v, dispi_[kXres]));
        dispi_[kVirtHeight] = static_cast<uint16_t>(std::min<uint64_t>(kFramebufferSize / line, 0xffff));
        break;
      }
      case kXOffset: dispi_[kXOffset] = v; break;
      case kYOffset: dispi_[kYOffset] = v; break;
      default: break;  // VIRT_HEIGHT and VIDEO_MEMORY_64K are read-only
    }
  }
  if (clear) {
    std::memset(fb_.data(), 0, clear_len);
    fb_.mark_dirty(0, clear_len);
  }
}

ScanoutMode BochsDisplay::mode() const {
  std::lock_guard<std::mutex> lock(mu_);
  ScanoutMode m;
  if (!(dispi_[kEnable] & kEnabled)) return m;
  m.width = dispi_[kXres];
  m.height = dispi_[kYres];
  m.bpp = dispi_[kBpp];
  const uint32_t bytes_pp = (m.bpp + 7) / 8;
  m.stride = static_cast<uint32_t>(std::max(dispi_[kVirtWidth], dispi_[kXres])) * bytes_pp;
  m.offset = static_cast<uint64_t>(dispi_[kYOffset]) * m.stride + static_cast<uint64_t>(dispi_[kXOffset]) * bytes_pp;
  const uint64_t end = m.height ? m.offset + static_cast<uint64_t>(m.height - 1) * m.stride + static_cast<uint64_t>(m.width) * bytes_pp : 0;
  m.enabled = m.width && m.height && end <= kFramebufferSize && (m.bpp == 32 || m.bpp == 16);
  if (!m.enabled) return ScanoutMode{};
  return m;
}

}  // namespace tshyve::devices::display
