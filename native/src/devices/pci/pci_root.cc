// PCI root complex for bus 0: configuration mechanism #1 at 0xCF8/0xCFC (PCI Local Bus 3.0
// §3.2.2.3.2) and ECAM (PCI Express base 4.0 §7.2.2). Absent functions read all-ones.
#include "devices/pci/pci_root.h"

#include <cstring>

namespace tshyve::devices {

namespace {
// CONFIG_ADDRESS layout, PCI 3.0 §3.2.2.3.2: bit 31 enable, 23:16 bus, 15:11 device, 10:8
// function, 7:2 register; bits 1:0 read back as zero.
constexpr uint32_t kConfigEnable = 0x80000000u;
constexpr uint32_t kConfigAddressMask = 0x80fffffcu;
constexpr uint32_t kConfigAddressPort = 0;  // 0xCF8
constexpr uint32_t kResetControlPort = 1;   // 0xCF9, Intel ICH9 datasheet §13.7.5
constexpr uint32_t kConfigDataPort = 4;     // 0xCFC..0xCFF
constexpr uint32_t kAllOnes = 0xffffffffu;
constexpr uint8_t kStateVersion = 1;

uint32_t load_le(const uint8_t* data, uint32_t size) {
  uint32_t v = 0;
  for (uint32_t i = 0; i < size && i < 4; ++i) v |= static_cast<uint32_t>(data[i]) << (8 * i);
  return v;
}

void store_le(uint8_t* data, uint32_t size, uint64_t v) {
  for (uint32_t i = 0; i < size && i < 8; ++i) data[i] = static_cast<uint8_t>(v >> (8 * i));
}

bool valid_size(uint32_t size) { return size == 1 || size == 2 || size == 4; }

class ConfigIoPorts : public vmm::BusDevice {
 public:
  ConfigIoPorts(std::shared_ptr<PciRoot> root, std::shared_ptr<vmm::BusDevice> cf9)
      : owner_(std::move(root)), root_(*owner_), cf9_(std::move(cf9)) {}

  void read(uint64_t offset, uint8_t* data, uint32_t size) override {
    if (offset == kConfigAddressPort && size == 4) {
      std::lock_guard<std::mutex> g(root_.lock());
      store_le(data, 4, root_.config_address());
      return;
    }
    if (offset == kResetControlPort && size == 1 && cf9_) {
      cf9_->read(0, data, 1);
      return;
    }
    if (offset >= kConfigDataPort && offset + size <= 8 && valid_size(size)) {
      uint32_t address;
      {
        std::lock_guard<std::mutex> g(root_.lock());
        address = root_.config_address();
      }
      if (address & kConfigEnable) {
        const uint32_t reg = (address & 0xfc) + static_cast<uint32_t>(offset - kConfigDataPort);
        store_le(data, size, root_.config_read((address >> 16) & 0xff, (address >> 11) & 0x1f, (address >> 8) & 0x7, reg, size));
        return;
      }
    }
    store_le(data, size, ~0ull);
  }

  void write(uint64_t offset, const uint8_t* data, uint32_t size) override {
    if (offset == kConfigAddressPort && size == 4) {
      std::lock_guard<std::mutex> g(root_.lock());
      root_.set_config_address(load_le(data, 4) & kConfigAddressMask);
      return;
    }
    if (offset == kResetControlPort && size == 1 && cf9_) {
      cf9_->write(0, data, 1);
      return;
    }
    if (offset >= kConfigDataPort && offset + size <= 8 && valid_size(size)) {
      uint32_t address;
      {
        std::lock_guard<std::mutex> g(root_.lock());
        address = root_.config_address();
      }
      if (!(address & kConfigEnable)) return;
      const uint32_t reg = (address & 0xfc) + static_cast<uint32_t>(offset - kConfigDataPort);
      root_.config_write((address >> 16) & 0xff, (address >> 11) & 0x1f, (address >> 8) & 0x7, reg, size, load_le(data, size));
    }
    // Other widths at 0xCF8-0xCFB are not configuration accesses: ignored.
  }

 private:
  std::shared_ptr<PciRoot> owner_;
  PciRoot& root_;
  std::shared_ptr<vmm::BusDevice> cf9_;
};

class EcamWindow : public vmm::BusDevice {
 public:
  explicit EcamWindow(std::shared_ptr<PciRoot> root) : owner_(std::move(root)), root_(*owner_) {}

