// Shared pieces of the libFuzzer targets: guest RAM between PROT_NONE guard pages (any access
// outside RAM faults under ASan), and a hostile virtio-pci driver (virtio 1.2 §3.1.1, §2.7) that
// turns fuzz input into BAR/config accesses, raw RAM writes, descriptor chains and doorbells.
#pragma once
#include <fuzzer/FuzzedDataProvider.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>

#include "devices/virtio/virtio_pci.h"
#include "devices/virtio/virtio_spec.h"
#include "vmm/guest_memory_view.h"

namespace fuzz {

constexpr uint64_t kPage = 4096;

// RAM at guest-physical 0 of `size` bytes; the pages right before and after are PROT_NONE.
class GuardedMemory : public tshyve::vmm::GuestMemoryView {
 public:
  explicit GuardedMemory(uint64_t size) : size_(size) {
    map_ = static_cast<uint8_t*>(::mmap(nullptr, size + 2 * kPage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (map_ == MAP_FAILED || ::mprotect(map_ + kPage, size, PROT_READ | PROT_WRITE) != 0) std::abort();
    ram_ = map_ + kPage;
  }
  ~GuardedMemory() override { ::munmap(map_, size_ + 2 * kPage); }
  uint8_t* translate(uint64_t gpa, uint64_t len) override {
    if (gpa >= size_ || len > size_ - gpa) return nullptr;
    return ram_ + gpa;
  }
  uint8_t* ram() { return ram_; }
  uint64_t size() const { return size_; }
  void clear() { std::memset(ram_, 0, size_); }

 private:
  uint64_t size_;
  uint8_t* map_;
  uint8_t* ram_;
};

// The fixed ring layout the driver programs (the fuzz input may still overwrite any byte of RAM).
constexpr uint64_t kRam = 1ull << 20;
constexpr uint64_t kRings = 0x10000, kRingStride = 0x4000;  // desc +0, avail +0x1000, used +0x2000
constexpr uint64_t kData = 0x80000;                         // buffers live in [kData, kRam)

class HostileDriver {
 public:
  using Kick = std::function<void(uint16_t queue)>;
  using HostOp = std::function<void(FuzzedDataProvider& in)>;  // the host side acts (a frame arrives...)
  HostileDriver(GuardedMemory& mem, tshyve::devices::virtio::VirtioPciFunction& fn, Kick kick, HostOp host = {})
      : mem_(mem), fn_(fn), kick_(std::move(kick)), host_(std::move(host)) {}

  // Resets the device and walks the §3.1.1 initialisation with fuzzed features and queue sizes.
  void initialise(FuzzedDataProvider& in, uint16_t queues) {
    using namespace tshyve::devices::virtio;
    w(0x14, 1, 0);
    w(0x14, 1, kStatusAcknowledge | kStatusDriver);
    const uint64_t features = in.ConsumeIntegral<uint64_t>() | bit(kFeatureVersion1);
    w(0x08, 4, 0);
    w(0x0c, 4, static_cast<uint32_t>(features));
    w(0x08, 4, 1);
    w(0x0c, 4, static_cast<uint32_t>(features >> 32));
    w(0x14, 1, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
    queues_ = queues;
    for (uint16_t q = 0; q < queues && q < kMaxQueues; ++q) {
      sizes_[q] = static_cast<uint16_t>(1u << in.ConsumeIntegralInRange<int>(0, 8));  // 1..256
      next_[q] = avail_[q] = 0;
      const uint64_t base = kRings + q * kRingStride;
      w(0x16, 2, q);
      w(0x18, 2, sizes_[q]);
      w(0x20, 4, static_cast<uint32_t>(base));
      w(0x24, 4, 0);
      w(0x28, 4, static_cast<uint32_t>(base + 0x1000));
      w(0x2c, 4, 0);
      w(0x30, 4, static_cast<uint32_t>(base + 0x2000));
      w(0x34, 4, 0);
      w(0x1c, 2, 1);
    }
    w(0x14, 1, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk | kStatusDriverOk);
  }

  // Runs operations until the input is used up.
  void run(FuzzedDataProvider& in) {
    while (in.remaining_bytes() > 0) {
      switch (in.ConsumeIntegralInRange<int>(0, 8)) {
        case 0: chain(in, false); break;
        case 1: chain(in, true); break;
        case 2:
        case 3: kick_(static_cast<uint16_t>(in.ConsumeIntegralInRange<int>(0, queues_ ? queues_ - 1 : 0))); break;
        case 4: {  // raw RAM bytes: rings, headers, payloads, anything
          const uint64_t at = in.ConsumeIntegralInRange<uint64_t>(0, kRam - 1);
          auto bytes = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 64));
          const size_t n = std::min<size_t>(bytes.size(), kRam - at);
          if (n) std::memcpy(mem_.ram() + at, bytes.data(), n);
          break;
        }
        case 5: {  // any BAR 0 register, any size
          const uint64_t off = in.ConsumeIntegralInRange<uint64_t>(0, 0x7fff);
          const uint32_t size = 1u << in.ConsumeIntegralInRange<int>(0, 2);
          uint8_t b[4];
          const uint32_t v = in.ConsumeIntegral<uint32_t>();
          std::memcpy(b, &v, 4);
          if (in.ConsumeBool())
            fn_.bar_write(off, b, size);
          else
            fn_.bar_read(off, b, size);
          break;
        }
        case 6: {  // PCI configuration space, including the pci_cfg window and MSI-X control
          const uint32_t off = in.ConsumeIntegralInRange<uint32_t>(0, 0x10ff);
          const uint32_t size = 1u << in.ConsumeIntegralInRange<int>(0, 2);
          if (in.ConsumeBool())
            fn_.config_write(off, size, in.ConsumeIntegral<uint32_t>());
          else
            (void)fn_.config_read(off, size);
          break;
        }
        case 7: initialise(in, queues_); break;
        case 8:
          if (host_) host_(in);
          break;
      }
    }
  }

 private:
  static constexpr uint16_t kMaxQueues = 8;
  void w(uint64_t off, uint32_t size, uint32_t v) {
    uint8_t b[4];
    std::memcpy(b, &v, 4);
    fn_.bar_write(off, b, size);
  }
  void desc(uint64_t table, uint32_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next) {
    const uint64_t at = table + 16ull * i;
    if (at + 16 > kRam) return;
    uint8_t* d = mem_.ram() + at;
    std::memcpy(d, &addr, 8);
    std::memcpy(d + 8, &len, 4);
    std::memcpy(d + 12, &flags, 2);
    std::memcpy(d + 14, &next, 2);
  }
  uint64_t buffer_address(FuzzedDataProvider& in) {
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) return in.ConsumeIntegral<uint64_t>();  // anywhere at all
    return kData + in.ConsumeIntegralInRange<uint64_t>(0, kRam - kData - 1);
  }
  // A chain of 1..8 descriptors (or an indirect table of up to 64) made available on a queue.
  void chain(FuzzedDataProvider& in, bool indirect) {
    using namespace tshyve::devices::virtio;
    if (!queues_) return;
    const uint16_t q = static_cast<uint16_t>(in.ConsumeIntegralInRange<int>(0, queues_ - 1));
    const uint16_t size = sizes_[q];
    const uint64_t base = kRings + q * kRingStride;
    const uint16_t head = static_cast<uint16_t>(next_[q] % size);
    const int count = in.ConsumeIntegralInRange<int>(1, indirect ? 64 : 8);
    const uint16_t write_from = static_cast<uint16_t>(in.ConsumeIntegralInRange<int>(0, count));
    const uint64_t table = indirect ? kData + 16 * in.ConsumeIntegralInRange<uint64_t>(0, 0x1000) : base;
    for (int i = 0; i < count; ++i) {
      uint16_t flags = (i + 1 < count ? kDescFlagNext : 0) | (i >= write_from ? kDescFlagWrite : 0);
      if (in.ConsumeIntegralInRange<int>(0, 31) == 0) flags = in.ConsumeIntegral<uint16_t>();
      const uint32_t len = in.ConsumeIntegralInRange<uint32_t>(0, in.ConsumeBool() ? 2048 : 0x10000);
      const uint32_t idx = indirect ? static_cast<uint32_t>(i) : (head + i) % size;
      const uint16_t next = static_cast<uint16_t>(indirect ? i + 1 : (head + i + 1) % size);
      desc(table, idx, buffer_address(in), len, flags, next);
    }
    if (indirect) {
      desc(base, head, table, 16u * static_cast<uint32_t>(count), kDescFlagIndirect, 0);
      next_[q] = static_cast<uint16_t>(head + 1);
    } else {
      next_[q] = static_cast<uint16_t>(head + count);
    }
    uint8_t* avail = mem_.ram() + base + 0x1000;
    std::memcpy(avail + 4 + 2 * (avail_[q] % size), &head, 2);
    ++avail_[q];
    std::memcpy(avail + 2, &avail_[q], 2);
  }

  GuardedMemory& mem_;
  tshyve::devices::virtio::VirtioPciFunction& fn_;
  Kick kick_;
  HostOp host_;
  uint16_t queues_ = 0;
  uint16_t sizes_[kMaxQueues] = {}, next_[kMaxQueues] = {}, avail_[kMaxQueues] = {};
};

}  // namespace fuzz
