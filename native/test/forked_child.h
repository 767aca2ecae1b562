// Runs a test body in a forked child with its stderr captured (for seccomp tests, whose filters
// end the process that breaks them).
#pragma once
#include <sys/wait.h>
#include <unistd.h>

#include <functional>
#include <string>

struct ChildOutcome {
  int status = -1;  // exit status, or 1000 + signal
  std::string err;  // stderr
};

// The child exits 0 when `body` returns.
inline ChildOutcome in_child(const std::function<void()>& body) {
  int p[2];
  if (::pipe(p) != 0) return {};
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(p[1], STDERR_FILENO);
    ::close(p[0]);
    body();
    ::_exit(0);
  }
  ::close(p[1]);
  ChildOutcome o;
  char buf[512];
  ssize_t n;
  while ((n = ::read(p[0], buf, sizeof buf)) > 0) o.err.append(buf, static_cast<size_t>(n));
  ::close(p[0]);
  int ws = 0;
  ::waitpid(pid, &ws, 0);
  o.status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 1000 + WTERMSIG(ws);
  return o;
}
