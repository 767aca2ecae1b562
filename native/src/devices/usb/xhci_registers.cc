// xHCI register file (xHCI 1.2 §5): capability registers and the supported protocol capability
// (§7.2), USBCMD/USBSTS/CRCR/DCBAAP/CONFIG, PORTSC with its RW1C change bits and port reset
// (§4.19.5), interrupter 0 (IMAN, IMOD, ERSTSZ, ERSTBA, ERDP), MFINDEX and the doorbell array.
#include <chrono>
#include <cstring>

#include "devices/usb/xhci_controller.h"

namespace tshyve::devices::usb {

using namespace xhci;

namespace {
constexpr uint32_t kHcsParams1 = kMaxSlots | (1u << 8) | (uint32_t{kMaxPorts} << 24);
constexpr uint32_t kHcsParams2 = uint32_t{kErstMax} << 4;
constexpr uint32_t kHccParams1 = 1u /* AC64 */ | ((kExtCapOffset / 4) << 16);
// Supported Protocol Capability: USB 2.0 on ports 1..kMaxPorts, the last capability.
constexpr uint32_t kProtocolCap[4] = {0x02000002u, 0x20425355u /* "USB " */, 1u | (uint32_t{kMaxPorts} << 8), 0};
uint64_t steady_ns() {
  return static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count());
}
}  // namespace

XhciController::XhciController(vmm::GuestMemoryView& memory, XhciInterrupts& irq, std::array<std::shared_ptr<UsbDevice>, kMaxPorts> devices,
                               std::function<uint64_t()> clock_ns)
    : memory_(memory), irq_(irq), devices_(std::move(devices)), clock_ns_(clock_ns ? std::move(clock_ns) : steady_ns) {
  clock_start_ = clock_ns_();
  for (auto& d : devices_)
    if (d) d->set_data_ready([this] { device_data_ready(); });
  std::lock_guard<std::mutex> lock(mu_);
  reset_controller();
}

XhciController::~XhciController() {
  for (auto& d : devices_)
    if (d) d->set_data_ready({});
}

XhciController::Counters XhciController::counters() const {
  std::lock_guard<std::mutex> lock(mu_);
  Counters c = counters_;
  c.events_dropped = events_.dropped();
  return c;
}

void XhciController::reset_controller() {
  usbcmd_ = 0;
  usbsts_ = sts::kHalted;
  dnctrl_ = config_ = 0;
  dcbaap_ = crcr_ = 0;
  command_ring_running_ = false;
  command_ring_ = {};
  iman_ = 0;
  imod_ = 0x4000;
  erstsz_ = 0;
  erstba_ = erdp_ = 0;
  event_busy_ = false;
  events_.reset();
  for (auto& s : slots_) s = Slot{};
  for (uint8_t p = 1; p <= kMaxPorts; ++p) reset_port(p, true);
  update_intx();
}

// A connected USB 2 port is Disabled (PLS Polling) until software resets it (§4.19.1.1).
void XhciController::reset_port(uint8_t port, bool connected_at_init) {
  uint32_t& sc = portsc_[port - 1];
  sc = portsc::kPp;
  if (devices_[port - 1]) {
    sc |= portsc::kCcs | (portsc::kSpeedHigh << portsc::kSpeedShift) | (portsc::kPlsPolling << portsc::kPlsShift);
    if (connected_at_init) sc |= portsc::kCsc;
  } else {
    sc |= 5u << portsc::kPlsShift;  // RxDetect
  }
}

void XhciController::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  uint32_t cached_at = ~0u, dword = 0;
  for (uint32_t i = 0; i < size; ++i) {
    const uint64_t at = offset + i;
    if (at >= kMsixTable) {
      data[i] = 0;
      continue;
    }
    const uint32_t aligned = static_cast<uint32_t>(at & ~uint64_t{3});
    if (aligned != cached_at) {
      dword = read_register(aligned);
      cached_at = aligned;
    }
    data[i] = static_cast<uint8_t>(dword >> (8 * (at & 3)));
  }
}

