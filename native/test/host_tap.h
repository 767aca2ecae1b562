// A real tap interface for virtio-net tests, made inside a network namespace the test process
// enters (tuntap.rst TUNSETIFF/TUNSETPERSIST), with an AF_PACKET socket (packet(7), PACKET_VNET_HDR)
// that sends frames into the tap (the device's receive side) and reads what the device transmits.
#pragma once
#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace testnet {

constexpr size_t kVnetHdrLen = 10;  // struct virtio_net_hdr as packet(7) PACKET_VNET_HDR carries it

// Enters a fresh network namespace once per process: every tap made here disappears with it.
inline bool enter_netns() {
  static const bool ok = [] {
    if (::unshare(CLONE_NEWNET) != 0) {
      std::perror("unshare(CLONE_NEWNET)");
      return false;
    }
    // No IPv6 on new links: no router solicitations or MLD reports reach the device unasked.
    if (FILE* f = std::fopen("/proc/sys/net/ipv6/conf/default/disable_ipv6", "w")) {
      std::fputs("1", f);
      std::fclose(f);
    }
    return true;
  }();
  return ok;
}

// Runs argv (no shell) and returns its standard output.
inline std::string capture(const std::vector<std::string>& argv) {
  int fds[2];
  if (::pipe(fds) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(fds[1], 1);
    ::close(fds[0]);
    ::close(fds[1]);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  std::string out;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) out.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status;
  ::waitpid(pid, &status, 0);
  return out;
}

class HostTap {
 public:
  std::string name;
  int ifindex = 0;

  HostTap() {
    static int counter = 0;
    name = "tshtst" + std::to_string(counter++);
    if (!enter_netns()) return;
    int fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (fd < 0 || ::ioctl(fd, TUNSETIFF, &ifr) != 0 || ::ioctl(fd, TUNSETPERSIST, 1) != 0) std::perror("tap");
    if (fd >= 0) ::close(fd);
    int s = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (::ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
      ifr.ifr_flags |= IFF_UP;
      if (::ioctl(s, SIOCSIFFLAGS, &ifr) != 0) std::perror("SIOCSIFFLAGS");
    }
    ::close(s);
    ifindex = static_cast<int>(::if_nametoindex(name.c_str()));
    pkt_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(0x0003 /* ETH_P_ALL */));
    int on = 1;
    if (::setsockopt(pkt_, SOL_PACKET, PACKET_VNET_HDR, &on, sizeof on) != 0) std::perror("PACKET_VNET_HDR");
    sockaddr_ll a{};
    a.sll_family = AF_PACKET;
    a.sll_protocol = htons(0x0003);
    a.sll_ifindex = ifindex;
    if (::bind(pkt_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) std::perror("bind AF_PACKET");
  }
  ~HostTap() {
    if (pkt_ >= 0) ::close(pkt_);
    int fd = ::open("/dev/net/tun", O_RDWR | O_CLOEXEC);
    ifreq ifr{};
    std::strncpy(ifr.ifr_name, name.c_str(), IFNAMSIZ - 1);
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI | IFF_VNET_HDR;
    if (fd >= 0 && ::ioctl(fd, TUNSETIFF, &ifr) == 0) (void)!::ioctl(fd, TUNSETPERSIST, 0);
    if (fd >= 0) ::close(fd);
  }
  HostTap(const HostTap&) = delete;
  HostTap& operator=(const HostTap&) = delete;

  // After the device attached: waits until the link carries frames. The carrier comes on when the
  // device opens the tap, but linkwatch activates the qdisc later, asynchronously; until then sent
  // frames are dropped. `ip` shows "qdisc noop" until the real qdisc is in place.
  bool wait_running(int ms = 3000) {
    for (int i = 0; i < ms / 5; ++i) {
      std::string out = capture({"ip", "-o", "link", "show", "dev", name});
      if (out.find("LOWER_UP") != std::string::npos && out.find("qdisc noop") == std::string::npos) return true;
      ::usleep(5000);
    }
    return false;
  }

