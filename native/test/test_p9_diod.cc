// Differential test of the virtio-9p server against Debian's diod (a real 9P2000.L server): one
// request sequence goes through the virtqueue test driver to our device and over a socketpair to a
// diod child; normalised replies must match step by step and the two trees must end up equal.
// Normalised away: qid paths/versions (inode numbers), times, blksize/blocks, statfs counters,
// readdir offsets and order. Escapes are checked on our side only (diod walks ".." above its export).
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <tuple>

#include "check.h"
#include "devices/virtio/p9_fs.h"
#include "p9_session.h"

using namespace tshyve::devices::virtio;
using p9c::Reply;
namespace w = tshyve::devices::virtio::p9;

namespace {

std::string temp_dir() {
  char path[] = "/tmp/tshyve-9pdiff-XXXXXX";
  if (!::mkdtemp(path)) std::abort();
  return path;
}
void rm_rf(const std::string& dir) {
  const std::string cmd = "rm -rf -- '" + dir + "'";  // our own mkdtemp directory
  if (std::system(cmd.c_str()) != 0) std::perror("rm");
}

std::string qid(w::Reader& r) {
  const uint8_t type = r.u8();
  r.u32(), r.u64();
  return "Q" + std::to_string(type);
}

// One reply as text, with what legitimately differs between two servers taken out.
std::string normalise(const Reply& rep) {
  if (rep.size() < 7) return "<no reply>";
  const uint8_t type = p9c::type_of(rep);
  w::Reader r = p9c::body_of(rep);
  std::ostringstream o;
  o << "R" << int(type) << ":";
  switch (type) {
    case w::kRlerror: o << "errno " << r.u32(); break;
    case w::kTversion + 1: o << r.u32() << " " << r.str(); break;
    case w::kTattach + 1:
    case w::kTmkdir + 1:
    case w::kTsymlink + 1:
    case w::kTmknod + 1: o << qid(r); break;
    case w::kTwalk + 1: {
      const uint16_t n = r.u16();
      o << n;
      for (uint16_t i = 0; i < n; ++i) o << " " << qid(r);
      break;
    }
    case w::kTlopen + 1:
    case w::kTlcreate + 1: o << qid(r) << " iounit " << r.u32(); break;
    case w::kTread + 1: {
      const uint32_t n = r.u32();
      const uint8_t* d = r.bytes(n);
      o << n << " " << (d ? std::string(reinterpret_cast<const char*>(d), n) : "?");
      break;
    }
    case w::kTwrite + 1: o << r.u32(); break;
    case w::kTgetattr + 1: {
      o << "valid " << std::hex << r.u64() << std::dec << " " << qid(r);
      o << " mode " << std::oct << r.u32() << std::dec << " uid " << r.u32() << " gid " << r.u32();
      o << " nlink " << r.u64() << " rdev " << r.u64() << " size " << r.u64();
      break;  // blksize, blocks, times, btime, gen, data_version: not compared
    }
    case w::kTreaddir + 1: {
      const uint32_t n = r.u32();
      w::Reader e(rep.data() + 11, std::min<size_t>(n, rep.size() - 11));
      std::vector<std::string> entries;
      while (e.ok() && e.remaining() > 0) {
        std::string q = qid(e);
        e.u64();  // offset cookie
        const uint8_t t = e.u8();
        entries.push_back(e.str() + "(" + q + ",t" + std::to_string(t) + ")");
      }
      std::sort(entries.begin(), entries.end());
      for (auto& x : entries) o << " " << x;
      break;
    }
    case w::kTstatfs + 1: {
      o << "type " << std::hex << r.u32() << std::dec << " bsize " << r.u32();
      for (int i = 0; i < 6; ++i) r.u64();
      o << " namelen " << r.u32();
      break;
    }
    case w::kTreadlink + 1: o << r.str(); break;
    case w::kTlock + 1: o << "status " << int(r.u8()); break;
    case w::kTgetlock + 1: {
      o << "type " << int(r.u8()) << " start " << r.u64() << " len " << r.u64() << " pid " << r.u32() << " " << r.str();
      break;
    }
    default: break;  // Rclunk, Rfsync, Rsetattr, Rlink, Rrenameat, Runlinkat, Rremove, Rflush: empty
  }
  return o.str();
}

// All directory entries of an open fid, over as many Treaddir calls as it takes.
std::string readdir_all(p9c::Session& s, uint32_t fid) {
  std::vector<std::string> all;
  uint64_t off = 0;
  for (int page = 0; page < 64; ++page) {
    Reply r = s.readdir(fid, off, 256);
    if (p9c::type_of(r) != w::kTreaddir + 1) return normalise(r);
    w::Reader b = p9c::body_of(r);
    const uint32_t n = b.u32();
    if (n == 0) break;
    w::Reader e(r.data() + 11, n);
    while (e.ok() && e.remaining() > 0) {
      std::string q = qid(e);
      off = e.u64();
      const uint8_t t = e.u8();
      all.push_back(e.str() + "(" + q + ",t" + std::to_string(t) + ")");
    }
  }
  std::sort(all.begin(), all.end());
  std::string out = "dir:";
  for (auto& x : all) out += " " + x;
  return out;
}

// The Linux client's unlink: Tunlinkat, and where the server lacks it (diod), walk + Tremove.
std::string unlink_like_linux(p9c::Session& s, uint32_t dfid, const std::string& name, uint32_t flags, uint32_t tmp) {
  Reply r = s.unlinkat(dfid, name, flags);
  if (p9c::lerror(r) != EOPNOTSUPP) return p9c::lerror(r) ? normalise(r) : "done";
  Reply wk = s.walk(dfid, tmp, {name});
  if (p9c::type_of(wk) != w::kTwalk + 1) return normalise(wk);
  Reply rm = s.remove(tmp);
  return p9c::lerror(rm) ? normalise(rm) : "done";
}
// Trenameat, falling back to Trename (walk to the source first) as the Linux client does.
std::string rename_like_linux(p9c::Session& s, uint32_t ofid, const std::string& o, uint32_t nfid, const std::string& n, uint32_t tmp) {
  Reply r = s.renameat(ofid, o, nfid, n);
  if (p9c::lerror(r) != EOPNOTSUPP) return p9c::lerror(r) ? normalise(r) : "done";
  Reply wk = s.walk(ofid, tmp, {o});
  if (p9c::type_of(wk) != w::kTwalk + 1) return normalise(wk);
  Reply rn = s.rename(tmp, nfid, n);
  s.clunk(tmp);
  return p9c::lerror(rn) ? normalise(rn) : "done";
}

// The request sequence; every entry is one normalised step.
std::vector<std::string> scenario(p9c::Session& s) {
  std::vector<std::string> out;
  auto step = [&](const std::string& what, const std::string& got) { out.push_back(what + " -> " + got); };
  auto R = [&](const std::string& what, const Reply& r) { step(what, normalise(r)); };
  const uint32_t kRw = O_RDWR, kCreat = O_CREAT;
  R("version", s.version(65536));  // diod's own cap is 64 KiB, ours 512 KiB
  R("attach", s.attach(1));
  R("getattr root", s.getattr(1));
  R("clone root", s.walk(1, 2, {}));
  R("lcreate file.txt", s.lcreate(2, "file.txt", kRw | kCreat, 0644));
  R("write", s.write(2, 0, "hello world"));
  R("overwrite", s.write(2, 6, "XYZ"));
  R("read", s.read(2, 0, 100));
  R("read past eof", s.read(2, 50, 100));
  R("fsync", s.fsync(2));
  R("getattr open file", s.getattr(2));
  R("lopen already open", s.lopen(2, O_RDONLY));
  R("clunk", s.clunk(2));
  R("clunk again", s.clunk(2));
  R("mkdir dir", s.mkdir(1, "dir", 0755));
  R("mkdir dir again", s.mkdir(1, "dir", 0755));
  R("walk dir", s.walk(1, 3, {"dir"}));
  R("lcreate dir/inner", s.lcreate(3, "inner", O_WRONLY | kCreat, 0600));
  std::string pattern;
  for (int i = 0; i < 5000; ++i) pattern.push_back(static_cast<char>('a' + i % 26));
  R("write 5000", s.write(3, 0, pattern));
  R("read write-only", s.read(3, 0, 10));
  R("clunk inner", s.clunk(3));
  R("walk dir/inner", s.walk(1, 4, {"dir", "inner"}));
  R("lopen ro", s.lopen(4, O_RDONLY));
  R("read middle", s.read(4, 4000, 1000));
  R("clunk", s.clunk(4));
  R("walk not open read", s.walk(1, 4, {"dir"}));
  R("read unopened", s.read(4, 0, 1));
  R("clunk", s.clunk(4));
  R("lcreate exclusive existing", (s.walk(1, 9, {}), s.lcreate(9, "file.txt", kRw | kCreat | O_EXCL, 0644)));
  R("clunk", s.clunk(9));
  R("symlink", s.symlink(1, "link", "dir/inner"));
  R("walk link", s.walk(1, 5, {"link"}));
  R("readlink", s.readlink(5));
  R("getattr link", s.getattr(5));
  R("clunk", s.clunk(5));
  R("walk missing", s.walk(1, 5, {"nope"}));
  R("walk through a file", s.walk(1, 5, {"file.txt", "x"}));
  R("walk dot", s.walk(1, 5, {"."}));
  R("clunk", s.clunk(5));
  R("walk file", s.walk(1, 6, {"file.txt"}));
  R("chmod", s.setattr(6, w::kAttrMode, 0600, 0));
  R("truncate", s.setattr(6, w::kAttrSize, 0, 4));
  R("set mtime", s.setattr(6, w::kAttrMtime | w::kAttrMtimeSet, 0, 0, 1000000));
  R("getattr after setattr", s.getattr(6));
  R("link hard", s.link(1, 6, "hard"));
  R("getattr nlink", s.getattr(6));
  R("clunk", s.clunk(6));
  step("rename file.txt", rename_like_linux(s, 1, "file.txt", 1, "renamed.txt", 20));
  R("walk renamed", s.walk(1, 6, {"renamed.txt"}));
  R("getattr renamed", s.getattr(6));
  R("lopen", s.lopen(6, O_RDWR));
  R("read renamed", s.read(6, 0, 100));
  R("lock write", s.lock(6, w::kLockWrite, 0, 10));
  R("getlock own", s.getlock(6, w::kLockWrite, 0, 10));
  R("unlock", s.lock(6, w::kLockUnlock, 0, 10));
  R("clunk", s.clunk(6));
  R("mknod fifo", s.mknod(1, "fifo", S_IFIFO | 0644));
  R("statfs", s.statfs(1));
  R("walk root", s.walk(1, 7, {}));
  R("lopen dir", s.lopen(7, O_RDONLY | O_DIRECTORY));
  step("readdir root", readdir_all(s, 7));
  R("clunk", s.clunk(7));
  R("walk dir", s.walk(1, 8, {"dir"}));
  R("lopen dir", s.lopen(8, O_RDONLY | O_DIRECTORY));
  step("readdir dir", readdir_all(s, 8));
  R("clunk", s.clunk(8));
  step("rmdir non-empty", unlink_like_linux(s, 1, "dir", w::kUnlinkRemoveDir, 21));
  R("walk dir", s.walk(1, 8, {"dir"}));
  step("unlink dir/inner", unlink_like_linux(s, 8, "inner", 0, 22));
  R("clunk", s.clunk(8));
  step("rmdir dir", unlink_like_linux(s, 1, "dir", w::kUnlinkRemoveDir, 23));
  step("unlink hard", unlink_like_linux(s, 1, "hard", 0, 24));
  step("unlink missing", unlink_like_linux(s, 1, "missing", 0, 25));
  R("mkdir gone", s.mkdir(1, "gone", 0700));
  R("walk gone", s.walk(1, 10, {"gone"}));
  R("remove gone", s.remove(10));
  R("clunk removed", s.clunk(10));
  R("mkdir keep", s.mkdir(1, "keep", 0750));
  R("walk keep", s.walk(1, 11, {"keep"}));
  R("mkdir keep/sub", s.mkdir(11, "sub", 0700));
  R("symlink keep/s", s.symlink(11, "s", "../renamed.txt"));
  R("lcreate keep/a", s.lcreate(11, "a", O_WRONLY | kCreat, 0640));
  R("append-style writes", (s.write(11, 0, "first "), s.write(11, 6, "second")));
  R("clunk", s.clunk(11));
  R("walk keep/sub", s.walk(1, 12, {"keep", "sub"}));
  R("lcreate keep/sub/empty", s.lcreate(12, "empty", kRw | kCreat, 0600));
  R("clunk", s.clunk(12));
  R("walk keep", s.walk(1, 13, {"keep"}));
  R("lopen keep", s.lopen(13, O_RDONLY | O_DIRECTORY));
  step("readdir keep", readdir_all(s, 13));
  R("clunk", s.clunk(13));
  R("flush", s.flush(3));
  R("getattr root at the end", s.getattr(1));
  R("clunk root", s.clunk(1));
  return out;
}

// A tree as text: every entry's relative path, type, permission bits, size, link count, content or target.
void describe(const std::string& root, const std::string& rel, std::vector<std::string>& out) {
  DIR* d = ::opendir((root + "/" + rel).c_str());
  if (!d) return;
  std::vector<std::string> names;
  while (dirent* e = ::readdir(d))
    if (std::string(e->d_name) != "." && std::string(e->d_name) != "..") names.push_back(e->d_name);
  ::closedir(d);
  std::sort(names.begin(), names.end());
  for (auto& n : names) {
    const std::string r = rel.empty() ? n : rel + "/" + n, full = root + "/" + r;
    struct stat st;
    ::lstat(full.c_str(), &st);
    std::ostringstream o;
    o << r << " mode " << std::oct << st.st_mode << std::dec << " nlink " << st.st_nlink;
    if (S_ISREG(st.st_mode)) {
      std::ifstream f(full);
      std::stringstream c;
      c << f.rdbuf();
      o << " size " << st.st_size << " data " << c.str().substr(0, 64);
      if (r == "renamed.txt") o << " mtime " << st.st_mtime;
    } else if (S_ISLNK(st.st_mode)) {
      char t[256] = {};
      (void)!::readlink(full.c_str(), t, sizeof t - 1);
      o << " -> " << t;
    }
    out.push_back(o.str());
    if (S_ISDIR(st.st_mode)) describe(root, r, out);
  }
}

bool diod_here() {
  if (p9c::DiodTransport::available()) return true;
  std::printf("SKIP: /usr/sbin/diod is not installed (Debian package diod)\n");
  return false;
}

}  // namespace

