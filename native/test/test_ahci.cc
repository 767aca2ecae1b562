// AHCI HBA with SATA disks and an ATAPI CD-ROM (AHCI 1.3.1, ACS-3, MMC-6) driven as SeaBIOS and
// libata drive them, against real temp image files: probe, DMA reads/writes, TRIM, errors and
// recovery, hostile command lists/PRDs, interrupts, multi-port controllers, the worker thread, native
// command queuing (inline and through the block layer's workers) and its error recovery.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "ahci_test_driver.h"
#include "check.h"
#include "devices/storage/ata_spec.h"

using namespace ahcidrv;
using namespace tshyve::devices::storage;

namespace {
std::string temp_image(uint64_t size, uint8_t fill_seed = 0) {
  char path[] = "/tmp/tshyve-ahci-XXXXXX";
  int fd = mkstemp(path);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) std::perror("ftruncate");
  if (fill_seed) {
    std::vector<uint8_t> b(size);
    for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(i * 7 + fill_seed + i / 2048);
    if (pwrite(fd, b.data(), b.size(), 0) != static_cast<ssize_t>(b.size())) std::perror("pwrite");
  }
  close(fd);
  return path;
}
AhciDriveConfig disk(const std::string& path) {
  AhciDriveConfig d;
  d.file.path = path;
  d.model = "TEST MODEL";
  d.serial = "SER123";
  return d;
}
AhciDriveConfig cdrom(const std::string& path) {
  AhciDriveConfig d = disk(path);
  d.kind = AhciDriveKind::kCdrom;
  return d;
}
std::string ata_string(const uint16_t* w, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) s += static_cast<char>(w[i] >> 8), s += static_cast<char>(w[i] & 0xff);
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return s;
}
struct Files {
  std::vector<std::string> paths;
  ~Files() {
    for (auto& p : paths) unlink(p.c_str());
  }
  std::string add(uint64_t size, uint8_t seed = 0) {
    paths.push_back(temp_image(size, seed));
    return paths.back();
  }
};
uint8_t status(uint32_t tfd) { return static_cast<uint8_t>(tfd); }
}  // namespace

TEST(pci_identity_and_generic_host_control) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20)), cdrom(f.add(1 << 20))};
  Driver d(c);
  CHECK_EQ(d.hba->config_read(0x00, 4), 0x28218086u);
  CHECK_EQ(d.hba->config_read(0x08, 4) >> 8, 0x010601u);
  d.hba->config_write(0x24, 4, 0xffffffff);
  CHECK_EQ(d.hba->config_read(0x24, 4), 0xffffe000u);  // BAR 5: 8 KiB memory
  CHECK_EQ(d.reg(ahci::kPi), 0x3u);
  CHECK_EQ(d.reg(ahci::kCap) & 0x1f, 1u);
  CHECK_EQ((d.reg(ahci::kCap) >> 8) & 0x1f, 31u);
  CHECK(d.reg(ahci::kCap) & ahci::kCapS64a);
  CHECK_EQ(d.reg(ahci::kVs), 0x00010301u);
  CHECK(d.reg(ahci::kGhc) & ahci::kGhcAe);
  CHECK_EQ(d.preg(0, ahci::kPxSig), ahci::kSignatureAta);
  CHECK_EQ(d.preg(1, ahci::kPxSig), ahci::kSignatureAtapi);
  CHECK_EQ(d.preg(0, ahci::kPxSsts) & 0xf, 3u);
  CHECK_EQ(d.preg(0, ahci::kPxTfd) & 0x88, 0u);
  // Registers of a port that is not implemented read 0 and ignore writes.
  d.pset(5, ahci::kPxClb, 0x1000);
  CHECK_EQ(d.preg(5, ahci::kPxClb), 0u);
}

TEST(seabios_probe_of_a_disk) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(64 << 20))};
  Driver d(c);
  d.start_port(0);
  CHECK(d.preg(0, ahci::kPxCmd) & ahci::kCmdCr);
  CHECK(d.preg(0, ahci::kPxCmd) & ahci::kCmdFr);
  uint8_t fis[20];
  ata_fis(fis, ata::kIdentifyPacket);
  uint32_t tfd = d.command(0, fis, {{kData, 512}});
  CHECK(status(tfd) & ata::kStatusErr);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsTfes);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsDhrs);
  CHECK_EQ(d.at(Driver::fb(0) + 0x40)[2], status(tfd));  // D2H FIS status, where SeaBIOS reads it
  CHECK_EQ(d.preg(0, ahci::kPxCi), 1u);                  // the failed slot stays issued
  d.recover(0);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  ata_fis(fis, ata::kIdentify);
  tfd = d.command(0, fis, {{kData, 512}});
  CHECK_EQ(status(tfd), 0x50);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsPss);
  CHECK_EQ(d.at(Driver::fb(0) + 0x20)[0], ahci::kFisPioSetup);
  CHECK_EQ(d.at(Driver::fb(0) + 0x20)[2], 0x50);
  CHECK_EQ(d.prdbc(0), 512u);
  uint16_t w[256];
  std::memcpy(w, d.at(kData), 512);
  CHECK(ata_string(w + 27, 20) == "TEST MODEL");
  CHECK(ata_string(w + 10, 10) == "SER123");
  CHECK(w[83] & (1u << 10));
  uint64_t sectors = 0;
  for (int i = 0; i < 4; ++i) sectors |= static_cast<uint64_t>(w[100 + i]) << (16 * i);
  CHECK_EQ(sectors, (64u << 20) / 512);
  CHECK(w[169] & 1);  // TRIM offered
  uint8_t sum = 0;
  for (int i = 0; i < 512; ++i) sum = static_cast<uint8_t>(sum + d.at(kData)[i]);
  CHECK_EQ(sum, 0);
}

