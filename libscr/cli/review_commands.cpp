// scr init, and the commands that record a review's steps and correct them:
// scr review open|record|assign|schedule|extend|hold|release|discharge, and
// scr review void|amend|waive|unassign (each correction an event in the
// history, never an edit).

#include <boost/date_time/posix_time/posix_time.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

/// The store, opened to record.
scr::store writable(const global_options& global) { return open_store(global, false, false); }

void init_command(CLI::App& app, commands& out, const global_options& global) {
  auto* cmd = out.add(app, "init",
                      "Create the database (--db, default ./reviews.db)\n"
                      "  example: scr --db board.db init");
  if (cmd == nullptr) return;
  out.emplace_back(cmd, [&global] {
    const bool existed = std::filesystem::exists(global.db);
    const auto db = open_store(global, true, false);
    if (existed) {
      std::cout << global.db << " is a libscr store (schema " << scr::store::schema_version() << ") with "
                << db.references().size() << " reviews\n";
    } else {
      std::cout << "created " << global.db << " (schema " << scr::store::schema_version() << ")\n";
    }
    return exit_ok;
  });
}

void open_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string procedure, reference, at;
    std::vector<std::string> data;
    bool strict = false;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "open", "Open a review under a procedure (a built-in id or a YAML file)\n"
              "  example: scr review open --procedure solihull-2011-scr --reference \"Child Q\" \\\n"
              "             --at \"15/01/2024 09:00\" --actor \"A. Patel\" --role lscb_chair \\\n"
              "             --data incident_at=2024-01-13T22:00Z");
  if (cmd == nullptr) return;
  cmd->add_option("--procedure", o->procedure, "Built-in procedure id or YAML file")->required();
  cmd->add_option("--reference", o->reference, "The review's reference, e.g. \"Child Q\"")->required();
  add_at(cmd, o->at);
  add_actor(cmd, o->by);
  cmd->add_option("--data", o->data, "A field of the opening event, key=value (repeat for more)");
  cmd->add_flag("--strict", o->strict, "Refuse a review dated before its procedure took effect (default: warn)");
  out.emplace_back(cmd, [o, cmd, &global] {
    auto db = writable(global);
    const auto p = procedure_named(o->procedure);
    const auto at = at_of(cmd, o->at);
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
}

void record_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, event, at, agency;
    std::vector<std::string> data;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "record", "Record a step of the procedure\n"
                "  example: scr review record \"Child Q\" decision_made --at 01/02/2024 \\\n"
                "             --actor \"A. Patel\" --role lscb_chair --data outcome=scr --data reasons=\"criteria met\"");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("EVENT", o->event, "The procedure's event, e.g. panel_convened")->required();
  add_at(cmd, o->at);
  add_actor(cmd, o->by);
  cmd->add_option("--agency", o->agency, "The agency whose track the event belongs to");
  cmd->add_option("--data", o->data, "A field of the event, key=value (repeat for more)");
  out.emplace_back(cmd, [o, cmd, &global] {
    auto db = writable(global);
    const auto seq =
        db.record(o->reference, o->event, at_of(cmd, o->at), o->by.get(), parse_data(o->data), o->agency);
    std::cout << "recorded " << o->event << " as event " << seq << " of " << o->reference << ": state "
              << db.load(o->reference).state() << '\n';
    return exit_ok;
  });
}

void assign_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, person, as_role, agency, person_id, at;
    std::vector<std::string> declarations;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "assign", "Give a person a role (independence rules are checked)\n"
                "  example: scr review assign \"Child Q\" --person \"J. Smith\" --as panel_chair \\\n"
                "             --agency Independent --actor \"A. Patel\" --role lscb_chair");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("--person", o->person, "Who takes the role")->required();
  cmd->add_option("--as", o->as_role, "The role they take")->required();
  cmd->add_option("--agency", o->agency, "Their agency")->required();
  cmd->add_option("--declare", o->declarations, "A declaration for the procedure's conflicts (repeat for more)");
  cmd->add_option("--person-id", o->person_id,
                  "A stable id for the person (a staff number): two assignments that both give one are the "
                  "same person exactly when the ids match, whatever the names");
  add_at(cmd, o->at);
  add_actor(cmd, o->by);
  out.emplace_back(cmd, [o, cmd, &global] {
    auto db = writable(global);
    db.assign(o->reference, o->person, o->as_role, o->agency, at_of(cmd, o->at), o->by.get(), o->declarations,
              o->person_id);
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
}

void schedule_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, milestone, on, time, agency, at;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "schedule", "Set the date of a milestone the panel fixes\n"
                  "  example: scr review schedule \"Child Q\" presentation_meeting 20/05/2024 --time 10:00 \\\n"
                  "             --actor \"J. Smith\" --role panel_chair");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("MILESTONE", o->milestone, "The milestone")->required();
  cmd->add_option("DATE", o->on, "Its date")->required();
  cmd->add_option("--time", o->time, "Its London time, HH:MM");
  cmd->add_option("--agency", o->agency, "The agency, for a track's milestone");
  add_at(cmd, o->at);
  add_actor(cmd, o->by);
  out.emplace_back(cmd, [o, cmd, &global] {
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
    const auto on = parse_day(o->on, "DATE");
    auto db = writable(global);
    db.schedule(o->reference, o->milestone, on, t, at_of(cmd, o->at), o->by.get(), o->agency);
    std::cout << o->milestone << " of " << o->reference << " set for " << scr::format_date(on)
              << (o->time.empty() ? "" : " at " + o->time) << '\n';
    for (const auto& w : db.load(o->reference).warnings()) {
      if (w.kind == "breach") std::cerr << "warning: " << w.message << '\n';
    }
    return exit_ok;
  });
}

