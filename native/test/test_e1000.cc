// The 82545EM model (8254x SDM) without KVM: EEPROM by EERD and by Microwire bit-banging as Linux's
// e1000 driver does it, PHY through MDIC, reset, interrupt cause/mask/throttle, legacy and extended
// transmit (checksum offload, TSO, VLAN), receive filters, FCS, buffer spanning, full rings and
// descriptors outside RAM, receive checksum offload (RXCSUM), interrupt delay timers (RDTR/RADV,
// TIDV/TADV with IDE and FPD) on a fake clock.
#include <cstdio>
#include <cstring>
#include <vector>

#include "check.h"
#include "devices/net/e1000_checksum.h"
#include "e1000_test_driver.h"

using namespace e1000test;

namespace {

// An independent Internet checksum check: the 16-bit ones' complement sum of a range that includes
// its checksum field is 0xFFFF (RFC 1071).
uint16_t sum16(const uint8_t* p, size_t n, uint32_t s = 0) {
  for (size_t i = 0; i < n; i += 2) s += static_cast<uint32_t>(p[i] << 8 | (i + 1 < n ? p[i + 1] : 0));
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<uint16_t>(s);
}
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
uint32_t be32(const uint8_t* p) { return static_cast<uint32_t>(be16(p)) << 16 | be16(p + 2); }
void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}

// Ethernet + IPv4 (20 bytes) + TCP (20 bytes) or UDP (8 bytes) headers followed by `payload` bytes.
std::vector<uint8_t> ipv4_packet(bool tcp, size_t payload) {
  const size_t l4 = tcp ? 20 : 8;
  std::vector<uint8_t> p(14 + 20 + l4 + payload);
  std::memset(p.data(), 0xff, 6);
  std::memcpy(p.data() + 6, kMac, 6);
  p[12] = 0x08;
  uint8_t* ip = p.data() + 14;
  ip[0] = 0x45;
  put16(ip + 2, static_cast<uint16_t>(20 + l4 + payload));
  put16(ip + 4, 0x1234);
  ip[8] = 64;
  ip[9] = tcp ? 6 : 17;
  const uint8_t src[4] = {10, 0, 0, 1}, dst[4] = {10, 0, 0, 2};
  std::memcpy(ip + 12, src, 4);
  std::memcpy(ip + 16, dst, 4);
  uint8_t* l = ip + 20;
  put16(l, 1000);
  put16(l + 2, 2000);
  if (tcp) {
    put16(l + 4, 0x0001);  // seq 0x00010000
    l[12] = 0x50;
    l[13] = 0x19;  // FIN | PSH | ACK
  } else {
    put16(l + 4, static_cast<uint16_t>(8 + payload));
  }
  for (size_t i = 0; i < payload; ++i) p[14 + 20 + l4 + i] = static_cast<uint8_t>(i * 7 + 3);
  return p;
}
// The pseudo-header sum without the length (what Linux puts in the TCP/UDP checksum field for offload).
uint16_t pseudo_sum(const uint8_t* ip, uint32_t l4_len_or_zero) {
  uint32_t s = be16(ip + 12) + be16(ip + 14) + be16(ip + 16) + be16(ip + 18) + ip[9] + l4_len_or_zero;
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return static_cast<uint16_t>(s);
}
bool l4_checksum_ok(const std::vector<uint8_t>& f) {
  const uint8_t* ip = f.data() + 14;
  const uint32_t l4_len = static_cast<uint32_t>(f.size() - 34);
  return sum16(ip + 20, l4_len, pseudo_sum(ip, l4_len)) == 0xffff;
}

// Microwire read of one EEPROM word as Linux's e1000_read_eeprom does it (SK edges with DI set up
// before each rising edge, DO sampled after it; opcode 110 then 6 address bits, 16 data bits).
uint16_t bitbang_read(Rig& rig, uint32_t addr) {
  uint32_t eecd = rig.r(reg::kEecd);
  eecd |= kEecdReq;
  rig.w(reg::kEecd, eecd);
  CHECK(rig.r(reg::kEecd) & kEecdGnt);
  eecd = (eecd & ~(kEecdDi | kEecdSk)) | kEecdCs;
  rig.w(reg::kEecd, eecd);
  auto clock_out = [&](uint32_t bits, int count) {
    for (int i = count - 1; i >= 0; --i) {
      eecd = (bits >> i) & 1 ? eecd | kEecdDi : eecd & ~kEecdDi;
      rig.w(reg::kEecd, eecd);
      rig.w(reg::kEecd, eecd | kEecdSk);
      rig.w(reg::kEecd, eecd);
    }
  };
  clock_out(0b110, 3);
  clock_out(addr, 6);
  uint16_t v = 0;
  eecd &= ~kEecdDi;
  for (int i = 0; i < 16; ++i) {
    rig.w(reg::kEecd, eecd | kEecdSk);
    v = static_cast<uint16_t>(v << 1 | ((rig.r(reg::kEecd) & kEecdDo) ? 1 : 0));
    rig.w(reg::kEecd, eecd);
  }
  rig.w(reg::kEecd, eecd & ~(kEecdCs | kEecdReq));
  return v;
}

