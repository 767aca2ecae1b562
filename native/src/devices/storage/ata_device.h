// What an AHCI port drives: a SATA device that executes one command (the taskfile of a Register
// H2D FIS, ATAPI's command packet, data through the PRD table) and reports the ending taskfile.
#pragma once
#include <cstdint>

#include "devices/storage/prd_table.h"
#include "devices/virtio/device_counters.h"

namespace tshyve::devices::storage {

// The registers of a Register Host-to-Device FIS (SATA 3.x §10.5.5), LBA48 layout.
struct AtaTaskfile {
  uint8_t command = 0;
  uint16_t features = 0;  // FEATURES(15:8) from byte 11
  uint16_t count = 0;     // COUNT(15:8) from byte 13
  uint64_t lba = 0;       // 48 bits: bytes 4-6 and 8-10
  uint8_t device = 0;
  uint8_t control = 0;
  // LBA28 / 8-bit count forms of the same registers (device bits 3:0 are LBA 27:24).
  uint32_t lba28() const { return static_cast<uint32_t>((lba & 0xffffff) | (static_cast<uint64_t>(device & 0xf) << 24)); }
  uint32_t count8() const { return (count & 0xff) ? (count & 0xff) : 256; }
  uint32_t count16() const { return count ? count : 65536; }
};

// The ending taskfile (what the D2H Register FIS and PxTFD carry) and how the data moved.
struct AtaOutcome {
  uint8_t status = 0x50;  // DRDY | DSC
  uint8_t error = 0;
  uint64_t bytes = 0;   // transferred through the PRD table (PRDBC)
  bool pio_in = false;  // a PIO data-in command: a PIO Setup FIS precedes the D2H FIS
  uint16_t count = 0;   // registers returned in the D2H FIS (signature, CHECK POWER MODE, ...)
  uint64_t lba = 0;
  uint8_t device = 0;
};

class AtaDevice {
 public:
  virtual ~AtaDevice() = default;
  virtual uint32_t signature() const = 0;  // PxSIG after reset
  virtual bool atapi() const = 0;
  // The status a reset leaves (PxTFD.STS).
  virtual uint8_t reset_status() const { return 0x50; }
  virtual void reset() {}
  // Port worker (or tests), port lock held. `packet` is the 16-byte ATAPI command area.
  virtual AtaOutcome execute(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data) = 0;
  // vCPU thread, port lock held: the same command if it can finish without waiting for the disk
  // (true, `out` set); false if it would wait, having changed nothing the guest could rely on (a
  // read may have filled part of its buffer, which the retry on the worker fills again).
  virtual bool execute_now(const AtaTaskfile& tf, const uint8_t* packet, PrdTable& data, AtaOutcome& out) { return false; }
  // Any thread: the drive's I/O as VmStats reports every disk's (the port lock serialises bumps).
  const virtio::BlkCounters& counters() const { return counters_; }

 protected:
  virtio::BlkCounters counters_;
};

// Helpers for command handlers.
inline AtaOutcome ata_abort(uint8_t status = 0x51) {
  AtaOutcome o;
  o.status = status;
  o.error = 0x04;
  return o;
}

}  // namespace tshyve::devices::storage
