// A 16550A UART chip model (PC16550D datasheet; register behaviour cross-checked with bhyve
// uart_emul.c): RBR/THR, IER, IIR/FCR, LCR, MCR, LSR, MSR, SCR, DLAB divisor latch, loopback.
#pragma once
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>

#include "vmm/bus_device.h"
#include "vmm/interrupt_line.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

class Uart16550 : public vmm::BusDevice {
 public:
  // Receives transmitted bytes (vCPU thread, called with the UART lock held; must not call back in).
  using Sink = std::function<void(const uint8_t* data, size_t len)>;
  static constexpr size_t kRxQueueMax = 4096;  // host-side input buffering beyond the 16-byte FIFO

  Uart16550(std::shared_ptr<vmm::InterruptLine> irq, Sink sink);
  // vCPU thread.
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;
  // Any thread: bytes typed on the host side. Returns how many were accepted.
  size_t enqueue_input(const uint8_t* data, size_t len);
  // Snapshot state (vmm/snapshot_state.h): save any thread; restore before the VM starts (false
  // when the bytes are garbled: the device keeps its reset state).
  void save_state(vmm::StateWriter& out) const;
  bool restore_state(vmm::StateReader& in);

 private:
  uint8_t read_reg(uint8_t reg);
  void write_reg(uint8_t reg, uint8_t v);
  uint8_t interrupt_id() const;  // IIR low nibble; caller holds mu_
  void update_irq();             // caller holds mu_
  uint8_t modem_status() const;

  mutable std::mutex mu_;  // guards everything below; lock order: uart -> sink's own lock
  std::shared_ptr<vmm::InterruptLine> irq_;
  Sink sink_;
  std::deque<uint8_t> rx_;
  uint8_t ier_ = 0, lcr_ = 0, mcr_ = 0, scr_ = 0, fcr_ = 0;
  uint8_t dll_ = 0x0c, dlm_ = 0;  // 9600 baud at 1.8432 MHz after reset
  bool overrun_ = false;
  bool thre_pending_ = false;
  bool irq_high_ = false;
};

}  // namespace tshyve::devices
