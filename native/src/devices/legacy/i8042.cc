// i8042 controller commands (IBM PC/AT Technical Reference; OSDev "8042 PS/2 Controller"):
// 0x20 read / 0x60 write command byte, 0xAA self-test, 0xAB interface test, 0xD1 write output
// port (bit 0 clear = reset), 0xFE pulse reset line.
#include "devices/legacy/i8042.h"

namespace tshyve::devices {

namespace {
constexpr uint64_t kDataOffset = 0, kStatusOffset = 4;
constexpr uint8_t kStatusOutputFull = 0x01, kStatusSystemFlag = 0x04;
constexpr uint8_t kCmdReadCommandByte = 0x20, kCmdWriteCommandByte = 0x60, kCmdSelfTest = 0xaa, kCmdInterfaceTest = 0xab,
                  kCmdWriteOutputPort = 0xd1, kCmdPulseReset = 0xfe;
constexpr uint8_t kSelfTestOk = 0x55;
}  // namespace

void I8042::read(uint64_t offset, uint8_t* data, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  uint8_t v = 0xff;
  if (offset == kDataOffset) {
    v = output_;
    output_full_ = false;
  } else if (offset == kStatusOffset) {
    v = kStatusSystemFlag | (output_full_ ? kStatusOutputFull : 0);
  }
  for (uint32_t i = 0; i < size; ++i) data[i] = i == 0 ? v : 0xff;
}

void I8042::write(uint64_t offset, const uint8_t* data, uint32_t size) {
  bool reset = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    uint8_t v = data[0];
    if (offset == kStatusOffset) {
      pending_command_ = 0;
      switch (v) {
        case kCmdReadCommandByte:
          output_ = command_byte_;
          output_full_ = true;
          break;
        case kCmdSelfTest:
          output_ = kSelfTestOk;
          output_full_ = true;
          break;
        case kCmdInterfaceTest:
          output_ = 0;
          output_full_ = true;
          break;
        case kCmdWriteCommandByte:
        case kCmdWriteOutputPort: pending_command_ = v; break;
        case kCmdPulseReset: reset = true; break;
        default: break;  // enable/disable ports etc.: accepted, no effect
      }
    } else if (offset == kDataOffset) {
      if (pending_command_ == kCmdWriteCommandByte) command_byte_ = v;
      if (pending_command_ == kCmdWriteOutputPort && !(v & 0x01)) reset = true;
      pending_command_ = 0;
    }
  }
  if (reset && reset_) reset_();
}

void I8042::save_state(vmm::StateWriter& out) const {
  std::lock_guard<std::mutex> lock(mu_);
  out.u8(command_byte_);
  out.u8(output_);
  out.boolean(output_full_);
  out.u8(pending_command_);
}

bool I8042::restore_state(vmm::StateReader& in) {
  std::lock_guard<std::mutex> lock(mu_);
  const uint8_t cmd = in.u8(), out = in.u8();
  const bool full = in.boolean();
  const uint8_t pending = in.u8();
  if (!in.ok_and_done()) return false;
  command_byte_ = cmd, output_ = out, output_full_ = full, pending_command_ = pending;
  return true;
}

}  // namespace tshyve::devices
