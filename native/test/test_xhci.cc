// xHCI controller + HID tablet (xHCI 1.2, USB 2.0 §9, HID 1.11) driven by a host-side driver in fake
// guest RAM: registers, enumeration, descriptors, reports after pointer events, stalls, interrupts,
// and guest mistakes (rings outside RAM, bad TRB types, link loops, a full event ring).
#include <string>

#include "check.h"
#include "xhci_test_driver.h"

using namespace xhcidrv;
namespace trb = xs::trb;
namespace cc = xs::cc;

namespace {
tshyve::devices::input::PointerState at(uint32_t x, uint32_t y, uint8_t buttons = 0) {
  tshyve::devices::input::PointerState p;
  p.x = x, p.y = y, p.width = 1024, p.height = 768, p.buttons = buttons;
  return p;
}

// Enumerated and configured like a HID driver does it; returns false on the first failure.
bool bring_up(Driver& d) {
  d.start();
  if (!d.reset_port() || d.enumerate() != cc::kSuccess) return false;
  auto e = d.control(0x00, 9, 1, 0, 0);  // SET_CONFIGURATION 1
  if (!e || Driver::code(*e) != cc::kSuccess) return false;
  return d.configure_interrupt_in() == cc::kSuccess;
}
}  // namespace

TEST(capability_registers_describe_one_usb2_port) {
  Driver d;
  CHECK_EQ(d.r32(0) & 0xff, xs::kCapLength);
  CHECK_EQ(d.r32(0) >> 16, 0x0110u);
  uint8_t b = 0;
  d.fn->mmio_read(0, 0, &b, 1);  // CAPLENGTH is a byte register
  CHECK_EQ(b, xs::kCapLength);
  const uint32_t hcs1 = d.r32(4);
  CHECK_EQ(hcs1 & 0xff, xs::kMaxSlots);
  CHECK_EQ((hcs1 >> 8) & 0x7ff, 1u);
  CHECK_EQ(hcs1 >> 24, 1u);
  const uint32_t xecp = (d.r32(0x10) >> 16) * 4;
  CHECK_EQ(d.r32(xecp) & 0xff, 2u);             // supported protocol
  CHECK_EQ(d.r32(xecp) >> 24, 2u);              // USB 2
  CHECK_EQ(d.r32(xecp + 4), 0x20425355u);       // "USB "
  CHECK_EQ(d.r32(xecp + 8) & 0xffff, 0x0101u);  // port 1, one port
  CHECK_EQ(d.r32(0x14), xs::kDoorbellOffset);
  CHECK_EQ(d.r32(0x18), xs::kRuntimeOffset);
  CHECK(d.r32(Driver::kOp + xs::op::kUsbSts) & xs::sts::kHalted);
  const uint32_t sc = d.r32(Driver::kPortsc);
  CHECK(sc & xs::portsc::kCcs);
  CHECK(sc & xs::portsc::kCsc);
  CHECK(!(sc & xs::portsc::kPed));
  CHECK_EQ((sc >> 10) & 0xf, xs::portsc::kSpeedHigh);
  CHECK_EQ(d.r32(0x2000 + 0x400), 0u);  // past the PCI function's config: MSI-X table lives at 0x3000
}

TEST(run_halt_and_port_reset_report_changes) {
  Driver d;
  d.start();
  CHECK(!(d.r32(Driver::kOp + xs::op::kUsbSts) & xs::sts::kHalted));
  auto e = d.event();  // the connect change found at start
  CHECK(e && e->type() == trb::kPortStatusChange && (e->parameter >> 24) == 1);
  d.w32(Driver::kPortsc, xs::portsc::kPp | xs::portsc::kCsc);  // RW1C
  CHECK(!(d.r32(Driver::kPortsc) & xs::portsc::kCsc));
  CHECK(d.reset_port());
  const uint32_t sc = d.r32(Driver::kPortsc);
  CHECK(sc & xs::portsc::kPrc);
  CHECK_EQ((sc >> 5) & 0xf, xs::portsc::kPlsU0);
  e = d.event();
  CHECK(e && e->type() == trb::kPortStatusChange);
  d.w32(Driver::kOp + xs::op::kUsbCmd, 0);
  CHECK(d.r32(Driver::kOp + xs::op::kUsbSts) & xs::sts::kHalted);
}

