// installProcessSeccomp() -> errno (0: the process-wide deny-list is on every thread);
// restrictPrivileges({ dumpable }) -> errno: no_new_privs (prctl(2)) and PR_SET_DUMPABLE;
// processState() -> { noNewPrivs, dumpable, seccompMode } of the calling thread, as prctl reports;
// dropToUser(uid, gid) -> errno: setgroups/setresgid/setresuid on every thread (glibc's setxid
// broadcast), no capability left (capabilities(7)); privateMounts(), mountTmpfs(dir),
// bindMount(from, to), setMountReadOnly(path, readOnly, recursive), pivotRoot(dir, putOld) -> errno: the VM
// process's own mount namespace (mount(2), mount_setattr(2), pivot_root(2)); redirectOutput(path)
// -> errno: stdout and stderr (fds 1 and 2) append to `path` (a warm standby taking its VM's log).
#include "binding/process_containment.h"

#include <grp.h>
#include <linux/capability.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fcntl.h>

#include <cerrno>
#include <cstdint>

#include "vmm/seccomp_filter.h"

namespace tshyve::binding {

namespace {
Napi::Value Errno(const Napi::CallbackInfo& info, int err) { return Napi::Number::New(info.Env(), err); }
std::string Arg(const Napi::CallbackInfo& info, size_t i) {
  return info.Length() > i && info[i].IsString() ? info[i].As<Napi::String>().Utf8Value() : std::string();
}

Napi::Value InstallProcessSeccomp(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), vmm::seccomp::install_process_deny_list());
}
// no_new_privs is per thread: set on the JS thread it reaches what that thread starts later (and
// the seccomp TSYNC above sets it on every thread). Not dumpable: no core file with guest memory,
// no ptrace attach or /proc/PID/mem for other users.
Napi::Value RestrictPrivileges(const Napi::CallbackInfo& info) {
  bool dumpable = info.Length() > 0 && info[0].IsObject() && info[0].As<Napi::Object>().Get("dumpable").ToBoolean().Value();
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return Napi::Number::New(info.Env(), errno);
  if (::prctl(PR_SET_DUMPABLE, dumpable ? 1 : 0, 0, 0, 0) != 0) return Napi::Number::New(info.Env(), errno);
  return Napi::Number::New(info.Env(), 0);
}

Napi::Value ProcessState(const Napi::CallbackInfo& info) {
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("noNewPrivs", Napi::Boolean::New(info.Env(), ::prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1));
  o.Set("dumpable", Napi::Boolean::New(info.Env(), ::prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1));
  o.Set("seccompMode", Napi::Number::New(info.Env(), ::prctl(PR_GET_SECCOMP, 0, 0, 0, 0)));
  return o;
}

// The uid change from 0 to non-zero real, effective and saved uids clears the permitted, effective
// and ambient sets of every thread (no SECBIT_KEEP_CAPS); checked afterwards, not assumed.
Napi::Value DropToUser(const Napi::CallbackInfo& info) {
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsNumber()) return Errno(info, EINVAL);
  const uid_t uid = info[0].As<Napi::Number>().Uint32Value();
  const gid_t gid = info[1].As<Napi::Number>().Uint32Value();
  if (uid == 0) return Errno(info, EINVAL);
  if (::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) return Errno(info, errno);
  if (::setgroups(0, nullptr) != 0 || ::setresgid(gid, gid, gid) != 0 || ::setresuid(uid, uid, uid) != 0) return Errno(info, errno);
  uid_t r, e, s;
  if (::getresuid(&r, &e, &s) != 0 || r != uid || e != uid || s != uid) return Errno(info, EPERM);
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3]{};
  if (::syscall(SYS_capget, &header, data) != 0) return Errno(info, errno);
  for (const auto& d : data)
    if (d.effective || d.permitted) return Errno(info, EPERM);
  return Errno(info, 0);
}

// Nothing mounted here reaches the namespace this process came from (mount_namespaces(7)).
Napi::Value PrivateMounts(const Napi::CallbackInfo& info) {
  return Errno(info, ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0 ? 0 : errno);
}

