// The Intel 82545EM gigabit Ethernet controller (PCI 8086:100F, bhyve's `e1000`) as a PCI function:
// memory BAR 0 (and the I/O BAR 2 window) with the registers of the 8254x SDM §13 (device control/status, EEPROM, MDIC/PHY,
// interrupt cause/mask/throttling and the receive/transmit interrupt delay timers, receive/transmit
// control and rings, receive checksum offload, address filters, statistics),
// interrupts by INTx or MSI (one vector, as bhyve offers), an optional expansion ROM. Frames leave through an injected transmit function
// and arrive through receive().
#pragma once
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "devices/net/e1000_eeprom.h"
#include "devices/net/e1000_phy.h"
#include "devices/net/e1000_regs.h"
#include "devices/net/e1000_rx.h"
#include "devices/net/e1000_tx.h"
#include "devices/pci/msi.h"
#include "devices/pci/pci_bar_device.h"
#include "devices/virtio/device_counters.h"
#include "vmm/guest_memory_view.h"
#include "vmm/interrupt_line.h"

namespace tshyve::devices::net {

struct E1000Options {
  std::array<uint8_t, 6> mac{};
  std::shared_ptr<vmm::InterruptLine> intx;  // INTA# of the slot; may be null
  vmm::MsiRouter* router = nullptr;          // MSI delivery (one vector); null: the capability never fires
  // vCPU thread, device lock held: one Ethernet frame (no FCS) to the wire; false if it was dropped.
  std::function<bool(const uint8_t* frame, size_t len)> transmit;
  // Device lock held: a frame receive() refused for lack of descriptors may now fit (RDT moved,
  // receive enabled). Must not call back into the device; the owner retries receive() later.
  std::function<void()> rx_space;
  // Device lock held: call timer_expired() after `delay_ns` (interrupt throttling and delay
  // timers), replacing any earlier request. Null: delays are not honoured (interrupts at once).
  std::function<void(uint64_t delay_ns)> arm_timer;
  std::function<uint64_t()> clock_ns;  // monotonic; default CLOCK_MONOTONIC
  std::vector<uint8_t> rom;            // expansion ROM image (PCI 3.0 §6.3, iPXE); empty: no ROM BAR
};

class E1000Function : public PciBarDevice {
 public:
  E1000Function(vmm::GuestMemoryView& memory, E1000Options options);

  // PciFunction: vCPU thread (serialised by the PciRoot).
  uint32_t config_read(uint32_t offset, uint32_t size) override;
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override;
  // PciBarDevice: BAR 0, the I/O BAR 2 and the expansion ROM (vCPU thread).
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) override;
  void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) override;
  // Setup thread (direct kernel boot): BAR 0 at `address`, memory decoding and bus mastering on.
  void preassign_bar(uint64_t address);
  void preassign_io_bar(uint16_t port);  // setup thread: BAR 2 at `port`, I/O decoding on

  enum class Receive { kDelivered, kFiltered, kNoRoom, kDropped };
  // Event-loop thread: one frame from the host (no FCS). kNoRoom: keep it; rx_space() says when to retry.
  Receive receive(const uint8_t* frame, size_t len);
  // Event-loop thread: the delay armed through arm_timer has passed.
  void timer_expired();
  const virtio::NetCounters& counters() const { return counters_; }  // any thread

  // Register access as the BAR does it (tests, fuzzers): dword at `offset` (< 128 KiB, aligned).
  uint32_t read_register(uint32_t offset);
  void write_register(uint32_t offset, uint32_t value);

 private:
  void reset_device();  // mu_ held
  void update_rom_decode();
  uint32_t reg_read(uint32_t offset);
  void reg_write(uint32_t offset, uint32_t value);
  void raise(uint32_t causes);
  void update_interrupt(uint32_t pending_before);
  void deliver();
  void set_intx(bool level);
  void run_tx();
  // The device's timers (SDM §13.4.18 ITR, §3.2.7 RDTR/RADV, §3.4.1 TIDV/TADV), all on arm_timer.
  enum Timer { kThrottle, kRxPacket, kRxAbsolute, kTxPacket, kTxAbsolute, kTimers };
  bool start_delay(Timer packet, Timer absolute, uint32_t packet_units, uint32_t absolute_units);
  void rearm_timer();
  void rx_interrupt();  // RXT0 now; the receive delay timers stop
  void tx_interrupt();  // TXDW now; the transmit delay timers stop
  e1000::RxRing rx_ring() const;
  uint32_t* plain_register(uint32_t offset);

  vmm::GuestMemoryView& memory_;
  E1000Options options_;
  PciConfigSpace config_;
  MsiCapability msi_;
  uint64_t rom_size_ = 0;  // the ROM image padded to a power of two; 0: none

  std::mutex mu_;  // guards everything below (vCPU MMIO, event-loop receive/timer)
  e1000::Eeprom eeprom_;
  e1000::Phy phy_;
  e1000::TxEngine tx_;
  uint32_t ctrl_ = 0, eerd_ = 0, mdic_ = 0;
  uint32_t ioaddr_ = 0;  // IOADDR: the register IODATA reaches
  uint32_t icr_ = 0, ims_ = 0, itr_ = 0;
  uint32_t tctl_ = 0;
  uint32_t rdbal_ = 0, rdbah_ = 0, rdlen_ = 0, rdh_ = 0, rdt_ = 0;
  uint32_t tdbal_ = 0, tdbah_ = 0, tdlen_ = 0, tdh_ = 0, tdt_ = 0;
  e1000::RxFilterState filter_;
  std::array<uint32_t, 32> plain_{};  // registers kept as written (flow control, delays, thresholds...)
  std::array<uint64_t, (e1000::reg::kStatsEnd - e1000::reg::kStatsStart) / 4> stats_{};  // clear on read
  bool rx_waiting_ = false, rx_broken_ = false;
  bool intx_level_ = false, intx_line_ = false;  // wanted level / what the line carries
  bool throttle_deferred_ = false;
  uint64_t next_interrupt_ns_ = 0;
  std::array<uint64_t, kTimers> deadline_ns_{};  // 0: not running
  uint64_t armed_ns_ = 0;                        // what arm_timer was last asked for, until it fires
  std::vector<uint8_t> rx_frame_;                // the frame padded and with its FCS (event-loop thread)
  virtio::NetCounters counters_;
};

}  // namespace tshyve::devices::net
