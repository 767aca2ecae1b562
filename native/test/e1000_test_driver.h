// A small 82545EM driver for the native tests and the fuzz target: guest RAM as a vector, the
// function with recording transmit/interrupt doubles, and helpers that lay out rings and descriptors
// as the 8254x SDM §3.2.3/§3.3 define them.
#pragma once
#include <cstdint>
#include <cstring>
#include <memory>
#include <vector>

#include "devices/net/e1000.h"
#include "vmm/guest_memory_view.h"
#include "vmm/msi_routing.h"

namespace e1000test {

using namespace tshyve::devices::net;
using namespace tshyve::devices::net::e1000;

class Ram : public tshyve::vmm::GuestMemoryView {
 public:
  explicit Ram(size_t size) : bytes(size, 0) {}
  uint8_t* translate(uint64_t gpa, uint64_t len) override {
    if (gpa >= bytes.size() || len > bytes.size() - gpa) return nullptr;
    return bytes.data() + gpa;
  }
  std::vector<uint8_t> bytes;
};

class Line : public tshyve::vmm::InterruptLine {
 public:
  void set_level(bool high) override {
    if (high && !level) ++rises;
    level = high;
  }
  bool level = false;
  int rises = 0;
};

constexpr uint8_t kMac[6] = {0x58, 0x9c, 0xfc, 0x01, 0x02, 0x03};
constexpr uint64_t kRxRing = 0x1000, kTxRing = 0x2000, kRxBufs = 0x10000, kTxBufs = 0x40000;

struct Rig {
  Ram ram{1 << 20};
  std::shared_ptr<Line> line = std::make_shared<Line>();
  std::vector<std::vector<uint8_t>> sent;
  int rx_space_calls = 0;
  uint64_t now = 1000000, armed = 0;
  int arms = 0;
  std::unique_ptr<E1000Function> fn;
  tshyve::vmm::MsiRouter router{-1};  // no KVM: triggers are counted

  Rig() {
    E1000Options o;
    std::memcpy(o.mac.data(), kMac, 6);
    o.intx = line;
    o.router = &router;
    o.transmit = [this](const uint8_t* f, size_t n) {
      sent.emplace_back(f, f + n);
      return true;
    };
    o.rx_space = [this] { ++rx_space_calls; };
    o.clock_ns = [this] { return now; };
    o.arm_timer = [this](uint64_t d) {
      armed = d;
      ++arms;
    };
    fn = std::make_unique<E1000Function>(ram, std::move(o));
    fn->config_write(0x04, 2, 0x0006);  // memory decoding + bus mastering
  }
  uint32_t r(uint32_t off) { return fn->read_register(off); }
  void w(uint32_t off, uint32_t v) { fn->write_register(off, v); }

  // RX ring of `n` descriptors with buffers of the RCTL size; RDT = n-1 (the device owns n-1).
  void rx_setup(uint32_t n, uint32_t rctl = kRctlEn | kRctlBam | kRctlSecrc, uint32_t buf = 2048) {
    for (uint32_t i = 0; i < n; ++i) {
      uint64_t a = kRxBufs + i * buf;
      std::memcpy(&ram.bytes[kRxRing + 16 * i], &a, 8);
      std::memset(&ram.bytes[kRxRing + 16 * i + 8], 0, 8);
    }
    w(reg::kRdbal, static_cast<uint32_t>(kRxRing));
    w(reg::kRdbah, 0);
    w(reg::kRdlen, n * 16);
    w(reg::kRdh, 0);
    w(reg::kRdt, n - 1);
    w(reg::kRctl, rctl);
  }
  void tx_setup(uint32_t n) {
    std::memset(&ram.bytes[kTxRing], 0, 16 * n);
    w(reg::kTdbal, static_cast<uint32_t>(kTxRing));
    w(reg::kTdbah, 0);
    w(reg::kTdlen, n * 16);
    w(reg::kTdh, 0);
    w(reg::kTdt, 0);
    w(reg::kTctl, kTctlEn);
  }
  uint8_t* rx_desc(uint32_t i) { return &ram.bytes[kRxRing + 16 * i]; }
  uint8_t* tx_desc(uint32_t i) { return &ram.bytes[kTxRing + 16 * i]; }
  // Legacy transmit descriptor (§3.3.3).
  void tx_legacy(uint32_t i, uint64_t addr, uint16_t len, uint8_t cmd, uint8_t cso = 0, uint8_t css = 0) {
    uint8_t* d = tx_desc(i);
    std::memcpy(d, &addr, 8);
    d[8] = static_cast<uint8_t>(len);
    d[9] = static_cast<uint8_t>(len >> 8);
    d[10] = cso;
    d[11] = cmd;
    d[12] = 0;
    d[13] = css;
    d[14] = d[15] = 0;
  }
  // Context descriptor (§3.3.6).
  void tx_context(uint32_t i, uint8_t ipcss, uint8_t ipcso, uint16_t ipcse, uint8_t tucss, uint8_t tucso, uint16_t tucse, uint32_t paylen,
                  uint8_t tucmd, uint8_t hdrlen, uint16_t mss) {
    uint8_t* d = tx_desc(i);
    d[0] = ipcss;
    d[1] = ipcso;
    d[2] = static_cast<uint8_t>(ipcse);
    d[3] = static_cast<uint8_t>(ipcse >> 8);
    d[4] = tucss;
    d[5] = tucso;
    d[6] = static_cast<uint8_t>(tucse);
    d[7] = static_cast<uint8_t>(tucse >> 8);
    const uint32_t lower =
        (paylen & 0xfffff) | (static_cast<uint32_t>(kDtypContext) << 20) | (static_cast<uint32_t>(tucmd | kTxCmdDext) << 24);
    std::memcpy(d + 8, &lower, 4);
    d[12] = 0;
    d[13] = hdrlen;
    d[14] = static_cast<uint8_t>(mss);
    d[15] = static_cast<uint8_t>(mss >> 8);
  }
  // Data descriptor (§3.3.7).
  void tx_data(uint32_t i, uint64_t addr, uint32_t len, uint8_t dcmd, uint8_t popts) {
    uint8_t* d = tx_desc(i);
    std::memcpy(d, &addr, 8);
    const uint32_t lower = (len & 0xfffff) | (static_cast<uint32_t>(kDtypData) << 20) | (static_cast<uint32_t>(dcmd | kTxCmdDext) << 24);
    std::memcpy(d + 8, &lower, 4);
    d[12] = 0;
    d[13] = popts;
    d[14] = d[15] = 0;
  }
};

}  // namespace e1000test
