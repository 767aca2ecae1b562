// Snapshot admission checks (snapshot.h): machine hash, unsaved devices, CPUID features (Intel SDM
// vol 2A, CPUID leaves 01h, 07h, 0Dh/1, 80000001h).
#include "machine/snapshot.h"

#include <cstdio>

namespace tshyve::machine {

namespace {
class Fnv {
 public:
  void add(const void* p, size_t n) {
    const auto* b = static_cast<const uint8_t*>(p);
    for (size_t i = 0; i < n; ++i) h_ = (h_ ^ b[i]) * 0x100000001b3ull;
  }
  void num(uint64_t v) { add(&v, sizeof v); }
  void str(const std::string& s) {
    num(s.size());
    add(s.data(), s.size());
  }
  uint64_t value() const { return h_; }

 private:
  uint64_t h_ = 0xcbf29ce484222325ull;
};

std::string pci(uint8_t slot, uint8_t function) { return "0:" + std::to_string(slot) + "." + std::to_string(function); }

struct Register {
  uint32_t function, index;
  int reg;          // 0 eax, 1 ebx, 2 ecx, 3 edx
  uint32_t ignore;  // bits the CPU changes at run time (OSXSAVE, APIC enable, OSPKE, hypervisor)
  const char* names[32];
};

const Register kRegisters[] = {
    {1, 0, 2, (1u << 27) | (1u << 31), {"sse3",         "pclmulqdq", "dtes64",  "monitor", "ds-cpl", "vmx",    "smx",    "est",
                                        "tm2",          "ssse3",     "cnxt-id", "sdbg",    "fma",    "cx16",   "xtpr",   "pdcm",
                                        nullptr,        "pcid",      "dca",     "sse4.1",  "sse4.2", "x2apic", "movbe",  "popcnt",
                                        "tsc-deadline", "aes",       "xsave",   "osxsave", "avx",    "f16c",   "rdrand", "hypervisor"}},
    {1, 0, 3, 1u << 9, {"fpu",  "vme",  "de",   "pse", "tsc",  "msr", "pae",   "mce", "cx8",     "apic",  nullptr,
                        "sep",  "mtrr", "pge",  "mca", "cmov", "pat", "pse36", "psn", "clflush", nullptr, "ds",
                        "acpi", "mmx",  "fxsr", "sse", "sse2", "ss",  "ht",    "tm",  "ia64",    "pbe"}},
    {7, 0, 1, 0, {"fsgsbase",   "tsc-adjust", "sgx",        "bmi1",     "hle",      "avx2",     "fdp-excptn-only",
                  "smep",       "bmi2",       "erms",       "invpcid",  "rtm",      "pqm",      "fpu-cs-ds",
                  "mpx",        "pqe",        "avx512f",    "avx512dq", "rdseed",   "adx",      "smap",
                  "avx512ifma", "pcommit",    "clflushopt", "clwb",     "intel-pt", "avx512pf", "avx512er",
                  "avx512cd",   "sha-ni",     "avx512bw",   "avx512vl"}},
    {7, 0, 2, 1u << 4, {"prefetchwt1", "avx512vbmi",  "umip",         "pku",       "ospke",
                        "waitpkg",     "avx512vbmi2", "cet-ss",       "gfni",      "vaes",
                        "vpclmulqdq",  "avx512vnni",  "avx512bitalg", "tme",       "avx512-vpopcntdq",
                        nullptr,       "la57",        nullptr,        nullptr,     nullptr,
                        nullptr,       nullptr,       "rdpid",        "kl",        nullptr,
                        "cldemote",    nullptr,       "movdiri",      "movdir64b", "enqcmd",
                        "sgx-lc",      "pks"}},
    {7, 0, 3, 0, {}},
    {0xd, 1, 0, 0, {"xsaveopt", "xsavec", "xgetbv1", "xsaves", "xfd"}},
    {0x80000001, 0, 2, 0, {"lahf-lm",       "cmp-legacy", "svm",   "extapic",    "cr8legacy", "abm", "sse4a",  "misalignsse",
                           "3dnowprefetch", "osvw",       "ibs",   "xop",        "skinit",    "wdt", nullptr,  "lwp",
                           "fma4",          "tce",        nullptr, "nodeid-msr", nullptr,     "tbm", "topoext"}},
    {0x80000001, 0, 3, 0, {nullptr,   nullptr, nullptr, nullptr,    nullptr,   nullptr,  nullptr, nullptr, nullptr,    nullptr, nullptr,
                           "syscall", nullptr, nullptr, nullptr,    nullptr,   nullptr,  nullptr, nullptr, nullptr,    "nx",    nullptr,
                           "mmxext",  nullptr, nullptr, "fxsr-opt", "pdpe1gb", "rdtscp", nullptr, "lm",    "3dnowext", "3dnow"}},
};

const kvm_cpuid_entry2* leaf(const std::vector<kvm_cpuid_entry2>& v, uint32_t function, uint32_t index) {
  for (const auto& e : v)
    if (e.function == function && (e.index == index || !(e.flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX))) return &e;
  return nullptr;
}

uint32_t reg_of(const kvm_cpuid_entry2& e, int r) { return r == 0 ? e.eax : r == 1 ? e.ebx : r == 2 ? e.ecx : e.edx; }

std::string mib(uint64_t b) { return b % (1ull << 20) ? std::to_string(b) + " bytes" : std::to_string(b >> 20) + " MiB"; }
}  // namespace

uint64_t machine_config_hash(const VmConfig& c, uint64_t rom_bytes) {
  Fnv h;
  for (uint64_t v :
       {c.memory_bytes, uint64_t{c.vcpus}, uint64_t{c.sockets}, uint64_t{c.cores}, uint64_t{c.threads}, uint64_t(c.boot), rom_bytes})
    h.num(v);
  h.num(c.com_ports.size());
  for (uint8_t p : c.com_ports) h.num(p);
  for (bool b : {c.debug_exit, c.test_devices, c.acpi, c.rtc_utc, c.hpet, !c.vars_path.empty()}) h.num(b);
  h.str("disks");
  for (const auto& d : c.disks) h.num(d.pci.slot * 8 + d.pci.function);
  h.str("nics");
  for (const auto& d : c.nics) h.num(d.pci.slot * 8 + d.pci.function);
  h.str("rng");
  for (const auto& d : c.rng) h.num(d.pci.slot * 8 + d.pci.function);
  h.str("consoles");
  for (const auto& d : c.consoles) h.num(d.pci.slot * 8 + d.pci.function);
  h.str("shares");
  for (const auto& d : c.shares) h.num(d.pci.slot * 8 + d.pci.function);
  h.str("e1000");
  for (const auto& d : c.e1000_nics) h.num(d.slot * 8 + d.function);
  h.str("ahci");
  for (const auto& d : c.ahci) h.num(d.slot * 8 + d.function + (d.ports.size() << 8));
  h.str("nvme");
  for (const auto& d : c.nvme) h.num(d.slot * 8 + d.function);
  h.str("tablets");
  for (const auto& d : c.tablets) h.num(d.slot * 8 + d.function);
  h.str("framebuffer");
  h.num(c.framebuffer.enabled);
  h.num(c.framebuffer.width);
  h.num(c.framebuffer.height);
  return h.value();
}

std::vector<std::string> unsaved_devices(const VmConfig& c, bool hpet_in_use) {
  std::vector<std::string> out;
  for (const auto& d : c.shares) out.push_back("virtio-9p " + pci(d.pci.slot, d.pci.function));
  for (const auto& d : c.e1000_nics) out.push_back("e1000 " + pci(d.slot, d.function));
  for (const auto& d : c.tablets) out.push_back("xhci " + pci(d.slot, d.function));
  if (c.framebuffer.enabled) out.push_back("framebuffer (bochs-display and its VNC server)");
  if (c.hpet && hpet_in_use) out.push_back("hpet (programmed by the guest)");
  if (!c.vars_path.empty()) out.push_back("bootrom vars flash");
  if (c.gdb_port) out.push_back("gdb stub");
  return out;
}

std::vector<std::string> missing_cpuid_features(const std::vector<kvm_cpuid_entry2>& guest, const std::vector<kvm_cpuid_entry2>& host) {
  std::vector<std::string> out;
  static const char* kReg[] = {"eax", "ebx", "ecx", "edx"};
  for (const auto& r : kRegisters) {
    const auto* g = leaf(guest, r.function, r.index);
    if (!g) continue;
    const auto* h = leaf(host, r.function, r.index);
    const uint32_t missing = reg_of(*g, r.reg) & ~(h ? reg_of(*h, r.reg) : 0) & ~r.ignore;
    for (int bit = 0; bit < 32; ++bit) {
      if (!(missing & (1u << bit))) continue;
      if (r.names[bit]) {
        out.emplace_back(r.names[bit]);
      } else {
        char b[64];
        std::snprintf(b, sizeof b, "leaf 0x%x.%u %s bit %d", r.function, r.index, kReg[r.reg], bit);
        out.emplace_back(b);
      }
    }
  }
  return out;
}

void check_restorable(const vmm::SnapshotHeader& h, const VmConfig& c, uint64_t rom_bytes,
                      const std::vector<kvm_cpuid_entry2>& host_cpuid) {
  if (h.memory_bytes != c.memory_bytes)
    throw vmm::SnapshotError("the snapshot is of a machine with " + mib(h.memory_bytes) + " of memory, this VM has " + mib(c.memory_bytes));
  if (h.vcpus != c.vcpus)
    throw vmm::SnapshotError("the snapshot is of a machine with " + std::to_string(h.vcpus) + " vCPUs, this VM has " +
                             std::to_string(c.vcpus));
  if (h.config_hash != machine_config_hash(c, rom_bytes))
    throw vmm::SnapshotError("the snapshot is of a different machine: its device set, topology or platform settings differ from this VM's");
  auto unsaved = unsaved_devices(c, false);
  if (!unsaved.empty()) {
    std::string list;
    for (const auto& d : unsaved) list += (list.empty() ? "" : ", ") + d;
    throw vmm::SnapshotError("cannot restore: the state of these devices is not saved by snapshots yet: " + list);
  }
  auto missing = missing_cpuid_features(h.cpuid, host_cpuid);
  if (!missing.empty()) {
    std::string list;
    for (const auto& f : missing) list += (list.empty() ? "" : ", ") + f;
    throw vmm::SnapshotError("this host's CPU lacks features the guest saw when the snapshot was taken: " + list);
  }
}

}  // namespace tshyve::machine
