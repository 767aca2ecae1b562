// libFuzzer target: virtio-rng (virtio 1.2 §5.4) through the virtio-pci transport: hostile request
// queues against the device's fill path and byte budget.
#include "devices/virtio/virtio_rng.h"
#include "fuzz_support.h"

using namespace tshyve::devices::virtio;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::GuardedMemory* mem = new fuzz::GuardedMemory(fuzz::kRam);
  static auto fn = std::make_shared<VirtioPciFunction>(std::make_shared<VirtioRng>(RngConfig{}), *mem, VirtioPciOptions{});
  FuzzedDataProvider in(data, size);
  mem->clear();
  fuzz::HostileDriver d(*mem, *fn, [&](uint16_t q) { fn->doorbell(q); });
  d.initialise(in, 1);
  d.run(in);
  return 0;
}
