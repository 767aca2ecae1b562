// 82545EM transmit descriptors (8254x SDM §3.3.3 legacy, §3.3.6 context, §3.3.7 data), checksum
// insertion (§3.3.3.1, §3.3.6) and TCP/UDP segmentation (§3.5: per segment IPv4 total length and
// identification, IPv6 payload length, TCP sequence number and FIN/PSH on all but the last, UDP length).
#include "devices/net/e1000_tx.h"

#include <algorithm>
#include <cstring>

#include "devices/net/e1000_checksum.h"
#include "devices/net/e1000_regs.h"
#include "vmm/log.h"

namespace tshyve::devices::net::e1000 {

namespace {
constexpr uint32_t kEthAddrs = 12, kVlanTag = 4;
constexpr uint8_t kTcpFin = 0x01, kTcpPsh = 0x08;
void put16(uint8_t* p, uint16_t v) {
  p[0] = static_cast<uint8_t>(v >> 8);
  p[1] = static_cast<uint8_t>(v);
}
uint16_t get16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
void put32(uint8_t* p, uint32_t v) {
  put16(p, static_cast<uint16_t>(v >> 16));
  put16(p + 2, static_cast<uint16_t>(v));
}
uint32_t get32(const uint8_t* p) { return static_cast<uint32_t>(get16(p)) << 16 | get16(p + 2); }
}  // namespace

void TxEngine::reset() {
  ctx_ = {};
  off_ = {};
  pkt_.clear();
  in_packet_ = bad_packet_ = false;
}

void TxEngine::drop(const char* why) {
  if (!bad_packet_) vmm::guest_log("e1000: transmit packet dropped: %s", why);
  bad_packet_ = true;
}

uint32_t TxEngine::run(vmm::GuestMemoryView& mem, TxRing& ring, bool vlan_enabled, uint16_t vet, uint32_t* delayed) {
  uint32_t causes = 0;
  if (ring.count == 0 || ring.head >= ring.count || ring.tail >= ring.count) return 0;
  const uint32_t start = ring.head;
  for (uint32_t budget = ring.count; ring.head != ring.tail && budget > 0; --budget) {
    const uint64_t at = ring.base + static_cast<uint64_t>(ring.head) * kDescSize;
    uint8_t* d = mem.translate_writable(at, kDescSize);
    if (!d) {
      vmm::guest_log("e1000: transmit descriptor at 0x%llx is outside guest RAM", static_cast<unsigned long long>(at));
      ring.head = ring.tail;  // the ring is unusable: consume it rather than spin on it
      break;
    }
    uint8_t desc[kDescSize];
    std::memcpy(desc, d, kDescSize);  // one snapshot: the guest cannot change it under the checks
    uint64_t addr;
    std::memcpy(&addr, desc, 8);
    const uint32_t lower = static_cast<uint32_t>(desc[8] | desc[9] << 8 | desc[10] << 16 | desc[11] << 24);
    const uint8_t cmd = desc[11];
    const bool ext = cmd & kTxCmdDext;
    const uint8_t dtyp = (lower >> 20) & 0xf;
    if (ext && dtyp == kDtypContext) {
      ctx_.ipcss = desc[0];
      ctx_.ipcso = desc[1];
      ctx_.ipcse = static_cast<uint16_t>(desc[2] | desc[3] << 8);
      ctx_.tucss = desc[4];
      ctx_.tucso = desc[5];
      ctx_.tucse = static_cast<uint16_t>(desc[6] | desc[7] << 8);
      ctx_.paylen = lower & 0xfffff;
      ctx_.tucmd = cmd;
      ctx_.hdrlen = desc[13];
      ctx_.mss = static_cast<uint16_t>(desc[14] | desc[15] << 8);
    } else if (ext && dtyp != kDtypData) {
      drop("reserved descriptor type");
    } else {
      const uint32_t len = ext ? (lower & 0xfffff) : (lower & 0xffff);
      if (!in_packet_) {
        in_packet_ = true;
        bad_packet_ = false;
        pkt_.clear();
        off_ = {};
      }
      if (!bad_packet_ && len > 0) {
        const uint8_t* src = mem.translate(addr, len);
        if (!src)
          drop("buffer outside guest RAM");
        else if (pkt_.size() + len > kMaxPacket)
          drop("packet longer than 64 KiB");
        else
          pkt_.insert(pkt_.end(), src, src + len);
      }
      if (cmd & kTxCmdEop) {
        // Offload fields as the end-of-packet descriptor carries them (drivers repeat them in each).
        if (ext) {
          off_.tso = cmd & kTxCmdTse;
          off_.ip_csum = desc[13] & kPoptsIxsm;
          off_.l4_csum = desc[13] & kPoptsTxsm;
        } else {
          off_.legacy_csum = cmd & kTxCmdIc;
          off_.cso = desc[10];
          off_.css = desc[13];
        }
        off_.vlan = cmd & kTxCmdVle;
        off_.tci = static_cast<uint16_t>(desc[14] | desc[15] << 8);
        if (!bad_packet_) finish_packet(vlan_enabled, vet);
        if (bad_packet_) ++stats_.dropped;
        in_packet_ = false;
      }
    }
    if (cmd & kTxCmdRs) {  // §3.3.3.2: report status, DD in the status byte (offset 12)
      d[12] = static_cast<uint8_t>(d[12] | kTxStatusDd);
      *(delayed && (cmd & kTxCmdIde) ? delayed : &causes) |= kIcrTxdw;
    }
    ring.head = (ring.head + 1) % ring.count;
  }
  if (ring.head == ring.tail && ring.head != start) causes |= kIcrTxqe;
  return causes;
}

bool TxEngine::insert_checksum(std::vector<uint8_t>& f, uint32_t start, uint32_t offset, uint32_t end) {
  // end is inclusive; 0 means the end of the packet.
  const uint32_t last = end ? std::min<uint32_t>(end, static_cast<uint32_t>(f.size()) - 1) : static_cast<uint32_t>(f.size()) - 1;
  if (f.empty() || start > last || offset + 2 > f.size()) return false;
  const uint16_t sum = static_cast<uint16_t>(~fold_sum(ones_sum(f.data() + start, last - start + 1)));
  put16(f.data() + offset, sum);
  return true;
}

void TxEngine::finish_packet(bool vlan_enabled, uint16_t vet) {
  if (off_.tso) {
    segment(vlan_enabled, vet);
    return;
  }
  bool ok = true;
  if (off_.legacy_csum) {
    ok = insert_checksum(pkt_, off_.css, off_.cso, 0);
  } else {
    if (off_.ip_csum) ok = ok && insert_checksum(pkt_, ctx_.ipcss, ctx_.ipcso, ctx_.ipcse);
    if (off_.l4_csum) ok = ok && insert_checksum(pkt_, ctx_.tucss, ctx_.tucso, ctx_.tucse);
  }
  if (!ok) return drop("checksum offsets outside the packet");
  emit(pkt_, vlan_enabled, vet);
}

void TxEngine::segment(bool vlan_enabled, uint16_t vet) {
  const bool tcp = ctx_.tucmd & kTucmdTcp, ipv4 = ctx_.tucmd & kTucmdIp;
  const uint32_t hdrlen = ctx_.hdrlen, mss = ctx_.mss;
  const uint32_t ipcss = ctx_.ipcss, tucss = ctx_.tucss;
  if (hdrlen > kMaxHeader || hdrlen > pkt_.size() || mss == 0) return drop("TSO header length or MSS invalid");
  if (hdrlen < ipcss + 6 || hdrlen < tucss + (tcp ? 18u : 8u) || ipcss >= tucss) return drop("TSO header too short");
  if ((off_.ip_csum && hdrlen < ctx_.ipcso + 2u) || (off_.l4_csum && hdrlen < ctx_.tucso + 2u))
    return drop("TSO checksum offset outside the header");
  const uint32_t paylen = std::min<uint32_t>(ctx_.paylen, static_cast<uint32_t>(pkt_.size()) - hdrlen);
  const uint8_t* h = pkt_.data();
  const uint16_t ip_id = get16(h + ipcss + 4);
  const uint32_t seq = tcp ? get32(h + tucss + 4) : 0;
  const uint16_t pseudo = off_.l4_csum ? get16(h + ctx_.tucso) : 0;  // the driver's partial pseudo-header sum
  ++stats_.tso_packets;
  uint32_t done = 0;
  for (uint32_t seg = 0; done < paylen || (seg == 0 && paylen == 0); ++seg) {
    const uint32_t now = std::min(mss, paylen - done);
    seg_.assign(pkt_.begin(), pkt_.begin() + hdrlen);
    seg_.insert(seg_.end(), pkt_.begin() + hdrlen + done, pkt_.begin() + hdrlen + done + now);
    uint8_t* s = seg_.data();
    if (ipv4) {
      put16(s + ipcss + 2, static_cast<uint16_t>(hdrlen - ipcss + now));
      put16(s + ipcss + 4, static_cast<uint16_t>(ip_id + seg));
    } else {
      put16(s + ipcss + 4, static_cast<uint16_t>(hdrlen - ipcss - 40 + now));
    }
    const uint32_t l4_len = hdrlen - tucss + now;
    if (tcp) {
      put32(s + tucss + 4, seq + done);
      if (done + now < paylen) s[tucss + 13] = static_cast<uint8_t>(s[tucss + 13] & ~(kTcpFin | kTcpPsh));
    } else {
      put16(s + tucss + 4, static_cast<uint16_t>(l4_len));
    }
    if (off_.ip_csum) {
      put16(s + ctx_.ipcso, 0);
      insert_checksum(seg_, ipcss, ctx_.ipcso, ctx_.ipcse ? ctx_.ipcse : tucss - 1);
    }
    if (off_.l4_csum) {
      put16(s + ctx_.tucso, fold_sum(static_cast<uint32_t>(pseudo) + l4_len));
      insert_checksum(seg_, tucss, ctx_.tucso, 0);
    }
    emit(seg_, vlan_enabled, vet);
    done += now;
    if (paylen == 0) break;
  }
}

void TxEngine::emit(std::vector<uint8_t>& frame, bool vlan_enabled, uint16_t vet) {
  if (vlan_enabled && off_.vlan && frame.size() >= kEthAddrs) {  // §3.4: 802.1Q tag after the addresses
    uint8_t tag[kVlanTag];
    put16(tag, vet);
    put16(tag + 2, off_.tci);
    frame.insert(frame.begin() + kEthAddrs, tag, tag + kVlanTag);
  }
  ++stats_.frames;
  stats_.bytes += frame.size();
  sink_(frame.data(), frame.size());
}

}  // namespace tshyve::devices::net::e1000
