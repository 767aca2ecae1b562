// virtio-9p (virtio 1.2 §5 ID 9, config as Linux virtio_9p.h) and its 9P2000.L server, driven
// through the virtqueue test driver against real temporary directories: the message set a Linux
// v9fs client uses, confinement beneath the share root, read-only shares, malformed requests.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "check.h"
#include "devices/virtio/p9_fs.h"
#include "p9_session.h"
#include "vmm/seccomp_filter.h"

using namespace tshyve::devices::virtio;
using p9c::Reply;
namespace w = tshyve::devices::virtio::p9;

namespace {
std::string temp_dir() {
  char path[] = "/tmp/tshyve-9p-XXXXXX";
  if (!::mkdtemp(path)) std::abort();
  return path;
}
void rm_rf(const std::string& dir) {
  const std::string cmd = "rm -rf -- '" + dir + "'";  // test cleanup of our own mkdtemp directory
  if (std::system(cmd.c_str()) != 0) std::perror("rm");
}
std::string slurp(const std::string& path) {
  std::ifstream f(path);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}
void spit(const std::string& path, const std::string& data) { std::ofstream(path) << data; }

struct Rig {
  std::string root = temp_dir(), outside = temp_dir();
  std::unique_ptr<p9c::VirtqueueTransport> t;
  std::unique_ptr<p9c::Session> s;
  explicit Rig(bool ro = false) {
    spit(outside + "/secret", "outside");
    ShareConfig c;
    c.tag = "hostshare";
    c.path = root;
    c.read_only = ro;
    t = std::make_unique<p9c::VirtqueueTransport>(c);
    s = std::make_unique<p9c::Session>(*t);
  }
  ~Rig() {
    t.reset();
    rm_rf(root);
    rm_rf(outside);
  }
  void start() {
    s->version();
    s->attach(1);
  }
};

uint16_t nwqid(const Reply& r) {
  if (p9c::type_of(r) != w::kTwalk + 1) return 0xffff;
  auto b = p9c::body_of(r);
  return b.u16();
}
}  // namespace

TEST(config_space_holds_the_mount_tag_and_the_feature) {
  Rig r;
  CHECK(r.t->ok);
  CHECK(r.t->dev->device_features() & bit(kFeature9pMountTag));
  CHECK_EQ(r.t->dev->device_type(), 9u);
  CHECK_EQ(r.t->dev->config_size(), 2u + 9u);
  uint8_t cfg[11] = {};
  r.t->dev->read_config(0, cfg, sizeof cfg);
  CHECK_EQ(cfg[0] | cfg[1] << 8, 9);
  CHECK(std::memcmp(cfg + 2, "hostshare", 9) == 0);
  uint8_t past[4] = {1, 2, 3, 4};
  r.t->dev->read_config(10, past, 4);  // beyond the end: left untouched
  CHECK_EQ(past[0], 1);
}

TEST(version_caps_msize_and_refuses_other_protocols) {
  Rig r;
  Reply v = r.s->version(1u << 30);
  CHECK_EQ(p9c::type_of(v), w::kTversion + 1);
  auto b = p9c::body_of(v);
  CHECK_EQ(b.u32(), w::kMaxMsize);
  CHECK(b.str() == "9P2000.L");
  Reply u = r.s->version(8192, "9P2000.u");
  auto c = p9c::body_of(u);
  CHECK_EQ(c.u32(), 8192u);
  CHECK(c.str() == "unknown");
  CHECK_EQ(p9c::lerror(r.s->version(10)), static_cast<uint32_t>(EINVAL));
}

