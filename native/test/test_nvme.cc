// NVMe controller (NVM Express 1.4) against a real temp image through its PCI function: registers
// and enable, Identify, features, I/O queues, Read/Write with PRP lists, Flush, DSM deallocate,
// INTx, bhyve's maxq/qsz/ioslots/sectsz/ser/eui64/dsm options and guest errors as statuses.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "nvme_test_driver.h"

using namespace nvmedrv;

namespace {
std::string temp_image(uint64_t size) {
  char path[] = "/tmp/tshyve-nvme-XXXXXX";
  int fd = mkstemp(path);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) std::perror("ftruncate");
  close(fd);
  return path;
}

struct Rig {
  std::string path;
  Driver d;
  explicit Rig(NvmeConfig c = {}, uint64_t size = 8 << 20, unsigned workers = 2, tshyve::vmm::MsiRouter* router = nullptr) {
    path = temp_image(size);
    c.path = path;
    d.open(c, workers, router);
  }
  ~Rig() {
    d.fn->stop();
    unlink(path.c_str());
  }
  std::vector<uint8_t> file_bytes(uint64_t at, size_t len) {
    std::vector<uint8_t> b(len);
    FILE* f = std::fopen(path.c_str(), "rb");
    std::fseek(f, static_cast<long>(at), SEEK_SET);
    if (std::fread(b.data(), 1, len, f) != len) b.clear();
    std::fclose(f);
    return b;
  }
};

uint16_t identify(Driver& d, uint8_t cns, uint32_t nsid, uint64_t buf) {
  auto c = Driver::command(nv::admin::kIdentify, nsid);
  c.prp1 = buf;
  c.cdw10 = cns;
  return d.run(0, c);
}
}  // namespace

TEST(capabilities_follow_qsz_and_enable_sets_ready) {
  NvmeConfig c;
  c.queue_size = 100;
  Rig r(c);
  const uint64_t cap = r.d.r64(nv::reg::kCap);
  CHECK_EQ(cap & 0xffff, 99u);      // MQES
  CHECK((cap >> 16) & 1);           // CQR
  CHECK((cap >> 37) & 1);           // CSS: NVM
  CHECK_EQ((cap >> 32) & 0xf, 0u);  // DSTRD
  CHECK_EQ(r.d.r32(nv::reg::kVs), 0x00010400u);
  CHECK_EQ(r.d.r32(nv::reg::kCsts) & 1, 0u);
  CHECK(r.d.enable());
  r.d.w32(nv::reg::kCc, 0);
  CHECK_EQ(r.d.r32(nv::reg::kCsts) & 1, 0u);
  // Admin queues outside RAM: controller fatal status, not ready.
  r.d.w64(nv::reg::kAsq, 1ull << 40);
  r.d.w32(nv::reg::kCc, nv::kCcEnable | 0x460000);
  CHECK_EQ(r.d.r32(nv::reg::kCsts) & 3, 2u);
}

TEST(identify_reports_options) {
  NvmeConfig c;
  c.serial = "SER-12345";
  c.eui64 = 0x0011223344556677ull;
  c.sector_size = 4096;
  c.dsm = NvmeDsm::kEnable;
  Rig r(c, 16 << 20);
  CHECK(r.d.enable());
  const uint64_t buf = r.d.alloc(4096);
  CHECK_EQ(identify(r.d, nv::cns::kController, 0, buf), 0u);
  const uint8_t* id = r.d.ram + buf;
  CHECK(std::memcmp(id + 4, "SER-12345           ", 20) == 0);
  CHECK(std::memcmp(id + 24, "bhyve-NVMe", 10) == 0);
  uint32_t nn, ver;
  std::memcpy(&nn, id + 516, 4);
  std::memcpy(&ver, id + 80, 4);
  CHECK_EQ(nn, 1u);
  CHECK_EQ(ver, 0x00010400u);
  CHECK_EQ(id[512], 0x66);
  CHECK_EQ(id[513], 0x44);
  CHECK(id[520] & 4);  // ONCS.DSM
  CHECK_EQ(identify(r.d, nv::cns::kNamespace, 1, buf), 0u);
  uint64_t nsze;
  std::memcpy(&nsze, id, 8);
  CHECK_EQ(nsze, (16u << 20) / 4096);
  uint32_t lbaf;
  std::memcpy(&lbaf, id + 128, 4);
  CHECK_EQ((lbaf >> 16) & 0xff, 12u);  // LBADS: 4096
  CHECK_EQ(id[120], 0x00);
  CHECK_EQ(id[127], 0x77);
  CHECK_EQ(identify(r.d, nv::cns::kNamespaceDescriptors, 1, buf), 0u);
  CHECK_EQ(id[0], 1);
  CHECK_EQ(id[1], 8);
  CHECK_EQ(identify(r.d, nv::cns::kActiveNamespaces, 0, buf), 0u);
  uint32_t first;
  std::memcpy(&first, id, 4);
  CHECK_EQ(first, 1u);
  CHECK_EQ(identify(r.d, nv::cns::kNamespace, 2, buf), nv::status::kInvalidNamespace);
  CHECK_EQ(identify(r.d, 0x55, 0, buf), nv::status::kInvalidField);
}

