// A pure GdbTarget for the stub's unit and fuzz tests: RAM at guest-physical 0 (no paging), one
// register file per vCPU, and a record of the last resume.
#pragma once
#include <cstring>
#include <vector>

#include "remote/gdb/gdb_target.h"

namespace gdbtest {

using namespace tshyve::remote::gdb;

class FakeTarget : public GdbTarget {
 public:
  explicit FakeTarget(uint32_t vcpus = 1, size_t ram = 64 * 1024, bool int3 = true) : regs(vcpus), ram_(ram), int3_(int3) {}
  uint32_t vcpu_count() const override { return static_cast<uint32_t>(regs.size()); }
  bool read_registers(uint32_t v, RegisterFile& out) override {
    if (v >= regs.size()) return false;
    out = regs[v];
    return true;
  }
  bool write_registers(uint32_t v, const RegisterFile& in) override {
    if (v >= regs.size()) return false;
    regs[v] = in;
    return true;
  }
  size_t read_memory(uint32_t, uint64_t a, uint8_t* out, size_t len) override {
    if (a >= ram_.size() || len == 0) return 0;
    size_t n = std::min<size_t>(len, ram_.size() - a);
    std::memcpy(out, ram_.data() + a, n);
    return n;
  }
  size_t write_memory(uint32_t, uint64_t a, const uint8_t* in, size_t len) override {
    if (a >= ram_.size() || len == 0) return 0;
    size_t n = std::min<size_t>(len, ram_.size() - a);
    std::memcpy(ram_.data() + a, in, n);
    return n;
  }
  bool software_breakpoints_work() const override { return int3_; }
  bool resume(const std::vector<ResumeAction>& a, const DebugSetup& d) override {
    ++resumes;
    actions = a;
    debug = d;
    return a.size() == regs.size();
  }
  void kill() override { killed = true; }

  std::vector<RegisterFile> regs;
  std::vector<uint8_t>& ram() { return ram_; }
  std::vector<ResumeAction> actions;
  DebugSetup debug;
  int resumes = 0;
  bool killed = false;

 private:
  std::vector<uint8_t> ram_;
  bool int3_;
};

}  // namespace gdbtest
