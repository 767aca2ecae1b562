// The driver side of a virtio-pci device for native tests and the I/O bench: negotiates features
// through BAR 0 (virtio 1.2 §3.1.1), lays out split virtqueues (§2.7) in fake guest RAM, submits chains.
#pragma once
#include <cstring>
#include <memory>
#include <vector>

#include "devices/virtio/virtio_pci.h"
#include "devices/virtio/virtio_spec.h"
#include "vmm/guest_memory.h"

namespace testdrv {

using namespace tshyve::devices::virtio;

struct Buf {
  uint64_t gpa;
  uint32_t len;
  bool write;
};

class Driver {
 public:
  static constexpr uint64_t kRam = 64ull << 20;
  std::unique_ptr<tshyve::vmm::GuestMemory> mem = std::make_unique<tshyve::vmm::GuestMemory>();
  uint8_t* ram;
  std::shared_ptr<VirtioPciFunction> fn;
  uint16_t qsize = 128;
  uint64_t desc = 0x10000, avail = 0x20000, used = 0x30000;
  uint16_t avail_idx = 0, used_seen = 0, next_desc = 0;
  uint64_t heap = 0x100000;

  Driver() { ram = mem->add_anonymous(0, kRam); }
  void w32(uint64_t off, uint32_t v) { fn->bar_write(off, reinterpret_cast<uint8_t*>(&v), 4); }
  void w16(uint64_t off, uint16_t v) { fn->bar_write(off, reinterpret_cast<uint8_t*>(&v), 2); }
  void w8(uint64_t off, uint8_t v) { fn->bar_write(off, &v, 1); }
  uint32_t r32(uint64_t off) {
    uint32_t v = 0;
    fn->bar_read(off, reinterpret_cast<uint8_t*>(&v), 4);
    return v;
  }
  uint8_t r8(uint64_t off) {
    uint8_t v = 0;
    fn->bar_read(off, &v, 1);
    return v;
  }
  uint8_t status() { return r8(0x14); }