uint16_t eerd_read(Rig& rig, uint32_t addr) {
  rig.w(reg::kEerd, addr << 8 | kEerdStart);
  const uint32_t v = rig.r(reg::kEerd);
  CHECK(v & kEerdDone);
  return static_cast<uint16_t>(v >> 16);
}

}  // namespace

TEST(pci_identity_and_bar) {
  Rig rig;
  CHECK_EQ(rig.fn->config_read(0, 4), 0x100f8086u);
  CHECK_EQ(rig.fn->config_read(0x08, 4) >> 8, 0x020000u);
  CHECK_EQ(rig.fn->config_read(0x2c, 4), 0x10088086u);
  CHECK_EQ(rig.fn->config_read(0x3d, 1), 1u);
  rig.fn->config_write(0x10, 4, 0xffffffff);
  CHECK_EQ(rig.fn->config_read(0x10, 4), 0xfffe0000u);  // 128 KiB memory BAR
  rig.fn->config_write(0x10, 4, 0xc0000000);
  CHECK(rig.fn->bar_map().enabled(0));
  uint8_t b[4];
  rig.fn->mmio_read(0, reg::kStatus, b, 4);
  uint32_t status;
  std::memcpy(&status, b, 4);
  CHECK(status & kStatusLu);
}

TEST(io_bar_reaches_the_registers) {
  Rig rig;
  rig.fn->config_write(0x18, 4, 0xffffffff);
  CHECK_EQ(rig.fn->config_read(0x18, 4), 0xfffffff9u);  // 8 bytes of I/O space
  rig.fn->config_write(0x18, 4, 0xc000);
  rig.fn->config_write(0x04, 2, 0x0007);
  CHECK(rig.fn->bar_map().enabled(kIoBar));
  auto out = [&](uint64_t off, uint32_t v) { rig.fn->mmio_write(kIoBar, off, reinterpret_cast<uint8_t*>(&v), 4); };
  auto in = [&](uint64_t off) {
    uint32_t v;
    rig.fn->mmio_read(kIoBar, off, reinterpret_cast<uint8_t*>(&v), 4);
    return v;
  };
  out(kIoAddr, reg::kIms);
  out(kIoData, kIcrRxt0);
  CHECK_EQ(rig.r(reg::kIms), kIcrRxt0);
  out(kIoAddr, reg::kStatus);
  CHECK(in(kIoData)&kStatusLu);
  CHECK_EQ(in(kIoAddr), reg::kStatus);
  out(kIoAddr, reg::kCtrl);
  out(kIoData, kCtrlRst);
  CHECK_EQ(rig.r(reg::kIms), 0u);
  out(kIoAddr, 0xfffffff0u);  // beyond the registers: masked into the 128 KiB
  CHECK(in(kIoAddr) < kBarSize);
}

TEST(eeprom_holds_mac_and_checksum) {
  Rig rig;
  uint32_t sum = 0;
  for (uint32_t i = 0; i < 64; ++i) sum += eerd_read(rig, i);
  CHECK_EQ(sum & 0xffff, 0xbabau);
  CHECK_EQ(eerd_read(rig, 0), static_cast<uint16_t>(kMac[0] | kMac[1] << 8));
  CHECK_EQ(eerd_read(rig, 2), static_cast<uint16_t>(kMac[4] | kMac[5] << 8));
  CHECK_EQ(eerd_read(rig, 0x0d), 0x100fu);
  for (uint32_t i = 0; i < 64; ++i) CHECK_EQ(bitbang_read(rig, i), eerd_read(rig, i));
  CHECK_EQ(eerd_read(rig, 200), 0xffffu);  // beyond the 64 words
}

TEST(reset_loads_mac_into_receive_address_0) {
  Rig rig;
  rig.w(reg::kRal0, 0);
  rig.w(reg::kRal0 + 4, 0);
  rig.w(reg::kIms, 0xff);
  rig.w(reg::kCtrl, kCtrlRst);
  CHECK_EQ(rig.r(reg::kCtrl) & kCtrlRst, 0u);
  CHECK_EQ(rig.r(reg::kRal0), static_cast<uint32_t>(kMac[0] | kMac[1] << 8 | kMac[2] << 16 | kMac[3] << 24));
  CHECK_EQ(rig.r(reg::kRal0 + 4), (kMac[4] | kMac[5] << 8) | kRahAv);
  CHECK_EQ(rig.r(reg::kIms), 0u);
}

