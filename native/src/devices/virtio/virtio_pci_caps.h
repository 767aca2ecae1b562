// The virtio PCI capabilities (virtio 1.2 §4.1.4) and the common configuration layout (§4.1.4.3)
// as packed little-endian structs, sizes checked against the spec.
#pragma once
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tshyve::devices::virtio {

// struct virtio_pci_cap (§4.1.4).
struct __attribute__((packed)) VirtioPciCap {
  uint8_t cap_vndr;  // PCI_CAP_ID_VNDR
  uint8_t cap_next;  // filled by PciConfigSpace::add_capability
  uint8_t cap_len;
  uint8_t cfg_type;  // kPciCapCommonCfg..kPciCapPciCfg
  uint8_t bar;
  uint8_t id;
  uint8_t padding[2];
  uint32_t offset;  // inside the BAR
  uint32_t length;
};
static_assert(sizeof(VirtioPciCap) == 16, "§4.1.4 struct virtio_pci_cap");

// struct virtio_pci_notify_cap (§4.1.4.4): queue q's doorbell is at offset + queue_notify_off * multiplier.
struct __attribute__((packed)) VirtioPciNotifyCap {
  VirtioPciCap cap;
  uint32_t notify_off_multiplier;
};
static_assert(sizeof(VirtioPciNotifyCap) == 20, "§4.1.4.4 struct virtio_pci_notify_cap");

// struct virtio_pci_cfg_cap (§4.1.4.9): a window into the BARs through configuration space.
struct __attribute__((packed)) VirtioPciCfgCap {
  VirtioPciCap cap;
  uint8_t pci_cfg_data[4];
};
static_assert(sizeof(VirtioPciCfgCap) == 20, "§4.1.4.9 struct virtio_pci_cfg_cap");

// struct virtio_pci_common_cfg (§4.1.4.3), the register block at the common capability's offset.
struct __attribute__((packed)) VirtioPciCommonCfg {
  uint32_t device_feature_select;
  uint32_t device_feature;
  uint32_t driver_feature_select;
  uint32_t driver_feature;
  uint16_t config_msix_vector;
  uint16_t num_queues;
  uint8_t device_status;
  uint8_t config_generation;
  uint16_t queue_select;
  uint16_t queue_size;
  uint16_t queue_msix_vector;
  uint16_t queue_enable;
  uint16_t queue_notify_off;
  uint64_t queue_desc;
  uint64_t queue_driver;
  uint64_t queue_device;
};
static_assert(sizeof(VirtioPciCommonCfg) == 0x38, "§4.1.4.3 struct virtio_pci_common_cfg");
static_assert(offsetof(VirtioPciCommonCfg, device_status) == 0x14 && offsetof(VirtioPciCommonCfg, queue_desc) == 0x20,
              "§4.1.4.3 field offsets");

// A capability's bytes as PciConfigSpace::add_capability takes them (x86: the structs are little-endian).
template <typename T>
std::vector<uint8_t> cap_bytes(const T& cap) {
  std::vector<uint8_t> b(sizeof(T));
  std::memcpy(b.data(), &cap, sizeof(T));
  return b;
}

}  // namespace tshyve::devices::virtio
