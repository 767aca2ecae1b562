// virtio 1.2 §4.1.4.3 common configuration: field decoding for any access width, the feature
// windows (§2.2), queue registers frozen once a queue is enabled (§4.1.4.3.2), status via next_status().
#include "devices/virtio/virtio_common_config.h"

#include <algorithm>
#include <cstddef>

#include "devices/virtio/virtio_pci_caps.h"
#include "devices/virtio/virtio_spec.h"

namespace tshyve::devices::virtio {

namespace {
#define FIELD(name) \
  { offsetof(VirtioPciCommonCfg, name), sizeof(VirtioPciCommonCfg::name) }
struct Field {
  uint32_t offset, size;
};
constexpr Field kFields[] = {FIELD(device_feature_select), FIELD(device_feature), FIELD(driver_feature_select), FIELD(driver_feature),
                             FIELD(config_msix_vector),    FIELD(num_queues),     FIELD(device_status),         FIELD(config_generation),
                             FIELD(queue_select),          FIELD(queue_size),     FIELD(queue_msix_vector),     FIELD(queue_enable),
                             FIELD(queue_notify_off),      FIELD(queue_desc),     FIELD(queue_driver),          FIELD(queue_device)};
#undef FIELD
constexpr uint32_t at(size_t f) { return kFields[f].offset; }
enum : size_t {
  kDeviceFeatureSelect,
  kDeviceFeature,
  kDriverFeatureSelect,
  kDriverFeature,
  kConfigMsixVector,
  kNumQueues,
  kDeviceStatus,
  kConfigGeneration,
  kQueueSelect,
  kQueueSize,
  kQueueMsixVector,
  kQueueEnable,
  kQueueNotifyOff,
  kQueueDesc,
  kQueueDriver,
  kQueueDevice
};
bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen) { return a < b + blen && b < a + alen; }
}  // namespace

CommonConfig::CommonConfig(uint64_t offered, uint16_t num_queues, uint16_t max_queue_size, uint16_t vectors)
    : offered_(offered), max_queue_size_(max_queue_size), vectors_(vectors), config_msix_vector_(kMsiNoVector) {
  queues_.assign(num_queues, QueueConfig{max_queue_size});
}

void CommonConfig::reset() {
  for (auto& c : queues_) c = QueueConfig{max_queue_size_};
  device_feature_select_ = driver_feature_select_ = 0;
  driver_features_ = 0;
  status_ = 0;
  queue_select_ = 0;
  config_msix_vector_ = kMsiNoVector;
  ++config_generation_;
}

uint64_t CommonConfig::field(uint32_t f) const {
  const QueueConfig* q = queue_select_ < queues_.size() ? &queues_[queue_select_] : nullptr;
  if (f == at(kDeviceFeatureSelect)) return device_feature_select_;
  if (f == at(kDeviceFeature)) return device_feature_select_ < 2 ? (offered_ >> (32 * device_feature_select_)) & 0xffffffffu : 0;
  if (f == at(kDriverFeatureSelect)) return driver_feature_select_;
  if (f == at(kDriverFeature)) return driver_feature_select_ < 2 ? (driver_features_ >> (32 * driver_feature_select_)) & 0xffffffffu : 0;
  if (f == at(kConfigMsixVector)) return config_msix_vector_;
  if (f == at(kNumQueues)) return queues_.size();
  if (f == at(kDeviceStatus)) return status_;
  if (f == at(kConfigGeneration)) return config_generation_;
  if (f == at(kQueueSelect)) return queue_select_;
  if (f == at(kQueueSize)) return q ? q->size : 0;
  if (f == at(kQueueMsixVector)) return q ? q->msix_vector : kMsiNoVector;
  if (f == at(kQueueEnable)) return q ? q->ready : 0;
  if (f == at(kQueueNotifyOff)) return queue_select_;
  if (f == at(kQueueDesc)) return q ? q->desc : 0;
  if (f == at(kQueueDriver)) return q ? q->avail : 0;
  if (f == at(kQueueDevice)) return q ? q->used : 0;
  return 0;
}

