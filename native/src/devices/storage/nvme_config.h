// The configuration of one NVMe controller with one namespace, as bhyve(8)'s
// `-s N,nvme,PATH,maxq=,qsz=,ioslots=,sectsz=,ser=,eui64=,dsm=` and the block options ro/nocache/direct.
#pragma once
#include <cstdint>
#include <string>

namespace tshyve::devices::storage {

enum class NvmeDsm { kAuto, kEnable, kDisable };

struct NvmeConfig {
  uint8_t slot = 0, function = 0;  // bus 0
  std::string path;
  bool read_only = false, nocache = false, direct = false;
  bool nodelete = false;       // bhyve `nodelete`: dsm=auto then offers no deallocate
  uint32_t sector_size = 512;  // sectsz: LBA data size, a power of two 512..32768
  uint16_t max_queues = 16;    // maxq: I/O queue pairs offered (bhyve default 16)
  uint32_t queue_size = 2048;  // qsz: entries per queue (CAP.MQES + 1; bhyve default 2048)
  uint32_t io_slots = 8;       // ioslots: requests in flight at once (bhyve default 8)
  std::string serial;          // ser: up to 20 bytes; empty: NVME-<slot>-<function> as bhyve
  uint64_t eui64 = 0;          // eui64: 0 means none reported
  NvmeDsm dsm = NvmeDsm::kAuto;
};

}  // namespace tshyve::devices::storage
