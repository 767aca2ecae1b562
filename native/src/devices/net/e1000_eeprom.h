// The 82545EM's 64-word Microwire EEPROM (93C46, 8254x SDM §5.2 and §5.6): MAC address in words
// 0-2, PCI IDs, checksum word 0x3F making the sum of words 0..0x3F equal 0xBABA. Read by bit-banging
// EECD (SK/CS/DI/DO: 3 opcode bits, 6 address bits, 16 data bits MSB first) or through EERD.
#pragma once
#include <array>
#include <cstdint>

namespace tshyve::devices::net::e1000 {

class Eeprom {
 public:
  static constexpr uint32_t kWords = 64;
  static constexpr uint16_t kChecksumWord = 0x3f, kSum = 0xbaba;
  explicit Eeprom(const std::array<uint8_t, 6>& mac);

  uint16_t word(uint32_t index) const { return index < kWords ? words_[index] : 0xffff; }
  // EECD write: the low bits the guest drives; returns the EECD value reads see now.
  uint32_t write_eecd(uint32_t value);
  uint32_t eecd() const { return eecd_; }
  // EERD write: a read starting at START completes at once; returns the EERD value reads see.
  uint32_t write_eerd(uint32_t value) const;
  void reset();  // interface state only; contents stay

 private:
  enum class Phase { kCommand, kDataOut, kDataIn };
  void clock_edge();  // SK rising edge with CS high
  void restart();
  std::array<uint16_t, kWords> words_{};
  uint32_t eecd_ = 0;
  Phase phase_ = Phase::kCommand;
  uint32_t shift_ = 0;  // bits shifted in during kCommand / kDataIn
  uint32_t bits_ = 0;   // bits seen in this phase
  uint16_t out_ = 0;    // data being shifted out
  uint32_t read_addr_ = 0, write_addr_ = 0;
  bool write_enabled_ = false;
};

}  // namespace tshyve::devices::net::e1000
