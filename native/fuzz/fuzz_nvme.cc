// libFuzzer target: an NVMe controller (NVM Express 1.4) driven by a hostile host over a real
// sparse image: register and doorbell writes of any width, admin and I/O commands with fuzzed
// fields, PRP entries and lists anywhere (guard pages around RAM), queue ids out of range, resets,
// Asynchronous Event Requests with Aborts and invalid doorbells, MSI-X with interrupt coalescing.
// Commands run synchronously (process_pending), no worker threads.
#include <unistd.h>

#include "devices/storage/nvme_pci.h"
#include "fuzz_support.h"

using namespace tshyve::devices::storage;
namespace nv = tshyve::devices::storage::nvme;

namespace {
constexpr uint64_t kAsq = 0x10000, kAcq = 0x11000, kIoBase = 0x20000;  // I/O queue q at kIoBase + 0x4000 q
constexpr uint32_t kAdminEntries = 8;

struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  std::shared_ptr<NvmePciFunction> fn;
  Rig() {
    char p[] = "/var/tmp/tshyve-fuzz-nvme-XXXXXX";
    int fd = mkstemp(p);
    if (fd < 0 || ftruncate(fd, 1 << 20) != 0) std::abort();
    close(fd);
    NvmeConfig c;
    c.path = p;
    c.max_queues = 4;
    c.queue_size = 64;
    c.dsm = NvmeDsm::kEnable;
    c.eui64 = 0x1122334455667788ull;
    NvmePciOptions o;
    o.workers = 0;
    fn = std::make_shared<NvmePciFunction>(c, mem, o);
    unlink(p);  // the open fd keeps the image alive
  }
};

