// VmHandle: JS config object -> machine::VmConfig, setup errors -> JS errors with a stable `code`
// (TSHYVE_KVM_UNAVAILABLE, TSHYVE_BOOT_FAILED, TSHYVE_VM_SETUP_FAILED), batched console delivery.
#include "binding/vm_handle.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "arch/x86_64/boot_entry.h"
#include "machine/host_resources.h"
#include "machine/snapshot.h"
#include "vmm/kvm.h"
#include "vmm/snapshot_file.h"

namespace tshyve::binding {

namespace {
std::string get_string(const Napi::Object& o, const char* k) {
  Napi::Value v = o.Get(k);
  return v.IsString() ? v.As<Napi::String>().Utf8Value() : std::string();
}
double get_number(const Napi::Object& o, const char* k, double dflt) {
  Napi::Value v = o.Get(k);
  if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
  if (v.IsBigInt()) {
    bool lossless;
    return static_cast<double>(v.As<Napi::BigInt>().Uint64Value(&lossless));
  }
  return dflt;
}
bool get_bool(const Napi::Object& o, const char* k, bool dflt) {
  Napi::Value v = o.Get(k);
  return v.IsBoolean() ? v.As<Napi::Boolean>().Value() : dflt;
}

// virtio devices: disks [{path, slot, function, readOnly, nocache, direct, nodelete, logicalSectorSize,
// physicalSectorSize, serial, queues, limits: {bandwidth, iops}}], nics [{tap, mac: "aa:bb:..", mtu,
// slot, function, rom, limits: {rx: {bandwidth, packets}, tx: {...}}}] (each bucket {perSecond, burst}),
// rng {slot, function, bytesPerSecond}, consoles [{slot, function, ports: [{name, path}]}],
// shares [{tag, path, readOnly, slot, function}] (virtio-9p).
devices::virtio::PciSlot pci_slot_from(const Napi::Object& o) {
  devices::virtio::PciSlot s;
  s.slot = static_cast<uint8_t>(get_number(o, "slot", 0));
  s.function = static_cast<uint8_t>(get_number(o, "function", 0));
  return s;
}
// A rate-limit bucket {perSecond, burst} under o[k]; absent: unlimited.
vmm::BucketConfig bucket_from(const Napi::Object& o, const char* k) {
  vmm::BucketConfig b;
  Napi::Value v = o.Get(k);
  if (!v.IsObject()) return b;
  b.per_second = static_cast<uint64_t>(get_number(v.As<Napi::Object>(), "perSecond", 0));
  b.burst = static_cast<uint64_t>(get_number(v.As<Napi::Object>(), "burst", 0));
  return b;
}
Napi::Object object_at(const Napi::Object& o, const char* k) {
  Napi::Value v = o.Get(k);
  return v.IsObject() ? v.As<Napi::Object>() : Napi::Object::New(o.Env());
}

void virtio_from(const Napi::Object& o, machine::VmConfig& c) {
  auto each = [&](const char* key, auto&& fn) {
    Napi::Value v = o.Get(key);
    if (!v.IsArray()) return;
    auto a = v.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i)
      if (a.Get(i).IsObject()) fn(a.Get(i).As<Napi::Object>());
  };
  each("disks", [&](const Napi::Object& d) {
    devices::virtio::DiskConfig x;
    x.pci = pci_slot_from(d);
    x.path = get_string(d, "path");
    x.read_only = get_bool(d, "readOnly", false);
    x.nocache = get_bool(d, "nocache", false);
    x.direct = get_bool(d, "direct", false);
    x.nodelete = get_bool(d, "nodelete", false);
    x.logical_sector_size = static_cast<uint32_t>(get_number(d, "logicalSectorSize", 512));
    x.physical_sector_size = static_cast<uint32_t>(get_number(d, "physicalSectorSize", 0));
    x.serial = get_string(d, "serial");
    x.queues = static_cast<uint16_t>(get_number(d, "queues", 1));
    Napi::Object limits = object_at(d, "limits");
    x.bandwidth = bucket_from(limits, "bandwidth");
    x.iops = bucket_from(limits, "iops");
    c.disks.push_back(std::move(x));
  });
  each("nics", [&](const Napi::Object& n) {
    devices::virtio::NicConfig x;
    x.pci = pci_slot_from(n);
    x.tap = get_string(n, "tap");
    x.mtu = static_cast<uint16_t>(get_number(n, "mtu", 0));
    x.rom_path = get_string(n, "rom");
    Napi::Object limits = object_at(n, "limits");
    Napi::Object rx = object_at(limits, "rx"), tx = object_at(limits, "tx");
    x.rx_bandwidth = bucket_from(rx, "bandwidth");
    x.rx_packets = bucket_from(rx, "packets");
    x.tx_bandwidth = bucket_from(tx, "bandwidth");
    x.tx_packets = bucket_from(tx, "packets");
    std::string mac = get_string(n, "mac");
    unsigned b[6] = {};
    if (sscanf(mac.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) == 6)
      for (int i = 0; i < 6; ++i) x.mac[i] = static_cast<uint8_t>(b[i]);
    c.nics.push_back(std::move(x));
  });
  Napi::Value rng = o.Get("rng");
  if (rng.IsObject()) {
    devices::virtio::RngConfig x;
    x.pci = pci_slot_from(rng.As<Napi::Object>());
    x.bytes_per_second = static_cast<uint64_t>(get_number(rng.As<Napi::Object>(), "bytesPerSecond", 1 << 20));
    c.rng.push_back(x);
  }
  // e1000 NICs: e1000 [{tap, mac: "aa:bb:..", slot, function, rom}].
  each("e1000", [&](const Napi::Object& n) {
    devices::net::E1000Config x;
    x.slot = static_cast<uint8_t>(get_number(n, "slot", 0));
    x.function = static_cast<uint8_t>(get_number(n, "function", 0));
    x.tap = get_string(n, "tap");
    x.rom_path = get_string(n, "rom");
    std::string mac = get_string(n, "mac");
    unsigned b[6] = {};
    if (sscanf(mac.c_str(), "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) == 6)
      for (int i = 0; i < 6; ++i) x.mac[i] = static_cast<uint8_t>(b[i]);
    c.e1000_nics.push_back(std::move(x));
  });
  each("consoles", [&](const Napi::Object& k) {
    devices::virtio::ConsoleConfig x;
    x.pci = pci_slot_from(k);
    Napi::Value ports = k.Get("ports");
    if (ports.IsArray()) {
      auto a = ports.As<Napi::Array>();
      for (uint32_t i = 0; i < a.Length(); ++i) {
        if (!a.Get(i).IsObject()) continue;
        auto p = a.Get(i).As<Napi::Object>();
        x.ports.push_back({get_string(p, "name"), get_string(p, "path")});
      }
    }
    c.consoles.push_back(std::move(x));
  });
  each("shares", [&](const Napi::Object& s) {
    devices::virtio::ShareConfig x;
    x.pci = pci_slot_from(s);
    x.tag = get_string(s, "tag");
    x.path = get_string(s, "path");
    x.read_only = get_bool(s, "readOnly", false);
    c.shares.push_back(std::move(x));
  });
}

// AHCI controllers: ahci [{slot, function, ports: [{kind: "hd"|"cd", path, readOnly, nocache, direct,
// nodelete, logicalSectorSize, physicalSectorSize, serial, model, revision, rotationRate}]}].
void ahci_from(const Napi::Object& o, machine::VmConfig& c) {
  Napi::Value v = o.Get("ahci");
  if (!v.IsArray()) return;
  auto a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); ++i) {
    if (!a.Get(i).IsObject()) continue;
    auto h = a.Get(i).As<Napi::Object>();
    devices::storage::AhciConfig x;
    x.slot = static_cast<uint8_t>(get_number(h, "slot", 0));
    x.function = static_cast<uint8_t>(get_number(h, "function", 0));
    Napi::Value ports = h.Get("ports");
    if (!ports.IsArray()) continue;
    auto pa = ports.As<Napi::Array>();
    for (uint32_t j = 0; j < pa.Length(); ++j) {
      if (!pa.Get(j).IsObject()) continue;
      auto p = pa.Get(j).As<Napi::Object>();
      devices::storage::AhciDriveConfig d;
      d.kind = get_string(p, "kind") == "cd" ? devices::storage::AhciDriveKind::kCdrom : devices::storage::AhciDriveKind::kDisk;
      d.file.path = get_string(p, "path");
      d.file.read_only = get_bool(p, "readOnly", false);
      d.file.nocache = get_bool(p, "nocache", false);
      d.file.direct = get_bool(p, "direct", false);
      d.nodelete = get_bool(p, "nodelete", false);
      d.logical_sector_size = static_cast<uint32_t>(get_number(p, "logicalSectorSize", 512));
      d.physical_sector_size = static_cast<uint32_t>(get_number(p, "physicalSectorSize", 0));
      d.serial = get_string(p, "serial");
      d.model = get_string(p, "model");
      d.revision = get_string(p, "revision");
      d.rotation_rate = static_cast<uint16_t>(get_number(p, "rotationRate", 0));
      x.ports.push_back(std::move(d));
    }
    c.ahci.push_back(std::move(x));
  }
}

// NVMe controllers: nvme [{path, slot, function, readOnly, nocache, direct, nodelete, sectorSize,
// maxQueues, queueSize, ioSlots, serial, eui64: "0x..", dsm: "auto"|"enable"|"disable"}].
void nvme_from(const Napi::Object& o, machine::VmConfig& c) {
  Napi::Value v = o.Get("nvme");
  if (!v.IsArray()) return;
  auto a = v.As<Napi::Array>();
  for (uint32_t i = 0; i < a.Length(); ++i) {
    if (!a.Get(i).IsObject()) continue;
    auto d = a.Get(i).As<Napi::Object>();
    devices::storage::NvmeConfig x;
    x.slot = static_cast<uint8_t>(get_number(d, "slot", 0));
    x.function = static_cast<uint8_t>(get_number(d, "function", 0));
    x.path = get_string(d, "path");
    x.read_only = get_bool(d, "readOnly", false);
    x.nocache = get_bool(d, "nocache", false);
    x.direct = get_bool(d, "direct", false);
    x.nodelete = get_bool(d, "nodelete", false);
    x.sector_size = static_cast<uint32_t>(get_number(d, "sectorSize", 512));
    x.max_queues = static_cast<uint16_t>(get_number(d, "maxQueues", x.max_queues));
    x.queue_size = static_cast<uint32_t>(get_number(d, "queueSize", x.queue_size));
    x.io_slots = static_cast<uint32_t>(get_number(d, "ioSlots", x.io_slots));
    x.serial = get_string(d, "serial");
    x.eui64 = std::strtoull(get_string(d, "eui64").c_str(), nullptr, 16);
    const std::string dsm = get_string(d, "dsm");
    x.dsm = dsm == "enable"    ? devices::storage::NvmeDsm::kEnable
            : dsm == "disable" ? devices::storage::NvmeDsm::kDisable
                               : devices::storage::NvmeDsm::kAuto;
    c.nvme.push_back(std::move(x));
  }
}

// framebuffer {width, height, slot, function, rom, address, port, passwordFile, wait} (spec.framebuffer).
void framebuffer_from(const Napi::Object& o, machine::VmConfig& c) {
  Napi::Value v = o.Get("framebuffer");
  if (!v.IsObject()) return;
  auto f = v.As<Napi::Object>();
  auto& x = c.framebuffer;
  x.enabled = true;
  x.width = static_cast<uint32_t>(get_number(f, "width", x.width));
  x.height = static_cast<uint32_t>(get_number(f, "height", x.height));
  x.slot = static_cast<uint8_t>(get_number(f, "slot", 0));
  x.function = static_cast<uint8_t>(get_number(f, "function", 0));
  x.rom_path = get_string(f, "rom");
  const std::string address = get_string(f, "address");
  if (!address.empty()) x.address = address;
  x.port = static_cast<uint16_t>(get_number(f, "port", x.port));
  x.password_file = get_string(f, "passwordFile");
  x.wait = get_bool(f, "wait", false);
}

machine::VmConfig config_from(const Napi::Object& o) {
  machine::VmConfig c;
  c.memory_bytes = static_cast<uint64_t>(get_number(o, "memoryBytes", static_cast<double>(c.memory_bytes)));
  c.vcpus = static_cast<uint32_t>(get_number(o, "vcpus", 1));
  c.sockets = static_cast<uint32_t>(get_number(o, "sockets", c.vcpus));
  c.cores = static_cast<uint32_t>(get_number(o, "cores", 1));
  c.threads = static_cast<uint32_t>(get_number(o, "threads", 1));
  c.boot = get_string(o, "boot") == "linux" ? machine::BootKind::kLinux : machine::BootKind::kBootrom;
  c.kernel_path = get_string(o, "kernel");
  c.initrd_path = get_string(o, "initrd");
  c.cmdline = get_string(o, "cmdline");
  c.rom_path = get_string(o, "rom");
  c.vars_path = get_string(o, "vars");
  Napi::Value ports = o.Get("comPorts");
  if (ports.IsArray()) {
    c.com_ports.clear();
    auto a = ports.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i) {
      uint32_t n = a.Get(i).ToNumber().Uint32Value();
      if (n >= 1 && n <= machine::Vm::kComPortCount) c.com_ports.push_back(static_cast<uint8_t>(n));
    }
  }
  c.console_fd = static_cast<int>(get_number(o, "consoleFd", -1));
  c.debug_log_path = get_string(o, "debugLog");
  c.debug_exit = get_bool(o, "debugExit", false);
  c.test_devices = get_bool(o, "testDevices", false);
  c.seccomp = get_bool(o, "seccomp", true);
  c.acpi = get_bool(o, "acpi", true);
  c.rtc_utc = get_bool(o, "rtcUtc", true);
  Napi::Value order = o.Get("bootOrder");
  if (order.IsArray()) {
    auto a = order.As<Napi::Array>();
    for (uint32_t i = 0; i < a.Length(); ++i) c.boot_order.push_back(a.Get(i).ToString().Utf8Value());
  }
  std::string kvm = get_string(o, "kvmPath");
  if (!kvm.empty()) c.kvm_path = kvm;
  // GDB stub: gdb {port, address, wait} (remote/gdb/gdb_server.h).
  if (Napi::Value g = o.Get("gdb"); g.IsObject()) {
    auto go = g.As<Napi::Object>();
    c.gdb_port = static_cast<uint16_t>(get_number(go, "port", 0));
    std::string addr = get_string(go, "address");
    if (!addr.empty()) c.gdb_address = addr;
    c.gdb_wait = get_bool(go, "wait", false);
    const std::string sw = get_string(go, "softwareBreakpoints");  // "int3", "debug-register"; else auto
    using Sw = machine::VmConfig::GdbSoftwareBreak;
    c.gdb_software_break = sw == "int3" ? Sw::kInt3 : sw == "debug-register" ? Sw::kDebugRegister : Sw::kAuto;
  }
  virtio_from(o, c);
  nvme_from(o, c);
  ahci_from(o, c);
  c.hpet = get_bool(o, "hpet", true);
  c.restore_from = get_string(o, "restoreFrom");
  if (std::string v = get_string(o, "tshyveVersion"); !v.empty()) c.tshyve_version = v;
  Napi::Value tablet = o.Get("tablet");
  if (tablet.IsObject()) {
    auto t = tablet.As<Napi::Object>();
    c.tablets.push_back({static_cast<uint8_t>(get_number(t, "slot", 0)), static_cast<uint8_t>(get_number(t, "function", 0))});
  }
  framebuffer_from(o, c);
  return c;
}

