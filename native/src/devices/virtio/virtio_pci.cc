// Virtio PCI modern transport (virtio 1.2 §4.1.4 capabilities, §4.1.4.3 common configuration,
// §4.1.4.4 notifications, §4.1.4.5 ISR, §4.1.4.9 PCI configuration access) with MSI-X (PCI 3.0 §6.8.2).
#include "devices/virtio/virtio_pci.h"

#include <sys/eventfd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>

#include "devices/pci/pci_config_snapshot.h"
#include "devices/virtio/virtio_pci_caps.h"
#include "devices/virtio/virtio_spec.h"
#include "vmm/event_loop.h"
#include "vmm/snapshot_file.h"

namespace tshyve::devices::virtio {

namespace {
using namespace bar_layout;

// PCI class codes (PCI Code and ID Assignment 1.11), as QEMU uses for virtio functions.
uint32_t class_for(uint32_t type) {
  switch (type) {
    case kDeviceNet: return 0x020000;      // network, ethernet
    case kDeviceBlock: return 0x010000;    // mass storage, SCSI
    case kDeviceConsole: return 0x078000;  // communication, other
    default: return 0x00ff00;              // unclassified
  }
}
constexpr uint16_t kModernSubsystemId = 0x1100;  // as QEMU; §4.1.2.1 leaves it free for modern IDs

VirtioPciCap vendor_cap(uint8_t type, uint32_t offset, uint32_t length, uint8_t cap_len = sizeof(VirtioPciCap)) {
  VirtioPciCap c{};
  c.cap_vndr = kPciCapIdVendor;
  c.cap_len = cap_len;
  c.cfg_type = type;
  c.bar = 0;
  c.offset = offset;
  c.length = length;
  return c;
}
bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen) { return a < b + blen && b < a + alen; }

constexpr uint32_t kStateVersion = 1;
constexpr uint32_t kMaxDeviceState = 256 * 1024;  // a console's buffered input and control messages fit

// Writes saved configuration space back as the guest once programmed it (pci_config_snapshot.h),
// collecting the BAR reprogramming it causes.
std::vector<PciBarChange> replay_config(PciConfigSpace& c, const std::vector<uint8_t>& bytes) {
  std::vector<PciBarChange> all;
  replay_config_bytes(bytes, [&](uint32_t off, uint32_t size, uint32_t v) {
    auto changes = c.write(off, size, v);
    all.insert(all.end(), changes.begin(), changes.end());
  });
  return all;
}
}  // namespace

VirtioPciFunction::VirtioPciFunction(std::shared_ptr<VirtioDevice> device, vmm::GuestMemoryView& memory, VirtioPciOptions options)
    : device_(std::move(device)),
      memory_(memory),
      options_(std::move(options)),
      config_(PciConfigSpace::kLegacySize),
      msix_(static_cast<uint16_t>(device_->num_queues() + 1), options_.router),
      common_(offered_features(), device_->num_queues(), device_->max_queue_size(), msix_.vectors()),
      ioevents_(options_.vm_fd) {
  const uint32_t type = device_->device_type();
  const uint16_t nq = device_->num_queues();
  config_.set_identity(kPciVendorRedHat, static_cast<uint16_t>(kPciDeviceModernBase + type), class_for(type), 1, kPciVendorRedHat,
                       kModernSubsystemId);
  config_.set_interrupt_pin(1);
  config_.add_bar(0, PciBarKind::kMem32, kBarSize);
  config_.add_capability(cap_bytes(vendor_cap(kPciCapCommonCfg, kCommon, kCommonSize)));
  VirtioPciNotifyCap notify{vendor_cap(kPciCapNotifyCfg, kNotify, nq * kNotifyMultiplier, sizeof(VirtioPciNotifyCap)), kNotifyMultiplier};
  config_.add_capability(cap_bytes(notify));
  config_.add_capability(cap_bytes(vendor_cap(kPciCapIsrCfg, kIsr, kIsrSize)));
  config_.add_capability(cap_bytes(vendor_cap(kPciCapDeviceCfg, kDevice, std::max<uint32_t>(device_->config_size(), 4))));
  const uint8_t pci_cfg_cap = pci_cfg_.add_to(config_);
  const uint8_t msix_cap = msix_.add_to(config_, 0, kMsixTable, kMsixPba);
  if (!msix_cap || !pci_cfg_cap) throw std::runtime_error("virtio-pci: capability space full");
  if (!options_.rom.empty()) {
    if (options_.rom.size() > kPciRomMaxSize) throw std::runtime_error("virtio-pci: option ROM larger than 16 MiB");
    rom_size_ = kPciRomMinSize;
    while (rom_size_ < options_.rom.size()) rom_size_ <<= 1;
    config_.add_rom_bar(rom_size_);
  }

  queues_.resize(nq);
  for (uint16_t i = 0; i < nq; ++i) {
    vmm::UniqueFd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!fd.valid()) throw std::runtime_error("virtio-pci: eventfd failed");
    doorbells_.push_back(std::move(fd));
  }
}