TEST(same_requests_same_replies_same_files_as_diod) {
  if (!diod_here()) return;
  const std::string ours_dir = temp_dir(), diod_dir = temp_dir();
  const std::string walk_dir = temp_dir();
  std::vector<std::string> a, b, fallback;
  for (const auto& [dir, out, walk] : {std::tuple{ours_dir, &a, false}, std::tuple{walk_dir, &fallback, true}}) {
    w::ShareFs::force_component_walk(walk);  // the second run resolves as kernels without openat2 do
    ShareConfig c;
    c.tag = "share";
    c.path = dir;
    p9c::VirtqueueTransport vq(c);
    p9c::Session s(vq, dir);
    *out = scenario(s);
  }
  w::ShareFs::force_component_walk(false);
  CHECK(a == fallback);
  {
    p9c::DiodTransport dt(diod_dir);
    p9c::Session s(dt, diod_dir);
    b = scenario(s);
  }
  CHECK_EQ(a.size(), b.size());
  int differing = 0;
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    if (a[i] != b[i]) {
      std::printf("  step %zu differs:\n    ours: %s\n    diod: %s\n", i, a[i].c_str(), b[i].c_str());
      ++differing;
    }
  }
  CHECK_EQ(differing, 0);
  std::vector<std::string> ta, tb;
  describe(ours_dir, "", ta);
  describe(diod_dir, "", tb);
  std::vector<std::string> tc;
  describe(walk_dir, "", tc);
  CHECK(tc == ta);
  CHECK(!ta.empty());
  CHECK(ta == tb);
  if (ta != tb) {
    for (auto& x : ta) std::printf("  ours: %s\n", x.c_str());
    for (auto& x : tb) std::printf("  diod: %s\n", x.c_str());
  }
  std::printf("  %zu steps compared, %zu tree entries equal\n", a.size(), ta.size());
  rm_rf(ours_dir);
  rm_rf(diod_dir);
  rm_rf(walk_dir);
}

