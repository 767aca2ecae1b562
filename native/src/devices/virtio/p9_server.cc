// 9P2000.L request handlers (message layouts as Linux include/net/9p/9p.h and diod's protocol.md):
// every handler returns 0 with its reply written, or -errno for an Rlerror.
#include "devices/virtio/p9_server.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace tshyve::devices::virtio::p9 {

namespace {
// As diod answers: an unknown (or already used) fid, a fid that is not open, one already open.
constexpr int kErrNoFid = EIO, kErrNotOpen = EBADF, kErrOpen = EINVAL;
// Open flags a client may pass through (9P2000.L uses Linux's O_* values); O_DIRECT is dropped
// because data goes through our own buffers, O_NOATIME because it needs ownership.
constexpr int kOpenFlags = O_ACCMODE | O_TRUNC | O_APPEND | O_DSYNC | O_SYNC | O_DIRECTORY | O_LARGEFILE;
constexpr size_t kDentsScratch = 32 * 1024;

Qid qid_of(const struct stat& st) {
  Qid q;
  q.type = S_ISDIR(st.st_mode) ? kQidDir : S_ISLNK(st.st_mode) ? kQidSymlink : kQidFile;
  q.path = st.st_ino;
  return q;
}

int sys(long r) { return r < 0 ? -errno : 0; }

struct Dirent64 {
  uint64_t ino;
  int64_t off;
  uint16_t reclen;
  uint8_t type;
  char name[];
};
}  // namespace

void Server::reset() {
  fids_.clear();
  msize_ = kMaxMsize;
}

Fid* Server::find(uint32_t fid) {
  auto it = fids_.find(fid);
  return it == fids_.end() ? nullptr : &it->second;
}

int Server::add_fid(uint32_t fid, std::string path, Fid** out) {
  if (fid == kNoFid || fids_.count(fid)) return -kErrNoFid;
  if (fids_.size() >= kMaxFids) return -EMFILE;
  Fid& f = fids_[fid];
  f.path = std::move(path);
  if (out) *out = &f;
  return 0;
}

int Server::stat_qid(const std::string& path, Qid& q) {
  struct stat st;
  if (int r = fs_.lstat(path, st); r < 0) return r;
  q = qid_of(st);
  return 0;
}

// After a rename, fids at or below the old path name the new one.
void Server::renamed(const std::string& from, const std::string& to) {
  for (auto& [id, f] : fids_) {
    if (f.path == from)
      f.path = to;
    else if (f.path.size() > from.size() && f.path.compare(0, from.size(), from) == 0 && f.path[from.size()] == '/')
      f.path = to + f.path.substr(from.size());
  }
}

size_t Server::handle(const uint8_t* req, size_t len, std::vector<uint8_t>& reply, size_t reply_limit) {
  const size_t limit = std::min<size_t>(msize_, reply_limit);
  Writer out(reply, limit);
  if (len < kHeaderSize || limit < kHeaderSize + 4) return 0;
  Reader in(req, len);
  const uint32_t size = in.u32();
  const uint8_t type = in.u8();
  const uint16_t tag = in.u16();
  int r;
  if (size != len || size > msize_) {
    r = -EMSGSIZE;
  } else {
    Reader body(req + kHeaderSize, len - kHeaderSize);
    out.begin(static_cast<uint8_t>(type + 1), tag);
    r = dispatch(type, tag, body, out);
    if (r == 0 && !body.ok()) r = -EINVAL;  // a field ran past the message's end
    if (r == 0 && !out.ok()) r = -EMSGSIZE;
  }
  if (r < 0) write_error(out, tag, static_cast<uint32_t>(-r));
  return out.finish();
}

int Server::dispatch(uint8_t type, uint16_t tag, Reader& in, Writer& out) {
  switch (type) {
    case kTversion: return version(in, out);
    case kTattach: return attach(in, out);
    case kTflush: return 0;  // requests complete in order: the flushed one already has its reply
    case kTwalk: return walk(in, out);
    case kTlopen: return lopen(in, out);
    case kTlcreate: return lcreate(in, out);
    case kTsymlink: return symlink(in, out);
    case kTmknod: return mknod(in, out);
    case kTrename: return rename(in, out);
    case kTreadlink: return readlink(in, out);
    case kTgetattr: return getattr(in, out);
    case kTsetattr: return setattr(in, out);
    case kTreaddir: return readdir(in, out);
    case kTfsync: return fsync(in, out);
    case kTlock: return lock(in, out);
    case kTgetlock: return getlock(in, out);
    case kTlink: return link(in, out);
    case kTmkdir: return mkdir(in, out);
    case kTrenameat: return renameat(in, out);
    case kTunlinkat: return unlinkat(in, out);
    case kTread: return read(in, out);
    case kTwrite: return write(in, out);
    case kTclunk: return clunk(in, out);
    case kTremove: return remove(in, out);
    case kTstatfs: return statfs(in, out);
    case kTxattrwalk:
    case kTxattrcreate: return -EOPNOTSUPP;  // no extended attributes on shares
    default: return -EOPNOTSUPP;             // Tauth (no authentication), 9P2000/.u messages
  }
}