VirtioPciFunction::~VirtioPciFunction() { update_ioeventfds(0, false); }

uint64_t VirtioPciFunction::offered_features() const {
  return device_->device_features() | bit(kFeatureVersion1) | bit(kFeatureEventIdx) | bit(kFeatureIndirectDesc);
}

// ---- PCI configuration space (vCPU thread, PciRoot lock held) ----

uint32_t VirtioPciFunction::config_read(uint32_t offset, uint32_t size) {
  if (pci_cfg_.touches_data(offset, size)) pci_cfg_access(false);
  return config_.read(offset, size);
}

void VirtioPciFunction::config_write(uint32_t offset, uint32_t size, uint32_t value) {
  apply_bar_changes(config_.write(offset, size, value));
  if (overlaps(offset, size, msix_.cap_offset() + 2u, 2)) msix_control_changed(offset, size);
  if (pci_cfg_.touches_data(offset, size)) pci_cfg_access(true);
}

// §4.1.4.9: the window into BAR 0 through configuration space (firmware without MMIO access).
void VirtioPciFunction::pci_cfg_access(bool write) {
  uint32_t off, len;
  if (!pci_cfg_.target(config_, kBarSize, off, len)) return;
  uint8_t bytes[4] = {};
  if (write) {
    const uint32_t v = pci_cfg_.data(config_);
    std::memcpy(bytes, &v, 4);
    bar_write(off, bytes, len);
  } else {
    bar_read(off, bytes, len);
    pci_cfg_.set_data(config_, bytes);
  }
}

// Bytes past the image (padding up to the BAR size) read as 0; the image never changes after setup.
void VirtioPciFunction::rom_read(uint64_t offset, uint8_t* data, uint32_t size) const {
  for (uint32_t i = 0; i < size; ++i) {
    const uint64_t o = offset + i;
    data[i] = o < options_.rom.size() ? options_.rom[o] : 0;
  }
}

void VirtioPciFunction::mmio_read(int region, uint64_t offset, uint8_t* data, uint32_t size) {
  if (region == 0) return bar_read(offset, data, size);
  if (region == kPciRomRegion) return rom_read(offset, data, size);
  std::memset(data, 0xff, size);
}

void VirtioPciFunction::mmio_write(int region, uint64_t offset, const uint8_t* data, uint32_t size) {
  if (region == 0) bar_write(offset, data, size);  // ROM writes are ignored
}

std::string VirtioPciFunction::describe() const {
  char slot[8];
  std::snprintf(slot, sizeof slot, "%02x.%x", options_.slot & 0xff, options_.function & 0xf);
  return std::string("virtio-") + device_->name() + " " + slot;
}

// Queue doorbells follow BAR 0: KVM signals them at the notify area wherever the BAR is mapped.
void VirtioPciFunction::region_placed(const PciBarChange& change, bool mapped) {
  if (change.index == 0) update_ioeventfds(change.new_address, mapped);
}

