// scr procedures ...: the built-in packs, checking a board's own definition,
// and diagrams.

#include <filesystem>
#include <map>
#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

std::string join(const std::vector<std::string>& items, const std::string& sep = ", ") {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : sep) + i;
  return out;
}




std::string trigger_text(const scr::trigger& t) {
  switch (t.kind) {
    case scr::trigger_kind::event: return t.ref + (t.when ? " [" + t.when->text() + "]" : "");
    case scr::trigger_kind::milestone_met: return t.ref + " met";
    case scr::trigger_kind::extension: return t.ref + " extended";
  }
  return {};
}

// The citations, and how firm they are where the definition says.
std::string source_text(const std::vector<std::string>& cite, scr::confidence c) {
  std::string out = join(cite);
  const auto words = scr::confidence_words(c);
  if (!words.empty()) out += (out.empty() ? "[" : " [") + std::string(words) + "]";
  return out;
}

// How many milestones and obligations rest on each kind of source: "2
// statute, 1 statutory guidance, 3 local practice" ("-" when unstated).
std::string firmness_counts(const scr::procedure& p) {
  std::map<scr::confidence, int> counts;
  const auto count = [&](const scr::machine& m) {
    for (const auto& ms : m.milestones) ++counts[ms.confidence];
    for (const auto& o : m.obligations) ++counts[o.confidence];
  };
  count(p);
  for (const auto& t : p.tracks()) count(t);
  std::string out;
  for (const auto& [c, n] : counts) {
    if (c == scr::confidence::unstated) continue;
    out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + std::string(scr::confidence_words(c));
  }
  return out.empty() ? "-" : out;
}

void show_machine(std::ostream& out, const scr::machine& m, const std::string& indent) {
  std::vector<std::vector<std::string>> rows{{"STATE", "KIND", "TITLE"}};
  for (const auto& s : m.states) rows.push_back({s.id, std::string(scr::to_string(s.kind)), s.title});
  out << '\n' << indent << "States\n";
  for (const auto& line : split_lines(scr::aligned_table(rows))) out << indent << "  " << line << '\n';

  // Every event and the data it takes: name (type, required or when).
  rows = {{"EVENT", "DATA"}};
  for (const auto& e : m.events) {
    std::vector<std::string> fields;
    for (const auto& f : e.data) {
      std::string text = f.name + " (" + std::string(scr::to_string(f.type));
      if (!f.values.empty()) text += ": " + join(f.values, "|");
      text += f.required ? ", required" : f.required_when ? ", required when " + f.required_when->text() : ", optional";
      fields.push_back(text + ")");
    }
    rows.push_back({e.name, fields.empty() ? "-" : join(fields, "; ")});
  }
  out << '\n' << indent << "Events\n";
  for (const auto& line : split_lines(scr::aligned_table(rows))) out << indent << "  " << line << '\n';

  rows = {{"EVENT", "FROM", "TO", "WHEN", "ROLES", "REQUIRES"}};
  for (const auto& t : m.transitions) {
    std::vector<std::string> needs;
    for (const auto& r : t.requires_) {
      switch (r.kind) {
        case scr::prerequisite_kind::milestone: needs.push_back("milestone " + r.id); break;
        case scr::prerequisite_kind::obligation: needs.push_back("obligation " + r.id); break;
        case scr::prerequisite_kind::every_agency: needs.push_back(r.id + " in every " + r.track); break;
      }
    }
    rows.push_back({t.event, t.from_any ? "*" : join(t.from), t.to ? *t.to : "(stays)",
                    t.when ? t.when->text() : "", t.roles.empty() ? "(any)" : join(t.roles),
                    needs.empty() ? "" : join(needs)});
  }
  out << '\n' << indent << "Transitions\n";
  for (const auto& line : split_lines(scr::aligned_table(rows))) out << indent << "  " << line << '\n';

  if (!m.milestones.empty()) {
    rows = {{"MILESTONE", "DUE", "KIND", "OWNER", "MET BY", "EXTENDED BY", "SOURCE"}};
    for (const auto& ms : m.milestones) {
      std::string met = join(ms.completed_by);
      if (ms.completed_when) met += " [" + ms.completed_when->text() + "]";
      rows.push_back({ms.id, rule_text(ms),
                      std::string(scr::to_string(ms.kind)) + (ms.level == scr::strength::should ? " (should)" : ""),
                      ms.owner, met.empty() ? "-" : met, ms.extendable_by.empty() ? "-" : join(ms.extendable_by),
                      source_text(ms.cite, ms.confidence)});
    }
    out << '\n' << indent << "Milestones\n";
    for (const auto& line : split_lines(scr::aligned_table(rows))) out << indent << "  " << line << '\n';
  }
  if (!m.obligations.empty()) {
    rows = {{"OBLIGATION", "ON", "WITHIN", "OWNER", "TELL", "SOURCE"}};
    for (const auto& o : m.obligations) {
      std::string within = o.within ? o.within->to_string() : "-";
      if (o.repeat) within += ", every " + o.repeat->to_string() + " until " + o.until;
      if (o.after_closure) within += "; goes on " + o.after_closure->to_string() + " after closure";
      rows.push_back({o.id, trigger_text(o.on), within, o.owner, join(o.recipients), source_text(o.cite, o.confidence)});
    }
    out << '\n' << indent << "Obligations\n";
    for (const auto& line : split_lines(scr::aligned_table(rows))) out << indent << "  " << line << '\n';
  }
  // What each source says, and how firm it is, where the definition says.
  bool heading = false;
  const auto basis = [&](const std::string& id, scr::confidence c, const std::string& text) {
    if (c == scr::confidence::unstated && text.empty()) return;
    if (!heading) out << '\n' << indent << "How firm each rule is\n";
    heading = true;
    const auto words = scr::confidence_words(c);
    out << indent << "  " << id << ": " << (words.empty() ? "unstated" : std::string(words))
        << (text.empty() ? "" : ". " + text) << '\n';
  };
  for (const auto& ms : m.milestones) basis(ms.id, ms.confidence, ms.basis);
  for (const auto& o : m.obligations) basis(o.id, o.confidence, o.basis);
}

}  // namespace

