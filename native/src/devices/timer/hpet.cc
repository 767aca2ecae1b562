// HPET register model (IA-PC HPET 1.0a §2.3: GCAP_ID, GEN_CONF, GINTR_STA, MAIN_COUNTER, Tn_CONF_CAP,
// Tn_COMPARATOR; §2.3.9.2.2 periodic mode with Tn_VAL_SET_CNF; §2.4 legacy replacement routing).
// A comparator whose value is already behind the counter (within half the counter's range) fires
// at once; a one-shot comparator fires once per write.
#include "devices/timer/hpet.h"

#include <sys/eventfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "vmm/event_loop.h"
#include "vmm/shared_irq_line.h"

namespace tshyve::devices {

using namespace hpet;

namespace {
uint64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000ull + static_cast<uint64_t>(ts.tv_nsec);
}
uint64_t ns_to_ticks(uint64_t ns) { return static_cast<uint64_t>(static_cast<unsigned __int128>(ns) * 1000000 / kPeriodFs); }
uint64_t ticks_to_ns(uint64_t ticks) {
  const unsigned __int128 ns = (static_cast<unsigned __int128>(ticks) * kPeriodFs + 999999) / 1000000;
  return ns > ~uint64_t{0} / 2 ? ~uint64_t{0} / 2 : static_cast<uint64_t>(ns);
}
bool route_allowed(uint64_t route) { return route < 32 && (kRouteCap >> route) & 1; }
}  // namespace

Hpet::Hpet(HpetOptions options) : options_(std::move(options)) {
  if (!options_.clock_ns) options_.clock_ns = monotonic_ns;
  base_ns_ = options_.clock_ns();
  // Lines: the legacy IRQ0/IRQ8 and every pin in the route capability, each a wired-OR of the timers.
  std::vector<uint32_t> gsis = {kLegacyIrq0, kLegacyIrq8};
  for (uint32_t pin = 0; pin < 32; ++pin)
    if (route_allowed(pin)) gsis.push_back(pin);
  for (uint32_t gsi : gsis) {
    std::array<std::shared_ptr<vmm::InterruptLine>, kTimers> sources{};
    if (auto line = options_.irq ? options_.irq(gsi) : nullptr) {
      auto shared = std::make_shared<vmm::SharedIrqLine>(std::move(line));
      for (auto& s : sources) s = shared->add_source();
    }
    lines_.emplace_back(gsi, sources);
  }
  for (unsigned n = 0; n < kTimers; ++n) {
    Timer& t = timers_[n];
    // Default route: the lowest allowed pin.
    for (uint64_t r = 0; r < 32; ++r)
      if (route_allowed(r)) {
        t.config = r << kTnRouteShift;
        break;
      }
    if (!options_.timerfds) continue;
    t.timerfd.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    if (!t.timerfd.valid()) throw std::runtime_error(std::string("hpet: timerfd_create: ") + std::strerror(errno));
  }
  if (options_.timerfds) {
    kick_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!kick_.valid()) throw std::runtime_error(std::string("hpet: eventfd: ") + std::strerror(errno));
  }
  std::lock_guard<std::mutex> lock(mu_);
  update_routes();
}

Hpet::~Hpet() = default;

namespace {
void drain(int fd) {
  uint64_t n;
  while (::read(fd, &n, sizeof n) > 0) {
  }
}
}  // namespace

std::unique_ptr<Hpet::LoopRegistration> Hpet::attach(vmm::EventLoop& loop) {
  std::vector<int> fds;
  for (auto& t : timers_) {
    if (!t.timerfd.valid()) continue;
    const int fd = t.timerfd.get();
    if (!loop.add(fd, EPOLLIN, [this, fd](uint32_t) {
          drain(fd);
          expire();
        }))
      throw std::runtime_error("hpet: epoll refused a timerfd");
    fds.push_back(fd);
  }
  if (kick_.valid()) {
    const int fd = kick_.get();
    if (!loop.add(fd, EPOLLIN, [this, fd](uint32_t) {
          drain(fd);
          std::lock_guard<std::mutex> lock(mu_);
          arm_timerfds();
        }))
      throw std::runtime_error("hpet: epoll refused its eventfd");
    fds.push_back(fd);
  }
  return std::make_unique<LoopRegistration>(loop, std::move(fds));
}

Hpet::LoopRegistration::~LoopRegistration() {
  for (int fd : fds_) loop_.remove(fd);
}

uint64_t Hpet::counter_at(uint64_t ns) const {
  if (!(config_ & kEnable)) return counter_base_;
  return counter_base_ + ns_to_ticks(ns - base_ns_);
}

