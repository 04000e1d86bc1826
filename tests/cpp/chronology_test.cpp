// Agencies' chronologies (scr/chronology.hpp): the boards' formats as data,
// an agency's file checked against the review's terms of reference, acronyms
// and known names, the multi-agency chronology merged from the accepted ones,
// and its exports.
//
// The data is the invented case "Child R" of tests/data/chronology (its
// README.md gives the counts, ERRORS.md every planted error; setup.yaml the
// terms of reference, read here with yaml-cpp as a board would keep them).
// Every expectation below is written out by hand from those files and from
// the formats' sources (cited as in libscr/chronology-formats/*.yaml: "000"
// North Yorkshire's IMR Handbook, "002" Stockport's IMR guidance, "004"
// Essex's PLR guidance), never computed by the code under test.

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "scr/chronology.hpp"
#include "chronology_support.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using scr::severity;

const std::string data_dir = std::string(SCR_TEST_DATA_DIR) + "/chronology/";

const std::vector<std::string> format_ids{"essex-2016", "north-yorkshire-2010", "solihull-2011", "stockport-2010"};

// The three agencies: the file's name in the data, the agency's name.
struct agency_file {
  std::string slug, name;
};
const std::vector<agency_file> agencies{{"police", "Police"}, {"social-care", "Social Care"}, {"health", "Health"}};

std::string path_of(const std::string& format, const std::string& file) { return data_dir + format + "/" + file; }

std::string bytes_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}


scr::chronology_check check_file(const std::string& format, const std::string& file, const std::string& agency) {
  return scr::check_chronology(setup_for(format), agency, scr::read_chronology(path_of(format, file)));
}

// An agency's correct chronology in a format, as checked (accepted).
scr::agency_chronology accepted(const std::string& format, const agency_file& a, const std::string& ext = ".csv") {
  auto c = check_file(format, a.slug + ext, a.name);
  EXPECT_FALSE(c.refused()) << c.report();
  return c.chronology;
}

scr::multi_agency_chronology merged(const std::string& format, const std::string& ext = ".csv") {
  std::vector<scr::agency_chronology> all;
  for (const auto& a : agencies) all.push_back(accepted(format, a, ext));
  return scr::multi_agency_chronology(scr::chronology_format::builtin(format), std::move(all));
}

std::string where(const scr::chronology_entry& e) {
  return e.agency + " row " + std::to_string(e.row) + " (" + scr::format_date(e.day) +
         (e.minutes ? " " + std::to_string(*e.minutes / 60) + ":" + std::to_string(*e.minutes % 60) : " untimed") + ")";
}

// A file of the test's own in a fresh directory.
struct temp_dir : scratch_dir {
  temp_dir() : scratch_dir("scr_chronology_test") {}
  fs::path write(const std::string& name, const std::string& bytes) const {
    const fs::path p = dir / name;
    std::ofstream out(p, std::ios::binary);
    out << bytes;
    return p;
  }
};

// A table typed in by hand: every cell text.
scr::chronology_table table_of(const std::vector<std::vector<std::string>>& rows, std::string file = "by-hand.csv") {
  scr::chronology_table t;
  t.file = std::move(file);
  for (const auto& r : rows) {
    std::vector<scr::chronology_cell> row;
    for (const auto& c : r) row.push_back({c, std::nullopt, std::nullopt});
    t.rows.push_back(std::move(row));
  }
  return t;
}

// Stockport's headings, in the template's order (002:242-251).
const std::vector<std::string> stockport_headings{"Date",
                                                  "Time",
                                                  "Source of Information",
                                                  "Subject of recording",
                                                  "Event description, actions and outcomes",
                                                  "Expected Practice/Standards",
                                                  "Relevant Terms of Reference",
                                                  "Child Seen (Y/N)"};
// North Yorkshire's (000:365-373).
const std::vector<std::string> north_yorkshire_headings{"Date",
                                                        "Time",
                                                        "Type of Event or Document Source",
                                                        "Initials of family member/Person involved",
                                                        "Summary of key information",
                                                        "Decisions and Actions",
                                                        "Issues for review/Comment"};

// ---- what ERRORS.md lists, as data ------------------------------------------------

struct expected_issue {
  std::size_t row;
  std::string column, cell, rule;
  severity level;
};

using issue_key = std::tuple<std::size_t, std::string, std::string, std::string, int>;  // row, cell, rule, column, level

std::string text_of(const issue_key& k) {
  return "row " + std::to_string(std::get<0>(k)) + " cell '" + std::get<1>(k) + "' rule " + std::get<2>(k) +
         " column '" + std::get<3>(k) + "' " + (std::get<4>(k) == 0 ? "error" : "warning");
}

// The issues are exactly those expected (the time-missing warnings of
// untimed entries left out where a format allows them, as ERRORS.md does).
void expect_issues(const scr::chronology_check& c, const std::vector<expected_issue>& want,
                   bool leave_out_time_warnings) {
  std::vector<issue_key> got_keys, want_keys;
  for (const auto& i : c.issues) {
    if (leave_out_time_warnings && i.rule == "time-missing" && i.level == severity::warning) continue;
    got_keys.emplace_back(i.row, i.cell, i.rule, i.column, static_cast<int>(i.level));
  }
  for (const auto& i : want) want_keys.emplace_back(i.row, i.cell, i.rule, i.column, static_cast<int>(i.level));
  std::sort(got_keys.begin(), got_keys.end());
  std::sort(want_keys.begin(), want_keys.end());
  std::vector<issue_key> missing, unexpected;
  std::set_difference(want_keys.begin(), want_keys.end(), got_keys.begin(), got_keys.end(), std::back_inserter(missing));
  std::set_difference(got_keys.begin(), got_keys.end(), want_keys.begin(), want_keys.end(),
                      std::back_inserter(unexpected));
  for (const auto& k : missing) ADD_FAILURE() << "not reported: " << text_of(k);
  for (const auto& k : unexpected) ADD_FAILURE() << "reported, not planted: " << text_of(k);
  // By row (the file's order).
  for (std::size_t i = 1; i < c.issues.size(); ++i) EXPECT_LE(c.issues[i - 1].row, c.issues[i].row) << i;
  if (!missing.empty() || !unexpected.empty()) ADD_FAILURE() << "the report:\n" << c.report();
}

constexpr auto E = severity::error;
constexpr auto W = severity::warning;

// ERRORS.md, `stockport-2010/social-care-faulty.csv` (and its XLSX copy).
const std::vector<expected_issue> stockport_faulty{
    {1, "Worker", "I1", "header-unknown", E},
    {2, "Date", "A2", "period", E},
    {3, "Event description, actions and outcomes", "E3", "known-name", E},
    {5, "Time", "B5", "time-missing", E},
    {7, "Time", "B7", "time-unknown-reason", E},
    {9, "Time", "B9", "time-format", E},
    {10, "Date", "A10", "date-format", E},
    {12, "Date", "A12", "date-format", E},
    {15, "Child Seen (Y/N)", "H15", "yes-no", E},
    {17, "Subject of recording", "D17", "code-unknown", E},
    {18, "Relevant Terms of Reference", "G18", "tor-unknown", E},
    {19, "Event description, actions and outcomes", "E19", "seen-detail", W},
    {21, "Source of Information", "C21", "required", E},
};

// ERRORS.md, `north-yorkshire-2010/police-faulty.csv`.
const std::vector<expected_issue> north_yorkshire_faulty{
    {1, "Date", "", "header-missing", E},
    {1, "Date of event", "A1", "header-unknown", E},
    {7, "Date of event", "A7", "date-invalid", E},
    {10, "Initials of family member/Person involved", "D10", "code-unknown", E},
    {12, "Summary of key information", "E12", "required", E},
    {13, "Decisions and Actions", "F13", "known-name", E},
};

// ERRORS.md, `essex-2016/health-faulty.csv`.
const std::vector<expected_issue> essex_faulty{
    {0, "", "", "summary-missing", E},
    {9, "Comments, analysis and observations of practice", "G9", "required", E},
};

// ---- formats ---------------------------------------------------------------------

TEST(chronology, every_builtin_format_parses_with_the_rules_of_its_template) {
  auto ids = scr::chronology_format::builtin_ids();
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, format_ids);
  for (const auto& id : format_ids) {
    SCOPED_TRACE(id);
    const auto& f = scr::chronology_format::builtin(id);
    EXPECT_EQ(f.id(), id);
    EXPECT_EQ(f.version(), 1);
    EXPECT_FALSE(f.title().empty());
    // Its own text parses again to the same format, with nothing to say.
    EXPECT_TRUE(scr::chronology_format::check(f.source(), id + ".yaml").empty());
    const auto again = scr::chronology_format::parse(f.source(), id + ".yaml");
    ASSERT_EQ(again.columns().size(), f.columns().size());
    for (std::size_t i = 0; i < f.columns().size(); ++i) EXPECT_EQ(again.columns()[i].id, f.columns()[i].id);
    // One date column, required; times kept by every board's template.
    ASSERT_NE(f.column_for(scr::chronology_role::day), nullptr);
    EXPECT_TRUE(f.column_for(scr::chronology_role::day)->required);
    EXPECT_EQ(f.column_for(scr::chronology_role::day)->type, scr::chronology_type::day);
    ASSERT_NE(f.column_for(scr::chronology_role::time_of_day), nullptr);
    EXPECT_EQ(f.period_rule(), scr::strength::must);
    EXPECT_TRUE(f.other_columns_refused());
  }

  // Stockport: "dd/mm/yy ONLY" (002:242); "24 hour format, e.g. 17:56 ONLY"
  // and "If no time is available enter 00:00 and note why in Event
  // Description" (002:243); the child seen, alone and wishes (002:222).
  const auto& stockport = scr::chronology_format::builtin("stockport-2010");
  EXPECT_EQ(stockport.date_forms(), std::vector<std::string>{"dd/mm/yy"});
  EXPECT_EQ(stockport.time_forms(), std::vector<std::string>{"HH:MM"});
  EXPECT_EQ(stockport.time_rule(), scr::strength::must);
  EXPECT_EQ(stockport.unknown_time(), std::optional<std::string>("00:00"));
  EXPECT_EQ(stockport.unknown_time_reason_in(), "event");
  EXPECT_TRUE(stockport.untimed_first());
  EXPECT_EQ(stockport.seen_detail(), std::optional<scr::strength>(scr::strength::should));
  EXPECT_EQ(stockport.summary_rule(), std::nullopt);
  ASSERT_NE(stockport.column("child_seen"), nullptr);
  EXPECT_EQ(stockport.column("child_seen")->type, scr::chronology_type::yes_no);
  EXPECT_EQ(stockport.column("child_seen")->cite, (std::vector<std::string>{"002:222", "002:251"}));
  EXPECT_EQ(stockport.column("tor")->type, scr::chronology_type::tor);
  EXPECT_EQ(stockport.column("event")->headings, std::vector<std::string>{"Event description"});
  EXPECT_TRUE(stockport.column("event")->names);

  // North Yorkshire: ChronoLator "will recognise and accept various formats
  // for dates and times; for example 01.01.2004 or 22.05.04, and 01:00 or
  // 0100" (000:391); without a time it "can not distinguish the sequence"
  // (000:365): a warning, the entry placed last in its day.
  const auto& ny = scr::chronology_format::builtin("north-yorkshire-2010");
  EXPECT_EQ(ny.date_forms(), (std::vector<std::string>{"dd.mm.yyyy", "dd.mm.yy", "dd/mm/yyyy", "dd/mm/yy"}));
  EXPECT_EQ(ny.time_forms(), (std::vector<std::string>{"HH:MM", "HHMM"}));
  EXPECT_EQ(ny.time_rule(), scr::strength::should);
  EXPECT_FALSE(ny.untimed_first());
  EXPECT_EQ(ny.unknown_time(), std::nullopt);
  EXPECT_TRUE(ny.column("comment")->optional);
  EXPECT_EQ(ny.column("person")->type, scr::chronology_type::codes);
  EXPECT_EQ(ny.cite(), std::vector<std::string>{"000:365-393"});

  // Essex: comments are mandatory, with a summary at the end (004:208); the
  // Learning Event copy leaves the comments out (004:290).
  const auto& essex = scr::chronology_format::builtin("essex-2016");
  EXPECT_EQ(essex.summary_rule(), std::optional<scr::strength>(scr::strength::must));
  EXPECT_EQ(essex.learning_event_leaves_out(), std::vector<std::string>{"comment"});
  EXPECT_TRUE(essex.column("comment")->required);
  EXPECT_EQ(essex.column("comment")->cite, std::vector<std::string>{"004:208"});

  // Solihull: Appendix 7's columns, an event number first (001:1156).
  const auto& solihull = scr::chronology_format::builtin("solihull-2011");
  EXPECT_EQ(solihull.columns().front().id, "number");
  EXPECT_EQ(solihull.columns().front().type, scr::chronology_type::number);
  EXPECT_EQ(solihull.columns().size(), 10u);
  EXPECT_EQ(solihull.column_for(scr::chronology_role::seen)->id, "seen");

  EXPECT_EQ(scr::to_string(scr::chronology_type::day), "date");
  EXPECT_EQ(scr::to_string(scr::chronology_type::time_of_day), "time");
  EXPECT_EQ(scr::to_string(scr::chronology_role::day), "date");
  EXPECT_EQ(scr::to_string(scr::chronology_role::seen_alone), "seen_alone");
  EXPECT_ERROR(scr::input_error, scr::chronology_format::builtin("stockport-2011"),
               "no built-in chronology format 'stockport-2011'", "stockport-2010", "essex-2016");
}

