// The High Precision Event Timer (IA-PC HPET 1.0a): a 64-bit main counter at 69841279 fs per tick
// (14.318 MHz) read from the host monotonic clock, three comparators (one-shot or periodic, 64- or
// 32-bit), level or edge interrupts routed to IOAPIC pins (Tn_INT_ROUTE_CAP) or, in legacy
// replacement mode, timer 0 to IRQ0 and timer 1 to IRQ8. Expiries run on timerfds on the event loop
// (re-armed there after a register write kicks it through an eventfd).
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "vmm/bus_device.h"
#include "vmm/interrupt_line.h"
#include "vmm/unique_fd.h"

namespace tshyve::vmm {
class EventLoop;
class SharedIrqLine;
}  // namespace tshyve::vmm

namespace tshyve::devices {

namespace hpet {
constexpr uint64_t kBase = 0xfed00000, kSize = 0x400;
constexpr uint32_t kPeriodFs = 69841279;  // 14.31818 MHz, as the PC's HPETs
constexpr uint16_t kVendor = 0x8086;
constexpr unsigned kTimers = 3;
constexpr uint32_t kLegacyIrq0 = 0, kLegacyIrq8 = 8;
constexpr uint32_t kRouteCap = (1u << 10) | (1u << 11);  // free ISA-range IOAPIC pins (PCI INTx uses 16-23)
// Registers (§2.3.1).
constexpr uint64_t kCapId = 0x000, kConfig = 0x010, kIntStatus = 0x020, kCounter = 0x0f0, kTimer0 = 0x100, kTimerStride = 0x20;
constexpr uint64_t kTimerConfig = 0x00, kTimerComparator = 0x08, kTimerFsbRoute = 0x10;
constexpr uint64_t kEnable = 1, kLegacyRoute = 2;
constexpr uint64_t kTnLevel = 1u << 1, kTnIntEnable = 1u << 2, kTnPeriodic = 1u << 3, kTnPeriodicCap = 1u << 4, kTnSize64Cap = 1u << 5,
                   kTnValSet = 1u << 6, kTn32Bit = 1u << 8, kTnRouteShift = 9, kTnRouteMask = 0x1full << 9;
constexpr uint64_t kTnWritable = kTnLevel | kTnIntEnable | kTnPeriodic | kTnValSet | kTn32Bit | kTnRouteMask;
// GCAP_ID: revision 1, kTimers comparators, 64-bit counter, legacy replacement capable.
constexpr uint64_t kCapabilities =
    1 | (uint64_t{kTimers - 1} << 8) | (1u << 13) | (1u << 15) | (uint64_t{kVendor} << 16) | (uint64_t{kPeriodFs} << 32);
}  // namespace hpet

struct HpetOptions {
  // The line for a GSI (IOAPIC pin; 0 and 8 also reach the PIC). Null lines are never raised.
  std::function<std::shared_ptr<vmm::InterruptLine>(uint32_t gsi)> irq;
  bool timerfds = false;               // expiries by timerfd (see attach()); false: the owner calls expire()
  std::function<uint64_t()> clock_ns;  // CLOCK_MONOTONIC ns unless set (tests)
  std::function<void(bool)> legacy;    // legacy replacement turned on/off (the VM silences the PIT)
};

class Hpet final : public vmm::BusDevice {
 public:
  explicit Hpet(HpetOptions options);  // throws std::runtime_error if a timerfd cannot be made
  ~Hpet() override;
  Hpet(const Hpet&) = delete;
  Hpet& operator=(const Hpet&) = delete;

  // vCPU thread: 1, 2, 4 or 8 bytes at any offset inside one 64-bit register (narrow writes merge
  // into it); accesses that straddle two registers read 0 and are ignored.
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;

  // Setup thread: registers the timerfds on `loop`; they stay registered while the returned
  // object lives. The device itself may outlive the loop (the bus holds it); the registration must not.
  class LoopRegistration {
   public:
    LoopRegistration(vmm::EventLoop& loop, std::vector<int> fds) : loop_(loop), fds_(std::move(fds)) {}
    ~LoopRegistration();
    LoopRegistration(const LoopRegistration&) = delete;
    LoopRegistration& operator=(const LoopRegistration&) = delete;

   private:
    vmm::EventLoop& loop_;
    std::vector<int> fds_;
  };
  std::unique_ptr<LoopRegistration> attach(vmm::EventLoop& loop);
  // Loop thread (or tests): fires every comparator whose time has come and re-arms the timers.
  void expire();
  // Tests: ns of the next expiry of `timer`, 0 when it is not armed.
  uint64_t deadline_ns(unsigned timer) const;
  uint64_t interrupts(unsigned timer) const;
  // Any thread: whether the guest ever wrote a register (snapshots carry only an untouched HPET).
  bool guest_wrote() const { return guest_wrote_.load(std::memory_order_acquire); }

 private:
  struct Timer {
    uint64_t config = 0, comparator = ~uint64_t{0}, period = 0;
    bool armed = false, asserted = false;
    uint64_t deadline_ns = 0, fired = 0;
    std::shared_ptr<vmm::InterruptLine> routed;  // the line of the current route
    vmm::UniqueFd timerfd;
  };
  uint64_t counter_at(uint64_t ns) const;  // mu_ held
  uint64_t read_register(uint64_t reg) const;
  void write_register(uint64_t reg, uint64_t value, uint64_t mask);
  void write_comparator(Timer& t, uint64_t value, uint64_t mask);
  void reschedule(unsigned n, uint64_t now_ns);
  void arm_timerfds();  // loop thread, mu_ held
  void fire(unsigned n, uint64_t now_ns);
  void set_line(unsigned n, bool high);
  std::shared_ptr<vmm::InterruptLine> line_for(unsigned n);
  void update_routes();

  HpetOptions options_;
  mutable std::mutex mu_;
  uint64_t config_ = 0, status_ = 0;
  uint64_t counter_base_ = 0, base_ns_ = 0;  // counter = counter_base_ + ticks(now - base_ns_) while enabled
  std::array<Timer, hpet::kTimers> timers_;
  // One wired-OR per GSI the timers can drive, with one source per timer.
  std::vector<std::pair<uint32_t, std::array<std::shared_ptr<vmm::InterruptLine>, hpet::kTimers>>> lines_;
  bool legacy_active_ = false;
  // vCPU threads do not touch timerfds: they kick the loop (an eventfd), which re-arms them.
  vmm::UniqueFd kick_;
  bool rearm_ = false;
  std::atomic<bool> guest_wrote_{false};
};

}  // namespace tshyve::devices