Napi::Error to_js_error(Napi::Env env, const std::exception& e) {
  Napi::Error err = Napi::Error::New(env, e.what());
  const char* code = "TSHYVE_VM_SETUP_FAILED";
  if (auto* k = dynamic_cast<const vmm::KvmError*>(&e)) {
    err.Value().Set("errno", Napi::Number::New(env, k->err()));
    if (k->code() == vmm::SetupErrorCode::kKvmUnavailable) code = "TSHYVE_KVM_UNAVAILABLE";
  } else if (dynamic_cast<const arch::x86_64::BootError*>(&e)) {
    code = "TSHYVE_BOOT_FAILED";
  } else if (dynamic_cast<const machine::RestoreRefused*>(&e)) {
    code = "TSHYVE_RESTORE_REFUSED";
  } else if (dynamic_cast<const vmm::SnapshotError*>(&e)) {
    code = "TSHYVE_SNAPSHOT_FAILED";
  }
  err.Value().Set("code", Napi::String::New(env, code));
  return err;
}
}  // namespace

Napi::Function VmHandle::Init(Napi::Env env) {
  return DefineClass(env, "VmHandle",
                     {InstanceMethod<&VmHandle::Start>("start"), InstanceMethod<&VmHandle::RequestExit>("requestExit"),
                      InstanceMethod<&VmHandle::PowerButton>("powerButton"), InstanceMethod<&VmHandle::ConsoleInput>("consoleInput"),
                      InstanceMethod<&VmHandle::Stats>("stats"), InstanceMethod<&VmHandle::Destroy>("destroy"),
                      InstanceMethod<&VmHandle::Snapshot>("snapshot"), InstanceMethod<&VmHandle::RestoreRefused>("restoreRefused"),
                      StaticMethod<&VmHandle::KeepHostResources>("keepHostResources")});
}

