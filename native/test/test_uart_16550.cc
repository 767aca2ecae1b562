// Unit tests of the 16550A chip model (PC16550D register behaviour) with a fake interrupt line.
#include <string>

#include "check.h"
#include "devices/legacy/uart_16550.h"
#include "uart_test_support.h"

using tshyve::devices::Uart16550;

using uart_test::FakeLine;
using uart_test::rd;
using uart_test::wr;

TEST(transmit_goes_to_sink) {
  auto line = std::make_shared<FakeLine>();
  std::string out;
  Uart16550 u(line, [&](const uint8_t* d, size_t n) { out.append(reinterpret_cast<const char*>(d), n); });
  wr(u, 0, 'h');
  wr(u, 0, 'i');
  CHECK(out == "hi");
  CHECK_EQ(rd(u, 5) & 0x60, 0x60);  // THRE and TEMT
  CHECK(!line->level);              // no interrupts enabled
}

TEST(dlab_selects_divisor_latch) {
  Uart16550 u(nullptr, nullptr);
  wr(u, 3, 0x80);
  wr(u, 0, 0x01);
  wr(u, 1, 0x00);
  CHECK_EQ(rd(u, 0), 0x01);
  wr(u, 3, 0x03);
  CHECK_EQ(rd(u, 3), 0x03);
  CHECK_EQ(rd(u, 1), 0x00);  // IER again
}

TEST(receive_raises_and_clears_interrupt) {
  auto line = std::make_shared<FakeLine>();
  Uart16550 u(line, nullptr);
  wr(u, 1, 0x01);  // ERBFI
  const uint8_t in[] = {'a', 'b'};
  CHECK_EQ(u.enqueue_input(in, 2), 2u);
  CHECK(line->level);
  CHECK_EQ(rd(u, 2) & 0x0f, 0x04);  // rx data available
  CHECK_EQ(rd(u, 5) & 1, 1);
  CHECK_EQ(rd(u, 0), 'a');
  CHECK_EQ(rd(u, 0), 'b');
  CHECK(!line->level);
  CHECK_EQ(rd(u, 2) & 0x0f, 0x01);
  CHECK_EQ(rd(u, 5) & 1, 0);
}

TEST(thre_interrupt_on_enable_and_ack_by_iir_read) {
  auto line = std::make_shared<FakeLine>();
  Uart16550 u(line, [](const uint8_t*, size_t) {});
  wr(u, 1, 0x02);  // ETBEI while THR empty -> THRE pending
  CHECK(line->level);
  CHECK_EQ(rd(u, 2) & 0x0f, 0x02);
  CHECK(!line->level);  // acknowledged by the IIR read
  wr(u, 0, 'x');        // THR write -> empty again -> pending
  CHECK(line->level);
  CHECK_EQ(line->raises, 2);
}

TEST(fifo_bits_in_iir) {
  Uart16550 u(nullptr, nullptr);
  CHECK_EQ(rd(u, 2) & 0xc0, 0x00);
  wr(u, 2, 0x07);
  CHECK_EQ(rd(u, 2) & 0xc0, 0xc0);
}

TEST(loopback_reflects_modem_outputs_and_data) {
  std::string out;
  Uart16550 u(nullptr, [&](const uint8_t* d, size_t n) { out.append(reinterpret_cast<const char*>(d), n); });
  wr(u, 4, 0x10 | 0x0a);            // LOOP | RTS | OUT2, as Linux's 8250 autoconfig
  CHECK_EQ(rd(u, 6) & 0xf0, 0x90);  // CTS | DCD
  wr(u, 0, 'z');
  CHECK(out.empty());
  CHECK_EQ(rd(u, 0), 'z');
}

TEST(scratch_register) {
  Uart16550 u(nullptr, nullptr);
  wr(u, 7, 0x5a);
  CHECK_EQ(rd(u, 7), 0x5a);
}

TEST(input_overflow_sets_overrun) {
  Uart16550 u(nullptr, nullptr);
  std::string big(Uart16550::kRxQueueMax + 10, 'q');
  CHECK_EQ(u.enqueue_input(reinterpret_cast<const uint8_t*>(big.data()), big.size()), Uart16550::kRxQueueMax);
  CHECK_EQ(rd(u, 5) & 0x02, 0x02);
  CHECK_EQ(rd(u, 5) & 0x02, 0x00);  // cleared by reading LSR
}

TEST_MAIN()
