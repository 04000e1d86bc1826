// Broken procedure definitions: every error the checker knows
// (docs/procedure-language.md, "What the checker enforces"), each at its file,
// line and column, with its rule and a message that says what to fix; and the
// warnings, which do not stop a definition loading.
//
// Each test starts from the minimal valid definition below and replaces one or
// more of its top-level sections. The replacement is written first in the
// document, so a line number in a test is the line of that test's raw string
// (the newline straight after `R"yaml(` is dropped); the sections the test does
// not replace follow it unchanged. The comment after each text names the line
// (and where it helps the column) of the mistake: `// <- line N`.

#include <gtest/gtest.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "scr/procedure.hpp"

namespace {

constexpr std::string_view file_name = "board.yaml";

// ---- the builder ------------------------------------------------------------------

struct section {
  std::string_view key;
  std::string_view text;
};

// The smallest valid definition: the five required sections, one role, two
// states, the opening event and one transition. It loads without a single
// diagnostic (minimal_definition_is_clean).
constexpr section base_sections[] = {
    {"procedure", R"yaml(procedure:
  id: mini
  title: Minimal procedure
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
  sources:
    "001": Practice guidance
)yaml"},
    {"roles", R"yaml(roles:
  - {id: chair, title: Chair}
)yaml"},
    {"states", R"yaml(states:
  - {id: open, kind: initial}
  - {id: closed, kind: terminal}
)yaml"},
    {"events", R"yaml(events:
  opened: {title: Review opened}
  finish: {title: Review finished}
)yaml"},
    {"transitions", R"yaml(transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
)yaml"},
};

/// The top-level keys an edit writes (lines that start in column 1).
std::set<std::string, std::less<>> top_level_keys(std::string_view text) {
  std::set<std::string, std::less<>> keys;
  std::istringstream in{std::string(text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || !(line[0] >= 'a' && line[0] <= 'z')) continue;
    const auto colon = line.find(':');
    if (colon != std::string::npos) keys.insert(line.substr(0, colon));
  }
  return keys;
}

/// The minimal definition with `edit`'s sections in place of its own (the edit
/// comes first, so its lines keep their numbers) and the sections named in
/// `without` left out.
std::string def(std::string_view edit, std::initializer_list<std::string_view> without = {}) {
  if (!edit.empty() && edit.front() == '\n') edit.remove_prefix(1);
  const auto replaced = top_level_keys(edit);
  std::string out(edit);
  for (const auto& s : base_sections) {
    if (replaced.count(s.key) != 0) continue;
    if (std::find(without.begin(), without.end(), s.key) != without.end()) continue;
    out += s.text;
  }
  return out;
}

std::string minimal() { return def(""); }

// ---- expectations ------------------------------------------------------------------

std::string listing(const std::vector<scr::diagnostic>& ds) {
  std::string out;
  for (const auto& d : ds) out += "  " + d.to_string() + "\n";
  return out.empty() ? std::string("  (none)\n") : out;
}

std::vector<scr::diagnostic> only(const std::vector<scr::diagnostic>& ds, scr::severity level) {
  std::vector<scr::diagnostic> out;
  for (const auto& d : ds)
    if (d.level == level) out.push_back(d);
  return out;
}

/// The errors `parse` throws for `yaml` (empty, with a failure, when it does
/// not throw a definition_error). `check` must report the same diagnostics.
std::vector<scr::diagnostic> parse_errors(const std::string& yaml) {
  std::vector<scr::diagnostic> thrown;
  bool threw = false;
  try {
    (void)scr::procedure::parse(yaml, file_name);
  } catch (const scr::definition_error& e) {
    threw = true;
    thrown = e.diagnostics();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "parse threw something other than scr::definition_error: " << e.what();
    return {};
  }
  if (!threw) {
    ADD_FAILURE() << "parse accepted a broken definition:\n" << yaml;
    return {};
  }
  const scr::check_result checked = scr::procedure::check(yaml, file_name);
  EXPECT_EQ(checked.diagnostics, thrown) << "check() and parse() disagree";
  EXPECT_FALSE(checked.ok());
  return only(thrown, scr::severity::error);
}

void expect_diagnostic(const scr::diagnostic& d, scr::severity level, std::string_view rule, int line,
                       int column, std::initializer_list<std::string_view> parts) {
  EXPECT_EQ(d.level, level) << d.to_string();
  EXPECT_EQ(d.rule, rule) << d.to_string();
  EXPECT_EQ(d.line, line) << d.to_string();
  EXPECT_EQ(d.column, column) << d.to_string();
  EXPECT_EQ(d.file, file_name) << d.to_string();
  for (const auto part : parts) {
    EXPECT_NE(d.message.find(part), std::string::npos) << "message: " << d.message << "\nshould contain: " << part;
  }
}

/// `yaml` fails to load with exactly one error, as described.
void expect_one_error(const std::string& yaml, std::string_view rule, int line, int column,
                      std::initializer_list<std::string_view> parts) {
  const auto errors = parse_errors(yaml);
  ASSERT_EQ(errors.size(), 1u) << "expected one [" << rule << "] error, got:\n" << listing(errors);
  expect_diagnostic(errors.front(), scr::severity::error, rule, line, column, parts);
}

/// `yaml` fails to load with exactly one error, at the given place, of one of
/// `rules` (where more than one rule would be a fair name for the mistake).
void expect_one_error_of(const std::string& yaml, std::initializer_list<std::string_view> rules, int line,
                         int column) {
  const auto errors = parse_errors(yaml);
  ASSERT_EQ(errors.size(), 1u) << listing(errors);
  const scr::diagnostic& d = errors.front();
  EXPECT_NE(std::find(rules.begin(), rules.end(), d.rule), rules.end()) << d.to_string();
  EXPECT_EQ(d.line, line) << d.to_string();
  EXPECT_EQ(d.column, column) << d.to_string();
  EXPECT_EQ(d.file, file_name) << d.to_string();
}

/// `yaml` fails to load, and one of its errors is as described (for mistakes
/// whose consequences are errors too).
void expect_error_among(const std::string& yaml, std::string_view rule, int line, int column,
                        std::initializer_list<std::string_view> parts) {
  const auto errors = parse_errors(yaml);
  const auto it = std::find_if(errors.begin(), errors.end(), [&](const scr::diagnostic& d) {
    return d.rule == rule && d.line == line;
  });
  ASSERT_NE(it, errors.end()) << "no [" << rule << "] error on line " << line << "; got:\n" << listing(errors);
  expect_diagnostic(*it, scr::severity::error, rule, line, column, parts);
}

/// `yaml` loads (check is ok and parse succeeds); its only warnings are of
/// `rules`, and the one of `rule` is as described.
void expect_warning(const std::string& yaml, std::string_view rule, int line, int column,
                    std::initializer_list<std::string_view> parts,
                    std::multiset<std::string> rules = {}) {
  if (rules.empty()) rules.insert(std::string(rule));
  const scr::check_result checked = scr::procedure::check(yaml, file_name);
  EXPECT_TRUE(checked.ok()) << listing(checked.diagnostics);
  EXPECT_EQ(checked.errors(), 0u);
  std::multiset<std::string> got;
  for (const auto& d : checked.diagnostics) got.insert(d.rule);
  EXPECT_EQ(got, rules) << listing(checked.diagnostics);
  EXPECT_EQ(checked.warnings(), rules.size());

  const auto it = std::find_if(checked.diagnostics.begin(), checked.diagnostics.end(),
                               [&](const scr::diagnostic& d) { return d.rule == rule; });
  ASSERT_NE(it, checked.diagnostics.end()) << "no [" << rule << "] warning; got:\n" << listing(checked.diagnostics);
  expect_diagnostic(*it, scr::severity::warning, rule, line, column, parts);

  try {
    const scr::procedure p = scr::procedure::parse(yaml, file_name);
    EXPECT_EQ(p.warnings(), checked.diagnostics);
    EXPECT_TRUE(std::any_of(p.warnings().begin(), p.warnings().end(),
                            [&](const scr::diagnostic& d) { return d.rule == rule; }));
  } catch (const scr::definition_error& e) {
    ADD_FAILURE() << "a warning stopped the definition loading:\n" << e.what();
  }
}

}  // namespace

// ---- the builder's starting point ------------------------------------------------

