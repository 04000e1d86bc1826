// What the areas' subcommands share: the store, who acts, and writing output.

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>

#include <boost/date_time/posix_time/posix_time.hpp>

#include "cli.hpp"

#include <cstdio>
#include <set>
#include "scr/store.hpp"

namespace scr::cli {

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

std::string read_file(const std::string& path, std::size_t limit) {
  if (std::filesystem::is_directory(path)) throw scr::input_error("cannot read '" + path + "': it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw scr::input_error("cannot read file '" + path + "'");
  // Read at most the limit and one byte more, whatever the file is (a device
  // such as /dev/zero never ends), a block at a time.
  std::string text;
  std::string block(64 * 1024, '\0');
  while (text.size() <= limit && in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    text.append(block.data(), static_cast<std::size_t>(in.gcount()));
  }
  if (in.bad()) throw scr::input_error("cannot read file '" + path + "'");
  if (text.size() > limit) {
    throw scr::input_error("file '" + path + "' is larger than " + std::to_string(limit / (1024 * 1024)) +
                           " MiB, the most " +
                           (limit == max_input_bytes ? std::string("a procedure or an imported file")
                                                     : std::string("a review export")) +
                           " may be");
  }
  return text;
}

bool colour_on(const std::string& output) {
  if (!output.empty() && output != "-") return false;
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) != 0 && (no_colour == nullptr || *no_colour == '\0') &&
         !(term != nullptr && std::string_view(term) == "dumb");
}

scr::event_data parse_data(const std::vector<std::string>& pairs) {
  scr::event_data out;
  for (const auto& p : pairs) {
    const auto eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw scr::input_error("--data " + in_quotes(p) + " is not key=value, e.g. --data outcome=scr");
    }
    const std::string key = p.substr(0, eq);
    if (out.count(key) != 0) {
      throw scr::input_error("--data " + in_quotes(key) + " is given twice; give each field once");
    }
    out.emplace(key, p.substr(eq + 1));
  }
  return out;
}

void add_at(CLI::App* cmd, std::string& at) {
  cmd->add_option("--at", at,
                  "When it happened: 2024-01-15T09:00 or 15/01/2024 09:00 (London time), a date alone (noon), "
                  "or ISO with Z or an offset; default now");
}

scr::instant at_of(const CLI::App* cmd, const std::string& at) {
  if (cmd->count("--at") > 0 && at.find_first_not_of(" \t") == std::string::npos) {
    throw scr::input_error("--at is empty: give when it happened, e.g. --at \"15/01/2024 09:00\", or leave --at out "
                           "to date it now");
  }
  const scr::instant t = parse_when(at, "--at");
  if (at.empty()) {
    std::cerr << "no --at given: dated now, " << boost::posix_time::to_simple_string(scr::to_london(t)).substr(0, 17)
              << " London time (" << scr::format_instant(t) << ")\n";
  }
  return t;
}

list_kind list_output::kind() const {
  if (format == "xlsx") {
    if (!xlsx_offered) throw scr::input_error("--format xlsx is not offered here: table, csv or json");
    if (output.empty() || output == "-") {
      throw scr::input_error("an XLSX workbook is written to a file: give -o FILE");
    }
    if (csv.raw || csv.excel) throw scr::input_error(std::string(csv.raw ? "--raw" : "--excel") + " is for --format csv");
    return list_kind::xlsx;
  }
  const auto f = list_format(format, xlsx_offered ? "table, csv, json or xlsx" : "table, csv or json");
  (void)csv.get(f);
  return f == scr::export_format::csv ? list_kind::csv : f == scr::export_format::json ? list_kind::json : list_kind::table;
}

void list_output::write(const std::string& bytes, const global_options& global) const {
  emit(bytes, output, output_rules{global.db, force});
}

output_stream list_output::open(const global_options& global) const {
  return output_stream(output, output_rules{global.db, force});
}

void add_list_output(CLI::App* cmd, list_output& o, bool xlsx) {
  o.xlsx_offered = xlsx;
  cmd->add_option("--format", o.format, xlsx ? "table (default), csv, json or xlsx (with -o)" : "table (default), csv or json");
  add_output_options(cmd, o.output, o.force);
  add_csv_flags(cmd, o.csv);
}

// The database: created only by `scr init`; opened for writing by the
// commands that record; read-only for every question (nothing is written,
// and a read-only copy can be read).
scr::store open_store(const global_options& global, bool create, bool read_only) {
  if (!create && !scr::store::is_url(global.db) && !std::filesystem::exists(global.db)) {
    throw scr::input_error("no database " + in_quotes(global.db) +
                           ": create one with `scr init`, or name another with --db FILE");
  }
  scr::store_options options;
  options.create = create;
  options.read_only = read_only;
  if (!global.key_file.empty()) {
    // `scr init` makes the key file when there is none; everything else reads it.
    options.key = create && !std::filesystem::exists(global.key_file) ? scr::store::create_key_file(global.key_file)
                                                                      : scr::store::read_key_file(global.key_file);
  }
  return scr::store(global.db, options);
}

