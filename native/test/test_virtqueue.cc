// Split virtqueue (virtio 1.2 §2.7) device-side parser: direct and indirect chains, every rejection
// rule, event index, and a fuzz run of thousands of random descriptor tables.
#include <cstring>
#include <random>

#include "check.h"
#include "devices/virtio/virtio_spec.h"
#include "devices/virtio/virtqueue.h"
#include "vmm/guest_memory.h"

using namespace tshyve::devices::virtio;
using tshyve::vmm::GuestMemory;

namespace {
constexpr uint64_t kRamSize = 1 << 20;
constexpr uint64_t kDesc = 0x1000, kAvail = 0x2000, kUsed = 0x3000;

struct Fixture {
  GuestMemory mem;
  uint8_t* ram;
  Virtqueue q;
  uint16_t size;
  uint16_t avail_idx = 0;
  explicit Fixture(uint16_t n = 8, bool event_idx = false) : size(n) {
    ram = mem.add_anonymous(0, kRamSize);
    QueueConfig c;
    c.size = n;
    c.desc = kDesc;
    c.avail = kAvail;
    c.used = kUsed;
    q.activate(&mem, c, event_idx);
  }
  void desc(uint16_t i, uint64_t addr, uint32_t len, uint16_t flags, uint16_t next, uint64_t table = kDesc) {
    uint8_t* d = ram + table + 16ull * i;
    std::memcpy(d, &addr, 8);
    std::memcpy(d + 8, &len, 4);
    std::memcpy(d + 12, &flags, 2);
    std::memcpy(d + 14, &next, 2);
  }
  void offer(uint16_t head) {
    std::memcpy(ram + kAvail + 4 + 2 * (avail_idx % size), &head, 2);
    ++avail_idx;
    std::memcpy(ram + kAvail + 2, &avail_idx, 2);
  }
  uint16_t used_idx() {
    uint16_t v;
    std::memcpy(&v, ram + kUsed + 2, 2);
    return v;
  }
};
}  // namespace

TEST(direct_chain_readable_then_writable) {
  Fixture f;
  f.desc(0, 0x10000, 16, kDescFlagNext, 1);
  f.desc(1, 0x11000, 512, kDescFlagNext | kDescFlagWrite, 2);
  f.desc(2, 0x12000, 1, kDescFlagWrite, 0);
  f.offer(0);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kChain);
  CHECK_EQ(c.readable.size(), 1u);
  CHECK_EQ(c.writable.size(), 2u);
  CHECK_EQ(c.readable_bytes, 16u);
  CHECK_EQ(c.writable_bytes, 513u);
  CHECK(c.readable[0].host == f.ram + 0x10000);
  CHECK(f.q.pop(c) == PopResult::kEmpty);
  CHECK(f.q.push_used(c.head, 513));
  CHECK_EQ(f.used_idx(), 1);
  CHECK(f.q.should_notify());
}

TEST(indirect_chain) {
  Fixture f;
  const uint64_t table = 0x5000;
  f.desc(0, 0x10000, 16, kDescFlagNext, 1, table);
  f.desc(1, 0x11000, 4096, kDescFlagNext | kDescFlagWrite, 2, table);
  f.desc(2, 0x12000, 1, kDescFlagWrite, 0, table);
  f.desc(0, table, 48, kDescFlagIndirect, 0);
  f.offer(0);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kChain);
  CHECK_EQ(c.readable.size() + c.writable.size(), 3u);
  CHECK_EQ(c.writable_bytes, 4097u);
}

TEST(rejects_out_of_ram_buffer) {
  Fixture f;
  f.desc(0, kRamSize - 8, 16, 0, 0);
  f.offer(0);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kError);
  CHECK(!f.q.error().empty());
  CHECK(!f.q.active());
}

TEST(rejects_wrapping_address) {
  Fixture f;
  f.desc(0, ~0ull - 4, 16, 0, 0);
  f.offer(0);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kError);
}

