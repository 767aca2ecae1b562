// vmm::IoEventFdRegistrar (KVM_IOEVENTFD, api.rst §4.59): counting without KVM and, when /dev/kvm
// opens, on a real VM fd: assign, the duplicate refused, deassign, the second deassign refused; and
// a real-mode guest's write signalling the eventfd inside KVM, then exiting to us once deassigned.
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

#include "check.h"
#include "vmm/ioeventfd.h"
#include "vmm/kvm.h"
#include "vmm/unique_fd.h"

using tshyve::vmm::IoEventFdRegistrar;

namespace {
bool open_vm(std::unique_ptr<tshyve::vmm::KvmSystem>& sys, std::unique_ptr<tshyve::vmm::KvmVm>& vm) {
  try {
    sys = std::make_unique<tshyve::vmm::KvmSystem>();
    vm = std::make_unique<tshyve::vmm::KvmVm>(*sys);
    return true;
  } catch (const std::exception& e) {
    const char* require = std::getenv("TSHYVE_REQUIRE_KVM");
    const bool must = require && std::string(require) == "1";
    std::printf("  %s: %s\n", must ? "FAILED (TSHYVE_REQUIRE_KVM=1)" : "skipped", e.what());
    if (must) ++check::failures();
    return false;
  }
}
// Runs the vCPU from 0:0x1000 until it exits to userspace; returns the exit reason.
uint32_t run_from_start(tshyve::vmm::KvmVcpu& cpu) {
  kvm_regs r{};
  r.rip = 0x1000;
  r.rflags = 2;
  cpu.set_regs(r);
  if (::ioctl(cpu.fd(), KVM_RUN, 0) != 0) return ~0u;
  return cpu.run_area()->exit_reason;
}
}  // namespace

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
  if (!open_vm(sys, vm)) return;
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

TEST(real_vm_guest_write_signals_the_eventfd) {
  std::unique_ptr<tshyve::vmm::KvmSystem> sys;
  std::unique_ptr<tshyve::vmm::KvmVm> vm;
  if (!open_vm(sys, vm)) return;
  constexpr uint64_t kRamSize = 0x10000, kDoorbell = 0x80000;  // the doorbell is outside RAM: MMIO
  auto* ram = static_cast<uint8_t*>(::mmap(nullptr, kRamSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  CHECK(ram != MAP_FAILED);
  // mov ax, 0x8000; mov ds, ax; mov byte [0], 1; hlt  (ds:0 = 0x80000)
  const uint8_t code[] = {0xb8, 0x00, 0x80, 0x8e, 0xd8, 0xc6, 0x06, 0x00, 0x00, 0x01, 0xf4};
  std::memcpy(ram + 0x1000, code, sizeof code);
  vm->set_identity_map_addr(0xfeffc000);
  vm->set_tss_addr(0xfeffd000);
  vm->set_user_memory_region(0, 0, kRamSize, ram, false);
  tshyve::vmm::KvmVcpu cpu(*vm, 0, sys->vcpu_mmap_size());
  kvm_sregs sr{};
  cpu.get_sregs(sr);
  sr.cs.base = 0;
  sr.cs.selector = 0;
  cpu.set_sregs(sr);
  tshyve::vmm::UniqueFd bell(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
  IoEventFdRegistrar r(vm->fd());
  CHECK(r.assign(kDoorbell, 0, bell.get()));
  CHECK_EQ(run_from_start(cpu), uint32_t{KVM_EXIT_HLT});  // the write did not exit: KVM took it
  uint64_t n = 0;
  CHECK_EQ(::read(bell.get(), &n, sizeof n), 8);
  CHECK_EQ(n, 1u);
  CHECK(r.deassign(kDoorbell, 0, bell.get()));
  cpu.get_sregs(sr);
  sr.ds.base = 0;
  sr.ds.selector = 0;
  cpu.set_sregs(sr);
  const uint32_t reason = run_from_start(cpu);
  CHECK_EQ(reason, uint32_t{KVM_EXIT_MMIO});  // now it is ours to emulate
  if (reason == KVM_EXIT_MMIO) {
    CHECK_EQ(cpu.run_area()->mmio.phys_addr, kDoorbell);
    CHECK(cpu.run_area()->mmio.is_write);
  }
  CHECK_EQ(::read(bell.get(), &n, sizeof n), -1);  // nothing more signalled
  ::munmap(ram, kRamSize);
}

TEST_MAIN()
