// The xHCI host controller (xHCI 1.2): capability, operational, runtime and doorbell registers, one
// interrupter, the command ring, device slots whose contexts live in guest memory, EP0 control
// transfers and interrupt-IN transfers, and root-hub ports with one attached USB device each.
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "devices/usb/usb_device.h"
#include "devices/usb/xhci_rings.h"
#include "devices/usb/xhci_spec.h"
#include "vmm/guest_memory_view.h"

namespace tshyve::devices::usb {

// How the controller raises its interrupter (the PCI function: MSI-X vector 0 or INTA#).
class XhciInterrupts {
 public:
  virtual ~XhciInterrupts() = default;
  virtual bool msix_enabled() = 0;
  virtual void msix_signal() = 0;
  virtual void set_intx(bool level) = 0;
};

class XhciController {
 public:
  // `devices[i]` is attached to root port i+1 (null: nothing connected). `clock_ns` feeds MFINDEX.
  XhciController(vmm::GuestMemoryView& memory, XhciInterrupts& irq, std::array<std::shared_ptr<UsbDevice>, xhci::kMaxPorts> devices,
                 std::function<uint64_t()> clock_ns = {});
  ~XhciController();
  XhciController(const XhciController&) = delete;
  XhciController& operator=(const XhciController&) = delete;

  // vCPU thread: BAR 0 accesses below the MSI-X table (any width; dword registers take 4- and
  // 8-byte writes, narrower writes are ignored).
  void read(uint64_t offset, uint8_t* data, uint32_t size);
  void write(uint64_t offset, const uint8_t* data, uint32_t size);
  // Config-write path: MSI-X enable or the interrupt disable bit changed.
  void interrupt_mode_changed();

  struct Counters {
    uint64_t commands = 0, transfers = 0, events = 0, events_dropped = 0, trb_errors = 0;
  };
  Counters counters() const;

 private:
  struct Endpoint {
    xhci::RingCursor ring;
    // EP0: the control transfer in progress (from its setup stage to its status stage).
    bool setup_pending = false;
    SetupPacket setup;
    std::vector<uint8_t> data;
    size_t offset = 0;
    // Interrupt IN: the packet being placed in the current TD.
    bool has_packet = false;
    std::vector<uint8_t> packet;
    // Within a TD: skipping to its end after a short packet; bytes since the last event data TRB.
    bool skipping = false;
    uint32_t td_bytes = 0;
  };
  struct Slot {
    bool enabled = false;
    uint64_t context = 0;                           // output device context (DCBAA entry)
    std::array<std::array<uint32_t, 8>, 32> ctx{};  // slot context [0] and endpoint contexts [1..31]
    std::array<Endpoint, 32> eps;
    uint8_t port() const { return static_cast<uint8_t>(ctx[0][1] >> 16); }
    uint8_t state() const { return static_cast<uint8_t>(ctx[0][3] >> 27); }
    void set_state(uint8_t s) { ctx[0][3] = (ctx[0][3] & 0x07ffffffu) | (uint32_t{s} << 27); }
    uint8_t ep_state(uint8_t dci) const { return static_cast<uint8_t>(ctx[dci][0] & 7); }
    void set_ep_state(uint8_t dci, uint8_t s) { ctx[dci][0] = (ctx[dci][0] & ~7u) | s; }
    uint8_t ep_type(uint8_t dci) const { return static_cast<uint8_t>((ctx[dci][1] >> 3) & 7); }
  };

  uint32_t read_register(uint32_t offset);
  void write_register(uint32_t offset, uint32_t value);
  void write_usbcmd(uint32_t value);
  void write_portsc(uint8_t port, uint32_t value);
  void write_interrupter(uint32_t offset, uint32_t value);
  void reset_controller();
  void reset_port(uint8_t port, bool connected_at_init);

  // Events and the interrupter.
  void post_event(const xhci::Trb& event);
  void command_done(uint64_t at, uint8_t code, uint8_t slot);
  void transfer_event(uint64_t pointer, uint8_t code, uint32_t residual, uint8_t slot, uint8_t dci, bool event_data = false);
  void port_event(uint8_t port);
  void set_port_change(uint8_t port, uint32_t bits);
  void raise_interrupt();
  void update_intx();

  // Command ring.
  void run_commands();
  uint8_t execute_command(const xhci::Trb& t, uint64_t at, uint8_t& slot_out);
  uint8_t enable_slot(uint8_t& slot_out);
  uint8_t address_device(uint8_t id, uint64_t input, bool bsr);
  uint8_t configure_endpoint(uint8_t id, uint64_t input, bool deconfigure);
  uint8_t evaluate_context(uint8_t id, uint64_t input);
  uint8_t reset_endpoint(uint8_t id, uint8_t dci);
  uint8_t stop_endpoint(uint8_t id, uint8_t dci);
  uint8_t set_tr_dequeue(uint8_t id, uint8_t dci, uint64_t pointer);
  uint8_t reset_device(uint8_t id);
  Slot* slot(uint8_t id);
  bool read_input_context(uint64_t input, std::array<std::array<uint32_t, 8>, 33>& out);
  void write_context(Slot& s, uint8_t dci);
  void load_endpoint(Slot& s, uint8_t dci, const std::array<uint32_t, 8>& ctx);
  void disable_endpoint(Slot& s, uint8_t dci);

  // Transfer rings.
  void ring_doorbell(uint8_t slot, uint8_t target);
  void run_endpoint(uint8_t id, uint8_t dci);
  bool control_trb(Slot& s, uint8_t id, Endpoint& ep, const xhci::Trb& t, uint64_t at);
  bool interrupt_trb(Slot& s, uint8_t id, uint8_t dci, Endpoint& ep, const xhci::Trb& t, uint64_t at, bool& wait);
  bool common_trb(uint8_t id, uint8_t dci, Endpoint& ep, const xhci::Trb& t, uint64_t at);
  void complete_data(uint8_t id, uint8_t dci, Endpoint& ep, const xhci::Trb& t, uint64_t at, uint32_t len, uint32_t moved);
  void halt_endpoint(Slot& s, uint8_t dci);
  UsbDevice* device_of(const Slot& s);
  void device_data_ready();

  vmm::GuestMemoryView& memory_;
  XhciInterrupts& irq_;
  std::array<std::shared_ptr<UsbDevice>, xhci::kMaxPorts> devices_;
  std::function<uint64_t()> clock_ns_;
  uint64_t clock_start_ = 0;

  mutable std::mutex mu_;
  uint32_t usbcmd_ = 0, usbsts_ = xhci::sts::kHalted, dnctrl_ = 0, config_ = 0;
  uint64_t dcbaap_ = 0;
  uint64_t crcr_ = 0;  // pointer and RCS as last written while stopped
  bool command_ring_running_ = false;
  xhci::RingCursor command_ring_;
  std::array<uint32_t, xhci::kMaxPorts> portsc_{};
  uint32_t iman_ = 0, imod_ = 0x4000, erstsz_ = 0;
  uint64_t erstba_ = 0, erdp_ = 0;
  bool event_busy_ = false;  // ERDP.EHB
  xhci::EventRing events_;
  std::array<Slot, xhci::kMaxSlots + 1> slots_;  // index = slot ID, 0 unused
  Counters counters_;
};

}  // namespace tshyve::devices::usb
