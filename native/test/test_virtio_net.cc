// virtio-net (virtio 1.2 §5.1) through the virtio-pci transport against a real tap in a network
// namespace this test makes: receive and transmit, mergeable and single buffers (§5.1.6.3-4), short
// rings, GSO frames both ways, chains longer than IOV_MAX, header fields that were not negotiated.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "check.h"
#include "devices/virtio/virtio_net.h"
#include "host_tap.h"
#include "virtio_test_driver.h"

using namespace tshyve::devices::virtio;

namespace {
constexpr uint8_t kGuestMac[6] = {0x52, 0x54, 0x00, 0x12, 0x34, 0x56};
constexpr uint16_t kRx = net::kRxQueue, kTx = net::kTxQueue;

struct Used {
  uint32_t id, len;
};

struct NetRig {
  testnet::HostTap tap;
  std::shared_ptr<VirtioNet> net;
  testdrv::Driver d;
  bool ok = false;
  uint16_t rx_seen = 0;

  explicit NetRig(uint64_t features, uint16_t qsize = 16) {
    NicConfig c;
    c.tap = tap.name;
    std::memcpy(c.mac.data(), kGuestMac, 6);
    net = std::make_shared<VirtioNet>(c);
    ok = d.init_queues(net, features, 2, qsize) && tap.wait_running();
  }
  ~NetRig() { net->shutdown(); }
  uint64_t post_rx(uint32_t len) {
    uint64_t b = d.alloc(len);
    std::memset(d.ram + b, 0xee, len);
    d.submit_to(kRx, {{b, len, true}});
    return b;
  }
  Used used(uint16_t q, uint16_t i) {
    Used u;
    const auto& Q = d.queues.at(q);
    std::memcpy(&u, d.ram + Q.used + 4 + 8 * (i % Q.size), 8);
    return u;
  }
  // Lets the kernel queue what was sent into the tap, then rings the receive doorbell until
  // `expect` used entries appeared (or a second passed: a loaded host may be slow to queue).
  void kick_rx(uint16_t expect = 1) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (int i = 0; i < 100; ++i) {
      d.kick(kRx);
      if (static_cast<uint16_t>(d.used_idx_of(kRx)) >= expect) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
  }
};

uint16_t num_buffers(const uint8_t* hdr) {
  uint16_t n;
  std::memcpy(&n, hdr + 10, 2);
  return n;
}

// Runs `body` in a child process: a crash there (stack overflow, fault) fails the test instead of
// ending the test binary. The child's exit status is its failed-check count.
void in_child(const std::function<void()>& body) {
  std::fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    check::failures() = 0;
    body();
    std::fflush(stdout);
    _exit(check::failures() > 255 ? 255 : check::failures());
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (WIFSIGNALED(status)) std::printf("  child died of signal %d\n", WTERMSIG(status));
  CHECK(WIFEXITED(status));
  if (WIFEXITED(status)) check::failures() += WEXITSTATUS(status);
}
}  // namespace

TEST(rx_single_buffer_frame) {
  NetRig r(bit(net::kMac));
  CHECK(r.ok);
  uint64_t b = r.post_rx(2048);
  auto f = testnet::eth_frame(100, kGuestMac, 1);
  CHECK(r.tap.send(f));
  r.kick_rx();
  CHECK_EQ(r.d.used_idx_of(kRx), 1);
  Used u = r.used(kRx, 0);
  CHECK_EQ(u.len, net::kHdrSize + 100);
  CHECK_EQ(num_buffers(r.d.ram + b), 1);
  CHECK(std::memcmp(r.d.ram + b + net::kHdrSize, f.data(), f.size()) == 0);
  CHECK_EQ(r.net->rx_frames(), 1u);
}

TEST(rx_without_mergeable_drops_frame_larger_than_buffer) {
  NetRig r(0);
  CHECK(r.ok);
  r.post_rx(64);
  uint64_t b2 = r.post_rx(2048);
  auto big = testnet::eth_frame(1514, kGuestMac, 2), small = testnet::eth_frame(80, kGuestMac, 3);
  CHECK(r.tap.send(big));
  CHECK(r.tap.send(small));
  r.kick_rx(2);
  CHECK_EQ(r.d.used_idx_of(kRx), 2);
  CHECK_EQ(r.used(kRx, 0).len, 0u);  // dropped, buffer returned empty
  CHECK_EQ(r.used(kRx, 1).len, net::kHdrSize + 80);
  CHECK(std::memcmp(r.d.ram + b2 + net::kHdrSize, small.data(), small.size()) == 0);
}