TEST(default_serial_and_dsm_auto_without_nodelete) {
  NvmeConfig c;
  c.slot = 5;
  c.nodelete = true;
  Rig r(c);
  CHECK(r.d.enable());
  const uint64_t buf = r.d.alloc(4096);
  CHECK_EQ(identify(r.d, nv::cns::kController, 0, buf), 0u);
  CHECK(std::memcmp(r.d.ram + buf + 4, "NVME-5-0 ", 9) == 0);
  CHECK_EQ(r.d.ram[buf + 520] & 4, 0);  // dsm=auto with nodelete: no DSM
}

TEST(number_of_queues_honours_maxq) {
  NvmeConfig c;
  c.max_queues = 3;
  Rig r(c);
  CHECK(r.d.enable());
  auto f = Driver::command(nv::admin::kSetFeatures);
  f.cdw10 = nv::feature::kNumberOfQueues;
  f.cdw11 = 15u << 16 | 15u;
  uint32_t dw0 = 0;
  CHECK_EQ(r.d.run(0, f, &dw0), 0u);
  CHECK_EQ(dw0, (2u << 16) | 2u);
  CHECK_EQ(r.d.create_queue_pair(3, 8), 0u);
  CHECK_EQ(r.d.create_queue_pair(4, 8), nv::status::kInvalidQueueId);  // beyond maxq
  auto g = Driver::command(nv::admin::kGetFeatures);
  g.cdw10 = nv::feature::kNumberOfQueues;
  CHECK_EQ(r.d.run(0, g, &dw0), 0u);
  CHECK_EQ(dw0, (2u << 16) | 2u);
}

TEST(queue_creation_errors) {
  NvmeConfig c;
  c.queue_size = 64;
  Rig r(c);
  CHECK(r.d.enable());
  auto cq = Driver::command(nv::admin::kCreateCq);
  cq.prp1 = Driver::kIoCq;
  cq.cdw10 = (128u - 1) << 16 | 1;  // larger than qsz
  cq.cdw11 = 1;
  CHECK_EQ(r.d.run(0, cq), nv::status::kInvalidQueueSize);
  cq.cdw10 = (8u - 1) << 16 | 1;
  cq.cdw11 = 1 | (40u << 16);  // vector 40 of 17 (maxq 16 + admin)
  CHECK_EQ(r.d.run(0, cq), nv::status::kInvalidVector);
  cq.cdw11 = 1;
  cq.prp1 = 1ull << 40;  // outside RAM
  CHECK_EQ(r.d.run(0, cq), nv::status::kInvalidField);
  auto sq = Driver::command(nv::admin::kCreateSq);
  sq.prp1 = Driver::kIoSq;
  sq.cdw10 = (8u - 1) << 16 | 1;
  sq.cdw11 = 9u << 16 | 1;  // no such CQ
  CHECK_EQ(r.d.run(0, sq), nv::status::kInvalidCompletionQueue);
  CHECK_EQ(r.d.create_queue_pair(1, 8), 0u);
  auto del = Driver::command(nv::admin::kDeleteCq);
  del.cdw10 = 1;
  CHECK_EQ(r.d.run(0, del), nv::status::kInvalidQueueDeletion);  // SQ 1 still uses it
  auto dsq = Driver::command(nv::admin::kDeleteSq);
  dsq.cdw10 = 1;
  CHECK_EQ(r.d.run(0, dsq), 0u);
  CHECK_EQ(r.d.run(0, del), 0u);
  dsq.cdw10 = 0xffff;
  CHECK_EQ(r.d.run(0, dsq), nv::status::kInvalidQueueId);
  CHECK_EQ(r.d.run(0, Driver::command(0x7f)), nv::status::kInvalidOpcode);
}

