// AHCI HBA: PCI identity as bhyve's (Intel 8086:2821, class 01/06/01), ABAR in BAR 5, generic host
// control registers (AHCI 1.3.1 §3.1: CAP, GHC, IS, PI, VS), the interrupt of §5.7 (IS.IPS[x] while a
// port has PxIS & PxIE, GHC.IE gating, INTx level or one MSI message per new event), CAP.SNCQ with
// queued transfers completing from the disks' block-layer workers.
#include "devices/storage/ahci_hba.h"

#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "devices/pci/pci_config_snapshot.h"
#include "devices/storage/ahci_spec.h"
#include "devices/storage/atapi_cdrom.h"
#include "devices/storage/sata_disk.h"
#include "vmm/log.h"
#include "vmm/seccomp_filter.h"
#include "vmm/snapshot_file.h"

namespace tshyve::devices::storage {

using namespace ahci;

namespace {
constexpr uint16_t kIntelVendor = 0x8086, kIch8Ahci = 0x2821;  // the IDs bhyve's ahci presents
constexpr uint32_t kClassAhci = 0x010601;                      // mass storage, SATA, AHCI 1.0
constexpr uint32_t kStateVersion = 1;                          // of the snapshot section (docs/vm-snapshots.md)
// Registers where writing 0 to a bit changes nothing (W1C, or write-1-to-set): a sub-dword write
// must not merge the current value into them.
bool zero_neutral(uint32_t offset) {
  if (offset < kPortBase) return offset == kIs;
  const uint32_t reg = (offset - kPortBase) % kPortStride;
  return reg == kPxIs || reg == kPxSerr || reg == kPxSntf || reg == kPxCi || reg == kPxSact;
}
}  // namespace

AhciHba::AhciHba(const AhciConfig& config, vmm::GuestMemoryView& memory, AhciHbaOptions options)
    : cfg_(config), memory_(memory), options_(std::move(options)), config_(PciConfigSpace::kLegacySize), msi_(options_.router) {
  if (cfg_.ports.empty() || cfg_.ports.size() > kMaxPorts) throw std::runtime_error("ahci: 1 to 32 ports per controller");
  for (size_t i = 0; i < cfg_.ports.size(); ++i) {
    const auto& d = cfg_.ports[i];
    std::unique_ptr<AtaDevice> dev;
    if (d.kind == AhciDriveKind::kCdrom)
      dev = std::make_unique<AtapiCdrom>(d);
    else
      dev = std::make_unique<SataDisk>(d);
    ports_.push_back(std::make_unique<AhciPort>(std::move(dev), memory_, static_cast<uint32_t>(i)));
    pi_ |= 1u << i;
  }
  cap_ = kCapS64a | kCapSncq | kCapSclo | kCapSam | kCapIssGen3 | (31u << kCapNcsShift) | static_cast<uint32_t>(ports_.size() - 1);
  ghc_ = kGhcAe;
  config_.set_identity(kIntelVendor, kIch8Ahci, kClassAhci, 0, kIntelVendor, kIch8Ahci);
  config_.set_interrupt_pin(1);
  config_.add_bar(kAbarBar, PciBarKind::kMem32, kAbarSize);
  msi_cap_ = msi_.add_to(config_);
  if (!msi_cap_) throw std::runtime_error("ahci: capability space full");
  config_.on_bar_change([this](const PciBarChange& c) {
    if (c.index != kAbarBar) return;
    if (!place_region(kAbarBar, c.new_address, kAbarSize, c.enabled))
      vmm::guest_log("ahci %02x.%x: ABAR at 0x%llx overlaps another function's BAR; left unmapped", cfg_.slot, cfg_.function,
                     static_cast<unsigned long long>(c.new_address));
  });
  if (options_.worker) {
    for (auto& port : ports_) port->device().enable_queue(*this);
    thread_ = std::thread([this] { worker(); });
  }
}

AhciHba::~AhciHba() { shutdown(); }

void AhciHba::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
  for (auto& port : ports_) port->device().stop_queue();  // without the lock: a completion may wait for it
}

void AhciHba::preassign_bar(uint64_t address) {
  config_.write(pci_reg::kBar0 + 4 * kAbarBar, 4, static_cast<uint32_t>(address));
  config_.write(pci_reg::kCommand, 2, pci_reg::kCommandMemory | pci_reg::kCommandBusMaster);
}

uint32_t AhciHba::config_read(uint32_t offset, uint32_t size) {
  msi_.config_reading(config_, offset, size);
  return config_.read(offset, size);
}