// The reproducer of a guest-triggered VMM crash: with MRG_RXBUF, one 64-byte buffer and a 1514-byte
// frame used to recurse without end in VirtioNet::deliver (stack overflow, SIGSEGV).
TEST(rx_mergeable_short_buffers_wait_then_deliver) {
  in_child([] {
    NetRig r(bit(net::kMrgRxbuf), 32);
    CHECK(r.ok);
    std::vector<uint64_t> bufs{r.post_rx(64)};
    auto f = testnet::eth_frame(1514, kGuestMac, 4);
    CHECK(r.tap.send(f));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    r.d.kick(kRx);
    CHECK_EQ(r.d.used_idx_of(kRx), 0);  // not enough room yet: the frame waits, the buffer stays posted
    const size_t need = (net::kHdrSize + f.size() + 63) / 64;
    while (bufs.size() < need) bufs.push_back(r.post_rx(64));
    r.d.kick(kRx);
    CHECK_EQ(r.d.used_idx_of(kRx), need);
    CHECK_EQ(num_buffers(r.d.ram + bufs[0]), need);
    std::vector<uint8_t> got;
    for (size_t i = 0; i < need; ++i) {
      Used u = r.used(kRx, static_cast<uint16_t>(i));
      got.insert(got.end(), r.d.ram + bufs[u.id], r.d.ram + bufs[u.id] + u.len);
    }
    CHECK_EQ(got.size(), net::kHdrSize + f.size());
    CHECK(got.size() == net::kHdrSize + f.size() && std::memcmp(got.data() + net::kHdrSize, f.data(), f.size()) == 0);
  });
}

// A frame that cannot fit even when every ring entry holds a buffer is dropped; traffic goes on.
TEST(rx_mergeable_frame_larger_than_whole_ring_dropped) {
  in_child([] {
    NetRig r(bit(net::kMrgRxbuf), 4);
    CHECK(r.ok);
    std::vector<uint64_t> bufs;
    for (int i = 0; i < 4; ++i) bufs.push_back(r.post_rx(64));
    auto big = testnet::eth_frame(1514, kGuestMac, 5), small = testnet::eth_frame(100, kGuestMac, 6);
    CHECK(r.tap.send(big));
    CHECK(r.tap.send(small));
    r.kick_rx(2);
    CHECK_EQ(r.d.used_idx_of(kRx), 2);  // 112 bytes over two 64-byte buffers
    CHECK_EQ(num_buffers(r.d.ram + bufs[0]), 2);
    CHECK_EQ(r.used(kRx, 0).len + r.used(kRx, 1).len, net::kHdrSize + 100);
    CHECK(std::memcmp(r.d.ram + bufs[0] + net::kHdrSize, small.data(), 64 - net::kHdrSize) == 0);
  });
}

// A mergeable buffer shorter than the header cannot carry num_buffers: the frame is dropped.
TEST(rx_mergeable_buffer_shorter_than_header) {
  in_child([] {
    NetRig r(bit(net::kMrgRxbuf));
    CHECK(r.ok);
    r.post_rx(4);
    uint64_t b = r.post_rx(2048);
    CHECK(r.tap.send(testnet::eth_frame(60, kGuestMac, 7)));
    auto second = testnet::eth_frame(70, kGuestMac, 8);
    CHECK(r.tap.send(second));
    r.kick_rx(2);
    CHECK_EQ(r.d.used_idx_of(kRx), 2);
    CHECK_EQ(r.used(kRx, 0).len, 0u);
    CHECK_EQ(r.used(kRx, 1).len, net::kHdrSize + 70);
    CHECK(std::memcmp(r.d.ram + b + net::kHdrSize, second.data(), second.size()) == 0);
  });
}

TEST(tx_frame_reaches_host_from_scattered_chain) {
  NetRig r(bit(net::kMac));
  CHECK(r.ok);
  auto f = testnet::eth_frame(300, kGuestMac, 9);
  uint64_t hdr = r.d.alloc(net::kHdrSize), a = r.d.alloc(100), b = r.d.alloc(200);
  std::memset(r.d.ram + hdr, 0, net::kHdrSize);
  std::memcpy(r.d.ram + a, f.data(), 100);
  std::memcpy(r.d.ram + b, f.data() + 100, 200);
  r.d.submit_to(kTx, {{hdr, net::kHdrSize, false}, {a, 100, false}, {b, 200, false}});
  r.d.kick(kTx);
  CHECK_EQ(r.d.used_idx_of(kTx), 1);
  auto got = r.tap.receive();
  CHECK_EQ(got.size(), 1u);
  if (got.size() == 1) {
    CHECK_EQ(got[0].size(), testnet::kVnetHdrLen + f.size());
    CHECK(std::memcmp(got[0].data() + testnet::kVnetHdrLen, f.data(), f.size()) == 0);
  }
  CHECK_EQ(r.net->tx_frames(), 1u);
}