TEST(phy_through_mdic) {
  Rig rig;
  rig.w(reg::kMdic, kMdicOpRead | 1u << 21 | 1u << 16);
  uint32_t v = rig.r(reg::kMdic);
  CHECK(v & kMdicReady);
  CHECK(!(v & kMdicError));
  CHECK(v & 0x4);  // link status
  rig.w(reg::kMdic, kMdicOpRead | 1u << 21 | 2u << 16);
  CHECK_EQ(rig.r(reg::kMdic) & 0xffff, 0x0141u);
  rig.w(reg::kMdic, kMdicOpWrite | 1u << 21 | 4u << 16 | 0x0de1);
  rig.w(reg::kMdic, kMdicOpRead | 1u << 21 | 4u << 16);
  CHECK_EQ(rig.r(reg::kMdic) & 0xffff, 0x0de1u);
  rig.w(reg::kMdic, kMdicOpRead | 2u << 21 | 1u << 16);  // no PHY at address 2
  CHECK(rig.r(reg::kMdic) & kMdicError);
  rig.w(reg::kMdic, kMdicOpWrite | 1u << 21 | 0u << 16 | 0x8000);  // PHY reset self-clears
  rig.w(reg::kMdic, kMdicOpRead | 1u << 21 | 4u << 16);
  CHECK_EQ(rig.r(reg::kMdic) & 0xffff, 0x01e1u);
}

TEST(interrupt_cause_mask_and_read_to_clear) {
  Rig rig;
  rig.w(reg::kIcs, kIcrTxdw);
  CHECK(!rig.line->level);  // masked
  rig.w(reg::kIms, kIcrTxdw | kIcrRxt0);
  CHECK(rig.line->level);
  CHECK_EQ(rig.r(reg::kIms), kIcrTxdw | kIcrRxt0);
  CHECK_EQ(rig.r(reg::kIcr), kIcrTxdw);
  CHECK(!rig.line->level);
  CHECK_EQ(rig.r(reg::kIcr), 0u);
  rig.w(reg::kIcs, kIcrRxt0);
  CHECK(rig.line->level);
  rig.w(reg::kImc, kIcrRxt0);
  CHECK(!rig.line->level);
  rig.w(reg::kIms, kIcrRxt0);
  CHECK(rig.line->level);
  rig.w(reg::kIcr, kIcrRxt0);  // write 1 to clear
  CHECK(!rig.line->level);
  rig.w(reg::kIcs, kIcrRxt0);
  rig.fn->config_write(0x04, 2, 0x0406);  // INTx Disable
  CHECK(!rig.line->level);
  rig.fn->config_write(0x04, 2, 0x0006);
  CHECK(rig.line->level);
}

TEST(msi_replaces_intx_when_enabled) {
  Rig rig;
  uint32_t cap = rig.fn->config_read(0x34, 1);
  while (cap && (rig.fn->config_read(cap, 1) != 0x05)) cap = rig.fn->config_read(cap + 1, 1);
  CHECK(cap != 0);
  rig.fn->config_write(cap + 4, 4, 0xfee00000);
  rig.fn->config_write(cap + 8, 4, 0);
  rig.fn->config_write(cap + 12, 2, 0x41);
  rig.w(reg::kIms, kIcrTxdw | kIcrRxt0);
  rig.w(reg::kIcs, kIcrTxdw);
  CHECK(rig.line->level);                    // MSI still off: INTx
  rig.fn->config_write(cap + 2, 2, 0x0001);  // MSI Enable
  CHECK(!rig.line->level);                   // the line is released
  const uint64_t before = rig.router.triggered();
  rig.w(reg::kIcs, kIcrRxt0);  // a new cause: one message
  CHECK_EQ(rig.router.triggered(), before + 1);
  rig.w(reg::kIcs, kIcrRxt0);  // already pending: no new event
  CHECK_EQ(rig.router.triggered(), before + 1);
  rig.r(reg::kIcr);
  rig.w(reg::kIcs, kIcrRxt0);
  CHECK_EQ(rig.router.triggered(), before + 2);
  CHECK(!rig.line->level);
}

TEST(interrupt_throttling_defers_to_the_interval) {
  Rig rig;
  rig.w(reg::kItr, 1000);  // 256 us
  rig.w(reg::kIms, kIcrTxdw);
  rig.w(reg::kIcs, kIcrTxdw);
  CHECK_EQ(rig.line->rises, 1);
  rig.r(reg::kIcr);
  rig.now += 10000;  // 10 us later: inside the interval
  rig.w(reg::kIcs, kIcrTxdw);
  CHECK(!rig.line->level);
  CHECK_EQ(rig.arms, 1);
  CHECK_EQ(rig.armed, 256000u - 10000u);
  rig.w(reg::kIcs, kIcrTxdw);  // still throttled, timer already armed
  CHECK_EQ(rig.arms, 1);
  rig.now += rig.armed;
  rig.fn->timer_expired();
  CHECK(rig.line->level);
  CHECK_EQ(rig.line->rises, 2);
}

