// libFuzzer target: arbitrary bytes as a VM snapshot file (vmm/snapshot_file.h, docs/vm-snapshots.md).
// The parser must refuse anything malformed with a SnapshotError, never crash or read out of
// bounds; an accepted file's memory runs must lie inside it, and its device sections go through
// the legacy devices' restore_state (UART, CMOS, ACPI PM, i8042, fw_cfg, the PCI root's 0xCF8 latch) and virtio sections into fresh
// virtio-pci functions (rng, console, blk; net's own part is a compare of its configuration), which
// must reject garbage too and, when they take it, keep serving their restored queues safely.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>

#include "arch/x86_64/fw_cfg.h"
#include "devices/legacy/acpi_pm.h"
#include "devices/legacy/cmos_rtc.h"
#include "devices/legacy/i8042.h"
#include "devices/legacy/uart_16550.h"
#include "devices/pci/pci_root.h"
#include "devices/virtio/virtio_blk.h"
#include "devices/virtio/virtio_console.h"
#include "devices/virtio/virtio_pci.h"
#include "devices/virtio/virtio_rng.h"
#include "fuzz_support.h"
#include "vmm/msi_routing.h"
#include "vmm/snapshot_file.h"

using namespace tshyve;
using vmm::snapshot::Section;
namespace virtio = devices::virtio;

namespace {
// One image for every blk function (a VirtioBlk holds its lock: only one exists at a time), removed
// at exit.
char blk_path[] = "/var/tmp/tshyve-fuzz-snap-XXXXXX";
const char* blk_image() {
  static bool made = [] {
    int fd = mkstemp(blk_path);
    if (fd < 0 || ftruncate(fd, 1 << 20) != 0) std::abort();
    close(fd);
    std::atexit([] { unlink(blk_path); });
    return true;
  }();
  (void)made;
  return blk_path;
}

// A virtio section into a fresh function of the kind the id picks; one that takes it is then
// kicked on every queue over the (garbage) guest RAM its restored rings point into.
void restore_virtio(uint32_t id, const std::vector<uint8_t>& bytes) {
  static fuzz::GuardedMemory mem{fuzz::kRam};
  vmm::MsiRouter router(-1);  // per function: its GSIs' eventfds are closed with it
  mem.clear();
  std::shared_ptr<virtio::VirtioDevice> dev;
  switch (id % 3) {
    case 0: dev = std::make_shared<virtio::VirtioRng>(virtio::RngConfig{}); break;
    case 1: {
      virtio::ConsoleConfig cc;
      cc.ports.push_back({"port1", ""});
      dev = std::make_shared<virtio::VirtioConsole>(cc);
      break;
    }
    default: {
      virtio::BlockConfig bc;
      bc.file.path = blk_image();
      dev = std::make_shared<virtio::VirtioBlk>(bc);
    }
  }
  virtio::VirtioPciFunction fn(dev, mem, virtio::VirtioPciOptions{-1, &router, nullptr, static_cast<uint8_t>(id & 0x1f), 0});
  vmm::StateReader r(bytes);
  if (!fn.restore_state(r)) {
    if (fn.status() != 0) std::abort();  // refused: left in reset state
    return;
  }
  for (uint16_t q = 0; q < dev->num_queues(); ++q) {
    if (auto* blk = dynamic_cast<virtio::VirtioBlk*>(dev.get())) {
      std::lock_guard<std::mutex> lock(fn.lock());
      blk->drain(fn, q);
    } else {
      fn.doorbell(q);
    }
  }
  std::lock_guard<std::mutex> lock(fn.lock());
  vmm::StateWriter again;
  fn.save_state(again);  // a restored function saves again (nothing in flight)
  fn.shutdown();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  vmm::BufferSnapshotSource src(data, size);
  vmm::SnapshotImage img;
  try {
    img = vmm::parse_snapshot(src);
  } catch (const vmm::SnapshotError&) {
    return 0;
  }
  uint64_t end = 0;
  for (const auto& run : img.memory) {
    if (run.file_offset > size || run.length > size - run.file_offset) std::abort();
    if (run.gpa < end || run.gpa % vmm::snapshot::kPageSize) std::abort();
    end = run.gpa + run.length;
    uint8_t probe[16];
    if (!src.read(run.file_offset + run.length - sizeof probe, probe, sizeof probe)) std::abort();
  }
  for (const auto& [key, bytes] : img.sections) {
    if (key.first != static_cast<uint32_t>(Section::kDevice)) continue;
    vmm::StateReader r(bytes);
    switch (key.second) {
      case vmm::snapshot::kDeviceCom1: {
        devices::Uart16550 u(nullptr, [](const uint8_t*, size_t) {});
        u.restore_state(r);
        break;
      }
      case vmm::snapshot::kDeviceCmos: {
        devices::CmosRtc c(devices::CmosConfig{}, [] { return int64_t{1700000000}; });
        c.restore_state(r);
        break;
      }
      case vmm::snapshot::kDeviceAcpiPm: {
        devices::AcpiPm pm(
            nullptr, [] { return uint64_t{1000}; }, [] {});
        pm.restore_state(r);
        break;
      }
      case vmm::snapshot::kDeviceI8042: {
        devices::I8042 k([] {});
        k.restore_state(r);
        break;
      }
      case vmm::snapshot::kDevicePciRoot: {
        auto root = std::make_shared<devices::PciRoot>();
        if (root->restore_state(r)) {
          uint8_t b[4];
          root->io_device()->read(4, b, 4);  // a config read through the restored latch (no functions: all-ones)
        } else if (root->config_address() != 0) {
          std::abort();  // refused: the latch keeps its reset value
        }
        break;
      }
      case vmm::snapshot::kDeviceFwCfg: {
        static fuzz::GuardedMemory fw_mem{4096};
        auto fw = std::make_shared<arch::x86_64::FwCfg>(fw_mem);
        fw->add_file("etc/e820", std::vector<uint8_t>(40, 0xaa));
        std::string why;
        if (fw->restore_state(r, why)) {
          auto io = fw->io_device();
          uint8_t b = 0;
          for (int i = 0; i < 64; ++i) io->read(1, &b, 1);  // reads on from the restored offset, within the item
        } else if (why.empty()) {
          std::abort();
        }
        break;
      }
      default:
        if (key.second >= vmm::snapshot::kDeviceVirtioBase && key.second < vmm::snapshot::kDeviceVirtioBase + 0x100)
          restore_virtio(key.second, bytes);
        break;
    }
  }
  return 0;
}
