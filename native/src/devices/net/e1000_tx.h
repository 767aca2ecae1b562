// The 82545EM transmit engine (8254x SDM §3.3): walks the descriptor ring from TDH to TDT, gathers
// legacy or extended data descriptors into packets, applies the last context descriptor (§3.3.6:
// IP and TCP/UDP checksum offload, TCP segmentation §3.5) and optional VLAN tag insertion, and hands
// each resulting Ethernet frame (without FCS) to a sink. Pure: guest memory and the sink are injected.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "vmm/guest_memory_view.h"

namespace tshyve::devices::net::e1000 {

struct TxRing {
  uint64_t base = 0;   // TDBAH:TDBAL
  uint32_t count = 0;  // TDLEN / 16
  uint32_t head = 0, tail = 0;
};

struct TxStats {
  uint64_t frames = 0, bytes = 0, dropped = 0, tso_packets = 0;
};

class TxEngine {
 public:
  static constexpr uint32_t kMaxPacket = 64 * 1024 + 256;  // a TSO payload plus its header
  static constexpr uint32_t kMaxHeader = 240;              // TSO HDRLEN cap (as bhyve, after 82576 §7.2.4.5)
  using Sink = std::function<void(const uint8_t* frame, size_t len)>;

  explicit TxEngine(Sink sink) : sink_(std::move(sink)) {}
  // Processes every descriptor in [head, tail); updates ring.head. `vlan` holds CTRL.VME and VET.
  // Returns ICR causes: TXDW if any descriptor was written back, TXQE when the ring drained. With
  // `delayed`, the write-backs of descriptors asking for a delayed interrupt (IDE) set TXDW there
  // instead (§3.4.1).
  uint32_t run(vmm::GuestMemoryView& mem, TxRing& ring, bool vlan_enabled, uint16_t vet, uint32_t* delayed = nullptr);
  void reset();
  const TxStats& stats() const { return stats_; }

 private:
  struct Context {
    uint8_t ipcss = 0, ipcso = 0, tucss = 0, tucso = 0;
    uint16_t ipcse = 0, tucse = 0;
    uint32_t paylen = 0;
    uint8_t tucmd = 0, hdrlen = 0;
    uint16_t mss = 0;
  };
  struct Offload {
    bool ip_csum = false, l4_csum = false, tso = false, legacy_csum = false, vlan = false;
    uint8_t css = 0, cso = 0;  // legacy descriptor checksum start/offset
    uint16_t tci = 0;
  };
  void finish_packet(bool vlan_enabled, uint16_t vet);
  void segment(bool vlan_enabled, uint16_t vet);
  void emit(std::vector<uint8_t>& frame, bool vlan_enabled, uint16_t vet);
  bool insert_checksum(std::vector<uint8_t>& f, uint32_t start, uint32_t offset, uint32_t end);
  void drop(const char* why);

  Sink sink_;
  Context ctx_;
  Offload off_;
  std::vector<uint8_t> pkt_;  // the packet being gathered (persists across run() calls until EOP)
  std::vector<uint8_t> seg_;  // one TSO segment / the emitted frame with a VLAN tag
  bool in_packet_ = false, bad_packet_ = false;
  TxStats stats_;
};

}  // namespace tshyve::devices::net::e1000
