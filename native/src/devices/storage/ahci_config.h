// Plain, validated configuration of one AHCI controller as the TS runtime hands it over: bhyve(8)
// -s N,ahci,hd:PATH,cd:PATH (or ahci-hd / ahci-cd) with each drive's options.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "devices/backends/block_file.h"

namespace tshyve::devices::storage {

enum class AhciDriveKind { kDisk, kCdrom };

struct AhciDriveConfig {
  AhciDriveKind kind = AhciDriveKind::kDisk;
  backends::BlockFileOptions file;     // a CD-ROM image is always opened read-only
  uint32_t logical_sector_size = 512;  // disks only; a CD-ROM has 2048-byte blocks
  uint32_t physical_sector_size = 0;   // 0: same as logical
  bool nodelete = false;               // bhyve `nodelete`: no DATA SET MANAGEMENT TRIM
  std::string serial;                  // IDENTIFY words 10-19 (20 ASCII chars); empty: derived
  std::string model;                   // words 27-46 (40 chars); empty: "BHYVE SATA DISK" / "BHYVE SATA DVD ROM"
  std::string revision;                // words 23-26 (8 chars); empty: "001"
  uint16_t rotation_rate = 0;          // word 217 (bhyve `nmrr`): 0 not reported, 1 non-rotating
};

struct AhciConfig {
  uint8_t slot = 0, function = 0;      // bus 0
  std::vector<AhciDriveConfig> ports;  // port i = ports[i]; 1..32
};

}  // namespace tshyve::devices::storage