int Server::version(Reader& in, Writer& out) {
  const uint32_t want = in.u32();
  const std::string v = in.str();
  if (!in.ok()) return -EINVAL;
  if (want < kMinMsize) return -EINVAL;
  reset();
  msize_ = std::min(want, kMaxMsize);
  out.u32(msize_);
  out.str(v == "9P2000.L" ? "9P2000.L" : "unknown");
  return 0;
}

int Server::attach(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  in.u32();  // afid: no authentication
  in.str();  // uname
  in.str();  // aname: the device exports one tree
  in.u32();  // n_uname
  if (!in.ok()) return -EINVAL;
  Qid q;
  if (int r = stat_qid("", q); r < 0) return r;
  if (int r = add_fid(fid, ""); r < 0) return r;
  out.qid(q);
  return 0;
}

int Server::walk(Reader& in, Writer& out) {
  const uint32_t fid = in.u32(), newfid = in.u32();
  const uint16_t n = in.u16();
  if (n > kMaxWalkNames) return -E2BIG;
  std::string names[kMaxWalkNames];
  for (uint16_t i = 0; i < n; ++i) names[i] = in.str();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (newfid != fid && find(newfid)) return -kErrNoFid;
  std::string path = f->path;
  Qid qids[kMaxWalkNames];
  uint16_t done = 0;
  int err = 0;
  for (; done < n; ++done) {
    if (names[done] == ".") {  // stays where it is
      struct stat here;
      if (int r = fs_.lstat(path, here); r < 0) {
        err = r;
        break;
      }
      qids[done] = qid_of(here);
      continue;
    }
    if (!ShareFs::valid_name(names[done])) {
      err = names[done] == ".." ? -EPERM : -EINVAL;  // never above or beside a fid's own path
      break;
    }
    struct stat st;
    if (done > 0 && qids[done - 1].type != kQidDir) {
      err = -ENOTDIR;
      break;
    }
    std::string next = ShareFs::join(path, names[done]);
    if (int r = fs_.lstat(next, st); r < 0) {
      err = r;
      break;
    }
    qids[done] = qid_of(st);
    path = std::move(next);
  }
  if (done == 0 && n > 0) return err;
  if (done == n) {
    if (newfid == fid) {
      if (f->opened) return -kErrOpen;
      f->path = path;
    } else if (int r = add_fid(newfid, path); r < 0) {
      return r;
    }
  }
  out.u16(done);
  for (uint16_t i = 0; i < done; ++i) out.qid(qids[i]);
  return 0;
}

int Server::lopen(Reader& in, Writer& out) {
  const uint32_t fid = in.u32(), flags = in.u32();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (f->opened) return -kErrOpen;
  if ((flags & O_ACCMODE) == O_ACCMODE) return -EINVAL;
  const int fd = fs_.open(f->path, static_cast<int>(flags & kOpenFlags) | O_NONBLOCK);
  if (fd < 0) return fd;
  f->fd.reset(fd);
  struct stat st;
  if (::fstat(fd, &st) < 0) return -errno;
  f->opened = true;
  out.qid(qid_of(st));
  out.u32(0);  // iounit: the client uses msize
  return 0;
}

int Server::lcreate(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const std::string name = in.str();
  const uint32_t flags = in.u32(), mode = in.u32();
  in.u32();  // gid: files belong to the VMM's user
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (f->opened) return -kErrOpen;
  if ((flags & O_ACCMODE) == O_ACCMODE) return -EINVAL;
  const int fd = fs_.create(f->path, name, static_cast<int>(flags & (kOpenFlags | O_EXCL)) | O_NONBLOCK, mode & 07777);
  if (fd < 0) return fd;
  struct stat st;
  if (::fstat(fd, &st) < 0) {
    ::close(fd);
    return -errno;
  }
  f->fd.reset(fd);
  f->path = ShareFs::join(f->path, name);
  f->opened = true;
  out.qid(qid_of(st));
  out.u32(0);
  return 0;
}

