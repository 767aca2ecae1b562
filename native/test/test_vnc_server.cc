// The RFB server (RFC 6143) over real loopback sockets with a small client of its own: 3.8 with
// security None, 3.3 with VNC Authentication (right and wrong passwords), a full update of the
// bochs-display's screen, an incremental update carrying only the damaged tile to every viewer,
// key/pointer events to the input sink, a zlib update read back with zlib's inflate, garbage and
// oversized requests, a port already in use.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "check.h"
#include "devices/display/bochs_display.h"
#include "forked_child.h"
#include "remote/vnc/des.h"
#include "remote/vnc/rfb_session.h"
#include "remote/vnc/vnc_server.h"
#include "vmm/seccomp_filter.h"

using namespace tshyve;
using devices::display::BochsDisplay;
using remote::vnc::VncServer;
using remote::vnc::VncServerOptions;

namespace {
struct Recorder : devices::input::InputSink {
  std::vector<std::pair<uint32_t, bool>> keys;
  std::vector<devices::input::PointerState> pointers;
  void key_event(uint32_t k, bool d) override { keys.emplace_back(k, d); }
  void pointer_event(const devices::input::PointerState& p) override { pointers.push_back(p); }
};

struct Client {
  int fd = -1;
  explicit Client(uint16_t port) {
    fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) throw std::runtime_error("connect");
  }
  ~Client() { ::close(fd); }
  void send(const std::vector<uint8_t>& b) { (void)!::write(fd, b.data(), b.size()); }
  void send(const std::string& s) { (void)!::write(fd, s.data(), s.size()); }
  // Exactly n bytes, or fewer if the server closed / nothing came within 3 s.
  std::vector<uint8_t> recv(size_t n) {
    std::vector<uint8_t> out;
    while (out.size() < n) {
      pollfd p{fd, POLLIN, 0};
      if (::poll(&p, 1, 3000) <= 0) break;
      uint8_t buf[65536];
      const ssize_t r = ::read(fd, buf, std::min(sizeof buf, n - out.size()));
      if (r <= 0) break;
      out.insert(out.end(), buf, buf + r);
    }
    return out;
  }
  bool closed_by_server() {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 3000) <= 0) return false;
    uint8_t b;
    return ::read(fd, &b, 1) == 0;
  }
  uint32_t u32() {
    auto b = recv(4);
    return b.size() == 4 ? static_cast<uint32_t>(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3] : 0xffffffff;
  }
  // 3.8 / None through ServerInit; returns the ServerInit width.
  uint16_t handshake_none() {
    recv(12);
    send("RFB 003.008\n");
    auto types = recv(2);
    send(std::vector<uint8_t>{1});
    u32();
    send(std::vector<uint8_t>{1});
    auto init = recv(24);
    recv(init[20] << 24 | init[21] << 16 | init[22] << 8 | init[23]);
    return static_cast<uint16_t>(init[0] << 8 | init[1]);
  }
};

std::vector<uint8_t> update_request(bool incremental, uint16_t x, uint16_t y, uint16_t w, uint16_t h) {
  return {3,
          static_cast<uint8_t>(incremental),
          static_cast<uint8_t>(x >> 8),
          static_cast<uint8_t>(x),
          static_cast<uint8_t>(y >> 8),
          static_cast<uint8_t>(y),
          static_cast<uint8_t>(w >> 8),
          static_cast<uint8_t>(w),
          static_cast<uint8_t>(h >> 8),
          static_cast<uint8_t>(h)};
}

void set_mode(BochsDisplay& d, uint16_t w, uint16_t h) {
  auto reg = [&](uint32_t i, uint16_t v) {
    uint8_t b[2] = {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8)};
    d.mmio_write(2, 0x500 + 2 * i, b, 2);
  };
  reg(1, w);
  reg(2, h);
  reg(3, 32);
  reg(4, 0x01);
}

struct Rig {
  BochsDisplay display{devices::display::BochsDisplayOptions{}};
  Recorder input;
  std::unique_ptr<VncServer> server;
  explicit Rig(const std::string& password = "") {
    set_mode(display, 640, 480);
    VncServerOptions o;
    o.port = 0;
    o.width = 640;
    o.height = 480;
    o.password = password;
    o.surface = &display;
    o.input = &input;
    server = std::make_unique<VncServer>(o);
    server->start();
  }
};
}  // namespace

