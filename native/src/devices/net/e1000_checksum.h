// Internet checksum (RFC 1071 ones' complement sum, big-endian words) and Ethernet FCS (IEEE 802.3
// CRC-32, reflected polynomial 0xEDB88320) over byte ranges, for the e1000's offloads.
#pragma once
#include <cstddef>
#include <cstdint>

namespace tshyve::devices::net {

// Ones' complement sum of [data, data+len) added to `sum` (not folded, not inverted).
uint32_t ones_sum(const uint8_t* data, size_t len, uint32_t sum = 0);
// Folds a 32-bit ones' complement sum to 16 bits (not inverted).
uint16_t fold_sum(uint32_t sum);
// CRC-32 as the Ethernet FCS; transmitted least significant byte first.
uint32_t ethernet_crc32(const uint8_t* data, size_t len);

}  // namespace tshyve::devices::net
