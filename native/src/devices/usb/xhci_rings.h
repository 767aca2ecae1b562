// xHCI rings in guest memory (xHCI 1.2 §4.9): a consumer cursor over a command or transfer ring that
// follows link TRBs (bounded, so a ring of links cannot loop), and the producer side of an event
// ring described by an Event Ring Segment Table (§4.9.4, §6.5).
#pragma once
#include <cstdint>

#include "devices/usb/xhci_spec.h"
#include "vmm/guest_memory_view.h"

namespace tshyve::devices::usb::xhci {

// A ring the controller consumes: dequeue pointer and consumer cycle state.
struct RingCursor {
  uint64_t dequeue = 0;
  bool cycle = true;

  enum class Fetch { kTrb, kEmpty, kError };
  // Reads the TRB at the dequeue pointer, first following up to kMaxLinks link TRBs. kTrb: `out`
  // holds it and `at` its address (call advance() once it is consumed); kEmpty: the cycle bit says
  // software has not written it yet; kError: it lies outside RAM or the links did not end.
  Fetch peek(vmm::GuestMemoryView& memory, Trb& out, uint64_t& at);
  void advance() { dequeue += kTrbSize; }
  static constexpr int kMaxLinks = 32;
};

class EventRing {
 public:
  // Interrupter register writes (ERSTSZ, ERSTBA, ERDP). A new table is read at the next push.
  void set_table_size(uint16_t segments) { size_ = segments, reload_ = true; }
  void set_table_base(uint64_t base) { base_ = base & ~uint64_t{0x3f}, reload_ = true; }
  void set_dequeue(uint64_t erdp) { dequeue_ = erdp & ~uint64_t{0xf}; }
  uint64_t dequeue() const { return dequeue_; }
  void reset() { *this = EventRing(); }

  enum class Push { kWritten, kFull, kError };
  // Writes `event` with the producer cycle bit. kFull when the ring has no free slot (the event
  // is dropped); kError when the table or a segment is not usable guest RAM.
  Push push(vmm::GuestMemoryView& memory, Trb event);
  // Whether software has events it has not yet dequeued.
  bool pending() const { return loaded_ && enqueue_ != dequeue_; }
  uint64_t dropped() const { return dropped_; }

 private:
  bool load_segment(vmm::GuestMemoryView& memory, uint16_t index);

  uint64_t base_ = 0, dequeue_ = 0;
  uint16_t size_ = 0;
  bool reload_ = true, loaded_ = false;
  uint16_t segment_ = 0;
  uint64_t segment_base_ = 0;
  uint32_t segment_trbs_ = 0, index_ = 0;
  uint64_t enqueue_ = 0;
  bool cycle_ = true;
  uint64_t dropped_ = 0;
};

}  // namespace tshyve::devices::usb::xhci