void extend_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, milestone, new_due, reason, agency, at;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "extend", "Agree an extension of a milestone (the original date is kept)\n"
                "  example: scr review extend \"Child Q\" completion 01/10/2024 --reason \"trial in July\" \\\n"
                "             --actor \"Solihull LSCB\" --role lscb");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("MILESTONE", o->milestone, "The milestone")->required();
  cmd->add_option("NEW_DUE", o->new_due, "The new due date")->required();
  cmd->add_option("--reason", o->reason, "Why")->required();
  cmd->add_option("--agency", o->agency, "The agency, for a track's milestone");
  add_at(cmd, o->at);
  add_actor(cmd, o->by, "The role that agrees it, e.g. lscb");
  out.emplace_back(cmd, [o, cmd, &global] {
    const auto to = parse_day(o->new_due, "NEW_DUE");
    auto db = writable(global);
    db.extend(o->reference, o->milestone, to, o->reason, at_of(cmd, o->at), o->by.get(), o->agency);
    std::cout << o->milestone << " of " << o->reference << " extended to " << scr::format_date(to) << '\n';
    return exit_ok;
  });
}

void hold_commands(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, reason, note, at;
    who by;
  };
  auto o = std::make_shared<options>();
  if (auto* hold = out.add(review,
        "hold", "Put the review on hold (criminal proceedings, an inquest)\n"
                "  example: scr review hold \"Child Q\" --reason \"criminal trial\" --actor \"A. Patel\" --role lscb_chair")) {
    hold->add_option("REFERENCE", o->reference, "The review")->required();
    hold->add_option("--reason", o->reason, "Why")->required();
    add_at(hold, o->at);
    add_actor(hold, o->by);
    out.emplace_back(hold, [o, hold, &global] {
      writable(global).hold(o->reference, o->reason, at_of(hold, o->at), o->by.get());
      std::cout << o->reference << " is on hold\n";
      return exit_ok;
    });
  }

  if (auto* release = out.add(review,
        "release", "End the hold\n  example: scr review release \"Child Q\" --actor \"A. Patel\" --role lscb_chair")) {
    release->add_option("REFERENCE", o->reference, "The review")->required();
    release->add_option("--note", o->note, "A note");
    add_at(release, o->at);
    add_actor(release, o->by);
    out.emplace_back(release, [o, release, &global] {
      writable(global).release(o->reference, at_of(release, o->at), o->by.get(), o->note);
      std::cout << o->reference << " is no longer on hold\n";
      return exit_ok;
    });
  }
}

void discharge_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, obligation, note, agency, at;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "discharge", "Record that an obligation was done (its earliest open occurrence)\n"
                   "  example: scr review discharge \"Child Q\" incident_notice --note \"emailed Ofsted and the DfE\" "
                   "\\\n             --actor \"R. Jones\" --role administrator");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("OBLIGATION", o->obligation, "The obligation")->required();
  cmd->add_option("--note", o->note, "What was done");
  cmd->add_option("--agency", o->agency, "The agency, for a track's obligation");
  add_at(cmd, o->at);
  add_actor(cmd, o->by);
  out.emplace_back(cmd, [o, cmd, &global] {
    writable(global).discharge(o->reference, o->obligation, at_of(cmd, o->at), o->by.get(), o->note, o->agency);
    std::cout << o->obligation << " of " << o->reference << " discharged\n";
    return exit_ok;
  });
}

// ---- corrections: never edits, each an event in the history ----

