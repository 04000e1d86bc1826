// Where one review stands: scr review next|show|history|verify, and
// scr timetable.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <memory>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

/// The store, read-only.
scr::store readable(const global_options& global) { return open_store(global, false, true); }

void next_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, as_of, as_role, agency;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "next", "What can be done next: each step allowed, who may take it and the data it takes, and what blocks "
              "the others\n  example: scr review next \"Child Q\" --role lscb_chair");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("--as-of", o->as_of, "As of this date (default: the review's last event)");
  cmd->add_option("--role", o->as_role, "Only the steps this role may take");
  cmd->add_option("--agency", o->agency, "Only this agency's track (and the review's own steps)");
  add_list_output(cmd, o->list);
  out.emplace_back(cmd, [o, &global] {
    const auto as = o->list.kind();
    const auto r = readable(global).load(o->reference);
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
    o->list.write(as == list_kind::json  ? scr::next_steps_json(steps, o->reference, as_of)
                  : as == list_kind::csv ? scr::next_steps_csv(steps, o->reference, o->list.csv_options())
                                         : scr::next_steps_text(steps),
                  global);
    return exit_ok;
  });
}

void show_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference, as_of;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "show", "Where a review stands: its state, every deadline and obligation, and warnings (as CSV or JSON: "
              "its timetable, as `scr timetable` writes it)\n"
              "  example: scr review show \"Child Q\" --as-of 01/03/2024");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  add_list_output(cmd, o->list);
  out.emplace_back(cmd, [o, &global] {
    const auto as = o->list.kind();
    const auto r = readable(global).load(o->reference);
    const auto as_of = as_of_or_today(o->as_of);
    o->list.write(as == list_kind::json  ? scr::timetable_json(r, as_of)
                  : as == list_kind::csv ? scr::timetable_csv(r, as_of, o->list.csv_options())
                                         : scr::timetable_text(r, as_of, colour_on(o->list.output)),
                  global);
    return exit_ok;
  });
}

/// A field's value as the history shows it.
std::string value_text(const scr::field_value& v, bool utc) {
  if (const auto* text = std::get_if<std::string>(&v)) return *text;
  if (const auto* d = std::get_if<scr::date>(&v)) return scr::format_date(*d);
  if (const auto* t = std::get_if<scr::instant>(&v)) return shown_instant(*t, utc);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  return "";
}

/// Which later event voided or amended each event.
std::map<std::uint64_t, std::string> corrections_of(const std::vector<scr::stored_event>& stored) {
  std::map<std::uint64_t, std::string> corrected;
  for (const auto& s : stored) {
    if (s.event.kind == scr::event_kind::voided) {
      corrected[s.event.corrects] = "void (" + std::to_string(s.sequence) + ")";
    } else if (s.event.kind == scr::event_kind::amended && corrected[s.event.corrects].rfind("void", 0) != 0) {
      corrected[s.event.corrects] = "amended (" + std::to_string(s.sequence) + ")";
    }
  }
  return corrected;
}

/// The history as JSON: every instant in UTC, exactly, with at_london beside.
std::string history_json(const std::string& reference, const std::vector<scr::stored_event>& stored) {
  using json = nlohmann::ordered_json;
  const auto corrected = corrections_of(stored);
  const auto opt = [](const std::string& x) { return x.empty() ? json() : json(x); };
  auto events = json::array();
  for (const auto& s : stored) {
    const auto& e = s.event;
    auto data = json::object();
    for (const auto& [k, v] : e.data) {
      if (std::holds_alternative<bool>(v)) data[k] = std::get<bool>(v);
      else if (std::holds_alternative<std::int64_t>(v)) data[k] = std::get<std::int64_t>(v);
      else if (std::holds_alternative<std::monostate>(v)) data[k] = nullptr;
      else data[k] = value_text(v, true);
    }
    const auto c = corrected.find(s.sequence);
    events.push_back({{"sequence", s.sequence}, {"at", shown_instant(e.at, true)},
                      {"at_london", shown_instant(e.at, false)}, {"kind", scr::to_string(e.kind)},
                      {"name", e.name}, {"agency", opt(e.agency)}, {"subject", opt(e.subject)},
                      {"by", {{"name", e.by.name}, {"role", e.by.role}, {"agency", opt(e.by.agency)}}},
                      {"data", std::move(data)}, {"corrects", e.corrects == 0 ? json() : json(e.corrects)},
                      {"reason", opt(e.reason)}, {"corrected_by", c == corrected.end() ? json() : json(c->second)},
                      {"recorded_at", shown_instant(s.recorded_at, true)}, {"hash", s.hash}});
  }
  return json{{"version", scr::json_schema_version}, {"reference", reference}, {"events", std::move(events)}}.dump(2) +
         "\n";
}

