// Plain, validated configuration of one e1000 NIC (bhyve(8) -s N,e1000,TAP[,mac=]) as the TS runtime
// hands it over: its PCI slot, the existing host tap and the MAC the spec resolver derived.
#pragma once
#include <array>
#include <cstdint>
#include <string>

namespace tshyve::devices::net {

struct E1000Config {
  uint8_t slot = 0, function = 0;  // bus 0
  std::string tap;                 // an existing tap interface (the VMM never creates it)
  std::array<uint8_t, 6> mac{};
  std::string rom_path;  // option ROM (iPXE's pxe-e1000.rom) behind the expansion ROM BAR; empty: none
};

}  // namespace tshyve::devices::net
