// N-API face of one VM (node-addon-api ObjectWrap): config from a JS object, COM port output to JS in
// batches tagged with the port (onConsole(buffer, port)) through one thread-safe function, the exit
// status delivered once to onExit.
#pragma once
#include <napi.h>

#include <array>
#include <memory>
#include <mutex>
#include <vector>

#include "machine/vm.h"

namespace tshyve::binding {

class VmHandle : public Napi::ObjectWrap<VmHandle> {
 public:
  static Napi::Function Init(Napi::Env env);
  static Napi::Value KeepHostResources(const Napi::CallbackInfo& info);
  explicit VmHandle(const Napi::CallbackInfo& info);
  ~VmHandle() override;

 private:
  Napi::Value Start(const Napi::CallbackInfo& info);
  Napi::Value RequestExit(const Napi::CallbackInfo& info);
  Napi::Value PowerButton(const Napi::CallbackInfo& info);
  Napi::Value ConsoleInput(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Destroy(const Napi::CallbackInfo& info);
  Napi::Value Snapshot(const Napi::CallbackInfo& info);
  Napi::Value RestoreRefused(const Napi::CallbackInfo& info);
  void append_console(uint8_t port, const uint8_t* data, size_t len);  // vCPU thread
  void drain_console(Napi::Env env);                                   // JS thread
  void teardown();                                                     // JS thread / env cleanup
  static void cleanup_hook(void* arg);

  std::unique_ptr<machine::Vm> vm_;
  Napi::ThreadSafeFunction tsfn_;
  Napi::FunctionReference on_console_, on_exit_;
  bool hook_registered_ = false;
  napi_env env_ = nullptr;
  std::mutex console_mu_;  // guards console_buf_ and drain_queued_; taken under a UART's lock
  std::array<std::vector<uint8_t>, machine::Vm::kComPortCount> console_buf_;  // index port-1
  bool drain_queued_ = false;                                                 // one drain call is queued on the TSFN for every port's bytes
  static constexpr size_t kConsoleBufMax = 4u << 20;                          // per port; drop beyond this if JS falls behind
};

}  // namespace tshyve::binding
