// One virtual machine: builds KVM VM, memory, buses, PC devices and vCPUs from a VmConfig, runs one
// std::thread per vCPU plus a supervisor thread that joins them and reports the bhyve exit status.
// The supervisor also runs the halt check (vcpu_loop.h): every kHaltCheckPeriod it asks each vCPU,
// by a kick that does not stop it, whether it is halted forever; two consecutive checks where all
// vCPUs are ends the VM with status 2 (halt), as bhyve does.
#pragma once
#include <array>
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "arch/x86_64/bootrom.h"
#include "devices/input/input_sink.h"
#include "devices/net/e1000_nic.h"
#include "devices/storage/ahci_hba.h"
#include "devices/timer/hpet.h"
#include "devices/virtio/device_counters.h"
#include "machine/platform.h"
#include "machine/vm_config.h"
#include "vmm/bus.h"
#include "vmm/guest_memory.h"
#include "vmm/kvm.h"
#include "vmm/snapshot_file.h"
#include "vmm/snapshot_quiesce.h"
#include "vmm/snapshot_state.h"
#include "vmm/unique_fd.h"
#include "vmm/vcpu_loop.h"
#include "vmm/vcpu_pause.h"

namespace tshyve::vmm {
class EventLoop;
class MsiRouter;
}  // namespace tshyve::vmm
namespace tshyve::remote::gdb {
class VcpuControl;
class GdbServer;
}  // namespace tshyve::remote::gdb
namespace tshyve::devices {
class PciBarWindow;
class Uart16550;
class I8042;
class ScratchRegister;
namespace virtio {
class VirtioDevices;
}
namespace storage {
class NvmePciFunction;
}
namespace usb {
class XhciPciFunction;
}
namespace display {
class BochsDisplay;
}
}  // namespace tshyve::devices
namespace tshyve::remote::vnc {
class VncServer;
}

namespace tshyve::machine {

// A snapshot of a VM's counters (any thread; monotonic while the VM object lives).
struct VmStats {
  struct Disk {
    uint8_t slot = 0, function = 0;
    std::string path;
    devices::virtio::BlkStats io;
  };
  struct Nic {
    uint8_t slot = 0, function = 0;
    std::string tap;
    devices::virtio::NetStats io;
  };
  uint64_t userspace_exits = 0;
  std::array<uint64_t, static_cast<size_t>(vmm::ExitKind::kCount)> exits{};  // index: vmm::ExitKind
  std::vector<Disk> disks;                                                   // config order
  std::vector<Nic> nics;                                                     // config order
};

// A device whose state snapshots carry, under its section id (vmm/snapshot_file.h DeviceId).
struct SnapshotDevice {
  uint32_t id;
  std::string name;
  std::function<void(vmm::StateWriter&)> save;
  std::function<bool(vmm::StateReader&)> restore;
};

// What one snapshot took (Vm::snapshot).
struct SnapshotResult {
  uint64_t file_bytes = 0, memory_bytes = 0;  // the file, and the guest RAM in it (non-zero pages)
  double pause_ms = 0, total_ms = 0;          // vCPUs held; the whole call
  std::vector<std::string> refused;           // state this host's KVM would not give ("KVM_GET_XSAVE: ...")
};

class Vm {
 public:
  // Output of COM port `port` (1..4); vCPU threads, called with that UART's lock held.
  using SerialSink = std::function<void(uint8_t port, const uint8_t*, size_t)>;
  static constexpr uint8_t kComPortCount = 4;
  // Builds everything (setup thread). Throws KvmError/BootError with a message for the user.
  // `serial` receives the output of every configured COM port, except com1's when
  // config.console_fd >= 0 (that goes straight to the fd).
  Vm(const VmConfig& config, SerialSink serial);
  ~Vm();
  Vm(const Vm&) = delete;
  Vm& operator=(const Vm&) = delete;

