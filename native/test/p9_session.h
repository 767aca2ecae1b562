// 9P2000.L requests as the Linux v9fs client sends them (one helper per message), over any
// p9c::Transport, for the unit and differential tests.
#pragma once
#include <string>
#include <vector>

#include "p9_test_client.h"

namespace p9c {

namespace w = tshyve::devices::virtio::p9;
using Reply = std::vector<uint8_t>;

struct Session {
  Transport& t;
  std::string aname;
  explicit Session(Transport& tr, std::string a = "") : t(tr), aname(std::move(a)) {}
  Reply version(uint32_t msize = 131072, const std::string& v = "9P2000.L") {
    return t.rpc(Msg(w::kTversion, 0xffff).u32(msize).str(v).done());
  }
  Reply attach(uint32_t fid) { return t.rpc(Msg(w::kTattach).u32(fid).u32(w::kNoFid).str("root").str(aname).u32(0).done()); }
  Reply walk(uint32_t fid, uint32_t newfid, const std::vector<std::string>& names) {
    Msg m(w::kTwalk);
    m.u32(fid).u32(newfid).u16(static_cast<uint16_t>(names.size()));
    for (auto& n : names) m.str(n);
    return t.rpc(m.done());
  }
  Reply lopen(uint32_t fid, uint32_t flags) { return t.rpc(Msg(w::kTlopen).u32(fid).u32(flags).done()); }
  Reply lcreate(uint32_t fid, const std::string& name, uint32_t flags, uint32_t mode) {
    return t.rpc(Msg(w::kTlcreate).u32(fid).str(name).u32(flags).u32(mode).u32(0).done());
  }
  Reply read(uint32_t fid, uint64_t off, uint32_t count) { return t.rpc(Msg(w::kTread).u32(fid).u64(off).u32(count).done()); }
  Reply write(uint32_t fid, uint64_t off, const std::string& data) {
    return t.rpc(Msg(w::kTwrite).u32(fid).u64(off).u32(static_cast<uint32_t>(data.size())).put(data.data(), data.size()).done());
  }
  Reply clunk(uint32_t fid) { return t.rpc(Msg(w::kTclunk).u32(fid).done()); }
  Reply remove(uint32_t fid) { return t.rpc(Msg(w::kTremove).u32(fid).done()); }
  Reply getattr(uint32_t fid, uint64_t mask = w::kGetattrBasic) { return t.rpc(Msg(w::kTgetattr).u32(fid).u64(mask).done()); }
  Reply setattr(uint32_t fid, uint32_t valid, uint32_t mode, uint64_t size, uint64_t mtime_sec = 0) {
    return t.rpc(Msg(w::kTsetattr).u32(fid).u32(valid).u32(mode).u32(0).u32(0).u64(size).u64(0).u64(0).u64(mtime_sec).u64(0).done());
  }
  Reply readdir(uint32_t fid, uint64_t off, uint32_t count) { return t.rpc(Msg(w::kTreaddir).u32(fid).u64(off).u32(count).done()); }
  Reply mkdir(uint32_t fid, const std::string& name, uint32_t mode) {
    return t.rpc(Msg(w::kTmkdir).u32(fid).str(name).u32(mode).u32(0).done());
  }
  Reply symlink(uint32_t fid, const std::string& name, const std::string& target) {
    return t.rpc(Msg(w::kTsymlink).u32(fid).str(name).str(target).u32(0).done());
  }
  Reply readlink(uint32_t fid) { return t.rpc(Msg(w::kTreadlink).u32(fid).done()); }
  Reply link(uint32_t dfid, uint32_t fid, const std::string& name) { return t.rpc(Msg(w::kTlink).u32(dfid).u32(fid).str(name).done()); }
  Reply mknod(uint32_t fid, const std::string& name, uint32_t mode) {
    return t.rpc(Msg(w::kTmknod).u32(fid).str(name).u32(mode).u32(0).u32(0).u32(0).done());
  }
  Reply rename(uint32_t fid, uint32_t dfid, const std::string& name) { return t.rpc(Msg(w::kTrename).u32(fid).u32(dfid).str(name).done()); }
  Reply renameat(uint32_t ofid, const std::string& o, uint32_t nfid, const std::string& n) {
    return t.rpc(Msg(w::kTrenameat).u32(ofid).str(o).u32(nfid).str(n).done());
  }
  Reply unlinkat(uint32_t fid, const std::string& name, uint32_t flags) {
    return t.rpc(Msg(w::kTunlinkat).u32(fid).str(name).u32(flags).done());
  }
  Reply statfs(uint32_t fid) { return t.rpc(Msg(w::kTstatfs).u32(fid).done()); }
  Reply fsync(uint32_t fid) { return t.rpc(Msg(w::kTfsync).u32(fid).u32(0).done()); }
  Reply lock(uint32_t fid, uint8_t type, uint64_t start, uint64_t len) {
    return t.rpc(Msg(w::kTlock).u32(fid).u8(type).u32(0).u64(start).u64(len).u32(42).str("client").done());
  }
  Reply getlock(uint32_t fid, uint8_t type, uint64_t start, uint64_t len) {
    return t.rpc(Msg(w::kTgetlock).u32(fid).u8(type).u64(start).u64(len).u32(42).str("client").done());
  }
  Reply flush(uint16_t oldtag) { return t.rpc(Msg(w::kTflush).u16(oldtag).done()); }
  Reply xattrwalk(uint32_t fid, uint32_t newfid, const std::string& name) {
    return t.rpc(Msg(w::kTxattrwalk).u32(fid).u32(newfid).str(name).done());
  }
};

}  // namespace p9c