// VmHandle.keepHostResources(config) -> number kept: opens what `config` names once, for every boot
// of this process (machine/host_resources.h); throws like the constructor.
Napi::Value VmHandle::KeepHostResources(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsObject()) {
    Napi::TypeError::New(env, "keepHostResources(config)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  try {
    return Napi::Number::New(env, static_cast<double>(machine::keep_host_resources(config_from(info[0].As<Napi::Object>()))));
  } catch (const std::exception& e) {
    to_js_error(env, e).ThrowAsJavaScriptException();
    return env.Undefined();
  }
}

// new VmHandle(config, { onConsole(buf, port), onExit(status) }); port is the COM number 1..4.
VmHandle::VmHandle(const Napi::CallbackInfo& info) : Napi::ObjectWrap<VmHandle>(info), env_(info.Env()) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsObject()) {
    Napi::TypeError::New(env, "VmHandle(config, callbacks)").ThrowAsJavaScriptException();
    return;
  }
  auto cbs = info[1].As<Napi::Object>();
  if (cbs.Get("onConsole").IsFunction()) on_console_ = Napi::Persistent(cbs.Get("onConsole").As<Napi::Function>());
  if (cbs.Get("onExit").IsFunction()) on_exit_ = Napi::Persistent(cbs.Get("onExit").As<Napi::Function>());
  try {
    vm_ = std::make_unique<machine::Vm>(config_from(info[0].As<Napi::Object>()),
                                        [this](uint8_t port, const uint8_t* d, size_t l) { append_console(port, d, l); });
  } catch (const std::exception& e) {
    to_js_error(env, e).ThrowAsJavaScriptException();
  }
}