  void read(uint64_t offset, uint8_t* data, uint32_t size) override {
    if (size == 8) {  // split a qword into two dword accesses
      read(offset, data, 4);
      read(offset + 4, data + 4, 4);
      return;
    }
    uint32_t bus, slot, fn, reg;
    if (!decode(offset, size, bus, slot, fn, reg)) {
      store_le(data, size, ~0ull);
      return;
    }
    store_le(data, size, root_.config_read(bus, slot, fn, reg, size));
  }

  void write(uint64_t offset, const uint8_t* data, uint32_t size) override {
    if (size == 8) {
      write(offset, data, 4);
      write(offset + 4, data + 4, 4);
      return;
    }
    uint32_t bus, slot, fn, reg;
    if (!decode(offset, size, bus, slot, fn, reg)) return;
    root_.config_write(bus, slot, fn, reg, size, load_le(data, size));
  }

 private:
  static bool decode(uint64_t offset, uint32_t size, uint32_t& bus, uint32_t& slot, uint32_t& fn, uint32_t& reg) {
    if (!valid_size(size) || (offset & (size - 1)) != 0 || offset >= (256ull << 20)) return false;
    bus = static_cast<uint32_t>(offset >> 20) & 0xff;
    slot = static_cast<uint32_t>(offset >> 15) & 0x1f;
    fn = static_cast<uint32_t>(offset >> 12) & 0x7;
    reg = static_cast<uint32_t>(offset) & 0xfff;
    return true;
  }
  std::shared_ptr<PciRoot> owner_;
  PciRoot& root_;
};

}  // namespace

bool PciRoot::add_function(uint32_t slot, uint32_t function, std::shared_ptr<PciFunction> fn) {
  if (slot >= kPciSlotsPerBus || function >= kPciFunctionsPerSlot || !fn) return false;
  auto& entry = functions_[slot * kPciFunctionsPerSlot + function];
  if (entry) return false;
  entry = std::move(fn);
  return true;
}

int PciRoot::free_slot(uint32_t first) const {
  for (uint32_t s = first; s < kPciSlotsPerBus; ++s) {
    bool used = false;
    for (uint32_t f = 0; f < kPciFunctionsPerSlot; ++f) used = used || functions_[s * kPciFunctionsPerSlot + f] != nullptr;
    if (!used) return static_cast<int>(s);
  }
  return -1;
}

PciFunction* PciRoot::lookup(uint32_t bus, uint32_t slot, uint32_t function) const {
  if (bus != 0 || slot >= kPciSlotsPerBus || function >= kPciFunctionsPerSlot) return nullptr;
  return functions_[slot * kPciFunctionsPerSlot + function].get();
}

uint32_t PciRoot::config_read(uint32_t bus, uint32_t slot, uint32_t function, uint32_t offset, uint32_t size) {
  PciFunction* fn = lookup(bus, slot, function);
  if (!fn || !valid_size(size) || offset >= 4096 || (offset & 3) + size > 4) {
    return size >= 4 ? kAllOnes : (1u << (8 * size)) - 1;
  }
  std::lock_guard<std::mutex> g(mutex_);
  const uint32_t v = fn->config_read(offset, size);
  return size >= 4 ? v : v & ((1u << (8 * size)) - 1);
}

void PciRoot::config_write(uint32_t bus, uint32_t slot, uint32_t function, uint32_t offset, uint32_t size, uint32_t value) {
  PciFunction* fn = lookup(bus, slot, function);
  if (!fn || !valid_size(size) || offset >= 4096 || (offset & 3) + size > 4) return;
  std::lock_guard<std::mutex> g(mutex_);
  fn->config_write(offset, size, value);
}

void PciRoot::save_state(vmm::StateWriter& out) {
  std::lock_guard<std::mutex> g(mutex_);
  out.u8(kStateVersion);
  out.u32(config_address_);
}

bool PciRoot::restore_state(vmm::StateReader& in) {
  const uint8_t version = in.u8();
  const uint32_t address = in.u32();
  // Bits outside the mask are never latched: such a value was not saved by this VMM.
  if (!in.ok_and_done() || version != kStateVersion || (address & ~kConfigAddressMask)) return false;
  std::lock_guard<std::mutex> g(mutex_);
  config_address_ = address;
  return true;
}

std::shared_ptr<vmm::BusDevice> PciRoot::io_device(std::shared_ptr<vmm::BusDevice> cf9) {
  return std::make_shared<ConfigIoPorts>(shared_from_this(), std::move(cf9));
}

std::shared_ptr<vmm::BusDevice> PciRoot::ecam_device() { return std::make_shared<EcamWindow>(shared_from_this()); }

}  // namespace tshyve::devices