TEST(dma_write_then_read_through_several_prds) {
  Files f;
  const std::string path = f.add(4 << 20);
  AhciConfig c;
  c.ports = {disk(path)};
  Driver d(c);
  d.start_port(0);
  for (int i = 0; i < 8192; ++i) d.at(kData)[i] = static_cast<uint8_t>(i * 13 + 1);
  uint8_t fis[20];
  ata_fis(fis, ata::kWriteDmaExt, 100, 16);
  CHECK_EQ(status(d.command(0, fis, {{kData, 1024}, {kData + 1024, 3072}, {kData + 4096, 4096}}, true)), 0x50);
  CHECK_EQ(d.prdbc(0), 8192u);
  std::vector<uint8_t> file(8192);
  int fd = open(path.c_str(), O_RDONLY);
  CHECK_EQ(pread(fd, file.data(), file.size(), 100 * 512), 8192);
  close(fd);
  CHECK(std::memcmp(file.data(), d.at(kData), 8192) == 0);
  ata_fis(fis, ata::kReadDma, 100, 16);  // LBA28 form
  CHECK_EQ(status(d.command(0, fis, {{kData + 0x10000, 8192}})), 0x50);
  CHECK(std::memcmp(d.at(kData + 0x10000), d.at(kData), 8192) == 0);
  ata_fis(fis, ata::kFlushCacheExt);
  CHECK_EQ(status(d.command(0, fis)), 0x50);
  ata_fis(fis, ata::kReadDmaExt, 8191, 16);  // past the end of the 8192-sector disk
  d.command(0, fis, {{kData, 8192}});
  // The counters VmStats reports for this disk.
  const auto io = d.hba->port(0).device().counters().snapshot();
  CHECK_EQ(io.write_requests, 1u);
  CHECK_EQ(io.write_bytes, 8192u);
  CHECK_EQ(io.read_requests, 1u);  // the range check refuses the second read before any I/O
  CHECK_EQ(io.read_bytes, 8192u);
  CHECK_EQ(io.flush_requests, 1u);
}

TEST(errors_stop_the_port_until_st_is_cleared) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20))};
  Driver d(c);
  d.start_port(0);
  uint8_t fis[20];
  ata_fis(fis, ata::kReadDmaExt, (1 << 20) / 512 - 1, 2);  // one sector past the end
  uint32_t tfd = d.command(0, fis, {{kData, 1024}});
  CHECK(status(tfd) & ata::kStatusErr);
  CHECK_EQ(tfd >> 8, ata::kErrorIdnf);
  // A second command is not run while the port is stopped.
  ata_fis(fis, ata::kIdentify);
  d.build(0, 1, fis, {{kData, 512}}, false);
  d.pset(0, ahci::kPxCi, 2);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 3u);
  d.recover(0);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  CHECK_EQ(status(d.command(0, fis, {{kData, 512}})), 0x50);
  // Unknown opcode: ABRT.
  ata_fis(fis, 0x77);
  tfd = d.command(0, fis);
  CHECK_EQ(tfd >> 8, ata::kErrorAbrt);
  d.recover(0);
  // A PRD table too short for the transfer: ABRT, nothing written past it.
  ata_fis(fis, ata::kReadDmaExt, 0, 4);
  std::memset(d.at(kData), 0xaa, 4096);
  tfd = d.command(0, fis, {{kData, 1024}});
  CHECK(status(tfd) & ata::kStatusErr);
  CHECK_EQ(d.at(kData + 1024)[0], 0xaa);
}