VmHandle::~VmHandle() { teardown(); }

void VmHandle::cleanup_hook(void* arg) {
  auto* self = static_cast<VmHandle*>(arg);
  self->hook_registered_ = false;
  if (self->vm_) self->vm_->shutdown();
}

void VmHandle::teardown() {
  if (hook_registered_) {
    napi_remove_env_cleanup_hook(env_, cleanup_hook, this);
    hook_registered_ = false;
  }
  if (vm_) {
    vm_->shutdown();
    vm_.reset();
  }
}

void VmHandle::append_console(uint8_t port, const uint8_t* data, size_t len) {
  if (port < 1 || port > machine::Vm::kComPortCount) return;
  bool queue;
  {
    std::lock_guard<std::mutex> lock(console_mu_);
    auto& buf = console_buf_[port - 1];
    if (buf.size() + len > kConsoleBufMax) return;
    buf.insert(buf.end(), data, data + len);
    queue = !drain_queued_;
    drain_queued_ = true;
  }
  if (!queue || !tsfn_) return;
  if (tsfn_.NonBlockingCall([this](Napi::Env env, Napi::Function) { drain_console(env); }) != napi_ok) {
    std::lock_guard<std::mutex> lock(console_mu_);
    drain_queued_ = false;  // TSFN closing: the exit callback drains what is left
  }
}

