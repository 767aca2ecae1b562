// PHY register values: IEEE 802.3 clause 22 (control 0, status 1, IDs 2-3, advertisement 4, link
// partner 5, 1000BASE-T control 9 / status 10, extended status 15) and the 88E1011 PHY-specific
// status register 17 as the 8254x SDM §13.5 lists them.
#include "devices/net/e1000_phy.h"

#include "devices/net/e1000_regs.h"

namespace tshyve::devices::net::e1000 {

namespace {
constexpr uint32_t kControl = 0, kStatus = 1, kId1 = 2, kId2 = 3, kAdvertise = 4, kLinkPartner = 5, kGbControl = 9, kGbStatus = 10,
                   kExtStatus = 15, kSpecificStatus = 17;
constexpr uint16_t kControlReset = 1u << 15, kControlRestartAn = 1u << 9;
// Status: 100BASE-TX/10BASE-T full/half capable, extended status, AN complete, AN capable, link up, extended caps.
constexpr uint16_t kStatusValue = 0x796d;
constexpr uint16_t kId1Marvell = 0x0141, kId2M88E1011 = 0x0c20;
constexpr uint16_t kLinkPartnerValue = 0x45e1;     // acknowledged, pause, 100/10 full/half
constexpr uint16_t kGbStatusValue = 0x3c00;        // local/remote receiver OK, partner 1000BASE-T full/half
constexpr uint16_t kExtStatusValue = 0x3000;       // 1000BASE-T full/half capable
constexpr uint16_t kSpecificStatusValue = 0xbc00;  // 1000 Mb/s, full duplex, resolved, link up
}  // namespace

void Phy::reset() {
  regs_.fill(0);
  regs_[kControl] = 0x1140;  // auto-negotiation on, full duplex, 1000 Mb/s
  regs_[kAdvertise] = 0x01e1;
  regs_[kGbControl] = 0x0300;
}

uint16_t Phy::read(uint32_t r) const {
  switch (r) {
    case kStatus: return kStatusValue;
    case kId1: return kId1Marvell;
    case kId2: return kId2M88E1011;
    case kLinkPartner: return kLinkPartnerValue;
    case kGbStatus: return kGbStatusValue;
    case kExtStatus: return kExtStatusValue;
    case kSpecificStatus: return kSpecificStatusValue;
    default: return regs_[r & 31];
  }
}

void Phy::write(uint32_t r, uint16_t v) {
  if (r == kControl) {
    if (v & kControlReset) {
      reset();
      return;
    }
    v &= static_cast<uint16_t>(~kControlRestartAn);  // negotiation completes at once
  }
  regs_[r & 31] = v;
}

uint32_t Phy::mdic(uint32_t value) {
  const uint32_t r = (value >> 16) & 31, phy = (value >> 21) & 31, op = value & (3u << 26);
  uint32_t out = value & ~(kMdicReady | kMdicError);
  if (phy != kAddress || (op != kMdicOpRead && op != kMdicOpWrite)) return out | kMdicReady | kMdicError;
  if (op == kMdicOpRead)
    out = (out & ~0xffffu) | read(r);
  else
    write(r, static_cast<uint16_t>(value));
  return out | kMdicReady;
}

}  // namespace tshyve::devices::net::e1000