void AhciHba::config_write(uint32_t offset, uint32_t size, uint32_t value) {
  config_.write(offset, size, value);
  msi_.config_written(config_, offset, size);
  const bool command = offset < pci_reg::kCommand + 2 && offset + size > pci_reg::kCommand;
  if (command || offset + size > msi_cap_) {
    std::lock_guard<std::mutex> lock(mu_);
    update_irq_locked(false);  // INTx disable or MSI enable may have changed
  }
  if (command) {
    std::lock_guard<std::mutex> lock(mu_);
    if (config_.command() & pci_reg::kCommandBusMaster) {
      kicked_ = true;
      if (!options_.worker)
        run_ports_locked();
      else
        cv_.notify_one();
    }
  }
}

void AhciHba::mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) {
  std::memset(data, 0xff, size);
  if (region != kAbarBar || offset >= kAbarSize || size > 8) return;
  uint8_t bytes[12];
  const uint64_t base = offset & ~3ull;
  for (uint64_t o = base, i = 0; o < offset + size; o += 4, i += 4) {
    const uint32_t v = o < kAbarSize ? read_register(static_cast<uint32_t>(o)) : 0xffffffff;
    std::memcpy(bytes + i, &v, 4);
  }
  std::memcpy(data, bytes + (offset - base), size);
}

void AhciHba::mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) {
  if (region != kAbarBar || offset >= kAbarSize || size > 8) return;
  if (size == 8 && !(offset & 7)) {
    uint32_t lo, hi;
    std::memcpy(&lo, data, 4), std::memcpy(&hi, data + 4, 4);
    write_register(static_cast<uint32_t>(offset), lo);
    if (offset + 4 < kAbarSize) write_register(static_cast<uint32_t>(offset + 4), hi);
    return;
  }
  const uint32_t base = static_cast<uint32_t>(offset & ~3ull), shift = static_cast<uint32_t>(offset & 3);
  if (shift + size > 4) return;  // a write crossing a dword: not something a driver does
  std::lock_guard<std::mutex> lock(mu_);
  uint32_t v = zero_neutral(base) ? 0 : read_locked(base);
  std::memcpy(reinterpret_cast<uint8_t*>(&v) + shift, data, size);
  write_locked(base, v);
}

uint32_t AhciHba::read_register(uint32_t offset) {
  std::lock_guard<std::mutex> lock(mu_);
  return read_locked(offset & ~3u);
}

void AhciHba::write_register(uint32_t offset, uint32_t value) {
  std::lock_guard<std::mutex> lock(mu_);
  write_locked(offset & ~3u, value);
}

uint32_t AhciHba::read_locked(uint32_t offset) const {
  if (offset >= kPortBase) {
    const uint32_t p = (offset - kPortBase) / kPortStride;
    return p < ports_.size() ? ports_[p]->read((offset - kPortBase) % kPortStride) : 0;
  }
  switch (offset) {
    case kCap: return cap_;
    case kGhc: return ghc_;
    case kIs: return is_;
    case kPi: return pi_;
    case kVs: return kVersion;
    default: return 0;  // CCC, enclosure management, CAP2, BOHC: not implemented
  }
}

void AhciHba::write_locked(uint32_t offset, uint32_t value) {
  if (offset >= kPortBase) {
    const uint32_t p = (offset - kPortBase) / kPortStride, reg = (offset - kPortBase) % kPortStride;
    if (p >= ports_.size()) return;
    ports_[p]->write(reg, value);
    bool event = false;
    if ((reg == kPxCi || reg == kPxCmd) && ports_[p]->runnable()) {
      if (!options_.worker) {
        kicked_ = true;
        run_ports_locked();
      } else {
        // What can finish without waiting for the disk runs here, on the vCPU; the worker takes
        // the first command that would wait and everything issued after it.
        if (config_.command() & pci_reg::kCommandBusMaster) event = ports_[p]->run(false);
        if (ports_[p]->runnable()) {
          kicked_ = true;
          cv_.notify_one();
        }
      }
    }
    update_irq_locked(reg == kPxIe || event);
    return;
  }
  if (offset == kGhc) {
    if (value & kGhcHr) {
      reset_locked();
    } else {
      ghc_ = kGhcAe | (value & kGhcIe);
    }
    update_irq_locked(true);
  } else if (offset == kIs) {
    is_ &= ~value;
    update_irq_locked(false);
  }
}

void AhciHba::reset_locked() {
  for (auto& port : ports_) port->reset();
  ghc_ = kGhcAe;
  is_ = 0;
}

std::string AhciHba::describe() const {
  char b[32];
  std::snprintf(b, sizeof b, "ahci %02x.%x", cfg_.slot, cfg_.function);
  return b;
}

void AhciHba::run_ports_locked() {
  kicked_ = false;
  if (!(config_.command() & pci_reg::kCommandBusMaster)) return;  // no DMA until bus mastering is on
  bool event = false;
  for (auto& port : ports_)
    if (port->runnable()) event |= port->run();
  update_irq_locked(event);
}

bool AhciHba::msi_enabled() const { return msi_.enabled(); }