void VirtioPciFunction::update_ioeventfds(uint64_t address, bool enabled) {
  if (!ioevents_.has_kvm()) return;
  if (ioeventfds_registered_ && (!enabled || address != ioeventfd_address_)) {
    for (size_t q = 0; q < doorbells_.size(); ++q)
      ioevents_.deassign(ioeventfd_address_ + kNotify + q * kNotifyMultiplier, 0, doorbells_[q].get());
    ioeventfds_registered_ = false;
  }
  if (enabled && !ioeventfds_registered_) {
    for (size_t q = 0; q < doorbells_.size(); ++q)
      if (!ioevents_.assign(address + kNotify + q * kNotifyMultiplier, 0, doorbells_[q].get()))
        vmm::guest_log("virtio-%s: KVM_IOEVENTFD failed (errno %d); notifications exit to userspace", device_->name(), errno);
    ioeventfds_registered_ = true;
    ioeventfd_address_ = address;
  }
}

void VirtioPciFunction::preassign_bar(uint64_t address) {
  apply_bar_changes(config_.write(pci_reg::kBar0, 4, static_cast<uint32_t>(address)));
  apply_bar_changes(config_.write(pci_reg::kCommand, 2, config_.command() | pci_reg::kCommandMemory | pci_reg::kCommandBusMaster));
}

// ---- BAR 0 (vCPU thread) ----

void VirtioPciFunction::bar_read(uint64_t off, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (off >= kNotify && off < kNotify + kNotifySize) return;
  if (off >= kMsixTable && off < kMsixTable + kMsixTableSize) return msix_.table_read(off - kMsixTable, data, size);
  if (off >= kMsixPba && off < kMsixPba + kMsixPbaSize) return msix_.pba_read(off - kMsixPba, data, size);
  std::lock_guard<std::mutex> lock(mu_);
  if (off < kCommon + kCommonSize) {
    common_.read(off - kCommon, data, size);
  } else if (off == kIsr) {
    data[0] = isr_;  // §4.1.4.5: reading clears the status and de-asserts INTx
    isr_ = 0;
    if (intx_level_ && options_.intx) options_.intx->set_level(false);
    intx_level_ = false;
  } else if (off >= kDevice && off < kDevice + kDeviceSize) {
    uint32_t o = static_cast<uint32_t>(off - kDevice);
    if (o + size <= device_->config_size()) device_->read_config(o, data, size);
  }
}

void VirtioPciFunction::bar_write(uint64_t off, const uint8_t* data, uint32_t size) {
  if (off >= kNotify && off < kNotify + doorbells_.size() * kNotifyMultiplier) {
    // Without (or before) ioeventfd the doorbell arrives here: forward it to the event loop.
    uint64_t one = 1;
    (void)!::write(doorbells_[(off - kNotify) / kNotifyMultiplier].get(), &one, sizeof one);
    return;
  }
  if (off >= kMsixTable && off < kMsixTable + kMsixTableSize) return msix_.table_write(off - kMsixTable, data, size);
  std::lock_guard<std::mutex> lock(mu_);
  if (off < kCommon + kCommonSize) {
    common_.write(off - kCommon, data, size, *this);
  } else if (off >= kDevice && off < kDevice + kDeviceSize) {
    uint32_t o = static_cast<uint32_t>(off - kDevice);
    if (o + size <= device_->config_size()) device_->write_config(o, data, size);
  }
}

// ---- device status and queue enable (mu_ held) ----

void VirtioPciFunction::status_written(const StatusOutcome& outcome) {
  switch (outcome.action) {
    case StatusAction::kNone: return;
    case StatusAction::kReset: return reset_device();
    case StatusAction::kNeedsReset: return needs_reset("DRIVER_OK without FEATURES_OK");
    case StatusAction::kGoLive: return go_live();
  }
}

void VirtioPciFunction::go_live() {
  const auto& configs = common_.queues();
  const bool event_idx = common_.driver_features() & bit(kFeatureEventIdx);
  for (size_t i = 0; i < queues_.size(); ++i) {
    if (!configs[i].ready) continue;
    if (!queues_[i].activate(&memory_, configs[i], event_idx)) {
      needs_reset("queue " + std::to_string(i) + ": " + queues_[i].error());
      return;
    }
  }
  device_->activate(*this);
  // Buffers made available before DRIVER_OK (e.g. receive buffers) are looked at once now.
  uint64_t one = 1;
  for (auto& fd : doorbells_) (void)!::write(fd.get(), &one, sizeof one);
}