TEST(enumerates_the_tablet_and_reads_its_descriptors) {
  Driver d;
  d.start();
  CHECK(d.reset_port());
  CHECK_EQ(d.enumerate(), cc::kSuccess);
  CHECK_EQ(d.slot, 1u);
  CHECK_EQ(d.slot_state(), xs::kSlotAddressed);
  CHECK_EQ(d.ep_state(1), xs::kEpRunning);
  CHECK_EQ(d.peek<uint32_t>(Driver::kDeviceContext + 12) & 0xff, 1u);  // USB address = slot ID

  std::vector<uint8_t> data;
  auto e = d.control(0x80, 6, 0x0100, 0, 8, &data);
  CHECK(e && Driver::code(*e) == cc::kSuccess);
  CHECK_EQ(data[0], 18);
  CHECK_EQ(data[7], 64);  // bMaxPacketSize0
  e = d.control(0x80, 6, 0x0100, 0, 64, &data);
  CHECK(e && Driver::code(*e) == cc::kSuccess);
  CHECK_EQ(data[8] | (data[9] << 8), 0xfb5d);
  CHECK_EQ(data[0x11], 1);  // one configuration
  e = d.control(0x80, 6, 0x0200, 0, 255, &data);
  CHECK(e && Driver::code(*e) == cc::kSuccess);
  const size_t total = data[2] | (data[3] << 8);
  CHECK_EQ(total, 34u);
  CHECK_EQ(data[9 + 5], 3);      // interface class HID
  CHECK_EQ(data[18 + 1], 0x21);  // HID descriptor
  CHECK_EQ(data[27 + 2], 0x81);  // endpoint 1 IN
  CHECK_EQ(data[27 + 3], 3);     // interrupt
  const size_t report_len = data[18 + 7] | (data[18 + 8] << 8);
  CHECK_EQ(report_len, HidTablet::report_descriptor().size());
  e = d.control(0x81, 6, 0x2200, 0, static_cast<uint16_t>(report_len), &data);
  CHECK(e && Driver::code(*e) == cc::kSuccess);
  CHECK(std::equal(data.begin(), data.end(), HidTablet::report_descriptor().begin()));
  e = d.control(0x80, 6, 0x0302, 0x0409, 255, &data);
  CHECK(e && Driver::code(*e) == cc::kSuccess);
  std::string product;
  for (size_t i = 2; i < data[0]; i += 2) product += static_cast<char>(data[i]);
  CHECK(product == "tshyve USB tablet");

  CHECK_EQ(Driver::code(*d.control(0x00, 9, 1, 0, 0)), cc::kSuccess);  // SET_CONFIGURATION
  CHECK(d.fn->tablet()->configured());
  CHECK_EQ(Driver::code(*d.control(0x21, 0x0a, 0, 0, 0)), cc::kSuccess);  // SET_IDLE
  CHECK_EQ(Driver::code(*d.control(0x21, 0x0b, 1, 0, 0)), cc::kSuccess);  // SET_PROTOCOL report
  e = d.control(0xa1, 1, 0x0100, 0, 6, &data);                            // GET_REPORT input
  CHECK(e && Driver::code(*e) == cc::kSuccess);
  CHECK_EQ(d.configure_interrupt_in(), cc::kSuccess);
  CHECK_EQ(d.slot_state(), xs::kSlotConfigured);
  CHECK_EQ(d.ep_state(3), xs::kEpRunning);
}