TEST(write_read_through_prp_lists) {
  Rig r;
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 32), 0u);
  // 127 sectors into a page-aligned buffer (a 16-page PRP list), as SeaBIOS reads core.img.
  const uint32_t blocks = 127;
  const uint64_t src = r.d.alloc(blocks * 512), dst = r.d.alloc(blocks * 512);
  for (uint32_t i = 0; i < blocks * 512; ++i) r.d.ram[src + i] = static_cast<uint8_t>(i * 7 + i / 4096);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 2, blocks, src)), 0u);
  auto on_disk = r.file_bytes(2 * 512, blocks * 512);
  CHECK(on_disk.size() == blocks * 512 && std::memcmp(on_disk.data(), r.d.ram + src, blocks * 512) == 0);
  CHECK_EQ(r.d.run(1, r.d.rw(false, 2, blocks, dst)), 0u);
  CHECK(std::memcmp(r.d.ram + dst, r.d.ram + src, blocks * 512) == 0);
  // 2 MiB (MDTS): a PRP list that chains over a second list page.
  const uint32_t big = 4096;
  const uint64_t b1 = r.d.alloc(big * 512), b2 = r.d.alloc(big * 512);
  for (uint32_t i = 0; i < big * 512; i += 512) r.d.ram[b1 + i] = static_cast<uint8_t>(i >> 9);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 100, big, b1)), 0u);
  CHECK_EQ(r.d.run(1, r.d.rw(false, 100, big, b2)), 0u);
  CHECK(std::memcmp(r.d.ram + b1, r.d.ram + b2, big * 512) == 0);
  // Beyond MDTS.
  CHECK_EQ(r.d.run(1, r.d.rw(false, 0, big + 8, b2)), nv::status::kInvalidField);
  // An unaligned first page plus a second page through PRP2.
  const uint64_t odd = r.d.alloc(8192) + 0x600;
  CHECK_EQ(r.d.run(1, r.d.rw(false, 2, 8, odd)), 0u);
  CHECK(std::memcmp(r.d.ram + odd, r.d.ram + src, 8 * 512) == 0);
  CHECK_EQ(r.d.run(1, Driver::command(nv::io::kFlush, 1)), 0u);
}

TEST(io_errors_are_statuses) {
  Rig r(NvmeConfig{}, 1 << 20);
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 16), 0u);
  const uint64_t buf = r.d.alloc(8192);
  CHECK_EQ(r.d.run(1, r.d.rw(false, 2047, 2, buf)), nv::status::kLbaOutOfRange);
  CHECK_EQ(r.d.run(1, r.d.rw(false, ~0ull, 1, buf)), nv::status::kLbaOutOfRange);
  auto outside = r.d.rw(false, 0, 1, buf);
  outside.prp1 = 1ull << 40;
  CHECK_EQ(r.d.run(1, outside), nv::status::kDataTransferError);
  auto unaligned = r.d.rw(false, 0, 16, buf);
  unaligned.prp2 += 8;  // second page entry not page aligned
  CHECK_EQ(r.d.run(1, unaligned), nv::status::kInvalidPrpOffset);
  auto list_past_ram = r.d.rw(false, 0, 16, buf);
  list_past_ram.prp2 = Driver::kRam - 8;  // the list runs off the end of RAM
  CHECK(r.d.run(1, list_past_ram) != 0u);
  auto wrong_ns = r.d.rw(false, 0, 1, buf);
  wrong_ns.nsid = 7;
  CHECK_EQ(r.d.run(1, wrong_ns), nv::status::kInvalidNamespace);
  CHECK_EQ(r.d.run(1, Driver::command(0x7e, 1)), nv::status::kInvalidOpcode);
  auto sgl = r.d.rw(false, 0, 1, buf);
  sgl.flags = 0x40;
  CHECK_EQ(r.d.run(1, sgl), nv::status::kInvalidField);
}

TEST(read_only_namespace_refuses_writes) {
  NvmeConfig c;
  c.read_only = true;
  Rig r(c);
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 8), 0u);
  const uint64_t buf = r.d.alloc(4096);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 0, 1, buf)), nv::status::kReadOnlyRange);
  CHECK_EQ(r.d.run(1, r.d.rw(false, 0, 1, buf)), 0u);
}

