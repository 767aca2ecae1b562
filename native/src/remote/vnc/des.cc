// DES per FIPS 46-3: initial/final permutation, 16 Feistel rounds with the E expansion, S-boxes and
// P permutation, and the PC-1/PC-2 key schedule. Tables are 1-based bit numbers, bit 1 the MSB.
#include "remote/vnc/des.h"

namespace tshyve::remote::vnc {

namespace {
constexpr uint8_t kIp[64] = {58, 50, 42, 34, 26, 18, 10, 2,  60, 52, 44, 36, 28, 20, 12, 4,  62, 54, 46, 38, 30, 22,
                             14, 6,  64, 56, 48, 40, 32, 24, 16, 8,  57, 49, 41, 33, 25, 17, 9,  1,  59, 51, 43, 35,
                             27, 19, 11, 3,  61, 53, 45, 37, 29, 21, 13, 5,  63, 55, 47, 39, 31, 23, 15, 7};
constexpr uint8_t kP[32] = {16, 7, 20, 21, 29, 12, 28, 17, 1,  15, 23, 26, 5,  18, 31, 10,
                            2,  8, 24, 14, 32, 27, 3,  9,  19, 13, 30, 6,  22, 11, 4,  25};
constexpr uint8_t kPc1[56] = {57, 49, 41, 33, 25, 17, 9,  1, 58, 50, 42, 34, 26, 18, 10, 2, 59, 51, 43, 35, 27, 19, 11, 3, 60, 52, 44, 36,
                              63, 55, 47, 39, 31, 23, 15, 7, 62, 54, 46, 38, 30, 22, 14, 6, 61, 53, 45, 37, 29, 21, 13, 5, 28, 20, 12, 4};
constexpr uint8_t kPc2[48] = {14, 17, 11, 24, 1,  5,  3,  28, 15, 6,  21, 10, 23, 19, 12, 4,  26, 8,  16, 7,  27, 20, 13, 2,
                              41, 52, 31, 37, 47, 55, 30, 40, 51, 45, 33, 48, 44, 49, 39, 56, 34, 53, 46, 42, 50, 36, 29, 32};
constexpr uint8_t kShifts[16] = {1, 1, 2, 2, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 2, 1};
constexpr uint8_t kSbox[8][64] = {
    {14, 4, 13, 1, 2,  15, 11, 8,  3,  10, 6, 12, 5, 9,  0, 7, 0,  15, 7, 4, 14, 2, 13, 1, 10, 6,  12, 11, 9,  5, 3, 8,
     4,  1, 14, 8, 13, 6,  2,  11, 15, 12, 9, 7,  3, 10, 5, 0, 15, 12, 8, 2, 4,  9, 1,  7, 5,  11, 3,  14, 10, 0, 6, 13},
    {15, 1,  8, 14, 6,  11, 3,  4, 9, 7, 2,  13, 12, 0, 5, 10, 3,  13, 4,  7, 15, 2,  8, 14, 12, 0, 1, 10, 6, 9, 11, 5,
     0,  14, 7, 11, 10, 4,  13, 1, 5, 8, 12, 6,  9,  3, 2, 15, 13, 8,  10, 1, 3,  15, 4, 2,  11, 6, 7, 12, 0, 5, 14, 9},
    {10, 0, 9, 14, 6, 3,  15, 5, 1,  13, 12, 7,  11, 4,  2,  8, 13, 7,  0,  9, 3, 4, 6, 10, 2, 8,  5,  14, 12, 11, 15, 1,
     13, 6, 4, 9,  8, 15, 3,  0, 11, 1,  2,  12, 5,  10, 14, 7, 1,  10, 13, 0, 6, 9, 8, 7,  4, 15, 14, 3,  11, 5,  2,  12},
    {7,  13, 14, 3, 0,  6,  9, 10, 1,  2, 8, 5,  11, 12, 4, 15, 13, 8,  11, 5, 6,  15, 0,  3, 4, 7, 2, 12, 1,  10, 14, 9,
     10, 6,  9,  0, 12, 11, 7, 13, 15, 1, 3, 14, 5,  2,  8, 4,  3,  15, 0,  6, 10, 1,  13, 8, 9, 4, 5, 11, 12, 7,  2,  14},
    {2, 12, 4, 1,  7,  10, 11, 6, 8,  5, 3,  15, 13, 0, 14, 9,  14, 11, 2,  12, 4, 7,  13, 1,  5, 0,  15, 10, 3,  9, 8, 6,
     4, 2,  1, 11, 10, 13, 7,  8, 15, 9, 12, 5,  6,  3, 0,  14, 11, 8,  12, 7,  1, 14, 2,  13, 6, 15, 0,  9,  10, 4, 5, 3},
    {12, 1,  10, 15, 9, 2, 6,  8, 0, 13, 3, 4,  14, 7,  5,  11, 10, 15, 4, 2,  7, 12, 9,  5,  6,  1,  13, 14, 0, 11, 3, 8,
     9,  14, 15, 5,  2, 8, 12, 3, 7, 0,  4, 10, 1,  13, 11, 6,  4,  3,  2, 12, 9, 5,  15, 10, 11, 14, 1,  7,  6, 0,  8, 13},
    {4, 11, 2,  14, 15, 0, 8, 13, 3,  12, 9, 7, 5, 10, 6, 1, 13, 0,  11, 7, 4, 9, 1,  10, 14, 3, 5, 12, 2,  15, 8, 6,
     1, 4,  11, 13, 12, 3, 7, 14, 10, 15, 6, 8, 0, 5,  9, 2, 6,  11, 13, 8, 1, 4, 10, 7,  9,  5, 0, 15, 14, 2,  3, 12},
    {13, 2,  8, 4, 6, 15, 11, 1, 10, 9, 3,  14, 5,  0, 12, 7, 1, 15, 13, 8, 10, 3,  7, 4,  12, 5,  6, 11, 0, 14, 9, 2,
     7,  11, 4, 1, 9, 12, 14, 2, 0,  6, 10, 13, 15, 3, 5,  8, 2, 1,  14, 7, 4,  10, 8, 13, 15, 12, 9, 0,  3, 5,  6, 11},
};

// Output bit i (1-based, MSB first, of `out_bits`) is input bit table[i] (of `in_bits`).
uint64_t permute(uint64_t in, int in_bits, const uint8_t* table, int out_bits) {
  uint64_t out = 0;
  for (int i = 0; i < out_bits; ++i) out = (out << 1) | ((in >> (in_bits - table[i])) & 1);
  return out;
}

uint64_t expand(uint32_t r) {  // E: eight 6-bit groups, bits 4i..4i+5 of R with wrap-around (1-based: 32,1..5, 4..9, ...)
  uint64_t out = 0;
  for (int g = 0; g < 8; ++g) {
    for (int j = 0; j < 6; ++j) {
      const int bit = (4 * g + j + 31) % 32;  // 0-based from the MSB
      out = (out << 1) | ((r >> (31 - bit)) & 1);
    }
  }
  return out;
}

uint32_t feistel(uint32_t r, uint64_t subkey) {
  const uint64_t x = expand(r) ^ subkey;
  uint32_t s = 0;
  for (int g = 0; g < 8; ++g) {
    const uint8_t six = static_cast<uint8_t>((x >> (42 - 6 * g)) & 0x3f);
    const int row = ((six >> 4) & 2) | (six & 1), col = (six >> 1) & 0xf;
    s = (s << 4) | kSbox[g][row * 16 + col];
  }
  return static_cast<uint32_t>(permute(s, 32, kP, 32));
}

uint64_t to_u64(const DesBlock& b) {
  uint64_t v = 0;
  for (uint8_t x : b) v = (v << 8) | x;
  return v;
}
}  // namespace

DesBlock des_encrypt(const DesBlock& key, const DesBlock& plain) {
  const uint64_t cd = permute(to_u64(key), 64, kPc1, 56);
  uint32_t c = static_cast<uint32_t>(cd >> 28) & 0xfffffff, d = static_cast<uint32_t>(cd) & 0xfffffff;
  uint64_t subkeys[16];
  for (int i = 0; i < 16; ++i) {
    for (int s = 0; s < kShifts[i]; ++s) {
      c = ((c << 1) | (c >> 27)) & 0xfffffff;
      d = ((d << 1) | (d >> 27)) & 0xfffffff;
    }
    subkeys[i] = permute((static_cast<uint64_t>(c) << 28) | d, 56, kPc2, 48);
  }
  const uint64_t ip = permute(to_u64(plain), 64, kIp, 64);
  uint32_t l = static_cast<uint32_t>(ip >> 32), r = static_cast<uint32_t>(ip);
  for (int i = 0; i < 16; ++i) {
    const uint32_t next = l ^ feistel(r, subkeys[i]);
    l = r;
    r = next;
  }
  const uint64_t pre = (static_cast<uint64_t>(r) << 32) | l;  // the halves swapped after round 16
  uint8_t fp[64];                                             // the inverse of IP
  for (int i = 0; i < 64; ++i) fp[kIp[i] - 1] = static_cast<uint8_t>(i + 1);
  const uint64_t out = permute(pre, 64, fp, 64);
  DesBlock b;
  for (int i = 0; i < 8; ++i) b[i] = static_cast<uint8_t>(out >> (56 - 8 * i));
  return b;
}

DesBlock vnc_password_key(const std::string& password) {
  DesBlock k{};
  for (size_t i = 0; i < 8 && i < password.size(); ++i) {
    uint8_t v = static_cast<uint8_t>(password[i]), r = 0;
    for (int b = 0; b < 8; ++b) r = static_cast<uint8_t>(r | (((v >> b) & 1) << (7 - b)));
    k[i] = r;
  }
  return k;
}

std::array<uint8_t, 16> vnc_auth_response(const std::string& password, const std::array<uint8_t, 16>& challenge) {
  const DesBlock key = vnc_password_key(password);
  std::array<uint8_t, 16> out{};
  for (int half = 0; half < 2; ++half) {
    DesBlock in;
    for (int i = 0; i < 8; ++i) in[i] = challenge[8 * half + i];
    const DesBlock enc = des_encrypt(key, in);
    for (int i = 0; i < 8; ++i) out[8 * half + i] = enc[i];
  }
  return out;
}

}  // namespace tshyve::remote::vnc
