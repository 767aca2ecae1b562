// One debugger connection's protocol state (GDB manual E.1-E.6): packet dispatch for qSupported,
// ?, g/G, p/P, m/M, c/s/vCont, Z/z 0-4, H, T, qfThreadInfo, qXfer target.xml, D and k, plus the
// breakpoint bookkeeping: int3 bytes saved per software breakpoint and the four debug registers.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "remote/gdb/gdb_target.h"

namespace tshyve::remote::gdb {

class GdbSession {
 public:
  struct Result {
    std::string reply;     // sent unless `resumed`
    bool resumed = false;  // the VM runs; the reply is the stop reply, later
    bool close = false;    // detach or kill: close the connection after the reply
    bool no_ack = false;   // QStartNoAckMode accepted: stop sending and expecting acks after this reply
  };
  // Until the first stop, '?' answers SIGTRAP on thread 1, as gdbserver does after an attach.
  explicit GdbSession(GdbTarget& target) : target_(target) { last_.kind = StopEvent::Kind::kStep; }
  Result handle(std::string_view packet);
  // The stop reply for `e` (it also becomes the current thread and the answer to '?').
  std::string stop_reply(const StopEvent& e);
  // Removes every breakpoint and disarms debugging (connection lost or detach).
  void clear_breakpoints();
  DebugSetup debug_setup() const;
  uint32_t current_vcpu() const { return last_.vcpu; }

 private:
  struct HwSlot {
    bool used = false;
    uint64_t addr = 0;
    uint8_t rw = 0;   // DR7 R/W field: 0 exec, 1 write, 3 read/write
    uint8_t len = 1;  // bytes
    char kind = 0;    // 'b' breakpoint, 'w' watch, 'r' rwatch, 'a' awatch
  };
  Result resume_packet(std::string_view p);
  Result vcont(std::string_view p);
  std::string breakpoint(std::string_view p, bool insert);
  std::string set_hw(uint64_t addr, uint8_t rw, uint8_t len, char kind, bool insert);
  std::string read_registers();
  std::string write_registers(std::string_view hex);
  std::string read_register(std::string_view p);
  std::string write_register(std::string_view p);
  std::string read_memory(std::string_view p);
  std::string write_memory(std::string_view p);
  std::string query(std::string_view p);
  Result resume_all(ResumeAction a, uint32_t thread);
  bool parse_thread(std::string_view s, int64_t& out) const;  // -1 all, 0 any, else id
  uint32_t vcpu_of(int64_t thread) const;

  GdbTarget& target_;
  int64_t g_thread_ = 1, c_thread_ = 0;
  StopEvent last_{};
  std::map<uint64_t, uint8_t> sw_breaks_;  // address -> the byte int3 replaced
  HwSlot slots_[4];
};

}  // namespace tshyve::remote::gdb
