// vCPU and VM KVM state for snapshots (kvm_state.h): capture into sections, restore from a parsed
// snapshot, in QEMU's restore order (regs, xsave, xcrs, sregs, msrs, mp_state, lapic, events,
// debugregs).
#include "vmm/kvm_state.h"

#include <sys/ioctl.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "vmm/snapshot_state.h"

namespace tshyve::vmm {

using snapshot::Section;

namespace {
std::string failed(const char* what) { return std::string(what) + ": " + std::strerror(errno); }

template <typename T>
bool get(int fd, unsigned long req, T& out) {
  std::memset(&out, 0, sizeof out);
  return ::ioctl(fd, req, &out) == 0;
}

template <typename T>
void add(SavedSections& s, Section type, uint32_t id, const T& v) {
  const auto* b = reinterpret_cast<const uint8_t*>(&v);
  s.entries.push_back({type, id, std::vector<uint8_t>(b, b + sizeof v)});
}

// KVM_GET/SET_MSRS process entries in order and stop at the first one they refuse: step over it.
std::unique_ptr<uint8_t[]> msr_buffer(size_t n, kvm_msrs*& m) {
  std::unique_ptr<uint8_t[]> buf(new uint8_t[sizeof(kvm_msrs) + n * sizeof(kvm_msr_entry)]());
  m = reinterpret_cast<kvm_msrs*>(buf.get());
  return buf;
}

std::string msr_name(uint32_t index) {
  char b[32];
  std::snprintf(b, sizeof b, "MSR 0x%x", index);
  return b;
}

template <typename T>
const T* fixed(const SnapshotImage& img, Section type, uint32_t id) {
  const auto* v = img.find(type, id);
  return v && v->size() == sizeof(T) ? reinterpret_cast<const T*>(v->data()) : nullptr;
}

template <typename T>
void put(int fd, unsigned long req, const char* name, const T& v, uint32_t index) {
  T copy = v;
  if (::ioctl(fd, req, &copy) != 0) throw SnapshotError("restoring vCPU " + std::to_string(index) + ": " + failed(name));
}
}  // namespace

SavedSections capture_vcpu_state(int fd, uint32_t index, const std::vector<uint32_t>& msr_indices) {
  SavedSections s;
  kvm_regs regs;
  kvm_sregs sregs;
  kvm_lapic_state lapic;
  kvm_mp_state mp;
  if (!get(fd, KVM_GET_REGS, regs)) throw SnapshotError(failed("KVM_GET_REGS"));
  if (!get(fd, KVM_GET_SREGS, sregs)) throw SnapshotError(failed("KVM_GET_SREGS"));
  if (!get(fd, KVM_GET_LAPIC, lapic)) throw SnapshotError(failed("KVM_GET_LAPIC"));
  if (!get(fd, KVM_GET_MP_STATE, mp)) throw SnapshotError(failed("KVM_GET_MP_STATE"));
  add(s, Section::kVcpuRegs, index, regs);
  add(s, Section::kVcpuSregs, index, sregs);
  add(s, Section::kVcpuLapic, index, lapic);
  add(s, Section::kVcpuMpState, index, mp);
  auto xsave = std::make_unique<kvm_xsave>();
  if (get(fd, KVM_GET_XSAVE, *xsave)) {
    add(s, Section::kVcpuXsave, index, *xsave);
  } else {
    s.refused.push_back(failed("KVM_GET_XSAVE"));
    kvm_fpu fpu;
    if (!get(fd, KVM_GET_FPU, fpu)) throw SnapshotError(failed("KVM_GET_FPU"));
    add(s, Section::kVcpuFpu, index, fpu);
  }
  kvm_xcrs xcrs;
  if (get(fd, KVM_GET_XCRS, xcrs))
    add(s, Section::kVcpuXcrs, index, xcrs);
  else
    s.refused.push_back(failed("KVM_GET_XCRS"));
  kvm_vcpu_events events;
  if (get(fd, KVM_GET_VCPU_EVENTS, events))
    add(s, Section::kVcpuEvents, index, events);
  else
    s.refused.push_back(failed("KVM_GET_VCPU_EVENTS"));
  kvm_debugregs dr;
  if (get(fd, KVM_GET_DEBUGREGS, dr))
    add(s, Section::kVcpuDebugRegs, index, dr);
  else
    s.refused.push_back(failed("KVM_GET_DEBUGREGS"));

  StateWriter msrs;
  std::vector<std::pair<uint32_t, uint64_t>> got;
  for (size_t from = 0; from < msr_indices.size();) {
    kvm_msrs* m;
    auto buf = msr_buffer(msr_indices.size() - from, m);
    m->nmsrs = static_cast<uint32_t>(msr_indices.size() - from);
    for (uint32_t i = 0; i < m->nmsrs; ++i) m->entries[i].index = msr_indices[from + i];
    int n = ::ioctl(fd, KVM_GET_MSRS, m);
    if (n < 0) throw SnapshotError(failed("KVM_GET_MSRS"));
    for (int i = 0; i < n; ++i) got.emplace_back(m->entries[i].index, m->entries[i].data);
    from += static_cast<size_t>(n);
    if (from < msr_indices.size()) s.refused.push_back("KVM_GET_MSRS: " + msr_name(msr_indices[from++]));
  }
  msrs.u32(static_cast<uint32_t>(got.size()));
  for (auto& [i, v] : got) {
    msrs.u32(i);
    msrs.u64(v);
  }
  s.entries.push_back({Section::kVcpuMsrs, index, msrs.take()});
  return s;
}

void capture_vm_state(int vm_fd, SavedSections& s) {
  for (uint32_t chip = 0; chip < 3; ++chip) {
    kvm_irqchip c{};
    c.chip_id = chip;
    if (::ioctl(vm_fd, KVM_GET_IRQCHIP, &c) != 0) throw SnapshotError(failed("KVM_GET_IRQCHIP"));
    add(s, Section::kVmIrqchip, chip, c);
  }
  kvm_pit_state2 pit;
  if (get(vm_fd, KVM_GET_PIT2, pit))
    add(s, Section::kVmPit2, 0, pit);
  else
    s.refused.push_back(failed("KVM_GET_PIT2"));
  kvm_clock_data clock;
  if (get(vm_fd, KVM_GET_CLOCK, clock))
    add(s, Section::kVmClock, 0, clock);
  else
    s.refused.push_back(failed("KVM_GET_CLOCK"));
}

void restore_vcpu_state(int fd, uint32_t index, const SnapshotImage& img, std::vector<std::string>& refused) {
  put(fd, KVM_SET_REGS, "KVM_SET_REGS", *fixed<kvm_regs>(img, Section::kVcpuRegs, index), index);
  if (const auto* x = fixed<kvm_xsave>(img, Section::kVcpuXsave, index)) {
    auto copy = std::make_unique<kvm_xsave>(*x);
    if (::ioctl(fd, KVM_SET_XSAVE, copy.get()) != 0)
      throw SnapshotError("restoring vCPU " + std::to_string(index) + ": " + failed("KVM_SET_XSAVE"));
  } else if (const auto* f = fixed<kvm_fpu>(img, Section::kVcpuFpu, index)) {
    put(fd, KVM_SET_FPU, "KVM_SET_FPU", *f, index);
  }
  if (const auto* x = fixed<kvm_xcrs>(img, Section::kVcpuXcrs, index)) put(fd, KVM_SET_XCRS, "KVM_SET_XCRS", *x, index);
  put(fd, KVM_SET_SREGS, "KVM_SET_SREGS", *fixed<kvm_sregs>(img, Section::kVcpuSregs, index), index);
  if (const auto* v = img.find(Section::kVcpuMsrs, index)) {
    StateReader r(*v);
    const uint32_t n = r.u32();
    if (n > r.remaining() / 12) throw SnapshotError("garbled snapshot: vCPU " + std::to_string(index) + " MSR count " + std::to_string(n));
    kvm_msrs* m;
    auto buf = msr_buffer(n, m);
    for (uint32_t i = 0; i < n; ++i) {
      m->entries[i].index = r.u32();
      m->entries[i].data = r.u64();
    }
    if (!r.ok_and_done()) throw SnapshotError("garbled snapshot: vCPU " + std::to_string(index) + " MSR section");
    for (uint32_t from = 0; from < n;) {
      kvm_msrs* part;
      auto pbuf = msr_buffer(n - from, part);
      part->nmsrs = n - from;
      std::memcpy(part->entries, m->entries + from, (n - from) * sizeof(kvm_msr_entry));
      int done = ::ioctl(fd, KVM_SET_MSRS, part);
      if (done < 0) throw SnapshotError("restoring vCPU " + std::to_string(index) + ": " + failed("KVM_SET_MSRS"));
      from += static_cast<uint32_t>(done);
      if (from < n) refused.push_back("KVM_SET_MSRS: " + msr_name(m->entries[from++].index));
    }
  }
  put(fd, KVM_SET_MP_STATE, "KVM_SET_MP_STATE", *fixed<kvm_mp_state>(img, Section::kVcpuMpState, index), index);
  put(fd, KVM_SET_LAPIC, "KVM_SET_LAPIC", *fixed<kvm_lapic_state>(img, Section::kVcpuLapic, index), index);
  if (const auto* e = fixed<kvm_vcpu_events>(img, Section::kVcpuEvents, index)) {
    kvm_vcpu_events ev = *e;
    ev.flags &= KVM_VCPUEVENT_VALID_NMI_PENDING | KVM_VCPUEVENT_VALID_SIPI_VECTOR | KVM_VCPUEVENT_VALID_SHADOW;
    ev.flags |= KVM_VCPUEVENT_VALID_NMI_PENDING | KVM_VCPUEVENT_VALID_SIPI_VECTOR;
    if (::ioctl(fd, KVM_SET_VCPU_EVENTS, &ev) != 0) refused.push_back(failed("KVM_SET_VCPU_EVENTS"));
  }
  if (const auto* d = fixed<kvm_debugregs>(img, Section::kVcpuDebugRegs, index)) {
    kvm_debugregs dr = *d;
    if (::ioctl(fd, KVM_SET_DEBUGREGS, &dr) != 0) refused.push_back(failed("KVM_SET_DEBUGREGS"));
  }
}

void restore_vm_state(int vm_fd, const SnapshotImage& img, std::vector<std::string>& refused) {
  for (uint32_t chip = 0; chip < 3; ++chip) {
    const auto* c = fixed<kvm_irqchip>(img, Section::kVmIrqchip, chip);
    if (!c) throw SnapshotError("incomplete snapshot: irqchip " + std::to_string(chip) + " missing");
    kvm_irqchip copy = *c;
    copy.chip_id = chip;
    if (::ioctl(vm_fd, KVM_SET_IRQCHIP, &copy) != 0) throw SnapshotError(failed("KVM_SET_IRQCHIP"));
  }
  if (const auto* p = fixed<kvm_pit_state2>(img, Section::kVmPit2, 0)) {
    kvm_pit_state2 copy = *p;
    if (::ioctl(vm_fd, KVM_SET_PIT2, &copy) != 0) refused.push_back(failed("KVM_SET_PIT2"));
  }
  if (const auto* c = fixed<kvm_clock_data>(img, Section::kVmClock, 0)) {
    kvm_clock_data copy{};
    copy.clock = c->clock;  // flags 0: the saved guest clock value, not a host realtime pairing
    if (::ioctl(vm_fd, KVM_SET_CLOCK, &copy) != 0) refused.push_back(failed("KVM_SET_CLOCK"));
  }
}

}  // namespace tshyve::vmm
