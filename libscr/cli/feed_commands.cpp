// scr feed: one calendar feed of every open deadline across the board's
// reviews (docs/reports.md).

#include <memory>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace scr::cli {

void add_feed_commands(CLI::App& app, commands& out, const global_options& global) {
  struct options {
    std::string as_of, format = "ics", output;
    int remind = 2;
    bool force = false;
    item_filters only;
  };
  auto o = std::make_shared<options>();
  auto* feed = app.add_subcommand(
      "feed",
      "One iCalendar feed of every open deadline across the board's reviews, with stable UIDs (a subscribed or "
      "re-imported calendar updates each entry in place) and a reminder before each\n"
      "  example: scr feed -o board.ics\n"
      "  example: scr feed --agency Police --remind 3 -o police.ics");
  feed->add_option("--as-of", o->as_of, "The date to judge by (default today, in London)");
  feed->add_option("--format", o->format, "ics (the only one)");
  feed->add_option("--remind", o->remind, "A reminder this many working days before each due date (0: none; default 2)");
  add_item_filters(feed, o->only);
  feed->add_option("-o,--output", o->output, "Write to this new file (readable by you only) instead of the terminal");
  feed->add_flag("--force", o->force, "With -o: replace the file if it exists");
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

}  // namespace scr::cli