void AhciHba::update_irq_locked(bool new_event) {
  for (size_t i = 0; i < ports_.size(); ++i)
    if (ports_[i]->interrupt_pending()) is_ |= 1u << i;
  const bool level = (ghc_ & kGhcIe) && is_;
  if (msi_enabled()) {
    if (level && new_event && msi_.signal()) ++interrupts_;
    if (intx_level_ && options_.intx) options_.intx->set_level(false);
    intx_level_ = false;
    return;
  }
  const bool line = level && !(config_.command() & pci_reg::kCommandIntxDisable);
  if (line != intx_level_) {
    intx_level_ = line;
    if (line) ++interrupts_;
    if (options_.intx) options_.intx->set_level(line);
  }
}

void AhciHba::completed(backends::BlockBatch& batch) {
  std::lock_guard<std::mutex> lock(mu_);
  uint64_t touched = 0;
  for (auto& b : batch) {
    std::unique_ptr<QueuedAtaRequest> r(static_cast<QueuedAtaRequest*>(b.release()));
    const uint32_t p = r->port;
    if (p < ports_.size() && ports_[p]->queued_done(std::move(r))) touched |= uint64_t{1} << p;
  }
  for (size_t p = 0; p < ports_.size(); ++p)
    if (touched & (uint64_t{1} << p)) ports_[p]->post_completed();
  update_irq_locked(touched != 0);  // completions of a restarted port are no interrupt event
}

// Worker thread: runs the issued commands of every port with the HBA lock held (a vCPU reading a
// register meanwhile waits for the command to finish, as it would poll until then).
void AhciHba::worker() noexcept {
  vmm::seccomp::enter_thread(vmm::seccomp::ThreadKind::kBlockWorker, "ahci-worker");
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return stop_ || kicked_; });
    if (stop_) return;
    run_ports_locked();
  }
}

// ---- VM snapshot ----

uint32_t AhciHba::requests_in_flight() const {
  uint32_t n = 0;
  for (const auto& port : ports_) n += port->transfers_in_flight();
  return n;
}

// u32 version, u32 port count, configuration space, u8 MSI pending, u32 GHC, u32 IS, per port u8
// ATAPI and the port's bytes (AhciPort::save_state).
void AhciHba::save_state(vmm::StateWriter& w) const {
  w.u32(kStateVersion);
  w.u32(static_cast<uint32_t>(ports_.size()));
  // The MSI Pending Bits register holds what the guest last read (config_reading): saved as 0, as
  // a fresh function's, and the pending bit on its own.
  PciConfigSpace config = config_;
  config.set_u32(msi_cap_ + msi::kPending, 0);
  save_config_bytes(w, config);
  w.boolean(msi_.pending());
  w.u32(ghc_);
  w.u32(is_);
  for (const auto& port : ports_) {
    w.boolean(port->device().atapi());
    port->save_state(w);
  }
}

bool AhciHba::restore_ports_locked(vmm::StateReader& r) {
  for (size_t p = 0; p < ports_.size(); ++p) {
    const std::string name = describe() + " port " + std::to_string(p);
    const bool atapi = r.boolean();
    if (!r.ok()) return false;
    if (atapi != ports_[p]->device().atapi())
      throw vmm::SnapshotError(name + ": the snapshot has a " + (atapi ? "CD-ROM" : "disk") + " there, this controller a " +
                               (atapi ? "disk" : "CD-ROM"));
    if (!ports_[p]->restore_state(r, name)) return false;
  }
  return true;
}

bool AhciHba::restore_state(vmm::StateReader& r) {
  if (r.u32() != kStateVersion) return false;
  const uint32_t ports = r.u32();
  if (!r.ok()) return false;
  if (ports != ports_.size())
    throw vmm::SnapshotError(describe() + ": the snapshot's controller has " + std::to_string(ports) + " ports, this one " +
                             std::to_string(ports_.size()));
  std::vector<uint8_t> cfg;
  if (!read_config_bytes(r, config_, cfg)) return false;
  const bool msi_pending = r.boolean();
  const uint32_t ghc = r.u32(), is = r.u32();
  if (!r.ok() || (ghc & ~(kGhcAe | kGhcIe)) != 0 || !(ghc & kGhcAe) || (is & ~pi_)) return false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    bool ok = false;
    try {
      ok = restore_ports_locked(r) && r.ok_and_done();
    } catch (...) {
      reset_locked();
      throw;
    }
    if (!ok) {
      reset_locked();
      return false;
    }
    ghc_ = ghc;
    is_ = is;
  }
  replay_config_bytes(cfg, [this](uint32_t off, uint32_t size, uint32_t v) { config_write(off, size, v); });
  // After the replay: during it MSI is enabled before its mask bit is written back.
  msi_.restore_pending(msi_pending);
  msi_.config_written(config_, msi_cap_ + msi::kControl, 2);
  std::lock_guard<std::mutex> lock(mu_);
  update_irq_locked(false);
  return true;
}

}  // namespace tshyve::devices::storage
