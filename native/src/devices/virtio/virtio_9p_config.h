// Configuration of one virtio-9p share as the TS runtime hands it over (bhyve(8) -s N,virtio-9p,
// sharename=/path[,ro]): the mount tag is the share's name.
#pragma once
#include <string>

#include "devices/virtio/virtio_config.h"

namespace tshyve::devices::virtio {

struct ShareConfig {
  PciSlot pci;
  std::string tag;   // mount tag (mount -t 9p -o trans=virtio TAG /mnt), at most kMaxTagLength bytes
  std::string path;  // the host directory exported
  bool read_only = false;
};

constexpr size_t kMaxTagLength = 255;  // our bound; the spec field is le16 tag_len

}  // namespace tshyve::devices::virtio
