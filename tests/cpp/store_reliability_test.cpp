// The store under crashes and concurrent writers, with real processes:
//   (a) a writer killed with SIGKILL at random moments, 50 times: the file
//       always opens, PRAGMA integrity_check is ok, every append the writer
//       saw acknowledged is there, no event is partial, and the hash chain is
//       intact;
//   (b) two processes appending to the same review with the same expected
//       sequence: each round exactly one wins and the other gets
//       concurrency_error; nothing is lost or duplicated;
//   (c) a reader loading a review again and again while another process
//       appends to it: every load is whole (never "damaged"), and none is
//       shorter than the one before; the same for verify;
//   (d) questions about a past date (overdue, due, compliance, the list of
//       reviews) asked again and again while another process records later
//       events: the answer about the past never changes.

#include <gtest/gtest.h>

#include <SQLiteCpp/SQLiteCpp.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <random>
#include <set>
#include <string>
#include <thread>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "test_support.hpp"
#include "scr/store.hpp"

namespace {

namespace fs = std::filesystem;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");

fs::path fresh_dir(const std::string& name) {
  const auto dir = fs::temp_directory_path() / ("scr_reliability_" + std::to_string(::getpid()) + "_" + name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// Where a test's store is: a file in its directory, or on PostgreSQL a new
// schema (the processes it starts each connect on their own).
std::string store_name(const fs::path& dir) {
  return on_postgresql() ? fresh_postgresql_url() : (dir / "reviews.db").string();
}

void open_review(const std::string& path) {
  scr::store db(path);
  db.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child K", london(2024, 1, 15, 9), chair,
                 {{"incident_at", utc(2024, 1, 13, 22)}});
}

// A letter to agency n: allowed any number of times while the case is considered.
scr::review_event letter(std::uint64_t n) {
  scr::review_event e;
  e.kind = scr::event_kind::recorded;
  e.name = "agency_letter_sent";
  e.at = london(2024, 1, 16) + boost::posix_time::seconds(static_cast<long>(n));
  e.by = chair;
  e.data.emplace("agency", "Agency " + std::to_string(n));
  return e;
}

// Appends letters to the reviews in turn, the nth dated `from` + n seconds
// (n counted on from the first review's length, so that a writer started
// again dates its letters after those before), until killed; each
// acknowledged sequence is written to `fd`, one a line, if it is not -1.
[[noreturn]] void append_letters(const std::string& path, const std::vector<std::string>& refs, scr::instant from,
                                 int fd) {
  try {
    scr::store db(path);
    for (std::uint64_t n = db.sequence(refs.front());; ++n) {
      const auto& ref = refs[n % refs.size()];
      auto e = letter(n);
      e.at = from + boost::posix_time::seconds(static_cast<long>(n));
      const auto seq = db.append(ref, db.sequence(ref), std::vector<scr::review_event>{e});
      const std::string line = std::to_string(seq) + "\n";
      if (fd != -1 && ::write(fd, line.data(), line.size()) < 0) ::_exit(3);
    }
  } catch (...) {
    ::_exit(2);
  }
}

// Writes the acknowledged sequence numbers to `fd`, one per line, until killed.
[[noreturn]] void writer(const std::string& path, int fd) { append_letters(path, {"Child K"}, london(2024, 1, 16), fd); }

// A child process appending letters to the given reviews in turn, each dated
// `from` and later, until killed.
pid_t keep_writing(const std::string& path, const std::vector<std::string>& refs, scr::instant from) {
  const pid_t pid = ::fork();
  if (pid == 0) append_letters(path, refs, from, -1);
  return pid;
}

// Asks `ask` again and again for 3 s, each time through a new read-only
// store, while a child process appends letters to `refs`: the first thing an
// answer got wrong (what `ask` returns, or an error it threw), or "".
// `rounds` counts the answers.
std::string asked_while_writing(const std::string& path, const std::vector<std::string>& refs, scr::instant from,
                                const std::function<std::string(const scr::store&)>& ask, int& rounds) {
  const pid_t pid = keep_writing(path, refs, from);
  if (pid < 0) return "fork failed";
  scr::store_options read_only;
  read_only.read_only = true;
  std::string failure;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < until && failure.empty()) {
    try {
      failure = ask(scr::store(path, read_only));
    } catch (const std::exception& e) {
      failure = e.what();
    }
    ++rounds;
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, nullptr, 0);
  return failure;
}

TEST(store_reliability, a_writer_killed_at_random_moments_loses_nothing_it_acknowledged) {
  const auto dir = fresh_dir("kill");
  const std::string path = store_name(dir);
  open_review(path);
  std::mt19937 random(20240115);
  std::uniform_int_distribution<int> delay_us(0, 20'000);
  std::uint64_t acknowledged = 1;
  for (int round = 0; round < 50; ++round) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(fds[0]);
      writer(path, fds[1]);
    }
    ::close(fds[1]);
    // Let it acknowledge a few appends (however fast this build is), then kill
    // it at a random moment of the next ones.
    std::string text;
    char buffer[4096];
    const auto wanted = static_cast<std::size_t>(1 + round % 5);
    while (static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) < wanted) {
      const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
      if (n <= 0) break;
      text.append(buffer, static_cast<std::size_t>(n));
    }
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us(random)));
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_TRUE(WIFSIGNALED(status)) << "round " << round << ": the writer stopped by itself, status " << status;
    // Every sequence the writer saw acknowledged.
    for (ssize_t n; (n = ::read(fds[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    for (std::size_t start = 0, end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
      acknowledged = std::max<std::uint64_t>(acknowledged, std::stoull(text.substr(start, end - start)));
    }
    if (!on_postgresql()) {
      SQLite::Database raw(path);
      EXPECT_EQ(raw.execAndGet("PRAGMA integrity_check").getString(), "ok") << "round " << round;
    }
    scr::store db(path);
    // On PostgreSQL the server may still commit the killed writer's last
    // transaction (its COMMIT was sent before the kill): wait until the
    // review's sequence holds still, then check that state.
    auto stored = db.sequence("Child K");
    for (int wait = 0; on_postgresql() && wait < 50; ++wait) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const auto again = db.sequence("Child K");
      if (again == stored) break;
      stored = again;
    }
    EXPECT_GE(stored, acknowledged) << "round " << round << ": an acknowledged append is missing";
    const auto v = db.verify("Child K");
    EXPECT_TRUE(v.ok()) << "round " << round << ": " << v.message;
    EXPECT_EQ(v.events, stored);
    EXPECT_EQ(db.load("Child K").size(), stored);  // every event whole: it replays
  }
  EXPECT_GT(acknowledged, 50u) << "the writer barely wrote: the test did not test much";
  fs::remove_all(dir);
}

TEST(store_reliability, two_writers_with_the_same_expected_sequence_one_wins_each_round) {
  const auto dir = fresh_dir("race");
  const std::string path = store_name(dir);
  open_review(path);
  constexpr int rounds = 30;
  // Each child waits for a byte on its `go` pipe, appends with the sequence
  // given, and answers 'W' (won) or 'C' (concurrency_error).
  struct child_process {
    pid_t pid;
    int go, answer;
  };
  std::vector<child_process> children;
  for (int k = 0; k < 2; ++k) {
    int go[2], answer[2];
    ASSERT_EQ(::pipe(go), 0);
    ASSERT_EQ(::pipe(answer), 0);
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(go[1]);
      ::close(answer[0]);
      // The earlier child's pipe ends, inherited: closed, or it never sees the end.
      for (const auto& other : children) {
        ::close(other.go);
        ::close(other.answer);
      }
      try {
        scr::store db(path);
        std::uint64_t expected = 0;
        while (::read(go[0], &expected, sizeof expected) == static_cast<ssize_t>(sizeof expected)) {
          char result = 'W';
          try {
            db.append("Child K", expected, std::vector<scr::review_event>{letter(expected * 10 + static_cast<std::uint64_t>(k))});
          } catch (const scr::concurrency_error&) {
            result = 'C';
          } catch (...) {
            result = 'E';
          }
          if (::write(answer[1], &result, 1) != 1) ::_exit(3);
        }
      } catch (...) {
        ::_exit(2);
      }
      ::_exit(0);
    }
    ::close(go[0]);
    ::close(answer[1]);
    children.push_back({pid, go[1], answer[0]});
  }
  std::uint64_t expected = 1;
  for (int round = 0; round < rounds; ++round) {
    for (const auto& c : children) ASSERT_EQ(::write(c.go, &expected, sizeof expected), static_cast<ssize_t>(sizeof expected));
    std::string results;
    for (const auto& c : children) {
      char r = 0;
      ASSERT_EQ(::read(c.answer, &r, 1), 1);
      results.push_back(r);
    }
    std::sort(results.begin(), results.end());
    EXPECT_EQ(results, "CW") << "round " << round;
    ++expected;
  }
  for (const auto& c : children) {
    ::close(c.go);
    int status = 0;
    ::waitpid(c.pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    ::close(c.answer);
  }
  scr::store db(path);
  EXPECT_EQ(db.sequence("Child K"), 1u + rounds);
  std::set<std::uint64_t> sequences;
  for (const auto& s : db.history("Child K")) sequences.insert(s.sequence);
  EXPECT_EQ(sequences.size(), 1u + rounds);
  EXPECT_TRUE(db.verify("Child K").ok());
  fs::remove_all(dir);
}

TEST(store_reliability, a_reader_loading_while_another_process_appends_always_sees_a_whole_review) {
  const auto dir = fresh_dir("reader");
  const std::string path = store_name(dir);
  open_review(path);
  std::size_t last = 0, grew = 0;
  int rounds = 0;
  const std::string failure = asked_while_writing(
      path, {"Child K"}, london(2024, 1, 16),
      [&](const scr::store& db) -> std::string {
        for (int k = 0; k < 20; ++k) {
          const auto r = db.load("Child K");
          if (r.size() < last) {
            return "a load gave " + std::to_string(r.size()) + " events after one of " + std::to_string(last);
          }
          if (r.size() > last) ++grew;
          last = r.size();
        }
        return {};
      },
      rounds);
  EXPECT_EQ(failure, "") << "after " << rounds * 20 << " loads";
  EXPECT_GT(grew, 10U) << "the writer hardly wrote while the reader read";
  fs::remove_all(dir);
}

TEST(store_reliability, verify_while_another_process_appends_finds_nothing_wrong) {
  const auto dir = fresh_dir("verify");
  const std::string path = store_name(dir);
  open_review(path);
  int rounds = 0;
  const std::string failure = asked_while_writing(
      path, {"Child K"}, london(2024, 1, 16),
      [](const scr::store& db) {
        const auto v = db.verify("Child K");
        return v.ok() ? std::string() : v.message;
      },
      rounds);
  EXPECT_EQ(failure, "") << "after " << rounds << " checks";
  EXPECT_GT(scr::store(path).sequence("Child K"), 20U) << "the writer hardly wrote";
  fs::remove_all(dir);
}

TEST(store_reliability, questions_about_a_past_date_give_the_same_answer_while_later_events_are_written) {
  const auto dir = fresh_dir("past");
  const std::string path = store_name(dir);
  std::vector<std::string> refs;
  {
    scr::store db(path);
    for (int k = 0; k < 12; ++k) {
      refs.push_back("Child " + std::to_string(k));
      db.open_review(scr::procedure::builtin("solihull-2011-scr"), refs.back(), london(2024, 1, 15, 9), chair,
                     {{"incident_at", utc(2024, 1, 13, 22)}});
    }
  }
  const scr::date as_of = scr::make_date(2024, 3, 1);
  const auto answers = [&](const scr::store& db) {
    std::string out;
    for (const auto& i : db.overdue(as_of)) out += "overdue " + i.reference + " " + i.id + " " + i.agency + "\n";
    for (const auto& i : db.due_between(as_of, scr::make_date(2024, 6, 30), as_of)) {
      out += "due " + i.reference + " " + i.id + " " + scr::format_date(i.due) + "\n";
    }
    for (const auto& c : db.compliance(scr::make_date(2024, 1, 1), scr::make_date(2024, 12, 31), as_of)) {
      out += "compliance " + c.reference + " " + c.headline + "\n";
    }
    for (const auto& r : db.reviews(std::nullopt, std::nullopt, as_of)) out += "review " + r.reference + " " + r.state + "\n";
    return out;
  };
  const std::string expected = answers(scr::store(path));
  ASSERT_NE(expected.find("overdue"), std::string::npos);
  int rounds = 0;
  const std::string failure = asked_while_writing(
      path, refs, london(2024, 4, 1),
      [&](const scr::store& db) {
        const std::string got = answers(db);
        return got == expected ? std::string() : "the answer changed:\n" + got + "\ninstead of\n" + expected;
      },
      rounds);
  EXPECT_EQ(failure, "") << "after " << rounds << " rounds";
  EXPECT_GT(scr::store(path).sequence(refs[0]), 5U) << "the writer hardly wrote";
  fs::remove_all(dir);
}

// A writer that opened an empty store without a key, while another process
// keys it (a store is keyed while it holds no events): the first writer's
// next write is refused, and the store's chain stays keyed throughout.
TEST(store_reliability, a_writer_that_opened_a_store_unkeyed_does_not_write_after_another_keys_it) {
  const auto dir = fresh_dir("keyed");
  const std::string path = store_name(dir);
  const auto key = scr::store::create_key_file((dir / "board.key").string());
  scr::store unkeyed(path);
  const pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    try {
      scr::store_options o;
      o.key = key;
      scr::store keyed(path, o);  // adopts the key: the store holds no events
      ::_exit(keyed.verify_all().keyed ? 0 : 4);
    } catch (...) {
      ::_exit(2);
    }
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_ERROR(scr::store_error,
               unkeyed.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child K", london(2024, 1, 15, 9),
                                   chair, {{"incident_at", utc(2024, 1, 13, 22)}}),
               "was keyed by another process after it was opened here");
  EXPECT_FALSE(unkeyed.contains("Child K"));
  scr::store_options o;
  o.key = key;
  scr::store keyed(path, o);
  keyed.open_review(scr::procedure::builtin("solihull-2011-scr"), "Child K", london(2024, 1, 15, 9), chair,
                    {{"incident_at", utc(2024, 1, 13, 22)}});
  const auto v = keyed.verify_all();
  EXPECT_TRUE(v.ok() && v.keyed) << (v.problems.empty() ? std::string() : v.problems.front());
  fs::remove_all(dir);
}

}  // namespace