TEST(legacy_transmit_writes_back_and_interrupts) {
  Rig rig;
  rig.tx_setup(8);
  rig.w(reg::kIms, kIcrTxdw | kIcrTxqe);
  std::vector<uint8_t> f(60, 0xab);
  std::memcpy(&rig.ram.bytes[kTxBufs], f.data(), 40);
  std::memcpy(&rig.ram.bytes[kTxBufs + 0x1000], f.data() + 40, 20);
  rig.tx_legacy(0, kTxBufs, 40, kTxCmdIfcs);
  rig.tx_legacy(1, kTxBufs + 0x1000, 20, kTxCmdEop | kTxCmdIfcs | kTxCmdRs);
  rig.w(reg::kTdt, 1);  // only the first descriptor: no EOP yet, nothing sent
  CHECK_EQ(rig.sent.size(), 0u);
  rig.w(reg::kTdt, 2);
  CHECK_EQ(rig.sent.size(), 1u);
  CHECK(rig.sent[0] == f);
  CHECK_EQ(rig.r(reg::kTdh), 2u);
  CHECK(rig.tx_desc(1)[12] & kTxStatusDd);
  CHECK(!(rig.tx_desc(0)[12] & kTxStatusDd));  // no RS
  CHECK(rig.line->level);
  CHECK_EQ(rig.r(reg::kIcr), kIcrTxdw | kIcrTxqe);
  CHECK_EQ(rig.fn->counters().tx_packets.get(), 1u);
  CHECK_EQ(rig.r(reg::kGptc), 1u);
  CHECK_EQ(rig.r(reg::kGptc), 0u);  // statistics clear on read
}

TEST(legacy_checksum_insertion) {
  Rig rig;
  rig.tx_setup(8);
  auto p = ipv4_packet(false, 30);
  // Legacy IC: checksum from CSS to the end at CSO (here over the UDP part, field prefilled with the pseudo sum).
  put16(p.data() + 34 + 6, pseudo_sum(p.data() + 14, static_cast<uint32_t>(p.size() - 34)));
  std::memcpy(&rig.ram.bytes[kTxBufs], p.data(), p.size());
  rig.tx_legacy(0, kTxBufs, static_cast<uint16_t>(p.size()), kTxCmdEop | kTxCmdIc | kTxCmdRs, 34 + 6, 34);
  rig.w(reg::kTdt, 1);
  CHECK_EQ(rig.sent.size(), 1u);
  CHECK(l4_checksum_ok(rig.sent[0]));
}

TEST(context_checksum_offload_ip_and_udp) {
  Rig rig;
  rig.tx_setup(8);
  auto p = ipv4_packet(false, 100);
  put16(p.data() + 34 + 6, pseudo_sum(p.data() + 14, static_cast<uint32_t>(p.size() - 34)));
  std::memcpy(&rig.ram.bytes[kTxBufs], p.data(), 50);
  std::memcpy(&rig.ram.bytes[kTxBufs + 0x800], p.data() + 50, p.size() - 50);
  rig.tx_context(0, 14, 24, 33, 34, 40, 0, 0, kTucmdIp, 0, 0);
  rig.tx_data(1, kTxBufs, 50, 0, kPoptsIxsm | kPoptsTxsm);
  rig.tx_data(2, kTxBufs + 0x800, static_cast<uint32_t>(p.size() - 50), kTxCmdEop | kTxCmdRs, kPoptsIxsm | kPoptsTxsm);
  rig.w(reg::kTdt, 3);
  CHECK_EQ(rig.sent.size(), 1u);
  const auto& f = rig.sent[0];
  CHECK_EQ(sum16(f.data() + 14, 20), 0xffffu);
  CHECK(l4_checksum_ok(f));
}

