// libFuzzer target: fw_cfg (QEMU docs/specs/fw_cfg.rst) through its I/O and DMA port devices:
// selector and data port accesses of every size, and DMA descriptors with hostile control,
// length and target fields into guarded guest RAM; and the snapshot state: the device's own state,
// flipped or replaced by fuzzed bytes, restored into a fresh device (which then goes on serving).
#include <cstdlib>

#include "arch/x86_64/fw_cfg.h"
#include "fuzz_support.h"

using namespace tshyve::arch::x86_64;

namespace {
std::shared_ptr<FwCfg> configured(fuzz::GuardedMemory& mem) {
  auto fw = std::make_shared<FwCfg>(mem);
  fw->set_u16(fw_cfg_key::kNbCpus, 2);
  fw->add_file("etc/e820", std::vector<uint8_t>(40, 0xaa));
  fw->add_file("bootorder", {'/', 'x', 0});
  fw->add_file("genroms/big.rom", std::vector<uint8_t>(5000, 0x55));
  return fw;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static fuzz::GuardedMemory* mem = new fuzz::GuardedMemory(64 * 1024);
  FuzzedDataProvider in(data, size);
  mem->clear();
  auto fw = configured(*mem);
  auto io = fw->io_device();
  auto dma = fw->dma_device();
  while (in.remaining_bytes() > 0) {
    const uint32_t sizes[] = {1, 2, 4, 8};
    const uint32_t n = sizes[in.ConsumeIntegralInRange<int>(0, 3)];
    uint8_t b[8] = {};
    switch (in.ConsumeIntegralInRange<int>(0, 6)) {
      case 0: {
        const uint64_t v = in.ConsumeIntegral<uint64_t>();
        std::memcpy(b, &v, 8);
        io->write(in.ConsumeIntegralInRange<uint64_t>(0, kFwCfgIoLength - 1), b, n);
        break;
      }
      case 1: io->read(in.ConsumeIntegralInRange<uint64_t>(0, kFwCfgIoLength - 1), b, n); break;
      case 2: {
        const uint64_t v = in.ConsumeIntegral<uint64_t>();
        std::memcpy(b, &v, 8);
        dma->write(in.ConsumeIntegralInRange<uint64_t>(0, kFwCfgDmaLength - 1), b, n);
        break;
      }
      case 3: dma->read(in.ConsumeIntegralInRange<uint64_t>(0, kFwCfgDmaLength - 1), b, n); break;
      case 4: {  // a DMA access structure (big-endian control, length, address) somewhere in RAM
        const uint64_t at = in.ConsumeIntegralInRange<uint64_t>(0, mem->size() - 16);
        auto bytes = in.ConsumeBytes<uint8_t>(16);
        if (!bytes.empty()) std::memcpy(mem->ram() + at, bytes.data(), bytes.size());
        if (in.ConsumeBool()) fw->dma_address_high(static_cast<uint32_t>(at >> 32));
        fw->dma_address_low(static_cast<uint32_t>(at));
        break;
      }
      case 5: fw->select(in.ConsumeIntegral<uint16_t>()); break;
      case 6: {  // snapshot: this device's state (a byte flipped, or fuzzed bytes) into a fresh one
        tshyve::vmm::StateWriter w;
        fw->save_state(w);
        std::vector<uint8_t> bytes = w.take();
        if (in.ConsumeBool()) {
          bytes = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(0, 24));
        } else if (!bytes.empty()) {
          bytes[in.ConsumeIntegralInRange<size_t>(0, bytes.size() - 1)] ^= in.ConsumeIntegral<uint8_t>();
        }
        auto fresh = configured(*mem);
        std::string why;
        tshyve::vmm::StateReader r(bytes);
        if (fresh->restore_state(r, why)) {
          fw = fresh;
          io = fw->io_device();
          dma = fw->dma_device();
        } else if (why.empty()) {
          std::abort();  // a refusal always says why
        }
        break;
      }
    }
  }
  return 0;
}
