// JS functions that contain the VM process itself (vmm/seccomp_filter.h): exported by addon.cc.
#pragma once
#include <napi.h>

namespace tshyve::binding {

void RegisterProcessContainment(Napi::Env env, Napi::Object exports);

}  // namespace tshyve::binding
