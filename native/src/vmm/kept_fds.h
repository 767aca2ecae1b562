// Host resources a VM process opens once and keeps for its whole life (Firecracker's jailer opens
// them before the drop too): /dev/kvm, disks, taps, boot images. Once keeping is on, every open
// through `acquire` leaves one descriptor here and hands out duplicates, so a guest reboot, which
// builds a new machine, reuses them after the process has lost the right to open them again.
#pragma once
#include <functional>
#include <string>

#include "vmm/unique_fd.h"

namespace tshyve::vmm::kept_fds {

// JS thread, before the first machine is built. Off by default (tests, `tshyve run`).
void set_keeping(bool keep);
bool keeping();

// Setup thread. A duplicate (close-on-exec) of the descriptor kept under `key`; otherwise `open()`'s
// result, of which one duplicate is kept when keeping is on. `open` throws on failure.
UniqueFd acquire(const std::string& key, const std::function<UniqueFd()>& open);

// How many descriptors are kept (for tests and the VM's log).
size_t count();
// Closes every kept descriptor (tests).
void release_all();

}  // namespace tshyve::vmm::kept_fds
