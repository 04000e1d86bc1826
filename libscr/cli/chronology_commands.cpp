// scr chronology: agencies' chronologies checked on arrival, kept, merged and
// exported (docs/chronology.md).

#include <nlohmann/json.hpp>

#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "cli.hpp"
#include "scr/chronology.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {


scr::chronology_format format_named(const std::string& what) {
  const auto ids = scr::chronology_format::builtin_ids();
  if (std::find(ids.begin(), ids.end(), what) != ids.end()) return scr::chronology_format::builtin(what);
  if (what.find('/') != std::string::npos || what.find('.') != std::string::npos) {
    return scr::chronology_format::parse(read_file(what), what);
  }
  throw scr::input_error("no chronology format " + in_quotes(what) + ": give a built-in id (" +
                         [&] {
                           std::string s;
                           for (const auto& i : ids) s += (s.empty() ? "" : ", ") + i;
                           return s;
                         }() +
                         ") or a YAML file");
}

std::string format_listing(const scr::chronology_format& f) {
  std::ostringstream out;
  out << f.id() << " version " << f.version() << ": " << f.title() << "\n";
  out << "  dates: ";
  for (std::size_t i = 0; i < f.date_forms().size(); ++i) out << (i ? ", " : "") << f.date_forms()[i];
  out << "; times: ";
  for (std::size_t i = 0; i < f.time_forms().size(); ++i) out << (i ? ", " : "") << f.time_forms()[i];
  out << "; a time " << (f.time_rule() == scr::strength::must ? "must" : "should") << " be given";
  if (f.unknown_time()) out << " (" << *f.unknown_time() << " when not known, with the reason)";
  out << "; entries without one go " << (f.untimed_first() ? "first" : "last") << " in their day\n";
  out << "  entries outside the terms of reference's period: "
      << (f.period_rule() == scr::strength::must ? "errors" : "warnings")
      << "; other columns: " << (f.other_columns_refused() ? "refused" : "allowed");
  if (f.seen_detail()) {
    out << "; the child seen alone and wishes: " << (*f.seen_detail() == scr::strength::must ? "must" : "should")
        << " be said";
  }
  out << "\n  columns:\n";
  for (const auto& c : f.columns()) {
    out << "    " << c.title << "  [" << c.id << ": " << scr::to_string(c.type) << ", " << scr::to_string(c.role)
        << (c.required ? ", required" : "") << (c.optional ? ", may be left out" : "")
        << (c.names ? ", checked for names" : "") << "]";
    if (!c.headings.empty()) {
      out << " (also headed";
      for (std::size_t i = 0; i < c.headings.size(); ++i) out << (i ? ", " : " ") << c.headings[i];
      out << ")";
    }
    out << "\n";
  }
  if (f.summary_rule()) out << "  ends with a summary of themes and learning\n";
  if (!f.learning_event_leaves_out().empty()) {
    out << "  the Learning Event copy leaves out:";
    for (const auto& c : f.learning_event_leaves_out()) out << ' ' << c;
    out << '\n';
  }
  return out.str();
}

std::vector<std::string> entry_row(const scr::chronology_entry& e) {
  std::vector<std::string> r{e.agency};
  for (const auto& v : e.values) r.push_back(v);
  r.push_back(std::to_string(e.row));
  return r;
}

}  // namespace

