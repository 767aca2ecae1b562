// I/O bench harness (npm run bench:io): plays the driver side of virtio-blk (virtio 1.2 §5.2) and
// virtio-net (§5.1) against the real device code through the virtio-pci transport, and measures the
// same transfers done with raw host syscalls (pread/pwrite on the image, writev on the tap).
// With `blk-limits`, the same virtio-blk stream under a bandwidth and an IOPS limit (token buckets),
// to set the achieved rates next to the configured ones. Prints one JSON object per measurement on stdout.
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "devices/net/e1000_nic.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_net.h"
#include "virtio_test_driver.h"
#include "vmm/seccomp_filter.h"

using namespace tshyve::devices::virtio;
using Clock = std::chrono::steady_clock;

namespace {
constexpr uint64_t kReq = 1 << 20;  // 1 MiB requests
constexpr int kDepth = 16;

double secs(Clock::time_point a) { return std::chrono::duration<double>(Clock::now() - a).count(); }

void report(const char* name, uint64_t bytes, double s, uint64_t ops) {
  std::printf("{\"name\":\"%s\",\"bytes\":%llu,\"seconds\":%.6f,\"ops\":%llu,\"mbps\":%.1f}\n", name,
              static_cast<unsigned long long>(bytes), s, static_cast<unsigned long long>(ops), bytes / s / 1e6);
  std::fflush(stdout);
}

void raw_blk(const std::string& path, uint64_t size, bool write) {
  int fd = open(path.c_str(), O_RDWR);
  // The same memory footprint as the virtio run: kDepth 1 MiB buffers used round-robin.
  void* buf = nullptr;
  if (posix_memalign(&buf, 4096, kReq * kDepth) != 0) return;
  std::memset(buf, 0x3c, kReq * kDepth);
  auto t = Clock::now();
  uint64_t n = 0;
  for (uint64_t off = 0; off + kReq <= size; off += kReq, ++n) {
    uint8_t* b = static_cast<uint8_t*>(buf) + kReq * (n % kDepth);
    ssize_t r = write ? pwrite(fd, b, kReq, static_cast<off_t>(off)) : pread(fd, b, kReq, static_cast<off_t>(off));
    if (r != static_cast<ssize_t>(kReq)) std::fprintf(stderr, "raw I/O short: %zd\n", r);
  }
  report(write ? "raw-pwrite" : "raw-pread", n * kReq, secs(t), n);
  std::free(buf);
  close(fd);
}

void virtio_blk(const std::string& path, uint64_t size, bool write, uint64_t req = kReq, const char* name = nullptr,
                tshyve::vmm::BucketConfig bandwidth = {}, tshyve::vmm::BucketConfig iops = {}) {
  BlockConfig c;
  c.file.path = path;
  c.queue_size = 128;
  c.bandwidth = bandwidth;
  c.iops = iops;
  auto blk = std::make_shared<VirtioBlk>(c);
  testdrv::Driver d;
  d.init(blk, bit(kFeatureEventIdx), 128);
  const uint64_t data0 = 0x200000, hdr0 = 0x100000;
  std::vector<uint64_t> next_sector(kDepth);
  uint64_t issued = 0, done = 0, total = size / req;
  auto submit = [&](int slot) {
    uint64_t hdr = hdr0 + 64 * slot, st = hdr + 32, data = data0 + kReq * slot;
    uint32_t h[4] = {write ? blk::kTypeOut : blk::kTypeIn, 0, 0, 0};
    uint64_t sector = issued * (req / 512);
    std::memcpy(h + 2, &sector, 8);
    std::memcpy(d.ram + hdr, h, 16);
    uint16_t base = static_cast<uint16_t>(3 * slot);
    d.set_desc(base, hdr, 16, kDescFlagNext, base + 1);
    d.set_desc(base + 1, data, static_cast<uint32_t>(req), kDescFlagNext | (write ? 0 : kDescFlagWrite), base + 2);
    d.set_desc(base + 2, st, 1, kDescFlagWrite, 0);
    d.publish(base);
    ++issued;
  };
  for (int i = 0; i < kDepth; ++i) std::memset(d.ram + data0 + kReq * i, 0x5a, kReq);
  auto t = Clock::now();
  for (int i = 0; i < kDepth && issued < total; ++i) submit(i);
  d.kick();
  uint16_t seen = 0;
  while (done < total) {
    uint16_t u = d.used_idx();
    if (u == seen) {
      std::this_thread::yield();
      continue;
    }
    bool resubmitted = false;
    while (seen != u) {
      uint32_t head;
      std::memcpy(&head, d.ram + d.used + 4 + 8 * (seen % d.qsize), 4);
      ++seen;
      ++done;
      if (issued < total) {
        submit(static_cast<int>(head / 3));
        resubmitted = true;
      }
    }
    if (resubmitted) d.kick();
  }
  if (!name) name = write ? "virtio-blk-write" : "virtio-blk-read";
  report(name, total * req, secs(t), total);
  if (bandwidth.enabled() || iops.enabled())
    std::fprintf(stderr, "%s: %llu throttled retries\n", name, static_cast<unsigned long long>(blk->counters().throttled.get()));
  blk->shutdown();
}

constexpr uint32_t kFrame = 1514, kFrames = 200000;

int open_tap(const char* name) {
  int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);
  ifreq ifr{};
  std::strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
  ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
  int hdr = 12;
  if (fd < 0 || ioctl(fd, TUNSETIFF, &ifr) != 0 || ioctl(fd, TUNSETVNETHDRSZ, &hdr) != 0) {
    std::perror("tap");
    return -1;
  }
  return fd;
}