TEST(pointer_events_become_absolute_reports) {
  Driver d;
  CHECK(bring_up(d));
  const uint64_t trb_at = d.queue_report_trb();
  CHECK(!d.event());                                    // nothing to report yet: the TRB waits
  d.fn->tablet()->pointer_event(at(1023, 384, 1 | 4));  // right edge, mid height, left + right buttons
  auto e = d.event();
  CHECK(e && e->type() == trb::kTransferEvent);
  CHECK_EQ(e->parameter, trb_at);
  CHECK_EQ(Driver::code(*e), cc::kShortPacket);  // 6-byte report in an 8-byte buffer
  CHECK_EQ(e->status & 0xffffff, 2u);
  CHECK_EQ(e->endpoint(), 3);
  const uint8_t* r = d.ram + Driver::kReportBuffer;
  CHECK_EQ(r[0], 0x3);  // HID buttons: left (bit 0), right (bit 1)
  CHECK_EQ(r[1] | (r[2] << 8), 0x7fff);
  CHECK_EQ(r[3] | (r[4] << 8), 384 * 0x7fff / 767);
  CHECK_EQ(r[5], 0);

  d.fn->tablet()->pointer_event(at(0, 0, 8));  // wheel up press, queued until a TRB comes
  d.fn->tablet()->pointer_event(at(0, 0, 0));
  CHECK_EQ(d.fn->tablet()->queued(), 2u);
  d.queue_report_trb(8, 16);
  e = d.event();
  CHECK(e && Driver::code(*e) == cc::kShortPacket);
  CHECK_EQ(r[16 + 5], 1);  // wheel +1
  CHECK_EQ(r[16 + 1] | (r[16 + 2] << 8), 0);
}

TEST(report_queue_is_bounded) {
  Driver d;
  CHECK(bring_up(d));
  for (uint32_t i = 0; i < 100; ++i) d.fn->tablet()->pointer_event(at(i, i));
  CHECK_EQ(d.fn->tablet()->queued(), HidTablet::kMaxQueuedReports);
  d.queue_report_trb();
  CHECK(d.event());
  const uint8_t* r = d.ram + Driver::kReportBuffer;
  CHECK_EQ(r[1] | (r[2] << 8), static_cast<int>((100 - HidTablet::kMaxQueuedReports) * 0x7fff / 1023));  // the oldest kept
}

TEST(unsupported_request_stalls_and_reset_endpoint_recovers) {
  Driver d;
  d.start();
  CHECK(d.reset_port());
  CHECK_EQ(d.enumerate(), cc::kSuccess);
  auto e = d.control(0x80, 6, 0x0700, 0, 8);  // other-speed configuration: not supported
  CHECK(e && Driver::code(*e) == cc::kStall);
  CHECK_EQ(d.ep_state(1), xs::kEpHalted);
  auto c = d.command({0, 0, Driver::type(trb::kStopEndpoint) | (1u << 16) | (uint32_t{d.slot} << 24)});
  CHECK(c && Driver::code(*c) == cc::kContextState);  // halted: reset first
  c = d.command({0, 0, Driver::type(trb::kResetEndpoint) | (1u << 16) | (uint32_t{d.slot} << 24)});
  CHECK(c && Driver::code(*c) == cc::kSuccess);
  CHECK_EQ(d.ep_state(1), xs::kEpStopped);
  // The halted stages are still on the ring: move the dequeue pointer past them.
  const uint64_t next = Driver::kEp0Ring + uint64_t{d.ep0.index} * 16;
  c = d.command({next | (d.ep0.cycle ? 1 : 0), 0, Driver::type(trb::kSetTrDequeue) | (1u << 16) | (uint32_t{d.slot} << 24)});
  CHECK(c && Driver::code(*c) == cc::kSuccess);
  std::vector<uint8_t> data;
  e = d.control(0x80, 6, 0x0100, 0, 18, &data);
  CHECK(e && Driver::code(*e) == cc::kSuccess);
  CHECK_EQ(data[1], 1);
}

