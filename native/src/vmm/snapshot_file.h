// The tshyve VM snapshot file, format version 1 (docs/vm-snapshots.md): a header (magic, format
// version, tshyve version, machine-config hash, memory size, vCPU count, the CPUID the guest saw)
// followed by length-prefixed sections (type, id, length, payload) and a closing end section. The
// parser bounds-checks every field and refuses a truncated or garbled file with a SnapshotError.
#pragma once
#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "vmm/kvm_uapi.h"

namespace tshyve::vmm {

class SnapshotError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

namespace snapshot {
constexpr char kMagic[8] = {'T', 'S', 'H', 'Y', 'S', 'N', 'A', 'P'};
constexpr uint32_t kFormatVersion = 1;
constexpr size_t kVersionField = 32;        // tshyve version, NUL-padded
constexpr uint32_t kMaxCpuidEntries = 512;  // KVM_GET_SUPPORTED_CPUID reports ~75 here
constexpr uint32_t kMaxVcpus = 255;
constexpr uint64_t kMaxStateSection = 1u << 20;  // any section but memory
constexpr uint64_t kPageSize = 4096;
constexpr size_t kSectionHeaderBytes = 16;  // u32 type, u32 id, u64 length

// Section types. vCPU sections carry the vCPU index as id; device sections a DeviceId.
enum class Section : uint32_t {
  kEnd = 0,
  kVcpuRegs = 0x10,   // struct kvm_regs
  kVcpuSregs,         // struct kvm_sregs
  kVcpuFpu,           // struct kvm_fpu (when XSAVE is refused)
  kVcpuXsave,         // struct kvm_xsave
  kVcpuXcrs,          // struct kvm_xcrs
  kVcpuMsrs,          // u32 count, then count x (u32 index, u64 value)
  kVcpuLapic,         // struct kvm_lapic_state
  kVcpuEvents,        // struct kvm_vcpu_events
  kVcpuDebugRegs,     // struct kvm_debugregs
  kVcpuMpState,       // struct kvm_mp_state
  kVmIrqchip = 0x30,  // struct kvm_irqchip; id = chip (0 PIC master, 1 PIC slave, 2 IOAPIC)
  kVmPit2,            // struct kvm_pit_state2
  kVmClock,           // struct kvm_clock_data
  kDevice = 0x40,     // a device's own encoding (vmm/snapshot_state.h)
  kMemory = 0x50,     // u64 guest-physical address, then whole pages of guest RAM
};

enum DeviceId : uint32_t {
  kDeviceCom1 = 0x11,  // 0x10 + COM port number
  kDeviceCmos = 0x20,
  kDeviceAcpiPm = 0x21,
  kDeviceI8042 = 0x22,
  kDeviceFwCfg = 0x23,    // u8 version 1, u16 selector, u32 offset, u32 DMA address high, u8 item present, u32 item size
  kDevicePciRoot = 0x24,  // u8 version 1, u32 the 0xCF8 address latch
  kDeviceTestPio = 0x30,
  kDeviceTestMmio = 0x31,
  kDeviceVirtioBase = 0x100,  // + PCI slot * 8 + function: a virtio-pci function (0x100-0x1ff)
  kDeviceAhciBase = 0x200,    // + PCI slot * 8 + function: an AHCI controller (0x200-0x2ff)
  kDeviceNvmeBase = 0x300,    // + PCI slot * 8 + function: an NVMe controller (0x300-0x3ff)
};
}  // namespace snapshot

struct SnapshotHeader {
  std::string tshyve_version;
  uint64_t config_hash = 0;
  uint64_t memory_bytes = 0;
  uint32_t vcpus = 0;
  std::vector<kvm_cpuid_entry2> cpuid;  // vCPU 0's, as the guest saw it
};

// One run of saved guest RAM: `length` bytes for [gpa, gpa+length) at `file_offset`.
struct SnapshotMemoryRun {
  uint64_t gpa, file_offset, length;
};

// A parsed snapshot: every state section's bytes (keyed by type and id) and where memory lies.
struct SnapshotImage {
  SnapshotHeader header;
  std::map<std::pair<uint32_t, uint32_t>, std::vector<uint8_t>> sections;
  std::vector<SnapshotMemoryRun> memory;  // ascending, non-overlapping
  const std::vector<uint8_t>* find(snapshot::Section type, uint32_t id = 0) const;
};

// Random access to the bytes of a snapshot: a file or a buffer (tests, fuzzing).
class SnapshotSource {
 public:
  virtual ~SnapshotSource() = default;
  virtual uint64_t size() const = 0;
  // Reads exactly `len` bytes at `offset`; false on a short read or I/O error.
  virtual bool read(uint64_t offset, void* out, size_t len) const = 0;
};

class FdSnapshotSource : public SnapshotSource {
 public:
  explicit FdSnapshotSource(int fd);  // throws SnapshotError when fstat fails
  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, void* out, size_t len) const override;

 private:
  int fd_;
  uint64_t size_;
};

class BufferSnapshotSource : public SnapshotSource {
 public:
  BufferSnapshotSource(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  uint64_t size() const override { return size_; }
  bool read(uint64_t offset, void* out, size_t len) const override;

 private:
  const uint8_t* data_;
  size_t size_;
};

// Parses and checks the whole layout (memory runs are located, not read). Throws SnapshotError.
SnapshotImage parse_snapshot(const SnapshotSource& src);

// Appends a snapshot to `fd` in order: header, sections, end. Throws SnapshotError on I/O errors.
class SnapshotWriter {
 public:
  explicit SnapshotWriter(int fd) : fd_(fd) {}
  void header(const SnapshotHeader& h);
  void section(snapshot::Section type, uint32_t id, const void* data, size_t len);
  void section(snapshot::Section type, uint32_t id, const std::vector<uint8_t>& data) { section(type, id, data.data(), data.size()); }
  // Straight from guest memory into the file, no copy (len: whole pages).
  void memory(uint64_t gpa, const uint8_t* host, uint64_t len);
  void end();
  uint64_t bytes_written() const { return offset_; }

 private:
  void write_all(const void* data, size_t len);
  int fd_;
  uint64_t offset_ = 0;
};

// Writes the runs of non-zero pages of [gpa, gpa+size) at `host` as memory sections (pages the
// kernel never backed are skipped without being read). Returns the bytes of RAM written.
uint64_t write_sparse_memory(SnapshotWriter& w, uint64_t gpa, const uint8_t* host, uint64_t size);

}  // namespace tshyve::vmm
