// NVMe namespace 1 on a host file or block device: the NVM Command Set I/O commands (NVM Command
// Set 1.0 / NVM Express 1.4 §6: Read, Write, Flush, Write Zeroes, Dataset Management deallocate)
// executed synchronously on the calling (I/O worker) thread.
#pragma once
#include <cstdint>

#include "devices/backends/block_file.h"
#include "devices/storage/nvme_config.h"
#include "devices/storage/nvme_identify.h"
#include "devices/storage/nvme_spec.h"
#include "vmm/guest_memory_view.h"

namespace tshyve::devices::storage {

struct NvmeResult {
  uint16_t status = nvme::status::kSuccess;
  uint32_t dw0 = 0;
};

class NvmeNamespace {
 public:
  // Setup thread. Opens (and locks) the image; throws backends::BlockFileError or std::runtime_error
  // (a sector size that is not a power of two 512..32768).
  explicit NvmeNamespace(const NvmeConfig& config);
  // I/O worker: one command of an I/O submission queue.
  NvmeResult execute(const nvme::Command& cmd, vmm::GuestMemoryView& memory);
  const nvme::Identity& identity() const { return identity_; }
  uint64_t blocks() const { return identity_.blocks; }

 private:
  NvmeResult read_write(const nvme::Command& cmd, vmm::GuestMemoryView& memory, bool write);
  NvmeResult write_zeroes(const nvme::Command& cmd);
  NvmeResult dataset_management(const nvme::Command& cmd, vmm::GuestMemoryView& memory);
  bool in_range(uint64_t slba, uint64_t nlb) const { return slba < identity_.blocks && nlb <= identity_.blocks - slba; }

  backends::BlockFile file_;
  nvme::Identity identity_;
};

}  // namespace tshyve::devices::storage
