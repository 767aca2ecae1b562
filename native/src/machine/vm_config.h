// The plain, already-validated configuration of one VM as the TS runtime hands it over (the native
// side trusts its shape; files are re-checked only where reading them can fail).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "devices/display/framebuffer_config.h"
#include "devices/net/e1000_config.h"
#include "devices/storage/ahci_config.h"
#include "devices/storage/nvme_config.h"
#include "devices/virtio/virtio_9p_config.h"
#include "devices/virtio/virtio_config.h"

namespace tshyve::machine {

enum class BootKind { kLinux, kBootrom };

struct VmConfig {
  uint64_t memory_bytes = 256ull << 20;
  uint32_t vcpus = 1, sockets = 1, cores = 1, threads = 1;
  BootKind boot = BootKind::kBootrom;
  std::string kernel_path, initrd_path, cmdline;  // kLinux: bzImage or ELF vmlinux (PVH)
  std::string rom_path, vars_path;                // kBootrom
  std::vector<uint8_t> com_ports{1};              // 1..4
  int console_fd = -1;                            // com1 output written to this fd; -1: delivered to JS in batches
  std::string debug_log_path;                     // port 0x402 log; empty: discarded
  bool debug_exit = false;                        // port 0xf4 debug-exit device
  bool test_devices = false;                      // scratch registers: PIO 0x780, MMIO 0xa0000; seccomp probe 0x788
  bool seccomp = true;                            // per-thread allow-lists (vmm/seccomp_filter.h) for vCPU/event-loop/block threads
  bool acpi = true;
  bool rtc_utc = true;
  std::vector<std::string> boot_order;
  std::string kvm_path = "/dev/kvm";
  // GDB stub (remote/gdb/gdb_server.h, bhyve -G): off when gdb_port is 0.
  uint16_t gdb_port = 0;
  std::string gdb_address = "127.0.0.1";
  bool gdb_wait = false;  // hold every vCPU before its first instruction until a debugger attaches
  // How Z0 (software breakpoint) is done: int3 patched into guest memory, a debug register, or
  // auto (int3 unless the host is PVM, which cannot trap int3 in guest ring 0).
  enum class GdbSoftwareBreak { kAuto, kInt3, kDebugRegister } gdb_software_break = GdbSoftwareBreak::kAuto;
  // virtio-pci devices (devices/virtio/virtio_builder.h).
  std::vector<devices::virtio::DiskConfig> disks;
  std::vector<devices::virtio::NicConfig> nics;
  std::vector<devices::virtio::RngConfig> rng;  // zero or one
  std::vector<devices::virtio::ConsoleConfig> consoles;
  std::vector<devices::net::E1000Config> e1000_nics;  // Intel 82545EM NICs (devices/net/e1000_nic.h)
  // AHCI controllers: bhyve -s N,ahci,hd:PATH,cd:PATH (devices/storage/ahci_config.h).
  std::vector<devices::storage::AhciConfig> ahci;
  std::vector<devices::virtio::ShareConfig> shares;  // virtio-9p
  // NVMe controllers, one namespace each (devices/storage/nvme_pci.h).
  std::vector<devices::storage::NvmeConfig> nvme;
  // HPET at 0xfed00000 with its ACPI table (devices/timer/hpet.h); spec.hpet: false turns it off.
  bool hpet = true;
  // An xHCI controller with a USB tablet on port 1 (devices/usb/xhci_pci.h), bhyve `xhci,tablet`.
  struct Tablet {
    uint8_t slot = 0, function = 0;
  };
  std::vector<Tablet> tablets;  // zero or one
  // bochs-display framebuffer and its VNC server (devices/display/bochs_display.h, remote/vnc/).
  devices::display::FramebufferConfig framebuffer;
  // Snapshots (vmm/snapshot_file.h): start from this snapshot instead of the boot image (bhyve -r).
  std::string restore_from;
  std::string tshyve_version = "unknown";  // recorded in snapshot headers
};

}  // namespace tshyve::machine