TEST(procedure_errors, minimal_definition_is_clean) {
  const scr::check_result checked = scr::procedure::check(minimal(), file_name);
  EXPECT_TRUE(checked.diagnostics.empty()) << listing(checked.diagnostics);
  const scr::procedure p = scr::procedure::parse(minimal(), file_name);
  EXPECT_EQ(p.id(), "mini");
  EXPECT_TRUE(p.warnings().empty());
  EXPECT_EQ(p.file(), file_name);
}

TEST(procedure_errors, builder_puts_the_edit_first) {
  // The builder itself: an edited section starts on line 1, replaced sections
  // are not repeated, and `without` drops a section.
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
)yaml");
  EXPECT_EQ(yaml.rfind("states:\n  - {id: open, kind: initial}\nprocedure:\n", 0), 0u) << yaml;
  EXPECT_EQ(yaml.find("kind: terminal"), std::string::npos);
  EXPECT_EQ(def("", {"roles"}).find("{id: chair, title: Chair}"), std::string::npos);
}

// ---- yaml-syntax ---------------------------------------------------------------------

TEST(procedure_errors, yaml_syntax_bad_indentation) {
  const std::string yaml = def(R"yaml(
states:
  - id: open
    kind: initial
   title: Open
  - {id: closed, kind: terminal}
)yaml");  // line 4: `title` is indented three spaces, under neither the item nor the list
  expect_one_error(yaml, "yaml-syntax", 4, 4, {"not valid YAML"});
}

TEST(procedure_errors, yaml_syntax_unterminated_quote_at_end_of_file) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: a double-quoted scalar that is never closed, at the very end
  // of the file, is accepted: the title silently becomes "Minimal procedure "
  // instead of the file being refused as invalid YAML.
  const std::string yaml = R"yaml(roles:
  - {id: chair, title: Chair}
states:
  - {id: open, kind: initial}
  - {id: closed, kind: terminal}
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
procedure:
  id: mini
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
  title: "Minimal procedure
)yaml";  // line 16: the quote opened at column 10 is never closed
  expect_one_error(yaml, "yaml-syntax", 16, 10, {"not valid YAML"});
}

// ---- encoding -----------------------------------------------------------------------
// Written with escapes: a raw string cannot hold a byte that is not UTF-8.

TEST(procedure_errors, encoding_latin1_byte) {
  // A Latin-1 e-acute (the single byte 0xE9) in a title, after "Soci".
  const std::string yaml = def("\nroles:\n"
                               "  - {id: chair, title: Soci" "\xE9" "t" "\xE9" "}\n");  // line 2, column 28
  expect_one_error(yaml, "encoding", 2, 28, {"not valid UTF-8"});
}

TEST(procedure_errors, encoding_column_counts_characters) {
  // "Soci\u00e9t\u00e9" in UTF-8 (two bytes per e-acute), then a space, an R
  // and the bad byte: the 33rd character of line 2.
  const std::string yaml = def("\nroles:\n"
                               "  - {id: chair, title: Soci" "\xC3\xA9" "t" "\xC3\xA9" " R" "\xE9" "gion}\n");
  expect_one_error(yaml, "encoding", 2, 33, {"not valid UTF-8"});
}

TEST(procedure_errors, unknown_key_column_after_non_ascii_text) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: columns from the YAML parser count bytes, so after the two
  // two-byte e-acutes of "Soci\u00e9t\u00e9" `titel` is reported at column 35,
  // not 33 (the 33rd character, as an editor shows it and as the `encoding`
  // rule counts). Titles with curly apostrophes or dashes shift the same way.
  const std::string yaml = def("\nroles:\n"
                               "  - {id: chair, title: Soci" "\xC3\xA9" "t" "\xC3\xA9" ", titel: x}\n");  // line 2
  expect_one_error(yaml, "unknown-key", 2, 33, {"unknown key 'titel' in a role", "did you mean 'title'?"});
}

// ---- type --------------------------------------------------------------------------

TEST(procedure_errors, type_version_is_not_a_number) {
  const std::string yaml = def(R"yaml(
procedure:
  id: mini
  title: Minimal procedure
  version: three
  effective_from: 2020-01-01
  opened_by: opened
  sources:
    "001": Practice guidance
)yaml");  // <- line 4
  expect_one_error(yaml, "type", 4, 12, {"version 'three'", "must be a whole number, 1 or more"});
}

TEST(procedure_errors, type_roles_is_a_mapping_not_a_list) {
  const std::string yaml = def(R"yaml(
roles:
  chair: Chair
transitions:
  - {event: finish, from: open, to: closed}
)yaml");  // line 2: the value of `roles` starts here, and it is a mapping
  expect_one_error(yaml, "type", 2, 3, {"roles must be a list"});
}

TEST(procedure_errors, type_required_is_not_true_or_false) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      note: {type: text, required: yes}
)yaml");  // line 5: `yes` at column 36
  expect_one_error(yaml, "type", 5, 36, {"'required' of field 'note' of event 'finish'", "must be true or false"});
}

TEST(procedure_errors, type_event_body_is_text) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: besides the type error, the event is dropped, so its use as
  // `opened_by` is reported as "unknown event 'opened' in
  // procedure.opened_by" as well (9:14, in the procedure section appended
  // after the edit), which is untrue: it is declared on line 2.
  const std::string yaml = def(R"yaml(
events:
  opened: Review opened
  finish: {title: Review finished}
)yaml");  // <- line 2: a title where a mapping is expected
  expect_one_error(yaml, "type", 2, 11, {"event 'opened' must be a mapping of keys to values"});
}

// ---- unknown-key ---------------------------------------------------------------------

TEST(procedure_errors, unknown_key_in_a_state) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial, titel: Open}
  - {id: closed, kind: terminal}
)yaml");  // line 2: `titel` at column 31
  expect_one_error(yaml, "unknown-key", 2, 31, {"unknown key 'titel' in a state", "did you mean 'title'?"});
}

TEST(procedure_errors, unknown_key_at_the_top) {
  const std::string yaml = def(R"yaml(
milestone:
  - {id: decision}
)yaml");  // line 1: `milestones` misspelt
  expect_one_error(yaml, "unknown-key", 1, 1, {"unknown key 'milestone' in the file", "did you mean 'milestones'?"});
}

TEST(procedure_errors, unknown_key_in_a_chain_step) {
  const std::string yaml = def(R"yaml(
chains:
  - id: first_letters
    title: First letters
    anchor: {event: opened}
    steps:
      - {id: letter, title: Letter, owner: chair, within: 1 working day,
         completed_by: finish, cite: "001:348", anchor: {event: opened}}
)yaml");  // line 7: a step runs from the previous one and takes no `anchor` (column 49)
  expect_one_error(yaml, "unknown-key", 7, 49, {"unknown key 'anchor' in a step of chain 'first_letters'"});
}

// ---- missing-key ---------------------------------------------------------------------

TEST(procedure_errors, missing_key_completed_by) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision whether to hold a review
    owner: chair
    anchor: {event: opened}
    within: 1 month
    cite: "001:851"
)yaml");  // line 2: the milestone (it starts at column 5) has no `completed_by`
  expect_one_error(yaml, "missing-key", 2, 5,
                   {"milestone 'decision' needs 'completed_by'", "the event that meets it"});
}

TEST(procedure_errors, missing_key_procedure_title) {
  const std::string yaml = def(R"yaml(
procedure:
  id: mini
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
  sources:
    "001": Practice guidance
)yaml");  // line 2: the procedure section (from column 3) has no `title`
  expect_one_error(yaml, "missing-key", 2, 3, {"procedure needs 'title'"});
}

TEST(procedure_errors, missing_key_roles_section) {
  const std::string yaml = def(R"yaml(
transitions:
  - {event: finish, from: open, to: closed}
)yaml",
                               {"roles"});  // no `roles` anywhere: reported at the top of the file
  expect_one_error(yaml, "missing-key", 1, 1, {"needs a 'roles' list"});
}

TEST(procedure_errors, missing_key_empty_from_list) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: `from: []` is accepted without a word: the row leaves no
  // state, so the event can never be recorded by it. `from` is required.
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
  withdraw: {title: Referral withdrawn}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
  - {event: withdraw, from: [], to: closed, roles: [chair]}
)yaml");  // <- line 7, `[]` at column 29
  expect_one_error_of(yaml, {"missing-key", "type"}, 7, 29);
}

