// Tests fw_cfg (QEMU docs/specs/fw_cfg.rst): signature and ID through the I/O ports, the file
// directory, DMA select/read/skip into a fake guest memory, and out-of-range DMA reporting errors.
#include "arch/x86_64/fw_cfg.h"
#include "platform_test_support.h"

#include <string>

using namespace tshyve::arch::x86_64;
using platform_test::bus_read;
using platform_test::bus_write;

namespace {
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
  return platform_test::finish("test_fw_cfg");
}