// A board's own format with six mistakes: each is reported at its line and
// column, with a suggestion where one is near.
TEST(chronology, a_boards_own_format_gives_every_mistake_at_its_line_and_column) {
  const std::string yaml =
      "format:\n"                                                                       // 1
      "  id: my-board\n"                                                                // 2
      "  title: My board's chronology\n"                                                // 3
      "  dates: [dd/mm/yyyy, yyyy/mm]\n"                                                // 4
      "  times: [\"HH:MM\"]\n"                                                          // 5
      "  untimd: first\n"                                                               // 6
      "  unknown_time: {as: \"00:00\", reason_in: evnt}\n"                              // 7
      "  columns:\n"                                                                    // 8
      "    - {id: date, title: Date, type: date, role: date, required: true}\n"         // 9
      "    - {id: time, title: Time, type: time, role: time}\n"                         // 10
      "    - {id: when, title: When, type: date, role: date, required: true}\n"         // 11
      "    - {id: event, title: Event, headings: [Notes], type: text, role: summary, required: true}\n"  // 12
      "    - {id: seen, title: Seen, type: yes_no, role: seen, names: true}\n"          // 13
      "    - {id: notes, title: Notes, type: text, role: comment}\n";                   // 14
  const auto d = scr::chronology_format::check(yaml, "board.yaml");
  struct want {
    int line, column;
    std::string rule, part;
  };
  const std::vector<want> expected{
      {4, 23, "bad-date-form", "date form 'yyyy/mm' is not day, month and year"},
      {6, 3, "unknown-key", "unknown key 'untimd' in format; did you mean 'untimed'?"},
      {7, 42, "unknown-column", "unknown_time.reason_in 'evnt' is not a text column of this format; did you mean 'event'?"},
      {9, 5, "date-column", "exactly one column of type date (it has 2)"},
      {13, 64, "bad-value", "names: true is for text columns; 'seen' is yes_no"},
      {14, 7, "duplicate-heading", "heading 'Notes' of column 'notes' is also column 'event''s"},
  };
  std::string all;
  for (const auto& x : d) all += x.to_string() + "\n";
  ASSERT_EQ(d.size(), expected.size()) << all;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    SCOPED_TRACE(d[i].to_string());
    EXPECT_EQ(d[i].level, severity::error);
    EXPECT_EQ(d[i].file, "board.yaml");
    EXPECT_EQ(d[i].line, expected[i].line);
    EXPECT_EQ(d[i].column, expected[i].column);
    EXPECT_EQ(d[i].rule, expected[i].rule);
    EXPECT_NE(d[i].message.find(expected[i].part), std::string::npos) << d[i].message;
  }
  // parse throws all of them at once.
  try {
    (void)scr::chronology_format::parse(yaml, "board.yaml");
    ADD_FAILURE() << "a format with six errors was parsed";
  } catch (const scr::definition_error& e) {
    EXPECT_EQ(e.diagnostics(), d);
    EXPECT_NE(std::string(e.what()).find("board.yaml:7:42"), std::string::npos) << e.what();
  }
  // Put right, it parses, and does what it says.
  std::string fixed = yaml;
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {", yyyy/mm]", ", d.m.yy]"},
           {"untimd", "untimed"},
           {"reason_in: evnt", "reason_in: event"},
           {"{id: when, title: When, type: date, role: date, required: true}", "{id: when, title: When, type: text, role: other}"},
           {", names: true}", "}"},
           {"headings: [Notes], ", ""}}) {
    const auto at = fixed.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    fixed.replace(at, from.size(), to);
  }
  const auto f = scr::chronology_format::parse(fixed, "board.yaml");
  EXPECT_EQ(f.id(), "my-board");
  EXPECT_TRUE(f.untimed_first());
  EXPECT_EQ(f.unknown_time_reason_in(), "event");
  EXPECT_EQ(f.date_forms(), (std::vector<std::string>{"dd/mm/yyyy", "d.m.yy"}));
  EXPECT_EQ(f.columns().size(), 6u);
  EXPECT_EQ(f.source(), fixed);
}

TEST(chronology, a_format_check_never_throws) {
  std::string deep(5000, '[');
  const std::vector<std::string> texts{
      "",
      "format: [",
      "42",
      "format: 3",
      "format: {}",
      "format: {columns: 7}",
      "format:\n  columns:\n    - 1\n    - {id: x}\n    - {id: BAD ID, type: dates, role: dat}\n",
      "format:\n  id: x\n  title: t\n  dates: []\n  times: [hh:mm]\n  columns: []\n",
      "format:\n  version: -1\n  untimed: sometimes\n  time: maybe\n  learning_event: [comment]\n",
      "format:\n  unknown_time: {as: midnight}\n  columns:\n    - {id: d, title: D, type: date, role: date}\n",
      "other: 1\nformat: {id: a}\n",
      "\xff\xfe\x00 binary",
      "format: &a {columns: *a}",
      deep,
  };
  for (const auto& t : texts) {
    SCOPED_TRACE(t.substr(0, 60));
    std::vector<scr::diagnostic> d;
    EXPECT_NO_THROW(d = scr::chronology_format::check(t, "x.yaml"));
    EXPECT_FALSE(d.empty());
    for (const auto& x : d) EXPECT_EQ(x.file, "x.yaml");
    EXPECT_THROW((void)scr::chronology_format::parse(t, "x.yaml"), scr::definition_error);
  }
}

// ---- checking an agency's chronology ------------------------------------------------

TEST(chronology, the_correct_files_are_accepted_with_their_entries) {
  struct counts {
    std::size_t entries, untimed, seen;
  };
  // README.md: the same entries in every format.
  const std::map<std::string, counts> expected{
      {"Police", {16, 2, 3}}, {"Social Care", {22, 3, 6}}, {"Health", {20, 3, 5}}};
  for (const auto& format : format_ids) {
    const bool has_seen = format == "stockport-2010" || format == "solihull-2011";
    for (const auto& a : agencies) {
      for (const std::string ext : {".csv", ".xlsx"}) {
        SCOPED_TRACE(format + "/" + a.slug + ext);
        const auto c = check_file(format, a.slug + ext, a.name);
        EXPECT_FALSE(c.refused()) << c.report();
        EXPECT_EQ(c.errors(), 0u);
        const auto& want = expected.at(a.name);
        ASSERT_EQ(c.chronology.entries.size(), want.entries);
        EXPECT_EQ(c.chronology.agency, a.name);
        EXPECT_EQ(c.chronology.format, format);
        EXPECT_EQ(c.chronology.format_version, 1);
        std::size_t untimed = 0, seen = 0;
        std::set<std::size_t> untimed_rows;
        for (std::size_t i = 0; i < c.chronology.entries.size(); ++i) {
          const auto& e = c.chronology.entries[i];
          EXPECT_EQ(e.position, i);
          EXPECT_EQ(e.agency, a.name);
          EXPECT_EQ(e.values.size(), scr::chronology_format::builtin(format).columns().size());
          EXPECT_GE(e.day, ymd(2023, 3, 1));
          EXPECT_LE(e.day, ymd(2024, 2, 29));
          if (!e.minutes) {
            ++untimed;
            untimed_rows.insert(e.row);
          }
          if (e.seen == true) ++seen;
          if (!has_seen) {
            EXPECT_EQ(e.seen, std::nullopt) << where(e);
          }
          EXPECT_FALSE(e.subjects.empty()) << where(e);
        }
        EXPECT_EQ(untimed, want.untimed);
        EXPECT_EQ(seen, has_seen ? want.seen : 0u);
        if (format == "stockport-2010") {
          // 00:00 with its reason (002:243): neither error nor warning.
          EXPECT_TRUE(c.issues.empty()) << c.report();
        } else {
          // time: should, a blank time: a warning on each untimed entry, and nothing else.
          std::set<std::size_t> warned;
          for (const auto& i : c.issues) {
            EXPECT_EQ(i.rule, "time-missing") << c.report();
            EXPECT_EQ(i.level, severity::warning);
            EXPECT_EQ(i.column, "Time");
            warned.insert(i.row);
          }
          EXPECT_EQ(warned, untimed_rows);
          EXPECT_EQ(c.warnings(), want.untimed);
        }
        if (format == "essex-2016") {
          EXPECT_FALSE(c.chronology.summary.empty());
        } else {
          EXPECT_TRUE(c.chronology.summary.empty());
        }
      }
    }
  }
}

