// Guest memory regions tagged read-only to devices (the boot ROM and its vars mapping): readable by
// translate(), refused by translate_writable() and write(), so virtqueue writes (§2.7) and fw_cfg
// DMA (QEMU docs/specs/fw_cfg.rst) into them fail instead of changing the firmware image.
#include <sys/mman.h>

#include <cstring>

#include "arch/x86_64/fw_cfg.h"
#include "check.h"
#include "devices/virtio/virtio_spec.h"
#include "devices/virtio/virtqueue.h"
#include "vmm/guest_memory.h"

using namespace tshyve::devices::virtio;
using tshyve::vmm::GuestMemory;

namespace {
constexpr uint64_t kRamSize = 1 << 20;
constexpr uint64_t kRomBase = 0xfff00000, kRomSize = 64 << 10;

struct Rig {
  GuestMemory mem;
  uint8_t* ram;
  uint8_t* rom;
  Rig() {
    ram = mem.add_anonymous(0, kRamSize);
    rom = static_cast<uint8_t*>(mmap(nullptr, kRomSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    std::memset(rom, 0x5a, kRomSize);
    mem.add_owned(kRomBase, kRomSize, rom, kRomSize, /*dma_read_only=*/true);
  }
  bool rom_intact() const {
    for (uint64_t i = 0; i < kRomSize; ++i)
      if (rom[i] != 0x5a) return false;
    return true;
  }
};

void put_desc(uint8_t* d, uint64_t addr, uint32_t len, uint16_t flags) {
  std::memcpy(d, &addr, 8);
  std::memcpy(d + 8, &len, 4);
  std::memcpy(d + 12, &flags, 2);
  std::memset(d + 14, 0, 2);
}
}  // namespace

TEST(rom_is_readable_but_not_writable) {
  Rig r;
  CHECK(r.mem.translate(kRomBase + 16, 16) != nullptr);
  CHECK(r.mem.translate_writable(kRomBase + 16, 16) == nullptr);
  CHECK(r.mem.translate_writable(0x1000, 16) != nullptr);
  uint8_t b[4] = {1, 2, 3, 4};
  CHECK(!r.mem.write(kRomBase, b, 4));
  CHECK(r.mem.read(kRomBase, b, 4));
  CHECK_EQ(b[0], 0x5a);
  CHECK(r.rom_intact());
}

TEST(virtqueue_refuses_writable_buffer_in_rom) {
  Rig r;
  Virtqueue q;
  QueueConfig c;
  c.size = 4;
  c.desc = 0x1000;
  c.avail = 0x2000;
  c.used = 0x3000;
  CHECK(q.activate(&r.mem, c, false));
  put_desc(r.ram + 0x1000, kRomBase, 512, kDescFlagWrite);
  uint16_t head = 0, idx = 1;
  std::memcpy(r.ram + 0x2000 + 4, &head, 2);
  std::memcpy(r.ram + 0x2000 + 2, &idx, 2);
  Chain chain;
  CHECK(q.pop(chain) == PopResult::kError);
  CHECK(r.rom_intact());
}

TEST(virtqueue_reads_from_rom_but_refuses_used_ring_there) {
  Rig r;
  Virtqueue q;
  QueueConfig c;
  c.size = 4;
  c.desc = 0x1000;
  c.avail = 0x2000;
  c.used = 0x3000;
  CHECK(q.activate(&r.mem, c, false));
  put_desc(r.ram + 0x1000, kRomBase, 512, 0);  // device-readable: fine
  uint16_t head = 0, idx = 1;
  std::memcpy(r.ram + 0x2000 + 4, &head, 2);
  std::memcpy(r.ram + 0x2000 + 2, &idx, 2);
  Chain chain;
  CHECK(q.pop(chain) == PopResult::kChain);
  c.used = kRomBase;
  Virtqueue q2;
  CHECK(!q2.activate(&r.mem, c, false));
  CHECK(r.rom_intact());
}

TEST(fw_cfg_dma_into_rom_reports_error) {
  using namespace tshyve::arch::x86_64;
  Rig r;
  auto fw = std::make_shared<FwCfg>(r.mem);
  auto port = fw->dma_device();
  // FWCfgDmaAccess at 0x4000 (big-endian fields): select the signature item, read 4 bytes into ROM.
  const uint32_t control = (uint32_t{fw_cfg_key::kSignature} << 16) | kFwCfgDmaSelect | kFwCfgDmaRead;
  const uint64_t target = kRomBase;
  uint8_t* a = r.ram + 0x4000;
  auto be32 = [](uint8_t* p, uint32_t v) {
    for (int i = 0; i < 4; ++i) p[i] = static_cast<uint8_t>(v >> (24 - 8 * i));
  };
  be32(a, control);
  be32(a + 4, 4);
  be32(a + 8, static_cast<uint32_t>(target >> 32));
  be32(a + 12, static_cast<uint32_t>(target));
  const uint8_t addr_be[4] = {0, 0, 0x40, 0};
  port->write(4, addr_be, 4);
  CHECK_EQ(a[3] & kFwCfgDmaError, kFwCfgDmaError);
  CHECK(r.rom_intact());
}

TEST_MAIN()
