// 16550A UART register model (PC16550D datasheet tables 2-9). Transmission is instantaneous: THR
// and the transmitter are always empty, so LSR.THRE/TEMT stay set and THRE interrupts follow IER.
#include "devices/legacy/uart_16550.h"

namespace tshyve::devices {

namespace {
// Register offsets (PC16550D table 2).
constexpr uint8_t kRbrThr = 0, kIer = 1, kIirFcr = 2, kLcr = 3, kMcr = 4, kLsr = 5, kMsr = 6, kScr = 7;
constexpr uint8_t kIerRxData = 0x01, kIerThre = 0x02, kIerLineStatus = 0x04, kIerModem = 0x08;
constexpr uint8_t kIirNoPending = 0x01, kIirLineStatus = 0x06, kIirRxData = 0x04, kIirThre = 0x02;
constexpr uint8_t kIirFifoEnabled = 0xc0;
constexpr uint8_t kFcrEnable = 0x01, kFcrClearRx = 0x02;
constexpr uint8_t kLcrDlab = 0x80;
constexpr uint8_t kMcrDtr = 0x01, kMcrRts = 0x02, kMcrOut1 = 0x04, kMcrOut2 = 0x08, kMcrLoop = 0x10;
constexpr uint8_t kLsrDataReady = 0x01, kLsrOverrun = 0x02, kLsrThre = 0x20, kLsrTemt = 0x40;
constexpr uint8_t kMsrCts = 0x10, kMsrDsr = 0x20, kMsrRi = 0x40, kMsrDcd = 0x80;
}  // namespace

Uart16550::Uart16550(std::shared_ptr<vmm::InterruptLine> irq, Sink sink) : irq_(std::move(irq)), sink_(std::move(sink)) {}

void Uart16550::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  data[0] = offset < 8 ? read_reg(static_cast<uint8_t>(offset)) : 0xff;
  for (uint32_t i = 1; i < size; ++i) data[i] = 0xff;
  update_irq();
}

void Uart16550::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  if (offset >= 8) return;
  std::lock_guard<std::mutex> lock(mu_);
  write_reg(static_cast<uint8_t>(offset), data[0]);
  update_irq();
}

size_t Uart16550::enqueue_input(const uint8_t* data, size_t len) {
  std::lock_guard<std::mutex> lock(mu_);
  size_t n = 0;
  for (; n < len && rx_.size() < kRxQueueMax; ++n) rx_.push_back(data[n]);
  if (n < len) overrun_ = true;
  update_irq();
  return n;
}

uint8_t Uart16550::modem_status() const {
  if (mcr_ & kMcrLoop) {
    // Loopback: outputs feed the inputs (PC16550D, MCR bit 4).
    uint8_t s = 0;
    if (mcr_ & kMcrRts) s |= kMsrCts;
    if (mcr_ & kMcrDtr) s |= kMsrDsr;
    if (mcr_ & kMcrOut1) s |= kMsrRi;
    if (mcr_ & kMcrOut2) s |= kMsrDcd;
    return s;
  }
  return kMsrDcd | kMsrDsr | kMsrCts;  // a connected terminal
}

uint8_t Uart16550::interrupt_id() const {
  if ((ier_ & kIerLineStatus) && overrun_) return kIirLineStatus;
  if ((ier_ & kIerRxData) && !rx_.empty()) return kIirRxData;
  if ((ier_ & kIerThre) && thre_pending_) return kIirThre;
  return kIirNoPending;
}

void Uart16550::update_irq() {
  bool high = interrupt_id() != kIirNoPending;
  if (high != irq_high_) {
    irq_high_ = high;
    if (irq_) irq_->set_level(high);
  }
}

uint8_t Uart16550::read_reg(uint8_t reg) {
  switch (reg) {
    case kRbrThr:
      if (lcr_ & kLcrDlab) return dll_;
      if (rx_.empty()) return 0;
      {
        uint8_t b = rx_.front();
        rx_.pop_front();
        return b;
      }
    case kIer: return (lcr_ & kLcrDlab) ? dlm_ : ier_;
    case kIirFcr: {
      uint8_t id = interrupt_id();
      if (id == kIirThre) thre_pending_ = false;  // reading IIR acknowledges THRE (PC16550D table 4)
      return id | ((fcr_ & kFcrEnable) ? kIirFifoEnabled : 0);
    }
    case kLcr: return lcr_;
    case kMcr: return mcr_;
    case kLsr: {
      uint8_t s = kLsrThre | kLsrTemt;
      if (!rx_.empty()) s |= kLsrDataReady;
      if (overrun_) s |= kLsrOverrun;
      overrun_ = false;
      return s;
    }
    case kMsr: return modem_status();
    default: return scr_;
  }
}

void Uart16550::write_reg(uint8_t reg, uint8_t v) {
  switch (reg) {
    case kRbrThr:
      if (lcr_ & kLcrDlab) {
        dll_ = v;
      } else if (mcr_ & kMcrLoop) {
        if (rx_.size() < kRxQueueMax)
          rx_.push_back(v);
        else
          overrun_ = true;
        thre_pending_ = true;
      } else {
        if (sink_) sink_(&v, 1);
        thre_pending_ = true;
      }
      return;
    case kIer:
      if (lcr_ & kLcrDlab) {
        dlm_ = v;
      } else {
        // Enabling the THRE interrupt while THR is empty raises it at once.
        if ((v & kIerThre) && !(ier_ & kIerThre)) thre_pending_ = true;
        ier_ = v & (kIerRxData | kIerThre | kIerLineStatus | kIerModem);
      }
      return;
    case kIirFcr:
      if (v & kFcrClearRx) rx_.clear();
      fcr_ = v & 0xc9;
      return;
    case kLcr: lcr_ = v; return;
    case kMcr: mcr_ = v & 0x1f; return;
    case kLsr:
    case kMsr: return;  // read-only
    default: scr_ = v; return;
  }
}

// Registers, the receive FIFO with the host-side queue behind it, and the pending THRE interrupt.
// The interrupt line is driven again from the restored registers (the new line starts low).
void Uart16550::save_state(vmm::StateWriter& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  for (uint8_t r : {ier_, lcr_, mcr_, scr_, fcr_, dll_, dlm_}) out.u8(r);
  out.boolean(overrun_);
  out.boolean(thre_pending_);
  out.u32(static_cast<uint32_t>(rx_.size()));
  for (uint8_t b : rx_) out.u8(b);
}

bool Uart16550::restore_state(vmm::StateReader& in) {
  std::lock_guard<std::mutex> lock(mu_);
  uint8_t r[7];
  for (auto& v : r) v = in.u8();
  const bool overrun = in.boolean(), thre = in.boolean();
  const uint32_t n = in.u32();
  if (!in.ok() || n > kRxQueueMax || n != in.remaining()) return false;
  std::deque<uint8_t> rx;
  for (uint32_t i = 0; i < n; ++i) rx.push_back(in.u8());
  if (!in.ok_and_done()) return false;
  ier_ = r[0], lcr_ = r[1], mcr_ = r[2], scr_ = r[3], fcr_ = r[4], dll_ = r[5], dlm_ = r[6];
  overrun_ = overrun;
  thre_pending_ = thre;
  rx_ = std::move(rx);
  update_irq();
  return true;
}

}  // namespace tshyve::devices