void XhciController::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if ((size != 4 && size != 8) || (offset & 3) || offset + size > kMsixTable) return;
  std::lock_guard<std::mutex> lock(mu_);
  for (uint32_t i = 0; i < size; i += 4) {
    uint32_t v;
    std::memcpy(&v, data + i, 4);
    write_register(static_cast<uint32_t>(offset + i), v);
  }
}

uint32_t XhciController::read_register(uint32_t off) {
  if (off < kCapLength) {
    switch (off) {
      case 0x00: return kCapLength | (uint32_t{kHciVersion} << 16);
      case 0x04: return kHcsParams1;
      case 0x08: return kHcsParams2;
      case 0x10: return kHccParams1;
      case 0x14: return kDoorbellOffset;
      case 0x18: return kRuntimeOffset;
      default:
        if (off >= kExtCapOffset && off < kExtCapOffset + sizeof kProtocolCap) return kProtocolCap[(off - kExtCapOffset) / 4];
        return 0;
    }
  }
  if (off < kRuntimeOffset) {
    const uint32_t o = off - kCapLength;
    if (o >= op::kPorts) {
      const uint32_t index = (o - op::kPorts) / op::kPortStride;
      return index < kMaxPorts && (o - op::kPorts) % op::kPortStride == 0 ? portsc_[index] : 0;
    }
    switch (o) {
      case op::kUsbCmd: return usbcmd_;
      case op::kUsbSts: return usbsts_;
      case op::kPageSize: return 1;  // 4 KiB pages
      case op::kDnCtrl: return dnctrl_;
      case op::kCrcrLo: return command_ring_running_ ? static_cast<uint32_t>(crcr::kCrr) : 0;
      case op::kDcbaapLo: return static_cast<uint32_t>(dcbaap_);
      case op::kDcbaapHi: return static_cast<uint32_t>(dcbaap_ >> 32);
      case op::kConfig: return config_;
      default: return 0;
    }
  }
  if (off < kDoorbellOffset) {
    const uint32_t o = off - kRuntimeOffset;
    if (o == rt::kMfindex) return static_cast<uint32_t>(((clock_ns_() - clock_start_) / 125000) & 0x3fff);
    switch (o) {
      case rt::kIr0 + rt::kIman: return iman_;
      case rt::kIr0 + rt::kImod: return imod_;
      case rt::kIr0 + rt::kErstsz: return erstsz_;
      case rt::kIr0 + rt::kErstbaLo: return static_cast<uint32_t>(erstba_);
      case rt::kIr0 + rt::kErstbaHi: return static_cast<uint32_t>(erstba_ >> 32);
      case rt::kIr0 + rt::kErdpLo: return static_cast<uint32_t>(erdp_) | (event_busy_ ? static_cast<uint32_t>(rt::kErdpBusy) : 0);
      case rt::kIr0 + rt::kErdpHi: return static_cast<uint32_t>(erdp_ >> 32);
      default: return 0;
    }
  }
  return 0;  // doorbells read as 0
}

