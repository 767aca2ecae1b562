// The host side of a 9P share: every path is relative to the share's root directory and resolved
// beneath it with openat2(RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS) (Linux 5.6), or, where openat2
// is missing (ENOSYS), by a walk of O_NOFOLLOW components; `..` never appears in a path, and
// symlinks pointing out or absolute ones fail. Read-only shares refuse every change with EROFS.
#pragma once
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>

#include <string>
#include <string_view>

#include "vmm/unique_fd.h"

namespace tshyve::devices::virtio::p9 {

// Times for setattr: nsec as UTIME_NOW / UTIME_OMIT or a value.
struct SetAttr {
  bool set_mode = false, set_uid = false, set_gid = false, set_size = false;
  mode_t mode = 0;
  uid_t uid = static_cast<uid_t>(-1);
  gid_t gid = static_cast<gid_t>(-1);
  uint64_t size = 0;
  timespec atime{0, UTIME_OMIT}, mtime{0, UTIME_OMIT};
};

// Not thread-safe: used by the device's one worker thread. Methods return 0 / an fd, or -errno.
class ShareFs {
 public:
  // Setup thread. Throws std::runtime_error if `root` is not a directory that can be opened.
  ShareFs(const std::string& root, bool read_only);
  bool read_only() const { return read_only_; }

  // A single path component a client may name: not empty, no '/', not "." or "..", no NUL.
  static bool valid_name(std::string_view name);
  // "" is the root; "a/b" + "c" = "a/b/c".
  static std::string join(const std::string& dir, std::string_view name);
  static std::string parent_of(const std::string& path);
  static std::string_view base_of(const std::string& path);

  // Opens `path` beneath the root; the last component is never followed (O_NOFOLLOW).
  int open(const std::string& path, int flags, mode_t mode = 0) const;
  int lstat(const std::string& path, struct stat& st) const;
  int statfs(struct statfs& out) const;
  int readlink(const std::string& path, std::string& target) const;

  // Creates `name` in directory `dir` opened with `flags` (lcreate); returns the fd.
  int create(const std::string& dir, std::string_view name, int flags, mode_t mode) const;
  int mkdir(const std::string& dir, std::string_view name, mode_t mode) const;
  int symlink(const std::string& dir, std::string_view name, const std::string& target) const;
  // Regular files, FIFOs and sockets only: a guest never makes device nodes on the host.
  int mknod(const std::string& dir, std::string_view name, mode_t mode, dev_t dev) const;
  int link(const std::string& target, const std::string& dir, std::string_view name) const;
  int unlink(const std::string& dir, std::string_view name, bool directory) const;
  int rename(const std::string& from_dir, std::string_view from, const std::string& to_dir, std::string_view to) const;
  int setattr(const std::string& path, const SetAttr& a) const;
  // The same on an open file (ftruncate on a file opened by the guest, even once unlinked).
  int setattr_open(int fd, const SetAttr& a) const;

  // Tests: resolve with the O_NOFOLLOW component walk even where openat2 exists.
  static void force_component_walk(bool on);

 private:
  int resolve(int dirfd, const std::string& path, int flags, mode_t mode) const;
  int walk_components(int dirfd, const std::string& path, int flags, mode_t mode) const;
  int dir(const std::string& path) const { return open(path, O_PATH | O_DIRECTORY); }
  vmm::UniqueFd root_;
  bool read_only_;
};

}  // namespace tshyve::devices::virtio::p9
