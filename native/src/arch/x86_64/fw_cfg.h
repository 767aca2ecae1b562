// QEMU's firmware configuration device (QEMU docs/specs/fw_cfg.rst): selector 0x510, data 0x511,
// DMA address registers 0x514/0x518, legacy items, the file directory and named files.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vmm/bus_device.h"
#include "vmm/guest_memory_view.h"
#include "vmm/snapshot_state.h"

namespace tshyve::arch::x86_64 {

// Item keys, fw_cfg.rst "Selector (Control) Register" and QEMU include/standard-headers/linux/qemu_fw_cfg.h.
namespace fw_cfg_key {
constexpr uint16_t kSignature = 0x0000;
constexpr uint16_t kId = 0x0001;
constexpr uint16_t kRamSize = 0x0003;
constexpr uint16_t kNoGraphic = 0x0004;
constexpr uint16_t kNbCpus = 0x0005;
constexpr uint16_t kBootMenu = 0x000e;
constexpr uint16_t kMaxCpus = 0x000f;
constexpr uint16_t kFileDir = 0x0019;
constexpr uint16_t kFileFirst = 0x0020;
constexpr uint16_t kFileLast = 0x3fff;
constexpr uint16_t kWriteFlag = 0x4000;  // selector bit 14: item written (not supported here)
constexpr uint16_t kArchLocal = 0x8000;
constexpr uint16_t kIrq0Override = kArchLocal + 2;
}  // namespace fw_cfg_key

constexpr uint32_t kFwCfgIdTraditional = 1u << 0;  // fw_cfg.rst "Feature bitmap"
constexpr uint32_t kFwCfgIdDma = 1u << 1;
constexpr size_t kFwCfgMaxFileName = 56;  // FWCfgFile.name, NUL included
// FWCfgDmaAccess.control bits, fw_cfg.rst "DMA interface".
constexpr uint32_t kFwCfgDmaError = 0x01;
constexpr uint32_t kFwCfgDmaRead = 0x02;
constexpr uint32_t kFwCfgDmaSkip = 0x04;
constexpr uint32_t kFwCfgDmaSelect = 0x08;
constexpr uint32_t kFwCfgDmaWrite = 0x10;
constexpr uint64_t kFwCfgDmaSignature = 0x51454d5520434647ull;  // "QEMU CFG", big-endian

// Port placements (QEMU's x86 defaults, which SeaBIOS hard-codes).
constexpr uint64_t kFwCfgIoBase = 0x510;
constexpr uint64_t kFwCfgIoLength = 2;
constexpr uint64_t kFwCfgDmaBase = 0x514;
constexpr uint64_t kFwCfgDmaLength = 8;

class FwCfg : public std::enable_shared_from_this<FwCfg> {
 public:
  // `memory` must outlive the device (DMA target). Creates the signature and ID items.
  explicit FwCfg(vmm::GuestMemoryView& memory);

  // Setup (or between runs; thread-safe): a legacy item by key.
  void set_item(uint16_t key, std::vector<uint8_t> data);
  void set_u16(uint16_t key, uint16_t v);
  void set_u32(uint16_t key, uint32_t v);
  void set_u64(uint16_t key, uint64_t v);
  // A named file ("etc/e820", "genroms/x.rom"...). Replaces a file of the same name. Returns false
  // if the name is empty or too long (>= 56 bytes) or the key space is full.
  bool add_file(const std::string& name, std::vector<uint8_t> data);
  bool has_file(const std::string& name) const;
  std::vector<uint8_t> file(const std::string& name) const;  // empty if absent

  // Bus devices: `io_device` at 0x510 (offset 0: 16-bit selector, offset 1: data byte),
  // `dma_device` at 0x514 (offset 0: address high, offset 4: address low; writing the low half
  // or a 64-bit write at offset 0 runs the transfer). vCPU thread.
  std::shared_ptr<vmm::BusDevice> io_device();
  std::shared_ptr<vmm::BusDevice> dma_device();

  // The register operations the bus devices call (public for tests). vCPU thread.
  void select(uint16_t key);
  uint8_t read_data_byte();
  void dma_address_high(uint32_t v);
  void dma_address_low(uint32_t v);  // runs the transfer

  // Snapshot state (docs/vm-snapshots.md, device 0x23): the selected key, the read offset into it
  // and the DMA address's high half, with the selected item's size to match against. Restore into
  // a device built from the same config; false (with `why`) when the bytes are garbled or do not
  // fit this device's items, which then keeps its state.
  void save_state(vmm::StateWriter& out) const;
  bool restore_state(vmm::StateReader& in, std::string& why);

 private:
  void rebuild_directory();                     // mutex_ held
  void run_dma(uint64_t address);               // mutex_ held
  const std::vector<uint8_t>* current() const;  // mutex_ held

  vmm::GuestMemoryView& memory_;
  mutable std::mutex mutex_;  // guards everything below
  std::map<uint16_t, std::vector<uint8_t>> items_;
  std::map<std::string, uint16_t> files_;  // name -> key, sorted as QEMU sorts its directory
  uint16_t next_file_key_ = fw_cfg_key::kFileFirst;
  uint16_t selected_ = 0;
  uint32_t offset_ = 0;  // never past the selected item's end (0 when it has no item), as in QEMU
  uint32_t dma_high_ = 0;
};

}  // namespace tshyve::arch::x86_64