TEST(commands_check_slots_and_contexts) {
  Driver d;
  d.start();
  auto c = d.command({0, 0, Driver::type(trb::kNoOpCommand)});
  CHECK(c && Driver::code(*c) == cc::kSuccess);
  c = d.command({Driver::kInput, 0, Driver::type(trb::kAddressDevice) | (5u << 24)});
  CHECK(c && Driver::code(*c) == cc::kSlotNotEnabled);
  CHECK_EQ(d.enumerate(), cc::kTransaction);  // the port was never reset: not enabled
  CHECK(d.reset_port());
  for (int i = 2; i <= xs::kMaxSlots; ++i) d.command({0, 0, Driver::type(trb::kEnableSlot)});
  c = d.command({0, 0, Driver::type(trb::kEnableSlot)});
  CHECK(c && Driver::code(*c) == cc::kNoSlots);
  c = d.command({0, 0, Driver::type(trb::kDisableSlot) | (2u << 24)});
  CHECK(c && Driver::code(*c) == cc::kSuccess);
  c = d.command({0, 0, Driver::type(trb::kEnableSlot)});
  CHECK(c && Driver::code(*c) == cc::kSuccess && c->slot() == 2);
  // Address Device with a DCBAA entry that points outside RAM.
  d.poke<uint64_t>(Driver::kDcbaa + 16, 0x7fff0000000ull);
  d.poke<uint32_t>(Driver::kInput + 4, 3);
  c = d.command({Driver::kInput, 0, Driver::type(trb::kAddressDevice) | (2u << 24)});
  CHECK(c && Driver::code(*c) == cc::kParameter);
  // Evaluate Context updates EP0's max packet size in the output context.
  c = d.command({0, 0, Driver::type(trb::kDisableSlot) | (3u << 24)});
  CHECK(c && Driver::code(*c) == cc::kSuccess);
  CHECK_EQ(d.enumerate(), cc::kSuccess);
  CHECK_EQ(d.slot, 3u);
  const uint8_t s = d.slot;
  std::memset(d.ram + Driver::kInput, 0, 33 * 32);
  d.poke<uint32_t>(Driver::kInput + 4, 2);
  d.poke<uint32_t>(Driver::kInput + 64 + 4, (8u << 16) | (4u << 3));
  c = d.command({Driver::kInput, 0, Driver::type(trb::kEvaluateContext) | (uint32_t{s} << 24)});
  CHECK(c && Driver::code(*c) == cc::kSuccess);
  CHECK_EQ(d.peek<uint32_t>(Driver::kDeviceContext + 32 + 4) >> 16, 8u);
}

TEST(bad_trb_types_and_link_loops_are_errors_not_crashes) {
  Driver d;
  d.start();
  for (uint8_t t : {0, 1, 5, 31, 32, 63}) {
    auto c = d.command({0, 0, Driver::type(t)});
    CHECK(c && Driver::code(*c) == cc::kTrbError);
  }
  CHECK(d.reset_port());
  CHECK_EQ(d.enumerate(), cc::kSuccess);
  // A transfer TRB type that does not belong on a transfer ring (Enable Slot) halts EP0.
  d.produce(d.ep0, {0, 0, Driver::type(trb::kEnableSlot) | trb::kIoc});
  d.w32(xs::kDoorbellOffset + 4 * d.slot, 1);
  auto e = d.event_of(trb::kTransferEvent);
  CHECK(e && Driver::code(*e) == cc::kTrbError);
  CHECK_EQ(d.ep_state(1), xs::kEpHalted);
  // EP0 on a ring made of one link TRB pointing at itself.
  d.command({0, 0, Driver::type(trb::kResetEndpoint) | (1u << 16) | (uint32_t{d.slot} << 24)});
  const uint64_t loop = 0x40000;
  d.put_trb(loop, {loop, 0, Driver::type(trb::kLink) | 1});
  auto c = d.command({loop | 1, 0, Driver::type(trb::kSetTrDequeue) | (1u << 16) | (uint32_t{d.slot} << 24)});
  CHECK(c && Driver::code(*c) == cc::kSuccess);
  d.w32(xs::kDoorbellOffset + 4 * d.slot, 1);
  e = d.event_of(trb::kTransferEvent);
  CHECK(e && Driver::code(*e) == cc::kTrbError);
  // A transfer ring whose dequeue pointer lies outside RAM.
  d.command({0, 0, Driver::type(trb::kResetEndpoint) | (1u << 16) | (uint32_t{d.slot} << 24)});
  d.command({0x7fff00000ull | 1, 0, Driver::type(trb::kSetTrDequeue) | (1u << 16) | (uint32_t{d.slot} << 24)});
  d.w32(xs::kDoorbellOffset + 4 * d.slot, 1);
  e = d.event_of(trb::kTransferEvent);
  CHECK(e && Driver::code(*e) == cc::kTrbError);
  // A command ring outside RAM stops without a completion.
  d.w32(Driver::kOp + xs::op::kCrcrLo, xs::crcr::kCa);
  d.event();
  d.w64(Driver::kOp + xs::op::kCrcrLo, 0x7fff00000ull | 1);
  d.w32(xs::kDoorbellOffset, 0);
  CHECK(!d.event());
  CHECK(d.fn->controller().counters().trb_errors >= 9);
  // Doorbells for slots past MaxSlots and bad targets are ignored.
  d.w32(xs::kDoorbellOffset + 4 * 200, 1);
  d.w32(xs::kDoorbellOffset + 4 * d.slot, 200);
}

