// libFuzzer target: virtio-blk requests (virtio 1.2 §5.2.6) through the virtio-pci transport over a
// real sparse image file: headers, sector ranges, segment layouts, discard/write-zeroes ranges.
// Queues are drained synchronously here (the device's worker thread is not kicked, no block-layer
// pool: every request runs to its end inside the drain, so an input replays exactly), half of the
// inputs through the rate limiter (bandwidth and IOPS buckets on a clock the input moves).
#include <unistd.h>

#include "devices/virtio/virtio_blk.h"
#include "fuzz_support.h"

using namespace tshyve::devices::virtio;

namespace {
struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  std::string path;
  std::shared_ptr<VirtioBlk> blk;
  std::shared_ptr<VirtioPciFunction> fn;
  uint64_t now = 0;
  Rig(bool limited) {
    char p[] = "/var/tmp/tshyve-fuzz-blk-XXXXXX";
    int fd = mkstemp(p);
    if (fd < 0 || ftruncate(fd, 1 << 20) != 0) std::abort();
    close(fd);
    path = p;
    BlockConfig c;
    c.file.path = path;
    c.serial = "fuzz";
    c.queues = 2;
    c.io_workers = 0;
    if (limited) c.bandwidth = {1 << 20, 64 << 10}, c.iops = {1000, 8};
    blk = std::make_shared<VirtioBlk>(c, [this] { return now; });
    fn = std::make_shared<VirtioPciFunction>(blk, mem, VirtioPciOptions{});
    unlink(p);  // the open fd keeps the image alive
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* plain = new Rig(false);
  static Rig* limited = new Rig(true);
  FuzzedDataProvider in(data, size);
  Rig* rig = in.ConsumeBool() ? limited : plain;
  rig->mem.clear();
  fuzz::HostileDriver d(rig->mem, *rig->fn, [&](uint16_t q) {
    std::lock_guard<std::mutex> lock(rig->fn->lock());
    if (rig == plain) {
      drain_queue(*rig->fn, q, [&](Chain& c) -> long { return rig->blk->handle_request(c); });
      return;
    }
    rig->now += in.ConsumeIntegralInRange<uint64_t>(0, 20'000'000);  // up to 20 ms between kicks
    rig->blk->drain(*rig->fn, q);
  });
  d.initialise(in, 2);
  d.run(in);
  return 0;
}
