// Constants of the virtio 1.2 specification (OASIS): device status (§2.1), feature bits (§6),
// split-virtqueue layout (§2.7), virtio-pci capabilities (§4.1.4) and the device IDs (§5).
#pragma once
#include <cstdint>

namespace tshyve::devices::virtio {

// §2.1 Device Status Field.
constexpr uint8_t kStatusAcknowledge = 1;
constexpr uint8_t kStatusDriver = 2;
constexpr uint8_t kStatusDriverOk = 4;
constexpr uint8_t kStatusFeaturesOk = 8;
constexpr uint8_t kStatusNeedsReset = 64;
constexpr uint8_t kStatusFailed = 128;

// §6 Reserved feature bits.
constexpr uint32_t kFeatureIndirectDesc = 28;  // VIRTIO_F_INDIRECT_DESC
constexpr uint32_t kFeatureEventIdx = 29;      // VIRTIO_F_EVENT_IDX
constexpr uint32_t kFeatureVersion1 = 32;      // VIRTIO_F_VERSION_1
constexpr uint32_t kFeatureAccessPlatform = 33;
constexpr uint64_t bit(uint32_t n) { return 1ull << n; }

// §2.7.5 / §2.7.6 / §2.7.8 split virtqueue.
constexpr uint16_t kDescFlagNext = 1;          // VIRTQ_DESC_F_NEXT
constexpr uint16_t kDescFlagWrite = 2;         // VIRTQ_DESC_F_WRITE
constexpr uint16_t kDescFlagIndirect = 4;      // VIRTQ_DESC_F_INDIRECT
constexpr uint16_t kAvailFlagNoInterrupt = 1;  // VIRTQ_AVAIL_F_NO_INTERRUPT
constexpr uint16_t kUsedFlagNoNotify = 1;      // VIRTQ_USED_F_NO_NOTIFY
constexpr uint32_t kDescSize = 16;
constexpr uint32_t kUsedElemSize = 8;
constexpr uint16_t kMaxQueueSize = 32768;  // §2.7: Queue Size is at most 32768

// §4.1.4 virtio structure PCI capabilities (cfg_type).
constexpr uint8_t kPciCapCommonCfg = 1;
constexpr uint8_t kPciCapNotifyCfg = 2;
constexpr uint8_t kPciCapIsrCfg = 3;
constexpr uint8_t kPciCapDeviceCfg = 4;
constexpr uint8_t kPciCapPciCfg = 5;
constexpr uint8_t kPciCapIdVendor = 0x09;  // PCI vendor-specific capability
constexpr uint8_t kPciCapIdMsix = 0x11;    // PCI 3.0 §6.8.2 MSI-X
constexpr uint16_t kMsiNoVector = 0xffff;  // VIRTIO_MSI_NO_VECTOR
constexpr uint16_t kPciVendorRedHat = 0x1af4;
constexpr uint16_t kPciDeviceModernBase = 0x1040;  // §4.1.2.1: 0x1040 + device ID

// §5 device IDs.
constexpr uint32_t kDeviceNet = 1;
constexpr uint32_t kDeviceBlock = 2;
constexpr uint32_t kDeviceConsole = 3;
constexpr uint32_t kDeviceEntropy = 4;

}  // namespace tshyve::devices::virtio
