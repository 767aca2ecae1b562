// libFuzzer target: virtio-console multiport (virtio 1.2 §5.3.6) through the virtio-pci transport:
// control messages (DEVICE_READY, PORT_READY, PORT_OPEN...) and port data from a hostile driver.
#include <unistd.h>

#include "devices/virtio/virtio_console.h"
#include "fuzz_support.h"

using namespace tshyve::devices::virtio;

namespace {
struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  std::shared_ptr<VirtioConsole> console;
  std::shared_ptr<VirtioPciFunction> fn;
  Rig() {
    ConsoleConfig c;
    c.ports.push_back({"org.tshyve.fuzz.0", "/tmp/tshyve-fuzz-console-" + std::to_string(getpid()) + ".sock"});
    c.ports.push_back({"org.tshyve.fuzz.1", ""});
    c.ports.push_back({"", ""});
    console = std::make_shared<VirtioConsole>(c);
    fn = std::make_shared<VirtioPciFunction>(console, mem, VirtioPciOptions{});
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();
  FuzzedDataProvider in(data, size);
  rig->mem.clear();
  fuzz::HostileDriver d(rig->mem, *rig->fn, [&](uint16_t q) { rig->fn->doorbell(q); });
  d.initialise(in, static_cast<uint16_t>(rig->console->num_queues()));
  d.run(in);
  return 0;
}
