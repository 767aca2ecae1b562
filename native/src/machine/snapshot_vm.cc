// Vm::snapshot and the restore path (docs/vm-snapshots.md): pause every vCPU (vmm/vcpu_pause.h),
// write header, vCPU and VM KVM state (vmm/kvm_state.h), the legacy devices and the non-zero pages
// of guest RAM; restore checks the header against this machine first (machine/snapshot.h).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <thread>

#include "arch/x86_64/cpuid.h"
#include "arch/x86_64/fw_cfg.h"
#include "arch/x86_64/layout.h"
#include "devices/legacy/acpi_pm.h"
#include "devices/legacy/cmos_rtc.h"
#include "devices/legacy/i8042.h"
#include "devices/legacy/scratch_register.h"
#include "devices/legacy/uart_16550.h"
#include "devices/pci/pci_root.h"
#include "devices/storage/ahci_hba.h"
#include "devices/storage/nvme_pci.h"
#include "devices/timer/hpet.h"
#include "devices/virtio/virtio_9p.h"
#include "devices/virtio/virtio_builder.h"
#include "devices/virtio/virtio_pci.h"
#include "machine/snapshot.h"
#include "machine/vm.h"
#include "vmm/exit_status.h"
#include "vmm/kvm_state.h"
#include "vmm/snapshot_file.h"
#include "vmm/unique_fd.h"