void add_chronology_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string reference, agency, file, format_name, period_from, period_to, setup, at, output, as = "csv",
        layout = "colour", from, to, subject;
    int question = 0, gap_days = 0;
    bool learning_event = false, force = false, check_format = false;
    who by, returned_by;
    list_output list, entries;  // chronology list, chronology show
  };
  auto o = std::make_shared<options>();
  const auto rules = [o, &global] { return output_rules{global.db, o->force}; };

  auto* chron = out.add(app, "chronology",
                        "Agencies' chronologies: checked on arrival, kept with the review, "
                        "merged into one multi-agency chronology, exported (docs/chronology.md)");
  if (chron == nullptr) return;
  chron->require_subcommand(1);

  // ---- formats ----
  if (auto* formats = out.add(*chron,
        "formats", "The built-in chronology formats, or one format's columns and rules (an id or a YAML file), or "
                   "check a board's own format file\n"
                   "  example: scr chronology formats\n"
                   "  example: scr chronology formats stockport-2010\n"
                   "  example: scr chronology formats --check our-format.yaml")) {
    formats->add_option("FORMAT", o->format_name, "A built-in id or a YAML file: show its columns and rules");
    formats->add_flag("--check", o->check_format, "Check FORMAT (a YAML file) and list every problem at its line");
    out.emplace_back(formats, [o] {
      if (o->check_format) {
        if (o->format_name.empty()) throw scr::input_error("--check needs the format file to check");
        const auto d = scr::chronology_format::check(read_file(o->format_name), o->format_name);
        for (const auto& x : d) std::cout << x.to_string() << '\n';
        const bool bad = std::any_of(d.begin(), d.end(), [](const auto& x) { return x.level == scr::severity::error; });
        if (!bad) std::cout << o->format_name << ": a valid chronology format\n";
        return bad ? exit_refused : exit_ok;
      }
      if (!o->format_name.empty()) {
        std::cout << format_listing(format_named(o->format_name));
        return exit_ok;
      }
      for (const auto& id : scr::chronology_format::builtin_ids()) {
        const auto& f = scr::chronology_format::builtin(id);
        std::cout << id << "  " << f.title() << '\n';
      }
      return exit_ok;
    });
  }

  // ---- setup ----
  if (auto* setup_cmd = out.add(*chron,
        "setup", "What the review's chronologies are checked against: the format (default: the procedure's), the "
                 "terms of reference's period and questions, the acronym list and the board's known names\n"
                 "  example: scr chronology setup \"Child R\" --file setup.yaml --actor \"J. Lee\" --role administrator")) {
    setup_cmd->add_option("REFERENCE", o->reference, "The review")->required();
    setup_cmd->add_option("--file", o->setup, "A YAML file: period {from, to}, questions, acronyms [{code, kind, meaning}], "
                                          "known_names, format");
    setup_cmd->add_option("--format", o->format_name, "A built-in format id or a YAML file (overrides the file's)");
    setup_cmd->add_option("--period-from", o->period_from, "The terms of reference's start date");
    setup_cmd->add_option("--period-to", o->period_to, "The terms of reference's end date");
    setup_cmd->add_option("--at", o->at, "When it was agreed (London time; default now)");
    add_actor(setup_cmd, o->by, "Their role, e.g. administrator");
    out.emplace_back(setup_cmd, [o, &global] {
      auto db = open_store(global, false, false);
      // What is set (or the procedure's format), then the file, then --format.
      std::optional<scr::chronology_setup> current = db.chronology_setup_of(o->reference);
      if (!o->setup.empty()) {
        // The file names a built-in format, or --format gives one, or the
        // review has one; the file's other keys replace what is set.
        if (!current && !o->format_name.empty()) current = scr::chronology_setup::with_format(format_named(o->format_name));
        // A setup file written for another review is refused, not applied.
        current = scr::chronology_setup::parse(read_file(o->setup), o->setup, current ? &*current : nullptr,
                                               o->reference);
      }
      if (!o->format_name.empty()) {
        if (current) current->format = format_named(o->format_name);
        else current = scr::chronology_setup::with_format(format_named(o->format_name));
      }
      if (!current) {
        throw scr::input_error("review " + in_quotes(o->reference) + "'s procedure names no chronology format: give --format");
      }
      scr::chronology_setup& s = *current;
      if (!o->period_from.empty()) s.period_from = parse_day(o->period_from, "--period-from");
      if (!o->period_to.empty()) s.period_to = parse_day(o->period_to, "--period-to");
      db.set_chronology_setup(o->reference, s, parse_when(o->at, "--at"), o->by.get());
      std::cout << o->reference << ": chronologies in " << s.format.id() << "; period "
                << (s.period_from ? scr::format_date(*s.period_from) : std::string("(open)")) << " to "
                << (s.period_to ? scr::format_date(*s.period_to) : std::string("(open)")) << "; " << s.questions.size()
                << " terms of reference questions, " << s.acronyms.size() << " acronyms, " << s.known_names.size()
                << " known names\n";
      return exit_ok;
    });
  }

  // ---- check and import ----
  const auto add_file = [o](CLI::App* cmd) {
    cmd->add_option("REFERENCE", o->reference, "The review")->required();
    cmd->add_option("FILE", o->file, "The agency's chronology: CSV (UTF-8 or Windows-1252) or XLSX")->required();
    cmd->add_option("--agency", o->agency, "The agency it is from, as its track names it")->required();
  };
  if (auto* check = out.add(*chron,
        "check", "Check an agency's chronology against the review's format, acronyms, period and known names, and "
                 "print the return report; nothing is recorded (exit 1 when it would be returned)\n"
                 "  example: scr chronology check \"Child R\" police.xlsx --agency Police")) {
    add_file(check);
    out.emplace_back(check, [o, &global] {
      const auto db = open_store(global, false, true);
      const auto setup = db.chronology_setup_of(o->reference);
      if (!setup) {
        throw scr::input_error("review " + in_quotes(o->reference) +
                               "'s procedure names no chronology format: set one with scr chronology setup --format");
      }
      const auto checked = scr::check_chronology(*setup, o->agency, scr::read_chronology(o->file));
      std::cout << checked.report();
      return checked.refused() ? exit_refused : exit_ok;
    });
  }

  if (auto* import = out.add(*chron,
        "import", "Check an agency's chronology and, if it has no error, keep it and record its submission on the "
                  "agency's track; if it has errors, print the return report and record nothing (with "
                  "--returned-by: keep the return and record the submission and the return)\n"
                  "  example: scr chronology import \"Child R\" police.xlsx --agency Police \\\n"
                  "             --at \"04/03/2024 10:00\" --actor \"IMR writer, Police\" --role imr_author")) {
    add_file(import);
    import->add_option("--at", o->at, "When it arrived (London time; default now)");
    add_actor(import, o->by, "The submitter's role, e.g. imr_author (the agency's author: the submission is theirs)");
    import->add_option("--returned-by", o->returned_by.name,
                       "When it has errors: keep the return and record it on the agency's track, by this person");
    import->add_option("--returned-role", o->returned_by.role, "Their role, e.g. administrator (with --returned-by)");
    out.emplace_back(import, [o, &global] {
      auto db = open_store(global, false, false);
      const auto table = scr::read_chronology(o->file);
      if (o->returned_by.name.empty() != o->returned_by.role.empty()) {
        throw scr::input_error("give --returned-by and --returned-role together");
      }
      const bool record_return = !o->returned_by.name.empty();
      const auto checked = db.import_chronology(o->reference, o->agency, table, parse_when(o->at, "--at"), o->by.get(),
                                                record_return ? std::optional<scr::actor>(o->returned_by.get())
                                                              : std::nullopt);
      std::cout << checked.report();
      if (checked.refused()) {
        if (!record_return) {
          std::cerr << "nothing was recorded: send the report to the agency\n";
        } else {
          const auto all = db.chronology_submissions(o->reference);
          const bool with_events = !all.empty() && all.back().event != 0;
          std::cerr << "returned: the return is kept"
                    << (with_events ? " and recorded on the agency's track (events " + std::to_string(all.back().event) +
                                          " and " + std::to_string(all.back().event + 1) + ")"
                                    : " (the procedure names no events for a return)")
                    << "; send the report to the agency\n";
        }
        return exit_refused;
      }
      return exit_ok;
    });
  }

  // ---- list, show ----
  if (auto* list = out.add(*chron, "list", "Every chronology imported for the review: accepted or returned\n"
                                               "  example: scr chronology list \"Child R\"")) {
    list->add_option("REFERENCE", o->reference, "The review")->required();
    add_list_output(list, o->list, true);
    out.emplace_back(list, [o, &global] {
      const auto as = o->list.kind();
      const auto db = open_store(global, false, true);
      const auto submissions = db.chronology_submissions(o->reference);
      std::vector<std::vector<std::string>> rows{{"agency", "version", "status", "at", "by_name", "by_role", "by_agency",
                                                  "file", "entries", "errors", "warnings", "sha256"}};
      for (const auto& s : submissions) {
        rows.push_back({s.agency, std::to_string(s.version), s.status, scr::format_instant(s.at), s.by.name, s.by.role,
                        s.by.agency, s.file, std::to_string(s.entries), std::to_string(s.errors),
                        std::to_string(s.warnings), s.sha256});
      }
      if (as == list_kind::table) {
        std::vector<std::vector<std::string>> shown{
            {"AGENCY", "VERSION", "STATUS", "AT (UTC)", "BY", "FILE", "ENTRIES", "ERRORS", "WARNINGS", "SHA256"}};
        for (const auto& s : submissions) {
          shown.push_back({s.agency, std::to_string(s.version), s.status, scr::format_instant(s.at),
                           s.by.name + " (" + s.by.role + ")", s.file, std::to_string(s.entries),
                           std::to_string(s.errors), std::to_string(s.warnings), s.sha256.substr(0, 12)});
        }
        o->list.write(scr::aligned_table(shown), global);
      } else if (as == list_kind::json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto& s : submissions) {
          j.push_back({{"agency", s.agency}, {"version", s.version}, {"status", s.status},
                       {"at", scr::format_instant(s.at)}, {"by", {{"name", s.by.name}, {"role", s.by.role},
                                                                   {"agency", s.by.agency}}},
                       {"file", s.file}, {"entries", s.entries}, {"errors", s.errors}, {"warnings", s.warnings},
                       {"sha256", s.sha256}, {"event", s.event}, {"report", s.report}});
        }
        o->list.write(nlohmann::json{{"version", 1}, {"chronologies", j}}.dump(2) + "\n", global);
      } else if (as == list_kind::csv) {
        o->list.write(scr::csv_table(rows, o->list.csv_options()), global);
      } else {
        o->list.write(scr::table_xlsx(rows, "Chronologies"), global);
      }
      return exit_ok;
    });
  }

  if (auto* show = out.add(*chron,
        "show", "The multi-agency chronology's entries in order, or a selection: a period, an agency, a family member "
                "or professional (acronym), a terms of reference question\n"
                "  example: scr chronology show \"Child R\" --subject M --from 2023-06-01")) {
    show->add_option("REFERENCE", o->reference, "The review")->required();
    show->add_option("--agency", o->agency, "Only this agency's entries");
    show->add_option("--from", o->from, "Entries on or after this date");
    show->add_option("--to", o->to, "Entries on or before this date");
    show->add_option("--subject", o->subject, "Entries naming this acronym");
    show->add_option("--question", o->question, "Entries relevant to this terms of reference question");
    add_list_output(show, o->entries);
    out.emplace_back(show, [o, &global] {
      const auto as = o->entries.kind();
      const auto db = open_store(global, false, true);
      const auto m = db.merged_chronology(o->reference);
      scr::multi_agency_chronology::filter filter;
      if (!o->from.empty()) filter.from = parse_day(o->from, "--from");
      if (!o->to.empty()) filter.to = parse_day(o->to, "--to");
      if (!o->agency.empty()) filter.agency = o->agency;
      if (!o->subject.empty()) filter.subject = o->subject;
      if (o->question != 0) filter.question = o->question;
      const auto picked = m.select(filter);
      std::vector<std::vector<std::string>> rows;
      std::vector<std::string> head{"Agency"};
      for (const auto& c : m.format().columns()) head.push_back(c.title);
      head.push_back("Agency's row");
      rows.push_back(head);
      for (const auto* e : picked) rows.push_back(entry_row(*e));
      if (as == list_kind::json) {
        nlohmann::json j = nlohmann::json::array();
        for (const auto* e : picked) {
          nlohmann::json values;
          for (std::size_t i = 0; i < m.format().columns().size(); ++i) values[m.format().columns()[i].id] = e->values[i];
          j.push_back({{"agency", e->agency}, {"row", e->row}, {"date", scr::format_date(e->day)}, {"values", values}});
        }
        o->entries.write(nlohmann::json{{"version", 1}, {"entries", j}}.dump(2) + "\n", global);
      } else if (as == list_kind::csv) {
        o->entries.write(scr::csv_table(rows, o->entries.csv_options()), global);
      } else {
        // A terminal: each entry on its lines, the long texts wrapped by the terminal.
        std::string text;
        for (const auto* e : picked) {
          char hh_mm[8] = "--:--";
          if (e->minutes) std::snprintf(hh_mm, sizeof hh_mm, "%02d:%02d", *e->minutes / 60 % 24, *e->minutes % 60);
          text += scr::format_date(e->day) + ' ' + hh_mm + "  " + e->agency + " (row " + std::to_string(e->row) + ")\n";
          for (std::size_t i = 0; i < m.format().columns().size(); ++i) {
            const auto& c = m.format().columns()[i];
            if (c.role == scr::chronology_role::day || c.role == scr::chronology_role::time_of_day || e->values[i].empty()) {
              continue;
            }
            text += "    " + c.title + ": " + e->values[i] + '\n';
          }
        }
        text += std::to_string(picked.size()) + (picked.size() == 1 ? " entry" : " entries") + " of " +
                std::to_string(m.entries().size()) + '\n';
        o->entries.write(text, global);
      }
      return exit_ok;
    });
  }

  // ---- merge: the merged chronology's analysis ----
  if (auto* merge_cmd = out.add(*chron,
        "merge", "Merge the accepted chronologies and say what the merged one shows: entries per agency, the child "
                 "seen (alone, wishes sought) per agency and month, gaps in contact, entries per terms of reference "
                 "question, and any known name in the text\n"
                 "  example: scr chronology merge \"Child R\" --gaps 60")) {
    merge_cmd->add_option("REFERENCE", o->reference, "The review")->required();
    merge_cmd->add_option("--gaps", o->gap_days, "List periods of more than this many days with no entry (default 60)");
    out.emplace_back(merge_cmd, [o, &global] {
      const auto db = open_store(global, false, true);
      const auto m = db.merged_chronology(o->reference);
      const auto setup = db.chronology_setup_of(o->reference);
      std::cout << o->reference << ": " << m.entries().size() << " entries from " << m.chronologies().size()
                << (m.chronologies().size() == 1 ? " agency" : " agencies") << " (" << m.format().id() << ")\n";
      for (const auto& c : m.chronologies()) {
        std::size_t untimed = 0;
        for (const auto& e : c.entries) untimed += e.minutes ? 0u : 1u;
        std::cout << "  " << c.agency << ": " << c.entries.size() << " entries, " << untimed << " without a time\n";
      }
      std::vector<std::vector<std::string>> seen{{"agency", "month", "entries", "child seen", "seen alone", "wishes sought"}};
      for (const auto& s : m.seen_counts()) {
        char month[16];
        std::snprintf(month, sizeof month, "%04d-%02d", s.year, s.month);
        seen.push_back({s.agency, month, std::to_string(s.entries), std::to_string(s.seen), std::to_string(s.seen_alone),
                        std::to_string(s.wishes)});
      }
      std::cout << "\nThe child seen, per agency and month:\n" << scr::aligned_table(seen);
      const int days = o->gap_days > 0 ? o->gap_days : 60;
      const auto gaps = m.gaps(days, setup ? setup->period_from : std::nullopt, setup ? setup->period_to : std::nullopt);
      std::cout << "\nPeriods of more than " << days << " days with no entry from any agency:"
                << (gaps.empty() ? " none" : "") << '\n';
      for (const auto& g : gaps) {
        std::cout << "  " << scr::format_date(g.from) << " to " << scr::format_date(g.to) << ": " << g.days << " days\n";
      }
      if (setup && !setup->questions.empty()) {
        std::cout << "\nEntries per terms of reference question:\n";
        for (std::size_t q = 1; q <= setup->questions.size(); ++q) {
          scr::multi_agency_chronology::filter f;
          f.question = static_cast<int>(q);
          std::cout << "  " << q << ". " << m.select(f).size() << "  " << setup->questions[q - 1] << '\n';
        }
      }
      const auto names = setup ? m.unlisted_names(setup->known_names) : std::vector<scr::chronology_issue>{};
      std::cout << "\nKnown names in the text: " << (names.empty() ? "none" : std::to_string(names.size())) << '\n';
      for (const auto& n : names) std::cout << "  " << n.message << " (" << n.column << ")\n";
      return names.empty() ? exit_ok : exit_refused;
    });
  }

  // ---- export ----
  if (auto* exp = out.add(*chron,
        "export", "The multi-agency chronology as CSV, XLSX, HTML (A4 landscape, colour-coded by agency, with a "
                  "timeline) or JSON; --learning-event leaves out what the format keeps from a Learning Event\n"
                  "  example: scr chronology export \"Child R\" --as xlsx -o child-r.xlsx\n"
                  "  example: scr chronology export \"Child R\" --as html --learning-event -o learning-event.html")) {
    exp->add_option("REFERENCE", o->reference, "The review")->required();
    exp->add_option("--as", o->as, "csv (default), xlsx, html or json");
    exp->add_option("--layout", o->layout, "HTML: colour (one table, rows coloured by agency) or columns (one per agency)");
    exp->add_flag("--learning-event", o->learning_event, "The Learning Event copy (Essex: without the comments)");
    exp->add_option("-o,--output", o->output, "Write to this new file (readable by you only); XLSX needs it");
    exp->add_flag("--force", o->force, "With -o: replace the file if it exists");
    out.emplace_back(exp, [o, &global, rules] {
      const auto as = scr::parse_chronology_export(o->as);
      if (as == scr::chronology_export::xlsx && o->output.empty()) {
        throw scr::input_error("an XLSX export is written to a file: give -o FILE");
      }
      const auto db = open_store(global, false, true);
      scr::chronology_export_options options;
      options.learning_event = o->learning_event;
      options.layout = o->layout;
      options.title = o->reference;
      emit(scr::export_chronology(db.merged_chronology(o->reference), as, options), o->output, rules());
      return exit_ok;
    });
  }
}

}  // namespace scr::cli