int Server::symlink(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const std::string name = in.str(), target = in.str();
  in.u32();  // gid
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (int r = fs_.symlink(f->path, name, target); r < 0) return r;
  Qid q;
  if (int r = stat_qid(ShareFs::join(f->path, name), q); r < 0) return r;
  out.qid(q);
  return 0;
}

int Server::mknod(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const std::string name = in.str();
  const uint32_t mode = in.u32();
  in.u32(), in.u32(), in.u32();  // major, minor: no device nodes; gid
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (int r = fs_.mknod(f->path, name, mode, 0); r < 0) return r;
  Qid q;
  if (int r = stat_qid(ShareFs::join(f->path, name), q); r < 0) return r;
  out.qid(q);
  return 0;
}

int Server::rename(Reader& in, Writer& out) {
  const uint32_t fid = in.u32(), dfid = in.u32();
  const std::string name = in.str();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  Fid* d = find(dfid);
  if (!f || !d) return -kErrNoFid;
  if (f->path.empty()) return -EBUSY;  // the root itself
  const std::string from = f->path, to = ShareFs::join(d->path, name);
  if (int r = fs_.rename(ShareFs::parent_of(from), ShareFs::base_of(from), d->path, name); r < 0) return r;
  renamed(from, to);
  return 0;
}

int Server::readlink(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  std::string target;
  if (int r = fs_.readlink(f->path, target); r < 0) return r;
  out.str(target);
  return 0;
}

int Server::getattr(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const uint64_t mask = in.u64();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  struct stat st;
  if (f->opened) {
    if (::fstat(f->fd.get(), &st) < 0) return -errno;  // still valid after an unlink
  } else if (int r = fs_.lstat(f->path, st); r < 0) {
    return r;
  }
  out.u64(mask & kGetattrBasic);  // btime, gen and data_version are never valid
  out.qid(qid_of(st));
  out.u32(st.st_mode);
  out.u32(st.st_uid);
  out.u32(st.st_gid);
  out.u64(st.st_nlink);
  out.u64(st.st_rdev);
  out.u64(static_cast<uint64_t>(st.st_size));
  out.u64(static_cast<uint64_t>(st.st_blksize));
  out.u64(static_cast<uint64_t>(st.st_blocks));
  out.u64(static_cast<uint64_t>(st.st_atim.tv_sec)), out.u64(static_cast<uint64_t>(st.st_atim.tv_nsec));
  out.u64(static_cast<uint64_t>(st.st_mtim.tv_sec)), out.u64(static_cast<uint64_t>(st.st_mtim.tv_nsec));
  out.u64(static_cast<uint64_t>(st.st_ctim.tv_sec)), out.u64(static_cast<uint64_t>(st.st_ctim.tv_nsec));
  for (int i = 0; i < 4; ++i) out.u64(0);  // btime sec/nsec, gen, data_version: not reported
  return 0;
}

int Server::setattr(Reader& in, Writer& out) {
  const uint32_t fid = in.u32(), valid = in.u32();
  SetAttr a;
  a.mode = in.u32();
  a.uid = in.u32();
  a.gid = in.u32();
  a.size = in.u64();
  const uint64_t as = in.u64(), ans = in.u64(), ms = in.u64(), mns = in.u64();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  a.set_mode = valid & kAttrMode;
  a.set_uid = valid & kAttrUid;
  a.set_gid = valid & kAttrGid;
  a.set_size = valid & kAttrSize;
  auto when = [](bool set, bool given, uint64_t s, uint64_t ns) {
    if (!set) return timespec{0, UTIME_OMIT};
    if (!given) return timespec{0, UTIME_NOW};
    return timespec{static_cast<time_t>(s), static_cast<long>(ns % 1000000000ull)};
  };
  a.atime = when(valid & kAttrAtime, valid & kAttrAtimeSet, as, ans);
  a.mtime = when(valid & kAttrMtime, valid & kAttrMtimeSet, ms, mns);
  if (!(valid & (kAttrMode | kAttrUid | kAttrGid | kAttrSize | kAttrAtime | kAttrMtime | kAttrCtime))) return 0;
  if (valid == kAttrCtime && fs_.read_only()) return -EROFS;
  // An open fid may name a file that is gone from the tree (unlinked while open); a file opened
  // read-only cannot be truncated through its fd, so that goes by path.
  if (f->opened && !(a.set_size && (::fcntl(f->fd.get(), F_GETFL) & O_ACCMODE) == O_RDONLY)) return fs_.setattr_open(f->fd.get(), a);
  return fs_.setattr(f->path, a);
}