TEST(procedure_errors, missing_key_empty_completed_by_list) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: `completed_by: []` is accepted without a word (not even the
  // never-completed warning): nothing can ever meet the milestone.
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened}
    within: 1 month
    completed_by: []
    cite: "001:851"
)yaml");  // <- line 7, `[]` at column 19
  expect_one_error_of(yaml, {"missing-key", "type"}, 7, 19);
}

// ---- bad-id --------------------------------------------------------------------------

TEST(procedure_errors, bad_id_upper_case_state) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: Closed, kind: terminal}
transitions:
  - {event: finish, from: open, to: Closed, roles: [chair]}
)yaml");  // <- line 3, the id at column 10
  expect_one_error(yaml, "bad-id", 3, 10,
                   {"invalid id 'Closed' for a state", "lower-case letters, digits, '_' and '-'"});
}

TEST(procedure_errors, bad_id_branch_with_a_space) {
  const std::string yaml = def(R"yaml(
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    branch: full review
)yaml");  // <- line 6
  expect_one_error(yaml, "bad-id", 6, 13, {"invalid branch name 'full review'"});
}

// ---- duplicate-id --------------------------------------------------------------------

TEST(procedure_errors, duplicate_id_role) {
  const std::string yaml = def(R"yaml(
roles:
  - {id: chair, title: Chair}
  - {id: chair, title: Vice chair}
)yaml");  // <- line 3
  expect_one_error(yaml, "duplicate-id", 3, 10, {"role 'chair' is declared twice"});
}

TEST(procedure_errors, duplicate_id_event) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
  finish: {title: Review closed}
)yaml");  // <- line 4
  expect_one_error(yaml, "duplicate-id", 4, 3, {"event 'finish' is declared twice"});
}

TEST(procedure_errors, duplicate_id_milestone_and_obligation_share_ids) {
  const std::string yaml = def(R"yaml(
milestones:
  - {id: decision, title: Decision, owner: chair, anchor: {event: opened},
     within: 1 month, completed_by: finish, cite: "001:851"}
obligations:
  - {id: decision, title: Tell Ofsted, owner: chair,
     trigger: {event: finish}, within: 1 working day, cite: "001:189"}
)yaml");  // <- line 5, the obligation's id at column 10
  expect_one_error(yaml, "duplicate-id", 5, 10,
                   {"obligation 'decision' is declared twice in the procedure",
                    "milestones, chain steps and obligations share one set of ids"});
}

// ---- bad-value -----------------------------------------------------------------------

TEST(procedure_errors, bad_value_state_kind) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: working, kind: activ}
  - {id: closed, kind: terminal}
transitions:
  - {event: finish, from: open, to: working, roles: [chair]}
  - {event: finish, from: working, to: closed, roles: [chair]}
)yaml");  // <- line 3, `activ` at column 25
  expect_one_error(yaml, "bad-value", 3, 25,
                   {"invalid kind 'activ' for state 'working'", "(one of initial, active, waiting, terminal)",
                    "did you mean 'active'?"});
}

TEST(procedure_errors, bad_value_hold) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened}
    within: 1 month
    completed_by: finish
    hold: pause-resum
    cite: "001:851"
)yaml");  // <- line 8
  expect_one_error(yaml, "bad-value", 8, 11,
                   {"invalid hold 'pause-resum' for milestone 'decision'", "continue, pause-keep-end",
                    "did you mean 'pause-resume'?"});
}

TEST(procedure_errors, bad_value_conflict_severity) {
  const std::string yaml = def(R"yaml(
conflicts:
  - kind: involved_agency
    roles: [chair]
    severity: mandatory
    rule: The chair is independent of the agencies
    cite: "001:307"
)yaml");  // <- line 4
  expect_one_error(yaml, "bad-value", 4, 15, {"invalid severity 'mandatory' for a conflict", "(one of must, should)"});
}

TEST(procedure_errors, bad_value_anchor_occurrence) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened, occurrence: last}
    within: 1 month
    completed_by: finish
    cite: "001:851"
)yaml");  // <- line 5, `last` at column 41
  expect_one_error(yaml, "bad-value", 5, 41, {"occurrence of milestone 'decision' must be 'first' or 'latest'"});
}

// ---- bad-timescale, bad-date, bad-time -------------------------------------------------

TEST(procedure_errors, bad_timescale) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: completion
    title: Review completed
    owner: chair
    anchor: {event: opened}
    within: 6 monthz
    completed_by: finish
    cite: "001:216"
)yaml");  // <- line 6
  expect_one_error(yaml, "bad-timescale", 6, 13,
                   {"'within' of milestone 'completion'", "invalid timescale '6 monthz'"});
}

TEST(procedure_errors, bad_timescale_in_an_obligation_repeat) {
  const std::string yaml = def(R"yaml(
obligations:
  - id: monthly_update
    title: Monthly update
    owner: chair
    trigger: {event: opened}
    within: 1 month
    repeat: every month
    until: finish
    cite: "001:340"
)yaml");  // <- line 7
  expect_one_error(yaml, "bad-timescale", 7, 13,
                   {"'repeat' of obligation 'monthly_update'", "invalid timescale 'every month'"});
}

TEST(procedure_errors, bad_date) {
  const std::string yaml = def(R"yaml(
procedure:
  id: mini
  title: Minimal procedure
  version: 1
  effective_from: 2011-02-30
  opened_by: opened
  sources:
    "001": Practice guidance
)yaml");  // <- line 5: February 2011 had 28 days
  expect_one_error(yaml, "bad-date", 5, 19, {"effective_from", "invalid date", "2011-02-30"});
}

TEST(procedure_errors, bad_time) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: imr_returned
    title: IMR returned
    owner: chair
    anchor: {event: opened}
    within: 4 weeks
    due_time: 5pm
    completed_by: finish
    cite: "001:812"
)yaml");  // <- line 7
  expect_one_error(yaml, "bad-time", 7, 15, {"due_time '5pm' of milestone 'imr_returned'", "must be HH:MM"});
}

TEST(procedure_errors, bad_time_hour_out_of_range) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: imr_returned
    title: IMR returned
    owner: chair
    anchor: {event: opened}
    within: 4 weeks
    due_time: "24:00"
    completed_by: finish
    cite: "001:812"
)yaml");  // <- line 7 (the quote at column 15)
  expect_one_error(yaml, "bad-time", 7, 15, {"due_time '24:00'", "must be HH:MM"});
}

TEST(procedure_errors, bad_time_letter_in_the_minutes) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: "17:3o" (a letter o for a zero) is accepted as 17:03: the
  // minutes are read with std::from_chars, which stops at the 'o', and
  // nothing checks that both digits were read.
  const std::string yaml = def(R"yaml(
milestones:
  - id: imr_returned
    title: IMR returned
    owner: chair
    anchor: {event: opened}
    within: 4 weeks
    due_time: "17:3o"
    completed_by: finish
    cite: "001:812"
)yaml");  // <- line 7
  expect_one_error(yaml, "bad-time", 7, 15, {"due_time '17:3o'", "must be HH:MM"});
}

// ---- bad-citation ----------------------------------------------------------------------

TEST(procedure_errors, bad_citation_unknown_source) {
  const std::string yaml = def(R"yaml(
roles:
  - {id: chair, title: Chair, cite: "002:14"}
)yaml");  // line 2: only source "001" is declared; the citation's quote is at column 37
  expect_one_error(yaml, "bad-citation", 2, 37,
                   {"citation '002:14' in role 'chair'", "names source '002'",
                    "which procedure.sources does not declare", "did you mean '001'?"});
}

TEST(procedure_errors, bad_citation_without_a_place) {
  const std::string yaml = def(R"yaml(
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    cite: ["001:155", "001"]
)yaml");  // line 6: the second citation (column 23) has no ':PLACE'
  expect_one_error(yaml, "bad-citation", 6, 23,
                   {"citation '001' in transition 'finish'", "must be SOURCE:PLACE"});
}

// ---- bad-predicate -------------------------------------------------------------------

TEST(procedure_errors, bad_predicate_single_equals) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  decide:
    data:
      outcome: {type: choice, values: [scr, no_review], required: true}
