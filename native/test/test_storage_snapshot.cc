// VM snapshots of AHCI and NVMe controllers (docs/vm-snapshots.md): each is driven mid-use by its
// test driver, saved, and restored into a fresh controller over a copy of guest RAM and the same
// image files; it goes on where it was (registers, queues, pending interrupts, NCQ and ATAPI state,
// features, held Asynchronous Event Requests); truncated, garbled or mismatching state is refused.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "ahci_test_driver.h"
#include "check.h"
#include "devices/storage/ata_spec.h"
#include "nvme_test_driver.h"
#include "vmm/msi_routing.h"
#include "vmm/snapshot_file.h"

using namespace tshyve::devices::storage;
namespace nv = tshyve::devices::storage::nvme;
using tshyve::vmm::MsiRouter;
using tshyve::vmm::SnapshotError;
using tshyve::vmm::StateReader;
using tshyve::vmm::StateWriter;

namespace {
std::string temp_image(uint64_t size, uint8_t seed = 0) {
  char path[] = "/tmp/tshyve-storage-snap-XXXXXX";
  int fd = mkstemp(path);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) std::perror("ftruncate");
  if (seed) {
    std::vector<uint8_t> b(size);
    for (size_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(i * 13 + seed);
    if (pwrite(fd, b.data(), b.size(), 0) != static_cast<ssize_t>(b.size())) std::perror("pwrite");
  }
  close(fd);
  return path;
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

// Restore outcome: 1 taken, 0 refused as garbled, -1 refused by a SnapshotError (message kept).
template <typename Device>
int restore(Device& dev, const std::vector<uint8_t>& bytes, std::string* why = nullptr) {
  StateReader r(bytes);
  try {
    return dev.restore_state(r) ? 1 : 0;
  } catch (const SnapshotError& e) {
    if (why) *why = e.what();
    return -1;
  }
}

// TSHYVE_SNAPSHOT_SEED_DIR=DIR: saved sections are also written to DIR/NAME (seeds that
// native/fuzz/corpus/fuzz_snapshot_file was made from).
void keep_seed(const char* name, const std::vector<uint8_t>& bytes) {
  const char* dir = std::getenv("TSHYVE_SNAPSHOT_SEED_DIR");
  if (!dir) return;
  FILE* f = std::fopen((std::string(dir) + "/" + name).c_str(), "wb");
  if (!f) return;
  std::fwrite(bytes.data(), 1, bytes.size(), f);
  std::fclose(f);
}

// ---- AHCI ----

AhciDriveConfig drive(const std::string& path, AhciDriveKind kind = AhciDriveKind::kDisk) {
  AhciDriveConfig d;
  d.kind = kind;
  d.file.path = path;
  d.serial = "SNAP1";
  return d;
}

std::vector<uint8_t> save_ahci(AhciHba& hba) {
  std::lock_guard<std::mutex> lock(hba.snapshot_lock());
  StateWriter w;
  hba.save_state(w);
  return w.take();
}

uint8_t status(uint32_t tfd) { return static_cast<uint8_t>(tfd); }

void packet_fis(uint8_t fis[20], uint8_t cdb[16], std::initializer_list<uint8_t> bytes) {
  std::memset(cdb, 0, 16);
  std::copy(bytes.begin(), bytes.end(), cdb);
  ahcidrv::ata_fis(fis, ata::kPacket, 0, 0, 1);
}

// A disk on port 0 and a CD-ROM on port 1, both started, with: data written and read by DMA, the
// write cache turned off, a PxIS bit unacknowledged (INTA# high), NCQ tag 5 announced in PxSACT
// but not yet issued, a CD sense key waiting for REQUEST SENSE, and a read issued in PxCI while
// bus mastering is off (so it has not run yet).
void drive_ahci(ahcidrv::Driver& d) {
  using ahcidrv::kData;
  d.start_port(0);
  d.start_port(1);
  d.pset(0, ahci::kPxIe, 0xffffffff);
  d.set(ahci::kGhc, ahci::kGhcIe);
  uint8_t fis[20], cdb[16];
  for (int i = 0; i < 4096; ++i) d.at(kData)[i] = static_cast<uint8_t>(i * 5 + 1);
  ahcidrv::ata_fis(fis, ata::kWriteDmaExt, 16, 8);
  CHECK_EQ(status(d.command(0, fis, {{kData, 4096}}, true)), 0x50);
  ahcidrv::ata_fis(fis, ata::kSetFeatures, 0, 0, 0x82);  // write cache off
  CHECK_EQ(status(d.command(0, fis)), 0x50);
  packet_fis(fis, cdb, {scsi::kRead10, 0, 0, 0, 0x10, 0, 0, 0, 1});  // LBA 4096 of a 300-block image
  CHECK(status(d.command(1, fis, {{kData + 0x10000, 2048}}, false, cdb)) & ata::kStatusErr);
  d.recover(1);
  CHECK(d.intx->level);
  d.pset(0, ahci::kPxSact, 1u << 5);
  d.hba->config_write(0x04, 2, 0x0002);  // bus mastering off: PxCI waits
  ahcidrv::ata_fis(fis, ata::kReadDmaExt, 16, 8);
  d.build(0, 2, fis, {{kData + 0x20000, 4096}}, false);
  d.pset(0, ahci::kPxCi, 1u << 2);
  CHECK_EQ(d.preg(0, ahci::kPxCi), 1u << 2);
}
}  // namespace

TEST(ahci_restored_goes_on_with_its_pending_interrupt_issued_command_and_ncq_tag) {
  using ahcidrv::Driver;
  using ahcidrv::kData;
  Files f;
  AhciConfig c;
  c.slot = 4;
  c.ports = {drive(f.add(4 << 20)), drive(f.add(2048 * 300, 9), AhciDriveKind::kCdrom)};
  auto d = std::make_unique<Driver>(c);
  d->hba->config_write(0x24, 4, 0xe0010000);  // ABAR
  drive_ahci(*d);
  std::vector<uint32_t> regs;
  for (uint32_t off = 0; off < ahci::kPortBase + 2 * ahci::kPortStride; off += 4) regs.push_back(d->reg(off));
  const auto bytes = save_ahci(*d->hba);
  keep_seed("ahci.state", bytes);
  const std::vector<uint8_t> ram = d->ram.bytes;
  d.reset();  // the images' locks go with it, as with the snapshotted process

  auto d2 = std::make_unique<Driver>(c);
  d2->ram.bytes = ram;
  d2->hba->config_write(0x04, 2, 0);  // a fresh function: decoding off, as firmware leaves it before enumeration
  CHECK_EQ(restore(*d2->hba, bytes), 1);
  for (uint32_t off = 0, i = 0; off < ahci::kPortBase + 2 * ahci::kPortStride; off += 4, ++i) {
    if (d2->reg(off) != regs[i]) std::fprintf(stderr, "ABAR 0x%x: 0x%x, was 0x%x\n", off, d2->reg(off), regs[i]);
    CHECK_EQ(d2->reg(off), regs[i]);
  }
  CHECK_EQ(d2->hba->config_read(0x24, 4), 0xe0010000u);
  CHECK_EQ(d2->hba->config_read(0x04, 2), 0x0002u);
  uint64_t off = 0;
  int region = -1;
  CHECK(d2->hba->bar_map().hit(0xe0010000 + 0x110, region, off) && region == ahci::kAbarBar && off == 0x110);
  // The unacknowledged interrupt is still asserted.
  CHECK(d2->intx->level);
  // The command issued before the snapshot runs once bus mastering is back on, and reads what was written.
  std::memset(d2->at(kData + 0x20000), 0, 4096);
  d2->hba->config_write(0x04, 2, 0x0006);
  CHECK_EQ(d2->preg(0, ahci::kPxCi), 0u);
  CHECK(std::memcmp(d2->at(kData + 0x20000), ram.data() + kData, 4096) == 0);
  // NCQ tag 5, announced before the snapshot, is issued now and ends in a Set Device Bits FIS.
  uint8_t fis[20], cdb[16];
  ahcidrv::fpdma_fis(fis, false, 16, 8, 5);
  d2->build(0, 5, fis, {{kData + 0x30000, 4096}}, false);
  d2->pset(0, ahci::kPxCi, 1u << 5);
  CHECK_EQ(d2->preg(0, ahci::kPxSact), 0u);
  uint32_t sactive = 0;
  std::memcpy(&sactive, d2->at(Driver::fb(0) + ahci::kRfisSdbfis + 4), 4);
  CHECK_EQ(sactive, 1u << 5);
  CHECK(std::memcmp(d2->at(kData + 0x30000), ram.data() + kData, 4096) == 0);
  // The disk's write cache stays off (IDENTIFY word 85 bit 5).
  ahcidrv::ata_fis(fis, ata::kIdentify);
  CHECK_EQ(status(d2->command(0, fis, {{kData + 0x40000, 512}})), 0x50);
  uint16_t w[256];
  std::memcpy(w, d2->at(kData + 0x40000), 512);
  CHECK_EQ(w[85] & (1u << 5), 0u);
  // The CD's sense data from before the snapshot: ILLEGAL REQUEST, LBA out of range.
  packet_fis(fis, cdb, {scsi::kRequestSense, 0, 0, 0, 18});
  CHECK_EQ(status(d2->command(1, fis, {{kData + 0x50000, 18}}, false, cdb)), 0x50);
  CHECK_EQ(d2->at(kData + 0x50000)[2] & 0xf, scsi::kSenseIllegalRequest);
  CHECK_EQ(d2->at(kData + 0x50000)[12], 0x21);
  // Acknowledging the interrupt drops the line, as it would have before the snapshot.
  d2->pset(0, ahci::kPxIs, 0xffffffff);
  d2->set(ahci::kIs, 0xffffffff);
  CHECK(!d2->intx->level);
}

TEST(ahci_msi_pending_while_masked_survives_a_snapshot) {
  using ahcidrv::Driver;
  Files f;
  AhciConfig c;
  c.ports = {drive(f.add(1 << 20))};
  MsiRouter router(-1);
  auto d = std::make_unique<Driver>(c, false, &router);
  const uint8_t cap = d->hba->msi_cap();
  d->hba->config_write(cap + 4, 4, 0xfee00000);
  d->hba->config_write(cap + 12, 2, 0x41);
  d->hba->config_write(cap + 0x10, 4, 1);  // masked
  d->hba->config_write(cap + 2, 2, 1);     // MSI enable
  d->start_port(0);
  d->pset(0, ahci::kPxIe, 0xffffffff);
  d->set(ahci::kGhc, ahci::kGhcIe);
  uint8_t fis[20];
  ahcidrv::ata_fis(fis, ata::kFlushCacheExt);
  d->command(0, fis);
  CHECK_EQ(router.triggered(), 0u);
  CHECK_EQ(d->hba->config_read(cap + 0x14, 4), 1u);  // the guest read the Pending Bits register
  const auto bytes = save_ahci(*d->hba);
  const auto ram = d->ram.bytes;
  d.reset();
  MsiRouter router2(-1);
  auto d2 = std::make_unique<Driver>(c, false, &router2);
  d2->ram.bytes = ram;
  CHECK_EQ(restore(*d2->hba, bytes), 1);
  CHECK_EQ(router2.triggered(), 0u);
  CHECK_EQ(d2->hba->config_read(cap + 0x14, 4), 1u);
  CHECK(!d2->intx->level);                  // MSI replaces INTx
  d2->hba->config_write(cap + 0x10, 4, 0);  // unmask: the interrupt the guest waits for
  CHECK_EQ(router2.triggered(), 1u);
}

TEST(ahci_restore_refuses_truncated_garbled_and_mismatching_state) {
  using ahcidrv::Driver;
  Files f;
  const std::string disk = f.add(4 << 20), cd = f.add(2048 * 300, 9);
  AhciConfig c;
  c.ports = {drive(disk), drive(cd, AhciDriveKind::kCdrom)};
  std::vector<uint8_t> bytes, ram;
  {
    Driver d(c);
    drive_ahci(d);
    bytes = save_ahci(*d.hba);
    ram = d.ram.bytes;
  }
  Driver d2(c);
  d2.ram.bytes = ram;
  auto reset_state = [&] { return d2.preg(0, ahci::kPxClb) == 0 && d2.preg(1, ahci::kPxClb) == 0 && d2.reg(ahci::kGhc) == ahci::kGhcAe; };
  // Every truncation is refused and leaves the HBA in reset state.
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    CHECK(restore(*d2.hba, cut) != 1);
    CHECK(reset_state());
  }
  // A trailing byte too.
  auto longer = bytes;
  longer.push_back(0);
  CHECK_EQ(restore(*d2.hba, longer), 0);
  // Flipped bytes: refused or taken, never a crash; a refusal leaves the reset state. What is
  // taken must be safe to run on (a command issued, the HBA reset for the next round).
  int refused = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto bad = bytes;
    bad[i] ^= 0xa5;
    if (restore(*d2.hba, bad) != 1) {
      ++refused;
      CHECK(reset_state());
    } else {
      d2.hba->config_write(0x04, 2, 0x0006);
      d2.pset(0, ahci::kPxCi, 1u << 2);
      d2.set(ahci::kGhc, ahci::kGhcHr);
    }
  }
  CHECK(refused > 0);
  // Another disk size, another port count, another drive kind: named refusals.
  std::string why;
  {
    const std::string small = f.add(2 << 20);
    AhciConfig other = c;
    other.ports[0] = drive(small);
    Driver d3(other);
    CHECK_EQ(restore(*d3.hba, bytes, &why), -1);
    CHECK(why.find("port 0") != std::string::npos && why.find("the disk changed") != std::string::npos);
  }
  {
    AhciConfig other;
    other.ports = {drive(f.add(4 << 20))};
    Driver d3(other);
    CHECK_EQ(restore(*d3.hba, bytes, &why), -1);
    CHECK(why.find("2 ports") != std::string::npos);
  }
  {
    AhciConfig other;
    other.ports = {drive(f.add(4 << 20)), drive(f.add(4 << 20))};
    Driver d3(other);
    CHECK_EQ(restore(*d3.hba, bytes, &why), -1);
    CHECK(why.find("CD-ROM") != std::string::npos);
  }
  // The intact bytes still restore into the refused controller.
  CHECK_EQ(restore(*d2.hba, bytes), 1);
  CHECK_EQ(d2.preg(0, ahci::kPxClb), static_cast<uint32_t>(Driver::clb(0)));
}

