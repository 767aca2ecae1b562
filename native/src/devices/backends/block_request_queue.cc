// Inline-first execution of block requests (preadv2(2) RWF_NOWAIT) and the bounded worker pool that
// runs the rest with preadv/pwritev/fdatasync, completing each worker's take as one batch.
#include "devices/backends/block_request_queue.h"

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "vmm/seccomp_filter.h"

namespace tshyve::devices::backends {

namespace {
size_t total_bytes(const std::vector<iovec>& iov) {
  size_t n = 0;
  for (const auto& v : iov) n += v.iov_len;
  return n;
}

// Drops the first `n` bytes from the iovecs (a partial transfer), and from the offset.
void advance(BlockRequest& r, size_t n) {
  r.offset += n;
  size_t i = 0;
  while (n && i < r.iov.size()) {
    const size_t m = std::min(n, r.iov[i].iov_len);
    r.iov[i].iov_base = static_cast<uint8_t*>(r.iov[i].iov_base) + m;
    r.iov[i].iov_len -= m;
    n -= m;
    if (r.iov[i].iov_len == 0) ++i;
  }
  r.iov.erase(r.iov.begin(), r.iov.begin() + static_cast<std::ptrdiff_t>(i));
}
}  // namespace

bool try_without_blocking(BlockFile& file, BlockRequest& r) {
  const size_t total = total_bytes(r.iov);
  if (!file.buffered() || total > kInlineMaxBytes || r.iov.size() > IOV_MAX) return false;
  if (r.op == BlockRequest::Op::kWrite) {
    r.result = file.write(r.iov.data(), static_cast<int>(r.iov.size()), r.offset);
    return true;
  }
  if (r.op != BlockRequest::Op::kRead) return false;
  if (total == 0) return r.result = 0, true;
  const long n = file.read_nowait(r.iov.data(), static_cast<int>(r.iov.size()), r.offset);
  if (n == -EAGAIN || n == -EOPNOTSUPP || n == -EINTR) return false;
  if (n < 0) return r.result = static_cast<int>(n), true;
  if (n == 0) {  // past the end of a file that shrank: zeros, as BlockFile::read gives
    for (const auto& v : r.iov) std::memset(v.iov_base, 0, v.iov_len);
    return r.result = 0, true;
  }
  if (static_cast<size_t>(n) == total) return r.result = 0, true;
  advance(r, static_cast<size_t>(n));
  return false;
}

void run_blocking(BlockFile& file, BlockRequest& r) {
  const int n = static_cast<int>(r.iov.size());
  switch (r.op) {
    case BlockRequest::Op::kRead: r.result = file.read(r.iov.data(), n, r.offset); break;
    case BlockRequest::Op::kWrite: r.result = file.write(r.iov.data(), n, r.offset); break;
    case BlockRequest::Op::kFlush: r.result = file.read_only() ? 0 : file.flush(); break;
    case BlockRequest::Op::kCustom: r.result = r.custom(file); break;
  }
}

BlockRequestQueue::BlockRequestQueue(BlockFile& file, BlockCompletions& sink, unsigned workers, size_t capacity, const char* name)
    : file_(file), sink_(sink), capacity_(std::max<size_t>(capacity, 1)), workers_(std::clamp(workers, 1u, kMaxWorkers)), name_(name) {
  for (unsigned i = 0; i < workers_; ++i) threads_.emplace_back([this] { worker(); });
}

BlockRequestQueue::~BlockRequestQueue() { stop(); }

void BlockRequestQueue::stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    outstanding_ -= queue_.size();
    queue_.clear();
  }
  cv_.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
}

bool BlockRequestQueue::submit(std::unique_ptr<BlockRequest>& r) {
  bool wake;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_ || outstanding_ >= capacity_) return false;
    ++outstanding_;
    queue_.push_back(std::move(r));
    // A worker already running drains the queue before it sleeps: wake one only if none is busy
    // enough to come back for this request soon.
    wake = idle_ > 0;
  }
  if (wake) cv_.notify_one();
  return true;
}

void BlockRequestQueue::worker() noexcept {
  vmm::seccomp::enter_thread(vmm::seccomp::ThreadKind::kBlockWorker, name_);
  BlockBatch batch;
  std::unique_lock<std::mutex> lock(mu_);
  for (;;) {
    ++idle_;
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    --idle_;
    if (stop_) return;
    // An even share of what waits, so the other workers get some of a deep queue.
    const size_t take = std::clamp<size_t>(queue_.size() / workers_, 1, kMaxBatch);
    for (size_t i = 0; i < take; ++i) {
      batch.push_back(std::move(queue_.front()));
      queue_.pop_front();
    }
    if (!queue_.empty() && idle_ > 0) cv_.notify_one();
    lock.unlock();
    for (auto& r : batch) run_blocking(file_, *r);
    lock.lock();
    outstanding_ -= batch.size();  // room for what the sink submits while it completes these
    lock.unlock();
    sink_.completed(batch);
    batch.clear();
    lock.lock();
  }
}

}  // namespace tshyve::devices::backends
