// A minimal assertion helper for native unit tests: CHECK/CHECK_EQ record failures and keep going;
// TEST_MAIN runs the registered tests and returns non-zero if any check failed.
#pragma once
#include <cstdio>
#include <functional>
#include <string>
#include <vector>

namespace check {

inline int& failures() {
  static int n = 0;
  return n;
}
inline std::vector<std::pair<std::string, std::function<void()>>>& registry() {
  static std::vector<std::pair<std::string, std::function<void()>>> r;
  return r;
}
struct Register {
  Register(const char* name, std::function<void()> fn) { registry().emplace_back(name, std::move(fn)); }
};
inline int run_all() {
  for (auto& [name, fn] : registry()) {
    int before = failures();
    try {
      fn();
    } catch (const std::exception& e) {
      std::printf("  exception: %s\n", e.what());
      ++failures();
    }
    std::printf("%s %s\n", failures() == before ? "ok  " : "FAIL", name.c_str());
  }
  return failures() == 0 ? 0 : 1;
}

}  // namespace check

#define TEST(name)                                       \
  static void name();                                    \
  static check::Register name##_registered(#name, name); \
  static void name()

#define CHECK(cond)                                                          \
  do {                                                                       \
    if (!(cond)) {                                                           \
      std::printf("  %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, #cond); \
      ++check::failures();                                                   \
    }                                                                        \
  } while (0)

#define CHECK_EQ(a, b)                                                                                                         \
  do {                                                                                                                         \
    auto va_ = (a);                                                                                                            \
    auto vb_ = (b);                                                                                                            \
    if (!(va_ == vb_)) {                                                                                                       \
      std::printf("  %s:%d: CHECK_EQ(%s, %s) failed: %lld vs %lld\n", __FILE__, __LINE__, #a, #b, static_cast<long long>(va_), \
                  static_cast<long long>(vb_));                                                                                \
      ++check::failures();                                                                                                     \
    }                                                                                                                          \
  } while (0)

#define TEST_MAIN() \
  int main() { return check::run_all(); }
