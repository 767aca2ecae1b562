// The framebuffer a VM spec asks for (spec.framebuffer, bhyve `fbuf`): screen size, VGA BIOS, PCI
// slot, and where its VNC server listens, and the password file.
#pragma once
#include <cstdint>
#include <string>

namespace tshyve::devices::display {

struct FramebufferConfig {
  bool enabled = false;
  uint32_t width = 1024, height = 768;
  uint8_t slot = 0, function = 0;  // slot 0: the VMM picks a free one
  std::string rom_path;            // VGA BIOS for the option ROM BAR; empty: none
  std::string address = "127.0.0.1";
  uint16_t port = 5900;
  std::string password_file;  // its first line is the VNC password; empty: no authentication
  bool wait = false;          // vCPUs start when the first viewer has connected
};

}  // namespace tshyve::devices::display