int Server::readdir(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const uint64_t offset = in.u64();
  uint32_t count = in.u32();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (!f->opened) return -kErrNotOpen;
  if (offset > static_cast<uint64_t>(INT64_MAX)) return -EINVAL;
  if (::lseek(f->fd.get(), static_cast<off_t>(offset), SEEK_SET) < 0) return -errno;
  count = static_cast<uint32_t>(std::min<size_t>(count, out.room() > 4 ? out.room() - 4 : 0));
  const size_t count_at = out.size();
  out.u32(0);
  uint32_t used = 0;
  dents_.resize(kDentsScratch);
  for (bool full = false; !full;) {
    const long n = ::syscall(SYS_getdents64, f->fd.get(), dents_.data(), dents_.size());
    if (n < 0) return -errno;
    if (n == 0) break;
    for (long at = 0; at < n;) {
      const auto* d = reinterpret_cast<const Dirent64*>(dents_.data() + at);
      at += d->reclen;
      const size_t name_len = ::strnlen(d->name, 255);
      const size_t entry = kQidSize + 8 + 1 + 2 + name_len;
      if (used + entry > count) {
        full = true;
        break;
      }
      Qid q;
      q.type = d->type == DT_DIR ? kQidDir : d->type == DT_LNK ? kQidSymlink : kQidFile;
      q.path = d->ino;
      out.qid(q);
      out.u64(static_cast<uint64_t>(d->off));
      out.u8(d->type);
      out.str(std::string_view(d->name, name_len));
      used += static_cast<uint32_t>(entry);
    }
  }
  out.patch_u32(count_at, used);
  return 0;
}

int Server::fsync(Reader& in, Writer& out) {
  const uint32_t fid = in.u32(), datasync = in.u32();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (!f->opened) return -kErrNotOpen;
  return sys(datasync ? ::fdatasync(f->fd.get()) : ::fsync(f->fd.get()));
}

// Byte-range locks are open-file-description locks on the fid's fd (fcntl F_OFD_*): fids conflict
// with each other as the guest's open files do; a lock is never waited for (the client retries).
int Server::lock(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const uint8_t type = in.u8();
  in.u32();  // flags: P9_LOCK_FLAGS_BLOCK is answered with BLOCKED instead of waiting
  const uint64_t start = in.u64(), length = in.u64();
  in.u32();  // proc_id
  in.str();  // client_id
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (!f->opened) return -kErrNotOpen;
  if (type > kLockUnlock || start > static_cast<uint64_t>(INT64_MAX) || length > static_cast<uint64_t>(INT64_MAX)) return -EINVAL;
  struct flock fl {};
  fl.l_type = type == kLockRead ? F_RDLCK : type == kLockWrite ? F_WRLCK : F_UNLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(start);
  fl.l_len = static_cast<off_t>(length);
  uint8_t status = kLockSuccess;
  if (::fcntl(f->fd.get(), F_OFD_SETLK, &fl) < 0) status = (errno == EAGAIN || errno == EACCES) ? kLockBlocked : kLockError;
  out.u8(status);
  return 0;
}

int Server::getlock(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const uint8_t type = in.u8();
  const uint64_t start = in.u64(), length = in.u64();
  const uint32_t proc_id = in.u32();
  const std::string client = in.str();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (!f->opened) return -kErrNotOpen;
  if (type > kLockUnlock || start > static_cast<uint64_t>(INT64_MAX) || length > static_cast<uint64_t>(INT64_MAX)) return -EINVAL;
  struct flock fl {};
  fl.l_type = type == kLockRead ? F_RDLCK : F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = static_cast<off_t>(start);
  fl.l_len = static_cast<off_t>(length);
  if (::fcntl(f->fd.get(), F_OFD_GETLK, &fl) < 0) return -errno;
  const bool free = fl.l_type == F_UNLCK;
  out.u8(free ? kLockUnlock : fl.l_type == F_RDLCK ? kLockRead : kLockWrite);
  out.u64(free ? start : static_cast<uint64_t>(fl.l_start));
  out.u64(free ? length : static_cast<uint64_t>(fl.l_len));
  out.u32(free ? proc_id : static_cast<uint32_t>(fl.l_pid));
  out.str(client);
  return 0;
}