TEST(full_then_incremental_updates_to_two_viewers) {
  Rig rig;
  Client a(rig.server->port()), b(rig.server->port());
  CHECK_EQ(a.handshake_none(), 640);
  CHECK_EQ(b.handshake_none(), 640);
  a.send(update_request(false, 0, 0, 640, 480));
  auto head = a.recv(4);
  CHECK_EQ(head.size(), 4u);
  const uint16_t rects = static_cast<uint16_t>(head[2] << 8 | head[3]);
  size_t pixels = 0;
  for (uint16_t i = 0; i < rects; ++i) {
    auto r = a.recv(12);
    const uint32_t w = r[4] << 8 | r[5], h = r[6] << 8 | r[7];
    CHECK_EQ(r[11], 0);  // raw: the client named no encodings
    pixels += w * h;
    a.recv(w * h * 4);
  }
  CHECK_EQ(pixels, 640u * 480u);
  // Both ask for incremental updates; one pixel changes; each gets one 64x16 tile with it.
  a.send(update_request(true, 0, 0, 640, 480));
  b.send(update_request(false, 0, 0, 640, 480));
  auto bh = b.recv(4);
  uint16_t brects = static_cast<uint16_t>(bh[2] << 8 | bh[3]);
  for (uint16_t i = 0; i < brects; ++i) {
    auto r = b.recv(12);
    b.recv(static_cast<size_t>(r[4] << 8 | r[5]) * (r[6] << 8 | r[7]) * 4);
  }
  b.send(update_request(true, 0, 0, 640, 480));
  const uint32_t px = 0x00123456;
  const uint64_t at = (100ull * 640 + 200) * 4;  // x 200, y 100
  rig.display.mmio_write(0, at, reinterpret_cast<const uint8_t*>(&px), 4);
  for (Client* c : {&a, &b}) {
    auto h = c->recv(4);
    CHECK_EQ(h.size(), 4u);
    CHECK_EQ(h[3], 1);
    auto r = c->recv(12);
    CHECK_EQ(r[0] << 8 | r[1], 192);  // the tile x 192..255, y 96..111
    CHECK_EQ(r[2] << 8 | r[3], 96);
    CHECK_EQ(r[4] << 8 | r[5], 64);
    CHECK_EQ(r[6] << 8 | r[7], 16);
    auto body = c->recv(64 * 16 * 4);
    uint32_t got = 0;
    std::memcpy(&got, &body[(4 * 64 + 8) * 4], 4);
    CHECK_EQ(got, px);
  }
  CHECK(rig.server->stats().updates >= 4);
}

TEST(hextile_makes_a_flat_screen_small) {
  Rig rig;
  Client a(rig.server->port());
  a.handshake_none();
  a.send(std::vector<uint8_t>{2, 0, 0, 2, 0, 0, 0, 5, 0, 0, 0, 0});  // SetEncodings: hextile, raw
  a.send(update_request(false, 0, 0, 640, 480));
  auto head = a.recv(4);
  auto r = a.recv(12);
  CHECK_EQ(r[11], 5);
  const uint32_t w = r[4] << 8 | r[5], h = r[6] << 8 | r[7];
  auto body = a.recv(1 + 4);  // first tile: background specified
  CHECK_EQ(body[0], 2);
  auto rest = a.recv((w / 16) * (h / 16) - 1);  // every other tile: "same background", one byte each
  bool all_zero = rest.size() == (w / 16) * (h / 16) - 1;
  for (uint8_t x : rest) all_zero = all_zero && x == 0;
  CHECK(all_zero);
}

TEST(zlib_is_chosen_when_the_client_prefers_it_and_inflates_to_the_screen) {
  Rig rig;
  const uint32_t px = 0x00abcdef;
  rig.display.mmio_write(0, (5ull * 640 + 7) * 4, reinterpret_cast<const uint8_t*>(&px), 4);  // x 7, y 5
  Client a(rig.server->port());
  a.handshake_none();
  a.send(std::vector<uint8_t>{2, 0, 0, 2, 0, 0, 0, 6, 0, 0, 0, 5});  // SetEncodings: zlib, hextile
  a.send(update_request(false, 0, 0, 640, 480));
  auto head = a.recv(4);
  CHECK_EQ(head.size(), 4u);
  const uint16_t rects = static_cast<uint16_t>(head[2] << 8 | head[3]);
  z_stream zs{};
  inflateInit(&zs);
  std::vector<uint32_t> screen(640 * 480, 0xdeadbeef);
  for (uint16_t i = 0; i < rects; ++i) {
    auto r = a.recv(16);
    CHECK_EQ(r.size(), 16u);
    CHECK_EQ(r[11], 6);
    const uint32_t x = r[0] << 8 | r[1], y = r[2] << 8 | r[3], w = r[4] << 8 | r[5], h = r[6] << 8 | r[7];
    auto body = a.recv(static_cast<size_t>(r[12]) << 24 | r[13] << 16 | r[14] << 8 | r[15]);
    std::vector<uint32_t> pixels(w * h);
    zs.next_in = body.data();
    zs.avail_in = static_cast<uInt>(body.size());
    zs.next_out = reinterpret_cast<Bytef*>(pixels.data());
    zs.avail_out = static_cast<uInt>(pixels.size() * 4);
    inflate(&zs, Z_SYNC_FLUSH);
    CHECK_EQ(zs.avail_out, 0u);
    for (uint32_t row = 0; row < h; ++row) std::copy_n(&pixels[row * w], w, &screen[(y + row) * 640 + x]);
  }
  inflateEnd(&zs);
  CHECK_EQ(screen[5 * 640 + 7], px);
  CHECK_EQ(screen[0], 0u);
  CHECK_EQ(screen[640 * 480 - 1], 0u);
}