  // Transmits `frame` (Ethernet header first) on the tap, so the device reads it. `vnet` is the
  // 10-byte header (GSO/checksum request); empty means none.
  bool send(const std::vector<uint8_t>& frame, std::vector<uint8_t> vnet = {}) {
    vnet.resize(kVnetHdrLen, 0);
    std::vector<uint8_t> out(vnet);
    out.insert(out.end(), frame.begin(), frame.end());
    sockaddr_ll a{};
    a.sll_family = AF_PACKET;
    a.sll_ifindex = ifindex;
    std::memcpy(&a.sll_protocol, frame.data() + 12, 2);  // the frame's EtherType, network order
    return ::sendto(pkt_, out.data(), out.size(), 0, reinterpret_cast<sockaddr*>(&a), sizeof a) == static_cast<ssize_t>(out.size());
  }
  // Frames the device wrote into the tap (what the host receives), each with its 10-byte vnet
  // header first; waits up to `ms` for the first one.
  std::vector<std::vector<uint8_t>> receive(int ms = 200) {
    std::vector<std::vector<uint8_t>> frames;
    pollfd p{pkt_, POLLIN, 0};
    if (::poll(&p, 1, ms) <= 0) return frames;
    for (;;) {
      std::vector<uint8_t> b(70000);
      sockaddr_ll from{};
      socklen_t fl = sizeof from;
      ssize_t n = ::recvfrom(pkt_, b.data(), b.size(), 0, reinterpret_cast<sockaddr*>(&from), &fl);
      if (n < 0) break;
      if (from.sll_pkttype == PACKET_OUTGOING) continue;  // our own sends
      b.resize(static_cast<size_t>(n));
      frames.push_back(std::move(b));
    }
    return frames;
  }

 private:
  int pkt_ = -1;
};

// An Ethernet frame of `len` bytes to `dst` with a local experimental EtherType and a pattern.
inline std::vector<uint8_t> eth_frame(size_t len, const uint8_t dst[6], uint8_t seed) {
  std::vector<uint8_t> f(len);
  std::memcpy(f.data(), dst, 6);
  const uint8_t src[6] = {0x02, 0, 0, 0, 0, 0x01};
  std::memcpy(f.data() + 6, src, 6);
  f[12] = 0x88;  // IEEE 802 local experimental EtherType 0x88b5
  f[13] = 0xb5;
  for (size_t i = 14; i < len; ++i) f[i] = static_cast<uint8_t>(seed + i * 13);
  return f;
}

// An Ethernet + IPv4 + TCP frame with `payload` bytes (what a TSO request carries).
inline std::vector<uint8_t> tcp4_frame(size_t payload, const uint8_t dst[6]) {
  std::vector<uint8_t> f = eth_frame(14 + 20 + 20 + payload, dst, 7);
  f[12] = 0x08;
  f[13] = 0x00;
  uint8_t* ip = f.data() + 14;
  std::memset(ip, 0, 40);
  ip[0] = 0x45;
  uint16_t tot = htons(static_cast<uint16_t>(40 + payload));
  std::memcpy(ip + 2, &tot, 2);
  ip[8] = 64;
  ip[9] = 6;  // TCP
  const uint8_t saddr[4] = {10, 0, 0, 1}, daddr[4] = {10, 0, 0, 2};
  std::memcpy(ip + 12, saddr, 4);
  std::memcpy(ip + 16, daddr, 4);
  uint32_t sum = 0;
  for (int i = 0; i < 20; i += 2) sum += (ip[i] << 8) | ip[i + 1];
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  uint16_t csum = htons(static_cast<uint16_t>(~sum));
  std::memcpy(ip + 10, &csum, 2);
  uint8_t* tcp = ip + 20;
  tcp[0] = 0x30;  // ports 12345 -> 80
  tcp[1] = 0x39;
  tcp[3] = 80;
  tcp[12] = 5 << 4;  // data offset 5 words
  tcp[13] = 0x18;    // PSH|ACK
  tcp[14] = 0xff;    // window
  return f;
}

// The vnet header of a TCPv4 TSO request (virtio 1.2 §5.1.6.2) for tcp4_frame.
inline std::vector<uint8_t> tso4_header(uint16_t gso_size) {
  std::vector<uint8_t> h(kVnetHdrLen, 0);
  h[0] = 1;  // VIRTIO_NET_HDR_F_NEEDS_CSUM
  h[1] = 1;  // VIRTIO_NET_HDR_GSO_TCPV4
  uint16_t hdr_len = 54, csum_start = 34, csum_offset = 16;
  std::memcpy(&h[2], &hdr_len, 2);
  std::memcpy(&h[4], &gso_size, 2);
  std::memcpy(&h[6], &csum_start, 2);
  std::memcpy(&h[8], &csum_offset, 2);
  return h;
}

}  // namespace testnet