// Worked examples from the files, as normalised.
TEST(chronology, entries_are_read_as_the_template_means_them) {
  const auto police = accepted("stockport-2010", agencies[0]);
  ASSERT_EQ(police.entries.size(), 16u);
  // 12/03/23,23:40,Command and control log,"M, MP, R, PC1",... Child Seen Y.
  const auto& first = police.entries[0];
  EXPECT_EQ(first.row, 2u);
  EXPECT_EQ(first.day, ymd(2023, 3, 12));
  EXPECT_EQ(first.minutes, std::optional<int>(23 * 60 + 40));
  EXPECT_EQ(first.values[0], "12/03/2023");
  EXPECT_EQ(first.values[1], "23:40");
  EXPECT_EQ(first.values[2], "Command and control log");
  EXPECT_EQ(first.subjects, (std::vector<std::string>{"M", "MP", "R", "PC1"}));
  EXPECT_EQ(first.values[3], "M, MP, R, PC1");
  EXPECT_EQ(first.values[7], "Y");
  EXPECT_EQ(first.seen, std::optional<bool>(true));
  // "R was not seen alone and her wishes and feelings were not sought as she was asleep."
  EXPECT_EQ(first.seen_alone, std::optional<bool>(false));
  EXPECT_EQ(first.wishes, std::optional<bool>(false)) << first.values[4];
  // 14/10/23 21:50: "R was seen alone by PC1 ... and her wishes and feelings were sought".
  const auto& october = police.entries[7];
  EXPECT_EQ(october.day, ymd(2023, 10, 14));
  EXPECT_EQ(october.seen_alone, std::optional<bool>(true));
  EXPECT_EQ(october.wishes, std::optional<bool>(true));
  // 04/04/23,00:00, the reason in the description: untimed, shown as 00:00 (002:243).
  const auto& untimed = police.entries[4];
  EXPECT_EQ(untimed.day, ymd(2023, 4, 4));
  EXPECT_EQ(untimed.minutes, std::nullopt);
  EXPECT_EQ(untimed.values[1], "00:00");
  // The questions of the terms of reference it bears on, "1, 4".
  const auto health = accepted("stockport-2010", agencies[2]);
  EXPECT_EQ(health.entries[2].day, ymd(2023, 3, 21));
  EXPECT_EQ(health.entries[2].questions, std::vector<int>{4});
  EXPECT_EQ(health.entries[2].values[6], "4");
  EXPECT_EQ(police.entries[0].questions, (std::vector<int>{1, 2, 3}));
  EXPECT_EQ(police.entries[0].values[6], "1, 2, 3");

  // North Yorkshire's 0915 and 14.03.23 (000:391).
  const auto ny = accepted("north-yorkshire-2010", agencies[0]);
  EXPECT_EQ(ny.entries[1].day, ymd(2023, 3, 13));
  EXPECT_EQ(ny.entries[1].minutes, std::optional<int>(9 * 60 + 15));
  EXPECT_EQ(ny.entries[1].values[1], "09:15");
  EXPECT_EQ(ny.entries[2].day, ymd(2023, 3, 14));
  EXPECT_EQ(ny.entries[2].values[0], "14/03/2023");
  EXPECT_EQ(ny.entries[4].minutes, std::nullopt);
  EXPECT_EQ(ny.entries[4].values[1], "");
  EXPECT_EQ(ny.entries[4].values[6], "M\xE2\x80\x99s wish to withdraw was not shared with CSC.");
}

TEST(chronology, the_faulty_stockport_file_gives_exactly_the_planted_errors) {
  for (const std::string ext : {".csv", ".xlsx"}) {
    SCOPED_TRACE(ext);
    const auto c = check_file("stockport-2010", "social-care-faulty" + ext, "Social Care");
    EXPECT_TRUE(c.refused());
    EXPECT_EQ(c.errors(), 12u);
    EXPECT_EQ(c.warnings(), 1u);
    expect_issues(c, stockport_faulty, false);
    // Row 3 names "Rosie Hartwell" once (not "Rosie" again inside it).
    for (const auto& i : c.issues) {
      if (i.row == 3) {
        EXPECT_NE(i.message.find("'Rosie Hartwell'"), std::string::npos) << i.message;
      }
    }
  }
}

TEST(chronology, the_faulty_north_yorkshire_file_gives_exactly_the_planted_errors) {
  const auto c = check_file("north-yorkshire-2010", "police-faulty.csv", "Police");
  EXPECT_TRUE(c.refused());
  expect_issues(c, north_yorkshire_faulty, true);
}

TEST(chronology, the_faulty_essex_file_gives_exactly_the_planted_errors) {
  const auto c = check_file("essex-2016", "health-faulty.csv", "Health");
  EXPECT_TRUE(c.refused());
  expect_issues(c, essex_faulty, true);
  EXPECT_EQ(c.chronology.entries.size(), 20u);
  EXPECT_TRUE(c.chronology.summary.empty());
}

TEST(chronology, csv_and_xlsx_of_one_file_give_the_same_chronology) {
  for (const auto& format : format_ids) {
    for (const auto& a : agencies) {
      SCOPED_TRACE(format + "/" + a.slug);
      const auto csv = check_file(format, a.slug + ".csv", a.name);
      const auto xlsx = check_file(format, a.slug + ".xlsx", a.name);
      ASSERT_EQ(csv.chronology.entries.size(), xlsx.chronology.entries.size());
      for (std::size_t i = 0; i < csv.chronology.entries.size(); ++i) {
        const auto& x = csv.chronology.entries[i];
        const auto& y = xlsx.chronology.entries[i];
        EXPECT_EQ(x.values, y.values) << where(x);
        EXPECT_EQ(x.day, y.day) << where(x);
        EXPECT_EQ(x.minutes, y.minutes) << where(x);
        EXPECT_EQ(x.subjects, y.subjects) << where(x);
        EXPECT_EQ(x.questions, y.questions) << where(x);
        EXPECT_EQ(x.seen, y.seen) << where(x);
        EXPECT_EQ(x.seen_alone, y.seen_alone) << where(x);
        EXPECT_EQ(x.wishes, y.wishes) << where(x);
        EXPECT_EQ(x.row, y.row);
      }
      EXPECT_EQ(csv.chronology.summary, xlsx.chronology.summary);
      EXPECT_TRUE(csv.chronology == xlsx.chronology);
      EXPECT_EQ(csv.chronology.sha256(), xlsx.chronology.sha256());
      EXPECT_EQ(csv.issues, xlsx.issues);
    }
  }
}

TEST(chronology, a_windows_1252_csv_reads_as_its_utf8_copy) {
  const std::string bytes = bytes_of(path_of("stockport-2010", "police-windows-1252.csv"));
  // No byte order mark, and £ as the single byte 0xA3.
  EXPECT_NE(bytes.substr(0, 3), "\xEF\xBB\xBF");
  EXPECT_NE(bytes.find('\xA3'), std::string::npos);
  const auto cp1252 = check_file("stockport-2010", "police-windows-1252.csv", "Police");
  const auto utf8 = check_file("stockport-2010", "police.csv", "Police");
  EXPECT_TRUE(cp1252.issues.empty()) << cp1252.report();
  EXPECT_TRUE(cp1252.chronology == utf8.chronology);
  // "damage estimated at £250", "MP ‘shouts a lot’", "a café".
  const auto& e = cp1252.chronology.entries[7];
  EXPECT_NE(e.values[4].find("\xC2\xA3" "250"), std::string::npos) << e.values[4];
  EXPECT_NE(e.values[4].find("\xE2\x80\x98shouts a lot\xE2\x80\x99"), std::string::npos) << e.values[4];
  EXPECT_NE(e.values[4].find("caf\xC3\xA9"), std::string::npos) << e.values[4];
}

// "01.01.2004 or 22.05.04, and 01:00 or 0100" (000:391); Stockport's
// "dd/mm/yy ONLY" (002:242) and "17:56 ONLY" (002:243).
TEST(chronology, dates_and_times_in_the_forms_of_the_format) {
  auto ny = scr::chronology_setup::with_format(scr::chronology_format::builtin("north-yorkshire-2010"));
  ny.period_from = ymd(2004, 1, 1);
  ny.period_to = ymd(2004, 12, 31);
  ny.acronyms = {{"R", "family", "the child"}};
  auto rows = std::vector<std::vector<std::string>>{north_yorkshire_headings};
  rows.push_back({"01.01.2004", "01:00", "GP record", "R", "Seen.", "", ""});
  rows.push_back({"22.05.04", "0100", "GP record", "R", "Seen.", "", ""});
  rows.push_back({"23/05/2004", "17:56", "GP record", "R", "Seen.", "", ""});
  rows.push_back({"24/05/04", "", "GP record", "R", "Seen.", "", ""});
  rows.push_back({"01.01.99", "1756", "GP record", "R", "Seen.", "", ""});  // 1999: before the period
  rows.push_back({"31.02.2004", "10:00", "GP record", "R", "Seen.", "", ""});
  rows.push_back({"2004-05-25", "25:00", "GP record", "R", "Seen.", "", ""});
  const auto c = scr::check_chronology(ny, "GP", table_of(rows));
  ASSERT_EQ(c.chronology.entries.size(), 5u) << c.report();
  EXPECT_EQ(c.chronology.entries[0].day, ymd(2004, 1, 1));
  EXPECT_EQ(c.chronology.entries[0].minutes, std::optional<int>(60));
  EXPECT_EQ(c.chronology.entries[1].day, ymd(2004, 5, 22));
  EXPECT_EQ(c.chronology.entries[1].minutes, std::optional<int>(60));
  EXPECT_EQ(c.chronology.entries[1].values[0], "22/05/2004");
  EXPECT_EQ(c.chronology.entries[1].values[1], "01:00");
  EXPECT_EQ(c.chronology.entries[2].day, ymd(2004, 5, 23));
  EXPECT_EQ(c.chronology.entries[2].minutes, std::optional<int>(17 * 60 + 56));
  EXPECT_EQ(c.chronology.entries[3].day, ymd(2004, 5, 24));
  EXPECT_EQ(c.chronology.entries[4].day, ymd(1999, 1, 1));
  expect_issues(c,
                {{5, "Time", "B5", "time-missing", W},
                 {6, "Date", "A6", "period", E},
                 {6, "Date", "A6", "date-order", W},
                 {7, "Date", "A7", "date-invalid", E},
                 {8, "Date", "A8", "date-format", E},
                 {8, "Time", "B8", "time-format", E}},
                false);

  // Two-digit years: the century that does not put the date after the
  // period, whatever the century.
  auto late = ny;
  late.period_from = ymd(2023, 3, 1);
  late.period_to = ymd(2024, 2, 29);
  const auto two = scr::check_chronology(
      late, "GP",
      table_of({north_yorkshire_headings, {"01.03.23", "10:00", "GP", "R", "Seen.", "", ""},
                {"29.02.24", "10:00", "GP", "R", "Seen.", "", ""}}));
  EXPECT_TRUE(two.issues.empty()) << two.report();
  ASSERT_EQ(two.chronology.entries.size(), 2u) << two.report();
  EXPECT_EQ(two.chronology.entries[0].day, ymd(2023, 3, 1));
  EXPECT_EQ(two.chronology.entries[1].day, ymd(2024, 2, 29));

  // Stockport: only dd/mm/yy and HH:MM.
  auto sp = setup_for("stockport-2010");
  const auto strict = scr::check_chronology(
      sp, "GP",
      table_of({stockport_headings,
                {"21/03/23", "10:00", "GP record", "R", "Seen with M; not seen alone, wishes not sought.", "", "1", "N"},
                {"21/03/2023", "10:00", "GP record", "R", "Seen.", "", "1", "N"},
                {"21.03.23", "1000", "GP record", "R", "Seen.", "", "1", "N"}}));
  expect_issues(strict,
                {{3, "Date", "A3", "date-format", E}, {4, "Date", "A4", "date-format", E}, {4, "Time", "B4", "time-format", E}},
                false);
}