TEST(hostile_addresses_are_host_bus_errors) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20))};
  Driver d(c);
  d.start_port(0);
  uint8_t fis[20];
  ata_fis(fis, ata::kReadDmaExt, 0, 8);
  // PRD past the end of RAM.
  uint32_t tfd = d.command(0, fis, {{kRamSize - 512, 4096}});
  CHECK(status(tfd) & ata::kStatusErr);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsHbfs);
  d.recover(0);
  // PRD at a 64-bit address far outside RAM.
  tfd = d.command(0, fis, {{0xfffffffffffff000ull, 4096}});
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsHbfs);
  d.recover(0);
  // Command table outside RAM.
  d.build(0, 0, fis, {{kData, 4096}}, false);
  uint32_t bad = 0xfff00000;
  std::memcpy(d.at(Driver::clb(0) + 8), &bad, 4);
  d.pset(0, ahci::kPxCi, 1);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsHbfs);
  d.recover(0);
  // Command list outside RAM, every slot issued at once.
  d.pset(0, ahci::kPxCmd, ahci::kCmdFre);
  d.pset(0, ahci::kPxClbu, 0x7fffffff);
  d.pset(0, ahci::kPxCmd, ahci::kCmdFre | ahci::kCmdSt);
  d.pset(0, ahci::kPxCi, 0xffffffff);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsHbfs);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0xffffffffu);
  // FIS area outside RAM: the command runs, then the D2H FIS cannot be posted.
  d.recover(0);
  d.pset(0, ahci::kPxCmd, 0);
  d.pset(0, ahci::kPxClbu, 0);
  d.pset(0, ahci::kPxFbu, 0x10);
  d.pset(0, ahci::kPxCmd, ahci::kCmdFre | ahci::kCmdSt);
  ata_fis(fis, ata::kFlushCacheExt);
  d.command(0, fis);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsHbfs);
  // A 65535-entry PRD table (1 MiB) is walked and bounded.
  d.recover(0);
  d.pset(0, ahci::kPxCmd, 0);
  d.pset(0, ahci::kPxFbu, 0);
  d.start_port(0);
  d.build(0, 0, fis, {}, false);
  uint32_t h0 = 5 | (0xffffu << 16);
  std::memcpy(d.at(Driver::clb(0)), &h0, 4);
  ata_fis(fis, ata::kReadDmaExt, 0, 1);
  std::memcpy(d.at(Driver::table(0, 0)), fis, 20);
  d.pset(0, ahci::kPxCi, 1);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);  // PRDs (zeroed: 1-byte regions at 0) cover the 512 bytes
}

TEST(trim_punches_holes_and_nodelete_refuses) {
  Files f;
  const std::string path = f.add(1 << 20, 9);
  AhciConfig c;
  c.ports = {disk(path)};
  c.ports[0].nodelete = false;
  auto nd = disk(f.add(1 << 20));
  nd.nodelete = true;
  c.ports.push_back(nd);
  Driver d(c);
  d.start_port(0);
  d.start_port(1);
  uint64_t range[64] = {};
  range[0] = 8 | (static_cast<uint64_t>(8) << 48);  // LBA 8, 8 sectors (4 KiB at 4 KiB)
  std::memcpy(d.at(kData), range, 512);
  uint8_t fis[20];
  ata_fis(fis, ata::kDataSetManagement, 0, 1, ata::kDsmTrim);
  CHECK_EQ(status(d.command(0, fis, {{kData, 512}}, true)), 0x50);
  std::vector<uint8_t> b(4096);
  int fd = open(path.c_str(), O_RDONLY);
  CHECK_EQ(pread(fd, b.data(), b.size(), 4096), 4096);
  close(fd);
  CHECK(std::all_of(b.begin(), b.end(), [](uint8_t x) { return x == 0; }));
  CHECK(status(d.command(1, fis, {{kData, 512}}, true)) & ata::kStatusErr);
  ata_fis(fis, ata::kIdentify);
  d.recover(1);
  d.command(1, fis, {{kData, 512}});
  uint16_t w[256];
  std::memcpy(w, d.at(kData), 512);
  CHECK_EQ(w[169] & 1, 0);
}

TEST(sector_size_options_in_identify) {
  Files f;
  AhciConfig c;
  auto p = disk(f.add(1 << 20));
  p.logical_sector_size = 4096;
  p.physical_sector_size = 4096;
  auto q = disk(f.add(1 << 20));
  q.physical_sector_size = 4096;
  q.rotation_rate = 1;
  c.ports = {p, q};
  Driver d(c);
  d.start_port(0);
  d.start_port(1);
  uint8_t fis[20];
  ata_fis(fis, ata::kIdentify);
  uint16_t w[256];
  d.command(0, fis, {{kData, 512}});
  std::memcpy(w, d.at(kData), 512);
  CHECK_EQ(w[100], 256);  // 1 MiB / 4096
  CHECK(w[106] & 0x1000);
  CHECK_EQ(w[117] | (w[118] << 16), 2048);  // words per logical sector
  d.command(1, fis, {{kData, 512}});
  std::memcpy(w, d.at(kData), 512);
  CHECK_EQ(w[106], 0x6003);  // 8 logical per physical
  CHECK_EQ(w[217], 1);
  // A 4 KiB-sector read moves 4096 bytes per sector.
  ata_fis(fis, ata::kReadDmaExt, 1, 1);
  d.command(0, fis, {{kData, 4096}});
  CHECK_EQ(d.prdbc(0), 4096u);
}