TEST(tcp_segmentation_offload) {
  Rig rig;
  rig.tx_setup(16);
  const uint32_t payload = 2500, mss = 1000, hdr = 54;
  auto p = ipv4_packet(true, payload);
  put16(p.data() + 34 + 16, pseudo_sum(p.data() + 14, 0));  // pseudo-header without length, as Linux
  std::memcpy(&rig.ram.bytes[kTxBufs], p.data(), p.size());
  rig.tx_context(0, 14, 24, 33, 34, 50, 0, payload, kTucmdIp | kTucmdTcp | kTxCmdTse, hdr, mss);
  rig.tx_data(1, kTxBufs, hdr, kTxCmdTse, kPoptsIxsm | kPoptsTxsm);
  rig.tx_data(2, kTxBufs + hdr, payload, kTxCmdEop | kTxCmdTse | kTxCmdRs, kPoptsIxsm | kPoptsTxsm);
  rig.w(reg::kTdt, 3);
  CHECK_EQ(rig.sent.size(), 3u);
  uint32_t offset = 0;
  for (size_t s = 0; s < rig.sent.size(); ++s) {
    const auto& f = rig.sent[s];
    const uint32_t now = std::min(mss, payload - offset);
    CHECK_EQ(f.size(), hdr + now);
    const uint8_t* ip = f.data() + 14;
    CHECK_EQ(be16(ip + 2), 40 + now);
    CHECK_EQ(be16(ip + 4), 0x1234 + s);
    CHECK_EQ(sum16(ip, 20), 0xffffu);
    CHECK_EQ(be32(ip + 20 + 4), 0x00010000u + offset);
    const bool last = s + 1 == rig.sent.size();
    CHECK_EQ(ip[20 + 13] & 0x09, last ? 0x09 : 0x00);  // FIN/PSH only on the last segment
    CHECK(l4_checksum_ok(f));
    CHECK(std::memcmp(f.data() + hdr, p.data() + hdr + offset, now) == 0);
    offset += now;
  }
}

TEST(vlan_tag_insertion) {
  Rig rig;
  rig.tx_setup(8);
  rig.w(reg::kCtrl, kCtrlVme);
  std::vector<uint8_t> f(60, 0x11);
  std::memcpy(&rig.ram.bytes[kTxBufs], f.data(), f.size());
  rig.tx_legacy(0, kTxBufs, 60, kTxCmdEop | kTxCmdVle);
  rig.tx_desc(0)[14] = 0x2a;  // special: VLAN 42
  rig.w(reg::kTdt, 1);
  CHECK_EQ(rig.sent.size(), 1u);
  CHECK_EQ(rig.sent[0].size(), 64u);
  CHECK_EQ(be16(rig.sent[0].data() + 12), 0x8100u);
  CHECK_EQ(be16(rig.sent[0].data() + 14), 42u);
}

TEST(transmit_outside_ram_is_a_device_error) {
  Rig rig;
  rig.tx_setup(8);
  rig.tx_legacy(0, 0xfffff000ull, 4096, kTxCmdEop | kTxCmdRs);  // buffer beyond RAM
  rig.tx_legacy(1, kTxBufs, 60, kTxCmdEop | kTxCmdRs);
  rig.w(reg::kTdt, 2);
  CHECK_EQ(rig.sent.size(), 1u);
  CHECK_EQ(rig.fn->counters().tx_dropped.get(), 1u);
  rig.w(reg::kTdbal, 0xfff00000u);  // ring beyond RAM
  rig.w(reg::kTdh, 0);
  rig.w(reg::kTdt, 3);
  CHECK_EQ(rig.sent.size(), 1u);
  rig.w(reg::kTdt, 9000);  // tail outside the ring
  CHECK_EQ(rig.sent.size(), 1u);
}

TEST(receive_filters) {
  Rig rig;
  rig.rx_setup(8);
  std::vector<uint8_t> f(64, 0);
  auto send_to = [&](std::initializer_list<uint8_t> dst) {
    std::copy(dst.begin(), dst.end(), f.begin());
    return rig.fn->receive(f.data(), f.size());
  };
  using R = E1000Function::Receive;
  CHECK(send_to({kMac[0], kMac[1], kMac[2], kMac[3], kMac[4], kMac[5]}) == R::kDelivered);
  CHECK(send_to({0x58, 0x9c, 0xfc, 9, 9, 9}) == R::kFiltered);
  CHECK(send_to({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}) == R::kDelivered);  // BAM
  CHECK(send_to({0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}) == R::kFiltered);
  // MTA with MO = 0: hash = bits 47:36 of the address = (0xfb >> 4) | (0x00 << 4)... of bytes 4-5.
  const uint32_t hash = ((0x00 >> 4) | (0xfb << 4)) & 0xfff;
  rig.w(reg::kMta + 4 * (hash >> 5), 1u << (hash & 31));
  CHECK(send_to({0x01, 0x00, 0x5e, 0x00, 0x00, 0xfb}) == R::kDelivered);
  rig.w(reg::kRal0 + 8, 0x04030201);  // a second exact address
  rig.w(reg::kRal0 + 12, 0x0605 | kRahAv);
  CHECK(send_to({1, 2, 3, 4, 5, 6}) == R::kDelivered);  // a multicast address the hash misses but RAL1 matches
  CHECK(send_to({1, 2, 3, 4, 5, 7}) == R::kFiltered);
  rig.w(reg::kRctl, rig.r(reg::kRctl) | kRctlUpe);
  CHECK(send_to({0x58, 0x9c, 0xfc, 9, 9, 9}) == R::kDelivered);
  // VLAN filter: a tagged frame (ethertype = VET) passes only if its VID is set in the VFTA.
  std::vector<uint8_t> tagged(64, 0xff);
  tagged[12] = 0x88;
  tagged[13] = 0xa8;
  tagged[14] = 0;
  tagged[15] = 5;  // VID 5
  rig.w(reg::kVet, 0x88a8);
  rig.w(reg::kRctl, rig.r(reg::kRctl) | kRctlVfe);
  CHECK(rig.fn->receive(tagged.data(), tagged.size()) == R::kFiltered);
  rig.w(reg::kVfta, 1u << 5);
  CHECK(rig.fn->receive(tagged.data(), tagged.size()) == R::kDelivered);
  std::vector<uint8_t> big(1600, 0xff);
  CHECK(rig.fn->receive(big.data(), big.size()) == R::kFiltered);  // long frame without LPE
}