TEST(create_write_read_getattr_readdir_round_trip) {
  Rig r;
  r.start();
  CHECK_EQ(nwqid(r.s->walk(1, 2, {})), 0);
  Reply c = r.s->lcreate(2, "hello.txt", O_RDWR, 0640);
  CHECK_EQ(p9c::type_of(c), w::kTlcreate + 1);
  Reply wr = r.s->write(2, 0, "hello, 9p");
  CHECK_EQ(p9c::type_of(wr), w::kTwrite + 1);
  CHECK_EQ(p9c::body_of(wr).u32(), 9u);
  CHECK(slurp(r.root + "/hello.txt") == "hello, 9p");
  Reply rd = r.s->read(2, 7, 100);
  auto b = p9c::body_of(rd);
  CHECK_EQ(b.u32(), 2u);
  CHECK(std::memcmp(b.bytes(2), "9p", 2) == 0);
  Reply ga = r.s->getattr(2);
  auto g = p9c::body_of(ga);
  CHECK_EQ(g.u64(), w::kGetattrBasic);
  for (int i = 0; i < 13; ++i) g.u8();  // qid
  CHECK_EQ(g.u32(), static_cast<uint32_t>(S_IFREG | 0640));
  CHECK_EQ(p9c::lerror(r.s->clunk(2)), 0u);
  CHECK_EQ(p9c::lerror(r.s->mkdir(1, "sub", 0755)), 0u);
  struct stat st;
  CHECK(::stat((r.root + "/sub").c_str(), &st) == 0 && S_ISDIR(st.st_mode));
  // readdir in pages of 40 bytes: each continues from the previous page's last offset.
  r.s->walk(1, 3, {});
  CHECK_EQ(p9c::lerror(r.s->lopen(3, O_RDONLY | O_DIRECTORY)), 0u);
  std::vector<std::string> names;
  uint64_t off = 0;
  for (int page = 0; page < 10; ++page) {
    Reply d = r.s->readdir(3, off, 40);
    auto e = p9c::body_of(d);
    uint32_t n = e.u32();
    if (n == 0) break;
    while (e.ok() && e.remaining() > 0) {
      for (int i = 0; i < 13; ++i) e.u8();
      off = e.u64();
      e.u8();
      names.push_back(e.str());
    }
  }
  std::sort(names.begin(), names.end());
  CHECK(names == (std::vector<std::string>{".", "..", "hello.txt", "sub"}));
}

TEST(dot_dot_names_with_slashes_and_escaping_symlinks_are_refused) {
  Rig r;
  r.start();
  CHECK_EQ(p9c::lerror(r.s->walk(1, 2, {".."})), static_cast<uint32_t>(EPERM));
  CHECK_EQ(p9c::lerror(r.s->walk(1, 2, {"a/b"})), static_cast<uint32_t>(EINVAL));
  ::mkdir((r.root + "/d").c_str(), 0755);
  CHECK_EQ(p9c::lerror(r.s->walk(1, 2, {"d", ".."})), 0u);  // a partial walk: Rwalk with one qid
  CHECK_EQ(nwqid(r.s->walk(1, 2, {"d", ".."})), 1);
  // A relative symlink climbing out and an absolute one: each can be walked to (it is a symlink
  // in the share) but never through, and never opened.
  CHECK(::symlink(("../" + r.outside.substr(5)).c_str(), (r.root + "/up").c_str()) == 0);
  CHECK(::symlink(r.outside.c_str(), (r.root + "/abs").c_str()) == 0);
  CHECK(::symlink((r.outside + "/secret").c_str(), (r.root + "/absfile").c_str()) == 0);
  CHECK_EQ(nwqid(r.s->walk(1, 2, {"up"})), 1);
  CHECK_EQ(nwqid(r.s->walk(1, 3, {"up", "secret"})), 1);  // stops at the symlink
  CHECK_EQ(p9c::lerror(r.s->walk(1, 4, {"abs", "secret"})) != 0 || nwqid(r.s->walk(1, 4, {"abs", "secret"})) == 1, true);
  CHECK_EQ(p9c::lerror(r.s->walk(1, 5, {"absfile"})), 0u);
  CHECK_EQ(p9c::lerror(r.s->lopen(5, O_RDONLY)), static_cast<uint32_t>(ELOOP));
  // lcreate through a dangling-out symlink name does not create outside.
  CHECK(::symlink((r.outside + "/made").c_str(), (r.root + "/trap").c_str()) == 0);
  r.s->walk(1, 6, {});
  CHECK(p9c::lerror(r.s->lcreate(6, "trap", O_RDWR, 0644)) != 0);
  CHECK(::access((r.outside + "/made").c_str(), F_OK) != 0);
  // The target text of a symlink is the client's business; reading it is allowed.
  Reply rl = r.s->readlink(5);
  CHECK(p9c::body_of(rl).str() == r.outside + "/secret");
}