TEST(dsm_deallocate_punches_holes_and_dsm_disable_refuses) {
  NvmeConfig c;
  c.dsm = NvmeDsm::kEnable;
  Rig r(c);
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 8), 0u);
  const uint32_t blocks = 2048;  // 1 MiB
  const uint64_t buf = r.d.alloc(blocks * 512);
  std::memset(r.d.ram + buf, 0xab, blocks * 512);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 0, blocks, buf)), 0u);
  struct stat before, after;
  stat(r.path.c_str(), &before);
  const uint64_t ranges = r.d.alloc(4096);
  struct {
    uint32_t attr, nlb;
    uint64_t slba;
  } range{0, blocks, 0};
  std::memcpy(r.d.ram + ranges, &range, 16);
  auto dsm = Driver::command(nv::io::kDatasetManagement, 1);
  dsm.prp1 = ranges;
  dsm.cdw10 = 0;        // one range
  dsm.cdw11 = 1u << 2;  // AD
  CHECK_EQ(r.d.run(1, dsm), 0u);
  stat(r.path.c_str(), &after);
  CHECK(after.st_blocks < before.st_blocks);
  CHECK(r.file_bytes(0, 512) == std::vector<uint8_t>(512, 0));
  range.slba = (8 << 20) / 512;  // past the end
  std::memcpy(r.d.ram + ranges, &range, 16);
  CHECK_EQ(r.d.run(1, dsm), nv::status::kLbaOutOfRange);

  NvmeConfig off;
  off.dsm = NvmeDsm::kDisable;
  Rig r2(off);
  CHECK(r2.d.enable());
  CHECK_EQ(r2.d.create_queue_pair(1, 8), 0u);
  auto dsm2 = dsm;
  dsm2.prp1 = r2.d.alloc(4096);
  CHECK_EQ(r2.d.run(1, dsm2), nv::status::kInvalidOpcode);
}

TEST(intx_follows_unconsumed_completions) {
  Rig r;
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 8), 0u);
  CHECK(!r.d.intx->level);
  const uint64_t buf = r.d.alloc(4096);
  r.d.submit(1, r.d.rw(false, 0, 1, buf));
  nv::Completion c;
  CHECK(r.d.reap(1, c, false));
  CHECK(r.d.intx->wait_for(true));  // posted, head not yet written back
  r.d.w32(nv::reg::kDoorbells + 8 + 4, r.d.queues[1].head);
  CHECK(!r.d.intx->level);
  // INTMS masks it, INTMC unmasks it.
  r.d.w32(nv::reg::kIntms, 1);
  r.d.submit(1, r.d.rw(false, 0, 1, buf));
  CHECK(r.d.reap(1, c, false));
  CHECK(!r.d.intx->level);
  r.d.w32(nv::reg::kIntmc, 1);
  CHECK(r.d.intx->level);
}

TEST(sq_entries_beyond_ioslots_all_complete) {
  NvmeConfig c;
  c.io_slots = 2;
  Rig r(c, 8 << 20, 4);
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 64), 0u);
  const uint64_t buf = r.d.alloc(32 * 4096);
  for (int i = 0; i < 32; ++i) r.d.submit(1, r.d.rw(i % 2 == 0, static_cast<uint64_t>(i) * 8, 8, buf + 4096ull * i), false);
  r.d.ring(1);
  int done = 0;
  nv::Completion comp;
  while (done < 32 && r.d.reap(1, comp)) {
    CHECK_EQ((comp.status >> 1) & 0x3fff, 0);
    ++done;
  }
  CHECK_EQ(done, 32);
}

TEST(controller_reset_deletes_io_queues) {
  Rig r;
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 8), 0u);
  CHECK(r.d.enable());  // CC.EN 1 -> 0 -> 1
  const uint64_t buf = r.d.alloc(4096);
  r.d.submit(1, r.d.rw(false, 0, 1, buf));  // SQ 1 no longer exists: the doorbell is ignored
  nv::Completion c;
  std::memset(r.d.ram + r.d.queues[1].cq, 0, 16);
  r.d.queues[1].head = 0;
  r.d.queues[1].phase = true;
  CHECK(!r.d.reap(1, c, true, 200));
  CHECK_EQ(r.d.create_queue_pair(1, 8), 0u);
  CHECK_EQ(r.d.run(1, r.d.rw(false, 0, 1, buf)), 0u);
  // Shutdown notification completes at once.
  r.d.w32(nv::reg::kCc, r.d.r32(nv::reg::kCc) | (1u << 14));
  CHECK_EQ((r.d.r32(nv::reg::kCsts) >> 2) & 3, 2u);
}

