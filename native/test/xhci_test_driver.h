// The host driver side of the xHCI controller for native tests (xHCI 1.2 §4.2 initialisation, §4.3
// device enumeration, §4.6 commands, §4.11 transfer rings, §4.9.4 event ring): fake guest RAM,
// producer rings with link TRBs, an event ring consumer, contexts built the way a driver builds them.
#pragma once
#include <atomic>
#include <cstring>
#include <memory>
#include <optional>
#include <vector>

#include "devices/usb/xhci_pci.h"
#include "devices/usb/xhci_spec.h"
#include "vmm/guest_memory.h"
#include "vmm/interrupt_line.h"

namespace xhcidrv {

using namespace tshyve::devices::usb;
namespace xs = tshyve::devices::usb::xhci;

class LevelLine : public tshyve::vmm::InterruptLine {
 public:
  void set_level(bool high) override {
    if (high && !level) ++raised;
    level = high;
  }
  std::atomic<bool> level{false};
  std::atomic<int> raised{0};
};

// A ring the driver produces into: TRBs then a link TRB (toggle cycle) back to the start.
struct ProducerRing {
  uint64_t base = 0;
  uint32_t size = 0, index = 0;
  bool cycle = true;
};

class Driver {
 public:
  static constexpr uint64_t kRam = 16ull << 20;
  static constexpr uint64_t kDcbaa = 0x10000, kCommandRing = 0x11000, kErst = 0x12000, kEventRing = 0x13000, kInput = 0x20000,
                            kDeviceContext = 0x21000, kEp0Ring = 0x22000, kIntRing = 0x23000, kBuffer = 0x30000, kReportBuffer = 0x31000;
  static constexpr uint32_t kEventTrbs = 16, kRingTrbs = 32;
  static constexpr uint32_t kOp = xs::kCapLength, kPortsc = xs::kCapLength + xs::op::kPorts, kIr0 = xs::kRuntimeOffset + xs::rt::kIr0;

  std::unique_ptr<tshyve::vmm::GuestMemory> mem = std::make_unique<tshyve::vmm::GuestMemory>();
  uint8_t* ram;
  std::shared_ptr<LevelLine> intx = std::make_shared<LevelLine>();
  std::unique_ptr<XhciPciFunction> fn;
  ProducerRing cmd{kCommandRing, kRingTrbs}, ep0{kEp0Ring, kRingTrbs}, intr{kIntRing, kRingTrbs};
  uint32_t event_index = 0;
  bool event_cycle = true;
  uint8_t slot = 0;

  explicit Driver(tshyve::vmm::MsiRouter* router = nullptr) {
    ram = mem->add_anonymous(0, kRam);
    XhciPciOptions o;
    o.intx = intx;
    o.router = router;
    fn = std::make_unique<XhciPciFunction>(*mem, o);
  }

  uint32_t r32(uint64_t off) {
    uint8_t b[4];
    fn->mmio_read(0, off, b, 4);
    uint32_t v;
    std::memcpy(&v, b, 4);
    return v;
  }
  void w32(uint64_t off, uint32_t v) { fn->mmio_write(0, off, reinterpret_cast<const uint8_t*>(&v), 4); }
  void w64(uint64_t off, uint64_t v) { fn->mmio_write(0, off, reinterpret_cast<const uint8_t*>(&v), 8); }
  template <typename T>
  T peek(uint64_t gpa) {
    T v;
    std::memcpy(&v, ram + gpa, sizeof v);
    return v;
  }
  template <typename T>
  void poke(uint64_t gpa, T v) {
    std::memcpy(ram + gpa, &v, sizeof v);
  }
  void put_trb(uint64_t at, const xs::Trb& t) {
    poke(at, t.parameter);
    poke(at + 8, t.status);
    poke(at + 12, t.control);
  }
  xs::Trb get_trb(uint64_t at) { return {peek<uint64_t>(at), peek<uint32_t>(at + 8), peek<uint32_t>(at + 12)}; }

  // Writes `t` at the ring's enqueue pointer with its cycle bit; returns the TRB's address.
  uint64_t produce(ProducerRing& r, xs::Trb t) {
    const uint64_t at = r.base + uint64_t{r.index} * 16;
    t.control = (t.control & ~1u) | (r.cycle ? 1 : 0);
    put_trb(at, t);
    if (++r.index == r.size - 1) {
      put_trb(r.base + uint64_t{r.index} * 16, {r.base, 0, (uint32_t{xs::trb::kLink} << 10) | xs::trb::kToggleCycle | (r.cycle ? 1u : 0u)});
      r.index = 0;
      r.cycle = !r.cycle;
    }
    return at;
  }

  // §4.2: reset, DCBAA, command ring, event ring with one segment, interrupter enabled, run.
  void start(bool interrupts = true) {
    w32(kOp + xs::op::kUsbCmd, xs::cmd::kReset);
    w32(kOp + xs::op::kConfig, xs::kMaxSlots);
    w64(kOp + xs::op::kDcbaapLo, kDcbaa);
    w64(kOp + xs::op::kCrcrLo, kCommandRing | 1);
    poke<uint64_t>(kErst, kEventRing);
    poke<uint32_t>(kErst + 8, kEventTrbs);
    w32(kIr0 + xs::rt::kErstsz, 1);
    w64(kIr0 + xs::rt::kErdpLo, kEventRing);
    w64(kIr0 + xs::rt::kErstbaLo, kErst);
    w32(kIr0 + xs::rt::kIman, xs::rt::kImanIe);
    w32(kOp + xs::op::kUsbCmd, xs::cmd::kRun | (interrupts ? xs::cmd::kIntEnable : 0));
  }