void fill_frame(uint8_t* p) {
  std::memset(p, 0, 12);  // virtio_net_hdr: no offload
  std::memset(p + 12, 0xff, 6);
  const uint8_t src[6] = {0x52, 0x54, 0, 0, 0, 1};
  std::memcpy(p + 18, src, 6);
  p[24] = 0x88;
  p[25] = 0xb5;
  std::memset(p + 26, 0x42, kFrame - 14);
}

void raw_tap(const char* tap) {
  int fd = open_tap(tap);
  if (fd < 0) return;
  std::vector<uint8_t> buf(12 + kFrame);
  fill_frame(buf.data());
  auto t = Clock::now();
  for (uint32_t i = 0; i < kFrames; ++i)
    if (write(fd, buf.data(), buf.size()) < 0) std::perror("tap write");
  report("raw-tap-write", static_cast<uint64_t>(kFrames) * kFrame, secs(t), kFrames);
  close(fd);
}

void virtio_net_tx(const char* tap) {
  NicConfig n;
  n.tap = tap;
  auto dev = std::make_shared<VirtioNet>(n);
  testdrv::Driver d;
  // Queue 0 (rx) is left unused; queue 1 (tx) is set up by hand after init() did queue 0.
  d.init(dev, 0, 256);
  d.desc = 0x40000;
  d.avail = 0x50000;
  d.used = 0x60000;
  d.qsize = 256;
  d.w8(0x14, 0);  // redo the setup with both queues
  d.w8(0x14, kStatusAcknowledge | kStatusDriver);
  d.w32(0x08, 1);
  d.w32(0x0c, 1);
  d.w8(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
  d.w16(0x16, 1);
  d.w16(0x18, 256);
  d.w32(0x20, static_cast<uint32_t>(d.desc));
  d.w32(0x28, static_cast<uint32_t>(d.avail));
  d.w32(0x30, static_cast<uint32_t>(d.used));
  d.w16(0x1c, 1);
  d.w8(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk);
  const uint64_t frames = 0x100000;
  for (int i = 0; i < 128; ++i) fill_frame(d.ram + frames + 2048 * i);
  for (int i = 0; i < 128; ++i) d.set_desc(static_cast<uint16_t>(i), frames + 2048 * i, 12 + kFrame, 0, 0);
  auto t = Clock::now();
  uint32_t sent = 0;
  while (sent < kFrames) {
    uint32_t batch = std::min<uint32_t>(128, kFrames - sent);
    for (uint32_t i = 0; i < batch; ++i) d.publish(static_cast<uint16_t>(i));
    d.fn->doorbell(1);  // processed synchronously: the event loop's work, on this thread
    sent += batch;
  }
  report("virtio-net-tx", static_cast<uint64_t>(kFrames) * kFrame, secs(t), kFrames);
  std::fprintf(stderr, "virtio-net: %llu frames sent by the device\n", static_cast<unsigned long long>(dev->tx_frames()));
}
// e1000 (8254x SDM §3.3): the same frames through the 82545EM's legacy TX ring (EOP|IFCS|RS per
// frame), TDT written per batch of 128 as a driver's doorbell; the device writes each to the tap.
class BenchRam : public tshyve::vmm::GuestMemoryView {
 public:
  explicit BenchRam(size_t n) : b_(n, 0) {}
  uint8_t* translate(uint64_t gpa, uint64_t len) override { return gpa < b_.size() && len <= b_.size() - gpa ? b_.data() + gpa : nullptr; }
  uint8_t* data() { return b_.data(); }

 private:
  std::vector<uint8_t> b_;
};

void e1000_tx(const char* tap) {
  namespace e = tshyve::devices::net::e1000;
  tshyve::devices::net::E1000Config c;
  c.tap = tap;
  c.mac = {0x52, 0x54, 0, 0, 0, 2};
  BenchRam ram(4 << 20);
  tshyve::devices::net::E1000Nic nic(c, ram, nullptr, nullptr);
  auto fn = nic.function();
  fn->config_write(0x04, 2, 0x0006);
  constexpr uint32_t kRing = 256, kBatch = 128;
  constexpr uint64_t kDesc = 0x10000, kBufs = 0x100000;
  std::vector<uint8_t> f(12 + kFrame);
  fill_frame(f.data());
  for (uint32_t i = 0; i < kBatch; ++i) std::memcpy(ram.data() + kBufs + 2048 * i, f.data() + 12, kFrame);
  for (uint32_t i = 0; i < kRing; ++i) {
    uint8_t* d = ram.data() + kDesc + 16 * i;
    const uint64_t a = kBufs + 2048 * (i % kBatch);
    std::memcpy(d, &a, 8);
    const uint32_t lower = kFrame | static_cast<uint32_t>(e::kTxCmdEop | e::kTxCmdIfcs | e::kTxCmdRs) << 24;
    std::memcpy(d + 8, &lower, 4);
  }
  fn->write_register(e::reg::kTdbal, static_cast<uint32_t>(kDesc));
  fn->write_register(e::reg::kTdlen, kRing * 16);
  fn->write_register(e::reg::kTctl, e::kTctlEn);
  auto t = Clock::now();
  uint32_t sent = 0, tail = 0;
  while (sent < kFrames) {
    const uint32_t batch = std::min<uint32_t>(kBatch, kFrames - sent);
    tail = (tail + batch) % kRing;
    fn->write_register(e::reg::kTdt, tail);  // processed synchronously, as on the vCPU thread
    sent += batch;
  }
  report("e1000-tx", static_cast<uint64_t>(kFrames) * kFrame, secs(t), kFrames);
  std::fprintf(stderr, "e1000: %llu frames sent by the device\n", static_cast<unsigned long long>(fn->counters().tx_packets.get()));
}
}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s blk FILE MIB | net TAP\n", argv[0]);
    return 2;
  }
  std::string mode = argv[1];
  // BENCH_SECCOMP=1: the block worker runs under its seccomp allow-list, as in a VM process.
  if (const char* s = std::getenv("BENCH_SECCOMP"); s && std::strcmp(s, "1") == 0) tshyve::vmm::seccomp::set_thread_filters_enabled(true);
  if (mode == "blk" && argc >= 4) {
    uint64_t size = std::strtoull(argv[3], nullptr, 10) << 20;
    for (int round = 0; round < 3; ++round) {  // round 0 warms the page cache
      raw_blk(argv[2], size, true);
      virtio_blk(argv[2], size, true);
      raw_blk(argv[2], size, false);
      virtio_blk(argv[2], size, false);
    }
    return 0;
  }
  // blk-limits FILE BPS IOPS: reads of 1 MiB under BPS bytes/s, then of 4 KiB under IOPS, each for
  // about 3 s after a burst of a tenth of a second's worth, and the same streams unlimited.
  if (mode == "blk-limits" && argc >= 5) {
    const uint64_t bps = std::strtoull(argv[3], nullptr, 10), iops = std::strtoull(argv[4], nullptr, 10);
    for (int round = 0; round < 2; ++round) {  // round 0 warms the page cache
      virtio_blk(argv[2], 3 * bps / kReq * kReq, false, kReq, "limited-bandwidth", {bps, bps / 10}, {});
      virtio_blk(argv[2], 256ull << 20, false, kReq, "unlimited-1m");
      virtio_blk(argv[2], 3 * iops * 4096, false, 4096, "limited-iops", {}, {iops, iops / 10});
      virtio_blk(argv[2], 64ull << 20, false, 4096, "unlimited-4k");
    }
    return 0;
  }
  if (mode == "net") {
    for (int round = 0; round < 2; ++round) {
      raw_tap(argv[2]);
      virtio_net_tx(argv[2]);
      e1000_tx(argv[2]);
    }
    return 0;
  }
  return 2;
}
