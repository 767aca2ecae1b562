// Identify pages, byte offsets as NVM Express 1.4 Figure 247 (controller) and the NVM Command Set
// Identify Namespace structure; multi-byte fields little endian.
#include "devices/storage/nvme_identify.h"

#include <cstdio>
#include <cstring>

#include "devices/storage/nvme_async_events.h"
#include "devices/storage/nvme_spec.h"

namespace tshyve::devices::storage::nvme {

namespace {
template <typename T>
void put(Page& p, size_t at, T v) {
  std::memcpy(p.data() + at, &v, sizeof v);
}
// ASCII fields are space padded (§1.5).
void ascii(Page& p, size_t at, size_t len, const std::string& s) {
  std::memset(p.data() + at, ' ', len);
  std::memcpy(p.data() + at, s.data(), std::min(len, s.size()));
}
uint8_t log2u(uint32_t v) {
  uint8_t r = 0;
  while (v > 1) v >>= 1, ++r;
  return r;
}
// The EUI-64 goes out big endian, as the IEEE assigns its bytes.
void put_eui64(Page& p, size_t at, uint64_t eui) {
  for (int i = 0; i < 8; ++i) p[at + i] = static_cast<uint8_t>(eui >> (56 - 8 * i));
}
const char kModel[] = "bhyve-NVMe";
}  // namespace

Page identify_controller(const Identity& id) {
  Page p{};
  put<uint16_t>(p, 0, kPciVendor);            // VID
  put<uint16_t>(p, 2, kPciVendor);            // SSVID
  ascii(p, 4, 20, id.serial);                 // SN
  ascii(p, 24, 40, kModel);                   // MN
  ascii(p, 64, 8, "1.0");                     // FR
  p[72] = 0;                                  // RAB
  p[77] = kMdts;                              // MDTS
  put<uint16_t>(p, 78, 0);                    // CNTLID
  put<uint32_t>(p, 80, kVersion14);           // VER
  p[111] = 1;                                 // CNTRLTYPE: I/O controller
  put<uint16_t>(p, 256, 0);                   // OACS: no optional admin commands
  p[258] = kAbortLimit - 1;                   // ACL (0's based)
  p[259] = kAsyncEventLimit - 1;              // AERL (0's based)
  p[260] = 0x02;                              // FRMW: one firmware slot
  p[261] = 0;                                 // LPA
  p[262] = kErrorLogEntries - 1;              // ELPE (0's based)
  p[263] = 0;                                 // NPSS: one power state
  p[512] = (kSqEntryLog << 4) | kSqEntryLog;  // SQES
  p[513] = (kCqEntryLog << 4) | kCqEntryLog;  // CQES
  put<uint32_t>(p, 516, 1);                   // NN
  uint16_t oncs = 1u << 3;                    // Write Zeroes
  if (id.deallocate) oncs |= 1u << 2;         // Dataset Management
  put<uint16_t>(p, 520, oncs);
  p[525] = 1;  // VWC: a volatile write cache (the host page cache), so FLUSH matters
  // SUBNQN (§7.9): the form for controllers without a UUID: VID, SSVID, serial and model.
  char nqn[256] = {};
  std::snprintf(nqn, sizeof nqn, "nqn.2014.08.org.nvmexpress:%04x%04x%-20.20s%-40.40s", kPciVendor, kPciVendor, id.serial.c_str(), kModel);
  std::memcpy(p.data() + 768, nqn, std::strlen(nqn));
  put<uint16_t>(p, 2048, 1000);  // PSD0 MP: 10 W (units of 0.01 W)
  return p;
}

Page identify_namespace(const Identity& id) {
  Page p{};
  put<uint64_t>(p, 0, id.blocks);                                   // NSZE
  put<uint64_t>(p, 8, id.blocks);                                   // NCAP
  put<uint64_t>(p, 16, id.blocks);                                  // NUSE
  p[24] = 0;                                                        // NSFEAT
  p[25] = 0;                                                        // NLBAF: one format (0's based)
  p[26] = 0;                                                        // FLBAS: format 0, no metadata
  p[33] = id.deallocate && id.reads_zero_after_deallocate ? 1 : 0;  // DLFEAT: deallocated blocks read as zeros
  p[99] = id.read_only ? 1 : 0;                                     // NSATTR: write protected
  if (id.eui64) put_eui64(p, 120, id.eui64);
  put<uint32_t>(p, 128, static_cast<uint32_t>(log2u(id.sector_size)) << 16);  // LBAF0: LBADS, MS 0
  return p;
}

Page active_namespaces(uint32_t after) {
  Page p{};
  if (after < 1) put<uint32_t>(p, 0, 1);
  return p;
}

Page namespace_descriptors(const Identity& id) {
  Page p{};
  if (id.eui64) {
    p[0] = 1;  // NIDT: IEEE EUI-64
    p[1] = 8;  // NIDL
    put_eui64(p, 4, id.eui64);
  }
  return p;
}

}  // namespace tshyve::devices::storage::nvme
