// Where a PCI function's memory regions (BARs 0-5 and the expansion ROM, PCI 3.0 §6.2.5) decode
// right now, readable from any vCPU thread while config writes (PciRoot lock held) move them.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>

namespace tshyve::devices {

constexpr int kPciRomRegion = 6;  // the expansion ROM, after BARs 0-5
constexpr int kPciRegions = 7;

class PciBarMap {
 public:
  // Config-write path: region `r` now decodes [address, address + size) if `enabled`.
  void set(int r, uint64_t address, uint64_t size, bool enabled);
  // vCPU thread: the region that decodes `addr`, and the offset inside it.
  bool hit(uint64_t addr, int& region, uint64_t& offset) const;
  // Whether any enabled region intersects [address, address + size).
  bool intersects(uint64_t address, uint64_t size) const;
  bool enabled(int r) const { return enabled_[r].load(std::memory_order_acquire); }
  uint64_t address(int r) const { return address_[r].load(std::memory_order_acquire); }

 private:
  std::array<std::atomic<uint64_t>, kPciRegions> address_{};
  std::array<std::atomic<uint64_t>, kPciRegions> size_{};
  std::array<std::atomic<bool>, kPciRegions> enabled_{};
};

}  // namespace tshyve::devices
