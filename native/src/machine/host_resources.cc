// Opens a VmConfig's host resources the way the builder does (same flags, same checks), once.
#include "machine/host_resources.h"

#include <fcntl.h>

#include "devices/backends/block_file.h"
#include "devices/backends/tap.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_net.h"
#include "vmm/checked_open.h"
#include "vmm/kept_fds.h"
#include "vmm/kvm.h"

namespace tshyve::machine {

size_t keep_host_resources(const VmConfig& config) {
  vmm::kept_fds::set_keeping(true);
  vmm::KvmSystem kvm(config.kvm_path.c_str());
  for (const auto& d : config.disks) {
    devices::backends::BlockFileOptions o;
    o.path = d.path;
    o.read_only = d.read_only;
    o.nocache = d.nocache;
    o.direct = d.direct;
    devices::backends::BlockFile file(o);  // the kept descriptor holds its flock for the process's life
  }
  for (const auto& n : config.nics) devices::backends::Tap tap(n.tap, devices::virtio::net::kHdrSize);
  for (const auto& c : config.consoles) devices::virtio::VirtioConsole console(c);  // binds and keeps its port sockets
  if (config.boot == BootKind::kBootrom) {
    vmm::read_checked(config.rom_path, "bootrom");
    // The flags machine/vm.cc opens the vars flash with (the kept descriptor is found by them).
    if (!config.vars_path.empty()) vmm::open_checked(config.vars_path, O_RDWR | O_DSYNC, "bootrom vars", false);
  } else {
    vmm::read_checked(config.kernel_path, "kernel");
    if (!config.initrd_path.empty()) vmm::read_checked(config.initrd_path, "initrd");
  }
  return vmm::kept_fds::count();
}

}  // namespace tshyve::machine