TEST(tx_shorter_than_header_dropped) {
  NetRig r(0);
  CHECK(r.ok);
  uint64_t hdr = r.d.alloc(8);
  r.d.submit_to(kTx, {{hdr, 8, false}});
  r.d.kick(kTx);
  CHECK_EQ(r.d.used_idx_of(kTx), 1);
  CHECK_EQ(r.tap.receive(50).size(), 0u);
  CHECK_EQ(r.net->tx_frames(), 0u);
}

// 2 direct descriptors then an indirect table of 1024: 1026 segments > IOV_MAX. The frame must be
// dropped whole, never sent cut at 1024 segments.
TEST(tx_chain_longer_than_iov_max_dropped) {
  NetRig r(bit(kFeatureIndirectDesc));
  CHECK(r.ok);
  auto f = testnet::eth_frame(14 + 1024, kGuestMac, 10);
  uint64_t hdr = r.d.alloc(net::kHdrSize), eth = r.d.alloc(14), payload = r.d.alloc(1024);
  std::memset(r.d.ram + hdr, 0, net::kHdrSize);
  std::memcpy(r.d.ram + eth, f.data(), 14);
  std::memcpy(r.d.ram + payload, f.data() + 14, 1024);
  constexpr uint32_t kEntries = 1024;
  static_assert(kEntries + 2 > IOV_MAX);
  uint64_t table = r.d.alloc(16 * kEntries);
  for (uint32_t i = 0; i < kEntries; ++i)
    r.d.write_desc(table, static_cast<uint16_t>(i), payload + i, 1, i + 1 < kEntries ? kDescFlagNext : 0, static_cast<uint16_t>(i + 1));
  auto& Q = r.d.queues[kTx];
  r.d.write_desc(Q.desc, 0, hdr, net::kHdrSize, kDescFlagNext, 1);
  r.d.write_desc(Q.desc, 1, eth, 14, kDescFlagNext, 2);
  r.d.write_desc(Q.desc, 2, table, 16 * kEntries, kDescFlagIndirect, 0);
  std::memcpy(r.d.ram + Q.avail + 4, "\0\0", 2);
  Q.avail_idx = 1;
  Q.next_desc = 3;
  __atomic_store_n(reinterpret_cast<uint16_t*>(r.d.ram + Q.avail + 2), Q.avail_idx, __ATOMIC_RELEASE);
  r.d.kick(kTx);
  CHECK_EQ(r.d.used_idx_of(kTx), 1);
  CHECK_EQ(r.tap.receive(50).size(), 0u);
  // The queue still works: a normal frame goes out whole.
  auto g = testnet::eth_frame(64, kGuestMac, 11);
  uint64_t h2 = r.d.alloc(net::kHdrSize + 64);
  std::memset(r.d.ram + h2, 0, net::kHdrSize);
  std::memcpy(r.d.ram + h2 + net::kHdrSize, g.data(), 64);
  r.d.submit_to(kTx, {{h2, net::kHdrSize + 64, false}});
  r.d.kick(kTx);
  auto got = r.tap.receive();
  CHECK_EQ(got.size(), 1u);
  if (got.size() == 1) CHECK(std::memcmp(got[0].data() + testnet::kVnetHdrLen, g.data(), 64) == 0);
}

// A TSO4 frame the host sends reaches a guest that negotiated GUEST_TSO4 as one GSO frame...
TEST(rx_gso_frame_with_guest_tso4) {
  NetRig r(bit(net::kMrgRxbuf) | bit(net::kGuestCsum) | bit(net::kGuestTso4));
  CHECK(r.ok);
  std::vector<uint64_t> bufs;
  for (int i = 0; i < 8; ++i) bufs.push_back(r.post_rx(4096));
  auto f = testnet::tcp4_frame(3000, kGuestMac);
  CHECK(r.tap.send(f, testnet::tso4_header(1000)));
  r.kick_rx();
  CHECK_EQ(r.d.used_idx_of(kRx), 1);
  const uint8_t* h = r.d.ram + bufs[0];
  CHECK_EQ(h[1], 1);  // VIRTIO_NET_HDR_GSO_TCPV4
  uint16_t gso_size;
  std::memcpy(&gso_size, h + 4, 2);
  CHECK_EQ(gso_size, 1000);
  CHECK_EQ(r.used(kRx, 0).len, net::kHdrSize + f.size());
}