  // Makes the function for `dev`, resets it and negotiates `features` plus VERSION_1 (§3.1.1 steps
  // 1-5). Returns whether the device accepted them (FEATURES_OK).
  bool negotiate(std::shared_ptr<VirtioDevice> dev, uint64_t features) {
    fn = std::make_shared<VirtioPciFunction>(dev, *mem, VirtioPciOptions{});
    w8(0x14, 0);
    w8(0x14, kStatusAcknowledge | kStatusDriver);
    features |= bit(kFeatureVersion1);
    w32(0x08, 0);
    w32(0x0c, static_cast<uint32_t>(features));
    w32(0x08, 1);
    w32(0x0c, static_cast<uint32_t>(features >> 32));
    w8(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
    return status() & kStatusFeaturesOk;
  }
  // Programs and enables queue `q` (rings below 4 GiB).
  void enable_queue(uint16_t q, uint16_t size, uint64_t d, uint64_t a, uint64_t u) {
    w16(0x16, q);
    w16(0x18, size);
    w32(0x20, static_cast<uint32_t>(d));
    w32(0x24, 0);
    w32(0x28, static_cast<uint32_t>(a));
    w32(0x2c, 0);
    w32(0x30, static_cast<uint32_t>(u));
    w32(0x34, 0);
    w16(0x1c, 1);
  }
  bool driver_ok() {
    w8(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk);
    return status() & kStatusDriverOk;
  }
  // Writes `bufs` as a direct chain into the descriptor table at `table` (from `next_free`, wrapping
  // at `size`) and publishes its head in the available ring at `ring`; returns the head.
  uint16_t place_chain(uint64_t table, uint64_t ring, uint16_t size, uint16_t& next_free, uint16_t& ring_idx,
                       const std::vector<Buf>& bufs) {
    uint16_t head = next_free;
    for (size_t i = 0; i < bufs.size(); ++i) {
      uint16_t idx = static_cast<uint16_t>((head + i) % size);
      uint16_t flags = (bufs[i].write ? kDescFlagWrite : 0) | (i + 1 < bufs.size() ? kDescFlagNext : 0);
      write_desc(table, idx, bufs[i].gpa, bufs[i].len, flags, static_cast<uint16_t>((idx + 1) % size));
    }
    next_free = static_cast<uint16_t>((head + bufs.size()) % size);
    std::memcpy(ram + ring + 4 + 2 * (ring_idx % size), &head, 2);
    ++ring_idx;
    __atomic_store_n(reinterpret_cast<uint16_t*>(ram + ring + 2), ring_idx, __ATOMIC_RELEASE);
    return head;
  }
  void write_desc(uint64_t table, uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) {
    uint8_t* d = ram + table + 16ull * i;
    std::memcpy(d, &addr, 8);
    std::memcpy(d + 8, &len, 4);
    std::memcpy(d + 12, &flags, 2);
    std::memcpy(d + 14, &next, 2);
  }

  // Negotiates `features` (plus VERSION_1) and enables queue 0 of size `size`.
  bool init(std::shared_ptr<VirtioDevice> dev, uint64_t features, uint16_t size = 128) {
    qsize = size;
    if (!negotiate(std::move(dev), features)) return false;
    enable_queue(0, size, desc, avail, used);
    return driver_ok();
  }
  uint64_t alloc(uint64_t n, uint64_t align = 16) {
    heap = (heap + align - 1) & ~(align - 1);
    uint64_t at = heap;
    heap += n;
    return at;
  }
  void set_desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) { write_desc(desc, i, addr, len, flags, next); }
  // Places a direct chain and makes it available; returns its head.
  uint16_t submit(const std::vector<Buf>& bufs) { return place_chain(desc, avail, qsize, next_desc, avail_idx, bufs); }
  void publish(uint16_t head) {
    std::memcpy(ram + avail + 4 + 2 * (avail_idx % qsize), &head, 2);
    ++avail_idx;
    __atomic_store_n(reinterpret_cast<uint16_t*>(ram + avail + 2), avail_idx, __ATOMIC_RELEASE);
  }
  uint16_t used_idx() { return __atomic_load_n(reinterpret_cast<uint16_t*>(ram + used + 2), __ATOMIC_ACQUIRE); }
  uint32_t used_len(uint16_t i) {
    uint32_t v;
    std::memcpy(&v, ram + used + 4 + 8 * (i % qsize) + 4, 4);
    return v;
  }
  void kick(uint16_t q = 0) { fn->doorbell(q); }

  // ---- several queues (each with its own rings at kMultiRings + q * 0x4000) ----
  static constexpr uint64_t kMultiRings = 32ull << 20;
  struct Queue {
    uint16_t size = 0, avail_idx = 0, next_desc = 0;
    uint64_t desc = 0, avail = 0, used = 0;
  };
  std::vector<Queue> queues;

  // Like init(), with queues 0..count-1 of `size` entries enabled before DRIVER_OK.
  bool init_queues(std::shared_ptr<VirtioDevice> dev, uint64_t features, uint16_t count, uint16_t size = 8) {
    if (!negotiate(std::move(dev), features)) return false;
    queues.assign(count, Queue{});
    for (uint16_t q = 0; q < count; ++q) {
      Queue& Q = queues[q];
      Q.size = size;
      Q.desc = kMultiRings + q * 0x4000ull;
      Q.avail = Q.desc + 0x1000;
      Q.used = Q.desc + 0x2000;
      enable_queue(q, size, Q.desc, Q.avail, Q.used);
    }
    return driver_ok();
  }
  uint16_t submit_to(uint16_t q, const std::vector<Buf>& bufs) {
    Queue& Q = queues.at(q);
    return place_chain(Q.desc, Q.avail, Q.size, Q.next_desc, Q.avail_idx, bufs);
  }
  uint16_t used_idx_of(uint16_t q) { return __atomic_load_n(reinterpret_cast<uint16_t*>(ram + queues.at(q).used + 2), __ATOMIC_ACQUIRE); }
  uint32_t used_len_of(uint16_t q, uint16_t i) {
    uint32_t v;
    std::memcpy(&v, ram + queues.at(q).used + 4 + 8 * (i % queues.at(q).size) + 4, 4);
    return v;
  }
};

}  // namespace testdrv
