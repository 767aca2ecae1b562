// libFuzzer target: the bochs-display's registers (DISPI, QEMU extended, EDID, VGA ports) written
// and read with every width and offset, framebuffer BAR accesses at hostile offsets, and the VNC
// screen refreshed from whatever mode results: a guest can never make the viewer read outside
// the framebuffer.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstring>

#include "devices/display/bochs_display.h"
#include "remote/vnc/vnc_screen.h"

using namespace tshyve;
using devices::display::BochsDisplay;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static BochsDisplay* d = new BochsDisplay(devices::display::BochsDisplayOptions{});
  static remote::vnc::VncScreen* screen = new remote::vnc::VncScreen(640, 480);
  FuzzedDataProvider in(data, size);
  while (in.remaining_bytes() > 0) {
    const uint32_t sizes[] = {1, 2, 4, 8};
    const uint32_t n = sizes[in.ConsumeIntegralInRange<int>(0, 3)];
    uint8_t b[8] = {};
    switch (in.ConsumeIntegralInRange<int>(0, 5)) {
      case 0: {  // DISPI register writes, the common case
        const uint16_t v = in.ConsumeIntegral<uint16_t>();
        std::memcpy(b, &v, 2);
        d->mmio_write(2, 0x500 + 2 * in.ConsumeIntegralInRange<uint32_t>(0, 12), b, 2);
        break;
      }
      case 1: {
        const uint64_t v = in.ConsumeIntegral<uint64_t>();
        std::memcpy(b, &v, 8);
        d->mmio_write(2, in.ConsumeIntegralInRange<uint64_t>(0, BochsDisplay::kMmioSize + 16), b, n);
        break;
      }
      case 2: d->mmio_read(2, in.ConsumeIntegralInRange<uint64_t>(0, BochsDisplay::kMmioSize + 16), b, n); break;
      case 3: {
        const uint64_t v = in.ConsumeIntegral<uint64_t>();
        std::memcpy(b, &v, 8);
        d->mmio_write(0, in.ConsumeIntegral<uint64_t>() % (BochsDisplay::kFramebufferSize + 64), b, n);
        break;
      }
      case 4: d->config_write(in.ConsumeIntegralInRange<uint32_t>(0, 63) * 4, 4, in.ConsumeIntegral<uint32_t>()); break;
      case 5: screen->refresh(*d); break;
    }
  }
  screen->refresh(*d);
  return 0;
}
