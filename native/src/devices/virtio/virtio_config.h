// Plain, validated configuration of a VM's virtio devices as the TS runtime hands it over
// (bhyve(8) -s N,virtio-blk|virtio-net|virtio-rnd|virtio-console with their options).
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "vmm/rate_limiter.h"

namespace tshyve::devices::virtio {

struct PciSlot {
  uint8_t slot = 0, function = 0;  // bus 0
};

struct DiskConfig {
  PciSlot pci;
  std::string path;
  bool read_only = false, nocache = false, direct = false, nodelete = false;
  uint32_t logical_sector_size = 512, physical_sector_size = 0;
  std::string serial;
  uint16_t queues = 1;
  vmm::BucketConfig bandwidth, iops;  // I/O rate limits (unset: unlimited)
};

struct NicConfig {
  PciSlot pci;
  std::string tap;  // an existing tap interface (the VMM never creates it)
  std::array<uint8_t, 6> mac{};
  uint16_t mtu = 0;      // 0: no VIRTIO_NET_F_MTU
  std::string rom_path;  // option ROM (e.g. iPXE's efi-virtio.rom) behind the expansion ROM BAR; empty: none
  vmm::BucketConfig rx_bandwidth, rx_packets, tx_bandwidth, tx_packets;  // rate limits (unset: unlimited)
};

struct RngConfig {
  PciSlot pci;
  uint64_t bytes_per_second = 1 << 20;
};

struct ConsolePortConfig {
  std::string name;
  std::string path;  // unix socket (0600); empty: the port exists but nothing is connected
};

struct ConsoleConfig {
  PciSlot pci;
  std::vector<ConsolePortConfig> ports;
};

}  // namespace tshyve::devices::virtio