TEST(atapi_cdrom_commands) {
  Files f;
  const std::string iso = f.add(2048 * 300, 3);
  AhciConfig c;
  c.ports = {cdrom(iso)};
  Driver d(c);
  d.start_port(0);
  uint8_t fis[20], cdb[16] = {};
  ata_fis(fis, ata::kIdentify);
  uint32_t tfd = d.command(0, fis, {{kData, 512}});
  CHECK(status(tfd) & ata::kStatusErr);
  CHECK_EQ(d.at(Driver::fb(0) + 0x40)[5], 0x14);  // signature in LBA mid/high
  CHECK_EQ(d.at(Driver::fb(0) + 0x40)[6], 0xeb);
  d.recover(0);
  ata_fis(fis, ata::kIdentifyPacket);
  CHECK_EQ(status(d.command(0, fis, {{kData, 512}})), 0x50);
  uint16_t w[256];
  std::memcpy(w, d.at(kData), 512);
  CHECK_EQ((w[0] >> 8) & 0x1f, 5);
  CHECK(w[0] & 0x80);
  auto packet = [&](std::initializer_list<uint8_t> bytes, uint32_t len) {
    std::memset(cdb, 0, sizeof cdb);
    std::copy(bytes.begin(), bytes.end(), cdb);
    ata_fis(fis, ata::kPacket, 0, 0, 1);
    return d.command(0, fis, {{kData, len}}, false, cdb);
  };
  CHECK_EQ(status(packet({0x00}, 0)), 0x50);  // TEST UNIT READY
  CHECK_EQ(status(packet({0x12, 0, 0, 0, 36}, 96)), 0x50);
  CHECK_EQ(d.prdbc(0), 36u);
  CHECK_EQ(d.at(kData)[0], 0x05);
  CHECK(std::memcmp(d.at(kData + 16), "TEST MODEL", 10) == 0);
  CHECK_EQ(status(packet({0x25}, 8)), 0x50);  // READ CAPACITY
  CHECK_EQ(d.at(kData)[2] << 8 | d.at(kData)[3], 299);
  CHECK_EQ(d.at(kData)[6] << 8 | d.at(kData)[7], 2048);
  CHECK_EQ(status(packet({0x28, 0, 0, 0, 0, 16, 0, 0, 2}, 4096)), 0x50);  // READ(10) LBA 16, 2 blocks
  std::vector<uint8_t> b(4096);
  int fd = open(iso.c_str(), O_RDONLY);
  CHECK_EQ(pread(fd, b.data(), b.size(), 16 * 2048), 4096);
  CHECK(std::memcmp(b.data(), d.at(kData), 4096) == 0);
  CHECK_EQ(status(packet({0xa8, 0, 0, 0, 1, 0x2b, 0, 0, 0, 1}, 2048)), 0x50);  // READ(12) LBA 299
  CHECK_EQ(pread(fd, b.data(), 2048, 299 * 2048), 2048);
  close(fd);
  CHECK(std::memcmp(b.data(), d.at(kData), 2048) == 0);
  tfd = packet({0x28, 0, 0, 0, 1, 0x2b, 0, 0, 2}, 4096);  // past the end
  CHECK(status(tfd) & ata::kStatusErr);
  CHECK_EQ(tfd >> 12, scsi::kSenseIllegalRequest);
  d.recover(0);
  CHECK_EQ(status(packet({0x03, 0, 0, 0, 18}, 18)), 0x50);  // REQUEST SENSE
  CHECK_EQ(d.at(kData)[2], scsi::kSenseIllegalRequest);
  CHECK_EQ(d.at(kData)[12], 0x21);
  CHECK_EQ(status(packet({0x43, 0, 0, 0, 0, 0, 0, 0, 100}, 100)), 0x50);  // READ TOC
  CHECK_EQ(d.prdbc(0), 20u);
  CHECK_EQ(d.at(kData)[14], 0xaa);
  CHECK_EQ(d.at(kData)[18] << 8 | d.at(kData)[19], 300);
  CHECK_EQ(status(packet({0x5a, 0, 0x2a, 0, 0, 0, 0, 0, 64}, 64)), 0x50);  // MODE SENSE(10) page 2A
  CHECK_EQ(d.at(kData)[8], 0x2a);
  CHECK_EQ(status(packet({0x46, 0, 0, 0, 0, 0, 0, 0, 64}, 64)), 0x50);   // GET CONFIGURATION
  CHECK_EQ(d.at(kData)[7], 0x08);                                        // current profile CD-ROM
  CHECK_EQ(status(packet({0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8}, 8)), 0x50);  // GET EVENT STATUS (media)
  CHECK_EQ(d.at(kData)[5], 0x02);
  tfd = packet({0xff}, 0);
  CHECK_EQ(tfd >> 12, scsi::kSenseIllegalRequest);
  d.recover(0);
  // Locked: eject refused; unlocked: eject, then no medium; load brings it back.
  CHECK_EQ(status(packet({0x1e, 0, 0, 0, 1}, 0)), 0x50);
  CHECK(status(packet({0x1b, 0, 0, 0, 2}, 0)) & ata::kStatusErr);
  d.recover(0);
  CHECK_EQ(status(packet({0x1e, 0, 0, 0, 0}, 0)), 0x50);
  CHECK_EQ(status(packet({0x1b, 0, 0, 0, 2}, 0)), 0x50);
  tfd = packet({0x00}, 0);
  CHECK_EQ(tfd >> 12, scsi::kSenseNotReady);
  d.recover(0);
  CHECK_EQ(status(packet({0x03, 0, 0, 0, 18}, 18)), 0x50);
  CHECK_EQ(d.at(kData)[12], 0x3a);
  CHECK_EQ(status(packet({0x4a, 1, 0, 0, 0x10, 0, 0, 0, 8}, 8)), 0x50);
  CHECK_EQ(d.at(kData)[4], 3);  // media removal event
  CHECK_EQ(status(packet({0x1b, 0, 0, 0, 3}, 0)), 0x50);
  CHECK_EQ(status(packet({0x00}, 0)), 0x50);
  // A write command on the read-only image.
  ata_fis(fis, ata::kWriteDmaExt, 0, 1);
  CHECK(status(d.command(0, fis, {{kData, 512}}, true)) & ata::kStatusErr);
}

