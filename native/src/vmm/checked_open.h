// Opening the files a spec names (disks, kernel, initrd, boot ROM and vars) at run time: the last
// component is never followed as a symlink (O_NOFOLLOW; the TS side passes paths already resolved
// and re-checked), a FIFO cannot block the open, and what was opened must be a regular file (or,
// where allowed, a block device).
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

// `what` names the file for messages ("disk", "kernel"...). Throws CheckedOpenError.
UniqueFd open_checked(const std::string& path, int flags, const char* what, bool block_device_ok);

// The whole file at `path` (a regular file, opened as above).
std::vector<uint8_t> read_checked(const std::string& path, const char* what);

}  // namespace tshyve::vmm
