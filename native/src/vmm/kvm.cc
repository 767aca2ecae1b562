// KVM system/VM/vCPU wrappers (Linux Documentation/virt/kvm/api.rst sections 4.x): ioctls with
// errno turned into KvmError during setup.
#include "vmm/kvm.h"
#include "vmm/kept_fds.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <type_traits>

namespace tshyve::vmm {

KvmError::KvmError(const std::string& what, int err, SetupErrorCode code)
    : std::runtime_error(what + ": " + std::strerror(err)), err_(err), code_(code) {}

namespace {
// ioctl that throws KvmError(name, errno). `arg` is a pointer to the ioctl's struct or an integer,
// passed as unsigned long (the variadic ioctl must not receive a narrower int).
template <typename T = unsigned long>
int xioctl(int fd, unsigned long req, const char* name, T arg = 0) {
  int r;
  if constexpr (std::is_pointer_v<T>)
    r = ::ioctl(fd, req, arg);
  else
    r = ::ioctl(fd, req, static_cast<unsigned long>(arg));
  if (r < 0) throw KvmError(name, errno);
  return r;
}
}  // namespace

KvmSystem::KvmSystem(const char* path) {
  fd_ = kept_fds::acquire(std::string("kvm ") + path, [&] {
    UniqueFd fd(::open(path, O_RDWR | O_CLOEXEC));
    if (!fd.valid()) throw KvmError(std::string("open ") + path, errno, SetupErrorCode::kKvmUnavailable);
    return fd;
  });
  int fd = fd_.get();
  int version = xioctl(fd, KVM_GET_API_VERSION, "KVM_GET_API_VERSION");
  if (version != KVM_API_VERSION) throw KvmError("unexpected KVM API version", EINVAL);
}

int KvmSystem::check_extension(long cap) const {
  int r = ::ioctl(fd_.get(), KVM_CHECK_EXTENSION, cap);
  return r < 0 ? 0 : r;
}

int KvmSystem::vcpu_mmap_size() const { return xioctl(fd_.get(), KVM_GET_VCPU_MMAP_SIZE, "KVM_GET_VCPU_MMAP_SIZE"); }

std::vector<kvm_cpuid_entry2> KvmSystem::supported_cpuid() const {
  for (uint32_t n = 128; n <= 4096; n *= 2) {
    size_t bytes = sizeof(kvm_cpuid2) + n * sizeof(kvm_cpuid_entry2);
    std::unique_ptr<uint8_t[]> buf(new uint8_t[bytes]());
    auto* c = reinterpret_cast<kvm_cpuid2*>(buf.get());
    c->nent = n;
    if (::ioctl(fd_.get(), KVM_GET_SUPPORTED_CPUID, c) == 0) return std::vector<kvm_cpuid_entry2>(c->entries, c->entries + c->nent);
    if (errno != E2BIG) throw KvmError("KVM_GET_SUPPORTED_CPUID", errno);
  }
  throw KvmError("KVM_GET_SUPPORTED_CPUID", E2BIG);
}

std::vector<uint32_t> KvmSystem::msr_index_list() const {
  kvm_msr_list probe{};
  probe.nmsrs = 0;
  ::ioctl(fd_.get(), KVM_GET_MSR_INDEX_LIST, &probe);  // E2BIG, fills nmsrs
  size_t bytes = sizeof(kvm_msr_list) + probe.nmsrs * sizeof(uint32_t);
  std::unique_ptr<uint8_t[]> buf(new uint8_t[bytes]());
  auto* l = reinterpret_cast<kvm_msr_list*>(buf.get());
  l->nmsrs = probe.nmsrs;
  xioctl(fd_.get(), KVM_GET_MSR_INDEX_LIST, "KVM_GET_MSR_INDEX_LIST", l);
  return std::vector<uint32_t>(l->indices, l->indices + l->nmsrs);
}

KvmVm::KvmVm(const KvmSystem& sys) { fd_.reset(xioctl(sys.fd(), KVM_CREATE_VM, "KVM_CREATE_VM", 0)); }

void KvmVm::set_user_memory_region(uint32_t slot, uint64_t gpa, uint64_t size, void* host, bool readonly) {
  kvm_userspace_memory_region r{};
  r.slot = slot;
  r.flags = readonly ? KVM_MEM_READONLY : 0;
  r.guest_phys_addr = gpa;
  r.memory_size = size;
  r.userspace_addr = reinterpret_cast<uint64_t>(host);
  xioctl(fd_.get(), KVM_SET_USER_MEMORY_REGION, "KVM_SET_USER_MEMORY_REGION", &r);
}

void KvmVm::set_tss_addr(uint64_t addr) { xioctl(fd_.get(), KVM_SET_TSS_ADDR, "KVM_SET_TSS_ADDR", addr); }

void KvmVm::set_identity_map_addr(uint64_t addr) {
  uint64_t a = addr;
  xioctl(fd_.get(), KVM_SET_IDENTITY_MAP_ADDR, "KVM_SET_IDENTITY_MAP_ADDR", &a);
}

void KvmVm::create_irqchip() { xioctl(fd_.get(), KVM_CREATE_IRQCHIP, "KVM_CREATE_IRQCHIP"); }

void KvmVm::create_pit2() {
  kvm_pit_config pit{};
  pit.flags = KVM_PIT_SPEAKER_DUMMY;
  xioctl(fd_.get(), KVM_CREATE_PIT2, "KVM_CREATE_PIT2", &pit);
}

void KvmVm::irq_line(uint32_t irq, bool level) {
  kvm_irq_level l{};
  l.irq = irq;
  l.level = level ? 1 : 0;
  ::ioctl(fd_.get(), KVM_IRQ_LINE, &l);  // run path: no throw; failure is not recoverable by the device
}

KvmVcpu::KvmVcpu(const KvmVm& vm, uint32_t id, int mmap_size) : id_(id), mmap_size_(mmap_size) {
  fd_.reset(xioctl(vm.fd(), KVM_CREATE_VCPU, "KVM_CREATE_VCPU", id));
  void* p = ::mmap(nullptr, mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), 0);
  if (p == MAP_FAILED) throw KvmError("mmap kvm_run", errno);
  run_ = static_cast<kvm_run*>(p);
}