scr::procedure procedure_named(const std::string& what) {
  const auto ids = scr::procedure::builtin_ids();
  if (std::find(ids.begin(), ids.end(), what) != ids.end()) return scr::procedure::builtin(what);
  if (std::filesystem::exists(what)) return scr::procedure::parse(read_file(what), what);
  throw scr::input_error("unknown procedure '" + what + "': neither a built-in pack (" + join(ids) +
                         ") nor a file; `scr procedures list` lists them");
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    out.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

void add_procedure_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string name;
    std::vector<std::string> files;
    std::string format = "text";
    std::string output;
    bool quiet = false, force = false, rules = false;
  };
  auto o = std::make_shared<options>();
  struct diff_options {
    std::string from, to, review, as_of, format = "text";
  };
  auto dopt = std::make_shared<diff_options>();

  auto* group = out.add(app, "procedures", "Review procedures: the built-in packs and your own definitions");
  if (group == nullptr) return;
  group->require_subcommand(1);

  auto* list_cmd = out.add(*group, "list",
                           "List the built-in procedure packs\n  example: scr procedures list\n"
                           "  example: scr procedures list --rules");
  if (list_cmd != nullptr) {
    list_cmd->add_flag("--rules", o->rules,
                       "Every deadline and duty of every pack instead: its rule, how firm its source is, and the source");
  }

  auto* show_cmd = out.add(*group,
      "show", "Summarise a procedure: states, transitions, milestones, obligations, tracks\n"
              "  example: scr procedures show solihull-2011-scr\n"
              "  example: scr procedures show my-board.yaml --format yaml");
  if (show_cmd != nullptr) {
    show_cmd->add_option("PROCEDURE", o->name, "A built-in id or a YAML file")->required();
    show_cmd->add_option("--format", o->format, "text (default) or yaml")
        ->check(CLI::IsMember({"text", "yaml"}));
  }

  auto* check_cmd = out.add(*group,
      "check", "Check procedure files; every error with its line, column and rule\n"
               "  example: scr procedures check my-board.yaml\n"
               "  exit 0: valid (warnings allowed); 1: invalid; 2: a file cannot be read");
  if (check_cmd != nullptr) {
    check_cmd->add_option("FILE", o->files, "YAML files")->required();
    check_cmd->add_flag("-q,--quiet", o->quiet, "Errors only: do not print warnings");
  }

  auto* diff_cmd = out.add(*group,
      "diff", "What changed from one procedure to another, in the procedure's terms, and which deadlines of a "
              "review would move\n"
              "  example: scr procedures diff england-2023-lcspr northshire-lcspr.yaml\n"
              "  example: scr procedures diff england-2023-lcspr northshire-lcspr.yaml --review \"Child N\" --format json");
  if (diff_cmd != nullptr) {
    diff_cmd->add_option("FROM", dopt->from, "A built-in id or a YAML file")->required();
    diff_cmd->add_option("TO", dopt->to, "A built-in id or a YAML file")->required();
    diff_cmd->add_option("--review", dopt->review,
                         "A review in the store (--db) replayed under both: the deadlines that would move");
    diff_cmd->add_option("--as-of", dopt->as_of, "The date to judge the review's timetable by (default today, in London)");
    diff_cmd->add_option("--format", dopt->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  }

  auto* diagram_cmd = out.add(*group,
      "diagram", "Draw a procedure as Graphviz DOT or a Mermaid state diagram\n"
                 "  example: scr procedures diagram essex-2016-scr --format dot | dot -Tsvg > essex.svg");
  if (diagram_cmd != nullptr) {
    diagram_cmd->add_option("PROCEDURE", o->name, "A built-in id or a YAML file")->required();
    diagram_cmd->add_option("--format", o->format, "dot or mermaid")
        ->required()
        ->check(CLI::IsMember({"dot", "mermaid"}));
    diagram_cmd->add_option("-o,--output", o->output,
                            "Write to this new file (readable by you only) instead of standard output; never the "
                            "database");
    diagram_cmd->add_flag("--force", o->force, "With -o: replace the file if it exists");
  }

  out.emplace_back(list_cmd, [o] {
    if (o->rules) {
      std::vector<std::vector<std::string>> rows{{"PACK", "RULE", "DUE", "FIRMNESS", "SOURCE"}};
      for (const auto& id : scr::procedure::builtin_ids()) {
        const auto p = scr::procedure::builtin(id);
        const auto add = [&](const scr::machine& m, const std::string& track) {
          const std::string in = track.empty() ? "" : track + ".";
          for (const auto& ms : m.milestones) {
            const auto words = scr::confidence_words(ms.confidence);
            rows.push_back({id, in + ms.id, rule_text(ms), words.empty() ? "-" : std::string(words), join(ms.cite)});
          }
          for (const auto& ob : m.obligations) {
            const auto words = scr::confidence_words(ob.confidence);
            std::string due = ob.within ? ob.within->to_string() + " after " + trigger_text(ob.on)
                                        : "on " + trigger_text(ob.on) + ", no time set";
            if (ob.repeat) due += ", every " + ob.repeat->to_string();
            rows.push_back({id, in + ob.id, due, words.empty() ? "-" : std::string(words), join(ob.cite)});
          }
        };
        add(p, "");
        for (const auto& t : p.tracks()) add(t, t.id);
      }
      std::cout << scr::aligned_table(rows);
      return exit_ok;
    }
    std::vector<std::vector<std::string>> rows{{"ID", "VERSION", "EFFECTIVE", "RULES BY FIRMNESS", "TITLE"}};
    for (const auto& id : scr::procedure::builtin_ids()) {
      const auto p = scr::procedure::builtin(id);
      rows.push_back({id, std::to_string(p.version()), scr::format_date(p.effective_from()), firmness_counts(p),
                      p.title()});
    }
    std::cout << scr::aligned_table(rows);
    return exit_ok;
  });

  out.emplace_back(show_cmd, [o] {
    const auto p = procedure_named(o->name);
    if (o->format == "yaml") {
      std::cout << p.to_yaml();
      return exit_ok;
    }
    std::cout << p.id() << "  version " << p.version() << ", effective from " << scr::format_date(p.effective_from())
              << '\n'
              << p.title() << '\n'
              << "calendar: " << p.calendar_name();
    if (!p.review_type().empty()) std::cout << "    review type: " << p.review_type();
    std::cout << '\n';
    if (!p.sources().empty()) {
      std::cout << "\nSources\n";
      for (const auto& s : p.sources()) std::cout << "  " << s.key << "  " << s.title << '\n';
    }
    std::vector<std::vector<std::string>> rows{{"ROLE", "TITLE"}};
    for (const auto& r : p.roles()) rows.push_back({r.id, r.title});
    std::cout << "\nRoles\n";
    for (const auto& line : split_lines(scr::aligned_table(rows))) std::cout << "  " << line << '\n';
    std::cout << "\nCorrections (void, amend, waive, unassign) by: the role that recorded the event, the roles "
                 "that may record it"
              << (p.correctors().empty() ? std::string() : ", and " + join(p.correctors())) << '\n';
    if (!p.conflicts().empty()) {
      std::cout << "\nRole conflicts\n";
      for (const auto& c : p.conflicts()) {
        std::cout << "  " << scr::to_string(c.level) << "  " << c.rule << " (" << scr::to_string(c.kind) << ": "
                  << join(c.roles) << (c.declaration.empty() ? "" : "; declares " + c.declaration) << ")";
        if (!c.cite.empty()) std::cout << "  " << join(c.cite);
        std::cout << '\n';
      }
    }
    show_machine(std::cout, p, "");
    for (const auto& t : p.tracks()) {
      std::cout << "\nTrack '" << t.id << "': " << t.title << ", one for each agency commissioned by "
                << t.instantiated_by << '\n';
      show_machine(std::cout, t, "  ");
    }
    if (!p.choices().empty()) {
      std::cout << "\nChoices where the sources are ambiguous\n";
      for (const auto& c : p.choices()) std::cout << "  " << c.id << ": " << c.text << '\n';
    }
    return exit_ok;
  });

  out.emplace_back(check_cmd, [o] {
    bool all_valid = true;
    for (const auto& file : o->files) {
      const std::string text = read_file(file);
      const auto result = scr::procedure::check(text, file);
      for (const auto& d : result.diagnostics) {
        if (o->quiet && d.level == scr::severity::warning) continue;
        std::cerr << d.to_string() << '\n';
      }
      std::cout << file << ": " << (result.ok() ? "valid" : "invalid") << " (" << result.errors()
                << (result.errors() == 1 ? " error, " : " errors, ") << result.warnings()
                << (result.warnings() == 1 ? " warning)" : " warnings)") << '\n';
      all_valid = all_valid && result.ok();
    }
    return all_valid ? exit_ok : exit_refused;
  });

  out.emplace_back(diff_cmd, [dopt, &global] {
    using json = nlohmann::ordered_json;
    const auto from = std::make_shared<const scr::procedure>(procedure_named(dopt->from));
    const auto to = std::make_shared<const scr::procedure>(procedure_named(dopt->to));
    const auto changes = scr::diff(*from, *to);
    json doc = {{"from", {{"id", from->id()}, {"version", from->version()}}},
                {"to", {{"id", to->id()}, {"version", to->version()}}},
                {"changes", json::array()}};
    for (const auto& c : changes) {
      doc["changes"].push_back({{"element", c.element}, {"track", c.track}, {"id", c.id}, {"change", c.change},
                                {"key", c.key}, {"from", c.from}, {"to", c.to}, {"text", c.to_string()}});
    }
    std::string text = from->id() + " version " + std::to_string(from->version()) + " -> " + to->id() + " version " +
                       std::to_string(to->version()) + ": " + std::to_string(changes.size()) +
                       (changes.size() == 1 ? " change\n" : " changes\n");
    for (const auto& c : changes) text += "  " + c.to_string() + "\n";
    int status = exit_ok;
    if (!dopt->review.empty()) {
      const auto db = open_store(global, false, true);
      const scr::review r = db.load(dopt->review);
      const scr::date as_of = as_of_or_today(dopt->as_of);
      json sample = {{"reference", dopt->review}, {"as_of", scr::format_date(as_of)}};
      text += "\nReview " + in_quotes(dopt->review) + " as of " + scr::format_date(as_of) + ":\n";
      try {
        const auto under = [&](const std::shared_ptr<const scr::procedure>& p) {
          return scr::timetable_entries(scr::review::from_events(p, r.calendar(), r.history()), as_of);
        };
        const auto before = under(from);
        const auto moved = scr::compare_timetables(before, under(to));
        sample["replays"] = true;
        sample["deadlines"] = json::array();
        for (const auto& m : moved) {
          sample["deadlines"].push_back(deadline_json(m));
          text += "  " + m.to_string() + "\n";
        }
        if (moved.empty()) text += "  no deadline moves\n";
      } catch (const scr::error& e) {
        // The history does not replay under one of them: say which event, and why.
        sample["replays"] = false;
        sample["error"] = e.what();
        text += "  does not replay: " + std::string(e.what()) + "\n";
        status = exit_refused;
      }
      doc["review"] = sample;
    }
    std::cout << (dopt->format == "json" ? doc.dump(2) + "\n" : text);
    return status;
  });

  out.emplace_back(diagram_cmd, [o, &global] {
    const auto p = procedure_named(o->name);
    emit(o->format == "dot" ? p.to_dot() : p.to_mermaid(), o->output, output_rules{global.db, o->force});
    return exit_ok;
  });
}

}  // namespace scr::cli
