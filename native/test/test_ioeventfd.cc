// vmm::IoEventFdRegistrar (KVM_IOEVENTFD, api.rst §4.59): counting without KVM and, when /dev/kvm
// opens, on a real VM fd: assign, the duplicate refused, deassign, the second deassign refused.
#include <sys/eventfd.h>

#include <cerrno>
#include <cstdlib>
#include <memory>
#include <string>

#include "check.h"
#include "vmm/ioeventfd.h"
#include "vmm/kvm.h"
#include "vmm/unique_fd.h"

using tshyve::vmm::IoEventFdRegistrar;

TEST(counting_without_kvm) {
  IoEventFdRegistrar r(-1);
  CHECK(!r.has_kvm());
  CHECK(r.assign(0xe0003000, 0, 7));
  CHECK(r.assign(0xe0003004, 4, 8));
  CHECK_EQ(r.active(), 2);
  CHECK(r.deassign(0xe0003000, 0, 7));
  CHECK_EQ(r.active(), 1);
}

TEST(real_vm_assign_and_deassign) {
  std::unique_ptr<tshyve::vmm::KvmSystem> sys;
  std::unique_ptr<tshyve::vmm::KvmVm> vm;
  try {
    sys = std::make_unique<tshyve::vmm::KvmSystem>();
    vm = std::make_unique<tshyve::vmm::KvmVm>(*sys);
  } catch (const std::exception& e) {
    const char* require = std::getenv("TSHYVE_REQUIRE_KVM");
    const bool must = require && std::string(require) == "1";
    std::printf("  %s: %s\n", must ? "FAILED (TSHYVE_REQUIRE_KVM=1)" : "skipped", e.what());
    if (must) ++check::failures();
    return;
  }
  tshyve::vmm::UniqueFd a(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)), b(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  IoEventFdRegistrar r(vm->fd());
  CHECK(r.has_kvm());
  CHECK(r.assign(0xe0003000, 0, a.get()));  // any length
  CHECK(r.assign(0xe0003004, 4, b.get()));
  CHECK_EQ(r.active(), 2);
  errno = 0;
  CHECK(!r.assign(0xe0003000, 0, a.get()));  // the same binding twice: KVM says EEXIST
  CHECK_EQ(errno, EEXIST);
  CHECK_EQ(r.active(), 2);
  CHECK(r.deassign(0xe0003000, 0, a.get()));
  errno = 0;
  CHECK(!r.deassign(0xe0003000, 0, a.get()));  // already gone: ENOENT
  CHECK_EQ(errno, ENOENT);
  CHECK(!r.assign(0xe0003008, 3, a.get()));  // KVM accepts lengths 0, 1, 2, 4, 8 only
  CHECK(r.deassign(0xe0003004, 4, b.get()));
  CHECK_EQ(r.active(), 0);
}

TEST_MAIN()