TEST(symlinks_inside_the_share_resolve_and_the_fallback_walk_refuses_them) {
  Rig r;
  r.start();
  ::mkdir((r.root + "/real").c_str(), 0755);
  spit(r.root + "/real/f", "in");
  CHECK(::symlink("real", (r.root + "/alias").c_str()) == 0);
  CHECK(::symlink(r.outside.c_str(), (r.root + "/abs").c_str()) == 0);
  // A client walks names one at a time; walking through a symlink component needs the server to follow it.
  CHECK_EQ(nwqid(r.s->walk(1, 2, {"alias", "f"})), 1);  // stops: "alias" is a symlink, not a directory
  w::ShareFs fs(r.root, false);
  struct stat st;
  CHECK_EQ(fs.lstat("alias/f", st), 0);          // openat2 follows an inside symlink
  CHECK_EQ(fs.lstat("abs/secret", st), -EXDEV);  // and refuses an absolute one
  CHECK_EQ(fs.lstat("real/../../x", st) < 0, true);
  w::ShareFs::force_component_walk(true);
  CHECK_EQ(fs.lstat("real/f", st), 0);
  CHECK(fs.lstat("alias/f", st) < 0);  // no symlink is followed at all
  CHECK(fs.lstat("abs/secret", st) < 0);
  CHECK_EQ(fs.lstat("real/../f", st), -EINVAL);
  w::ShareFs::force_component_walk(false);
}

TEST(read_only_share_refuses_every_change_with_erofs) {
  Rig r(true);
  spit(r.root + "/f", "data");
  r.start();
  const uint32_t erofs = EROFS;
  r.s->walk(1, 2, {});
  CHECK_EQ(p9c::lerror(r.s->lcreate(2, "new", O_RDWR, 0644)), erofs);
  CHECK_EQ(p9c::lerror(r.s->mkdir(1, "d", 0755)), erofs);
  CHECK_EQ(p9c::lerror(r.s->symlink(1, "l", "f")), erofs);
  CHECK_EQ(p9c::lerror(r.s->unlinkat(1, "f", 0)), erofs);
  CHECK_EQ(p9c::lerror(r.s->renameat(1, "f", 1, "g")), erofs);
  r.s->walk(1, 3, {"f"});
  CHECK_EQ(p9c::lerror(r.s->setattr(3, w::kAttrSize, 0, 0)), erofs);
  CHECK_EQ(p9c::lerror(r.s->lopen(3, O_WRONLY)), erofs);
  CHECK_EQ(p9c::lerror(r.s->lopen(3, O_RDONLY | O_TRUNC)), erofs);
  CHECK_EQ(p9c::lerror(r.s->lopen(3, O_RDONLY)), 0u);
  CHECK_EQ(p9c::lerror(r.s->write(3, 0, "x")), erofs);
  CHECK_EQ(p9c::body_of(r.s->read(3, 0, 10)).u32(), 4u);
  CHECK(slurp(r.root + "/f") == "data");
}