TEST(rejects_loop) {
  Fixture f;
  f.desc(0, 0x10000, 16, kDescFlagNext, 1);
  f.desc(1, 0x10000, 16, kDescFlagNext, 0);
  f.offer(0);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kError);
  CHECK(f.q.error().find("loop") != std::string::npos);
}

TEST(rejects_next_out_of_table) {
  Fixture f;
  f.desc(0, 0x10000, 16, kDescFlagNext, 9);
  f.offer(0);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kError);
}

TEST(rejects_head_out_of_table) {
  Fixture f;
  f.offer(8);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kError);
}

TEST(rejects_avail_index_jump) {
  Fixture f;
  f.desc(0, 0x10000, 16, 0, 0);
  uint16_t idx = 9;  // more than the 8 entries of the ring
  std::memcpy(f.ram + kAvail + 2, &idx, 2);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kError);
}

TEST(rejects_nested_indirect_and_indirect_with_next) {
  {
    Fixture f;
    f.desc(0, 0x6000, 16, kDescFlagIndirect, 0, 0x5000);
    f.desc(0, 0x5000, 16, kDescFlagIndirect, 0);
    f.offer(0);
    Chain c;
    CHECK(f.q.pop(c) == PopResult::kError);
  }
  {
    Fixture f;
    f.desc(0, 0x5000, 16, kDescFlagIndirect | kDescFlagNext, 1);
    f.offer(0);
    Chain c;
    CHECK(f.q.pop(c) == PopResult::kError);
  }
  {
    Fixture f;
    f.desc(0, 0x5000, 20, kDescFlagIndirect, 0);  // not a multiple of 16
    f.offer(0);
    Chain c;
    CHECK(f.q.pop(c) == PopResult::kError);
  }
  {
    Fixture f;
    f.desc(0, kRamSize - 16, 32, kDescFlagIndirect, 0);  // table outside RAM
    f.offer(0);
    Chain c;
    CHECK(f.q.pop(c) == PopResult::kError);
  }
}

TEST(rejects_readable_after_writable) {
  Fixture f;
  f.desc(0, 0x10000, 16, kDescFlagNext | kDescFlagWrite, 1);
  f.desc(1, 0x11000, 16, 0, 0);
  f.offer(0);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kError);
}

TEST(rejects_bad_ring_config) {
  GuestMemory mem;
  mem.add_anonymous(0, kRamSize);
  Virtqueue q;
  QueueConfig c;
  c.size = 6;  // not a power of two
  c.desc = kDesc;
  c.avail = kAvail;
  c.used = kUsed;
  CHECK(!q.activate(&mem, c, false));
  c.size = 8;
  c.desc = kDesc + 8;  // misaligned
  CHECK(!q.activate(&mem, c, false));
  c.desc = kRamSize - 64;  // table runs off RAM
  CHECK(!q.activate(&mem, c, false));
  c.desc = kDesc;
  CHECK(q.activate(&mem, c, false));
}

TEST(used_ring_overflow_is_refused) {
  Fixture f;
  CHECK(!f.q.push_used(0, 0));  // nothing in flight
}

TEST(event_index_suppresses_notifications) {
  Fixture f(8, true);
  Chain c;
  for (int i = 0; i < 3; ++i) {
    f.desc(static_cast<uint16_t>(i), 0x10000, 16, 0, 0);
    f.offer(static_cast<uint16_t>(i));
  }
  // Driver asks to be notified only when used idx passes 2 (used_event = 2).
  uint16_t used_event = 2;
  std::memcpy(f.ram + kAvail + 4 + 2 * 8, &used_event, 2);
  CHECK(f.q.pop(c) == PopResult::kChain);
  f.q.push_used(c.head, 0);
  CHECK(f.q.should_notify());  // first decision always notifies
  CHECK(f.q.pop(c) == PopResult::kChain);
  f.q.push_used(c.head, 0);
  CHECK(!f.q.should_notify());  // used idx 2: event 2 not yet crossed
  CHECK(f.q.pop(c) == PopResult::kChain);
  f.q.push_used(c.head, 0);
  CHECK(f.q.should_notify());  // used idx 3 crosses used_event 2
  CHECK(!f.q.enable_notifications());
  uint16_t avail_event;
  std::memcpy(&avail_event, f.ram + kUsed + 4 + 8 * 8, 2);
  CHECK_EQ(avail_event, 3);
}