TEST(intx_follows_pxis_pxie_and_ghc_ie) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20))};
  Driver d(c);
  d.start_port(0);
  d.pset(0, ahci::kPxIe, 0xffffffff);
  uint8_t fis[20];
  ata_fis(fis, ata::kFlushCacheExt);
  d.command(0, fis);
  CHECK(!d.intx->level);  // GHC.IE off
  CHECK(d.reg(ahci::kIs) & 1);
  d.set(ahci::kGhc, ahci::kGhcIe);
  CHECK(d.intx->level);
  d.set(ahci::kIs, 1);
  CHECK(d.intx->level);  // PxIS still set: IS.IPS comes back
  d.pset(0, ahci::kPxIs, 0xffffffff);
  d.set(ahci::kIs, 1);
  CHECK(!d.intx->level);
  d.command(0, fis);
  CHECK(d.intx->level);
  d.hba->config_write(0x04, 2, 0x0406);  // INTx disable
  CHECK(!d.intx->level);
  d.hba->config_write(0x04, 2, 0x0006);
  CHECK(d.intx->level);
  // A byte write to PxIS clears only the bits written.
  d.pset(0, ahci::kPxIs, 0xffffffff);
  d.set(ahci::kIs, 1);
  d.command(0, fis);
  const uint32_t before = d.preg(0, ahci::kPxIs);
  uint8_t one = 0x01;
  d.hba->mmio_write(ahci::kAbarBar, ahci::kPortBase + ahci::kPxIs, &one, 1);
  CHECK_EQ(d.preg(0, ahci::kPxIs), before & ~1u);
  // HBA reset clears everything.
  d.set(ahci::kGhc, ahci::kGhcHr);
  CHECK_EQ(d.preg(0, ahci::kPxIs), 0u);
  CHECK_EQ(d.preg(0, ahci::kPxClb), 0u);
  CHECK(!d.intx->level);
}

TEST(msi_replaces_intx_once_enabled) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20))};
  tshyve::vmm::MsiRouter router(-1);  // no KVM: triggers are counted
  Driver d(c, false, &router);
  const uint8_t cap = d.hba->msi_cap();
  CHECK(cap != 0);
  CHECK_EQ(d.hba->config_read(0x34, 1), cap);  // first capability
  CHECK_EQ(d.hba->config_read(cap, 1), 0x05u);
  d.hba->config_write(cap + 4, 4, 0xfee00000);
  d.hba->config_write(cap + 12, 2, 0x0041);
  d.hba->config_write(cap + 2, 2, 0x0001);  // MSI enable
  d.start_port(0);
  d.pset(0, ahci::kPxIe, ahci::kIsDhrs | ahci::kIsTfes);
  d.set(ahci::kGhc, ahci::kGhcIe);
  uint8_t fis[20];
  ata_fis(fis, ata::kFlushCacheExt);
  d.command(0, fis);
  CHECK_EQ(router.triggered(), 1u);
  CHECK(!d.intx->level);
  // Without clearing PxIS, a second completion is still a new message.
  d.command(0, fis);
  CHECK_EQ(router.triggered(), 2u);
  // Masked: kept pending, delivered on unmask.
  d.hba->config_write(cap + 0x10, 4, 1);
  d.command(0, fis);
  CHECK_EQ(router.triggered(), 2u);
  d.hba->config_write(cap + 0x10, 4, 0);
  CHECK_EQ(router.triggered(), 3u);
  // MSI off: back to INTx, which is asserted while PxIS is set.
  d.hba->config_write(cap + 2, 2, 0x0000);
  CHECK(d.intx->level);
}

