// Receive filtering (8254x SDM §3.2.1, §13.4.22 RCTL, §13.5.1 MTA hashing by RCTL.MO, §13.5.3 VFTA)
// and legacy receive descriptor write-back (§3.2.3: length, checksum, status DD/EOP/IXSM or the
// checksum offload's IPCS/TCPCS, errors).
#include "devices/net/e1000_rx.h"

#include <algorithm>
#include <atomic>
#include <cstring>

#include "devices/net/e1000_regs.h"
#include "vmm/log.h"

namespace tshyve::devices::net::e1000 {

namespace {
constexpr size_t kMaxStandard = 1514, kMaxLong = 16384, kVlanTag = 4;

bool exact_match(const RxFilterState& f, const uint8_t* dst) {
  for (uint32_t i = 0; i < reg::kRarEntries; ++i) {
    const uint32_t lo = f.ra[2 * i], hi = f.ra[2 * i + 1];
    if (!(hi & kRahAv) || ((hi >> 16) & 3) != 0) continue;  // valid, destination-address select
    const uint8_t mac[6] = {static_cast<uint8_t>(lo),       static_cast<uint8_t>(lo >> 8), static_cast<uint8_t>(lo >> 16),
                            static_cast<uint8_t>(lo >> 24), static_cast<uint8_t>(hi),      static_cast<uint8_t>(hi >> 8)};
    if (std::memcmp(mac, dst, 6) == 0) return true;
  }
  return false;
}

bool multicast_hash_match(const RxFilterState& f, const uint8_t* dst) {
  // §13.5.1: 12 bits of the destination taken at an offset chosen by RCTL.MO.
  const uint32_t mo = (f.rctl >> kRctlMoShift) & 3;
  const uint32_t v = static_cast<uint32_t>(dst[4]) | static_cast<uint32_t>(dst[5]) << 8;
  constexpr uint32_t kShift[4] = {4, 3, 2, 0};
  const uint32_t hash = (v >> kShift[mo]) & 0xfff;
  return f.mta[hash >> 5] & (1u << (hash & 31));
}
}  // namespace

bool rx_accepts(const RxFilterState& f, const uint8_t* frame, size_t len) {
  if (len < 14) return false;
  const bool tagged = len >= 18 && (static_cast<uint16_t>(frame[12] << 8 | frame[13]) == f.vet);
  const size_t limit = ((f.rctl & kRctlLpe) ? kMaxLong : kMaxStandard) + (tagged ? kVlanTag : 0);
  if (len > limit) return false;
  if (tagged && (f.rctl & kRctlVfe)) {
    const uint32_t vid = static_cast<uint32_t>(frame[14] << 8 | frame[15]) & 0xfff;
    if (!(f.vfta[vid >> 5] & (1u << (vid & 31)))) return false;
  }
  const uint8_t* dst = frame;
  static constexpr uint8_t kBroadcast[6] = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
  if (std::memcmp(dst, kBroadcast, 6) == 0) return (f.rctl & (kRctlBam | kRctlMpe)) || exact_match(f, dst);
  if (dst[0] & 1) return (f.rctl & kRctlMpe) || exact_match(f, dst) || multicast_hash_match(f, dst);
  return (f.rctl & kRctlUpe) || exact_match(f, dst);
}

uint32_t rx_buffer_size(uint32_t rctl) {
  const uint32_t bsize = (rctl >> kRctlBsizeShift) & 3;
  if (rctl & kRctlBsex) return bsize == 0 ? 2048 : 32768u >> bsize;  // 00 reserved: as 2048
  return 2048u >> bsize;
}

uint32_t rx_free(const RxRing& ring) {
  if (ring.count == 0 || ring.head >= ring.count || ring.tail >= ring.count) return 0;
  return (ring.tail + ring.count - ring.head) % ring.count;
}

RxPlacement rx_place(vmm::GuestMemoryView& mem, RxRing& ring, uint32_t buffer_size, const uint8_t* frame, size_t len,
                     const RxChecksum& checksum) {
  const uint32_t need = static_cast<uint32_t>((len + buffer_size - 1) / buffer_size);
  if (need == 0) return RxPlacement::kDropped;
  if (ring.count != 0 && need >= ring.count) return RxPlacement::kDropped;  // the ring could never hold it
  if (rx_free(ring) < need) return RxPlacement::kNoRoom;
  bool dropped = false;
  size_t done = 0;
  for (uint32_t i = 0; i < need; ++i) {
    const uint64_t at = ring.base + static_cast<uint64_t>(ring.head) * kDescSize;
    uint8_t* d = mem.translate_writable(at, kDescSize);
    if (!d) {
      vmm::guest_log("e1000: receive descriptor at 0x%llx is outside guest RAM", static_cast<unsigned long long>(at));
      return RxPlacement::kBroken;
    }
    uint64_t addr;
    std::memcpy(&addr, d, 8);
    const uint32_t chunk = static_cast<uint32_t>(std::min<size_t>(buffer_size, len - done));
    uint8_t* buf = dropped ? nullptr : mem.translate_writable(addr, chunk);
    uint8_t wb[8] = {};  // length, checksum, status, errors, special
    const bool last = i + 1 == need;
    if (buf) {
      std::memcpy(buf, frame + done, chunk);
      wb[0] = static_cast<uint8_t>(chunk);
      wb[1] = static_cast<uint8_t>(chunk >> 8);
    } else {
      if (!dropped) vmm::guest_log("e1000: receive buffer at 0x%llx is outside guest RAM", static_cast<unsigned long long>(addr));
      dropped = true;
      wb[5] = kRxErrorRxe;
    }
    if (last && !dropped) {
      wb[2] = static_cast<uint8_t>(checksum.packet);
      wb[3] = static_cast<uint8_t>(checksum.packet >> 8);
      wb[5] = checksum.errors;
    }
    const uint8_t offload = last && !dropped ? checksum.status : kRxStatusIxsm;
    wb[4] = static_cast<uint8_t>(kRxStatusDd | offload | (last || dropped ? kRxStatusEop : 0));
    // Status last: a driver polling DD must see the length written first.
    std::memcpy(d + 8, wb, 4);
    std::memcpy(d + 13, wb + 5, 3);
    std::atomic_thread_fence(std::memory_order_release);
    d[12] = wb[4];
    done += chunk;
    ring.head = (ring.head + 1) % ring.count;
    if (dropped) break;
  }
  return dropped ? RxPlacement::kDropped : RxPlacement::kPlaced;
}

}  // namespace tshyve::devices::net::e1000