// ...and, to a guest that did not, as segments no larger than the MSS the host asked for.
TEST(rx_gso_frame_segmented_without_guest_tso4) {
  NetRig r(bit(net::kMrgRxbuf));
  CHECK(r.ok);
  std::vector<uint64_t> bufs;
  for (int i = 0; i < 8; ++i) bufs.push_back(r.post_rx(2048));
  CHECK(r.tap.send(testnet::tcp4_frame(3000, kGuestMac), testnet::tso4_header(1000)));
  r.kick_rx(3);
  CHECK_EQ(r.d.used_idx_of(kRx), 3);
  for (uint16_t i = 0; i < r.d.used_idx_of(kRx); ++i) {
    Used u = r.used(kRx, i);
    CHECK_EQ(u.len, net::kHdrSize + 14 + 40 + 1000);
    CHECK_EQ(r.d.ram[bufs[u.id] + 1], 0);  // GSO_NONE
  }
}

// A guest that negotiated HOST_TSO4 hands one TSO frame to the host, which sees it as GSO.
TEST(tx_gso_frame_with_host_tso4) {
  NetRig r(bit(net::kCsum) | bit(net::kHostTso4));
  CHECK(r.ok);
  auto f = testnet::tcp4_frame(3000, kGuestMac);
  auto h = testnet::tso4_header(1000);
  h.resize(net::kHdrSize, 0);
  uint64_t b = r.d.alloc(h.size() + f.size());
  std::memcpy(r.d.ram + b, h.data(), h.size());
  std::memcpy(r.d.ram + b + h.size(), f.data(), f.size());
  r.d.submit_to(kTx, {{b, static_cast<uint32_t>(h.size() + f.size()), false}});
  r.d.kick(kTx);
  auto got = r.tap.receive();
  CHECK_EQ(got.size(), 1u);
  if (got.size() == 1) {
    CHECK_EQ(got[0][1], 1);  // the host saw a TCPv4 GSO packet
    CHECK_EQ(got[0].size(), testnet::kVnetHdrLen + f.size());
  }
}

// A guest that negotiated no offload but fills the GSO/checksum fields anyway: the device clears
// them before the tap sees the header (§5.1.6.2.1: the driver MUST NOT set them unless negotiated).
TEST(tx_header_fields_not_negotiated_are_cleared) {
  NetRig r(0);
  CHECK(r.ok);
  auto f = testnet::tcp4_frame(3000, kGuestMac);
  auto h = testnet::tso4_header(1000);
  h.resize(net::kHdrSize, 0);
  uint64_t b = r.d.alloc(h.size() + f.size());
  std::memcpy(r.d.ram + b, h.data(), h.size());
  std::memcpy(r.d.ram + b + h.size(), f.data(), f.size());
  r.d.submit_to(kTx, {{b, static_cast<uint32_t>(h.size() + f.size()), false}});
  r.d.kick(kTx);
  auto got = r.tap.receive();
  CHECK_EQ(got.size(), 1u);
  if (got.size() == 1) {
    CHECK_EQ(got[0][1], 0);      // GSO_NONE
    CHECK_EQ(got[0][0] & 1, 0);  // no NEEDS_CSUM
    CHECK_EQ(got[0].size(), testnet::kVnetHdrLen + f.size());
  }
  CHECK(std::memcmp(r.d.ram + b, h.data(), h.size()) == 0);  // guest memory is left as the guest wrote it
}

// The tap needs a network namespace of our own (root or CAP_NET_ADMIN). Without one the tests are
// skipped with the reason, unless TSHYVE_REQUIRE_KVM=1 (CI) asks for failure instead.
int main() {
  if (!testnet::enter_netns()) {
    const char* require = std::getenv("TSHYVE_REQUIRE_KVM");
    std::printf("test_virtio_net: %s: cannot make a network namespace (needs root)\n",
                require && std::string(require) == "1" ? "FAILED" : "skipped");
    return require && std::string(require) == "1" ? 1 : 0;
  }
  return check::run_all();
}
