// DES (FIPS 46-3) single-block encryption, only as RFB's VNC Authentication needs it (RFC 6143 §7.2.2):
// the 16-byte challenge encrypted as two ECB blocks under a key made from the password, whose bytes
// are bit-reversed first (the convention every VNC implementation follows).
#pragma once
#include <array>
#include <cstdint>
#include <string>

namespace tshyve::remote::vnc {

using DesBlock = std::array<uint8_t, 8>;

// Encrypts one 64-bit block under a 64-bit key (parity bits ignored), as FIPS 46-3 §2.
DesBlock des_encrypt(const DesBlock& key, const DesBlock& plain);

// The DES key VNC derives from a password: its first 8 bytes, zero-padded, each byte's bits reversed.
DesBlock vnc_password_key(const std::string& password);

// The 16-byte response a client with `password` sends for `challenge`.
std::array<uint8_t, 16> vnc_auth_response(const std::string& password, const std::array<uint8_t, 16>& challenge);

}  // namespace tshyve::remote::vnc