TEST(full_event_ring_drops_events_and_keeps_its_contents) {
  Driver d;
  d.start();
  d.event();  // port change
  for (int i = 0; i < 40; ++i) {
    d.produce(d.cmd, {0, 0, Driver::type(trb::kNoOpCommand)});
    d.w32(xs::kDoorbellOffset, 0);
  }
  CHECK(d.fn->controller().counters().events_dropped > 0);
  int seen = 0;
  while (auto e = d.event()) {
    CHECK_EQ(e->type(), trb::kCommandCompletion);
    ++seen;
  }
  CHECK_EQ(seen, static_cast<int>(Driver::kEventTrbs) - 1);  // one slot always stays free
}

TEST(event_ring_table_outside_ram_sets_host_controller_error) {
  Driver d;
  d.start();
  d.w64(Driver::kIr0 + xs::rt::kErstbaLo, 0x7fff00000ull);
  d.command({0, 0, Driver::type(trb::kNoOpCommand)});
  CHECK(d.r32(Driver::kOp + xs::op::kUsbSts) & xs::sts::kHostControllerError);
}

TEST(intx_follows_interrupt_pending_and_enables) {
  Driver d;
  d.start(/*interrupts=*/true);
  CHECK(d.intx->level);  // the port change event at start
  d.w32(Driver::kIr0 + xs::rt::kIman, xs::rt::kImanIe | xs::rt::kImanIp);
  CHECK(!d.intx->level);
  d.event();
  d.command({0, 0, Driver::type(trb::kNoOpCommand)});
  CHECK(d.intx->level);
  d.w32(Driver::kOp + xs::op::kUsbCmd, xs::cmd::kRun);  // INTE off
  CHECK(!d.intx->level);
}

TEST(msix_vector_fires_per_event_batch) {
  tshyve::vmm::MsiRouter router(-1);
  Driver d(&router);
  const uint8_t cap = d.fn->msix().cap_offset();
  d.fn->config_write(4, 2, 0x0006);                   // memory + bus master
  d.fn->config_write(cap + 2, 2, 0x8000);             // MSI-X enable
  const uint32_t msg[4] = {0xfee00000u, 0, 0x41, 0};  // address, data, unmasked
  for (int i = 0; i < 4; ++i) d.fn->mmio_write(0, xs::kMsixTable + 4 * i, reinterpret_cast<const uint8_t*>(&msg[i]), 4);
  d.start();
  const uint64_t before = router.triggered();
  CHECK(before >= 1);  // the port change
  d.w32(Driver::kIr0 + xs::rt::kIman, xs::rt::kImanIe | xs::rt::kImanIp);
  d.event();
  d.command({0, 0, Driver::type(trb::kNoOpCommand)});
  CHECK_EQ(router.triggered(), before + 1);
  CHECK(!d.intx->level);
}

int main() { return check::run_all(); }
