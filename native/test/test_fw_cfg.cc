// Tests fw_cfg (QEMU docs/specs/fw_cfg.rst): signature and ID through the I/O ports, the file
// directory, DMA select/read/skip into a fake guest memory, out-of-range DMA reporting errors, and
// the snapshot state: a read resumed in a fresh device goes on with the same bytes, a misfit refused.
#include "arch/x86_64/fw_cfg.h"
#include "platform_test_support.h"

#include <cstring>
#include <string>

using namespace tshyve::arch::x86_64;
using platform_test::bus_read;
using platform_test::bus_write;

namespace {
using tshyve::vmm::StateReader;
using tshyve::vmm::StateWriter;
constexpr uint64_t kRamBase = 0x1000;
constexpr uint64_t kRamSize = 0x10000;

void put_be32(std::vector<uint8_t>& m, size_t at, uint32_t v) {
  for (int i = 0; i < 4; ++i) m[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i));
}
uint32_t get_be32(const std::vector<uint8_t>& m, size_t at) {
  return (uint32_t{m[at]} << 24) | (uint32_t{m[at + 1]} << 16) | (uint32_t{m[at + 2]} << 8) | m[at + 3];
}
// Writes an FWCfgDmaAccess at gpa and kicks the DMA port as SeaBIOS does (outl of the BE address).
uint32_t dma(platform_test::FakeMemory& mem, tshyve::vmm::BusDevice& port, uint64_t gpa, uint32_t control, uint32_t length,
             uint64_t target) {
  auto& m = mem.bytes();
  const size_t at = gpa - kRamBase;
  put_be32(m, at, control);
  put_be32(m, at + 4, length);
  put_be32(m, at + 8, static_cast<uint32_t>(target >> 32));
  put_be32(m, at + 12, static_cast<uint32_t>(target));
  const uint8_t be[4] = {static_cast<uint8_t>(gpa >> 24), static_cast<uint8_t>(gpa >> 16), static_cast<uint8_t>(gpa >> 8),
                         static_cast<uint8_t>(gpa)};
  port.write(4, be, 4);
  return get_be32(m, at);
}
// The same items as a machine config gives every time it is built.
std::shared_ptr<FwCfg> configured(platform_test::FakeMemory& mem) {
  auto fw = std::make_shared<FwCfg>(mem);
  std::vector<uint8_t> rom(3000);
  for (size_t i = 0; i < rom.size(); ++i) rom[i] = static_cast<uint8_t>(i * 7 + 3);
  fw->add_file("etc/e820", std::vector<uint8_t>(40, 0xaa));
  fw->add_file("genroms/x.rom", rom);
  return fw;
}

uint16_t file_key(tshyve::vmm::BusDevice& io, const char* name) {
  bus_write(io, 0, 2, fw_cfg_key::kFileDir);
  std::vector<uint8_t> dir;
  for (int i = 0; i < 4 + 2 * 64; ++i) dir.push_back(static_cast<uint8_t>(bus_read(io, 1, 1)));
  for (size_t at = 4; at < dir.size(); at += 64)
    if (std::string(reinterpret_cast<char*>(&dir[at + 8])) == name) return static_cast<uint16_t>((dir[at + 4] << 8) | dir[at + 5]);
  return 0;
}

