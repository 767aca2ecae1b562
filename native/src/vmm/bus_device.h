// A device as the PIO and MMIO buses see it: it receives an offset inside its own range and bytes,
// never its absolute address (the kvmtool/Firecracker/bhyve bus model).
#pragma once
#include <cstdint>

namespace tshyve::vmm {

class BusDevice {
 public:
  virtual ~BusDevice() = default;
  // vCPU thread. `size` is 1, 2, 4 or 8; `data` has room for `size` bytes (little-endian).
  virtual void read(uint64_t offset, uint8_t* data, uint32_t size) = 0;
  // vCPU thread.
  virtual void write(uint64_t offset, const uint8_t* data, uint32_t size) = 0;
};

}  // namespace tshyve::vmm
