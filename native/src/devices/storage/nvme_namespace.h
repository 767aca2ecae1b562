// NVMe namespace 1 on a host file or block device: the NVM Command Set I/O commands (NVM Command
// Set 1.0 / NVM Express 1.4 §6: Read, Write, Flush, Write Zeroes, Dataset Management deallocate),
// each either turned into a request of the shared block layer (prepare) or executed synchronously.
#pragma once
#include <atomic>
#include <cstdint>

#include "devices/backends/block_file.h"
#include "devices/backends/block_request_queue.h"
#include "devices/storage/nvme_config.h"
#include "devices/storage/nvme_identify.h"
#include "devices/storage/nvme_spec.h"
#include "devices/virtio/device_counters.h"
#include "vmm/guest_memory_view.h"

namespace tshyve::devices::storage {

struct NvmeResult {
  uint16_t status = nvme::status::kSuccess;
  uint32_t dw0 = 0;
};

class NvmeNamespace;

// One I/O command on its way through the block layer, with what the controller needs to post
// its completion.
struct NvmeRequest : backends::BlockRequest {
  int custom(backends::BlockFile&) override;
  nvme::Command cmd{};
  NvmeNamespace* ns = nullptr;
  vmm::GuestMemoryView* memory = nullptr;
  NvmeResult custom_result;
  uint16_t sqid = 0, cqid = 0;
  uint64_t epoch = 0, generation = 0;
};

class NvmeNamespace {
 public:
  // Setup thread. Opens (and locks) the image; throws backends::BlockFileError or std::runtime_error
  // (a sector size that is not a power of two 512..32768).
  explicit NvmeNamespace(const NvmeConfig& config);
  // I/O worker: one command of an I/O submission queue.
  NvmeResult execute(const nvme::Command& cmd, vmm::GuestMemoryView& memory);
  // Any thread: fills `r` (op, offset, iovecs into guest pages) for `cmd`; false when the command
  // is already finished (a failed check) with `done` its result. Write Zeroes and DSM become
  // kCustom requests that execute() on a worker.
  bool prepare(const nvme::Command& cmd, vmm::GuestMemoryView& memory, NvmeRequest& r, NvmeResult& done);
  // The completion of a request prepare() made, once it ran (counted in counters()).
  NvmeResult finish(const NvmeRequest& r);
  // Any thread: the namespace's I/O as VmStats reports every disk's.
  const virtio::BlkCounters& counters() const { return counters_; }
  backends::BlockFile& file() { return file_; }
  // Set Features Volatile Write Cache (NVM Express 1.4 §5.21.1.6): off, a write completes only
  // once it is on stable storage (the write, then fdatasync, on a worker).
  void set_write_cache(bool on) { write_cache_.store(on, std::memory_order_relaxed); }
  const nvme::Identity& identity() const { return identity_; }
  uint64_t blocks() const { return identity_.blocks; }

 private:
  NvmeResult read_write(const nvme::Command& cmd, vmm::GuestMemoryView& memory, bool write);
  NvmeResult write_zeroes(const nvme::Command& cmd);
  NvmeResult dataset_management(const nvme::Command& cmd, vmm::GuestMemoryView& memory);
  bool in_range(uint64_t slba, uint64_t nlb) const { return slba < identity_.blocks && nlb <= identity_.blocks - slba; }

  void count(uint8_t opcode, uint64_t bytes, bool ok);
  backends::BlockFile file_;
  nvme::Identity identity_;
  virtio::BlkCounters counters_;
  std::atomic<bool> write_cache_{true};
};

}  // namespace tshyve::devices::storage
