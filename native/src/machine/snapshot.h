// What decides whether a VM snapshot (vmm/snapshot_file.h) may be taken of, or restored into, a
// machine: the hash of its configuration, the devices whose state is not saved yet, and the CPUID
// features the guest saw that this host lacks.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "machine/vm_config.h"
#include "vmm/kvm_uapi.h"
#include "vmm/snapshot_file.h"

namespace tshyve::machine {

// A VM that was asked to start from a snapshot and cannot (the message says why).
class RestoreRefused : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// FNV-1a over the configuration that shapes the machine the guest sees (memory, vCPU topology,
// boot kind and ROM size, COM ports, platform switches, every device's kind and PCI address).
// Paths, taps and sockets are reopened from the spec and do not count.
uint64_t machine_config_hash(const VmConfig& c, uint64_t rom_bytes);

// The configured devices whose state a snapshot cannot carry yet ("virtio-9p 0:4", ...). The HPET
// counts only once the guest programmed it (`hpet_in_use`): an untouched one is in its reset state.
std::vector<std::string> unsaved_devices(const VmConfig& c, bool hpet_in_use);

// Features set in `guest` (the CPUID the guest saw) and absent from `host` (what this host would
// give it), by name where known ("avx2", else "leaf 0x7 ebx bit 5").
std::vector<std::string> missing_cpuid_features(const std::vector<kvm_cpuid_entry2>& guest, const std::vector<kvm_cpuid_entry2>& host);

// Throws SnapshotError saying why `header` cannot be restored into this machine.
void check_restorable(const vmm::SnapshotHeader& header, const VmConfig& c, uint64_t rom_bytes,
                      const std::vector<kvm_cpuid_entry2>& host_cpuid);

}  // namespace tshyve::machine
