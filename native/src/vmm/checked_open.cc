// openat2(2) with RESOLVE_NO_SYMLINKS (Linux 5.6; a component walk with O_NOFOLLOW before that),
// O_NONBLOCK while opening, then fstat(2) decides whether the file may be used.
#include "vmm/checked_open.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "vmm/kept_fds.h"

namespace tshyve::vmm {

namespace {
// include/uapi/linux/openat2.h, not in every libc's headers.
struct OpenHow {
  uint64_t flags, mode, resolve;
};
constexpr long kSysOpenat2 = 437;
constexpr uint64_t kResolveNoMagiclinks = 0x02, kResolveNoSymlinks = 0x04;

const char* kind_of(mode_t m) {
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISBLK(m)) return "a block device";
  return "not a regular file";
}

// Component by component from "/", each directory opened O_PATH|O_NOFOLLOW|O_DIRECTORY; fd or -errno.
int walk_no_symlinks(const std::string& path, int flags) {
  if (path.empty() || path[0] != '/') return -ENOENT;
  UniqueFd dir(::open("/", O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!dir.valid()) return -errno;
  size_t at = 1;
  for (;;) {
    size_t slash = path.find('/', at);
    std::string part = path.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
    bool last = slash == std::string::npos || path.find_first_not_of('/', slash) == std::string::npos;
    if (part.empty() && !last) {  // "//"
      at = slash + 1;
      continue;
    }
    if (last) {
      int fd = ::openat(dir.get(), part.empty() ? "." : part.c_str(), flags | O_NOFOLLOW);
      return fd >= 0 ? fd : -errno;
    }
    struct stat st {};
    if (::fstatat(dir.get(), part.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)) return -ELOOP;
    UniqueFd next(::openat(dir.get(), part.c_str(), O_PATH | O_NOFOLLOW | O_DIRECTORY | O_CLOEXEC));
    if (!next.valid()) return -errno;
    dir = std::move(next);
    at = slash + 1;
  }
}

// The first component of `path` that is a symlink now, for the message ("" if none is).
std::string first_symlink(const std::string& path) {
  for (size_t at = path.find('/', 1);; at = path.find('/', at + 1)) {
    std::string prefix = at == std::string::npos ? path : path.substr(0, at);
    struct stat st {};
    if (::lstat(prefix.c_str(), &st) == 0 && S_ISLNK(st.st_mode)) return prefix;
    if (at == std::string::npos) return "";
  }
}
}  // namespace

int open_no_symlinks(const std::string& path, int flags, bool use_openat2) {
  if (use_openat2) {
    OpenHow how{static_cast<uint64_t>(flags), 0, kResolveNoSymlinks | kResolveNoMagiclinks};
    long fd = ::syscall(kSysOpenat2, AT_FDCWD, path.c_str(), &how, sizeof how);
    if (fd >= 0) return static_cast<int>(fd);
    if (errno != ENOSYS) return -errno;
  }
  return walk_no_symlinks(path, flags);
}

UniqueFd open_checked(const std::string& path, int flags, const char* what, bool block_device_ok) {
  const int open_flags = flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC;
  return kept_fds::acquire("file " + std::to_string(open_flags) + " " + path, [&] {
    int r = open_no_symlinks(path, open_flags);
    if (r < 0) {
      if (r == -ELOOP) {
        std::string link = first_symlink(path);
        std::string part = link.empty() || link == path ? "is a symlink" : "has a symlink in its path (" + link + ")";
        throw CheckedOpenError(std::string(what) + " " + path + " " + part +
                               ": refused at run time, tshyve opens only paths without symlinks (the plan resolves a symlinked path)");
      }
      throw CheckedOpenError(std::string("cannot open ") + what + " " + path + ": " + std::strerror(-r));
    }
    UniqueFd fd(r);
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw CheckedOpenError(std::string("cannot stat ") + what + " " + path + ": " + std::strerror(errno));
    if (!S_ISREG(st.st_mode) && !(block_device_ok && S_ISBLK(st.st_mode)))
      throw CheckedOpenError(std::string(what) + " " + path + " is " + kind_of(st.st_mode) + ": only a regular file" +
                             (block_device_ok ? " or a block device" : "") + " can be used");
    // O_NONBLOCK only kept a FIFO from blocking the open; regular I/O is blocking.
    if (!(flags & O_NONBLOCK)) ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
    return fd;
  });
}

std::vector<uint8_t> read_checked(const std::string& path, const char* what) {
  UniqueFd fd = open_checked(path, O_RDONLY, what, false);
  struct stat st {};
  ::fstat(fd.get(), &st);
  std::vector<uint8_t> data(static_cast<size_t>(st.st_size));
  size_t have = 0;
  for (;;) {
    if (have == data.size()) data.resize(have + (1 << 20));  // grew since fstat: read on
    ssize_t n = ::pread(fd.get(), data.data() + have, data.size() - have, static_cast<off_t>(have));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw CheckedOpenError(std::string("cannot read ") + what + " " + path + ": " + std::strerror(errno));
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  data.resize(have);
  return data;
}

}  // namespace tshyve::vmm
