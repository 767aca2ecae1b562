// virtio entropy device (virtio 1.2 §5.4.6: the device writes random bytes into each buffer).
#include "devices/virtio/virtio_rng.h"

#include <sys/epoll.h>
#include <sys/random.h>
#include <sys/timerfd.h>

#include <algorithm>
#include <stdexcept>

#include "devices/virtio/virtio_spec.h"
#include "vmm/event_loop.h"

namespace tshyve::devices::virtio {

namespace {
constexpr long kRetryNs = 10'000'000;  // 10 ms until the bucket has tokens again
}

VirtioRng::VirtioRng(const RngConfig& config)
    : config_(config), tokens_(static_cast<double>(config.bytes_per_second)), last_(std::chrono::steady_clock::now()) {
  if (config_.bytes_per_second == 0) config_.bytes_per_second = 1 << 20;
  timer_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
  if (!timer_.valid()) throw std::runtime_error("virtio-rng: timerfd_create failed");
}

uint32_t VirtioRng::device_type() const { return kDeviceEntropy; }

void VirtioRng::refill() {
  auto now = std::chrono::steady_clock::now();
  double secs = std::chrono::duration<double>(now - last_).count();
  last_ = now;
  const double cap = static_cast<double>(config_.bytes_per_second);  // burst: one second's worth
  tokens_ = std::min(cap, tokens_ + secs * cap);
}

void VirtioRng::attach(vmm::EventLoop& loop, DeviceContext& ctx) {
  loop_ = &loop;
  DeviceContext* c = &ctx;
  loop.add(timer_.get(), EPOLLIN, [this, c](uint32_t) {
    uint64_t n;
    (void)!::read(timer_.get(), &n, sizeof n);
    std::lock_guard<std::mutex> lock(c->lock());
    process(*c);
  });
}

void VirtioRng::shutdown() {
  if (loop_) loop_->remove(timer_.get());
  loop_ = nullptr;
}

void VirtioRng::queue_notified(DeviceContext& ctx, uint16_t) {
  std::lock_guard<std::mutex> lock(ctx.lock());
  process(ctx);
}

void VirtioRng::process(DeviceContext& ctx) {
  refill();
  bool throttled = false;
  drain_queue(ctx, 0, [&](Chain& c) -> long {
    if (tokens_ < 1) {
      throttled = true;
      return -1;  // put back; the timer retries
    }
    uint64_t want = std::min<uint64_t>(c.writable_bytes, static_cast<uint64_t>(tokens_));
    uint64_t done = 0;
    for (auto& s : c.writable) {
      if (done >= want) break;
      size_t n = static_cast<size_t>(std::min<uint64_t>(s.len, want - done));
      ssize_t r = ::getrandom(s.host, n, 0);
      if (r <= 0) break;
      done += static_cast<uint64_t>(r);
      if (static_cast<size_t>(r) < n) break;
    }
    tokens_ -= static_cast<double>(done);
    return static_cast<long>(done);
  });
  if (throttled) {
    itimerspec t{};
    t.it_value.tv_nsec = kRetryNs;
    ::timerfd_settime(timer_.get(), 0, &t, nullptr);
  }
}

}  // namespace tshyve::devices::virtio