void snapshot_state() {
  platform_test::FakeMemory mem(kRamBase, kRamSize);
  auto fw = configured(mem);
  auto io = fw->io_device();
  const uint16_t rom_key = file_key(*io, "genroms/x.rom");
  PT_CHECK(rom_key >= fw_cfg_key::kFileFirst);
  const std::vector<uint8_t> rom = fw->file("genroms/x.rom");

  // Select the ROM, read 1234 bytes through the data port, set a DMA high half, save.
  bus_write(*io, 0, 2, rom_key);
  for (int i = 0; i < 1234; ++i) PT_CHECK_EQ(bus_read(*io, 1, 1), rom[i]);
  const uint8_t hi[4] = {0, 0, 0, 0};  // 0 high half: the next low-half write is a transfer in RAM
  fw->dma_device()->write(0, hi, 4);
  StateWriter w;
  fw->save_state(w);

  // A fresh device from the same config takes it and reads on with the same bytes, by port and DMA.
  platform_test::FakeMemory mem2(kRamBase, kRamSize);
  auto fresh = configured(mem2);
  auto io2 = fresh->io_device();
  std::string why;
  StateReader r(w.data());
  PT_CHECK(fresh->restore_state(r, why));
  PT_CHECK(why.empty());
  for (int i = 1234; i < 1300; ++i) PT_CHECK_EQ(bus_read(*io2, 1, 1), rom[i]);
  const uint64_t access = 0x2000, buf = 0x4000;
  PT_CHECK_EQ(dma(mem2, *fresh->dma_device(), access, kFwCfgDmaRead, 2000, buf), 0u);
  for (int i = 0; i < 1700; ++i) PT_CHECK_EQ(mem2.bytes()[buf - kRamBase + i], rom[1300 + i]);
  PT_CHECK_EQ(mem2.bytes()[buf - kRamBase + 1700], 0u);  // past the end
  PT_CHECK_EQ(bus_read(*io2, 1, 1), 0u);                 // offset stopped at the end
  // A fresh device that was not restored reads from the start of whatever it selected (0: "QEMU").
  auto unrestored = configured(mem2);
  PT_CHECK_EQ(bus_read(*unrestored->io_device(), 1, 1), static_cast<uint32_t>('Q'));

  // Saved at the item's end (DMA skip clamps there, as QEMU does), restored there.
  PT_CHECK_EQ(dma(mem, *fw->dma_device(), access, kFwCfgDmaSkip, 100000, 0), 0u);
  StateWriter at_end;
  fw->save_state(at_end);
  StateReader r_end(at_end.data());
  PT_CHECK(configured(mem2)->restore_state(r_end, why));

  // Refused, with the reason, and the device keeps its state: an offset beyond the selected item,
  // another item size, a missing item, a truncated section, another version.
  auto refuses = [&](std::vector<uint8_t> bytes, const std::string& says) {
    auto target = configured(mem2);
    auto tio = target->io_device();
    bus_write(*tio, 0, 2, fw_cfg_key::kSignature);
    bus_read(*tio, 1, 1);  // 'Q' read: the next is 'E'
    std::string reason;
    StateReader rr(bytes);
    PT_CHECK(!target->restore_state(rr, reason));
    if (reason.find(says) == std::string::npos)
      std::fprintf(stderr, "refused with \"%s\", expected \"%s\"\n", reason.c_str(), says.c_str());
    PT_CHECK(reason.find(says) != std::string::npos);
    PT_CHECK_EQ(bus_read(*tio, 1, 1), static_cast<uint32_t>('E'));
  };
  std::vector<uint8_t> beyond = w.data();
  const uint32_t far = 3001;
  std::memcpy(&beyond[3], &far, 4);  // u8 version, u16 selector, then the u32 offset
  refuses(beyond, "read offset 3001 lies beyond the selected item");
  std::vector<uint8_t> other_size = w.data();
  other_size[other_size.size() - 4] ^= 1;
  refuses(other_size, "bytes in the snapshot and 3000 bytes here");
  std::vector<uint8_t> absent = w.data();
  absent[1] = 0x34;  // selector 0x??34: no such item
  absent[2] = 0x12;
  refuses(absent, "absent here");
  std::vector<uint8_t> truncated(w.data().begin(), w.data().end() - 1);
  refuses(truncated, "truncated or garbled");
  std::vector<uint8_t> longer = w.data();
  longer.push_back(0);
  refuses(longer, "truncated or garbled");
  std::vector<uint8_t> v2 = w.data();
  v2[0] = 2;
  refuses(v2, "section version 2");
}
}  // namespace