void XhciController::write_register(uint32_t off, uint32_t v) {
  if (off < kCapLength) return;
  if (off < kRuntimeOffset) {
    const uint32_t o = off - kCapLength;
    if (o >= op::kPorts) {
      const uint32_t index = (o - op::kPorts) / op::kPortStride;
      if (index < kMaxPorts && (o - op::kPorts) % op::kPortStride == 0) write_portsc(static_cast<uint8_t>(index + 1), v);
      return;
    }
    switch (o) {
      case op::kUsbCmd: write_usbcmd(v); break;
      case op::kUsbSts:
        usbsts_ &= ~(v & sts::kW1c);
        update_intx();
        break;
      case op::kDnCtrl: dnctrl_ = v & 0xffff; break;
      case op::kCrcrLo:
        if (command_ring_running_) {
          if (v & (crcr::kCs | crcr::kCa)) {
            command_ring_running_ = false;
            command_done(command_ring_.dequeue, (v & crcr::kCa) ? cc::kCommandAborted : cc::kCommandRingStopped, 0);
          }
          break;
        }
        crcr_ = (crcr_ & ~uint64_t{0xffffffff}) | (v & (crcr::kPointerMask | crcr::kRcs));
        command_ring_.dequeue = crcr_ & crcr::kPointerMask;
        command_ring_.cycle = crcr_ & crcr::kRcs;
        break;
      case op::kCrcrHi:
        if (command_ring_running_) break;
        crcr_ = (crcr_ & 0xffffffffu) | (uint64_t{v} << 32);
        command_ring_.dequeue = crcr_ & crcr::kPointerMask;
        break;
      case op::kDcbaapLo: dcbaap_ = (dcbaap_ & ~uint64_t{0xffffffff}) | (v & ~0x3fu); break;
      case op::kDcbaapHi: dcbaap_ = (dcbaap_ & 0xffffffffu) | (uint64_t{v} << 32); break;
      case op::kConfig: config_ = std::min<uint32_t>(v & 0xff, kMaxSlots); break;
      default: break;
    }
    return;
  }
  if (off < kDoorbellOffset) {
    const uint32_t o = off - kRuntimeOffset;
    if (o >= rt::kIr0 && o < rt::kIr0 + 0x20) write_interrupter(o - rt::kIr0, v);
    return;
  }
  const uint32_t db = (off - kDoorbellOffset) / 4;
  if (db <= kMaxSlots) ring_doorbell(static_cast<uint8_t>(db), static_cast<uint8_t>(v & 0xff));
}

void XhciController::write_usbcmd(uint32_t v) {
  if (v & cmd::kReset) {
    reset_controller();
    return;
  }
  const bool was_running = usbcmd_ & cmd::kRun;
  usbcmd_ = v & cmd::kWritable;
  if ((usbcmd_ & cmd::kRun) && !was_running) {
    usbsts_ &= ~sts::kHalted;
    for (uint8_t p = 1; p <= kMaxPorts; ++p)
      if (portsc_[p - 1] & portsc::kChangeBits) port_event(p);
  } else if (!(usbcmd_ & cmd::kRun) && was_running) {
    usbsts_ |= sts::kHalted;
    command_ring_running_ = false;
  }
  update_intx();
}

void XhciController::write_portsc(uint8_t port, uint32_t v) {
  uint32_t& sc = portsc_[port - 1];
  sc &= ~(v & portsc::kChangeBits);
  sc = (sc & ~portsc::kWakeBits) | (v & portsc::kWakeBits);
  if ((v & portsc::kPed) && (sc & portsc::kPed)) sc &= ~(portsc::kPed | portsc::kPlsMask);  // software disables the port
  if ((v & portsc::kPr) && (sc & portsc::kCcs)) {
    devices_[port - 1]->reset();
    sc = (sc & ~portsc::kPlsMask) | portsc::kPed | (portsc::kPlsU0 << portsc::kPlsShift);
    set_port_change(port, portsc::kPrc);
    return;
  }
  if ((v & portsc::kLws) && (sc & portsc::kPed)) {
    const uint32_t want = (v & portsc::kPlsMask) >> portsc::kPlsShift, now = (sc & portsc::kPlsMask) >> portsc::kPlsShift;
    if (want == portsc::kPlsU3 || (want == portsc::kPlsU0 && now == portsc::kPlsU3) ||
        (want == portsc::kPlsResume && now == portsc::kPlsU3)) {
      const uint32_t to = want == portsc::kPlsU3 ? portsc::kPlsU3 : portsc::kPlsU0;
      sc = (sc & ~portsc::kPlsMask) | (to << portsc::kPlsShift);
      if (to == portsc::kPlsU0) set_port_change(port, portsc::kPlc);
    }
  }
}

void XhciController::set_port_change(uint8_t port, uint32_t bits) {
  uint32_t& sc = portsc_[port - 1];
  const bool fresh = (sc & bits) != bits;
  sc |= bits;
  usbsts_ |= sts::kPortChange;
  if (fresh) port_event(port);
}

