// xHCI 1.2 constants this controller uses: register offsets (§5.3-5.6), TRB layout and types
// (§6.4, Table 6-91), completion codes (Table 6-90), context fields (§6.2), PORTSC bits (§5.4.8).
#pragma once
#include <cstdint>

namespace tshyve::devices::usb::xhci {

// BAR 0 layout chosen here: capabilities, operational at kCapLength, runtime, doorbells, MSI-X.
constexpr uint64_t kBarSize = 0x4000;
constexpr uint32_t kCapLength = 0x40;
constexpr uint32_t kExtCapOffset = 0x20;  // supported protocol capability (§7.2)
constexpr uint32_t kRuntimeOffset = 0x1000;
constexpr uint32_t kDoorbellOffset = 0x2000;
constexpr uint64_t kMsixTable = 0x3000, kMsixPba = 0x3800;
constexpr uint16_t kHciVersion = 0x0110;
constexpr uint8_t kMaxSlots = 8;
constexpr uint8_t kMaxPorts = 1;
constexpr uint8_t kErstMax = 4;  // 2^4 event ring segments

// Operational registers, offsets from kCapLength.
namespace op {
constexpr uint32_t kUsbCmd = 0x00, kUsbSts = 0x04, kPageSize = 0x08, kDnCtrl = 0x14, kCrcrLo = 0x18, kCrcrHi = 0x1c, kDcbaapLo = 0x30,
                   kDcbaapHi = 0x34, kConfig = 0x38, kPorts = 0x400, kPortStride = 0x10;
}
namespace cmd {
constexpr uint32_t kRun = 1u << 0, kReset = 1u << 1, kIntEnable = 1u << 2, kHsee = 1u << 3, kWritable = 0x3f0d;
}
namespace sts {
constexpr uint32_t kHalted = 1u << 0, kHostSystemError = 1u << 2, kEventInt = 1u << 3, kPortChange = 1u << 4, kSaveRestoreError = 1u << 10,
                   kHostControllerError = 1u << 12;
constexpr uint32_t kW1c = kHostSystemError | kEventInt | kPortChange | kSaveRestoreError;
}  // namespace sts
namespace crcr {
constexpr uint64_t kRcs = 1, kCs = 2, kCa = 4, kCrr = 8, kPointerMask = ~uint64_t{0x3f};
}
namespace portsc {
constexpr uint32_t kCcs = 1u << 0, kPed = 1u << 1, kPr = 1u << 4, kPlsShift = 5, kPlsMask = 0xfu << 5, kPp = 1u << 9, kSpeedShift = 10,
                   kLws = 1u << 16, kCsc = 1u << 17, kPec = 1u << 18, kWrc = 1u << 19, kOcc = 1u << 20, kPrc = 1u << 21, kPlc = 1u << 22,
                   kCec = 1u << 23, kWakeBits = 7u << 25;
constexpr uint32_t kChangeBits = kCsc | kPec | kWrc | kOcc | kPrc | kPlc | kCec;
constexpr uint32_t kPlsU0 = 0, kPlsU3 = 3, kPlsPolling = 7, kPlsResume = 15;
constexpr uint32_t kSpeedHigh = 3;
}  // namespace portsc

// Runtime registers: MFINDEX at 0, interrupter n at 0x20 + 0x20 n.
namespace rt {
constexpr uint32_t kMfindex = 0x00, kIr0 = 0x20, kIman = 0x00, kImod = 0x04, kErstsz = 0x08, kErstbaLo = 0x10, kErstbaHi = 0x14,
                   kErdpLo = 0x18, kErdpHi = 0x1c;
constexpr uint32_t kImanIp = 1, kImanIe = 2;
constexpr uint64_t kErdpBusy = 8;  // EHB, RW1C
}  // namespace rt

// TRB (§4.11): 64-bit parameter, 32-bit status, 32-bit control (cycle bit 0, type bits 15:10).
struct Trb {
  uint64_t parameter = 0;
  uint32_t status = 0;
  uint32_t control = 0;
  uint8_t type() const { return static_cast<uint8_t>((control >> 10) & 0x3f); }
  bool cycle() const { return control & 1; }
  uint8_t slot() const { return static_cast<uint8_t>(control >> 24); }
  uint8_t endpoint() const { return static_cast<uint8_t>((control >> 16) & 0x1f); }
};
constexpr uint64_t kTrbSize = 16;

namespace trb {
constexpr uint8_t kNormal = 1, kSetup = 2, kData = 3, kStatus = 4, kIsoch = 5, kLink = 6, kEventData = 7, kNoOp = 8, kEnableSlot = 9,
                  kDisableSlot = 10, kAddressDevice = 11, kConfigureEndpoint = 12, kEvaluateContext = 13, kResetEndpoint = 14,
                  kStopEndpoint = 15, kSetTrDequeue = 16, kResetDevice = 17, kNoOpCommand = 23, kTransferEvent = 32,
                  kCommandCompletion = 33, kPortStatusChange = 34;
// Control-field flags.
constexpr uint32_t kToggleCycle = 1u << 1;  // link TRB
constexpr uint32_t kIsp = 1u << 2, kChain = 1u << 4, kIoc = 1u << 5, kIdt = 1u << 6;
constexpr uint32_t kBsr = 1u << 9, kDeconfigure = 1u << 9;  // Address Device / Configure Endpoint
constexpr uint32_t kDirIn = 1u << 16;                       // data / status stage
constexpr uint32_t kEventDataFlag = 1u << 2;                // transfer event ED
}  // namespace trb

namespace cc {
constexpr uint8_t kSuccess = 1, kDataBuffer = 2, kTransaction = 4, kTrbError = 5, kStall = 6, kNoSlots = 9, kSlotNotEnabled = 11,
                  kEndpointNotEnabled = 12, kShortPacket = 13, kParameter = 17, kContextState = 19, kCommandRingStopped = 24,
                  kCommandAborted = 25;
}

// 32-byte contexts (HCCPARAMS1.CSZ = 0). Slot states and endpoint states/types (§6.2.2, §6.2.3).
constexpr uint32_t kContextSize = 32;
constexpr uint8_t kSlotDisabled = 0, kSlotDefault = 1, kSlotAddressed = 2, kSlotConfigured = 3;
constexpr uint8_t kEpDisabled = 0, kEpRunning = 1, kEpHalted = 2, kEpStopped = 3, kEpError = 4;
constexpr uint8_t kEpTypeControl = 4, kEpTypeInterruptIn = 7;
constexpr uint8_t kMaxEndpoints = 31;  // device context indices 1..31

}  // namespace tshyve::devices::usb::xhci
