// scr actions: a review's recommendations and action plan, tracked to
// evidence, and the board's assurance report (docs/action-plans.md).

#include <boost/date_time/posix_time/posix_time.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <iostream>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "scr/action_plan.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {



const scr::action_plan_binding& binding(const scr::review& r) {
  const auto& b = r.definition().action_plan();
  if (!b) {
    throw scr::input_error("review " + in_quotes(r.reference()) + " runs under procedure " +
                           in_quotes(r.definition().id()) + " version " + std::to_string(r.definition().version()) +
                           ", which records no action plan (it has no procedure.action_plan)");
  }
  return *b;
}

// The recording of one command: what was recorded, and its sequence.
void say_recorded(const std::string& what, const std::string& reference, std::uint64_t seq) {
  std::cout << reference << ": " << what << " (event " << seq << ")\n";
}

// The overdue actions and updates of the plans, as rows.
std::vector<std::vector<std::string>> overdue_rows(const std::vector<scr::action_plan>& plans) {
  std::vector<std::vector<std::string>> rows{{"reference", "action", "recommendation", "what", "lead", "agency", "kind",
                                              "due", "days_late"}};
  for (const auto& p : plans) {
    for (const auto* a : p.actions()) {
      if (a->status == scr::action_status::overdue) {
        rows.push_back({p.reference, a->number, a->recommendation, a->what, a->lead, a->agency, "action",
                        a->due ? scr::format_date(*a->due) : "", std::to_string(a->days_late)});
      }
      if (a->update_overdue && a->next_update_due) {
        rows.push_back({p.reference, a->number, a->recommendation, a->what, a->lead, a->agency, "update",
                        scr::format_date(*a->next_update_due), std::to_string((p.as_of - *a->next_update_due).days())});
      }
    }
  }
  return rows;
}

}  // namespace