int main() {
  platform_test::FakeMemory mem(kRamBase, kRamSize);
  auto fw = std::make_shared<FwCfg>(mem);
  fw->set_u16(fw_cfg_key::kNbCpus, 2);
  PT_CHECK(fw->add_file("etc/e820", std::vector<uint8_t>(40, 0xaa)));
  PT_CHECK(fw->add_file("bootorder", {'/', 'x', 0}));
  PT_CHECK(!fw->add_file(std::string(56, 'n'), {1}));  // name too long
  PT_CHECK(!fw->add_file("", {1}));
  auto io = fw->io_device();
  auto dport = fw->dma_device();

  // Signature through the data port, byte by byte.
  bus_write(*io, 0, 2, fw_cfg_key::kSignature);
  std::string sig;
  for (int i = 0; i < 4; ++i) sig.push_back(static_cast<char>(bus_read(*io, 1, 1)));
  PT_CHECK(sig == "QEMU");
  PT_CHECK_EQ(bus_read(*io, 1, 1), 0u);  // past the end
  bus_write(*io, 0, 2, fw_cfg_key::kId);
  PT_CHECK_EQ(bus_read(*io, 1, 1), kFwCfgIdTraditional | kFwCfgIdDma);
  bus_write(*io, 0, 2, fw_cfg_key::kNbCpus);
  PT_CHECK_EQ(bus_read(*io, 1, 1), 2u);
  bus_write(*io, 0, 2, 0x1234);  // missing item reads 0
  PT_CHECK_EQ(bus_read(*io, 1, 1), 0u);
  // DMA signature register "QEMU CFG" (big-endian).
  PT_CHECK_EQ(bus_read(*dport, 0, 4), 0x554d4551u);  // bytes 'Q','E','M','U'
  PT_CHECK_EQ(bus_read(*dport, 4, 4), 0x47464320u);  // ' ','C','F','G'

  // File directory: be32 count, entries sorted by name.
  bus_write(*io, 0, 2, fw_cfg_key::kFileDir);
  std::vector<uint8_t> dir;
  for (int i = 0; i < 4 + 2 * 64; ++i) dir.push_back(static_cast<uint8_t>(bus_read(*io, 1, 1)));
  PT_CHECK_EQ(get_be32(dir, 0), 2u);
  PT_CHECK(std::string(reinterpret_cast<char*>(&dir[4 + 8])) == "bootorder");
  PT_CHECK_EQ(get_be32(dir, 4), 3u);
  PT_CHECK(std::string(reinterpret_cast<char*>(&dir[4 + 64 + 8])) == "etc/e820");
  PT_CHECK_EQ(get_be32(dir, 4 + 64), 40u);
  const uint16_t e820_key = static_cast<uint16_t>((dir[4 + 64 + 4] << 8) | dir[4 + 64 + 5]);
  PT_CHECK(e820_key >= fw_cfg_key::kFileFirst);

  // DMA: select + read 16 bytes, then skip 20, then read past the end (zero-filled).
  const uint64_t access = 0x2000, buf = 0x3000;
  uint32_t ctl = dma(mem, *dport, access, (uint32_t{e820_key} << 16) | kFwCfgDmaSelect | kFwCfgDmaRead, 16, buf);
  PT_CHECK_EQ(ctl, 0u);
  PT_CHECK_EQ(mem.bytes()[buf - kRamBase], 0xaau);
  PT_CHECK_EQ(mem.bytes()[buf - kRamBase + 15], 0xaau);
  ctl = dma(mem, *dport, access, kFwCfgDmaSkip, 20, 0);
  PT_CHECK_EQ(ctl, 0u);
  std::fill(mem.bytes().begin() + (buf - kRamBase), mem.bytes().begin() + (buf - kRamBase) + 16, 0x55);
  ctl = dma(mem, *dport, access, kFwCfgDmaRead, 16, buf);
  PT_CHECK_EQ(ctl, 0u);
  PT_CHECK_EQ(mem.bytes()[buf - kRamBase + 3], 0xaau);  // bytes 36..39
  PT_CHECK_EQ(mem.bytes()[buf - kRamBase + 4], 0x00u);  // past the end: zeros
  PT_CHECK_EQ(mem.bytes()[buf - kRamBase + 15], 0x00u);
  // A read across the 4 KiB boundary inside RAM works (chunked translation).
  ctl = dma(mem, *dport, access, (uint32_t{e820_key} << 16) | kFwCfgDmaSelect | kFwCfgDmaRead, 40, 0x3ff0);
  PT_CHECK_EQ(ctl, 0u);
  PT_CHECK_EQ(mem.bytes()[0x3ff0 - kRamBase + 39], 0xaau);

  // Errors: target outside guest RAM, a target wrapping around, and writes.
  ctl = dma(mem, *dport, access, kFwCfgDmaSelect | kFwCfgDmaRead, 16, kRamBase + kRamSize - 8);
  PT_CHECK_EQ(ctl, kFwCfgDmaError);
  ctl = dma(mem, *dport, access, kFwCfgDmaRead, 0xffffffffu, 0xfffffffffffff000ull);
  PT_CHECK_EQ(ctl, kFwCfgDmaError);
  ctl = dma(mem, *dport, access, kFwCfgDmaWrite, 4, buf);
  PT_CHECK_EQ(ctl, kFwCfgDmaError);
  // An access structure outside RAM is ignored without a crash.
  const uint8_t far[4] = {0x7f, 0, 0, 0};
  dport->write(4, far, 4);
  // A 64-bit high-half write followed by the low half: the high half is applied once.
  const uint8_t hi[4] = {0, 0, 0, 1};
  dport->write(0, hi, 4);
  const uint8_t lo[4] = {0, 0, 0x20, 0};
  dport->write(4, lo, 4);                               // 0x1_00002000: outside RAM, ignored
  ctl = dma(mem, *dport, access, kFwCfgDmaSkip, 1, 0);  // high half was reset
  PT_CHECK_EQ(ctl, 0u);

  // Replacing a file keeps its key and updates the directory size.
  PT_CHECK(fw->add_file("bootorder", {'a', 'b', 'c', 'd', 0}));
  PT_CHECK_EQ(fw->file("bootorder").size(), 5u);
  PT_CHECK(fw->has_file("etc/e820"));
  snapshot_state();
  return platform_test::finish("test_fw_cfg");
}