states:
  - {id: open, kind: initial}
  - {id: in_review, kind: active}
  - {id: closed, kind: terminal}
transitions:
  - {event: decide, from: open, to: closed, roles: [chair], when: outcome == no_review}
  - event: decide
    from: open
    to: in_review
    roles: [chair]
    when: outcome = scr
  - {event: finish, from: in_review, to: closed, roles: [chair]}
)yaml");  // <- line 16
  expect_error_among(yaml, "bad-predicate", 16, 11,
                     {"invalid condition 'outcome = scr'", "unexpected '=' at column 9", "in transition 'decide'"});
}

TEST(procedure_errors, bad_predicate_in_required_when) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      outcome: {type: choice, values: [scr, deferred]}
      reconsider_on: {type: date, required_when: "outcome in [deferred"}
)yaml");  // <- line 6
  expect_one_error(yaml, "bad-predicate", 6, 50,
                   {"invalid condition 'outcome in [deferred'", "expected ']'",
                    "field 'reconsider_on' of event 'finish'"});
}

// ---- unknown-role, unknown-state, unknown-event ----------------------------------------

TEST(procedure_errors, unknown_role) {
  const std::string yaml = def(R"yaml(
transitions:
  - {event: finish, from: open, to: closed, roles: [chiar]}
)yaml");  // line 2: `chiar` at column 53
  expect_one_error(yaml, "unknown-role", 2, 53,
                   {"unknown role 'chiar' in transition 'finish'", "did you mean 'chair'?"});
}

TEST(procedure_errors, unknown_role_as_a_milestone_owner) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: lscb_chair
    anchor: {event: opened}
    within: 1 month
    completed_by: finish
    cite: "001:851"
)yaml");  // <- line 4
  expect_one_error(yaml, "unknown-role", 4, 12, {"unknown role 'lscb_chair' in milestone 'decision'"});
}

TEST(procedure_errors, unknown_state) {
  // The example of docs/procedure-language.md, "What the checker enforces".
  const std::string yaml = def(R"yaml(
states:
  - {id: referred, kind: initial}
  - {id: scoping, kind: active}
  - {id: closed, kind: terminal}
events:
  opened: {title: Referral received}
  decide: {title: Decision}
  finish: {title: Review finished}
transitions:
  - {event: finish, from: referred, to: scoping, roles: [chair]}
  - {event: finish, from: scoping, to: closed, roles: [chair]}
  - event: decide
    from: referred
    to: scopng
    roles: [chair]
)yaml");  // <- line 14, column 9
  expect_one_error(yaml, "unknown-state", 14, 9,
                   {"unknown state 'scopng' in transition 'decide'; did you mean 'scoping'?"});
}

TEST(procedure_errors, unknown_state_in_a_from_list) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: waiting, kind: waiting}
  - {id: closed, kind: terminal}
transitions:
  - {event: finish, from: open, to: waiting, roles: [chair]}
  - {event: finish, from: [open, wating], to: closed, roles: [chair]}
)yaml");  // <- line 7, `wating` at column 34 (so `waiting`, line 3, has no way out either)
  expect_error_among(yaml, "unknown-state", 7, 34, {"unknown state 'wating'", "did you mean 'waiting'?"});
}

TEST(procedure_errors, unknown_event_in_a_transition) {
  const std::string yaml = def(R"yaml(
transitions:
  - {event: finsh, from: open, to: closed, roles: [chair]}
)yaml");  // line 2: `finsh` at column 13
  expect_one_error(yaml, "unknown-event", 2, 13,
                   {"unknown event 'finsh' in transition 'finsh'", "did you mean 'finish'?"});
}

TEST(procedure_errors, unknown_event_opened_by) {
  const std::string yaml = def(R"yaml(
procedure:
  id: mini
  title: Minimal procedure
  version: 1
  effective_from: 2020-01-01
  opened_by: opend
  sources:
    "001": Practice guidance
)yaml");  // <- line 6
  expect_one_error(yaml, "unknown-event", 6, 14,
                   {"unknown event 'opend' in procedure.opened_by", "did you mean 'opened'?"});
}

TEST(procedure_errors, unknown_event_completing_a_milestone) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened}
    within: 1 month
    completed_by: [finish, decided]
    cite: "001:851"
)yaml");  // <- line 7, `decided` at column 28
  expect_one_error(yaml, "unknown-event", 7, 28, {"unknown event 'decided' in milestone 'decision'"});
}

// ---- unknown-milestone, unknown-obligation, unknown-track ------------------------------

TEST(procedure_errors, unknown_milestone_in_requires) {
  const std::string yaml = def(R"yaml(
milestones:
  - {id: decision, title: Decision, owner: chair, anchor: {event: opened},
     within: 1 month, completed_by: finish, cite: "001:851"}
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    requires: [{milestone: decison}]
)yaml");  // <- line 9, `decison` at column 28
  expect_one_error(yaml, "unknown-milestone", 9, 28,
                   {"unknown milestone 'decison' in transition 'finish'", "did you mean 'decision'?"});
}

TEST(procedure_errors, unknown_milestone_as_an_anchor) {
  const std::string yaml = def(R"yaml(
milestones:
  - {id: decision, title: Decision, owner: chair, anchor: {event: opened},
     within: 1 month, completed_by: finish, cite: "001:851"}
  - {id: completion, title: Completion, owner: chair, anchor: {milestone: decisoin},
     within: 6 months, completed_by: finish, cite: "001:216"}
)yaml");  // <- line 4, `decisoin` at column 75
  expect_error_among(yaml, "unknown-milestone", 4, 75,
                     {"unknown milestone 'decisoin' in the anchor of milestone 'completion'",
                      "did you mean 'decision'?"});
}

TEST(procedure_errors, unknown_milestone_as_the_headline_completion) {
  const std::string yaml = def(R"yaml(
procedure:
  id: mini
  title: Minimal procedure
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
  decision: decision
  completion: completoin
  sources:
    "001": Practice guidance
milestones:
  - {id: decision, title: Decision, owner: chair, anchor: {event: opened},
     within: 1 month, completed_by: finish, cite: "001:851"}
  - {id: completion, title: Completion, owner: chair, anchor: {milestone: decision},
     within: 6 months, completed_by: finish, cite: "001:216"}
)yaml");  // <- line 8, `completoin` at column 15
  expect_one_error(yaml, "unknown-milestone", 8, 15,
                   {"unknown milestone 'completoin' in procedure.completion", "did you mean 'completion'?"});
}

TEST(procedure_errors, unknown_obligation_in_requires) {
  const std::string yaml = def(R"yaml(
obligations:
  - {id: tell_ofsted, title: Tell Ofsted, owner: chair,
     trigger: {event: opened}, within: 1 working day, cite: "001:189"}
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    requires: [{obligation: tell_ofstd}]
)yaml");  // <- line 9, `tell_ofstd` at column 29
  expect_one_error(yaml, "unknown-obligation", 9, 29,
                   {"unknown obligation 'tell_ofstd' in transition 'finish'", "did you mean 'tell_ofsted'?"});
}

TEST(procedure_errors, unknown_track_in_every_agency) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  commission: {data: {agency: {type: agency, required: true}}}
  finish: {title: Review finished}
transitions:
  - {event: commission, from: open, roles: [chair]}
  - {event: finish, from: open, to: closed, roles: [chair],
     requires: [{every_agency: imrs.report}]}
tracks:
  - id: imr
    title: Agency IMR
    instantiated_by: {event: commission, field: agency}
    states:
      - {id: drafting, kind: initial}
      - {id: done, kind: terminal}
    events:
      submitted: {title: IMR submitted}
    transitions:
      - {event: submitted, from: drafting, to: done, roles: [chair]}
    milestones:
      - {id: report, title: IMR, owner: chair, anchor: {event: commission},
         within: 4 weeks, completed_by: submitted, cite: "001:436"}
)yaml");  // <- line 8, `imrs.report` at column 32
  expect_one_error(yaml, "unknown-track", 8, 32,
                   {"unknown track 'imrs' in transition 'finish'", "did you mean 'imr'?"});
}

TEST(procedure_errors, unknown_milestone_of_a_track_in_every_agency) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  commission: {data: {agency: {type: agency, required: true}}}
  finish: {title: Review finished}
transitions:
  - {event: commission, from: open, roles: [chair]}
  - {event: finish, from: open, to: closed, roles: [chair],
     requires: [{every_agency: imr.reprot}]}
