// The CFI flash behind UEFI variables (Intel 28F basic command set, JESD68 CFI, as QEMU's
// pflash_cfi01 for OVMF) on a real temporary file: program and erase reach the file, programming
// only clears bits, status/ID/query modes, out-of-sequence commands set SR.4+SR.5 and change
// nothing, OVMF's flash probe sequence, and the read-array mapping hook.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "check.h"
#include "devices/flash/cfi_flash.h"

using namespace tshyve::devices::flash;

namespace {
constexpr uint64_t kBlock = 4096, kSize = 4 * kBlock;

struct FlashFile {
  FlashFile() {
    char tmpl[] = "/tmp/tshyve-pflash-XXXXXX";
    fd = ::mkstemp(tmpl);
    path = tmpl;
    std::vector<uint8_t> ff(kSize, 0xff);
    (void)!::pwrite(fd, ff.data(), ff.size(), 0);
    map = static_cast<uint8_t*>(::mmap(nullptr, kSize, PROT_READ, MAP_SHARED, fd, 0));
  }
  ~FlashFile() {
    ::munmap(map, kSize);
    ::close(fd);
    ::unlink(path.c_str());
  }
  uint8_t file_byte(uint64_t off) const {
    uint8_t b = 0;
    (void)!::pread(fd, &b, 1, static_cast<off_t>(off));
    return b;
  }
  int fd = -1;
  std::string path;
  uint8_t* map = nullptr;
};

void w(CfiFlash& f, uint64_t off, uint8_t v) { f.write(off, &v, 1); }
uint8_t r(CfiFlash& f, uint64_t off) {
  uint8_t v = 0;
  f.read(off, &v, 1);
  return v;
}
}  // namespace

TEST(program_writes_through_to_the_file_and_only_clears_bits) {
  FlashFile file;
  CfiFlash f(file.map, kSize, file.fd, kBlock);
  w(f, 0x1000, cfi::kProgram);
  w(f, 0x1000, 0x5a);
  CHECK(f.mode() == CfiFlash::Mode::kStatus);
  CHECK_EQ(r(f, 0x1000), cfi::kStatusReady);  // reads after a program return the status
  CHECK_EQ(file.file_byte(0x1000), 0x5a);
  w(f, 0, cfi::kProgramAlt);
  w(f, 0x1000, 0xa5);  // 0x5a & 0xa5 = 0: a program cannot set a bit back to 1
  CHECK_EQ(file.file_byte(0x1000), 0x00);
  w(f, 0, cfi::kReadArray);
  CHECK_EQ(r(f, 0x1000), 0x00);
  CHECK_EQ(r(f, 0x1001), 0xff);
  // A 4-byte program in one access.
  w(f, 0x2000, cfi::kProgram);
  const uint8_t word[4] = {'T', 'S', 'H', 'Y'};
  f.write(0x2000, word, 4);
  CHECK(std::memcmp(file.map + 0x2000, "TSHY", 4) == 0);
}

TEST(block_erase_sets_the_whole_4k_block_to_ones) {
  FlashFile file;
  CfiFlash f(file.map, kSize, file.fd, kBlock);
  for (uint64_t off : {0x1000ull, 0x1fffull, 0x2000ull}) {
    w(f, off, cfi::kProgram);
    w(f, off, 0x00);
  }
  w(f, 0x1800, cfi::kBlockErase);
  w(f, 0x1800, cfi::kConfirm);
  CHECK_EQ(f.status() & cfi::kStatusSequenceError, 0);
  CHECK_EQ(file.file_byte(0x1000), 0xff);
  CHECK_EQ(file.file_byte(0x1fff), 0xff);
  CHECK_EQ(file.file_byte(0x2000), 0x00);  // the next block is untouched
}