void Hpet::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (size == 0 || size > 8 || (offset & 7) + size > 8 || offset >= kSize) return;
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t v = read_register(offset & ~uint64_t{7}) >> (8 * (offset & 7));
  std::memcpy(data, &v, size);
}

void Hpet::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (size == 0 || size > 8 || (offset & 7) + size > 8 || offset >= kSize) return;
  guest_wrote_.store(true, std::memory_order_release);
  uint64_t v = 0;
  std::memcpy(&v, data, size);
  const unsigned shift = 8 * (offset & 7);
  const uint64_t mask = (size == 8 ? ~uint64_t{0} : ((uint64_t{1} << (8 * size)) - 1)) << shift;
  std::lock_guard<std::mutex> lock(mu_);
  write_register(offset & ~uint64_t{7}, v << shift, mask);
  if (rearm_ && kick_.valid()) {
    const uint64_t one = 1;
    if (::write(kick_.get(), &one, sizeof one) < 0) {
    }  // EAGAIN: a kick is already pending
  }
}

uint64_t Hpet::read_register(uint64_t reg) const {
  switch (reg) {
    case kCapId: return kCapabilities;
    case kConfig: return config_;
    case kIntStatus: return status_;
    case kCounter: return counter_at(options_.clock_ns());
    default: break;
  }
  if (reg < kTimer0 || reg >= kTimer0 + kTimers * kTimerStride) return 0;
  const Timer& t = timers_[(reg - kTimer0) / kTimerStride];
  switch ((reg - kTimer0) % kTimerStride) {
    case kTimerConfig: return (t.config & ~kTnValSet) | kTnPeriodicCap | kTnSize64Cap | (uint64_t{kRouteCap} << 32);
    case kTimerComparator: return (t.config & kTn32Bit) ? t.comparator & 0xffffffffu : t.comparator;
    default: return 0;  // no FSB delivery
  }
}

void Hpet::write_register(uint64_t reg, uint64_t value, uint64_t mask) {
  const uint64_t now = options_.clock_ns();
  if (reg == kConfig) {
    const uint64_t counter = counter_at(now);
    const uint64_t next = (config_ & ~mask) | (value & mask & (kEnable | kLegacyRoute));
    const bool enabling = (next & kEnable) && !(config_ & kEnable);
    config_ = next;
    if (enabling || !(next & kEnable)) counter_base_ = counter, base_ns_ = now;  // freeze, or resume from the frozen value
    if (!(config_ & kEnable))
      for (unsigned n = 0; n < kTimers; ++n) timers_[n].armed = true;  // re-evaluated on the next enable
    update_routes();
    for (unsigned n = 0; n < kTimers; ++n) reschedule(n, now);
    return;
  }
  if (reg == kIntStatus) {
    for (unsigned n = 0; n < kTimers; ++n)
      if (value & mask & (1u << n)) {
        status_ &= ~(uint64_t{1} << n);
        if (timers_[n].config & kTnLevel) set_line(n, false);
      }
    return;
  }
  if (reg == kCounter) {
    const uint64_t cur = counter_at(now);
    counter_base_ = (cur & ~mask) | (value & mask);
    base_ns_ = now;
    for (unsigned n = 0; n < kTimers; ++n) timers_[n].armed = true, reschedule(n, now);
    return;
  }
  if (reg < kTimer0 || reg >= kTimer0 + kTimers * kTimerStride) return;
  const unsigned n = static_cast<unsigned>((reg - kTimer0) / kTimerStride);
  Timer& t = timers_[n];
  switch ((reg - kTimer0) % kTimerStride) {
    case kTimerConfig: {
      uint64_t next = (t.config & ~mask) | (value & mask);
      next &= kTnWritable;
      if (!route_allowed((next & kTnRouteMask) >> kTnRouteShift)) next = (next & ~kTnRouteMask) | (t.config & kTnRouteMask);
      const bool was_level = t.config & kTnLevel, level = next & kTnLevel;
      if (t.asserted && (was_level != level || !(next & kTnIntEnable))) set_line(n, false);
      if (!level) status_ &= ~(uint64_t{1} << n);
      t.config = next;
      if (t.config & kTn32Bit) t.comparator &= 0xffffffffu, t.period &= 0xffffffffu;
      update_routes();
      t.armed = true;
      reschedule(n, now);
      break;
    }
    case kTimerComparator:
      write_comparator(t, value, mask);
      t.armed = true;
      reschedule(n, now);
      break;
    default: break;
  }
}

