// virtio-console multiport (virtio 1.2 §5.3.6.2): the control handshake (DEVICE_READY -> DEVICE_ADD,
// PORT_READY -> PORT_NAME / PORT_OPEN), per-port queues and unix sockets, host data held until the
// guest opens a port, and malformed control messages ignored without breaking the device.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <thread>

#include "check.h"
#include "devices/virtio/virtio_console.h"
#include "virtio_test_driver.h"
#include "vmm/event_loop.h"

using namespace tshyve::devices::virtio;
namespace ev = tshyve::devices::virtio::console_event;

namespace {
bool wait_until(const std::function<bool()>& pred, int ms = 2000) {
  for (int i = 0; i < ms / 2; ++i) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return pred();
}

int connect_to(const std::string& path) {
  int c = socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
  if (connect(c, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    close(c);
    return -1;
  }
  return c;
}

struct Msg {
  uint32_t id;
  uint16_t event, value;
  std::string extra;
};

// The driver side of the control queues: receive buffers posted on queue 2, messages read back in
// used-ring order; messages sent on queue 3.
struct Control {
  testdrv::Driver& d;
  std::map<uint16_t, uint64_t> buf_of_head;
  uint16_t seen = 0;
  explicit Control(testdrv::Driver& drv) : d(drv) {}
  void post(int n, uint32_t len = 64) {
    for (int i = 0; i < n; ++i) {
      uint64_t b = d.alloc(len);
      buf_of_head[d.submit_to(VirtioConsole::kControlRx, {{b, len, true}})] = b;
    }
    d.kick(VirtioConsole::kControlRx);
  }
  void send(uint32_t id, uint16_t event, uint16_t value, uint32_t len = 8) {
    uint64_t b = d.alloc(8);
    std::memcpy(d.ram + b, &id, 4);
    std::memcpy(d.ram + b + 4, &event, 2);
    std::memcpy(d.ram + b + 6, &value, 2);
    d.submit_to(VirtioConsole::kControlTx, {{b, len, false}});
    d.kick(VirtioConsole::kControlTx);
  }
  bool next(Msg& m) {
    if (!wait_until([&] { return d.used_idx_of(VirtioConsole::kControlRx) != seen; })) return false;
    auto& Q = d.queues[VirtioConsole::kControlRx];
    uint32_t head;
    std::memcpy(&head, d.ram + Q.used + 4 + 8 * (seen % Q.size), 4);
    uint32_t len = d.used_len_of(VirtioConsole::kControlRx, seen);
    ++seen;
    uint64_t b = buf_of_head.at(static_cast<uint16_t>(head));
    if (len < 8) return false;
    std::memcpy(&m.id, d.ram + b, 4);
    std::memcpy(&m.event, d.ram + b + 4, 2);
    std::memcpy(&m.value, d.ram + b + 6, 2);
    m.extra.assign(reinterpret_cast<char*>(d.ram + b + 8), len - 8);
    return true;
  }
};
}  // namespace

TEST(queue_numbering_follows_the_spec) {
  CHECK_EQ(VirtioConsole::rx_queue(0), 0);
  CHECK_EQ(VirtioConsole::tx_queue(0), 1);
  CHECK_EQ(VirtioConsole::rx_queue(1), 4);
  CHECK_EQ(VirtioConsole::tx_queue(1), 5);
  CHECK_EQ(VirtioConsole::rx_queue(3), 8);
  ConsoleConfig cc;
  cc.ports = {{"a", ""}, {"b", ""}, {"c", ""}};
  VirtioConsole con(cc);
  CHECK_EQ(con.num_queues(), 8);
  CHECK(con.device_features() & bit(kConsoleFeatureMultiport));
  uint8_t cfg[12] = {};
  con.read_config(0, cfg, 12);
  CHECK_EQ(cfg[0], 80);
  CHECK_EQ(cfg[2], 25);
  CHECK_EQ(cfg[4], 3);  // max_nr_ports
  uint8_t junk = 0xee;
  con.read_config(12, &junk, 1);  // out of range: untouched
  CHECK_EQ(junk, 0xee);
}

TEST(multiport_handshake_names_and_sockets) {
  const std::string base = "/tmp/tshyve-vcon-" + std::to_string(getpid());
  ConsoleConfig cc;
  cc.ports = {{"org.tshyve.shell", base + "-0.sock"}, {"unconnected", ""}, {"org.tshyve.log", base + "-2.sock"}};
  auto con = std::make_shared<VirtioConsole>(cc);
  struct stat st;
  CHECK(stat((base + "-0.sock").c_str(), &st) == 0 && (st.st_mode & 0777) == 0600);
  CHECK(stat((base + "-2.sock").c_str(), &st) == 0 && (st.st_mode & 0777) == 0600);

  testdrv::Driver d;
  CHECK(d.init_queues(con, bit(kConsoleFeatureMultiport), con->num_queues(), 32));
  tshyve::vmm::EventLoop loop;
  d.fn->attach(loop);
  loop.start();
  Control ctl(d);
  ctl.post(16);

  // DEVICE_READY (id VIRTIO_CONSOLE_BAD_ID as Linux sends it) -> one DEVICE_ADD per port.
  ctl.send(0xffffffffu, ev::kDeviceReady, 1);
  for (uint32_t i = 0; i < 3; ++i) {
    Msg m{};
    CHECK(ctl.next(m));
    CHECK_EQ(m.event, ev::kDeviceAdd);
    CHECK_EQ(m.id, i);
  }
  // PORT_READY -> PORT_NAME with the name after the header; port 1 has no client: no PORT_OPEN.
  const char* names[] = {"org.tshyve.shell", "unconnected", "org.tshyve.log"};
  for (uint32_t i = 0; i < 3; ++i) {
    ctl.send(i, ev::kPortReady, 1);
    Msg m{};
    CHECK(ctl.next(m));
    CHECK_EQ(m.event, ev::kPortName);
    CHECK_EQ(m.id, i);
    CHECK(m.extra == std::string(names[i]));
  }
  // A repeated PORT_READY announces nothing again.
  ctl.send(1, ev::kPortReady, 1);

  // Host connects to port 0: PORT_OPEN(0, 1) to the driver.
  int c0 = connect_to(base + "-0.sock");
  CHECK(c0 >= 0);
  Msg m{};
  CHECK(ctl.next(m));
  CHECK_EQ(m.id, 0u);
  CHECK_EQ(m.event, ev::kPortOpen);
  CHECK_EQ(m.value, 1);

  // Host data waits until the guest opens the port.
  uint64_t rx0 = d.alloc(64);
  d.submit_to(VirtioConsole::rx_queue(0), {{rx0, 64, true}});
  d.kick(VirtioConsole::rx_queue(0));
  CHECK_EQ(write(c0, "to port 0", 9), 9);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_EQ(d.used_idx_of(VirtioConsole::rx_queue(0)), 0);
  ctl.send(0, ev::kPortOpen, 1);
  CHECK(wait_until([&] { return d.used_idx_of(VirtioConsole::rx_queue(0)) == 1; }));
  CHECK_EQ(d.used_len_of(VirtioConsole::rx_queue(0), 0), 9u);
  CHECK(std::memcmp(d.ram + rx0, "to port 0", 9) == 0);

  // Port 2 (queues 6/7): guest output reaches its own socket, not port 0's.
  int c2 = connect_to(base + "-2.sock");
  CHECK(c2 >= 0);
  CHECK(ctl.next(m));
  CHECK_EQ(m.id, 2u);
  CHECK_EQ(m.event, ev::kPortOpen);
  uint64_t tx2 = d.alloc(16);
  std::memcpy(d.ram + tx2, "from port 2", 11);
  d.submit_to(VirtioConsole::tx_queue(2), {{tx2, 11, false}});
  d.kick(VirtioConsole::tx_queue(2));
  CHECK(wait_until([&] { return d.used_idx_of(VirtioConsole::tx_queue(2)) == 1; }));
  char got[32] = {};
  CHECK_EQ(recv(c2, got, sizeof got, MSG_DONTWAIT), 11);
  CHECK(std::memcmp(got, "from port 2", 11) == 0);
  CHECK_EQ(recv(c0, got, sizeof got, MSG_DONTWAIT), -1);

  // Host closes port 2: PORT_OPEN(2, 0).
  close(c2);
  CHECK(ctl.next(m));
  CHECK_EQ(m.id, 2u);
  CHECK_EQ(m.event, ev::kPortOpen);
  CHECK_EQ(m.value, 0);

  // Malformed control messages: unknown port, short message, unknown event. All ignored.
  ctl.send(99, ev::kPortOpen, 1);
  ctl.send(0, ev::kPortOpen, 1, 4);
  ctl.send(0, 0x7777, 1);
  CHECK(wait_until([&] { return d.used_idx_of(VirtioConsole::kControlTx) == d.queues[VirtioConsole::kControlTx].avail_idx; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  CHECK_EQ(d.used_idx_of(VirtioConsole::kControlRx), ctl.seen);  // nothing more was announced
  CHECK_EQ(d.status() & kStatusNeedsReset, 0);

  loop.stop();
  d.fn->shutdown();
  close(c0);
  d.fn.reset();
  con.reset();
  CHECK(stat((base + "-0.sock").c_str(), &st) != 0);  // sockets removed with the device
}

TEST(without_multiport_only_port0_and_no_control) {
  const std::string path = "/tmp/tshyve-vcon1-" + std::to_string(getpid()) + ".sock";
  ConsoleConfig cc;
  cc.ports = {{"console", path}, {"other", ""}};
  auto con = std::make_shared<VirtioConsole>(cc);
  testdrv::Driver d;
  CHECK(d.init_queues(con, 0, con->num_queues()));
  tshyve::vmm::EventLoop loop;
  d.fn->attach(loop);
  loop.start();
  Control ctl(d);
  ctl.post(2);
  ctl.send(0xffffffffu, ev::kDeviceReady, 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  CHECK_EQ(d.used_idx_of(VirtioConsole::kControlRx), 0);  // control queues unused without MULTIPORT
  int c = connect_to(path);
  CHECK(c >= 0);
  uint64_t rx = d.alloc(32);
  d.submit_to(0, {{rx, 32, true}});
  d.kick(0);
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  CHECK_EQ(write(c, "hi", 2), 2);
  CHECK(wait_until([&] { return d.used_idx_of(0) == 1; }));  // port 0 is open from the start
  CHECK(std::memcmp(d.ram + rx, "hi", 2) == 0);
  loop.stop();
  d.fn->shutdown();
  close(c);
}

TEST(control_backlog_is_bounded) {
  ConsoleConfig cc;
  cc.ports = {{"a", ""}, {"b", ""}};
  auto con = std::make_shared<VirtioConsole>(cc);
  testdrv::Driver d;
  CHECK(d.init_queues(con, bit(kConsoleFeatureMultiport), con->num_queues(), 256));
  Control ctl(d);
  // 2000 DEVICE_READY with no receive buffers: 4000 DEVICE_ADD would queue; the backlog caps it.
  for (int i = 0; i < 2000; ++i) ctl.send(0xffffffffu, ev::kDeviceReady, 1);
  ctl.post(200);
  CHECK_EQ(d.used_idx_of(VirtioConsole::kControlRx), 200);
  CHECK_EQ(d.status() & kStatusNeedsReset, 0);
}

TEST(too_many_ports_rejected) {
  ConsoleConfig cc;
  for (uint32_t i = 0; i <= kConsoleMaxPorts; ++i) cc.ports.push_back({"p" + std::to_string(i), ""});
  bool threw = false;
  try {
    VirtioConsole con(cc);
  } catch (const std::runtime_error&) {
    threw = true;
  }
  CHECK(threw);
}

TEST_MAIN()