tracks:
  - id: imr
    title: Agency IMR
    instantiated_by: {event: commission, field: agency}
    states:
      - {id: drafting, kind: initial}
      - {id: done, kind: terminal}
    events:
      submitted: {title: IMR submitted}
    transitions:
      - {event: submitted, from: drafting, to: done, roles: [chair]}
    milestones:
      - {id: report, title: IMR, owner: chair, anchor: {event: commission},
         within: 4 weeks, completed_by: submitted, cite: "001:436"}
)yaml");  // <- line 8
  expect_one_error(yaml, "unknown-milestone", 8, 32,
                   {"unknown milestone 'reprot' in transition 'finish'", "did you mean 'report'?"});
}

// ---- unknown-field, unknown-value, unknown-branch ----------------------------------------

TEST(procedure_errors, unknown_field_in_a_condition) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      outcome: {type: choice, values: [scr, no_review]}
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    when: outcom in [scr, no_review]
)yaml");  // <- line 11
  expect_one_error(yaml, "unknown-field", 11, 11,
                   {"unknown field 'outcom' of event 'finish' in the condition of transition 'finish'",
                    "did you mean 'outcome'?"});
}

TEST(procedure_errors, unknown_field_of_an_anchor) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      reconsider_on: {type: date}
milestones:
  - id: reconsideration
    title: Deferred decision reconsidered
    owner: chair
    anchor: {event: finish, field: reconsider}
    completed_by: finish
    cite: "003:111"
)yaml");  // <- line 10, `reconsider` at column 36
  expect_error_among(yaml, "unknown-field", 10, 36,
                     {"unknown field 'reconsider' in the anchor of milestone 'reconsideration'",
                      "did you mean 'reconsider_on'?"});
}

TEST(procedure_errors, unknown_value_of_a_choice) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      outcome: {type: choice, values: [scr, no_review]}
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    when: outcome in [scr, no_reveiw]
)yaml");  // <- line 11
  expect_one_error(yaml, "unknown-value", 11, 11,
                   {"value 'no_reveiw' is not one of the values of 'outcome' in transition 'finish'",
                    "did you mean 'no_review'?"});
}

TEST(procedure_errors, unknown_value_in_completed_when) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      outcome: {type: choice, values: [scr, deferred]}
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened}
    within: 1 month
    completed_by: finish
    completed_when: outcome != defered
    cite: "001:851"
)yaml");  // <- line 13
  expect_one_error(yaml, "unknown-value", 13, 21,
                   {"value 'defered' is not one of the values of 'outcome' in milestone 'decision'",
                    "(completed by 'finish')", "did you mean 'deferred'?"});
}

TEST(procedure_errors, unknown_branch) {
  const std::string yaml = def(R"yaml(
transitions:
  - {event: finish, from: open, to: closed, roles: [chair], branch: full_review}
milestones:
  - id: completion
    title: Review completed
    owner: chair
    anchor: {event: opened}
    within: 6 months
    completed_by: finish
    branches: [full_reveiw]
    cite: "001:216"
)yaml");  // <- line 10, the branch at column 16
  expect_one_error(yaml, "unknown-branch", 10, 16,
                   {"unknown branch 'full_reveiw' in milestone 'completion'", "did you mean 'full_review'?"});
}

// ---- field-type -----------------------------------------------------------------------

TEST(procedure_errors, field_type_boolean_compared_with_text) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      urgent: {type: boolean}
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    when: urgent == yes
)yaml");  // <- line 11
  expect_one_error(yaml, "field-type", 11, 11,
                   {"field 'urgent' is boolean but is compared with 'yes' in transition 'finish'"});
}

TEST(procedure_errors, field_type_integer_compared_with_a_word) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      agencies: {type: integer}
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    when: agencies != none
)yaml");  // <- line 11
  expect_one_error(yaml, "field-type", 11, 11, {"field 'agencies' is an integer but is compared with 'none'"});
}

TEST(procedure_errors, field_type_date_compared_with_a_word) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: only choice, boolean and integer fields are checked; a date
  // field compared with 'soon' is accepted, and the condition can never hold.
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      reconsider_on: {type: date}
transitions:
  - event: finish
    from: open
    to: closed
    roles: [chair]
    when: reconsider_on == soon
)yaml");  // <- line 11
  expect_one_error(yaml, "field-type", 11, 11, {"'reconsider_on'", "'soon'"});
}

TEST(procedure_errors, field_type_anchor_on_a_text_field) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      note: {type: text}
milestones:
  - id: follow_up
    title: Follow-up
    owner: chair
    anchor: {event: finish, field: note}
    within: 1 week
    completed_by: finish
    cite: "001:1"
)yaml");  // <- line 10, `note` at column 36
  expect_one_error(yaml, "field-type", 10, 36,
                   {"the anchor of milestone 'follow_up' is field 'note' of event 'finish'",
                    "which is text, not a date or an instant"});
}

// A track is keyed by an agency, or by text (an action's number); a date, a
// number or a yes/no cannot key one.
TEST(procedure_errors, field_type_track_instantiated_by_a_boolean_field) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  commission: {data: {agency: {type: boolean}}}
  finish: {title: Review finished}
transitions:
  - {event: commission, from: open, roles: [chair]}
  - {event: finish, from: open, to: closed, roles: [chair]}
tracks:
  - id: imr
    title: Agency IMR
    instantiated_by: {event: commission, field: agency}
    states:
      - {id: drafting, kind: initial}
      - {id: done, kind: terminal}
    events:
      submitted: {title: IMR submitted}
    transitions:
      - {event: submitted, from: drafting, to: done, roles: [chair]}
)yaml");  // <- line 11, `agency` at column 49
  expect_one_error(yaml, "field-type", 11, 49,
                   {"field 'agency' of event 'commission' instantiates track 'imr'", "must have 'type: agency'",
                    "or 'type: text'"});
}

TEST(procedure_errors, field_type_hours_from_a_date_field) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      meeting_on: {type: date}
milestones:
  - id: papers
    title: Papers sent
    owner: chair
    anchor: {event: finish, field: meeting_on}
    within: 72 hours
    completed_by: finish
    cite: "001:1"
)yaml");  // <- line 11
  expect_one_error(yaml, "field-type", 11, 13,
                   {"milestone 'papers' counts hours from field 'meeting_on'", "hours need an instant field"});
}

TEST(procedure_errors, field_type_hours_before_a_date_field) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: with `before:` instead of `within:` the same error is
  // reported at line 0, column 0 (check_offset looks up the `within` node,
  // which is absent), instead of at the `before:` value on line 11.
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      meeting_on: {type: date}
milestones:
  - id: papers
    title: Papers sent
    owner: chair
    anchor: {event: finish, field: meeting_on}
    before: 72 hours
    completed_by: finish
    cite: "001:1"
)yaml");  // <- line 11
  expect_one_error(yaml, "field-type", 11, 13,
                   {"milestone 'papers' counts hours from field 'meeting_on'", "hours need an instant field"});
}

// ---- anchor -------------------------------------------------------------------------

TEST(procedure_errors, anchor_is_not_one_of_the_forms) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: opened
    within: 1 month
    completed_by: finish
    cite: "001:851"
)yaml");  // <- line 5
  expect_one_error(yaml, "anchor", 5, 13,
                   {"the anchor of milestone 'decision' must be {event: e}, {event: e, field: f}, {milestone: m}, "
                    "'scheduled' or {scheduled: who sets it}"});
}

TEST(procedure_errors, anchor_scheduled_takes_no_timescale) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: presentation_meeting
    title: IMR presentation meeting
    owner: chair
    anchor: scheduled
    within: 2 weeks
    kind: scheduled
    completed_by: finish
    cite: "001:538"
)yaml");  // <- line 6
  expect_one_error(yaml, "anchor", 6, 13,
                   {"milestone 'presentation_meeting' is scheduled by the panel, so it takes no timescale"});
}

TEST(procedure_errors, anchor_event_needs_a_timescale) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened}
    completed_by: finish
    cite: "001:851"
)yaml");  // line 2: the milestone has neither `within` nor `before`
  expect_one_error(yaml, "anchor", 2, 5, {"milestone 'decision' needs 'within' or 'before'"});
}

