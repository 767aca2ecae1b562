// IDENTIFY DEVICE / IDENTIFY PACKET DEVICE data (ACS-3 §7.12.7, §7.13.6; SATA 3.x §13.2 words 76-79):
// LBA48, DMA and UDMA modes, the SATA Gen1-3 capability word, NCQ (words 75-76), general purpose
// logging, sector sizes (word 106, 117-118), TRIM.
#include "devices/storage/ata_identify.h"

#include <algorithm>
#include <cstdio>

namespace tshyve::devices::storage {

namespace {
void checksum(IdentifyPage& p) {
  p[255] = 0x00a5;
  uint8_t sum = 0;
  for (int i = 0; i < 255; ++i) sum = static_cast<uint8_t>(sum + (p[i] & 0xff) + (p[i] >> 8));
  sum = static_cast<uint8_t>(sum + 0xa5);
  p[255] = static_cast<uint16_t>(0x00a5 | (static_cast<uint16_t>(static_cast<uint8_t>(-sum)) << 8));
}
void common_modes(IdentifyPage& p, uint8_t udma) {
  p[53] = 0x0006;  // words 64-70 and 88 valid
  p[63] = 0x0007;  // multiword DMA 0-2 supported
  p[64] = 0x0003;  // PIO 3-4
  p[65] = p[66] = p[67] = p[68] = 120;
  p[76] = 0x000e;  // SATA Gen1, Gen2, Gen3 (no NCQ)
  p[88] = static_cast<uint16_t>(0x007f | (1u << (8 + (udma > 6 ? 6 : udma))));
}
}  // namespace

void put_ata_string(IdentifyPage& page, int first_word, int words, const std::string& text) {
  for (int i = 0; i < words; ++i) {
    const size_t a = 2 * i, b = a + 1;
    const uint8_t hi = a < text.size() ? static_cast<uint8_t>(text[a]) : ' ';
    const uint8_t lo = b < text.size() ? static_cast<uint8_t>(text[b]) : ' ';
    page[first_word + i] = static_cast<uint16_t>((hi << 8) | lo);
  }
}

std::string derived_serial(const std::string& path) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : path) h = (h ^ c) * 1099511628211ull;
  char buf[24];
  std::snprintf(buf, sizeof buf, "TS%04X-%04X-%04X", static_cast<unsigned>(h & 0xffff), static_cast<unsigned>((h >> 16) & 0xffff),
                static_cast<unsigned>((h >> 32) & 0xffff));
  return buf;
}

IdentifyPage identify_disk(const DiskIdentity& d) {
  IdentifyPage p{};
  // Legacy CHS geometry (16 heads, 63 sectors per track, at most 16383 cylinders).
  const uint64_t chs_cyl = std::min<uint64_t>(d.sectors / (16 * 63), 16383);
  p[0] = 0x0040;
  p[1] = static_cast<uint16_t>(chs_cyl);
  p[3] = 16;
  p[6] = 63;
  put_ata_string(p, 10, 10, d.strings.serial);
  put_ata_string(p, 23, 4, d.strings.revision);
  put_ata_string(p, 27, 20, d.strings.model);
  p[47] = 0x8010;  // READ/WRITE MULTIPLE: 16 sectors per DRQ block
  p[49] = 0x0b00;  // IORDY, LBA, DMA
  p[50] = 0x4000;
  p[54] = static_cast<uint16_t>(chs_cyl);
  p[55] = 16;
  p[56] = 63;
  const uint64_t chs_sectors = chs_cyl * 16 * 63;
  p[57] = static_cast<uint16_t>(chs_sectors);
  p[58] = static_cast<uint16_t>(chs_sectors >> 16);
  p[59] = 0x0110;  // multiple-sector setting valid, 16
  const uint32_t lba28 = static_cast<uint32_t>(std::min<uint64_t>(d.sectors, 0x0fffffff));
  p[60] = static_cast<uint16_t>(lba28);
  p[61] = static_cast<uint16_t>(lba28 >> 16);
  common_modes(p, d.udma_mode);
  if (d.ncq_depth) {
    p[75] = static_cast<uint16_t>((std::min<uint8_t>(d.ncq_depth, 32) - 1) & 0x1f);  // maximum queue depth - 1
    p[76] |= 1u << 8;                                                                // native command queuing
  }
  p[80] = 0x03f0;  // ATA/ATAPI-4 .. ACS-2
  p[81] = 0x0110;
  p[82] = static_cast<uint16_t>(0x4000 | (1u << 6) | (1u << 5));                 // NOP, look-ahead, write cache
  p[83] = static_cast<uint16_t>(0x4000 | (1u << 13) | (1u << 12) | (1u << 10));  // FLUSH EXT, FLUSH, LBA48
  p[84] = static_cast<uint16_t>(0x4000 | (1u << 5));                             // general purpose logging (READ LOG EXT)
  p[85] = static_cast<uint16_t>(0x4000 | (1u << 6) | (d.write_cache ? 1u << 5 : 0));
  p[86] = static_cast<uint16_t>((1u << 13) | (1u << 12) | (1u << 10));
  p[87] = static_cast<uint16_t>(0x4000 | (1u << 5));
  for (int i = 0; i < 4; ++i) p[100 + i] = static_cast<uint16_t>(d.sectors >> (16 * i));
  if (d.trim) p[105] = 1;  // DATA SET MANAGEMENT: one 512-byte block of ranges per command
  // Word 106 (ACS-3 §7.12.7.44): valid, logical sector > 256 words, log2(physical / logical).
  uint16_t w106 = 0x4000;
  const uint32_t lss = d.logical_sector_size, pss = d.physical_sector_size > lss ? d.physical_sector_size : lss;
  uint16_t exp = 0;
  while ((lss << exp) < pss && exp < 15) ++exp;
  if (exp) w106 |= static_cast<uint16_t>(0x2000 | exp);
  if (lss > 512) {
    w106 |= 0x1000;
    p[117] = static_cast<uint16_t>(lss / 2);
    p[118] = static_cast<uint16_t>((lss / 2) >> 16);
  }
  p[106] = w106;
  if (d.trim) p[169] = 0x0001;
  p[217] = d.rotation_rate;
  checksum(p);
  return p;
}

IdentifyPage identify_packet(const IdentifyStrings& s, uint8_t udma_mode) {
  IdentifyPage p{};
  // Word 0: ATAPI, CD-ROM device type (5), removable, DRQ within 50 us, 12-byte packets.
  p[0] = static_cast<uint16_t>((2u << 14) | (5u << 8) | (1u << 7) | (2u << 5));
  put_ata_string(p, 10, 10, s.serial);
  put_ata_string(p, 23, 4, s.revision);
  put_ata_string(p, 27, 20, s.model);
  p[49] = 0x0300;  // LBA, DMA
  p[50] = 0x4000;
  common_modes(p, udma_mode);
  p[71] = p[72] = 30;
  p[80] = 0x01f0;                                     // ATA/ATAPI-4 .. ATA8-ACS
  p[82] = static_cast<uint16_t>(0x4000 | (1u << 4));  // NOP, PACKET
  p[83] = 0x4000;
  p[84] = 0x4000;
  p[85] = static_cast<uint16_t>(0x4000 | (1u << 4));
  p[86] = 0x0000;
  p[87] = 0x4000;
  checksum(p);
  return p;
}

}  // namespace tshyve::devices::storage
