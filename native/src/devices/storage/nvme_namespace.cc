// NVM Command Set I/O commands (NVM Express 1.4 §6.8 Flush, §6.9 Read, §6.15 Write, §6.16 Write
// Zeroes, §6.7 Dataset Management) against a BlockFile, data moved in place between guest pages
// (PRPs, nvme_prp.h) and the file. Host errors become media error statuses.
#include "devices/storage/nvme_namespace.h"

#include <stdexcept>
#include <vector>

#include "devices/storage/nvme_prp.h"

namespace tshyve::devices::storage {

using namespace nvme;

namespace {
backends::BlockFileOptions file_options(const NvmeConfig& c) {
  backends::BlockFileOptions o;
  o.path = c.path;
  o.read_only = c.read_only;
  o.nocache = c.nocache;
  o.direct = c.direct;
  return o;
}
constexpr uint64_t kMaxTransfer = kPageSize << kMdts;
constexpr uint32_t kNsid = 1, kAllNamespaces = 0xffffffff;
}  // namespace

NvmeNamespace::NvmeNamespace(const NvmeConfig& c) : file_(file_options(c)) {
  const uint32_t s = c.sector_size;
  if (s < 512 || s > 32768 || (s & (s - 1))) throw std::runtime_error("nvme: sector size must be a power of two from 512 to 32768");
  identity_.sector_size = s;
  identity_.blocks = file_.size() / s;
  identity_.read_only = c.read_only;
  identity_.serial = c.serial.empty() ? "NVME-" + std::to_string(c.slot) + "-" + std::to_string(c.function) : c.serial;
  if (identity_.serial.size() > 20) identity_.serial.resize(20);
  identity_.eui64 = c.eui64;
  // bhyve's dsm=auto: deallocate when the backend can; enable forces it on (still never on a read-only image).
  const bool can = !c.read_only;
  identity_.deallocate = c.dsm == NvmeDsm::kEnable ? can : c.dsm == NvmeDsm::kAuto ? can && !c.nodelete : false;
  identity_.reads_zero_after_deallocate = !file_.is_block_device();
}

NvmeResult NvmeNamespace::execute(const Command& cmd, vmm::GuestMemoryView& memory) {
  if (cmd.flags & 0xc3) return {status::kInvalidField};  // fused operations and SGLs are not offered
  if (cmd.nsid != kNsid && !(cmd.opcode == io::kFlush && cmd.nsid == kAllNamespaces)) return {status::kInvalidNamespace};
  switch (cmd.opcode) {
    case io::kFlush: return {file_.flush() == 0 ? status::kSuccess : status::kWriteFault};
    case io::kRead: return read_write(cmd, memory, false);
    case io::kWrite: return read_write(cmd, memory, true);
    case io::kWriteZeroes: return write_zeroes(cmd);
    case io::kDatasetManagement: return dataset_management(cmd, memory);
    default: return {status::kInvalidOpcode};
  }
}

int NvmeRequest::custom(backends::BlockFile&) {
  custom_result = ns->execute(cmd, *memory);
  return 0;
}

bool NvmeNamespace::prepare(const Command& cmd, vmm::GuestMemoryView& memory, NvmeRequest& r, NvmeResult& done) {
  using Op = backends::BlockRequest::Op;
  r.cmd = cmd;
  r.custom_result = {};
  r.result = 0;
  r.ns = this;
  r.memory = &memory;
  const bool rw = cmd.opcode == io::kRead || cmd.opcode == io::kWrite;
  const bool write_through = cmd.opcode == io::kWrite && !write_cache_.load(std::memory_order_relaxed);
  if ((cmd.flags & 0xc3) || !(rw || cmd.opcode == io::kFlush) || write_through) {
    r.op = Op::kCustom;  // execute() checks and runs it (or refuses it) on a worker
    return true;
  }
  if (cmd.nsid != kNsid && !(cmd.opcode == io::kFlush && cmd.nsid == kAllNamespaces))
    return count(cmd.opcode, 0, false), done = {status::kInvalidNamespace}, false;
  if (cmd.opcode == io::kFlush) return r.op = Op::kFlush, true;
  const bool write = cmd.opcode == io::kWrite;
  const uint64_t slba = cmd.cdw10 | static_cast<uint64_t>(cmd.cdw11) << 32;
  const uint64_t nlb = (cmd.cdw12 & 0xffff) + 1ull;
  if (!in_range(slba, nlb)) return count(cmd.opcode, 0, false), done = {status::kLbaOutOfRange}, false;
  const uint64_t bytes = nlb * identity_.sector_size;
  if (bytes > kMaxTransfer) return count(cmd.opcode, 0, false), done = {status::kInvalidField}, false;
  if (write && identity_.read_only) return count(cmd.opcode, 0, false), done = {status::kReadOnlyRange}, false;
  r.iov.clear();
  if (uint16_t s = map_prps(memory, cmd.prp1, cmd.prp2, bytes, !write, r.iov); s != status::kSuccess)
    return count(cmd.opcode, 0, false), done = {s}, false;
  r.op = write ? Op::kWrite : Op::kRead;
  r.offset = slba * identity_.sector_size;
  return true;
}

NvmeResult NvmeNamespace::finish(const NvmeRequest& r) {
  using Op = backends::BlockRequest::Op;
  NvmeResult res = r.custom_result;
  if (r.op != Op::kCustom && r.result != 0) res = {r.op == Op::kRead ? status::kUnrecoveredReadError : status::kWriteFault};
  if (r.op != Op::kCustom && r.result == 0) res = {};
  const uint64_t bytes =
      r.op == Op::kRead || r.op == Op::kWrite ? (static_cast<uint64_t>(r.cmd.cdw12 & 0xffff) + 1) * identity_.sector_size : 0;
  count(r.cmd.opcode, bytes, res.status == status::kSuccess);
  return res;
}

void NvmeNamespace::count(uint8_t opcode, uint64_t bytes, bool ok) {
  switch (opcode) {
    case io::kRead: counters_.read_requests.add(), counters_.read_bytes.add(ok ? bytes : 0); break;
    case io::kWrite: counters_.write_requests.add(), counters_.write_bytes.add(ok ? bytes : 0); break;
    case io::kFlush: counters_.flush_requests.add(); break;
    case io::kWriteZeroes: counters_.write_zeroes_requests.add(); break;
    case io::kDatasetManagement: counters_.discard_requests.add(); break;
    default: counters_.other_requests.add(); break;
  }
  if (!ok) counters_.errors.add();
}

NvmeResult NvmeNamespace::read_write(const Command& cmd, vmm::GuestMemoryView& memory, bool write) {
  const uint64_t slba = cmd.cdw10 | static_cast<uint64_t>(cmd.cdw11) << 32;
  const uint64_t nlb = (cmd.cdw12 & 0xffff) + 1ull;
  if (!in_range(slba, nlb)) return {status::kLbaOutOfRange};
  const uint64_t bytes = nlb * identity_.sector_size;
  if (bytes > kMaxTransfer) return {status::kInvalidField};
  if (write && identity_.read_only) return {status::kReadOnlyRange};
  std::vector<iovec> iov;
  if (uint16_t s = map_prps(memory, cmd.prp1, cmd.prp2, bytes, !write, iov); s != status::kSuccess) return {s};
  const uint64_t at = slba * identity_.sector_size;
  const int n = static_cast<int>(iov.size());
  if (write) {
    if (file_.write(iov.data(), n, at) != 0) return {status::kWriteFault};
    const bool stable = write_cache_.load(std::memory_order_relaxed) || file_.flush() == 0;
    return {stable ? status::kSuccess : status::kWriteFault};
  }
  return {file_.read(iov.data(), n, at) == 0 ? status::kSuccess : status::kUnrecoveredReadError};
}

NvmeResult NvmeNamespace::write_zeroes(const Command& cmd) {
  const uint64_t slba = cmd.cdw10 | static_cast<uint64_t>(cmd.cdw11) << 32;
  const uint64_t nlb = (cmd.cdw12 & 0xffff) + 1ull;
  if (!in_range(slba, nlb)) return {status::kLbaOutOfRange};
  if (identity_.read_only) return {status::kReadOnlyRange};
  const bool deallocate = (cmd.cdw12 & (1u << 25)) && identity_.deallocate;  // DEAC
  const int r = file_.write_zeroes(slba * identity_.sector_size, nlb * identity_.sector_size, deallocate);
  return {r == 0 ? status::kSuccess : status::kWriteFault};
}

NvmeResult NvmeNamespace::dataset_management(const Command& cmd, vmm::GuestMemoryView& memory) {
  if (!identity_.deallocate) return {status::kInvalidOpcode};  // ONCS does not list DSM
  // Figure 339: up to 256 ranges of {context attributes, length in blocks, starting LBA}.
  struct Range {
    uint32_t attributes, nlb;
    uint64_t slba;
  };
  static_assert(sizeof(Range) == 16);
  const uint32_t count = (cmd.cdw10 & 0xff) + 1;
  std::vector<Range> ranges(count);
  if (uint16_t s = copy_from_prps(memory, cmd.prp1, cmd.prp2, ranges.data(), count * sizeof(Range)); s != status::kSuccess) return {s};
  if (!(cmd.cdw11 & (1u << 2))) return {};  // only attribute hints (IDR/IDW): nothing to do
  for (const auto& r : ranges)
    if (r.nlb && !in_range(r.slba, r.nlb)) return {status::kLbaOutOfRange};
  for (const auto& r : ranges) {
    if (!r.nlb) continue;
    if (file_.discard(r.slba * identity_.sector_size, static_cast<uint64_t>(r.nlb) * identity_.sector_size) != 0)
      return {status::kWriteFault};
  }
  return {};
}

}  // namespace tshyve::devices::storage
