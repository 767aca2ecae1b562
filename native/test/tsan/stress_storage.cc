// ThreadSanitizer stress run of the NVMe controller and the AHCI HBA on the shared block layer:
// two vCPU-like threads each drive their own NVMe queue pair (page-cache reads and writes finishing
// in the doorbell write, large reads and flushes on the pool, out-of-range commands), a third polls
// registers and the counters, then a controller reset races commands still in the pool; an AHCI
// driver issues slots (inline and worker paths) and queued NCQ tags (port restarts racing their
// completions on the block layer's workers) while another thread reads its registers.
// Runs TSAN_STRESS_SECONDS (default 3); any TSan report, stuck queue or wrong status fails it.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "ahci_test_driver.h"
#include "devices/storage/ata_spec.h"
#include "nvme_test_driver.h"

namespace {

using Clock = std::chrono::steady_clock;

std::string temp_image(uint64_t size) {
  char path[] = "/var/tmp/tshyve-tsan-storage-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0 || ftruncate(fd, static_cast<off_t>(size)) != 0) std::perror("temp image");
  close(fd);
  return path;
}

double seconds() {
  const char* s = std::getenv("TSAN_STRESS_SECONDS");
  return s ? std::atof(s) : 3.0;
}

std::atomic<bool> failed{false};
void fail(const std::string& why) {
  if (!failed.exchange(true)) std::fprintf(stderr, "stress_storage: %s\n", why.c_str());
}

// One queue pair's rounds: up to 8 commands per doorbell, every completion checked.
void nvme_queue(nvmedrv::Driver& d, uint16_t q, const std::vector<tshyve::devices::storage::nvme::Command>& large, uint64_t buffers,
                Clock::time_point until) {
  namespace nv = tshyve::devices::storage::nvme;
  uint64_t round = 0;
  while (Clock::now() < until && !failed) {
    const int n = 1 + static_cast<int>(round % 8);
    std::vector<uint16_t> want;
    for (int i = 0; i < n; ++i) {
      const uint64_t buf = buffers + 0x40000ull * i;
      const uint64_t lba = (q * 4096 + (round * 8 + i) * 8) % 8192;
      nv::Command c;
      switch ((round + i) % 5) {
        case 0: c = d.rw(true, lba, 8, buf); break;   // 4 KiB write: inline
        case 1: c = d.rw(false, lba, 8, buf); break;  // 4 KiB read: inline
        case 2: c = large[i]; break;                  // 256 KiB read (PRP list built once): the pool
        case 3: c = nvmedrv::Driver::command(nv::io::kFlush, 1); break;
        default: c = d.rw(false, 1ull << 40, 1, buf); break;  // out of range: a status, no I/O
      }
      want.push_back((round + i) % 5 == 4 ? nv::status::kLbaOutOfRange : 0);
      d.submit(q, c, false);
    }
    d.ring(q);
    for (int i = 0; i < n; ++i) {
      nv::Completion c{};
      if (!d.reap(q, c, true, 20000)) return fail("nvme queue " + std::to_string(q) + " stuck");
      const uint16_t st = (c.status >> 1) & 0xff;
      if (st != 0 && st != nv::status::kLbaOutOfRange) return fail("nvme status " + std::to_string(st));
    }
    ++round;
  }
}

void stress_nvme(double secs) {
  namespace nv = tshyve::devices::storage::nvme;
  const std::string path = temp_image(8 << 20);
  nvmedrv::Driver d;
  tshyve::devices::storage::NvmeConfig c;
  c.path = path;
  c.io_slots = 16;
  c.max_queues = 2;
  d.open(c, 4);
  if (!d.enable() || d.create_queue_pair(1, 64) != 0 || d.create_queue_pair(2, 64) != 0) return fail("nvme setup");
  const uint64_t b1 = d.alloc(8 * 0x40000), b2 = d.alloc(8 * 0x40000);
  std::vector<nv::Command> large1, large2;
  for (int i = 0; i < 8; ++i) {
    large1.push_back(d.rw(false, 512, 512, b1 + 0x40000ull * i));
    large2.push_back(d.rw(false, 1024, 512, b2 + 0x40000ull * i));
  }
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(secs));
  std::atomic<bool> done{false};
  std::thread poller([&] {
    uint64_t sum = 0;
    while (!done) {
      sum += d.r32(nv::reg::kCsts) + d.fn->controller().counters().snapshot().read_requests;
      std::this_thread::yield();
    }
    if (sum == 0) fail("nvme poller saw nothing");
  });
  std::thread a([&] { nvme_queue(d, 1, large1, b1, until); });
  std::thread b([&] { nvme_queue(d, 2, large2, b2, until); });
  a.join();
  b.join();
  // Large reads on the pool, then a controller reset before they complete: their completions are dropped.
  for (int i = 0; i < 8; ++i) d.submit(1, large1[i], false);
  d.ring(1);
  d.w32(nv::reg::kCc, 0);
  done = true;
  poller.join();
  d.fn->stop();
  unlink(path.c_str());
}

