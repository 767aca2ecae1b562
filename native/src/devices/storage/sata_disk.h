// A SATA hard disk behind an AHCI port (ACS-3 commands): IDENTIFY DEVICE, READ/WRITE DMA (EXT),
// READ/WRITE SECTORS (EXT), FLUSH CACHE (EXT), DATA SET MANAGEMENT TRIM (unless nodelete), SET
// FEATURES and the power/diagnostic commands firmware and Linux's libata issue at probe.
#pragma once
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
  AhciDriveConfig config_;
  backends::BlockFile file_;
  uint32_t sector_size_;
  uint64_t sectors_;
  DiskIdentity identity_;
  backends::BlockRequest request_;  // the one in progress (the port lock serialises commands)
};

}  // namespace tshyve::devices::storage