TEST(malformed_requests_get_rlerror_and_the_device_keeps_working) {
  Rig r;
  r.start();
  // size field disagreeing with the buffer, a body cut short, an unknown type, unknown fids.
  auto m = p9c::Msg(w::kTclunk).u32(1).done();
  m[0] = 99;
  CHECK_EQ(p9c::lerror(r.t->rpc(m)), static_cast<uint32_t>(EMSGSIZE));
  CHECK_EQ(p9c::lerror(r.t->rpc(p9c::Msg(w::kTwalk).u32(1).done())), static_cast<uint32_t>(EINVAL));
  CHECK_EQ(p9c::lerror(r.t->rpc(p9c::Msg(200).u32(1).done())), static_cast<uint32_t>(EOPNOTSUPP));
  CHECK_EQ(p9c::lerror(r.s->clunk(77)), static_cast<uint32_t>(EIO));
  CHECK_EQ(p9c::lerror(r.s->read(1, 0, 10)), static_cast<uint32_t>(EBADF));
  CHECK_EQ(p9c::lerror(r.s->walk(1, 2, std::vector<std::string>(17, "a"))), static_cast<uint32_t>(E2BIG));
  CHECK_EQ(p9c::lerror(r.s->xattrwalk(1, 2, "user.x")), static_cast<uint32_t>(EOPNOTSUPP));
  // A string length running past the end.
  auto s = p9c::Msg(w::kTmkdir).u32(1).u16(500).done();
  CHECK_EQ(p9c::lerror(r.t->rpc(s)), static_cast<uint32_t>(EINVAL));
  // No room for any reply / no request at all: completed with nothing written, no reset.
  CHECK(r.t->rpc(p9c::Msg(w::kTclunk).u32(1).done(), 4).empty());
  CHECK(r.t->rpc({}, 64).empty());
  CHECK(!(r.t->d.status() & kStatusNeedsReset));
  CHECK_EQ(p9c::lerror(r.s->getattr(1)), 0u);
}

TEST(replies_are_bounded_by_msize_and_by_the_reply_buffer) {
  Rig r;
  spit(r.root + "/big", std::string(300000, 'x'));
  r.s->version(65536);
  r.s->attach(1);
  r.s->walk(1, 2, {"big"});
  r.s->lopen(2, O_RDONLY);
  Reply a = r.s->read(2, 0, 1u << 30);
  CHECK_EQ(p9c::body_of(a).u32(), 65536u - 11u);
  Reply b = r.t->rpc(p9c::Msg(w::kTread).u32(2).u64(0).u32(100000).done(), 1000);
  CHECK_EQ(b.size(), 1000u);
  CHECK_EQ(p9c::body_of(b).u32(), 1000u - 11u);
  // A request above msize is refused as a whole.
  CHECK_EQ(p9c::lerror(r.s->write(2, 0, std::string(70000, 'y'))), static_cast<uint32_t>(EMSGSIZE));
}

TEST(fid_table_is_bounded) {
  Rig r;
  r.start();
  uint32_t refused = 0, last = 0;
  for (uint32_t fid = 2; fid < w::kMaxFids + 10; ++fid) {
    uint32_t e = p9c::lerror(r.s->walk(1, fid, {}));
    if (e) refused = e, last = fid;
    if (e) break;
  }
  CHECK_EQ(refused, static_cast<uint32_t>(EMFILE));
  CHECK_EQ(last, static_cast<uint32_t>(w::kMaxFids + 1));
  CHECK_EQ(p9c::lerror(r.s->walk(1, 1, {})), 0u);  // walking a fid onto itself needs no new slot
}

TEST(device_reset_ends_the_session) {
  Rig r;
  r.start();
  CHECK_EQ(p9c::lerror(r.s->getattr(1)), 0u);
  auto& d = r.t->d;
  d.w8(0x14, 0);  // reset, then §3.1.1 again on the same function with fresh rings
  d.avail_idx = 0, d.next_desc = 0;
  std::memset(d.ram + d.avail, 0, 0x1000);
  std::memset(d.ram + d.used, 0, 0x1000);
  d.w8(0x14, kStatusAcknowledge | kStatusDriver);
  const uint64_t f = bit(kFeature9pMountTag) | bit(kFeatureVersion1);
  d.w32(0x08, 0), d.w32(0x0c, static_cast<uint32_t>(f));
  d.w32(0x08, 1), d.w32(0x0c, static_cast<uint32_t>(f >> 32));
  d.w8(0x14, kStatusAcknowledge | kStatusDriver | kStatusFeaturesOk);
  d.enable_queue(0, d.qsize, d.desc, d.avail, d.used);
  CHECK(d.driver_ok());
  CHECK_EQ(p9c::lerror(r.s->getattr(1)), static_cast<uint32_t>(EIO));
}