// A queue enabled after DRIVER_OK starts at once (§4.1.4.3.2 allows enabling queues later).
void VirtioPciFunction::queue_enabled(uint16_t q) {
  if (!active()) return;
  if (!queues_[q].activate(&memory_, common_.queues()[q], common_.driver_features() & bit(kFeatureEventIdx)))
    needs_reset("queue " + std::to_string(q) + ": " + queues_[q].error());
}

void VirtioPciFunction::reset_device() {
  device_->reset();
  for (auto& q : queues_) q.deactivate();
  common_.reset();
  isr_ = 0;
  if (intx_level_ && options_.intx) options_.intx->set_level(false);
  intx_level_ = false;
}

void VirtioPciFunction::needs_reset(const std::string& why) {
  if (common_.status() & kStatusNeedsReset) return;
  common_.set_status(common_.status() | kStatusNeedsReset);
  for (auto& q : queues_) q.deactivate();
  vmm::guest_log("virtio-%s %02x.%x: %s; device needs reset", device_->name(), options_.slot, options_.function, why.c_str());
  notify_config_change();
}

// ---- interrupts (mu_ held) ----

void VirtioPciFunction::signal_vector(uint16_t vector, uint8_t isr_bit) {
  if (msix_.enabled()) {
    if (isr_bit == 2) isr_ |= 2;
    msix_.signal(vector);  // VIRTIO_MSI_NO_VECTOR (out of range): no interrupt
    return;
  }
  isr_ |= isr_bit;
  if (options_.intx && !intx_level_) {
    intx_level_ = true;
    options_.intx->set_level(true);
  }
}

void VirtioPciFunction::notify_used(uint16_t index) {
  if (index < queues_.size() && queues_[index].should_notify()) signal_vector(common_.queues()[index].msix_vector, 1);
}

void VirtioPciFunction::notify_config_change() {
  common_.bump_generation();
  signal_vector(common_.config_msix_vector(), 2);
}

// vCPU thread, PciRoot lock held. mu_ orders the switch against signal_vector choosing INTx or MSI-X.
void VirtioPciFunction::msix_control_changed(uint32_t offset, uint32_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  msix_.config_written(config_, offset, size);
  if (msix_.enabled() && intx_level_ && options_.intx) {
    options_.intx->set_level(false);
    intx_level_ = false;
  }
}

// ---- snapshot (mu_ held by the caller for save) ----

void VirtioPciFunction::save_state(vmm::StateWriter& w) {
  w.u32(kStateVersion);
  w.u32(device_->device_type());
  w.u16(static_cast<uint16_t>(queues_.size()));
  save_config_bytes(w, config_);
  const auto vectors = msix_.vector_states();
  w.u16(static_cast<uint16_t>(vectors.size()));
  for (const auto& v : vectors) {
    w.u64(v.address);
    w.u32(v.data);
    w.u32(v.control);
    w.boolean(v.pending);
  }
  common_.save_state(w);
  w.u8(isr_);
  w.boolean(intx_level_);
  for (const auto& q : queues_) {
    if (q.active() && q.in_flight())
      throw vmm::SnapshotError(describe() + ": " + std::to_string(q.in_flight()) + " requests still in flight");
    const QueueProgress p = q.progress();
    w.boolean(q.active());
    w.u16(p.next_avail);
    w.u16(p.next_used);
    w.u16(p.signalled_used);
    w.boolean(p.signalled_valid);
  }
  vmm::StateWriter dev;
  device_->save_state(dev);
  w.u32(static_cast<uint32_t>(dev.data().size()));
  w.bytes(dev.data().data(), dev.data().size());
}

