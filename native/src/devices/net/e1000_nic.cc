// e1000 over a tap: frames out with a zero vnet header (no offload requested of the host), frames in
// read until EAGAIN (edge-triggered) or until the guest's ring is full, then held until RDT moves.
#include "devices/net/e1000_nic.h"

#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include <stdexcept>

namespace tshyve::devices::net {

namespace {
constexpr size_t kMaxFrame = 65536;
}

E1000Nic::E1000Nic(const E1000Config& config, vmm::GuestMemoryView& memory, std::shared_ptr<vmm::InterruptLine> intx)
    : config_(config), tap_(config.tap, static_cast<int>(kVnetHdr)), rx_buf_(kVnetHdr + kMaxFrame) {
  rx_retry_.reset(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  throttle_timer_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK));
  if (!rx_retry_.valid() || !throttle_timer_.valid()) throw std::runtime_error("e1000: eventfd/timerfd failed");
  E1000Options o;
  o.mac = config.mac;
  o.intx = std::move(intx);
  o.transmit = [this](const uint8_t* f, size_t n) { return transmit(f, n); };
  const int retry = rx_retry_.get(), timer = throttle_timer_.get();
  o.rx_space = [retry] {
    const uint64_t one = 1;
    (void)!::write(retry, &one, sizeof one);
  };
  o.arm_timer = [timer](uint64_t delay_ns) {
    itimerspec t{};
    t.it_value.tv_sec = static_cast<time_t>(delay_ns / 1000000000ull);
    t.it_value.tv_nsec = static_cast<long>(delay_ns % 1000000000ull);
    if (t.it_value.tv_sec == 0 && t.it_value.tv_nsec == 0) t.it_value.tv_nsec = 1;
    ::timerfd_settime(timer, 0, &t, nullptr);
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
  loop.add(throttle_timer_.get(), EPOLLIN, [this](uint32_t) {
    uint64_t v;
    (void)!::read(throttle_timer_.get(), &v, sizeof v);
    fn_->throttle_expired();
  });
}

void E1000Nic::shutdown() {
  if (!loop_) return;
  loop_->remove(tap_.fd());
  loop_->remove(rx_retry_.get());
  loop_->remove(throttle_timer_.get());
  loop_ = nullptr;
}

}  // namespace tshyve::devices::net