TEST(receive_places_frames_with_fcs_and_spans_buffers) {
  Rig rig;
  rig.w(reg::kIms, kIcrRxt0 | kIcrRxdmt0);
  rig.rx_setup(8, kRctlEn | kRctlBam | (3u << kRctlBsizeShift), 256);  // 256-byte buffers, FCS kept
  std::vector<uint8_t> f(600, 0);
  std::memset(f.data(), 0xff, 6);
  for (size_t i = 6; i < f.size(); ++i) f[i] = static_cast<uint8_t>(i);
  CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDelivered);
  CHECK_EQ(rig.r(reg::kRdh), 3u);  // 604 bytes in 256-byte buffers
  uint16_t lens[3];
  for (int i = 0; i < 3; ++i) {
    std::memcpy(&lens[i], rig.rx_desc(i) + 8, 2);
    CHECK(rig.rx_desc(i)[12] & kRxStatusDd);
    CHECK_EQ(!!(rig.rx_desc(i)[12] & kRxStatusEop), i == 2);
  }
  CHECK_EQ(lens[0] + lens[1] + lens[2], 604);
  std::vector<uint8_t> got(rig.ram.bytes.begin() + kRxBufs, rig.ram.bytes.begin() + kRxBufs + 604);
  CHECK(std::memcmp(got.data(), f.data(), 600) == 0);
  const uint32_t fcs = tshyve::devices::net::ethernet_crc32(f.data(), 600);
  uint32_t wire;
  std::memcpy(&wire, got.data() + 600, 4);
  CHECK_EQ(wire, fcs);
  CHECK(rig.line->level);
  CHECK(rig.r(reg::kIcr) & kIcrRxt0);
  static const uint8_t kCheck[] = "123456789";
  CHECK_EQ(tshyve::devices::net::ethernet_crc32(kCheck, 9), 0xcbf43926u);  // the CRC-32 check value
}

TEST(full_ring_holds_the_frame_until_rdt_moves) {
  Rig rig;
  rig.rx_setup(8);
  std::vector<uint8_t> f(60, 0xff);
  using R = E1000Function::Receive;
  const int calls = rig.rx_space_calls;
  for (int i = 0; i < 7; ++i) CHECK(rig.fn->receive(f.data(), f.size()) == R::kDelivered);
  rig.w(reg::kRdt, 7);  // nothing held: no retry signal
  CHECK_EQ(rig.rx_space_calls, calls);
  CHECK(rig.fn->receive(f.data(), f.size()) == R::kNoRoom);
  rig.w(reg::kRdt, 0);  // the driver returns descriptor 7
  CHECK_EQ(rig.rx_space_calls, calls + 1);
  CHECK(rig.fn->receive(f.data(), f.size()) == R::kDelivered);
  CHECK_EQ(rig.r(reg::kRdh), 0u);
  rig.w(reg::kRctl, rig.r(reg::kRctl) | kRctlLpe);
  rig.w(reg::kRdt, 7);
  std::vector<uint8_t> jumbo(9000, 0xff);
  CHECK(rig.fn->receive(jumbo.data(), jumbo.size()) == R::kDelivered);  // 5 of the 7 free 2 KiB buffers
  std::vector<uint8_t> huge(16000, 0xff);
  CHECK(rig.fn->receive(huge.data(), huge.size()) == R::kDropped);  // 8 buffers: more than the ring can ever offer
}

TEST(receive_descriptors_outside_ram) {
  Rig rig;
  rig.rx_setup(8);
  uint64_t bad = 0xfff00000ull;
  std::memcpy(rig.rx_desc(0), &bad, 8);
  std::vector<uint8_t> f(60, 0xff);
  CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDropped);
  CHECK_EQ(rig.rx_desc(0)[13], 0x80);  // RX error
  CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDelivered);
  rig.w(reg::kRdbal, 0xfff00000u);
  CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDropped);
  CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDropped);
  rig.w(reg::kCtrl, kCtrlRst);
  CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDropped);  // receive off after reset
}

