// The GDB stub's protocol layer without KVM (GDB manual E.1-E.4): framing, acks and checksums,
// the register file and target.xml, memory and register packets, breakpoints into DR7
// (SDM vol 3, 17.2.4), vCont and thread packets, stop replies, detach, and garbage input.
#include <random>
#include <string>

#include "check.h"
#include "gdb_fake_target.h"
#include "remote/gdb/gdb_session.h"
#include "remote/gdb/rsp_codec.h"
#include "remote/gdb/x86_registers.h"

using namespace tshyve::remote::gdb;
using gdbtest::FakeTarget;

namespace {
// Every packet the decoder completes from `bytes`.
std::vector<std::string> decode(RspDecoder& d, const std::string& bytes, int* bad = nullptr, int* intr = nullptr) {
  std::vector<std::string> out;
  for (char c : bytes) {
    auto e = d.feed(static_cast<uint8_t>(c));
    if (e == RspDecoder::Event::kPacket) out.push_back(d.packet());
    if (e == RspDecoder::Event::kBadPacket && bad) ++*bad;
    if (e == RspDecoder::Event::kInterrupt && intr) ++*intr;
  }
  return out;
}
std::string reply(GdbSession& s, const std::string& p) { return s.handle(p).reply; }
}  // namespace

TEST(frames_round_trip_with_checksum_and_escapes) {
  CHECK(rsp_frame("OK") == "$OK#9a");
  RspDecoder d;
  const std::string payload = "a$b#c}d*e";
  auto got = decode(d, rsp_frame(payload));
  CHECK_EQ(got.size(), 1u);
  // The stub escapes what it sends; GDB's packets to it are not escaped except in X, which is refused.
  CHECK(got[0] ==
        "a}\x04"
        "b}\x03"
        "c}]d}\x0a"
        "e");
}

TEST(bad_checksums_overflow_and_interrupts_are_events) {
  RspDecoder d;
  int bad = 0, intr = 0;
  auto got = decode(d, "$g#00", &bad, &intr);
  CHECK(got.empty());
  CHECK_EQ(bad, 1);
  std::string big = "$" + std::string(kMaxPayload + 10, 'm') + "#00";
  decode(d, big, &bad, &intr);
  CHECK_EQ(bad, 2);
  got = decode(d, std::string("\x03+-$?#3f", 8), &bad, &intr);
  CHECK_EQ(intr, 1);
  CHECK_EQ(got.size(), 1u);
  CHECK(got[0] == "?");
  got = decode(d, "$g#zz$g#67", &bad, &intr);  // a broken packet, then a good one
  CHECK_EQ(got.size(), 1u);
}

TEST(qsupported_names_the_packet_size_and_target_xml) {
  FakeTarget t;
  GdbSession s(t);
  std::string r = reply(s, "qSupported:multiprocess+;swbreak+;hwbreak+;xmlRegisters=i386");
  CHECK(r.find("PacketSize=4000") != std::string::npos);
  CHECK(r.find("qXfer:features:read+") != std::string::npos);
  std::string xml;
  for (uint64_t off = 0;;) {
    char q[80];
    std::snprintf(q, sizeof q, "qXfer:features:read:target.xml:%llx,100", static_cast<unsigned long long>(off));
    std::string part = reply(s, q);
    CHECK(!part.empty());
    xml += part.substr(1);
    off += part.size() - 1;
    if (part[0] == 'l') break;
  }
  CHECK(xml == target_xml());
  CHECK(xml.find("<architecture>i386:x86-64</architecture>") != std::string::npos);
  CHECK(xml.find("org.gnu.gdb.i386.core") != std::string::npos);
}

TEST(g_packet_is_the_whole_register_file_and_p_reads_one) {
  FakeTarget t;
  uint64_t rip = 0xf00a3;
  std::memcpy(t.regs[0].bytes + register_offset(16), &rip, 8);
  GdbSession s(t);
  std::string g = reply(s, "g");
  CHECK_EQ(g.size(), 2 * kRegisterFileSize);
  CHECK(reply(s, "p10") == "a3000f0000000000");
  CHECK(reply(s, "P10=1000000000000000") == "OK");
  uint64_t got = 0;
  std::memcpy(&got, t.regs[0].bytes + register_offset(16), 8);
  CHECK_EQ(got, 0x10u);
  CHECK(reply(s, "p40").empty());      // past the register file: not supported
  CHECK(reply(s, "P10=12") == "E16");  // wrong width
  CHECK(reply(s, "G" + std::string(2 * kRegisterFileSize + 2, '0')) == "E16");
  CHECK(reply(s, "G" + g) == "OK");
}

