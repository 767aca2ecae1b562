// Module entry of the tshyve native addon: exports VmHandle, probeKvm(path) and the process
// containment functions (binding/process_containment.h).
#include <fcntl.h>
#include <napi.h>
#include <unistd.h>

#include <cerrno>

#include "binding/process_containment.h"
#include "binding/vm_handle.h"

namespace tshyve::binding {

namespace {
// probeKvm(path) -> { ok, errno }: can this process open the KVM device read-write?
Napi::Value ProbeKvm(const Napi::CallbackInfo& info) {
  std::string path = info.Length() > 0 && info[0].IsString() ? info[0].As<Napi::String>().Utf8Value() : "/dev/kvm";
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  int err = fd < 0 ? errno : 0;
  if (fd >= 0) ::close(fd);
  Napi::Object o = Napi::Object::New(info.Env());
  o.Set("ok", Napi::Boolean::New(info.Env(), fd >= 0));
  o.Set("errno", Napi::Number::New(info.Env(), err));
  return o;
}

}  // namespace

Napi::Object InitModule(Napi::Env env, Napi::Object exports) {
  exports.Set("VmHandle", VmHandle::Init(env));
  exports.Set("probeKvm", Napi::Function::New(env, ProbeKvm));
  RegisterProcessContainment(env, exports);
  return exports;
}

}  // namespace tshyve::binding

static Napi::Object InitTshyve(Napi::Env env, Napi::Object exports) { return tshyve::binding::InitModule(env, exports); }

NODE_API_MODULE(tshyve_native, InitTshyve)
