// A PCI function's configuration space: 256 bytes (PCI Local Bus 3.0 type-0 header) or 4 KiB
// (PCI Express base 4.0 §7.2.2), with per-byte write masks, BAR sizing and a capability list.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <vector>

#include "devices/pci/pci_bar_map.h"

namespace tshyve::devices {

// Type-0 header offsets and bits, PCI Local Bus Specification 3.0 §6.2.
namespace pci_reg {
constexpr uint32_t kVendorId = 0x00;
constexpr uint32_t kDeviceId = 0x02;
constexpr uint32_t kCommand = 0x04;
constexpr uint32_t kStatus = 0x06;
constexpr uint32_t kRevision = 0x08;
constexpr uint32_t kClassProg = 0x09;
constexpr uint32_t kCacheLineSize = 0x0c;
constexpr uint32_t kLatencyTimer = 0x0d;
constexpr uint32_t kHeaderType = 0x0e;
constexpr uint32_t kBar0 = 0x10;
constexpr uint32_t kSubsystemVendorId = 0x2c;
constexpr uint32_t kSubsystemId = 0x2e;
constexpr uint32_t kCapabilitiesPtr = 0x34;
constexpr uint32_t kExpansionRom = 0x30;  // address bits 31:11, enable bit 0 (§6.2.5.2)
constexpr uint32_t kExpansionRomEnable = 0x1;
constexpr uint32_t kInterruptLine = 0x3c;
constexpr uint32_t kInterruptPin = 0x3d;
constexpr uint16_t kCommandIo = 1u << 0;
constexpr uint16_t kCommandMemory = 1u << 1;
constexpr uint16_t kCommandBusMaster = 1u << 2;
constexpr uint16_t kCommandIntxDisable = 1u << 10;
constexpr uint16_t kStatusCapList = 1u << 4;
constexpr uint8_t kHeaderMultiFunction = 0x80;
}  // namespace pci_reg

enum class PciBarKind { kIo, kMem32, kMem64 };

// One BAR reprogramming: a region's decoded address or its enable (command IO/MEM bit, the ROM's
// enable bit) changed in a config write, so its placement moves. Returned by PciConfigSpace::write
// and applied by PciBarDevice::apply_bar_changes. vCPU thread (config-write path).
struct PciBarChange {
  int index;  // region: BAR 0-5 or kPciRomRegion
  PciBarKind kind;
  uint64_t old_address;  // valid if was_enabled
  uint64_t new_address;  // valid if enabled
  uint64_t size;
  bool was_enabled;
  bool enabled;
};

class PciConfigSpace {
 public:
  static constexpr uint32_t kLegacySize = 256;
  static constexpr uint32_t kExpressSize = 4096;

  explicit PciConfigSpace(uint32_t size = kLegacySize);

  // Setup: identity. class_code is (base << 16) | (sub << 8) | prog_if.
  void set_identity(uint16_t vendor, uint16_t device, uint32_t class_code, uint8_t revision, uint16_t subsystem_vendor, uint16_t subsystem);
  void set_header_type(uint8_t type) { bytes_[pci_reg::kHeaderType] = type; }
  void set_interrupt_pin(uint8_t pin);  // 1 = INTA# .. 4 = INTD#, 0 none

  // Setup: declares BAR `index` (0..5; a 64-bit BAR also uses index+1). Size is a power of two
  // (>= 16 for memory, >= 4 for I/O); returns false if it does not fit.
  bool add_bar(int index, PciBarKind kind, uint64_t size, bool prefetchable = false);
  // Setup: appends a capability (body[0] = cap ID, body[1] is filled with the next pointer).
  // `writable` may be empty (read-only) or the same length as body. Returns its offset, 0 if full.
  uint8_t add_capability(const std::vector<uint8_t>& body, const std::vector<uint8_t>& writable = {});
  // Setup: an expansion ROM BAR (region kPciRomRegion) of `size` bytes, a power of two >= 2 KiB.
  bool add_rom_bar(uint64_t size);

  // Setup: raw initial value and write mask for device-specific registers.
  void set_bytes(uint32_t offset, const std::vector<uint8_t>& value, uint8_t write_mask = 0x00);
  void set_u8(uint32_t offset, uint8_t v, uint8_t write_mask = 0x00);
  void set_u16(uint32_t offset, uint16_t v, uint16_t write_mask = 0x0000);
  void set_u32(uint32_t offset, uint32_t v, uint32_t write_mask = 0x00000000);
  // Bits a write of 1 clears (status registers); also needs the write mask to exclude them.
  void set_w1c(uint32_t offset, uint8_t mask);

  void on_bar_change(std::function<void(const PciBarChange&)> callback) { bar_callback_ = std::move(callback); }

  // Guest access, any alignment inside the space; out-of-range bytes read as 0xff / are ignored.
  uint32_t read(uint32_t offset, uint32_t size) const;
  // Returns the BAR reprogramming the write caused (usually none); on_bar_change sees the same.
  std::vector<PciBarChange> write(uint32_t offset, uint32_t size, uint32_t value);

  uint32_t size() const { return size_; }
  uint8_t byte(uint32_t offset) const { return offset < size_ ? bytes_[offset] : 0xff; }
  uint16_t command() const;
  // Current decoded base of region `index` (BAR 0-5 or kPciRomRegion; 0 if it has none).
  uint64_t bar_address(int index) const;
  bool bar_enabled(int index) const;
  uint64_t bar_size(int index) const;

 private:
  struct Bar {
    bool present = false;
    bool upper_half = false;  // the high dword of a 64-bit BAR
    PciBarKind kind = PciBarKind::kMem32;
    uint64_t size = 0;
  };

  uint32_t size_;
  std::array<uint8_t, kExpressSize> bytes_{};
  std::array<uint8_t, kExpressSize> wmask_{};
  std::array<uint8_t, kExpressSize> w1c_{};
  std::array<Bar, kPciRegions> bars_{};  // BARs 0-5, then the expansion ROM
  uint8_t last_cap_ = 0;
  uint32_t next_cap_ = 0x40;
  std::function<void(const PciBarChange&)> bar_callback_;
};

}  // namespace tshyve::devices
