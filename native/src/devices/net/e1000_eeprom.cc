// Microwire EEPROM state machine (93C46 opcodes READ 110, WRITE 101, EWEN/EWDS 100: 8254x SDM §5.6)
// and the EERD read shortcut (§13.4.4).
#include "devices/net/e1000_eeprom.h"

#include "devices/net/e1000_regs.h"

namespace tshyve::devices::net::e1000 {

namespace {
constexpr uint32_t kOpcodeBits = 3, kAddressBits = 6, kDataBits = 16;
constexpr uint32_t kOpRead = 0b110, kOpWrite = 0b101, kOpExtended = 0b100;  // EWEN: address 11xxxx
constexpr uint32_t kEecdGuestBits = kEecdSk | kEecdCs | kEecdDi | kEecdReq;
}  // namespace

Eeprom::Eeprom(const std::array<uint8_t, 6>& mac) {
  for (int i = 0; i < 3; ++i) words_[i] = static_cast<uint16_t>(mac[2 * i] | (mac[2 * i + 1] << 8));
  // §5.6.1 word map: 0x0A init control 1, 0x0B subsystem ID, 0x0C subsystem vendor, 0x0D device ID,
  // 0x0E vendor ID, 0x0F init control 2; other words as an unprogrammed part (0xFFFF would mean
  // "no EEPROM" to some drivers, so zero).
  words_[0x0a] = 0x640c;  // ICW1 as Intel ships it: signature 01b in bits 15:14, full duplex, load vendor IDs
  words_[0x0b] = kSubsystem;
  words_[0x0c] = kVendorIntel;
  words_[0x0d] = kDevice82545EM;
  words_[0x0e] = kVendorIntel;
  words_[0x0f] = 0x3040;  // ICW2 as shipped
  uint16_t sum = 0;
  for (uint32_t i = 0; i < kChecksumWord; ++i) sum = static_cast<uint16_t>(sum + words_[i]);
  words_[kChecksumWord] = static_cast<uint16_t>(kSum - sum);
  reset();
}

void Eeprom::reset() {
  eecd_ = kEecdPres;
  write_enabled_ = false;
  restart();
}

void Eeprom::restart() {
  phase_ = Phase::kCommand;
  shift_ = bits_ = 0;
  out_ = 0;
}

uint32_t Eeprom::write_eecd(uint32_t value) {
  const bool was_sk = eecd_ & kEecdSk, was_cs = eecd_ & kEecdCs;
  eecd_ = (eecd_ & ~kEecdGuestBits) | (value & kEecdGuestBits);
  // Arbitration (§13.4.3): software owns the EEPROM as soon as it asks.
  eecd_ = (value & kEecdReq) ? (eecd_ | kEecdGnt) : (eecd_ & ~kEecdGnt);
  const bool cs = eecd_ & kEecdCs;
  if (!cs) {
    restart();  // chip deselected: the next command starts fresh (a write completes at once)
    eecd_ &= ~kEecdDo;
  } else if (!was_cs) {
    restart();
  } else if (!was_sk && (eecd_ & kEecdSk)) {
    clock_edge();
  }
  return eecd_;
}

void Eeprom::clock_edge() {
  const uint32_t di = (eecd_ & kEecdDi) ? 1 : 0;
  switch (phase_) {
    case Phase::kCommand: {
      if (bits_ == 0 && di == 0) return;  // waiting for the start bit (leading zeros are ignored)
      shift_ = (shift_ << 1) | di;
      if (++bits_ < kOpcodeBits + kAddressBits) return;
      const uint32_t op = shift_ >> kAddressBits, addr = shift_ & ((1u << kAddressBits) - 1);
      bits_ = 0;
      shift_ = 0;
      if (op == kOpRead) {
        phase_ = Phase::kDataOut;
        read_addr_ = addr;
        out_ = words_[addr];
        eecd_ &= ~kEecdDo;  // the dummy zero before the data (93C46 datasheet)
      } else if (op == kOpWrite) {
        phase_ = Phase::kDataIn;
        write_addr_ = addr;
      } else if (op == kOpExtended) {
        write_enabled_ = (addr >> 4) == 0b11 ? true : (addr >> 4) == 0b00 ? false : write_enabled_;
      }
      return;
    }
    case Phase::kDataOut: {
      const bool bit = out_ & 0x8000;
      eecd_ = bit ? (eecd_ | kEecdDo) : (eecd_ & ~kEecdDo);
      out_ = static_cast<uint16_t>(out_ << 1);
      if (++bits_ == kDataBits) {  // sequential read: the next word follows
        bits_ = 0;
        read_addr_ = (read_addr_ + 1) % kWords;
        out_ = words_[read_addr_];
      }
      return;
    }
    case Phase::kDataIn: {
      shift_ = (shift_ << 1) | di;
      if (++bits_ < kDataBits) return;
      if (write_enabled_ && write_addr_ < kWords) words_[write_addr_] = static_cast<uint16_t>(shift_);
      restart();
      return;
    }
  }
}

uint32_t Eeprom::write_eerd(uint32_t value) const {
  if (!(value & kEerdStart)) return value & 0x0000ff00u;
  const uint32_t addr = (value >> 8) & 0xff;
  return (addr << 8) | kEerdDone | (static_cast<uint32_t>(word(addr)) << 16);
}

}  // namespace tshyve::devices::net::e1000