TEST(msix_vector_per_completion_queue) {
  tshyve::vmm::MsiRouter router(-1);  // counts triggers
  NvmeConfig c;
  c.max_queues = 2;
  Rig r(c, 8 << 20, 2, &router);
  // The MSI-X capability: 3 vectors (admin + 2 I/O CQs), table and PBA in BAR 0.
  uint32_t cap = r.d.fn->config_read(0x34, 1);
  while (cap && (r.d.fn->config_read(cap, 1) & 0xff) != 0x11) cap = r.d.fn->config_read(cap + 1, 1);
  CHECK(cap != 0);
  CHECK_EQ(r.d.fn->config_read(cap + 2, 2) & 0x7ff, 2u);
  CHECK_EQ(r.d.fn->config_read(cap + 4, 4), 0x2000u);  // table offset, BIR 0
  CHECK(r.d.enable());
  auto cq = Driver::command(nv::admin::kCreateCq);
  cq.prp1 = Driver::kIoCq;
  cq.cdw10 = (8u - 1) << 16 | 1;
  cq.cdw11 = 3 | (3u << 16);  // vector 3 of 3
  CHECK_EQ(r.d.run(0, cq), nv::status::kInvalidVector);
  // Enable MSI-X, program and unmask vector 2, give it to CQ 1.
  r.d.fn->config_write(cap + 2, 2, 0x8000);
  uint64_t addr = 0xfee00000;
  uint32_t data = 0x41, ctl = 0;
  r.d.fn->mmio_write(0, 0x2000 + 32, reinterpret_cast<uint8_t*>(&addr), 8);
  r.d.fn->mmio_write(0, 0x2000 + 40, reinterpret_cast<uint8_t*>(&data), 4);
  r.d.fn->mmio_write(0, 0x2000 + 44, reinterpret_cast<uint8_t*>(&ctl), 4);
  auto& Q = r.d.queues[1];
  Q = Driver::Queue{Driver::kIoSq, Driver::kIoCq, 8};
  cq.cdw11 = 3 | (2u << 16);
  CHECK_EQ(r.d.run(0, cq), 0u);
  auto sq = Driver::command(nv::admin::kCreateSq);
  sq.prp1 = Driver::kIoSq;
  sq.cdw10 = (8u - 1) << 16 | 1;
  sq.cdw11 = 1u << 16 | 1;
  CHECK_EQ(r.d.run(0, sq), 0u);
  const uint64_t before = router.triggered();
  const uint64_t buf = r.d.alloc(4096);
  // A worker posts the completion entry, then signals its vector: wait for the signal itself.
  auto eventually = [](auto pred) {
    for (int i = 0; i < 2000 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return pred();
  };
  CHECK_EQ(r.d.run(1, r.d.rw(false, 0, 1, buf)), 0u);
  CHECK(eventually([&] { return router.triggered() == before + 1; }));
  CHECK(!r.d.intx->level);  // MSI-X replaces INTA#
  // A masked vector keeps its message pending in the PBA.
  ctl = 1;
  r.d.fn->mmio_write(0, 0x2000 + 44, reinterpret_cast<uint8_t*>(&ctl), 4);
  CHECK_EQ(r.d.run(1, r.d.rw(false, 0, 1, buf)), 0u);
  uint8_t pba = 0;
  CHECK(eventually([&] {
    r.d.fn->mmio_read(0, 0x3000, &pba, 1);
    return (pba & 4) == 4;
  }));
  CHECK_EQ(router.triggered(), before + 1);
  // Unmasked, the pending message goes out; then six page-cache reads behind one doorbell finish
  // inside that write and are signalled by one message.
  ctl = 0;
  r.d.fn->mmio_write(0, 0x2000 + 44, reinterpret_cast<uint8_t*>(&ctl), 4);
  CHECK(eventually([&] { return router.triggered() == before + 2; }));
  for (int i = 0; i < 6; ++i) r.d.submit(1, r.d.rw(false, 0, 1, buf), false);
  r.d.ring(1);
  for (int i = 0; i < 6; ++i) {
    nv::Completion c{};
    CHECK(r.d.reap(1, c));
    CHECK_EQ((c.status >> 1) & 0x3fffu, 0u);
  }
  CHECK_EQ(router.triggered(), before + 3);
}

TEST(cached_reads_complete_inside_the_doorbell_write_evicted_ones_on_a_worker) {
  Rig r;
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 16), 0u);
  const uint64_t src = r.d.alloc(8192), dst = r.d.alloc(8192);
  for (int i = 0; i < 8192; ++i) r.d.ram[src + i] = static_cast<uint8_t>(i * 13 + 1);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 64, 16, src)), 0u);
  // Cached: the completion entry is in the CQ when the doorbell write returns.
  r.d.submit(1, r.d.rw(false, 64, 8, dst));
  auto& Q = r.d.queues[1];
  nv::Completion c{};
  std::memcpy(&c, r.d.ram + Q.cq + uint64_t{Q.head} * 16, 16);
  CHECK_EQ(c.status & 1u, Q.phase ? 1u : 0u);
  CHECK(r.d.reap(1, c));
  CHECK(std::memcmp(r.d.ram + dst, r.d.ram + src, 4096) == 0);
  // Evicted from the page cache: a worker reads it from the disk and completes it.
  int fd = open(r.path.c_str(), O_RDONLY);
  fdatasync(fd);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  close(fd);
  std::memset(r.d.ram + dst, 0, 8192);
  CHECK_EQ(r.d.run(1, r.d.rw(false, 64, 16, dst)), 0u);
  CHECK(std::memcmp(r.d.ram + dst, r.d.ram + src, 8192) == 0);
  // The counters VmStats reports for this namespace, whichever thread completed each command.
  CHECK_EQ(r.d.run(1, r.d.rw(false, 1u << 30, 1, dst)), nv::status::kLbaOutOfRange);
  CHECK_EQ(r.d.run(1, Driver::command(nv::io::kFlush, 1)), 0u);
  const auto io = r.d.fn->controller().counters().snapshot();
  CHECK_EQ(io.write_requests, 1u);
  CHECK_EQ(io.write_bytes, 8192u);
  CHECK_EQ(io.read_requests, 3u);
  CHECK_EQ(io.read_bytes, 4096u + 8192u);
  CHECK_EQ(io.flush_requests, 1u);
  CHECK_EQ(io.errors, 1u);
}