TEST(comreset_and_softreset_report_the_signature) {
  Files f;
  AhciConfig c;
  c.ports = {cdrom(f.add(1 << 20))};
  Driver d(c);
  d.start_port(0);
  d.pset(0, ahci::kPxSctl, 1);
  CHECK_EQ(d.preg(0, ahci::kPxSsts) & 0xf, 0u);
  d.pset(0, ahci::kPxSctl, 0);
  CHECK_EQ(d.preg(0, ahci::kPxSsts) & 0xf, 3u);
  CHECK_EQ(d.preg(0, ahci::kPxSig), ahci::kSignatureAtapi);
  CHECK_EQ(d.at(Driver::fb(0) + 0x40)[0], ahci::kFisRegD2h);
  uint8_t fis[20] = {ahci::kFisRegH2d, 0, 0, 0};
  fis[15] = ahci::kControlSrst;
  d.command(0, fis);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  fis[15] = 0;
  std::memset(d.at(Driver::fb(0) + 0x40), 0, 20);
  d.command(0, fis);
  CHECK_EQ(d.at(Driver::fb(0) + 0x40)[6], 0xeb);
  CHECK_EQ(d.preg(0, ahci::kPxTfd) & 0x88, 0u);
}

TEST(worker_thread_completes_commands) {
  Files f;
  const std::string path = f.add(8 << 20, 5);
  AhciConfig c;
  c.ports = {disk(path), cdrom(f.add(1 << 20))};
  Driver d(c, true);
  d.start_port(0);
  uint8_t fis[20];
  for (int slot = 0; slot < 32; ++slot) {
    ata_fis(fis, ata::kReadDmaExt, slot * 64, 64);
    d.build(0, slot, fis, {{kData + slot * 32768ull, 32768}}, false);
  }
  d.pset(0, ahci::kPxCi, 0xffffffff);
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (d.preg(0, ahci::kPxCi) && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  std::vector<uint8_t> b(1 << 20);
  int fd = open(path.c_str(), O_RDONLY);
  CHECK_EQ(pread(fd, b.data(), b.size(), 0), 1 << 20);
  close(fd);
  CHECK(std::memcmp(b.data(), d.at(kData), b.size()) == 0);
  CHECK_EQ(d.hba->port(0).commands(), 32u);
  // Now cached, a read finishes inside the PxCI write (on this thread); FLUSH waits for the worker.
  ata_fis(fis, ata::kReadDmaExt, 8, 8);
  d.build(0, 0, fis, {{kData, 4096}}, false);
  d.pset(0, ahci::kPxCi, 1);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  CHECK_EQ(d.hba->port(0).commands(), 33u);
  ata_fis(fis, ata::kFlushCacheExt);
  d.build(0, 1, fis, {}, false);
  d.pset(0, ahci::kPxCi, 2);
  until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (d.preg(0, ahci::kPxCi) && std::chrono::steady_clock::now() < until) std::this_thread::yield();
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  CHECK_EQ(d.hba->port(0).commands(), 34u);
  d.hba->shutdown();
}

TEST(cdrom_image_is_opened_read_only_and_disk_lock_is_exclusive) {
  Files f;
  const std::string iso = f.add(1 << 20);
  chmod(iso.c_str(), 0444);
  AhciConfig c;
  c.ports = {cdrom(iso)};
  bool ok = true;
  try {
    Driver d(c);
  } catch (const std::exception&) {
    ok = false;
  }
  if (getuid() != 0) CHECK(ok);  // root opens it anyway; others must not need write permission
  const std::string img = f.add(1 << 20);
  AhciConfig a;
  a.ports = {disk(img)};
  Driver first(a);
  bool refused = false;
  try {
    Driver second(a);
  } catch (const std::exception&) {
    refused = true;
  }
  CHECK(refused);
}

uint32_t sdb_sactive(Driver& d, int p) {
  uint32_t v;
  std::memcpy(&v, d.at(Driver::fb(p) + ahci::kRfisSdbfis + 4), 4);
  return v;
}
std::vector<uint8_t> file_bytes(const std::string& path, uint64_t offset, size_t n) {
  std::vector<uint8_t> b(n);
  int fd = open(path.c_str(), O_RDONLY);
  if (pread(fd, b.data(), n, static_cast<off_t>(offset)) != static_cast<ssize_t>(n)) b.clear();
  close(fd);
  return b;
}

TEST(ncq_is_offered_by_cap_and_identify) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20))};
  Driver d(c);
  CHECK(d.reg(ahci::kCap) & ahci::kCapSncq);
  d.start_port(0);
  uint8_t fis[20];
  ata_fis(fis, ata::kIdentify);
  CHECK_EQ(status(d.command(0, fis, {{kData, 512}})), 0x50);
  uint16_t w[256];
  std::memcpy(w, d.at(kData), 512);
  CHECK_EQ(w[75] & 0x1f, 31);  // queue depth 32
  CHECK(w[76] & (1u << 8));    // NCQ supported
  CHECK(w[84] & (1u << 5));    // general purpose logging: READ LOG EXT
  // The log directory lists the NCQ command error log (one page).
  ata_fis(fis, ata::kReadLogExt, ata::kLogDirectory, 1);
  CHECK_EQ(status(d.command(0, fis, {{kData, 512}})), 0x50);
  CHECK_EQ(d.at(kData)[0], 1);
  CHECK_EQ(d.at(kData)[2 * ata::kLogNcqError], 1);
  ata_fis(fis, ata::kReadLogExt, 0x30, 1);  // a log not kept
  CHECK(status(d.command(0, fis, {{kData, 512}})) & ata::kStatusErr);
}