Napi::Value MountTmpfs(const Napi::CallbackInfo& info) {
  std::string dir = Arg(info, 0);
  int r = ::mount("tshyve-hidden", dir.c_str(), "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k,mode=0755");
  return Errno(info, r == 0 ? 0 : errno);
}

Napi::Value BindMount(const Napi::CallbackInfo& info) {
  std::string from = Arg(info, 0), to = Arg(info, 1);
  return Errno(info, ::mount(from.c_str(), to.c_str(), nullptr, MS_BIND | MS_REC, nullptr) == 0 ? 0 : errno);
}

// include/uapi/linux/mount.h (Linux 5.12); the fallback remounts only the one mount.
struct MountAttr {
  uint64_t attr_set, attr_clr, propagation, userns_fd;
};
constexpr long kSysMountSetattr = 442;
constexpr uint64_t kMountAttrRdonly = 0x1;
constexpr unsigned kAtRecursive = 0x8000;

Napi::Value SetMountReadOnly(const Napi::CallbackInfo& info) {
  std::string path = Arg(info, 0);
  bool read_only = info.Length() > 1 && info[1].ToBoolean().Value();
  bool recursive = info.Length() > 2 && info[2].ToBoolean().Value();
  MountAttr attr{read_only ? kMountAttrRdonly : 0, read_only ? 0 : kMountAttrRdonly, 0, 0};
  if (::syscall(kSysMountSetattr, AT_FDCWD, path.c_str(), recursive ? kAtRecursive : 0u, &attr, sizeof attr) == 0) return Errno(info, 0);
  if (errno != ENOSYS) return Errno(info, errno);
  unsigned long flags = MS_REMOUNT | MS_BIND | (read_only ? MS_RDONLY : 0);
  return Errno(info, ::mount(nullptr, path.c_str(), nullptr, flags, nullptr) == 0 ? 0 : errno);
}
// `dir` (a mount point) becomes "/" for every thread (they share one fs_struct) and the old root
// is moved to `put_old` (a directory under `dir`), for the caller to cover: unmounting it instead
// would cost a grace period (pivot_root(2)). Files already open on the old root stay usable.
Napi::Value PivotRoot(const Napi::CallbackInfo& info) {
  std::string dir = Arg(info, 0), put_old = Arg(info, 1);
  if (::syscall(SYS_pivot_root, dir.c_str(), put_old.c_str()) != 0) return Errno(info, errno);
  return Errno(info, ::chdir("/") == 0 ? 0 : errno);
}

// No symlink as the last component, created 0600 if missing; fds 1 and 2 keep no close-on-exec.
Napi::Value RedirectOutput(const Napi::CallbackInfo& info) {
  std::string path = Arg(info, 0);
  if (path.empty()) return Errno(info, EINVAL);
  int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return Errno(info, errno);
  int err = ::dup2(fd, STDOUT_FILENO) < 0 || ::dup2(fd, STDERR_FILENO) < 0 ? errno : 0;
  ::close(fd);
  return Errno(info, err);
}
}  // namespace

void RegisterProcessContainment(Napi::Env env, Napi::Object exports) {
  exports.Set("installProcessSeccomp", Napi::Function::New(env, InstallProcessSeccomp));
  exports.Set("restrictPrivileges", Napi::Function::New(env, RestrictPrivileges));
  exports.Set("processState", Napi::Function::New(env, ProcessState));
  exports.Set("dropToUser", Napi::Function::New(env, DropToUser));
  exports.Set("privateMounts", Napi::Function::New(env, PrivateMounts));
  exports.Set("mountTmpfs", Napi::Function::New(env, MountTmpfs));
  exports.Set("bindMount", Napi::Function::New(env, BindMount));
  exports.Set("setMountReadOnly", Napi::Function::New(env, SetMountReadOnly));
  exports.Set("pivotRoot", Napi::Function::New(env, PivotRoot));
  exports.Set("redirectOutput", Napi::Function::New(env, RedirectOutput));
}

}  // namespace tshyve::binding