TEST(procedure_errors, anchor_with_both_within_and_before) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: circulation
    title: Papers circulated
    owner: chair
    anchor: {event: opened}
    within: 2 weeks
    before: 2 weeks
    completed_by: finish
    cite: "001:538"
)yaml");  // <- line 7
  expect_one_error(yaml, "anchor", 7, 13, {"milestone 'circulation' has both 'within' and 'before'"});
}

// ---- initial-state, terminal-state ------------------------------------------------------

TEST(procedure_errors, initial_state_twice) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: reopened, kind: initial}
  - {id: closed, kind: terminal}
transitions:
  - {event: finish, from: [open, reopened], to: closed, roles: [chair]}
)yaml");  // <- line 3, the second initial state
  expect_one_error(yaml, "initial-state", 3, 5,
                   {"the procedure has more than one initial state: 'open' and 'reopened'"});
}

TEST(procedure_errors, initial_state_missing) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: active}
  - {id: closed, kind: terminal}
)yaml");  // line 2: reported at the first state
  expect_one_error(yaml, "initial-state", 2, 5, {"the procedure has no initial state", "kind: initial"});
}

TEST(procedure_errors, terminal_state_with_a_way_out) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
  reopen: {title: Review reopened}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
  - {event: reopen, from: closed, to: open, roles: [chair]}
)yaml");  // <- line 7, `closed` at column 27
  expect_one_error(yaml, "terminal-state", 7, 27,
                   {"transition 'reopen' leaves terminal state 'closed'", "a terminal state has no way out"});
}

TEST(procedure_errors, terminal_state_missing) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: closed, kind: waiting}
)yaml");  // line 2: reported at the first state
  expect_one_error(yaml, "terminal-state", 2, 5, {"the procedure has no terminal state", "kind: terminal"});
}

// ---- unreachable-state, dead-end --------------------------------------------------------

TEST(procedure_errors, unreachable_state) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: limbo, kind: waiting}
  - {id: closed, kind: terminal}
transitions:
  - {event: finish, from: [open, limbo], to: closed, roles: [chair]}
)yaml");  // <- line 3: nothing leads into `limbo`
  expect_one_error(yaml, "unreachable-state", 3, 5,
                   {"state 'limbo' in the procedure cannot be reached from the initial state 'open'"});
}

TEST(procedure_errors, dead_end) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: stuck, kind: waiting}
  - {id: closed, kind: terminal}
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
  park: {title: Review parked}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
  - {event: park, from: [open, stuck], to: stuck, roles: [chair]}
)yaml");  // <- line 3: `stuck` only leads back to itself
  expect_one_error(yaml, "dead-end", 3, 5,
                   {"no terminal state can be reached from state 'stuck' in the procedure",
                    "could never finish"});
}

TEST(procedure_errors, dead_end_in_a_track) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  commission: {data: {agency: {type: agency, required: true}}}
  finish: {title: Review finished}
transitions:
  - {event: commission, from: open, roles: [chair]}
  - {event: finish, from: open, to: closed, roles: [chair]}
tracks:
  - id: imr
    title: Agency IMR
    instantiated_by: {event: commission, field: agency}
    states:
      - {id: drafting, kind: initial}
      - {id: returned, kind: active}
      - {id: done, kind: terminal}
    events:
      submitted: {title: IMR submitted}
      returned: {title: IMR returned}
    transitions:
      - {event: submitted, from: drafting, to: done, roles: [chair]}
      - {event: returned, from: drafting, to: returned, roles: [chair]}
)yaml");  // <- line 14: nothing leaves `returned`
  expect_one_error(yaml, "dead-end", 14, 9, {"no terminal state can be reached from state 'returned' in track 'imr'"});
}

// ---- cycle ----------------------------------------------------------------------------

TEST(procedure_errors, cycle_of_three_milestones) {
  const std::string yaml = def(R"yaml(
milestones:
  - {id: draft, title: Draft, owner: chair, anchor: {milestone: approval},
     within: 1 week, completed_by: finish, cite: "001:1"}
  - {id: review, title: Review, owner: chair, anchor: {milestone: draft},
     within: 1 week, completed_by: finish, cite: "001:2"}
  - {id: approval, title: Approval, owner: chair, anchor: {milestone: review},
     within: 1 week, completed_by: finish, cite: "001:3"}
)yaml");  // <- line 2: the loop is reported at its first milestone
  expect_one_error(yaml, "cycle", 2, 5,
                   {"milestones anchored on each other in a loop", "'draft'", "'review'", "'approval'",
                    "must anchor on an event or a scheduled date"});
}

TEST(procedure_errors, cycle_message_follows_the_anchors) {
  // The message shows the loop as 'a' -> 'b' -> ...; each arrow must be a real
  // anchoring (all one way round), whatever order the milestones are written
  // in. Anchors: b on a, c on b, d on c, a on d; written a, c, b, d.
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: the names are listed in the order they are declared, not
  // around the loop, so the message shows 'a' -> 'c' -> 'b' -> 'd' -> 'a',
  // and no milestone here is anchored on another next to it in that list.
  const std::string yaml = def(R"yaml(
milestones:
  - {id: a, title: A, owner: chair, anchor: {milestone: d}, within: 1 week, completed_by: finish, cite: "001:1"}
  - {id: c, title: C, owner: chair, anchor: {milestone: b}, within: 1 week, completed_by: finish, cite: "001:3"}
  - {id: b, title: B, owner: chair, anchor: {milestone: a}, within: 1 week, completed_by: finish, cite: "001:2"}
  - {id: d, title: D, owner: chair, anchor: {milestone: c}, within: 1 week, completed_by: finish, cite: "001:4"}
)yaml");
  const std::map<std::string, std::string> anchored_on{{"a", "d"}, {"b", "a"}, {"c", "b"}, {"d", "c"}};
  const auto errors = parse_errors(yaml);
  ASSERT_EQ(errors.size(), 1u) << listing(errors);
  ASSERT_EQ(errors[0].rule, "cycle");
  // The quoted names, in the order the message gives them.
  std::vector<std::string> names;
  const std::string& m = errors[0].message;
  for (std::size_t at = m.find('\''); at != std::string::npos; at = m.find('\'', at + 1)) {
    const std::size_t end = m.find('\'', at + 1);
    ASSERT_NE(end, std::string::npos);
    names.push_back(m.substr(at + 1, end - at - 1));
    at = end;
  }
  ASSERT_EQ(names.size(), 5u) << m;
  EXPECT_EQ(names.front(), names.back()) << m;
  int forwards = 0, backwards = 0;  // x -> y: y anchored on x, or x anchored on y
  for (std::size_t i = 0; i + 1 < names.size(); ++i) {
    if (anchored_on.at(names[i + 1]) == names[i]) ++forwards;
    if (anchored_on.at(names[i]) == names[i + 1]) ++backwards;
  }
  EXPECT_TRUE(forwards == 4 || backwards == 4) << "not the loop, in either direction: " << m;
}

TEST(procedure_errors, cycle_milestone_anchored_on_itself) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {milestone: decision}
    within: 1 month
    completed_by: finish
    cite: "001:851"
)yaml");  // <- line 5
  expect_one_error(yaml, "cycle", 5, 13, {"milestone 'decision' is anchored on itself"});
}

// ---- conflict -----------------------------------------------------------------------

TEST(procedure_errors, conflict_same_person_needs_two_roles) {
  const std::string yaml = def(R"yaml(
roles:
  - {id: chair, title: Chair}
  - {id: author, title: Overview author}
conflicts:
  - kind: same_person
    roles: [author, author]
    severity: must
    rule: The overview author may not chair the panel
    cite: "001:307"
)yaml");  // <- line 6: the same role twice
  expect_one_error(yaml, "conflict", 6, 12,
                   {"conflict 'The overview author may not chair the panel' is same_person",
                    "needs two or more different roles"});
}

TEST(procedure_errors, conflict_declared_needs_a_declaration) {
  const std::string yaml = def(R"yaml(
conflicts:
  - kind: declared
    roles: [chair]
    severity: must
    rule: The chair may not manage staff involved
    cite: "001:436"
)yaml");  // line 2: the conflict (from column 5) has no `declaration`
  expect_one_error(yaml, "conflict", 2, 5,
                   {"conflict 'The chair may not manage staff involved' is declared and needs a 'declaration'"});
}