TEST(key_and_pointer_events_reach_the_input_sink_clipped) {
  Rig rig;
  {
    Client a(rig.server->port());
    a.handshake_none();
    a.send(std::vector<uint8_t>{4, 1, 0, 0, 0, 0, 0xff, 0x0d});           // Return down
    a.send(std::vector<uint8_t>{5, 4, 0x27, 0x10, 0x00, 0x10});           // x 10000 (past the edge), y 16, right button
    a.send(std::vector<uint8_t>{6, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c'});  // cut text: discarded
    a.send(std::vector<uint8_t>{4, 0, 0, 0, 0, 0, 0, 'q'});
    a.send(update_request(false, 0, 0, 1, 1));
    a.recv(4);
  }
  CHECK_EQ(rig.input.keys.size(), 2u);
  if (rig.input.keys.size() == 2) {
    CHECK_EQ(rig.input.keys[0].first, 0xff0du);
    CHECK(rig.input.keys[0].second);
    CHECK_EQ(rig.input.keys[1].first, static_cast<uint32_t>('q'));
  }
  CHECK_EQ(rig.input.pointers.size(), 1u);
  if (!rig.input.pointers.empty()) {
    CHECK_EQ(rig.input.pointers[0].x, 639u);
    CHECK_EQ(rig.input.pointers[0].y, 16u);
    CHECK_EQ(rig.input.pointers[0].buttons, 4);
    CHECK_EQ(rig.input.pointers[0].width, 640u);
  }
}

TEST(vnc_authentication_accepts_the_password_and_refuses_others) {
  Rig rig("s3cret-pw");
  for (const char* attempt : {"s3cret-pw", "wrong"}) {
    Client c(rig.server->port());
    c.recv(12);
    c.send("RFB 003.003\n");  // 3.3: the server names the security type
    CHECK_EQ(c.u32(), 2u);
    auto ch = c.recv(16);
    std::array<uint8_t, 16> challenge{};
    std::copy(ch.begin(), ch.end(), challenge.begin());
    auto resp = remote::vnc::vnc_auth_response(attempt, challenge);
    c.send(std::vector<uint8_t>(resp.begin(), resp.end()));
    const bool right = std::string(attempt) == "s3cret-pw";
    CHECK_EQ(c.u32(), right ? 0u : 1u);
    if (right) {
      c.send(std::vector<uint8_t>{1});
      CHECK_EQ(c.recv(24).size(), 24u);
    } else {
      CHECK(c.closed_by_server());
    }
  }
  Client none(rig.server->port());  // a 3.8 client choosing None is refused with a reason
  none.recv(12);
  none.send("RFB 003.008\n");
  auto types = none.recv(2);
  CHECK(types == (std::vector<uint8_t>{1, 2}));
  none.send(std::vector<uint8_t>{1});
  CHECK_EQ(none.u32(), 1u);
  CHECK(none.u32() > 0);  // reason length
}

TEST(garbage_and_huge_requests_are_refused) {
  Rig rig;
  {
    Client c(rig.server->port());
    c.recv(12);
    c.send("GET / HTTP/1.1\r\n\r\n");
    CHECK(c.closed_by_server());
  }
  {
    Client c(rig.server->port());
    c.handshake_none();
    c.send(update_request(false, 0, 0, 0xffff, 0xffff));  // clipped to the screen
    auto h = c.recv(4);
    size_t pixels = 0;
    for (int i = 0; i < (h[2] << 8 | h[3]); ++i) {
      auto r = c.recv(12);
      const size_t w = r[4] << 8 | r[5], hh = r[6] << 8 | r[7];
      CHECK((r[0] << 8 | r[1]) + w <= 640u);
      pixels += w * hh;
      c.recv(w * hh * 4);
    }
    CHECK_EQ(pixels, 640u * 480u);
    c.send(std::vector<uint8_t>{2, 0, 0xff, 0xff});  // SetEncodings with 65535 entries
    CHECK(c.closed_by_server());
  }
  {
    Client c(rig.server->port());
    c.handshake_none();
    c.send(std::vector<uint8_t>{0x7f});  // no such message
    CHECK(c.closed_by_server());
  }
  {
    Client c(rig.server->port());
    c.handshake_none();
    std::vector<uint8_t> pf(20, 0);
    pf[4] = 8;  // 8 bpp colour-map format: refused
    c.send(pf);
    CHECK(c.closed_by_server());
  }
}

TEST(a_taken_port_is_a_clear_error) {
  Rig rig;
  VncServerOptions o;
  o.port = rig.server->port();
  std::string msg;
  try {
    VncServer second(o);
  } catch (const std::runtime_error& e) {
    msg = e.what();
  }
  CHECK(msg.find("already in use") != std::string::npos);
  CHECK(msg.find(std::to_string(rig.server->port())) != std::string::npos);
}

// The server thread under its seccomp allow-list (in a child: a broken filter ends the process):
// handshake, a full update and key events go through; a syscall outside the list, made by the
// input sink on the server thread when a viewer presses button 8, ends the process naming it.
namespace {
struct SocketOnButton8 : Recorder {
  void pointer_event(const devices::input::PointerState& p) override {
    if (p.buttons & 0x80) ::syscall(__NR_socket, AF_UNIX, SOCK_STREAM, 0);
    Recorder::pointer_event(p);
  }
};

ChildOutcome serve_one_viewer_filtered(bool filters) {
  return in_child([filters] {
    vmm::seccomp::set_thread_filters_enabled(filters);
    BochsDisplay display{devices::display::BochsDisplayOptions{}};
    set_mode(display, 640, 480);
    SocketOnButton8 input;
    VncServerOptions o;
    o.port = 0;
    o.width = 640;
    o.height = 480;
    o.password = "pw";  // the challenge comes from getrandom(2) on the server thread
    o.surface = &display;
    o.input = &input;
    VncServer server(o);
    server.start();
    Client c(server.port());
    c.recv(12);
    c.send("RFB 003.003\n");
    if (c.u32() != 2) ::_exit(2);
    auto ch = c.recv(16);
    std::array<uint8_t, 16> challenge{};
    std::copy(ch.begin(), ch.end(), challenge.begin());
    auto resp = remote::vnc::vnc_auth_response("pw", challenge);
    c.send(std::vector<uint8_t>(resp.begin(), resp.end()));
    if (c.u32() != 0) ::_exit(3);
    c.send(std::vector<uint8_t>{1});
    auto init = c.recv(24);
    c.recv(init[20] << 24 | init[21] << 16 | init[22] << 8 | init[23]);
    c.send(std::vector<uint8_t>{2, 0, 0, 1, 0, 0, 0, 5});  // SetEncodings: hextile
    c.send(update_request(false, 0, 0, 640, 480));
    if (c.recv(4).size() != 4) ::_exit(4);
    c.send(std::vector<uint8_t>{4, 1, 0, 0, 0, 0, 0, 'a'});
    c.send(std::vector<uint8_t>{5, 1, 0, 10, 0, 10});
    c.send(update_request(true, 0, 0, 1, 1));
    const char line[] = "viewer served\n";
    (void)!::write(STDERR_FILENO, line, sizeof line - 1);
    c.send(std::vector<uint8_t>{5, 0x80, 0, 10, 0, 10});
    c.closed_by_server();  // the process ends here when the filter is on
    ::usleep(200 * 1000);
    if (input.pointers.size() != 2 || input.keys.size() != 1) ::_exit(5);
  });
}
}  // namespace

TEST(server_thread_runs_under_its_seccomp_allow_list) {
  ChildOutcome on = serve_one_viewer_filtered(true);
  CHECK_EQ(on.status, 159);
  CHECK(on.err.find("viewer served") != std::string::npos);
  CHECK(on.err.find("thread vnc called forbidden syscall 41 (socket)") != std::string::npos);
  if (on.status != 159) std::printf("  stderr: %s\n", on.err.c_str());
  ChildOutcome off = serve_one_viewer_filtered(false);
  CHECK_EQ(off.status, 0);
  CHECK(off.err.find("forbidden") == std::string::npos);
}

TEST_MAIN()