KvmVcpu::~KvmVcpu() {
  if (run_) ::munmap(run_, mmap_size_);
}

void KvmVcpu::get_regs(kvm_regs& r) const { xioctl(fd_.get(), KVM_GET_REGS, "KVM_GET_REGS", &r); }
void KvmVcpu::set_regs(const kvm_regs& r) { xioctl(fd_.get(), KVM_SET_REGS, "KVM_SET_REGS", const_cast<kvm_regs*>(&r)); }
void KvmVcpu::get_sregs(kvm_sregs& s) const { xioctl(fd_.get(), KVM_GET_SREGS, "KVM_GET_SREGS", &s); }
void KvmVcpu::set_sregs(const kvm_sregs& s) { xioctl(fd_.get(), KVM_SET_SREGS, "KVM_SET_SREGS", const_cast<kvm_sregs*>(&s)); }
void KvmVcpu::get_fpu(kvm_fpu& f) const { xioctl(fd_.get(), KVM_GET_FPU, "KVM_GET_FPU", &f); }
int KvmVcpu::set_guest_debug(const kvm_guest_debug& dbg) noexcept { return ::ioctl(fd_.get(), KVM_SET_GUEST_DEBUG, &dbg) < 0 ? errno : 0; }
void KvmVcpu::set_fpu(const kvm_fpu& f) { xioctl(fd_.get(), KVM_SET_FPU, "KVM_SET_FPU", const_cast<kvm_fpu*>(&f)); }

void KvmVcpu::set_cpuid(const std::vector<kvm_cpuid_entry2>& entries) {
  size_t bytes = sizeof(kvm_cpuid2) + entries.size() * sizeof(kvm_cpuid_entry2);
  std::unique_ptr<uint8_t[]> buf(new uint8_t[bytes]());
  auto* c = reinterpret_cast<kvm_cpuid2*>(buf.get());
  c->nent = static_cast<uint32_t>(entries.size());
  std::memcpy(c->entries, entries.data(), entries.size() * sizeof(kvm_cpuid_entry2));
  xioctl(fd_.get(), KVM_SET_CPUID2, "KVM_SET_CPUID2", c);
}

int KvmVcpu::set_msrs(const std::vector<std::pair<uint32_t, uint64_t>>& msrs) {
  size_t bytes = sizeof(kvm_msrs) + msrs.size() * sizeof(kvm_msr_entry);
  std::unique_ptr<uint8_t[]> buf(new uint8_t[bytes]());
  auto* m = reinterpret_cast<kvm_msrs*>(buf.get());
  m->nmsrs = static_cast<uint32_t>(msrs.size());
  for (size_t i = 0; i < msrs.size(); ++i) {
    m->entries[i].index = msrs[i].first;
    m->entries[i].data = msrs[i].second;
  }
  return xioctl(fd_.get(), KVM_SET_MSRS, "KVM_SET_MSRS", m);
}

void KvmVcpu::set_mp_state(uint32_t state) {
  kvm_mp_state s{};
  s.mp_state = state;
  xioctl(fd_.get(), KVM_SET_MP_STATE, "KVM_SET_MP_STATE", &s);
}

void KvmVcpu::set_lapic_lint() {
  // LINT0 = ExtINT (PIC output), LINT1 = NMI, as a PC BIOS programs them (Intel SDM vol 3, 10.5.1).
  kvm_lapic_state st{};
  xioctl(fd_.get(), KVM_GET_LAPIC, "KVM_GET_LAPIC", &st);
  constexpr int kLvtLint0 = 0x350, kLvtLint1 = 0x360;
  constexpr uint32_t kDeliveryExtInt = 7u << 8, kDeliveryNmi = 4u << 8, kDeliveryMask = 7u << 8;
  auto rw = [&](int off, uint32_t mode) {
    uint32_t v;
    std::memcpy(&v, st.regs + off, 4);
    v = (v & ~kDeliveryMask) | mode;
    std::memcpy(st.regs + off, &v, 4);
  };
  rw(kLvtLint0, kDeliveryExtInt);
  rw(kLvtLint1, kDeliveryNmi);
  xioctl(fd_.get(), KVM_SET_LAPIC, "KVM_SET_LAPIC", &st);
}

}  // namespace tshyve::vmm
