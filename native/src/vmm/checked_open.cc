// open(2) with O_NOFOLLOW | O_NONBLOCK, then fstat(2) decides whether the file may be used.
#include "vmm/checked_open.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tshyve::vmm {

namespace {
const char* kind_of(mode_t m) {
  if (S_ISFIFO(m)) return "a FIFO";
  if (S_ISCHR(m)) return "a character device";
  if (S_ISDIR(m)) return "a directory";
  if (S_ISSOCK(m)) return "a socket";
  if (S_ISBLK(m)) return "a block device";
  return "not a regular file";
}
}  // namespace

UniqueFd open_checked(const std::string& path, int flags, const char* what, bool block_device_ok) {
  UniqueFd fd(::open(path.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
  if (!fd.valid()) {
    const int err = errno;
    if (err == ELOOP) throw CheckedOpenError(std::string(what) + " " + path + " is a symlink: tshyve opens the resolved path only");
    throw CheckedOpenError(std::string("cannot open ") + what + " " + path + ": " + std::strerror(err));
  }
  struct stat st{};
  if (::fstat(fd.get(), &st) != 0) throw CheckedOpenError(std::string("cannot stat ") + what + " " + path + ": " + std::strerror(errno));
  if (!S_ISREG(st.st_mode) && !(block_device_ok && S_ISBLK(st.st_mode)))
    throw CheckedOpenError(std::string(what) + " " + path + " is " + kind_of(st.st_mode) + ": only a regular file" +
                           (block_device_ok ? " or a block device" : "") + " can be used");
  // O_NONBLOCK only kept a FIFO from blocking the open; regular I/O is blocking.
  if (!(flags & O_NONBLOCK)) ::fcntl(fd.get(), F_SETFL, ::fcntl(fd.get(), F_GETFL) & ~O_NONBLOCK);
  return fd;
}

std::vector<uint8_t> read_checked(const std::string& path, const char* what) {
  UniqueFd fd = open_checked(path, O_RDONLY, what, false);
  struct stat st{};
  ::fstat(fd.get(), &st);
  std::vector<uint8_t> data(static_cast<size_t>(st.st_size));
  size_t have = 0;
  for (;;) {
    if (have == data.size()) data.resize(have + (1 << 20));  // grew since fstat: read on
    ssize_t n = ::read(fd.get(), data.data() + have, data.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw CheckedOpenError(std::string("cannot read ") + what + " " + path + ": " + std::strerror(errno));
    if (n == 0) break;
    have += static_cast<size_t>(n);
  }
  data.resize(have);
  return data;
}

}  // namespace tshyve::vmm
