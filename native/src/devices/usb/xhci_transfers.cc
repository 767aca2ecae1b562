// xHCI transfer rings (xHCI 1.2 §4.11, §4.10): doorbells, control transfers on EP0 (setup, data and
// status stage TRBs, §4.11.2.2), interrupt-IN transfers from Normal TRBs, event data and no-op TRBs,
// short packets (§4.10.1.1: event if ISP or IOC, then skip to the end of the TD) and halted
// endpoints on stalls and TRB errors. Each doorbell walks a bounded number of TRBs.
#include <algorithm>
#include <cstring>

#include "devices/usb/xhci_controller.h"

namespace tshyve::devices::usb {

using namespace xhci;

namespace {
constexpr int kMaxTrbsPerDoorbell = 256;
constexpr size_t kMaxControlData = 4096;
uint8_t endpoint_address(uint8_t dci) { return static_cast<uint8_t>((dci / 2) | ((dci & 1) ? 0x80 : 0)); }
uint32_t trb_length(const Trb& t) { return t.status & 0x1ffff; }
}  // namespace

UsbDevice* XhciController::device_of(const Slot& s) {
  const uint8_t port = s.port();
  if (port < 1 || port > kMaxPorts || !(portsc_[port - 1] & portsc::kPed)) return nullptr;
  return devices_[port - 1].get();
}

void XhciController::ring_doorbell(uint8_t id, uint8_t target) {
  if (!(usbcmd_ & cmd::kRun)) return;
  if (id == 0) {
    if (target == 0) run_commands();
    return;
  }
  if (target < 1 || target > kMaxEndpoints) return;
  run_endpoint(id, target);
}

void XhciController::halt_endpoint(Slot& s, uint8_t dci) {
  Endpoint& ep = s.eps[dci];
  ep.setup_pending = ep.has_packet = ep.skipping = false;
  s.set_ep_state(dci, kEpHalted);
  write_context(s, dci);
}

void XhciController::device_data_ready() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!(usbcmd_ & cmd::kRun)) return;
  for (uint8_t id = 1; id <= kMaxSlots; ++id) {
    if (!slots_[id].enabled) continue;
    for (uint8_t dci = 3; dci <= kMaxEndpoints; dci += 2)
      if (slots_[id].ep_state(dci) == kEpRunning && slots_[id].ep_type(dci) == kEpTypeInterruptIn) run_endpoint(id, dci);
  }
}

void XhciController::run_endpoint(uint8_t id, uint8_t dci) {
  Slot* s = slot(id);
  if (!s) return;
  // A doorbell restarts a stopped endpoint (§4.6.9); halted ones wait for Reset Endpoint.
  if (s->ep_state(dci) == kEpStopped) s->set_ep_state(dci, kEpRunning);
  if (s->ep_state(dci) != kEpRunning) return;
  const bool control = dci == 1;
  if (!control && s->ep_type(dci) != kEpTypeInterruptIn) return;  // the device has no other endpoints
  Endpoint& ep = s->eps[dci];
  for (int n = 0; n < kMaxTrbsPerDoorbell && s->ep_state(dci) == kEpRunning; ++n) {
    Trb t;
    uint64_t at = 0;
    const auto f = ep.ring.peek(memory_, t, at);
    if (f == RingCursor::Fetch::kEmpty) return;
    if (f == RingCursor::Fetch::kError) {
      ++counters_.trb_errors;
      transfer_event(ep.ring.dequeue, cc::kTrbError, 0, id, dci);
      halt_endpoint(*s, dci);
      return;
    }
    bool wait = false;
    const bool ok = control ? control_trb(*s, id, ep, t, at) : interrupt_trb(*s, id, dci, ep, t, at, wait);
    if (wait) return;  // no data yet: the TRB stays at the dequeue pointer
    ++counters_.transfers;
    ep.ring.advance();
    if (!ok) {
      halt_endpoint(*s, dci);
      return;
    }
  }
}

// Event Data and No-Op TRBs and anything a ring may not hold; false: the endpoint halts.
bool XhciController::common_trb(uint8_t id, uint8_t dci, Endpoint& ep, const Trb& t, uint64_t at) {
  switch (t.type()) {
    case trb::kEventData:
      if (t.control & trb::kIoc) transfer_event(t.parameter, cc::kSuccess, ep.td_bytes, id, dci, true);
      ep.td_bytes = 0;
      if (!(t.control & trb::kChain)) ep.skipping = false;
      return true;
    case trb::kNoOp:
      if (!ep.skipping && (t.control & trb::kIoc)) transfer_event(at, cc::kSuccess, 0, id, dci);
      if (!(t.control & trb::kChain)) ep.skipping = false;
      return true;
    default:
      ++counters_.trb_errors;
      transfer_event(at, cc::kTrbError, 0, id, dci);
      return false;
  }
}

// After moving `moved` of a TRB's `len` bytes: the event (§4.10.1.1) and short-packet skipping.
void XhciController::complete_data(uint8_t id, uint8_t dci, Endpoint& ep, const Trb& t, uint64_t at, uint32_t len, uint32_t moved) {
  ep.td_bytes += moved;
  const bool chained = t.control & trb::kChain;
  if (moved < len) {
    if (t.control & (trb::kIsp | trb::kIoc)) transfer_event(at, cc::kShortPacket, len - moved, id, dci);
    ep.skipping = chained;
  } else if (t.control & trb::kIoc) {
    transfer_event(at, cc::kSuccess, 0, id, dci);
  }
}