// Where a workbook has a date cell, its date is taken whatever the cell's
// number format shows; a date typed as text is read in the format's forms.
TEST(chronology, a_real_date_cell_is_taken_whatever_its_display) {
  auto sp = setup_for("stockport-2010");
  auto t = table_of({stockport_headings});
  t.rows.push_back({{"21 March 2023", ymd(2023, 3, 21), std::nullopt},
                    {"10:00 AM", std::nullopt, 600},
                    {"GP record", {}, {}},
                    {"R", {}, {}},
                    {"Seen with M; not seen alone; wishes not sought.", {}, {}},
                    {"", {}, {}},
                    {"1", {}, {}},
                    {"N", {}, {}}});
  const auto c = scr::check_chronology(sp, "GP", t);
  EXPECT_TRUE(c.issues.empty()) << c.report();
  ASSERT_EQ(c.chronology.entries.size(), 1u);
  EXPECT_EQ(c.chronology.entries[0].day, ymd(2023, 3, 21));
  EXPECT_EQ(c.chronology.entries[0].values[0], "21/03/2023");
  EXPECT_EQ(c.chronology.entries[0].values[1], "10:00");
  EXPECT_EQ(c.chronology.entries[0].minutes, std::optional<int>(600));
}

// ---- a workbook made by hand: a ZIP archive of stored (uncompressed) parts ---------

std::uint32_t crc32_of(const std::string& s) {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1u) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (const char ch : s) c = table[(c ^ static_cast<unsigned char>(ch)) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

void put16(std::string& out, std::uint32_t v) {
  out += static_cast<char>(v & 0xFFu);
  out += static_cast<char>((v >> 8) & 0xFFu);
}
void put32(std::string& out, std::uint32_t v) {
  put16(out, v & 0xFFFFu);
  put16(out, v >> 16);
}

std::string stored_zip(const std::vector<std::pair<std::string, std::string>>& parts) {
  std::string out, central;
  for (const auto& [name, body] : parts) {
    const auto offset = static_cast<std::uint32_t>(out.size());
    const auto crc = crc32_of(body);
    const auto size = static_cast<std::uint32_t>(body.size());
    const auto name_size = static_cast<std::uint32_t>(name.size());
    put32(out, 0x04034b50u);
    put16(out, 20);
    put16(out, 0);
    put16(out, 0);  // stored
    put16(out, 0);
    put16(out, 0x21);  // 1980-01-01
    put32(out, crc);
    put32(out, size);
    put32(out, size);
    put16(out, name_size);
    put16(out, 0);
    out += name;
    out += body;
    put32(central, 0x02014b50u);
    put16(central, 20);
    put16(central, 20);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0x21);
    put32(central, crc);
    put32(central, size);
    put32(central, size);
    put16(central, name_size);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put16(central, 0);
    put32(central, 0);
    put32(central, offset);
    central += name;
  }
  const auto at = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50u);
  put16(out, 0);
  put16(out, 0);
  put16(out, static_cast<std::uint32_t>(parts.size()));
  put16(out, static_cast<std::uint32_t>(parts.size()));
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, at);
  put16(out, 0);
  return out;
}

// A one-sheet workbook whose cells are given as the content of <sheetData>,
// with number formats: style 1 "d mmmm yyyy", 2 built-in 15 (d-mmm-yy),
// 3 "yyyy-mm-dd", 4 built-in 20 (h:mm), 5 "h:mm AM/PM", 6 built-in 14.
std::string workbook(const std::string& sheet_data) {
  const std::string ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const std::string rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const std::string pkg = "http://schemas.openxmlformats.org/package/2006/relationships";
  const std::string head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
  return stored_zip({
      {"[Content_Types].xml",
       head + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
              "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
              "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
              "<Override PartName=\"/xl/workbook.xml\" "
              "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
              "<Override PartName=\"/xl/worksheets/sheet1.xml\" "
              "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
              "<Override PartName=\"/xl/styles.xml\" "
              "ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/></Types>"},
      {"_rels/.rels", head + "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
                          "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"},
      {"xl/workbook.xml", head + "<workbook xmlns=\"" + ns + "\" xmlns:r=\"" + rel +
                              "\"><sheets><sheet name=\"Chronology\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"},
      {"xl/_rels/workbook.xml.rels",
       head + "<Relationships xmlns=\"" + pkg + "\"><Relationship Id=\"rId1\" Type=\"" + rel +
           "/worksheet\" Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" + rel +
           "/styles\" Target=\"styles.xml\"/></Relationships>"},
      {"xl/styles.xml",
       head + "<styleSheet xmlns=\"" + ns +
           "\"><numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"d mmmm yyyy\"/>"
           "<numFmt numFmtId=\"165\" formatCode=\"yyyy-mm-dd\"/><numFmt numFmtId=\"166\" formatCode=\"h:mm AM/PM\"/>"
           "</numFmts><cellXfs count=\"7\"><xf numFmtId=\"0\"/><xf numFmtId=\"164\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"15\" applyNumberFormat=\"1\"/><xf numFmtId=\"165\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"20\" applyNumberFormat=\"1\"/><xf numFmtId=\"166\" applyNumberFormat=\"1\"/>"
           "<xf numFmtId=\"14\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>"},
      {"xl/worksheets/sheet1.xml",
       head + "<worksheet xmlns=\"" + ns + "\"><sheetData>" + sheet_data + "</sheetData></worksheet>"},
  });
}

std::string inline_cell(const std::string& ref, const std::string& text) {
  return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}

TEST(chronology, a_workbooks_date_cells_are_dates_whatever_their_number_format) {
  std::string data = "<row r=\"1\">";
  for (std::size_t i = 0; i < stockport_headings.size(); ++i) {
    data += inline_cell(std::string(1, static_cast<char>('A' + i)) + "1", stockport_headings[i]);
  }
  data += "</row>";
  // 45006 is 21 March 2023 in the 1900 date system (45005 the 20th); 0.4375
  // is 10:30; 0.6875 16:30.
  const std::vector<std::tuple<int, std::string, std::string, std::string>> cells{
      {2, "1", "45006", "4"},   // "21 March 2023", "10:30"
      {3, "2", "45007", "5"},   // "22-Mar-23", "4:30 PM"
      {4, "3", "45008", "4"},   // "2023-03-23"
      {5, "6", "45009", "5"}};  // "24/03/2023" (built-in 14)
  const std::vector<std::string> times{"0.4375", "0.6875", "0.4375", "0.6875"};
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const auto& [row, date_style, serial, time_style] = cells[i];
    const std::string r = std::to_string(row);
    data += "<row r=\"" + r + "\"><c r=\"A" + r + "\" s=\"" + date_style + "\"><v>" + serial + "</v></c><c r=\"B" + r +
            "\" s=\"" + time_style + "\"><v>" + times[i] + "</v></c>" + inline_cell("C" + r, "GP record") +
            inline_cell("D" + r, "R, M") + inline_cell("E" + r, "GP1 saw R with M.") + inline_cell("G" + r, "1") +
            inline_cell("H" + r, "N") + "</row>";
  }
  const auto t = scr::read_chronology_bytes(workbook(data), "gp.xlsx");
  EXPECT_EQ(t.file, "gp.xlsx");
  ASSERT_EQ(t.rows.size(), 5u);
  EXPECT_EQ(t.rows[1][0].day, std::optional<scr::date>(ymd(2023, 3, 21)));
  EXPECT_EQ(t.rows[1][1].minutes, std::optional<int>(10 * 60 + 30));
  const auto c = scr::check_chronology(setup_for("stockport-2010"), "GP", t);
  EXPECT_TRUE(c.issues.empty()) << c.report();
  ASSERT_EQ(c.chronology.entries.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& e = c.chronology.entries[i];
    EXPECT_EQ(e.day, ymd(2023, 3, static_cast<int>(21 + i)));
    EXPECT_EQ(e.values[0], "2" + std::to_string(1 + i) + "/03/2023");
    EXPECT_EQ(e.minutes, std::optional<int>(i % 2 == 0 ? 10 * 60 + 30 : 16 * 60 + 30));
    EXPECT_EQ(e.values[1], i % 2 == 0 ? "10:30" : "16:30");
  }
  // The same date typed as text "2023-03-21" is not Stockport's dd/mm/yy.
  const std::string typed = "<row r=\"1\">" + inline_cell("A1", "Date") + inline_cell("B1", "Time") +
                            inline_cell("C1", "Source of Information") + inline_cell("D1", "Subject of recording") +
                            inline_cell("E1", "Event description") + inline_cell("F1", "Expected Practice/Standards") +
                            inline_cell("G1", "Relevant Terms of Reference") + inline_cell("H1", "Child Seen") +
                            "</row><row r=\"2\">" + inline_cell("A2", "2023-03-21") + inline_cell("B2", "10:30") +
                            inline_cell("C2", "GP record") + inline_cell("D2", "R") + inline_cell("E2", "Seen.") +
                            inline_cell("H2", "N") + "</row>";
  const auto refused = scr::check_chronology(setup_for("stockport-2010"), "GP",
                                             scr::read_chronology_bytes(workbook(typed), "gp.xlsx"));
  expect_issues(refused, {{2, "Date", "A2", "date-format", E}}, false);
}

TEST(chronology, a_file_without_the_templates_headings_is_refused_heading_by_heading) {
  const auto sp = setup_for("stockport-2010");
  // The first row is an entry: every "heading" is unknown, every column missing.
  const auto c = scr::check_chronology(
      sp, "Police",
      table_of({{"12/03/23", "23:40", "Command and control log", "M, MP"},
                {"13/03/23", "09:15", "PPN", "R"}}));
  EXPECT_TRUE(c.refused());
  EXPECT_TRUE(c.chronology.entries.empty());
  std::vector<expected_issue> want{
      {1, "12/03/23", "A1", "header-unknown", E},       {1, "23:40", "B1", "header-unknown", E},
      {1, "Command and control log", "C1", "header-unknown", E}, {1, "M, MP", "D1", "header-unknown", E}};
  for (const auto& h : stockport_headings) want.push_back({1, h, "", "header-missing", E});
  expect_issues(c, want, false);

  // A title above the heading row: the headings are found below it, and
  // rows keep the file's numbers.
  auto rows = std::vector<std::vector<std::string>>{{"Child R: Police chronology"}, {}, stockport_headings};
  rows.push_back({"12/03/23", "23:40", "Command and control log", "M", "R not seen alone; wishes not sought.", "", "2", "Y"});
  rows.push_back({"13/03/23", "09:15", "PPN", "R", "PPN submitted.", "", "", "N"});
  const auto titled = scr::check_chronology(sp, "Police", table_of(rows));
  EXPECT_TRUE(titled.issues.empty()) << titled.report();
  ASSERT_EQ(titled.chronology.entries.size(), 2u);
  EXPECT_EQ(titled.chronology.entries[0].row, 4u);
  EXPECT_EQ(titled.chronology.entries[1].row, 5u);
}