TEST(procedure_errors, conflict_declaration_may_not_be_named_person_id) {
  const std::string yaml = def(R"yaml(
conflicts:
  - kind: declared
    roles: [chair]
    declaration: person_id
    severity: must
    rule: The chair may not manage staff involved
    cite: "001:436"
)yaml");  // <- line 4: an assignment's data carries the person's id under that name
  expect_one_error(yaml, "conflict", 4, 18,
                   {"conflict 'The chair may not manage staff involved': 'person_id' is not a declaration name",
                    "carries the person's id under that name"});
}

// ---- repeat -------------------------------------------------------------------------

TEST(procedure_errors, repeat_without_until) {
  const std::string yaml = def(R"yaml(
obligations:
  - id: monthly_update
    title: Monthly progress update
    owner: chair
    trigger: {event: opened}
    within: 1 month
    repeat: 1 month
    cite: "001:340"
)yaml");  // <- line 7
  expect_one_error(yaml, "repeat", 7, 13, {"obligation 'monthly_update' repeats but has no 'until' event"});
}

TEST(procedure_errors, until_without_repeat) {
  const std::string yaml = def(R"yaml(
obligations:
  - id: monthly_update
    title: Monthly progress update
    owner: chair
    trigger: {event: opened}
    within: 1 month
    until: finish
    cite: "001:340"
)yaml");  // <- line 7
  expect_one_error(yaml, "repeat", 7, 12, {"obligation 'monthly_update' has 'until' but does not repeat"});
}

// ---- duplicate-key ------------------------------------------------------------------

TEST(procedure_errors, duplicate_key_in_a_state) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial}
  - {id: closed, kind: terminal, kind: active}
)yaml");  // <- line 3, the second `kind` at column 34
  expect_one_error(yaml, "duplicate-key", 3, 34, {"key 'kind' appears twice in a state"});
}

TEST(procedure_errors, duplicate_key_in_a_milestone) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: completion
    title: Review completed
    owner: chair
    anchor: {event: opened}
    within: 6 months
    completed_by: finish
    within: 7 months
    cite: "001:216"
)yaml");  // <- line 8
  expect_one_error(yaml, "duplicate-key", 8, 5, {"key 'within' appears twice in a milestone"});
}

TEST(procedure_errors, duplicate_key_in_sources) {
  // Regression test for a defect found while writing these tests, since fixed;
  // before the fix: `procedure.sources` is not checked for repeated keys: both
  // entries are kept, so "001:..." citations could mean either document.
  const std::string yaml = def(R"yaml(
procedure:
  id: mini
  title: Minimal procedure
  version: 1
  effective_from: 2020-01-01
  opened_by: opened
  sources:
    "001": Practice guidance
    "001": Procedures manual
)yaml");  // <- line 9, the quote at column 5
  expect_one_error(yaml, "duplicate-key", 9, 5, {"'001'"});
}

// ---- several errors at once, and how they are reported ------------------------------------

TEST(procedure_errors, three_independent_errors_all_reported_in_line_order) {
  // Written so that the loader meets them in the opposite order: it reads
  // `procedure` first, then `states`, then `transitions`.
  const std::string yaml = def(R"yaml(
transitions:
  - {event: finish, from: open, to: closed, roles: [chiar]}
states:
  - {id: open, kind: initial, titel: Open}
  - {id: closed, kind: terminal}
procedure:
  id: mini
  title: Minimal procedure
  version: 1
  effective_from: 2020-13-01
  opened_by: opened
  sources:
    "001": Practice guidance
)yaml");  // errors on lines 2, 4 and 10
  const auto errors = parse_errors(yaml);
  ASSERT_EQ(errors.size(), 3u) << listing(errors);
  expect_diagnostic(errors[0], scr::severity::error, "unknown-role", 2, 53, {"unknown role 'chiar'"});
  expect_diagnostic(errors[1], scr::severity::error, "unknown-key", 4, 31, {"unknown key 'titel'"});
  expect_diagnostic(errors[2], scr::severity::error, "bad-date", 10, 19, {"2020-13-01"});
}

TEST(procedure_errors, errors_come_before_warnings) {
  const std::string yaml = def(R"yaml(
roles:
  - {id: chair, title: Chair}
  - {id: clerk, title: Clerk}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair]}
  - {event: finsh, from: open, to: closed, roles: [chair]}
)yaml");  // line 3: an unused role (a warning); line 6: an unknown event (an error)
  const scr::check_result checked = scr::procedure::check(yaml, file_name);
  ASSERT_EQ(checked.diagnostics.size(), 2u) << listing(checked.diagnostics);
  EXPECT_EQ(checked.errors(), 1u);
  EXPECT_EQ(checked.warnings(), 1u);
  EXPECT_FALSE(checked.ok());
  expect_diagnostic(checked.diagnostics[0], scr::severity::error, "unknown-event", 6, 13, {"'finsh'"});
  expect_diagnostic(checked.diagnostics[1], scr::severity::warning, "unused-role", 3, 5, {"'clerk'"});
}

TEST(procedure_errors, to_string_names_file_line_column_and_rule) {
  const std::string yaml = def(R"yaml(
states:
  - {id: open, kind: initial, titel: Open}
  - {id: closed, kind: terminal}
)yaml");
  const auto errors = parse_errors(yaml);
  ASSERT_EQ(errors.size(), 1u) << listing(errors);
  EXPECT_EQ(errors[0].to_string(),
            "board.yaml:2:31: error: unknown key 'titel' in a state; did you mean 'title'? [unknown-key]");
}

TEST(procedure_errors, what_lists_every_error_one_per_line) {
  const std::string yaml = def(R"yaml(
transitions:
  - {event: finish, from: open, to: closed, roles: [chiar]}
states:
  - {id: open, kind: initial, titel: Open}
  - {id: closed, kind: terminal}
roles:
  - {id: chair, title: Chair}
  - {id: clerk, title: Clerk}
)yaml");  // two errors, on lines 2 and 4
  try {
    (void)scr::procedure::parse(yaml, "my-board.yaml");
    FAIL() << "parse accepted a broken definition";
  } catch (const scr::definition_error& e) {
    // Two errors, then two warnings: the clerk is unused, and so is the chair,
    // since the only transition names 'chiar'.
    ASSERT_EQ(e.diagnostics().size(), 4u) << e.what();
    const std::string expected = e.diagnostics()[0].to_string() + "\n" + e.diagnostics()[1].to_string();
    EXPECT_EQ(std::string(e.what()), expected);
    EXPECT_NE(std::string(e.what()).find("my-board.yaml:2:53: error: unknown role 'chiar'"), std::string::npos)
        << e.what();
    EXPECT_NE(std::string(e.what()).find("my-board.yaml:4:31: error: unknown key 'titel'"), std::string::npos)
        << e.what();
    EXPECT_EQ(std::string(e.what()).find("warning"), std::string::npos) << "what() lists errors only";
    EXPECT_EQ(e.diagnostics()[2].rule, "unused-role");
    EXPECT_EQ(e.diagnostics()[3].rule, "unused-role");
    // A definition_error is an input_error, so one catch handles every bad input.
    const scr::input_error& base = e;
    EXPECT_STREQ(base.what(), e.what());
  }
}

TEST(procedure_errors, check_never_throws) {
  for (const std::string_view text : {std::string_view(""), std::string_view("- a\n- b\n"),
                                      std::string_view("just text"), std::string_view("procedure: [1"),
                                      std::string_view("roles: {chair: {x: [}")}) {
    SCOPED_TRACE(text);
    scr::check_result checked;
    EXPECT_NO_THROW(checked = scr::procedure::check(text, file_name));
    EXPECT_FALSE(checked.ok());
    EXPECT_GE(checked.errors(), 1u);
  }
  const scr::check_result top_list = scr::procedure::check("- a\n- b\n", file_name);
  ASSERT_EQ(top_list.errors(), 1u) << listing(top_list.diagnostics);
  EXPECT_EQ(top_list.diagnostics[0].rule, "type");
  EXPECT_NE(top_list.diagnostics[0].message.find("must be a mapping"), std::string::npos);
}

// ---- warnings: reported, but the definition loads ----------------------------------------

