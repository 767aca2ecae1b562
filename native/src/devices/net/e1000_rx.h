// The 82545EM receive path (8254x SDM §3.2): the address filter (§3.2.1: exact matches in RAL/RAH,
// the 4096-bit multicast table hashed per RCTL.MO, unicast/multicast promiscuous, broadcast accept,
// VLAN filter table, long-packet limit) and placement of an accepted frame into legacy receive
// descriptors between RDH and RDT (§3.2.3), spanning several buffers when it is longer than one.
#pragma once
#include <array>
#include <cstdint>
#include <vector>

#include "devices/net/e1000_regs.h"
#include "devices/net/e1000_rx_checksum.h"
#include "vmm/guest_memory_view.h"

namespace tshyve::devices::net::e1000 {

struct RxFilterState {
  uint32_t rctl = 0;
  uint16_t vet = 0x8100;
  std::array<uint32_t, 32> ra{};  // RAL0, RAH0, ... RAL15, RAH15
  std::array<uint32_t, 128> mta{};
  std::array<uint32_t, 128> vfta{};
};

// Whether the frame (without FCS) passes the filters the driver programmed.
bool rx_accepts(const RxFilterState& f, const uint8_t* frame, size_t len);
// RCTL.BSIZE/BSEX (§13.4.22) in bytes.
uint32_t rx_buffer_size(uint32_t rctl);

struct RxRing {
  uint64_t base = 0;   // RDBAH:RDBAL
  uint32_t count = 0;  // RDLEN / 16
  uint32_t head = 0, tail = 0;
};

enum class RxPlacement { kPlaced, kNoRoom, kDropped, kBroken };

// Writes `frame` into the descriptors from ring.head (advancing it), setting DD/EOP and, in the last
// one, `checksum`'s status, errors and packet checksum (earlier ones say IXSM). kNoRoom leaves
// the ring untouched (the frame waits for RDT to move); kDropped consumed descriptors whose buffers
// lie outside RAM (written back with the RX error bit); kBroken: the descriptor ring itself is not in RAM.
RxPlacement rx_place(vmm::GuestMemoryView& mem, RxRing& ring, uint32_t buffer_size, const uint8_t* frame, size_t len,
                     const RxChecksum& checksum = {kRxStatusIxsm, 0, 0});
// Descriptors the device may still fill: RDT - RDH modulo the ring size.
uint32_t rx_free(const RxRing& ring);

}  // namespace tshyve::devices::net::e1000
