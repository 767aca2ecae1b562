// ThreadSanitizer stress run of one VM's devices (native/THREADS.md): guest drivers and register-poking
// vCPU threads against the event loop and the block worker, plus host-side input (tap frames, UART bytes,
// the power button). Runs TSAN_STRESS_SECONDS (default 3); any TSan report or driver failure fails it.
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <thread>

#include "arch/x86_64/fw_cfg.h"
#include "devices/legacy/acpi_pm.h"
#include "host_tap.h"
#include "stress_drivers.h"
#include "stress_rig.h"

using namespace stress;

namespace {

struct Rand {
  uint64_t s;
  uint64_t next() {
    s ^= s << 13, s ^= s >> 7, s ^= s << 17;
    return s;
  }
  uint32_t below(uint32_t n) { return static_cast<uint32_t>(next() % n); }
};

// A vCPU whose guest code pokes registers of every device as drivers and firmware do, never the
// queue setup another vCPU's driver owns. Only vCPU 0 uses the CF8 latch (a guest serialises it).
class RegisterPoker {
 public:
  RegisterPoker(Rig& rig, int id, const std::atomic<bool>& stop)
      : rig_(rig), id_(id), stop_(stop), rand_{0x9e3779b97f4a7c15ull * (id + 1)} {
    for (uint8_t s : {kBlkSlot, kNetSlot, kRngSlot}) {
      if (rig.cfg_read(s, 0, 2) == 0xffff) continue;
      slots_.push_back({s, rig.bar0(s), rig.find_capability(s, kPciCapIdMsix)});
    }
  }
  std::atomic<uint64_t> ops{0};
  void run() {
    while (!stop_.load(std::memory_order_relaxed)) {
      step();
      ops.fetch_add(1, std::memory_order_relaxed);
    }
  }

 private:
  struct Slot {
    uint8_t slot;
    uint64_t bar;
    uint8_t msix;
  };
  void step() {
    const Slot& f = slots_[rand_.below(static_cast<uint32_t>(slots_.size()))];
    switch (rand_.below(14)) {
      case 0: rig_.mmio_read(f.bar + rand_.below(0x38 / 4) * 4, 4); break;                       // common config
      case 1: rig_.mmio_read(f.bar + bar_layout::kIsr, 1); break;                                // ISR (clears)
      case 2: rig_.mmio_read(f.bar + bar_layout::kDevice + rand_.below(12) * 4 % 12, 4); break;  // device config
      case 3: {                                                                                  // MSI-X table entry
        const uint64_t e = f.bar + bar_layout::kMsixTable + rand_.below(3) * 16;
        rig_.mmio_write(e, 4, 0xfee00000u | (rand_.below(2) << 12));
        rig_.mmio_write(e + 8, 4, 0x4000u | rand_.below(256));
        rig_.mmio_write(e + 12, 4, rand_.below(2));
        break;
      }
      case 4: rig_.mmio_read(f.bar + bar_layout::kMsixPba, 4); break;
      case 5: rig_.mmio_write(f.bar + bar_layout::kNotify + rand_.below(2) * 4, 2, 0); break;  // spurious doorbell
      case 6:                                                                                  // MSI-X enable/function-mask through ECAM
        if (f.msix) rig_.cfg_write(f.slot, f.msix + 2u, 2, (rand_.below(2) ? 0x8000u : 0) | (rand_.below(4) ? 0 : 0x4000u));
        break;
      case 7: {  // memory decode off and on again: the BAR leaves the window and comes back
        const uint32_t cmd = rig_.cfg_read(f.slot, devices::pci_reg::kCommand, 2);
        rig_.cfg_write(f.slot, devices::pci_reg::kCommand, 2, cmd & ~devices::pci_reg::kCommandMemory);
        rig_.cfg_write(f.slot, devices::pci_reg::kCommand, 2, cmd | devices::pci_reg::kCommandMemory);
        break;
      }
      case 8:
        if (id_ == 0) {  // CF8/CFC mechanism #1
          rig_.pio_write(kPciCf8, 4, 0x80000000u | (uint32_t{f.slot} << 11) | (rand_.below(16) * 4));
          rig_.pio_read(static_cast<uint16_t>(kPciCf8 + 4), 4);
        }
        break;
      case 9: {  // COM1/COM3: transmit, interrupt enable, status
        const uint16_t base = rand_.below(2) ? kCom1 : kCom3;
        rig_.pio_write(base, 1, 'a' + rand_.below(26));
        rig_.pio_write(base + 1, 1, rand_.below(16));
        rig_.pio_read(base + 2, 1);
        rig_.pio_read(base + 5, 1);
        rig_.pio_read(base, 1);
        break;
      }
      case 10:  // i8042: status, read command byte (0x20), data
        rig_.pio_read(kI8042 + 4, 1);
        rig_.pio_write(kI8042 + 4, 1, 0x20);
        rig_.pio_read(kI8042, 1);
        break;
      case 11:  // CMOS: seconds, status A (index and data are not atomic across vCPUs, as on a PC)
        rig_.pio_write(kCmos, 1, rand_.below(2) ? 0x00 : 0x0a);
        rig_.pio_read(kCmos + 1, 1);
        break;
      case 12:  // ACPI PM timer and PM1 status
        rig_.pio_read(machine::kPlatformPmBase + devices::kPmTmrOffset, 4);
        rig_.pio_read(machine::kPlatformPmBase + devices::kPm1StsOffset, 2);
        break;
      case 13:  // fw_cfg signature
        rig_.pio_write(kFwCfg, 2, arch::x86_64::fw_cfg_key::kSignature);
        rig_.pio_read(kFwCfg + 1, 1);
        break;
    }
  }
  Rig& rig_;
  int id_;
  const std::atomic<bool>& stop_;
  Rand rand_;
  std::vector<Slot> slots_;
};

std::string make_disk() {
  char path[] = "/tmp/tshyve-tsan-disk-XXXXXX";
  int fd = ::mkstemp(path);
  if (fd < 0 || ::ftruncate(fd, 8 << 20) != 0) {
    std::perror("disk image");
    std::exit(1);
  }
  ::close(fd);
  return path;
}

// Counts frames the device transmitted into the tap, at most 64 a call (HostTap::receive drains
// without bound, which a device transmitting faster than a sanitised reader would never let end).
class TapCounter {
 public:
  explicit TapCounter(int ifindex) {
    fd_ = ::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(0x88b5));  // the drivers' EtherType
    sockaddr_ll a{};
    a.sll_family = AF_PACKET;
    a.sll_protocol = htons(0x88b5);
    a.sll_ifindex = ifindex;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) std::perror("AF_PACKET");
  }
  ~TapCounter() { ::close(fd_); }
  uint64_t drain() {
    uint64_t n = 0;
    uint8_t buf[64];
    sockaddr_ll from{};
    for (socklen_t fl = sizeof from; n < 64; fl = sizeof from) {
      if (::recvfrom(fd_, buf, sizeof buf, MSG_TRUNC, reinterpret_cast<sockaddr*>(&from), &fl) < 0) break;
      if (from.sll_pkttype != PACKET_OUTGOING) ++n;
    }
    return n;
  }

 private:
  int fd_ = -1;
};