namespace tshyve::machine {

using vmm::SnapshotError;
namespace snap = vmm::snapshot;

namespace {
constexpr std::chrono::seconds kPauseTimeout{5};

double ms_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

template <typename T>
SnapshotDevice device(uint32_t id, std::string name, const std::shared_ptr<T>& d) {
  return {id, std::move(name), [d](vmm::StateWriter& w) { d->save_state(w); }, [d](vmm::StateReader& r) { return d->restore_state(r); }};
}
}  // namespace

std::vector<SnapshotDevice> Vm::saved_devices() {
  std::vector<SnapshotDevice> out;
  for (uint8_t n = 1; n <= kComPortCount; ++n)
    if (com_[n - 1]) out.push_back(device(snap::kDeviceCom1 + n - 1, "com" + std::to_string(n), com_[n - 1]));
  for (const auto& d : platform_.devices) {
    if (auto cmos = std::dynamic_pointer_cast<devices::CmosRtc>(d.device)) out.push_back(device(snap::kDeviceCmos, "cmos", cmos));
    if (auto pm = std::dynamic_pointer_cast<devices::AcpiPm>(d.device)) out.push_back(device(snap::kDeviceAcpiPm, "acpi-pm", pm));
  }
  out.push_back(device(snap::kDeviceI8042, "i8042", i8042_));
  if (platform_.pci) out.push_back(device(snap::kDevicePciRoot, "pci-root (0xcf8 latch)", platform_.pci));
  if (auto fw = platform_.fw_cfg)
    out.push_back({snap::kDeviceFwCfg, "fw_cfg", [fw](vmm::StateWriter& w) { fw->save_state(w); },
                   [fw](vmm::StateReader& r) {
                     std::string why;
                     if (!fw->restore_state(r, why)) throw SnapshotError("the state of fw_cfg does not fit this VM: " + why);
                     return true;
                   }});
  if (test_pio_) out.push_back(device(snap::kDeviceTestPio, "test-pio", test_pio_));
  if (test_mmio_) out.push_back(device(snap::kDeviceTestMmio, "test-mmio", test_mmio_));
  // virtio-pci functions; 9p is refused by unsaved_devices(). save: the caller holds fn->lock().
  if (virtio_)
    for (const auto& fn : virtio_->functions()) {
      if (fn->device().device_type() == devices::virtio::kDevice9p) continue;
      char name[32];
      std::snprintf(name, sizeof name, "virtio-%s %02x.%x", fn->device().name(), fn->slot(), fn->function());
      out.push_back({snap::kDeviceVirtioBase + fn->slot() * 8u + fn->function(), name, [fn](vmm::StateWriter& w) { fn->save_state(w); },
                     [fn](vmm::StateReader& r) { return fn->restore_state(r); }});
    }
  for (const auto& hba : ahci_) {
    char name[32];
    std::snprintf(name, sizeof name, "ahci %02x.%x", hba->slot(), hba->function());
    out.push_back(device(snap::kDeviceAhciBase + hba->slot() * 8u + hba->function(), name, hba));
  }
  for (const auto& fn : nvme_) {
    char name[32];
    std::snprintf(name, sizeof name, "nvme %02x.%x", fn->slot(), fn->function());
    out.push_back(device(snap::kDeviceNvmeBase + fn->slot() * 8u + fn->function(), name, fn));
  }
  return out;
}

// The devices that may serve requests outside their lock: a snapshot holds each one's lock and
// waits until none has a request in flight.
std::vector<vmm::SnapshotQuiesce*> Vm::quiesced_devices() {
  std::vector<vmm::SnapshotQuiesce*> out;
  if (virtio_)
    for (const auto& fn : virtio_->functions()) out.push_back(fn.get());
  for (const auto& hba : ahci_) out.push_back(hba.get());
  for (const auto& fn : nvme_) out.push_back(fn.get());
  return out;
}

SnapshotResult Vm::snapshot(const std::string& path, bool stop) {
  const auto t0 = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> one(snapshot_mu_);
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!started_ || stop_.load()) throw SnapshotError("the VM is not running");
  }
  if (auto unsaved = unsaved_devices(config_, false); !unsaved.empty())
    throw SnapshotError("cannot snapshot: the state of these devices is not saved by snapshots yet: " + joined(unsaved));
  const std::string partial = path + ".partial";
  vmm::UniqueFd fd(::open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd.valid()) throw SnapshotError("cannot create " + partial + ": " + std::strerror(errno));
  ::fchmod(fd.get(), 0600);

  SnapshotResult result;
  std::vector<vmm::SavedSections> vcpu_state(vcpus_.size());
  std::vector<std::string> vcpu_errors(vcpus_.size());
  pause_->request([&](vmm::KvmVcpu& vcpu, size_t i) {
    try {
      vcpu_state[i] = vmm::capture_vcpu_state(vcpu.fd(), static_cast<uint32_t>(i), msr_indices_);
    } catch (const std::exception& e) {
      vcpu_errors[i] = e.what();
    }
  });
  kick_all_vcpus();
  const auto paused_at = std::chrono::steady_clock::now();
  try {
    if (!pause_->wait_parked(stop_, kPauseTimeout))
      throw SnapshotError("the vCPUs did not pause (the VM is ending or a vCPU is stuck in a device)");
    if (hpet_ && hpet_->guest_wrote())
      throw SnapshotError("cannot snapshot: the guest programmed the HPET, whose state is not saved by snapshots yet");
    for (size_t i = 0; i < vcpu_errors.size(); ++i)
      if (!vcpu_errors[i].empty()) throw SnapshotError("vCPU " + std::to_string(i) + ": " + vcpu_errors[i]);
    // Each virtio, AHCI and NVMe function's lock, from its save until guest RAM is written: a block
    // request or a received frame completing in between would be in RAM but not in the device's
    // state. A request served outside the lock (on the block-request pool) is waited for; one still
    // in flight at the deadline refuses the snapshot (save_state throws).
    std::vector<std::unique_lock<std::mutex>> quiesced;
    const auto devices = quiesced_devices();
    for (const auto deadline = std::chrono::steady_clock::now() + kPauseTimeout;;) {
      bool busy = false;
      for (auto* d : devices) {
        quiesced.emplace_back(d->snapshot_lock());
        busy = busy || d->requests_in_flight() > 0;
      }
      if (!busy || std::chrono::steady_clock::now() > deadline) break;
      quiesced.clear();
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    vmm::SavedSections vm_state;
    vmm::capture_vm_state(vm_->fd(), vm_state);
    vmm::SnapshotWriter w(fd.get());
    vmm::SnapshotHeader h;
    h.tshyve_version = config_.tshyve_version;
    h.config_hash = machine_config_hash(config_, rom_bytes_);
    h.memory_bytes = config_.memory_bytes;
    h.vcpus = static_cast<uint32_t>(vcpus_.size());
    h.cpuid = guest_cpuid_;
    w.header(h);
    for (auto& v : vcpu_state) {
      for (auto& e : v.entries) w.section(e.type, e.id, e.data);
      for (auto& r : v.refused) result.refused.push_back("vcpu" + std::to_string(&v - vcpu_state.data()) + " " + r);
    }
    for (auto& e : vm_state.entries) w.section(e.type, e.id, e.data);
    result.refused.insert(result.refused.end(), vm_state.refused.begin(), vm_state.refused.end());
    for (auto& d : saved_devices()) {
      vmm::StateWriter sw;
      d.save(sw);
      w.section(snap::Section::kDevice, d.id, sw.data());
    }
    result.memory_bytes += vmm::write_sparse_memory(w, 0, low_host_, low_ram_);
    if (high_ram_) result.memory_bytes += vmm::write_sparse_memory(w, arch::x86_64::kFourGiB, high_host_, high_ram_);
    w.end();
    if (::fsync(fd.get()) != 0) throw SnapshotError(std::string("fsync of the snapshot: ") + std::strerror(errno));
    result.file_bytes = w.bytes_written();
    if (::rename(partial.c_str(), path.c_str()) != 0)
      throw SnapshotError("cannot rename the snapshot to " + path + ": " + std::strerror(errno));
  } catch (...) {
    pause_->release();
    ::unlink(partial.c_str());
    throw;
  }
  result.pause_ms = ms_since(paused_at);
  if (stop) request_exit(vmm::kExitPoweroff);  // before the release: the vCPUs leave instead of running on
  pause_->release();
  result.total_ms = ms_since(t0);
  return result;
}

