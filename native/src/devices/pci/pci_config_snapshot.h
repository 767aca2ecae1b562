// A PCI function's configuration space in a VM snapshot (docs/vm-snapshots.md): the bytes as the
// guest programmed them, checked against the function they are restored into and written back
// through its guest config-write path, so BARs and interrupt routes are placed as the guest placed them.
#pragma once
#include <cstdint>
#include <functional>
#include <vector>

#include "devices/pci/pci_config_space.h"
#include "vmm/snapshot_state.h"

namespace tshyve::devices {

// u32 size, then every byte.
void save_config_bytes(vmm::StateWriter& w, const PciConfigSpace& config);
// Reads what save_config_bytes wrote. False unless the size is `config`'s and replaying the bytes
// on a copy of `config` gives them back (identity, capabilities and read-only BAR bits match).
bool read_config_bytes(vmm::StateReader& r, const PciConfigSpace& config, std::vector<uint8_t>& out);
// Replays saved bytes as guest writes: every dword from 0x08 with decoding still off, then the
// command register (the status register's bits are write-1-to-clear).
void replay_config_bytes(const std::vector<uint8_t>& bytes,
                         const std::function<void(uint32_t offset, uint32_t size, uint32_t value)>& write);

}  // namespace tshyve::devices