namespace {
// A frame with valid IPv4 header and TCP/UDP checksums, computed here (sum16) independently of the device.
std::vector<uint8_t> checksummed(bool tcp, size_t payload) {
  auto p = ipv4_packet(tcp, payload);
  uint8_t* ip = p.data() + 14;
  put16(ip + 10, static_cast<uint16_t>(~sum16(ip, 20)));
  const uint32_t l4len = static_cast<uint32_t>(p.size() - 34);
  put16(ip + 20 + (tcp ? 16 : 6), static_cast<uint16_t>(~sum16(ip + 20, l4len, pseudo_sum(ip, l4len))));
  return p;
}
}  // namespace

TEST(receive_checksum_offload_reports_ipcs_tcpcs_and_errors) {
  Rig rig;
  rig.rx_setup(16);
  rig.w(reg::kRxcsum, kRxcsumIpofld | kRxcsumTuofld | 14);
  uint32_t n = 0;
  auto recv = [&](const std::vector<uint8_t>& f) {
    CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDelivered);
    return rig.rx_desc(n++);
  };
  auto tcp = checksummed(true, 333);
  CHECK(l4_checksum_ok(tcp));  // the oracle agrees with itself
  uint8_t* d = recv(tcp);
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs | kRxStatusUdpcs | kRxStatusIxsm), kRxStatusIpcs | kRxStatusTcpcs);
  CHECK_EQ(d[13], 0);
  uint16_t packet_csum;
  std::memcpy(&packet_csum, d + 10, 2);
  CHECK_EQ(packet_csum, sum16(tcp.data() + 14, tcp.size() - 14));  // from PCSS to the end
  d = recv(checksummed(false, 51));
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs | kRxStatusUdpcs), kRxStatusIpcs | kRxStatusTcpcs | kRxStatusUdpcs);
  CHECK_EQ(d[13], 0);
  auto bad_ip = checksummed(true, 10);
  bad_ip[14 + 8] ^= 1;  // TTL changed after the header checksum
  d = recv(bad_ip);
  CHECK(d[12] & kRxStatusIpcs);
  CHECK_EQ(d[13] & (kRxErrorIpe | kRxErrorTcpe), kRxErrorIpe);
  auto bad_tcp = checksummed(true, 10);
  bad_tcp.back() ^= 0x40;
  d = recv(bad_tcp);
  CHECK_EQ(d[13] & (kRxErrorIpe | kRxErrorTcpe), kRxErrorTcpe);
  auto no_udp_sum = checksummed(false, 20);
  put16(no_udp_sum.data() + 34 + 6, 0);  // UDP without a checksum: nothing to check
  d = recv(no_udp_sum);
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs), kRxStatusIpcs);
  CHECK_EQ(d[13], 0);
  auto fragment = checksummed(true, 40);
  put16(fragment.data() + 14 + 6, 0x2000);  // more fragments
  put16(fragment.data() + 14 + 10, 0);
  put16(fragment.data() + 14 + 10, static_cast<uint16_t>(~sum16(fragment.data() + 14, 20)));
  d = recv(fragment);
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs), kRxStatusIpcs);
  CHECK_EQ(d[13], 0);
  // 802.1Q-tagged: the IPv4 header follows the tag.
  auto tagged = checksummed(true, 64);
  const uint8_t tag[4] = {0x81, 0x00, 0x00, 0x05};
  tagged.insert(tagged.begin() + 12, tag, tag + 4);
  d = recv(tagged);
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs), kRxStatusIpcs | kRxStatusTcpcs);
  CHECK_EQ(d[13], 0);
  std::vector<uint8_t> arp(60, 0);
  std::memset(arp.data(), 0xff, 6);
  arp[12] = 0x08, arp[13] = 0x06;
  d = recv(arp);  // not IPv4: offload on, nothing checked (no IXSM either)
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs | kRxStatusIxsm), 0);
  auto truncated = checksummed(true, 30);
  put16(truncated.data() + 14 + 2, 2000);  // total length beyond the frame
  d = recv(truncated);
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs), 0);
  // IP only: TCP not checked.
  rig.w(reg::kRxcsum, kRxcsumIpofld);
  d = recv(tcp);
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs), kRxStatusIpcs);
  // Offload off: "ignore checksum indication".
  rig.w(reg::kRxcsum, 0);
  d = recv(bad_ip);
  CHECK_EQ(d[12] & (kRxStatusIpcs | kRxStatusTcpcs | kRxStatusIxsm), kRxStatusIxsm);
  CHECK_EQ(d[13], 0);
}

