// scr calendar ...: working days, bank holidays and deadlines.

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli.hpp"
#include "scr/scr.hpp"

namespace {

struct calendar_choice {
  std::string govuk_file;
  std::string division = "england-and-wales";

  bool division_given = false;

  scr::calendar load() const {
    if (govuk_file.empty()) {
      if (division_given && division != "england-and-wales") {
        throw scr::input_error("--division " + division +
                               " needs --govuk-json FILE: the built-in calendar is England "
                               "and Wales only");
      }
      return scr::calendar::england_and_wales();
    }
    std::ifstream in(govuk_file, std::ios::binary);
    if (!in) throw scr::input_error("cannot read calendar file '" + govuk_file + "'");
    std::ostringstream text;
    text << in.rdbuf();
    return scr::calendar::from_govuk_json(text.str(), division);
  }
};

void add_calendar_options(CLI::App* cmd, calendar_choice& c) {
  cmd->add_option("--govuk-json", c.govuk_file,
                  "Use holidays from a gov.uk bank-holidays.json file instead of the built-in "
                  "England and Wales calendar");
  cmd->add_option_function<std::string>(
         "--division",
         [&c](const std::string& d) {
           c.division = d;
           c.division_given = true;
         },
         "Division in that file: england-and-wales (default), scotland, northern-ireland");
}

std::string provisional_note(const scr::calendar& cal, scr::date d) {
  if (!cal.is_provisional(d)) return "";
  return " (provisional: " + cal.name() + " holidays are confirmed through " +
         scr::format_date(cal.confirmed_through()) + ")";
}

}  // namespace


namespace scr::cli {

void add_calendar_commands(CLI::App& app, commands& out) {
  struct options {
    calendar_choice choice;
    int year = 0;
    std::string date_text, timescale_text, end_text;
  };
  auto o = std::make_shared<options>();
  auto* cal_cmd = out.add(app, "calendar", "Working days, bank holidays and deadlines");
  if (cal_cmd == nullptr) return;
  cal_cmd->require_subcommand(1);

  auto* holidays_cmd =
      out.add(*cal_cmd, "holidays", "List the bank holidays of a year\n  example: scr calendar holidays 2022");
  if (holidays_cmd != nullptr) {
    holidays_cmd->add_option("YEAR", o->year, "Year, e.g. 2022")->required();
    add_calendar_options(holidays_cmd, o->choice);
  }

  auto* add_cmd = out.add(*cal_cmd, "add",
                          "The due date 'within TIMESCALE of DATE'\n"
                          "  example: scr calendar add 2022-06-04 \"5 working days\"   -> 2022-06-10");
  if (add_cmd != nullptr) {
    add_cmd->add_option("DATE", o->date_text, "Anchor date")->required();
    add_cmd->add_option("TIMESCALE", o->timescale_text, "e.g. \"5 working days\", \"28 days\", \"4 weeks\", \"6 months\"")
        ->required();
    add_calendar_options(add_cmd, o->choice);
  }

  auto* before_cmd = out.add(*cal_cmd, "before",
                             "The date 'TIMESCALE before DATE'\n"
                             "  example: scr calendar before 2004-06-10 \"2 weeks\"   -> 2004-05-27");
  if (before_cmd != nullptr) {
    before_cmd->add_option("DATE", o->date_text, "The later date")->required();
    before_cmd->add_option("TIMESCALE", o->timescale_text, "e.g. \"2 weeks\", \"5 working days\"")->required();
    add_calendar_options(before_cmd, o->choice);
  }

  auto* between_cmd = out.add(*cal_cmd, "between",
                              "Working days from A to B (A not counted, B counted)\n"
                              "  example: scr calendar between 2022-06-04 2022-06-10   -> 5");
  if (between_cmd != nullptr) {
    between_cmd->add_option("A", o->date_text, "Start date")->required();
    between_cmd->add_option("B", o->end_text, "End date")->required();
    add_calendar_options(between_cmd, o->choice);
  }

  // Which of them runs (those not built are null).
  const auto ran = [](const CLI::App* cmd) { return cmd != nullptr && *cmd; };
  const auto run = [o, holidays_cmd, add_cmd, before_cmd, between_cmd, ran]() -> int {
    const scr::calendar cal = o->choice.load();
    if (ran(holidays_cmd)) {
      for (const auto& h : cal.holidays(o->year)) {
        std::cout << scr::format_date(h.day) << "  "
                  << h.day.day_of_week().as_short_string() << "  " << h.name << '\n';
      }
      if (o->year > cal.confirmed_through().year()) {
        std::cerr << "note: " << cal.name() << " holidays after "
                  << scr::format_date(cal.confirmed_through())
                  << " are projected from the rules and may change\n";
      }
    } else if (ran(add_cmd) || ran(before_cmd)) {
      const auto d = scr::parse_date(o->date_text);
      const auto t = scr::timescale::parse(o->timescale_text);
      const auto r = ran(add_cmd) ? cal.due(d, t) : cal.before(d, t);
      std::cout << scr::format_date(r) << '\n';
      if (const auto note = provisional_note(cal, r); !note.empty()) {
        std::cerr << "note: " << scr::format_date(r) << note << '\n';
      }
    } else if (ran(between_cmd)) {
      const auto a = scr::parse_date(o->date_text);
      const auto b = scr::parse_date(o->end_text);
      std::cout << cal.working_days_between(a, b) << '\n';
    }
    return exit_ok;
  };
  for (CLI::App* cmd : {holidays_cmd, add_cmd, before_cmd, between_cmd}) out.emplace_back(cmd, run);
}

}  // namespace scr::cli