scr::export_format list_format(const std::string& name, std::string_view offered) {
  scr::export_format f = scr::export_format::text;
  try {
    f = scr::parse_export_format(name);
  } catch (const scr::input_error&) {
    throw scr::input_error("unknown format " + in_quotes(name) + ": here " + std::string(offered));
  }
  if (f == scr::export_format::ics || f == scr::export_format::html) {
    throw scr::input_error("--format " + name + " is for a review's timetable; here: " + std::string(offered));
  }
  return f;
}

scr::csv_options csv_flags::get(scr::export_format f) const {
  if (f != scr::export_format::csv && (raw || excel)) {
    throw scr::input_error(std::string(raw ? "--raw" : "--excel") + " is for --format csv");
  }
  return scr::csv_options{raw, excel};
}

void add_csv_flags(CLI::App* cmd, csv_flags& flags) {
  cmd->add_flag("--raw", flags.raw,
                "CSV: write every cell as recorded, without the ' that keeps a cell starting with = + - @ from "
                "being run as a formula (for programs, never for a spreadsheet)");
  cmd->add_flag("--excel", flags.excel, "CSV: begin with a UTF-8 byte order mark, so that Excel shows names correctly");
}

void add_actor(CLI::App* cmd, who& w, const std::string& role_help) {
  cmd->add_option("--actor", w.name, "Who does it, e.g. \"A. Patel\"")->required();
  cmd->add_option("--role", w.role, role_help)->required();
  cmd->add_option("--actor-agency", w.agency, "The actor's agency, e.g. \"Solihull LSCB\"");
}

namespace {

std::string system_error_text(int e) { return e == 0 ? std::string("unknown error") : std::string(std::strerror(e)); }

/// The database, or its -wal, -shm or -journal file, when `target` is one
/// of them: the same file (std::filesystem::equivalent, through links and
/// other names), or, for one that does not exist yet (a -wal comes and
/// goes), the same name in the same folder.
std::optional<std::string> database_file(const std::filesystem::path& target, const std::string& db) {
  namespace fs = std::filesystem;
  if (db.empty()) return std::nullopt;
  const auto folder = [](const fs::path& p) { return p.has_parent_path() ? p.parent_path() : fs::path("."); };
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    const fs::path file = db + suffix;
    std::error_code ec;
    if (fs::equivalent(target, file, ec) && !ec) return file.string();
    std::error_code ec1, ec2;
    const auto a = fs::weakly_canonical(target, ec1), b = fs::weakly_canonical(file, ec2);
    if (!ec1 && !ec2 && a == b) return file.string();
    if (target.filename() == file.filename()) {
      std::error_code ec3;
      if (fs::equivalent(folder(target), folder(file), ec3) && !ec3) return file.string();
    }
  }
  return std::nullopt;
}

// The temporary file an output_stream is writing, for the signal handler:
// an export interrupted (Ctrl-C, a kill, a closed terminal) while a long
// list is read leaves no half-written file behind. One at a time: `scr`
// writes one export a command.
char interrupted_path[4096];
volatile std::sig_atomic_t interrupted_armed = 0;
struct sigaction before_int {}, before_term {}, before_hup {};

extern "C" void remove_interrupted_export(int signal_number) {
  if (interrupted_armed != 0) ::unlink(interrupted_path);
  // Then as the signal would have ended the process.
  ::signal(signal_number, SIG_DFL);
  ::raise(signal_number);
}

// Arms the handler for `path` (false if the name is too long to keep: the
// file is then removed only by the destructor, as before).
bool arm_removal(const std::string& path) {
  if (path.size() + 1 > sizeof interrupted_path || interrupted_armed != 0) return false;
  std::memcpy(interrupted_path, path.c_str(), path.size() + 1);
  interrupted_armed = 1;
  const auto catch_signal = [](int signal_number, struct sigaction& before) {
    ::sigaction(signal_number, nullptr, &before);
    // A signal ignored stays ignored (`nohup scr ... -o FILE` goes on
    // writing when the terminal closes).
    if (before.sa_handler == SIG_IGN) return;
    struct sigaction on {};
    on.sa_handler = remove_interrupted_export;
    sigemptyset(&on.sa_mask);
    ::sigaction(signal_number, &on, nullptr);
  };
  catch_signal(SIGINT, before_int);
  catch_signal(SIGTERM, before_term);
  catch_signal(SIGHUP, before_hup);
  return true;
}