void VmHandle::drain_console(Napi::Env env) {
  std::array<std::vector<uint8_t>, machine::Vm::kComPortCount> out;
  {
    std::lock_guard<std::mutex> lock(console_mu_);
    out.swap(console_buf_);
    drain_queued_ = false;
  }
  if (on_console_.IsEmpty()) return;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i].empty()) continue;
    on_console_.Call({Napi::Buffer<uint8_t>::Copy(env, out[i].data(), out[i].size()), Napi::Number::New(env, static_cast<double>(i + 1))});
  }
}

Napi::Value VmHandle::Start(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!vm_) {
    Napi::Error::New(env, "VM was not created or is destroyed").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (tsfn_) return env.Undefined();
  auto noop = Napi::Function::New(env, [](const Napi::CallbackInfo&) {});
  tsfn_ = Napi::ThreadSafeFunction::New(env, noop, "tshyve-vm", 0, 1);
  // Registered after the TSFN so it runs before the TSFN's own teardown (hooks run in reverse order).
  napi_add_env_cleanup_hook(env, cleanup_hook, this);
  hook_registered_ = true;
  Ref();  // keep this object alive while the VM runs
  vm_->start([this](int status) {
    auto* st = new int(status);
    napi_status s = tsfn_.NonBlockingCall(st, [this](Napi::Env env, Napi::Function, int* sp) {
      int code = *sp;
      delete sp;
      drain_console(env);
      if (!on_exit_.IsEmpty()) on_exit_.Call({Napi::Number::New(env, code)});
      Unref();
    });
    if (s != napi_ok) delete st;
    tsfn_.Release();
  });
  return env.Undefined();
}