TEST(ncq_commands_leave_ci_at_once_and_end_in_one_set_device_bits_fis) {
  Files f;
  const std::string path = f.add(4 << 20);
  AhciConfig c;
  c.ports = {disk(path)};
  Driver d(c);
  d.start_port(0);
  d.pset(0, ahci::kPxIe, 0xffffffff);
  d.set(ahci::kGhc, ahci::kGhcIe);
  for (int i = 0; i < 8 * 4096; ++i) d.at(kData)[i] = static_cast<uint8_t>(i * 31 + 7);
  uint8_t fis[20];
  for (int t = 0; t < 8; ++t) {  // tags 0..7 write 4 KiB each at LBA 8 * (7 - t), two PRDs each
    fpdma_fis(fis, true, 8 * (7 - t), 8, t);
    d.build(0, t, fis, {{kData + t * 4096ull, 1024}, {kData + t * 4096ull + 1024, 3072}}, true);
  }
  std::memset(d.at(Driver::fb(0) + ahci::kRfisSdbfis), 0, 8);
  d.queue(0, 0xff);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0u);
  CHECK_EQ(d.at(Driver::fb(0) + ahci::kRfisSdbfis)[0], ahci::kFisSetDeviceBits);
  CHECK(d.at(Driver::fb(0) + ahci::kRfisSdbfis)[1] & ahci::kFisInterruptBit);
  CHECK_EQ(sdb_sactive(d, 0), 0xffu);
  const uint32_t is = d.preg(0, ahci::kPxIs);
  CHECK(is & ahci::kIsSdbs);
  CHECK(!(is & ahci::kIsDhrs));  // the D2H FIS accepting a queued command does not interrupt
  CHECK(!(is & ahci::kIsTfes));
  CHECK(d.intx->level);
  for (int t = 0; t < 8; ++t) {
    const auto b = file_bytes(path, 8 * 512 * (7 - t), 4096);
    CHECK(b.size() == 4096 && std::memcmp(b.data(), d.at(kData + t * 4096ull), 4096) == 0);
  }
  // Read them back into another buffer on tags 3 and 30, one command each.
  d.pset(0, ahci::kPxIs, 0xffffffff);
  fpdma_fis(fis, false, 0, 64, 30);
  d.build(0, 30, fis, {{kData + 0x100000, 32768}}, false);
  d.queue(0, 1u << 30);
  CHECK_EQ(sdb_sactive(d, 0), 1u << 30);
  fpdma_fis(fis, false, 56, 8, 3);
  d.build(0, 3, fis, {{kData + 0x200000, 4096}}, false);
  d.queue(0, 1u << 3);
  CHECK_EQ(sdb_sactive(d, 0), 1u << 3);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0u);
  CHECK(std::memcmp(d.at(kData + 0x200000), d.at(kData), 4096) == 0);  // LBA 56 = tag 0's data
  for (int t = 0; t < 8; ++t) CHECK(std::memcmp(d.at(kData + 0x100000 + (7 - t) * 4096ull), d.at(kData + t * 4096ull), 4096) == 0);
  const auto io = d.hba->port(0).device().counters().snapshot();
  CHECK_EQ(io.write_requests, 8u);
  CHECK_EQ(io.read_requests, 2u);
  CHECK_EQ(io.read_bytes, 36864u);
}

TEST(ncq_error_stops_the_port_and_log_10h_names_the_tag) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20))};
  Driver d(c);
  d.start_port(0);
  const uint64_t last = (1 << 20) / 512 - 1;
  uint8_t fis[20];
  fpdma_fis(fis, false, 0, 8, 0);
  d.build(0, 0, fis, {{kData, 4096}}, false);
  fpdma_fis(fis, false, last, 2, 1);  // one sector past the end
  d.build(0, 1, fis, {{kData + 4096, 1024}}, false);
  fpdma_fis(fis, false, 8, 8, 2);  // issued with the others, behind the failing tag: aborted
  d.build(0, 2, fis, {{kData + 8192, 4096}}, false);
  d.queue(0, 0x7);
  const uint32_t is = d.preg(0, ahci::kPxIs);
  CHECK(is & ahci::kIsTfes);
  CHECK(is & ahci::kIsSdbs);
  const uint32_t tfd = d.preg(0, ahci::kPxTfd);
  CHECK(status(tfd) & ata::kStatusErr);
  CHECK_EQ(tfd >> 8, ata::kErrorIdnf);
  CHECK_EQ(d.at(Driver::fb(0) + ahci::kRfisSdbfis)[3], ata::kErrorIdnf);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0x6u);  // tag 0 ended before the error; 1 failed; 2 never ran
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0x4u);
  // libata's recovery: restart the port; a queued command before the log is read is aborted.
  d.recover(0);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0u);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);
  fpdma_fis(fis, false, 0, 8, 5);
  d.build(0, 5, fis, {{kData, 4096}}, false);
  d.queue(0, 1u << 5);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsTfes);
  CHECK_EQ(d.preg(0, ahci::kPxTfd) >> 8, ata::kErrorAbrt);
  d.recover(0);
  ata_fis(fis, ata::kReadLogExt, ata::kLogNcqError, 1);
  std::memset(d.at(kData), 0xee, 512);
  CHECK_EQ(status(d.command(0, fis, {{kData, 512}})), 0x50);
  const uint8_t* log = d.at(kData);
  CHECK_EQ(log[0], 1);  // tag 1, NQ clear
  CHECK(log[2] & ata::kStatusErr);
  CHECK_EQ(log[3], ata::kErrorIdnf);
  uint64_t lba = 0;
  for (int i = 0; i < 3; ++i) lba |= static_cast<uint64_t>(log[4 + i]) << (8 * i) | static_cast<uint64_t>(log[8 + i]) << (24 + 8 * i);
  CHECK_EQ(lba, last);
  CHECK_EQ(log[12], 2);
  uint8_t sum = 0;
  for (int i = 0; i < 512; ++i) sum = static_cast<uint8_t>(sum + log[i]);
  CHECK_EQ(sum, 0);
  // Read: queued commands run again.
  d.pset(0, ahci::kPxIs, 0xffffffff);
  d.queue(0, 1u << 5);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0u);
  CHECK(!(d.preg(0, ahci::kPxIs) & ahci::kIsTfes));
  CHECK_EQ(sdb_sactive(d, 0), 1u << 5);
}

