// scr feed: one calendar feed of every open deadline across the board's
// reviews; scr report dashboard: the board's page of its open reviews
// (docs/reports.md).

#include <memory>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

namespace {

void feed_command(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string as_of, format = "ics", output;
    int remind = 2;
    bool force = false;
    item_filters only;
  };
  auto o = std::make_shared<options>();
  auto* feed = out.add(app,
      "feed",
      "One iCalendar feed of every open deadline across the board's reviews, with stable UIDs (a subscribed or "
      "re-imported calendar updates each entry in place) and a reminder before each\n"
      "  example: scr feed -o board.ics\n"
      "  example: scr feed --agency Police --remind 3 -o police.ics");
  if (feed == nullptr) return;
  feed->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  feed->add_option("--format", o->format, "ics (the only one)");
  feed->add_option("--remind", o->remind, "A reminder this many working days before each due date (0: none; default 2)");
  add_item_filters(feed, o->only);
  add_output_options(feed, o->output, o->force);
  out.emplace_back(feed, [o, &global] {
    if (o->format != "ics") throw scr::input_error("--format " + o->format + " is not offered for the feed: ics");
    const auto db = open_store(global, false, true);
    if (!o->only.review.empty() && !db.contains(o->only.review)) {
      throw scr::input_error("--review '" + o->only.review + "': the store has no such review");
    }
    scr::feed_options f;
    f.agency = o->only.agency;
    f.owner = o->only.owner;
    f.procedure_id = o->only.procedure;
    f.reference = o->only.review;
    f.kind = o->only.kind;
    f.remind_working_days = o->remind;
    emit(scr::deadline_feed(db, as_of_or_today(o->as_of), f), o->output, output_rules{global.db, o->force});
    return exit_ok;
  });
}

void dashboard_command(CLI::App& report, commands& out, const global_options& global) {
  struct options {
    std::string as_of, output, title;
    int soon = 14;
    bool force = false;
  };
  auto o = std::make_shared<options>();
  auto* dashboard = out.add(report,
      "dashboard",
      "One printable HTML page of every open review: its stage, red/amber/green against its deadlines, what is "
      "overdue, what is due in the next days, warnings, and each review's timetable a click away\n"
      "  example: scr report dashboard -o board.html");
  if (dashboard == nullptr) return;
  dashboard->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  dashboard->add_option("--soon", o->soon, "Days ahead that count as due soon (default 14)");
  dashboard->add_option("--title", o->title, "The page's title (default \"Reviews dashboard\")");
  add_output_options(dashboard, o->output, o->force);
  out.emplace_back(dashboard, [o, &global] {
    const auto db = open_store(global, false, true);
    scr::dashboard_options d;
    d.soon_days = o->soon;
    d.title = o->title;
    emit(scr::dashboard_html(db, as_of_or_today(o->as_of), d), o->output, output_rules{global.db, o->force});
    return exit_ok;
  });
}

}  // namespace

void add_feed_commands(CLI::App& app, commands& out, const global_options& global) {
  feed_command(app, out, global);
  if (auto* report = commands::built(app, "report")) dashboard_command(*report, out, global);
}

}  // namespace scr::cli
