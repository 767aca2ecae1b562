// Share directory operations for the 9P2000.L server, confined beneath the share root
// (openat2(2) RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS; *at(2) calls on single components).
#include "devices/virtio/p9_fs.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace tshyve::devices::virtio::p9 {

namespace {
constexpr long kSysOpenat2 = 437;
constexpr long kSysFchmodat2 = 452;
std::atomic<bool> g_no_openat2{false};
std::atomic<bool> g_force_walk{false};

int fail(int r) { return r < 0 ? -errno : r; }
}  // namespace

ShareFs::ShareFs(const std::string& root, bool read_only) : read_only_(read_only) {
  root_.reset(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root_.valid()) throw std::runtime_error("9p share " + root + ": " + std::strerror(errno));
}

void ShareFs::force_component_walk(bool on) { g_force_walk.store(on); }

bool ShareFs::valid_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && name.find('/') == std::string_view::npos &&
         name.find('\0') == std::string_view::npos && name.size() <= 255;
}

std::string ShareFs::join(const std::string& dir, std::string_view name) {
  return dir.empty() ? std::string(name) : dir + "/" + std::string(name);
}

std::string ShareFs::parent_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string_view ShareFs::base_of(const std::string& path) {
  const size_t slash = path.rfind('/');
  return slash == std::string::npos ? std::string_view(path) : std::string_view(path).substr(slash + 1);
}

int ShareFs::resolve(int dirfd, const std::string& path, int flags, mode_t mode) const {
  flags |= O_CLOEXEC | O_NOFOLLOW;
  const char* p = path.empty() ? "." : path.c_str();
  if (!g_force_walk.load(std::memory_order_relaxed) && !g_no_openat2.load(std::memory_order_relaxed)) {
    open_how how{};
    how.flags = static_cast<uint64_t>(flags);
    how.mode = (flags & (O_CREAT | O_TMPFILE)) ? mode : 0;
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
    long fd = ::syscall(kSysOpenat2, dirfd, p, &how, sizeof how);
    if (fd >= 0 || errno != ENOSYS) return fd >= 0 ? static_cast<int>(fd) : -errno;
    g_no_openat2.store(true);
  }
  return walk_components(dirfd, path, flags, mode);
}

// Without openat2: every intermediate component must be a real directory (O_NOFOLLOW|O_DIRECTORY),
// so no symlink is followed at all; names were validated, so there is no "..".
int ShareFs::walk_components(int dirfd, const std::string& path, int flags, mode_t mode) const {
  if (path.empty()) return fail(::openat(dirfd, ".", flags, mode));
  vmm::UniqueFd held;
  int cur = dirfd;
  size_t from = 0;
  for (;;) {
    const size_t slash = path.find('/', from);
    const std::string name = path.substr(from, slash == std::string::npos ? std::string::npos : slash - from);
    if (!valid_name(name)) return -EINVAL;
    if (slash == std::string::npos) return fail(::openat(cur, name.c_str(), flags, mode));
    int next = ::openat(cur, name.c_str(), O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0) return -errno;
    held.reset(next);
    cur = next;
    from = slash + 1;
  }
}

int ShareFs::open(const std::string& path, int flags, mode_t mode) const {
  const int acc = flags & O_ACCMODE;
  if (read_only_ && (acc != O_RDONLY || (flags & (O_TRUNC | O_CREAT)))) return -EROFS;
  return resolve(root_.get(), path, flags, mode);
}

int ShareFs::lstat(const std::string& path, struct stat& st) const {
  vmm::UniqueFd fd(open(path, O_PATH));
  if (!fd.valid()) return fd.get();
  return fail(::fstatat(fd.get(), "", &st, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW));
}

int ShareFs::statfs(struct statfs& out) const { return fail(::fstatfs(root_.get(), &out)); }

int ShareFs::readlink(const std::string& path, std::string& target) const {
  vmm::UniqueFd fd(open(path, O_PATH));
  if (!fd.valid()) return fd.get();
  char buf[4096];
  const ssize_t n = ::readlinkat(fd.get(), "", buf, sizeof buf);
  if (n < 0) return -errno;
  if (static_cast<size_t>(n) == sizeof buf) return -ENAMETOOLONG;
  target.assign(buf, static_cast<size_t>(n));
  return 0;
}

int ShareFs::create(const std::string& dir, std::string_view name, int flags, mode_t mode) const {
  if (!valid_name(name)) return -EINVAL;
  if (read_only_) return -EROFS;
  vmm::UniqueFd d(this->dir(dir));
  if (!d.valid()) return d.get();
  return resolve(d.get(), std::string(name), flags | O_CREAT, mode);
}

int ShareFs::mkdir(const std::string& dir, std::string_view name, mode_t mode) const {
  if (!valid_name(name)) return -EINVAL;
  if (read_only_) return -EROFS;
  vmm::UniqueFd d(this->dir(dir));
  if (!d.valid()) return d.get();
  return fail(::mkdirat(d.get(), std::string(name).c_str(), mode));
}

