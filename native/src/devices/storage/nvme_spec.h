// NVM Express Base Specification 1.4 constants: controller registers (§3.1), queue entries (§4.2,
// §4.6), admin and NVM command opcodes (§5, NVM Command Set §6), status codes (§4.6.1.2).
#pragma once
#include <cstdint>

namespace tshyve::devices::storage::nvme {

// §3.1 controller registers (offsets into BAR 0).
namespace reg {
constexpr uint32_t kCap = 0x00, kVs = 0x08, kIntms = 0x0c, kIntmc = 0x10, kCc = 0x14, kCsts = 0x1c, kNssr = 0x20, kAqa = 0x24, kAsq = 0x28,
                   kAcq = 0x30;
constexpr uint32_t kDoorbells = 0x1000;
}  // namespace reg

constexpr uint32_t kVersion14 = 0x00010400;
constexpr uint32_t kCcEnable = 1u << 0;
constexpr uint32_t kCstsReady = 1u << 0, kCstsFatal = 1u << 1;
constexpr uint32_t kCstsShutdownComplete = 2u << 2;
constexpr uint64_t kPageSize = 4096;  // CAP.MPSMIN = CAP.MPSMAX = 0
constexpr uint32_t kSqEntrySize = 64, kCqEntrySize = 16;
constexpr uint32_t kSqEntryLog = 6, kCqEntryLog = 4;

// CC fields.
inline uint32_t cc_css(uint32_t cc) { return (cc >> 4) & 7; }
inline uint32_t cc_mps(uint32_t cc) { return (cc >> 7) & 0xf; }
inline uint32_t cc_shn(uint32_t cc) { return (cc >> 14) & 3; }
inline uint32_t cc_iosqes(uint32_t cc) { return (cc >> 16) & 0xf; }
inline uint32_t cc_iocqes(uint32_t cc) { return (cc >> 20) & 0xf; }

// §4.2 submission queue entry (64 bytes), the fields this controller reads.
struct Command {
  uint8_t opcode;
  uint8_t flags;  // FUSE 1:0, PSDT 7:6 (0: PRPs)
  uint16_t cid;
  uint32_t nsid;
  uint64_t reserved;
  uint64_t mptr;
  uint64_t prp1, prp2;
  uint32_t cdw10, cdw11, cdw12, cdw13, cdw14, cdw15;
};
static_assert(sizeof(Command) == kSqEntrySize);

// §4.6 completion queue entry (16 bytes).
struct Completion {
  uint32_t dw0;
  uint32_t dw1;
  uint16_t sq_head;
  uint16_t sq_id;
  uint16_t cid;
  uint16_t status;  // bit 0: phase tag; 15:1 status field
};
static_assert(sizeof(Completion) == kCqEntrySize);

// §5 admin opcodes.
namespace admin {
constexpr uint8_t kDeleteSq = 0x00, kCreateSq = 0x01, kGetLogPage = 0x02, kDeleteCq = 0x04, kCreateCq = 0x05, kIdentify = 0x06,
                  kAbort = 0x08, kSetFeatures = 0x09, kGetFeatures = 0x0a, kAsyncEvent = 0x0c;
}
// NVM Command Set §6 I/O opcodes.
namespace io {
constexpr uint8_t kFlush = 0x00, kWrite = 0x01, kRead = 0x02, kWriteZeroes = 0x08, kDatasetManagement = 0x09;
}
// §5.15 Identify CNS values.
namespace cns {
constexpr uint8_t kNamespace = 0x00, kController = 0x01, kActiveNamespaces = 0x02, kNamespaceDescriptors = 0x03;
}
// §5.21.1 feature identifiers this controller keeps.
namespace feature {
constexpr uint8_t kArbitration = 0x01, kPowerManagement = 0x02, kTemperatureThreshold = 0x04, kErrorRecovery = 0x05,
                  kVolatileWriteCache = 0x06, kNumberOfQueues = 0x07, kInterruptCoalescing = 0x08, kInterruptVectorConfig = 0x09,
                  kWriteAtomicity = 0x0a, kAsyncEventConfig = 0x0b;
constexpr uint8_t kLast = kAsyncEventConfig;
}  // namespace feature

// §4.6.1.2 status: (SCT << 8) | SC; the completion carries it shifted left by 1 with DNR at bit 15.
namespace status {
constexpr uint16_t kSuccess = 0x000, kInvalidOpcode = 0x001, kInvalidField = 0x002, kDataTransferError = 0x004, kInternalError = 0x006,
                   kAbortRequested = 0x007, kInvalidNamespace = 0x00b, kInvalidPrpOffset = 0x013, kLbaOutOfRange = 0x080;
// Command specific (SCT 1).
constexpr uint16_t kInvalidCompletionQueue = 0x100, kInvalidQueueId = 0x101, kInvalidQueueSize = 0x102, kAsyncEventLimit = 0x105,
                   kInvalidVector = 0x108, kInvalidQueueDeletion = 0x10c, kReadOnlyRange = 0x182;
// Media and data integrity errors (SCT 2).
constexpr uint16_t kWriteFault = 0x280, kUnrecoveredReadError = 0x281;
constexpr uint16_t kDoNotRetry = 1u << 14;  // DNR, in the 15-bit status field
}  // namespace status

}  // namespace tshyve::devices::storage::nvme
