// An e1000 NIC on a host tap (Linux tuntap.rst, vnet header of 10 zero bytes both ways: the
// device does its own checksums and segmentation): the 82545EM PCI function, the tap read on the
// VM's event loop, an eventfd that retries a held frame once the guest posts receive descriptors,
// and a timerfd (timerfd_create(2)) for interrupt throttling and the interrupt delay timers.
#pragma once
#include <atomic>
#include <memory>
#include <vector>

#include "devices/backends/tap.h"
#include "devices/net/e1000.h"
#include "devices/net/e1000_config.h"
#include "vmm/event_loop.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices::net {

class E1000Nic {
 public:
  // Setup thread. Throws backends::TapError, or std::runtime_error if fds cannot be made.
  E1000Nic(const E1000Config& config, vmm::GuestMemoryView& memory, std::shared_ptr<vmm::InterruptLine> intx, vmm::MsiRouter* router);
  ~E1000Nic();
  std::shared_ptr<E1000Function> function() const { return fn_; }
  void attach(vmm::EventLoop& loop);  // setup thread
  void shutdown();                    // after the loop stopped or from the setup thread
  const E1000Config& config() const { return config_; }

 private:
  static constexpr size_t kVnetHdr = 10;            // struct virtio_net_hdr
  bool transmit(const uint8_t* frame, size_t len);  // vCPU thread
  void pump_rx();                                   // event-loop thread
  E1000Config config_;
  backends::Tap tap_;
  vmm::UniqueFd rx_retry_, throttle_timer_;
  // The throttle timer is armed on the event loop (timerfd_settime is not on the vCPU threads'
  // seccomp allow-list): arm_timer stores the deadline and signals this eventfd.
  vmm::UniqueFd throttle_arm_;
  std::atomic<uint64_t> throttle_deadline_ns_{0};
  std::shared_ptr<E1000Function> fn_;
  std::vector<uint8_t> rx_buf_;  // vnet header + one frame (event-loop thread)
  size_t pending_ = 0;           // a held frame's length in rx_buf_ (after the header), 0: none
  vmm::EventLoop* loop_ = nullptr;
};

}  // namespace tshyve::devices::net