// Dirty page-cache pages of a file range, by cachestat(2) (Linux 6.5; syscall 451 on x86-64).
uint64_t dirty_pages(const std::string& path, uint64_t off, uint64_t len) {
  struct Range {
    uint64_t off, len;
  } range{off, len};
  struct Stat {
    uint64_t cache, dirty, writeback, evicted, recently_evicted;
  } st{};
  const int fd = open(path.c_str(), O_RDONLY);
  const long r = syscall(451, fd, &range, &st, 0);
  close(fd);
  return r == 0 ? st.dirty + st.writeback : ~0ull;
}

TEST(volatile_write_cache_off_makes_writes_stable_before_they_complete) {
  Rig r;
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 16), 0u);
  const uint64_t buf = r.d.alloc(4096);
  std::memset(r.d.ram + buf, 0x6b, 4096);
  auto set_vwc = Driver::command(nv::admin::kSetFeatures);
  set_vwc.cdw10 = nv::feature::kVolatileWriteCache;
  auto get_vwc = Driver::command(nv::admin::kGetFeatures);
  get_vwc.cdw10 = nv::feature::kVolatileWriteCache;
  uint32_t dw0 = 9;
  CHECK_EQ(r.d.run(0, get_vwc, &dw0), 0u);
  CHECK_EQ(dw0, 1u);  // on after reset
  // With the cache on, a write completes with its page still dirty in the host's cache.
  CHECK_EQ(r.d.run(1, r.d.rw(true, 8, 8, buf)), 0u);
  CHECK_EQ(dirty_pages(r.path, 8 * 512, 4096), 1u);
  // Off: the write reaches the disk before its completion is posted.
  CHECK_EQ(r.d.run(0, set_vwc), 0u);
  CHECK_EQ(r.d.run(0, get_vwc, &dw0), 0u);
  CHECK_EQ(dw0, 0u);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 64, 8, buf)), 0u);
  CHECK_EQ(dirty_pages(r.path, 64 * 512, 4096), 0u);
  CHECK(r.file_bytes(64 * 512, 4096) == std::vector<uint8_t>(4096, 0x6b));
}

