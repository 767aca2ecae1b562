// x86-64 register layout for GDB (GDB manual G.5.4) and its mapping onto KVM's register structs.
#include "remote/gdb/x86_registers.h"

#include <cstring>

namespace tshyve::remote::gdb {

namespace {
constexpr const char* kCore = "org.gnu.gdb.i386.core";
constexpr const char* kSse = "org.gnu.gdb.i386.sse";
constexpr const char* kSeg = "org.gnu.gdb.i386.segments";
constexpr const char* kSys = "org.tshyve.x86.sys";

constexpr RegisterInfo kRegs[kRegisterCount] = {
    {"rax", 8, "int64", kCore},     {"rbx", 8, "int64", kCore},     {"rcx", 8, "int64", kCore},     {"rdx", 8, "int64", kCore},
    {"rsi", 8, "int64", kCore},     {"rdi", 8, "int64", kCore},     {"rbp", 8, "data_ptr", kCore},  {"rsp", 8, "data_ptr", kCore},
    {"r8", 8, "int64", kCore},      {"r9", 8, "int64", kCore},      {"r10", 8, "int64", kCore},     {"r11", 8, "int64", kCore},
    {"r12", 8, "int64", kCore},     {"r13", 8, "int64", kCore},     {"r14", 8, "int64", kCore},     {"r15", 8, "int64", kCore},
    {"rip", 8, "code_ptr", kCore},  {"eflags", 4, "int32", kCore},  {"cs", 4, "int32", kCore},      {"ss", 4, "int32", kCore},
    {"ds", 4, "int32", kCore},      {"es", 4, "int32", kCore},      {"fs", 4, "int32", kCore},      {"gs", 4, "int32", kCore},
    {"st0", 10, "i387_ext", kCore}, {"st1", 10, "i387_ext", kCore}, {"st2", 10, "i387_ext", kCore}, {"st3", 10, "i387_ext", kCore},
    {"st4", 10, "i387_ext", kCore}, {"st5", 10, "i387_ext", kCore}, {"st6", 10, "i387_ext", kCore}, {"st7", 10, "i387_ext", kCore},
    {"fctrl", 4, "int", kCore},     {"fstat", 4, "int", kCore},     {"ftag", 4, "int", kCore},      {"fiseg", 4, "int", kCore},
    {"fioff", 4, "int", kCore},     {"foseg", 4, "int", kCore},     {"fooff", 4, "int", kCore},     {"fop", 4, "int", kCore},
    {"xmm0", 16, "uint128", kSse},  {"xmm1", 16, "uint128", kSse},  {"xmm2", 16, "uint128", kSse},  {"xmm3", 16, "uint128", kSse},
    {"xmm4", 16, "uint128", kSse},  {"xmm5", 16, "uint128", kSse},  {"xmm6", 16, "uint128", kSse},  {"xmm7", 16, "uint128", kSse},
    {"xmm8", 16, "uint128", kSse},  {"xmm9", 16, "uint128", kSse},  {"xmm10", 16, "uint128", kSse}, {"xmm11", 16, "uint128", kSse},
    {"xmm12", 16, "uint128", kSse}, {"xmm13", 16, "uint128", kSse}, {"xmm14", 16, "uint128", kSse}, {"xmm15", 16, "uint128", kSse},
    {"mxcsr", 4, "int", kSse},      {"fs_base", 8, "int64", kSeg},  {"gs_base", 8, "int64", kSeg},  {"cr0", 8, "int64", kSys},
    {"cr2", 8, "int64", kSys},      {"cr3", 8, "int64", kSys},      {"cr4", 8, "int64", kSys},      {"efer", 8, "int64", kSys},
};

constexpr size_t offset_of(size_t regnum) {
  size_t off = 0;
  for (size_t i = 0; i < regnum; ++i) off += kRegs[i].size;
  return off;
}
static_assert(offset_of(kRegisterCount) == kRegisterFileSize);

enum : size_t { kRip = 16, kEflags = 17, kCs = 18, kSt0 = 24, kFctrl = 32, kXmm0 = 40, kMxcsr = 56, kFsBase = 57, kCr0 = 59 };

void put(RegisterFile& f, size_t reg, uint64_t v) { std::memcpy(f.bytes + offset_of(reg), &v, kRegs[reg].size < 8 ? kRegs[reg].size : 8); }
uint64_t get(const RegisterFile& f, size_t reg) {
  uint64_t v = 0;
  std::memcpy(&v, f.bytes + offset_of(reg), kRegs[reg].size < 8 ? kRegs[reg].size : 8);
  return v;
}

// GDB's ftag is the full x87 tag word (2 bits a register, 11 = empty); FXSAVE keeps one bit (1 = valid).
uint32_t full_tag(uint8_t abridged) {
  uint32_t t = 0;
  for (int i = 0; i < 8; ++i)
    if (!(abridged >> i & 1)) t |= 3u << (2 * i);
  return t;
}
uint8_t abridged_tag(uint32_t full) {
  uint8_t t = 0;
  for (int i = 0; i < 8; ++i)
    if ((full >> (2 * i) & 3) != 3) t |= static_cast<uint8_t>(1u << i);
  return t;
}
}  // namespace

bool real_mode(const KvmCpuState& s) { return !(s.sregs.cr0 & 1); }  // CR0.PE clear

uint64_t reported_rip(const KvmCpuState& s) { return real_mode(s) ? s.sregs.cs.base + (s.regs.rip & 0xffff) : s.regs.rip; }

const RegisterInfo& register_info(size_t regnum) { return kRegs[regnum < kRegisterCount ? regnum : 0]; }
size_t register_offset(size_t regnum) { return offset_of(regnum < kRegisterCount ? regnum : 0); }

void registers_from_kvm(const KvmCpuState& s, RegisterFile& f) {
  const kvm_regs& r = s.regs;
  const uint64_t gpr[16] = {r.rax, r.rbx, r.rcx, r.rdx, r.rsi, r.rdi, r.rbp, r.rsp, r.r8, r.r9, r.r10, r.r11, r.r12, r.r13, r.r14, r.r15};
  for (size_t i = 0; i < 16; ++i) put(f, i, gpr[i]);
  put(f, kRip, reported_rip(s));
  put(f, kEflags, r.rflags);
  const kvm_segment* segs[6] = {&s.sregs.cs, &s.sregs.ss, &s.sregs.ds, &s.sregs.es, &s.sregs.fs, &s.sregs.gs};
  for (size_t i = 0; i < 6; ++i) put(f, kCs + i, segs[i]->selector);
  for (size_t i = 0; i < 8; ++i) std::memcpy(f.bytes + offset_of(kSt0 + i), s.fpu.fpr[i], 10);
  const uint64_t x87[8] = {s.fpu.fcw,
                           s.fpu.fsw,
                           full_tag(s.fpu.ftwx),
                           s.fpu.last_ip >> 32,
                           s.fpu.last_ip & 0xffffffff,
                           s.fpu.last_dp >> 32,
                           s.fpu.last_dp & 0xffffffff,
                           s.fpu.last_opcode};
  for (size_t i = 0; i < 8; ++i) put(f, kFctrl + i, x87[i]);
  for (size_t i = 0; i < 16; ++i) std::memcpy(f.bytes + offset_of(kXmm0 + i), s.fpu.xmm[i], 16);
  put(f, kMxcsr, s.fpu.mxcsr);
  put(f, kFsBase, s.sregs.fs.base);
  put(f, kFsBase + 1, s.sregs.gs.base);
  const uint64_t sys[5] = {s.sregs.cr0, s.sregs.cr2, s.sregs.cr3, s.sregs.cr4, s.sregs.efer};
  for (size_t i = 0; i < 5; ++i) put(f, kCr0 + i, sys[i]);
}

void registers_to_kvm(const RegisterFile& f, KvmCpuState& s) {
  kvm_regs& r = s.regs;
  __u64* gpr[16] = {&r.rax, &r.rbx, &r.rcx, &r.rdx, &r.rsi, &r.rdi, &r.rbp, &r.rsp,
                    &r.r8,  &r.r9,  &r.r10, &r.r11, &r.r12, &r.r13, &r.r14, &r.r15};
  for (size_t i = 0; i < 16; ++i) *gpr[i] = get(f, i);
  // A real-mode rip GDB did not change stays as it was; a changed one inside the code segment
  // becomes its offset there (see reported_rip).
  const uint64_t rip = get(f, kRip);
  if (rip != reported_rip(s))
    r.rip = real_mode(s) && rip >= s.sregs.cs.base && rip - s.sregs.cs.base <= 0xffff ? rip - s.sregs.cs.base : rip;
  r.rflags = get(f, kEflags) | 2;  // bit 1 always reads 1 (SDM vol 1, 3.4.3)
  for (size_t i = 0; i < 8; ++i) std::memcpy(s.fpu.fpr[i], f.bytes + offset_of(kSt0 + i), 10);
  s.fpu.fcw = static_cast<uint16_t>(get(f, kFctrl));
  s.fpu.fsw = static_cast<uint16_t>(get(f, kFctrl + 1));
  s.fpu.ftwx = abridged_tag(static_cast<uint32_t>(get(f, kFctrl + 2)));
  s.fpu.last_ip = get(f, kFctrl + 3) << 32 | get(f, kFctrl + 4);
  s.fpu.last_dp = get(f, kFctrl + 5) << 32 | get(f, kFctrl + 6);
  s.fpu.last_opcode = static_cast<uint16_t>(get(f, kFctrl + 7));
  for (size_t i = 0; i < 16; ++i) std::memcpy(s.fpu.xmm[i], f.bytes + offset_of(kXmm0 + i), 16);
  s.fpu.mxcsr = static_cast<uint32_t>(get(f, kMxcsr));
  s.sregs.fs.base = get(f, kFsBase);
  s.sregs.gs.base = get(f, kFsBase + 1);
  s.sregs.cr0 = get(f, kCr0);
  s.sregs.cr2 = get(f, kCr0 + 1);
  s.sregs.cr3 = get(f, kCr0 + 2);
  s.sregs.cr4 = get(f, kCr0 + 3);
  s.sregs.efer = get(f, kCr0 + 4);
}

const std::string& target_xml() {
  static const std::string xml = [] {
    std::string x =
        "<?xml version=\"1.0\"?><!DOCTYPE target SYSTEM \"gdb-target.dtd\"><target "
        "version=\"1.0\"><architecture>i386:x86-64</architecture>";
    const char* open = nullptr;
    for (size_t i = 0; i < kRegisterCount; ++i) {
      if (!open || std::strcmp(open, kRegs[i].feature) != 0) {
        if (open) x += "</feature>";
        open = kRegs[i].feature;
        x += std::string("<feature name=\"") + open + "\">";
      }
      x += std::string("<reg name=\"") + kRegs[i].name + "\" bitsize=\"" + std::to_string(kRegs[i].size * 8) + "\" type=\"" +
           kRegs[i].type + "\" regnum=\"" + std::to_string(i) + "\"/>";
    }
    x += "</feature></target>";
    return x;
  }();
  return xml;
}

}  // namespace tshyve::remote::gdb