int Server::link(Reader& in, Writer& out) {
  const uint32_t dfid = in.u32(), fid = in.u32();
  const std::string name = in.str();
  if (!in.ok()) return -EINVAL;
  Fid* d = find(dfid);
  Fid* f = find(fid);
  if (!d || !f) return -kErrNoFid;
  return fs_.link(f->path, d->path, name);
}

int Server::mkdir(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const std::string name = in.str();
  const uint32_t mode = in.u32();
  in.u32();  // gid
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (int r = fs_.mkdir(f->path, name, mode & 07777); r < 0) return r;
  Qid q;
  if (int r = stat_qid(ShareFs::join(f->path, name), q); r < 0) return r;
  out.qid(q);
  return 0;
}

int Server::renameat(Reader& in, Writer& out) {
  const uint32_t ofid = in.u32();
  const std::string oname = in.str();
  const uint32_t nfid = in.u32();
  const std::string nname = in.str();
  if (!in.ok()) return -EINVAL;
  Fid* o = find(ofid);
  Fid* n = find(nfid);
  if (!o || !n) return -kErrNoFid;
  const std::string odir = o->path, ndir = n->path;
  if (int r = fs_.rename(odir, oname, ndir, nname); r < 0) return r;
  renamed(ShareFs::join(odir, oname), ShareFs::join(ndir, nname));
  return 0;
}

int Server::unlinkat(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const std::string name = in.str();
  const uint32_t flags = in.u32();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (flags & ~kUnlinkRemoveDir) return -EINVAL;
  return fs_.unlink(f->path, name, flags & kUnlinkRemoveDir);
}

int Server::read(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const uint64_t offset = in.u64();
  const uint32_t count = in.u32();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (!f->opened) return -kErrNotOpen;
  if (offset > static_cast<uint64_t>(INT64_MAX)) return -EINVAL;
  const size_t n = std::min<size_t>(count, out.room() > 4 ? out.room() - 4 : 0);
  const size_t count_at = out.size();
  out.u32(0);
  uint8_t* data = out.reserve(n);
  if (!data && n) return -EMSGSIZE;
  const ssize_t got = ::pread(f->fd.get(), data, n, static_cast<off_t>(offset));
  if (got < 0) return -errno;
  out.shrink(count_at + 4 + static_cast<size_t>(got));
  out.patch_u32(count_at, static_cast<uint32_t>(got));
  return 0;
}

int Server::write(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  const uint64_t offset = in.u64();
  const uint32_t count = in.u32();
  const uint8_t* data = in.bytes(count);
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  if (!f->opened) return -kErrNotOpen;
  if (fs_.read_only()) return -EROFS;
  if (offset > static_cast<uint64_t>(INT64_MAX)) return -EINVAL;
  const ssize_t put = ::pwrite(f->fd.get(), data, count, static_cast<off_t>(offset));
  if (put < 0) return -errno;
  out.u32(static_cast<uint32_t>(put));
  return 0;
}

int Server::clunk(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  if (!in.ok()) return -EINVAL;
  return fids_.erase(fid) ? 0 : -kErrNoFid;
}

int Server::remove(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  if (!in.ok()) return -EINVAL;
  Fid* f = find(fid);
  if (!f) return -kErrNoFid;
  const std::string path = f->path;
  fids_.erase(fid);  // Tremove clunks the fid whatever the outcome
  if (path.empty()) return -EBUSY;
  struct stat st;
  if (int r = fs_.lstat(path, st); r < 0) return r;
  return fs_.unlink(ShareFs::parent_of(path), ShareFs::base_of(path), S_ISDIR(st.st_mode));
}

int Server::statfs(Reader& in, Writer& out) {
  const uint32_t fid = in.u32();
  if (!in.ok()) return -EINVAL;
  if (!find(fid)) return -kErrNoFid;
  struct statfs s;
  if (int r = fs_.statfs(s); r < 0) return r;
  uint64_t fsid;
  std::memcpy(&fsid, &s.f_fsid, sizeof fsid);
  out.u32(kV9fsMagic);
  out.u32(static_cast<uint32_t>(s.f_bsize));
  out.u64(s.f_blocks), out.u64(s.f_bfree), out.u64(s.f_bavail);
  out.u64(s.f_files), out.u64(s.f_ffree);
  out.u64(fsid);
  out.u32(static_cast<uint32_t>(s.f_namelen));
  return 0;
}

}  // namespace tshyve::devices::virtio::p9
