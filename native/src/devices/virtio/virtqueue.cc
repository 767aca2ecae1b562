// Split virtqueue device side (virtio 1.2 §2.7): validated descriptor walking (direct and indirect
// tables, §2.7.5.3), used-ring publication with release ordering, event index (§2.7.10).
#include "devices/virtio/virtqueue.h"

#include <cstring>

#include "devices/virtio/virtio_spec.h"

namespace tshyve::devices::virtio {

namespace {
// Ring memory is shared with vCPUs: 16-bit fields are read/written atomically (they are 2-aligned).
inline uint16_t load16(const uint8_t* p) { return __atomic_load_n(reinterpret_cast<const uint16_t*>(p), __ATOMIC_RELAXED); }
inline void store16(uint8_t* p, uint16_t v) { __atomic_store_n(reinterpret_cast<uint16_t*>(p), v, __ATOMIC_RELAXED); }
inline void store32(uint8_t* p, uint32_t v) { __atomic_store_n(reinterpret_cast<uint32_t*>(p), v, __ATOMIC_RELAXED); }
// The two indices that publish ring entries (§2.7.13, §2.7.8.2) carry the ordering on the access
// itself, not on a separate fence, so ThreadSanitizer sees it too (same instructions on x86).
inline uint16_t load16_acquire(const uint8_t* p) { return __atomic_load_n(reinterpret_cast<const uint16_t*>(p), __ATOMIC_ACQUIRE); }
inline void store16_release(uint8_t* p, uint16_t v) { __atomic_store_n(reinterpret_cast<uint16_t*>(p), v, __ATOMIC_RELEASE); }

struct Desc {
  uint64_t addr;
  uint32_t len;
  uint16_t flags;
  uint16_t next;
};
inline Desc load_desc(const uint8_t* table, uint32_t i) {
  Desc d;
  std::memcpy(&d, table + static_cast<size_t>(i) * kDescSize, sizeof d);
  return d;
}
}  // namespace

size_t Chain::read(uint64_t offset, void* dst, size_t len) const {
  auto* out = static_cast<uint8_t*>(dst);
  size_t done = 0;
  for (const auto& s : readable) {
    if (done == len) break;
    if (offset >= s.len) {
      offset -= s.len;
      continue;
    }
    size_t n = std::min<size_t>(s.len - offset, len - done);
    std::memcpy(out + done, s.host + offset, n);
    done += n;
    offset = 0;
  }
  return done;
}

size_t Chain::write(uint64_t offset, const void* src, size_t len) const {
  auto* in = static_cast<const uint8_t*>(src);
  size_t done = 0;
  for (const auto& s : writable) {
    if (done == len) break;
    if (offset >= s.len) {
      offset -= s.len;
      continue;
    }
    size_t n = std::min<size_t>(s.len - offset, len - done);
    std::memcpy(s.host + offset, in + done, n);
    done += n;
    offset = 0;
  }
  return done;
}

bool Virtqueue::fail(std::string why) {
  error_ = std::move(why);
  active_ = false;
  return false;
}

bool Virtqueue::activate(vmm::GuestMemoryView* memory, const QueueConfig& c, bool event_idx) {
  active_ = false;
  error_.clear();
  mem_ = memory;
  if (c.size == 0 || c.size > kMaxQueueSize || (c.size & (c.size - 1)) != 0)
    return fail("queue size " + std::to_string(c.size) + " is not a power of two in 1..32768");
  // §2.7 Table "Virtqueue Part Alignment": descriptors 16, driver area 2, device area 4.
  if ((c.desc & 15) || (c.avail & 1) || (c.used & 3)) return fail("virtqueue rings are misaligned");
  const uint64_t n = c.size;
  desc_ = memory->translate(c.desc, n * kDescSize);
  avail_ = memory->translate(c.avail, 6 + 2 * n);
  used_ = memory->translate_writable(c.used, 6 + kUsedElemSize * n);
  if (!desc_ || !avail_ || !used_) return fail("virtqueue rings lie outside guest RAM (or the used ring in ROM)");
  size_ = c.size;
  event_idx_ = event_idx;
  next_avail_ = next_used_ = 0;
  signalled_valid_ = false;
  in_flight_ = 0;
  active_ = true;
  return true;
}

void Virtqueue::resume(const QueueProgress& p) {
  next_avail_ = p.next_avail;
  next_used_ = p.next_used;
  signalled_used_ = p.signalled_used;
  signalled_valid_ = p.signalled_valid;
  in_flight_ = 0;
}

uint16_t Virtqueue::avail_idx() {
  return load16_acquire(avail_ + 2);  // ring entries are read after the index (§2.7.13)
}

bool Virtqueue::has_available() { return active_ && avail_idx() != next_avail_; }

bool Virtqueue::add_segment(uint64_t addr, uint32_t len, bool write, Chain& out) {
  if (len == 0) return true;
  if (addr + len < addr) return fail("descriptor address wraps");
  uint8_t* host = write ? mem_->translate_writable(addr, len) : mem_->translate(addr, len);
  if (!host) return fail("descriptor [0x" + std::to_string(addr) + ", +" + std::to_string(len) + ") is outside guest RAM");
  uint64_t& total = write ? out.writable_bytes : out.readable_bytes;
  if (out.readable_bytes + out.writable_bytes + len > kMaxChainBytes) return fail("descriptor chain larger than 1 GiB");
  if (!write && !out.writable.empty()) return fail("device-readable descriptor after a device-writable one");
  total += len;
  (write ? out.writable : out.readable).push_back({host, len});
  return true;
}

// Walks one table (the ring's or an indirect one). `seen` counts descriptors visited in this table,
// which bounds loops: a chain can never be longer than its table.
bool Virtqueue::walk(const uint8_t* table, uint32_t count, uint16_t first, bool indirect, Chain& out, uint32_t& seen) {
  uint32_t i = first;
  for (;;) {
    if (i >= count) return fail("descriptor index " + std::to_string(i) + " beyond table of " + std::to_string(count));
    if (++seen > count) return fail("descriptor chain loops");
    Desc d = load_desc(table, i);
    if (d.flags & kDescFlagIndirect) {
      if (indirect) return fail("nested indirect descriptor table");  // §2.7.5.3.1
      if (d.flags & kDescFlagNext) return fail("indirect descriptor with NEXT set");
      if (d.len == 0 || d.len % kDescSize) return fail("indirect table length " + std::to_string(d.len) + " is not a multiple of 16");
      uint32_t n = d.len / kDescSize;
      if (n > kMaxIndirectDescriptors) return fail("indirect table with " + std::to_string(n) + " descriptors");
      // Unaligned tables are accepted (not required by the spec; load_desc uses memcpy).
      const uint8_t* t = mem_->translate(d.addr, d.len);
      if (!t) return fail("indirect table outside guest RAM");
      uint32_t seen_inner = 0;
      return walk(t, n, 0, true, out, seen_inner);
    }
    if (!add_segment(d.addr, d.len, d.flags & kDescFlagWrite, out)) return false;
    if (!(d.flags & kDescFlagNext)) return true;
    i = d.next;
  }
}

PopResult Virtqueue::pop(Chain& out) {
  out.clear();
  if (!active_) return PopResult::kEmpty;
  uint16_t idx = avail_idx();
  uint16_t pending = static_cast<uint16_t>(idx - next_avail_);
  if (pending == 0) return PopResult::kEmpty;
  if (pending > size_) {
    fail("available index moved by " + std::to_string(pending) + " on a queue of " + std::to_string(size_));
    return PopResult::kError;
  }
  if (in_flight_ >= size_) {
    fail("more buffers in flight than the queue holds");
    return PopResult::kError;
  }
  uint16_t head = load16(avail_ + 4 + 2 * (next_avail_ % size_));
  if (head >= size_) {
    fail("available ring names descriptor " + std::to_string(head) + " on a queue of " + std::to_string(size_));
    return PopResult::kError;
  }
  uint32_t seen = 0;
  out.head = head;
  if (!walk(desc_, size_, head, false, out, seen)) {
    out.clear();
    return PopResult::kError;
  }
  ++next_avail_;
  ++in_flight_;
  return PopResult::kChain;
}

bool Virtqueue::push_used(uint16_t head, uint32_t written) {
  if (!active_) return false;
  if (in_flight_ == 0 || head >= size_) return fail("used ring overflow (device bug)");
  uint8_t* elem = used_ + 4 + kUsedElemSize * (next_used_ % size_);
  store32(elem, head);
  store32(elem + 4, written);
  ++next_used_;
  --in_flight_;
  store16_release(used_ + 2, next_used_);  // the element before the index (§2.7.8.2)
  return true;
}

bool Virtqueue::should_notify() {
  if (!active_) return false;
  __atomic_thread_fence(__ATOMIC_SEQ_CST);  // used idx store before reading the driver's suppression
  uint16_t old = signalled_used_, now = next_used_;
  bool valid = signalled_valid_;
  signalled_used_ = now;
  signalled_valid_ = true;
  if (!event_idx_) return !(load16(avail_) & kAvailFlagNoInterrupt);
  if (!valid) return true;
  uint16_t used_event = load16(avail_ + 4 + 2 * size_);
  // vring_need_event (§2.7.10): notify if used_event lies in [old, now).
  return static_cast<uint16_t>(now - used_event - 1) < static_cast<uint16_t>(now - old);
}

void Virtqueue::disable_notifications() {
  if (!active_ || event_idx_) return;  // with event index we simply do not advance avail_event
  store16(used_, kUsedFlagNoNotify);
}

bool Virtqueue::enable_notifications() {
  if (!active_) return false;
  if (event_idx_) {
    store16(used_ + 4 + kUsedElemSize * size_, next_avail_);  // avail_event
  } else {
    store16(used_, 0);
  }
  __atomic_thread_fence(__ATOMIC_SEQ_CST);
  return avail_idx() != next_avail_;
}

}  // namespace tshyve::devices::virtio
