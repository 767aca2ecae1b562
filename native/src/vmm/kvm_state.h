// The KVM-held state of a vCPU and of a VM as a snapshot saves it (api.rst 4.x: GET/SET_REGS,
// SREGS, XSAVE or FPU, XCRS, MSRS over KVM_GET_MSR_INDEX_LIST, LAPIC, VCPU_EVENTS, DEBUGREGS,
// MP_STATE; IRQCHIP for both PICs and the IOAPIC, PIT2, CLOCK), to and from snapshot sections.
// An ioctl the host refuses is recorded by name in `refused`, never silently dropped.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "vmm/snapshot_file.h"

namespace tshyve::vmm {

struct SavedSections {
  struct Entry {
    snapshot::Section type;
    uint32_t id;
    std::vector<uint8_t> data;
  };
  std::vector<Entry> entries;
  std::vector<std::string> refused;
};
// vCPU thread (the thread that runs KVM_RUN on `vcpu_fd`), outside KVM_RUN. Throws SnapshotError
// when a state KVM must give (regs, sregs, LAPIC, MP state) cannot be read.
SavedSections capture_vcpu_state(int vcpu_fd, uint32_t index, const std::vector<uint32_t>& msr_indices);
void capture_vm_state(int vm_fd, SavedSections& out);

// Before the vCPU first runs. Throws SnapshotError naming the ioctl that failed; MSRs the host
// will not take are listed in `refused`.
void restore_vcpu_state(int vcpu_fd, uint32_t index, const SnapshotImage& img, std::vector<std::string>& refused);
void restore_vm_state(int vm_fd, const SnapshotImage& img, std::vector<std::string>& refused);

}  // namespace tshyve::vmm
