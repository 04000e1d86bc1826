// scr: the libscr command line.
//
// Exit codes: 0 done; 1 refused by the rules; 2 bad usage or bad input.

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "scr/scr.hpp"

namespace {

constexpr int exit_bad_input = 2;

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

int main(int argc, char** argv) {
  CLI::App app{"scr: safeguarding case review workflow and statutory deadlines.\n"
               "Dates are ISO (2024-05-24) or day-first (24/05/2004, 24.05.04)."};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("scr ") + SCR_VERSION_STRING);

  auto* cal_cmd = app.add_subcommand("calendar", "Working days, bank holidays and deadlines");
  cal_cmd->require_subcommand(1);

  calendar_choice choice;

  int year = 0;
  auto* holidays_cmd = cal_cmd->add_subcommand(
      "holidays", "List the bank holidays of a year\n  example: scr calendar holidays 2022");
  holidays_cmd->add_option("YEAR", year, "Year, e.g. 2022")->required();
  add_calendar_options(holidays_cmd, choice);

  std::string date_text, timescale_text, end_text;
  auto* add_cmd = cal_cmd->add_subcommand(
      "add", "The due date 'within TIMESCALE of DATE'\n"
             "  example: scr calendar add 2022-06-04 \"5 working days\"   -> 2022-06-10");
  add_cmd->add_option("DATE", date_text, "Anchor date")->required();
  add_cmd->add_option("TIMESCALE", timescale_text,
                      "e.g. \"5 working days\", \"28 days\", \"4 weeks\", \"6 months\"")
      ->required();
  add_calendar_options(add_cmd, choice);

  auto* before_cmd = cal_cmd->add_subcommand(
      "before", "The date 'TIMESCALE before DATE'\n"
                "  example: scr calendar before 2004-06-10 \"2 weeks\"   -> 2004-05-27");
  before_cmd->add_option("DATE", date_text, "The later date")->required();
  before_cmd->add_option("TIMESCALE", timescale_text, "e.g. \"2 weeks\", \"5 working days\"")
      ->required();
  add_calendar_options(before_cmd, choice);

  auto* between_cmd = cal_cmd->add_subcommand(
      "between", "Working days from A to B (A not counted, B counted)\n"
                 "  example: scr calendar between 2022-06-04 2022-06-10   -> 5");
  between_cmd->add_option("A", date_text, "Start date")->required();
  between_cmd->add_option("B", end_text, "End date")->required();
  add_calendar_options(between_cmd, choice);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : exit_bad_input;
  }

  try {
    const scr::calendar cal = choice.load();
    if (*holidays_cmd) {
      for (const auto& h : cal.holidays(year)) {
        std::cout << scr::format_date(h.day) << "  "
                  << h.day.day_of_week().as_short_string() << "  " << h.name << '\n';
      }
      if (year > cal.confirmed_through().year()) {
        std::cerr << "note: " << cal.name() << " holidays after "
                  << scr::format_date(cal.confirmed_through())
                  << " are projected from the rules and may change\n";
      }
    } else if (*add_cmd || *before_cmd) {
      const auto d = scr::parse_date(date_text);
      const auto t = scr::timescale::parse(timescale_text);
      const auto r = *add_cmd ? cal.due(d, t) : cal.before(d, t);
      std::cout << scr::format_date(r) << '\n';
      if (const auto note = provisional_note(cal, r); !note.empty()) {
        std::cerr << "note: " << scr::format_date(r) << note << '\n';
      }
    } else if (*between_cmd) {
      const auto a = scr::parse_date(date_text);
      const auto b = scr::parse_date(end_text);
      std::cout << cal.working_days_between(a, b) << '\n';
    }
  } catch (const scr::input_error& e) {
    std::cerr << "scr: " << e.what() << '\n';
    return exit_bad_input;
  } catch (const scr::error& e) {
    std::cerr << "scr: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