TEST(chronology, an_empty_file_or_one_without_entries_is_refused) {
  const auto sp = setup_for("stockport-2010");
  for (const std::string& bytes : {std::string(), std::string("\xEF\xBB\xBF"), std::string("\r\n\r\n,,,\r\n")}) {
    const auto c = scr::check_chronology(sp, "Police", scr::read_chronology_bytes(bytes, "empty.csv"));
    EXPECT_TRUE(c.refused());
    ASSERT_EQ(c.issues.size(), 1u) << c.report();
    EXPECT_EQ(c.issues[0].rule, "no-entries");
    EXPECT_EQ(c.issues[0].row, 0u);
    EXPECT_NE(c.issues[0].message.find("empty.csv"), std::string::npos) << c.issues[0].message;
  }
  // The headings and nothing else.
  const auto only = scr::check_chronology(sp, "Police", table_of({stockport_headings}));
  EXPECT_TRUE(only.refused());
  ASSERT_EQ(only.issues.size(), 1u) << only.report();
  EXPECT_EQ(only.issues[0].rule, "no-entries");
  EXPECT_EQ(only.issues[0].message, "the chronology has no entries");
  // Not a CSV or a workbook at all: an input_error naming the file.
  EXPECT_ERROR(scr::input_error, scr::read_chronology_bytes(std::string("PK\x03\x04junk", 8), "police.xlsx"),
               "police.xlsx");
  EXPECT_ERROR(scr::input_error, scr::read_chronology(data_dir + "no-such-file.csv"), "no-such-file.csv");
}

TEST(chronology, headings_are_matched_ignoring_case_spacing_and_a_trailing_yes_no) {
  const auto sp = setup_for("stockport-2010");
  const std::vector<std::string> entry{"21/03/23", "10:00", "Strategy meeting minutes", "R, M, MP",
                                       "Strategy meeting; R not seen.", "", "1, 2, 4", "N"};
  const std::vector<std::vector<std::string>> heading_rows{
      stockport_headings,
      {"  DATE ", "time", "source  of   information", "SUBJECT OF RECORDING", "Event description",
       "Expected practice / standards", "relevant terms of reference", "child seen"},
      {"Date", "Time", "Source of information", "Subject of recording", "EVENT DESCRIPTION, ACTIONS AND OUTCOMES",
       "Expected Practice Standards", "Relevant Terms of Reference", "Child Seen (y/n)"},
      {"Date", "Time", "Source of Information", "Subject of recording", "Event description", "Expected Practice/Standards",
       "Relevant Terms of Reference", "CHILD SEEN ( Y / N )"},
  };
  std::optional<scr::agency_chronology> first;
  for (const auto& h : heading_rows) {
    SCOPED_TRACE(h.back());
    const auto c = scr::check_chronology(sp, "Social Care", table_of({h, entry}));
    EXPECT_TRUE(c.issues.empty()) << c.report();
    ASSERT_EQ(c.chronology.entries.size(), 1u);
    if (!first) first = c.chronology;
    EXPECT_TRUE(c.chronology == *first);
  }
  EXPECT_EQ(first->entries[0].seen, std::optional<bool>(false));
  // Another column is not made one of the template's by being near it.
  auto near = stockport_headings;
  near[5] = "Expected Practise";
  const auto c = scr::check_chronology(sp, "Social Care", table_of({near, entry}));
  expect_issues(c,
                {{1, "Expected Practise", "F1", "header-unknown", E}, {1, "Expected Practice/Standards", "", "header-missing", E}},
                false);
  EXPECT_NE(c.report().find("'Expected Practise' is not a heading of"), std::string::npos) << c.report();
}