TEST(no_interrupt_flag_without_event_index) {
  Fixture f;
  f.desc(0, 0x10000, 16, 0, 0);
  f.offer(0);
  uint16_t flags = kAvailFlagNoInterrupt;
  std::memcpy(f.ram + kAvail, &flags, 2);
  Chain c;
  CHECK(f.q.pop(c) == PopResult::kChain);
  f.q.push_used(c.head, 0);
  CHECK(!f.q.should_notify());
}

// Thousands of random descriptor tables and avail rings: the parser must never return a segment
// outside guest RAM, never loop forever, and leave the queue either consistent or failed.
TEST(fuzz_random_descriptor_tables) {
  std::mt19937_64 rng(0x7458797665ull);
  uint64_t chains = 0, errors = 0;
  const int kCases = 20000;
  for (int n = 0; n < kCases; ++n) {
    uint16_t size = static_cast<uint16_t>(1u << (rng() % 9));  // 1..256
    Fixture f(size, rng() & 1);
    auto rnd_addr = [&]() -> uint64_t {
      switch (rng() % 6) {
        case 0: return rng();                      // anywhere
        case 1: return kRamSize - (rng() % 64);    // straddling the end
        case 2: return 0x5000 + 16 * (rng() % 8);  // on an indirect table
        default: return 0x10000 + (rng() % (kRamSize - 0x20000));
      }
    };
    auto rnd_len = [&]() -> uint32_t {
      switch (rng() % 5) {
        case 0: return static_cast<uint32_t>(rng());
        case 1: return 16 * static_cast<uint32_t>(rng() % 20);
        default: return static_cast<uint32_t>(rng() % 8192);
      }
    };
    auto rnd_flags = [&]() -> uint16_t {
      uint16_t fl = static_cast<uint16_t>(rng() % 8);
      if (rng() % 4 == 0) fl = static_cast<uint16_t>(rng());
      return fl;
    };
    for (uint16_t i = 0; i < size; ++i) f.desc(i, rnd_addr(), rnd_len(), rnd_flags(), static_cast<uint16_t>(rng() % (size + 2)));
    for (uint16_t i = 0; i < 8; ++i) f.desc(i, rnd_addr(), rnd_len(), rnd_flags(), static_cast<uint16_t>(rng() % 10), 0x5000);
    for (uint16_t i = 0; i < size; ++i) {
      uint16_t head = static_cast<uint16_t>(rng() % (size + 1));
      std::memcpy(f.ram + kAvail + 4 + 2 * i, &head, 2);
    }
    uint16_t idx = static_cast<uint16_t>(rng() % 4 == 0 ? rng() : rng() % (size + 1));
    std::memcpy(f.ram + kAvail + 2, &idx, 2);
    Chain c;
    for (int step = 0; step < 2 * size + 4; ++step) {
      PopResult r = f.q.pop(c);
      if (r == PopResult::kError) {
        ++errors;
        CHECK(!f.q.active());
        break;
      }
      if (r == PopResult::kEmpty) break;
      ++chains;
      for (auto* segs : {&c.readable, &c.writable})
        for (auto& s : *segs) {
          CHECK(s.host >= f.ram && s.host + s.len <= f.ram + kRamSize);
        }
      CHECK(c.readable_bytes + c.writable_bytes <= kMaxChainBytes);
      if (rng() & 1) CHECK(f.q.push_used(c.head, static_cast<uint32_t>(c.writable_bytes)));
    }
  }
  std::printf("  fuzz: %d cases, %llu chains accepted, %llu rejected\n", kCases, static_cast<unsigned long long>(chains),
              static_cast<unsigned long long>(errors));
  CHECK(chains > 0);
  CHECK(errors > 0);
}

TEST_MAIN()