// Periodic timers: without Tn_VAL_SET_CNF a write sets the period only; with it, both the
// comparator and the period (the bit then clears itself).
void Hpet::write_comparator(Timer& t, uint64_t value, uint64_t mask) {
  if (t.config & kTn32Bit) mask &= 0xffffffffu;
  const bool periodic = t.config & kTnPeriodic;
  if (!periodic || (t.config & kTnValSet)) t.comparator = (t.comparator & ~mask) | (value & mask);
  if (periodic) t.period = (t.period & ~mask) | (value & mask);
  t.config &= ~kTnValSet;
}

void Hpet::reschedule(unsigned n, uint64_t now_ns) {
  Timer& t = timers_[n];
  t.deadline_ns = 0;
  if ((config_ & kEnable) && (t.config & kTnIntEnable) && t.armed) {
    const uint64_t counter = counter_at(now_ns);
    const bool narrow = t.config & kTn32Bit;
    const uint64_t diff = narrow ? static_cast<uint32_t>(t.comparator - counter) : t.comparator - counter;
    const bool behind = narrow ? static_cast<int32_t>(diff) <= 0 : static_cast<int64_t>(diff) <= 0;
    t.deadline_ns = behind ? now_ns : now_ns + std::max<uint64_t>(1, ticks_to_ns(diff));
  }
  rearm_ = true;
}

void Hpet::arm_timerfds() {
  rearm_ = false;
  for (auto& t : timers_) {
    if (!t.timerfd.valid()) continue;
    itimerspec spec{};
    if (t.deadline_ns) {
      spec.it_value.tv_sec = static_cast<time_t>(t.deadline_ns / 1000000000ull);
      spec.it_value.tv_nsec = static_cast<long>(t.deadline_ns % 1000000000ull);
    }
    ::timerfd_settime(t.timerfd.get(), TFD_TIMER_ABSTIME, &spec, nullptr);
  }
}

void Hpet::expire() {
  std::lock_guard<std::mutex> lock(mu_);
  const uint64_t now = options_.clock_ns();
  for (unsigned n = 0; n < kTimers; ++n)
    if (timers_[n].deadline_ns && timers_[n].deadline_ns <= now) fire(n, now);
  arm_timerfds();
}

void Hpet::fire(unsigned n, uint64_t now_ns) {
  Timer& t = timers_[n];
  ++t.fired;
  if (t.config & kTnLevel) {
    status_ |= uint64_t{1} << n;
    set_line(n, true);
  } else {
    set_line(n, true);
    set_line(n, false);
  }
  const bool narrow = t.config & kTn32Bit;
  if ((t.config & kTnPeriodic) && t.period) {
    // Next multiple of the period past the counter (several periods may have gone by).
    const uint64_t counter = counter_at(now_ns);
    const uint64_t behind = narrow ? static_cast<uint32_t>(counter - t.comparator) : counter - t.comparator;
    t.comparator += (behind / t.period + 1) * t.period;
    if (narrow) t.comparator &= 0xffffffffu;
  } else {
    t.armed = false;
  }
  reschedule(n, now_ns);
}

std::shared_ptr<vmm::InterruptLine> Hpet::line_for(unsigned n) {
  uint32_t gsi = static_cast<uint32_t>((timers_[n].config & kTnRouteMask) >> kTnRouteShift);
  if ((config_ & kLegacyRoute) && n == 0) gsi = kLegacyIrq0;
  if ((config_ & kLegacyRoute) && n == 1) gsi = kLegacyIrq8;
  for (auto& [g, sources] : lines_)
    if (g == gsi) return sources[n];
  return nullptr;
}

void Hpet::update_routes() {
  for (unsigned n = 0; n < kTimers; ++n) {
    auto line = line_for(n);
    Timer& t = timers_[n];
    if (line == t.routed) continue;
    const bool was = t.asserted;
    if (was) set_line(n, false);
    t.routed = line;
    if (was) set_line(n, true);
  }
  const bool legacy = (config_ & kLegacyRoute) && (config_ & kEnable);
  if (legacy != legacy_active_) {
    legacy_active_ = legacy;
    if (options_.legacy) options_.legacy(legacy);
  }
}

void Hpet::set_line(unsigned n, bool high) {
  Timer& t = timers_[n];
  t.asserted = high;
  if (t.routed) t.routed->set_level(high);
}

uint64_t Hpet::deadline_ns(unsigned timer) const {
  std::lock_guard<std::mutex> lock(mu_);
  return timer < kTimers ? timers_[timer].deadline_ns : 0;
}

uint64_t Hpet::interrupts(unsigned timer) const {
  std::lock_guard<std::mutex> lock(mu_);
  return timer < kTimers ? timers_[timer].fired : 0;
}

}  // namespace tshyve::devices
