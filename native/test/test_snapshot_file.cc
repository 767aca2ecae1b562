// Tests the VM snapshot file format (vmm/snapshot_file.h, docs/vm-snapshots.md): a written file
// parses back to the same header, sections and memory runs; sparse memory skips zero pages; every
// truncation and a set of garbled fields are refused with a message; device state round-trips
// (UART registers and FIFO); the admission checks name what differs (machine/snapshot.h).
#include <sys/mman.h>
#include <unistd.h>

#include <cstring>
#include <string>
#include <vector>

#include "check.h"
#include "devices/legacy/uart_16550.h"
#include "machine/snapshot.h"
#include "uart_test_support.h"
#include "vmm/snapshot_file.h"
#include "vmm/snapshot_state.h"

using namespace tshyve;
using vmm::snapshot::Section;

namespace {
// A snapshot written through a real file (memfd) and read back into a buffer.
struct Written {
  std::vector<uint8_t> bytes;
  uint64_t memory_bytes = 0;
};

vmm::SnapshotHeader sample_header() {
  vmm::SnapshotHeader h;
  h.tshyve_version = "0.1.0-test";
  h.config_hash = 0x1122334455667788ull;
  h.memory_bytes = 1u << 20;
  h.vcpus = 1;
  kvm_cpuid_entry2 e{};
  e.function = 1;
  e.ecx = 1u << 28;  // avx
  e.edx = 1u << 26;  // sse2
  h.cpuid.push_back(e);
  return h;
}

Written write_sample(const uint8_t* ram, uint64_t ram_size) {
  int fd = ::memfd_create("snap", 0);
  vmm::SnapshotWriter w(fd);
  w.header(sample_header());
  kvm_regs regs{};
  regs.rip = 0x1234;
  kvm_sregs sregs{};
  kvm_lapic_state lapic{};
  kvm_mp_state mp{};
  mp.mp_state = KVM_MP_STATE_RUNNABLE;
  w.section(Section::kVcpuRegs, 0, &regs, sizeof regs);
  w.section(Section::kVcpuSregs, 0, &sregs, sizeof sregs);
  w.section(Section::kVcpuLapic, 0, &lapic, sizeof lapic);
  w.section(Section::kVcpuMpState, 0, &mp, sizeof mp);
  vmm::StateWriter dev;
  dev.u32(0xdeadbeef);
  w.section(Section::kDevice, vmm::snapshot::kDeviceCom1, dev.data());
  Written out;
  out.memory_bytes = vmm::write_sparse_memory(w, 0, ram, ram_size);
  w.end();
  out.bytes.resize(w.bytes_written());
  CHECK(::pread(fd, out.bytes.data(), out.bytes.size(), 0) == static_cast<ssize_t>(out.bytes.size()));
  ::close(fd);
  return out;
}

std::string refusal(const std::vector<uint8_t>& b) {
  try {
    vmm::BufferSnapshotSource src(b.data(), b.size());
    vmm::parse_snapshot(src);
  } catch (const vmm::SnapshotError& e) {
    return e.what();
  }
  return "";
}

// 1 MiB of guest RAM, mmap'ed so untouched pages stay unbacked; three pages written.
uint8_t* sample_ram() {
  auto* ram = static_cast<uint8_t*>(::mmap(nullptr, 1u << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  ram[0x1000] = 1;
  ram[0x2fff] = 2;
  ram[0x80000] = 3;
  volatile uint8_t touch = ram[0x40000];  // backed (or zero page) but all zero: not written
  (void)touch;
  return ram;
}
}  // namespace

TEST(round_trip_keeps_header_sections_and_sparse_memory) {
  uint8_t* ram = sample_ram();
  Written w = write_sample(ram, 1u << 20);
  CHECK_EQ(w.memory_bytes, 3u * 4096);  // pages 1, 2 and 0x80: not the 253 zero pages
  vmm::BufferSnapshotSource src(w.bytes.data(), w.bytes.size());
  vmm::SnapshotImage img = vmm::parse_snapshot(src);
  CHECK(img.header.tshyve_version == "0.1.0-test");
  CHECK_EQ(img.header.config_hash, 0x1122334455667788ull);
  CHECK_EQ(img.header.memory_bytes, 1u << 20);
  CHECK_EQ(img.header.cpuid.size(), 1u);
  CHECK_EQ(img.header.cpuid[0].ecx, 1u << 28);
  const auto* regs = img.find(Section::kVcpuRegs, 0);
  CHECK(regs && regs->size() == sizeof(kvm_regs));
  if (regs) CHECK_EQ(reinterpret_cast<const kvm_regs*>(regs->data())->rip, 0x1234u);
  CHECK(img.find(Section::kDevice, vmm::snapshot::kDeviceCom1) != nullptr);
  CHECK_EQ(img.memory.size(), 2u);  // pages 1-2 as one run, page 0x80 as another
  CHECK_EQ(img.memory[0].gpa, 0x1000u);
  CHECK_EQ(img.memory[0].length, 0x2000u);
  CHECK_EQ(img.memory[1].gpa, 0x80000u);
  std::vector<uint8_t> page(4096);
  CHECK(src.read(img.memory[0].file_offset + 0x1fff, page.data(), 1));
  CHECK_EQ(page[0], 2);
  ::munmap(ram, 1u << 20);
}

TEST(every_truncation_is_refused) {
  uint8_t* ram = sample_ram();
  Written w = write_sample(ram, 1u << 20);
  int accepted = 0;
  for (size_t len = 0; len < w.bytes.size(); ++len) {
    std::vector<uint8_t> cut(w.bytes.begin(), w.bytes.begin() + static_cast<long>(len));
    if (refusal(cut).empty()) ++accepted;
  }
  CHECK_EQ(accepted, 0);
  CHECK(refusal(std::vector<uint8_t>(w.bytes.begin(), w.bytes.end() - 1)).find("truncated") != std::string::npos);
  ::munmap(ram, 1u << 20);
}

TEST(garbled_fields_are_refused_with_a_message) {
  uint8_t* ram = sample_ram();
  const Written w = write_sample(ram, 1u << 20);
  auto with = [&](size_t off, uint8_t v) {
    auto b = w.bytes;
    b[off] = v;
    return refusal(b);
  };
  CHECK(with(0, 'X').find("bad magic") != std::string::npos);
  CHECK(with(8, 2).find("format version 2") != std::string::npos);
  CHECK(with(64, 0).find("vCPU count") != std::string::npos);  // vcpus field: 8+4+4+32+8+8
  const size_t first_section = 72 + 28;
  CHECK(with(first_section, 0x7f).find("unknown section") != std::string::npos);
  CHECK(with(first_section + 4, 3).find("names vCPU 3") != std::string::npos);
  CHECK(with(first_section + 8, 1).find("expected") != std::string::npos);  // a 1-byte kvm_regs
  auto extra = w.bytes;
  extra.push_back(0);
  CHECK(refusal(extra).find("after the end section") != std::string::npos);
  ::munmap(ram, 1u << 20);
}

TEST(uart_state_round_trips_registers_and_fifo) {
  auto line = std::make_shared<uart_test::FakeLine>();
  std::string out;
  devices::Uart16550 a(line, [&](const uint8_t* d, size_t n) { out.append(reinterpret_cast<const char*>(d), n); });
  uint8_t v = 0x55;
  a.write(7, &v, 1);  // scratch
  v = 0x01;
  a.write(1, &v, 1);  // IER: receive data interrupt
  a.enqueue_input(reinterpret_cast<const uint8_t*>("xyz"), 3);
  CHECK(line->level);
  vmm::StateWriter w;
  a.save_state(w);

  auto line2 = std::make_shared<uart_test::FakeLine>();
  devices::Uart16550 b(line2, [](const uint8_t*, size_t) {});
  vmm::StateReader r(w.data());
  CHECK(b.restore_state(r));
  CHECK(line2->level);  // the pending receive interrupt is raised again on the new line
  uint8_t got = 0;
  b.read(7, &got, 1);
  CHECK_EQ(got, 0x55);
  std::string fifo;
  for (int i = 0; i < 3; ++i) {
    b.read(0, &got, 1);
    fifo.push_back(static_cast<char>(got));
  }
  CHECK(fifo == "xyz");
  CHECK(!line2->level);

  auto bytes = w.data();
  bytes.pop_back();
  vmm::StateReader short_reader(bytes);
  devices::Uart16550 c(std::make_shared<uart_test::FakeLine>(), [](const uint8_t*, size_t) {});
  CHECK(!c.restore_state(short_reader));
}

TEST(admission_names_what_differs) {
  machine::VmConfig c;
  c.memory_bytes = 64ull << 20;
  c.hpet = true;
  vmm::SnapshotHeader h;
  h.memory_bytes = 32ull << 20;
  h.vcpus = 1;
  h.config_hash = machine::machine_config_hash(c, 65536);
  auto why = [&](const std::vector<kvm_cpuid_entry2>& host) {
    try {
      machine::check_restorable(h, c, 65536, host);
    } catch (const vmm::SnapshotError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  CHECK(why({}).find("32 MiB of memory, this VM has 64 MiB") != std::string::npos);
  h.memory_bytes = c.memory_bytes;
  c.com_ports = {1, 2};
  CHECK(why({}).find("different machine") != std::string::npos);
  h.config_hash = machine::machine_config_hash(c, 65536);
  CHECK(why({}).empty());
  kvm_cpuid_entry2 guest{};
  guest.function = 7;
  guest.ebx = (1u << 5) | (1u << 9);  // avx2, erms
  h.cpuid = {guest};
  kvm_cpuid_entry2 host = guest;
  host.ebx = 1u << 9;
  const std::string missing = why({host});
  CHECK(missing.find("lacks features") != std::string::npos && missing.find("avx2") != std::string::npos);
  CHECK(missing.find("erms") == std::string::npos);
  // A disk changes the machine; its state is saved, so it is not refused. A 9p share is.
  c.disks.push_back({});
  CHECK(why({guest}).find("different machine") != std::string::npos);
  h.config_hash = machine::machine_config_hash(c, 65536);
  CHECK(why({guest}).empty());
  c.shares.push_back({});
  h.config_hash = machine::machine_config_hash(c, 65536);
  CHECK(why({host}).find("virtio-9p 0:0.0") != std::string::npos);
  CHECK(machine::unsaved_devices(c, true).size() == 2);  // the share and a programmed HPET
  // AHCI and NVMe controllers are saved; an e1000 is not yet.
  c.ahci.push_back({});
  c.nvme.push_back({});
  c.e1000_nics.push_back({});
  const auto unsaved = machine::unsaved_devices(c, false);
  CHECK_EQ(unsaved.size(), 2u);
  CHECK(unsaved[0] == "virtio-9p 0:0.0" && unsaved[1] == "e1000 0:0.0");
}

TEST_MAIN()
