// QEMU's "bochs-display" PCI display (1234:1111, class VGA): BAR 0 the linear framebuffer, BAR 2 an
// MMIO block with the EDID at 0x000, VGA ports at 0x400, the Bochs VBE "DISPI" registers at 0x500
// and QEMU's extended registers at 0x600 (QEMU docs/specs/standard-vga.rst), the VGA BIOS in the
// expansion ROM. Drivers: SeaBIOS vgabios-bochs-display.bin, OVMF QemuVideoDxe, Linux bochs DRM.
#pragma once
#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/display/display_surface.h"
#include "devices/display/framebuffer_memory.h"
#include "devices/pci/pci_bar_device.h"

namespace tshyve::devices::display {

struct BochsDisplayOptions {
  uint32_t width = 1024, height = 768;  // announced in the EDID (the preferred mode)
  std::vector<uint8_t> rom;             // VGA BIOS image (empty: none)
  int vm_fd = -1;                       // for the framebuffer memslot; < 0 in unit tests
  uint32_t memslot = 0;
};

class BochsDisplay final : public PciBarDevice, public DisplaySurface {
 public:
  static constexpr uint64_t kFramebufferSize = 16ull << 20;  // holds 2560x1600x32
  static constexpr uint64_t kMmioSize = 4096;
  static constexpr uint16_t kMaxWidth = 2560, kMaxHeight = 1600;

  explicit BochsDisplay(const BochsDisplayOptions& options);

  uint32_t config_read(uint32_t offset, uint32_t size) override;
  void config_write(uint32_t offset, uint32_t size, uint32_t value) override;
  void mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) override;
  void mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) override;
  // Direct kernel boot (no firmware): BAR 0 and BAR 2 at these addresses, memory decoding on.
  void preassign_bars(uint64_t framebuffer, uint64_t mmio);

  ScanoutMode mode() const override;
  const uint8_t* memory() const override { return fb_.data(); }
  uint64_t memory_size() const override { return fb_.size(); }
  bool take_dirty_pages(std::vector<uint64_t>& bits) override { return fb_.take_dirty(bits); }
  const FramebufferMemory& framebuffer() const { return fb_; }

 protected:
  void region_placed(const PciBarChange& change, bool mapped) override;
  std::string describe() const override { return "bochs-display"; }

 private:
  uint16_t dispi_read(uint32_t index) const;
  void dispi_write(uint32_t index, uint16_t value);
  void regs_read(uint64_t offset, uint8_t* data, uint32_t size);
  void regs_write(uint64_t offset, const uint8_t* data, uint32_t size);

  BochsDisplayOptions options_;
  PciConfigSpace config_;
  FramebufferMemory fb_;
  std::array<uint8_t, 128> edid_;
  uint64_t rom_size_ = 0;
  mutable std::mutex mu_;  // the DISPI registers
  std::array<uint16_t, 10> dispi_{};
  uint32_t endianness_ = 0x1e1e1e1e;
};

}  // namespace tshyve::devices::display
