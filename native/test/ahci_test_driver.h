// A minimal AHCI host driver for native tests (AHCI 1.3.1 §10 software initialisation, §5 command
// submission): guest RAM as a byte vector, one command list and received-FIS area per port, one
// command table per slot, commands built from an ATA taskfile (and an ATAPI packet) with PRDs,
// native command queuing as libata does it (PxSACT then PxCI, tag = slot).
#pragma once
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <thread>
#include <vector>

#include "devices/storage/ahci_hba.h"
#include "devices/storage/ahci_spec.h"
#include "devices/storage/ata_spec.h"
#include "vmm/guest_memory_view.h"

namespace ahcidrv {

using namespace tshyve::devices::storage;

class Ram : public tshyve::vmm::GuestMemoryView {
 public:
  explicit Ram(uint64_t size) : bytes(size) {}
  uint8_t* translate(uint64_t gpa, uint64_t len) override {
    if (gpa >= bytes.size() || len > bytes.size() - gpa) return nullptr;
    return bytes.data() + gpa;
  }
  std::vector<uint8_t> bytes;
};

class Level : public tshyve::vmm::InterruptLine {
 public:
  void set_level(bool high) override {
    level = high;
    if (high) ++raised;
  }
  bool level = false;
  int raised = 0;
};

struct Prd {
  uint64_t gpa;
  uint32_t len;
};

// Layout: port p's command list at 0x10000 + p * 0x1000, FIS area at +0x400, slot tables from
// 0x40000 + (p * 32 + slot) * 0x1000 (PRDT with room for 200 entries); data buffers from 0x200000 up
// to the end of RAM (40 MiB: room for 32 one-MiB buffers).
constexpr uint64_t kRamSize = 40 << 20, kData = 0x200000;

struct Driver {
  Ram ram{kRamSize};
  std::shared_ptr<Level> intx = std::make_shared<Level>();
  std::unique_ptr<AhciHba> hba;

  explicit Driver(const AhciConfig& c, bool worker = false, tshyve::vmm::MsiRouter* router = nullptr) {
    AhciHbaOptions o;
    o.intx = intx;
    o.router = router;
    o.worker = worker;
    hba = std::make_unique<AhciHba>(c, ram, o);
    hba->config_write(0x04, 2, 0x0006);  // memory + bus master
  }
  uint32_t reg(uint32_t off) { return hba->read_register(off); }
  void set(uint32_t off, uint32_t v) { hba->write_register(off, v); }
  uint32_t preg(int p, uint32_t r) { return reg(ahci::kPortBase + p * ahci::kPortStride + r); }
  void pset(int p, uint32_t r, uint32_t v) { set(ahci::kPortBase + p * ahci::kPortStride + r, v); }
  static uint64_t clb(int p) { return 0x10000 + p * 0x1000; }
  static uint64_t fb(int p) { return clb(p) + 0x400; }
  static uint64_t table(int p, int slot) { return 0x40000 + (p * 32 + slot) * 0x1000; }
  uint8_t* at(uint64_t gpa) { return ram.bytes.data() + gpa; }

