// Run-time checks on the files a spec names (vmm/checked_open.h): disks, kernels, ROMs and vars
// must be regular files (disks: or block devices), with no symlink anywhere in their path, kept
// open across boots when asked (vmm/kept_fds.h), and a FIFO is refused without blocking; a virtio-console port never deletes a non-socket
// at its path.
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>

#include "check.h"
#include "devices/backends/block_file.h"
#include "devices/virtio/virtio_console.h"
#include "vmm/checked_open.h"
#include "vmm/kept_fds.h"

using namespace tshyve;

namespace {
struct TempDir {
  std::string path;
  TempDir() {
    char t[] = "/tmp/tshyve-open-XXXXXX";
    path = ::mkdtemp(t);
  }
  ~TempDir() {
    std::string cmd = "rm -rf " + path;
    (void)!std::system(cmd.c_str());
  }
  std::string file(const char* name, const std::string& content) const {
    std::string p = path + "/" + name;
    std::ofstream(p) << content;
    return p;
  }
};

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }
}  // namespace

TEST(regular_file_opens_and_reads) {
  TempDir d;
  auto p = d.file("kernel", "abc");
  auto data = vmm::read_checked(p, "kernel");
  CHECK_EQ(data.size(), 3u);
  CHECK_EQ(data[0], 'a');
}

TEST(fifo_as_disk_is_refused_without_blocking) {
  TempDir d;
  std::string fifo = d.path + "/disk.fifo";
  CHECK(::mkfifo(fifo.c_str(), 0600) == 0);
  for (bool ro : {true, false}) {
    std::string err = error_of([&] { devices::backends::BlockFile f({fifo, ro}); });
    CHECK(contains(err, "disk " + fifo + " is a FIFO: only a regular file or a block device can be used"));
  }
  CHECK(contains(error_of([&] { vmm::read_checked(fifo, "initrd"); }), "initrd " + fifo + " is a FIFO: only a regular file can be used"));
}

TEST(directory_char_device_and_symlink_are_refused) {
  TempDir d;
  CHECK(contains(error_of([&] { devices::backends::BlockFile f({d.path, true}); }), "is a directory"));
  CHECK(contains(error_of([&] { devices::backends::BlockFile f({"/dev/null", false}); }), "/dev/null is a character device"));
  CHECK(contains(error_of([&] { vmm::read_checked("/dev/zero", "bootrom"); }), "bootrom /dev/zero is a character device"));
  auto target = d.file("target.img", std::string(4096, '\0'));
  std::string link = d.path + "/link.img";
  CHECK(::symlink(target.c_str(), link.c_str()) == 0);
  CHECK(contains(error_of([&] { devices::backends::BlockFile f({link, false}); }), "disk " + link + " is a symlink"));
  CHECK(error_of([&] { devices::backends::BlockFile f({target, false}); }).empty());
}

TEST(a_symlinked_directory_anywhere_in_the_path_is_refused) {
  TempDir d;
  CHECK(::mkdir((d.path + "/real").c_str(), 0700) == 0);
  auto target = d.file("real/disk.img", std::string(4096, '\0'));
  std::string dir_link = d.path + "/dir";
  CHECK(::symlink((d.path + "/real").c_str(), dir_link.c_str()) == 0);
  std::string through = dir_link + "/disk.img";
  for (bool openat2 : {true, false}) {
    CHECK_EQ(vmm::open_no_symlinks(through, O_RDONLY | O_CLOEXEC, openat2), -ELOOP);
    int fd = vmm::open_no_symlinks(target, O_RDONLY | O_CLOEXEC, openat2);
    CHECK(fd >= 0);
    if (fd >= 0) ::close(fd);
    CHECK_EQ(vmm::open_no_symlinks(d.path + "/real/missing", O_RDONLY, openat2), -ENOENT);
  }
  std::string err = error_of([&] { devices::backends::BlockFile f({through, false}); });
  CHECK(contains(err, "disk " + through + " has a symlink in its path (" + dir_link + "): refused at run time"));
  CHECK(contains(error_of([&] { vmm::read_checked(through, "kernel"); }), "kernel " + through + " has a symlink in its path"));
}

TEST(kept_descriptors_serve_later_opens_after_the_right_to_open_is_gone) {
  TempDir d;
  auto rom = d.file("rom.bin", "firmware");
  vmm::kept_fds::set_keeping(true);
  CHECK_EQ(vmm::read_checked(rom, "bootrom").size(), 8u);
  const size_t kept = vmm::kept_fds::count();
  CHECK(kept >= 1);
  CHECK(::unlink(rom.c_str()) == 0);               // as unreachable as a file behind a dropped privilege
  auto again = vmm::read_checked(rom, "bootrom");  // from the start: pread, not the shared offset
  CHECK(std::string(again.begin(), again.end()) == "firmware");
  CHECK_EQ(vmm::kept_fds::count(), kept);
  vmm::kept_fds::release_all();
  vmm::kept_fds::set_keeping(false);
  CHECK(contains(error_of([&] { vmm::read_checked(rom, "bootrom"); }), "No such file"));
}

TEST(console_port_keeps_a_regular_file_at_its_socket_path) {
  TempDir d;
  auto victim = d.file("authorized_keys", "ssh-ed25519 AAAA precious\n");
  devices::virtio::ConsoleConfig cc;
  cc.ports.push_back({"org.tshyve.agent", victim});
  std::string err = error_of([&] { devices::virtio::VirtioConsole c(cc); });
  CHECK(contains(err, "console socket path " + victim + " exists and is not a socket"));
  std::ifstream in(victim);
  std::string line;
  std::getline(in, line);
  CHECK(line == "ssh-ed25519 AAAA precious");
}

TEST(console_port_replaces_a_stale_socket_and_removes_its_own) {
  TempDir d;
  std::string path = d.path + "/port.sock";
  int s = ::socket(AF_UNIX, SOCK_STREAM, 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
  CHECK(::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  ::close(s);  // a socket file left behind by an earlier run
  devices::virtio::ConsoleConfig cc;
  cc.ports.push_back({"p", path});
  {
    devices::virtio::VirtioConsole c(cc);
    struct stat st {};
    CHECK(::lstat(path.c_str(), &st) == 0 && S_ISSOCK(st.st_mode));
  }
  struct stat st {};
  CHECK(::lstat(path.c_str(), &st) != 0);
}

TEST_MAIN()
