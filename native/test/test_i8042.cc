// The i8042 controller as firmware and kernels drive it (IBM PC/AT Technical Reference): the
// self-test and command-byte round trips, the status register's output-full bit, and both ways a
// guest resets the CPU (0xFE, and output port bit 0 cleared through 0xD1).
#include "check.h"
#include "devices/legacy/i8042.h"

using tshyve::devices::I8042;

namespace {
constexpr uint64_t kData = 0, kStatus = 4;

uint8_t in(I8042& k, uint64_t port) {
  uint8_t v = 0;
  k.read(port, &v, 1);
  return v;
}
void out(I8042& k, uint64_t port, uint8_t v) { k.write(port, &v, 1); }
}  // namespace

TEST(self_test_answers_0x55_and_sets_output_full) {
  I8042 k(nullptr);
  CHECK_EQ(in(k, kStatus) & 0x01, 0);
  out(k, kStatus, 0xaa);
  CHECK_EQ(in(k, kStatus) & 0x01, 1);
  CHECK_EQ(in(k, kData), 0x55);
  CHECK_EQ(in(k, kStatus) & 0x01, 0);     // reading the data port empties it
  CHECK_EQ(in(k, kStatus) & 0x04, 0x04);  // system flag: POST passed
}

TEST(command_byte_round_trips_through_0x60_and_0x20) {
  I8042 k(nullptr);
  out(k, kStatus, 0x20);
  CHECK_EQ(in(k, kData), 0x45);
  out(k, kStatus, 0x60);
  out(k, kData, 0x61);
  out(k, kStatus, 0x20);
  CHECK_EQ(in(k, kData), 0x61);
}

TEST(pulse_reset_and_output_port_bit0_reset_the_cpu) {
  int resets = 0;
  I8042 k([&] { ++resets; });
  out(k, kStatus, 0xfe);
  CHECK_EQ(resets, 1);
  out(k, kStatus, 0xd1);
  out(k, kData, 0x03);  // bit 0 set: no reset
  CHECK_EQ(resets, 1);
  out(k, kStatus, 0xd1);
  out(k, kData, 0x02);  // bit 0 clear: reset
  CHECK_EQ(resets, 2);
}

TEST(a_data_byte_without_a_pending_command_goes_to_the_keyboard_only) {
  int resets = 0;
  I8042 k([&] { ++resets; });
  out(k, kData, 0x00);  // not a keyboard command: it asks for a resend
  CHECK_EQ(resets, 0);
  CHECK_EQ(in(k, kData), 0xfe);
  out(k, kStatus, 0x20);
  CHECK_EQ(in(k, kData), 0x45);
  uint8_t wide[4] = {0, 0, 0, 0};
  k.read(kStatus, wide, 4);  // a wider read: the register, then all-ones
  CHECK_EQ(wide[1], 0xff);
  CHECK_EQ(in(k, 2), 0xff);  // no register there
}

TEST_MAIN()