void CommonConfig::set_field(uint32_t f, uint64_t v, CommonConfigEffects& effects) {
  QueueConfig* q = queue_select_ < queues_.size() ? &queues_[queue_select_] : nullptr;
  // §4.1.4.3.2: queue configuration may not change once the queue is enabled.
  const bool q_locked = q && q->ready;
  if (f == at(kDeviceFeatureSelect)) {
    device_feature_select_ = static_cast<uint32_t>(v);
  } else if (f == at(kDriverFeatureSelect)) {
    driver_feature_select_ = static_cast<uint32_t>(v);
  } else if (f == at(kDriverFeature)) {
    // §3.1.1 step 4: features are accepted before FEATURES_OK; later writes are ignored.
    if (driver_feature_select_ < 2 && !(status_ & kStatusFeaturesOk)) {
      const uint32_t sh = 32 * driver_feature_select_;
      driver_features_ = (driver_features_ & ~(0xffffffffull << sh)) | ((v & 0xffffffffull) << sh);
    }
  } else if (f == at(kConfigMsixVector)) {
    config_msix_vector_ = v < vectors_ ? static_cast<uint16_t>(v) : kMsiNoVector;
  } else if (f == at(kDeviceStatus)) {
    const bool acceptable = !(driver_features_ & ~offered_) && (driver_features_ & bit(kFeatureVersion1));
    const StatusOutcome out = next_status({status_, static_cast<uint8_t>(v), acceptable});
    status_ = out.status;
    effects.status_written(out);
  } else if (f == at(kQueueSelect)) {
    queue_select_ = static_cast<uint16_t>(v);
  } else if (f == at(kQueueSize)) {
    if (q && !q_locked) q->size = static_cast<uint16_t>(std::min<uint64_t>(v, max_queue_size_));
  } else if (f == at(kQueueMsixVector)) {
    if (q) q->msix_vector = v < vectors_ ? static_cast<uint16_t>(v) : kMsiNoVector;
  } else if (f == at(kQueueEnable)) {
    // §4.1.4.3.2: the driver writes 1 to enable; 0 is not a way to disable (only a reset is).
    if (q && v == 1 && !q->ready) {
      q->ready = true;
      effects.queue_enabled(queue_select_);
    }
  } else if (f == at(kQueueDesc)) {
    if (q && !q_locked) q->desc = v;
  } else if (f == at(kQueueDriver)) {
    if (q && !q_locked) q->avail = v;
  } else if (f == at(kQueueDevice)) {
    if (q && !q_locked) q->used = v;
  }  // num_queues, config_generation, queue_notify_off: read-only
}

void CommonConfig::read(uint64_t off, uint8_t* data, uint32_t size) const {
  for (const auto& f : kFields) {
    if (!overlaps(off, size, f.offset, f.size)) continue;
    const uint64_t v = field(f.offset);
    for (uint32_t i = 0; i < f.size; ++i) {
      const int64_t pos = static_cast<int64_t>(f.offset + i) - static_cast<int64_t>(off);
      if (pos >= 0 && pos < size) data[pos] = static_cast<uint8_t>(v >> (8 * i));
    }
  }
}

void CommonConfig::write(uint64_t off, const uint8_t* data, uint32_t size, CommonConfigEffects& effects) {
  for (const auto& f : kFields) {
    if (!overlaps(off, size, f.offset, f.size)) continue;
    uint64_t v = field(f.offset);
    for (uint32_t i = 0; i < f.size; ++i) {
      const int64_t pos = static_cast<int64_t>(f.offset + i) - static_cast<int64_t>(off);
      if (pos >= 0 && pos < size) v = (v & ~(0xffull << (8 * i))) | (static_cast<uint64_t>(data[pos]) << (8 * i));
    }
    set_field(f.offset, v, effects);
  }
}

void CommonConfig::save_state(vmm::StateWriter& w) const {
  w.u32(device_feature_select_);
  w.u32(driver_feature_select_);
  w.u64(driver_features_);
  w.u8(status_);
  w.u8(config_generation_);
  w.u16(queue_select_);
  w.u16(config_msix_vector_);
  w.u16(static_cast<uint16_t>(queues_.size()));
  for (const auto& q : queues_) {
    w.u16(q.size);
    w.boolean(q.ready);
    w.u64(q.desc);
    w.u64(q.avail);
    w.u64(q.used);
    w.u16(q.msix_vector);
  }
}

bool CommonConfig::restore_state(vmm::StateReader& r) {
  auto vector_ok = [this](uint16_t v) { return v < vectors_ || v == kMsiNoVector; };
  const uint32_t dev_sel = r.u32(), drv_sel = r.u32();
  const uint64_t drv_features = r.u64();
  const uint8_t status = r.u8(), generation = r.u8();
  const uint16_t select = r.u16(), config_vector = r.u16(), count = r.u16();
  if (!r.ok() || count != queues_.size() || !vector_ok(config_vector)) return false;
  std::vector<QueueConfig> qs(count);
  for (auto& q : qs) {
    q.size = r.u16();
    q.ready = r.boolean();
    q.desc = r.u64();
    q.avail = r.u64();
    q.used = r.u64();
    q.msix_vector = r.u16();
    if (!r.ok() || q.size > max_queue_size_ || !vector_ok(q.msix_vector)) return false;
  }
  device_feature_select_ = dev_sel;
  driver_feature_select_ = drv_sel;
  driver_features_ = drv_features;
  status_ = status;
  config_generation_ = generation;
  queue_select_ = select;
  config_msix_vector_ = config_vector;
  queues_ = std::move(qs);
  return true;
}

}  // namespace tshyve::devices::virtio