TEST(chronology, the_report_names_row_cell_and_rule_errors_first) {
  const auto c = check_file("stockport-2010", "social-care-faulty.csv", "Social Care");
  const std::string r = c.report();
  std::vector<std::string> lines;
  for (std::istringstream in(r); !in.eof();) {
    std::string l;
    std::getline(in, l);
    if (!l.empty()) lines.push_back(l);
  }
  ASSERT_EQ(lines.size(), 14u) << r;
  EXPECT_EQ(lines[0], "Chronology from Social Care (stockport-2010): RETURNED for amendment: 12 errors, 1 warning");
  // Every error before the warning, though the warning's row (19) is before
  // the last error's (21).
  for (std::size_t i = 1; i <= 12; ++i) EXPECT_EQ(lines[i].rfind("  error", 0), 0u) << lines[i];
  EXPECT_EQ(lines[13].rfind("  warning", 0), 0u) << lines[13];
  EXPECT_NE(lines[13].find("row 19, E19 (Event description, actions and outcomes)"), std::string::npos) << lines[13];
  EXPECT_NE(lines[13].find("[seen-detail]"), std::string::npos) << lines[13];
  EXPECT_NE(lines[12].find("row 21, C21 (Source of Information)"), std::string::npos) << lines[12];
  EXPECT_NE(lines[12].find("[required]"), std::string::npos) << lines[12];
  EXPECT_NE(lines[1].find("row 1, I1 (Worker)"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find("[header-unknown]"), std::string::npos) << lines[1];
  EXPECT_NE(r.find("row 9, B9 (Time): '5.30pm' is not a time in the form HH:MM [time-format]"), std::string::npos) << r;
  EXPECT_NE(r.find("row 17, D17 (Subject of recording): 'XY' is not on the review's acronym list"), std::string::npos)
      << r;
  // The file as a whole, and an accepted one.
  const auto essex = check_file("essex-2016", "health-faulty.csv", "Health");
  EXPECT_NE(essex.report().find("  error   file: "), std::string::npos) << essex.report();
  EXPECT_NE(essex.report().find("[summary-missing]"), std::string::npos) << essex.report();
  const auto ok = check_file("stockport-2010", "police.csv", "Police");
  EXPECT_EQ(ok.report(), "Chronology from Police (stockport-2010): accepted, 16 entries\n");
  const auto warned = check_file("north-yorkshire-2010", "police.csv", "Police");
  EXPECT_EQ(warned.report().substr(0, warned.report().find('\n')),
            "Chronology from Police (north-yorkshire-2010): accepted, 16 entries, 2 warnings");
}

TEST(chronology, the_checks_of_a_review_without_acronyms_or_period_are_said) {
  // No acronym list: the codes are not checked, and that is said once.
  auto bare = scr::chronology_setup::with_format(scr::chronology_format::builtin("stockport-2010"));
  const auto c = scr::check_chronology(bare, "Police", scr::read_chronology(path_of("stockport-2010", "police.csv")));
  EXPECT_FALSE(c.refused());
  expect_issues(c, {{0, "", "", "acronyms-missing", W}}, false);
  EXPECT_EQ(c.chronology.entries.size(), 16u);
  // The codes "and" and "&" and "/" separate.
  auto sp = setup_for("stockport-2010");
  const auto codes = scr::check_chronology(
      sp, "Police",
      table_of({stockport_headings,
                {"21/03/23", "10:00", "Minutes", "R and M & MP/MGM; sw1", "R not seen.", "", "1 and 2", "N"}}));
  EXPECT_TRUE(codes.issues.empty()) << codes.report();
  ASSERT_EQ(codes.chronology.entries.size(), 1u);
  EXPECT_EQ(codes.chronology.entries[0].subjects, (std::vector<std::string>{"R", "M", "MP", "MGM", "SW1"}));
  EXPECT_EQ(codes.chronology.entries[0].questions, (std::vector<int>{1, 2}));
  // A name where an acronym belongs (000:379-385).
  const auto named = scr::check_chronology(
      sp, "Police", table_of({stockport_headings, {"21/03/23", "10:00", "Minutes", "R, Dana", "R not seen.", "", "", "N"}}));
  expect_issues(named, {{2, "Subject of recording", "D2", "known-name", E}}, false);
}

// chronology_issue::column is "the column's heading in the file": for every
// rule, also where the file uses another accepted heading or another case.
TEST(chronology, an_issue_names_its_column_by_the_files_heading) {
  const auto sp = setup_for("stockport-2010");
  const auto c = scr::check_chronology(
      sp, "Social Care",
      table_of({{"DATE", "TIME", "Source of Information", "Subject of recording", "Event description",
                 "Expected Practice/Standards", "Relevant Terms of Reference", "Child Seen"},
                {"22/03/23", "10:00", "Home visit record", "R", "R was seen in her bedroom.", "", "3", "Y"},
                {"21/03/23", "00:00", "Telephone record", "M", "SW1 telephoned M.", "", "4", "N"}}));
  expect_issues(c,
                {{2, "Event description", "E2", "seen-detail", W},
                 {3, "DATE", "A3", "date-order", W},
                 {3, "TIME", "B3", "time-unknown-reason", E}},
                false);
}

// A row that reads "Summary" where a format has no summary (Stockport's has
// none) is not the end of the chronology: the rows after it are entries.
TEST(chronology, a_summary_like_row_does_not_end_a_chronology_without_a_summary) {
  const auto sp = setup_for("stockport-2010");
  const auto c = scr::check_chronology(
      sp, "Health",
      table_of({stockport_headings,
                {"02/03/23", "09:30", "GP record", "R, M", "GP1 saw R with M; not seen alone, wishes not sought.", "", "1",
                 "N"},
                {"", "", "Summary", "R, M", "Summary of the GP record sent to CSC.", "", "4", "N"},
                {"13/03/23", "14:00", "Health visiting record", "R, M, MP", "HV1 received the PPN.", "", "2, 4", "N"}}));
  EXPECT_EQ(c.chronology.entries.size(), 2u) << c.report();
  EXPECT_TRUE(c.chronology.summary.empty()) << c.chronology.summary;
  // The row without a date or time is the agency's to put right.
  expect_issues(c, {{3, "Date", "A3", "required", E}, {3, "Time", "B3", "time-missing", E}}, false);
}

// Nothing an agency wrote is dropped without a word: a cell beyond the last
// heading (a stray comma in the last column of a CSV) or under a blank
// heading is a column the template does not have, and the format refuses
// other columns (002:218-253, "other_columns: refused").
TEST(chronology, a_cell_under_no_heading_is_not_dropped_silently) {
  const auto sp = setup_for("stockport-2010");
  const auto has_issue_at = [](const scr::chronology_check& c, std::size_t row, const std::string& cell) {
    return std::any_of(c.issues.begin(), c.issues.end(), [&](const scr::chronology_issue& i) {
      return i.row == row && i.cell == cell && i.level == severity::error;
    });
  };
  const auto beyond = scr::check_chronology(
      sp, "GP",
      scr::read_chronology_bytes(
          "Date,Time,Source of Information,Subject of recording,Event description,Expected Practice/Standards,"
          "Relevant Terms of Reference,Child Seen (Y/N)\r\n"
          "21/03/23,10:00,GP record,R,GP1 saw R with M; not seen alone; wishes not sought.,,1,N, R seen briefly\r\n",
          "gp.csv"));
  EXPECT_TRUE(beyond.refused()) << beyond.report();
  EXPECT_TRUE(has_issue_at(beyond, 2, "I2")) << beyond.report();

  auto headings = stockport_headings;
  headings.insert(headings.begin() + 5, "");
  const auto blank = scr::check_chronology(
      sp, "GP",
      table_of({headings,
                {"21/03/23", "10:00", "GP record", "R", "GP1 saw R with M; not seen alone; wishes not sought.",
                 "Written under no heading", "", "1", "N"}}));
  EXPECT_TRUE(blank.refused()) << blank.report();
  EXPECT_TRUE(has_issue_at(blank, 2, "F2")) << blank.report();
}

// The seen-detail warning says what is missing, and only that (002:222).
TEST(chronology, the_seen_detail_warning_asks_for_what_is_missing) {
  const auto sp = setup_for("stockport-2010");
  const auto c = scr::check_chronology(
      sp, "Social Care",
      table_of({stockport_headings,
                {"22/03/23", "10:00", "Home visit record", "R", "R was seen alone in her bedroom.", "", "3", "Y"},
                {"23/03/23", "10:00", "Home visit record", "R", "R's wishes and feelings were sought.", "", "3", "Y"},
                {"24/03/23", "10:00", "Home visit record", "R", "R was seen.", "", "3", "Y"},
                {"25/03/23", "10:00", "Home visit record", "R", "R was not seen alone; her wishes were not sought.", "",
                 "3", "Y"}}));
  ASSERT_EQ(c.issues.size(), 3u) << c.report();
  EXPECT_EQ(c.issues[0].row, 2u);
  EXPECT_NE(c.issues[0].message.find("wishes and feelings were sought"), std::string::npos) << c.issues[0].message;
  EXPECT_EQ(c.issues[0].message.find("alone"), std::string::npos) << c.issues[0].message;
  EXPECT_EQ(c.issues[1].row, 3u);
  EXPECT_NE(c.issues[1].message.find("alone"), std::string::npos) << c.issues[1].message;
  EXPECT_EQ(c.issues[1].message.find("wishes"), std::string::npos) << c.issues[1].message;
  EXPECT_EQ(c.issues[2].row, 4u);
  EXPECT_NE(c.issues[2].message.find("alone"), std::string::npos) << c.issues[2].message;
  EXPECT_NE(c.issues[2].message.find("wishes"), std::string::npos) << c.issues[2].message;
  ASSERT_EQ(c.chronology.entries.size(), 4u);
  EXPECT_EQ(c.chronology.entries[0].seen_alone, std::optional<bool>(true));
  EXPECT_EQ(c.chronology.entries[1].wishes, std::optional<bool>(true));
  EXPECT_EQ(c.chronology.entries[3].seen_alone, std::optional<bool>(false));
  EXPECT_EQ(c.chronology.entries[3].wishes, std::optional<bool>(false));
}

TEST(chronology, csv_files_as_excel_writes_them_in_other_locales_and_encodings) {
  const auto sp = setup_for("stockport-2010");
  // Excel where the decimal separator is a comma writes ";".
  const auto semi = scr::check_chronology(
      sp, "GP",
      scr::read_chronology_bytes("Date;Time;Source of Information;Subject of recording;Event description, actions and "
                                 "outcomes;Expected Practice/Standards;Relevant Terms of Reference;Child Seen (Y/N)\r\n"
                                 "21/03/23;10:00;GP record;R, M;\"GP1 saw R; not seen alone, wishes not sought\";;1, 3;N\r\n",
                                 "semicolons.csv"));
  EXPECT_TRUE(semi.issues.empty()) << semi.report();
  ASSERT_EQ(semi.chronology.entries.size(), 1u);
  EXPECT_EQ(semi.chronology.entries[0].values[4], "GP1 saw R; not seen alone, wishes not sought");
  EXPECT_EQ(semi.chronology.entries[0].questions, (std::vector<int>{1, 3}));
  // A byte Windows-1252 does not have, and a byte order mark that lies: said, with the file.
  EXPECT_ERROR(scr::input_error, scr::read_chronology_bytes("Date,Time\r\n21/03/23,10:00 \x81\r\n", "police.csv"),
               "police.csv", "neither UTF-8 nor Windows-1252");
  EXPECT_ERROR(scr::input_error, scr::read_chronology_bytes("\xEF\xBB\xBF" "Date,Time\r\n21/03/23,\xE9\r\n", "police.csv"),
               "police.csv", "byte order mark");
  EXPECT_ERROR(scr::input_error, scr::read_chronology_bytes("Date,\"Time\r\n21/03/23,10:00\r\n", "police.csv"),
               "police.csv", "never closed");
  // Text that is not UTF-8 in a table made by hand is the agency's problem, not an exception.
  auto t = table_of({stockport_headings, {"21/03/23", "10:00", "GP \xFF record", "R", "Seen; not alone.", "", "1", "N"}});
  scr::chronology_check c;
  EXPECT_NO_THROW(c = scr::check_chronology(sp, "GP", t));
  EXPECT_TRUE(c.refused());
  EXPECT_NO_THROW((void)c.chronology.sha256());
}

// ---- the multi-agency chronology ----------------------------------------------------

TEST(chronology, the_merge_orders_by_day_time_and_agency) {
  for (const auto& format : format_ids) {
    SCOPED_TRACE(format);
    const auto m = merged(format);
    EXPECT_EQ(m.agencies(), (std::vector<std::string>{"Health", "Police", "Social Care"}));
    ASSERT_EQ(m.entries().size(), 58u);
    const bool first = format == "stockport-2010";
    for (std::size_t i = 1; i < m.entries().size(); ++i) {
      const auto& a = *m.entries()[i - 1];
      const auto& b = *m.entries()[i];
      ASSERT_LE(a.day, b.day) << where(a) << " before " << where(b);
      if (a.day != b.day) continue;
      // In one day: the untimed where the format puts them, then by time,
      // then agency by name, then the agency's own order.
      if (a.minutes.has_value() != b.minutes.has_value()) {
        EXPECT_EQ(b.minutes.has_value(), first) << where(a) << " before " << where(b);
        continue;
      }
      if (a.minutes && *a.minutes != *b.minutes) {
        EXPECT_LT(*a.minutes, *b.minutes) << where(a) << " before " << where(b);
        continue;
      }
      if (a.agency != b.agency) {
        EXPECT_LT(a.agency, b.agency) << where(a) << " before " << where(b);
      } else {
        EXPECT_LT(a.position, b.position) << where(a) << " before " << where(b);
      }
    }
    // 21/03/2023 at 10:00: the strategy meeting, in the order of the agencies' names.
    const auto day = m.select({ymd(2023, 3, 21), ymd(2023, 3, 21), std::nullopt, std::nullopt, std::nullopt});
    ASSERT_EQ(day.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(day[i]->minutes, std::optional<int>(600)) << where(*day[i]);
    EXPECT_EQ(day[0]->agency, "Health");
    EXPECT_EQ(day[1]->agency, "Police");
    EXPECT_EQ(day[2]->agency, "Social Care");
  }
}

// 02/11/2023: the ICPC at 13:30 (Health and Social Care) and Health's GP
// report without a time: first in its day in Stockport's format, last in
// North Yorkshire's.
TEST(chronology, an_untimed_entry_goes_first_or_last_in_its_day_as_the_format_says) {
  const scr::multi_agency_chronology::filter day{ymd(2023, 11, 2), ymd(2023, 11, 2), std::nullopt, std::nullopt,
                                                 std::nullopt};
  const auto stockport_merged = merged("stockport-2010");  // select's entries point into it
  const auto stockport = stockport_merged.select(day);
  ASSERT_EQ(stockport.size(), 3u);
  EXPECT_EQ(stockport[0]->agency, "Health");
  EXPECT_EQ(stockport[0]->minutes, std::nullopt);
  EXPECT_EQ(stockport[0]->values[2], "GP record");
  EXPECT_EQ(stockport[1]->agency, "Health");
  EXPECT_EQ(stockport[1]->minutes, std::optional<int>(13 * 60 + 30));
  EXPECT_EQ(stockport[2]->agency, "Social Care");
  EXPECT_EQ(stockport[2]->minutes, std::optional<int>(13 * 60 + 30));

  const auto ny_merged = merged("north-yorkshire-2010");
  const auto ny = ny_merged.select(day);
  ASSERT_EQ(ny.size(), 3u);
  EXPECT_EQ(ny[0]->agency, "Health");
  EXPECT_EQ(ny[0]->minutes, std::optional<int>(13 * 60 + 30));
  EXPECT_EQ(ny[1]->agency, "Social Care");
  EXPECT_EQ(ny[1]->minutes, std::optional<int>(13 * 60 + 30));
  EXPECT_EQ(ny[2]->agency, "Health");
  EXPECT_EQ(ny[2]->minutes, std::nullopt);
  EXPECT_EQ(ny[2]->values[2], "GP record");
  // The agency's own file has it in that order too: row 13 then row 14.
  EXPECT_EQ(ny[0]->row, 13u);
  EXPECT_EQ(ny[2]->row, 14u);
}

TEST(chronology, an_agencys_own_order_is_kept_among_entries_of_one_time) {
  auto sp = setup_for("stockport-2010");
  const auto c = scr::check_chronology(
      sp, "Police",
      table_of({stockport_headings,
                {"21/03/23", "10:00", "Second", "R", "R not seen.", "", "", "N"},
                {"21/03/23", "10:00", "First", "R", "R not seen.", "", "", "N"},
                {"21/03/23", "09:00", "Earlier", "R", "R not seen.", "", "", "N"}}));
  ASSERT_FALSE(c.refused()) << c.report();
  const scr::multi_agency_chronology m(sp.format, {c.chronology});
  ASSERT_EQ(m.entries().size(), 3u);
  EXPECT_EQ(m.entries()[0]->values[2], "Earlier");
  EXPECT_EQ(m.entries()[1]->values[2], "Second");
  EXPECT_EQ(m.entries()[2]->values[2], "First");
}

TEST(chronology, the_days_all_three_agencies_were_involved) {
  const auto m = merged("solihull-2011");
  std::map<scr::date, std::set<std::string>> by_day;
  for (const auto* e : m.entries()) by_day[e->day].insert(e->agency);
  std::vector<scr::date> all_three;
  for (const auto& [d, who] : by_day) {
    if (who.size() == 3) all_three.push_back(d);
  }
  EXPECT_EQ(all_three, (std::vector<scr::date>{ymd(2023, 3, 13), ymd(2023, 3, 21), ymd(2023, 10, 16), ymd(2023, 11, 9),
                                               ymd(2024, 2, 18), ymd(2024, 2, 19)}));
}

TEST(chronology, selections_by_period_agency_subject_and_question) {
  const auto m = merged("stockport-2010");
  using filter = scr::multi_agency_chronology::filter;
  EXPECT_EQ(m.select({}).size(), 58u);
  const auto october = m.select(filter{ymd(2023, 10, 1), ymd(2023, 10, 31), std::nullopt, std::nullopt, std::nullopt});
  EXPECT_EQ(october.size(), 8u);
  for (const auto* e : october) EXPECT_EQ(e->day.month(), 10) << where(*e);
  EXPECT_EQ(october.front()->day, ymd(2023, 10, 2));
  EXPECT_EQ(m.select(filter{std::nullopt, std::nullopt, std::string("police"), std::nullopt, std::nullopt}).size(), 16u);
  EXPECT_EQ(m.select(filter{std::nullopt, std::nullopt, std::string("SOCIAL CARE"), std::nullopt, std::nullopt}).size(),
            22u);
  EXPECT_TRUE(m.select(filter{std::nullopt, std::nullopt, std::string("Education"), std::nullopt, std::nullopt}).empty());
  // The maternal grandmother, MGM: 14 entries (not those of MGMH, her home).
  const auto mgm = m.select(filter{std::nullopt, std::nullopt, std::nullopt, std::string("MGM"), std::nullopt});
  EXPECT_EQ(mgm.size(), 14u);
  EXPECT_EQ(m.select(filter{std::nullopt, std::nullopt, std::nullopt, std::string("mgm"), std::nullopt}).size(), 14u);
  // Question 5, children not brought to appointments: 10 entries, none of the police's.
  const auto q5 = m.select(filter{std::nullopt, std::nullopt, std::nullopt, std::nullopt, 5});
  EXPECT_EQ(q5.size(), 10u);
  for (const auto* e : q5) EXPECT_NE(e->agency, "Police") << where(*e);
  EXPECT_EQ(m.select(filter{std::nullopt, std::nullopt, std::nullopt, std::nullopt, 3}).size(), 18u);
  // All together: the police's entries naming MP and bearing on question 2.
  EXPECT_EQ(m.select(filter{std::nullopt, std::nullopt, std::string("Police"), std::string("MP"), 2}).size(), 11u);
  // Of them, on 18 and 19/02/2024 only the arrest at 23:30 on the 18th.
  const auto arrest = m.select(filter{ymd(2024, 2, 18), ymd(2024, 2, 19), std::string("Police"), std::string("MP"), 2});
  ASSERT_EQ(arrest.size(), 1u);
  EXPECT_EQ(arrest[0]->minutes, std::optional<int>(23 * 60 + 30));
}

// README.md's counts of the child seen; the child seen alone and their
// wishes sought as each entry's description says (Stockport's template has
// no column for them, 002:222).
TEST(chronology, the_child_seen_per_agency_and_month) {
  const auto m = merged("stockport-2010");
  const auto counts = m.seen_counts();
  struct total {
    std::size_t entries = 0, seen = 0, alone = 0, wishes = 0;
  };
  std::map<std::string, total> by_agency;
  for (const auto& c : counts) {
    auto& t = by_agency[c.agency];
    t.entries += c.entries;
    t.seen += c.seen;
    t.alone += c.seen_alone;
    t.wishes += c.wishes;
  }
  // Police: 12/03/23 (not alone, wishes not sought), 14/10/23 (alone,
  // sought), 18/02/24 (not alone, not sought).
  EXPECT_EQ(by_agency["Police"].entries, 16u);
  EXPECT_EQ(by_agency["Police"].seen, 3u);
  EXPECT_EQ(by_agency["Police"].alone, 1u);
  EXPECT_EQ(by_agency["Police"].wishes, 1u);
  // Social Care: alone on 23/03/23, 07/12/23 and 22/02/24; wishes sought on
  // those and on 19/10/23 (not alone).
  EXPECT_EQ(by_agency["Social Care"].entries, 22u);
  EXPECT_EQ(by_agency["Social Care"].seen, 6u);
  EXPECT_EQ(by_agency["Social Care"].alone, 3u);
  EXPECT_EQ(by_agency["Social Care"].wishes, 4u);
  // Health: alone only in ED on 18/02/24; wishes sought then and at the
  // medical on 19/02/24.
  EXPECT_EQ(by_agency["Health"].entries, 20u);
  EXPECT_EQ(by_agency["Health"].seen, 5u);
  EXPECT_EQ(by_agency["Health"].alone, 1u);
  EXPECT_EQ(by_agency["Health"].wishes, 2u);
  // One month, as a row: the police in October 2023 (14/10 and 16/10 twice).
  const auto october = std::find_if(counts.begin(), counts.end(), [](const auto& c) {
    return c.agency == "Police" && c.year == 2023 && c.month == 10;
  });
  ASSERT_NE(october, counts.end());
  EXPECT_EQ(*october, (scr::multi_agency_chronology::seen_count{"Police", 2023, 10, 3, 1, 1, 1}));
  // Months without an entry have no row: the police had none from July to September 2023.
  for (const auto& c : counts) {
    EXPECT_FALSE(c.agency == "Police" && c.year == 2023 && c.month >= 7 && c.month <= 9) << c.month;
  }
  // 29 rows: the months each agency had entries in (Health 10, Police 9, Social Care 10).
  EXPECT_EQ(counts.size(), 29u);
}

TEST(chronology, gaps_in_contact_over_the_terms_of_references_period) {
  const auto m = merged("north-yorkshire-2010");
  const auto setup = setup_for("north-yorkshire-2010");
  using gap = scr::multi_agency_chronology::gap;
  // README.md: 17/07/2023 to 02/10/2023, 77 days, the only time over 30 days
  // with no agency in touch.
  EXPECT_EQ(m.gaps(60, setup.period_from, setup.period_to), (std::vector<gap>{{"", ymd(2023, 7, 17), ymd(2023, 10, 2), 77}}));
  EXPECT_EQ(m.gaps(30, setup.period_from, setup.period_to), (std::vector<gap>{{"", ymd(2023, 7, 17), ymd(2023, 10, 2), 77}}));
  EXPECT_TRUE(m.gaps(77, setup.period_from, setup.period_to).empty());
  EXPECT_EQ(m.gaps(76).size(), 1u);
  // Each agency's longest (README.md), counted from the period's start and to its end.
  EXPECT_EQ(m.gaps(60, setup.period_from, setup.period_to, std::string("Police")),
            (std::vector<gap>{{"Police", ymd(2023, 6, 28), ymd(2023, 10, 14), 108}}));
  EXPECT_EQ(m.gaps(60, setup.period_from, setup.period_to, std::string("Social Care")),
            (std::vector<gap>{{"Social Care", ymd(2023, 7, 17), ymd(2023, 10, 16), 91}}));
  EXPECT_EQ(m.gaps(60, setup.period_from, setup.period_to, std::string("Health")),
            (std::vector<gap>{{"Health", ymd(2023, 7, 17), ymd(2023, 10, 2), 77}}));
  // From a period's start long before the first entry (02/03/2023) and to an end long after the last (22/02/2024).
  EXPECT_EQ(m.gaps(60, ymd(2022, 12, 1), ymd(2024, 6, 1)),
            (std::vector<gap>{{"", ymd(2022, 12, 1), ymd(2023, 3, 2), 91},
                              {"", ymd(2023, 7, 17), ymd(2023, 10, 2), 77},
                              {"", ymd(2024, 2, 22), ymd(2024, 6, 1), 100}}));
  EXPECT_ERROR(scr::input_error, m.gaps(0), "a gap is of 1 day or more");
}

TEST(chronology, known_names_in_the_merged_chronology_are_found) {
  const auto sp = setup_for("stockport-2010");
  EXPECT_TRUE(merged("stockport-2010").unlisted_names(sp.known_names).empty());
  // The faulty social care file's row 3 names Rosie Hartwell.
  const auto faulty = check_file("stockport-2010", "social-care-faulty.csv", "Social Care");
  const scr::multi_agency_chronology m(sp.format, {accepted("stockport-2010", agencies[0]), faulty.chronology,
                                                   accepted("stockport-2010", agencies[2])});
  const auto found = m.unlisted_names(sp.known_names);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].rule, "known-name");
  EXPECT_EQ(found[0].row, 3u);
  EXPECT_EQ(found[0].column, "Event description, actions and outcomes");
  EXPECT_NE(found[0].message.find("Social Care's entry of 06/03/2023 (its row 3) names 'Rosie Hartwell'"),
            std::string::npos)
      << found[0].message;
  // A name planted by hand in another agency's entry, and a possessive.
  auto police = accepted("stockport-2010", agencies[0]);
  police.entries[3].values[5] = "Gareth's practice was not followed.";
  const scr::multi_agency_chronology planted(sp.format, {police});
  const auto names = planted.unlisted_names(sp.known_names);
  ASSERT_EQ(names.size(), 1u);
  EXPECT_EQ(names[0].row, 5u);
  EXPECT_EQ(names[0].column, "Expected Practice/Standards");
  EXPECT_NE(names[0].message.find("'Gareth'"), std::string::npos) << names[0].message;
}

