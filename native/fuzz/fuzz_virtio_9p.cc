// libFuzzer target: virtio-9p (virtio 1.2 §5 ID 9) through the virtio-pci transport over a real
// scratch share directory: hostile chains and rings (HostileDriver), and 9P2000.L messages of every
// type with fuzzed bodies fed to the server behind it (lengths, fids, names, offsets, counts).
// Queues are served synchronously here (the device's worker thread is not kicked).
#include <ftw.h>
#include <unistd.h>

#include "devices/virtio/p9_server.h"
#include "devices/virtio/virtio_9p.h"
#include "fuzz_support.h"

using namespace tshyve::devices::virtio;
namespace w = tshyve::devices::virtio::p9;

namespace {
constexpr uint8_t kTypes[] = {w::kTversion,  w::kTattach, w::kTwalk,    w::kTlopen,    w::kTlcreate,   w::kTread,  w::kTwrite,
                              w::kTclunk,    w::kTremove, w::kTgetattr, w::kTsetattr,  w::kTreaddir,   w::kTmkdir, w::kTunlinkat,
                              w::kTrenameat, w::kTrename, w::kTsymlink, w::kTreadlink, w::kTlink,      w::kTmknod, w::kTstatfs,
                              w::kTfsync,    w::kTlock,   w::kTgetlock, w::kTflush,    w::kTxattrwalk, w::kTauth};

int remove_entry(const char* path, const struct stat*, int, FTW*) { return ::remove(path); }
std::string g_root;  // removed at exit
void remove_root() {
  if (!g_root.empty()) ::nftw(g_root.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

struct Rig {
  fuzz::GuardedMemory mem{fuzz::kRam};
  std::string root;
  std::shared_ptr<Virtio9p> dev;
  std::shared_ptr<VirtioPciFunction> fn;
  std::unique_ptr<w::Server> server;  // a second server on the same share, fed whole messages
  std::vector<uint8_t> reply;
  unsigned runs = 0;
  Rig() {
    char p[] = "/var/tmp/tshyve-fuzz-9p-XXXXXX";
    if (!::mkdtemp(p)) std::abort();
    root = g_root = p;
    std::atexit(remove_root);
    ShareConfig c;
    c.tag = "fuzz";
    c.path = root;
    dev = std::make_shared<Virtio9p>(c);
    fn = std::make_shared<VirtioPciFunction>(dev, mem, VirtioPciOptions{});
    server = std::make_unique<w::Server>(w::ShareFs(root, false));
  }
  // Empties the share now and then so fuzzed creates cannot fill the disk.
  void tidy() {
    if (++runs % 64) return;
    ::nftw(root.c_str(), remove_entry, 16, FTW_DEPTH | FTW_PHYS);
    ::mkdir(root.c_str(), 0700);
    dev = nullptr;  // reopen the root fd of both servers on the new directory
    ShareConfig c;
    c.tag = "fuzz";
    c.path = root;
    dev = std::make_shared<Virtio9p>(c);
    fn = std::make_shared<VirtioPciFunction>(dev, mem, VirtioPciOptions{});
    server = std::make_unique<w::Server>(w::ShareFs(root, false));
  }
  // One message: a real type and tag, a fuzzed body, a size field that is usually right.
  void message(FuzzedDataProvider& in) {
    std::vector<uint8_t> m(7);
    m[4] = in.ConsumeBool() ? kTypes[in.ConsumeIntegralInRange<size_t>(0, sizeof kTypes - 1)] : in.ConsumeIntegral<uint8_t>();
    auto body = in.ConsumeBytes<uint8_t>(in.ConsumeIntegralInRange<size_t>(0, 96));
    m.insert(m.end(), body.begin(), body.end());
    uint32_t size = static_cast<uint32_t>(m.size());
    if (in.ConsumeIntegralInRange<int>(0, 15) == 0) size = in.ConsumeIntegral<uint32_t>();
    std::memcpy(m.data(), &size, 4);
    const size_t room = in.ConsumeIntegralInRange<size_t>(0, 70000);
    server->handle(m.data(), m.size(), reply, room);
  }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static Rig* rig = new Rig();
  rig->tidy();
  FuzzedDataProvider in(data, size);
  rig->mem.clear();
  rig->server->reset();
  // Every session starts attached, so walks and opens reach the file system.
  static const uint8_t kAttach[] = {23, 0, 0, 0, w::kTattach, 1, 0, 1, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0};
  std::vector<uint8_t> attach(kAttach, kAttach + sizeof kAttach);
  rig->server->handle(attach.data(), attach.size(), rig->reply, 4096);
  fuzz::HostileDriver d(
      rig->mem, *rig->fn, [&](uint16_t) { rig->dev->serve(*rig->fn); }, [&](FuzzedDataProvider& f) { rig->message(f); });
  d.initialise(in, 1);
  d.run(in);
  return 0;
}