void void_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, reason;
    std::vector<std::uint64_t> sequences;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "void", "Void events recorded by mistake (they stay in the history, marked void); voiding event 1 voids the "
              "whole review\n"
              "  example: scr review void \"Child Q\" 7 --reason \"recorded against the wrong review\" \\\n"
              "             --actor \"J. Lowe\" --role administrator");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("SEQ", o->sequences, "The events' numbers, as `scr review history` shows them")->required();
  cmd->add_option("--reason", o->reason, "Why")->required();
  add_actor(cmd, o->by);
  out.emplace_back(cmd, [o, &global] {
    auto db = writable(global);
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
}

void amend_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, at, reason;
    std::uint64_t sequence = 0;
    std::vector<std::string> data;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "amend", "Correct an event's time and/or data (the original stays in the history)\n"
               "  example: scr review amend \"Child Q\" 5 --at \"27/09/2010 10:00\" --reason \"typed 27/10 for 27/09\" "
               "\\\n             --actor \"J. Lowe\" --role administrator");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("SEQ", o->sequence, "The event's number, as `scr review history` shows it")->required();
  cmd->add_option("--at", o->at, "When it really happened (London time, or ISO with Z or an offset)");
  cmd->add_option("--data", o->data, "A corrected field, key=value (key= removes an optional field)");
  cmd->add_option("--reason", o->reason, "Why")->required();
  add_actor(cmd, o->by);
  out.emplace_back(cmd, [o, &global] {
    std::optional<scr::instant> at;
    if (!o->at.empty()) at = parse_when(o->at, "--at");
    auto changes = parse_data(o->data);
    for (auto& [k, v] : changes) {
      if (const auto* text = std::get_if<std::string>(&v); text != nullptr && text->empty()) v = std::monostate{};
    }
    if (!at && changes.empty()) throw scr::input_error("give the corrected --at or --data key=value (or both)");
    auto db = writable(global);
    db.amend(o->reference, o->sequence, at, changes, o->reason, o->by.get());
    std::cout << "amended event " << o->sequence << " of " << o->reference << ": state "
              << db.load(o->reference).state() << '\n';
    return exit_ok;
  });
}

void waive_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, item, agency, reason, at;
    int occurrence = 0;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "waive", "Mark a milestone or obligation as not applicable to this review (never overdue)\n"
               "  example: scr review waive \"Child Q\" family_feedback --reason \"the family declined\" \\\n"
               "             --actor \"J. Lowe\" --role administrator");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("ITEM", o->item, "The milestone or obligation")->required();
  cmd->add_option("--agency", o->agency, "The agency, for a track's milestone or obligation");
  cmd->add_option("--occurrence", o->occurrence, "Which occurrence of a repeating obligation (default the earliest open)");
  cmd->add_option("--reason", o->reason, "Why it does not apply")->required();
  add_at(cmd, o->at);
  add_actor(cmd, o->by);
  out.emplace_back(cmd, [o, cmd, &global] {
    writable(global).waive(o->reference, o->item, o->reason, at_of(cmd, o->at), o->by.get(), o->agency,
                           o->occurrence);
    std::cout << o->item << (o->agency.empty() ? "" : " (" + o->agency + ")") << " of " << o->reference
              << " waived\n";
    return exit_ok;
  });
}

void unassign_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, person, as_role, agency, reason, person_id, at;
    who by;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "unassign", "Take a person off a role (clears the warnings that assignment raised)\n"
                  "  example: scr review unassign \"Child Q\" --person \"J. Smith\" --as panel_chair \\\n"
                  "             --reason \"works for an involved agency\" --actor \"A. Patel\" --role lscb_chair");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("--person", o->person, "Who")->required();
  cmd->add_option("--as", o->as_role, "The role they leave")->required();
  cmd->add_option("--agency", o->agency, "Their agency (if they hold the role for more than one)");
  cmd->add_option("--reason", o->reason, "Why")->required();
  cmd->add_option("--person-id", o->person_id,
                  "The person's id, to choose between two people of the same name who hold the role");
  add_at(cmd, o->at);
  add_actor(cmd, o->by);
  out.emplace_back(cmd, [o, cmd, &global] {
    writable(global).unassign(o->reference, o->person, o->as_role, o->reason, at_of(cmd, o->at), o->by.get(),
                              o->agency, o->person_id);
    std::cout << o->person << " is no longer " << o->as_role << " in " << o->reference << '\n';
    return exit_ok;
  });
}

}  // namespace

void add_review_commands(CLI::App& app, commands& out, const global_options& global) {
  init_command(app, out, global);
  auto* review = out.add(app, "review", "Open a review, record its steps, and see where it stands");
  if (review == nullptr) return;
  review->require_subcommand(1);
  open_command(*review, out, global);
  record_command(*review, out, global);
  assign_command(*review, out, global);
  schedule_command(*review, out, global);
  extend_command(*review, out, global);
  hold_commands(*review, out, global);
  discharge_command(*review, out, global);
  void_command(*review, out, global);
  amend_command(*review, out, global);
  waive_command(*review, out, global);
  unassign_command(*review, out, global);
  migrate_command(*review, out, global);
}

}  // namespace scr::cli