  // JS thread. Starts the vCPUs; `on_exit` runs once on the supervisor thread with the status.
  void start(std::function<void(int)> on_exit);
  // Any thread. Ends the VM with `status` (the first request wins) and kicks every vCPU.
  void request_exit(int status);
  // Any thread: ACPI power button. Returns false if the platform has no power button.
  bool press_power_button();
  // Any thread: host bytes for COM port `port` (1..4). Returns the number accepted (0 when the
  // port is not configured).
  size_t console_input(uint8_t port, const uint8_t* data, size_t len);
  // JS thread / env cleanup: requests an exit if still running and joins every thread.
  void shutdown();
  // JS thread, while running: pauses every vCPU at a safe point, writes the snapshot to `path`
  // (0600, through PATH.partial and a rename), then resumes, or with `stop` ends the VM (status 1).
  // Throws vmm::SnapshotError (nothing written at `path`) when it cannot.
  SnapshotResult snapshot(const std::string& path, bool stop);
  // After a restore: state this host's KVM would not take back (empty when everything was).
  const std::vector<std::string>& restore_refused() const { return restore_refused_; }

  uint64_t userspace_exits() const { return exits_.load(); }
  VmStats stats() const;  // any thread
  const std::vector<arch::x86_64::E820Entry>& e820() const { return platform_.e820; }
  // Any thread: pointer and key events for the VM's input devices.
  devices::input::InputSink& input() { return *input_; }

 private:
  void setup_memory();
  uint64_t open_vars_file();
  void setup_vars_flash(const arch::x86_64::BootromLayout& layout, bool readonly_mem);
  void setup_devices();
  template <typename Irq, typename Place>
  void setup_com_ports(const Irq& irq, const Place& place);
  template <typename Irq, typename Place>
  void setup_virtio(const Irq& irq, const Place& place);
  template <typename Irq, typename Place>
  void setup_e1000(const Irq& irq, const Place& place);
  template <typename Irq>
  void setup_nvme(const Irq& irq);
  template <typename Irq>
  void setup_ahci(const Irq& irq);
  template <typename Irq>
  void setup_xhci(const Irq& irq);
  template <typename Irq, typename Place>
  void setup_hpet(const Irq& irq, const Place& place);
  void set_pit_hpet_legacy(bool on);
  void setup_framebuffer();
  void wait_for_viewer(std::atomic<bool>* stop) noexcept;
  void setup_vcpus();
  void setup_gdb();
  void load_boot_image();
  // Snapshots (machine/snapshot.h): the devices whose state a snapshot carries, and the restore
  // of config_.restore_from in place of load_boot_image().
  std::vector<SnapshotDevice> saved_devices();
  std::vector<vmm::SnapshotQuiesce*> quiesced_devices();
  void admit_snapshot();    // opens, parses and checks config_.restore_from against this machine
  void restore_snapshot();  // loads what admit_snapshot() accepted
  void supervise(std::function<void(int)> on_exit) noexcept;
  // Supervisor thread: stores `gen` as the halt-check generation and kicks every vCPU.
  void request_halt_check(uint64_t gen) noexcept;
  bool all_vcpus_halted(uint64_t gen) const noexcept;
  void kick_all_vcpus() noexcept;
  void write_fd(int fd, const uint8_t* data, size_t len);

