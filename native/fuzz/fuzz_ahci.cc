// libFuzzer target: a hostile AHCI driver (AHCI 1.3.1 registers, command lists, command tables, PRD
// tables) against the HBA with a SATA disk on port 0 and an ATAPI CD-ROM on port 1 over real sparse
// image files, guest RAM between guard pages: any commands, and queued (NCQ) ones shaped as libata
// issues them so that their error recovery is reached. Commands run inline (no worker thread).
#include <unistd.h>

#include "devices/storage/ahci_hba.h"
#include "devices/storage/ahci_spec.h"
#include "fuzz_support.h"

using namespace tshyve::devices::storage;

namespace {
std::string temp_file(uint64_t size) {
  char p[] = "/var/tmp/tshyve-fuzz-ahci-XXXXXX";
  int fd = mkstemp(p);
  if (fd < 0 || ftruncate(fd, static_cast<off_t>(size)) != 0) std::abort();
  close(fd);
  return p;
}
struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  std::unique_ptr<AhciHba> hba;
  Rig() {
    const std::string disk = temp_file(1 << 20), iso = temp_file(1 << 20);
    AhciConfig c;
    AhciDriveConfig d;
    d.file.path = disk;
    c.ports.push_back(d);
    d.file.path = iso;
    d.kind = AhciDriveKind::kCdrom;
    c.ports.push_back(d);
    AhciHbaOptions o;
    o.worker = false;
    hba = std::make_unique<AhciHba>(c, mem, o);
    unlink(disk.c_str());  // the open fds keep the images alive
    unlink(iso.c_str());
  }
};
constexpr uint64_t kClb = 0x1000, kFb = 0x2000, kTables = 0x10000, kBuffers = 0x80000;
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();
  FuzzedDataProvider in(data, size);
  rig->mem.clear();
  AhciHba& h = *rig->hba;
  h.write_register(ahci::kGhc, ahci::kGhcHr);
  h.config_write(0x04, 2, 0x0006);
  for (uint32_t p = 0; p < 2; ++p) {
    const uint32_t base = ahci::kPortBase + p * ahci::kPortStride;
    h.write_register(base + ahci::kPxClb, static_cast<uint32_t>(kClb + p * 0x400));
    h.write_register(base + ahci::kPxFb, static_cast<uint32_t>(kFb + p * 0x100));
    h.write_register(base + ahci::kPxCmd, ahci::kCmdFre | ahci::kCmdSt);
  }
  int ops = 0;
  while (in.remaining_bytes() && ops++ < 64) {
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: {  // a well-formed command with fuzzed FIS, packet, PRDs and slot
        const uint32_t p = in.ConsumeIntegralInRange<uint32_t>(0, 1), slot = in.ConsumeIntegralInRange<uint32_t>(0, 31);
        const uint64_t table = kTables + (p * 32 + slot) * 0x400;
        const uint16_t prdtl = in.ConsumeIntegralInRange<uint16_t>(0, 8);
        uint32_t header[8] = {5u | (in.ConsumeIntegral<uint16_t>() & 0xffe0u) | (static_cast<uint32_t>(prdtl) << 16), 0,
                              static_cast<uint32_t>(table), 0};
        std::memcpy(rig->mem.ram() + kClb + p * 0x400 + slot * 32, header, sizeof header);
        uint8_t* t = rig->mem.ram() + table;
        t[0] = ahci::kFisRegH2d;
        t[1] = in.ConsumeBool() ? ahci::kFisCommandBit : 0;
        for (int i = 2; i < 20; ++i) t[i] = in.ConsumeIntegral<uint8_t>();
        for (int i = 0; i < 16; ++i) t[0x40 + i] = in.ConsumeIntegral<uint8_t>();
        for (uint16_t e = 0; e < prdtl; ++e) {
          const bool wild = in.ConsumeIntegralInRange<int>(0, 7) == 0;
          uint64_t addr = wild ? in.ConsumeIntegral<uint64_t>() : kBuffers + in.ConsumeIntegralInRange<uint32_t>(0, 0x70000);
          uint32_t dbc = wild ? in.ConsumeIntegral<uint32_t>() : in.ConsumeIntegralInRange<uint32_t>(0, 0x8000);
          uint32_t prd[4] = {static_cast<uint32_t>(addr), static_cast<uint32_t>(addr >> 32), 0, dbc};
          std::memcpy(t + 0x80 + 16 * e, prd, 16);
        }
        h.write_register(ahci::kPortBase + p * ahci::kPortStride + ahci::kPxCi, 1u << slot);
        break;
      }
      case 6: {  // a queued command (tag = slot mostly), or READ LOG EXT of the NCQ error log
        const uint32_t p = in.ConsumeIntegralInRange<uint32_t>(0, 1), slot = in.ConsumeIntegralInRange<uint32_t>(0, 31);
        const uint64_t table = kTables + (p * 32 + slot) * 0x400;
        const uint16_t prdtl = in.ConsumeIntegralInRange<uint16_t>(0, 4);
        uint32_t header[8] = {5u | (static_cast<uint32_t>(prdtl) << 16), 0, static_cast<uint32_t>(table), 0};
        std::memcpy(rig->mem.ram() + kClb + p * 0x400 + slot * 32, header, sizeof header);
        uint8_t* t = rig->mem.ram() + table;
        std::memset(t, 0, 0x80);
        t[0] = ahci::kFisRegH2d;
        t[1] = ahci::kFisCommandBit;
        const int kind = in.ConsumeIntegralInRange<int>(0, 3);
        t[2] = kind == 3 ? 0x2f : (kind ? 0x61 : 0x60);  // READ LOG EXT, WRITE / READ FPDMA QUEUED
        const uint64_t lba = kind == 3 ? in.ConsumeIntegralInRange<uint64_t>(0, 0x11) : in.ConsumeIntegralInRange<uint64_t>(0, 2100);
        const uint16_t sectors = in.ConsumeIntegralInRange<uint16_t>(0, 80);
        for (int i = 0; i < 3; ++i) t[4 + i] = static_cast<uint8_t>(lba >> (8 * i)), t[8 + i] = static_cast<uint8_t>(lba >> (24 + 8 * i));
        t[7] = 0x40;
        if (kind == 3) {
          t[12] = static_cast<uint8_t>(sectors & 3);
        } else {
          t[3] = static_cast<uint8_t>(sectors), t[11] = static_cast<uint8_t>(sectors >> 8);
          const uint32_t tag = in.ConsumeIntegralInRange<int>(0, 15) ? slot : in.ConsumeIntegralInRange<uint32_t>(0, 31);
          t[12] = static_cast<uint8_t>(tag << 3);
        }
        for (uint16_t e = 0; e < prdtl; ++e) {
          const uint64_t addr = kBuffers + in.ConsumeIntegralInRange<uint32_t>(0, 0x70000);
          uint32_t prd[4] = {static_cast<uint32_t>(addr), 0, 0, in.ConsumeIntegralInRange<uint32_t>(0, 0xffff)};
          std::memcpy(t + 0x80 + 16 * e, prd, 16);
        }
        const uint32_t base = ahci::kPortBase + p * ahci::kPortStride;
        if (kind != 3 && in.ConsumeIntegralInRange<int>(0, 7)) h.write_register(base + ahci::kPxSact, 1u << slot);
        h.write_register(base + ahci::kPxCi, 1u << slot);
        break;
      }
      case 1: {  // any register write
        const uint32_t off = in.ConsumeIntegralInRange<uint32_t>(0, ahci::kAbarSize - 1) & ~3u;
        h.write_register(off, in.ConsumeIntegral<uint32_t>());
        break;
      }
      case 2: {  // any MMIO access of any size
        const uint64_t off = in.ConsumeIntegralInRange<uint64_t>(0, ahci::kAbarSize + 8);
        const uint32_t len = 1u << in.ConsumeIntegralInRange<int>(0, 3);
        uint8_t b[8];
        in.ConsumeData(b, len);
        if (in.ConsumeBool())
          h.mmio_write(ahci::kAbarBar, off, b, len);
        else
          h.mmio_read(ahci::kAbarBar, off, b, len);
        break;
      }
      case 3: {  // raw RAM bytes (command lists, tables, FIS areas are all guest-writable)
        const uint64_t at = in.ConsumeIntegralInRange<uint64_t>(0, fuzz::kRam - 64);
        const auto bytes = in.ConsumeBytes<uint8_t>(64);
        if (!bytes.empty()) std::memcpy(rig->mem.ram() + at, bytes.data(), bytes.size());
        break;
      }
      case 4: {  // error recovery as drivers do it
        const uint32_t base = ahci::kPortBase + in.ConsumeIntegralInRange<uint32_t>(0, 1) * ahci::kPortStride;
        h.write_register(base + ahci::kPxCmd, ahci::kCmdFre);
        h.write_register(base + ahci::kPxIs, 0xffffffff);
        h.write_register(base + ahci::kPxCmd, ahci::kCmdFre | ahci::kCmdSt);
        break;
      }
      default:  // PCI configuration space
        h.config_write(in.ConsumeIntegralInRange<uint32_t>(0, 255) & ~3u, 4, in.ConsumeIntegral<uint32_t>());
        break;
    }
  }
  return 0;
}
