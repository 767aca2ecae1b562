// virtio-9p device (virtio 1.2 §5 ID 9, Linux net/9p/trans_virtio.c framing): each chain is one
// request; the reply is written from the first writable byte. The transport lock is held only to
// pop a chain and copy it, and to publish the reply: a slow host file system never stalls a vCPU.
#include "devices/virtio/virtio_9p.h"

#include <algorithm>
#include <stdexcept>

#include "vmm/log.h"
#include "vmm/seccomp_filter.h"

namespace tshyve::devices::virtio {

Virtio9p::Virtio9p(const ShareConfig& config) : config_(config), server_(p9::ShareFs(config.path, config.read_only)) {
  if (config_.tag.empty() || config_.tag.size() > kMaxTagLength)
    throw std::runtime_error("9p share " + config_.path + ": the mount tag must be 1-" + std::to_string(kMaxTagLength) + " bytes");
  const uint16_t len = static_cast<uint16_t>(config_.tag.size());
  config_space_.resize(2 + len);
  std::memcpy(config_space_.data(), &len, 2);  // le16 tag_len
  std::memcpy(config_space_.data() + 2, config_.tag.data(), len);
  thread_ = std::thread([this] { worker(); });
}

Virtio9p::~Virtio9p() { shutdown(); }

void Virtio9p::read_config(uint32_t offset, uint8_t* data, uint32_t size) {
  if (offset <= config_space_.size() && size <= config_space_.size() - offset) std::memcpy(data, config_space_.data() + offset, size);
}

void Virtio9p::queue_notified(DeviceContext& ctx, uint16_t) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    ctx_ = &ctx;
    kicked_ = true;
  }
  cv_.notify_one();
}

void Virtio9p::shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  if (thread_.joinable()) thread_.join();
}

void Virtio9p::worker() noexcept {
  vmm::seccomp::enter_thread(vmm::seccomp::ThreadKind::kFsWorker, "9p-worker");
  for (;;) {
    DeviceContext* ctx;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || kicked_; });
      if (stop_) return;
      kicked_ = false;
      ctx = ctx_;
    }
    if (ctx) serve(*ctx);
  }
}

void Virtio9p::serve(DeviceContext& ctx) {
  for (;;) {
    Chain chain;
    uint64_t generation;
    size_t limit;
    {
      std::lock_guard<std::mutex> lock(ctx.lock());
      if (!ctx.active()) return;
      Virtqueue& q = ctx.queue(0);
      if (!q.active()) return;
      const PopResult r = q.pop(chain);
      if (r == PopResult::kError) {
        ctx.needs_reset("queue 0: " + q.error());
        return;
      }
      if (r == PopResult::kEmpty) {
        if (q.enable_notifications()) continue;
        return;
      }
      generation = generation_;
      if (generation != served_generation_) {  // the driver reset the device: a new 9P session
        server_.reset();
        served_generation_ = generation;
      }
      // One byte beyond the cap is enough for the server to see an oversized message.
      request_.resize(std::min<uint64_t>(chain.readable_bytes, p9::kMaxMsize + 1ull));
      request_.resize(chain.read(0, request_.data(), request_.size()));
      limit = static_cast<size_t>(std::min<uint64_t>(chain.writable_bytes, p9::kMaxMsize));
    }
    ++requests_;
    const size_t n = server_.handle(request_.data(), request_.size(), reply_, limit);
    if (n == 0) vmm::guest_log("virtio-9p: request of %zu bytes with %zu bytes for the reply dropped", request_.size(), limit);
    std::lock_guard<std::mutex> lock(ctx.lock());
    if (generation != generation_ || !ctx.active()) continue;  // reset meanwhile: the chain is gone
    Virtqueue& q = ctx.queue(0);
    chain.write(0, reply_.data(), n);
    if (!q.push_used(chain.head, static_cast<uint32_t>(n))) {
      ctx.needs_reset("queue 0: " + q.error());
      return;
    }
    ctx.notify_used(0);
  }
}

}  // namespace tshyve::devices::virtio
