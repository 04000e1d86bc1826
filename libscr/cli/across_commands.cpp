// Questions across reviews: scr review list, scr overdue, scr due,
// scr compliance, scr report monthly, and scr retention due|purge.

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

/// The store, read-only.
scr::store readable(const global_options& global) { return open_store(global, false, true); }

std::optional<scr::date> optional_day(const std::string& text, const std::string& option) {
  if (text.empty()) return std::nullopt;
  return parse_day(text, option);
}

/// The reviews as one row each: for the terminal (`table`), or in the
/// column vocabulary for CSV and XLSX.
std::vector<std::vector<std::string>> review_rows(const std::vector<scr::review_summary>& reviews, bool table) {
  std::vector<std::vector<std::string>> rows;
  if (table) {
    rows.push_back({"REFERENCE", "PROCEDURE", "STATE", "OPENED", "CLOSED", "EVENTS"});
  } else {
    rows.push_back({"reference", "procedure_id", "procedure_version", "state", "closed", "opened_on", "closed_on",
                    "events", "voided"});
  }
  for (const auto& s : reviews) {
    const auto opened = scr::format_date(scr::london_date(s.opened_at));
    const auto closed = s.closed_at ? scr::format_date(scr::london_date(*s.closed_at)) : std::string();
    if (table) {
      rows.push_back({s.reference, s.procedure_id + " v" + std::to_string(s.procedure_version), s.state, opened,
                      closed.empty() ? "-" : closed, std::to_string(s.events)});
    } else {
      rows.push_back({s.reference, s.procedure_id, std::to_string(s.procedure_version), s.state,
                      s.closed ? "true" : "false", opened, closed, std::to_string(s.events),
                      s.voided ? "true" : "false"});
    }
  }
  return rows;
}

std::string reviews_json(const std::vector<scr::review_summary>& reviews) {
  using json = nlohmann::ordered_json;
  auto list = json::array();
  for (const auto& s : reviews) {
    list.push_back({{"reference", s.reference},
                    {"procedure_id", s.procedure_id},
                    {"procedure_version", s.procedure_version},
                    {"state", s.state},
                    {"closed", s.closed},
                    {"opened_on", scr::format_date(scr::london_date(s.opened_at))},
                    {"closed_on", s.closed_at ? json(scr::format_date(scr::london_date(*s.closed_at))) : json()},
                    {"events", s.events},
                    {"voided", s.voided}});
  }
  return json{{"schema", "libscr.reviews_list"}, {"version", scr::json_schema_version}, {"reviews", std::move(list)}}
             .dump(2) +
         "\n";
}

