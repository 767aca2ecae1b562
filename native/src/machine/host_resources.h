// Opens, once per VM process and before it drops its privileges, every host resource a VmConfig
// names (/dev/kvm, disks with their locks, taps, boot ROM/kernel/initrd, vars, the bound sockets of
// virtio-console ports) and keeps them (vmm/kept_fds.h): each boot's machine, a guest reboot's
// included, is built from those descriptors.
#pragma once
#include <cstddef>

#include "machine/vm_config.h"

namespace tshyve::machine {

// JS thread, before the first Vm. Throws what building the Vm would throw for a missing or
// refused file. Returns how many descriptors are kept.
size_t keep_host_resources(const VmConfig& config);

}  // namespace tshyve::machine
