// Virtio PCI modern transport (virtio 1.2 §4.1.4 capabilities, §4.1.4.3 common configuration,
// §4.1.4.4 notifications, §4.1.4.5 ISR, §4.1.4.9 PCI configuration access) with MSI-X (PCI 3.0 §6.8.2).
#include "devices/virtio/virtio_pci.h"

#include <sys/eventfd.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "devices/virtio/virtio_spec.h"
#include "vmm/event_loop.h"
#include "vmm/kvm_uapi.h"

namespace tshyve::devices::virtio {

namespace {
using namespace bar_layout;

// struct virtio_pci_common_cfg field offsets (§4.1.4.3).
namespace common {
constexpr uint32_t kDeviceFeatureSelect = 0x00, kDeviceFeature = 0x04, kDriverFeatureSelect = 0x08,
                   kDriverFeature = 0x0c, kConfigMsixVector = 0x10, kNumQueues = 0x12, kDeviceStatus = 0x14,
                   kConfigGeneration = 0x15, kQueueSelect = 0x16, kQueueSize = 0x18, kQueueMsixVector = 0x1a,
                   kQueueEnable = 0x1c, kQueueNotifyOff = 0x1e, kQueueDesc = 0x20, kQueueDriver = 0x28,
                   kQueueDevice = 0x30;
struct Field {
  uint32_t offset, size;
};
constexpr Field kFields[] = {{kDeviceFeatureSelect, 4}, {kDeviceFeature, 4}, {kDriverFeatureSelect, 4},
                             {kDriverFeature, 4},       {kConfigMsixVector, 2}, {kNumQueues, 2},
                             {kDeviceStatus, 1},        {kConfigGeneration, 1}, {kQueueSelect, 2},
                             {kQueueSize, 2},           {kQueueMsixVector, 2}, {kQueueEnable, 2},
                             {kQueueNotifyOff, 2},      {kQueueDesc, 8},       {kQueueDriver, 8},
                             {kQueueDevice, 8}};
}  // namespace common

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

std::vector<uint8_t> le32(uint32_t v) {
  return {static_cast<uint8_t>(v), static_cast<uint8_t>(v >> 8), static_cast<uint8_t>(v >> 16), static_cast<uint8_t>(v >> 24)};
}
std::vector<uint8_t> vendor_cap(uint8_t type, uint32_t offset, uint32_t length, uint32_t extra_bytes) {
  // struct virtio_pci_cap (§4.1.4): vndr, next, len, cfg_type, bar, id, padding[2], offset, length.
  std::vector<uint8_t> b{kPciCapIdVendor, 0, static_cast<uint8_t>(16 + extra_bytes), type, 0, 0, 0, 0};
  auto o = le32(offset), l = le32(length);
  b.insert(b.end(), o.begin(), o.end());
  b.insert(b.end(), l.begin(), l.end());
  return b;
}
bool overlaps(uint32_t a, uint32_t alen, uint32_t b, uint32_t blen) { return a < b + blen && b < a + alen; }
}  // namespace

VirtioPciFunction::VirtioPciFunction(std::shared_ptr<VirtioDevice> device, vmm::GuestMemoryView& memory,
                                     VirtioPciOptions options)
    : device_(std::move(device)), memory_(memory), options_(std::move(options)), config_(PciConfigSpace::kLegacySize),
      msix_(static_cast<uint16_t>(device_->num_queues() + 1), options_.router) {
  const uint32_t type = device_->device_type();
  const uint16_t nq = device_->num_queues();
  config_.set_identity(kPciVendorRedHat, static_cast<uint16_t>(kPciDeviceModernBase + type), class_for(type), 1,
                       kPciVendorRedHat, kModernSubsystemId);
  config_.set_interrupt_pin(1);
  config_.add_bar(0, PciBarKind::kMem32, kBarSize);
  config_.add_capability(vendor_cap(kPciCapCommonCfg, kCommon, kCommonSize, 0));
  auto notify = vendor_cap(kPciCapNotifyCfg, kNotify, nq * kNotifyMultiplier, 4);
  auto mul = le32(kNotifyMultiplier);
  notify.insert(notify.end(), mul.begin(), mul.end());
  config_.add_capability(notify);
  config_.add_capability(vendor_cap(kPciCapIsrCfg, kIsr, kIsrSize, 0));
  config_.add_capability(vendor_cap(kPciCapDeviceCfg, kDevice, std::max<uint32_t>(device_->config_size(), 4), 0));
  // §4.1.4.9: bar, offset, length and pci_cfg_data are driver-writable.
  auto pcicfg = vendor_cap(kPciCapPciCfg, 0, 0, 4);
  pcicfg.insert(pcicfg.end(), {0, 0, 0, 0});
  std::vector<uint8_t> pcicfg_w(20, 0);
  pcicfg_w[4] = 0xff;
  for (int i = 8; i < 20; ++i) pcicfg_w[i] = 0xff;
  pci_cfg_cap_ = config_.add_capability(pcicfg, pcicfg_w);
  const uint8_t msix_cap = msix_.add_to(config_, 0, kMsixTable, kMsixPba);
  if (!msix_cap || !pci_cfg_cap_) throw std::runtime_error("virtio-pci: capability space full");
  if (!options_.rom.empty()) {
    if (options_.rom.size() > kPciRomMaxSize) throw std::runtime_error("virtio-pci: option ROM larger than 16 MiB");
    rom_size_ = kPciRomMinSize;
    while (rom_size_ < options_.rom.size()) rom_size_ <<= 1;
    // Sizing (§6.2.5.2): the address bits below the size read back as 0; enable is read/write.
    config_.set_u32(kPciRomBar, 0, static_cast<uint32_t>(~(rom_size_ - 1)) | kPciRomEnable);
  }

  queue_configs_.resize(nq);
  queues_.resize(nq);
  for (auto& q : queue_configs_) q.size = device_->max_queue_size();
  for (uint16_t i = 0; i < nq; ++i) {
    vmm::UniqueFd fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK));
    if (!fd.valid()) throw std::runtime_error("virtio-pci: eventfd failed");
    doorbells_.push_back(std::move(fd));
  }
  config_.on_bar_change([this](const PciBarChange& c) {
    if (c.index == 0) on_bar_change(c.new_address, c.enabled);
  });
}