Napi::Value VmHandle::RequestExit(const Napi::CallbackInfo& info) {
  if (vm_) vm_->request_exit(info.Length() > 0 && info[0].IsNumber() ? info[0].As<Napi::Number>().Int32Value() : 4);
  return info.Env().Undefined();
}

Napi::Value VmHandle::PowerButton(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), vm_ ? vm_->press_power_button() : false);
}

// snapshot(path, { stop }) -> { fileBytes, memoryBytes, pauseMs, totalMs, refused: string[] };
// throws an Error with code TSHYVE_SNAPSHOT_FAILED (nothing is left at `path`).
Napi::Value VmHandle::Snapshot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!vm_ || info.Length() < 1 || !info[0].IsString()) {
    Napi::TypeError::New(env, "snapshot(path, { stop }) on a running VM").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const bool stop = info.Length() > 1 && info[1].IsObject() && get_bool(info[1].As<Napi::Object>(), "stop", false);
  try {
    machine::SnapshotResult r = vm_->snapshot(info[0].As<Napi::String>().Utf8Value(), stop);
    Napi::Object o = Napi::Object::New(env);
    o.Set("fileBytes", Napi::Number::New(env, static_cast<double>(r.file_bytes)));
    o.Set("memoryBytes", Napi::Number::New(env, static_cast<double>(r.memory_bytes)));
    o.Set("pauseMs", Napi::Number::New(env, r.pause_ms));
    o.Set("totalMs", Napi::Number::New(env, r.total_ms));
    Napi::Array refused = Napi::Array::New(env, r.refused.size());
    for (size_t i = 0; i < r.refused.size(); ++i) refused.Set(static_cast<uint32_t>(i), Napi::String::New(env, r.refused[i]));
    o.Set("refused", refused);
    return o;
  } catch (const std::exception& e) {
    to_js_error(env, e).ThrowAsJavaScriptException();
    return env.Undefined();
  }
}

// restoreRefused() -> string[]: state this host's KVM would not take back after a restore.
Napi::Value VmHandle::RestoreRefused(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::vector<std::string> v = vm_ ? vm_->restore_refused() : std::vector<std::string>{};
  Napi::Array a = Napi::Array::New(env, v.size());
  for (size_t i = 0; i < v.size(); ++i) a.Set(static_cast<uint32_t>(i), Napi::String::New(env, v[i]));
  return a;
}

