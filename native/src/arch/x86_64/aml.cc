// AML byte-code encoding for a hand-built DSDT (ACPI 6.5 §20.2 AML grammar, §6.4 resource
// descriptors, §19.6.35 EISAID compression).
#include "arch/x86_64/aml.h"

namespace tshyve::arch::x86_64::aml {

namespace {
// Opcodes, ACPI 6.5 §20.2.
constexpr uint8_t kZeroOp = 0x00;
constexpr uint8_t kOneOp = 0x01;
constexpr uint8_t kNameOp = 0x08;
constexpr uint8_t kBytePrefix = 0x0a;
constexpr uint8_t kWordPrefix = 0x0b;
constexpr uint8_t kDWordPrefix = 0x0c;
constexpr uint8_t kStringPrefix = 0x0d;
constexpr uint8_t kQWordPrefix = 0x0e;
constexpr uint8_t kScopeOp = 0x10;
constexpr uint8_t kBufferOp = 0x11;
constexpr uint8_t kPackageOp = 0x12;
constexpr uint8_t kExtOpPrefix = 0x5b;
constexpr uint8_t kDeviceOp = 0x82;  // after ExtOpPrefix
constexpr uint8_t kRootChar = '\\';
constexpr uint8_t kDualNamePrefix = 0x2e;
constexpr uint8_t kMultiNamePrefix = 0x2f;
// Resource descriptor tags, §6.4.
constexpr uint8_t kSmallIrq2 = 0x22;  // IRQ descriptor, 2 data bytes
constexpr uint8_t kSmallIo = 0x47;    // I/O port descriptor, 7 data bytes
constexpr uint8_t kSmallEndTag = 0x79;
constexpr uint8_t kLargeDWordSpace = 0x87;
constexpr uint8_t kLargeWordSpace = 0x88;
constexpr uint8_t kLargeQWordSpace = 0x8a;
constexpr uint8_t kSpaceMemory = 0;
constexpr uint8_t kSpaceIo = 1;
constexpr uint8_t kSpaceBus = 2;
// General flags: MinFixed (bit 2) | MaxFixed (bit 3); producer, positive decode.
constexpr uint8_t kFixedRange = 0x0c;

void put_le(Bytes& out, uint64_t v, int n) {
  for (int i = 0; i < n; ++i) out.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

Bytes wrap(std::initializer_list<uint8_t> op, const Bytes& body) {
  Bytes out(op);
  const Bytes len = pkg_length(body.size());
  out.insert(out.end(), len.begin(), len.end());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

Bytes segment(const std::string& s) {
  Bytes seg(4, '_');
  for (size_t i = 0; i < s.size() && i < 4; ++i) seg[i] = static_cast<uint8_t>(s[i]);
  return seg;
}
}  // namespace

Bytes pkg_length(size_t body_size) {
  // One byte holds up to 63; otherwise 1..3 extra bytes (4 + 8*n bits).
  if (body_size + 1 < 64) return {static_cast<uint8_t>(body_size + 1)};
  for (size_t extra = 1; extra <= 3; ++extra) {
    const size_t total = body_size + 1 + extra;
    if (total < (size_t{1} << (4 + 8 * extra))) {
      Bytes out;
      out.push_back(static_cast<uint8_t>((extra << 6) | (total & 0x0f)));
      for (size_t i = 0; i < extra; ++i) out.push_back(static_cast<uint8_t>(total >> (4 + 8 * i)));
      return out;
    }
  }
  return {0};  // larger than AML allows (256 MiB): never built here
}

Bytes name_string(const std::string& path) {
  Bytes out;
  size_t pos = 0;
  if (!path.empty() && path[0] == '\\') {
    out.push_back(kRootChar);
    pos = 1;
  }
  std::vector<std::string> segs;
  while (pos < path.size()) {
    size_t dot = path.find('.', pos);
    if (dot == std::string::npos) dot = path.size();
    segs.push_back(path.substr(pos, dot - pos));
    pos = dot + 1;
  }
  if (segs.size() == 2) {
    out.push_back(kDualNamePrefix);
  } else if (segs.size() > 2) {
    out.push_back(kMultiNamePrefix);
    out.push_back(static_cast<uint8_t>(segs.size()));
  } else if (segs.empty()) {
    out.push_back(0x00);  // NullName
  }
  for (const auto& s : segs) {
    const Bytes seg = segment(s);
    out.insert(out.end(), seg.begin(), seg.end());
  }
  return out;
}

Bytes integer(uint64_t v) {
  Bytes out;
  if (v == 0) return {kZeroOp};
  if (v == 1) return {kOneOp};
  if (v <= 0xff) {
    out.push_back(kBytePrefix);
    put_le(out, v, 1);
  } else if (v <= 0xffff) {
    out.push_back(kWordPrefix);
    put_le(out, v, 2);
  } else if (v <= 0xffffffffull) {
    out.push_back(kDWordPrefix);
    put_le(out, v, 4);
  } else {
    out.push_back(kQWordPrefix);
    put_le(out, v, 8);
  }
  return out;
}

Bytes string(const std::string& s) {
  Bytes out{kStringPrefix};
  out.insert(out.end(), s.begin(), s.end());
  out.push_back(0);
  return out;
}

uint32_t eisa_id(const char* id) {
  // Three letters in 5 bits each ('A' = 1), then four hex digits; stored big-endian.
  auto hex = [](char c) -> uint32_t {
    return c >= '0' && c <= '9' ? static_cast<uint32_t>(c - '0') : static_cast<uint32_t>((c | 0x20) - 'a' + 10);
  };
  const uint32_t mfg = ((static_cast<uint32_t>(id[0] - '@') & 0x1f) << 10) | ((static_cast<uint32_t>(id[1] - '@') & 0x1f) << 5) |
                       (static_cast<uint32_t>(id[2] - '@') & 0x1f);
  const uint32_t product = (hex(id[3]) << 12) | (hex(id[4]) << 8) | (hex(id[5]) << 4) | hex(id[6]);
  const uint32_t be = (mfg << 16) | product;
  return ((be & 0xff) << 24) | ((be & 0xff00) << 8) | ((be >> 8) & 0xff00) | (be >> 24);
}

Bytes concat(const std::vector<Bytes>& parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}

Bytes name(const std::string& path, const Bytes& value) {
  Bytes out{kNameOp};
  const Bytes n = name_string(path);
  out.insert(out.end(), n.begin(), n.end());
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

Bytes package(const std::vector<Bytes>& elements) {
  Bytes body{static_cast<uint8_t>(elements.size())};
  for (const auto& e : elements) body.insert(body.end(), e.begin(), e.end());
  return wrap({kPackageOp}, body);
}

Bytes buffer(const Bytes& data) {
  Bytes body = integer(data.size());
  body.insert(body.end(), data.begin(), data.end());
  return wrap({kBufferOp}, body);
}

Bytes scope(const std::string& path, const std::vector<Bytes>& terms) {
  Bytes body = name_string(path);
  const Bytes t = concat(terms);
  body.insert(body.end(), t.begin(), t.end());
  return wrap({kScopeOp}, body);
}

Bytes device(const std::string& path, const std::vector<Bytes>& terms) {
  Bytes body = name_string(path);
  const Bytes t = concat(terms);
  body.insert(body.end(), t.begin(), t.end());
  return wrap({kExtOpPrefix, kDeviceOp}, body);
}

Bytes io_port(uint16_t base, uint8_t length) {
  Bytes out{kSmallIo, 0x01 /* decodes 16-bit addresses */};
  put_le(out, base, 2);
  put_le(out, base, 2);
  out.push_back(1);  // alignment
  out.push_back(length);
  return out;
}

Bytes irq_no_flags(uint8_t irq) {
  Bytes out{kSmallIrq2};
  put_le(out, irq < 16 ? (1u << irq) : 0, 2);
  return out;
}

namespace {
// Word/DWord/QWord Address Space Descriptors (§6.4.3.5.1-3) share one layout: tag, length, resource
// type, general flags, type-specific flags, then granularity, min, max, translation offset and
// length, each `width` bytes.
Bytes address_space(uint8_t tag, int width, uint8_t type, uint8_t type_flags, uint64_t min, uint64_t max) {
  Bytes out{tag};
  put_le(out, 3 + 5 * width, 2);
  out.push_back(type);
  out.push_back(kFixedRange);
  out.push_back(type_flags);
  put_le(out, 0, width);  // granularity
  put_le(out, min, width);
  put_le(out, max, width);
  put_le(out, 0, width);  // translation offset
  put_le(out, max - min + 1, width);
  return out;
}
// Memory type-specific flags: bit 0 read-write, bits 2:1 01 = cacheable.
uint8_t memory_flags(bool cacheable) { return static_cast<uint8_t>(0x01 | (cacheable ? 0x02 : 0x00)); }
}  // namespace

Bytes word_bus_number(uint16_t first, uint16_t last) { return address_space(kLargeWordSpace, 2, kSpaceBus, 0, first, last); }

// I/O type-specific flags 0x03: ISA and non-ISA ranges ("EntireRange").
Bytes word_io(uint16_t min, uint16_t max) { return address_space(kLargeWordSpace, 2, kSpaceIo, 0x03, min, max); }

Bytes dword_memory(uint32_t min, uint32_t max, bool cacheable) {
  return address_space(kLargeDWordSpace, 4, kSpaceMemory, memory_flags(cacheable), min, max);
}

Bytes qword_memory(uint64_t min, uint64_t max, bool cacheable) {
  return address_space(kLargeQWordSpace, 8, kSpaceMemory, memory_flags(cacheable), min, max);
}

Bytes resource_template(const std::vector<Bytes>& descriptors) {
  Bytes data = concat(descriptors);
  data.push_back(kSmallEndTag);
  data.push_back(0x00);  // checksum 0: "treat as correct"
  return buffer(data);
}

}  // namespace tshyve::arch::x86_64::aml
