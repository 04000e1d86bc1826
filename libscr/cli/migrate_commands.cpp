// New versions of what reviews run under, each a dry run unless --apply:
// scr review migrate (another procedure version, docs/migrating-reviews.md)
// and scr calendar update / versions (a new calendar version, docs/calendar.md).

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "cli.hpp"
#include "scr/migration.hpp"

namespace scr::cli {

namespace {

// "ID@VERSION": id and version; input_error naming `option` otherwise.
std::pair<std::string, int> id_at_version(const std::string& text, const std::string& option) {
  const auto at = text.rfind('@');
  int version = 0;
  const char* first = text.data() + (at == std::string::npos ? 0 : at + 1);
  const char* last = text.data() + text.size();
  const auto [end, ec] = std::from_chars(first, last, version);
  if (at == std::string::npos || at == 0 || ec != std::errc() || end != last || version < 1) {
    throw scr::input_error(option + " " + in_quotes(text) +
                           " is not ID@VERSION (a procedure's id, '@' and its version number, as in "
                           "england-2023-lcspr@3)");
  }
  return {text.substr(0, at), version};
}

// --to: a file, a built-in id (its version, or ID@VERSION of it), or a
// version the store holds (ID@VERSION).
scr::procedure target_of(const std::string& what, const scr::store& db) {
  if (what.find('@') == std::string::npos) return procedure_named(what);
  const auto [id, version] = id_at_version(what, "--to");
  const auto ids = scr::procedure::builtin_ids();
  if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
    auto p = scr::procedure::builtin(id);
    if (p.version() == version) return p;
  }
  return db.stored_procedure(id, version);
}

using json = nlohmann::ordered_json;

json to_json(const scr::migration_report& m) {
  json out = {{"reference", m.reference},
              {"from", {{"id", m.from_id}, {"version", m.from_version}}},
              {"to", {{"id", m.to_id}, {"version", m.to_version}}},
              {"as_of", scr::format_date(m.as_of)},
              {"deadlines", json::array()},
              {"states", json::array()},
              {"refused", json::array()},
              {"problems", m.problems},
              {"applied", m.applied}};
  for (const auto& d : m.deadlines) out["deadlines"].push_back(deadline_json(d));
  for (const auto& s : m.states) {
    out["states"].push_back({{"track", s.track}, {"agency", s.agency}, {"from", s.from}, {"to", s.to},
                             {"gone", s.gone}, {"expected", s.expected ? json(*s.expected) : json()}});
  }
  for (const auto& f : m.refused) out["refused"].push_back({{"sequence", f.sequence}, {"message", f.message}});
  if (m.applied) out["sequence"] = m.sequence;
  return out;
}

json to_json(const scr::calendar_update& u) {
  const auto holidays = [](const std::vector<scr::holiday>& list) {
    json out = json::array();
    for (const auto& h : list) out.push_back({{"date", scr::format_date(h.day)}, {"name", h.name}});
    return out;
  };
  json out = {{"calendar", u.name},
              {"from_version", u.from_version},
              {"to_version", u.to_version},
              {"from_confirmed_through", scr::format_date(u.from_confirmed)},
              {"to_confirmed_through", scr::format_date(u.to_confirmed)},
              {"as_of", scr::format_date(u.as_of)},
              {"added", holidays(u.added)},
              {"removed", holidays(u.removed)},
              {"reviews", u.reviews},
              {"moved", json::array()},
              {"problems", u.problems},
              {"applied", u.applied}};
  for (const auto& m : u.moved) {
    json deadlines = json::array();
    for (const auto& d : m.deadlines) deadlines.push_back(deadline_json(d));
    out["moved"].push_back(
        {{"reference", m.reference}, {"state", m.state}, {"closed", m.closed}, {"deadlines", std::move(deadlines)}});
  }
  return out;
}

// What both commands take: why, whether to apply, the date the timetables
// are compared as of, the output, and who acts.
struct change_options {
  std::string reason, as_of, format = "text";
  bool apply = false;
  who by;
};

void add_change_options(CLI::App* cmd, change_options& c, const std::string& reason_help, const std::string& apply_help,
                        const std::string& role_help) {
  cmd->add_option("--reason", c.reason, reason_help)->required();
  cmd->add_flag("--apply", c.apply, apply_help);
  cmd->add_option("--as-of", c.as_of, "Compare the timetables as of this date (default today)");
  cmd->add_option("--format", c.format, "text or json")->check(CLI::IsMember({"text", "json"}));
  add_actor(cmd, c.by, role_help);
}

}  // namespace