TEST(chronology, a_merge_takes_one_chronology_of_each_agency_in_its_format) {
  auto police = accepted("stockport-2010", agencies[0]);
  auto again = police;
  again.agency = "POLICE";
  EXPECT_ERROR(scr::input_error,
               scr::multi_agency_chronology(scr::chronology_format::builtin("stockport-2010"), {police, again}),
               "two chronologies of agency", "one from each agency");
  EXPECT_ERROR(scr::input_error,
               scr::multi_agency_chronology(scr::chronology_format::builtin("north-yorkshire-2010"),
                                            {accepted("north-yorkshire-2010", agencies[2]), police}),
               "the chronology of Police", "'stockport-2010'", "not 'north-yorkshire-2010'");
  // None at all is an empty chronology, not an error.
  const scr::multi_agency_chronology none(scr::chronology_format::builtin("stockport-2010"), {});
  EXPECT_TRUE(none.entries().empty());
  EXPECT_TRUE(none.gaps(30).empty());
}

// ---- exports ------------------------------------------------------------------------

// A Stockport chronology of two entries whose text a spreadsheet would take
// for a formula or would break in HTML, from a CSV file written here.
scr::agency_chronology awkward_chronology(const temp_dir& dir) {
  const std::string csv =
      "Date,Time,Source of Information,Subject of recording,\"Event description, actions and outcomes\","
      "Expected Practice/Standards,Relevant Terms of Reference,Child Seen (Y/N)\r\n"
      "21/03/23,10:00,=HYPERLINK(\"http://example.invalid\"),R,\"=1+2 <script>alert('x')</script>, R not seen\","
      "-2 visits,1,N\r\n"
      "22/03/23,00:00,@SUM(A1),\"R, M\",+Time not recorded & R not seen,\"Policy \"\"A\"\"\",,N\r\n";
  const auto path = dir.write("awkward.csv", csv);
  const auto t = scr::read_chronology(path);
  EXPECT_EQ(t.file, "awkward.csv");
  const auto c = scr::check_chronology(setup_for("stockport-2010"), "Police <b>", t);
  EXPECT_FALSE(c.refused()) << c.report();
  return c.chronology;
}

TEST(chronology, the_csv_export_is_for_excel_with_formulas_neutralised) {
  temp_dir dir;
  const auto format = scr::chronology_format::builtin("stockport-2010");
  const scr::multi_agency_chronology m(format, {awkward_chronology(dir)});
  const std::string csv = scr::export_chronology(m, scr::chronology_export::csv);
  ASSERT_EQ(csv.substr(0, 3), "\xEF\xBB\xBF");
  const std::string head = csv.substr(3, csv.find("\r\n") - 3);
  EXPECT_EQ(head,
            "Agency,Date,Time,Source of Information,Subject of recording,\"Event description, actions and outcomes\","
            "Expected Practice/Standards,Relevant Terms of Reference,Child Seen (Y/N),Agency's row,Note");
  EXPECT_NE(csv.find("\r\nPolice <b>,21/03/2023,10:00,\"'=HYPERLINK(\"\"http://example.invalid\"\")\",R,"
                     "\"'=1+2 <script>alert('x')</script>, R not seen\",'-2 visits,1,N,2,\r\n"),
            std::string::npos)
      << csv;
  EXPECT_NE(csv.find("\r\nPolice <b>,22/03/2023,00:00,'@SUM(A1),\"R, M\",'+Time not recorded & R not seen,"
                     "\"Policy \"\"A\"\"\",,N,3,no time: placed first in its day\r\n"),
            std::string::npos)
      << csv;
  // Read back as an agency's CSV: the same cells, each neutralised one after its quote.
  const auto back = scr::read_chronology_bytes(csv, "export.csv");
  ASSERT_EQ(back.rows.size(), 3u);
  EXPECT_EQ(back.rows[1][3].text, "'=HYPERLINK(\"http://example.invalid\")");
  EXPECT_EQ(back.rows[2][4].text, "R, M");

  // The whole Stockport merge: a heading and 58 rows, agency first.
  const auto all = scr::read_chronology_bytes(scr::export_chronology(merged("stockport-2010"), scr::chronology_export::csv),
                                              "all.csv");
  ASSERT_EQ(all.rows.size(), 59u);
  EXPECT_EQ(all.rows[1][0].text, "Health");
  EXPECT_EQ(all.rows[1][1].text, "02/03/2023");
  EXPECT_EQ(all.rows[1][9].text, "2");
}