void list_command(CLI::App& review, commands& out, const global_options& global) {
  struct options {
    std::string state, procedure, as_of;
    bool voided = false;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(review, "list", "The reviews in the database\n  example: scr review list --state scoping");
  if (cmd == nullptr) return;
  cmd->add_option("--state", o->state, "Only reviews in this state");
  cmd->add_option("--procedure", o->procedure, "Only reviews under this procedure id");
  cmd->add_option("--as-of", o->as_of, "As the records stood at the end of this date (state, open or closed)");
  cmd->add_flag("--voided", o->voided, "The void reviews (opened by mistake) instead");
  add_list_output(cmd, o->list, true);
  out.emplace_back(cmd, [o, &global] {
    const auto as = o->list.kind();
    const auto as_of = optional_day(o->as_of, "--as-of");
    if (o->voided && (as_of || !o->state.empty())) {
      throw scr::input_error("--voided lists every void review: leave out --state and --as-of");
    }
    const auto opt = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
    const auto db = readable(global);
    auto reviews = o->voided ? db.voided_reviews() : db.reviews(opt(o->state), opt(o->procedure), as_of);
    if (o->voided && !o->procedure.empty()) {
      std::erase_if(reviews, [&](const scr::review_summary& s) { return s.procedure_id != o->procedure; });
    }
    switch (as) {
      case list_kind::json: o->list.write(reviews_json(reviews), global); break;
      case list_kind::csv: o->list.write(scr::csv_table(review_rows(reviews, false), o->list.csv_options()), global); break;
      case list_kind::xlsx: o->list.write(scr::table_xlsx(review_rows(reviews, false), "Reviews"), global); break;
      case list_kind::table: o->list.write(scr::aligned_table(review_rows(reviews, true)), global); break;
    }
    return exit_ok;
  });
}

/// Reads a list of due items, handing each to the function given
/// (store::each_overdue, store::each_due_between).
using item_reader = std::function<void(const std::function<void(const scr::due_item&)>&)>;

/// A list of due items in the form asked for, the items that `keep` passes,
/// written as the store reads them: CSV a piece at a time as it comes, a
/// table once its columns' widths are known (only the cells' text kept),
/// JSON and XLSX whole. A table says `nothing ...` for no items. The output
/// (-o) is checked before anything is read.
void write_items(const item_reader& read, const item_filter& keep, const list_output& list, const std::string& query,
                 bool with_days_late, const global_options& global) {
  const auto kind = list.kind();
  const auto csv = list.csv_options();
  auto out = list.open(global);
  switch (kind) {
    case list_kind::csv: {
      constexpr std::size_t piece = 64 * 1024;
      std::string text = scr::due_items_csv_header(csv);
      text.reserve(piece + 4096);
      read([&](const scr::due_item& i) {
        if (!keep(i)) return;
        scr::append_due_item_csv(text, i, csv);
        if (text.size() >= piece) {
          out.write(text);
          text.clear();
        }
      });
      out.write(text);
      break;
    }
    case list_kind::table: {
      const bool colour = with_days_late && colour_on(list.output);
      auto table = scr::due_items_table(with_days_late);
      read([&](const scr::due_item& i) {
        if (keep(i)) scr::add_due_item_row(table, i, with_days_late, colour);
      });
      if (table.rows() == 1) out.write("nothing " + query + "\n");
      else table.write([&](std::string_view text) { out.write(text); });
      break;
    }
    case list_kind::json:
    case list_kind::xlsx: {
      std::vector<scr::due_item> items;
      read([&](const scr::due_item& i) {
        if (keep(i)) items.push_back(i);
      });
      out.write(kind == list_kind::json ? scr::due_items_json(items, query) : scr::due_items_xlsx(items));
      break;
    }
  }
  out.finish();
}

void overdue_command(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string as_of;
    item_filters only;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(app,
      "overdue", "Everything overdue across all reviews\n  example: scr overdue --as-of 01/03/2024 --format csv");
  if (cmd == nullptr) return;
  cmd->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  add_item_filters(cmd, o->only);
  add_list_output(cmd, o->list, true);
  out.emplace_back(cmd, [o, &global] {
    (void)o->list.kind();
    const auto as_of = as_of_or_today(o->as_of);
    const auto db = readable(global);
    const item_filter keep(o->only, db);
    write_items([&](const auto& each) { db.each_overdue(as_of, each); }, keep, o->list,
                "overdue as of " + scr::format_date(as_of), true, global);
    return exit_ok;
  });
}

void due_command(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string from, to, as_of;
    item_filters only;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(app,
      "due", "Everything due in a period across all reviews\n  example: scr due --from 01/03/2024 --to 31/03/2024");
  if (cmd == nullptr) return;
  cmd->add_option("--from", o->from, "First day")->required();
  cmd->add_option("--to", o->to, "Last day")->required();
  cmd->add_option("--as-of", o->as_of, "As the records stood at the end of this date (default: as recorded so far)");
  add_item_filters(cmd, o->only);
  add_list_output(cmd, o->list, true);
  out.emplace_back(cmd, [o, &global] {
    (void)o->list.kind();
    const auto from = parse_day(o->from, "--from"), to = parse_day(o->to, "--to");
    if (to < from) throw scr::input_error("--to " + o->to + " is before --from " + o->from);
    const auto as_of = optional_day(o->as_of, "--as-of");
    const auto db = readable(global);
    const item_filter keep(o->only, db);
    write_items([&](const auto& each) { db.each_due_between(from, to, as_of, each); }, keep, o->list,
                "due from " + scr::format_date(from) + " to " + scr::format_date(to), false, global);
    return exit_ok;
  });
}

void compliance_command(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string from, to, as_of, basis = "opened";
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* cmd = out.add(app,
      "compliance", "Were decisions and completions on time? For the reviews opened in a period\n"
                    "  example: scr compliance --from 01/04/2023 --to 31/03/2024");
  if (cmd == nullptr) return;
  cmd->add_option("--from", o->from, "First day of the period (default: the earliest review)");
  cmd->add_option("--to", o->to, "Last day (default today)");
  cmd->add_option("--as-of", o->as_of, "As the records stood at the end of this date (default: as recorded so far)");
  cmd->add_option("--by", o->basis, "Which date puts a review in the period: opened (default), decided or completed");
  add_list_output(cmd, o->list, true);
  out.emplace_back(cmd, [o, &global] {
    const auto as = o->list.kind();
    scr::compliance_basis basis = scr::compliance_basis::opened;
    if (o->basis == "decided") basis = scr::compliance_basis::decided;
    else if (o->basis == "completed") basis = scr::compliance_basis::completed;
    else if (o->basis != "opened") {
      throw scr::input_error("--by " + in_quotes(o->basis) + " is not opened, decided or completed");
    }
    const auto db = readable(global);
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
    const auto rows = db.compliance(from, to, optional_day(o->as_of, "--as-of"), basis);
    switch (as) {
      case list_kind::csv: o->list.write(scr::compliance_csv_with(rows, o->list.csv_options()), global); break;
      case list_kind::json: o->list.write(scr::compliance_json(rows, from, to), global); break;
      case list_kind::xlsx: o->list.write(scr::compliance_xlsx(rows), global); break;
      case list_kind::table: o->list.write(scr::compliance_text(rows), global); break;
    }
    return exit_ok;
  });
}

void monthly_command(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string month;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* report = out.add(app, "report", "Reports across reviews");
  if (report == nullptr) return;
  report->require_subcommand(1);
  auto* cmd = out.add(*report,
      "monthly", "The monthly progress report to the board chair (001:340): every open review, its stage, "
                 "planned completion, slippage, overdue items, open obligations and warnings\n"
                 "  example: scr report monthly --month 2024-03 --format xlsx -o march.xlsx");
  if (cmd == nullptr) return;
  cmd->add_option("--month", o->month, "YYYY-MM (default this month)");
  add_list_output(cmd, o->list, true);
  out.emplace_back(cmd, [o, &global] {
    const auto as = o->list.kind();
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
    const auto m = scr::monthly_progress(readable(global), year, month);
    switch (as) {
      case list_kind::json: o->list.write(scr::monthly_json(m), global); break;
      case list_kind::csv: o->list.write(scr::monthly_csv(m, o->list.csv_options()), global); break;
      case list_kind::xlsx: o->list.write(scr::monthly_xlsx(m), global); break;
      case list_kind::table: o->list.write(scr::monthly_text(m), global); break;
    }
    return exit_ok;
  });
}

void retention_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string as_of, reference, reason;
    who by;
    list_output list;
  };
  auto o = std::make_shared<options>();
  auto* retention = out.add(app, "retention", "Closed reviews whose retention has ended, and purging them");
  if (retention == nullptr) return;
  retention->require_subcommand(1);
  if (auto* due = out.add(*retention,
        "due", "Closed reviews that may be disposed of (7 years after closure unless the procedure says otherwise)\n"
               "  example: scr retention due --as-of 2031-03-01")) {
    due->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
    add_list_output(due, o->list, true);
    out.emplace_back(due, [o, &global] {
      const auto as = o->list.kind();
      const auto items = readable(global).retention_due(as_of_or_today(o->as_of));
      std::vector<std::vector<std::string>> rows;
      if (as == list_kind::table) rows.push_back({"REFERENCE", "PROCEDURE", "CLOSED", "DISPOSE FROM"});
      else rows.push_back({"reference", "procedure_id", "closed_on", "dispose_from"});
      auto list = nlohmann::ordered_json::array();
      for (const auto& i : items) {
        const auto closed = scr::format_date(scr::london_date(i.closed_at));
        rows.push_back({i.reference, i.procedure_id, closed, scr::format_date(i.dispose_from)});
        list.push_back({{"reference", i.reference}, {"procedure_id", i.procedure_id}, {"closed_on", closed},
                        {"dispose_from", scr::format_date(i.dispose_from)}});
      }
      switch (as) {
        case list_kind::json:
          o->list.write(nlohmann::ordered_json{{"schema", "libscr.retention_due"},
                                               {"version", scr::json_schema_version},
                                               {"reviews", std::move(list)}}
                                .dump(2) +
                            "\n",
                        global);
          break;
        case list_kind::csv: o->list.write(scr::csv_table(rows, o->list.csv_options()), global); break;
        case list_kind::xlsx: o->list.write(scr::table_xlsx(rows, "Retention"), global); break;
        case list_kind::table: o->list.write(scr::aligned_table(rows), global); break;
      }
      return exit_ok;
    });
  }

  if (auto* purge = out.add(*retention,
        "purge", "Delete a closed review whose retention has ended, leaving a tombstone\n"
                 "  example: scr retention purge \"Child C\" --reason \"retention ended\" --actor \"J. Lowe\" "
                 "--role administrator")) {
    purge->add_option("REFERENCE", o->reference, "The review")->required();
    purge->add_option("--reason", o->reason, "Why")->required();
    add_actor(purge, o->by);
    out.emplace_back(purge, [o, &global] {
      const auto t = open_store(global, false, false).purge(o->reference, o->by.get(), o->reason);
      std::cout << "purged " << t.reference << " (" << t.events << " events); tombstone kept\n";
      return exit_ok;
    });
  }
}

}  // namespace

void add_across_commands(CLI::App& app, commands& out, const global_options& global) {
  if (auto* review = commands::built(app, "review")) list_command(*review, out, global);
  overdue_command(app, out, global);
  due_command(app, out, global);
  compliance_command(app, out, global);
  monthly_command(app, out, global);
  retention_commands(app, out, global);
}

}  // namespace scr::cli