  VmConfig config_;
  SerialSink serial_;
  std::unique_ptr<vmm::KvmSystem> kvm_;
  std::unique_ptr<vmm::KvmVm> vm_;
  vmm::GuestMemory memory_;
  // Before the buses: the devices they hold (the HPET timerfds) leave the loop when destroyed.
  std::unique_ptr<vmm::EventLoop> device_loop_;
  vmm::Bus pio_{"pio"};
  vmm::Bus mmio_{"mmio"};
  Platform platform_;
  std::array<std::shared_ptr<devices::Uart16550>, kComPortCount> com_;  // index port-1; set at setup
  std::vector<std::unique_ptr<vmm::KvmVcpu>> vcpus_;
  vmm::UniqueFd debug_log_;
  vmm::UniqueFd vars_fd_;  // the per-VM vars file behind the CFI flash (locked while the VM lives)
  uint64_t low_ram_ = 0, high_ram_ = 0;
  uint8_t* low_host_ = nullptr;   // [0, low_ram_) including the VGA hole's pages
  uint8_t* high_host_ = nullptr;  // [4 GiB, 4 GiB + high_ram_)
  uint64_t rom_bytes_ = 0;
  std::vector<kvm_cpuid_entry2> guest_cpuid_;  // vCPU 0's, recorded in snapshots
  std::vector<uint32_t> msr_indices_;          // KVM_GET_MSR_INDEX_LIST, saved per vCPU
  std::unique_ptr<vmm::VcpuPause> pause_;
  std::mutex snapshot_mu_;  // one snapshot at a time
  std::vector<std::string> restore_refused_;
  std::unique_ptr<vmm::FdSnapshotSource> restore_src_;
  std::unique_ptr<vmm::SnapshotImage> restore_img_;
  vmm::UniqueFd restore_fd_;
  std::shared_ptr<devices::I8042> i8042_;
  std::shared_ptr<devices::ScratchRegister> test_pio_, test_mmio_;

  std::vector<std::thread> vcpu_threads_;
  std::thread supervisor_;
  std::atomic<bool> stop_{false};
  std::atomic<int> status_{-1};
  std::atomic<uint64_t> exits_{0};
  vmm::ExitCounters exit_kinds_;
  // Device counters in config order, set at setup (they live as long as virtio_).
  std::vector<const devices::virtio::BlkCounters*> disk_counters_;
  std::vector<const devices::virtio::NetCounters*> nic_counters_;
  std::atomic<uint64_t> halt_check_gen_{0};
  std::unique_ptr<std::atomic<uint64_t>[]> halted_gen_;  // one per vCPU, see vcpu_loop.h
  std::mutex mu_;                                        // guards started_/cv_ wakeups
  std::condition_variable cv_;
  bool started_ = false;
  // PCI device infrastructure shared by every PCI function (virtio and emulated controllers).
  std::unique_ptr<vmm::MsiRouter> msi_router_;
  std::shared_ptr<devices::PciBarWindow> pci_window_;
  std::shared_ptr<devices::PciBarWindow> pci_io_window_;  // PCI I/O BARs (e1000's), ports 0x1000-0xffff
  // GDB stub (config_.gdb_port != 0): vCPU hold/resume and the TCP server; the server is stopped
  // after the vCPU threads are joined.
  std::unique_ptr<remote::gdb::VcpuControl> gdb_control_;
  std::unique_ptr<remote::gdb::GdbServer> gdb_server_;
  // Declared last: destroyed first, while memory, the VM fd and the loop still exist.
  std::unique_ptr<devices::virtio::VirtioDevices> virtio_;
  std::vector<std::unique_ptr<devices::net::E1000Nic>> e1000_;  // Intel 82545EM NICs
  std::vector<std::shared_ptr<devices::storage::NvmePciFunction>> nvme_;
  // AHCI controllers (devices/storage/ahci_hba.h), one per PCI function; destroyed before memory too.
  std::vector<std::shared_ptr<devices::storage::AhciHba>> ahci_;
  // Every input device of the VM (PS/2 keyboard and mouse, USB tablet); created before the devices.
  std::shared_ptr<devices::input::InputFanout> input_ = std::make_shared<devices::input::InputFanout>();
  std::vector<std::shared_ptr<devices::usb::XhciPciFunction>> xhci_;
  std::shared_ptr<devices::Hpet> hpet_;                           // also on mmio_; its timer registration below goes first
  std::unique_ptr<devices::Hpet::LoopRegistration> hpet_timers_;  // the HPET's timerfds on device_loop_ (the device lives in mmio_)
  // Framebuffer + VNC (spec.framebuffer): the display, its server, and the `wait` gate for the vCPUs.
  std::shared_ptr<devices::display::BochsDisplay> display_;
  std::unique_ptr<remote::vnc::VncServer> vnc_;
  std::mutex viewer_mu_;
  std::condition_variable viewer_cv_;
  bool viewer_seen_ = false;
};

}  // namespace tshyve::machine
