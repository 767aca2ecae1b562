// installProcessSeccomp() -> errno (0: the process-wide deny-list is on every thread).
#include "binding/process_containment.h"

#include "vmm/seccomp_filter.h"

namespace tshyve::binding {

namespace {
Napi::Value InstallProcessSeccomp(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), vmm::seccomp::install_process_deny_list());
}
}  // namespace

void RegisterProcessContainment(Napi::Env env, Napi::Object exports) {
  exports.Set("installProcessSeccomp", Napi::Function::New(env, InstallProcessSeccomp));
}

}  // namespace tshyve::binding
