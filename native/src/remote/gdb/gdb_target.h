// What the GDB stub needs from a stopped VM (GDB manual E "Remote Protocol"): vCPUs as threads 1..N,
// their registers, guest memory as the vCPU sees it, and a resume that arms KVM's guest debugging.
// The session (gdb_session.h) drives it; vcpu_control.h implements it on KVM, tests fake it.
#pragma once
#include <cstddef>
#include <cstdint>
#include <vector>

#include "remote/gdb/x86_registers.h"

namespace tshyve::remote::gdb {

// Why the VM stopped, as the stub reports it.
struct StopEvent {
  enum class Kind { kInterrupt, kSoftwareBreak, kHardwareBreak, kWatch, kStep } kind = Kind::kInterrupt;
  uint32_t vcpu = 0;  // index, thread id - 1
  uint32_t dr6 = 0;   // debug status at a hardware stop (SDM vol 3, 17.2.3)
};

// KVM_SET_GUEST_DEBUG's inputs, the same for every vCPU except the single-step flag.
struct DebugSetup {
  bool software_breakpoints = false;  // #BP exits to the VMM (KVM_GUESTDBG_USE_SW_BP)
  bool hardware = false;              // debugreg[] is loaded (KVM_GUESTDBG_USE_HW_BP)
  uint64_t dr[4] = {};
  uint64_t dr7 = 0;
  bool any() const { return software_breakpoints || hardware; }
};

enum class ResumeAction : uint8_t { kStay, kContinue, kStep };

class GdbTarget {
 public:
  virtual ~GdbTarget() = default;
  virtual uint32_t vcpu_count() const = 0;
  // Every call below is made with all vCPUs stopped.
  virtual bool read_registers(uint32_t vcpu, RegisterFile& out) = 0;
  virtual bool write_registers(uint32_t vcpu, const RegisterFile& in) = 0;
  // Guest-virtual through the vCPU's page tables when it has paging on, physical otherwise.
  // Return how many bytes from the start were accessible.
  virtual size_t read_memory(uint32_t vcpu, uint64_t addr, uint8_t* out, size_t len) = 0;
  virtual size_t write_memory(uint32_t vcpu, uint64_t addr, const uint8_t* in, size_t len) = 0;
  // Whether an int3 in the guest reaches the VMM as a debug exit on this host.
  virtual bool software_breakpoints_work() const = 0;
  // Arms `debug` on every vCPU and lets each run as `actions` (one per vCPU) says.
  virtual bool resume(const std::vector<ResumeAction>& actions, const DebugSetup& debug) = 0;
  // 'k': ends the VM.
  virtual void kill() = 0;
};

}  // namespace tshyve::remote::gdb
