// VM builder and lifecycle. Layout: arch/x86_64/layout.h; devices: COM ports at the PC standard
// ports/IRQs (0x3f8/4, 0x2f8/3, 0x3e8/4, 0x2e8/3), i8042 at 0x60/0x64, debugcon 0x402, debug-exit 0xf4.
#include "machine/vm.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "arch/x86_64/boot_entry.h"
#include "arch/x86_64/bootrom.h"
#include "arch/x86_64/cpuid.h"
#include "arch/x86_64/layout.h"
#include "arch/x86_64/linux_boot.h"
#include "arch/x86_64/msrs.h"
#include "arch/x86_64/pci_intx_routing.h"
#include "devices/display/bochs_display.h"
#include "devices/flash/cfi_flash.h"
#include "devices/legacy/debug_console.h"
#include "devices/legacy/debug_exit.h"
#include "devices/legacy/i8042.h"
#include "devices/legacy/scratch_register.h"
#include "devices/legacy/seccomp_probe.h"
#include "devices/legacy/system_control_port_a.h"
#include "devices/legacy/uart_16550.h"
#include "devices/pci/pci_bar_window.h"
#include "devices/pci/pci_root.h"
#include "devices/storage/ahci_spec.h"
#include "devices/storage/nvme_pci.h"
#include "devices/timer/hpet.h"
#include "devices/usb/xhci_pci.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_builder.h"
#include "devices/virtio/virtio_net.h"
#include "remote/gdb/gdb_server.h"
#include "remote/gdb/vcpu_control.h"
#include "remote/vnc/vnc_server.h"
#include "vmm/checked_open.h"
#include "vmm/event_loop.h"
#include "vmm/exit_status.h"
#include "vmm/kvm_irq_line.h"
#include "vmm/log.h"
#include "vmm/msi_routing.h"
#include "vmm/seccomp_filter.h"
#include "vmm/shared_irq_line.h"
#include "vmm/vcpu_loop.h"

