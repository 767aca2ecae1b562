// The shared block-request layer against a real file on ext4: page-cache reads and small buffered
// writes finish on the calling thread, evicted pages (posix_fadvise DONTNEED) and large or
// O_DIRECT requests do not; the pool is bounded, completes a worker's take as one batch, and
// drops what is still queued when stopped.
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "check.h"
#include "devices/backends/block_request_queue.h"

using namespace tshyve::devices::backends;

namespace {
constexpr size_t kFile = 8u << 20;

struct TempImage {
  std::string path;
  TempImage() {
    char p[] = "/var/tmp/tshyve-breq-XXXXXX";
    int fd = mkstemp(p);
    std::vector<uint8_t> data(kFile);
    for (size_t i = 0; i < kFile; ++i) data[i] = static_cast<uint8_t>(i * 7 + (i >> 12));
    if (write(fd, data.data(), kFile) != static_cast<ssize_t>(kFile)) std::perror("write");
    fdatasync(fd);
    close(fd);
    path = p;
  }
  ~TempImage() { unlink(path.c_str()); }
  // Drops the file's pages from the page cache (they are clean after fdatasync).
  void evict() const {
    int fd = open(path.c_str(), O_RDONLY);
    fdatasync(fd);
    posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
    close(fd);
  }
  uint8_t at(size_t i) const { return static_cast<uint8_t>(i * 7 + (i >> 12)); }
};

BlockFileOptions options(const std::string& path, bool nocache = false) {
  BlockFileOptions o;
  o.path = path;
  o.nocache = nocache;
  return o;
}

// Blocks its worker until released (a stand-in for a slow disk, so the queue fills).
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool open = false;
  void release() {
    std::lock_guard<std::mutex> l(mu);
    open = true;
    cv.notify_all();
  }
  void wait() {
    std::unique_lock<std::mutex> l(mu);
    cv.wait(l, [this] { return open; });
  }
};
struct GatedRequest : BlockRequest {
  Gate* gate = nullptr;
  int id = 0;
  int custom(BlockFile&) override {
    if (gate) gate->wait();
    return id;
  }
};

struct Sink : BlockCompletions {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<size_t> batches;
  std::vector<int> results;
  void completed(BlockBatch& batch) override {
    std::lock_guard<std::mutex> l(mu);
    batches.push_back(batch.size());
    for (auto& r : batch) results.push_back(r->result);
    cv.notify_all();
  }
  bool wait_for(size_t n) {
    std::unique_lock<std::mutex> l(mu);
    return cv.wait_for(l, std::chrono::seconds(10), [&] { return results.size() >= n; });
  }
};

std::unique_ptr<BlockRequest> gated(Gate* g, int id) {
  auto r = std::make_unique<GatedRequest>();
  r->op = BlockRequest::Op::kCustom;
  r->gate = g;
  r->id = id;
  return r;
}
}  // namespace

TEST(cached_read_finishes_inline_and_evicted_read_does_not) {
  TempImage img;
  BlockFile f(options(img.path));
  std::vector<uint8_t> buf(4096);
  BlockRequest r;
  r.op = BlockRequest::Op::kRead;
  r.offset = 1 << 20;
  r.iov = {{buf.data(), buf.size()}};
  img.evict();
  CHECK(!try_without_blocking(f, r));  // RWF_NOWAIT: the pages are not cached
  run_blocking(f, r);                  // reads them (and caches them)
  CHECK_EQ(r.result, 0);
  CHECK_EQ(buf[5], img.at((1 << 20) + 5));
  std::memset(buf.data(), 0, buf.size());
  r.iov = {{buf.data(), buf.size()}};
  r.result = -1;
  CHECK(try_without_blocking(f, r));
  CHECK_EQ(r.result, 0);
  CHECK_EQ(buf[4095], img.at((1 << 20) + 4095));
}

