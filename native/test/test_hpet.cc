// HPET (IA-PC HPET 1.0a) with an injected clock and recording lines: capabilities, the main counter
// at the advertised period, one-shot and periodic comparators in 64- and 32-bit mode, level status
// bits, IOAPIC routing, legacy replacement to IRQ0/IRQ8, narrow and straddling accesses; and one
// test on the real event loop, where a timerfd fires the comparator.
#include <chrono>
#include <cstring>
#include <map>
#include <thread>

#include "arch/x86_64/acpi_tables.h"
#include "check.h"
#include "devices/timer/hpet.h"
#include "vmm/event_loop.h"

using namespace tshyve::devices;
using namespace tshyve::devices::hpet;

namespace {
struct Line : tshyve::vmm::InterruptLine {
  void set_level(bool high) override {
    if (high && !level) ++rises;
    level = high;
  }
  std::atomic<bool> level{false};
  std::atomic<int> rises{0};
};

struct Rig {
  uint64_t now = 1'000'000'000;
  std::map<uint32_t, std::shared_ptr<Line>> lines;
  std::vector<bool> legacy_calls;
  std::unique_ptr<Hpet> hpet;
  explicit Rig(tshyve::vmm::EventLoop* loop = nullptr, bool real_clock = false) {
    HpetOptions o;
    o.irq = [this](uint32_t gsi) { return lines[gsi] = std::make_shared<Line>(); };
    if (!real_clock) o.clock_ns = [this] { return now; };
    o.timerfds = loop != nullptr;
    o.legacy = [this](bool on) { legacy_calls.push_back(on); };
    hpet = std::make_unique<Hpet>(o);
    if (loop) registration = hpet->attach(*loop);
  }
  std::unique_ptr<Hpet::LoopRegistration> registration;
  uint64_t r64(uint64_t off) {
    uint64_t v = 0;
    hpet->read(off, reinterpret_cast<uint8_t*>(&v), 8);
    return v;
  }
  uint32_t r32(uint64_t off) {
    uint32_t v = 0;
    hpet->read(off, reinterpret_cast<uint8_t*>(&v), 4);
    return v;
  }
  void w64(uint64_t off, uint64_t v) { hpet->write(off, reinterpret_cast<const uint8_t*>(&v), 8); }
  void w32(uint64_t off, uint32_t v) { hpet->write(off, reinterpret_cast<const uint8_t*>(&v), 4); }
  void advance_ns(uint64_t ns) {
    now += ns;
    hpet->expire();
  }
  static uint64_t timer(unsigned n, uint64_t reg) { return kTimer0 + n * kTimerStride + reg; }
};
uint64_t ticks_for_ns(uint64_t ns) { return ns * 1000000 / kPeriodFs; }
}  // namespace

TEST(capabilities_name_vendor_timers_and_period) {
  Rig r;
  const uint64_t cap = r.r64(kCapId);
  CHECK_EQ(cap & 0xff, 1u);                    // revision
  CHECK_EQ(((cap >> 8) & 0x1f) + 1, kTimers);  // NUM_TIM_CAP
  CHECK(cap & (1u << 13));                     // 64-bit counter
  CHECK(cap & (1u << 15));                     // legacy replacement capable
  CHECK_EQ((cap >> 16) & 0xffff, kVendor);
  CHECK_EQ(cap >> 32, kPeriodFs);
  CHECK_EQ(r.r32(kCapId + 4), kPeriodFs);  // high dword alone
  const uint64_t t0 = r.r64(Rig::timer(0, kTimerConfig));
  CHECK(t0 & kTnPeriodicCap);
  CHECK(t0 & kTnSize64Cap);
  CHECK_EQ(t0 >> 32, kRouteCap);
}

