// Raw image I/O with preadv/pwritev straight into guest memory; O_DIRECT requests with unaligned
// guest buffers go through an aligned bounce buffer (open(2) O_DIRECT alignment rules).
#include "devices/backends/block_file.h"

#include <fcntl.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "vmm/checked_open.h"

namespace tshyve::devices::backends {

namespace {
constexpr uint64_t kDirectAlign = 4096;  // safe O_DIRECT alignment for any logical block size

// Whether some guest buffer is not an O_DIRECT-ready (aligned, whole-sector) buffer.
bool needs_bounce(const iovec* iov, int count) {
  for (int i = 0; i < count; ++i)
    if (reinterpret_cast<uintptr_t>(iov[i].iov_base) % kDirectAlign || iov[i].iov_len % 512) return true;
  return false;
}
}  // namespace

BlockFile::BlockFile(const BlockFileOptions& options) : options_(options) {
  int flags = (options.read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC;
  if (options.nocache) flags |= O_DIRECT;
  if (options.direct) flags |= O_SYNC;
  try {
    fd_ = vmm::open_checked(options.path, flags, "disk", true);
  } catch (const vmm::CheckedOpenError& e) {
    throw BlockFileError(e.what());
  }
  // Writers take an exclusive lock, readers a shared one: a writable disk is never open twice.
  if (::flock(fd_.get(), (options.read_only ? LOCK_SH : LOCK_EX) | LOCK_NB) != 0)
    throw BlockFileError("disk " + options.path + " is in use by another VM (flock: " + std::strerror(errno) + ")");
  struct stat st;
  if (::fstat(fd_.get(), &st) != 0) throw BlockFileError("cannot stat disk " + options.path);
  block_device_ = S_ISBLK(st.st_mode);
  if (block_device_) {
    if (::ioctl(fd_.get(), BLKGETSIZE64, &size_) != 0) throw BlockFileError("cannot size block device " + options.path);
  } else {
    size_ = static_cast<uint64_t>(st.st_size);
  }
}

int BlockFile::transfer(bool write, const iovec* iov, int count, uint64_t offset) {
  std::vector<iovec> v(iov, iov + count);
  size_t i = 0;
  while (i < v.size()) {
    if (v[i].iov_len == 0) {
      ++i;
      continue;
    }
    int n_iov = static_cast<int>(std::min<size_t>(v.size() - i, IOV_MAX));
    ssize_t n = write ? ::pwritev(fd_.get(), &v[i], n_iov, static_cast<off_t>(offset))
                      : ::preadv(fd_.get(), &v[i], n_iov, static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if (n == 0) {
      if (write) return -EIO;
      // Reading past the end of a file that shrank: the rest reads as zeros.
      for (; i < v.size(); ++i) std::memset(v[i].iov_base, 0, v[i].iov_len);
      return 0;
    }
    offset += static_cast<uint64_t>(n);
    size_t left = static_cast<size_t>(n);
    while (left && i < v.size()) {
      if (left >= v[i].iov_len) {
        left -= v[i].iov_len;
        ++i;
      } else {
        v[i].iov_base = static_cast<uint8_t*>(v[i].iov_base) + left;
        v[i].iov_len -= left;
        left = 0;
      }
    }
  }
  return 0;
}

// Copies between the guest's iovecs and an aligned buffer of at most kBounceChunk bytes, one chunk
// at a time, so host memory stays bounded whatever the request size.
int BlockFile::bounce(bool write, const iovec* iov, int count, uint64_t offset) {
  size_t total = 0;
  for (int i = 0; i < count; ++i) total += iov[i].iov_len;
  if (offset % kDirectAlign || total % 512) {
    // Unaligned offset under O_DIRECT: let the kernel decide (it fails with EINVAL when it must).
    return transfer(write, iov, count, offset);
  }
  const size_t cap = std::min<size_t>(total, kBounceChunk);
  const size_t padded = (cap + kDirectAlign - 1) & ~(kDirectAlign - 1);
  void* raw = nullptr;
  if (padded == 0) return 0;
  if (posix_memalign(&raw, kDirectAlign, padded) != 0) return -ENOMEM;
  std::unique_ptr<uint8_t, decltype(&std::free)> buf(static_cast<uint8_t*>(raw), &std::free);
  int seg = 0;
  size_t seg_off = 0;  // cursor into iov[seg]
  // Moves `n` bytes between the buffer and the iovecs at the cursor, advancing it.
  auto copy = [&](size_t n, bool to_buffer) {
    size_t at = 0;
    while (at < n && seg < count) {
      size_t m = std::min(n - at, iov[seg].iov_len - seg_off);
      uint8_t* g = static_cast<uint8_t*>(iov[seg].iov_base) + seg_off;
      if (to_buffer)
        std::memcpy(buf.get() + at, g, m);
      else
        std::memcpy(g, buf.get() + at, m);
      at += m;
      seg_off += m;
      if (seg_off == iov[seg].iov_len) {
        ++seg;
        seg_off = 0;
      }
    }
  };
  for (size_t done = 0; done < total;) {
    const size_t n = std::min(cap, total - done);
    iovec one{buf.get(), n};
    if (write) copy(n, true);
    if (int r = transfer(write, &one, 1, offset + done); r != 0) return r;
    if (!write) copy(n, false);
    done += n;
  }
  return 0;
}

int BlockFile::read(const iovec* iov, int count, uint64_t offset) {
  if (options_.nocache && needs_bounce(iov, count)) return bounce(false, iov, count, offset);
  return transfer(false, iov, count, offset);
}

long BlockFile::read_nowait(const iovec* iov, int count, uint64_t offset) {
  if (count > IOV_MAX) return -EINVAL;
  const ssize_t n = ::preadv2(fd_.get(), iov, count, static_cast<off_t>(offset), RWF_NOWAIT);
  return n < 0 ? -errno : static_cast<long>(n);
}

int BlockFile::write(const iovec* iov, int count, uint64_t offset) {
  if (options_.read_only) return -EROFS;
  if (options_.nocache && needs_bounce(iov, count)) return bounce(true, iov, count, offset);
  return transfer(true, iov, count, offset);
}

int BlockFile::flush() {
  while (::fdatasync(fd_.get()) != 0) {
    if (errno != EINTR) return -errno;
  }
  return 0;
}

int BlockFile::discard(uint64_t offset, uint64_t length) {
  if (options_.read_only) return -EROFS;
  if (block_device_) {
    uint64_t range[2] = {offset, length};
    return ::ioctl(fd_.get(), BLKDISCARD, range) == 0 ? 0 : -errno;
  }
  return ::fallocate(fd_.get(), FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(offset), static_cast<off_t>(length)) == 0
             ? 0
             : -errno;
}

int BlockFile::write_zeroes(uint64_t offset, uint64_t length, bool unmap) {
  if (options_.read_only) return -EROFS;
  if (block_device_) {
    uint64_t range[2] = {offset, length};
    if (::ioctl(fd_.get(), BLKZEROOUT, range) == 0) return 0;
  } else {
    int mode = unmap ? (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE) : (FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE);
    if (::fallocate(fd_.get(), mode, static_cast<off_t>(offset), static_cast<off_t>(length)) == 0) return 0;
  }
  // Fallback: write zeros.
  std::vector<uint8_t> zeros(1 << 20, 0);
  while (length) {
    size_t n = static_cast<size_t>(std::min<uint64_t>(length, zeros.size()));
    iovec v{zeros.data(), n};
    int r = transfer(true, &v, 1, offset);
    if (r) return r;
    offset += n;
    length -= n;
  }
  return 0;
}

}  // namespace tshyve::devices::backends
