// bench:io's NVMe rows: the real controller code (registers, doorbells, I/O workers, PRPs, completion
// posting) driven by a polling host driver (native/test/nvme_test_driver.h) against raw pread/pwrite
// on the same file, for 1 MiB and 4 KiB requests at queue depth 1 and 16. As Linux's nvme driver,
// the host consumes every completion that is there, writes the CQ head doorbell once, then submits
// as many new commands and writes the SQ tail doorbell once. One JSON line per run.
// Usage: nvme_io_bench FILE MIB [1m|4k [read|write]] (one size, one direction: to profile one path)
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "nvme_test_driver.h"

using Clock = std::chrono::steady_clock;
using namespace nvmedrv;

namespace {
double secs(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

void report(const std::string& name, uint64_t bytes, double s, uint64_t ops) {
  std::printf("{\"name\":\"%s\",\"bytes\":%llu,\"seconds\":%.6f,\"ops\":%llu,\"mbps\":%.1f}\n", name.c_str(),
              static_cast<unsigned long long>(bytes), s, static_cast<unsigned long long>(ops), bytes / s / 1e6);
  std::fflush(stdout);
}

std::string label(const char* what, bool write, uint64_t req, int depth) {
  return std::string(what) + (write ? "-write-" : "-read-") + (req >= (1u << 20) ? "1m" : "4k") + "-qd" + std::to_string(depth);
}

void raw(const std::string& path, uint64_t bytes, bool write, uint64_t req) {
  int fd = open(path.c_str(), O_RDWR);
  void* buf = nullptr;
  // 16 buffers in turn, as the device's requests use (one hot buffer would flatter raw reads).
  if (fd < 0 || posix_memalign(&buf, 4096, req * 16) != 0) return;
  std::memset(buf, 0x3c, req * 16);
  auto t = Clock::now();
  uint64_t n = 0;
  for (uint64_t off = 0; off + req <= bytes; off += req, ++n) {
    uint8_t* b = static_cast<uint8_t*>(buf) + req * (n % 16);
    ssize_t r = write ? pwrite(fd, b, req, static_cast<off_t>(off)) : pread(fd, b, req, static_cast<off_t>(off));
    if (r != static_cast<ssize_t>(req)) std::fprintf(stderr, "raw I/O short: %zd\n", r);
  }
  report(label("raw", write, req, 1), n * req, secs(t), n);
  std::free(buf);
  close(fd);
}

void device(const std::string& path, uint64_t bytes, bool write, uint64_t req, int depth) {
  Driver d;
  NvmeConfig c;
  c.path = path;
  c.io_slots = 16;
  d.open(c, 4);
  if (!d.enable() || d.create_queue_pair(1, 64) != 0) {
    std::fprintf(stderr, "nvme: controller setup failed\n");
    std::exit(1);
  }
  const uint32_t blocks = static_cast<uint32_t>(req / 512);
  std::vector<nv::Command> cmds;
  for (int i = 0; i < depth; ++i) {
    const uint64_t buf = d.alloc(req);
    std::memset(d.ram + buf, 0x5a, req);
    cmds.push_back(d.rw(write, 0, blocks, buf));  // PRPs built once per slot; the LBA changes per request
  }
  const uint64_t total = bytes / req;
  uint64_t issued = 0, done = 0;
  auto submit = [&](int slot) {
    nv::Command cmd = cmds[slot];
    const uint64_t slba = issued * blocks;
    cmd.cdw10 = static_cast<uint32_t>(slba);
    cmd.cdw11 = static_cast<uint32_t>(slba >> 32);
    d.submit(1, cmd, false);
    ++issued;
  };
  std::vector<int> slot_of_cid(65536, 0);
  auto t = Clock::now();
  for (int i = 0; i < depth && issued < total; ++i) {
    slot_of_cid[d.queues[1].cid] = i;
    submit(i);
  }
  d.ring(1);
  std::vector<int> freed;
  while (done < total) {
    nv::Completion comp;
    if (!d.reap(1, comp, false)) {
      std::fprintf(stderr, "nvme: completion timeout\n");
      std::exit(1);
    }
    freed.clear();
    do {
      if ((comp.status >> 1) & 0x3fff) std::fprintf(stderr, "nvme: status 0x%x\n", comp.status >> 1);
      ++done;
      freed.push_back(slot_of_cid[comp.cid]);
    } while (d.poll(1, comp));
    d.ring_head(1);
    bool submitted = false;
    for (int slot : freed) {
      if (issued >= total) break;
      slot_of_cid[d.queues[1].cid] = slot;
      submit(slot);
      submitted = true;
    }
    if (submitted) d.ring(1);
  }
  report(label("nvme", write, req, depth), total * req, secs(t), total);
  d.fn->stop();
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) return 2;
  const std::string path = argv[1];
  const uint64_t bytes = std::strtoull(argv[2], nullptr, 10) << 20;
  const std::string only = argc > 3 ? argv[3] : "", direction = argc > 4 ? argv[4] : "";
  for (uint64_t req : {uint64_t{1} << 20, uint64_t{4096}}) {
    if (!only.empty() && only != (req == 4096 ? "4k" : "1m")) continue;
    const uint64_t span = req == 4096 ? std::min<uint64_t>(bytes, 64ull << 20) : bytes;  // 4 KiB: 16k requests
    for (bool write : {true, false}) {
      if (!direction.empty() && direction != (write ? "write" : "read")) continue;
      for (int round = 0; round < 3; ++round) {
        raw(path, span, write, req);
        device(path, span, write, req, 1);
        device(path, span, write, req, 16);
      }
    }
  }
  return 0;
}
