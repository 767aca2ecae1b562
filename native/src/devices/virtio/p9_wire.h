// The 9P2000.L wire format (Plan 9 intro(5) framing, Linux Documentation/filesystems/9p.rst and
// include/net/9p/9p.h message numbers): little-endian integers, counted strings, qids; a bounded
// reader over one request and a writer into one reply buffer.
#pragma once
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace tshyve::devices::virtio::p9 {

// Message types (T = request, R = T + 1).
enum : uint8_t {
  kRlerror = 7,
  kTstatfs = 8,
  kTlopen = 12,
  kTlcreate = 14,
  kTsymlink = 16,
  kTmknod = 18,
  kTrename = 20,
  kTreadlink = 22,
  kTgetattr = 24,
  kTsetattr = 26,
  kTxattrwalk = 30,
  kTxattrcreate = 32,
  kTreaddir = 40,
  kTfsync = 50,
  kTlock = 52,
  kTgetlock = 54,
  kTlink = 70,
  kTmkdir = 72,
  kTrenameat = 74,
  kTunlinkat = 76,
  kTversion = 100,
  kTauth = 102,
  kTattach = 104,
  kTflush = 108,
  kTwalk = 110,
  kTread = 116,
  kTwrite = 118,
  kTclunk = 120,
  kTremove = 122,
};

constexpr uint32_t kHeaderSize = 7;      // size[4] type[1] tag[2]
constexpr uint32_t kIoHeaderSize = 11;   // header + count[4] (Rread / Twrite payload offset)
constexpr uint32_t kNoFid = 0xffffffff;  // P9_NOFID
constexpr uint16_t kMaxWalkNames = 16;   // MAXWELEM
constexpr uint8_t kQidDir = 0x80, kQidSymlink = 0x02, kQidFile = 0x00;

// Tgetattr request_mask / Rgetattr valid bits (P9_GETATTR_*).
constexpr uint64_t kGetattrBasic = 0x000007ff;  // mode .. blocks: what struct stat holds
// Tsetattr valid bits (P9_ATTR_*).
enum : uint32_t {
  kAttrMode = 1,
  kAttrUid = 2,
  kAttrGid = 4,
  kAttrSize = 8,
  kAttrAtime = 16,
  kAttrMtime = 32,
  kAttrCtime = 64,
  kAttrAtimeSet = 128,
  kAttrMtimeSet = 256,
};
// Tlock types / flags / Rlock status (P9_LOCK_*).
enum : uint8_t { kLockRead = 0, kLockWrite = 1, kLockUnlock = 2 };
enum : uint8_t { kLockSuccess = 0, kLockBlocked = 1, kLockError = 2 };
constexpr uint32_t kLockFlagsBlock = 1;
constexpr uint32_t kUnlinkRemoveDir = 0x200;  // AT_REMOVEDIR
constexpr uint32_t kV9fsMagic = 0x01021997;   // statfs f_type the Linux client expects

struct Qid {
  uint8_t type = 0;
  uint32_t version = 0;
  uint64_t path = 0;
};
constexpr uint32_t kQidSize = 13;

// Reads fields of one message; any read past the end marks the reader failed (and yields zeros).
class Reader {
 public:
  Reader(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  uint8_t u8() { return get<uint8_t>(); }
  uint16_t u16() { return get<uint16_t>(); }
  uint32_t u32() { return get<uint32_t>(); }
  uint64_t u64() { return get<uint64_t>(); }
  std::string str();
  // `len` raw bytes in place (the Twrite payload); nullptr when they are not all there.
  const uint8_t* bytes(size_t len);
  bool ok() const { return ok_; }
  size_t remaining() const { return ok_ ? n_ - at_ : 0; }

 private:
  template <typename T>
  T get() {
    T v{};
    if (!ok_ || n_ - at_ < sizeof v) {
      ok_ = false;
      return T{};
    }
    std::memcpy(&v, p_ + at_, sizeof v);  // 9P is little-endian, as is x86-64
    at_ += sizeof v;
    return v;
  }
  const uint8_t* p_;
  size_t n_, at_ = 0;
  bool ok_ = true;
};

// Builds one reply into a buffer bounded by `limit` (the negotiated msize); overflow marks it failed.
class Writer {
 public:
  explicit Writer(std::vector<uint8_t>& buf, size_t limit) : b_(buf), limit_(limit) { b_.clear(); }
  void begin(uint8_t type, uint16_t tag);
  void u8(uint8_t v) { put(&v, 1); }
  void u16(uint16_t v) { put(&v, 2); }
  void u32(uint32_t v) { put(&v, 4); }
  void u64(uint64_t v) { put(&v, 8); }
  void str(std::string_view s);
  void qid(const Qid& q);
  void put(const void* data, size_t len);
  // Reserves `len` bytes to be filled in place (Rread data); nullptr on overflow.
  uint8_t* reserve(size_t len);
  void shrink(size_t size) {
    if (size < b_.size()) b_.resize(size);
  }
  void patch_u32(size_t at, uint32_t v) {
    if (at + 4 <= b_.size()) std::memcpy(b_.data() + at, &v, 4);
  }
  size_t size() const { return b_.size(); }
  size_t room() const { return limit_ > b_.size() ? limit_ - b_.size() : 0; }
  bool ok() const { return ok_; }
  // Writes the size field; returns the finished message length.
  size_t finish();

 private:
  std::vector<uint8_t>& b_;
  size_t limit_;
  bool ok_ = true;
};

// A reply of only Rlerror(ecode), e.g. when the real reply did not fit.
void write_error(Writer& w, uint16_t tag, uint32_t ecode);

}  // namespace tshyve::devices::virtio::p9
