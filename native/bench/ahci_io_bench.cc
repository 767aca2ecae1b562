// I/O bench harness for AHCI (npm run bench:io): plays SeaBIOS/libata's side of an AHCI 1.3.1 port
// (command list, command tables with one PRD each, PxCI, completion polling) against the real HBA,
// port and SATA disk code (inline in the PxCI write, else its worker), and times the same transfers with raw
// pread/pwrite on the image. 1 MiB and 4 KiB requests, 1 or 16 slots issued at once, as DMA EXT
// commands (SeaBIOS) and as NCQ FPDMA QUEUED commands (libata: PxSACT, PxCI, wait for PxSACT).
// Prints one JSON object per measurement on stdout.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "ahci_test_driver.h"
#include "devices/storage/ata_spec.h"

using namespace ahcidrv;
using Clock = std::chrono::steady_clock;

namespace {
double secs(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

void report(const std::string& name, uint64_t bytes, double s, uint64_t ops) {
  std::printf("{\"name\":\"%s\",\"bytes\":%llu,\"seconds\":%.6f,\"ops\":%llu,\"mbps\":%.1f}\n", name.c_str(),
              static_cast<unsigned long long>(bytes), s, static_cast<unsigned long long>(ops), bytes / s / 1e6);
  std::fflush(stdout);
}
std::string label(uint64_t req) { return req >= (1 << 20) ? "1m" : "4k"; }

// The same memory footprint as the AHCI run: `depth` buffers used round-robin.
void raw(const std::string& path, uint64_t size, uint64_t req, int depth, bool write) {
  int fd = open(path.c_str(), O_RDWR);
  std::vector<uint8_t> buf(req * depth, 0x3c);
  auto t = Clock::now();
  uint64_t n = 0;
  for (uint64_t off = 0; off + req <= size; off += req, ++n) {
    uint8_t* b = buf.data() + req * (n % depth);
    ssize_t r = write ? pwrite(fd, b, req, static_cast<off_t>(off)) : pread(fd, b, req, static_cast<off_t>(off));
    if (r != static_cast<ssize_t>(req)) std::fprintf(stderr, "raw I/O short: %zd\n", r);
  }
  report(std::string(write ? "raw-pwrite-" : "raw-pread-") + label(req) + "-qd" + std::to_string(depth), n * req, secs(t), n);
  close(fd);
}

void through_ahci(const std::string& path, uint64_t size, uint64_t req, int depth, bool write, bool ncq) {
  AhciConfig c;
  AhciDriveConfig d;
  d.file.path = path;
  c.ports = {d};
  Driver drv(c, true);
  drv.start_port(0);
  std::memset(drv.at(kData), 0x3c, req * depth);
  const uint32_t all = depth == 32 ? 0xffffffffu : (1u << depth) - 1;
  uint8_t fis[20];
  auto t = Clock::now();
  uint64_t n = 0;
  for (uint64_t off = 0; off + req * depth <= size; off += req * depth) {
    for (int s = 0; s < depth; ++s) {
      if (ncq)
        fpdma_fis(fis, write, (off + s * req) / 512, static_cast<uint16_t>(req / 512), s);
      else
        ata_fis(fis, write ? ata::kWriteDmaExt : ata::kReadDmaExt, (off + s * req) / 512, static_cast<uint16_t>(req / 512));
      drv.build(0, s, fis, {{kData + s * req, static_cast<uint32_t>(req)}}, write);
    }
    if (ncq) {
      drv.queue(0, all);
      while (drv.preg(0, ahci::kPxSact)) std::this_thread::yield();
    } else {
      drv.pset(0, ahci::kPxCi, all);
      while (drv.preg(0, ahci::kPxCi)) std::this_thread::yield();
    }
    if (drv.preg(0, ahci::kPxTfd) & ata::kStatusErr) std::fprintf(stderr, "ahci: command failed\n");
    n += depth;
  }
  const double s = secs(t);
  if (drv.hba->port(0).commands() != n)
    std::fprintf(stderr, "ahci: %llu commands ran, %llu issued\n", static_cast<unsigned long long>(drv.hba->port(0).commands()),
                 static_cast<unsigned long long>(n));
  report(std::string(ncq ? "ahci-ncq-" : "ahci-") + (write ? "write-" : "read-") + label(req) + "-qd" + std::to_string(depth), n * req, s,
         n);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FILE MIB\n", argv[0]);
    return 2;
  }
  const uint64_t size = std::strtoull(argv[2], nullptr, 10) << 20;
  for (int round = 0; round < 3; ++round) {
    for (uint64_t req : {uint64_t{1} << 20, uint64_t{4096}}) {
      const uint64_t span = req == 4096 ? std::min<uint64_t>(size, 64ull << 20) : size;  // 4 KiB: 16k requests
      for (int depth : {1, 16}) {
        raw(argv[1], span, req, depth, true);
        raw(argv[1], span, req, depth, false);
        through_ahci(argv[1], span, req, depth, true, false);
        through_ahci(argv[1], span, req, depth, false, false);
        through_ahci(argv[1], span, req, depth, true, true);
        through_ahci(argv[1], span, req, depth, false, true);
      }
    }
  }
  return 0;
}
