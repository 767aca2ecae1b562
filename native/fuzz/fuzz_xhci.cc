// libFuzzer target: the xHCI controller with its USB tablet (xHCI 1.2) driven by a hostile driver:
// register writes of any width and offset, DCBAA/ring/ERST pointers anywhere (guard pages around
// RAM), command and transfer TRBs of any type with fuzzed fields, link TRBs that loop, doorbells
// for any slot and target, pointer events from the host, and PCI config writes.
#include "devices/usb/xhci_pci.h"
#include "devices/usb/xhci_spec.h"
#include "fuzz_support.h"

using namespace tshyve::devices::usb;
namespace xs = tshyve::devices::usb::xhci;

namespace {
constexpr uint64_t kDcbaa = 0x1000, kCmd = 0x2000, kErst = 0x3000, kEvents = 0x4000, kInput = 0x5000, kDev = 0x6000, kEp0 = 0x8000,
                   kIntr = 0x9000, kBuf = 0xa000;
constexpr uint32_t kRingTrbs = 16;

struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  std::unique_ptr<XhciPciFunction> fn = std::make_unique<XhciPciFunction>(mem, XhciPciOptions{});
};

class Host {
 public:
  explicit Host(Rig& r) : r_(r) {}
  void w(uint64_t off, uint64_t v, uint32_t size) { r_.fn->mmio_write(0, off, reinterpret_cast<uint8_t*>(&v), size); }
  uint64_t rd(uint64_t off, uint32_t size) {
    uint64_t v = 0;
    r_.fn->mmio_read(0, off, reinterpret_cast<uint8_t*>(&v), size);
    return v;
  }
  uint64_t address(FuzzedDataProvider& in, uint64_t usual) {
    switch (in.ConsumeIntegralInRange<int>(0, 7)) {
      case 0: return in.ConsumeIntegral<uint64_t>();
      case 1: return fuzz::kRam - in.ConsumeIntegralInRange<uint64_t>(0, 64);  // straddles the end of RAM
      default: return usual;
    }
  }
  void start(FuzzedDataProvider& in) {
    std::memset(r_.mem.ram(), 0, 0x10000);
    w(xs::kCapLength + xs::op::kUsbCmd, xs::cmd::kReset, 4);
    w(xs::kCapLength + xs::op::kConfig, in.ConsumeIntegralInRange<uint32_t>(0, 255), 4);
    w(xs::kCapLength + xs::op::kDcbaapLo, address(in, kDcbaa), 8);
    w(xs::kCapLength + xs::op::kCrcrLo, address(in, kCmd) | 1, 8);
    poke<uint64_t>(kErst, address(in, kEvents));
    poke<uint32_t>(kErst + 8, in.ConsumeBool() ? 16 : in.ConsumeIntegral<uint16_t>());
    const uint32_t ir = xs::kRuntimeOffset + xs::rt::kIr0;
    w(ir + xs::rt::kErstsz, in.ConsumeBool() ? 1 : in.ConsumeIntegral<uint16_t>(), 4);
    w(ir + xs::rt::kErdpLo, kEvents, 8);
    w(ir + xs::rt::kErstbaLo, address(in, kErst), 8);
    w(ir + xs::rt::kIman, 2, 4);
    w(xs::kCapLength + xs::op::kUsbCmd, xs::cmd::kRun | xs::cmd::kIntEnable, 4);
    cmd_index_ = ep0_index_ = intr_index_ = 0;
    cycle_ = true;
  }
  template <typename T>
  void poke(uint64_t gpa, T v) {
    if (gpa + sizeof v <= fuzz::kRam) std::memcpy(r_.mem.ram() + gpa, &v, sizeof v);
  }
  void trb(uint64_t at, uint64_t p, uint32_t s, uint32_t c) {
    poke(at, p);
    poke(at + 8, s);
    poke(at + 12, c);
  }
  // A TRB of a plausible or any type at the ring's next slot (cycle bit as the driver's, or not).
  void produce(FuzzedDataProvider& in, uint64_t ring, uint32_t& index, const uint8_t* types, size_t ntypes) {
    const uint8_t type = in.ConsumeBool() ? types[in.ConsumeIntegralInRange<size_t>(0, ntypes - 1)] : in.ConsumeIntegral<uint8_t>() & 0x3f;
    uint32_t control = (uint32_t{type} << 10) | (in.ConsumeIntegral<uint32_t>() & 0xffff03fe);
    if (in.ConsumeIntegralInRange<int>(0, 3)) control = (control & 0x00ff03fe) | (uint32_t{slot_} << 24) | (uint32_t{type} << 10);
    if (in.ConsumeIntegralInRange<int>(0, 7)) control = (control & ~1u) | (cycle_ ? 1 : 0);
    uint64_t param = in.ConsumeBool() ? kBuf : in.ConsumeIntegral<uint64_t>();
    if (type == xs::trb::kAddressDevice || type == xs::trb::kConfigureEndpoint || type == xs::trb::kEvaluateContext)
      param = address(in, kInput);
    if (type == xs::trb::kLink) param = in.ConsumeBool() ? ring + 16 * index : address(in, ring);  // often a loop
    const uint32_t status = in.ConsumeBool() ? in.ConsumeIntegralInRange<uint32_t>(0, 64) : in.ConsumeIntegral<uint32_t>();
    trb(ring + 16 * index, param, status, control);
    index = (index + 1) % kRingTrbs;
  }
  void input_context(FuzzedDataProvider& in) {
    poke<uint32_t>(kInput, in.ConsumeIntegral<uint32_t>());
    poke<uint32_t>(kInput + 4, in.ConsumeBool() ? 3u : in.ConsumeIntegral<uint32_t>());
    poke<uint32_t>(kInput + 32, (1u << 27) | (3u << 20));
    poke<uint32_t>(kInput + 36, in.ConsumeBool() ? 1u << 16 : in.ConsumeIntegral<uint32_t>());
    poke<uint32_t>(kInput + 68, (64u << 16) | (4u << 3));
    poke<uint64_t>(kInput + 72, address(in, kEp0) | 1);
    poke<uint32_t>(kInput + 132, (8u << 16) | (in.ConsumeIntegralInRange<uint32_t>(0, 7) << 3));
    poke<uint64_t>(kInput + 136, address(in, kIntr) | 1);
    poke<uint64_t>(kDcbaa + 8 * slot_, address(in, kDev));
  }
  void step(FuzzedDataProvider& in) {
    static const uint8_t kCommands[] = {9, 10, 11, 12, 13, 14, 15, 16, 17, 23, 6};
    static const uint8_t kTransfers[] = {1, 2, 3, 4, 6, 7, 8};
    switch (in.ConsumeIntegralInRange<int>(0, 11)) {
      case 0: start(in); break;
      case 1:
        input_context(in);
        produce(in, kCmd, cmd_index_, kCommands, sizeof kCommands);
        w(xs::kDoorbellOffset, 0, 4);
        break;
      case 2: {
        // A control transfer: setup with a fuzzed request, data, status.
        const uint64_t setup = in.ConsumeIntegral<uint64_t>();
        trb(kEp0 + 16 * ep0_index_, setup, in.ConsumeBool() ? 8 : in.ConsumeIntegral<uint32_t>(),
            (2u << 10) | (1u << 6) | (cycle_ ? 1 : 0) | (in.ConsumeIntegralInRange<uint32_t>(0, 3) << 16));
        ep0_index_ = (ep0_index_ + 1) % kRingTrbs;
        produce(in, kEp0, ep0_index_, kTransfers, sizeof kTransfers);
        produce(in, kEp0, ep0_index_, kTransfers, sizeof kTransfers);
        w(xs::kDoorbellOffset + 4 * slot_, 1, 4);
        break;
      }
      case 3:
        produce(in, kIntr, intr_index_, kTransfers, sizeof kTransfers);
        w(xs::kDoorbellOffset + 4 * slot_, in.ConsumeBool() ? 3 : in.ConsumeIntegral<uint32_t>(), 4);
        break;
      case 4: {
        tshyve::devices::input::PointerState p;
        p.x = in.ConsumeIntegral<uint32_t>();
        p.y = in.ConsumeIntegral<uint32_t>();
        p.width = in.ConsumeIntegralInRange<uint32_t>(0, 5000);
        p.height = in.ConsumeIntegralInRange<uint32_t>(0, 5000);
        p.buttons = in.ConsumeIntegral<uint8_t>();
        r_.fn->tablet()->pointer_event(p);
        break;
      }
      case 5: {
        static const uint32_t kSizes[] = {1, 2, 4, 8};
        const uint32_t size = kSizes[in.ConsumeIntegralInRange<int>(0, 3)];
        const uint64_t off = in.ConsumeIntegralInRange<uint64_t>(0, xs::kBarSize + 16);
        if (in.ConsumeBool())
          w(off, in.ConsumeIntegral<uint64_t>(), size);
        else
          rd(off, size);
        break;
      }
      case 6:  // port: reset, change bits, link state
        w(xs::kCapLength + xs::op::kPorts, in.ConsumeBool() ? (xs::portsc::kPp | xs::portsc::kPr) : in.ConsumeIntegral<uint32_t>(), 4);
        break;
      case 7: {  // consume events and move ERDP anywhere
        const uint32_t ir = xs::kRuntimeOffset + xs::rt::kIr0;
        w(ir + xs::rt::kErdpLo,
          in.ConsumeBool() ? (kEvents + 16 * in.ConsumeIntegralInRange<uint64_t>(0, 16)) | 8 : in.ConsumeIntegral<uint64_t>(), 8);
        w(ir + xs::rt::kIman, in.ConsumeIntegral<uint8_t>() & 3, 4);
        break;
      }
      case 8: {  // raw RAM bytes (rings, contexts, the ERST)
        const uint64_t at = in.ConsumeIntegralInRange<uint64_t>(0, 0x10000 - 16);
        const auto bytes = in.ConsumeBytes<uint8_t>(16);
        if (!bytes.empty()) std::memcpy(r_.mem.ram() + at, bytes.data(), bytes.size());
        break;
      }
      case 9: slot_ = in.ConsumeIntegralInRange<uint8_t>(0, 10); break;
      case 10: cycle_ = !cycle_; break;
      case 11: r_.fn->config_write(in.ConsumeIntegralInRange<uint32_t>(0, 0xff) & ~3u, 4, in.ConsumeIntegral<uint32_t>()); break;
    }
  }

 private:
  Rig& r_;
  uint32_t cmd_index_ = 0, ep0_index_ = 0, intr_index_ = 0;
  uint8_t slot_ = 1;
  bool cycle_ = true;
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig;
  rig->fn = std::make_unique<XhciPciFunction>(rig->mem, XhciPciOptions{});
  rig->mem.clear();
  FuzzedDataProvider in(data, size);
  Host host(*rig);
  host.start(in);
  for (int i = 0; i < 64 && in.remaining_bytes() > 0; ++i) host.step(in);
  return 0;
}
