// A device that may serve guest requests outside its lock (virtio-blk, AHCI NCQ, NVMe I/O on the
// shared block-request pool): a VM snapshot takes its lock and waits until none is in flight before
// it saves the device and guest RAM (docs/vm-snapshots.md, machine/snapshot_vm.cc).
#pragma once
#include <cstdint>
#include <mutex>

namespace tshyve::vmm {

class SnapshotQuiesce {
 public:
  virtual ~SnapshotQuiesce() = default;
  // The lock the device's save_state expects its caller to hold.
  virtual std::mutex& snapshot_lock() = 0;
  // snapshot_lock() held: requests taken from the guest and not yet completed to it.
  virtual uint32_t requests_in_flight() const = 0;
};

}  // namespace tshyve::vmm