void Vm::admit_snapshot() {
  const std::string& path = config_.restore_from;
  auto fail = [&](const std::string& why) { return RestoreRefused("cannot restore " + path + ": " + why); };
  restore_fd_.reset(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!restore_fd_.valid()) throw fail(std::strerror(errno));
  try {
    restore_src_ = std::make_unique<vmm::FdSnapshotSource>(restore_fd_.get());
    restore_img_ = std::make_unique<vmm::SnapshotImage>(vmm::parse_snapshot(*restore_src_));
    const arch::x86_64::CpuTopology topo{config_.sockets, config_.cores, config_.threads};
    const bool tsc_deadline = kvm_->check_extension(KVM_CAP_TSC_DEADLINE_TIMER) > 0;
    check_restorable(restore_img_->header, config_, rom_bytes_, arch::x86_64::build_cpuid(kvm_->supported_cpuid(), 0, topo, tsc_deadline));
  } catch (const SnapshotError& e) {
    throw fail(e.what());
  }
}

void Vm::restore_snapshot() {
  const std::string& path = config_.restore_from;
  auto fail = [&](const std::string& why) { return RestoreRefused("cannot restore " + path + ": " + why); };
  const vmm::SnapshotImage& img = *restore_img_;
  const vmm::SnapshotSource& src = *restore_src_;
  try {
    for (const auto& run : img.memory) {
      uint8_t* host = nullptr;
      if (run.gpa + run.length <= low_ram_)
        host = low_host_ + run.gpa;
      else if (high_ram_ && run.gpa >= arch::x86_64::kFourGiB && run.gpa - arch::x86_64::kFourGiB + run.length <= high_ram_)
        host = high_host_ + (run.gpa - arch::x86_64::kFourGiB);
      if (!host) {
        char b[96];
        std::snprintf(b, sizeof b, "memory run at 0x%llx (+%llu bytes) lies outside guest RAM", static_cast<unsigned long long>(run.gpa),
                      static_cast<unsigned long long>(run.length));
        throw SnapshotError(b);
      }
      if (!src.read(run.file_offset, host, run.length)) throw SnapshotError("cannot read guest memory from the snapshot");
    }
    vmm::restore_vm_state(vm_->fd(), img, restore_refused_);
    for (size_t i = 0; i < vcpus_.size(); ++i) vmm::restore_vcpu_state(vcpus_[i]->fd(), static_cast<uint32_t>(i), img, restore_refused_);
    for (auto& d : saved_devices()) {
      const auto* bytes = img.find(snap::Section::kDevice, d.id);
      if (!bytes) throw SnapshotError("the snapshot lacks the state of " + d.name);
      vmm::StateReader r(*bytes);
      if (!d.restore(r)) throw SnapshotError("garbled snapshot: the state of " + d.name);
    }
  } catch (const SnapshotError& e) {
    throw fail(e.what());
  }
  restore_img_.reset();
  restore_src_.reset();
  restore_fd_ = vmm::UniqueFd();
}

}  // namespace tshyve::machine