// consoleInput(buf, port = 1): bytes for COM port `port`; returns how many the UART accepted.
Napi::Value VmHandle::ConsoleInput(const Napi::CallbackInfo& info) {
  if (!vm_ || info.Length() < 1 || !info[0].IsBuffer()) return Napi::Number::New(info.Env(), 0);
  uint32_t port = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 1;
  if (port < 1 || port > machine::Vm::kComPortCount) return Napi::Number::New(info.Env(), 0);
  auto b = info[0].As<Napi::Buffer<uint8_t>>();
  return Napi::Number::New(info.Env(), static_cast<double>(vm_->console_input(static_cast<uint8_t>(port), b.Data(), b.Length())));
}

// { userspaceExits, exits: {io, mmio, ...}, disks: [{slot, function, path, readRequests, ...}],
//   nics: [{slot, function, tap, rxPackets, ...}], e820 }; counters are doubles (exact below 2^53).
Napi::Value VmHandle::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  machine::VmStats s = vm_ ? vm_->stats() : machine::VmStats{};
  auto num = [&](uint64_t v) { return Napi::Number::New(env, static_cast<double>(v)); };
  o.Set("userspaceExits", num(s.userspace_exits));
  Napi::Object exits = Napi::Object::New(env);
  for (size_t k = 0; k < s.exits.size(); ++k) exits.Set(vmm::kExitKindNames[k], num(s.exits[k]));
  o.Set("exits", exits);
  Napi::Array disks = Napi::Array::New(env, s.disks.size());
  for (size_t i = 0; i < s.disks.size(); ++i) {
    const auto& d = s.disks[i];
    Napi::Object x = Napi::Object::New(env);
    x.Set("slot", num(d.slot));
    x.Set("function", num(d.function));
    x.Set("path", Napi::String::New(env, d.path));
    x.Set("readRequests", num(d.io.read_requests));
    x.Set("readBytes", num(d.io.read_bytes));
    x.Set("writeRequests", num(d.io.write_requests));
    x.Set("writeBytes", num(d.io.write_bytes));
    x.Set("flushRequests", num(d.io.flush_requests));
    x.Set("discardRequests", num(d.io.discard_requests));
    x.Set("writeZeroesRequests", num(d.io.write_zeroes_requests));
    x.Set("otherRequests", num(d.io.other_requests));
    x.Set("errors", num(d.io.errors));
    x.Set("throttled", num(d.io.throttled));
    disks.Set(static_cast<uint32_t>(i), x);
  }
  o.Set("disks", disks);
  Napi::Array nics = Napi::Array::New(env, s.nics.size());
  for (size_t i = 0; i < s.nics.size(); ++i) {
    const auto& n = s.nics[i];
    Napi::Object x = Napi::Object::New(env);
    x.Set("slot", num(n.slot));
    x.Set("function", num(n.function));
    x.Set("tap", Napi::String::New(env, n.tap));
    x.Set("rxPackets", num(n.io.rx_packets));
    x.Set("rxBytes", num(n.io.rx_bytes));
    x.Set("rxDropped", num(n.io.rx_dropped));
    x.Set("txPackets", num(n.io.tx_packets));
    x.Set("txBytes", num(n.io.tx_bytes));
    x.Set("txDropped", num(n.io.tx_dropped));
    x.Set("rxThrottled", num(n.io.rx_throttled));
    x.Set("txThrottled", num(n.io.tx_throttled));
    nics.Set(static_cast<uint32_t>(i), x);
  }
  o.Set("nics", nics);
  Napi::Array e820 = Napi::Array::New(info.Env());
  if (vm_) {
    uint32_t i = 0;
    for (auto& e : vm_->e820()) {
      Napi::Object x = Napi::Object::New(info.Env());
      x.Set("addr", Napi::Number::New(info.Env(), static_cast<double>(e.addr)));
      x.Set("size", Napi::Number::New(info.Env(), static_cast<double>(e.size)));
      x.Set("type", Napi::Number::New(info.Env(), e.type));
      e820.Set(i++, x);
    }
  }
  o.Set("e820", e820);
  return o;
}

Napi::Value VmHandle::Destroy(const Napi::CallbackInfo& info) {
  teardown();
  return info.Env().Undefined();
}

}  // namespace tshyve::binding
