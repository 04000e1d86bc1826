// scr init, scr review ..., scr timetable, scr overdue, scr due, scr compliance,
// scr report monthly, scr retention ...: running reviews in one SQLite file.

#include <boost/date_time/posix_time/posix_time.hpp>
#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

std::string in_quotes(const std::string& s) { return "'" + s + "'"; }

/// Colour only on a terminal, and never when NO_COLOR is set (no-color.org).
bool colour_on(const std::string& output) {
  if (!output.empty() && output != "-") return false;
  const char* no_colour = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  return ::isatty(STDOUT_FILENO) != 0 && (no_colour == nullptr || *no_colour == '\0') &&
         !(term != nullptr && std::string_view(term) == "dumb");
}



/// "key=value" pairs; the engine converts each value to its field's type.
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


}  // namespace

void add_review_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string reference, procedure, event, at, agency, as_of, format = "table", output, person, person_id, as_role,
        milestone, on, time, new_due, reason, note, obligation, from, to, month, state, item, basis = "opened";
    std::vector<std::string> data, declarations;
    std::vector<std::uint64_t> sequences;
    std::uint64_t sequence = 0;
    int occurrence = 0;
    bool voided = false, strict = false, force = false, utc = false;
    csv_flags csv;
    who by;
    item_filters only;
  };
  auto o = std::make_shared<options>();
  // The database: created only by `scr init`; opened for writing by the
  // commands that record; read-only for every question (nothing is written,
  // and a read-only copy can be read).
  const auto store_at = [&global](bool create) { return open_store(global, create, false); };
  const auto read_store = [&global] { return open_store(global, false, true); };
  // -o FILE and --force, wherever a command writes a file; what emit() may
  // write over.
  const auto add_output = [o](CLI::App* cmd) { add_output_options(cmd, o->output, o->force); };
  // --format table|csv|json, -o and the CSV flags of a list.
  const auto add_list_output = [o, add_output](CLI::App* cmd) {
    cmd->add_option("--format", o->format, "table (default), csv or json");
    add_output(cmd);
    add_csv_flags(cmd, o->csv);
  };
  const auto rules = [o, &global] { return output_rules{global.db, o->force}; };
  const auto add_at = [o](CLI::App* cmd) {
    cmd->add_option("--at", o->at,
                    "When it happened: 2024-01-15T09:00 or 15/01/2024 09:00 (London time), a date alone (noon), "
                    "or ISO with Z or an offset; default now");
  };
  // The time of a step: --at, or now (said on stderr, so that a forgotten
  // --at is noticed at once and can be amended). An empty --at is refused.
  const auto at_of = [o](CLI::App* cmd) {
    if (cmd->count("--at") > 0 && o->at.find_first_not_of(" \t") == std::string::npos) {
      throw scr::input_error("--at is empty: give when it happened, e.g. --at \"15/01/2024 09:00\", or leave --at out "
                             "to date it now");
    }
    const scr::instant at = parse_when(o->at, "--at");
    if (o->at.empty()) {
      std::cerr << "no --at given: dated now, " << boost::posix_time::to_simple_string(scr::to_london(at)).substr(0, 17)
                << " London time (" << scr::format_instant(at) << ")\n";
    }
    return at;
  };

  // ---- scr init ----
  auto* init = app.add_subcommand("init", "Create the database (--db, default ./reviews.db)\n"
                                          "  example: scr --db board.db init");
  out.emplace_back(init, [store_at, &global] {
    const bool existed = std::filesystem::exists(global.db);
    const auto db = store_at(true);
    if (existed) {
      std::cout << global.db << " is a libscr store (schema " << scr::store::schema_version() << ") with "
                << db.references().size() << " reviews\n";
    } else {
      std::cout << "created " << global.db << " (schema " << scr::store::schema_version() << ")\n";
    }
    return exit_ok;
  });

  // ---- scr review ... ----
  auto* review_cmd = app.add_subcommand("review", "Open a review, record its steps, and see where it stands");
  review_cmd->require_subcommand(1);

  auto* open = review_cmd->add_subcommand(
      "open", "Open a review under a procedure (a built-in id or a YAML file)\n"
              "  example: scr review open --procedure solihull-2011-scr --reference \"Child Q\" \\\n"
              "             --at \"15/01/2024 09:00\" --actor \"A. Patel\" --role lscb_chair \\\n"
              "             --data incident_at=2024-01-13T22:00Z");
  open->add_option("--procedure", o->procedure, "Built-in procedure id or YAML file")->required();
  open->add_option("--reference", o->reference, "The review's reference, e.g. \"Child Q\"")->required();
  add_at(open);
  add_actor(open, o->by);
  open->add_option("--data", o->data, "A field of the opening event, key=value (repeat for more)");
  open->add_flag("--strict", o->strict, "Refuse a review dated before its procedure took effect (default: warn)");
  out.emplace_back(open, [o, store_at, at_of, open] {
    auto db = store_at(false);
    const auto p = procedure_named(o->procedure);
    const auto at = at_of(open);
    if (scr::london_date(at) < p.effective_from()) {
      const std::string why = "the review is dated " + scr::format_date(scr::london_date(at)) + ", before procedure " +
                              in_quotes(p.id()) + " version " + std::to_string(p.version()) + " took effect on " +
                              scr::format_date(p.effective_from());
      if (o->strict) throw scr::input_error(why + " (--strict)");
      std::cerr << "warning: " << why << '\n';
    }
    const auto r = db.open_review(p, o->reference, at, o->by.get(), parse_data(o->data));
    std::cout << "opened " << r.reference() << " under " << p.id() << " version " << p.version() << ": state "
              << r.state() << '\n';
    for (const auto& row : r.timetable(scr::london_date(r.opened_at()))) {
      if (row.id() == p.decision_milestone() && row.due) {
        std::cout << row.title() << " due " << scr::format_date(*row.due) << " (" << row.rule() << ")\n";
      }
    }
    return exit_ok;
  });

  auto* record = review_cmd->add_subcommand(
      "record", "Record a step of the procedure\n"
                "  example: scr review record \"Child Q\" decision_made --at 01/02/2024 \\\n"
                "             --actor \"A. Patel\" --role lscb_chair --data outcome=scr --data reasons=\"criteria met\"");
  record->add_option("REFERENCE", o->reference, "The review")->required();
  record->add_option("EVENT", o->event, "The procedure's event, e.g. panel_convened")->required();
  add_at(record);
  add_actor(record, o->by);
  record->add_option("--agency", o->agency, "The agency whose track the event belongs to");
  record->add_option("--data", o->data, "A field of the event, key=value (repeat for more)");
  out.emplace_back(record, [o, store_at, at_of, record] {
    auto db = store_at(false);
    const auto seq = db.record(o->reference, o->event, at_of(record), o->by.get(), parse_data(o->data),
                               o->agency);
    std::cout << "recorded " << o->event << " as event " << seq << " of " << o->reference << ": state "
              << db.load(o->reference).state() << '\n';
    return exit_ok;
  });

  auto* assign = review_cmd->add_subcommand(
      "assign", "Give a person a role (independence rules are checked)\n"
                "  example: scr review assign \"Child Q\" --person \"J. Smith\" --as panel_chair \\\n"
                "             --agency Independent --actor \"A. Patel\" --role lscb_chair");
  assign->add_option("REFERENCE", o->reference, "The review")->required();
  assign->add_option("--person", o->person, "Who takes the role")->required();
  assign->add_option("--as", o->as_role, "The role they take")->required();
  assign->add_option("--agency", o->agency, "Their agency")->required();
  assign->add_option("--declare", o->declarations, "A declaration for the procedure's conflicts (repeat for more)");
  assign->add_option("--person-id", o->person_id,
                     "A stable id for the person (a staff number): two assignments that both give one are the "
                     "same person exactly when the ids match, whatever the names");
  add_at(assign);
  add_actor(assign, o->by);
  out.emplace_back(assign, [o, store_at, at_of, assign] {
    auto db = store_at(false);
    const scr::instant at = at_of(assign);
    db.assign(o->reference, o->person, o->as_role, o->agency, at, o->by.get(), o->declarations, o->person_id);
    std::cout << o->person << (o->person_id.empty() ? "" : " (person id " + o->person_id + ")") << " ("
              << o->agency << ") is " << o->as_role << " in " << o->reference << '\n';
    // The warnings this assignment raised (a "should" conflict, a near
    // match), once each.
    std::vector<std::string> said;
    for (const auto& w : db.load(o->reference).warnings()) {
      if ((w.kind != "conflict" && w.kind != "near_match") || w.message.find(o->person) == std::string::npos) continue;
      if (std::find(said.begin(), said.end(), w.message) != said.end()) continue;
      said.push_back(w.message);
      std::cerr << "warning: " << w.message << '\n';
    }
    return exit_ok;
  });

  auto* schedule = review_cmd->add_subcommand(
      "schedule", "Set the date of a milestone the panel fixes\n"
                  "  example: scr review schedule \"Child Q\" presentation_meeting 20/05/2024 --time 10:00 \\\n"
                  "             --actor \"J. Smith\" --role panel_chair");
  schedule->add_option("REFERENCE", o->reference, "The review")->required();
  schedule->add_option("MILESTONE", o->milestone, "The milestone")->required();
  schedule->add_option("DATE", o->on, "Its date")->required();
  schedule->add_option("--time", o->time, "Its London time, HH:MM");
  schedule->add_option("--agency", o->agency, "The agency, for a track's milestone");
  add_at(schedule);
  add_actor(schedule, o->by);
  out.emplace_back(schedule, [o, store_at, at_of, schedule] {
    auto db = store_at(false);
    std::optional<scr::time_of_day> t;
    if (!o->time.empty()) {
      int h = -1, m = -1;
      char colon = 0;
      if (std::sscanf(o->time.c_str(), "%2d%c%2d", &h, &colon, &m) != 3 || colon != ':' || h < 0 || h > 23 || m < 0 ||
          m > 59) {
        throw scr::input_error("--time " + in_quotes(o->time) + " is not HH:MM, e.g. 10:00");
      }
      t = scr::time_of_day{h, m};
    }
    db.schedule(o->reference, o->milestone, parse_day(o->on, "DATE"), t, at_of(schedule), o->by.get(),
                o->agency);
    std::cout << o->milestone << " of " << o->reference << " set for " << scr::format_date(parse_day(o->on, "DATE"))
              << (o->time.empty() ? "" : " at " + o->time) << '\n';
    for (const auto& w : db.load(o->reference).warnings()) {
      if (w.kind == "breach") std::cerr << "warning: " << w.message << '\n';
    }
    return exit_ok;
  });

  auto* extend = review_cmd->add_subcommand(
      "extend", "Agree an extension of a milestone (the original date is kept)\n"
                "  example: scr review extend \"Child Q\" completion 01/10/2024 --reason \"trial in July\" \\\n"
                "             --actor \"Solihull LSCB\" --role lscb");
  extend->add_option("REFERENCE", o->reference, "The review")->required();
  extend->add_option("MILESTONE", o->milestone, "The milestone")->required();
  extend->add_option("NEW_DUE", o->new_due, "The new due date")->required();
  extend->add_option("--reason", o->reason, "Why")->required();
  extend->add_option("--agency", o->agency, "The agency, for a track's milestone");
  add_at(extend);
  add_actor(extend, o->by, "The role that agrees it, e.g. lscb");
  out.emplace_back(extend, [o, store_at, at_of, extend] {
    auto db = store_at(false);
    db.extend(o->reference, o->milestone, parse_day(o->new_due, "NEW_DUE"), o->reason, at_of(extend),
              o->by.get(), o->agency);
    std::cout << o->milestone << " of " << o->reference << " extended to "
              << scr::format_date(parse_day(o->new_due, "NEW_DUE")) << '\n';
    return exit_ok;
  });

  auto* hold = review_cmd->add_subcommand(
      "hold", "Put the review on hold (criminal proceedings, an inquest)\n"
              "  example: scr review hold \"Child Q\" --reason \"criminal trial\" --actor \"A. Patel\" --role lscb_chair");
  hold->add_option("REFERENCE", o->reference, "The review")->required();
  hold->add_option("--reason", o->reason, "Why")->required();
  add_at(hold);
  add_actor(hold, o->by);
  out.emplace_back(hold, [o, store_at, at_of, hold] {
    auto db = store_at(false);
    db.hold(o->reference, o->reason, at_of(hold), o->by.get());
    std::cout << o->reference << " is on hold\n";
    return exit_ok;
  });

  auto* release = review_cmd->add_subcommand(
      "release", "End the hold\n  example: scr review release \"Child Q\" --actor \"A. Patel\" --role lscb_chair");
  release->add_option("REFERENCE", o->reference, "The review")->required();
  release->add_option("--note", o->note, "A note");
  add_at(release);
  add_actor(release, o->by);
  out.emplace_back(release, [o, store_at, at_of, release] {
    auto db = store_at(false);
    db.release(o->reference, at_of(release), o->by.get(), o->note);
    std::cout << o->reference << " is no longer on hold\n";
    return exit_ok;
  });

  auto* discharge = review_cmd->add_subcommand(
      "discharge", "Record that an obligation was done (its earliest open occurrence)\n"
                   "  example: scr review discharge \"Child Q\" incident_notice --note \"emailed Ofsted and the DfE\" "
                   "\\\n             --actor \"R. Jones\" --role administrator");
  discharge->add_option("REFERENCE", o->reference, "The review")->required();
  discharge->add_option("OBLIGATION", o->obligation, "The obligation")->required();
  discharge->add_option("--note", o->note, "What was done");
  discharge->add_option("--agency", o->agency, "The agency, for a track's obligation");
  add_at(discharge);
  add_actor(discharge, o->by);
  out.emplace_back(discharge, [o, store_at, at_of, discharge] {
    auto db = store_at(false);
    db.discharge(o->reference, o->obligation, at_of(discharge), o->by.get(), o->note, o->agency);
    std::cout << o->obligation << " of " << o->reference << " discharged\n";
    return exit_ok;
  });


  // ---- corrections: never edits, each an event in the history ----
  auto* void_cmd = review_cmd->add_subcommand(
      "void", "Void events recorded by mistake (they stay in the history, marked void); voiding event 1 voids the "
              "whole review\n"
              "  example: scr review void \"Child Q\" 7 --reason \"recorded against the wrong review\" \\\n"
              "             --actor \"J. Lowe\" --role administrator");
  void_cmd->add_option("REFERENCE", o->reference, "The review")->required();
  void_cmd->add_option("SEQ", o->sequences, "The events' numbers, as `scr review history` shows them")->required();
  void_cmd->add_option("--reason", o->reason, "Why")->required();
  add_actor(void_cmd, o->by);
  out.emplace_back(void_cmd, [o, store_at] {
    auto db = store_at(false);
    db.void_events(o->reference, o->sequences, o->reason, boost::posix_time::second_clock::universal_time(),
                   o->by.get());
    const auto r = db.load(o->reference);
    if (r.voided()) {
      std::cout << o->reference << " is void: it leaves every list and report, its events stay for audit; "
                << "`scr retention purge` may delete it now\n";
    } else {
      std::cout << "voided event" << (o->sequences.size() > 1 ? "s" : "");
      for (const auto s : o->sequences) std::cout << ' ' << s;
      std::cout << " of " << o->reference << ": state " << r.state() << '\n';
    }
    return exit_ok;
  });

  auto* amend = review_cmd->add_subcommand(
      "amend", "Correct an event's time and/or data (the original stays in the history)\n"
               "  example: scr review amend \"Child Q\" 5 --at \"27/09/2010 10:00\" --reason \"typed 27/10 for 27/09\" "
               "\\\n             --actor \"J. Lowe\" --role administrator");
  amend->add_option("REFERENCE", o->reference, "The review")->required();
  amend->add_option("SEQ", o->sequence, "The event's number, as `scr review history` shows it")->required();
  amend->add_option("--at", o->at, "When it really happened (London time, or ISO with Z or an offset)");
  amend->add_option("--data", o->data, "A corrected field, key=value (key= removes an optional field)");
  amend->add_option("--reason", o->reason, "Why")->required();
  add_actor(amend, o->by);
  out.emplace_back(amend, [o, store_at] {
    auto db = store_at(false);
    std::optional<scr::instant> at;
    if (!o->at.empty()) at = parse_when(o->at, "--at");
    auto changes = parse_data(o->data);
    for (auto& [k, v] : changes) {
      if (const auto* text = std::get_if<std::string>(&v); text != nullptr && text->empty()) v = std::monostate{};
    }
    if (!at && changes.empty()) throw scr::input_error("give the corrected --at or --data key=value (or both)");
    db.amend(o->reference, o->sequence, at, changes, o->reason, o->by.get());
    std::cout << "amended event " << o->sequence << " of " << o->reference << ": state "
              << db.load(o->reference).state() << '\n';
    return exit_ok;
  });

  auto* waive = review_cmd->add_subcommand(
      "waive", "Mark a milestone or obligation as not applicable to this review (never overdue)\n"
               "  example: scr review waive \"Child Q\" family_feedback --reason \"the family declined\" \\\n"
               "             --actor \"J. Lowe\" --role administrator");
  waive->add_option("REFERENCE", o->reference, "The review")->required();
  waive->add_option("ITEM", o->item, "The milestone or obligation")->required();
  waive->add_option("--agency", o->agency, "The agency, for a track's milestone or obligation");
  waive->add_option("--occurrence", o->occurrence, "Which occurrence of a repeating obligation (default the earliest open)");
  waive->add_option("--reason", o->reason, "Why it does not apply")->required();
  add_at(waive);
  add_actor(waive, o->by);
  out.emplace_back(waive, [o, store_at, at_of, waive] {
    auto db = store_at(false);
    db.waive(o->reference, o->item, o->reason, at_of(waive), o->by.get(), o->agency, o->occurrence);
    std::cout << o->item << (o->agency.empty() ? "" : " (" + o->agency + ")") << " of " << o->reference
              << " waived\n";
    return exit_ok;
  });

  auto* unassign = review_cmd->add_subcommand(
      "unassign", "Take a person off a role (clears the warnings that assignment raised)\n"
                  "  example: scr review unassign \"Child Q\" --person \"J. Smith\" --as panel_chair \\\n"
                  "             --reason \"works for an involved agency\" --actor \"A. Patel\" --role lscb_chair");
  unassign->add_option("REFERENCE", o->reference, "The review")->required();
  unassign->add_option("--person", o->person, "Who")->required();
  unassign->add_option("--as", o->as_role, "The role they leave")->required();
  unassign->add_option("--agency", o->agency, "Their agency (if they hold the role for more than one)");
  unassign->add_option("--reason", o->reason, "Why")->required();
  unassign->add_option("--person-id", o->person_id,
                       "The person's id, to choose between two people of the same name who hold the role");
  add_at(unassign);
  add_actor(unassign, o->by);
  out.emplace_back(unassign, [o, store_at, at_of, unassign] {
    auto db = store_at(false);
    db.unassign(o->reference, o->person, o->as_role, o->reason, at_of(unassign), o->by.get(), o->agency,
                o->person_id);
    std::cout << o->person << " is no longer " << o->as_role << " in " << o->reference << '\n';
    return exit_ok;
  });

  auto* next = review_cmd->add_subcommand(
      "next", "What can be done next: each step allowed, who may take it and the data it takes, and what blocks "
              "the others\n  example: scr review next \"Child Q\" --role lscb_chair");
  next->add_option("REFERENCE", o->reference, "The review")->required();
  next->add_option("--as-of", o->as_of, "As of this date (default: the review's last event)");
  next->add_option("--role", o->as_role, "Only the steps this role may take");
  next->add_option("--agency", o->agency, "Only this agency's track (and the review's own steps)");
  next->add_option("--format", o->format, "table (default) or json");
  out.emplace_back(next, [o, read_store] {
    const auto f = scr::parse_export_format(o->format);
    if (f != scr::export_format::text && f != scr::export_format::json) {
      throw scr::input_error("--format " + o->format + " is not offered for next: table or json");
    }
    const auto db = read_store();
    const auto r = db.load(o->reference);
    const auto as_of = o->as_of.empty() ? scr::london_date(r.last_event_at()) : parse_day(o->as_of, "--as-of");
    if (!o->as_role.empty() && r.definition().find_role(o->as_role) == nullptr) {
      throw scr::input_error("--role " + in_quotes(o->as_role) + " is not a role of procedure " +
                             in_quotes(r.definition().id()));
    }
    std::vector<scr::next_step> steps;
    for (auto& s : r.next(as_of)) {
      if (!o->agency.empty() && !s.agency.empty() && s.agency != o->agency) continue;
      if (!o->as_role.empty() && !s.roles.empty() &&
          std::find(s.roles.begin(), s.roles.end(), o->as_role) == s.roles.end()) {
        continue;
      }
      steps.push_back(std::move(s));
    }
    std::cout << (f == scr::export_format::json ? scr::next_steps_json(steps, o->reference, as_of)
                                                : scr::next_steps_text(steps));
    return exit_ok;
  });

  auto* show = review_cmd->add_subcommand(
      "show", "Where a review stands: its state, every deadline and obligation, and warnings\n"
              "  example: scr review show \"Child Q\" --as-of 01/03/2024");
  show->add_option("REFERENCE", o->reference, "The review")->required();
  show->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  out.emplace_back(show, [o, read_store] {
    const auto db = read_store();
    const auto r = db.load(o->reference);
    const auto as_of = as_of_or_today(o->as_of);
    std::cout << scr::timetable_text(r, as_of, colour_on({}));  // its warnings at the end
    return exit_ok;
  });

  auto* history = review_cmd->add_subcommand(
      "history", "Who did what, when (London time unless --utc), and what they recorded\n"
                 "  example: scr review history \"Child Q\" --format csv -o child-q-history.csv");
  history->add_option("REFERENCE", o->reference, "The review")->required();
  history->add_flag("--utc", o->utc, "Times in UTC (ISO 8601) instead of London time");
  add_list_output(history);
  out.emplace_back(history, [o, read_store, rules] {
    const auto f = list_format(o->format);
    const auto csv = o->csv.get(f);
    const auto db = read_store();
    const auto stored = db.history(o->reference);
    // Which later event voided or amended each one.
    std::map<std::uint64_t, std::string> corrected;
    for (const auto& s : stored) {
      if (s.event.kind == scr::event_kind::voided) corrected[s.event.corrects] = "void (" + std::to_string(s.sequence) + ")";
      else if (s.event.kind == scr::event_kind::amended && corrected[s.event.corrects].rfind("void", 0) != 0) {
        corrected[s.event.corrects] = "amended (" + std::to_string(s.sequence) + ")";
      }
    }
    const auto value_text = [&](const scr::field_value& v) -> std::string {
      if (const auto* text = std::get_if<std::string>(&v)) return *text;
      if (const auto* d = std::get_if<scr::date>(&v)) return scr::format_date(*d);
      if (const auto* t = std::get_if<scr::instant>(&v)) return shown_instant(*t, o->utc);
      if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
      if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
      return "";
    };
    const auto corrected_by = [&](std::uint64_t seq) {
      const auto c = corrected.find(seq);
      return c == corrected.end() ? std::string() : c->second;
    };
    if (f == scr::export_format::json) {
      auto events = nlohmann::ordered_json::array();
      for (const auto& s : stored) {
        const auto& e = s.event;
        auto data = nlohmann::ordered_json::object();
        for (const auto& [k, v] : e.data) {
          if (std::holds_alternative<bool>(v)) data[k] = std::get<bool>(v);
          else if (std::holds_alternative<std::int64_t>(v)) data[k] = std::get<std::int64_t>(v);
          else if (std::holds_alternative<std::monostate>(v)) data[k] = nullptr;
          else if (const auto* t = std::get_if<scr::instant>(&v)) data[k] = shown_instant(*t, true);  // exact, UTC
          else data[k] = value_text(v);
        }
        const auto opt = [](const std::string& x) { return x.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(x); };
        events.push_back({{"sequence", s.sequence}, {"at", shown_instant(e.at, true)},
                          {"at_london", shown_instant(e.at, false)}, {"kind", scr::to_string(e.kind)},
                          {"name", e.name}, {"agency", opt(e.agency)}, {"subject", opt(e.subject)},
                          {"actor", e.by.name}, {"role", e.by.role}, {"actor_agency", opt(e.by.agency)},
                          {"data", std::move(data)}, {"corrects", e.corrects == 0 ? nlohmann::ordered_json() : nlohmann::ordered_json(e.corrects)},
                          {"reason", opt(e.reason)}, {"corrected_by", opt(corrected_by(s.sequence))},
                          {"recorded_at", shown_instant(s.recorded_at, true)}, {"hash", s.hash}});
      }
      emit(nlohmann::ordered_json{{"version", scr::json_schema_version}, {"reference", o->reference},
                                  {"events", std::move(events)}}.dump(2) + "\n",
           o->output, rules());
      return exit_ok;
    }
    std::vector<std::vector<std::string>> rows;
    if (f == scr::export_format::csv) {
      rows.push_back({"sequence", o->utc ? "at_utc" : "at_london", "kind", "name", "agency", "subject", "actor",
                      "role", "actor_agency", "data", "corrects", "reason", "corrected_by",
                      o->utc ? "recorded_at_utc" : "recorded_at_london", "hash"});
    } else {
      rows.push_back({"#", o->utc ? "AT (UTC)" : "AT (LONDON)", "WHAT", "AGENCY", "BY", "DATA", "CORRECTED"});
    }
    for (const auto& s : stored) {
      const auto& e = s.event;
      std::string data;
      for (const auto& [k, v] : e.data) data += (data.empty() ? "" : "; ") + k + "=" + value_text(v);
      if (f == scr::export_format::csv) {
        rows.push_back({std::to_string(s.sequence), shown_instant(e.at, o->utc), std::string(scr::to_string(e.kind)),
                        e.name, e.agency, e.subject, e.by.name, e.by.role, e.by.agency, data,
                        e.corrects == 0 ? "" : std::to_string(e.corrects), e.reason, corrected_by(s.sequence),
                        shown_instant(s.recorded_at, o->utc), s.hash});
        continue;
      }
      std::string what = std::string(scr::to_string(e.kind)) + " " + e.name;
      if (e.corrects != 0) what += " (event " + std::to_string(e.corrects) + ")";
      if (e.kind == scr::event_kind::assigned || e.kind == scr::event_kind::unassigned) what += ": " + e.subject;
      if (!e.reason.empty()) data = "reason=" + e.reason + (data.empty() ? "" : "; " + data);
      rows.push_back({std::to_string(s.sequence), shown_instant(e.at, o->utc), what, e.agency.empty() ? "-" : e.agency,
                      e.by.name + " (" + e.by.role + ")", data, corrected_by(s.sequence)});
    }
    emit(f == scr::export_format::csv ? scr::csv_table(rows, csv) : scr::aligned_table(rows), o->output, rules());
    return exit_ok;
  });

  auto* verify = review_cmd->add_subcommand(
      "verify", "Check the review's hash chain, its head against the store's ledger, and its projections (exit 1 "
                "if anything is wrong; the same as `scr verify REFERENCE`)\n"
                "  example: scr review verify \"Child Q\"");
  verify->add_option("REFERENCE", o->reference, "The review")->required();
  out.emplace_back(verify, [o, read_store] { return print_verify(read_store(), o->reference); });

  auto* list = review_cmd->add_subcommand(
      "list", "The reviews in the database\n  example: scr review list --state scoping");
  list->add_option("--state", o->state, "Only reviews in this state");
  list->add_option("--procedure", o->procedure, "Only reviews under this procedure id");
  list->add_option("--as-of", o->as_of, "As the records stood at the end of this date (state, open or closed)");
  list->add_flag("--voided", o->voided, "The void reviews (opened by mistake) instead");
  add_list_output(list);
  out.emplace_back(list, [o, read_store, rules] {
    const auto f = list_format(o->format);
    const auto csv = o->csv.get(f);
    const auto db = read_store();
    std::vector<std::vector<std::string>> rows{{"REFERENCE", "PROCEDURE", "STATE", "OPENED", "CLOSED", "EVENTS"}};
    auto json_rows = nlohmann::ordered_json::array();
    const auto opt = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
    std::optional<scr::date> as_of;
    if (!o->as_of.empty()) as_of = parse_day(o->as_of, "--as-of");
    if (o->voided && (as_of || !o->state.empty())) throw scr::input_error("--voided lists every void review: leave out --state and --as-of");
    for (const auto& s : o->voided ? db.voided_reviews() : db.reviews(opt(o->state), opt(o->procedure), as_of)) {
      if (o->voided && !o->procedure.empty() && s.procedure_id != o->procedure) continue;
      if (f == scr::export_format::text) {
        rows.push_back({s.reference, s.procedure_id + " v" + std::to_string(s.procedure_version), s.state,
                        scr::format_date(scr::london_date(s.opened_at)),
                        s.closed_at ? scr::format_date(scr::london_date(*s.closed_at)) : "-",
                        std::to_string(s.events)});
      } else {
        rows.push_back({s.reference, s.procedure_id, std::to_string(s.procedure_version), s.state,
                        s.closed ? "true" : "false", scr::format_date(scr::london_date(s.opened_at)),
                        s.closed_at ? scr::format_date(scr::london_date(*s.closed_at)) : "",
                        std::to_string(s.events), s.voided ? "true" : "false"});
        json_rows.push_back({{"reference", s.reference},
                             {"procedure", s.procedure_id},
                             {"procedure_version", s.procedure_version},
                             {"state", s.state},
                             {"closed", s.closed},
                             {"opened_on", scr::format_date(scr::london_date(s.opened_at))},
                             {"closed_on", s.closed_at ? nlohmann::ordered_json(scr::format_date(scr::london_date(*s.closed_at)))
                                                       : nlohmann::ordered_json()},
                             {"events", s.events},
                             {"voided", s.voided}});
      }
    }
    if (f == scr::export_format::json) {
      emit(nlohmann::ordered_json{{"version", scr::json_schema_version}, {"reviews", std::move(json_rows)}}.dump(2) +
               "\n",
           o->output, rules());
    } else if (f == scr::export_format::csv) {
      rows[0] = {"reference", "procedure", "procedure_version", "state", "closed", "opened_on", "closed_on", "events",
                 "voided"};
      emit(scr::csv_table(rows, csv), o->output, rules());
    } else {
      emit(scr::aligned_table(rows), o->output, rules());
    }
    return exit_ok;
  });

  // ---- scr timetable ----
  auto* timetable = app.add_subcommand(
      "timetable", "A review's timetable as a table, CSV, JSON, iCalendar (.ics) or a self-contained HTML page\n"
                   "  example: scr timetable \"Child Q\" --as-of 01/03/2024 --format ics -o child-q.ics");
  timetable->add_option("REFERENCE", o->reference, "The review")->required();
  timetable->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  timetable->add_option("--format", o->format, "table (default), csv, json, ics or html");
  add_output(timetable);
  add_csv_flags(timetable, o->csv);
  out.emplace_back(timetable, [o, read_store, rules] {
    const auto f = scr::parse_export_format(o->format);
    const auto csv = o->csv.get(f);
    const auto db = read_store();
    const auto r = db.load(o->reference);
    const auto as_of = as_of_or_today(o->as_of);
    emit(f == scr::export_format::text  ? scr::timetable_text(r, as_of, colour_on(o->output))
         : f == scr::export_format::csv ? scr::timetable_csv(r, as_of, csv)
                                        : scr::export_timetable(r, as_of, f),
         o->output, rules());
    return exit_ok;
  });


  // ---- scr overdue / scr due ----
  auto* overdue = app.add_subcommand(
      "overdue", "Everything overdue across all reviews\n  example: scr overdue --as-of 01/03/2024 --format csv");
  overdue->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  add_item_filters(overdue, o->only);
  add_list_output(overdue);
  out.emplace_back(overdue, [o, read_store, rules] {
    const auto f = list_format(o->format);
    const auto csv = o->csv.get(f);
    const auto db = read_store();
    const auto as_of = as_of_or_today(o->as_of);
    const auto items = filtered(db.overdue(as_of), o->only, db);
    if (f == scr::export_format::csv) {
      emit(scr::due_items_csv_with(items, csv), o->output, rules());
    } else if (f == scr::export_format::json) {
      emit(scr::due_items_json(items, "overdue as of " + scr::format_date(as_of)), o->output, rules());
    } else if (items.empty()) {
      emit("nothing overdue as of " + scr::format_date(as_of) + "\n", o->output, rules());
    } else {
      emit(scr::due_items_text(items, true, colour_on(o->output)), o->output, rules());
    }
    return exit_ok;
  });

  auto* due = app.add_subcommand(
      "due", "Everything due in a period across all reviews\n  example: scr due --from 01/03/2024 --to 31/03/2024");
  due->add_option("--from", o->from, "First day")->required();
  due->add_option("--to", o->to, "Last day")->required();
  due->add_option("--as-of", o->as_of, "As the records stood at the end of this date (default: as recorded so far)");
  add_item_filters(due, o->only);
  add_list_output(due);
  out.emplace_back(due, [o, read_store, rules] {
    const auto f = list_format(o->format);
    const auto csv = o->csv.get(f);
    const auto from = parse_day(o->from, "--from"), to = parse_day(o->to, "--to");
    if (to < from) throw scr::input_error("--to " + o->to + " is before --from " + o->from);
    const auto db = read_store();
    std::optional<scr::date> as_of;
    if (!o->as_of.empty()) as_of = parse_day(o->as_of, "--as-of");
    const auto items = filtered(db.due_between(from, to, as_of), o->only, db);
    if (f == scr::export_format::csv) emit(scr::due_items_csv_with(items, csv), o->output, rules());
    else if (f == scr::export_format::json) {
      emit(scr::due_items_json(items, "due from " + scr::format_date(from) + " to " + scr::format_date(to)), o->output,
           rules());
    } else if (items.empty()) {
      emit("nothing due from " + scr::format_date(from) + " to " + scr::format_date(to) + "\n", o->output, rules());
    } else {
      emit(scr::due_items_text(items, false), o->output, rules());
    }
    return exit_ok;
  });

  // ---- scr compliance ----
  auto* compliance = app.add_subcommand(
      "compliance", "Were decisions and completions on time? For the reviews opened in a period\n"
                    "  example: scr compliance --from 01/04/2023 --to 31/03/2024");
  compliance->add_option("--from", o->from, "First day of the period (default: the earliest review)");
  compliance->add_option("--to", o->to, "Last day (default today)");
  compliance->add_option("--as-of", o->as_of, "As the records stood at the end of this date (default: as recorded so far)");
  compliance->add_option("--by", o->basis, "Which date puts a review in the period: opened (default), decided or completed");
  add_list_output(compliance);
  out.emplace_back(compliance, [o, read_store, rules] {
    const auto f = list_format(o->format);
    const auto csv = o->csv.get(f);
    const auto db = read_store();
    // By default, from the day the first review was opened.
    scr::date from = today();
    if (!o->from.empty()) {
      from = parse_day(o->from, "--from");
    } else {
      for (const auto& r : db.reviews()) from = std::min(from, scr::london_date(r.opened_at));
    }
    const auto to = o->to.empty() ? today() : parse_day(o->to, "--to");
    if (to < from) {
      throw scr::input_error("--to " + scr::format_date(to) + " is before --from " + scr::format_date(from));
    }
    std::optional<scr::date> as_of;
    if (!o->as_of.empty()) as_of = parse_day(o->as_of, "--as-of");
    scr::compliance_basis basis = scr::compliance_basis::opened;
    if (o->basis == "decided") basis = scr::compliance_basis::decided;
    else if (o->basis == "completed") basis = scr::compliance_basis::completed;
    else if (o->basis != "opened") {
      throw scr::input_error("--by " + in_quotes(o->basis) + " is not opened, decided or completed");
    }
    const auto rows = db.compliance(from, to, as_of, basis);
    if (f == scr::export_format::csv) emit(scr::compliance_csv_with(rows, csv), o->output, rules());
    else if (f == scr::export_format::json) emit(scr::compliance_json(rows, from, to), o->output, rules());
    else emit(scr::compliance_text(rows), o->output, rules());
    return exit_ok;
  });

  // ---- scr report monthly ----
  auto* report = app.add_subcommand("report", "Reports across reviews");
  report->require_subcommand(1);
  auto* monthly = report->add_subcommand(
      "monthly", "The monthly progress report to the board chair (001:340): every open review, its stage, "
                 "planned completion, slippage, overdue items, open obligations and warnings\n"
                 "  example: scr report monthly --month 2024-03");
  monthly->add_option("--month", o->month, "YYYY-MM (default this month)");
  monthly->add_option("--format", o->format, "table (default) or json");
  add_output(monthly);
  out.emplace_back(monthly, [o, read_store, rules] {
    const auto f = scr::parse_export_format(o->format);
    if (f != scr::export_format::text && f != scr::export_format::json) {
      throw scr::input_error("--format " + o->format + " is not offered for the monthly report: table or json");
    }
    int year = 0, month = 0;
    if (o->month.empty()) {
      year = today().year();
      month = today().month();
    } else {
      char dash = 0;
      if (std::sscanf(o->month.c_str(), "%4d%c%2d", &year, &dash, &month) != 3 || dash != '-' || month < 1 ||
          month > 12 || o->month.size() != 7) {
        throw scr::input_error("--month " + in_quotes(o->month) + " is not YYYY-MM, e.g. 2024-03");
      }
      (void)scr::make_date(year, month, 1);  // checks the year's range
    }
    const auto db = read_store();
    const auto m = scr::monthly_progress(db, year, month);
    emit(f == scr::export_format::json ? scr::monthly_json(m) : scr::monthly_text(m), o->output, rules());
    return exit_ok;
  });

  // ---- scr retention ----
  auto* retention = app.add_subcommand("retention", "Closed reviews whose retention has ended, and purging them");
  retention->require_subcommand(1);
  auto* retention_due = retention->add_subcommand(
      "due", "Closed reviews that may be disposed of (7 years after closure unless the procedure says otherwise)\n"
             "  example: scr retention due --as-of 2031-03-01");
  retention_due->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  out.emplace_back(retention_due, [o, read_store] {
    const auto db = read_store();
    std::vector<std::vector<std::string>> rows{{"REFERENCE", "PROCEDURE", "CLOSED", "DISPOSE FROM"}};
    for (const auto& i : db.retention_due(as_of_or_today(o->as_of))) {
      rows.push_back({i.reference, i.procedure_id, scr::format_date(scr::london_date(i.closed_at)),
                      scr::format_date(i.dispose_from)});
    }
    std::cout << scr::aligned_table(rows);
    return exit_ok;
  });
  auto* purge = retention->add_subcommand(
      "purge", "Delete a closed review whose retention has ended, leaving a tombstone\n"
               "  example: scr retention purge \"Child C\" --reason \"retention ended\" --actor \"J. Lowe\" "
               "--role administrator");
  purge->add_option("REFERENCE", o->reference, "The review")->required();
  purge->add_option("--reason", o->reason, "Why")->required();
  add_actor(purge, o->by);
  out.emplace_back(purge, [o, store_at] {
    auto db = store_at(false);
    const auto t = db.purge(o->reference, o->by.get(), o->reason);
    std::cout << "purged " << t.reference << " (" << t.events << " events); tombstone kept\n";
    return exit_ok;
  });
}

}  // namespace scr::cli