namespace tshyve::machine {

using namespace tshyve::vmm;           // the floors this assembly builds on
using namespace tshyve::arch::x86_64;  // the floors this assembly builds on

using namespace arch::x86_64;

namespace {
static_assert(std::size(kPcComPorts) == Vm::kComPortCount);
constexpr uint16_t kPort92 = 0x92, kI8042Port = 0x60, kDebugConsolePort = 0x402, kDebugExitPort = 0xf4;
constexpr uint32_t kI8042KeyboardIrq = 1, kI8042MouseIrq = 12;
constexpr uint32_t kSlotFramebuffer = 16;  // KVM memslot of the display's BAR 0 (clear of RAM/ROM slots)
constexpr uint16_t kTestPioPort = 0x780, kSeccompProbePort = 0x788;
constexpr uint64_t kTestMmioBase = kVgaHoleStart;
constexpr uint64_t kMinMemory = 2 * kMiB;
// Halt check period; a halted guest ends 2-3 periods after its last vCPU halts.
constexpr std::chrono::milliseconds kHaltCheckPeriod{500};
constexpr int kHaltChecksToExit = 2;

// Kernels, initrds and boot ROMs: regular files only, the last component not followed as a symlink.
std::vector<uint8_t> read_file(const std::string& path, const char* what) {
  try {
    return read_checked(path, what);
  } catch (const CheckedOpenError& e) {
    throw BootError(e.what());
  }
}
}  // namespace

Vm::Vm(const VmConfig& config, SerialSink serial) : config_(config), serial_(std::move(serial)) {
  if (config_.vcpus == 0 || config_.vcpus > 255) throw BootError("vcpus must be 1..255");
  // Never rewritten: the spec resolver refuses a mismatch first, with the manifest's position.
  if (static_cast<uint64_t>(config_.sockets) * config_.cores * config_.threads != config_.vcpus)
    throw BootError("sockets x cores x threads must equal vcpus");
  if (config_.memory_bytes < kMinMemory) throw BootError("memory must be at least 2 MiB");
  seccomp::set_thread_filters_enabled(config_.seccomp);  // before any device starts a thread
  kvm_ = std::make_unique<KvmSystem>(config_.kvm_path.c_str());
  if (!kvm_->check_extension(KVM_CAP_IRQCHIP) || !kvm_->check_extension(KVM_CAP_IMMEDIATE_EXIT))
    throw KvmError("KVM lacks IRQCHIP or IMMEDIATE_EXIT", ENOTSUP);
  vm_ = std::make_unique<KvmVm>(*kvm_);
  vm_->set_identity_map_addr(kIdentityMapAddr);
  vm_->set_tss_addr(kTssAddr);
  vm_->create_irqchip();
  vm_->create_pit2();
  setup_memory();
  if (config_.boot == BootKind::kBootrom) {
    auto rom = read_file(config_.rom_path, "bootrom");
    rom_bytes_ = rom.size();
    const bool readonly_mem = kvm_->check_extension(KVM_CAP_READONLY_MEM) > 0;
    const BootromLayout layout = bootrom_layout(rom.size(), open_vars_file());
    map_bootrom(*vm_, memory_, rom, layout, readonly_mem);
    setup_vars_flash(layout, readonly_mem);
  }
  if (!config_.restore_from.empty()) admit_snapshot();  // before any device thread exists
  setup_devices();
  setup_vcpus();
  if (config_.restore_from.empty())
    load_boot_image();
  else
    restore_snapshot();
  setup_gdb();
}

Vm::~Vm() { shutdown(); }

// The per-VM copy of the vars template, opened O_DSYNC (each program/erase is durable when its
// pwrite returns) and locked: a vars file is never shared by two running VMs. Returns its size.
uint64_t Vm::open_vars_file() {
  if (config_.vars_path.empty()) return 0;
  try {
    vars_fd_ = open_checked(config_.vars_path, O_RDWR | O_DSYNC, "bootrom vars", false);
  } catch (const CheckedOpenError& e) {
    throw BootError(e.what());
  }
  if (::flock(vars_fd_.get(), LOCK_EX | LOCK_NB) != 0)
    throw BootError("bootrom vars " + config_.vars_path + " is in use by another VM (" + std::strerror(errno) + ")");
  struct stat st {};
  if (::fstat(vars_fd_.get(), &st) != 0) throw KvmError("stat bootrom vars", errno);
  if (st.st_size == 0) throw BootError("bootrom vars " + config_.vars_path + " is empty");
  return static_cast<uint64_t>(st.st_size);
}

// The vars file as CFI flash below the code image (arch/x86_64/bootrom.h). In read-array mode a
// read-only memory slot over the file's mapping serves reads; the first command write unmaps it so
// status/ID/query reads reach the device, and read array maps it again.
void Vm::setup_vars_flash(const BootromLayout& l, bool readonly_mem) {
  if (!l.vars_size) return;
  void* v = ::mmap(nullptr, l.vars_size, PROT_READ, MAP_SHARED, vars_fd_.get(), 0);
  if (v == MAP_FAILED) throw KvmError("mmap bootrom vars", errno);
  auto* array = static_cast<uint8_t*>(v);
  memory_.add_owned(l.vars_base, l.vars_size, array, l.vars_size, /*dma_read_only=*/true);
  devices::flash::CfiFlash::ArrayMappedHook hook;
  if (readonly_mem) {
    vm_->set_user_memory_region(kSlotBootvars, l.vars_base, l.vars_size, array, true);
    hook = [this, l, array](bool array_mode) {
      try {  // vCPU thread: never throws out of a device write
        vm_->set_user_memory_region(kSlotBootvars, l.vars_base, array_mode ? l.vars_size : 0, array, true);
      } catch (const std::exception& e) {
        log_message("vars flash: %s", e.what());
      }
    };
  }
  auto flash = std::make_shared<devices::flash::CfiFlash>(array, l.vars_size, vars_fd_.get(), kFlashBlockSize, std::move(hook));
  if (!mmio_.insert(l.vars_base, l.vars_size, flash, "pflash-vars")) throw BootError("the vars flash overlaps another device");
}

void Vm::setup_memory() {
  low_ram_ = std::min<uint64_t>(config_.memory_bytes, kPciHoleStart);
  high_ram_ = config_.memory_bytes - low_ram_;
  void* p = ::mmap(nullptr, low_ram_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) throw KvmError("mmap guest low memory", errno);
  auto* host = static_cast<uint8_t*>(p);
  low_host_ = host;
  memory_.add_owned(0, kVgaHoleStart, host, low_ram_);
  memory_.add_alias(kVgaHoleEnd, low_ram_ - kVgaHoleEnd, host + kVgaHoleEnd);
  vm_->set_user_memory_region(kSlotLowRam, 0, kVgaHoleStart, host, false);
  vm_->set_user_memory_region(kSlotLowRam2, kVgaHoleEnd, low_ram_ - kVgaHoleEnd, host + kVgaHoleEnd, false);
  if (high_ram_) {
    uint8_t* h = memory_.add_anonymous(kFourGiB, high_ram_);
    high_host_ = h;
    vm_->set_user_memory_region(kSlotHighRam, kFourGiB, high_ram_, h, false);
  }
}

void Vm::write_fd(int fd, const uint8_t* data, size_t len) {
  int spins = 0;
  while (len > 0) {
    ssize_t n = ::write(fd, data, len);
    if (n > 0) {
      data += n;
      len -= static_cast<size_t>(n);
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else if (n < 0 && errno == EAGAIN && spins++ < 50) {
      pollfd pfd{fd, POLLOUT, 0};
      ::poll(&pfd, 1, 100);
    } else {
      return;  // reader gone or stuck: drop output rather than stall the guest forever
    }
  }
}

// virtio-pci functions (devices/virtio/virtio_builder.h) on the PCI root, behind the MMIO window.
template <typename Irq, typename Place>
void Vm::setup_virtio(const Irq& irq, const Place& place) {
  if (config_.disks.empty() && config_.nics.empty() && config_.rng.empty() && config_.consoles.empty() && config_.shares.empty()) return;
  devices::virtio::VirtioBuildInputs in;
  in.disks = config_.disks;
  in.nics = config_.nics;
  in.rng = config_.rng;
  in.consoles = config_.consoles;
  in.shares = config_.shares;
  in.vm_fd = vm_->fd();
  in.memory = &memory_;
  in.pci = platform_.pci.get();
  in.irq = irq;
  in.window = pci_window_.get();
  in.router = msi_router_.get();
  in.loop = device_loop_.get();
  in.preassign_bars = config_.boot == BootKind::kLinux;
  try {
    virtio_ = std::make_unique<devices::virtio::VirtioDevices>(in);
  } catch (const std::runtime_error& e) {
    throw BootError(e.what());
  }
  for (auto& fn : virtio_->functions()) {
    if (auto* b = dynamic_cast<devices::virtio::VirtioBlk*>(&fn->device())) disk_counters_.push_back(&b->counters());
    if (auto* n = dynamic_cast<devices::virtio::VirtioNet*>(&fn->device())) nic_counters_.push_back(&n->counters());
  }
}

// Intel 82545EM NICs (devices/net/e1000_nic.h) on the PCI root, behind the MMIO window, INTA# per _PRT, MSI by irqfd.
template <typename Irq, typename Place>
void Vm::setup_e1000(const Irq& irq, const Place& place) {
  if (config_.e1000_nics.empty()) return;
  // I/O BARs decode in the PIO space the DSDT's _CRS gives PCI above the config ports (0xd00-0xffff);
  // firmware places them from 0x1000 (SeaBIOS: 0xc000 when they fit).
  constexpr uint64_t kPciIoBase = 0x1000, kPciIoEnd = 0x10000, kDirectBootIoBase = 0xc000;
  pci_io_window_ = std::make_shared<devices::PciBarWindow>(kPciIoBase, kPciIoEnd);
  uint16_t next_io = kDirectBootIoBase;
  for (const auto& c : config_.e1000_nics) {
    std::unique_ptr<devices::net::E1000Nic> nic;
    try {
      nic = std::make_unique<devices::net::E1000Nic>(c, memory_, irq(pci_intx_gsi(c.slot, 0)), msi_router_.get());
    } catch (const std::runtime_error& e) {
      throw BootError(e.what());
    }
    auto fn = nic->function();
    if (!platform_.pci->add_function(c.slot, c.function, fn))
      throw BootError("PCI slot 0:" + std::to_string(c.slot) + "." + std::to_string(c.function) + " is taken or invalid for e1000");
    if (config_.boot == BootKind::kLinux) {
      const uint64_t at = pci_window_->allocate(devices::net::e1000::kBarSize);
      if (!at) throw BootError("PCI MMIO window is full");
      fn->preassign_bar(at);
      fn->preassign_io_bar(next_io);
      next_io = static_cast<uint16_t>(next_io + 0x40);
    }
    pci_window_->add(fn);
    pci_io_window_->add(fn);
    nic->attach(*device_loop_);
    e1000_.push_back(std::move(nic));
  }
  place(BusKind::kPio, kPciIoBase, kPciIoEnd - kPciIoBase, pci_io_window_, "pci-io");
}

// NVMe controllers (devices/storage/nvme_pci.h) on the PCI root, behind the MMIO window.
template <typename Irq>
void Vm::setup_nvme(const Irq& irq) {
  for (const auto& c : config_.nvme) {
    devices::storage::NvmePciOptions o;
    o.intx = irq(pci_intx_gsi(c.slot, 0));
    o.router = msi_router_.get();
    std::shared_ptr<devices::storage::NvmePciFunction> fn;
    try {
      fn = std::make_shared<devices::storage::NvmePciFunction>(c, memory_, o);
    } catch (const std::runtime_error& e) {
      throw BootError(e.what());
    }
    if (!platform_.pci->add_function(c.slot, c.function, fn))
      throw BootError("PCI slot 0:" + std::to_string(c.slot) + "." + std::to_string(c.function) + " is taken or invalid for nvme");
    if (config_.boot == BootKind::kLinux) {
      const uint64_t at = pci_window_->allocate(devices::storage::NvmePciFunction::kBarSize);
      if (!at) throw BootError("PCI MMIO window is full");
      fn->preassign_bar(at);
    }
    pci_window_->add(fn);
    nvme_.push_back(std::move(fn));
  }
}

// AHCI controllers on the PCI root at their slots, ABAR behind the MMIO window, INTA# as the _PRT says.
template <typename Irq>
void Vm::setup_ahci(const Irq& irq) {
  for (const auto& c : config_.ahci) {
    devices::storage::AhciHbaOptions o;
    o.intx = irq(pci_intx_gsi(c.slot, 0));
    o.router = msi_router_.get();
    std::shared_ptr<devices::storage::AhciHba> hba;
    try {
      hba = std::make_shared<devices::storage::AhciHba>(c, memory_, o);
    } catch (const std::runtime_error& e) {
      throw BootError(e.what());
    }
    if (!platform_.pci->add_function(c.slot, c.function, hba))
      throw BootError("PCI slot 0:" + std::to_string(c.slot) + "." + std::to_string(c.function) + " is taken or invalid for ahci");
    if (config_.boot == BootKind::kLinux) {
      const uint64_t at = pci_window_->allocate(devices::storage::ahci::kAbarSize);
      if (!at) throw BootError("PCI MMIO window is full");
      hba->preassign_bar(at);
    }
    pci_window_->add(hba);
    ahci_.push_back(std::move(hba));
  }
}

// xHCI controllers with the USB tablet (bhyve `xhci,tablet`), BAR 0 behind the MMIO window, INTA#
// per _PRT, MSI-X by irqfd; the tablet joins the VM's input fan-out.
template <typename Irq>
void Vm::setup_xhci(const Irq& irq) {
  for (const auto& c : config_.tablets) {
    devices::usb::XhciPciOptions o;
    o.slot = c.slot;
    o.function = c.function;
    o.intx = irq(pci_intx_gsi(c.slot, 0));
    o.router = msi_router_.get();
    auto fn = std::make_shared<devices::usb::XhciPciFunction>(memory_, o);
    if (!platform_.pci->add_function(c.slot, c.function, fn))
      throw BootError("PCI slot 0:" + std::to_string(c.slot) + "." + std::to_string(c.function) + " is taken or invalid for xhci");
    if (config_.boot == BootKind::kLinux) {
      const uint64_t at = pci_window_->allocate(devices::usb::xhci::kBarSize);
      if (!at) throw BootError("PCI MMIO window is full");
      fn->preassign_bar(at);
    }
    pci_window_->add(fn);
    input_->add(fn->tablet());
    xhci_.push_back(std::move(fn));
  }
}

// HPET at 0xfed00000 (its ACPI table comes with the platform): IOAPIC pins by GSI, timerfds on the
// device loop. Legacy replacement silences the in-kernel PIT's IRQ0 (KVM_PIT_FLAGS_HPET_LEGACY);
// the CMOS RTC raises no interrupts here, so IRQ8 is the HPET's alone.
template <typename Irq, typename Place>
void Vm::setup_hpet(const Irq& irq, const Place& place) {
  if (!config_.hpet) return;
  devices::HpetOptions o;
  o.irq = irq;
  o.timerfds = true;
  o.legacy = [this](bool on) { set_pit_hpet_legacy(on); };
  auto hpet = std::make_shared<devices::Hpet>(o);
  hpet_timers_ = hpet->attach(*device_loop_);
  hpet_ = hpet;  // read by snapshots (has the guest programmed it?)
  place(BusKind::kMmio, devices::hpet::kBase, devices::hpet::kSize, hpet, "hpet");
}

void Vm::set_pit_hpet_legacy(bool on) {
  kvm_pit_state2 pit{};
  if (::ioctl(vm_->fd(), KVM_GET_PIT2, &pit) != 0) {
    guest_log("hpet: KVM_GET_PIT2 failed: errno %d", errno);
    return;
  }
  pit.flags = on ? (pit.flags | KVM_PIT_FLAGS_HPET_LEGACY) : (pit.flags & ~KVM_PIT_FLAGS_HPET_LEGACY);
  if (::ioctl(vm_->fd(), KVM_SET_PIT2, &pit) != 0) guest_log("hpet: KVM_SET_PIT2 failed: errno %d", errno);
}

// spec.framebuffer: a bochs-display on the PCI root and its VNC server (bound now, so a taken port
// fails the VM's setup with a message). The password file's first line is the VNC password.
void Vm::setup_framebuffer() {
  const auto& fb = config_.framebuffer;
  if (!fb.enabled) return;
  devices::display::BochsDisplayOptions o;
  o.width = fb.width;
  o.height = fb.height;
  if (!fb.rom_path.empty()) o.rom = read_file(fb.rom_path, "VGA BIOS");
  o.vm_fd = vm_->fd();
  o.memslot = kSlotFramebuffer;
  try {
    display_ = std::make_shared<devices::display::BochsDisplay>(o);
  } catch (const std::runtime_error& e) {
    throw BootError(e.what());
  }
  bool placed = false;
  if (fb.slot) {
    placed = platform_.pci->add_function(fb.slot, fb.function, display_);
    if (!placed)
      throw BootError("PCI slot 0:" + std::to_string(fb.slot) + "." + std::to_string(fb.function) +
                      " is taken or invalid for the framebuffer");
  } else {
    for (uint8_t s = 2; s < 32 && !placed; ++s) placed = platform_.pci->add_function(s, 0, display_);
    if (!placed) throw BootError("no free PCI slot for the framebuffer");
  }
  if (config_.boot == BootKind::kLinux) {
    const uint64_t at = pci_window_->allocate(devices::display::BochsDisplay::kFramebufferSize);
    const uint64_t regs = pci_window_->allocate(devices::display::BochsDisplay::kMmioSize);
    if (!at || !regs) throw BootError("PCI MMIO window is full");
    display_->preassign_bars(at, regs);
  }
  pci_window_->add(display_);
  remote::vnc::VncServerOptions v;
  v.address = fb.address;
  v.port = fb.port;
  v.width = fb.width;
  v.height = fb.height;
  v.surface = display_.get();
  v.input = input_.get();
  if (!fb.password_file.empty()) {
    auto bytes = read_file(fb.password_file, "framebuffer password file");
    std::string pw(bytes.begin(), bytes.end());
    pw = pw.substr(0, pw.find_first_of("\r\n"));
    if (pw.empty()) throw BootError("framebuffer password file " + fb.password_file + " has an empty first line");
    v.password = pw;
  }
  v.on_first_viewer = [this] {
    {
      std::lock_guard<std::mutex> lock(viewer_mu_);
      viewer_seen_ = true;
    }
    viewer_cv_.notify_all();
  };
  try {
    vnc_ = std::make_unique<remote::vnc::VncServer>(v);
  } catch (const std::runtime_error& e) {
    throw BootError(e.what());
  }
}

// vCPU thread, before its first KVM_RUN when spec.framebuffer.wait is set.
void Vm::wait_for_viewer(std::atomic<bool>* stop) noexcept {
  std::unique_lock<std::mutex> lock(viewer_mu_);
  while (!viewer_seen_ && !stop->load()) viewer_cv_.wait_for(lock, std::chrono::milliseconds(100));
}

VmStats Vm::stats() const {
  VmStats s;
  s.userspace_exits = exits_.load(std::memory_order_relaxed);
  for (size_t k = 0; k < s.exits.size(); ++k) s.exits[k] = exit_kinds_.get(static_cast<ExitKind>(k));
  for (size_t i = 0; i < disk_counters_.size() && i < config_.disks.size(); ++i) {
    const auto& d = config_.disks[i];
    s.disks.push_back({d.pci.slot, d.pci.function, d.path, disk_counters_[i]->snapshot()});
  }
  // NVMe namespaces and AHCI drives after the virtio disks, in config order (an AHCI port's drive
  // is told apart by its path).
  for (size_t i = 0; i < nvme_.size() && i < config_.nvme.size(); ++i) {
    const auto& c = config_.nvme[i];
    s.disks.push_back({c.slot, c.function, c.path, nvme_[i]->controller().counters().snapshot()});
  }
  for (size_t i = 0; i < ahci_.size() && i < config_.ahci.size(); ++i) {
    const auto& c = config_.ahci[i];
    for (size_t p = 0; p < ahci_[i]->port_count() && p < c.ports.size(); ++p)
      s.disks.push_back({c.slot, c.function, c.ports[p].file.path, ahci_[i]->port(p).device().counters().snapshot()});
  }
  for (size_t i = 0; i < nic_counters_.size() && i < config_.nics.size(); ++i) {
    const auto& n = config_.nics[i];
    s.nics.push_back({n.pci.slot, n.pci.function, n.tap, nic_counters_[i]->snapshot()});
  }
  for (const auto& nic : e1000_) {
    const auto& c = nic->config();
    s.nics.push_back({c.slot, c.function, c.tap, nic->function()->counters().snapshot()});
  }
  return s;
}

// One 16550A per configured COM port at its PC port; ports on the same IRQ (com1+com3 on 4, com2+com4
// on 3) drive it as a wired-OR so one UART lowering its request cannot hide the other's.
template <typename Irq, typename Place>
void Vm::setup_com_ports(const Irq& irq, const Place& place) {
  std::vector<std::pair<uint32_t, std::shared_ptr<SharedIrqLine>>> lines;
  auto line_for = [&](uint32_t gsi) {
    for (auto& [g, l] : lines)
      if (g == gsi) return l;
    lines.emplace_back(gsi, std::make_shared<SharedIrqLine>(irq(gsi)));
    return lines.back().second;
  };
  for (uint8_t n : config_.com_ports) {
    if (n < 1 || n > kComPortCount || com_[n - 1]) continue;  // out of range or listed twice
    devices::Uart16550::Sink sink;
    if (n == 1 && config_.console_fd >= 0) {
      int fd = config_.console_fd;
      sink = [this, fd](const uint8_t* d, size_t l) { write_fd(fd, d, l); };
    } else {
      sink = [this, n](const uint8_t* d, size_t l) {
        if (serial_) serial_(n, d, l);
      };
    }
    const PcComPort& com = kPcComPorts[n - 1];
    com_[n - 1] = std::make_shared<devices::Uart16550>(line_for(com.irq)->add_source(), sink);
    place(BusKind::kPio, com.base, 8, com_[n - 1], "com" + std::to_string(n));
  }
}

void Vm::setup_devices() {
  auto irq = [this](uint32_t n) -> std::shared_ptr<InterruptLine> { return std::make_shared<KvmIrqLine>(*vm_, n); };
  auto place = [this](BusKind kind, uint64_t base, uint64_t len, std::shared_ptr<BusDevice> dev, const std::string& name) {
    Bus& bus = kind == BusKind::kPio ? pio_ : mmio_;
    if (!bus.insert(base, len, std::move(dev), name)) throw BootError("device " + name + " overlaps another device");
  };

  setup_com_ports(irq, place);
  i8042_ = std::make_shared<devices::I8042>([this] { request_exit(kExitReboot); }, irq(kI8042KeyboardIrq), irq(kI8042MouseIrq));
  input_->add(i8042_);
  place(BusKind::kPio, kI8042Port, 5, i8042_, "i8042");
  place(BusKind::kPio, kPort92, 1, std::make_shared<devices::SystemControlPortA>([this] { request_exit(kExitReboot); }), "port92");

  if (!config_.debug_log_path.empty()) {
    debug_log_.reset(::open(config_.debug_log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (!debug_log_.valid()) throw KvmError("open debug log " + config_.debug_log_path, errno);
  }
  place(BusKind::kPio, kDebugConsolePort, 1, std::make_shared<devices::DebugConsole>([this](const uint8_t* d, size_t l) {
          if (debug_log_.valid()) write_fd(debug_log_.get(), d, l);
        }),
        "debugcon");
  if (config_.debug_exit)
    place(BusKind::kPio, kDebugExitPort, 1, std::make_shared<devices::DebugExit>([this](uint32_t v) { request_exit(static_cast<int>(v)); }),
          "debug-exit");
  if (config_.test_devices) {
    test_pio_ = std::make_shared<devices::ScratchRegister>();
    test_mmio_ = std::make_shared<devices::ScratchRegister>();
    place(BusKind::kPio, kTestPioPort, 8, test_pio_, "test-pio");
    place(BusKind::kMmio, kTestMmioBase, 8, test_mmio_, "test-mmio");
  }

  PlatformConfig pc;
  pc.vcpus = config_.vcpus;
  pc.sockets = config_.sockets;
  pc.cores = config_.cores;
  pc.threads = config_.threads;
  pc.low_ram_bytes = low_ram_;
  pc.high_ram_bytes = high_ram_;
  pc.rtc_utc = config_.rtc_utc;
  pc.acpi = config_.acpi;
  pc.enabled_com_ports = config_.com_ports;
  pc.acpi_in_guest_memory = (config_.boot == BootKind::kLinux);  // a bootrom installs them via fw_cfg
  pc.boot_order = config_.boot_order;
  pc.hpet = config_.hpet;
  PlatformEvents events;
  events.poweroff = [this] { request_exit(kExitPoweroff); };
  events.reset = [this] { request_exit(kExitReboot); };
  platform_ = build_platform(pc, memory_, irq, events);
  for (auto& d : platform_.devices) place(d.bus, d.base, d.length, d.device, d.name);
  msi_router_ = std::make_unique<vmm::MsiRouter>(vm_->fd());
  device_loop_ = std::make_unique<vmm::EventLoop>();
  pci_window_ = std::make_shared<devices::PciBarWindow>(platform_.pci_mmio32_base, platform_.pci_mmio32_end);
  setup_virtio(irq, place);
  setup_e1000(irq, place);
  setup_nvme(irq);
  setup_ahci(irq);
  setup_xhci(irq);
  setup_hpet(irq, place);
  setup_framebuffer();
  if (!pci_window_->empty())
    place(BusKind::kMmio, pci_window_->base(), pci_window_->end() - pci_window_->base(), pci_window_, "pci-mmio32");
  if (config_.test_devices)
    place(BusKind::kPio, kSeccompProbePort, 1, std::make_shared<devices::SeccompProbe>(device_loop_.get()), "seccomp-probe");
}

void Vm::setup_vcpus() {
  auto supported = kvm_->supported_cpuid();
  auto msr_list = kvm_->msr_index_list();
  auto msrs = boot_msrs(msr_list);
  msr_indices_ = msr_list;
  CpuTopology topo{config_.sockets, config_.cores, config_.threads};
  bool tsc_deadline = kvm_->check_extension(KVM_CAP_TSC_DEADLINE_TIMER) > 0;
  int mmap_size = kvm_->vcpu_mmap_size();
  for (uint32_t i = 0; i < config_.vcpus; ++i) {
    auto v = std::make_unique<KvmVcpu>(*vm_, apic_id_for(i, topo), mmap_size);
    auto cpuid = build_cpuid(supported, i, topo, tsc_deadline);
    v->set_cpuid(cpuid);
    if (i == 0) guest_cpuid_ = cpuid;
    v->set_msrs(msrs);
    v->set_lapic_lint();
    v->set_mp_state(i == 0 ? KVM_MP_STATE_RUNNABLE : KVM_MP_STATE_UNINITIALIZED);
    vcpus_.push_back(std::move(v));
  }
  pause_ = std::make_unique<VcpuPause>(vcpus_.size());
}

// GDB stub: software breakpoints (int3) only where the host traps them: a PVM host emulates guest
// ring 0 and fails on int3 (measured; README "Debugging a guest"), so Z0 uses a debug register there.
void Vm::setup_gdb() {
  if (config_.gdb_port == 0) return;
  std::vector<KvmVcpu*> vcpus;
  for (auto& v : vcpus_) vcpus.push_back(v.get());
  using Sw = VmConfig::GdbSoftwareBreak;
  const bool int3 =
      config_.gdb_software_break == Sw::kInt3 || (config_.gdb_software_break == Sw::kAuto && ::access("/sys/module/kvm_pvm", F_OK) != 0);
  gdb_control_ = std::make_unique<remote::gdb::VcpuControl>(std::move(vcpus), memory_, stop_, config_.gdb_wait, int3);
  try {
    gdb_server_ = std::make_unique<remote::gdb::GdbServer>(config_.gdb_address, config_.gdb_port, *gdb_control_);
  } catch (const std::runtime_error& e) {
    throw BootError(e.what());
  }
}

void Vm::load_boot_image() {
  if (config_.boot != BootKind::kLinux) return;
  auto kernel = read_file(config_.kernel_path, "kernel");
  std::vector<uint8_t> initrd;
  if (!config_.initrd_path.empty()) initrd = read_file(config_.initrd_path, "initrd");
  LinuxBootInputs in;
  in.kernel = &kernel;
  in.initrd = &initrd;
  in.cmdline = config_.cmdline;
  in.e820 = platform_.e820;
  in.rsdp_gpa = platform_.rsdp_gpa;
  BootEntry entry;
  switch (detect_kernel_format(kernel)) {
    case KernelFormat::kBzImage: entry = load_bzimage(memory_, in); break;
    case KernelFormat::kElf: entry = load_pvh_elf(memory_, in); break;
    default: throw BootError("kernel " + config_.kernel_path + " is neither a bzImage nor an ELF vmlinux");
  }
  apply_boot_entry(*vcpus_[0], memory_, entry);
}

void Vm::start(std::function<void(int)> on_exit) {
  std::lock_guard<std::mutex> lock(mu_);
  if (started_) return;
  started_ = true;
  install_vcpu_kick_handler();
  halted_gen_ = std::make_unique<std::atomic<uint64_t>[]>(vcpus_.size());  // value-initialised: 0
  device_loop_->start();
  if (vnc_) vnc_->start();
  for (size_t i = 0; i < vcpus_.size(); ++i) {
    KvmVcpu* vcpu = vcpus_[i].get();
    std::atomic<uint64_t>* halted = &halted_gen_[i];
    vcpu_threads_.emplace_back([this, vcpu, halted, i] {
      VcpuLoopContext ctx;
      ctx.pio = &pio_;
      ctx.mmio = &mmio_;
      ctx.stop = &stop_;
      ctx.exits = &exits_;
      ctx.exit_kinds = &exit_kinds_;
      ctx.request_exit = [this](int s) { request_exit(s); };
      ctx.halt_check_gen = &halt_check_gen_;
      ctx.halted_gen = halted;
      ctx.debug = gdb_control_.get();
      if (config_.framebuffer.wait && vnc_) wait_for_viewer(&stop_);
      ctx.pause = pause_.get();
      ctx.index = static_cast<uint32_t>(i);
      run_vcpu_loop(*vcpu, ctx);
    });
  }
  if (gdb_server_) {
    gdb_control_->set_hooks({[this](uint32_t i) { pthread_kill(vcpu_threads_[i].native_handle(), vcpu_kick_signal()); },
                             [this] { request_exit(kExitPoweroff); }});
    gdb_server_->start();
  }
  supervisor_ = std::thread([this, cb = std::move(on_exit)]() mutable { supervise(std::move(cb)); });
}

void Vm::request_exit(int status) {
  int expected = -1;
  status_.compare_exchange_strong(expected, status);
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_.store(true, std::memory_order_release);
  }
  cv_.notify_all();
}

void Vm::kick_all_vcpus() noexcept {
  for (size_t i = 0; i < vcpus_.size(); ++i) {
    kick_vcpu(vcpus_[i]->run_area());
    pthread_kill(vcpu_threads_[i].native_handle(), vcpu_kick_signal());
  }
}

void Vm::request_halt_check(uint64_t gen) noexcept {
  halt_check_gen_.store(gen, std::memory_order_seq_cst);
  kick_all_vcpus();
}

bool Vm::all_vcpus_halted(uint64_t gen) const noexcept {
  for (size_t i = 0; i < vcpus_.size(); ++i)
    if (halted_gen_[i].load(std::memory_order_acquire) != gen) return false;
  return true;
}

void Vm::supervise(std::function<void(int)> on_exit) noexcept {
  // Halt check: generation g is asked at one tick and its answers read at the next (a vCPU that has
  // not answered by then, e.g. busy in a device, counts as running).
  uint64_t gen = 0;
  int halted_checks = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      if (cv_.wait_for(lock, kHaltCheckPeriod, [this] { return stop_.load(); })) break;
    }
    if (gen != 0) {
      halted_checks = all_vcpus_halted(gen) ? halted_checks + 1 : 0;
      if (halted_checks >= kHaltChecksToExit) {
        request_exit(kExitHalt);
        break;
      }
    }
    request_halt_check(++gen);
  }
  kick_all_vcpus();                                    // stop_ is set: every vCPU leaves its loop
  if (gdb_server_) gdb_server_->stop(status_.load());  // before the joins: it may still kick a vCPU thread
  for (auto& t : vcpu_threads_) t.join();
  device_loop_->stop();  // no queue work after the vCPUs are gone
  if (virtio_) virtio_->stop();
  for (auto& nic : e1000_) nic->shutdown();
  for (auto& n : nvme_) n->stop();
  for (auto& hba : ahci_) hba->shutdown();
  // What a next boot of the same spec takes again is let go before on_exit (JS may build the next
  // machine before this one is destroyed): the GDB port, and the vars file's lock.
  gdb_server_.reset();
  if (vars_fd_.valid()) ::flock(vars_fd_.get(), LOCK_UN);
  if (vnc_) vnc_->stop();
  int status = status_.load();
  if (status < 0) status = kExitError;
  try {
    if (on_exit) on_exit(status);
  } catch (...) {
  }
}

bool Vm::press_power_button() {
  if (!platform_.press_power_button) return false;
  platform_.press_power_button();
  return true;
}

size_t Vm::console_input(uint8_t port, const uint8_t* data, size_t len) {
  if (port < 1 || port > kComPortCount || !com_[port - 1]) return 0;
  return com_[port - 1]->enqueue_input(data, len);
}

void Vm::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_) return;
  }
  request_exit(kExitError);
  if (supervisor_.joinable()) supervisor_.join();
}

}  // namespace tshyve::machine