void disarm_removal() {
  ::sigaction(SIGINT, &before_int, nullptr);
  ::sigaction(SIGTERM, &before_term, nullptr);
  ::sigaction(SIGHUP, &before_hup, nullptr);
  interrupted_armed = 0;
}

}  // namespace

/// Output to standard output, or to the file `path` (saying so on stderr)
/// so that nothing is ever lost or left half-written (docs/cli.md): never
/// over the database or its companions, never through a symbolic link,
/// never over an existing file without --force, never over anything but a
/// regular file; a temporary file (0600, O_EXCL|O_NOFOLLOW) in the same
/// folder is written, flushed and synced, then renamed over the target by
/// finish(). Any failure, and an output never finished, removes the
/// temporary file; failures throw input_error naming `path`. Every check on
/// the target is made here, before anything is written.
output_stream::output_stream(const std::string& path, const output_rules& rules) : path_(path), rules_(rules) {
  namespace fs = std::filesystem;
  if (path.empty() || path == "-") return;
  const fs::path target(path);
  if (const auto db = database_file(target, rules.db)) {
    throw scr::input_error("-o " + in_quotes(path) + " is the database" +
                           (*db == rules.db ? std::string() : " file " + in_quotes(*db)) + " (--db " +
                           in_quotes(rules.db) + "): refusing to write over it. Name another file");
  }
  std::error_code ec;
  const auto st = fs::symlink_status(target, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) {
    throw scr::input_error("cannot write " + in_quotes(path) + ": " + ec.message());
  }
  const bool exists = fs::exists(st);
  if (fs::is_symlink(st)) {
    throw scr::input_error("-o " + in_quotes(path) +
                           " is a symbolic link: refusing to follow it. Name the file itself");
  }
  if (exists && fs::is_directory(st)) throw scr::input_error("-o " + in_quotes(path) + " is a directory");
  if (exists && !fs::is_regular_file(st)) {
    throw scr::input_error("-o " + in_quotes(path) + " is not a regular file: refusing to replace it");
  }
  if (exists && !rules.force) throw already_exists();

  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::random_device seed;
  std::mt19937_64 random(seed());
  static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  // ".export.csv.k3j9x0qa.tmp"; a long name is cut so that it stays a name.
  std::string base = target.filename().string();
  if (base.size() > 200) base.resize(200);
  for (int attempt = 0; attempt < 100 && fd_ < 0; ++attempt) {
    std::string name = "." + base + ".";
    for (int i = 0; i < 8; ++i) name += letters[random() % (sizeof letters - 1)];
    const std::string candidate = (folder / (name + ".tmp")).string();
    const int fd = ::open(candidate.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
    if (fd >= 0) {
      fd_ = fd;
      temporary_ = candidate;
      armed_ = arm_removal(temporary_);
    } else if (errno != EEXIST) {
      throw failed("cannot create a file in " + in_quotes(folder.string()) + ": ", errno);
    }
  }
  if (fd_ < 0) throw failed("cannot create a temporary file in " + in_quotes(folder.string()) + ": ", EEXIST);
  // Readable by the owner only, whatever the umask. A constructor that
  // throws runs no destructor: the file is closed and removed here.
  if (::fchmod(fd_, S_IRUSR | S_IWUSR) != 0) {
    const int e = errno;
    ::close(fd_);
    fd_ = -1;
    ::unlink(temporary_.c_str());
    temporary_.clear();
    if (armed_) disarm_removal();
    throw failed("", e);
  }
}

output_stream::~output_stream() {
  if (fd_ >= 0) ::close(fd_);
  if (!temporary_.empty()) ::unlink(temporary_.c_str());
  if (armed_) disarm_removal();
}

scr::input_error output_stream::failed(const std::string& what, int e) const {
  return scr::input_error("cannot write " + in_quotes(path_) + ": " + what + system_error_text(e) +
                          "; nothing was written");
}

scr::input_error output_stream::already_exists() const {
  return scr::input_error("-o " + in_quotes(path_) +
                          " already exists: give --force to replace it, or name another file");
}

void output_stream::write(std::string_view bytes) {
  if (finished_) throw std::logic_error("output_stream::write after finish");
  if (temporary_.empty()) {
    errno = 0;
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!std::cout) throw scr::input_error("cannot write to standard output: " + system_error_text(errno));
    return;
  }
  const char* p = bytes.data();
  std::size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd_, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw failed("", errno);
    }
    p += n;
    left -= static_cast<std::size_t>(n);
  }
}