// The host end of the console socket: connects, types, reads what the guest wrote, hangs up.
void console_client(const std::string& path, const std::atomic<bool>& stop, std::atomic<uint64_t>& got) {
  for (uint32_t round = 0; !stop.load(std::memory_order_relaxed); ++round) {
    int fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un a{};
    a.sun_family = AF_UNIX;
    std::snprintf(a.sun_path, sizeof a.sun_path, "%s", path.c_str());
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
      for (int i = 0; i < 20 && !stop.load(std::memory_order_relaxed); ++i) {
        (void)!::write(fd, "host keys\n", 10);
        char buf[512];
        ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n > 0) got.fetch_add(static_cast<uint64_t>(n), std::memory_order_relaxed);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
    }
    ::close(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace

int main() {
  const char* env = std::getenv("TSAN_STRESS_SECONDS");
  const double seconds = env ? std::atof(env) : 3.0;
  const std::string disk = make_disk();

  std::optional<testnet::HostTap> tap;
  if (testnet::enter_netns())
    tap.emplace();
  else
    std::fprintf(stderr, "stress: no network namespace; virtio-net is left out\n");
  const bool with_net = tap && tap->ifindex > 0;

  int failures = 0;
  {
    char dir[] = "/tmp/tshyve-tsan-XXXXXX";
    if (!::mkdtemp(dir)) return 1;
    const std::string socket_path = std::string(dir) + "/console.sock";
    Rig rig({disk, with_net ? tap->name : std::string(), socket_path});
    ::unlink(disk.c_str());
    rig.loop->start();
    if (with_net && !tap->wait_running()) std::fprintf(stderr, "stress: tap %s never came up\n", tap->name.c_str());

    std::atomic<bool> stop{false};
    BlkDriver blk(rig, rig.blk(), 16ull << 20, stop);
    RngDriver rng(rig, rig.rng(), 48ull << 20, stop);
    ConsoleDriver console(rig, rig.console(), 64ull << 20, stop);
    std::optional<NetDriver> net;
    if (with_net) net.emplace(rig, rig.net(), 32ull << 20, stop);
    RegisterPoker poke0(rig, 0, stop), poke1(rig, 1, stop);
    std::atomic<uint64_t> host_ops{0}, host_rx{0}, console_host_bytes{0}, metric_reads{0}, metric_sum{0};

    std::optional<TapCounter> tap_counter;
    if (with_net) tap_counter.emplace(tap->ifindex);
    std::vector<std::thread> threads;
    threads.emplace_back([&] { blk.run(); });
    threads.emplace_back([&] { rng.run(); });
    threads.emplace_back([&] { console.run(); });
    threads.emplace_back([&] { console_client(socket_path, stop, console_host_bytes); });
    threads.emplace_back([&] {  // the JS thread's metrics snapshot
      while (!stop.load(std::memory_order_relaxed)) {
        auto* b = dynamic_cast<VirtioBlk*>(&rig.blk()->device());
        uint64_t sum = b->counters().snapshot().read_requests;
        if (auto n = rig.net()) sum += dynamic_cast<VirtioNet*>(&n->device())->counters().snapshot().rx_packets;
        metric_reads.fetch_add(1, std::memory_order_relaxed);
        metric_sum.store(sum, std::memory_order_relaxed);
        std::this_thread::sleep_for(std::chrono::microseconds(500));
      }
    });
    if (net) threads.emplace_back([&] { net->run(); });
    threads.emplace_back([&] { poke0.run(); });
    threads.emplace_back([&] { poke1.run(); });
    threads.emplace_back([&] {  // host side: keyboard on COM1, the power button, frames into the tap
      const uint8_t dst[6] = {0x52, 0x54, 0x00, 0x75, 0x5a, 0x01};
      for (uint32_t i = 0; !stop.load(std::memory_order_relaxed); ++i) {
        const uint8_t key = static_cast<uint8_t>('A' + i % 26);
        rig.com1->enqueue_input(&key, 1);
        if (i % 64 == 0) rig.platform.press_power_button();
        if (with_net) {
          tap->send(testnet::eth_frame(60 + (i * 211) % 1400, dst, static_cast<uint8_t>(i)));
          host_rx.fetch_add(tap_counter->drain(), std::memory_order_relaxed);
        }
        host_ops.fetch_add(1, std::memory_order_relaxed);
        std::this_thread::sleep_for(std::chrono::microseconds(200));
      }
    });
    const auto t0 = std::chrono::steady_clock::now();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop.store(true);
    for (auto& t : threads) t.join();
    const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    ::unlink(socket_path.c_str());
    ::rmdir(dir);
    for (auto* o : {&blk.outcome, &rng.outcome, &console.outcome, net ? &net->outcome : nullptr})
      if (o && !o->failure.empty()) std::fprintf(stderr, "stress: FAILED: %s\n", o->failure.c_str()), ++failures;
    auto need = [&](bool ok, const char* what) {
      if (!ok) std::fprintf(stderr, "stress: FAILED: %s\n", what), ++failures;
    };
    need(blk.outcome.ops > 0, "no virtio-blk request completed");
    need(rng.outcome.ops > 0, "no virtio-rng buffer completed");
    need(rng.device_errors > 0, "the misbehaving rng driver never got NEEDS_RESET");
    need(poke0.ops > 0 && poke1.ops > 0, "a register vCPU made no access");
    need(console.outcome.ops > 0 && console_host_bytes > 0, "no console line reached the host");
    need(console.rx_bytes > 0, "no console byte from the host reached the guest");
    if (net) {
      need(net->tx_frames > 0 && host_rx > 0, "no transmitted frame reached the tap");
      need(net->rx_frames > 0, "no frame from the tap reached the guest");
    }
    // Threads: the drivers and register vCPUs, the host thread, the event loop, the block worker, main.
    std::printf(
        "stress: %.1f s, %zu threads; blk %llu requests+resets, rng %llu buffers + %llu device errors, net %llu tx / %llu rx frames (host "
        "saw %llu), "
        "console %llu lines out / %llu bytes in, register vCPUs %llu + %llu accesses, host %llu inputs, uart %llu bytes out, "
        "%llu metric snapshots\n",
        took, threads.size() + 3, (unsigned long long)blk.outcome.ops.load(), (unsigned long long)rng.outcome.ops.load(),
        (unsigned long long)rng.device_errors.load(), net ? (unsigned long long)net->tx_frames.load() : 0ull,
        net ? (unsigned long long)net->rx_frames.load() : 0ull, (unsigned long long)host_rx.load(),
        (unsigned long long)console.outcome.ops.load(), (unsigned long long)console.rx_bytes.load(), (unsigned long long)poke0.ops.load(),
        (unsigned long long)poke1.ops.load(), (unsigned long long)host_ops.load(), (unsigned long long)rig.uart_out_bytes.load(),
        (unsigned long long)metric_reads.load());
  }
  if (failures) return 1;
  std::printf("stress: ok\n");
  return 0;
}
