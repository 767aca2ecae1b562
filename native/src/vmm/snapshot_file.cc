// Snapshot file format version 1 (snapshot_file.h, docs/vm-snapshots.md): writer, sparse memory
// runs, and the bounds-checked parser.
#include "vmm/snapshot_file.h"

#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "vmm/snapshot_state.h"

namespace tshyve::vmm {

using snapshot::Section;

namespace {
constexpr size_t kFixedHeaderBytes = 8 + 4 + 4 + snapshot::kVersionField + 8 + 8 + 4 + 4;
constexpr size_t kCpuidEntryBytes = 7 * 4;
constexpr uint64_t kMaxRunBytes = 16ull << 20;  // one memory section covers at most this much

std::string hex(uint64_t v) {
  char b[24];
  std::snprintf(b, sizeof b, "0x%llx", static_cast<unsigned long long>(v));
  return b;
}

// The exact payload size of a section that holds one KVM struct; 0 for variable-size sections.
size_t fixed_size(Section t) {
  switch (t) {
    case Section::kVcpuRegs: return sizeof(kvm_regs);
    case Section::kVcpuSregs: return sizeof(kvm_sregs);
    case Section::kVcpuFpu: return sizeof(kvm_fpu);
    case Section::kVcpuXsave: return sizeof(kvm_xsave);
    case Section::kVcpuXcrs: return sizeof(kvm_xcrs);
    case Section::kVcpuLapic: return sizeof(kvm_lapic_state);
    case Section::kVcpuEvents: return sizeof(kvm_vcpu_events);
    case Section::kVcpuDebugRegs: return sizeof(kvm_debugregs);
    case Section::kVcpuMpState: return sizeof(kvm_mp_state);
    case Section::kVmIrqchip: return sizeof(kvm_irqchip);
    case Section::kVmPit2: return sizeof(kvm_pit_state2);
    case Section::kVmClock: return sizeof(kvm_clock_data);
    default: return 0;
  }
}

bool is_vcpu_section(Section t) { return t >= Section::kVcpuRegs && t <= Section::kVcpuMpState; }
bool known(uint32_t t) {
  auto s = static_cast<Section>(t);
  return is_vcpu_section(s) || s == Section::kVmIrqchip || s == Section::kVmPit2 || s == Section::kVmClock || s == Section::kDevice ||
         s == Section::kMemory || s == Section::kEnd;
}

bool page_is_zero(const uint8_t* p) {
  uint64_t first;
  std::memcpy(&first, p, 8);
  return first == 0 && std::memcmp(p, p + 8, snapshot::kPageSize - 8) == 0;
}
}  // namespace

const std::vector<uint8_t>* SnapshotImage::find(Section type, uint32_t id) const {
  auto it = sections.find({static_cast<uint32_t>(type), id});
  return it == sections.end() ? nullptr : &it->second;
}

FdSnapshotSource::FdSnapshotSource(int fd) : fd_(fd) {
  struct stat st {};
  if (::fstat(fd, &st) != 0) throw SnapshotError(std::string("cannot stat the snapshot: ") + std::strerror(errno));
  if (!S_ISREG(st.st_mode)) throw SnapshotError("the snapshot is not a regular file");
  size_ = static_cast<uint64_t>(st.st_size);
}

bool FdSnapshotSource::read(uint64_t offset, void* out, size_t len) const {
  auto* p = static_cast<uint8_t*>(out);
  while (len) {
    ssize_t n = ::pread(fd_, p, len, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    offset += static_cast<uint64_t>(n);
    len -= static_cast<size_t>(n);
  }
  return true;
}

bool BufferSnapshotSource::read(uint64_t offset, void* out, size_t len) const {
  if (offset > size_ || len > size_ - offset) return false;
  if (len) std::memcpy(out, data_ + offset, len);
  return true;
}

SnapshotImage parse_snapshot(const SnapshotSource& src) {
  const uint64_t size = src.size();
  if (size < kFixedHeaderBytes)
    throw SnapshotError("the snapshot is truncated: " + std::to_string(size) + " bytes, shorter than its header");
  uint8_t fixed[kFixedHeaderBytes];
  if (!src.read(0, fixed, sizeof fixed)) throw SnapshotError("cannot read the snapshot header");
  if (std::memcmp(fixed, snapshot::kMagic, 8) != 0) throw SnapshotError("not a tshyve snapshot (bad magic)");
  StateReader r(fixed + 8, sizeof fixed - 8);
  const uint32_t version = r.u32();
  if (version != snapshot::kFormatVersion)
    throw SnapshotError("snapshot format version " + std::to_string(version) + " is not supported (this tshyve reads version " +
                        std::to_string(snapshot::kFormatVersion) + ")");
  const uint32_t header_bytes = r.u32();
  char ver[snapshot::kVersionField + 1] = {};
  r.bytes(ver, snapshot::kVersionField);
  SnapshotImage img;
  img.header.tshyve_version = ver;
  img.header.config_hash = r.u64();
  img.header.memory_bytes = r.u64();
  img.header.vcpus = r.u32();
  const uint32_t ncpuid = r.u32();
  if (img.header.vcpus == 0 || img.header.vcpus > snapshot::kMaxVcpus)
    throw SnapshotError("garbled snapshot header: vCPU count " + std::to_string(img.header.vcpus));
  if (ncpuid > snapshot::kMaxCpuidEntries) throw SnapshotError("garbled snapshot header: " + std::to_string(ncpuid) + " CPUID entries");
  if (img.header.memory_bytes == 0 || img.header.memory_bytes % snapshot::kPageSize)
    throw SnapshotError("garbled snapshot header: memory size " + std::to_string(img.header.memory_bytes));
  if (header_bytes != kFixedHeaderBytes + ncpuid * kCpuidEntryBytes)
    throw SnapshotError("garbled snapshot header: header length " + std::to_string(header_bytes));
  if (header_bytes > size) throw SnapshotError("the snapshot is truncated inside its header");
  std::vector<uint8_t> cpuid(ncpuid * kCpuidEntryBytes);
  if (!src.read(kFixedHeaderBytes, cpuid.data(), cpuid.size())) throw SnapshotError("cannot read the snapshot's CPUID");
  StateReader c(cpuid);
  for (uint32_t i = 0; i < ncpuid; ++i) {
    kvm_cpuid_entry2 e{};
    e.function = c.u32();
    e.index = c.u32();
    e.flags = c.u32();
    e.eax = c.u32();
    e.ebx = c.u32();
    e.ecx = c.u32();
    e.edx = c.u32();
    img.header.cpuid.push_back(e);
  }

  uint64_t at = header_bytes;
  uint64_t memory_end = 0;  // end of the previous memory run: runs ascend without overlap
  for (;;) {
    if (size - at < snapshot::kSectionHeaderBytes)
      throw SnapshotError("the snapshot is truncated at byte " + std::to_string(at) + " (no end section)");
    uint8_t sh[snapshot::kSectionHeaderBytes];
    if (!src.read(at, sh, sizeof sh)) throw SnapshotError("cannot read the snapshot at byte " + std::to_string(at));
    StateReader s(sh, sizeof sh);
    const uint32_t type = s.u32(), id = s.u32();
    const uint64_t len = s.u64();
    at += snapshot::kSectionHeaderBytes;
    const std::string where =
        "section " + hex(type) + "/" + std::to_string(id) + " at byte " + std::to_string(at - snapshot::kSectionHeaderBytes);
    if (!known(type)) throw SnapshotError("garbled snapshot: unknown " + where);
    if (len > size - at) throw SnapshotError("the snapshot is truncated: " + where + " claims " + std::to_string(len) + " bytes");
    const auto t = static_cast<Section>(type);
    if (t == Section::kEnd) {
      if (len != 0 || id != 0) throw SnapshotError("garbled snapshot: bad end " + where);
      if (at != size) throw SnapshotError("garbled snapshot: " + std::to_string(size - at) + " bytes after the end section");
      break;
    }
    if (t == Section::kMemory) {
      if (len < 8 + snapshot::kPageSize || (len - 8) % snapshot::kPageSize || len - 8 > kMaxRunBytes)
        throw SnapshotError("garbled snapshot: bad memory length in " + where);
      uint8_t g[8];
      if (!src.read(at, g, 8)) throw SnapshotError("cannot read " + where);
      StateReader gr(g, 8);
      const uint64_t gpa = gr.u64(), bytes = len - 8;
      if (gpa % snapshot::kPageSize || gpa < memory_end || gpa + bytes < gpa)
        throw SnapshotError("garbled snapshot: memory run at " + hex(gpa) + " out of order in " + where);
      memory_end = gpa + bytes;
      img.memory.push_back({gpa, at + 8, bytes});
    } else {
      if (len > snapshot::kMaxStateSection) throw SnapshotError("garbled snapshot: " + where + " is " + std::to_string(len) + " bytes");
      const size_t want = fixed_size(t);
      if (want && len != want)
        throw SnapshotError("garbled snapshot: " + where + " is " + std::to_string(len) + " bytes, expected " + std::to_string(want));
      if (is_vcpu_section(t) && id >= img.header.vcpus)
        throw SnapshotError("garbled snapshot: " + where + " names vCPU " + std::to_string(id));
      if (t == Section::kVmIrqchip && id > 2) throw SnapshotError("garbled snapshot: " + where + " names irqchip " + std::to_string(id));
      std::vector<uint8_t> payload(len);
      if (!src.read(at, payload.data(), len)) throw SnapshotError("cannot read " + where);
      if (!img.sections.emplace(std::make_pair(type, id), std::move(payload)).second)
        throw SnapshotError("garbled snapshot: duplicate " + where);
    }
    at += len;
  }
  for (uint32_t v = 0; v < img.header.vcpus; ++v)
    for (Section need : {Section::kVcpuRegs, Section::kVcpuSregs, Section::kVcpuLapic, Section::kVcpuMpState})
      if (!img.find(need, v))
        throw SnapshotError("incomplete snapshot: vCPU " + std::to_string(v) + " lacks section " + hex(static_cast<uint32_t>(need)));
  return img;
}

void SnapshotWriter::write_all(const void* data, size_t len) {
  const auto* p = static_cast<const uint8_t*>(data);
  while (len) {
    ssize_t n = ::write(fd_, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw SnapshotError(std::string("writing the snapshot: ") + std::strerror(n < 0 ? errno : EIO));
    p += n;
    len -= static_cast<size_t>(n);
    offset_ += static_cast<uint64_t>(n);
  }
}

void SnapshotWriter::header(const SnapshotHeader& h) {
  StateWriter w;
  w.bytes(snapshot::kMagic, 8);
  w.u32(snapshot::kFormatVersion);
  w.u32(static_cast<uint32_t>(kFixedHeaderBytes + h.cpuid.size() * kCpuidEntryBytes));
  char ver[snapshot::kVersionField] = {};
  std::memcpy(ver, h.tshyve_version.data(), std::min(h.tshyve_version.size(), sizeof ver - 1));
  w.bytes(ver, sizeof ver);
  w.u64(h.config_hash);
  w.u64(h.memory_bytes);
  w.u32(h.vcpus);
  w.u32(static_cast<uint32_t>(h.cpuid.size()));
  for (const auto& e : h.cpuid) {
    for (uint32_t v : {e.function, e.index, e.flags, e.eax, e.ebx, e.ecx, e.edx}) w.u32(v);
  }
  write_all(w.data().data(), w.data().size());
}

void SnapshotWriter::section(Section type, uint32_t id, const void* data, size_t len) {
  StateWriter w;
  w.u32(static_cast<uint32_t>(type));
  w.u32(id);
  w.u64(len);
  write_all(w.data().data(), w.data().size());
  write_all(data, len);
}

void SnapshotWriter::memory(uint64_t gpa, const uint8_t* host, uint64_t len) {
  StateWriter w;
  w.u32(static_cast<uint32_t>(Section::kMemory));
  w.u32(0);
  w.u64(len + 8);
  w.u64(gpa);
  write_all(w.data().data(), w.data().size());
  write_all(host, len);
}

void SnapshotWriter::end() { section(Section::kEnd, 0, nullptr, 0); }

uint64_t write_sparse_memory(SnapshotWriter& w, uint64_t gpa, const uint8_t* host, uint64_t size) {
  constexpr uint64_t kPage = snapshot::kPageSize, kChunk = 64ull << 20;
  uint64_t written = 0;
  std::vector<unsigned char> resident;
  for (uint64_t chunk = 0; chunk < size; chunk += kChunk) {
    const uint64_t chunk_len = std::min(kChunk, size - chunk);
    const uint64_t pages = (chunk_len + kPage - 1) / kPage;
    resident.assign(pages, 1);
    // Pages the kernel never backed read as zero: skip them without touching them.
    ::mincore(const_cast<uint8_t*>(host + chunk), chunk_len, resident.data());
    uint64_t run_start = 0, run_len = 0;
    auto flush = [&] {
      if (!run_len) return;
      w.memory(gpa + chunk + run_start, host + chunk + run_start, run_len);
      written += run_len;
      run_len = 0;
    };
    for (uint64_t p = 0; p < pages; ++p) {
      const uint64_t off = p * kPage;
      const bool data = (resident[p] & 1) && off + kPage <= chunk_len && !page_is_zero(host + chunk + off);
      if (!data || run_len == kMaxRunBytes) flush();
      if (!data) continue;
      if (!run_len) run_start = off;
      run_len += kPage;
    }
    flush();
  }
  return written;
}

}  // namespace tshyve::vmm