int ShareFs::symlink(const std::string& dir, std::string_view name, const std::string& target) const {
  if (!valid_name(name) || target.empty() || target.find('\0') != std::string::npos) return -EINVAL;
  if (read_only_) return -EROFS;
  vmm::UniqueFd d(this->dir(dir));
  if (!d.valid()) return d.get();
  return fail(::symlinkat(target.c_str(), d.get(), std::string(name).c_str()));
}

int ShareFs::mknod(const std::string& dir, std::string_view name, mode_t mode, dev_t dev) const {
  if (!valid_name(name)) return -EINVAL;
  const mode_t type = mode & S_IFMT;
  if (type != S_IFREG && type != S_IFIFO && type != S_IFSOCK && type != 0) return -EPERM;
  if (read_only_) return -EROFS;
  vmm::UniqueFd d(this->dir(dir));
  if (!d.valid()) return d.get();
  return fail(::mknodat(d.get(), std::string(name).c_str(), mode, 0));
}

int ShareFs::link(const std::string& target, const std::string& dir, std::string_view name) const {
  if (!valid_name(name) || target.empty()) return -EINVAL;
  if (read_only_) return -EROFS;
  vmm::UniqueFd from(this->dir(parent_of(target)));
  if (!from.valid()) return from.get();
  vmm::UniqueFd to(this->dir(dir));
  if (!to.valid()) return to.get();
  return fail(::linkat(from.get(), std::string(base_of(target)).c_str(), to.get(), std::string(name).c_str(), 0));
}

int ShareFs::unlink(const std::string& dir, std::string_view name, bool directory) const {
  if (!valid_name(name)) return -EINVAL;
  if (read_only_) return -EROFS;
  vmm::UniqueFd d(this->dir(dir));
  if (!d.valid()) return d.get();
  return fail(::unlinkat(d.get(), std::string(name).c_str(), directory ? AT_REMOVEDIR : 0));
}

int ShareFs::rename(const std::string& from_dir, std::string_view from, const std::string& to_dir, std::string_view to) const {
  if (!valid_name(from) || !valid_name(to)) return -EINVAL;
  if (read_only_) return -EROFS;
  vmm::UniqueFd a(dir(from_dir));
  if (!a.valid()) return a.get();
  vmm::UniqueFd b(dir(to_dir));
  if (!b.valid()) return b.get();
  return fail(::renameat(a.get(), std::string(from).c_str(), b.get(), std::string(to).c_str()));
}

int ShareFs::setattr(const std::string& path, const SetAttr& a) const {
  if (read_only_) return -EROFS;
  vmm::UniqueFd fd(open(path, O_PATH));
  if (!fd.valid()) return fd.get();
  if (a.set_mode) {
    long r = ::syscall(kSysFchmodat2, fd.get(), "", a.mode & 07777, AT_EMPTY_PATH);
    if (r < 0 && errno == ENOSYS) {  // before Linux 6.6: chmod through a real (non-symlink) open
      vmm::UniqueFd rd(open(path, O_RDONLY | O_NONBLOCK));
      if (!rd.valid()) return rd.get();
      r = ::fchmod(rd.get(), a.mode & 07777);
    }
    if (r < 0) return -errno;
  }
  if (a.set_uid || a.set_gid) {
    if (::fchownat(fd.get(), "", a.set_uid ? a.uid : static_cast<uid_t>(-1), a.set_gid ? a.gid : static_cast<gid_t>(-1), AT_EMPTY_PATH) < 0)
      return -errno;
  }
  if (a.set_size) {
    if (a.size > static_cast<uint64_t>(INT64_MAX)) return -EFBIG;
    vmm::UniqueFd wr(open(path, O_WRONLY | O_NONBLOCK));
    if (!wr.valid()) return wr.get();
    if (::ftruncate(wr.get(), static_cast<off_t>(a.size)) < 0) return -errno;
  }
  if (a.atime.tv_nsec != UTIME_OMIT || a.mtime.tv_nsec != UTIME_OMIT) {
    const timespec ts[2] = {a.atime, a.mtime};
    if (::utimensat(fd.get(), "", ts, AT_EMPTY_PATH) < 0) return -errno;
  }
  return 0;
}

int ShareFs::setattr_open(int fd, const SetAttr& a) const {
  if (read_only_) return -EROFS;
  if (a.set_mode && ::fchmod(fd, a.mode & 07777) < 0) return -errno;
  if ((a.set_uid || a.set_gid) && ::fchown(fd, a.set_uid ? a.uid : static_cast<uid_t>(-1), a.set_gid ? a.gid : static_cast<gid_t>(-1)) < 0)
    return -errno;
  if (a.set_size) {
    if (a.size > static_cast<uint64_t>(INT64_MAX)) return -EFBIG;
    if (::ftruncate(fd, static_cast<off_t>(a.size)) < 0) return -errno;
  }
  if (a.atime.tv_nsec != UTIME_OMIT || a.mtime.tv_nsec != UTIME_OMIT) {
    const timespec ts[2] = {a.atime, a.mtime};
    if (::futimens(fd, ts) < 0) return -errno;
  }
  return 0;
}

}  // namespace tshyve::devices::virtio::p9