json deadline_json(const scr::deadline_change& d) {
  const auto day = [](const std::optional<scr::date>& x) { return x ? json(scr::format_date(*x)) : json(); };
  return {{"kind", d.kind}, {"id", d.id}, {"agency", d.agency}, {"occurrence", d.occurrence},
          {"change", d.change}, {"from", day(d.from)}, {"to", day(d.to)},
          {"rule_from", d.rule_from}, {"rule_to", d.rule_to}, {"text", d.to_string()}};
}

void migrate_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::vector<std::string> references, states;
    std::string to, from;
    bool all = false;
    change_options change;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review,
      "migrate",
      "Move open reviews to another version of their procedure: every deadline is computed again under it, and\n"
      "every date that moves, every event it does not accept and every state it lacks is reported first.\n"
      "A dry run unless --apply; then all of them move, or none\n"
      "  example: scr review migrate \"Child P\" --to northshire-lcspr.yaml --reason \"revised procedure\" \\\n"
      "             --actor \"B. Chair\" --role safeguarding_partners\n"
      "  example: scr review migrate --all --from northshire-lcspr@1 --to northshire-lcspr@2 --apply ...");
  if (cmd == nullptr) return;
  cmd->add_option("REFERENCE", o->references, "The reviews (or --all --from ID@VERSION)");
  cmd->add_option("--to", o->to, "The version: ID@VERSION (built-in or in the store), a built-in id, or a file")
      ->required();
  cmd->add_flag("--all", o->all, "Every open review under --from");
  cmd->add_option("--from", o->from, "With --all: the version they are under now, ID@VERSION");
  cmd->add_option("--state", o->states,
                  "OLD=NEW: a state the new version lacks, and the state you expect in its place (repeatable)");
  add_change_options(cmd, o->change, "Why (kept in the migrated event)", "Move them (otherwise only report)",
                     "Their role: a corrections role of both versions, e.g. safeguarding_partners");
  out.emplace_back(cmd, [o, &global] {
    auto db = open_store(global, false, !o->change.apply);
    if (o->all == o->from.empty()) throw scr::input_error("--all and --from go together: give both, or neither");
    if (o->all && !o->references.empty()) {
      throw scr::input_error("give the reviews by reference or --all --from ID@VERSION, not both");
    }
    std::vector<std::string> references = o->references;
    if (o->all) {
      const auto [id, version] = id_at_version(o->from, "--from");
      references = db.open_under(id, version);
      if (references.empty()) {
        std::cout << "no open review is under " << id << "@" << version << "\n";
        return exit_ok;
      }
    } else if (references.empty()) {
      throw scr::input_error("name the reviews to migrate, or give --all --from ID@VERSION");
    }
    scr::migration_options options;
    for (const auto& pair : o->states) {
      const auto eq = pair.find('=');
      if (eq == std::string::npos || eq == 0 || eq + 1 == pair.size()) {
        throw scr::input_error("--state " + in_quotes(pair) + " is not OLD=NEW (a state of the old version, '=', "
                               "and the state of the new version expected in its place)");
      }
      if (!options.states.emplace(pair.substr(0, eq), pair.substr(eq + 1)).second) {
        throw scr::input_error("--state names " + in_quotes(pair.substr(0, eq)) + " twice");
      }
    }
    if (!o->change.as_of.empty()) options.as_of = parse_day(o->change.as_of, "--as-of");
    const scr::procedure to = target_of(o->to, db);
    auto reports = db.migrate(references, to, o->change.by.get(), o->change.reason, options);
    const bool ok = std::all_of(reports.begin(), reports.end(), [](const auto& m) { return m.ok(); });
    if (ok && o->change.apply) {
      options.apply = true;
      reports = db.migrate(references, to, o->change.by.get(), o->change.reason, options);
    }
    if (o->change.format == "json") {
      json doc = json::array();
      for (const auto& m : reports) doc.push_back(to_json(m));
      std::cout << doc.dump(2) << "\n";
    } else {
      for (const auto& m : reports) std::cout << m.to_string();
      const std::size_t n = reports.size();
      const std::string reviews = std::to_string(n) + (n == 1 ? " review" : " reviews");
      if (!ok) {
        std::cout << "\nnothing migrated: " << reviews << ", and not every one can move (see above)\n";
      } else if (o->change.apply) {
        std::cout << "\nmigrated " << reviews << " to " << scr::procedure_ref(to) << "\n";
      } else {
        std::cout << "\ndry run: " << reviews << " can move to " << scr::procedure_ref(to)
                  << "; nothing was written (--apply moves them)\n";
      }
    }
    return ok ? exit_ok : exit_refused;
  });
}

