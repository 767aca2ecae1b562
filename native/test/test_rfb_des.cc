// DES (FIPS 46-3) against published known-answer vectors and against OpenSSL's DES-ECB, and the VNC
// password key derivation (RFC 6143 §7.2.2) against the bytes every VNC client computes.
#include <cstdio>
#include <cstring>
#include <string>

#include "check.h"
#include "remote/vnc/des.h"

using tshyve::remote::vnc::des_encrypt;
using tshyve::remote::vnc::DesBlock;

namespace {
DesBlock hex(const char* s) {
  DesBlock b{};
  for (int i = 0; i < 8; ++i) std::sscanf(s + 2 * i, "%2hhx", &b[i]);
  return b;
}
}  // namespace

TEST(des_known_answers) {
  // The worked example of the textbook key schedule, and the FIPS 81 / NBS validation vectors.
  CHECK(des_encrypt(hex("133457799BBCDFF1"), hex("0123456789ABCDEF")) == hex("85E813540F0AB405"));
  CHECK(des_encrypt(hex("0123456789ABCDEF"), hex("4E6F772069732074")) == hex("3FA40E8A984D4815"));
  CHECK(des_encrypt(hex("0000000000000000"), hex("0000000000000000")) == hex("8CA64DE9C1B123A7"));
  CHECK(des_encrypt(hex("FFFFFFFFFFFFFFFF"), hex("FFFFFFFFFFFFFFFF")) == hex("7359B2163E4EDC58"));
}

TEST(des_matches_openssl) {
  // OpenSSL's legacy provider as an independent implementation: a few keys and blocks.
  const char* cases[][2] = {
      {"0E329232EA6D0D73", "8787878787878787"}, {"3B3898371520F75E", "A5A5A5A5A5A5A5A5"}, {"7CA110454A1A6E57", "01A1D6D039776742"}};
  for (auto& c : cases) {
    std::string cmd = "printf '";
    for (int i = 0; i < 8; ++i) {  // octal escapes: /bin/sh's printf may not know \x
      char oct[8];
      std::snprintf(oct, sizeof oct, "\\%03o", hex(c[1])[i]);
      cmd += oct;
    }
    cmd += "' | openssl enc -des-ecb -nopad -provider legacy -provider default -K " + std::string(c[0]) +
           " 2>/dev/null | od -An -tx1 | tr -d ' \\n'";
    FILE* p = popen(cmd.c_str(), "r");
    char buf[64] = {};
    if (!p) continue;
    const size_t n = std::fread(buf, 1, sizeof buf - 1, p);
    pclose(p);
    if (n < 16) {
      std::printf("  openssl DES unavailable; skipped\n");
      return;
    }
    CHECK(des_encrypt(hex(c[0]), hex(c[1])) == hex(buf));
  }
}

TEST(vnc_key_is_bit_reversed_and_padded) {
  auto k = tshyve::remote::vnc::vnc_password_key("ab");
  CHECK_EQ(k[0], 0x86);  // 'a' 0x61 reversed
  CHECK_EQ(k[1], 0x46);  // 'b' 0x62 reversed
  CHECK_EQ(k[2], 0);
  auto k9 = tshyve::remote::vnc::vnc_password_key("123456789");  // only 8 bytes count
  CHECK(k9 == tshyve::remote::vnc::vnc_password_key("12345678"));
}

TEST_MAIN()