TEST(procedure_errors, warning_unused_role) {
  const std::string yaml = def(R"yaml(
roles:
  - {id: chair, title: Chair}
  - {id: clerk, title: Clerk}
)yaml");  // <- line 3
  expect_warning(yaml, "unused-role", 3, 5, {"role 'clerk' is declared but nothing refers to it"});
}

TEST(procedure_errors, warning_unused_event) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
  withdrawn: {title: Referral withdrawn}
)yaml");  // <- line 4
  expect_warning(yaml, "unused-event", 4, 3,
                 {"event 'withdrawn' in the procedure has no transition, so it can never be recorded"});
}

TEST(procedure_errors, warning_no_citation) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened}
    within: 1 month
    completed_by: finish
)yaml");  // line 2: no `cite`
  expect_warning(yaml, "no-citation", 2, 5, {"milestone 'decision' has no 'cite'"});
}

TEST(procedure_errors, warning_no_citation_on_an_obligation) {
  const std::string yaml = def(R"yaml(
obligations:
  - {id: tell_ofsted, title: Tell Ofsted, owner: chair, trigger: {event: opened},
     within: 1 working day}
)yaml");  // <- line 2
  expect_warning(yaml, "no-citation", 2, 5, {"obligation 'tell_ofsted' has no 'cite'"});
}

TEST(procedure_errors, warning_any_role) {
  const std::string yaml = def(R"yaml(
transitions:
  - {event: finish, from: open, to: closed}
roles:
  - {id: chair, title: Chair}
milestones:
  - {id: decision, title: Decision, owner: chair, anchor: {event: opened},
     within: 1 month, completed_by: finish, cite: "001:851"}
)yaml");  // <- line 2: no `roles` (the chair owns the milestone, so is used)
  expect_warning(yaml, "any-role", 2, 5, {"transition 'finish' has no 'roles', so anyone may record it"});
}

TEST(procedure_errors, warning_uncovered_choice) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish:
    data:
      outcome: {type: choice, values: [scr, alternative, none], required: true}
transitions:
  - {event: finish, from: open, to: closed, roles: [chair], when: outcome == scr}
  - {event: finish, from: open, to: closed, roles: [chair], when: outcome == alternative}
)yaml");  // <- line 7: no row handles outcome == none
  expect_warning(yaml, "uncovered-choice", 7, 5,
                 {"no transition for event 'finish' from state 'open' handles outcome == none",
                  "would be refused"});
}

TEST(procedure_errors, warning_never_completed) {
  const std::string yaml = def(R"yaml(
events:
  opened: {title: Review opened}
  finish: {title: Review finished}
  approved: {title: Report approved}
milestones:
  - id: approval
    title: Report approved
    owner: chair
    anchor: {event: opened}
    within: 6 months
    completed_by: approved
    cite: "001:216"
)yaml");  // line 6: nothing records `approved` (line 4, which is unused too)
  expect_warning(yaml, "never-completed", 6, 5,
                 {"milestone 'approval' is completed by event 'approved', which no transition records"},
                 {"never-completed", "unused-event"});
}

TEST(procedure_errors, warning_window_as_long_as_the_timescale) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision
    owner: chair
    anchor: {event: opened}
    within: 5 working days
    warning: 1 week
    completed_by: finish
    cite: "001:851"
)yaml");  // <- line 7
  expect_warning(yaml, "warning-window", 7, 14,
                 {"milestone 'decision' warns 1 week ahead but is due only 5 working days after its anchor"});
}

TEST(procedure_errors, warning_statutory_paused) {
  const std::string yaml = def(R"yaml(
milestones:
  - id: completion
    title: Review completed
    owner: chair
    anchor: {event: opened}
    within: 6 months
    kind: statutory
    hold: pause-resume
    completed_by: finish
    cite: "001:216"
)yaml");  // line 2: a statutory clock that stops on a hold
  expect_warning(yaml, "statutory-paused", 2, 5,
                 {"milestone 'completion' is statutory but its clock stops on a hold", "003:183"});
}

TEST(procedure_errors, warning_to_string_says_warning) {
  const std::string yaml = def(R"yaml(
roles:
  - {id: chair, title: Chair}
  - {id: clerk, title: Clerk}
)yaml");
  const scr::procedure p = scr::procedure::parse(yaml, file_name);
  ASSERT_EQ(p.warnings().size(), 1u);
  EXPECT_EQ(p.warnings()[0].to_string(),
            "board.yaml:3:5: warning: role 'clerk' is declared but nothing refers to it [unused-role]");
}

// ---- confidence: how firm a rule's source is ---------------------------------------------

TEST(procedure_errors, confidence_names_its_kinds_at_the_value) {
  const auto yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision whether to hold a review
    owner: chair
    anchor: {event: opened}
    within: 1 month
    completed_by: finish
    cite: "001:851"
    confidence: statutory
)yaml");  // line 9: the value, column 17
  expect_one_error(yaml, "bad-value", 9, 17,
                   {"invalid confidence 'statutory' for milestone 'decision'",
                    "one of statute, statutory_guidance, national_guidance, local, not_found",
                    "did you mean 'statute'?"});
}

TEST(procedure_errors, confidence_once_stated_is_stated_for_every_rule) {
  const auto yaml = def(R"yaml(
milestones:
  - id: decision
    title: Decision whether to hold a review
    owner: chair
    anchor: {event: opened}
    within: 1 month
    completed_by: finish
    cite: "001:851"
    confidence: national_guidance
    basis: The guidance says "within one month".
obligations:
  - id: notice
    title: Tell the inspectorate
    owner: chair
    trigger: {event: opened}
    within: 5 working days
    cite: "001:852"
)yaml");  // line 12: the obligation without one (column 5)
  expect_warning(yaml, "confidence-missing", 12, 5,
                 {"obligation 'notice' does not say how firm its source is, while others do",
                  "statute, statutory_guidance, national_guidance, local or not_found"});
  const auto p = scr::procedure::parse(yaml, file_name);
  EXPECT_EQ(p.milestones.front().confidence, scr::confidence::national_guidance);
  EXPECT_EQ(p.milestones.front().basis, "The guidance says \"within one month\".");
  EXPECT_EQ(p.obligations.front().confidence, scr::confidence::unstated);
  // Written out and read back, the same definition.
  const auto again = scr::procedure::parse(p.to_yaml(), file_name);
  EXPECT_EQ(again.milestones.front().confidence, p.milestones.front().confidence);
  EXPECT_EQ(again.milestones.front().basis, p.milestones.front().basis);
  EXPECT_NE(p.to_yaml().find("confidence: national_guidance"), std::string::npos) << p.to_yaml();
}

TEST(procedure_errors, the_england_pack_says_how_firm_every_rule_is) {
  // Every deadline and duty of the national pack names its firmness and what
  // its source says, so that a board sees which are law and which practice.
  const auto p = scr::procedure::builtin("england-2023-lcspr");
  std::vector<std::pair<std::string, scr::confidence>> seen;
  const auto check = [&](const auto& items) {
    for (const auto& item : items) {
      EXPECT_NE(item.confidence, scr::confidence::unstated) << item.id;
      EXPECT_GT(item.basis.size(), 30u) << item.id;
      seen.emplace_back(item.id, item.confidence);
    }
  };
  check(p.milestones);
  check(p.obligations);
  for (const auto& t : p.tracks()) check(t.obligations);
  EXPECT_TRUE(p.warnings().empty());
  const auto firmness = [&](const std::string& id) {
    for (const auto& [i, c] : seen) {
      if (i == id) return c;
    }
    return scr::confidence::unstated;
  };
  // The 5 working days to notify the Panel are guidance (the Act sets no
  // time); the 15 days of a rapid review are the Panel's; regulation 14
  // (monitoring) is law; the 7 working days before publication were not
  // found in any text.
  EXPECT_EQ(firmness("panel_notification"), scr::confidence::statutory_guidance);
  EXPECT_EQ(firmness("rapid_review"), scr::confidence::national_guidance);
  EXPECT_EQ(firmness("monitor_review"), scr::confidence::statute);
  EXPECT_EQ(firmness("copy_to_panel_and_secretary_of_state"), scr::confidence::not_found);
  EXPECT_EQ(scr::confidence_words(scr::confidence::not_found), "not confirmed");
  EXPECT_EQ(scr::to_string(scr::confidence::statutory_guidance), "statutory_guidance");
}
