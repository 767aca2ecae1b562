// A SATA hard disk behind an AHCI port (ACS-3 commands): IDENTIFY DEVICE, READ/WRITE DMA (EXT),
// READ/WRITE SECTORS (EXT), FLUSH CACHE (EXT), DATA SET MANAGEMENT TRIM (unless nodelete), SET
// FEATURES and the power/diagnostic commands firmware and Linux's libata issue at probe; native
// command queuing (READ/WRITE FPDMA QUEUED, 32 tags) with the NCQ command error log (READ LOG EXT 10h).
#pragma once
#include <array>
#include <memory>
#include <vector>

#include "devices/backends/block_file.h"
#include "devices/backends/block_request_queue.h"
#include "devices/storage/ahci_config.h"
#include "devices/storage/ata_device.h"
#include "devices/storage/ata_identify.h"

namespace tshyve::devices::storage {

class SataDisk : public AtaDevice {
 public:
  // Setup thread. Opens (and locks) the image; throws backends::BlockFileError.
  explicit SataDisk(const AhciDriveConfig& config);
  uint32_t signature() const override;
  bool atapi() const override { return false; }
  AtaOutcome execute(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data) override;
  bool execute_now(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data, AtaOutcome& out) override;
  void reset() override;
  bool queued(const AtaTaskfile& tf) const override;
  QueuedStart start_queued(const AtaTaskfile& tf, PrdTable& data, const QueuedAtaRequest& id, bool may_block, AtaOutcome& out) override;
  AtaOutcome finish_queued(std::unique_ptr<QueuedAtaRequest> r) override;
  void enable_queue(backends::BlockCompletions& sink) override;
  void stop_queue() override;
  void save_state(vmm::StateWriter& w) const override;
  bool restore_state(vmm::StateReader& r, const std::string& name) override;
  uint64_t sectors() const { return sectors_; }
  uint32_t sector_size() const { return sector_size_; }

 private:
  // Without `may_block`: false when the transfer would wait for the disk (`out` unset).
  bool read_write(bool write, uint64_t lba, uint64_t count, PrdTable& data, bool may_block, AtaOutcome& out);
  AtaOutcome read_write(bool write, uint64_t lba, uint64_t count, PrdTable& data) {
    AtaOutcome o;
    read_write(write, lba, count, data, true, o);
    return o;
  }
  AtaOutcome trim(const AtaTaskfile& tf, PrdTable& data);
  AtaOutcome set_features(const AtaTaskfile& tf);
  AtaOutcome read_log(const AtaTaskfile& tf, PrdTable& data);
  // A queued command failed: the error log records it and queued commands abort until it is read.
  AtaOutcome queued_error(const QueuedAtaRequest& r, uint8_t code);
  std::unique_ptr<QueuedAtaRequest> take_request();
  void recycle(std::unique_ptr<QueuedAtaRequest> r);
  AhciDriveConfig config_;
  backends::BlockFile file_;
  uint32_t sector_size_;
  uint64_t sectors_;
  DiskIdentity identity_;
  backends::BlockRequest request_;                        // the one in progress (the port lock serialises commands)
  std::unique_ptr<backends::BlockRequestQueue> queue_;    // null: queued transfers run in place
  std::vector<std::unique_ptr<QueuedAtaRequest>> spare_;  // reused requests, at most one per tag
  bool ncq_error_ = false;                                // until the error log is read
  std::array<uint8_t, 512> ncq_log_{};                    // log page 10h as the guest reads it
};

}  // namespace tshyve::devices::storage
