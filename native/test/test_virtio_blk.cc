// virtio-blk request path (virtio 1.2 §5.2.6) through the virtio-pci transport against a real temp
// file: write/read/flush/get-id/discard/write-zeroes, errors as status bytes, NEEDS_RESET, flock,
// per-type request and byte counters.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>
#include <thread>

#include "check.h"
#include "devices/virtio/virtio_blk.h"
#include "virtio_test_driver.h"

using namespace tshyve::devices::virtio;
using namespace tshyve::devices::backends;

namespace {
std::string temp_image(uint64_t size) {
  char path[] = "/tmp/tshyve-blk-XXXXXX";
  int fd = mkstemp(path);
  if (ftruncate(fd, static_cast<off_t>(size)) != 0) std::perror("ftruncate");
  close(fd);
  return path;
}

struct Req {
  uint64_t hdr, data, status;
};

struct BlkRig {
  std::string path;
  std::shared_ptr<VirtioBlk> blk;
  testdrv::Driver d;
  explicit BlkRig(bool ro = false, uint64_t size = 8 << 20) {
    path = temp_image(size);
    BlockConfig c;
    c.file.path = path;
    c.file.read_only = ro;
    c.serial = "tshyve-serial-1";
    blk = std::make_shared<VirtioBlk>(c);
    d.init(blk, bit(kFeatureEventIdx));
  }
  ~BlkRig() {
    blk->shutdown();
    unlink(path.c_str());
  }
  // Submits one request and waits for its completion; returns the status byte.
  uint8_t request(uint32_t type, uint64_t sector, uint64_t data_gpa, uint32_t len, bool data_write, uint32_t* used_len = nullptr) {
    uint64_t hdr = d.alloc(16), st = d.alloc(1);
    uint32_t h[4] = {type, 0, static_cast<uint32_t>(sector), static_cast<uint32_t>(sector >> 32)};
    std::memcpy(d.ram + hdr, h, 16);
    d.ram[st] = 0xee;
    std::vector<testdrv::Buf> bufs{{hdr, 16, false}};
    if (len) bufs.push_back({data_gpa, len, data_write});
    bufs.push_back({st, 1, true});
    uint16_t before = d.used_idx();
    d.submit(bufs);
    d.kick();
    for (int i = 0; i < 2000 && d.used_idx() == before; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    if (used_len) *used_len = d.used_len(before);
    return d.ram[st];
  }
};
}  // namespace

TEST(write_then_read_back) {
  BlkRig r;
  uint64_t buf = r.d.alloc(65536, 4096);
  for (int i = 0; i < 65536; ++i) r.d.ram[buf + i] = static_cast<uint8_t>(i * 7);
  CHECK_EQ(r.request(blk::kTypeOut, 16, buf, 65536, false), blk::kStatusOk);
  uint64_t back = r.d.alloc(65536, 4096);
  uint32_t used = 0;
  CHECK_EQ(r.request(blk::kTypeIn, 16, back, 65536, true, &used), blk::kStatusOk);
  CHECK_EQ(used, 65537u);
  CHECK(std::memcmp(r.d.ram + buf, r.d.ram + back, 65536) == 0);
  // And on the host file itself.
  int fd = open(r.path.c_str(), O_RDONLY);
  std::vector<uint8_t> host(65536);
  CHECK_EQ(pread(fd, host.data(), 65536, 16 * 512), 65536);
  close(fd);
  CHECK(std::memcmp(host.data(), r.d.ram + buf, 65536) == 0);
  CHECK_EQ(r.request(blk::kTypeFlush, 0, 0, 0, false), blk::kStatusOk);
}

TEST(out_of_range_and_unaligned_are_io_errors) {
  BlkRig r(false, 1 << 20);
  uint64_t buf = r.d.alloc(4096, 4096);
  CHECK_EQ(r.request(blk::kTypeIn, 2048, buf, 512, true), blk::kStatusIoErr);   // past the end
  CHECK_EQ(r.request(blk::kTypeIn, 2047, buf, 1024, true), blk::kStatusIoErr);  // straddles the end
  CHECK_EQ(r.request(blk::kTypeIn, ~0ull / 512, buf, 512, true), blk::kStatusIoErr);
  CHECK_EQ(r.request(blk::kTypeOut, 0, buf, 100, false), blk::kStatusIoErr);  // not whole sectors
  CHECK_EQ(r.request(blk::kTypeIn, 2047, buf, 512, true), blk::kStatusOk);    // last sector
  CHECK_EQ(r.request(99, 0, buf, 512, true), blk::kStatusUnsupported);
  CHECK(r.d.status() & kStatusDriverOk);
  CHECK(!(r.d.status() & kStatusNeedsReset));
}

TEST(get_id_returns_serial) {
  BlkRig r;
  uint64_t buf = r.d.alloc(20);
  CHECK_EQ(r.request(blk::kTypeGetId, 0, buf, 20, true), blk::kStatusOk);
  CHECK(std::memcmp(r.d.ram + buf, "tshyve-serial-1", 15) == 0);
}

TEST(read_only_disk_refuses_writes) {
  BlkRig r(true);
  uint64_t buf = r.d.alloc(512);
  CHECK_EQ(r.request(blk::kTypeOut, 0, buf, 512, false), blk::kStatusIoErr);
  CHECK_EQ(r.request(blk::kTypeIn, 0, buf, 512, true), blk::kStatusOk);
  CHECK(r.blk->device_features() & bit(blk::kFeatureRo));
}

TEST(discard_and_write_zeroes) {
  BlkRig r;
  uint64_t buf = r.d.alloc(8192, 4096);
  std::memset(r.d.ram + buf, 0xab, 8192);
  CHECK_EQ(r.request(blk::kTypeOut, 0, buf, 8192, false), blk::kStatusOk);
  uint64_t seg = r.d.alloc(16);
  struct {
    uint64_t sector;
    uint32_t n, flags;
  } s{0, 8, 0};
  std::memcpy(r.d.ram + seg, &s, 16);
  CHECK_EQ(r.request(blk::kTypeWriteZeroes, 0, seg, 16, false), blk::kStatusOk);
  s = {8, 8, 0};
  std::memcpy(r.d.ram + seg, &s, 16);
  CHECK_EQ(r.request(blk::kTypeDiscard, 0, seg, 16, false), blk::kStatusOk);
  uint64_t back = r.d.alloc(8192, 4096);
  CHECK_EQ(r.request(blk::kTypeIn, 0, back, 8192, true), blk::kStatusOk);
  bool zero = true;
  for (int i = 0; i < 8192; ++i) zero &= r.d.ram[back + i] == 0;
  CHECK(zero);
}

TEST(counters_follow_requests_by_type) {
  BlkRig r(false, 1 << 20);
  uint64_t buf = r.d.alloc(8192, 4096);
  CHECK_EQ(r.request(blk::kTypeOut, 0, buf, 4096, false), blk::kStatusOk);
  CHECK_EQ(r.request(blk::kTypeOut, 8, buf, 1024, false), blk::kStatusOk);
  CHECK_EQ(r.request(blk::kTypeIn, 0, buf, 8192, true), blk::kStatusOk);
  CHECK_EQ(r.request(blk::kTypeFlush, 0, 0, 0, false), blk::kStatusOk);
  CHECK_EQ(r.request(blk::kTypeIn, 2048, buf, 512, true), blk::kStatusIoErr);  // past the end: no bytes
  CHECK_EQ(r.request(blk::kTypeGetId, 0, buf, 20, true), blk::kStatusOk);
  CHECK_EQ(r.request(99, 0, buf, 512, true), blk::kStatusUnsupported);
  BlkStats s = r.blk->counters().snapshot();
  CHECK_EQ(s.write_requests, 2u);
  CHECK_EQ(s.write_bytes, 5120u);
  CHECK_EQ(s.read_requests, 2u);
  CHECK_EQ(s.read_bytes, 8192u);
  CHECK_EQ(s.flush_requests, 1u);
  CHECK_EQ(s.other_requests, 2u);
  CHECK_EQ(s.errors, 2u);
  CHECK_EQ(s.discard_requests, 0u);
}

TEST(second_writable_open_is_refused) {
  BlkRig r;
  BlockFileOptions o;
  o.path = r.path;
  bool refused = false;
  try {
    BlockFile again(o);
  } catch (const BlockFileError& e) {
    refused = std::string(e.what()).find("in use") != std::string::npos;
  }
  CHECK(refused);
}

TEST(broken_chain_sets_needs_reset) {
  BlkRig r;
  r.d.set_desc(0, 0x10000, 16, kDescFlagNext, 0);  // loops onto itself
  r.d.publish(0);
  r.d.kick();
  for (int i = 0; i < 1000 && !(r.d.status() & kStatusNeedsReset); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK(r.d.status() & kStatusNeedsReset);
  // A reset brings it back.
  r.d.w8(0x14, 0);
  CHECK_EQ(r.d.status(), 0);
}

TEST(nocache_bounces_unaligned_buffers) {
  std::string path = temp_image(1 << 20);
  BlockConfig c;
  c.file.path = path;
  c.file.nocache = true;
  bool ok = true;
  try {
    auto blk = std::make_shared<VirtioBlk>(c);
    testdrv::Driver d;
    d.init(blk, 0);
    uint64_t buf = d.alloc(1024, 16) + 3;  // deliberately unaligned
    std::memset(d.ram + buf, 0x5a, 1024);
    uint64_t hdr = d.alloc(16), st = d.alloc(1);
    uint32_t h[4] = {blk::kTypeOut, 0, 4, 0};
    std::memcpy(d.ram + hdr, h, 16);
    d.submit({{hdr, 16, false}, {buf, 1024, false}, {st, 1, true}});
    d.kick();
    for (int i = 0; i < 1000 && d.used_idx() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    CHECK_EQ(d.ram[st], blk::kStatusOk);
    blk->shutdown();
  } catch (const std::exception& e) {
    ok = std::string(e.what()).find("Invalid argument") != std::string::npos;  // tmpfs without O_DIRECT
    std::printf("  (O_DIRECT unavailable here: %s)\n", e.what());
  }
  CHECK(ok);
  unlink(path.c_str());
}

TEST(reads_that_miss_the_page_cache_complete_on_the_block_layer) {
  BlkRig r;
  constexpr int kReads = 8;
  const uint64_t src = r.d.alloc(kReads * 4096, 4096);
  for (int i = 0; i < kReads * 4096; ++i) r.d.ram[src + i] = static_cast<uint8_t>(i * 11 + 3);
  CHECK_EQ(r.request(blk::kTypeOut, 0, src, kReads * 4096, false), blk::kStatusOk);
  // Out of the page cache: RWF_NOWAIT refuses them, the block layer's workers read them.
  int fd = open(r.path.c_str(), O_RDONLY);
  fdatasync(fd);
  posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  close(fd);
  const uint64_t dst = r.d.alloc(kReads * 4096, 4096);
  std::memset(r.d.ram + dst, 0, kReads * 4096);
  std::vector<uint64_t> status(kReads);
  const uint16_t before = r.d.used_idx();
  for (int i = 0; i < kReads; ++i) {
    const uint64_t hdr = r.d.alloc(16);
    status[i] = r.d.alloc(1);
    uint32_t h[4] = {blk::kTypeIn, 0, static_cast<uint32_t>(8 * i), 0};
    std::memcpy(r.d.ram + hdr, h, 16);
    r.d.ram[status[i]] = 0xee;
    r.d.submit({{hdr, 16, false}, {dst + 4096ull * i, 4096, true}, {status[i], 1, true}});
  }
  r.d.kick();
  for (int i = 0; i < 2000 && static_cast<uint16_t>(r.d.used_idx() - before) < kReads; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  CHECK_EQ(static_cast<uint16_t>(r.d.used_idx() - before), kReads);
  for (int i = 0; i < kReads; ++i) CHECK_EQ(r.d.ram[status[i]], blk::kStatusOk);
  CHECK(std::memcmp(r.d.ram + dst, r.d.ram + src, kReads * 4096) == 0);
  const auto c = r.blk->counters().snapshot();
  CHECK_EQ(c.read_requests, static_cast<uint64_t>(kReads));
  CHECK_EQ(c.read_bytes, kReads * 4096u);
  CHECK_EQ(c.errors, 0u);
}

TEST_MAIN()