TEST(async_event_reports_invalid_doorbells_until_the_error_log_is_read) {
  Rig r;
  CHECK(r.d.enable());
  CHECK_EQ(r.d.create_queue_pair(1, 8), 0u);
  const uint64_t page = r.d.alloc(4096);
  CHECK_EQ(identify(r.d, nv::cns::kController, 0, page), 0u);
  CHECK_EQ(r.d.ram[page + 259], 3u);   // AERL: 4 requests
  CHECK_EQ(r.d.ram[page + 262], 15u);  // ELPE: 16 error log entries
  // Four requests are held without a completion; a fifth exceeds the limit.
  uint16_t aer[4];
  for (auto& cid : aer) cid = r.d.submit(0, Driver::command(nv::admin::kAsyncEvent));
  nv::Completion c{};
  CHECK(!r.d.reap(0, c, true, 50));
  CHECK_EQ(r.d.run(0, Driver::command(nv::admin::kAsyncEvent)), nv::status::kAsyncEventLimit);
  // A tail doorbell of a queue that does not exist: an error event, log page 1, "invalid register".
  r.d.w32(nv::reg::kDoorbells + 8 * 3, 1);
  CHECK(r.d.reap(0, c));
  CHECK_EQ((c.status >> 1) & 0x3fffu, 0u);
  CHECK_EQ(c.dw0, 0x010000u | nv::event::kInvalidDoorbellRegister << 8 | nv::event::kTypeError);
  CHECK_EQ(c.cid, aer[0]);
  // The error type is masked until the log is read: a bad value on SQ 1 is logged, not reported.
  r.d.w32(nv::reg::kDoorbells + 8, 100);
  CHECK(!r.d.reap(0, c, true, 50));
  auto log = Driver::command(nv::admin::kGetLogPage);
  log.prp1 = page;
  log.cdw10 = nv::event::kLogError | (2u * 64 / 4 - 1) << 16 | 1u << 15;  // two entries, RAE set: stays masked
  CHECK_EQ(r.d.run(0, log), 0u);
  uint64_t count = 0;
  uint16_t sqid = 0;
  std::memcpy(&count, r.d.ram + page, 8);
  std::memcpy(&sqid, r.d.ram + page + 8, 2);
  CHECK_EQ(count, 3u);  // newest first: the bad value on SQ 1 (the limit-exceeded AER is entry 1)
  CHECK_EQ(sqid, 1u);
  std::memcpy(&count, r.d.ram + page + 64, 8);
  std::memcpy(&sqid, r.d.ram + page + 64 + 8, 2);
  CHECK_EQ(count, 2u);
  CHECK_EQ(sqid, 3u);
  r.d.w32(nv::reg::kDoorbells + 8, 100);
  CHECK(!r.d.reap(0, c, true, 50));
  log.cdw10 &= ~(1u << 15);  // RAE clear: the next error is reported
  CHECK_EQ(r.d.run(0, log), 0u);
  r.d.w32(nv::reg::kDoorbells + 8, 100);
  CHECK(r.d.reap(0, c));
  CHECK_EQ(c.dw0, 0x010000u | nv::event::kInvalidDoorbellValue << 8 | nv::event::kTypeError);
  CHECK_EQ(c.cid, aer[1]);
  // Abort of a held request completes it as aborted; Abort of anything else aborts nothing.
  const uint16_t held = aer[2];
  auto abort = Driver::command(nv::admin::kAbort);
  abort.cdw10 = static_cast<uint32_t>(held) << 16;
  r.d.submit(0, abort);
  nv::Completion a{}, b{};
  CHECK(r.d.reap(0, a));
  CHECK(r.d.reap(0, b));
  CHECK_EQ(a.cid, held);
  CHECK_EQ((a.status >> 1) & 0x3fffu, nv::status::kAbortRequested);
  CHECK_EQ(b.dw0, 0u);  // aborted
  CHECK_EQ((b.status >> 1) & 0x3fffu, 0u);
  uint32_t dw0 = 0;
  CHECK_EQ(r.d.run(0, abort, &dw0), 0u);
  CHECK_EQ(dw0, 1u);  // no longer held: not aborted
  // A controller reset drops the last held request: after it, four can be held again, not five.
  CHECK(r.d.enable());
  for (int i = 0; i < 4; ++i) r.d.submit(0, Driver::command(nv::admin::kAsyncEvent));
  CHECK(!r.d.reap(0, c, true, 50));
  CHECK_EQ(r.d.run(0, Driver::command(nv::admin::kAsyncEvent)), nv::status::kAsyncEventLimit);
}

namespace {
// MSI-X on, vector `vector` programmed and unmasked, I/O queue pair 1 (8 entries) on it.
void msix_queue_pair(Rig& r, uint16_t vector) {
  uint32_t cap = r.d.fn->config_read(0x34, 1);
  while (cap && (r.d.fn->config_read(cap, 1) & 0xff) != 0x11) cap = r.d.fn->config_read(cap + 1, 1);
  r.d.fn->config_write(cap + 2, 2, 0x8000);
  const uint64_t addr = 0xfee00000;
  const uint32_t data = 0x41, ctl = 0;
  r.d.fn->mmio_write(0, 0x2000 + 16 * vector, reinterpret_cast<const uint8_t*>(&addr), 8);
  r.d.fn->mmio_write(0, 0x2000 + 16 * vector + 8, reinterpret_cast<const uint8_t*>(&data), 4);
  r.d.fn->mmio_write(0, 0x2000 + 16 * vector + 12, reinterpret_cast<const uint8_t*>(&ctl), 4);
  auto& Q = r.d.queues[1];
  Q = Driver::Queue{Driver::kIoSq, Driver::kIoCq, 8};
  std::memset(r.d.ram + Q.cq, 0, 8 * 16);
  auto cq = Driver::command(nv::admin::kCreateCq);
  cq.prp1 = Driver::kIoCq;
  cq.cdw10 = (8u - 1) << 16 | 1;
  cq.cdw11 = 3 | static_cast<uint32_t>(vector) << 16;
  CHECK_EQ(r.d.run(0, cq), 0u);
  auto sq = Driver::command(nv::admin::kCreateSq);
  sq.prp1 = Driver::kIoSq;
  sq.cdw10 = (8u - 1) << 16 | 1;
  sq.cdw11 = 1u << 16 | 1;
  CHECK_EQ(r.d.run(0, sq), 0u);
}
// Drops [off, off + len) of the image from the page cache; returns the pages still cached there
// (cachestat(2), syscall 451 on x86-64).
uint64_t evict(const std::string& path, uint64_t off, uint64_t len) {
  struct Range {
    uint64_t off, len;
  } range{off, len};
  struct Stat {
    uint64_t cache, dirty, writeback, evicted, recently_evicted;
  } st{};
  int fd = open(path.c_str(), O_RDONLY);
  fdatasync(fd);
  posix_fadvise(fd, static_cast<off_t>(off), static_cast<off_t>(len), POSIX_FADV_DONTNEED);
  const long r = syscall(451, fd, &range, &st, 0);
  close(fd);
  return r == 0 ? st.cache : ~0ull;
}
}  // namespace

