// The Identify data structures (NVM Express 1.4 §5.15.2: Figure 247 controller, Figure 245 and NVM
// Command Set Figure 114 namespace, Figure 249 namespace identification descriptors) of a
// controller with one namespace.
#pragma once
#include <array>
#include <cstdint>
#include <string>

namespace tshyve::devices::storage::nvme {

constexpr uint16_t kPciVendor = 0xfb5d, kPciDevice = 0x0a0a;  // as bhyve's nvme emulation
constexpr uint8_t kMdts = 9;                                  // 2^9 pages: 2 MiB per command (as bhyve)
constexpr uint8_t kAbortLimit = 4, kAsyncEventLimit = 4;

struct Identity {
  std::string serial;  // up to 20 bytes
  uint32_t sector_size = 512;
  uint64_t blocks = 0;
  bool read_only = false;
  bool deallocate = false;  // DSM deallocate offered (ONCS.DSM)
  bool reads_zero_after_deallocate = false;
  uint64_t eui64 = 0;  // 0: none
};

using Page = std::array<uint8_t, 4096>;

Page identify_controller(const Identity& id);
Page identify_namespace(const Identity& id);
// Active namespace IDs greater than `after` (ascending, zero-terminated).
Page active_namespaces(uint32_t after);
Page namespace_descriptors(const Identity& id);

}  // namespace tshyve::devices::storage::nvme
