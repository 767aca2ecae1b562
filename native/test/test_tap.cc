// The tap backend (devices/backends/tap.cc, tuntap.rst) on a real tap in a network namespace of the
// test's own: attaching, the vnet header size, non-blocking reads, frames both ways through the
// kernel (an AF_PACKET socket on the host side), offload flags.
#include <linux/if_tun.h>
#include <poll.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstdlib>
#include <vector>

#include "check.h"
#include "devices/backends/tap.h"
#include "host_tap.h"

using tshyve::devices::backends::Tap;
using tshyve::devices::backends::TapError;

namespace {
const uint8_t kDst[6] = {0x02, 0, 0, 0, 0, 0x02};
// Reads one frame from the tap (waiting up to 1 s): the vnet header, then the frame.
ssize_t read_frame(Tap& tap, std::vector<uint8_t>& hdr, std::vector<uint8_t>& frame) {
  frame.assign(65536, 0);
  iovec iov[2] = {{hdr.data(), hdr.size()}, {frame.data(), frame.size()}};
  for (int i = 0; i < 100; ++i) {
    ssize_t n = tap.readv(iov, 2);
    if (n != -EAGAIN) return n;
    pollfd p{tap.fd(), POLLIN, 0};
    ::poll(&p, 1, 10);
  }
  return -EAGAIN;
}
}  // namespace

TEST(missing_or_bad_interface_is_an_error) {
  bool threw = false;
  try {
    Tap t("tshnosuch0", 12);
  } catch (const TapError& e) {
    threw = std::string(e.what()).find("does not exist") != std::string::npos;
  }
  CHECK(threw);
  threw = false;
  try {
    Tap t("a-name-longer-than-ifnamsiz", 12);
  } catch (const TapError&) {
    threw = true;
  }
  CHECK(threw);
}

TEST(empty_tap_reads_eagain) {
  testnet::HostTap host;
  Tap tap(host.name, 12);
  CHECK(tap.name() == host.name);
  CHECK(tap.fd() >= 0);
  uint8_t b[64];
  iovec iov{b, sizeof b};
  CHECK_EQ(tap.readv(&iov, 1), -EAGAIN);
}

TEST(host_frame_arrives_with_a_12_byte_header) {
  testnet::HostTap host;
  Tap tap(host.name, 12);  // virtio_net_hdr_v1 with num_buffers
  CHECK(host.wait_running());
  auto f = testnet::eth_frame(100, kDst, 3);
  CHECK(host.send(f));
  std::vector<uint8_t> hdr(12, 0xee), got;
  ssize_t n = read_frame(tap, hdr, got);
  CHECK_EQ(n, 112);
  CHECK_EQ(hdr[1], 0);  // GSO_NONE
  CHECK(std::memcmp(got.data(), f.data(), f.size()) == 0);
}

TEST(device_frame_reaches_the_host) {
  testnet::HostTap host;
  Tap tap(host.name, 10);
  CHECK(host.wait_running());
  auto f = testnet::eth_frame(80, kDst, 9);
  std::vector<uint8_t> hdr(10, 0);
  iovec iov[2] = {{hdr.data(), hdr.size()}, {f.data(), f.size()}};
  CHECK_EQ(tap.writev(iov, 2), 90);
  auto frames = host.receive(1000);
  bool seen = false;
  for (auto& r : frames)
    seen |= r.size() == testnet::kVnetHdrLen + f.size() && std::memcmp(r.data() + testnet::kVnetHdrLen, f.data(), f.size()) == 0;
  CHECK(seen);
}

// With TSO offered to the kernel the host may hand a 3000-byte TCP segment in one read, with a GSO
// header; with offloads off it must not.
TEST(offload_flags) {
  testnet::HostTap host;
  Tap tap(host.name, 12);
  CHECK_EQ(tap.set_offload(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6), 0);
  CHECK_EQ(tap.set_offload(TUN_F_TSO4), -EINVAL);  // TSO without checksum offload is refused
  CHECK_EQ(tap.set_offload(TUN_F_CSUM | TUN_F_TSO4), 0);
  CHECK(host.wait_running());
  auto big = testnet::tcp4_frame(3000, kDst);
  CHECK(host.send(big, testnet::tso4_header(1448)));
  std::vector<uint8_t> hdr(12, 0), got;
  ssize_t n = read_frame(tap, hdr, got);
  CHECK_EQ(n, static_cast<ssize_t>(12 + big.size()));
  CHECK_EQ(hdr[1], 1);  // VIRTIO_NET_HDR_GSO_TCPV4: delivered unsegmented
  // Offloads off: the kernel segments it in software before the tap sees it.
  CHECK_EQ(tap.set_offload(0), 0);
  CHECK(host.send(big, testnet::tso4_header(1448)));
  n = read_frame(tap, hdr, got);
  CHECK(n > 12 && n <= 12 + 14 + 20 + 20 + 1448);
  CHECK_EQ(hdr[1], 0);
}

// Needs a network namespace of its own (root or CAP_NET_ADMIN): skipped with the reason otherwise,
// unless TSHYVE_REQUIRE_KVM=1 (CI) asks for failure instead.
int main() {
  if (!testnet::enter_netns()) {
    const char* require = std::getenv("TSHYVE_REQUIRE_KVM");
    const bool must = require && std::string(require) == "1";
    std::printf("test_tap: %s: cannot make a network namespace (needs root)\n", must ? "FAILED" : "skipped");
    return must ? 1 : 0;
  }
  return check::run_all();
}
