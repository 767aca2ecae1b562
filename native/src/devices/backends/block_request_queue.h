// The block-request layer the NVMe controller and the AHCI disks share: a request first tries to
// finish on the thread that submitted it without waiting for the disk (preadv2(2) RWF_NOWAIT for
// page-cache reads, small buffered writes); the rest run on a small bounded pool of workers with
// preadv/pwritev, and a worker hands back what it finished as one batch (one interrupt per batch).
#pragma once
#include <sys/uio.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "devices/backends/block_file.h"

namespace tshyve::devices::backends {

// Our choice: a request up to this size is a page-cache copy of a few microseconds, cheaper than
// waking a worker; larger ones go to the pool where several run side by side.
constexpr size_t kInlineMaxBytes = 128 * 1024;

struct BlockRequest {
  enum class Op : uint8_t { kRead, kWrite, kFlush, kCustom };
  virtual ~BlockRequest() = default;
  // kCustom: the device's own blocking operation (discard, write zeroes), run by a worker.
  virtual int custom(BlockFile&) { return -ENOTSUP; }
  Op op = Op::kRead;
  uint64_t offset = 0;
  std::vector<iovec> iov;
  int result = 0;  // 0 or -errno once done
};

using BlockBatch = std::vector<std::unique_ptr<BlockRequest>>;

class BlockCompletions {
 public:
  virtual ~BlockCompletions() = default;
  // Worker thread: the requests it finished, in order. The callee may keep or drop them.
  virtual void completed(BlockBatch& batch) = 0;
};

// Any thread: finishes `r` now when that needs no wait for the disk (reads the page cache holds,
// writes of at most kInlineMaxBytes to a buffered file); false leaves the rest of it undone (a
// partly read request keeps its remaining iovecs and offset) for run_blocking or a worker.
bool try_without_blocking(BlockFile& file, BlockRequest& r);
// Any thread: runs `r` to its end (r.result).
void run_blocking(BlockFile& file, BlockRequest& r);

class BlockRequestQueue {
 public:
  static constexpr unsigned kMaxWorkers = 4;  // our choice: enough overlap for depth 16 on a small host
  static constexpr size_t kMaxBatch = 32;     // requests a worker takes at once, completes as one batch
  // Setup thread: min(workers, kMaxWorkers) threads (at least one); at most `capacity` requests
  // queued or running at once. `name` is the threads' seccomp log name.
  BlockRequestQueue(BlockFile& file, BlockCompletions& sink, unsigned workers, size_t capacity, const char* name);
  ~BlockRequestQueue();
  // Supervisor thread: finishes what is running, drops what is queued, joins; idempotent.
  void stop();
  // Any thread: queues `r` for a worker; false (r untouched) when full or stopped.
  bool submit(std::unique_ptr<BlockRequest>& r);
  BlockFile& file() { return file_; }

 private:
  void worker() noexcept;
  BlockFile& file_;
  BlockCompletions& sink_;
  const size_t capacity_;
  const unsigned workers_;
  const char* name_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::unique_ptr<BlockRequest>> queue_;
  size_t outstanding_ = 0;  // queued + running
  unsigned idle_ = 0;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace tshyve::devices::backends
