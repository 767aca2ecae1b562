// e1000 over a tap: frames out with a zero vnet header (no offload requested of the host), frames in
// read until EAGAIN (edge-triggered) or until the guest's ring is full, then held until RDT moves.
#include "devices/net/e1000_nic.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

#include <cstring>
#include <stdexcept>

#include "vmm/checked_open.h"

namespace tshyve::devices::net {

namespace {
constexpr size_t kMaxFrame = 65536;

// Firmware runs a ROM image only if its PCI data structure (PCI Firmware 3.0 §5.1.2, "PCIR" at the
// offset in header word 0x18) names this function's IDs; Debian's pxe-e1000.rom names the 82540EM
// (8086:100E) while iPXE drives both. As QEMU does for its default ROMs, the IDs are rewritten and the
// image checksum (all bytes sum to 0) kept by adjusting byte 6, iPXE's checksum byte.
void patch_pci_ids(std::vector<uint8_t>& rom) {
  const size_t pcir = rom[0x18] | rom[0x19] << 8;
  if (pcir + 8 > rom.size() || std::memcmp(&rom[pcir], "PCIR", 4) != 0) return;
  const uint8_t ids[4] = {static_cast<uint8_t>(e1000::kVendorIntel), static_cast<uint8_t>(e1000::kVendorIntel >> 8),
                          static_cast<uint8_t>(e1000::kDevice82545EM), static_cast<uint8_t>(e1000::kDevice82545EM >> 8)};
  uint8_t delta = 0;
  for (int i = 0; i < 4; ++i) {
    delta = static_cast<uint8_t>(delta + ids[i] - rom[pcir + 4 + i]);
    rom[pcir + 4 + i] = ids[i];
  }
  rom[6] = static_cast<uint8_t>(rom[6] - delta);
}

// The whole option ROM file (PCI Firmware 3.0 §5.1 image(s)); empty path: no ROM.
std::vector<uint8_t> read_rom(const std::string& path) {
  if (path.empty()) return {};
  std::vector<uint8_t> rom;
  try {
    rom = vmm::read_checked(path, "option ROM");
  } catch (const vmm::CheckedOpenError& e) {
    throw std::runtime_error(e.what());
  }
  if (rom.size() < 512 || rom[0] != 0x55 || rom[1] != 0xaa) throw std::runtime_error("option ROM " + path + " has no 0x55AA signature");
  patch_pci_ids(rom);
  return rom;
}
}  // namespace

E1000Nic::E1000Nic(const E1000Config& config, vmm::GuestMemoryView& memory, std::shared_ptr<vmm::InterruptLine> intx,
                   vmm::MsiRouter* router)
    : config_(config), tap_(config.tap, static_cast<int>(kVnetHdr)), rx_buf_(kVnetHdr + kMaxFrame) {
  rx_retry_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  throttle_timer_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  throttle_arm_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  if (!rx_retry_.valid() || !throttle_timer_.valid() || !throttle_arm_.valid()) throw std::runtime_error("e1000: eventfd/timerfd failed");
  E1000Options o;
  o.mac = config.mac;
  o.rom = read_rom(config.rom_path);
  o.intx = std::move(intx);
  o.router = router;
  o.transmit = [this](const uint8_t* f, size_t n) { return transmit(f, n); };
  const int retry = rx_retry_.get();
  o.rx_space = [retry] {
    const uint64_t one = 1;
    (void)!::write(retry, &one, sizeof one);
  };
  const int arm = throttle_arm_.get();
  o.arm_timer = [this, arm](uint64_t delay_ns) {  // device lock held, vCPU or event-loop thread
    timespec now;
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    throttle_deadline_ns_.store(static_cast<uint64_t>(now.tv_sec) * 1000000000ull + static_cast<uint64_t>(now.tv_nsec) + delay_ns);
    const uint64_t one = 1;
    (void)!::write(arm, &one, sizeof one);
  };
  fn_ = std::make_shared<E1000Function>(memory, std::move(o));
}

E1000Nic::~E1000Nic() { shutdown(); }

bool E1000Nic::transmit(const uint8_t* frame, size_t len) {
  uint8_t hdr[kVnetHdr] = {};
  iovec iov[2] = {{hdr, kVnetHdr}, {const_cast<uint8_t*>(frame), len}};
  return tap_.writev(iov, 2) > 0;  // a full or downed tap drops the frame, as a congested link would
}

void E1000Nic::pump_rx() {
  for (;;) {
    if (pending_ == 0) {
      iovec v{rx_buf_.data(), rx_buf_.size()};
      const ssize_t n = tap_.readv(&v, 1);
      if (n <= 0) return;  // -EAGAIN: drained; the next frame raises a new edge
      if (static_cast<size_t>(n) <= kVnetHdr) continue;
      pending_ = static_cast<size_t>(n) - kVnetHdr;
    }
    if (fn_->receive(rx_buf_.data() + kVnetHdr, pending_) == E1000Function::Receive::kNoRoom) return;  // held
    pending_ = 0;
  }
}

void E1000Nic::attach(vmm::EventLoop& loop) {
  loop_ = &loop;
  loop.add(tap_.fd(), EPOLLIN | EPOLLET, [this](uint32_t) { pump_rx(); });
  loop.add(rx_retry_.get(), EPOLLIN, [this](uint32_t) {
    uint64_t v;
    (void)!::read(rx_retry_.get(), &v, sizeof v);
    pump_rx();
  });
  loop.add(throttle_arm_.get(), EPOLLIN, [this](uint32_t) {
    uint64_t v;
    (void)!::read(throttle_arm_.get(), &v, sizeof v);
    const uint64_t at = throttle_deadline_ns_.load();
    itimerspec t{};
    t.it_value.tv_sec = static_cast<time_t>(at / 1000000000ull);
    t.it_value.tv_nsec = static_cast<long>(at % 1000000000ull);
    ::timerfd_settime(throttle_timer_.get(), TFD_TIMER_ABSTIME, &t, nullptr);  // a deadline passed fires at once
  });
  loop.add(throttle_timer_.get(), EPOLLIN, [this](uint32_t) {
    uint64_t v;
    (void)!::read(throttle_timer_.get(), &v, sizeof v);
    fn_->timer_expired();
  });
}

void E1000Nic::shutdown() {
  if (!loop_) return;
  loop_->remove(tap_.fd());
  loop_->remove(rx_retry_.get());
  loop_->remove(throttle_arm_.get());
  loop_->remove(throttle_timer_.get());
  loop_ = nullptr;
}

}  // namespace tshyve::devices::net