TEST(chronology, the_json_export_is_versioned_and_the_learning_event_copy_leaves_out_comments) {
  const auto m = merged("essex-2016");
  const auto full = nlohmann::json::parse(scr::export_chronology(m, scr::chronology_export::json, {false, "colour", "Child R"}));
  EXPECT_EQ(full.at("version"), 1);
  EXPECT_EQ(full.at("schema"), "libscr multi-agency chronology");
  EXPECT_EQ(full.at("title"), "Child R");
  EXPECT_EQ(full.at("learning_event"), false);
  EXPECT_EQ(full.at("format").at("id"), "essex-2016");
  ASSERT_EQ(full.at("entries").size(), 58u);
  ASSERT_EQ(full.at("agencies").size(), 3u);
  EXPECT_EQ(full.at("agencies")[0].at("agency"), "Health");
  EXPECT_EQ(full.at("agencies")[0].at("entries"), 20);
  EXPECT_EQ(full.at("agencies")[0].at("sha256"), m.chronologies()[0].sha256());
  for (const auto& a : full.at("agencies")) EXPECT_FALSE(a.at("summary").get<std::string>().empty()) << a.dump();
  EXPECT_NE(full.at("agencies")[0].at("summary").get<std::string>().find("Health staff shared information well"),
            std::string::npos);
  std::size_t with_comment = 0, untimed = 0;
  for (const auto& e : full.at("entries")) {
    if (e.at("values").contains("comment") && !e.at("values").at("comment").get<std::string>().empty()) ++with_comment;
    if (e.at("untimed") == true) {
      ++untimed;
      EXPECT_TRUE(e.at("time").is_null());
    }
  }
  EXPECT_EQ(with_comment, 58u);
  EXPECT_EQ(untimed, 8u);
  const auto& first = full.at("entries")[0];
  EXPECT_EQ(first.at("agency"), "Health");
  EXPECT_EQ(first.at("date"), "2023-03-02");
  EXPECT_EQ(first.at("time"), "09:30");
  EXPECT_EQ(first.at("row"), 2);
  EXPECT_EQ(first.at("subjects").get<std::vector<std::string>>(), (std::vector<std::string>{"R", "M"}));

  const auto le = nlohmann::json::parse(scr::export_chronology(m, scr::chronology_export::json, {true, "colour", ""}));
  EXPECT_EQ(le.at("version"), 1);
  EXPECT_EQ(le.at("learning_event"), true);
  ASSERT_EQ(le.at("entries").size(), 58u);
  for (const auto& c : le.at("columns")) EXPECT_NE(c.at("id"), "comment");
  EXPECT_EQ(le.at("columns").size(), 6u);
  for (const auto& e : le.at("entries")) EXPECT_FALSE(e.at("values").contains("comment")) << e.dump();
  for (const auto& a : le.at("agencies")) EXPECT_TRUE(a.at("summary").is_null()) << a.dump();
  const std::string text = le.dump();
  // Neither a comment nor a summary anywhere: Health's comment on its first
  // entry, and the start of its summary.
  EXPECT_EQ(text.find(first.at("values").at("comment").get<std::string>()), std::string::npos);
  EXPECT_EQ(text.find("Health staff shared information well"), std::string::npos);
}

TEST(chronology, the_html_export_escapes_and_names_every_agency) {
  temp_dir dir;
  const auto format = scr::chronology_format::builtin("stockport-2010");
  const scr::multi_agency_chronology awkward(format, {awkward_chronology(dir), accepted("stockport-2010", agencies[2])});
  for (const std::string layout : {"colour", "columns"}) {
    SCOPED_TRACE(layout);
    const std::string html = scr::export_chronology(awkward, scr::chronology_export::html, {false, layout, "Child <R>"});
    EXPECT_EQ(html.find("<script>"), std::string::npos);
    EXPECT_NE(html.find("&lt;script&gt;alert("), std::string::npos);
    EXPECT_EQ(html.find("Police <b>"), std::string::npos);
    EXPECT_NE(html.find("Police &lt;b&gt;"), std::string::npos);
    EXPECT_NE(html.find("Child &lt;R&gt;"), std::string::npos);
    EXPECT_NE(html.find("@page { size: A4 landscape"), std::string::npos);
  }
  EXPECT_ERROR(scr::input_error, scr::export_chronology(awkward, scr::chronology_export::html, {false, "tiles", ""}),
               "unknown HTML layout 'tiles'");

  const auto m = merged("essex-2016");
  const std::string full = scr::export_chronology(m, scr::chronology_export::html);
  const auto legend_at = full.find("<div class=\"legend\">");
  ASSERT_NE(legend_at, std::string::npos);
  const std::string legend = full.substr(legend_at, full.find("</div>", legend_at) - legend_at);
  for (const auto& a : agencies) EXPECT_NE(legend.find(">" + a.name + "</span>"), std::string::npos) << legend;
  EXPECT_NE(full.find("<th>Comments, analysis and observations of practice</th>"), std::string::npos);
  EXPECT_NE(full.find("Summaries of themes and learning"), std::string::npos);
  EXPECT_NE(full.find("58 entries from 3 agencies"), std::string::npos);
  const std::string le = scr::export_chronology(m, scr::chronology_export::html, {true, "colour", ""});
  EXPECT_EQ(le.find("Comments, analysis and observations of practice"), std::string::npos);
  EXPECT_EQ(le.find("Summaries of themes and learning"), std::string::npos);
  EXPECT_NE(le.find("(Learning Event copy)"), std::string::npos);
  for (const auto& a : agencies) EXPECT_NE(le.find(">" + a.name + "</span>"), std::string::npos);
}

TEST(chronology, the_xlsx_export_reads_back_as_it_was_written) {
  for (const auto& format : {std::string("stockport-2010"), std::string("essex-2016")}) {
    SCOPED_TRACE(format);
    const auto m = merged(format);
    const auto& f = m.format();
    for (const bool learning_event : {false, true}) {
      SCOPED_TRACE(learning_event);
      const std::string bytes =
          scr::export_chronology(m, scr::chronology_export::xlsx, {learning_event, "colour", "Child R"});
      ASSERT_EQ(bytes.substr(0, 2), "PK");
      const auto t = scr::read_chronology_bytes(bytes, "merged.xlsx");
      ASSERT_EQ(t.rows.size(), 59u);
      std::vector<std::string> heading{"Agency"};
      std::vector<std::size_t> shown;
      for (std::size_t i = 0; i < f.columns().size(); ++i) {
        if (learning_event && f.columns()[i].id == "comment") continue;
        heading.push_back(f.columns()[i].title);
        shown.push_back(i);
      }
      heading.push_back("Agency's row");
      heading.push_back("Note");
      std::vector<std::string> got_heading;
      for (const auto& c : t.rows[0]) got_heading.push_back(c.text);
      EXPECT_EQ(got_heading, heading);
      for (std::size_t r = 0; r < 58; ++r) {
        const auto& e = *m.entries()[r];
        std::vector<std::string> want{e.agency};
        for (const auto i : shown) want.push_back(e.values[i]);
        want.push_back(std::to_string(e.row));
        want.push_back(e.minutes ? "" : std::string("no time: placed ") + (f.untimed_first() ? "first" : "last") +
                                            " in its day");
        while (!want.empty() && want.back().empty()) want.pop_back();
        std::vector<std::string> got;
        for (const auto& c : t.rows[r + 1]) got.push_back(c.text);
        while (!got.empty() && got.back().empty()) got.pop_back();
        EXPECT_EQ(got, want) << where(e);
        // The date is a date cell, shown dd/mm/yyyy.
        ASSERT_GE(t.rows[r + 1].size(), 2u);
        EXPECT_EQ(t.rows[r + 1][1].day, std::optional<scr::date>(e.day)) << where(e);
      }
    }
  }
  // Text that a spreadsheet would take for a formula is written as text.
  temp_dir dir;
  const scr::multi_agency_chronology awkward(scr::chronology_format::builtin("stockport-2010"),
                                             {awkward_chronology(dir)});
  const auto t = scr::read_chronology_bytes(scr::export_chronology(awkward, scr::chronology_export::xlsx), "a.xlsx");
  ASSERT_EQ(t.rows.size(), 3u);
  EXPECT_EQ(t.rows[1][0].text, "Police <b>");
  EXPECT_EQ(t.rows[1][3].text, "=HYPERLINK(\"http://example.invalid\")");
  EXPECT_EQ(t.rows[1][5].text, "=1+2 <script>alert('x')</script>, R not seen");
  EXPECT_EQ(t.rows[1][6].text, "-2 visits");
  EXPECT_EQ(t.rows[2][3].text, "@SUM(A1)");
  EXPECT_EQ(t.rows[2][2].text, "00:00");
  EXPECT_EQ(t.rows[2][2].minutes, std::nullopt);
  EXPECT_EQ(scr::parse_chronology_export("xlsx"), scr::chronology_export::xlsx);
  EXPECT_EQ(scr::parse_chronology_export("csv"), scr::chronology_export::csv);
  EXPECT_ERROR(scr::input_error, scr::parse_chronology_export("pdf"), "unknown chronology export 'pdf'");
}

// ---- the canonical form ----------------------------------------------------------------

TEST(chronology, the_canonical_form_round_trips_and_its_hash_follows_every_value) {
  for (const auto& format : format_ids) {
    SCOPED_TRACE(format);
    const auto c = accepted(format, agencies[1]);
    const auto back = scr::agency_chronology::from_canonical(c.canonical());
    EXPECT_TRUE(back == c);
    EXPECT_EQ(back.sha256(), c.sha256());
    EXPECT_EQ(c.sha256().size(), 64u);
    auto changed = c;
    changed.entries[5].values[2] += ".";
    EXPECT_NE(changed.sha256(), c.sha256());
    changed = c;
    changed.entries[5].row += 1;
    EXPECT_NE(changed.sha256(), c.sha256());
  }
  EXPECT_ERROR(scr::input_error, scr::agency_chronology::from_canonical("{\"kind\": \"something else\"}"),
               "not a stored agency chronology");
  EXPECT_ERROR(scr::input_error, scr::agency_chronology::from_canonical("not json"), "does not read");
}

}  // namespace
