// The common configuration register block of a virtio PCI function (virtio 1.2 §4.1.4.3, layout
// VirtioPciCommonCfg): feature windows, queue selection and per-queue registers, device status.
#pragma once
#include <cstdint>
#include <vector>

#include "devices/virtio/virtio_device_status.h"
#include "devices/virtio/virtqueue.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices::virtio {

// What the transport does for writes with effects beyond the registers (device lock held).
class CommonConfigEffects {
 public:
  virtual ~CommonConfigEffects() = default;
  // A device_status write, decided by next_status(); the new status is already stored (0 for a reset).
  virtual void status_written(const StatusOutcome& outcome) = 0;
  // queue_enable went from 0 to 1 for queue `q`.
  virtual void queue_enabled(uint16_t q) = 0;
};

class CommonConfig {
 public:
  // `offered` is every feature bit the function offers; `vectors` the MSI-X table size.
  CommonConfig(uint64_t offered, uint16_t num_queues, uint16_t max_queue_size, uint16_t vectors);

  // Driver accesses at `offset` inside the block, any width; bytes outside every field read 0 and
  // ignore writes; read-only fields ignore writes. Device lock held.
  void read(uint64_t offset, uint8_t* data, uint32_t size) const;
  void write(uint64_t offset, const uint8_t* data, uint32_t size, CommonConfigEffects& effects);

  // Back to the reset values (§2.4): features, selectors, status, vectors and queue registers;
  // config_generation moves on so a driver rereading the configuration notices.
  void reset();
  uint8_t status() const { return status_; }
  void set_status(uint8_t s) { status_ = s; }
  uint64_t driver_features() const { return driver_features_; }
  uint64_t offered_features() const { return offered_; }
  uint16_t config_msix_vector() const { return config_msix_vector_; }
  void bump_generation() { ++config_generation_; }
  uint8_t generation() const { return config_generation_; }
  // Snapshot: every register the driver wrote, and the generation. restore_state() takes them only
  // when all are in range for this block (queue count and sizes, vectors); false leaves it unchanged.
  void save_state(vmm::StateWriter& w) const;
  bool restore_state(vmm::StateReader& r);
  std::vector<QueueConfig>& queues() { return queues_; }
  const std::vector<QueueConfig>& queues() const { return queues_; }

 private:
  uint64_t field(uint32_t offset) const;
  void set_field(uint32_t offset, uint64_t value, CommonConfigEffects& effects);

  const uint64_t offered_;
  const uint16_t max_queue_size_, vectors_;
  uint32_t device_feature_select_ = 0, driver_feature_select_ = 0;
  uint64_t driver_features_ = 0;
  uint8_t status_ = 0;
  uint8_t config_generation_ = 0;
  uint16_t queue_select_ = 0;
  uint16_t config_msix_vector_;
  std::vector<QueueConfig> queues_;
};

}  // namespace tshyve::devices::virtio
