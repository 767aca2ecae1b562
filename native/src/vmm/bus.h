// An address bus (port I/O or MMIO): non-overlapping [base, base+length) ranges mapped to devices,
// which receive offsets (kvmtool/Firecracker bus model). Built before the vCPUs start, then read-only.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "vmm/bus_device.h"
#include "vmm/log.h"

namespace tshyve::vmm {

class Bus {
 public:
  explicit Bus(const char* name) : name_(name) {}
  // Setup only. Returns false if the range is empty or overlaps an existing one.
  bool insert(uint64_t base, uint64_t length, std::shared_ptr<BusDevice> device, std::string label);
  // vCPU thread. Unmapped reads return all-ones; unmapped accesses are logged, rate-limited.
  // Returns false if nothing is mapped there.
  bool read(uint64_t addr, uint8_t* data, uint32_t size);
  bool write(uint64_t addr, const uint8_t* data, uint32_t size);
  size_t size() const { return ranges_.size(); }

 private:
  struct Range {
    uint64_t length;
    std::shared_ptr<BusDevice> device;
    std::string label;
  };
  const Range* find(uint64_t addr, uint64_t& offset) const;
  const char* name_;
  std::map<uint64_t, Range> ranges_;  // keyed by base
};

}  // namespace tshyve::vmm
