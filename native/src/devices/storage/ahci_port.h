// One AHCI port (AHCI 1.3.1 §3.3 registers, §5 command processing) and the SATA device behind it:
// walks the command list in guest memory, runs each issued slot's command table, posts the D2H
// Register / PIO Setup FISes into the received-FIS area and sets PxIS; stops on a task file error
// or a host bus error until software clears PxCMD.ST (§6.2.2). Queued (NCQ) commands leave PxCI at
// once and end with a Set Device Bits FIS clearing their PxSACT bits (§5.3.10, §8).
#pragma once
#include <cstdint>
#include <memory>
#include <string>

#include "devices/storage/ata_device.h"
#include "vmm/guest_memory_view.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices::storage {

class AhciPort {
 public:
  AhciPort(std::unique_ptr<AtaDevice> device, vmm::GuestMemoryView& memory, uint32_t index);
  // All calls with the HBA's lock held. `reg` is the offset inside the port's 0x80 bytes.
  uint32_t read(uint32_t reg) const;
  void write(uint32_t reg, uint32_t value);
  void reset();  // GHC.HR: registers to their power-on values
  // Whether issued commands wait (PxCMD.ST set, not stopped by an error).
  bool runnable() const;
  // Executes every issued slot; true if any ran (each posts an interrupt event). Without
  // `may_block` it stops at the first command that would wait for the disk (runnable() stays
  // true: the worker takes it from there).
  bool run(bool may_block = true);
  // A queued command's transfer ended on the block layer's worker: its Set Device Bits FIS waits
  // for post_completed (an error is posted at once); nothing if the port was reset or restarted
  // since it was queued. True if it counted (an interrupt event follows). Every submitted transfer
  // comes back here: once none is left, a stopped port clears PxCMD.CR (§10.1.2).
  bool queued_done(std::unique_ptr<QueuedAtaRequest> r);
  // One Set Device Bits FIS (I set, PxIS.SDBS) for every queued command ended since the last.
  void post_completed();
  bool interrupt_pending() const { return (is_ & ie_) != 0; }
  AtaDevice& device() { return *device_; }
  uint64_t commands() const { return commands_; }
  // Queued transfers still on the block layer's workers (abandoned ones too).
  uint32_t transfers_in_flight() const { return in_flight_; }
  // VM snapshot: registers, NCQ bookkeeping, then the device's own bytes. save_state throws
  // vmm::SnapshotError while a transfer is in flight. restore_state, on a port just built from
  // the same config: false for garbled or inconsistent registers (the caller resets the HBA);
  // vmm::SnapshotError, starting with `name`, for another medium size.
  void save_state(vmm::StateWriter& w) const;
  bool restore_state(vmm::StateReader& r, const std::string& name);

 private:
  enum class Slot { kDone, kQueued, kDeviceError, kHostBusError, kWouldBlock };
  Slot run_slot(uint32_t slot, bool may_block);
  Slot run_queued(uint32_t slot, const AtaTaskfile& tf, PrdTable& data, bool may_block);
  void queued_ended(uint32_t tag, const AtaOutcome& o);
  void abandon_queued();  // outstanding queued commands will not complete (restart, reset, error)
  void post_d2h(const AtaOutcome& o, bool& fault, bool interrupt = true);
  void post_pio_setup(const AtaOutcome& o, bool& fault);
  void post_signature();
  void comreset_done();
  bool write_fis(uint32_t offset, const uint8_t* fis, uint32_t len);

  std::unique_ptr<AtaDevice> device_;
  vmm::GuestMemoryView& memory_;
  uint32_t index_;
  uint64_t clb_ = 0, fb_ = 0;
  uint32_t is_ = 0, ie_ = 0, cmd_ = 0, tfd_ = 0, sig_ = 0, ssts_ = 0, sctl_ = 0, serr_ = 0, sact_ = 0, ci_ = 0, sntf_ = 0;
  bool stopped_ = false;        // a command failed: no more until ST is cleared
  uint64_t generation_ = 0;     // bumped when outstanding queued commands are abandoned
  uint32_t outstanding_ = 0;    // queued tags accepted whose transfer has not ended
  uint32_t in_flight_ = 0;      // transfers on the block layer's workers, abandoned ones too: PxCMD.CR stays set
  uint32_t sdb_completed_ = 0;  // queued tags ended, not yet reported in a Set Device Bits FIS
  uint64_t commands_ = 0;
};

}  // namespace tshyve::devices::storage
