// The process-wide table of kept host descriptors (vmm/kept_fds.h), keyed by what was opened.
#include "vmm/kept_fds.h"

#include <fcntl.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>

namespace tshyve::vmm::kept_fds {

namespace {
std::atomic<bool> g_keeping{false};
std::mutex g_mu;  // guards g_fds
std::map<std::string, UniqueFd>& table() {
  static auto* fds = new std::map<std::string, UniqueFd>();  // never destroyed: kept until exit
  return *fds;
}
UniqueFd duplicate(int fd, const std::string& key) {
  UniqueFd copy(::fcntl(fd, F_DUPFD_CLOEXEC, 0));
  if (!copy.valid()) throw std::runtime_error("cannot duplicate the kept descriptor of " + key + ": " + std::strerror(errno));
  return copy;
}
}  // namespace

void set_keeping(bool keep) { g_keeping = keep; }
bool keeping() { return g_keeping; }

UniqueFd acquire(const std::string& key, const std::function<UniqueFd()>& open) {
  std::lock_guard<std::mutex> lock(g_mu);
  auto it = table().find(key);
  if (it != table().end()) return duplicate(it->second.get(), key);
  UniqueFd fd = open();
  if (g_keeping) table().emplace(key, duplicate(fd.get(), key));
  return fd;
}

size_t count() {
  std::lock_guard<std::mutex> lock(g_mu);
  return table().size();
}

void release_all() {
  std::lock_guard<std::mutex> lock(g_mu);
  table().clear();
}

}  // namespace tshyve::vmm::kept_fds
