// The x86-64 guest-physical memory map tshyve builds (PC conventions: Linux boot.rst, PVH
// start_info.h, Firecracker/QEMU layouts). Every fixed address a loader or device uses lives here.
#pragma once
#include <cstdint>

namespace tshyve::arch::x86_64 {

constexpr uint64_t kKiB = 1024, kMiB = 1024 * kKiB, kGiB = 1024 * kMiB;

// Legacy low memory: RAM below the VGA window, the VGA/option-ROM/BIOS area up to 1 MiB.
constexpr uint64_t kEbdaStart = 0x9fc00;     // top of conventional RAM as firmware reports it
constexpr uint64_t kVgaHoleStart = 0xa0000;  // VGA window: MMIO, not RAM
constexpr uint64_t kVgaHoleEnd = 0xc0000;
constexpr uint64_t kBiosAreaStart = 0xe0000;  // last 128 KiB of the bootrom are visible here
constexpr uint64_t kHighMemStart = 0x100000;  // 1 MiB

// Boot data placed by the Linux/PVH loaders (all below 0x9fc00, away from the real-mode IVT/BDA).
constexpr uint64_t kBootGdt = 0x500;
constexpr uint64_t kBootIdt = 0x520;
constexpr uint64_t kPvhStartInfo = 0x6000;
constexpr uint64_t kPvhMemmap = 0x6100;  // up to 64 entries of 24 bytes
constexpr uint64_t kZeroPage = 0x7000;   // Linux boot_params (4 KiB)
constexpr uint64_t kBootStack = 0x8ff0;
constexpr uint64_t kPml4 = 0x9000;
constexpr uint64_t kPdpt = 0xa000;
constexpr uint64_t kPd = 0xb000;  // 4 pages: identity map of 4 GiB with 2 MiB pages
constexpr uint64_t kCmdline = 0x20000;
constexpr uint64_t kCmdlineMax = 0x10000;
constexpr uint64_t kKernelLoad = 0x100000;  // protected-mode kernel of a bzImage

// 32-bit PCI hole: RAM stops at 2.75 GiB (0xB0000000, where the Q35 ECAM window starts, as SeaBIOS
// expects), the rest is MMIO (ECAM, PCI BARs, IOAPIC, LAPIC, bootrom).
constexpr uint64_t kPciHoleStart = 0xb0000000;
constexpr uint64_t kFourGiB = 4 * kGiB;
constexpr uint64_t kIoapicBase = 0xfec00000;
constexpr uint64_t kLapicBase = 0xfee00000;

// The PC/AT COM ports (COM1..COM4): I/O base and ISA IRQ; COM1/COM3 share IRQ 4, COM2/COM4 IRQ 3.
struct PcComPort {
  uint16_t base;
  uint8_t irq;
};
constexpr PcComPort kPcComPorts[4] = {{0x3f8, 4}, {0x2f8, 3}, {0x3e8, 4}, {0x2e8, 3}};
// KVM_SET_TSS_ADDR needs 3 pages and KVM_SET_IDENTITY_MAP_ADDR one, inside the hole and below the
// 16 MiB a bootrom with its vars may take (on VMX they are private memory slots: a 4 MiB OVMF over
// them would not map), above the LAPIC; QEMU uses the same addresses.
constexpr uint64_t kIdentityMapAddr = 0xfeffc000;
constexpr uint64_t kTssAddr = 0xfeffd000;
constexpr uint64_t kBootromMaxSize = 16 * kMiB;
constexpr uint64_t kBootromLowAlias = 128 * kKiB;

// KVM memory slots.
constexpr uint32_t kSlotLowRam = 0;   // [0, 0xa0000)
constexpr uint32_t kSlotLowRam2 = 1;  // [0xc0000, low_end)
constexpr uint32_t kSlotHighRam = 2;  // [4 GiB, ...)
constexpr uint32_t kSlotBootrom = 3;
constexpr uint32_t kSlotBootvars = 4;

}  // namespace tshyve::arch::x86_64