  // The next event if the controller wrote one; consumes it and moves ERDP (clearing EHB).
  std::optional<xs::Trb> event() {
    const uint64_t at = kEventRing + uint64_t{event_index} * 16;
    xs::Trb t = get_trb(at);
    if (t.cycle() != event_cycle) return std::nullopt;
    if (++event_index == kEventTrbs) event_index = 0, event_cycle = !event_cycle;
    w64(kIr0 + xs::rt::kErdpLo, (kEventRing + uint64_t{event_index} * 16) | xs::rt::kErdpBusy);
    return t;
  }
  // Skips events of other types (port status changes) until one of `type`.
  std::optional<xs::Trb> event_of(uint8_t type) {
    for (int i = 0; i < 64; ++i) {
      auto e = event();
      if (!e) return std::nullopt;
      if (e->type() == type) return e;
    }
    return std::nullopt;
  }
  static uint8_t code(const xs::Trb& e) { return static_cast<uint8_t>(e.status >> 24); }

  std::optional<xs::Trb> command(xs::Trb t) {
    produce(cmd, t);
    w32(xs::kDoorbellOffset, 0);
    return event_of(xs::trb::kCommandCompletion);
  }
  static uint32_t type(uint8_t t) { return uint32_t{t} << 10; }

  bool reset_port() {
    w32(kPortsc, xs::portsc::kPp | xs::portsc::kPr);
    return (r32(kPortsc) & xs::portsc::kPed) != 0;
  }

  // Enable Slot + Address Device with EP0 on its ring: the completion code of Address Device.
  uint8_t enumerate() {
    auto e = command({0, 0, type(xs::trb::kEnableSlot)});
    if (!e || code(*e) != xs::cc::kSuccess) return 0;
    slot = e->slot();
    poke<uint64_t>(kDcbaa + 8 * slot, kDeviceContext);
    std::memset(ram + kInput, 0, 33 * 32);
    poke<uint32_t>(kInput + 4, 3);                                  // add slot + EP0
    poke<uint32_t>(kInput + 32, (1u << 27) | (3u << 20));           // 1 context entry, high speed
    poke<uint32_t>(kInput + 32 + 4, 1u << 16);                      // root port 1
    poke<uint32_t>(kInput + 64 + 4, (64u << 16) | (4u << 3) | 6u);  // MPS 64, control, CErr 3
    poke<uint64_t>(kInput + 64 + 8, kEp0Ring | 1);
    e = command({kInput, 0, type(xs::trb::kAddressDevice) | (uint32_t{slot} << 24)});
    return e ? code(*e) : 0;
  }

  // A control transfer on EP0 (setup, optional IN data stage, status with IOC). Returns the event
  // that ends it; `data` receives what the device sent.
  std::optional<xs::Trb> control(uint8_t type_, uint8_t request, uint16_t value, uint16_t index, uint16_t length,
                                 std::vector<uint8_t>* data = nullptr) {
    const uint64_t setup =
        uint64_t{type_} | (uint64_t{request} << 8) | (uint64_t{value} << 16) | (uint64_t{index} << 32) | (uint64_t{length} << 48);
    const bool in = type_ & 0x80;
    const uint32_t trt = length == 0 ? 0 : (in ? 3 : 2);
    produce(ep0, {setup, 8, type(xs::trb::kSetup) | xs::trb::kIdt | (trt << 16)});
    if (length) {
      std::memset(ram + kBuffer, 0xee, length);
      produce(ep0, {kBuffer, length, type(xs::trb::kData) | (in ? xs::trb::kDirIn : 0) | xs::trb::kIsp});
    }
    produce(ep0, {0, 0, type(xs::trb::kStatus) | xs::trb::kIoc | ((in && length) ? 0 : xs::trb::kDirIn)});
    w32(xs::kDoorbellOffset + 4 * slot, 1);
    auto e = event_of(xs::trb::kTransferEvent);
    if (e && code(*e) == xs::cc::kShortPacket) e = event_of(xs::trb::kTransferEvent);  // the status stage's
    if (data && length) data->assign(ram + kBuffer, ram + kBuffer + length);
    return e;
  }

  // Configure Endpoint: the tablet's interrupt IN endpoint 0x81 (DCI 3) on its own ring.
  uint8_t configure_interrupt_in() {
    std::memset(ram + kInput, 0, 33 * 32);
    poke<uint32_t>(kInput + 4, 1u | (1u << 3));
    poke<uint32_t>(kInput + 32, (3u << 27) | (3u << 20));
    poke<uint32_t>(kInput + 32 + 4, 1u << 16);
    const uint64_t ep = kInput + 32 * 4;  // input context index = DCI + 1
    poke<uint32_t>(ep, 6u << 16);         // interval 2^6 microframes
    poke<uint32_t>(ep + 4, (8u << 16) | (7u << 3) | 6u);
    poke<uint64_t>(ep + 8, kIntRing | 1);
    auto e = command({kInput, 0, type(xs::trb::kConfigureEndpoint) | (uint32_t{slot} << 24)});
    return e ? code(*e) : 0;
  }
  uint64_t queue_report_trb(uint32_t length = 8, uint32_t offset = 0) {
    const uint64_t at = produce(intr, {kReportBuffer + offset, length, type(xs::trb::kNormal) | xs::trb::kIoc | xs::trb::kIsp});
    w32(xs::kDoorbellOffset + 4 * slot, 3);
    return at;
  }
  uint32_t slot_state() { return peek<uint32_t>(kDeviceContext + 12) >> 27; }
  uint32_t ep_state(uint8_t dci) { return peek<uint32_t>(kDeviceContext + 32 * dci) & 7; }
};

}  // namespace xhcidrv
