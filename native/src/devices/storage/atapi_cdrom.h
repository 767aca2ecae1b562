// An ATAPI CD-ROM behind an AHCI port (ACS-3 PACKET / IDENTIFY PACKET DEVICE; MMC-6 commands over
// SPC-4 sense data) reading a read-only ISO image in 2048-byte blocks; START STOP UNIT ejects and
// reloads the medium, PREVENT ALLOW MEDIUM REMOVAL locks it.
#pragma once
#include <atomic>
#include <cstdint>
#include <vector>

#include "devices/backends/block_file.h"
#include "devices/storage/ahci_config.h"
#include "devices/storage/ata_device.h"
#include "devices/storage/ata_identify.h"

namespace tshyve::devices::storage {

class AtapiCdrom : public AtaDevice {
 public:
  // Setup thread. Opens the image read-only; throws backends::BlockFileError.
  explicit AtapiCdrom(const AhciDriveConfig& config);
  uint32_t signature() const override;
  bool atapi() const override { return true; }
  uint8_t reset_status() const override { return 0x00; }
  AtaOutcome execute(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data) override;
  uint64_t blocks() const { return blocks_; }
  bool medium_present() const { return present_; }
  void save_state(vmm::StateWriter& w) const override;
  bool restore_state(vmm::StateReader& r, const std::string& name) override;

 private:
  struct Sense {
    uint8_t key = 0;
    uint16_t asc = 0;
  };
  AtaOutcome packet(const uint8_t* cdb, PrdTable& data);
  AtaOutcome good(PrdTable& data, const std::vector<uint8_t>& reply, uint32_t allocation);
  AtaOutcome check_condition(uint8_t key, uint16_t asc);
  AtaOutcome read_blocks(uint64_t lba, uint64_t count, PrdTable& data);
  std::vector<uint8_t> inquiry() const;
  std::vector<uint8_t> mode_page(uint8_t page, bool ten) const;
  std::vector<uint8_t> configuration(uint16_t start, uint8_t rt) const;
  std::vector<uint8_t> toc(bool msf, uint8_t format) const;
  std::vector<uint8_t> event_status();

  AhciDriveConfig config_;
  backends::BlockFile file_;
  uint64_t blocks_;
  IdentifyStrings strings_;
  uint8_t udma_mode_ = 5;
  bool present_ = true;
  bool prevent_ = false;
  uint8_t media_event_ = 0;  // MMC-6 Table 148: 0 none, 2 new media, 3 media removal
  Sense sense_;
  std::vector<iovec> iov_;
};

}  // namespace tshyve::devices::storage
