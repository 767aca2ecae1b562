// Register layout and bit definitions of an AHCI 1.3.1 HBA (Serial ATA AHCI 1.3.1 §3 registers,
// §4 system memory structures) and the SATA FIS types it exchanges (SATA 3.x §10.5).
#pragma once
#include <cstdint>

namespace tshyve::devices::storage::ahci {

// §3.1 generic host control (offsets inside ABAR).
constexpr uint32_t kCap = 0x00, kGhc = 0x04, kIs = 0x08, kPi = 0x0c, kVs = 0x10, kCccCtl = 0x14, kCccPorts = 0x18, kEmLoc = 0x1c,
                   kEmCtl = 0x20, kCap2 = 0x24, kBohc = 0x28;
constexpr uint32_t kCapS64a = 1u << 31, kCapSncq = 1u << 30, kCapSclo = 1u << 24, kCapSam = 1u << 18, kCapIssGen3 = 3u << 20,
                   kCapNcsShift = 8;
constexpr uint32_t kGhcHr = 1u << 0, kGhcIe = 1u << 1, kGhcAe = 1u << 31;
constexpr uint32_t kVersion = 0x00010301;  // AHCI 1.3.1

// §3.3 port registers: 0x100 + port * 0x80.
constexpr uint32_t kPortBase = 0x100, kPortStride = 0x80, kMaxPorts = 32;
constexpr uint32_t kPxClb = 0x00, kPxClbu = 0x04, kPxFb = 0x08, kPxFbu = 0x0c, kPxIs = 0x10, kPxIe = 0x14, kPxCmd = 0x18, kPxTfd = 0x20,
                   kPxSig = 0x24, kPxSsts = 0x28, kPxSctl = 0x2c, kPxSerr = 0x30, kPxSact = 0x34, kPxCi = 0x38, kPxSntf = 0x3c,
                   kPxFbs = 0x40, kPxDevslp = 0x44;
// PxIS / PxIE bits (§3.3.5).
constexpr uint32_t kIsDhrs = 1u << 0, kIsPss = 1u << 1, kIsDss = 1u << 2, kIsSdbs = 1u << 3, kIsDps = 1u << 5, kIsOfs = 1u << 24,
                   kIsIfs = 1u << 27, kIsHbds = 1u << 28, kIsHbfs = 1u << 29, kIsTfes = 1u << 30;
constexpr uint32_t kIeValid = 0xfdc000ff;
// PxCMD bits (§3.3.7).
constexpr uint32_t kCmdSt = 1u << 0, kCmdSud = 1u << 1, kCmdPod = 1u << 2, kCmdClo = 1u << 3, kCmdFre = 1u << 4, kCmdCcsShift = 8,
                   kCmdFr = 1u << 14, kCmdCr = 1u << 15, kCmdAtapi = 1u << 24;
constexpr uint32_t kCmdWritable = kCmdSt | kCmdClo | kCmdFre | kCmdAtapi | (7u << 25);  // + DLAE, ALPE, ASP
// PxSSTS (§3.3.10): device present and communication established, Gen3 speed, interface active.
constexpr uint32_t kSstsPresent = 0x133;
constexpr uint32_t kSctlDetMask = 0xf, kSctlDetReset = 1;

// §4.2.1 received FIS area offsets (256 bytes, 256-byte aligned).
constexpr uint32_t kRfisDsfis = 0x00, kRfisPsfis = 0x20, kRfisRfis = 0x40, kRfisSdbfis = 0x58;
// §4.2.2 command header (32 bytes per slot, list 1 KiB aligned) DW0 fields.
constexpr uint32_t kHeaderBytes = 32, kHeaderCflMask = 0x1f, kHeaderAtapi = 1u << 5, kHeaderWrite = 1u << 6;
// §4.2.3 command table: CFIS at 0, ACMD at 0x40, PRDT at 0x80 (16 bytes per entry).
constexpr uint32_t kTableCfis = 0x00, kTableAcmd = 0x40, kTablePrdt = 0x80, kPrdBytes = 16;
constexpr uint32_t kPrdDbcMask = 0x3fffff, kPrdInterrupt = 1u << 31;

// FIS types (SATA 3.x §10.5).
constexpr uint8_t kFisRegH2d = 0x27, kFisRegD2h = 0x34, kFisPioSetup = 0x5f, kFisSetDeviceBits = 0xa1;
constexpr uint8_t kFisCommandBit = 0x80;    // byte 1 of a Register H2D FIS: 1 command, 0 device control
constexpr uint8_t kFisInterruptBit = 0x40;  // byte 1 of a D2H / Set Device Bits FIS: I
constexpr uint32_t kSdbFisBytes = 8;        // Set Device Bits FIS (SATA 3.x §10.5.7), SActive in bytes 4-7
constexpr uint8_t kControlSrst = 0x04;

// Device signatures (PxSIG, ATA8-ACS §9.12): LBA high/mid/low and sector count after reset.
constexpr uint32_t kSignatureAta = 0x00000101, kSignatureAtapi = 0xeb140101;

// ABAR: 0x100 + 32 ports x 0x80 = 0x1100, a power of two above.
constexpr uint64_t kAbarSize = 0x2000;
constexpr int kAbarBar = 5;

}  // namespace tshyve::devices::storage::ahci
