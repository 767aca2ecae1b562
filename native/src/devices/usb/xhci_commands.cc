// xHCI command ring (xHCI 1.2 §4.6): Enable/Disable Slot, Address Device, Configure Endpoint,
// Evaluate Context, Reset/Stop Endpoint, Set TR Dequeue Pointer, Reset Device and No-Op, each
// answered by a Command Completion Event; slot and endpoint contexts (§6.2) kept here and
// written to the output device context named by the DCBAA.
#include <cstring>

#include "devices/usb/xhci_controller.h"
#include "vmm/log.h"

namespace tshyve::devices::usb {

using namespace xhci;

namespace {
constexpr int kMaxCommandsPerDoorbell = 256;
constexpr uint32_t kAddSlot = 1u << 0, kAddEp0 = 1u << 1;
}  // namespace

XhciController::Slot* XhciController::slot(uint8_t id) {
  if (id == 0 || id > kMaxSlots || !slots_[id].enabled) return nullptr;
  return &slots_[id];
}

void XhciController::run_commands() {
  if (!(usbcmd_ & cmd::kRun)) return;
  command_ring_running_ = true;
  for (int n = 0; n < kMaxCommandsPerDoorbell && command_ring_running_; ++n) {
    Trb t;
    uint64_t at = 0;
    const auto f = command_ring_.peek(memory_, t, at);
    if (f == RingCursor::Fetch::kEmpty) return;
    if (f == RingCursor::Fetch::kError) {
      ++counters_.trb_errors;
      vmm::guest_log("xhci: command ring at 0x%llx is outside RAM or loops; ring stopped",
                     static_cast<unsigned long long>(command_ring_.dequeue));
      command_ring_running_ = false;
      return;
    }
    command_ring_.advance();
    ++counters_.commands;
    uint8_t slot_id = t.slot();
    const uint8_t code = execute_command(t, at, slot_id);
    command_done(at, code, slot_id);
  }
}

uint8_t XhciController::execute_command(const Trb& t, uint64_t at, uint8_t& slot_id) {
  switch (t.type()) {
    case trb::kNoOpCommand: slot_id = 0; return cc::kSuccess;
    case trb::kEnableSlot: return enable_slot(slot_id);
    case trb::kDisableSlot: {
      Slot* s = slot(slot_id);
      if (!s) return cc::kSlotNotEnabled;
      *s = Slot{};
      return cc::kSuccess;
    }
    case trb::kAddressDevice: return address_device(slot_id, t.parameter & ~uint64_t{0xf}, t.control & trb::kBsr);
    case trb::kConfigureEndpoint: return configure_endpoint(slot_id, t.parameter & ~uint64_t{0xf}, t.control & trb::kDeconfigure);
    case trb::kEvaluateContext: return evaluate_context(slot_id, t.parameter & ~uint64_t{0xf});
    case trb::kResetEndpoint: return reset_endpoint(slot_id, t.endpoint());
    case trb::kStopEndpoint: return stop_endpoint(slot_id, t.endpoint());
    case trb::kSetTrDequeue: return set_tr_dequeue(slot_id, t.endpoint(), t.parameter);
    case trb::kResetDevice: return reset_device(slot_id);
    default: ++counters_.trb_errors; return cc::kTrbError;
  }
}

uint8_t XhciController::enable_slot(uint8_t& slot_id) {
  for (uint8_t id = 1; id <= kMaxSlots && id <= config_; ++id) {
    if (slots_[id].enabled) continue;
    slots_[id] = Slot{};
    slots_[id].enabled = true;
    slot_id = id;
    return cc::kSuccess;
  }
  slot_id = 0;
  return cc::kNoSlots;
}

bool XhciController::read_input_context(uint64_t input, std::array<std::array<uint32_t, 8>, 33>& out) {
  if (!input || !memory_.read(input, out.data(), sizeof out)) return false;
  return true;
}

void XhciController::write_context(Slot& s, uint8_t dci) {
  if (dci) {
    const Endpoint& ep = s.eps[dci];
    const uint64_t tr = (ep.ring.dequeue & ~uint64_t{0xf}) | (ep.ring.cycle ? 1 : 0);
    s.ctx[dci][2] = static_cast<uint32_t>(tr);
    s.ctx[dci][3] = static_cast<uint32_t>(tr >> 32);
  }
  if (!memory_.write(s.context + uint64_t{dci} * kContextSize, s.ctx[dci].data(), kContextSize))
    vmm::guest_log("xhci: device context at 0x%llx is not writable RAM", static_cast<unsigned long long>(s.context));
}

void XhciController::load_endpoint(Slot& s, uint8_t dci, const std::array<uint32_t, 8>& ctx) {
  s.ctx[dci] = ctx;
  Endpoint& ep = s.eps[dci];
  ep = Endpoint{};
  ep.ring.dequeue = ((uint64_t{ctx[3]} << 32) | ctx[2]) & ~uint64_t{0xf};
  ep.ring.cycle = ctx[2] & 1;
  s.set_ep_state(dci, kEpRunning);
  write_context(s, dci);
}

void XhciController::disable_endpoint(Slot& s, uint8_t dci) {
  s.eps[dci] = Endpoint{};
  s.set_ep_state(dci, kEpDisabled);
  write_context(s, dci);
}

uint8_t XhciController::address_device(uint8_t id, uint64_t input, bool bsr) {
  Slot* s = slot(id);
  if (!s) return cc::kSlotNotEnabled;
  if (!(s->state() == kSlotDisabled || (s->state() == kSlotDefault && !bsr))) return cc::kContextState;
  std::array<std::array<uint32_t, 8>, 33> in;
  if (!read_input_context(input, in)) return cc::kParameter;
  if ((in[0][1] & (kAddSlot | kAddEp0)) != (kAddSlot | kAddEp0)) return cc::kParameter;
  const uint8_t port = static_cast<uint8_t>(in[1][1] >> 16);
  if (port < 1 || port > kMaxPorts || !devices_[port - 1] || !(portsc_[port - 1] & portsc::kPed)) return cc::kTransaction;
  uint64_t context = 0;
  if (!dcbaap_ || !memory_.read(dcbaap_ + uint64_t{id} * 8, &context, 8)) return cc::kParameter;
  context &= ~uint64_t{0x3f};
  if (!context || !memory_.translate_writable(context, uint64_t{kContextSize} * 32)) return cc::kParameter;
  const uint64_t tr = (uint64_t{in[2][3]} << 32) | in[2][2];
  if ((tr & ~uint64_t{0xf}) == 0) return cc::kParameter;
  s->context = context;
  s->ctx[0] = in[1];
  s->ctx[0][3] = bsr ? 0 : id;  // USB device address
  s->set_state(bsr ? kSlotDefault : kSlotAddressed);
  load_endpoint(*s, 1, in[2]);
  write_context(*s, 0);
  return cc::kSuccess;
}

uint8_t XhciController::configure_endpoint(uint8_t id, uint64_t input, bool deconfigure) {
  Slot* s = slot(id);
  if (!s) return cc::kSlotNotEnabled;
  if (s->state() != kSlotAddressed && s->state() != kSlotConfigured) return cc::kContextState;
  if (deconfigure) {
    for (uint8_t dci = 2; dci <= kMaxEndpoints; ++dci)
      if (s->ep_state(dci) != kEpDisabled) disable_endpoint(*s, dci);
    s->set_state(kSlotAddressed);
    write_context(*s, 0);
    return cc::kSuccess;
  }
  std::array<std::array<uint32_t, 8>, 33> in;
  if (!read_input_context(input, in)) return cc::kParameter;
  const uint32_t drop = in[0][0], add = in[0][1];
  for (uint8_t dci = 2; dci <= kMaxEndpoints; ++dci) {
    if (!(add & (1u << dci))) continue;
    const uint64_t tr = (uint64_t{in[dci + 1][3]} << 32) | in[dci + 1][2];
    const uint8_t type = static_cast<uint8_t>((in[dci + 1][1] >> 3) & 7);
    if ((tr & ~uint64_t{0xf}) == 0 || type == 0) return cc::kParameter;
  }
  for (uint8_t dci = 2; dci <= kMaxEndpoints; ++dci)
    if ((drop & (1u << dci)) && s->ep_state(dci) != kEpDisabled) disable_endpoint(*s, dci);
  bool any = false;
  for (uint8_t dci = 2; dci <= kMaxEndpoints; ++dci) {
    if (add & (1u << dci)) load_endpoint(*s, dci, in[dci + 1]);
    any = any || s->ep_state(dci) != kEpDisabled;
  }
  if (add & kAddSlot) s->ctx[0][0] = (s->ctx[0][0] & 0x07ffffffu) | (in[1][0] & 0xf8000000u);  // Context Entries
  s->set_state(any ? kSlotConfigured : kSlotAddressed);
  write_context(*s, 0);
  return cc::kSuccess;
}

uint8_t XhciController::evaluate_context(uint8_t id, uint64_t input) {
  Slot* s = slot(id);
  if (!s) return cc::kSlotNotEnabled;
  if (s->state() == kSlotDisabled) return cc::kContextState;
  std::array<std::array<uint32_t, 8>, 33> in;
  if (!read_input_context(input, in)) return cc::kParameter;
  const uint32_t add = in[0][1];
  if (add & kAddSlot) {
    s->ctx[0][1] = (s->ctx[0][1] & 0xffff0000u) | (in[1][1] & 0xffffu);      // Max Exit Latency
    s->ctx[0][2] = (s->ctx[0][2] & 0x003fffffu) | (in[1][2] & 0xffc00000u);  // Interrupter Target
    write_context(*s, 0);
  }
  if (add & kAddEp0) {
    s->ctx[1][1] = (s->ctx[1][1] & 0xffffu) | (in[2][1] & 0xffff0000u);  // Max Packet Size
    write_context(*s, 1);
  }
  return cc::kSuccess;
}

uint8_t XhciController::reset_endpoint(uint8_t id, uint8_t dci) {
  Slot* s = slot(id);
  if (!s) return cc::kSlotNotEnabled;
  if (dci < 1 || s->ep_state(dci) == kEpDisabled) return cc::kEndpointNotEnabled;
  if (s->ep_state(dci) != kEpHalted) return cc::kContextState;
  Endpoint& ep = s->eps[dci];
  const RingCursor ring = ep.ring;
  ep = Endpoint{};
  ep.ring = ring;
  s->set_ep_state(dci, kEpStopped);
  write_context(*s, dci);
  return cc::kSuccess;
}

uint8_t XhciController::stop_endpoint(uint8_t id, uint8_t dci) {
  Slot* s = slot(id);
  if (!s) return cc::kSlotNotEnabled;
  if (dci < 1 || s->ep_state(dci) == kEpDisabled) return cc::kEndpointNotEnabled;
  if (s->ep_state(dci) == kEpHalted) return cc::kContextState;
  Endpoint& ep = s->eps[dci];
  ep.setup_pending = ep.has_packet = ep.skipping = false;
  s->set_ep_state(dci, kEpStopped);
  write_context(*s, dci);
  return cc::kSuccess;
}

uint8_t XhciController::set_tr_dequeue(uint8_t id, uint8_t dci, uint64_t pointer) {
  Slot* s = slot(id);
  if (!s) return cc::kSlotNotEnabled;
  if (dci < 1 || s->ep_state(dci) == kEpDisabled) return cc::kEndpointNotEnabled;
  if (s->ep_state(dci) != kEpStopped && s->ep_state(dci) != kEpError) return cc::kContextState;
  if ((pointer & ~uint64_t{0xf}) == 0) return cc::kParameter;
  Endpoint& ep = s->eps[dci];
  ep = Endpoint{};
  ep.ring.dequeue = pointer & ~uint64_t{0xf};
  ep.ring.cycle = pointer & 1;
  write_context(*s, dci);
  return cc::kSuccess;
}

uint8_t XhciController::reset_device(uint8_t id) {
  Slot* s = slot(id);
  if (!s) return cc::kSlotNotEnabled;
  if (s->state() == kSlotDisabled || s->state() == kSlotDefault) return cc::kContextState;
  for (uint8_t dci = 2; dci <= kMaxEndpoints; ++dci)
    if (s->ep_state(dci) != kEpDisabled) disable_endpoint(*s, dci);
  if (UsbDevice* d = device_of(*s)) d->reset();
  s->ctx[0][3] &= ~0xffu;
  s->set_state(kSlotDefault);
  write_context(*s, 0);
  return cc::kSuccess;
}

}  // namespace tshyve::devices::usb