class Host {
 public:
  Host(Rig& rig) : r_(rig) {}
  void w32(uint64_t off, uint32_t v) { r_.fn->mmio_write(0, off, reinterpret_cast<uint8_t*>(&v), 4); }
  void w64(uint64_t off, uint64_t v) { r_.fn->mmio_write(0, off, reinterpret_cast<uint8_t*>(&v), 8); }
  void enable(FuzzedDataProvider& in) {
    w32(nv::reg::kCc, 0);
    w32(nv::reg::kAqa, in.ConsumeBool() ? in.ConsumeIntegral<uint32_t>() : (kAdminEntries - 1) << 16 | (kAdminEntries - 1));
    w64(nv::reg::kAsq, in.ConsumeIntegralInRange<int>(0, 15) == 0 ? in.ConsumeIntegral<uint64_t>() : kAsq);
    w64(nv::reg::kAcq, kAcq);
    const uint32_t cc = in.ConsumeIntegralInRange<int>(0, 7) == 0 ? in.ConsumeIntegral<uint32_t>() : 0x460001u;
    w32(nv::reg::kCc, cc);
    for (auto& t : tails_) t = 0;
  }
  // A command on queue q (0 admin, 1..4 I/O, or a queue that does not exist), rung and run.
  void command(FuzzedDataProvider& in) {
    const uint16_t q = static_cast<uint16_t>(in.ConsumeIntegralInRange<int>(0, 5));
    nv::Command c{};
    if (q == 0) {
      static const uint8_t ops[] = {0x00, 0x01, 0x02, 0x04, 0x05, 0x06, 0x08, 0x09, 0x0a, 0x0c};
      c.opcode = in.ConsumeBool() ? ops[in.ConsumeIntegralInRange<size_t>(0, sizeof ops - 1)] : in.ConsumeIntegral<uint8_t>();
    } else {
      static const uint8_t ops[] = {0x00, 0x01, 0x02, 0x08, 0x09};
      c.opcode = in.ConsumeBool() ? ops[in.ConsumeIntegralInRange<size_t>(0, sizeof ops - 1)] : in.ConsumeIntegral<uint8_t>();
    }
    c.flags = in.ConsumeIntegralInRange<int>(0, 7) == 0 ? in.ConsumeIntegral<uint8_t>() : 0;
    c.cid = static_cast<uint16_t>(in.ConsumeIntegralInRange<int>(0, 7));
    c.nsid = in.ConsumeBool() ? 1 : in.ConsumeIntegral<uint32_t>();
    c.prp1 = address(in);
    c.prp2 = address(in);
    c.cdw10 = in.ConsumeIntegral<uint32_t>();
    c.cdw11 = in.ConsumeIntegral<uint32_t>();
    c.cdw12 = in.ConsumeIntegral<uint32_t>();
    if (q > 0 && in.ConsumeBool()) c.cdw12 &= 0x3ff;  // transfers inside MDTS more often
    if (q == 0 && (c.opcode == 0x01 || c.opcode == 0x05) && in.ConsumeBool()) {
      // A plausible queue creation: qid 1..4, up to 64 entries, contiguous, at its own place.
      const uint16_t id = static_cast<uint16_t>(in.ConsumeIntegralInRange<int>(1, 4));
      c.prp1 = kIoBase + 0x4000ull * id + (c.opcode == 0x05 ? 0x2000 : 0);
      c.cdw10 = static_cast<uint32_t>(in.ConsumeIntegralInRange<int>(1, 63)) << 16 | id;
      c.cdw11 = c.opcode == 0x01 ? (static_cast<uint32_t>(id) << 16 | 1) : 3;
    }
    if (q == 0 && c.opcode == 0x09 && in.ConsumeBool()) {
      // Interrupt coalescing (THR, TIME) or one vector's coalescing disable, plausible values.
      c.cdw10 = in.ConsumeBool() ? 0x08 : 0x09;
      c.cdw11 = c.cdw10 == 0x08 ? in.ConsumeIntegralInRange<uint32_t>(0, 0xffff) : in.ConsumeIntegralInRange<uint32_t>(0, 0x1000f);
    }
    if (q == 0 && c.opcode == 0x08 && in.ConsumeBool()) c.cdw10 = static_cast<uint32_t>(in.ConsumeIntegralInRange<int>(0, 7)) << 16;
    const uint64_t sq = q == 0 ? kAsq : kIoBase + 0x4000ull * q;
    const uint32_t entries = q == 0 ? kAdminEntries : 64;
    const uint32_t slot = tails_[q] % entries;
    if (sq + (slot + 1) * 64ull <= fuzz::kRam) std::memcpy(r_.mem.ram() + sq + slot * 64ull, &c, 64);
    tails_[q] = (tails_[q] + 1) % entries;
    w32(nv::reg::kDoorbells + 8ull * q, in.ConsumeIntegralInRange<int>(0, 15) == 0 ? in.ConsumeIntegral<uint32_t>() : tails_[q]);
    r_.fn->controller().process_pending();
  }
  void run(FuzzedDataProvider& in) {
    while (in.remaining_bytes() > 0) {
      switch (in.ConsumeIntegralInRange<int>(0, 8)) {
        case 0:
        case 1:
        case 2: command(in); break;
        case 3: {  // raw RAM: PRP lists, DSM ranges, queue entries
          const uint64_t at = in.ConsumeIntegralInRange<uint64_t>(0, fuzz::kRam - 1);
          auto bytes = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(1, 64));
          const size_t n = std::min<size_t>(bytes.size(), fuzz::kRam - at);
          if (n) std::memcpy(r_.mem.ram() + at, bytes.data(), n);
          break;
        }
        case 4: {  // any BAR 0 offset, any width
          const uint64_t off = in.ConsumeIntegralInRange<uint64_t>(0, NvmePciFunction::kBarSize + 8);
          const uint32_t size = 1u << in.ConsumeIntegralInRange<int>(0, 3);
          uint8_t b[8];
          const uint64_t v = in.ConsumeIntegral<uint64_t>();
          std::memcpy(b, &v, 8);
          if (in.ConsumeBool())
            r_.fn->mmio_write(0, off, b, size);
          else
            r_.fn->mmio_read(0, off, b, size);
          r_.fn->controller().process_pending();
          break;
        }
        case 5: {  // CQ head doorbells
          const uint16_t q = static_cast<uint16_t>(in.ConsumeIntegralInRange<int>(0, 5));
          w32(nv::reg::kDoorbells + 8ull * q + 4, in.ConsumeIntegralInRange<uint32_t>(0, 70));
          r_.fn->controller().process_pending();
          break;
        }
        case 6: {  // PCI configuration space
          const uint32_t off = in.ConsumeIntegralInRange<uint32_t>(0, 0x103);
          const uint32_t size = 1u << in.ConsumeIntegralInRange<int>(0, 2);
          if (in.ConsumeBool())
            r_.fn->config_write(off, size, in.ConsumeIntegral<uint32_t>());
          else
            (void)r_.fn->config_read(off, size);
          break;
        }
        case 7: enable(in); break;
        case 8: msix(in); break;
      }
    }
  }

 private:
  // Enables or disables MSI-X and programs a table entry (masked or not).
  void msix(FuzzedDataProvider& in) {
    uint32_t cap = r_.fn->config_read(0x34, 1);
    for (int i = 0; i < 8 && cap && (r_.fn->config_read(cap, 1) & 0xff) != 0x11; ++i) cap = r_.fn->config_read(cap + 1, 1);
    if (!cap || (r_.fn->config_read(cap, 1) & 0xff) != 0x11) return;
    r_.fn->config_write(cap + 2, 2, in.ConsumeBool() ? 0x8000 : 0);
    const uint64_t entry = NvmePciFunction::kMsixTable + 16ull * in.ConsumeIntegralInRange<int>(0, 5);
    const uint64_t addr = 0xfee00000;
    const uint32_t data = in.ConsumeIntegral<uint8_t>(), ctl = in.ConsumeBool() ? 1 : 0;
    r_.fn->mmio_write(0, entry, reinterpret_cast<const uint8_t*>(&addr), 8);
    r_.fn->mmio_write(0, entry + 8, reinterpret_cast<const uint8_t*>(&data), 4);
    r_.fn->mmio_write(0, entry + 12, reinterpret_cast<const uint8_t*>(&ctl), 4);
    r_.fn->controller().process_pending();
  }
  uint64_t address(FuzzedDataProvider& in) {
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: return in.ConsumeIntegral<uint64_t>();                                 // anywhere
      case 1: return fuzz::kRam - 4096 * in.ConsumeIntegralInRange<uint64_t>(0, 2);  // at the end of RAM
      default:
        return fuzz::kData + 4096 * in.ConsumeIntegralInRange<uint64_t>(0, 100) +
               (in.ConsumeBool() ? 0 : 8 * in.ConsumeIntegralInRange<uint64_t>(0, 511));
    }
  }
  Rig& r_;
  uint32_t tails_[6] = {};
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();
  FuzzedDataProvider in(data, size);
  rig->mem.clear();
  Host h(*rig);
  h.enable(in);
  h.run(in);
  return 0;
}