TEST(ncq_tag_must_be_the_slot_and_prds_outside_ram_are_host_bus_errors) {
  Files f;
  AhciConfig c;
  c.ports = {disk(f.add(1 << 20))};
  Driver d(c);
  d.start_port(0);
  uint8_t fis[20];
  fpdma_fis(fis, false, 0, 8, 9);  // tag 9 in slot 4
  d.build(0, 4, fis, {{kData, 4096}}, false);
  d.queue(0, 1u << 4);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsTfes);
  CHECK_EQ(d.preg(0, ahci::kPxTfd) >> 8, ata::kErrorAbrt);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 1u << 4);
  d.recover(0);
  fpdma_fis(fis, false, 0, 8, 4);
  d.build(0, 4, fis, {{kRamSize - 1024, 4096}}, false);
  d.queue(0, 1u << 4);
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsHbfs);
  d.recover(0);
  // A hard reset clears the error state with everything else.
  d.set(ahci::kGhc, ahci::kGhcHr);
  d.start_port(0);
  d.build(0, 4, fis, {{kData, 4096}}, false);
  d.queue(0, 1u << 4);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0u);
  CHECK_EQ(d.preg(0, ahci::kPxIs) & ahci::kIsTfes, 0u);
}

TEST(ncq_transfers_that_wait_complete_from_the_block_layer_workers) {
  Files f;
  const std::string path = f.add(16 << 20);
  AhciConfig c;
  c.ports = {disk(path)};
  Driver d(c, true);
  d.start_port(0);
  d.pset(0, ahci::kPxIe, 0xffffffff);
  d.set(ahci::kGhc, ahci::kGhcIe);
  // 256 KiB writes are more than the inline attempt takes: all 16 go to the workers.
  constexpr uint32_t kBytes = 256 << 10;
  for (uint32_t i = 0; i < 16 * kBytes; ++i) d.at(kData)[i] = static_cast<uint8_t>(i * 7 + i / 4096);
  uint8_t fis[20];
  for (int t = 0; t < 16; ++t) {
    fpdma_fis(fis, true, t * (kBytes / 512), kBytes / 512, t);
    d.build(0, t, fis, {{kData + t * uint64_t{kBytes}, kBytes}}, true);
  }
  d.queue(0, 0xffff);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 0u);  // accepted at once, ended later
  CHECK(d.wait_sact(0, 0xffff));
  CHECK(d.preg(0, ahci::kPxIs) & ahci::kIsSdbs);
  CHECK(d.hba->interrupts() >= 1u);
  const auto b = file_bytes(path, 0, 16 * kBytes);
  CHECK(b.size() == 16 * kBytes && std::memcmp(b.data(), d.at(kData), b.size()) == 0);
  CHECK_EQ(d.hba->port(0).device().counters().snapshot().write_requests, 16u);
  // A port restarted while transfers are in flight reports none of them afterwards.
  for (int t = 0; t < 16; ++t) {
    fpdma_fis(fis, true, t * (kBytes / 512), kBytes / 512, t);
    d.build(0, t, fis, {{kData + t * uint64_t{kBytes}, kBytes}}, true);
  }
  // PxCMD.CR stays set until the abandoned transfers are off guest RAM.
  d.queue(0, 0xffff);
  d.pset(0, ahci::kPxCmd, ahci::kCmdFre);
  d.pset(0, ahci::kPxIs, 0xffffffff);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0u);
  CHECK(d.stop_port(0));
  CHECK_EQ(d.preg(0, ahci::kPxIs) & ahci::kIsSdbs, 0u);
  CHECK_EQ(d.preg(0, ahci::kPxSact), 0u);
  d.hba->shutdown();
}

TEST_MAIN()
