// Thin RAII wrappers over the Linux KVM API (Documentation/virt/kvm/api.rst): the system fd
// (/dev/kvm), a VM fd and a vCPU fd with its mmap'ed kvm_run area. Setup errors throw KvmError.
#pragma once
#include "vmm/kvm_uapi.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "vmm/unique_fd.h"

namespace tshyve::vmm {

// What a set-up failure means to the user, carried to JS as the error's `code` (mapped once, in
// binding/vm_handle.cc): the KVM device itself is not usable, or setting the VM up failed.
enum class SetupErrorCode { kKvmUnavailable, kVmSetupFailed };

class KvmError : public std::runtime_error {
 public:
  KvmError(const std::string& what, int err, SetupErrorCode code = SetupErrorCode::kVmSetupFailed);
  int err() const { return err_; }
  SetupErrorCode code() const { return code_; }

 private:
  int err_;
  SetupErrorCode code_;
};

class KvmSystem {
 public:
  explicit KvmSystem(const char* path = "/dev/kvm");
  int fd() const { return fd_.get(); }
  int check_extension(long cap) const;
  int vcpu_mmap_size() const;
  std::vector<kvm_cpuid_entry2> supported_cpuid() const;
  std::vector<uint32_t> msr_index_list() const;

 private:
  UniqueFd fd_;
};

class KvmVm {
 public:
  explicit KvmVm(const KvmSystem& sys);
  int fd() const { return fd_.get(); }
  void set_user_memory_region(uint32_t slot, uint64_t gpa, uint64_t size, void* host, bool readonly);
  void set_tss_addr(uint64_t addr);
  void set_identity_map_addr(uint64_t addr);
  void create_irqchip();
  void create_pit2();
  // Thread-safe: KVM_IRQ_LINE on the in-kernel PIC/IOAPIC.
  void irq_line(uint32_t irq, bool level);

 private:
  UniqueFd fd_;
};

class KvmVcpu {
 public:
  KvmVcpu(const KvmVm& vm, uint32_t id, int mmap_size);
  ~KvmVcpu();
  KvmVcpu(const KvmVcpu&) = delete;
  KvmVcpu& operator=(const KvmVcpu&) = delete;
  int fd() const { return fd_.get(); }
  uint32_t id() const { return id_; }
  kvm_run* run_area() const { return run_; }
  void get_regs(kvm_regs& r) const;
  void set_regs(const kvm_regs& r);
  void get_sregs(kvm_sregs& s) const;
  void set_sregs(const kvm_sregs& s);
  void get_fpu(kvm_fpu& f) const;
  void set_fpu(const kvm_fpu& f);
  // KVM_SET_GUEST_DEBUG (api.rst 4.59): control flags plus debugreg[0..3] and [7]. Returns an errno
  // (0 on success) instead of throwing: a debugger asks at run time.
  int set_guest_debug(const kvm_guest_debug& dbg) noexcept;
  void set_cpuid(const std::vector<kvm_cpuid_entry2>& entries);
  // Returns how many MSRs were set.
  int set_msrs(const std::vector<std::pair<uint32_t, uint64_t>>& msrs);
  void set_mp_state(uint32_t state);
  void set_lapic_lint();

 private:
  UniqueFd fd_;
  uint32_t id_;
  kvm_run* run_ = nullptr;
  int mmap_size_ = 0;
};

}  // namespace tshyve::vmm