  void start_port(int p) {
    pset(p, ahci::kPxClb, static_cast<uint32_t>(clb(p)));
    pset(p, ahci::kPxFb, static_cast<uint32_t>(fb(p)));
    pset(p, ahci::kPxCmd, ahci::kCmdFre);
    pset(p, ahci::kPxCmd, ahci::kCmdFre | ahci::kCmdSt);
  }
  // Builds slot `slot` of port `p` (nothing issued yet).
  void build(int p, int slot, const uint8_t fis[20], const std::vector<Prd>& prds, bool write, const uint8_t* packet = nullptr) {
    uint8_t* t = at(table(p, slot));
    std::memset(t, 0, 0x100);
    std::memcpy(t, fis, 20);
    if (packet) std::memcpy(t + ahci::kTableAcmd, packet, 16);
    for (size_t i = 0; i < prds.size(); ++i) {
      uint32_t e[4] = {static_cast<uint32_t>(prds[i].gpa), static_cast<uint32_t>(prds[i].gpa >> 32), 0, prds[i].len - 1};
      std::memcpy(t + ahci::kTablePrdt + 16 * i, e, 16);
    }
    uint32_t h[8] = {};
    h[0] = 5 | (packet ? ahci::kHeaderAtapi : 0) | (write ? ahci::kHeaderWrite : 0) | (static_cast<uint32_t>(prds.size()) << 16);
    h[1] = 0xdeadbeef;
    h[2] = static_cast<uint32_t>(table(p, slot));
    std::memcpy(at(clb(p) + slot * 32), h, 32);
  }
  // Issues one command on slot 0 and returns PxTFD after it ran (inline HBA).
  uint32_t command(int p, const uint8_t fis[20], const std::vector<Prd>& prds = {}, bool write = false, const uint8_t* packet = nullptr,
                   int slot = 0) {
    build(p, slot, fis, prds, write, packet);
    pset(p, ahci::kPxCi, 1u << slot);
    return preg(p, ahci::kPxTfd);
  }
  uint32_t prdbc(int p, int slot = 0) {
    uint32_t v;
    std::memcpy(&v, at(clb(p) + slot * 32 + 4), 4);
    return v;
  }
  // Queues the commands built in `slots` (a mask) as libata does: PxSACT first, then PxCI.
  void queue(int p, uint32_t slots) {
    pset(p, ahci::kPxSact, slots);
    pset(p, ahci::kPxCi, slots);
  }
  // Waits (at most 5 s) until none of `slots` is outstanding in PxSACT; true if so.
  bool wait_sact(int p, uint32_t slots) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (preg(p, ahci::kPxSact) & slots)
      if (std::chrono::steady_clock::now() > until)
        return false;
      else
        std::this_thread::yield();
    return true;
  }
  // Clears PxCMD.ST and waits (at most 5 s) for PxCMD.CR to follow (§10.1.2); true if it did.
  bool stop_port(int p) {
    pset(p, ahci::kPxCmd, preg(p, ahci::kPxCmd) & ~ahci::kCmdSt);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (preg(p, ahci::kPxCmd) & ahci::kCmdCr)
      if (std::chrono::steady_clock::now() > until)
        return false;
      else
        std::this_thread::yield();
    return true;
  }
  // Error recovery (§6.2.2.1) as SeaBIOS and libata do it.
  void recover(int p) {
    stop_port(p);
    pset(p, ahci::kPxSerr, preg(p, ahci::kPxSerr));
    pset(p, ahci::kPxIs, preg(p, ahci::kPxIs));
    pset(p, ahci::kPxCmd, preg(p, ahci::kPxCmd) | ahci::kCmdSt);
  }
};

inline void ata_fis(uint8_t f[20], uint8_t command, uint64_t lba = 0, uint16_t count = 0, uint16_t features = 0) {
  std::memset(f, 0, 20);
  f[0] = ahci::kFisRegH2d;
  f[1] = ahci::kFisCommandBit;
  f[2] = command;
  f[3] = static_cast<uint8_t>(features);
  f[4] = static_cast<uint8_t>(lba), f[5] = static_cast<uint8_t>(lba >> 8), f[6] = static_cast<uint8_t>(lba >> 16);
  f[7] = 0x40;
  f[8] = static_cast<uint8_t>(lba >> 24), f[9] = static_cast<uint8_t>(lba >> 32), f[10] = static_cast<uint8_t>(lba >> 40);
  f[11] = static_cast<uint8_t>(features >> 8);
  f[12] = static_cast<uint8_t>(count), f[13] = static_cast<uint8_t>(count >> 8);
}

// READ/WRITE FPDMA QUEUED (SATA 3.x §13.6.4-5): sector count in FEATURES, tag in COUNT 7:3.
inline void fpdma_fis(uint8_t f[20], bool write, uint64_t lba, uint16_t sectors, uint32_t tag) {
  ata_fis(f, write ? tshyve::devices::storage::ata::kWriteFpdmaQueued : tshyve::devices::storage::ata::kReadFpdmaQueued, lba,
          static_cast<uint16_t>(tag << 3), sectors);
}

}  // namespace ahcidrv
