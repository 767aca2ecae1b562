// Receive checksum offload (8254x SDM §3.2.9): an IPv4 header (RFC 791) after an optional 802.1Q
// tag, its header checksum; TCP (RFC 793) and UDP (RFC 768) checksums over the pseudo-header when
// the datagram is not a fragment. Malformed or other frames get no checksum status (drivers then
// check in software); UDP without a checksum (0) is not reported as checked.
#include "devices/net/e1000_rx_checksum.h"

#include "devices/net/e1000_checksum.h"
#include "devices/net/e1000_regs.h"

namespace tshyve::devices::net::e1000 {

namespace {
constexpr uint16_t kEthertypeIpv4 = 0x0800;
constexpr uint8_t kProtoTcp = 6, kProtoUdp = 17;
constexpr size_t kEthHeader = 14, kVlanTag = 4, kMinIpHeader = 20, kTcpHeader = 20, kUdpHeader = 8;
uint16_t be16(const uint8_t* p) { return static_cast<uint16_t>(p[0] << 8 | p[1]); }
}  // namespace

RxChecksum rx_checksum(const uint8_t* frame, size_t len, uint32_t rxcsum, uint16_t vet) {
  RxChecksum r;
  const size_t pcss = rxcsum & kRxcsumPcssMask;
  if (pcss < len) r.packet = fold_sum(ones_sum(frame + pcss, len - pcss));
  if (!(rxcsum & (kRxcsumIpofld | kRxcsumTuofld))) {
    r.status = kRxStatusIxsm;
    return r;
  }
  if (len < kEthHeader) return r;
  size_t off = kEthHeader;
  uint16_t type = be16(frame + 12);
  if (type == vet && len >= kEthHeader + kVlanTag) {
    type = be16(frame + 16);
    off += kVlanTag;
  }
  if (type != kEthertypeIpv4 || len - off < kMinIpHeader) return r;
  const uint8_t* ip = frame + off;
  const size_t ihl = static_cast<size_t>(ip[0] & 0xf) * 4, total = be16(ip + 2);
  if ((ip[0] >> 4) != 4 || ihl < kMinIpHeader || total < ihl || total > len - off) return r;
  if (rxcsum & kRxcsumIpofld) {
    r.status |= kRxStatusIpcs;
    if (fold_sum(ones_sum(ip, ihl)) != 0xffff) r.errors |= kRxErrorIpe;
  }
  if (!(rxcsum & kRxcsumTuofld) || (be16(ip + 6) & 0x3fff)) return r;  // fragments: MF or an offset
  const uint8_t proto = ip[9];
  const uint8_t* l4 = ip + ihl;
  const size_t l4len = total - ihl;
  const bool tcp = proto == kProtoTcp && l4len >= kTcpHeader;
  const bool udp = proto == kProtoUdp && l4len >= kUdpHeader && be16(l4 + 6) != 0;
  if (!tcp && !udp) return r;
  uint32_t sum = ones_sum(ip + 12, 8);  // source and destination addresses
  sum = ones_sum(l4, l4len, sum + proto + static_cast<uint32_t>(l4len));
  r.status |= kRxStatusTcpcs | (udp ? kRxStatusUdpcs : 0);
  if (fold_sum(sum) != 0xffff) r.errors |= kRxErrorTcpe;
  return r;
}

}  // namespace tshyve::devices::net::e1000