TEST(small_buffered_write_finishes_inline) {
  TempImage img;
  BlockFile f(options(img.path));
  std::vector<uint8_t> buf(8192, 0xa5);
  BlockRequest r;
  r.op = BlockRequest::Op::kWrite;
  r.offset = 3 * 4096;
  r.iov = {{buf.data(), 4096}, {buf.data() + 4096, 4096}};
  r.result = -1;
  CHECK(try_without_blocking(f, r));
  CHECK_EQ(r.result, 0);
  int fd = open(img.path.c_str(), O_RDONLY);
  uint8_t back[2] = {};
  CHECK_EQ(pread(fd, back, 2, 3 * 4096 + 8190), 2);
  close(fd);
  CHECK_EQ(back[0], 0xa5);
  CHECK_EQ(back[1], 0xa5);
}

TEST(large_flush_and_direct_requests_wait_for_a_worker) {
  TempImage img;
  BlockRequest r;
  {
    BlockFile f(options(img.path));
    std::vector<uint8_t> big(kInlineMaxBytes + 4096);
    r.op = BlockRequest::Op::kRead;
    r.iov = {{big.data(), big.size()}};
    CHECK(!try_without_blocking(f, r));
    r.op = BlockRequest::Op::kWrite;
    CHECK(!try_without_blocking(f, r));
    r.op = BlockRequest::Op::kFlush;
    r.iov.clear();
    CHECK(!try_without_blocking(f, r));
  }
  BlockFile direct(options(img.path, true));  // O_DIRECT: never through the page cache
  void* aligned = nullptr;
  CHECK_EQ(posix_memalign(&aligned, 4096, 4096), 0);
  r.op = BlockRequest::Op::kRead;
  r.iov = {{aligned, 4096}};
  CHECK(!try_without_blocking(direct, r));
  run_blocking(direct, r);
  CHECK_EQ(r.result, 0);
  CHECK_EQ(static_cast<uint8_t*>(aligned)[9], img.at(9));
  std::free(aligned);
}

TEST(pool_is_bounded_and_completes_a_take_as_one_batch) {
  TempImage img;
  BlockFile f(options(img.path));
  Sink sink;
  Gate gate;
  BlockRequestQueue q(f, sink, 1, 12, "test-worker");
  auto first = gated(&gate, 100);
  CHECK(q.submit(first));
  CHECK(first == nullptr);
  // Wait until the single worker holds the first request, so the rest queue behind it.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (int i = 0; i < 11; ++i) {
    auto r = gated(nullptr, i);
    CHECK(q.submit(r));
  }
  auto over = gated(nullptr, 99);
  CHECK(!q.submit(over));  // 12 outstanding: full, and the request stays with the caller
  CHECK(over != nullptr);
  gate.release();
  CHECK(sink.wait_for(12));
  std::lock_guard<std::mutex> l(sink.mu);
  CHECK_EQ(sink.batches.size(), 2u);  // the gated one, then the 11 that queued behind it at once
  if (sink.batches.size() == 2) CHECK_EQ(sink.batches[1], 11u);
  CHECK_EQ(sink.results.front(), 100);
  CHECK_EQ(sink.results.back(), 10);
}

TEST(stop_drops_queued_requests) {
  TempImage img;
  BlockFile f(options(img.path));
  Sink sink;
  Gate gate;
  BlockRequestQueue q(f, sink, 1, 8, "test-worker");
  auto first = gated(&gate, 1);
  CHECK(q.submit(first));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  for (int i = 0; i < 5; ++i) {
    auto r = gated(nullptr, 2);
    CHECK(q.submit(r));
  }
  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    gate.release();
  });
  q.stop();
  releaser.join();
  std::lock_guard<std::mutex> l(sink.mu);
  CHECK_EQ(sink.results.size(), 1u);  // the running one finished; the five queued were dropped
  auto late = gated(nullptr, 3);
  CHECK(!q.submit(late));
}

TEST_MAIN()