TEST(interrupt_coalescing_holds_messages_while_completions_are_on_their_way) {
  tshyve::vmm::MsiRouter router(-1);
  Rig r({}, 8 << 20, 2, &router);
  CHECK(r.d.enable());
  msix_queue_pair(r, 1);
  auto features = [&](uint8_t op, uint32_t fid, uint32_t cdw11, uint32_t* dw0 = nullptr) {
    auto c = Driver::command(op);
    c.cdw10 = fid;
    c.cdw11 = cdw11;
    return r.d.run(0, c, dw0);
  };
  // Interrupt Vector Configuration: the admin vector never coalesces; vectors past the table fail.
  uint32_t dw0 = 0;
  CHECK_EQ(features(nv::admin::kGetFeatures, nv::feature::kInterruptVectorConfig, 0, &dw0), 0u);
  CHECK_EQ(dw0, 1u << 16);
  CHECK_EQ(features(nv::admin::kGetFeatures, nv::feature::kInterruptVectorConfig, 1, &dw0), 0u);
  CHECK_EQ(dw0, 1u);
  CHECK_EQ(features(nv::admin::kSetFeatures, nv::feature::kInterruptVectorConfig, 99), nv::status::kInvalidField);
  // Threshold 2 entries, time 25.5 ms.
  CHECK_EQ(features(nv::admin::kSetFeatures, nv::feature::kInterruptCoalescing, 0xff01), 0u);
  CHECK_EQ(features(nv::admin::kGetFeatures, nv::feature::kInterruptCoalescing, 0, &dw0), 0u);
  CHECK_EQ(dw0, 0xff01u);
  const uint64_t buf = r.d.alloc(2 * 4096);
  std::memset(r.d.ram + buf, 0x33, 2 * 4096);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 0, 8, buf)), 0u);
  CHECK_EQ(r.d.run(1, r.d.rw(true, 64, 8, buf)), 0u);
  // One read from the page cache (inside the doorbell write), then one from the disk (a worker):
  // the cached one's entry waits for the other's, and both go out in one message. (Rarely the
  // worker finishes before the doorbell write ends: then one message covers both anyway.)
  // Returns the messages sent for the pair, waiting (on this loaded host) up to 2 s for `expect`
  // of them and then 50 ms for any more.
  auto pair_of_reads = [&](uint64_t expect) {
    CHECK_EQ(r.d.run(1, r.d.rw(false, 64, 8, buf)), 0u);  // LBA 64 cached
    CHECK_EQ(evict(r.path, 0, 4096), 0u);                 // LBA 0 not
    const uint64_t before = router.triggered();
    r.d.submit(1, r.d.rw(false, 64, 8, buf + 4096), false);
    r.d.submit(1, r.d.rw(false, 0, 8, buf), false);
    r.d.ring(1);
    nv::Completion c{};
    CHECK(r.d.reap(1, c));
    CHECK(r.d.reap(1, c));
    for (int i = 0; i < 2000 && router.triggered() - before < expect; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return router.triggered() - before;
  };
  for (int i = 0; i < 3; ++i) CHECK_EQ(pair_of_reads(1), 1u);
  // Coalescing disabled for vector 1: a message per batch again.
  CHECK_EQ(features(nv::admin::kSetFeatures, nv::feature::kInterruptVectorConfig, 1 | 1u << 16), 0u);
  CHECK_EQ(features(nv::admin::kGetFeatures, nv::feature::kInterruptVectorConfig, 1, &dw0), 0u);
  CHECK_EQ(dw0, 1u | 1u << 16);
  int separate = 0;
  for (int i = 0; i < 5; ++i) {
    const uint64_t n = pair_of_reads(2);
    CHECK(n == 1 || n == 2);
    separate += n == 2;
  }
  CHECK(separate > 0);
}

int main() { return check::run_all(); }
