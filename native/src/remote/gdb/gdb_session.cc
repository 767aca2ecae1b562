// GDB remote protocol commands (GDB manual E.2 "Packets", E.3 "Stop Reply Packets", E.4 "General
// Query Packets") over a GdbTarget. Every malformed packet gets an error reply, never an exception.
#include "remote/gdb/gdb_session.h"

#include <algorithm>
#include <cstdio>
#include <vector>

#include "remote/gdb/rsp_codec.h"

namespace tshyve::remote::gdb {

namespace {
constexpr const char* kErrInvalid = "E16";
constexpr const char* kErrFault = "E0e";
constexpr const char* kErrNoSpace = "E1c";
constexpr uint8_t kInt3 = 0xcc;
constexpr size_t kMaxMemoryChunk = (kMaxPayload - 8) / 2;

bool starts(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// "ADDR,LEN" (hex); the rest after `stop` goes to `tail`.
bool parse_addr_len(std::string_view s, uint64_t& addr, uint64_t& len, char stop, std::string_view* tail) {
  size_t comma = s.find(',');
  if (comma == std::string_view::npos) return false;
  size_t end = stop ? s.find(stop, comma + 1) : s.size();
  if (end == std::string_view::npos) return false;
  if (!parse_hex_u64(s.substr(0, comma), addr) || !parse_hex_u64(s.substr(comma + 1, end - comma - 1), len)) return false;
  if (tail) *tail = end < s.size() ? s.substr(end + 1) : std::string_view{};
  return true;
}

std::string hex2(uint32_t v) {
  char b[12];
  std::snprintf(b, sizeof b, "%02x", v);
  return b;
}
}  // namespace

bool GdbSession::parse_thread(std::string_view s, int64_t& out) const {
  if (s == "-1") {
    out = -1;
    return true;
  }
  if (starts(s, "p")) {  // multiprocess syntax pPID.TID: one process
    size_t dot = s.find('.');
    if (dot == std::string_view::npos) return false;
    s = s.substr(dot + 1);
    if (s == "-1") {
      out = -1;
      return true;
    }
  }
  uint64_t v = 0;
  if (!parse_hex_u64(s, v) || v > target_.vcpu_count()) return false;
  out = static_cast<int64_t>(v);
  return true;
}

uint32_t GdbSession::vcpu_of(int64_t thread) const { return thread > 0 ? static_cast<uint32_t>(thread - 1) : last_.vcpu; }

DebugSetup GdbSession::debug_setup() const {
  DebugSetup d;
  d.software_breakpoints = !sw_breaks_.empty();
  for (int i = 0; i < 4; ++i) {
    if (!slots_[i].used) continue;
    d.hardware = true;
    d.dr[i] = slots_[i].addr;
    // DR7 (SDM vol 3, 17.2.4): L/G enable bits 2i/2i+1, R/W at 16+4i, LEN at 18+4i (00=1, 01=2, 11=4, 10=8).
    const uint64_t len_code = slots_[i].len == 1 ? 0 : slots_[i].len == 2 ? 1 : slots_[i].len == 8 ? 2 : 3;
    d.dr7 |= 3ull << (2 * i);
    d.dr7 |= static_cast<uint64_t>(slots_[i].rw) << (16 + 4 * i);
    if (slots_[i].rw != 0) d.dr7 |= len_code << (18 + 4 * i);
  }
  if (d.hardware) d.dr7 |= 1ull << 9;  // GE, as debuggers set it
  return d;
}

void GdbSession::clear_breakpoints() {
  for (auto& [addr, byte] : sw_breaks_) target_.write_memory(last_.vcpu, addr, &byte, 1);
  sw_breaks_.clear();
  for (auto& s : slots_) s = HwSlot{};
}

std::string GdbSession::stop_reply(const StopEvent& e) {
  last_ = e;
  g_thread_ = e.vcpu + 1;
  std::string r = e.kind == StopEvent::Kind::kInterrupt ? "T02" : "T05";
  if (e.kind == StopEvent::Kind::kWatch) {
    for (int i = 0; i < 4; ++i) {
      if (!(e.dr6 >> i & 1) || !slots_[i].used || slots_[i].rw == 0) continue;
      const char* what = slots_[i].kind == 'r' ? "rwatch" : slots_[i].kind == 'a' ? "awatch" : "watch";
      char b[40];
      std::snprintf(b, sizeof b, "%s:%llx;", what, static_cast<unsigned long long>(slots_[i].addr));
      r += b;
      break;
    }
  } else if (e.kind == StopEvent::Kind::kSoftwareBreak) {
    r += "swbreak:;";
  } else if (e.kind == StopEvent::Kind::kHardwareBreak) {
    r += "hwbreak:;";
  }
  r += "thread:" + hex2(e.vcpu + 1) + ";";
  return r;
}

GdbSession::Result GdbSession::handle(std::string_view p) {
  Result res;
  if (p.empty()) return res;
  switch (p[0]) {
    case '?': res.reply = stop_reply(last_); return res;
    case 'g': res.reply = read_registers(); return res;
    case 'G': res.reply = write_registers(p.substr(1)); return res;
    case 'p': res.reply = read_register(p.substr(1)); return res;
    case 'P': res.reply = write_register(p.substr(1)); return res;
    case 'm': res.reply = read_memory(p.substr(1)); return res;
    case 'M': res.reply = write_memory(p.substr(1)); return res;
    case 'c':
    case 's':
    case 'C':
    case 'S': return resume_packet(p);
    case 'Z': res.reply = breakpoint(p.substr(1), true); return res;
    case 'z': res.reply = breakpoint(p.substr(1), false); return res;
    case 'H': {
      int64_t t = 0;
      if (p.size() < 2 || !parse_thread(p.substr(2), t) || (p[1] != 'g' && p[1] != 'c')) {
        res.reply = kErrInvalid;
        return res;
      }
      (p[1] == 'g' ? g_thread_ : c_thread_) = t;
      res.reply = "OK";
      return res;
    }
    case 'T': {
      int64_t t = 0;
      res.reply = parse_thread(p.substr(1), t) && t > 0 ? "OK" : "E01";
      return res;
    }
    case 'D':
      clear_breakpoints();
      target_.resume(std::vector<ResumeAction>(target_.vcpu_count(), ResumeAction::kContinue), DebugSetup{});
      res.reply = "OK";
      res.close = true;
      return res;
    case 'k':
      clear_breakpoints();
      target_.kill();
      res.close = true;
      return res;
    case 'q': res.reply = query(p); return res;
    case 'Q':
      if (p == "QStartNoAckMode") {
        res.reply = "OK";
        res.no_ack = true;
      }
      return res;
    case 'v':
      if (starts(p, "vCont?")) {
        res.reply = "vCont;c;C;s;S";
        return res;
      }
      if (starts(p, "vCont;")) return vcont(p.substr(6));
      if (starts(p, "vKill")) {
        clear_breakpoints();
        target_.kill();
        res.reply = "OK";
        res.close = true;
      }
      return res;  // vMustReplyEmpty and the rest: not supported
    default: return res;
  }
}

std::string GdbSession::query(std::string_view p) {
  if (starts(p, "qSupported")) {
    char b[128];
    std::snprintf(b, sizeof b, "PacketSize=%zx;qXfer:features:read+;vContSupported+;swbreak+;hwbreak+;QStartNoAckMode+", kMaxPayload);
    return b;
  }
  if (p == "qAttached") return "1";
  if (p == "qC") return "QC" + hex2(last_.vcpu + 1);
  if (p == "qfThreadInfo") {
    std::string r = "m";
    for (uint32_t i = 0; i < target_.vcpu_count(); ++i) r += (i ? "," : "") + hex2(i + 1);
    return r;
  }
  if (p == "qsThreadInfo") return "l";
  if (starts(p, "qThreadExtraInfo,")) {
    uint64_t t = 0;
    if (!parse_hex_u64(p.substr(17), t) || t == 0 || t > target_.vcpu_count()) return kErrInvalid;
    return hex_encode("vCPU " + std::to_string(t - 1));
  }
  if (p == "qSymbol::") return "OK";
  constexpr std::string_view kXfer = "qXfer:features:read:target.xml:";
  if (starts(p, kXfer)) {
    uint64_t off = 0, len = 0;
    if (!parse_addr_len(p.substr(kXfer.size()), off, len, 0, nullptr)) return kErrInvalid;
    const std::string& xml = target_xml();
    if (off >= xml.size()) return "l";
    len = std::min<uint64_t>(std::min<uint64_t>(len, kMaxPayload - 16), xml.size() - off);
    return (off + len >= xml.size() ? "l" : "m") + xml.substr(off, len);  // rsp_frame escapes what needs it
  }
  if (starts(p, "qXfer:")) return "E00";
  return "";
}

std::string GdbSession::read_registers() {
  RegisterFile f;
  if (!target_.read_registers(vcpu_of(g_thread_), f)) return kErrFault;
  std::string out;
  hex_append(out, f.bytes, sizeof f.bytes);
  return out;
}

std::string GdbSession::write_registers(std::string_view hex) {
  RegisterFile f;
  const uint32_t v = vcpu_of(g_thread_);
  if (!target_.read_registers(v, f)) return kErrFault;
  // GDB may send fewer registers than it knows; the rest keep their values.
  if (hex.size() % 2 || hex.size() > 2 * sizeof f.bytes) return kErrInvalid;
  if (!hex_decode(hex, f.bytes, hex.size() / 2)) return kErrInvalid;
  return target_.write_registers(v, f) ? "OK" : kErrFault;
}

std::string GdbSession::read_register(std::string_view p) {
  uint64_t n = 0;
  if (!parse_hex_u64(p, n)) return kErrInvalid;
  if (n >= kRegisterCount) return "";  // unknown register: empty, as the manual says
  RegisterFile f;
  if (!target_.read_registers(vcpu_of(g_thread_), f)) return kErrFault;
  std::string out;
  hex_append(out, f.bytes + register_offset(n), register_info(n).size);
  return out;
}

std::string GdbSession::write_register(std::string_view p) {
  size_t eq = p.find('=');
  uint64_t n = 0;
  if (eq == std::string_view::npos || !parse_hex_u64(p.substr(0, eq), n) || n >= kRegisterCount) return kErrInvalid;
  RegisterFile f;
  const uint32_t v = vcpu_of(g_thread_);
  if (!target_.read_registers(v, f)) return kErrFault;
  if (!hex_decode(p.substr(eq + 1), f.bytes + register_offset(n), register_info(n).size)) return kErrInvalid;
  return target_.write_registers(v, f) ? "OK" : kErrFault;
}

std::string GdbSession::read_memory(std::string_view p) {
  uint64_t addr = 0, len = 0;
  if (!parse_addr_len(p, addr, len, 0, nullptr)) return kErrInvalid;
  if (len == 0) return "";  // zero bytes, as asked
  len = std::min<uint64_t>(len, kMaxMemoryChunk);
  std::vector<uint8_t> buf(len);
  size_t got = target_.read_memory(vcpu_of(g_thread_), addr, buf.data(), len);
  // A software breakpoint's int3 is not what GDB wrote: show it the original bytes.
  for (auto& [a, byte] : sw_breaks_)
    if (a >= addr && a - addr < got) buf[a - addr] = byte;
  if (got == 0 && len != 0) return kErrFault;
  std::string out;
  hex_append(out, buf.data(), got);
  return out;
}

std::string GdbSession::write_memory(std::string_view p) {
  uint64_t addr = 0, len = 0;
  std::string_view data;
  if (!parse_addr_len(p, addr, len, ':', &data) || len > kMaxMemoryChunk) return kErrInvalid;
  if (len == 0) return data.empty() ? "OK" : kErrInvalid;
  std::vector<uint8_t> buf(len);
  if (!hex_decode(data, buf.data(), len)) return kErrInvalid;
  return target_.write_memory(vcpu_of(g_thread_), addr, buf.data(), len) == len ? "OK" : kErrFault;
}

GdbSession::Result GdbSession::resume_all(ResumeAction a, uint32_t vcpu) {
  Result res;
  std::vector<ResumeAction> actions(target_.vcpu_count(), a == ResumeAction::kStep ? ResumeAction::kStay : ResumeAction::kContinue);
  if (vcpu < actions.size()) actions[vcpu] = a;
  if (!target_.resume(actions, debug_setup())) {
    res.reply = kErrFault;
    return res;
  }
  res.resumed = true;
  return res;
}

GdbSession::Result GdbSession::resume_packet(std::string_view p) {
  // c[addr], s[addr], Csig[;addr], Ssig[;addr]: resuming at another address is not supported.
  const bool step = p[0] == 's' || p[0] == 'S';
  std::string_view rest = p.substr(1);
  if (p[0] == 'C' || p[0] == 'S') {
    size_t semi = rest.find(';');
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
  }
  if (!rest.empty()) {
    Result r;
    r.reply = kErrInvalid;
    return r;
  }
  return resume_all(step ? ResumeAction::kStep : ResumeAction::kContinue, vcpu_of(c_thread_ > 0 ? c_thread_ : 0));
}

GdbSession::Result GdbSession::vcont(std::string_view p) {
  // ACTION[:THREAD](;ACTION[:THREAD])*: the first action naming a thread wins; one without applies to the rest.
  const uint32_t n = target_.vcpu_count();
  std::vector<ResumeAction> actions(n, ResumeAction::kStay);
  std::vector<bool> set(n, false);
  Result res;
  while (!p.empty()) {
    size_t semi = p.find(';');
    std::string_view item = p.substr(0, semi);
    p = semi == std::string_view::npos ? std::string_view{} : p.substr(semi + 1);
    if (item.empty()) continue;
    ResumeAction a;
    switch (item[0]) {
      case 'c':
      case 'C': a = ResumeAction::kContinue; break;
      case 's':
      case 'S': a = ResumeAction::kStep; break;
      default: res.reply = kErrInvalid; return res;  // t, r: not supported
    }
    size_t colon = item.find(':');
    int64_t t = -1;
    if (colon != std::string_view::npos && !parse_thread(item.substr(colon + 1), t)) {
      res.reply = kErrInvalid;
      return res;
    }
    for (uint32_t i = 0; i < n; ++i) {
      if (set[i] || (t > 0 && static_cast<uint32_t>(t - 1) != i)) continue;
      actions[i] = a;
      set[i] = true;
    }
  }
  if (!target_.resume(actions, debug_setup())) {
    res.reply = kErrFault;
    return res;
  }
  res.resumed = true;
  return res;
}

std::string GdbSession::set_hw(uint64_t addr, uint8_t rw, uint8_t len, char kind, bool insert) {
  for (auto& s : slots_) {
    if (!s.used || s.addr != addr || s.rw != rw || s.len != len) continue;
    if (!insert) s = HwSlot{};
    return "OK";  // inserting twice is one breakpoint
  }
  if (!insert) return "OK";
  for (auto& s : slots_) {
    if (s.used) continue;
    s = HwSlot{true, addr, rw, len, kind};
    return "OK";
  }
  return kErrNoSpace;  // all four debug registers in use
}

std::string GdbSession::breakpoint(std::string_view p, bool insert) {
  // TYPE,ADDR,KIND (GDB manual E.2 "z type,addr,kind"); conditions after ';' are not supported.
  if (p.size() < 2 || p[1] != ',') return kErrInvalid;
  const char type = p[0];
  uint64_t addr = 0, kind = 0;
  std::string_view tail;
  std::string_view args = p.substr(2);
  size_t semi = args.find(';');
  if (semi != std::string_view::npos) args = args.substr(0, semi);
  if (!parse_addr_len(args, addr, kind, 0, &tail)) return kErrInvalid;
  switch (type) {
    case '0': {
      if (!target_.software_breakpoints_work()) return set_hw(addr, 0, 1, 'b', insert);  // int3 cannot trap here: a debug register does
      auto it = sw_breaks_.find(addr);
      if (!insert) {
        if (it != sw_breaks_.end()) {
          target_.write_memory(last_.vcpu, addr, &it->second, 1);
          sw_breaks_.erase(it);
        }
        return "OK";
      }
      if (it != sw_breaks_.end()) return "OK";
      uint8_t orig = 0;
      if (target_.read_memory(last_.vcpu, addr, &orig, 1) != 1) return kErrFault;
      if (target_.write_memory(last_.vcpu, addr, &kInt3, 1) != 1) return kErrFault;
      sw_breaks_[addr] = orig;
      return "OK";
    }
    case '1': return set_hw(addr, 0, 1, 'b', insert);
    case '2':
    case '3':
    case '4': {
      // x86 debug registers watch 1, 2, 4 or 8 aligned bytes and have no read-only mode: rwatch uses R/W.
      if ((kind != 1 && kind != 2 && kind != 4 && kind != 8) || addr % kind) return kErrInvalid;
      const char k = type == '2' ? 'w' : type == '3' ? 'r' : 'a';
      return set_hw(addr, type == '2' ? 1 : 3, static_cast<uint8_t>(kind), k, insert);
    }
    default: return "";  // unknown breakpoint type: not supported
  }
}

}  // namespace tshyve::remote::gdb