/// The history as rows: one per event, for CSV and XLSX (`table`: false)
/// or the terminal.
std::vector<std::vector<std::string>> history_rows(const std::vector<scr::stored_event>& stored, bool utc,
                                                   bool table) {
  const auto corrected = corrections_of(stored);
  const auto corrected_by = [&](std::uint64_t seq) {
    const auto c = corrected.find(seq);
    return c == corrected.end() ? std::string() : c->second;
  };
  std::vector<std::vector<std::string>> rows;
  if (table) {
    rows.push_back({"#", utc ? "AT (UTC)" : "AT (LONDON)", "WHAT", "AGENCY", "BY", "DATA", "CORRECTED"});
  } else {
    rows.push_back({"sequence", utc ? "at_utc" : "at_london", "kind", "name", "agency", "subject", "by_name",
                    "by_role", "by_agency", "data", "corrects", "reason", "corrected_by",
                    utc ? "recorded_at_utc" : "recorded_at_london", "hash"});
  }
  for (const auto& s : stored) {
    const auto& e = s.event;
    std::string data;
    for (const auto& [k, v] : e.data) data += (data.empty() ? "" : "; ") + k + "=" + value_text(v, utc);
    if (!table) {
      rows.push_back({std::to_string(s.sequence), shown_instant(e.at, utc), std::string(scr::to_string(e.kind)),
                      e.name, e.agency, e.subject, e.by.name, e.by.role, e.by.agency, data,
                      e.corrects == 0 ? "" : std::to_string(e.corrects), e.reason, corrected_by(s.sequence),
                      shown_instant(s.recorded_at, utc), s.hash});
      continue;
    }
    std::string what = std::string(scr::to_string(e.kind)) + " " + e.name;
    if (e.corrects != 0) what += " (event " + std::to_string(e.corrects) + ")";
    if (e.kind == scr::event_kind::assigned || e.kind == scr::event_kind::unassigned) what += ": " + e.subject;
    if (!e.reason.empty()) data = "reason=" + e.reason + (data.empty() ? "" : "; " + data);
    rows.push_back({std::to_string(s.sequence), shown_instant(e.at, utc), what, e.agency.empty() ? "-" : e.agency,
                    e.by.name + " (" + e.by.role + ")", data, corrected_by(s.sequence)});
  }
  return rows;
}

void history_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string reference;
    bool utc = false;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "history", "Who did what, when (London time unless --utc), and what they recorded\n"
                 "  example: scr review history \"Child Q\" --format csv -o child-q-history.csv");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_flag("--utc", o->utc, "Times in UTC (ISO 8601) instead of London time");
  add_list_output(cmd, o->list, true);
  out.emplace_back(cmd, [o, &global] {
    const auto as = o->list.kind();
    const auto stored = readable(global).history(o->reference);
    switch (as) {
      case list_kind::json: o->list.write(history_json(o->reference, stored), global); break;
      case list_kind::csv:
        o->list.write(scr::csv_table(history_rows(stored, o->utc, false), o->list.csv_options()), global);
        break;
      case list_kind::xlsx: o->list.write(scr::table_xlsx(history_rows(stored, o->utc, false), "History"), global); break;
      case list_kind::table: o->list.write(scr::aligned_table(history_rows(stored, o->utc, true)), global); break;
    }
    return exit_ok;
  });
}

void verify_command(CLI::App& review, commands& out, const global_options& global) {
  auto reference = std::make_shared<std::string>();
  auto* cmd = out.add(review,
      "verify", "Check the review's hash chain, its head against the store's ledger, and its projections (exit 1 "
                "if anything is wrong; the same as `scr verify REFERENCE`)\n"
                "  example: scr review verify \"Child Q\"");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", *reference, "The review")->required();
  out.emplace_back(cmd, [reference, &global] { return print_verify(readable(global), *reference); });
}

void timetable_command(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string reference, as_of, format = "table", output;
    bool force = false;
    csv_flags csv;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(app,
      "timetable", "A review's timetable as a table, CSV, JSON, iCalendar (.ics) or a self-contained HTML page\n"
                   "  example: scr timetable \"Child Q\" --as-of 01/03/2024 --format ics -o child-q.ics");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->reference, "The review")->required();
  cmd->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  cmd->add_option("--format", o->format, "table (default), csv, json, ics or html");
  add_output_options(cmd, o->output, o->force);
  add_csv_flags(cmd, o->csv);
  out.emplace_back(cmd, [o, &global] {
    const auto f = scr::parse_export_format(o->format);
    const auto csv = o->csv.get(f);
    const auto r = readable(global).load(o->reference);
    const auto as_of = as_of_or_today(o->as_of);
    emit(f == scr::export_format::text  ? scr::timetable_text(r, as_of, colour_on(o->output))
         : f == scr::export_format::csv ? scr::timetable_csv(r, as_of, csv)
                                        : scr::export_timetable(r, as_of, f),
         o->output, output_rules{global.db, o->force});
    return exit_ok;
  });
}

}  // namespace

void add_standing_commands(CLI::App& app, commands& out, const global_options& global) {
  if (auto* review = commands::built(app, "review")) {
    next_command(*review, out, global);
    show_command(*review, out, global);
    history_command(*review, out, global);
    verify_command(*review, out, global);
  }
  timetable_command(app, out, global);
}

}  // namespace scr::cli
