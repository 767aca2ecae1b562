// The 256-word IDENTIFY DEVICE (ACS-3 §7.12.7) and IDENTIFY PACKET DEVICE (§7.13.6) pages of the
// emulated SATA disk and ATAPI CD-ROM, with the integrity word (255) filled in.
#pragma once
#include <array>
#include <cstdint>
#include <string>

namespace tshyve::devices::storage {

using IdentifyPage = std::array<uint16_t, 256>;

struct IdentifyStrings {
  std::string serial;    // 20 chars
  std::string revision;  // 8 chars
  std::string model;     // 40 chars
};

struct DiskIdentity {
  IdentifyStrings strings;
  uint64_t sectors = 0;  // logical sectors
  uint32_t logical_sector_size = 512;
  uint32_t physical_sector_size = 512;
  bool trim = false;
  bool write_cache = true;
  uint16_t rotation_rate = 0;
  uint8_t udma_mode = 5;  // selected by SET FEATURES transfer mode
  uint8_t ncq_depth = 0;  // 0: no native command queuing; else 1..32 tags
};

IdentifyPage identify_disk(const DiskIdentity& d);
IdentifyPage identify_packet(const IdentifyStrings& s, uint8_t udma_mode);

// A serial number derived from the image path (stable across runs), 20 chars at most.
std::string derived_serial(const std::string& path);
// Stores `text` space-padded in `words` words, two ASCII chars per word, first char in the high byte.
void put_ata_string(IdentifyPage& page, int first_word, int words, const std::string& text);

}  // namespace tshyve::devices::storage
