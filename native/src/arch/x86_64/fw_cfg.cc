// QEMU fw_cfg (docs/specs/fw_cfg.rst): I/O selector/data ports and the DMA interface, with every
// guest-supplied address, length and offset checked against the item and guest RAM.
#include "arch/x86_64/fw_cfg.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

namespace tshyve::arch::x86_64 {

namespace {
constexpr uint64_t kDmaChunk = 4096;     // copy page by page: each chunk is translated separately
constexpr uint32_t kDmaAccessSize = 16;  // FWCfgDmaAccess: be32 control, be32 length, be64 address
constexpr uint16_t kKeyMask = static_cast<uint16_t>(~fw_cfg_key::kWriteFlag);
constexpr uint8_t kStateVersion = 1;

uint32_t load_be32(const uint8_t* p) {
  return (static_cast<uint32_t>(p[0]) << 24) | (static_cast<uint32_t>(p[1]) << 16) | (static_cast<uint32_t>(p[2]) << 8) | p[3];
}
void store_be32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v >> 24);
  p[1] = static_cast<uint8_t>(v >> 16);
  p[2] = static_cast<uint8_t>(v >> 8);
  p[3] = static_cast<uint8_t>(v);
}
std::vector<uint8_t> le_bytes(uint64_t v, size_t n) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
  return out;
}

class IoPorts : public vmm::BusDevice {
 public:
  explicit IoPorts(std::shared_ptr<FwCfg> cfg) : cfg_(std::move(cfg)) {}
  void read(uint64_t offset, uint8_t* data, uint32_t size) override {
    for (uint32_t i = 0; i < size; ++i) data[i] = offset == 1 ? cfg_->read_data_byte() : 0x00;
  }
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override {
    if (offset == 0 && size >= 1) {
      cfg_->select(static_cast<uint16_t>(data[0] | (size >= 2 ? data[1] << 8 : 0)));
    }
    // Data port writes are ignored (deprecated since QEMU 2.4, fw_cfg.rst).
  }

 private:
  std::shared_ptr<FwCfg> cfg_;
};

class DmaPorts : public vmm::BusDevice {
 public:
  explicit DmaPorts(std::shared_ptr<FwCfg> cfg) : cfg_(std::move(cfg)) {}
  void read(uint64_t offset, uint8_t* data, uint32_t size) override {
    for (uint32_t i = 0; i < size; ++i) {
      const uint64_t at = offset + i;
      data[i] = at < 8 ? static_cast<uint8_t>(kFwCfgDmaSignature >> (8 * (7 - at))) : 0xff;
    }
  }
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override {
    // The registers are big-endian: the first byte written is the most significant.
    if (offset == 0 && size == 8) {
      cfg_->dma_address_high(load_be32(data));
      cfg_->dma_address_low(load_be32(data + 4));
    } else if (offset == 0 && size == 4) {
      cfg_->dma_address_high(load_be32(data));
    } else if (offset == 4 && size == 4) {
      cfg_->dma_address_low(load_be32(data));
    }
  }

 private:
  std::shared_ptr<FwCfg> cfg_;
};
}  // namespace

FwCfg::FwCfg(vmm::GuestMemoryView& memory) : memory_(memory) {
  items_[fw_cfg_key::kSignature] = {'Q', 'E', 'M', 'U'};
  items_[fw_cfg_key::kId] = le_bytes(kFwCfgIdTraditional | kFwCfgIdDma, 4);
  rebuild_directory();
}

void FwCfg::set_item(uint16_t key, std::vector<uint8_t> data) {
  std::lock_guard<std::mutex> g(mutex_);
  items_[static_cast<uint16_t>(key & kKeyMask)] = std::move(data);
}
void FwCfg::set_u16(uint16_t key, uint16_t v) { set_item(key, le_bytes(v, 2)); }
void FwCfg::set_u32(uint16_t key, uint32_t v) { set_item(key, le_bytes(v, 4)); }
void FwCfg::set_u64(uint16_t key, uint64_t v) { set_item(key, le_bytes(v, 8)); }

bool FwCfg::add_file(const std::string& name, std::vector<uint8_t> data) {
  if (name.empty() || name.size() >= kFwCfgMaxFileName || name.find('\0') != std::string::npos) return false;
  std::lock_guard<std::mutex> g(mutex_);
  auto it = files_.find(name);
  uint16_t key;
  if (it != files_.end()) {
    key = it->second;
  } else {
    if (next_file_key_ > fw_cfg_key::kFileLast) return false;
    key = next_file_key_++;
    files_[name] = key;
  }
  items_[key] = std::move(data);
  rebuild_directory();
  return true;
}

bool FwCfg::has_file(const std::string& name) const {
  std::lock_guard<std::mutex> g(mutex_);
  return files_.count(name) != 0;
}

std::vector<uint8_t> FwCfg::file(const std::string& name) const {
  std::lock_guard<std::mutex> g(mutex_);
  auto it = files_.find(name);
  if (it == files_.end()) return {};
  auto item = items_.find(it->second);
  return item == items_.end() ? std::vector<uint8_t>{} : item->second;
}

void FwCfg::rebuild_directory() {
  // FWCfgFiles: be32 count, then FWCfgFile { be32 size; be16 select; be16 reserved; char name[56]; }.
  std::vector<uint8_t> dir(4 + files_.size() * 64, 0);
  store_be32(dir.data(), static_cast<uint32_t>(files_.size()));
  size_t at = 4;
  for (const auto& [name, key] : files_) {
    auto item = items_.find(key);
    const uint32_t size = item == items_.end() ? 0 : static_cast<uint32_t>(item->second.size());
    store_be32(&dir[at], size);
    dir[at + 4] = static_cast<uint8_t>(key >> 8);
    dir[at + 5] = static_cast<uint8_t>(key);
    std::memcpy(&dir[at + 8], name.data(), std::min(name.size(), kFwCfgMaxFileName - 1));
    at += 64;
  }
  items_[fw_cfg_key::kFileDir] = std::move(dir);
}