uint32_t VirtioPciFunction::requests_in_flight() const {
  uint32_t n = 0;
  for (const auto& q : queues_)
    if (q.active()) n += q.in_flight();
  return n;
}

bool VirtioPciFunction::restore_state(vmm::StateReader& r) {
  std::lock_guard<std::mutex> lock(mu_);
  if (r.u32() != kStateVersion || r.u32() != device_->device_type() || r.u16() != queues_.size()) return false;
  // The saved bytes must be what replaying them produces here: read-only bytes (identity,
  // capabilities) match only for the same device, and BAR bits below the size stay zero.
  std::vector<uint8_t> cfg;
  if (!read_config_bytes(r, config_, cfg)) return false;
  std::vector<MsixVectorState> vectors(r.u16());
  if (vectors.size() != msix_.vectors()) return false;
  for (auto& v : vectors) {
    v.address = r.u64();
    v.data = r.u32();
    v.control = r.u32();
    v.pending = r.boolean();
  }
  if (!r.ok() || !common_.restore_state(r)) return false;
  const uint8_t isr = r.u8();
  const bool intx_level = r.boolean();
  if (!r.ok() || isr > 3 || !restore_queues_and_device(r) || !msix_.restore_vectors(vectors)) {
    reset_device();
    return false;
  }
  apply_bar_changes(replay_config(config_, cfg));
  msix_.config_written(config_, msix_.cap_offset() + 2u, 2);  // commits the routes, delivers deliverable pending bits
  isr_ = isr;
  if (intx_level && !msix_.enabled() && options_.intx) {
    intx_level_ = true;
    options_.intx->set_level(true);
  }
  uint64_t one = 1;
  for (auto& fd : doorbells_) (void)!::write(fd.get(), &one, sizeof one);
  return true;
}

// mu_ held, common_ restored. Activates the queues that were active on their saved rings, puts
// their indices back and restores the device; false (the caller resets) for anything inconsistent.
bool VirtioPciFunction::restore_queues_and_device(vmm::StateReader& r) {
  const bool live = active();
  const bool event_idx = common_.driver_features() & bit(kFeatureEventIdx);
  std::vector<std::pair<bool, QueueProgress>> saved(queues_.size());
  for (auto& [was_active, p] : saved) {
    was_active = r.boolean();
    p.next_avail = r.u16();
    p.next_used = r.u16();
    p.signalled_used = r.u16();
    p.signalled_valid = r.boolean();
  }
  const uint32_t dev_len = r.u32();
  if (!r.ok() || dev_len > kMaxDeviceState || dev_len != r.remaining()) return false;
  std::vector<uint8_t> dev(dev_len);
  r.bytes(dev.data(), dev.size());
  for (size_t i = 0; i < queues_.size(); ++i) {
    const auto& [was_active, p] = saved[i];
    if (!was_active) continue;
    // A queue is active only while the driver is live on it, and its indices never run apart by
    // more than the ring holds (nothing was in flight).
    if (!live || !common_.queues()[i].ready) return false;
    if (!queues_[i].activate(&memory_, common_.queues()[i], event_idx)) return false;
    if (static_cast<uint16_t>(p.next_avail - p.next_used) != 0) return false;
    queues_[i].resume(p);
  }
  if (live) device_->activate(*this);
  vmm::StateReader dr(dev);
  return device_->restore_state(dr);
}

// ---- event loop ----

void VirtioPciFunction::attach(vmm::EventLoop& loop) {
  loop_ = &loop;
  for (uint16_t q = 0; q < doorbells_.size(); ++q) loop.add(doorbells_[q].get(), EPOLLIN, [this, q](uint32_t) { doorbell(q); });
  device_->attach(loop, *this);
}

void VirtioPciFunction::doorbell(uint16_t q) {
  uint64_t n;
  (void)!::read(doorbells_[q].get(), &n, sizeof n);
  device_->queue_notified(*this, q);
}

void VirtioPciFunction::shutdown() {
  if (loop_)
    for (auto& fd : doorbells_) loop_->remove(fd.get());
  device_->shutdown();
}

}  // namespace tshyve::devices::virtio
