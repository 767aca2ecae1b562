// The i8042 keyboard controller, only as far as a PC needs it without a keyboard (as bhyve's
// atkbdc): status/command at 0x64, data at 0x60, self-test, command byte, and CPU reset (0xFE).
#pragma once
#include <cstdint>
#include <functional>
#include <mutex>

#include "vmm/bus_device.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

// Placed at port 0x60 with length 5: offset 0 is the data port, offset 4 status/command.
class I8042 : public vmm::BusDevice {
 public:
  explicit I8042(std::function<void()> reset) : reset_(std::move(reset)) {}
  void read(uint64_t offset, uint8_t* data, uint32_t size) override;
  void write(uint64_t offset, const uint8_t* data, uint32_t size) override;
  // Snapshot state (vmm/snapshot_state.h): save any thread; restore before the VM starts (false
  // when the bytes are garbled: the device keeps its reset state).
  void save_state(vmm::StateWriter& out) const;
  bool restore_state(vmm::StateReader& in);

 private:
  mutable std::mutex mu_;
  std::function<void()> reset_;
  uint8_t command_byte_ = 0x45;  // IRQ1 enabled, system flag, translation (IBM PC/AT reference)
  uint8_t output_ = 0;
  bool output_full_ = false;
  uint8_t pending_command_ = 0;  // a command waiting for its data byte at port 0x60
};

}  // namespace tshyve::devices