TEST(out_of_sequence_commands_set_the_sequence_error_and_change_nothing) {
  FlashFile file;
  CfiFlash f(file.map, kSize, file.fd, kBlock);
  w(f, 0x1000, cfi::kProgram);
  w(f, 0x1000, 0x00);
  w(f, 0x1000, cfi::kBlockErase);
  w(f, 0x1000, cfi::kReadArray);  // not the confirm
  CHECK_EQ(r(f, 0x1000) & cfi::kStatusSequenceError, cfi::kStatusSequenceError);
  CHECK_EQ(file.file_byte(0x1000), 0x00);  // not erased
  w(f, 0, cfi::kClearStatus);
  w(f, 0, cfi::kReadStatus);
  CHECK_EQ(r(f, 0), 0x00);
  w(f, 0x1000, cfi::kConfirm);  // a confirm with no setup
  CHECK_EQ(r(f, 0) & cfi::kStatusSequenceError, cfi::kStatusSequenceError);
  w(f, 0, cfi::kClearStatus);
  w(f, 0, 0xe8);  // buffered write: not in this device
  CHECK_EQ(f.status() & cfi::kStatusSequenceError, cfi::kStatusSequenceError);
  w(f, 0, cfi::kClearStatus);
  w(f, 0, cfi::kProgram);  // a program past the end
  f.write(kSize - 2, reinterpret_cast<const uint8_t*>("\0\0\0\0"), 4);
  CHECK_EQ(f.status() & cfi::kStatusProgramError, cfi::kStatusProgramError);
  w(f, 0, cfi::kBlockErase);
  w(f, kSize + 5, cfi::kConfirm);
  CHECK_EQ(f.status() & cfi::kStatusEraseError, cfi::kStatusEraseError);
}

TEST(read_id_and_cfi_query) {
  FlashFile file;
  CfiFlash f(file.map, kSize, file.fd, kBlock);
  w(f, 0, cfi::kReadId);
  CHECK_EQ(r(f, 0), cfi::kManufacturerIntel);
  CHECK_EQ(r(f, 1), cfi::kDeviceId);
  CHECK_EQ(r(f, 2), 0);  // block unlocked
  w(f, 0, cfi::kQuery);
  CHECK_EQ(r(f, 0x10), 'Q');
  CHECK_EQ(r(f, 0x11), 'R');
  CHECK_EQ(r(f, 0x12), 'Y');
  CHECK_EQ(r(f, 0x13), 0x01);  // command set 0x0001
  CHECK_EQ(r(f, 0x14), 0x00);
  CHECK_EQ(r(f, 0x27), 14);  // 2^14 = 16 KiB
  CHECK_EQ(r(f, 0x2c), 1);
  CHECK_EQ(r(f, 0x2d), 3);  // 4 blocks - 1
  CHECK_EQ(r(f, 0x30), 0);  // 4096 / 256 = 0x0010
  CHECK_EQ(r(f, 0x2f), 0x10);
  uint8_t four[4];
  f.read(0x10, four, 4);  // a wide read returns consecutive query bytes
  CHECK(std::memcmp(four, "QRY\x01", 4) == 0);
  w(f, 0, cfi::kReadArray);
  CHECK_EQ(r(f, 0x10), 0xff);
}

TEST(ovmf_flash_probe_sees_flash) {
  // OvmfPkg QemuFlashFvbServicesRuntimeDxe QemuFlashDetected(): write 0x50 and read back the
  // original byte, then 0x70 must read 0x00 ("FD behaves as FLASH"), then 0xff.
  FlashFile file;
  CfiFlash f(file.map, kSize, file.fd, kBlock);
  const uint8_t original = r(f, 0);
  w(f, 0, cfi::kClearStatus);
  CHECK_EQ(r(f, 0), original);
  w(f, 0, cfi::kReadStatus);
  CHECK_EQ(r(f, 0), 0x00);
  w(f, 0, cfi::kReadArray);
  CHECK_EQ(r(f, 0), original);
}

TEST(the_array_mapping_hook_follows_read_array_mode) {
  FlashFile file;
  std::vector<bool> calls;
  CfiFlash f(file.map, kSize, file.fd, kBlock, [&](bool array) { calls.push_back(array); });
  w(f, 0, cfi::kReadArray);  // already in read array: no change
  CHECK(calls.empty());
  w(f, 0, cfi::kQuery);
  w(f, 0, cfi::kReadId);  // query -> ID: still not read array
  w(f, 0, cfi::kReadArray);
  w(f, 0, cfi::kProgram);
  w(f, 0, 0x12);
  w(f, 0, cfi::kClearStatus);
  CHECK(calls == (std::vector<bool>{false, true, false, true}));
}

TEST_MAIN()