TEST(main_counter_advances_at_the_period_only_when_enabled) {
  Rig r;
  CHECK_EQ(r.r64(kCounter), 0u);
  r.now += 1'000'000;
  CHECK_EQ(r.r64(kCounter), 0u);  // halted
  r.w64(kConfig, kEnable);
  r.now += 1'000'000;  // 1 ms = 14318 ticks
  CHECK_EQ(r.r64(kCounter), ticks_for_ns(1'000'000));
  CHECK_EQ(r.r64(kCounter), 14318u);
  r.w64(kConfig, 0);
  const uint64_t frozen = r.r64(kCounter);
  r.now += 5'000'000;
  CHECK_EQ(r.r64(kCounter), frozen);
  r.w64(kCounter, 0x1'0000'0000ull - 10);  // set while halted, then run across 2^32
  r.w64(kConfig, kEnable);
  r.now += 1'000;
  CHECK_EQ(r.r64(kCounter), 0x1'0000'0000ull - 10 + ticks_for_ns(1'000));
  CHECK_EQ(r.r32(kCounter + 4), 1u);
}

TEST(one_shot_comparator_raises_its_routed_ioapic_pin_once) {
  Rig r;
  r.w64(Rig::timer(2, kTimerConfig), kTnIntEnable | kTnLevel | (11u << kTnRouteShift));
  r.w64(Rig::timer(2, kTimerComparator), 14318);  // 1 ms after start
  r.w64(kConfig, kEnable);
  r.advance_ns(900'000);
  CHECK(!r.lines[11]->level);
  r.advance_ns(100'001);
  CHECK(r.lines[11]->level);
  CHECK_EQ(r.r64(kIntStatus), 4u);
  r.w64(kIntStatus, 4);  // RW1C drops the level
  CHECK(!r.lines[11]->level);
  r.advance_ns(100'000'000);
  CHECK_EQ(r.hpet->interrupts(2), 1u);
  CHECK(!r.lines[10]->level);
}

TEST(periodic_comparator_fires_every_period_set_with_val_set) {
  Rig r;
  r.w64(kConfig, kEnable);
  const uint64_t start = r.r64(kCounter);
  r.w64(Rig::timer(0, kTimerConfig), kTnIntEnable | kTnPeriodic | kTnValSet | (10u << kTnRouteShift));
  r.w64(Rig::timer(0, kTimerComparator), start + 1432);  // comparator and period
  r.w64(Rig::timer(0, kTimerComparator), 1432);          // period only (VAL_SET cleared itself)
  for (int i = 0; i < 10; ++i) r.advance_ns(100'020);    // 1432 ticks = 100.013 us
  CHECK_EQ(r.hpet->interrupts(0), 10u);
  CHECK_EQ(r.lines[10]->rises.load(), 10);  // edge: one pulse each
  CHECK(!r.lines[10]->level);
  CHECK_EQ(r.r64(kIntStatus), 0u);  // edge mode sets no status
  CHECK(r.r64(Rig::timer(0, kTimerComparator)) > r.r64(kCounter));
  r.advance_ns(1'000'000);  // ten periods at once: one interrupt, comparator moved past the counter
  CHECK_EQ(r.hpet->interrupts(0), 11u);
  CHECK(r.r64(Rig::timer(0, kTimerComparator)) > r.r64(kCounter));
}

TEST(thirty_two_bit_mode_truncates_and_wraps) {
  Rig r;
  r.w64(kCounter, 0xffffff00ull);
  r.w64(Rig::timer(1, kTimerConfig), kTnIntEnable | kTn32Bit | (10u << kTnRouteShift));
  r.w64(Rig::timer(1, kTimerComparator), 0x1234'0000'0010ull);  // upper half dropped
  CHECK_EQ(r.r64(Rig::timer(1, kTimerComparator)), 0x10u);
  r.w64(kConfig, kEnable);
  r.advance_ns(ticks_for_ns(1) + 0xf0 * 70);  // counter low word still below 2^32: not yet
  CHECK_EQ(r.hpet->interrupts(1), 0u);
  r.advance_ns(0x20 * 70);  // low 32 bits pass 0x10 after wrapping
  CHECK_EQ(r.hpet->interrupts(1), 1u);
}

TEST(legacy_replacement_routes_timer0_to_irq0_and_timer1_to_irq8) {
  Rig r;
  r.w64(Rig::timer(0, kTimerConfig), kTnIntEnable | (11u << kTnRouteShift));
  r.w64(Rig::timer(1, kTimerConfig), kTnIntEnable | kTnLevel | (11u << kTnRouteShift));
  r.w64(Rig::timer(0, kTimerComparator), 100);
  r.w64(Rig::timer(1, kTimerComparator), 100);
  r.w64(kConfig, kEnable | kLegacyRoute);
  CHECK(r.legacy_calls.size() == 1 && r.legacy_calls[0]);
  r.advance_ns(10'000);
  CHECK_EQ(r.lines[0]->rises.load(), 1);
  CHECK(r.lines[8]->level);
  CHECK_EQ(r.lines[11]->rises.load(), 0);
  r.w64(kConfig, kEnable);  // back to the routes: timer 1's asserted level moves to pin 11
  CHECK(!r.lines[8]->level);
  CHECK(r.lines[11]->level);
  CHECK(r.legacy_calls.size() == 2 && !r.legacy_calls[1]);
}

TEST(routes_outside_the_capability_are_refused) {
  Rig r;
  r.w64(Rig::timer(0, kTimerConfig), kTnIntEnable | (11u << kTnRouteShift));
  r.w64(Rig::timer(0, kTimerConfig), kTnIntEnable | (3u << kTnRouteShift));
  CHECK_EQ((r.r64(Rig::timer(0, kTimerConfig)) & kTnRouteMask) >> kTnRouteShift, 11u);
}

TEST(odd_width_accesses_merge_or_are_ignored) {
  Rig r;
  uint8_t b = 0;
  r.hpet->read(kCapId + 2, &b, 1);
  CHECK_EQ(b, kVendor & 0xff);
  uint16_t w = 0;
  r.hpet->read(kCapId + 6, reinterpret_cast<uint8_t*>(&w), 2);
  CHECK_EQ(w, kPeriodFs >> 16);
  uint64_t v = 0x1122334455667788ull;
  r.hpet->read(kCapId + 4, reinterpret_cast<uint8_t*>(&v), 8);  // straddles two registers
  CHECK_EQ(v, 0u);
  r.hpet->write(kCounter + 4, reinterpret_cast<const uint8_t*>(&v), 8);
  const uint8_t one = 1;
  r.hpet->write(Rig::timer(2, kTimerComparator) + 1, &one, 1);  // byte 1 of the comparator
  CHECK_EQ(r.r64(Rig::timer(2, kTimerComparator)), 0xffffffffffff01ffull);
  const uint8_t en = kTnIntEnable;
  r.hpet->write(Rig::timer(2, kTimerConfig), &en, 1);
  CHECK(r.r64(Rig::timer(2, kTimerConfig)) & kTnIntEnable);
  r.hpet->write(0x3ff, &one, 1);
  r.hpet->write(0x400, &one, 1);
  r.hpet->read(0x3fc, reinterpret_cast<uint8_t*>(&w), 2);
  CHECK_EQ(w, 0u);
}

TEST(timerfd_on_the_event_loop_fires_a_comparator) {
  tshyve::vmm::EventLoop loop;
  loop.start();
  Rig r(&loop, /*real_clock=*/true);
  r.w64(Rig::timer(0, kTimerConfig), kTnIntEnable | kTnLevel | (10u << kTnRouteShift));
  r.w64(Rig::timer(0, kTimerComparator), ticks_for_ns(20'000'000));  // 20 ms
  const auto t0 = std::chrono::steady_clock::now();
  r.w64(kConfig, kEnable);
  while (!r.lines[10]->level && std::chrono::steady_clock::now() - t0 < std::chrono::seconds(2))
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  CHECK(r.lines[10]->level);
  CHECK(ms >= 19 && ms < 500);
  std::printf("  comparator at 20 ms fired after %lld ms\n", static_cast<long long>(ms));
  loop.stop();
}

TEST(acpi_hpet_table_is_listed_and_describes_the_block) {
  using namespace tshyve::arch::x86_64;
  AcpiConfig c;
  c.apic_ids = {0};
  c.hpet_address = kBase;
  c.hpet_block_id = static_cast<uint32_t>(kCapabilities);
  const uint64_t base = 0xe0040;
  AcpiBlobs b = build_acpi_tables(c, base);
  auto le = [&](uint64_t at, int n) {
    uint64_t v = 0;
    for (int i = 0; i < n; ++i) v |= uint64_t{b.tables[at + i]} << (8 * i);
    return v;
  };
  const uint64_t xsdt = b.xsdt;
  const uint32_t entries = static_cast<uint32_t>((le(xsdt + 4, 4) - 36) / 8);
  CHECK_EQ(entries, 4u);
  const uint64_t h = le(xsdt + 36 + 8 * 3, 8) - base;
  CHECK_EQ(h, b.hpet);
  CHECK(std::memcmp(&b.tables[h], "HPET", 4) == 0);
  CHECK_EQ(le(h + 4, 4), 56u);
  uint8_t sum = 0;
  for (uint32_t i = 0; i < 56; ++i) sum = static_cast<uint8_t>(sum + b.tables[h + i]);
  CHECK_EQ(sum, 0);
  CHECK_EQ(le(h + 36, 4), static_cast<uint32_t>(kCapabilities));
  CHECK_EQ(b.tables[h + 40], 0);  // system memory
  CHECK_EQ(le(h + 44, 8), kBase);
  CHECK_EQ(le(b.rsdt + 36 + 4 * 3, 4) - base, h);
  AcpiConfig off;
  off.apic_ids = {0};
  CHECK_EQ((le(xsdt + 4, 4) - 36) / 8, 4u);
  AcpiBlobs without = build_acpi_tables(off, base);
  CHECK_EQ(without.hpet, 0u);
}

int main() { return check::run_all(); }