TEST(setattr_on_an_open_fid_reaches_a_file_unlinked_while_open) {
  Rig r;
  r.start();
  r.s->walk(1, 2, {});
  r.s->lcreate(2, "tmp", O_RDWR, 0644);
  r.s->write(2, 0, "0123456789");
  CHECK_EQ(p9c::lerror(r.s->unlinkat(1, "tmp", 0)), 0u);
  CHECK_EQ(p9c::lerror(r.s->setattr(2, w::kAttrSize | w::kAttrMode, 0600, 3)), 0u);
  auto g = p9c::body_of(r.s->getattr(2));
  g.u64();
  for (int i = 0; i < 13; ++i) g.u8();
  CHECK_EQ(g.u32(), static_cast<uint32_t>(S_IFREG | 0600));
  g.u32(), g.u32(), g.u64(), g.u64();
  CHECK_EQ(g.u64(), 3u);  // size
  CHECK_EQ(p9c::body_of(r.s->read(2, 0, 100)).u32(), 3u);
  // A read-only open fid truncates by path.
  spit(r.root + "/f", "abcdef");
  r.s->walk(1, 3, {"f"});
  r.s->lopen(3, O_RDONLY);
  CHECK_EQ(p9c::lerror(r.s->setattr(3, w::kAttrSize, 0, 2)), 0u);
  CHECK(slurp(r.root + "/f") == "ab");
}

TEST(locks_conflict_between_fids_and_getlock_reports_the_holder) {
  Rig r;
  spit(r.root + "/f", "data");
  r.start();
  r.s->walk(1, 2, {"f"});
  r.s->walk(1, 3, {"f"});
  r.s->lopen(2, O_RDWR);
  r.s->lopen(3, O_RDWR);
  CHECK_EQ(p9c::body_of(r.s->lock(2, w::kLockWrite, 0, 10)).u8(), w::kLockSuccess);
  CHECK_EQ(p9c::body_of(r.s->lock(3, w::kLockWrite, 5, 10)).u8(), w::kLockBlocked);
  Reply gl = r.s->getlock(3, w::kLockWrite, 0, 0);
  CHECK_EQ(p9c::lerror(gl), 0u);
  auto g = p9c::body_of(gl);
  CHECK_EQ(g.u8(), w::kLockWrite);
  CHECK_EQ(g.u64(), 0u);
  CHECK_EQ(g.u64(), 10u);
  CHECK_EQ(p9c::body_of(r.s->lock(2, w::kLockUnlock, 0, 10)).u8(), w::kLockSuccess);
  CHECK_EQ(p9c::body_of(r.s->lock(3, w::kLockWrite, 5, 10)).u8(), w::kLockSuccess);
}

TEST(renames_carry_fids_along_and_links_unlinks_setattr_work) {
  Rig r;
  r.start();
  r.s->mkdir(1, "d", 0755);
  r.s->walk(1, 2, {"d"});
  r.s->lcreate(2, "f", O_RDWR, 0644);
  r.s->write(2, 0, "abc");
  r.s->walk(1, 3, {"d", "f"});
  CHECK_EQ(p9c::lerror(r.s->renameat(1, "d", 1, "e")), 0u);
  CHECK_EQ(p9c::lerror(r.s->getattr(3)), 0u);  // fid 3 now names e/f
  CHECK_EQ(p9c::lerror(r.s->setattr(3, w::kAttrMode | w::kAttrSize | w::kAttrMtime | w::kAttrMtimeSet, 0600, 1, 1000000)), 0u);
  struct stat st;
  CHECK(::stat((r.root + "/e/f").c_str(), &st) == 0);
  CHECK_EQ(st.st_mode & 0777, 0600u);
  CHECK_EQ(st.st_size, 1);
  CHECK_EQ(st.st_mtime, 1000000);
  r.s->walk(1, 4, {"e"});
  CHECK_EQ(p9c::lerror(r.s->link(4, 3, "hard")), 0u);
  CHECK(::stat((r.root + "/e/hard").c_str(), &st) == 0 && st.st_nlink == 2);
  CHECK_EQ(p9c::lerror(r.s->mknod(4, "fifo", S_IFIFO | 0600)), 0u);
  CHECK_EQ(p9c::lerror(r.s->mknod(4, "dev", S_IFCHR | 0600)), static_cast<uint32_t>(EPERM));
  CHECK_EQ(p9c::lerror(r.s->rename(3, 1, "top")), 0u);
  CHECK(::access((r.root + "/top").c_str(), F_OK) == 0);
  CHECK_EQ(p9c::lerror(r.s->unlinkat(4, "hard", 0)), 0u);
  CHECK_EQ(p9c::lerror(r.s->unlinkat(4, "fifo", 0)), 0u);
  CHECK_EQ(p9c::lerror(r.s->unlinkat(1, "e", w::kUnlinkRemoveDir)), 0u);
  CHECK(::access((r.root + "/e").c_str(), F_OK) != 0);
  CHECK_EQ(p9c::lerror(r.s->remove(3)), 0u);
  CHECK(::access((r.root + "/top").c_str(), F_OK) != 0);
  CHECK_EQ(p9c::lerror(r.s->clunk(3)), static_cast<uint32_t>(EIO));  // remove clunked it
  Reply sf = r.s->statfs(1);
  CHECK_EQ(p9c::body_of(sf).u32(), w::kV9fsMagic);
  CHECK_EQ(p9c::lerror(r.s->flush(5)), 0u);
}