// ---- NVMe ----

namespace {
constexpr uint64_t kMsixTable = 0x2000, kPba = 0x3000;

uint8_t msix_cap(NvmePciFunction& fn) {
  uint32_t cap = fn.config_read(0x34, 1);
  while (cap && (fn.config_read(cap, 1) & 0xff) != 0x11) cap = fn.config_read(cap + 1, 1);
  return static_cast<uint8_t>(cap);
}

std::vector<uint8_t> save_nvme(NvmePciFunction& fn) {
  std::lock_guard<std::mutex> lock(fn.snapshot_lock());
  StateWriter w;
  fn.save_state(w);
  return w.take();
}

// The driver's queue bookkeeping and guest RAM, as the restored guest has them.
void copy_guest(const nvmedrv::Driver& from, nvmedrv::Driver& to) {
  std::memcpy(to.ram, from.ram, nvmedrv::Driver::kRam);
  for (int i = 0; i < 17; ++i) to.queues[i] = from.queues[i];
  to.heap = from.heap;
}

bool eventually(const std::function<bool()>& pred) {
  for (int i = 0; i < 2000 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return pred();
}

NvmeConfig nvme_config(const std::string& path) {
  NvmeConfig c;
  c.slot = 5;
  c.path = path;
  c.max_queues = 2;
  c.queue_size = 64;
  return c;
}

// MSI-X on with vector 1 masked, BAR 0 placed, I/O queue pair 1 (CQ on vector 1) that wrote and
// read 4 KiB at LBA 8 (so vector 1 is pending), coalescing set, and one Asynchronous Event Request held.
uint16_t drive_nvme(nvmedrv::Driver& d, uint64_t buf) {
  d.fn->config_write(0x10, 4, 0xe0000000);
  d.fn->config_write(0x14, 4, 0);
  d.fn->config_write(0x04, 2, 0x6);
  const uint8_t cap = msix_cap(*d.fn);
  d.fn->config_write(cap + 2, 2, 0x8000);
  CHECK(d.enable());
  for (uint16_t v = 0; v < 2; ++v) {
    uint64_t addr = 0xfee00000;
    uint32_t data = 0x40 + v, ctl = v;  // vector 1 masked
    d.fn->mmio_write(0, kMsixTable + 16 * v, reinterpret_cast<uint8_t*>(&addr), 8);
    d.fn->mmio_write(0, kMsixTable + 16 * v + 8, reinterpret_cast<uint8_t*>(&data), 4);
    d.fn->mmio_write(0, kMsixTable + 16 * v + 12, reinterpret_cast<uint8_t*>(&ctl), 4);
  }
  auto& Q = d.queues[1];
  Q = nvmedrv::Driver::Queue{nvmedrv::Driver::kIoSq, nvmedrv::Driver::kIoCq, 16};
  std::memset(d.ram + Q.cq, 0, 16 * 16);
  auto cq = nvmedrv::Driver::command(nv::admin::kCreateCq);
  cq.prp1 = Q.cq;
  cq.cdw10 = (16u - 1) << 16 | 1;
  cq.cdw11 = 3 | (1u << 16);
  CHECK_EQ(d.run(0, cq), 0u);
  auto sq = nvmedrv::Driver::command(nv::admin::kCreateSq);
  sq.prp1 = Q.sq;
  sq.cdw10 = (16u - 1) << 16 | 1;
  sq.cdw11 = 1u << 16 | 1;
  CHECK_EQ(d.run(0, sq), 0u);
  auto coalesce = nvmedrv::Driver::command(nv::admin::kSetFeatures);
  coalesce.cdw10 = nv::feature::kInterruptCoalescing;
  coalesce.cdw11 = 0x0a03;
  CHECK_EQ(d.run(0, coalesce), 0u);
  for (int i = 0; i < 4096; ++i) d.ram[buf + i] = static_cast<uint8_t>(i * 3 + 11);
  CHECK_EQ(d.run(1, d.rw(true, 8, 8, buf)), 0u);
  CHECK_EQ(d.run(1, d.rw(false, 8, 8, buf + 4096)), 0u);
  uint8_t pba = 0;
  CHECK(eventually([&] {
    d.fn->mmio_read(0, kPba, &pba, 1);
    return (pba & 2) != 0;
  }));
  return d.submit(0, nvmedrv::Driver::command(nv::admin::kAsyncEvent));
}
}  // namespace

TEST(nvme_restored_queues_go_on_and_the_pending_msix_and_held_aer_are_delivered) {
  Files f;
  const NvmeConfig c = nvme_config(f.add(8 << 20));
  MsiRouter router(-1);
  auto d = std::make_unique<nvmedrv::Driver>();
  d->open(c, 2, &router);
  const uint64_t buf = d->alloc(3 * 4096);
  const uint16_t aer = drive_nvme(*d, buf);
  CHECK(eventually([&] { return d->fn->requests_in_flight() == 0; }));
  const uint32_t cc = d->r32(nv::reg::kCc), aqa = d->r32(nv::reg::kAqa);
  const auto bytes = save_nvme(*d->fn);
  keep_seed("nvme.state", bytes);
  auto d2 = std::make_unique<nvmedrv::Driver>();
  copy_guest(*d, *d2);
  d->fn->stop();
  d.reset();

  MsiRouter router2(-1);
  d2->open(c, 2, &router2);
  CHECK_EQ(restore(*d2->fn, bytes), 1);
  CHECK_EQ(d2->r32(nv::reg::kCc), cc);
  CHECK_EQ(d2->r32(nv::reg::kAqa), aqa);
  CHECK(d2->r32(nv::reg::kCsts) & nv::kCstsReady);
  CHECK_EQ(d2->fn->config_read(0x10, 4), 0xe0000004u);  // 64-bit memory BAR where the guest put it
  uint64_t off = 0;
  int region = -1;
  CHECK(d2->fn->bar_map().hit(0xe0000000 + 0x1000, region, off) && region == 0 && off == 0x1000);
  // Vector 1 still pending, undelivered while masked; unmasking delivers it.
  uint8_t pba = 0;
  d2->fn->mmio_read(0, kPba, &pba, 1);
  CHECK_EQ(pba & 2, 2);
  CHECK_EQ(router2.triggered(), 0u);
  uint32_t ctl = 0;
  d2->fn->mmio_write(0, kMsixTable + 16 + 12, reinterpret_cast<uint8_t*>(&ctl), 4);
  CHECK_EQ(router2.triggered(), 1u);
  // The I/O queue goes on at its saved tail and phase: the next read completes in the next CQ slot.
  nv::Completion comp{};
  CHECK_EQ(d2->run(1, d2->rw(false, 8, 8, buf + 8192)), 0u);
  CHECK(std::memcmp(d2->ram + buf + 8192, d2->ram + buf, 4096) == 0);
  CHECK_EQ(d2->queues[1].head, 3u);
  // Features: coalescing as set.
  uint32_t dw0 = 0;
  auto get = nvmedrv::Driver::command(nv::admin::kGetFeatures);
  get.cdw10 = nv::feature::kInterruptCoalescing;
  CHECK_EQ(d2->run(0, get, &dw0), 0u);
  CHECK_EQ(dw0, 0x0a03u);
  // The Asynchronous Event Request held before the snapshot completes with the next event.
  d2->w32(nv::reg::kDoorbells + 8 * 2, 1);  // SQ 2 does not exist
  CHECK(d2->reap(0, comp));
  CHECK_EQ(comp.cid, aer);
  CHECK_EQ(comp.dw0 & 7u, nv::event::kTypeError);
  d2->fn->stop();
}

TEST(nvme_intx_level_of_unconsumed_completions_survives_a_snapshot) {
  Files f;
  const NvmeConfig c = nvme_config(f.add(1 << 20));
  auto d = std::make_unique<nvmedrv::Driver>();
  d->open(c, 0);
  CHECK(d->enable());
  d->submit(0, nvmedrv::Driver::command(nv::admin::kGetFeatures));  // feature 0: invalid field, completes
  d->fn->controller().process_pending();
  CHECK(d->intx->level);
  const auto bytes = save_nvme(*d->fn);
  auto d2 = std::make_unique<nvmedrv::Driver>();
  copy_guest(*d, *d2);
  d->fn->stop();
  d.reset();
  d2->open(c, 0);
  CHECK(!d2->intx->level);
  CHECK_EQ(restore(*d2->fn, bytes), 1);
  CHECK(d2->intx->level);
  nv::Completion comp{};
  CHECK(d2->reap(0, comp));
  CHECK(!d2->intx->level);
  d2->fn->stop();
}

TEST(nvme_restore_refuses_truncated_garbled_and_mismatching_state) {
  Files f;
  const NvmeConfig c = nvme_config(f.add(8 << 20));
  std::vector<uint8_t> bytes;
  auto d = std::make_unique<nvmedrv::Driver>();
  {
    MsiRouter router(-1);
    d->open(c, 2, &router);
    drive_nvme(*d, d->alloc(3 * 4096));
    CHECK(eventually([&] { return d->fn->requests_in_flight() == 0; }));
    bytes = save_nvme(*d->fn);
    d->fn->stop();
    d->fn.reset();
  }
  MsiRouter router2(-1);
  nvmedrv::Driver d2;
  copy_guest(*d, d2);
  d2.open(c, 0, &router2);
  auto in_reset = [&] { return d2.r32(nv::reg::kCc) == 0 && d2.fn->config_read(0x10, 4) == 0x4u; };
  for (size_t n = 0; n < bytes.size(); ++n) {
    std::vector<uint8_t> cut(bytes.begin(), bytes.begin() + n);
    CHECK(restore(*d2.fn, cut) != 1);
    CHECK(in_reset());
  }
  int refused = 0;
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto bad = bytes;
    bad[i] ^= 0x5a;
    if (restore(*d2.fn, bad) == 1) {
      d2.fn->controller().process_pending();  // whatever it took must be safe to run
      d2.w32(nv::reg::kCc, 0);                // back to reset for the next one
      d2.fn->config_write(0x04, 2, 0);
      d2.fn->config_write(0x10, 4, 0);
      d2.fn->config_write(0x14, 4, 0);
    } else {
      ++refused;
      CHECK(in_reset());
    }
  }
  CHECK(refused > 0);
  std::string why;
  {
    d2.fn->stop();
    d2.fn.reset();
    NvmeConfig other = c;
    other.path = f.add(4 << 20);
    d2.open(other, 0, &router2);
    CHECK_EQ(restore(*d2.fn, bytes, &why), -1);
    CHECK(why.find("nvme 5.0") != std::string::npos && why.find("the disk changed") != std::string::npos);
    d2.fn->stop();
    d2.fn.reset();
  }
  {
    NvmeConfig other = c;
    other.max_queues = 4;
    d2.open(other, 0, &router2);
    CHECK_EQ(restore(*d2.fn, bytes, &why), -1);
    CHECK(why.find("2 I/O queues") != std::string::npos);
    d2.fn->stop();
  }
}

TEST_MAIN()