// The escapes: ours refuses each; what diod does is printed for the record, not compared.
TEST(escapes_are_refused_where_diod_is_only_reported) {
  if (!diod_here()) return;
  const std::string ours_dir = temp_dir(), diod_dir = temp_dir(), outside = temp_dir();
  { std::ofstream(outside + "/secret") << "outside"; }
  for (const auto& dir : {ours_dir, diod_dir}) {
    ::mkdir((dir + "/sub").c_str(), 0755);
    (void)!::symlink(outside.c_str(), (dir + "/abs").c_str());
    (void)!::symlink(("../../" + outside.substr(5)).c_str(), (dir + "/sub/up").c_str());
    (void)!::symlink((outside + "/secret").c_str(), (dir + "/absfile").c_str());
  }
  auto probe = [&](p9c::Session& s, std::vector<std::string>& out) {
    s.version(65536);
    s.attach(1);
    out.push_back("walk .. -> " + normalise(s.walk(1, 2, {".."})));
    out.push_back("walk sub .. .. -> " + normalise(s.walk(1, 3, {"sub", "..", ".."})));
    out.push_back("walk abs secret -> " + normalise(s.walk(1, 4, {"abs", "secret"})));
    out.push_back("walk sub/up/secret (one name) -> " + normalise(s.walk(1, 5, {"sub/up/secret"})));
    out.push_back("walk absfile -> " + normalise(s.walk(1, 6, {"absfile"})));
    out.push_back("lopen absfile -> " + normalise(s.lopen(6, O_RDONLY)));
    out.push_back("read absfile -> " + normalise(s.read(6, 0, 100)));
    s.walk(1, 7, {"abs"});
    out.push_back("lcreate in abs -> " + normalise(s.lcreate(7, "made", O_RDWR | O_CREAT, 0644)));
  };
  std::vector<std::string> ours, theirs;
  {
    ShareConfig c;
    c.tag = "share";
    c.path = ours_dir;
    p9c::VirtqueueTransport vq(c);
    p9c::Session s(vq, ours_dir);
    probe(s, ours);
  }
  const bool ours_made_outside = ::access((outside + "/made").c_str(), F_OK) == 0;
  {
    p9c::DiodTransport dt(diod_dir);
    p9c::Session s(dt, diod_dir);
    probe(s, theirs);
  }
  for (size_t i = 0; i < ours.size(); ++i)
    std::printf("  ours: %-60s | diod: %s\n", ours[i].c_str(), theirs[i].substr(theirs[i].find("->") + 3).c_str());
  CHECK(ours[0].find("errno") != std::string::npos);      // ".." at the root
  CHECK(ours[1].find("R111:1 ") != std::string::npos);    // stops after "sub"
  CHECK(ours[2].find("R111:1 Q2") != std::string::npos);  // stops at the symlink itself
  CHECK(ours[3].find("errno 22") != std::string::npos);   // a name with '/'
  CHECK(ours[5].find("errno 40") != std::string::npos);   // ELOOP: the last component is never followed
  CHECK(ours[6].find("errno") != std::string::npos);
  CHECK(ours[7].find("errno") != std::string::npos);
  CHECK(!ours_made_outside);
  rm_rf(ours_dir);
  rm_rf(diod_dir);
  rm_rf(outside);
}

TEST_MAIN()