VirtioPciFunction::~VirtioPciFunction() { update_ioeventfds(0, false); }

uint64_t VirtioPciFunction::offered_features() const {
  return device_->device_features() | bit(kFeatureVersion1) | bit(kFeatureEventIdx) | bit(kFeatureIndirectDesc);
}

// ---- PCI configuration space (vCPU thread, PciRoot lock held) ----

uint32_t VirtioPciFunction::config_read(uint32_t offset, uint32_t size) {
  if (overlaps(offset, size, pci_cfg_cap_ + 16u, 4)) pci_cfg_access(false);
  return config_.read(offset, size);
}

void VirtioPciFunction::config_write(uint32_t offset, uint32_t size, uint32_t value) {
  config_.write(offset, size, value);
  if (rom_size_ && (overlaps(offset, size, kPciRomBar, 4) || overlaps(offset, size, pci_reg::kCommand, 2))) update_rom_decode();
  if (overlaps(offset, size, msix_.cap_offset() + 2u, 2)) msix_control_changed(offset, size);
  if (overlaps(offset, size, pci_cfg_cap_ + 16u, 4)) pci_cfg_access(true);
}

// §4.1.4.9: the window into BAR 0 through configuration space (firmware without MMIO access).
void VirtioPciFunction::pci_cfg_access(bool write) {
  const uint32_t cap = pci_cfg_cap_;
  uint8_t bar = config_.byte(cap + 4);
  uint32_t off = config_.read(cap + 8, 4), len = config_.read(cap + 12, 4);
  // off > kBarSize - len, not off + len > kBarSize: a guest-chosen off near 2^32 must not wrap.
  if (bar != 0 || (len != 1 && len != 2 && len != 4) || off % len || off > kBarSize - len) return;
  if (write) {
    uint32_t v = config_.read(cap + 16, 4);
    uint8_t bytes[4];
    std::memcpy(bytes, &v, 4);
    bar_write(off, bytes, len);
  } else {
    uint8_t bytes[4] = {};
    bar_read(off, bytes, len);
    config_.set_bytes(cap + 16, {bytes[0], bytes[1], bytes[2], bytes[3]}, 0xff);
  }
}

