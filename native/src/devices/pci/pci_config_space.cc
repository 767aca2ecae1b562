// A PCI function's configuration space with write masks, BAR sizing and a capability list
// (PCI Local Bus Specification 3.0 §6.2, §6.7; PCI Express base 4.0 §7.2.2 for 4 KiB spaces).
#include "devices/pci/pci_config_space.h"

namespace tshyve::devices {

namespace {
// BAR low bits, PCI Local Bus 3.0 §6.2.5.1.
constexpr uint32_t kBarIoSpace = 0x1;
constexpr uint32_t kBarMem64 = 0x4;
constexpr uint32_t kBarPrefetch = 0x8;
// Command bits the guest may change: IO, MEM, bus master, parity, SERR, INTx disable.
constexpr uint16_t kCommandWritable = 0x0001 | 0x0002 | 0x0004 | 0x0040 | 0x0100 | 0x0400;
// Status bits that are write-1-to-clear: parity, signalled/received aborts, SERR, parity error.
constexpr uint16_t kStatusW1c = 0xf900;
}  // namespace

PciConfigSpace::PciConfigSpace(uint32_t size) : size_(size == kExpressSize ? kExpressSize : kLegacySize) {
  set_u16(pci_reg::kCommand, 0, kCommandWritable);
  set_w1c(pci_reg::kStatus, static_cast<uint8_t>(kStatusW1c & 0xff));
  set_w1c(pci_reg::kStatus + 1, static_cast<uint8_t>(kStatusW1c >> 8));
  set_u8(pci_reg::kCacheLineSize, 0, 0xff);
  set_u8(pci_reg::kLatencyTimer, 0, 0xff);
  set_u8(pci_reg::kInterruptLine, 0xff, 0xff);
}

void PciConfigSpace::set_identity(uint16_t vendor, uint16_t device, uint32_t class_code, uint8_t revision, uint16_t subsystem_vendor,
                                  uint16_t subsystem) {
  set_u16(pci_reg::kVendorId, vendor);
  set_u16(pci_reg::kDeviceId, device);
  set_u8(pci_reg::kRevision, revision);
  set_u8(pci_reg::kClassProg, static_cast<uint8_t>(class_code));
  set_u8(pci_reg::kClassProg + 1, static_cast<uint8_t>(class_code >> 8));
  set_u8(pci_reg::kClassProg + 2, static_cast<uint8_t>(class_code >> 16));
  set_u16(pci_reg::kSubsystemVendorId, subsystem_vendor);
  set_u16(pci_reg::kSubsystemId, subsystem);
}

void PciConfigSpace::set_interrupt_pin(uint8_t pin) { set_u8(pci_reg::kInterruptPin, pin); }

void PciConfigSpace::set_bytes(uint32_t offset, const std::vector<uint8_t>& value, uint8_t write_mask) {
  for (size_t i = 0; i < value.size() && offset + i < size_; ++i) {
    bytes_[offset + i] = value[i];
    wmask_[offset + i] = write_mask;
  }
}

void PciConfigSpace::set_u8(uint32_t offset, uint8_t v, uint8_t write_mask) {
  if (offset >= size_) return;
  bytes_[offset] = v;
  wmask_[offset] = write_mask;
}

void PciConfigSpace::set_u16(uint32_t offset, uint16_t v, uint16_t write_mask) {
  set_u8(offset, static_cast<uint8_t>(v), static_cast<uint8_t>(write_mask));
  set_u8(offset + 1, static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(write_mask >> 8));
}

void PciConfigSpace::set_u32(uint32_t offset, uint32_t v, uint32_t write_mask) {
  set_u16(offset, static_cast<uint16_t>(v), static_cast<uint16_t>(write_mask));
  set_u16(offset + 2, static_cast<uint16_t>(v >> 16), static_cast<uint16_t>(write_mask >> 16));
}

void PciConfigSpace::set_w1c(uint32_t offset, uint8_t mask) {
  if (offset < size_) w1c_[offset] = mask;
}

bool PciConfigSpace::add_bar(int index, PciBarKind kind, uint64_t size, bool prefetchable) {
  const int slots = kind == PciBarKind::kMem64 ? 2 : 1;
  if (index < 0 || index + slots > 6) return false;
  if (size == 0 || (size & (size - 1)) != 0) return false;
  if (kind == PciBarKind::kIo && (size < 4 || size > 0x10000)) return false;
  if (kind != PciBarKind::kIo && size < 16) return false;
  if (kind == PciBarKind::kMem32 && size > 0x80000000ull) return false;
  for (int i = index; i < index + slots; ++i)
    if (bars_[i].present) return false;

  const uint32_t reg = pci_reg::kBar0 + 4 * static_cast<uint32_t>(index);
  const uint64_t addr_mask = ~(size - 1);
  if (kind == PciBarKind::kIo) {
    set_u32(reg, kBarIoSpace, static_cast<uint32_t>(addr_mask) & ~0x3u);
  } else {
    uint32_t flags = (kind == PciBarKind::kMem64 ? kBarMem64 : 0) | (prefetchable ? kBarPrefetch : 0);
    set_u32(reg, flags, static_cast<uint32_t>(addr_mask) & ~0xfu);
    if (kind == PciBarKind::kMem64) {
      set_u32(reg + 4, 0, static_cast<uint32_t>(addr_mask >> 32));
      bars_[index + 1].present = true;
      bars_[index + 1].upper_half = true;
      bars_[index + 1].kind = kind;
    }
  }
  bars_[index].present = true;
  bars_[index].kind = kind;
  bars_[index].size = size;
  return true;
}

uint8_t PciConfigSpace::add_capability(const std::vector<uint8_t>& body, const std::vector<uint8_t>& writable) {
  if (body.size() < 2) return 0;
  const uint32_t offset = (next_cap_ + 3) & ~3u;
  // Capabilities live in the first 256 bytes (PCI 3.0 §6.7).
  if (offset + body.size() > kLegacySize || offset + body.size() > size_) return 0;
  for (size_t i = 0; i < body.size(); ++i) {
    bytes_[offset + i] = body[i];
    wmask_[offset + i] = i < writable.size() ? writable[i] : 0;
  }
  bytes_[offset + 1] = 0;
  wmask_[offset] = wmask_[offset + 1] = 0;
  if (last_cap_ == 0) {
    bytes_[pci_reg::kCapabilitiesPtr] = static_cast<uint8_t>(offset);
  } else {
    bytes_[last_cap_ + 1] = static_cast<uint8_t>(offset);
  }
  bytes_[pci_reg::kStatus] |= pci_reg::kStatusCapList;
  last_cap_ = static_cast<uint8_t>(offset);
  next_cap_ = offset + static_cast<uint32_t>(body.size());
  return static_cast<uint8_t>(offset);
}

uint32_t PciConfigSpace::read(uint32_t offset, uint32_t size) const {
  uint32_t value = 0;
  for (uint32_t i = 0; i < size && i < 4; ++i) value |= static_cast<uint32_t>(byte(offset + i)) << (8 * i);
  return value;
}

uint16_t PciConfigSpace::command() const { return static_cast<uint16_t>(bytes_[pci_reg::kCommand] | (bytes_[pci_reg::kCommand + 1] << 8)); }

bool PciConfigSpace::add_rom_bar(uint64_t size) {
  if (size < 2048 || size > (1ull << 31) || (size & (size - 1))) return false;
  // Sizing (§6.2.5.2): the address bits below the size read back as 0; enable is read/write.
  set_u32(pci_reg::kExpansionRom, 0, static_cast<uint32_t>(~(size - 1)) | pci_reg::kExpansionRomEnable);
  bars_[kPciRomRegion].present = true;
  bars_[kPciRomRegion].size = size;
  return true;
}

uint64_t PciConfigSpace::bar_size(int index) const {
  return index >= 0 && index < kPciRegions && bars_[index].present && !bars_[index].upper_half ? bars_[index].size : 0;
}

uint64_t PciConfigSpace::bar_address(int index) const {
  if (index == kPciRomRegion)
    return bars_[index].present ? read(pci_reg::kExpansionRom, 4) & static_cast<uint32_t>(~(bars_[index].size - 1)) : 0;
  if (index < 0 || index > 5 || !bars_[index].present || bars_[index].upper_half) return 0;
  const uint32_t reg = pci_reg::kBar0 + 4 * static_cast<uint32_t>(index);
  const uint32_t lo = read(reg, 4);
  switch (bars_[index].kind) {
    case PciBarKind::kIo: return lo & ~0x3u;
    case PciBarKind::kMem32: return lo & ~0xfu;
    case PciBarKind::kMem64: return (static_cast<uint64_t>(read(reg + 4, 4)) << 32) | (lo & ~0xfu);
  }
  return 0;
}

bool PciConfigSpace::bar_enabled(int index) const {
  if (index == kPciRomRegion)  // the enable bit and memory decoding (§6.2.5.2)
    return bars_[index].present && (read(pci_reg::kExpansionRom, 4) & pci_reg::kExpansionRomEnable) &&
           (command() & pci_reg::kCommandMemory) && bar_address(index) != 0;
  if (index < 0 || index > 5 || !bars_[index].present || bars_[index].upper_half) return false;
  const uint16_t cmd = command();
  const bool decode = bars_[index].kind == PciBarKind::kIo ? (cmd & pci_reg::kCommandIo) != 0 : (cmd & pci_reg::kCommandMemory) != 0;
  if (!decode) return false;
  // An address still holding the sizing pattern (all ones) or zero is not a placement.
  const uint64_t addr = bar_address(index);
  const uint64_t mask = ~(bars_[index].size - 1);
  const uint64_t limit = bars_[index].kind == PciBarKind::kMem64 ? ~0ull
                         : bars_[index].kind == PciBarKind::kIo  ? 0xffffffffull & ~0x3ull
                                                                 : 0xffffffffull & ~0xfull;
  return addr != 0 && addr != (mask & limit);
}

std::vector<PciBarChange> PciConfigSpace::write(uint32_t offset, uint32_t size, uint32_t value) {
  std::array<uint64_t, kPciRegions> old_addr{};
  std::array<bool, kPciRegions> old_en{};
  for (int r = 0; r < kPciRegions; ++r) {
    if (!bars_[r].present || bars_[r].upper_half) continue;
    old_addr[r] = bar_address(r);
    old_en[r] = bar_enabled(r);
  }
  for (uint32_t i = 0; i < size && i < 4; ++i) {
    const uint32_t at = offset + i;
    if (at >= size_) break;
    const uint8_t v = static_cast<uint8_t>(value >> (8 * i));
    const uint8_t keep = static_cast<uint8_t>(bytes_[at] & ~wmask_[at]);
    uint8_t next = static_cast<uint8_t>(keep | (v & wmask_[at]));
    next = static_cast<uint8_t>(next & ~(v & w1c_[at]));
    bytes_[at] = next;
  }
  std::vector<PciBarChange> changes;
  for (int r = 0; r < kPciRegions; ++r) {
    if (!bars_[r].present || bars_[r].upper_half) continue;
    const uint64_t addr = bar_address(r);
    const bool en = bar_enabled(r);
    if (en == old_en[r] && (!en || addr == old_addr[r])) continue;
    changes.push_back(PciBarChange{r, bars_[r].kind, old_addr[r], addr, bars_[r].size, old_en[r], en});
  }
  if (bar_callback_)
    for (const auto& c : changes) bar_callback_(c);
  return changes;
}

}  // namespace tshyve::devices
