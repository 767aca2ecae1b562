// Unit tests of the wired-OR interrupt line that COM ports share (COM1+COM3 on IRQ4, COM2+COM4 on
// IRQ3, PC/AT ISA convention), driven by two real 16550A models.
#include <stdexcept>
#include <string>

#include "check.h"
#include "devices/legacy/uart_16550.h"
#include "uart_test_support.h"
#include "vmm/shared_irq_line.h"

using tshyve::devices::Uart16550;
using tshyve::vmm::SharedIrqLine;

using uart_test::FakeLine;
using uart_test::rd;
using uart_test::wr;

TEST(line_is_the_or_of_its_sources) {
  auto phys = std::make_shared<FakeLine>();
  auto shared = std::make_shared<SharedIrqLine>(phys);
  auto a = shared->add_source();
  auto b = shared->add_source();
  a->set_level(true);
  CHECK(phys->level);
  b->set_level(true);
  CHECK_EQ(phys->raises, 1);  // already high: no second edge
  a->set_level(false);
  CHECK(phys->level);  // b still asserts
  CHECK_EQ(phys->lowers, 0);
  b->set_level(false);
  CHECK(!phys->level);
  CHECK_EQ(phys->lowers, 1);
  b->set_level(false);  // repeated release changes nothing
  CHECK_EQ(phys->lowers, 1);
  CHECK(!shared->level());
}

TEST(two_uarts_share_one_irq_line) {
  auto phys = std::make_shared<FakeLine>();
  auto irq4 = std::make_shared<SharedIrqLine>(phys);
  std::string out1, out3;
  Uart16550 com1(irq4->add_source(), [&](const uint8_t* d, size_t n) { out1.append(reinterpret_cast<const char*>(d), n); });
  Uart16550 com3(irq4->add_source(), [&](const uint8_t* d, size_t n) { out3.append(reinterpret_cast<const char*>(d), n); });
  wr(com1, 1, 0x01);  // ERBFI on both
  wr(com3, 1, 0x01);
  const uint8_t x = 'x', y = 'y';
  com1.enqueue_input(&x, 1);
  CHECK(phys->level);
  com3.enqueue_input(&y, 1);
  CHECK(phys->level);
  CHECK_EQ(phys->raises, 1);
  // Draining com1 must not lower the line while com3 still has data (the bug of one line per UART).
  CHECK_EQ(rd(com1, 0), 'x');
  CHECK(phys->level);
  CHECK_EQ(rd(com3, 2) & 0x0f, 0x04);  // com3 still reports rx data
  CHECK_EQ(rd(com3, 0), 'y');
  CHECK(!phys->level);
  // Output stays per port.
  wr(com1, 0, '1');
  wr(com3, 0, '3');
  CHECK(out1 == "1");
  CHECK(out3 == "3");
}

TEST(sources_are_bounded) {
  auto shared = std::make_shared<SharedIrqLine>(std::make_shared<FakeLine>());
  for (uint32_t i = 0; i < SharedIrqLine::kMaxSources; ++i) shared->add_source();
  bool threw = false;
  try {
    shared->add_source();
  } catch (const std::length_error&) {
    threw = true;
  }
  CHECK(threw);
}

TEST_MAIN()
