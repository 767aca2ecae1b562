// The 82545EM's internal copper PHY (a Marvell 88E1011 at MDIO address 1, 8254x SDM §13.5) as
// reached through MDIC: IEEE 802.3 clause 22 registers reporting a 1000BASE-T full-duplex link that
// auto-negotiation has completed; writes are kept, reset and restart-negotiation bits self-clear.
#pragma once
#include <array>
#include <cstdint>

namespace tshyve::devices::net::e1000 {

class Phy {
 public:
  static constexpr uint32_t kAddress = 1;
  Phy() { reset(); }
  void reset();
  // MDIC write; returns the MDIC value reads see afterwards (READY set, data or ERROR).
  uint32_t mdic(uint32_t value);

 private:
  uint16_t read(uint32_t r) const;
  void write(uint32_t r, uint16_t v);
  std::array<uint16_t, 32> regs_{};
};

}  // namespace tshyve::devices::net::e1000