void add_action_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string reference, action, at, as_of, from, format = "text", output, layout = "solihull-2011", file, as = "csv",
        by_when, review_on;
    scr::recommendation_input rec;
    scr::action_input act;
    std::string narrative, status, evidence, reason;
    std::vector<std::string> themes, references;
    bool force = false, check_only = false;
    who by;
    list_output list;
  };
  auto o = std::make_shared<options>();
  const auto rules = [o, &global] { return output_rules{global.db, o->force}; };

  auto* actions = out.add(app,
      "actions", "A review's recommendations and action plan: actions with leads and due dates, quarterly updates, "
                 "completion with evidence and sign-off, overdue actions, and the board's assurance report "
                 "(docs/action-plans.md)");
  if (actions == nullptr) return;
  actions->require_subcommand(1);
  const auto add_when = [o](CLI::App* c) { c->add_option("--at", o->at, "When it happened (London time; default now)"); };

  // ---- recommend ----
  if (auto* recommend = out.add(*actions,
        "recommend", "Record a recommendation of the review\n"
                     "  example: scr actions recommend \"Child Q\" --number 1 --text \"The assistant chief constable "
                     "should ensure that all police officers receive training ...\" --addressed-to \"Assistant Chief "
                     "Constable\" --agency Police --theme \"domestic abuse\" --actor \"L. Green\" --role business_manager")) {
    recommend->add_option("REFERENCE", o->reference, "The review")->required();
    recommend->add_option("--number", o->rec.number, "Its number in the plan (1, R2)")->required();
    recommend->add_option("--text", o->rec.text, "The recommendation")->required();
    recommend->add_option("--outcome", o->rec.outcome, "The intended outcome");
    recommend->add_option("--addressed-to", o->rec.addressed_to, "Someone with the authority to ensure compliance");
    recommend->add_option("--agency", o->rec.agency, "The agency it is for (none: multi-agency)");
    recommend->add_option("--source", o->rec.source, "overview_report, imr or panel (as the procedure lists them)");
    recommend->add_option("--type", o->rec.type, "Its type (as the board lists them)");
    recommend->add_option("--measure", o->rec.measure, "How its achievement will be measured");
    recommend->add_flag("--urgent", o->rec.urgent, "Urgent");
    recommend->add_option("--theme", o->themes, "A theme, for learning across reviews (repeat for more)");
    recommend->add_option("--audit", o->rec.audit, "The information for audit agreed with the responsible person");
    add_when(recommend);
    add_actor(recommend, o->by, "Their role, e.g. business_manager");
    out.emplace_back(recommend, [o, &global] {
      auto db = open_store(global, false, false);
      const auto r = db.load(o->reference);
      o->rec.themes = o->themes;
      const auto data = scr::recommendation_data(r, o->rec);
      const auto seq = db.record(o->reference, scr::recommendation_event(r), parse_when(o->at, "--at"), o->by.get(), data);
      say_recorded("recommendation " + o->rec.number + " recorded", o->reference, seq);
      return exit_ok;
    });
  }

  // ---- add ----
  if (auto* add = out.add(*actions,
        "add", "Record an action under a recommendation; --by-when is a date, a time from the plan's approval "
               "(\"Three months\") or Ongoing\n"
               "  example: scr actions add \"Child Q\" --number 1.1 --recommendation 1 --what \"Determine number of "
               "courses and arrange.\" --lead \"Head of Police training\" --agency Police --by-when \"Three months\" "
               "--actor \"L. Green\" --role business_manager")) {
    add->add_option("REFERENCE", o->reference, "The review")->required();
    add->add_option("--number", o->act.number, "The action's number (1.2)")->required();
    add->add_option("--recommendation", o->act.recommendation, "The number of its recommendation")->required();
    add->add_option("--what", o->act.what, "The action")->required();
    add->add_option("--lead", o->act.lead, "By whom: the lead officer's designation, not their name");
    add->add_option("--agency", o->act.agency, "The lead officer's agency");
    add->add_option("--by-when", o->act.by_when, "A date, a time from the plan's approval (Three months), or Ongoing");
    add->add_option("--review-on", o->review_on, "For an ongoing action: when it is next reviewed");
    add->add_option("--evidence", o->act.evidence, "The evidence expected (information for audit)");
    add_when(add);
    add_actor(add, o->by, "Their role, e.g. business_manager");
    out.emplace_back(add, [o, &global] {
      auto db = open_store(global, false, false);
      const auto r = db.load(o->reference);
      if (!o->review_on.empty()) o->act.review_on = parse_day(o->review_on, "--review-on");
      const auto data = scr::action_data(r, o->act);
      const auto seq = db.record(o->reference, scr::action_event(r), parse_when(o->at, "--at"), o->by.get(), data);
      std::string due;
      if (const auto it = data.find("due_on"); it != data.end()) due = ", due " + scr::format_date(std::get<scr::date>(it->second));
      say_recorded("action " + o->act.number + " recorded" + due, o->reference, seq);
      return exit_ok;
    });
  }

  // ---- update, complete, return, sign-off: the action's track ----
  struct track_step {
    const char* name;
    const char* help;
    std::string scr::action_plan_binding::*event;
  };
  for (const auto& step : {track_step{"update", "Record a progress update on an action\n"
                                                "  example: scr actions update \"Child Q\" 1.1 --status on_track "
                                                "--narrative \"Four courses booked\" --evidence \"Training plan v2\" "
                                                "--actor \"Head of Police training\" --role action_lead",
                                      &scr::action_plan_binding::updated},
                           track_step{"complete", "Record an action completed, with its evidence\n"
                                                  "  example: scr actions complete \"Child Q\" 1.1 --evidence "
                                                  "\"Attendance report, 96% of officers\" --actor \"Head of Police "
                                                  "training\" --role action_lead",
                                      &scr::action_plan_binding::completed},
                           track_step{"return", "The completion is not accepted: the action is open again\n"
                                                "  example: scr actions return \"Child Q\" 1.1 --reason \"No figures "
                                                "for new recruits\" --actor \"K. Lee\" --role performance_monitoring",
                                      &scr::action_plan_binding::returned},
                           track_step{"sign-off", "Sign off an action's completion\n"
                                                  "  example: scr actions sign-off \"Child Q\" 1.1 --actor \"K. Lee\" "
                                                  "--role performance_monitoring",
                                      &scr::action_plan_binding::signed_off}}) {
    auto* c = out.add(*actions, step.name, step.help);
    if (c == nullptr) continue;
    c->add_option("REFERENCE", o->reference, "The review")->required();
    c->add_option("ACTION", o->action, "The action's number")->required();
    const std::string which = step.name;
    if (which == "update") {
      c->add_option("--narrative", o->narrative, "What has been done")->required();
      c->add_option("--status", o->status, "not_started, on_track, at_risk or off_track (as the procedure lists them)");
      c->add_option("--evidence", o->evidence, "An evidence reference");
    } else if (which == "complete") {
      c->add_option("--evidence", o->evidence, "The evidence that it is done")->required();
      c->add_option("--narrative", o->narrative, "What was done");
    } else if (which == "return") {
      c->add_option("--reason", o->reason, "Why the completion is not accepted")->required();
    }
    add_when(c);
    add_actor(c, o->by, "Their role, e.g. action_lead");
    const auto member = step.event;
    out.emplace_back(c, [o, &global, member, which] {
      auto db = open_store(global, false, false);
      const auto r = db.load(o->reference);
      const auto& b = binding(r);
      const std::string& event = b.*member;
      if (event.empty()) {
        throw scr::input_error("procedure " + in_quotes(r.definition().id()) + " has no event for 'actions " + which +
                               "' (procedure.action_plan)");
      }
      scr::event_data data;
      if (!o->narrative.empty()) data["narrative"] = o->narrative;
      if (!o->status.empty()) data["status"] = o->status;
      if (!o->evidence.empty()) data["evidence"] = o->evidence;
      if (!o->reason.empty()) data["reason"] = o->reason;
      const auto seq = db.record(o->reference, event, parse_when(o->at, "--at"), o->by.get(), data, o->action);
      say_recorded("action " + o->action + ": " + event, o->reference, seq);
      return exit_ok;
    });
  }

  // ---- show ----
  if (auto* show = out.add(*actions,
        "show", "A review's action plan: each recommendation, its actions, due dates, status, updates and SMART "
                "findings\n"
                "  example: scr actions show \"Child Q\" --as-of 30/09/2024\n"
                "  example: scr actions show \"Child Q\" --format xlsx -o child-q-plan.xlsx")) {
    show->add_option("REFERENCE", o->reference, "The review")->required();
    show->add_option("--as-of", o->as_of, "As the records stood at the end of this date (default today)");
    show->add_option("--format", o->format, "text (default), csv, json, html or xlsx");
    show->add_option("-o,--output", o->output, "Write to this new file (readable by you only); XLSX needs it");
    show->add_flag("--force", o->force, "With -o: replace the file if it exists");
    out.emplace_back(show, [o, &global, rules] {
      const auto f = scr::plan_format_from(o->format);
      if (f == scr::plan_format::xlsx && o->output.empty()) throw scr::input_error("an XLSX file is written to a file: give -o FILE");
      const auto db = open_store(global, false, true);
      const auto as_of = as_of_or_today(o->as_of);
      emit(scr::export_action_plan(scr::action_plan::of(db.load(o->reference), as_of), f), o->output, rules());
      return exit_ok;
    });
  }

  // ---- overdue ----
  if (auto* overdue = out.add(*actions,
        "overdue", "Actions past their due date and progress updates past due, across every review\n"
                   "  example: scr actions overdue --as-of 31/03/2025 --format csv")) {
    overdue->add_option("--as-of", o->as_of, "The date to judge by (default today)");
    add_list_output(overdue, o->list, true);
    out.emplace_back(overdue, [o, &global] {
      const auto as = o->list.kind();
      const auto db = open_store(global, false, true);
      const auto as_of = as_of_or_today(o->as_of);
      const auto report = scr::assure(db, as_of, as_of);
      const auto rows = overdue_rows(report.plans);
      if (as == list_kind::json) {
        nlohmann::json j = nlohmann::json::array();
        for (std::size_t i = 1; i < rows.size(); ++i) {
          nlohmann::json item;
          for (std::size_t k = 0; k < rows[0].size(); ++k) item[rows[0][k]] = rows[i][k];
          item["days_late"] = std::stoi(rows[i][8]);
          j.push_back(item);
        }
        o->list.write(nlohmann::json{{"as_of", scr::format_date(as_of)}, {"overdue", j}}.dump(2) + "\n", global);
      } else if (as == list_kind::csv) {
        o->list.write(scr::csv_table(rows, o->list.csv_options()), global);
      } else if (as == list_kind::xlsx) {
        o->list.write(scr::table_xlsx(rows, "Overdue"), global);
      } else if (rows.size() == 1) {
        o->list.write("no action or update overdue as of " + scr::format_date(as_of) + "\n", global);
      } else {
        auto shown = rows;
        for (auto& h : shown.front()) {
          std::transform(h.begin(), h.end(), h.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
          std::replace(h.begin(), h.end(), '_', ' ');
        }
        o->list.write(scr::aligned_table(shown), global);
      }
      return exit_ok;
    });
  }

  // ---- report ----
  if (auto* report = out.add(*actions,
        "report", "The board's assurance report across reviews: recommendations by status, actions overdue and by "
                  "agency, plans past their mark, the proportion implemented (and of urgent ones), themes\n"
                  "  example: scr actions report --from 01/04/2024 --as-of 31/03/2025\n"
                  "  example: scr actions report --format html -o assurance.html")) {
    report->add_option("--from", o->from, "The period's first day (its completions and updates are counted); "
                                          "default: a year before --as-of");
    report->add_option("--as-of", o->as_of, "The period's last day, as the records stood then (default today)");
    report->add_option("--review", o->references, "Only this review (repeat for more)");
    report->add_option("--format", o->format, "text (default), csv, json, html or xlsx");
    report->add_option("-o,--output", o->output, "Write to this new file (readable by you only); XLSX needs it");
    report->add_flag("--force", o->force, "With -o: replace the file if it exists");
    out.emplace_back(report, [o, &global, rules] {
      const auto f = scr::plan_format_from(o->format);
      if (f == scr::plan_format::xlsx && o->output.empty()) throw scr::input_error("an XLSX file is written to a file: give -o FILE");
      const auto as_of = as_of_or_today(o->as_of);
      const auto from = o->from.empty() ? as_of - boost::gregorian::years(1) + boost::gregorian::days(1)
                                        : parse_day(o->from, "--from");
      const auto db = open_store(global, false, true);
      emit(scr::export_assurance(scr::assure(db, from, as_of, o->references), f), o->output, rules());
      return exit_ok;
    });
  }

  // ---- import ----
  if (auto* import = out.add(*actions,
        "import", "Load an action plan from CSV or XLSX in a board's layout (solihull-2011: Outcome | Recommendation "
                  "| Actions | By Whom? | By When? | Actions taken | Information for audit; stockport-2010: No | "
                  "Recommendation | Key Actions (SMART) | Evidence | Key Outcome | Lead Officer (designation) | Date) "
                  "into a review, all of it or nothing; --check reads it and records nothing\n"
                  "  example: scr actions import \"Child Q\" plan.xlsx --layout solihull-2011 --actor \"L. Green\" "
                  "--role business_manager")) {
    import->add_option("REFERENCE", o->reference, "The review")->required();
    import->add_option("FILE", o->file, "The plan (.csv or .xlsx)")->required();
    import->add_option("--layout", o->layout, "solihull-2011 (default) or stockport-2010");
    import->add_flag("--check", o->check_only, "Read and check the file against the review; record nothing");
    import->add_option("--agency", o->act.agency,
                       "The agency of a single-agency plan: given to every recommendation and action the file names "
                       "no agency for (the boards' layouts have no agency column)");
    add_when(import);
    add_actor(import, o->by, "Their role, e.g. business_manager");
    out.emplace_back(import, [o, &global] {
      const auto layout = scr::plan_layout_from(o->layout);
      const auto sheet = scr::read_plan(read_file(o->file), layout, o->file);
      if (!sheet.ok()) {
        std::cout << sheet.report();
        std::cerr << o->file << ": " << sheet.issues.size() << (sheet.issues.size() == 1 ? " problem" : " problems")
                  << "; nothing was recorded\n";
        return exit_refused;
      }
      auto db = open_store(global, false, o->check_only);
      scr::review r = db.load(o->reference);
      const auto seq = r.size();
      const auto at = parse_when(o->at, "--at");
      // Each event is checked by the engine in memory; the store takes them all
      // in one transaction, or none.
      for (auto rec : sheet.recommendations) {
        if (rec.agency.empty()) rec.agency = o->act.agency;
        try {
          r.record(scr::recommendation_event(r), at, o->by.get(), scr::recommendation_data(r, rec));
        } catch (const scr::error& e) {
          const std::string what = e.what();
          throw scr::input_error(o->file + (what.find("recommendation " + rec.number) == std::string::npos
                                                ? ", recommendation " + rec.number + ": "
                                                : ": ") +
                                 what);
        }
      }
      for (auto act : sheet.actions) {
        if (act.agency.empty()) act.agency = o->act.agency;
        try {
          r.record(scr::action_event(r), at, o->by.get(), scr::action_data(r, act));
        } catch (const scr::error& e) {
          const std::string what = e.what();
          throw scr::input_error(o->file + (what.find("action " + act.number) == std::string::npos
                                                ? ", action " + act.number + ": "
                                                : ": ") +
                                 what);
        }
      }
      const auto& history = r.history();
      const std::vector<scr::review_event> added(history.begin() + static_cast<std::ptrdiff_t>(seq), history.end());
      if (o->check_only) {
        std::cout << o->file << ": " << sheet.recommendations.size() << " recommendations and " << sheet.actions.size()
                  << " actions would be recorded in " << o->reference << "\n";
        return exit_ok;
      }
      const auto last = db.append(o->reference, seq, added);
      std::cout << o->reference << ": " << sheet.recommendations.size() << " recommendations and "
                << sheet.actions.size() << " actions recorded (events " << seq + 1 << " to " << last << ")\n";
      return exit_ok;
    });
  }

  // ---- export ----
  if (auto* exp = out.add(*actions,
        "export", "A review's action plan in a board's layout, as CSV or XLSX, with the latest update as \"Actions "
                  "taken\"\n"
                  "  example: scr actions export \"Child Q\" --layout stockport-2010 --as xlsx -o plan.xlsx")) {
    exp->add_option("REFERENCE", o->reference, "The review")->required();
    exp->add_option("--layout", o->layout, "solihull-2011 (default) or stockport-2010");
    exp->add_option("--as", o->as, "csv (default) or xlsx");
    exp->add_option("--as-of", o->as_of, "As the records stood at the end of this date (default today)");
    exp->add_option("-o,--output", o->output, "Write to this new file (readable by you only); XLSX needs it");
    exp->add_flag("--force", o->force, "With -o: replace the file if it exists");
    out.emplace_back(exp, [o, &global, rules] {
      const auto layout = scr::plan_layout_from(o->layout);
      if (o->as != "csv" && o->as != "xlsx") throw scr::input_error("--as " + in_quotes(o->as) + ": csv or xlsx");
      const bool xlsx = o->as == "xlsx";
      if (xlsx && o->output.empty()) throw scr::input_error("an XLSX file is written to a file: give -o FILE");
      const auto db = open_store(global, false, true);
      const auto as_of = as_of_or_today(o->as_of);
      emit(scr::write_plan(scr::action_plan::of(db.load(o->reference), as_of), layout, xlsx), o->output, rules());
      return exit_ok;
    });
  }
}

}  // namespace scr::cli