bool XhciController::control_trb(Slot& s, uint8_t id, Endpoint& ep, const Trb& t, uint64_t at) {
  UsbDevice* dev = device_of(s);
  switch (t.type()) {
    case trb::kSetup: {
      ep.skipping = false;
      ep.td_bytes = 0;
      if (!(t.control & trb::kIdt) || trb_length(t) != 8) {
        ++counters_.trb_errors;
        transfer_event(at, cc::kTrbError, 0, id, 1);
        return false;
      }
      SetupPacket sp;
      sp.request_type = static_cast<uint8_t>(t.parameter);
      sp.request = static_cast<uint8_t>(t.parameter >> 8);
      sp.value = static_cast<uint16_t>(t.parameter >> 16);
      sp.index = static_cast<uint16_t>(t.parameter >> 32);
      sp.length = static_cast<uint16_t>(t.parameter >> 48);
      ep.setup = sp;
      ep.data.clear();
      ep.offset = 0;
      ep.setup_pending = true;
      // IN requests and OUT requests without data run now; OUT data runs at the status stage.
      if (sp.in() || sp.length == 0) {
        if (!dev || !dev->control(sp, ep.data)) {
          ep.setup_pending = false;
          transfer_event(at, dev ? cc::kStall : cc::kTransaction, 0, id, 1);
          return false;
        }
        if (ep.data.size() > sp.length) ep.data.resize(sp.length);
      }
      if (t.control & trb::kIoc) transfer_event(at, cc::kSuccess, 0, id, 1);
      return true;
    }
    case trb::kData:
    case trb::kNormal: {
      const bool last = !(t.control & trb::kChain);
      if (ep.skipping) {
        if (last) ep.skipping = false;
        return true;
      }
      if (!ep.setup_pending) {
        ++counters_.trb_errors;
        transfer_event(at, cc::kTrbError, 0, id, 1);
        return false;
      }
      const uint32_t len = trb_length(t);
      uint32_t moved = 0;
      if (ep.setup.in()) {
        if (t.control & trb::kIdt) {
          transfer_event(at, cc::kTrbError, 0, id, 1);
          return false;
        }
        moved = static_cast<uint32_t>(std::min<size_t>(len, ep.data.size() - ep.offset));
        if (moved && !memory_.write(t.parameter, ep.data.data() + ep.offset, moved)) {
          transfer_event(at, cc::kDataBuffer, len, id, 1);
          return false;
        }
        ep.offset += moved;
      } else {
        const size_t room = std::min<size_t>(ep.setup.length, kMaxControlData) - std::min<size_t>(ep.data.size(), ep.setup.length);
        moved = static_cast<uint32_t>(std::min<size_t>(len, room));
        const size_t old = ep.data.size();
        ep.data.resize(old + moved);
        if (t.control & trb::kIdt) {
          moved = std::min<uint32_t>(moved, 8);
          ep.data.resize(old + moved);
          if (moved) std::memcpy(ep.data.data() + old, &t.parameter, moved);
        } else if (moved && !memory_.read(t.parameter, ep.data.data() + old, moved)) {
          transfer_event(at, cc::kDataBuffer, len, id, 1);
          return false;
        }
      }
      complete_data(id, 1, ep, t, at, len, moved);
      return true;
    }
    case trb::kStatus: {
      ep.skipping = false;
      if (!ep.setup_pending) {
        ++counters_.trb_errors;
        transfer_event(at, cc::kTrbError, 0, id, 1);
        return false;
      }
      ep.setup_pending = false;
      if (!ep.setup.in() && ep.setup.length > 0 && (!dev || !dev->control(ep.setup, ep.data))) {
        transfer_event(at, dev ? cc::kStall : cc::kTransaction, 0, id, 1);
        return false;
      }
      if (t.control & trb::kIoc) transfer_event(at, cc::kSuccess, 0, id, 1);
      return true;
    }
    default: return common_trb(id, 1, ep, t, at);
  }
}

bool XhciController::interrupt_trb(Slot& s, uint8_t id, uint8_t dci, Endpoint& ep, const Trb& t, uint64_t at, bool& wait) {
  if (t.type() != trb::kNormal) return common_trb(id, dci, ep, t, at);
  const bool last = !(t.control & trb::kChain);
  if (ep.skipping) {
    if (last) ep.skipping = false;
    return true;
  }
  if (!ep.has_packet) {
    UsbDevice* dev = device_of(s);
    if (!dev || !dev->interrupt_in(endpoint_address(dci), ep.packet)) {
      wait = true;
      return true;
    }
    ep.has_packet = true;
    ep.td_bytes = 0;
  }
  const uint32_t len = trb_length(t);
  const uint32_t moved = static_cast<uint32_t>(std::min<size_t>(len, ep.packet.size()));
  if (moved && !memory_.write(t.parameter, ep.packet.data(), moved)) {
    ep.has_packet = false;
    transfer_event(at, cc::kDataBuffer, len, id, dci);
    return false;
  }
  ep.packet.erase(ep.packet.begin(), ep.packet.begin() + moved);
  if (last || moved < len) ep.has_packet = false;  // the packet ends with its TD or a short TRB
  complete_data(id, dci, ep, t, at, len, moved);
  return true;
}

}  // namespace tshyve::devices::usb
