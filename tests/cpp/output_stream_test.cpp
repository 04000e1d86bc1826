// scr writes a list to -o FILE as it reads it (output_stream): the file
// appears whole when the list is done, or not at all, also when a signal
// ends scr part-way (docs/cli.md).

#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

namespace {

namespace fs = std::filesystem;
using scr::cli::output_rules;
using scr::cli::output_stream;

struct folder {
  fs::path path;
  folder() {
    char name[] = "/tmp/scr-output-XXXXXX";
    path = ::mkdtemp(name);
  }
  folder(const folder&) = delete;
  folder& operator=(const folder&) = delete;
  ~folder() { fs::remove_all(path); }
  [[nodiscard]] std::vector<std::string> files() const {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(path)) out.push_back(e.path().filename().string());
    return out;
  }
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(output_stream, pieces_become_the_file_when_finished_and_nothing_before) {
  folder f;
  const auto target = f.path / "overdue.csv";
  {
    output_stream out(target.string(), output_rules{});
    out.write("reference,kind\r\n");
    out.write("Child A,milestone\r\n");
    // Written so far to a temporary file beside it, not to the target.
    EXPECT_FALSE(fs::exists(target));
    ASSERT_EQ(f.files().size(), 1U);
    EXPECT_EQ(f.files()[0].rfind(".overdue.csv.", 0), 0U) << f.files()[0];
    out.finish();
  }
  EXPECT_EQ(read(target), "reference,kind\r\nChild A,milestone\r\n");
  struct stat st {};
  ASSERT_EQ(::stat(target.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600U);
  EXPECT_EQ(f.files(), std::vector<std::string>{"overdue.csv"});
}

TEST(output_stream, an_output_never_finished_leaves_nothing) {
  folder f;
  {
    output_stream out((f.path / "due.csv").string(), output_rules{});
    out.write("reference,kind\r\n");
  }
  EXPECT_TRUE(f.files().empty());
}

// A signal that ends the process while the list is written (Ctrl-C, a
// kill, a closed terminal) removes the temporary file, and the process
// still ends by that signal.
TEST(output_stream, a_signal_part_way_leaves_no_file) {
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    folder f;
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      output_stream out((f.path / "overdue.csv").string(), output_rules{});
      out.write("reference,kind\r\nChild A,milestone\r\n");
      ::raise(signal_number);
      ::_exit(0);  // not reached
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status)) << signal_number;
    if (WIFSIGNALED(status)) {
      EXPECT_EQ(WTERMSIG(status), signal_number);
    }
    const auto left = f.files();
    EXPECT_TRUE(left.empty()) << "signal " << signal_number << " left " << (left.empty() ? "" : left.front());
  }
}

extern "C" void do_nothing(int) {}

// Once the file is written (or given up), the signals are handled as they
// were before.
TEST(output_stream, the_signals_are_handled_as_before_once_done) {
  struct sigaction mine {}, was {}, now {};
  mine.sa_handler = do_nothing;
  sigemptyset(&mine.sa_mask);
  ASSERT_EQ(::sigaction(SIGTERM, &mine, &was), 0);
  folder f;
  {
    output_stream out((f.path / "a.csv").string(), output_rules{});
    out.write("x\r\n");
    ASSERT_EQ(::sigaction(SIGTERM, nullptr, &now), 0);
    EXPECT_NE(now.sa_handler, do_nothing);  // scr's own while the file is written
    out.finish();
  }
  ASSERT_EQ(::sigaction(SIGTERM, nullptr, &now), 0);
  EXPECT_EQ(now.sa_handler, do_nothing);
  {
    output_stream out((f.path / "b.csv").string(), output_rules{});
  }
  ASSERT_EQ(::sigaction(SIGTERM, nullptr, &now), 0);
  EXPECT_EQ(now.sa_handler, do_nothing);
  ::sigaction(SIGTERM, &was, nullptr);
}

// A signal ignored (as `nohup` ignores SIGHUP) stays ignored while the file
// is written: the export goes on when the terminal closes.
TEST(output_stream, an_ignored_signal_stays_ignored) {
  struct sigaction ignore {}, was {}, now {};
  ignore.sa_handler = SIG_IGN;
  sigemptyset(&ignore.sa_mask);
  ASSERT_EQ(::sigaction(SIGHUP, &ignore, &was), 0);
  folder f;
  {
    output_stream out((f.path / "a.csv").string(), output_rules{});
    out.write("x\r\n");
    ASSERT_EQ(::sigaction(SIGHUP, nullptr, &now), 0);
    EXPECT_EQ(now.sa_handler, SIG_IGN);
    ::raise(SIGHUP);  // ignored: the test goes on
    out.finish();
  }
  EXPECT_EQ(read(f.path / "a.csv"), "x\r\n");
  ASSERT_EQ(::sigaction(SIGHUP, nullptr, &now), 0);
  EXPECT_EQ(now.sa_handler, SIG_IGN);
  ::sigaction(SIGHUP, &was, nullptr);
}

}  // namespace
