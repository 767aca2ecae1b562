// libFuzzer target: arbitrary bytes as a VM snapshot file (vmm/snapshot_file.h, docs/vm-snapshots.md).
// The parser must refuse anything malformed with a SnapshotError, never crash or read out of
// bounds; an accepted file's memory runs must lie inside it, and its device sections go through
// the legacy devices' restore_state (UART, CMOS, ACPI PM, i8042), which must reject garbage too.
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "devices/legacy/acpi_pm.h"
#include "devices/legacy/cmos_rtc.h"
#include "devices/legacy/i8042.h"
#include "devices/legacy/uart_16550.h"
#include "vmm/snapshot_file.h"

using namespace tshyve;
using vmm::snapshot::Section;

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
      default: break;
    }
  }
  return 0;
}