void XhciController::write_interrupter(uint32_t o, uint32_t v) {
  switch (o) {
    case rt::kIman: {
      if (v & rt::kImanIp) iman_ &= ~rt::kImanIp;
      const bool was_enabled = iman_ & rt::kImanIe;
      iman_ = (iman_ & ~rt::kImanIe) | (v & rt::kImanIe);
      update_intx();
      if (!was_enabled && (iman_ & rt::kImanIe) && (iman_ & rt::kImanIp) && irq_.msix_enabled() && (usbcmd_ & cmd::kIntEnable))
        irq_.msix_signal();
      break;
    }
    case rt::kImod: imod_ = v; break;
    case rt::kErstsz:
      erstsz_ = v & 0xffff;
      events_.set_table_size(static_cast<uint16_t>(erstsz_));
      break;
    case rt::kErstbaLo:
      erstba_ = (erstba_ & ~uint64_t{0xffffffff}) | (v & ~0x3fu);
      events_.set_table_base(erstba_);
      break;
    case rt::kErstbaHi:
      erstba_ = (erstba_ & 0xffffffffu) | (uint64_t{v} << 32);
      events_.set_table_base(erstba_);
      break;
    case rt::kErdpLo:
      if (v & rt::kErdpBusy) event_busy_ = false;
      erdp_ = (erdp_ & ~uint64_t{0xffffffff}) | (v & ~0xfu);
      events_.set_dequeue(erdp_);
      if (!event_busy_ && events_.pending()) raise_interrupt();
      break;
    case rt::kErdpHi:
      erdp_ = (erdp_ & 0xffffffffu) | (uint64_t{v} << 32);
      events_.set_dequeue(erdp_);
      break;
    default: break;
  }
}

// Interrupter 0 (§4.17): IP set with each event batch; delivered by MSI-X, else INTA# follows
// IP && IE && USBCMD.INTE.
void XhciController::raise_interrupt() {
  event_busy_ = true;
  usbsts_ |= sts::kEventInt;
  const bool was_pending = iman_ & rt::kImanIp;
  iman_ |= rt::kImanIp;
  if (irq_.msix_enabled()) {
    if (!was_pending && (iman_ & rt::kImanIe) && (usbcmd_ & cmd::kIntEnable)) irq_.msix_signal();
    return;
  }
  update_intx();
}

void XhciController::update_intx() {
  irq_.set_intx(!irq_.msix_enabled() && (iman_ & rt::kImanIp) && (iman_ & rt::kImanIe) && (usbcmd_ & cmd::kIntEnable));
}

void XhciController::interrupt_mode_changed() {
  std::lock_guard<std::mutex> lock(mu_);
  update_intx();
}

void XhciController::post_event(const Trb& event) {
  if (usbsts_ & sts::kHostControllerError) return;
  switch (events_.push(memory_, event)) {
    case EventRing::Push::kWritten: ++counters_.events, raise_interrupt(); break;
    case EventRing::Push::kFull: break;
    case EventRing::Push::kError: usbsts_ |= sts::kHostControllerError; break;
  }
}

void XhciController::command_done(uint64_t at, uint8_t code, uint8_t slot) {
  post_event({at, uint32_t{code} << 24, (uint32_t{trb::kCommandCompletion} << 10) | (uint32_t{slot} << 24)});
}

void XhciController::transfer_event(uint64_t pointer, uint8_t code, uint32_t residual, uint8_t slot, uint8_t dci, bool event_data) {
  post_event(
      {pointer, (uint32_t{code} << 24) | (residual & 0xffffff),
       (uint32_t{trb::kTransferEvent} << 10) | (uint32_t{dci} << 16) | (uint32_t{slot} << 24) | (event_data ? trb::kEventDataFlag : 0)});
}

void XhciController::port_event(uint8_t port) {
  if (!(usbcmd_ & cmd::kRun)) return;
  post_event({uint64_t{port} << 24, uint32_t{cc::kSuccess} << 24, uint32_t{trb::kPortStatusChange} << 10});
}

}  // namespace tshyve::devices::usb