// The worker thread under its real seccomp allow-list (in a forked child: a missing syscall ends
// the child with status 159 and a line naming it) serves every operation the Linux client uses.
TEST(the_worker_serves_every_operation_under_its_seccomp_allow_list) {
  int p[2];
  CHECK(::pipe(p) == 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(p[1], STDERR_FILENO);
    tshyve::vmm::seccomp::set_thread_filters_enabled(true);
    int bad = 0;
    {
      Rig r;
      auto& s = *r.s;
      auto ok = [&](const Reply& x) { bad += (x.size() < 7 || p9c::lerror(x) != 0); };
      ok(s.version());
      ok(s.attach(1));
      ok(s.walk(1, 2, {}));
      ok(s.lcreate(2, "f", O_RDWR, 0644));
      ok(s.write(2, 0, "data"));
      ok(s.read(2, 0, 10));
      ok(s.fsync(2));
      ok(s.lock(2, w::kLockWrite, 0, 1));
      ok(s.getlock(2, w::kLockWrite, 0, 1));
      ok(s.getattr(2));
      ok(s.setattr(2, w::kAttrMode | w::kAttrSize | w::kAttrMtime | w::kAttrAtime, 0600, 2));
      ok(s.mkdir(1, "d", 0755));
      ok(s.symlink(1, "l", "f"));
      ok(s.walk(1, 3, {"l"}));
      ok(s.readlink(3));
      ok(s.link(1, 2, "h"));
      ok(s.mknod(1, "p", S_IFIFO | 0600));
      ok(s.renameat(1, "h", 1, "h2"));
      ok(s.unlinkat(1, "h2", 0));
      ok(s.unlinkat(1, "d", w::kUnlinkRemoveDir));
      ok(s.statfs(1));
      ok(s.walk(1, 4, {}));
      ok(s.lopen(4, O_RDONLY | O_DIRECTORY));
      ok(s.readdir(4, 0, 4096));
      ok(s.clunk(4));
      ok(s.walk(1, 5, {"p"}));
      ok(s.remove(5));
      ok(s.clunk(2));
    }
    ::_exit(bad ? 2 : 0);
  }
  ::close(p[1]);
  std::string err;
  char buf[512];
  ssize_t n;
  while ((n = ::read(p[0], buf, sizeof buf)) > 0) err.append(buf, static_cast<size_t>(n));
  ::close(p[0]);
  int ws = 0;
  ::waitpid(pid, &ws, 0);
  CHECK(WIFEXITED(ws));
  CHECK_EQ(WEXITSTATUS(ws), 0);
  if (!err.empty()) std::printf("  child stderr: %s\n", err.c_str());
}

TEST_MAIN()