// The ROM decodes when its enable bit and the command register's memory space bit are both set.
void VirtioPciFunction::update_rom_decode() {
  const uint32_t bar = config_.read(kPciRomBar, 4);
  const uint64_t address = bar & static_cast<uint32_t>(~(rom_size_ - 1));
  const bool on = (bar & kPciRomEnable) && (config_.command() & pci_reg::kCommandMemory);
  if (!place_region(kPciRomRegion, address, rom_size_, on))
    vmm::guest_log("virtio-%s %02x.%x: ROM at 0x%llx overlaps another function's BAR; left unmapped", device_->name(),
                   options_.slot, options_.function, static_cast<unsigned long long>(address));
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

void VirtioPciFunction::on_bar_change(uint64_t address, bool enabled) {
  bool on = enabled && address != 0;
  if (!place_region(0, address, kBarSize, on)) {
    vmm::guest_log("virtio-%s %02x.%x: BAR 0 at 0x%llx overlaps another function's BAR; left unmapped", device_->name(),
                   options_.slot, options_.function, static_cast<unsigned long long>(address));
    on = false;
  }
  update_ioeventfds(address, on);
}

void VirtioPciFunction::update_ioeventfds(uint64_t address, bool enabled) {
  if (options_.vm_fd < 0) return;
  if (ioeventfds_registered_ && (!enabled || address != ioeventfd_address_)) {
    for (size_t q = 0; q < doorbells_.size(); ++q) {
      kvm_ioeventfd io{};
      io.addr = ioeventfd_address_ + kNotify + q * kNotifyMultiplier;
      io.len = 0;
      io.fd = doorbells_[q].get();
      io.flags = KVM_IOEVENTFD_FLAG_DEASSIGN;
      ::ioctl(options_.vm_fd, KVM_IOEVENTFD, &io);
    }
    ioeventfds_registered_ = false;
  }
  if (enabled && !ioeventfds_registered_) {
    for (size_t q = 0; q < doorbells_.size(); ++q) {
      kvm_ioeventfd io{};
      io.addr = address + kNotify + q * kNotifyMultiplier;
      io.len = 0;  // any access width (KVM_CAP_IOEVENTFD_ANY_LENGTH)
      io.fd = doorbells_[q].get();
      if (::ioctl(options_.vm_fd, KVM_IOEVENTFD, &io) != 0)
        vmm::guest_log("virtio-%s: KVM_IOEVENTFD failed (errno %d); notifications exit to userspace", device_->name(), errno);
    }
    ioeventfds_registered_ = true;
    ioeventfd_address_ = address;
  }
}

void VirtioPciFunction::preassign_bar(uint64_t address) {
  config_.write(pci_reg::kBar0, 4, static_cast<uint32_t>(address));
  config_.write(pci_reg::kCommand, 2, config_.command() | pci_reg::kCommandMemory | pci_reg::kCommandBusMaster);
}

// ---- BAR 0 (vCPU thread) ----

void VirtioPciFunction::bar_read(uint64_t off, uint8_t* data, uint32_t size) {
  std::memset(data, 0, size);
  if (off >= kNotify && off < kNotify + kNotifySize) return;
  if (off >= kMsixTable && off < kMsixTable + kMsixTableSize) return msix_.table_read(off - kMsixTable, data, size);
  if (off >= kMsixPba && off < kMsixPba + kMsixPbaSize) return msix_.pba_read(off - kMsixPba, data, size);
  std::lock_guard<std::mutex> lock(mu_);
  if (off < kCommon + kCommonSize) {
    common_read(off, data, size);
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
    common_write(off, data, size);
  } else if (off >= kDevice && off < kDevice + kDeviceSize) {
    uint32_t o = static_cast<uint32_t>(off - kDevice);
    if (o + size <= device_->config_size()) device_->write_config(o, data, size);
  }
}

// ---- common configuration (mu_ held) ----

uint64_t VirtioPciFunction::common_field(uint32_t f) const {
  const bool qv = queue_select_ < queue_configs_.size();
  const QueueConfig* q = qv ? &queue_configs_[queue_select_] : nullptr;
  using namespace common;
  switch (f) {
    case kDeviceFeatureSelect: return device_feature_select_;
    case kDeviceFeature: return device_feature_select_ < 2 ? (offered_features() >> (32 * device_feature_select_)) & 0xffffffffu : 0;
    case kDriverFeatureSelect: return driver_feature_select_;
    case kDriverFeature: return driver_feature_select_ < 2 ? (driver_features_ >> (32 * driver_feature_select_)) & 0xffffffffu : 0;
    case kConfigMsixVector: return config_msix_vector_;
    case kNumQueues: return queue_configs_.size();
    case kDeviceStatus: return status_;
    case kConfigGeneration: return config_generation_;
    case kQueueSelect: return queue_select_;
    case kQueueSize: return q ? q->size : 0;
    case kQueueMsixVector: return q ? q->msix_vector : kMsiNoVector;
    case kQueueEnable: return q ? q->ready : 0;
    case kQueueNotifyOff: return queue_select_;
    case kQueueDesc: return q ? q->desc : 0;
    case kQueueDriver: return q ? q->avail : 0;
    case kQueueDevice: return q ? q->used : 0;
  }
  return 0;
}

void VirtioPciFunction::set_common_field(uint32_t f, uint64_t v) {
  using namespace common;
  QueueConfig* q = queue_select_ < queue_configs_.size() ? &queue_configs_[queue_select_] : nullptr;
  // §4.1.4.3.2: queue configuration may not change once the queue is enabled.
  const bool q_locked = q && q->ready;
  switch (f) {
    case kDeviceFeatureSelect: device_feature_select_ = static_cast<uint32_t>(v); break;
    case kDriverFeatureSelect: driver_feature_select_ = static_cast<uint32_t>(v); break;
    case kDriverFeature:
      if (driver_feature_select_ < 2 && !(status_ & kStatusFeaturesOk)) {
        const uint32_t sh = 32 * driver_feature_select_;
        driver_features_ = (driver_features_ & ~(0xffffffffull << sh)) | ((v & 0xffffffffull) << sh);
      }
      break;
    case kConfigMsixVector: config_msix_vector_ = v < msix_.vectors() ? static_cast<uint16_t>(v) : kMsiNoVector; break;
    case kDeviceStatus: write_status(static_cast<uint8_t>(v)); break;
    case kQueueSelect: queue_select_ = static_cast<uint16_t>(v); break;
    case kQueueSize:
      if (q && !q_locked) q->size = static_cast<uint16_t>(std::min<uint64_t>(v, device_->max_queue_size()));
      break;
    case kQueueMsixVector:
      if (q) q->msix_vector = v < msix_.vectors() ? static_cast<uint16_t>(v) : kMsiNoVector;
      break;
    case kQueueEnable:
      if (q && v == 1 && !q->ready) {
        q->ready = true;
        if (active()) {
          if (!queues_[queue_select_].activate(&memory_, *q, driver_features_ & bit(kFeatureEventIdx)))
            needs_reset("queue " + std::to_string(queue_select_) + ": " + queues_[queue_select_].error());
        }
      }
      break;
    case kQueueDesc: if (q && !q_locked) q->desc = v; break;
    case kQueueDriver: if (q && !q_locked) q->avail = v; break;
    case kQueueDevice: if (q && !q_locked) q->used = v; break;
    default: break;  // read-only fields
  }
}

void VirtioPciFunction::common_read(uint64_t off, uint8_t* data, uint32_t size) {
  for (const auto& f : common::kFields) {
    if (!overlaps(static_cast<uint32_t>(off), size, f.offset, f.size)) continue;
    uint64_t v = common_field(f.offset);
    for (uint32_t i = 0; i < f.size; ++i) {
      int64_t pos = static_cast<int64_t>(f.offset + i) - static_cast<int64_t>(off);
      if (pos >= 0 && pos < size) data[pos] = static_cast<uint8_t>(v >> (8 * i));
    }
  }
}

void VirtioPciFunction::common_write(uint64_t off, const uint8_t* data, uint32_t size) {
  for (const auto& f : common::kFields) {
    if (!overlaps(static_cast<uint32_t>(off), size, f.offset, f.size)) continue;
    uint64_t v = common_field(f.offset);
    for (uint32_t i = 0; i < f.size; ++i) {
      int64_t pos = static_cast<int64_t>(f.offset + i) - static_cast<int64_t>(off);
      if (pos >= 0 && pos < size) v = (v & ~(0xffull << (8 * i))) | (static_cast<uint64_t>(data[pos]) << (8 * i));
    }
    set_common_field(f.offset, v);
  }
}

void VirtioPciFunction::write_status(uint8_t v) {
  if (v == 0) {
    reset_device();
    return;
  }
  v = static_cast<uint8_t>((v & ~kStatusNeedsReset) | (status_ & kStatusNeedsReset));
  if ((v & kStatusFeaturesOk) && !(status_ & kStatusFeaturesOk)) {
    // §3.1.1: FEATURES_OK stays clear if the driver accepted something we did not offer.
    if ((driver_features_ & ~offered_features()) || !(driver_features_ & bit(kFeatureVersion1))) v &= ~kStatusFeaturesOk;
  }
  const bool going_live = (v & kStatusDriverOk) && !(status_ & kStatusDriverOk);
  status_ = v;
  if (!going_live || (status_ & kStatusNeedsReset)) return;
  if (!(status_ & kStatusFeaturesOk)) {
    needs_reset("DRIVER_OK without FEATURES_OK");
    return;
  }
  for (size_t i = 0; i < queues_.size(); ++i) {
    if (!queue_configs_[i].ready) continue;
    if (!queues_[i].activate(&memory_, queue_configs_[i], driver_features_ & bit(kFeatureEventIdx))) {
      needs_reset("queue " + std::to_string(i) + ": " + queues_[i].error());
      return;
    }
  }
  device_->activate(*this);
  // Buffers made available before DRIVER_OK (e.g. receive buffers) are looked at once now.
  uint64_t one = 1;
  for (auto& fd : doorbells_) (void)!::write(fd.get(), &one, sizeof one);
}

void VirtioPciFunction::reset_device() {
  device_->reset();
  for (auto& q : queues_) q.deactivate();
  for (auto& c : queue_configs_) c = QueueConfig{device_->max_queue_size()};
  device_feature_select_ = driver_feature_select_ = 0;
  driver_features_ = 0;
  status_ = 0;
  queue_select_ = 0;
  config_msix_vector_ = kMsiNoVector;
  isr_ = 0;
  if (intx_level_ && options_.intx) options_.intx->set_level(false);
  intx_level_ = false;
  ++config_generation_;
}

void VirtioPciFunction::needs_reset(const std::string& why) {
  if (status_ & kStatusNeedsReset) return;
  status_ |= kStatusNeedsReset;
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
  if (index < queues_.size() && queues_[index].should_notify()) signal_vector(queue_configs_[index].msix_vector, 1);
}

void VirtioPciFunction::notify_config_change() {
  ++config_generation_;
  signal_vector(config_msix_vector_, 2);
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
