// installProcessSeccomp() -> errno (0: the process-wide deny-list is on every thread);
// restrictPrivileges({ dumpable }) -> errno: no_new_privs (prctl(2)) and PR_SET_DUMPABLE;
// processState() -> { noNewPrivs, dumpable, seccompMode } of the calling thread, as prctl reports.
#include "binding/process_containment.h"

#include <sys/prctl.h>

#include <cerrno>

#include "vmm/seccomp_filter.h"

namespace tshyve::binding {

namespace {
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
}  // namespace

void RegisterProcessContainment(Napi::Env env, Napi::Object exports) {
  exports.Set("installProcessSeccomp", Napi::Function::New(env, InstallProcessSeccomp));
  exports.Set("restrictPrivileges", Napi::Function::New(env, RestrictPrivileges));
  exports.Set("processState", Napi::Function::New(env, ProcessState));
}

}  // namespace tshyve::binding