TEST(receive_delay_timers_rdtr_radv_and_flush) {
  Rig rig;
  rig.rx_setup(16);
  rig.w(reg::kIms, kIcrRxt0);
  rig.w(reg::kRdtr, 100);  // 102.4 us after the last frame
  rig.w(reg::kRadv, 150);  // 153.6 us after the first
  std::vector<uint8_t> f(60, 0);
  std::memset(f.data(), 0xff, 6);
  auto recv = [&] { CHECK(rig.fn->receive(f.data(), f.size()) == E1000Function::Receive::kDelivered); };
  const uint64_t t0 = rig.now;
  recv();
  CHECK(!rig.line->level);
  CHECK_EQ(rig.arms, 1);
  CHECK_EQ(rig.armed, 102400u);
  rig.now = t0 + 90000;
  recv();  // the packet timer restarts; the owner's timer (earlier) is not asked again
  CHECK_EQ(rig.arms, 1);
  rig.now = t0 + 102400;
  rig.fn->timer_expired();  // nothing due: re-armed for the absolute timer
  CHECK(!rig.line->level);
  CHECK_EQ(rig.arms, 2);
  CHECK_EQ(rig.armed, 51200u);
  rig.now = t0 + 153600;
  rig.fn->timer_expired();
  CHECK(rig.line->level);
  CHECK_EQ(rig.r(reg::kIcr) & kIcrRxt0, kIcrRxt0);
  CHECK(!rig.line->level);
  rig.now = t0 + 300000;
  rig.fn->timer_expired();  // both timers stopped with the interrupt: nothing more
  CHECK(!rig.line->level);
  // FPD fires the pending delay at once (and is not kept).
  recv();
  CHECK(!rig.line->level);
  rig.w(reg::kRdtr, 0x80000000u | 100);
  CHECK(rig.line->level);
  CHECK_EQ(rig.r(reg::kRdtr), 100u);
  rig.r(reg::kIcr);
  // RDTR 0: RXT0 with every frame.
  rig.w(reg::kRdtr, 0);
  recv();
  CHECK(rig.line->level);
}

TEST(transmit_delay_timers_follow_ide_tidv_tadv) {
  Rig rig;
  rig.tx_setup(16);
  rig.w(reg::kIms, kIcrTxdw);
  rig.w(reg::kTidv, 10);
  std::vector<uint8_t> f(60, 0xab);
  std::memcpy(&rig.ram.bytes[kTxBufs], f.data(), f.size());
  uint32_t tail = 0;
  auto send = [&](uint8_t extra) {
    rig.tx_legacy(tail, kTxBufs, 60, kTxCmdEop | kTxCmdIfcs | kTxCmdRs | extra);
    tail = (tail + 1) % 16;
    rig.w(reg::kTdt, tail);
  };
  send(kTxCmdIde);
  CHECK_EQ(rig.sent.size(), 1u);
  CHECK(rig.tx_desc(0)[12] & kTxStatusDd);  // written back at once, interrupt delayed
  CHECK(!rig.line->level);
  CHECK_EQ(rig.armed, 10240u);
  rig.now += 10240;
  rig.fn->timer_expired();
  CHECK(rig.line->level);
  CHECK(rig.r(reg::kIcr) & kIcrTxdw);
  send(0);  // no IDE: at once
  CHECK(rig.line->level);
  rig.r(reg::kIcr);
  // A delayed one, then one without IDE: the interrupt comes at once and the delay is void.
  send(kTxCmdIde);
  CHECK(!rig.line->level);
  send(0);
  CHECK(rig.line->level);
  rig.r(reg::kIcr);
  rig.now += 20000;
  rig.fn->timer_expired();
  CHECK(!rig.line->level);
  // TADV bounds the delay while IDE packets keep the packet timer moving.
  rig.w(reg::kTidv, 100);
  rig.w(reg::kTadv, 150);
  const uint64_t t0 = rig.now;
  send(kTxCmdIde);
  rig.now = t0 + 90000;
  send(kTxCmdIde);
  rig.now = t0 + 102400;
  rig.fn->timer_expired();
  CHECK(!rig.line->level);
  rig.now = t0 + 153600;
  rig.fn->timer_expired();
  CHECK(rig.line->level);
  rig.r(reg::kIcr);
  // FPD on TIDV flushes.
  send(kTxCmdIde);
  CHECK(!rig.line->level);
  rig.w(reg::kTidv, 0x80000000u | 100);
  CHECK(rig.line->level);
  // A reset forgets pending delays.
  rig.r(reg::kIcr);
  send(kTxCmdIde);
  rig.w(reg::kCtrl, kCtrlRst);
  rig.now += 1000000;
  rig.fn->timer_expired();
  CHECK(!rig.line->level);
}

TEST_MAIN()
