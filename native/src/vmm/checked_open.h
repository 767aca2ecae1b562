// Opening the files a spec names (disks, kernel, initrd, boot ROM and vars) at run time: no
// component of the path may be a symlink (openat2(2) RESOLVE_NO_SYMLINKS, or a walk with O_NOFOLLOW
// where the kernel lacks openat2; the TS side passes paths it has checked), a FIFO cannot block the
// open, and what was opened must be a regular file (or, where allowed, a block device).
#pragma once
#include <stdexcept>
#include <string>
#include <vector>

#include "vmm/unique_fd.h"

namespace tshyve::vmm {

class CheckedOpenError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `what` names the file for messages ("disk", "kernel"...). Throws CheckedOpenError. The descriptor
// is kept for later boots when the process keeps its host resources (vmm/kept_fds.h).
UniqueFd open_checked(const std::string& path, int flags, const char* what, bool block_device_ok);

// The whole file at `path` (a regular file, opened as above; read with pread, so a kept descriptor
// reads from the start every boot).
std::vector<uint8_t> read_checked(const std::string& path, const char* what);

// open(2) `flags` on `path` refusing a symlink in any component (-ELOOP): the descriptor or -errno. `use_openat2`
// false forces the component walk (tests).
int open_no_symlinks(const std::string& path, int flags, bool use_openat2 = true);

}  // namespace tshyve::vmm
