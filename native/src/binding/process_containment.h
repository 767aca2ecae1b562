// JS functions that contain the VM process itself (seccomp, privileges, its mount namespace): exported by addon.cc.
#pragma once
#include <napi.h>

namespace tshyve::binding {

void RegisterProcessContainment(Napi::Env env, Napi::Object exports);

}  // namespace tshyve::binding
