// Register offsets and bits of the Intel 82545EM (PCI 8086:100F) as the "PCI/PCI-X Family of Gigabit
// Ethernet Controllers Software Developer's Manual" (8254x SDM, rev 4.0) §13 names them.
#pragma once
#include <cstdint>

namespace tshyve::devices::net::e1000 {

// PCI identity (SDM §5.1; the subsystem as bhyve's pci_e82545.c reports it).
constexpr uint16_t kVendorIntel = 0x8086, kDevice82545EM = 0x100f, kSubsystem = 0x1008;
constexpr uint8_t kRevision = 0;
constexpr uint32_t kClassEthernet = 0x020000;
constexpr uint64_t kBarSize = 128 * 1024;  // BAR 0: memory-mapped registers (SDM §4.1)
// BAR 2: the I/O window onto the same registers (SDM §4.1.1: IOADDR at 0, IODATA at 4), where bhyve has it.
constexpr int kIoBar = 2;
constexpr uint64_t kIoBarSize = 8;
constexpr uint32_t kIoAddr = 0, kIoData = 4;

// §13.3 register offsets.
namespace reg {
constexpr uint32_t kCtrl = 0x0000, kStatus = 0x0008, kEecd = 0x0010, kEerd = 0x0014, kCtrlExt = 0x0018, kMdic = 0x0020, kFcal = 0x0028,
                   kFcah = 0x002c, kFct = 0x0030, kVet = 0x0038;
constexpr uint32_t kIcr = 0x00c0, kItr = 0x00c4, kIcs = 0x00c8, kIms = 0x00d0, kImc = 0x00d8;
constexpr uint32_t kRctl = 0x0100, kFcttv = 0x0170, kTxcw = 0x0178, kRxcw = 0x0180;
constexpr uint32_t kTctl = 0x0400, kTipg = 0x0410, kAit = 0x0458, kLedctl = 0x0e00, kPba = 0x1000;
constexpr uint32_t kFcrtl = 0x2160, kFcrth = 0x2168;
constexpr uint32_t kRdbal = 0x2800, kRdbah = 0x2804, kRdlen = 0x2808, kRdh = 0x2810, kRdt = 0x2818, kRdtr = 0x2820, kRxdctl = 0x2828,
                   kRadv = 0x282c, kRsrpd = 0x2c00;
constexpr uint32_t kTdbal = 0x3800, kTdbah = 0x3804, kTdlen = 0x3808, kTdh = 0x3810, kTdt = 0x3818, kTidv = 0x3820, kTxdctl = 0x3828,
                   kTadv = 0x382c;
constexpr uint32_t kStatsStart = 0x4000, kStatsEnd = 0x4100;  // §13.7: statistics, clear on read
constexpr uint32_t kMpc = 0x4010, kGprc = 0x4074, kBprc = 0x4078, kMprc = 0x407c, kGptc = 0x4080, kGorcl = 0x4088, kGorch = 0x408c,
                   kGotcl = 0x4090, kGotch = 0x4094, kTorl = 0x40c0, kTorh = 0x40c4, kTotl = 0x40c8, kToth = 0x40cc, kTpr = 0x40d0,
                   kTpt = 0x40d4, kMptc = 0x40f0, kBptc = 0x40f4, kTsctc = 0x40f8;
constexpr uint32_t kRxcsum = 0x5000, kMta = 0x5200, kRal0 = 0x5400, kVfta = 0x5600;
constexpr uint32_t kWuc = 0x5800, kWufc = 0x5808, kManc = 0x5820;
constexpr uint32_t kMtaEntries = 128, kRarEntries = 16, kVftaEntries = 128;
}  // namespace reg

// §13.4.1 CTRL.
constexpr uint32_t kCtrlSlu = 1u << 6, kCtrlRst = 1u << 26, kCtrlVme = 1u << 30, kCtrlPhyRst = 1u << 31;
// §13.4.2 STATUS: full duplex, link up, 1000 Mb/s (and the auto-speed-detect value, bits 9:8).
constexpr uint32_t kStatusFd = 1u << 0, kStatusLu = 1u << 1, kStatusSpeed1000 = 2u << 6, kStatusAsdv1000 = 2u << 8;
// §13.4.3 EECD (Microwire EEPROM interface).
constexpr uint32_t kEecdSk = 1u << 0, kEecdCs = 1u << 1, kEecdDi = 1u << 2, kEecdDo = 1u << 3, kEecdReq = 1u << 6, kEecdGnt = 1u << 7,
                   kEecdPres = 1u << 8;
// §13.4.4 EERD (82540/82545 layout: START bit 0, DONE bit 4, ADDR 15:8, DATA 31:16).
constexpr uint32_t kEerdStart = 1u << 0, kEerdDone = 1u << 4;
// §13.4.7 MDIC.
constexpr uint32_t kMdicOpWrite = 1u << 26, kMdicOpRead = 2u << 26, kMdicReady = 1u << 28, kMdicIe = 1u << 29, kMdicError = 1u << 30;
// §13.4.17 ICR/ICS/IMS/IMC cause bits.
constexpr uint32_t kIcrTxdw = 1u << 0, kIcrTxqe = 1u << 1, kIcrLsc = 1u << 2, kIcrRxdmt0 = 1u << 4, kIcrRxo = 1u << 6, kIcrRxt0 = 1u << 7,
                   kIcrMdac = 1u << 9;
constexpr uint32_t kIcrValid = 0x0001f6df;  // the causes the 82545EM defines (bits 17:0 minus reserved)
// §13.4.22 RCTL.
constexpr uint32_t kRctlEn = 1u << 1, kRctlSbp = 1u << 2, kRctlUpe = 1u << 3, kRctlMpe = 1u << 4, kRctlLpe = 1u << 5, kRctlBam = 1u << 15,
                   kRctlVfe = 1u << 18, kRctlBsex = 1u << 25, kRctlSecrc = 1u << 26;
constexpr uint32_t kRctlRdmtsShift = 8, kRctlMoShift = 12, kRctlBsizeShift = 16;
// §13.4.33 TCTL.
constexpr uint32_t kTctlEn = 1u << 1;
// §13.4.6 RAH.
constexpr uint32_t kRahAv = 1u << 31;

// §3.2.3 receive descriptor status bits; §3.3.3 transmit descriptor command/status bits.
constexpr uint8_t kRxStatusDd = 1u << 0, kRxStatusEop = 1u << 1, kRxStatusIxsm = 1u << 2, kRxStatusTcpcs = 1u << 5, kRxStatusIpcs = 1u << 6;
// Bit 4 is reserved on the 8254x, where TCPCS covers UDP too; later parts of the family name it
// UDPCS, and it is set beside TCPCS for UDP (8254x drivers ignore it).
constexpr uint8_t kRxStatusUdpcs = 1u << 4;
constexpr uint8_t kRxErrorTcpe = 1u << 5, kRxErrorIpe = 1u << 6, kRxErrorRxe = 1u << 7;
// §13.4.x RXCSUM: packet checksum start, IPv4 and TCP/UDP checksum offload enables.
constexpr uint32_t kRxcsumPcssMask = 0xff, kRxcsumIpofld = 1u << 8, kRxcsumTuofld = 1u << 9;
constexpr uint8_t kTxCmdEop = 1u << 0, kTxCmdIfcs = 1u << 1, kTxCmdIc = 1u << 2, kTxCmdRs = 1u << 3, kTxCmdRps = 1u << 4,
                  kTxCmdDext = 1u << 5, kTxCmdVle = 1u << 6, kTxCmdIde = 1u << 7;
constexpr uint8_t kTxCmdTse = 1u << 2;                      // data/context descriptor DCMD/TUCMD bit 2
constexpr uint8_t kTucmdTcp = 1u << 0, kTucmdIp = 1u << 1;  // §3.3.6 context TUCMD
constexpr uint8_t kTxStatusDd = 1u << 0;
constexpr uint8_t kPoptsIxsm = 1u << 0, kPoptsTxsm = 1u << 1;  // §3.3.7 data descriptor POPTS
constexpr uint8_t kDtypContext = 0x0, kDtypData = 0x1;

constexpr uint32_t kDescSize = 16;
constexpr uint32_t kMaxRingBytes = 0x100000;  // TDLEN/RDLEN bits 19:7 (§13.4.27): 64 Ki descriptors

}  // namespace tshyve::devices::net::e1000
