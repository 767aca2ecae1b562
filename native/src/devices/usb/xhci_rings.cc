// xHCI ring walking (xHCI 1.2 §4.9.2 link TRBs and the toggle-cycle flag, §4.9.4 event ring
// segments, full condition: the enqueue pointer one TRB behind the dequeue pointer).
#include "devices/usb/xhci_rings.h"

#include <atomic>
#include <cstring>

namespace tshyve::devices::usb::xhci {

namespace {
bool read_trb(vmm::GuestMemoryView& memory, uint64_t at, Trb& out) {
  uint8_t raw[kTrbSize];
  if (at & 0xf || !memory.read(at, raw, sizeof raw)) return false;
  std::memcpy(&out.parameter, raw, 8);
  std::memcpy(&out.status, raw + 8, 4);
  std::memcpy(&out.control, raw + 12, 4);
  return true;
}
constexpr uint32_t kMinSegmentTrbs = 16, kMaxSegmentTrbs = 4096;
}  // namespace

RingCursor::Fetch RingCursor::peek(vmm::GuestMemoryView& memory, Trb& out, uint64_t& at) {
  for (int links = 0; links <= kMaxLinks; ++links) {
    if (!read_trb(memory, dequeue, out)) return Fetch::kError;
    if (out.cycle() != cycle) return Fetch::kEmpty;
    if (out.type() != trb::kLink) {
      at = dequeue;
      return Fetch::kTrb;
    }
    if (out.control & trb::kToggleCycle) cycle = !cycle;
    dequeue = out.parameter & ~uint64_t{0xf};
  }
  return Fetch::kError;
}

bool EventRing::load_segment(vmm::GuestMemoryView& memory, uint16_t index) {
  uint8_t entry[16];
  if (index >= size_ || !memory.read(base_ + uint64_t{index} * 16, entry, sizeof entry)) return false;
  uint64_t seg_base;
  uint32_t seg_size;
  std::memcpy(&seg_base, entry, 8);
  std::memcpy(&seg_size, entry + 8, 4);
  seg_size &= 0xffff;
  seg_base &= ~uint64_t{0x3f};
  if (seg_size < kMinSegmentTrbs || seg_size > kMaxSegmentTrbs || !memory.translate_writable(seg_base, uint64_t{seg_size} * kTrbSize))
    return false;
  segment_ = index;
  segment_base_ = seg_base;
  segment_trbs_ = seg_size;
  index_ = 0;
  enqueue_ = seg_base;
  return true;
}

EventRing::Push EventRing::push(vmm::GuestMemoryView& memory, Trb event) {
  if (reload_) {
    reload_ = false;
    cycle_ = true;
    loaded_ = size_ >= 1 && size_ <= (1u << kErstMax) && load_segment(memory, 0);
  }
  if (!loaded_) return Push::kError;
  // The slot after this one: in this segment, or the start of the next (wrapping to segment 0).
  uint64_t next = enqueue_ + kTrbSize;
  if (index_ + 1 >= segment_trbs_) {
    uint8_t entry[8];
    const uint16_t ns = static_cast<uint16_t>((segment_ + 1) % size_);
    if (!memory.read(base_ + uint64_t{ns} * 16, entry, sizeof entry)) return Push::kError;
    std::memcpy(&next, entry, 8);
    next &= ~uint64_t{0x3f};
  }
  if (next == dequeue_) {
    ++dropped_;
    return Push::kFull;
  }
  event.control = (event.control & ~1u) | (cycle_ ? 1u : 0u);
  uint8_t raw[kTrbSize];
  std::memcpy(raw, &event.parameter, 8);
  std::memcpy(raw + 8, &event.status, 4);
  std::memcpy(raw + 12, &event.control, 4);
  // Software owns the TRB once the cycle bit flips: the control dword goes last.
  if (!memory.write(enqueue_, raw, 12)) return Push::kError;
  std::atomic_thread_fence(std::memory_order_release);
  if (!memory.write(enqueue_ + 12, raw + 12, 4)) return Push::kError;
  if (++index_ < segment_trbs_) {
    enqueue_ += kTrbSize;
    return Push::kWritten;
  }
  const uint16_t ns = static_cast<uint16_t>((segment_ + 1) % size_);
  if (ns == 0) cycle_ = !cycle_;
  if (!load_segment(memory, ns)) {
    loaded_ = false;
    return Push::kError;
  }
  return Push::kWritten;
}

}  // namespace tshyve::devices::usb::xhci
