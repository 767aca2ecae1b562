// VM snapshots of virtio-pci functions (docs/vm-snapshots.md): a device driven mid-use is saved and
// restored into a fresh function over a copy of guest RAM, and goes on where it was (BAR placement,
// common configuration, queue indices, MSI-X table and pending bits, console input, blk geometry);
// truncated or garbled state is refused and leaves the fresh function in reset state.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <fcntl.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <functional>
#include <thread>

#include "check.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_rng.h"
#include "virtio_test_driver.h"
#include "vmm/event_loop.h"
#include "vmm/msi_routing.h"
#include "vmm/snapshot_file.h"

using namespace tshyve::devices::virtio;
using tshyve::vmm::MsiRouter;
using tshyve::vmm::StateReader;
using tshyve::vmm::StateWriter;

namespace {
constexpr uint32_t kMsixCap = 0x98;  // where the capability lands for these functions (test_virtio_pci)
constexpr uint32_t kBarAddress = 0xe0000000;

std::vector<uint8_t> save(VirtioPciFunction& fn) {
  std::lock_guard<std::mutex> lock(fn.lock());
  StateWriter w;
  fn.save_state(w);
  return w.take();
}

bool restore(VirtioPciFunction& fn, const std::vector<uint8_t>& bytes) {
  StateReader r(bytes);
  return fn.restore_state(r);
}

// The driver bookkeeping and guest RAM of `from`, as a restored VM would have them.
void copy_guest(const testdrv::Driver& from, testdrv::Driver& to) {
  std::memcpy(to.ram, from.ram, testdrv::Driver::kRam);
  to.qsize = from.qsize;
  to.avail_idx = from.avail_idx;
  to.next_desc = from.next_desc;
  to.heap = from.heap;
}

bool wait_until(const std::function<bool()>& pred, int ms = 3000) {
  for (int i = 0; i < ms / 2 && !pred(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  return pred();
}

// An rng function with MSI-X on, BAR 0 placed, queue 0 (vector 1, masked) live with `served`
// buffers filled, so vector 1 is pending.
void drive_rng(testdrv::Driver& d, MsiRouter& router, int served) {
  d.fn =
      std::make_shared<VirtioPciFunction>(std::make_shared<VirtioRng>(RngConfig{}), *d.mem, VirtioPciOptions{-1, &router, nullptr, 5, 0});
  d.fn->config_write(0x10, 4, kBarAddress);
  d.fn->config_write(0x04, 2, 0x6);  // memory decoding, bus master
  d.fn->config_write(kMsixCap + 2, 2, 0x8000);
  d.w32(0x4000 + 16, 0xfee00000);
  d.w32(0x4000 + 16 + 8, 0x41);
  d.w32(0x4000 + 16 + 12, 1);  // vector 1 masked
  d.w8(0x14, 3);
  d.w32(0x08, 1);
  d.w32(0x0c, 1);  // VERSION_1
  d.w8(0x14, 0xb);
  d.w16(0x16, 0);
  d.w16(0x18, 8);
  d.w16(0x1a, 1);  // queue_msix_vector
  d.w32(0x20, static_cast<uint32_t>(d.desc));
  d.w32(0x28, static_cast<uint32_t>(d.avail));
  d.w32(0x30, static_cast<uint32_t>(d.used));
  d.w16(0x1c, 1);
  d.w8(0x14, 0xf);
  d.qsize = 8;
  for (int i = 0; i < served; ++i) {
    d.submit({{d.alloc(16), 16, true}});
    d.kick();
  }
}
}  // namespace

TEST(rng_restored_continues_and_delivers_pending_msix) {
  MsiRouter router(-1);
  testdrv::Driver d;
  drive_rng(d, router, 11);  // more than the ring holds: the indices have wrapped the ring
  CHECK_EQ(d.used_idx(), 11);
  CHECK(d.fn->msix().pending(1));
  CHECK_EQ(router.triggered(), 0u);
  const auto bytes = save(*d.fn);

  MsiRouter router2(-1);
  testdrv::Driver d2;
  copy_guest(d, d2);
  d2.fn =
      std::make_shared<VirtioPciFunction>(std::make_shared<VirtioRng>(RngConfig{}), *d2.mem, VirtioPciOptions{-1, &router2, nullptr, 5, 0});
  CHECK(restore(*d2.fn, bytes));
  // Configuration space as programmed: BAR 0 decodes where the guest put it.
  CHECK_EQ(d2.fn->config_read(0x10, 4), d.fn->config_read(0x10, 4));
  CHECK_EQ(d2.fn->config_read(0x04, 2), 0x6u);
  uint64_t off = 0;
  CHECK(d2.fn->bar_hit(kBarAddress + 0x14, off) && off == 0x14);
  CHECK_EQ(d2.fn->config_read(kMsixCap + 2, 2) & 0xc000u, 0x8000u);
  // Common configuration: status, features, queue registers.
  CHECK_EQ(d2.status(), 0xf);
  d2.w32(0x08, 1);
  CHECK_EQ(d2.r32(0x0c), 1u);  // driver features, high word: VERSION_1
  d2.w16(0x16, 0);
  CHECK_EQ(d2.r32(0x20), static_cast<uint32_t>(d.desc));
  CHECK_EQ(d2.r32(0x30), static_cast<uint32_t>(d.used));
  CHECK_EQ(d2.r32(0x4000 + 16 + 8), 0x41u);
  // The pending bit survived, undelivered while masked.
  CHECK(d2.fn->msix().pending(1));
  CHECK_EQ(router2.triggered(), 0u);
  // The queue goes on from index 11, not 0: the next buffer lands in used slot 11.
  d2.submit({{d2.alloc(16), 16, true}});
  d2.kick();
  CHECK_EQ(d2.used_idx(), 12);
  CHECK_EQ(d2.used_len(11), 16u);
  // Unmasking delivers the interrupt the guest was waiting for.
  d2.w32(0x4000 + 16 + 12, 0);
  CHECK_EQ(router2.triggered(), 1u);
  CHECK(!d2.fn->msix().pending(1));
  // The original, driven on the same way, agrees.
  d.submit({{d.alloc(16), 16, true}});
  d.kick();
  CHECK_EQ(d.used_idx(), 12);
}

TEST(restore_refuses_truncated_and_garbled_state) {
  MsiRouter router(-1);
  testdrv::Driver d;
  drive_rng(d, router, 3);
  const auto bytes = save(*d.fn);
  int refused = 0;
  auto fresh_refuses = [&](const std::vector<uint8_t>& b) {
    MsiRouter r2(-1);
    testdrv::Driver d2;
    copy_guest(d, d2);
    d2.fn =
        std::make_shared<VirtioPciFunction>(std::make_shared<VirtioRng>(RngConfig{}), *d2.mem, VirtioPciOptions{-1, &r2, nullptr, 5, 0});
    if (restore(*d2.fn, b)) return false;
    ++refused;
    // Reset state: nothing of the saved function came through.
    CHECK_EQ(d2.status(), 0);
    CHECK_EQ(d2.fn->config_read(0x04, 2), 0u);
    CHECK_EQ(d2.fn->config_read(0x10, 4), 0u);
    CHECK(!d2.fn->queue(0).active());
    return true;
  };
  for (size_t n = 0; n < bytes.size(); n += 7) CHECK(fresh_refuses(std::vector<uint8_t>(bytes.begin(), bytes.begin() + n)));
  auto longer = bytes;
  longer.push_back(0);
  CHECK(fresh_refuses(longer));
  // Version, device type, a read-only config byte (vendor ID), a queue size beyond the maximum,
  // an out-of-range vector, indices that disagree: each is refused.
  auto flip = [&](size_t at, uint8_t v) {
    auto b = bytes;
    b[at] = v;
    return b;
  };
  CHECK(fresh_refuses(flip(0, 2)));
  CHECK(fresh_refuses(flip(4, kDeviceBlock)));
  CHECK(fresh_refuses(flip(14, 0x12)));  // 4 version + 4 type + 2 queues + 4 size, then config byte 0
  size_t common = 14 + 256 + 2 + 2 * 17;
  CHECK(fresh_refuses(flip(common + 4 + 4 + 8 + 1 + 1 + 2, 7)));  // config_msix_vector low byte: 7 >= 2 vectors
  size_t queue0 = common + 4 + 4 + 8 + 1 + 1 + 2 + 2 + 2;
  CHECK(fresh_refuses(flip(queue0 + 1, 0x10)));        // queue size 0x1008 > 256
  size_t progress0 = queue0 + 2 + 1 + 24 + 2 + 1 + 1;  // + isr, intx level
  CHECK(fresh_refuses(flip(progress0 + 1, 9)));        // next_avail 9 but next_used 3
  CHECK(fresh_refuses(flip(progress0 - 2, 9)));        // ISR with undefined bits
  CHECK(refused > 10);
  // The unchanged bytes are taken.
  MsiRouter r3(-1);
  testdrv::Driver d3;
  copy_guest(d, d3);
  d3.fn = std::make_shared<VirtioPciFunction>(std::make_shared<VirtioRng>(RngConfig{}), *d3.mem, VirtioPciOptions{-1, &r3, nullptr, 5, 0});
  CHECK(restore(*d3.fn, bytes));
}

// A chain the device took and has not completed is in flight: the snapshot waits for it (the VM
// retries until its deadline) and save_state refuses rather than lose it.
TEST(save_refuses_a_request_in_flight) {
  MsiRouter router(-1);
  testdrv::Driver d;
  drive_rng(d, router, 2);
  d.submit({{d.alloc(16), 16, true}});
  std::lock_guard<std::mutex> lock(d.fn->lock());
  Chain c;
  CHECK(d.fn->queue(0).pop(c) == PopResult::kChain);
  CHECK_EQ(d.fn->requests_in_flight(), 1u);
  bool refused = false;
  try {
    StateWriter w;
    d.fn->save_state(w);
  } catch (const tshyve::vmm::SnapshotError& e) {
    refused = std::string(e.what()).find("1 requests still in flight") != std::string::npos;
  }
  CHECK(refused);
  CHECK(d.fn->queue(0).push_used(c.head, 16));
  CHECK_EQ(d.fn->requests_in_flight(), 0u);
  StateWriter w;
  d.fn->save_state(w);
  CHECK(!w.data().empty());
}

TEST(restore_into_another_device_kind_is_refused) {
  MsiRouter router(-1);
  testdrv::Driver d;
  drive_rng(d, router, 1);
  const auto bytes = save(*d.fn);
  testdrv::Driver d2;
  copy_guest(d, d2);
  ConsoleConfig cc;
  d2.fn = std::make_shared<VirtioPciFunction>(std::make_shared<VirtioConsole>(cc), *d2.mem, VirtioPciOptions{});
  CHECK(!restore(*d2.fn, bytes));
}

// Host bytes a console port took in before the snapshot, while the guest had no receive buffer,
// reach the guest after restore.
TEST(console_input_survives_restore) {
  const std::string path = "/tmp/tshyve-vsnap-" + std::to_string(getpid()) + ".sock";
  ConsoleConfig cc;
  cc.ports.push_back({"", path});
  auto con = std::make_shared<VirtioConsole>(cc);
  testdrv::Driver d;
  CHECK(d.init_queues(con, 0, 2, 8));  // port 0's receiveq and transmitq, no MULTIPORT
  tshyve::vmm::EventLoop loop;
  d.fn->attach(loop);
  loop.start();
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  CHECK(connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
  CHECK(write(c, "count=41", 8) == 8);
  // The event loop takes the bytes in; with no receive buffer posted they wait in the port.
  std::vector<uint8_t> bytes;
  const std::string want = "count=41";
  CHECK(wait_until([&] {
    bytes = save(*d.fn);
    return std::search(bytes.begin(), bytes.end(), want.begin(), want.end()) != bytes.end();
  }));
  loop.stop();
  close(c);
  d.fn->shutdown();

  const std::string path2 = path + "2";
  ConsoleConfig cc2;
  cc2.ports.push_back({"", path2});
  testdrv::Driver d2;
  copy_guest(d, d2);
  d2.queues = d.queues;
  d2.fn = std::make_shared<VirtioPciFunction>(std::make_shared<VirtioConsole>(cc2), *d2.mem, VirtioPciOptions{});
  CHECK(restore(*d2.fn, bytes));
  const uint64_t buf = d2.alloc(64);
  d2.submit_to(0, {{buf, 64, true}});
  d2.fn->doorbell(0);
  CHECK(wait_until([&] { return d2.used_idx_of(0) == 1; }));
  CHECK_EQ(d2.used_len_of(0, 0), 8u);
  CHECK(std::memcmp(d2.ram + buf, "count=41", 8) == 0);
  ::unlink(path.c_str());
  ::unlink(path2.c_str());
}

// virtio-blk: requests completed before the snapshot stay completed, the next one lands in the next
// used slot, and a restore onto a disk of another size is refused.
TEST(blk_restored_continues_and_refuses_resized_disk) {
  char p[] = "/tmp/tshyve-vsnap-blk-XXXXXX";
  int fd = mkstemp(p);
  CHECK(fd >= 0 && ftruncate(fd, 1 << 20) == 0);
  close(fd);
  BlockConfig bc;
  bc.file.path = p;
  testdrv::Driver d;
  // One VirtioBlk holds the image's lock at a time: each is dropped before the next is made.
  auto make = [&](testdrv::Driver& drv) {
    drv.fn = std::make_shared<VirtioPciFunction>(std::make_shared<VirtioBlk>(bc), *drv.mem, VirtioPciOptions{});
  };
  CHECK(d.init(std::make_shared<VirtioBlk>(bc), 0, 8));
  auto write_sector = [](testdrv::Driver& drv, uint64_t sector, char fill) {
    struct {
      uint32_t type, reserved;
      uint64_t sector;
    } hdr{blk::kTypeOut, 0, sector};
    const uint64_t h = drv.alloc(16), data = drv.alloc(512), st = drv.alloc(1);
    std::memcpy(drv.ram + h, &hdr, 16);
    std::memset(drv.ram + data, fill, 512);
    drv.submit({{h, 16, false}, {data, 512, false}, {st, 1, true}});
    std::lock_guard<std::mutex> lock(drv.fn->lock());
    drain_queue(*drv.fn, 0, [&](Chain& c) -> long { return static_cast<VirtioBlk&>(drv.fn->device()).handle_request(c); });
  };
  for (int i = 0; i < 5; ++i) write_sector(d, i, static_cast<char>('a' + i));
  CHECK_EQ(d.used_idx(), 5);
  const auto bytes = save(*d.fn);
  d.fn.reset();

  testdrv::Driver d2;
  copy_guest(d, d2);
  make(d2);
  CHECK(restore(*d2.fn, bytes));
  write_sector(d2, 5, 'f');
  CHECK_EQ(d2.used_idx(), 6);
  char back[512];
  fd = open(p, O_RDONLY);
  CHECK(pread(fd, back, 512, 5 * 512) == 512 && back[0] == 'f' && back[511] == 'f');
  close(fd);
  d2.fn.reset();

  CHECK(truncate(p, 2 << 20) == 0);
  testdrv::Driver d3;
  copy_guest(d, d3);
  make(d3);
  CHECK(!restore(*d3.fn, bytes));
  CHECK_EQ(d3.status(), 0);
  d3.fn.reset();
  unlink(p);
}

TEST_MAIN()