void stress_ahci(double secs) {
  namespace ahci = tshyve::devices::storage::ahci;
  namespace ata = tshyve::devices::storage::ata;
  const std::string path = temp_image(8 << 20);
  tshyve::devices::storage::AhciConfig c;
  tshyve::devices::storage::AhciDriveConfig drive;
  drive.file.path = path;
  c.ports = {drive};
  ahcidrv::Driver d(c, true);
  d.start_port(0);
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(secs));
  std::atomic<bool> done{false};
  std::thread poller([&] {
    uint64_t sum = 0;
    while (!done) {
      sum += d.preg(0, ahci::kPxIs) + d.preg(0, ahci::kPxTfd) + d.hba->port(0).device().counters().snapshot().write_requests;
      std::this_thread::yield();
    }
    if (sum == 0) fail("ahci poller saw nothing");
  });
  uint8_t fis[20];
  for (uint64_t round = 0; Clock::now() < until && !failed; ++round) {
    if (round % 2) {  // queued: 256 KiB writes on the block layer's workers, 4 KiB reads inline
      const uint32_t tags = 1 + static_cast<uint32_t>(round % 16), mask = (1u << tags) - 1;
      for (uint32_t t = 0; t < tags; ++t) {
        const bool write = t % 2 == 0;
        const uint16_t count = write ? 512 : 8;
        ahcidrv::fpdma_fis(fis, write, (round * 8 + t * 512) % (8192 - 512), count, t);
        d.build(0, static_cast<int>(t), fis, {{ahcidrv::kData + 0x40000ull * t, count * 512u}}, write);
      }
      d.queue(0, mask);
      if (round % 7 == 0) {  // a port restart races the completions still on the workers
        d.recover(0);
        continue;
      }
      if (!d.wait_sact(0, mask)) return done = true, poller.join(), fail("ahci queued tags stuck");
      if (d.preg(0, ahci::kPxTfd) & ata::kStatusErr) fail("ahci queued command failed");
      d.pset(0, ahci::kPxIs, d.preg(0, ahci::kPxIs));
      continue;
    }
    const int slots = 1 + static_cast<int>(round % 4);
    for (int s = 0; s < slots; ++s) {
      const int kind = static_cast<int>((round + s) % 4);
      const uint8_t cmd = kind == 0 ? ata::kWriteDmaExt : kind == 3 ? ata::kFlushCacheExt : ata::kReadDmaExt;
      const uint16_t count = kind == 2 ? 512 : 8;  // 256 KiB reads: the worker
      ahcidrv::ata_fis(fis, cmd, (round * 8) % 8192 % (8192 - 512), kind == 3 ? 0 : count);
      const uint64_t buf = ahcidrv::kData + 0x40000ull * s;
      d.build(0, s, fis, kind == 3 ? std::vector<ahcidrv::Prd>{} : std::vector<ahcidrv::Prd>{{buf, count * 512u}}, kind == 0);
    }
    d.pset(0, ahci::kPxCi, (1u << slots) - 1);
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (d.preg(0, ahci::kPxCi))
      if (Clock::now() > deadline) return done = true, poller.join(), fail("ahci slots stuck");
    if (d.preg(0, ahci::kPxTfd) & ata::kStatusErr) fail("ahci command failed");
    d.pset(0, ahci::kPxIs, d.preg(0, ahci::kPxIs));
  }
  done = true;
  poller.join();
  d.hba->shutdown();
  unlink(path.c_str());
}

}  // namespace

int main() {
  const double secs = seconds();
  stress_nvme(secs / 2);
  stress_ahci(secs / 2);
  if (failed) return 1;
  std::printf("stress_storage: ok\n");
  return 0;
}