TEST(real_mode_rip_is_linear_and_a_changed_one_goes_back_into_cs) {
  KvmCpuState s;
  s.sregs.cs.base = 0xffff0000;
  s.regs.rip = 0xfff0;  // the reset vector
  RegisterFile f;
  registers_from_kvm(s, f);
  uint64_t rip = 0;
  std::memcpy(&rip, f.bytes + register_offset(16), 8);
  CHECK_EQ(rip, 0xfffffff0u);
  registers_to_kvm(f, s);
  CHECK_EQ(s.regs.rip, 0xfff0u);  // unchanged
  rip = 0xffff0100;
  std::memcpy(f.bytes + register_offset(16), &rip, 8);
  registers_to_kvm(f, s);
  CHECK_EQ(s.regs.rip, 0x100u);
  s.sregs.cr0 = 1;  // protected mode: rip as it is
  s.regs.rip = 0xf00a3;
  registers_from_kvm(s, f);
  std::memcpy(&rip, f.bytes + register_offset(16), 8);
  CHECK_EQ(rip, 0xf00a3u);
}

TEST(memory_packets_read_write_and_fault) {
  FakeTarget t;
  GdbSession s(t);
  CHECK(reply(s, "M100,4:deadbeef") == "OK");
  CHECK(reply(s, "m100,4") == "deadbeef");
  CHECK(reply(s, "mfffe,8") == "0000");  // partial: what is readable
  CHECK(reply(s, "m20000,4") == "E0e");
  CHECK(reply(s, "M100,4:dead") == "E16");
  CHECK(reply(s, "m100") == "E16");
  CHECK(reply(s, "m100,0").empty());
  CHECK(reply(s, "M100,0:") == "OK");
  CHECK(reply(s, "M100,0:00") == "E16");
  CHECK(reply(s, "mzz,4") == "E16");
  CHECK_EQ(reply(s, "m0,ffffffff").size(), 2 * ((kMaxPayload - 8) / 2));  // capped, not allocated in full
}

TEST(hardware_breakpoints_and_watchpoints_fill_dr7) {
  FakeTarget t;
  GdbSession s(t);
  CHECK(reply(s, "Z1,f00a3,1") == "OK");
  CHECK(reply(s, "Z2,5000,4") == "OK");
  CHECK(reply(s, "Z3,6000,8") == "OK");
  CHECK(reply(s, "Z4,7000,2") == "OK");
  CHECK(reply(s, "Z1,1234,1") == "E1c");  // four debug registers only
  CHECK(reply(s, "Z2,5001,4") == "E16");  // unaligned
  CHECK(reply(s, "Z2,5000,3") == "E16");  // not 1, 2, 4 or 8
  DebugSetup d = s.debug_setup();
  CHECK(d.hardware);
  CHECK_EQ(d.dr[0], 0xf00a3u);
  CHECK_EQ(d.dr[1], 0x5000u);
  // slot 0 exec (RW 00, LEN 00); slot 1 write, 4 bytes (01, 11); slot 2 rw 8 bytes (11, 10); slot 3 rw 2 bytes (11, 01)
  const uint64_t want =
      0xff | (1ull << 9) | (0x1ull << 20) | (0x3ull << 22) | (0x3ull << 24) | (0x2ull << 26) | (0x3ull << 28) | (0x1ull << 30);
  CHECK_EQ(d.dr7, want);
  CHECK(reply(s, "z2,5000,4") == "OK");
  CHECK_EQ(s.debug_setup().dr7 & (3ull << 2), 0u);
  StopEvent e{StopEvent::Kind::kWatch, 0, 0x4};  // DR6.B2
  CHECK(s.stop_reply(e) == "T05rwatch:6000;thread:01;");
}