void calendar_version_commands(CLI::App& calendar, commands& out, const global_options& global) {
  struct options {
    std::string file, division = "england-and-wales", name = "england-and-wales", version;
    change_options change;
  };
  auto o = std::make_shared<options>();
  if (auto* cmd = out.add(calendar,
        "update",
        "Load a new version of the store's calendar from gov.uk's bank-holidays.json (a new one-off holiday, a\n"
        "moved one): every due date it moves, across the store's reviews, is reported first. A dry run unless\n"
        "--apply; then every later command uses it, and the ledger records it\n"
        "  example: scr calendar update bank-holidays.json --version 2024-06-08 \\\n"
        "             --reason \"Day of mourning proclaimed on 8 June 2024\" --actor \"B. Chair\" --role safeguarding_partners")) {
    cmd->add_option("FILE", o->file, "gov.uk's bank-holidays.json")->required();
    cmd->add_option("--division", o->division, "The file's division: england-and-wales (default), scotland, northern-ireland");
    cmd->add_option("--calendar", o->name, "The store's calendar it updates (default england-and-wales)");
    cmd->add_option("--version", o->version, "The new version's name, e.g. the day the change was announced")->required();
    add_change_options(cmd, o->change, "Why (who announced what, and when)", "Load it (otherwise only report)",
                       "Their role: a corrections role of every review's procedure, e.g. safeguarding_partners");
    out.emplace_back(cmd, [o, &global] {
      auto db = open_store(global, false, !o->change.apply);
      const scr::calendar announced = scr::calendar::from_govuk_json(read_file(o->file), o->division);
      const scr::calendar base = db.calendar_named(o->name);
      const scr::calendar updated = base.updated_with(announced, o->version);
      scr::calendar_update_options options;
      // Made from `base`: refused if another version was loaded since.
      options.expected_version = base.version();
      if (!o->change.as_of.empty()) options.as_of = parse_day(o->change.as_of, "--as-of");
      auto u = db.update_calendar(updated, o->change.by.get(), o->change.reason, options);
      if (u.ok() && o->change.apply) {
        options.apply = true;
        u = db.update_calendar(updated, o->change.by.get(), o->change.reason, options);
      }
      if (o->change.format == "json") {
        std::cout << to_json(u).dump(2) << "\n";
      } else {
        std::cout << u.to_string();
        if (u.ok() && !o->change.apply) std::cout << "\ndry run: nothing was written (--apply loads it)\n";
      }
      return u.ok() ? exit_ok : exit_refused;
    });
  }

  if (auto* list = out.add(calendar, "versions", "The calendar versions loaded into the store\n"
                                                     "  example: scr calendar versions")) {
    list->add_option("--format", o->change.format, "text or json")->check(CLI::IsMember({"text", "json"}));
    out.emplace_back(list, [o, &global] {
      const auto db = open_store(global, false, true);
      const auto versions = db.calendar_versions();
      if (o->change.format == "json") {
        json doc = json::array();
        for (const auto& v : versions) {
          doc.push_back({{"calendar", v.name}, {"version", v.version},
                         {"confirmed_through", scr::format_date(v.confirmed_through)},
                         {"at", scr::format_instant(v.at)}, {"by", v.by.name}, {"role", v.by.role},
                         {"agency", v.by.agency}, {"reason", v.reason}});
        }
        std::cout << doc.dump(2) << "\n";
        return exit_ok;
      }
      if (versions.empty()) std::cout << "no calendar version has been loaded: reviews use the calendars libscr knows\n";
      for (const auto& v : versions) {
        std::cout << v.name << " version " << v.version << " (confirmed through "
                  << scr::format_date(v.confirmed_through) << "), loaded " << shown_instant(v.at, false) << " by "
                  << v.by.name << " (" << v.by.role << "): " << v.reason << "\n";
      }
      return exit_ok;
    });
  }
}

}  // namespace scr::cli
