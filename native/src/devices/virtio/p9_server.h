// A 9P2000.L file server for one share (Linux Documentation/filesystems/9p.rst, the v9fs client's
// message set): decodes a request, runs it on the ShareFs, encodes the reply. Fids live in a
// bounded table; replies are bounded by the negotiated msize (at most kMaxMsize).
#pragma once
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "devices/virtio/p9_fs.h"
#include "devices/virtio/p9_wire.h"
#include "vmm/unique_fd.h"

namespace tshyve::devices::virtio::p9 {

constexpr uint32_t kMaxMsize = 512 * 1024;  // our cap on a message (Linux's default msize is 512 KiB)
constexpr uint32_t kMinMsize = 64;          // room for any reply header (diod takes as little)
constexpr size_t kMaxFids = 4096;           // each may hold one open host fd

struct Fid {
  std::string path;  // beneath the share root, "" is the root
  vmm::UniqueFd fd;  // after lopen/lcreate
  bool opened = false;
};

// Not thread-safe: one worker thread owns it.
class Server {
 public:
  explicit Server(ShareFs fs) : fs_(std::move(fs)) {}
  // Handles one request (`len` bytes); the reply (at most min(msize, reply_limit) bytes) goes into
  // `reply`. A reply that cannot fit becomes Rlerror(EMSGSIZE); if not even that fits, returns 0.
  size_t handle(const uint8_t* req, size_t len, std::vector<uint8_t>& reply, size_t reply_limit);
  uint32_t msize() const { return msize_; }
  size_t fid_count() const { return fids_.size(); }
  // A new session: every fid is clunked (device reset, Tversion).
  void reset();
  const ShareFs& fs() const { return fs_; }

 private:
  int dispatch(uint8_t type, uint16_t tag, Reader& in, Writer& out);
  Fid* find(uint32_t fid);
  int add_fid(uint32_t fid, std::string path, Fid** out = nullptr);
  int stat_qid(const std::string& path, Qid& q);
  void renamed(const std::string& from, const std::string& to);

  int version(Reader& in, Writer& out);
  int attach(Reader& in, Writer& out);
  int walk(Reader& in, Writer& out);
  int lopen(Reader& in, Writer& out);
  int lcreate(Reader& in, Writer& out);
  int symlink(Reader& in, Writer& out);
  int mknod(Reader& in, Writer& out);
  int rename(Reader& in, Writer& out);
  int readlink(Reader& in, Writer& out);
  int getattr(Reader& in, Writer& out);
  int setattr(Reader& in, Writer& out);
  int readdir(Reader& in, Writer& out);
  int fsync(Reader& in, Writer& out);
  int lock(Reader& in, Writer& out);
  int getlock(Reader& in, Writer& out);
  int link(Reader& in, Writer& out);
  int mkdir(Reader& in, Writer& out);
  int renameat(Reader& in, Writer& out);
  int unlinkat(Reader& in, Writer& out);
  int read(Reader& in, Writer& out);
  int write(Reader& in, Writer& out);
  int clunk(Reader& in, Writer& out);
  int remove(Reader& in, Writer& out);
  int statfs(Reader& in, Writer& out);

  ShareFs fs_;
  uint32_t msize_ = kMaxMsize;
  std::unordered_map<uint32_t, Fid> fids_;
  std::vector<uint8_t> dents_;  // getdents64 scratch
};

}  // namespace tshyve::devices::virtio::p9
