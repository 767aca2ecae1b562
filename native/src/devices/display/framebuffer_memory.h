// The display's framebuffer: anonymous host memory that, once the guest places BAR 0, is a KVM
// memslot with dirty logging (KVM API: KVM_MEM_LOG_DIRTY_PAGES, KVM_GET_DIRTY_LOG), so guest
// writes run at RAM speed and the viewer learns which pages changed without scanning the rest.
#pragma once
#include <atomic>
#include <cstdint>
#include <mutex>
#include <vector>

namespace tshyve::devices::display {

class FramebufferMemory {
 public:
  // `vm_fd` < 0 (unit tests): never a memslot; BAR 0 accesses trap and are marked dirty here.
  FramebufferMemory(uint64_t size, int vm_fd, uint32_t slot);
  ~FramebufferMemory();
  FramebufferMemory(const FramebufferMemory&) = delete;
  FramebufferMemory& operator=(const FramebufferMemory&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  uint64_t size() const { return size_; }
  // Config-write path (vCPU thread): BAR 0 now decodes at `gpa` (on) or nowhere. Returns whether the
  // memslot is in place; false leaves accesses trapping to the MMIO path (still correct, slower).
  bool place(uint64_t gpa, bool on);
  bool mapped() const { return mapped_.load(); }
  // Writes that did not go through the memslot (the MMIO path, a mode-set clear).
  void mark_dirty(uint64_t offset, uint64_t len);
  // Viewer thread: see DisplaySurface::take_dirty_pages.
  bool take_dirty(std::vector<uint64_t>& bits);
  // Whether KVM's dirty log has answered at least once (for the figures and tests).
  bool kvm_dirty_log_seen() const { return kvm_log_ok_.load(); }
  bool manual_protect() const { return manual_protect_; }

 private:
  bool set_slot(uint64_t gpa, uint64_t size);
  uint8_t* data_ = nullptr;
  uint64_t size_;
  int vm_fd_;
  uint32_t slot_;
  std::mutex mu_;  // slot changes vs. KVM_GET_DIRTY_LOG
  uint64_t gpa_ = 0;
  std::atomic<bool> mapped_{false}, kvm_log_ok_{false};
  bool log_failed_ = false, manual_protect_ = false;
  std::vector<std::atomic<uint64_t>> soft_dirty_;
  std::vector<uint64_t> kvm_bits_;
};

}  // namespace tshyve::devices::display
