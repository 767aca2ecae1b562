// Framebuffer memslot with dirty logging (Linux KVM API §4.35 KVM_SET_USER_MEMORY_REGION, §4.8
// KVM_GET_DIRTY_LOG). A slot that cannot be set (another slot already covers the address) is
// logged and left out: the BAR then traps and every access goes through the MMIO path.
#include "devices/display/framebuffer_memory.h"

#include <sys/ioctl.h>
#include <sys/mman.h>

#include <cerrno>
#include <stdexcept>

#include "vmm/kvm_uapi.h"
#include "vmm/log.h"

namespace tshyve::devices::display {

namespace {
constexpr uint64_t kPage = 4096;
}

FramebufferMemory::FramebufferMemory(uint64_t size, int vm_fd, uint32_t slot)
    : size_(size), vm_fd_(vm_fd), slot_(slot), soft_dirty_((size / kPage + 63) / 64), kvm_bits_((size / kPage + 63) / 64) {
  if (size == 0 || size % kPage) throw std::runtime_error("framebuffer size must be a multiple of 4 KiB");
  void* p = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw std::runtime_error("framebuffer: mmap failed");
  data_ = static_cast<uint8_t*>(p);
  // Manual protection (KVM API §4.117 KVM_CLEAR_DIRTY_LOG, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2): reading
  // the log no longer write-protects the whole slot; only pages reported dirty are protected again,
  // so a viewer's periodic look at a still screen changes nothing in the guest's page tables.
  if (vm_fd_ >= 0 && ::ioctl(vm_fd_, KVM_CHECK_EXTENSION, KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2) > 0) {
    kvm_enable_cap cap{};
    cap.cap = KVM_CAP_MANUAL_DIRTY_LOG_PROTECT2;
    cap.args[0] = KVM_DIRTY_LOG_MANUAL_PROTECT_ENABLE;
    manual_protect_ = ::ioctl(vm_fd_, KVM_ENABLE_CAP, &cap) == 0;
  }
}

FramebufferMemory::~FramebufferMemory() {
  if (mapped_) set_slot(gpa_, 0);
  ::munmap(data_, size_);
}

bool FramebufferMemory::set_slot(uint64_t gpa, uint64_t size) {
  kvm_userspace_memory_region r{};
  r.slot = slot_;
  r.flags = size ? KVM_MEM_LOG_DIRTY_PAGES : 0;
  r.guest_phys_addr = gpa;
  r.memory_size = size;
  r.userspace_addr = reinterpret_cast<uint64_t>(data_);
  return ::ioctl(vm_fd_, KVM_SET_USER_MEMORY_REGION, &r) == 0;
}

bool FramebufferMemory::place(uint64_t gpa, bool on) {
  if (vm_fd_ < 0) return false;
  std::lock_guard<std::mutex> lock(mu_);
  if (mapped_ && (!on || gpa != gpa_)) {
    set_slot(gpa_, 0);
    mapped_ = false;
  }
  if (on && !mapped_) {
    if (!set_slot(gpa, size_)) {
      vmm::guest_log("display: framebuffer memslot at 0x%llx refused (errno %d); BAR 0 traps instead", static_cast<unsigned long long>(gpa),
                     errno);
      return false;
    }
    gpa_ = gpa;
    mapped_ = true;
  }
  mark_dirty(0, size_);  // the guest may have written through the trapping path meanwhile
  return mapped_;
}

void FramebufferMemory::mark_dirty(uint64_t offset, uint64_t len) {
  if (offset >= size_ || len == 0) return;
  const uint64_t last = std::min(offset + len, size_) - 1;
  for (uint64_t p = offset / kPage; p <= last / kPage; ++p) soft_dirty_[p / 64].fetch_or(1ull << (p % 64), std::memory_order_relaxed);
}

bool FramebufferMemory::take_dirty(std::vector<uint64_t>& bits) {
  bits.resize(soft_dirty_.size());
  for (size_t i = 0; i < bits.size(); ++i) bits[i] |= soft_dirty_[i].exchange(0, std::memory_order_relaxed);
  std::lock_guard<std::mutex> lock(mu_);
  if (!mapped_) return true;
  kvm_dirty_log log{};
  log.slot = slot_;
  std::fill(kvm_bits_.begin(), kvm_bits_.end(), 0);
  log.dirty_bitmap = kvm_bits_.data();
  if (log_failed_ || ::ioctl(vm_fd_, KVM_GET_DIRTY_LOG, &log) != 0) {
    if (!log_failed_) vmm::guest_log("display: KVM_GET_DIRTY_LOG failed (errno %d); comparing the whole screen instead", errno);
    log_failed_ = true;
    return false;
  }
  kvm_log_ok_ = true;
  bool any = false;
  for (size_t i = 0; i < bits.size(); ++i) {
    bits[i] |= kvm_bits_[i];
    any |= kvm_bits_[i] != 0;
  }
  if (manual_protect_ && any) {
    kvm_clear_dirty_log clear{};
    clear.slot = slot_;
    clear.first_page = 0;
    clear.num_pages = static_cast<uint32_t>(size_ / kPage);
    clear.dirty_bitmap = kvm_bits_.data();
    if (::ioctl(vm_fd_, KVM_CLEAR_DIRTY_LOG, &clear) != 0) {
      vmm::guest_log("display: KVM_CLEAR_DIRTY_LOG failed (errno %d); comparing the whole screen instead", errno);
      log_failed_ = true;
      return false;
    }
  }
  return true;
}

}  // namespace tshyve::devices::display
