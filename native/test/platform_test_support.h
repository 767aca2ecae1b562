// Minimal test helpers for the platform chip-model tests: CHECK macros, a fake guest memory
// (one RAM region) and an interrupt line that records its level. No KVM needed.
#pragma once
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "vmm/bus_device.h"
#include "vmm/guest_memory_view.h"
#include "vmm/interrupt_line.h"

namespace platform_test {

inline int& failures() {
  static int n = 0;
  return n;
}

#define PT_CHECK(cond)                                                              \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++platform_test::failures();                                                  \
    }                                                                               \
  } while (0)

#define PT_CHECK_EQ(a, b)                                                                                                   \
  do {                                                                                                                      \
    const unsigned long long pt_a = static_cast<unsigned long long>(a);                                                     \
    const unsigned long long pt_b = static_cast<unsigned long long>(b);                                                     \
    if (pt_a != pt_b) {                                                                                                     \
      std::fprintf(stderr, "%s:%d: CHECK_EQ failed: %s (0x%llx) != %s (0x%llx)\n", __FILE__, __LINE__, #a, pt_a, #b, pt_b); \
      ++platform_test::failures();                                                                                          \
    }                                                                                                                       \
  } while (0)

inline int finish(const char* name) {
  if (failures()) {
    std::fprintf(stderr, "%s: %d failure(s)\n", name, failures());
    return 1;
  }
  std::printf("%s: ok\n", name);
  return 0;
}

// One RAM region [base, base + size).
class FakeMemory : public tshyve::vmm::GuestMemoryView {
 public:
  FakeMemory(uint64_t base, uint64_t size) : base_(base), bytes_(size, 0) {}
  uint8_t* translate(uint64_t gpa, uint64_t len) override {
    if (gpa < base_ || len > bytes_.size() || gpa - base_ > bytes_.size() - len) return nullptr;
    return bytes_.data() + (gpa - base_);
  }
  std::vector<uint8_t>& bytes() { return bytes_; }

 private:
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

class FakeIrq : public tshyve::vmm::InterruptLine {
 public:
  void set_level(bool high) override {
    level = high;
    ++changes;
  }
  bool level = false;
  int changes = 0;
};

inline uint64_t bus_read(tshyve::vmm::BusDevice& d, uint64_t offset, uint32_t size) {
  uint8_t b[8] = {};
  d.read(offset, b, size);
  uint64_t v = 0;
  for (uint32_t i = 0; i < size; ++i) v |= static_cast<uint64_t>(b[i]) << (8 * i);
  return v;
}

inline void bus_write(tshyve::vmm::BusDevice& d, uint64_t offset, uint32_t size, uint64_t v) {
  uint8_t b[8] = {};
  for (uint32_t i = 0; i < size; ++i) b[i] = static_cast<uint8_t>(v >> (8 * i));
  d.write(offset, b, size);
}

inline uint64_t le(const std::vector<uint8_t>& b, size_t at, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<uint64_t>(b.at(at + i)) << (8 * i);
  return v;
}

inline uint8_t sum(const uint8_t* p, size_t n) {
  uint8_t s = 0;
  for (size_t i = 0; i < n; ++i) s = static_cast<uint8_t>(s + p[i]);
  return s;
}

}  // namespace platform_test
