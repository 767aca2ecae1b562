// ATA/ATAPI command set constants (ATA8-ACS / ACS-3 opcodes, status and error bits) and the SCSI
// MMC/SPC ones the ATAPI CD-ROM answers (MMC-6, SPC-4 opcodes, sense keys and codes).
#pragma once
#include <cstdint>

namespace tshyve::devices::storage::ata {

// Status register (ACS-3 §6.2.11) and error register (§6.2.4) bits.
constexpr uint8_t kStatusErr = 0x01, kStatusDrq = 0x08, kStatusDsc = 0x10, kStatusDf = 0x20, kStatusDrdy = 0x40, kStatusBsy = 0x80;
constexpr uint8_t kErrorAbrt = 0x04, kErrorIdnf = 0x10, kErrorUnc = 0x40;

// Opcodes.
constexpr uint8_t kNop = 0x00, kDataSetManagement = 0x06, kDeviceReset = 0x08, kReadSectors = 0x20, kReadSectorsExt = 0x24,
                  kReadDmaExt = 0x25, kReadLogExt = 0x2f, kWriteSectors = 0x30, kWriteSectorsExt = 0x34, kWriteDmaExt = 0x35,
                  kReadVerify = 0x40, kReadVerifyExt = 0x42, kReadFpdmaQueued = 0x60, kWriteFpdmaQueued = 0x61, kSeek = 0x70,
                  kExecuteDiagnostic = 0x90, kInitializeParameters = 0x91, kPacket = 0xa0, kIdentifyPacket = 0xa1, kSmart = 0xb0,
                  kReadMultiple = 0xc4, kWriteMultiple = 0xc5, kSetMultiple = 0xc6, kReadDma = 0xc8, kWriteDma = 0xca,
                  kStandbyImmediate = 0xe0, kIdleImmediate = 0xe1, kStandby = 0xe2, kIdle = 0xe3, kCheckPowerMode = 0xe5, kSleep = 0xe6,
                  kFlushCache = 0xe7, kFlushCacheExt = 0xea, kIdentify = 0xec, kSetFeatures = 0xef, kSecurityFreezeLock = 0xf5,
                  kReadNativeMaxAddress = 0xf8;
constexpr uint8_t kDsmTrim = 0x01;
// General purpose logs (ACS-3 §A.1): the directory and the NCQ command error log (SATA 3.x §13.7.4).
constexpr uint8_t kLogDirectory = 0x00, kLogNcqError = 0x10;
constexpr uint32_t kNcqDepth = 32;  // tags 0-31, one per AHCI command slot
constexpr uint8_t kDeviceLba = 0x40;

}  // namespace tshyve::devices::storage::ata

namespace tshyve::devices::storage::scsi {

constexpr uint8_t kTestUnitReady = 0x00, kRequestSense = 0x03, kInquiry = 0x12, kModeSelect6 = 0x15, kModeSense6 = 0x1a,
                  kStartStopUnit = 0x1b, kPreventAllow = 0x1e, kReadCapacity10 = 0x25, kRead10 = 0x28, kSeek10 = 0x2b,
                  kReadSubchannel = 0x42, kReadToc = 0x43, kGetConfiguration = 0x46, kGetEventStatus = 0x4a, kReadDiscInformation = 0x51,
                  kModeSelect10 = 0x55, kModeSense10 = 0x5a, kRead12 = 0xa8, kGetPerformance = 0xac, kSetCdSpeed = 0xbb,
                  kMechanismStatus = 0xbd, kReadCd = 0xbe;
constexpr uint8_t kStatusGood = 0x00;
// Sense keys (SPC-4 §4.5.6).
constexpr uint8_t kSenseNone = 0x0, kSenseNotReady = 0x2, kSenseMediumError = 0x3, kSenseIllegalRequest = 0x5, kSenseUnitAttention = 0x6;
// Additional sense codes (ASC, ASCQ).
constexpr uint16_t kAscInvalidOpcode = 0x2000, kAscLbaOutOfRange = 0x2100, kAscInvalidField = 0x2400, kAscMediumChanged = 0x2800,
                   kAscMediumNotPresent = 0x3a00, kAscRemovalPrevented = 0x5302, kAscSavingNotSupported = 0x3900;
constexpr uint32_t kCdBlock = 2048;

}  // namespace tshyve::devices::storage::scsi
