// A disk image backend: a raw file or block device opened as bhyve(8) virtio-blk options ask
// (ro, nocache = O_DIRECT, direct = O_SYNC), with an flock(2) advisory lock so two VMs cannot
// open one writable image, discard via fallocate(2) PUNCH_HOLE and write-zeroes via ZERO_RANGE.
#pragma once
#include <sys/uio.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>

#include "vmm/unique_fd.h"

namespace tshyve::devices::backends {

// O_DIRECT requests with unaligned guest buffers go through an aligned buffer this large at most
// (our choice: big enough to keep requests efficient, small enough that no request can grow the
// VMM's memory with its size).
constexpr size_t kBounceChunk = 1u << 20;

struct BlockFileOptions {
  std::string path;
  bool read_only = false;
  bool nocache = false;  // O_DIRECT
  bool direct = false;   // O_SYNC
};

class BlockFileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Thread-safe for concurrent I/O (pread/pwrite family on one fd).
class BlockFile {
 public:
  // Setup thread. Throws BlockFileError (missing file, no permission, locked by another VM).
  explicit BlockFile(const BlockFileOptions& options);
  uint64_t size() const { return size_; }
  bool read_only() const { return options_.read_only; }
  bool is_block_device() const { return block_device_; }
  // Neither O_DIRECT nor O_SYNC: requests go through the page cache.
  bool buffered() const { return !options_.nocache && !options_.direct; }
  const std::string& path() const { return options_.path; }

  // I/O thread. Transfers exactly the iovecs' total or fails; returns 0 or -errno.
  int read(const iovec* iov, int count, uint64_t offset);
  int write(const iovec* iov, int count, uint64_t offset);
  // Any thread: one preadv2(RWF_NOWAIT) (at most IOV_MAX iovecs): bytes read from the page cache,
  // 0 at the end of the file, or -errno (-EAGAIN: it would wait for the disk).
  long read_nowait(const iovec* iov, int count, uint64_t offset);
  int flush();                                    // fdatasync(2)
  int discard(uint64_t offset, uint64_t length);  // hole punch (file) / BLKDISCARD
  int write_zeroes(uint64_t offset, uint64_t length, bool unmap);

 private:
  int transfer(bool write, const iovec* iov, int count, uint64_t offset);
  int bounce(bool write, const iovec* iov, int count, uint64_t offset);
  BlockFileOptions options_;
  vmm::UniqueFd fd_;
  uint64_t size_ = 0;
  bool block_device_ = false;
};

}  // namespace tshyve::devices::backends
