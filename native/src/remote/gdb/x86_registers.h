// The x86-64 register file as GDB's remote protocol carries it: the i386:x86-64 target
// description (GDB manual G.5.4 "i386 Features": core, sse, segments, plus tshyve's control
// registers), the 'g' packet as the registers' little-endian bytes in that order, and conversions
// from/to KVM's kvm_regs, kvm_sregs and kvm_fpu.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "vmm/kvm_uapi.h"

namespace tshyve::remote::gdb {

struct RegisterInfo {
  const char* name;
  uint8_t size;  // bytes
  const char* type;
  const char* feature;
};

constexpr size_t kRegisterCount = 64;
const RegisterInfo& register_info(size_t regnum);
size_t register_offset(size_t regnum);
constexpr size_t kRegisterFileSize = 16 * 8 + 8 + 4 + 6 * 4 + 8 * 10 + 8 * 4 + 16 * 16 + 4 + 2 * 8 + 5 * 8;

// The register file in 'g' order.
struct RegisterFile {
  uint8_t bytes[kRegisterFileSize] = {};
};

struct KvmCpuState {
  kvm_regs regs{};
  kvm_sregs sregs{};
  kvm_fpu fpu{};
};

// GDB's i386:x86-64 has no segmentation: in real mode (CR0.PE clear) rip is reported as the linear
// address CS.base + IP, which is what the debug registers compare and what x/i $pc should read.
bool real_mode(const KvmCpuState& s);
uint64_t reported_rip(const KvmCpuState& s);
void registers_from_kvm(const KvmCpuState& s, RegisterFile& out);
// Writes back what GDB may change: general registers, rip, rflags, the x87/SSE state, fs/gs base
// and cr0/cr2/cr3/cr4/efer (segment selectors are left alone: a selector without its descriptor
// cache would be meaningless).
void registers_to_kvm(const RegisterFile& in, KvmCpuState& s);

// qXfer:features:read:target.xml
const std::string& target_xml();

}  // namespace tshyve::remote::gdb