void output_stream::finish() {
  namespace fs = std::filesystem;
  if (finished_) return;
  if (temporary_.empty()) {
    errno = 0;
    std::cout.flush();
    if (!std::cout) throw scr::input_error("cannot write to standard output: " + system_error_text(errno));
    finished_ = true;
    return;
  }
  if (::fsync(fd_) != 0) throw failed("", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) throw failed("", errno);

  const fs::path target(path_);
  if (rules_.force) {
    if (::rename(temporary_.c_str(), path_.c_str()) != 0) throw failed("", errno);
  } else if (::link(temporary_.c_str(), path_.c_str()) == 0) {
    // A hard link never replaces a file that appeared meanwhile.
    ::unlink(temporary_.c_str());
  } else if (errno == EEXIST) {
    throw already_exists();
  } else {
    // A file system without hard links: look once more, then rename.
    std::error_code again;
    if (fs::exists(fs::symlink_status(target, again))) throw already_exists();
    if (::rename(temporary_.c_str(), path_.c_str()) != 0) throw failed("", errno);
  }
  temporary_.clear();
  finished_ = true;
  if (armed_) {
    disarm_removal();
    armed_ = false;
  }
  // The new name is durable once the folder is synced too.
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const int dir = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    (void)::fsync(dir);
    ::close(dir);
  }
  std::cerr << "wrote " << path_ << '\n';
}

void emit(const std::string& text, const std::string& path, const output_rules& rules) {
  output_stream out(path, rules);
  out.write(text);
  out.finish();
}

/// When something happened (scr::parse_london_time); empty: now.
scr::instant parse_when(const std::string& text, const std::string& option) {
  if (text.empty()) return boost::posix_time::second_clock::universal_time();
  try {
    return scr::parse_london_time(text);
  } catch (const scr::input_error& e) {
    throw scr::input_error(option + " " + e.what());
  }
}

scr::date parse_day(const std::string& text, const std::string& option) {
  try {
    return scr::parse_date(text);
  } catch (const scr::input_error& e) {
    throw scr::input_error(option + " " + in_quotes(text) + ": " + e.what());
  }
}

void add_output_options(CLI::App* cmd, std::string& output, bool& force) {
  cmd->add_option("-o,--output", output,
                  "Write to this new file (readable by you only) instead of the terminal; never the database");
  cmd->add_flag("--force", force, "With -o: replace the file if it exists");
}

void add_item_filters(CLI::App* cmd, item_filters& f) {
  cmd->add_option("--agency", f.agency, "Only this agency's items (its track's)");
  cmd->add_option("--owner", f.owner, "Only items this role owns");
  cmd->add_option("--procedure", f.procedure, "Only reviews under this procedure id");
  cmd->add_option("--review", f.review, "Only this review");
  cmd->add_option("--kind", f.kind, "Only milestones or only obligations");
}

item_filter::item_filter(const item_filters& f, const scr::store& db) : f_(f) {
  if (!f.kind.empty() && f.kind != "milestone" && f.kind != "obligation") {
    throw scr::input_error("--kind " + in_quotes(f.kind) + " is not milestone or obligation");
  }
  if (!f.review.empty() && !db.contains(f.review)) {
    throw scr::input_error("--review " + in_quotes(f.review) + ": the store has no such review");
  }
  if (!f.procedure.empty()) {
    for (const auto& r : db.reviews(std::nullopt, f.procedure)) under_.insert(r.reference);
    if (under_.empty()) {
      bool known = false;
      for (const auto& r : db.reviews()) known = known || r.procedure_id == f.procedure;
      if (!known) throw scr::input_error("--procedure " + in_quotes(f.procedure) + ": no review runs under it");
    }
  }
}

bool item_filter::operator()(const scr::due_item& i) const {
  return (f_.agency.empty() || i.agency == f_.agency) && (f_.owner.empty() || i.owner == f_.owner) &&
         (f_.review.empty() || i.reference == f_.review) && (f_.kind.empty() || i.kind == f_.kind) &&
         (f_.procedure.empty() || under_.contains(i.reference));
}

std::string shown_instant(scr::instant t, bool utc) {
  if (utc) return scr::format_instant(t);
  const auto local = scr::to_london(t);
  char clock[32];
  const auto tod = local.time_of_day();
  if (tod.seconds() == 0) {
    std::snprintf(clock, sizeof clock, "%02d:%02d", static_cast<int>(tod.hours()), static_cast<int>(tod.minutes()));
  } else {
    std::snprintf(clock, sizeof clock, "%02d:%02d:%02d", static_cast<int>(tod.hours()),
                  static_cast<int>(tod.minutes()), static_cast<int>(tod.seconds()));
  }
  return scr::format_date(local.date()) + " " + clock + (scr::is_bst(t) ? " BST" : " GMT");
}

scr::date today() { return scr::london_date(boost::posix_time::second_clock::universal_time()); }

scr::date as_of_or_today(const std::string& text) { return text.empty() ? today() : parse_day(text, "--as-of"); }

}  // namespace scr::cli
