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
  // bochs-display framebuffer and its VNC server (devices/display/bochs_display.h, remote/vnc/).
  devices::display::FramebufferConfig framebuffer;
};

}  // namespace tshyve::machine