const std::vector<uint8_t>* FwCfg::current() const {
  auto it = items_.find(static_cast<uint16_t>(selected_ & kKeyMask));
  return it == items_.end() ? nullptr : &it->second;
}

void FwCfg::select(uint16_t key) {
  std::lock_guard<std::mutex> g(mutex_);
  selected_ = key;
  offset_ = 0;
}

uint8_t FwCfg::read_data_byte() {
  std::lock_guard<std::mutex> g(mutex_);
  const auto* item = current();
  // Reading past the end (or a missing item) returns 0, fw_cfg.rst "Data Register".
  if (!item || offset_ >= item->size()) return 0;
  return (*item)[offset_++];
}

void FwCfg::dma_address_high(uint32_t v) {
  std::lock_guard<std::mutex> g(mutex_);
  dma_high_ = v;
}

void FwCfg::dma_address_low(uint32_t v) {
  std::lock_guard<std::mutex> g(mutex_);
  const uint64_t address = (static_cast<uint64_t>(dma_high_) << 32) | v;
  dma_high_ = 0;  // the high half is reset after each transfer (fw_cfg.rst)
  run_dma(address);
}

void FwCfg::run_dma(uint64_t address) {
  uint8_t access[kDmaAccessSize];
  if (!memory_.read(address, access, kDmaAccessSize)) return;  // nowhere to report the error
  uint32_t control = load_be32(access);
  const uint32_t length = load_be32(access + 4);
  const uint64_t target = (static_cast<uint64_t>(load_be32(access + 8)) << 32) | load_be32(access + 12);
  bool error = false;

  if (control & kFwCfgDmaSelect) {
    selected_ = static_cast<uint16_t>(control >> 16);
    offset_ = 0;
  }
  const auto* item = current();
  const uint64_t item_size = item ? item->size() : 0;
  if (control & kFwCfgDmaRead) {
    // Bytes past the item's end read as zero (QEMU fw_cfg_dma_transfer).
    uint64_t done = 0;
    while (done < length && !error) {
      const uint64_t chunk = std::min<uint64_t>(kDmaChunk - ((target + done) % kDmaChunk), length - done);
      uint8_t* dst = memory_.translate_writable(target + done, chunk);
      if (!dst) {
        error = true;
        break;
      }
      const uint64_t pos = offset_ + done;
      const uint64_t avail = pos < item_size ? std::min<uint64_t>(item_size - pos, chunk) : 0;
      if (avail) std::memcpy(dst, item->data() + pos, avail);
      if (avail < chunk) std::memset(dst + avail, 0, chunk - avail);
      done += chunk;
    }
    offset_ = static_cast<uint32_t>(std::min<uint64_t>(offset_ + done, item_size));
  } else if (control & kFwCfgDmaWrite) {
    error = true;  // no item here is writable
  } else if (control & kFwCfgDmaSkip) {
    offset_ = static_cast<uint32_t>(std::min<uint64_t>(static_cast<uint64_t>(offset_) + length, item_size));
  }
  control = error ? kFwCfgDmaError : 0;
  uint8_t out[4];
  store_be32(out, control);
  memory_.write(address, out, 4);
}

void FwCfg::save_state(vmm::StateWriter& out) const {
  std::lock_guard<std::mutex> g(mutex_);
  const auto* item = current();
  out.u8(kStateVersion);
  out.u16(selected_);
  out.u32(offset_);
  out.u32(dma_high_);
  out.u8(item ? 1 : 0);
  out.u32(item ? static_cast<uint32_t>(item->size()) : 0);
}

bool FwCfg::restore_state(vmm::StateReader& in, std::string& why) {
  const uint8_t version = in.u8();
  const uint16_t selected = in.u16();
  const uint32_t offset = in.u32();
  const uint32_t dma_high = in.u32();
  const bool had_item = in.boolean();
  const uint32_t item_size = in.u32();
  if (!in.ok_and_done()) {
    why = "the section is truncated or garbled";
    return false;
  }
  if (version != kStateVersion) {
    why = "section version " + std::to_string(version) + ", this VMM reads version " + std::to_string(kStateVersion);
    return false;
  }
  std::lock_guard<std::mutex> g(mutex_);
  auto it = items_.find(static_cast<uint16_t>(selected & kKeyMask));
  const bool has_item = it != items_.end();
  const uint64_t size = has_item ? it->second.size() : 0;
  char key[8];
  std::snprintf(key, sizeof key, "0x%04x", selected);
  if (has_item != had_item || size != item_size) {
    why = std::string("the selected item ") + key + " is " + (had_item ? std::to_string(item_size) + " bytes" : "absent") +
          " in the snapshot and " + (has_item ? std::to_string(size) + " bytes" : "absent") + " here";
    return false;
  }
  if (offset > size) {
    why = "read offset " + std::to_string(offset) + " lies beyond the selected item " + key + " (" + std::to_string(size) + " bytes)";
    return false;
  }
  selected_ = selected;
  offset_ = offset;
  dma_high_ = dma_high;
  return true;
}

std::shared_ptr<vmm::BusDevice> FwCfg::io_device() { return std::make_shared<IoPorts>(shared_from_this()); }
std::shared_ptr<vmm::BusDevice> FwCfg::dma_device() { return std::make_shared<DmaPorts>(shared_from_this()); }

}  // namespace tshyve::arch::x86_64