TEST(software_breakpoints_patch_int3_and_hide_it_from_reads) {
  FakeTarget t;
  GdbSession s(t);
  t.ram()[0x200] = 0x90;
  CHECK(reply(s, "Z0,200,1") == "OK");
  CHECK_EQ(t.ram()[0x200], 0xcc);
  CHECK(reply(s, "m200,1") == "90");
  CHECK(s.debug_setup().software_breakpoints);
  CHECK(reply(s, "z0,200,1") == "OK");
  CHECK_EQ(t.ram()[0x200], 0x90);
  CHECK(!s.debug_setup().software_breakpoints);
}

TEST(software_breakpoints_use_a_debug_register_where_int3_cannot_trap) {
  FakeTarget t(1, 64 * 1024, /*int3=*/false);
  GdbSession s(t);
  t.ram()[0x200] = 0x90;
  CHECK(reply(s, "Z0,200,1") == "OK");
  CHECK_EQ(t.ram()[0x200], 0x90);
  CHECK(s.debug_setup().hardware);
  CHECK_EQ(s.debug_setup().dr[0], 0x200u);
}

TEST(threads_are_vcpus_and_vcont_resumes_each_as_asked) {
  FakeTarget t(3);
  GdbSession s(t);
  CHECK(reply(s, "qfThreadInfo") == "m01,02,03");
  CHECK(reply(s, "qsThreadInfo") == "l");
  CHECK(reply(s, "T02") == "OK");
  CHECK(reply(s, "T04") == "E01");
  CHECK(reply(s, "Hg2") == "OK");
  CHECK(reply(s, "Hg9") == "E16");
  auto r = s.handle("vCont;s:2;c");
  CHECK(r.resumed);
  CHECK(t.actions == (std::vector<ResumeAction>{ResumeAction::kContinue, ResumeAction::kStep, ResumeAction::kContinue}));
  r = s.handle("vCont;s:p1.1");
  CHECK(t.actions == (std::vector<ResumeAction>{ResumeAction::kStep, ResumeAction::kStay, ResumeAction::kStay}));
  CHECK(reply(s, "vCont;x") == "E16");
  CHECK(reply(s, "vCont?") == "vCont;c;C;s;S");
  CHECK(s.stop_reply(StopEvent{StopEvent::Kind::kHardwareBreak, 2, 1}) == "T05hwbreak:;thread:03;");
  CHECK(reply(s, "qC") == "QC03");
  r = s.handle("c");
  CHECK(r.resumed);
  CHECK(t.actions == (std::vector<ResumeAction>{ResumeAction::kContinue, ResumeAction::kContinue, ResumeAction::kContinue}));
  CHECK(reply(s, "c1234") == "E16");  // resuming elsewhere: not supported
}

TEST(detach_removes_breakpoints_and_lets_every_vcpu_run) {
  FakeTarget t(2);
  GdbSession s(t);
  t.ram()[0x300] = 0x55;
  reply(s, "Z0,300,1");
  reply(s, "Z1,400,1");
  auto r = s.handle("D");
  CHECK(r.close);
  CHECK(r.reply == "OK");
  CHECK_EQ(t.ram()[0x300], 0x55);
  CHECK(!t.debug.any());
  CHECK(t.actions == (std::vector<ResumeAction>{ResumeAction::kContinue, ResumeAction::kContinue}));
  FakeTarget k;
  GdbSession s2(k);
  CHECK(s2.handle("k").close);
  CHECK(k.killed);
}

TEST(garbage_packets_get_replies_never_crashes) {
  FakeTarget t(2);
  GdbSession s(t);
  std::mt19937 rng(15);
  const char* prefixes[] = {
      "m", "M", "g", "G", "p", "P", "Z", "z", "H", "T", "v", "q", "c", "s", "vCont;", "qXfer:features:read:target.xml:", "D"};
  for (int i = 0; i < 20000; ++i) {
    std::string p = prefixes[rng() % (sizeof prefixes / sizeof *prefixes)];
    if (p == "D") continue;
    size_t n = rng() % 40;
    for (size_t j = 0; j < n; ++j) p.push_back(static_cast<char>(" ,:;=-0123456789abcdefxp."[rng() % 25]));
    (void)s.handle(p);
  }
  CHECK(reply(s, "m0,1").size() == 2);
}

TEST_MAIN()
