// libFuzzer target: arbitrary bytes as a VM snapshot file (vmm/snapshot_file.h, docs/vm-snapshots.md).
// The parser must refuse anything malformed with a SnapshotError, never crash or read out of
// bounds; an accepted file's memory runs must lie inside it, and its device sections go through
// the legacy devices' restore_state (UART, CMOS, ACPI PM, i8042, fw_cfg, the PCI root's 0xCF8
// latch) and virtio sections into fresh virtio-pci functions (rng, console, blk; net's own part is a
// compare of its configuration), AHCI sections into a fresh HBA (a disk, and a CD-ROM on a second
// port for odd ids) and NVMe sections into a fresh NVMe function, which must reject garbage too and,
// when they take it, keep serving their restored state safely (commands issued on every slot or
// queue, then saved again).
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
#include "devices/storage/ahci_hba.h"
#include "devices/storage/ahci_spec.h"
#include "devices/storage/nvme_pci.h"
#include "devices/storage/nvme_spec.h"
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
// One image per device kind (a device holds its image's lock: only one exists at a time), removed
// at exit. The AHCI and NVMe sizes are those of test_storage_snapshot, whose sections seed the corpus.
struct Image {
  char path[40] = "/var/tmp/tshyve-fuzz-snap-XXXXXX";
  explicit Image(off_t size) {
    int fd = mkstemp(path);
    if (fd < 0 || ftruncate(fd, size) != 0) std::abort();
    close(fd);
  }
  ~Image() { unlink(path); }
};
const char* blk_image() {
  static Image image(1 << 20);
  return image.path;
}
const char* ahci_disk_image() {
  static Image image(4 << 20);
  return image.path;
}
const char* ahci_cd_image() {
  static Image image(2048 * 300);
  return image.path;
}
const char* nvme_image() {
  static Image image(8 << 20);
  return image.path;
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
// An AHCI section into a fresh inline HBA at slot id & 0x1f; one that takes it gets bus mastering,
// every slot of every port issued, its registers read, and is saved again.
void restore_ahci(uint32_t id, const std::vector<uint8_t>& bytes) {
  using namespace devices::storage;
  static fuzz::GuardedMemory mem{fuzz::kRam};
  mem.clear();
  AhciConfig c;
  c.slot = static_cast<uint8_t>(id & 0x1f);
  AhciDriveConfig disk;
  disk.file.path = ahci_disk_image();
  c.ports.push_back(disk);
  if (id & 1) {
    AhciDriveConfig cd;
    cd.kind = AhciDriveKind::kCdrom;
    cd.file.path = ahci_cd_image();
    c.ports.push_back(cd);
  }
  AhciHbaOptions o;
  o.worker = false;
  AhciHba hba(c, mem, o);
  vmm::StateReader r(bytes);
  try {
    if (!hba.restore_state(r)) return;
  } catch (const vmm::SnapshotError&) {
    return;
  }
  hba.config_write(0x04, 2, 0x0006);
  for (uint32_t p = 0; p < hba.port_count(); ++p) hba.write_register(ahci::kPortBase + p * ahci::kPortStride + ahci::kPxCi, 0xffffffff);
  for (uint32_t off = 0; off < ahci::kPortBase + hba.port_count() * ahci::kPortStride; off += 4) (void)hba.read_register(off);
  std::lock_guard<std::mutex> lock(hba.snapshot_lock());
  vmm::StateWriter again;
  hba.save_state(again);
}

// An NVMe section into a fresh function (2 I/O queue pairs of 64 entries, commands run by
// process_pending); one that takes it gets every doorbell rung, its registers read, and is saved again.
void restore_nvme(uint32_t id, const std::vector<uint8_t>& bytes) {
  using namespace devices::storage;
  static fuzz::GuardedMemory mem{fuzz::kRam};
  mem.clear();
  vmm::MsiRouter router(-1);
  NvmeConfig c;
  c.slot = static_cast<uint8_t>(id & 0x1f);
  c.path = nvme_image();
  c.max_queues = 2;
  c.queue_size = 64;
  NvmePciOptions o;
  o.router = &router;
  o.workers = 0;
  NvmePciFunction fn(c, mem, o);
  vmm::StateReader r(bytes);
  try {
    if (!fn.restore_state(r)) return;
  } catch (const vmm::SnapshotError&) {
    return;
  }
  for (uint32_t q = 0; q <= c.max_queues; ++q) {
    uint32_t tail = 1, head = 0;
    fn.mmio_write(0, nvme::reg::kDoorbells + 8 * q, reinterpret_cast<uint8_t*>(&tail), 4);
    fn.mmio_write(0, nvme::reg::kDoorbells + 8 * q + 4, reinterpret_cast<uint8_t*>(&head), 4);
  }
  fn.controller().process_pending();
  for (uint32_t off = 0; off < 0x40; off += 4) {
    uint32_t v;
    fn.mmio_read(0, off, reinterpret_cast<uint8_t*>(&v), 4);
  }
  {
    std::lock_guard<std::mutex> lock(fn.snapshot_lock());
    vmm::StateWriter again;
    fn.save_state(again);  // synchronous: nothing is left in flight
  }
  fn.stop();
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
        else if (key.second >= vmm::snapshot::kDeviceAhciBase && key.second < vmm::snapshot::kDeviceAhciBase + 0x100)
          restore_ahci(key.second, bytes);
        else if (key.second >= vmm::snapshot::kDeviceNvmeBase && key.second < vmm::snapshot::kDeviceNvmeBase + 0x100)
          restore_nvme(key.second, bytes);
        break;
    }
  }
  return 0;
}
