// Receive checksum offload of the 82545EM (8254x SDM §3.2.9 and §13.4.x RXCSUM): the packet
// checksum from RXCSUM.PCSS, and with IPOFLD / TUOFLD the IPv4 header and TCP/UDP checksums checked,
// reported as the receive descriptor's IPCS/TCPCS status and IPE/TCPE error bits (§3.2.3).
#pragma once
#include <cstddef>
#include <cstdint>

namespace tshyve::devices::net::e1000 {

// What the end-of-packet receive descriptor carries about checksums.
struct RxChecksum {
  uint8_t status = 0;   // IXSM, or IPCS / TCPCS (/ UDPCS) when offload checked them
  uint8_t errors = 0;   // IPE, TCPE
  uint16_t packet = 0;  // ones' complement sum from PCSS to the end of the frame (not inverted)
};

// `frame` without FCS or padding; `rxcsum` the RXCSUM register; `vet` the VLAN ethertype.
RxChecksum rx_checksum(const uint8_t* frame, size_t len, uint32_t rxcsum, uint16_t vet);

}  // namespace tshyve::devices::net::e1000
