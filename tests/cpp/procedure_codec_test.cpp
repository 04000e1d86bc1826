// The binary form of a procedure (libscr/src/procedure_codec.hpp): every pack
// and every example file that loads comes back the same definition, with the
// same positions, file name, warnings and YAML; encoding is deterministic; and
// bytes that are not one complete encoding are refused, whatever they hold.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "procedure_codec.hpp"
#include "scr/error.hpp"
#include "scr/procedure.hpp"

namespace {

namespace fs = std::filesystem;
using scr::detail::decode_procedure;
using scr::detail::encode_procedure;

std::string at_text(const scr::position& at) { return std::to_string(at.line) + ":" + std::to_string(at.column); }

// Every element that records where it was declared, with that position.
std::vector<std::string> positions(const scr::procedure& p) {
  std::vector<std::string> out;
  const auto add = [&](const std::string& what, const scr::position& at) { out.push_back(what + " " + at_text(at)); };
  const auto machine = [&](const scr::machine& m, const std::string& in) {
    for (const auto& s : m.states) add(in + "state " + s.id, s.at);
    for (const auto& e : m.events) add(in + "event " + e.name, e.at);
    for (const auto& t : m.transitions) add(in + "transition " + t.id, t.at);
    for (const auto& ms : m.milestones) add(in + "milestone " + ms.id, ms.at);
    for (const auto& c : m.chains) add(in + "chain " + c.id, c.at);
    for (const auto& o : m.obligations) add(in + "obligation " + o.id, o.at);
  };
  machine(p, "");
  for (const auto& r : p.roles()) add("role " + r.id, r.at);
  for (const auto& c : p.conflicts()) add("conflict " + c.rule, c.at);
  for (const auto& t : p.tracks()) {
    add("track " + t.id, t.at);
    machine(t, t.id + ": ");
  }
  return out;
}

// Every condition with the fields it reads: fields() walks the parsed
// condition, so a decoded predicate must have been parsed again, not only
// given its text.
std::vector<std::string> conditions(const scr::procedure& p) {
  std::vector<std::string> out;
  const auto add = [&](const std::optional<scr::predicate>& c) {
    if (!c) return;
    std::string line = c->text() + " reads";
    for (const auto& f : c->fields()) line += " " + f;
    out.push_back(line);
  };
  const auto machine = [&](const scr::machine& m) {
    for (const auto& e : m.events)
      for (const auto& f : e.data) add(f.required_when);
    for (const auto& t : m.transitions) add(t.when);
    for (const auto& ms : m.milestones) add(ms.completed_when);
    for (const auto& o : m.obligations) add(o.on.when);
  };
  machine(p);
  for (const auto& t : p.tracks()) machine(t);
  return out;
}

std::vector<std::string> warning_lines(const scr::procedure& p) {
  std::vector<std::string> out;
  for (const auto& d : p.warnings()) out.push_back(d.to_string());
  return out;
}

void expect_round_trip(const scr::procedure& p) {
  SCOPED_TRACE(p.file());
  const std::string bytes = encode_procedure(p);
  const auto back = decode_procedure(bytes);
  ASSERT_TRUE(back.has_value());
  EXPECT_TRUE(back->same_definition(p));
  EXPECT_EQ(positions(*back), positions(p));
  EXPECT_EQ(conditions(*back), conditions(p));
  EXPECT_EQ(back->file(), p.file());
  EXPECT_EQ(warning_lines(*back), warning_lines(p));
  EXPECT_TRUE(back->warnings() == p.warnings());
  EXPECT_EQ(back->to_yaml(), p.to_yaml());
  EXPECT_EQ(encode_procedure(p), bytes) << "encoding twice gave other bytes";
  EXPECT_EQ(encode_procedure(*back), bytes) << "the decoded procedure encodes differently";
}

struct encoding {
  std::string name;
  std::string bytes;
};

// What the robustness tests cut and corrupt, once per byte: the built-in pack
// whose encoding is shortest, and the annotated example, which uses every part
// of the language (tracks, chains, conditions, prerequisites, times of day).
const std::vector<encoding>& robustness_inputs() {
  static const std::vector<encoding> inputs = [] {
    encoding pack;
    for (const auto& id : scr::procedure::builtin_ids()) {
      std::string b = encode_procedure(scr::procedure::builtin(id));
      if (pack.bytes.empty() || b.size() < pack.bytes.size()) pack = {id, std::move(b)};
    }
    const std::string example = SCR_TEST_DATA_DIR "/procedures/example.yaml";
    return std::vector<encoding>{pack, {example, encode_procedure(scr::procedure::load(example))}};
  }();
  return inputs;
}

std::string le32(std::uint32_t v) {
  std::string out;
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>(v >> (8 * i) & 0xFF));
  return out;
}

// A small procedure whose values are easy to find in its encoding: version 4,
// effective from 2024-03-15, one milestone due at 17:00 37 weeks after the
// opening, one condition of 17 characters. It loads with warnings: a role nobody uses, a
// transition anyone may record, and a milestone without a citation.
constexpr std::string_view probe_yaml = R"(procedure: {id: codec-probe, title: Codec probe, version: 4, effective_from: 2024-03-15, opened_by: opened}
roles: [{id: chair, title: Chair}, {id: spare, title: Spare}]
states: [{id: open, kind: initial}, {id: done, kind: terminal}]
events:
  opened: {}
  close: {data: {outcome: {type: choice, values: [agreed, refused]}}}
transitions:
  - {event: close, from: open, to: done, when: outcome == agreed}
  - {id: close_refused, event: close, from: open, to: done, roles: [chair], when: outcome == refused}
milestones:
  - {id: closed, title: Closed, owner: chair, anchor: {event: opened}, within: 37 weeks, due_time: "17:00",
     completed_by: close}
)";

const scr::procedure& probe() {
  static const scr::procedure p = scr::procedure::parse(probe_yaml, "probe.yaml");
  return p;
}

// Where `part` stands in `bytes`, which must hold it exactly once.
std::size_t find_once(const std::string& bytes, std::string_view part) {
  const auto at = bytes.find(part);
  EXPECT_NE(at, std::string::npos) << "not in the encoding";
  EXPECT_EQ(bytes.find(part, at + 1), std::string::npos) << "more than once in the encoding";
  return at;
}

std::string with(std::string bytes, std::size_t at, std::string_view part) {
  bytes.replace(at, part.size(), part);
  return bytes;
}

}  // namespace

TEST(procedure_codec, builtin_packs_round_trip) {
  const auto ids = scr::procedure::builtin_ids();
  ASSERT_FALSE(ids.empty());
  for (const auto& id : ids) expect_round_trip(scr::procedure::builtin(id));
}

TEST(procedure_codec, example_files_round_trip) {
  // The packs, the test procedures, and whichever files of the loader's fuzz
  // corpus are valid definitions.
  std::size_t packs = 0, loaded = 0;
  for (const char* dir : {SCR_PACK_DIR, SCR_TEST_DATA_DIR "/procedures", SCR_FUZZ_CORPUS_DIR}) {
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
      if (entry.path().extension() == ".yaml") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
      std::optional<scr::procedure> p;
      try {
        p = scr::procedure::load(file.string());
      } catch (const scr::input_error&) {
        continue;  // a corpus file that is meant not to load
      }
      expect_round_trip(*p);
      ++loaded;
      if (std::string_view(dir) == SCR_PACK_DIR) ++packs;
    }
  }
  EXPECT_EQ(packs, scr::procedure::builtin_ids().size());
  EXPECT_GE(loaded, packs + 4) << "tests/data/procedures has two procedures that load, the corpus two more";
}

TEST(procedure_codec, warnings_and_positions_round_trip) {
  const auto& p = probe();
  ASSERT_EQ(p.warnings().size(), 3u);
  for (const auto& d : p.warnings()) {
    EXPECT_EQ(d.file, "probe.yaml");
    EXPECT_GT(d.line, 0);
  }
  expect_round_trip(p);
  const auto back = decode_procedure(encode_procedure(p));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->file(), "probe.yaml");
  EXPECT_EQ(back->version(), 4);
  ASSERT_EQ(back->transitions.size(), 2u);
  EXPECT_EQ(at_text(back->transitions[0].at), "8:5");
  ASSERT_EQ(back->warnings().size(), 3u);
  EXPECT_EQ(back->warnings()[1].rule, "any-role");
  EXPECT_EQ(back->warnings()[1].line, 8);
}

TEST(procedure_codec, every_truncation_is_refused) {
  for (const auto& [name, bytes] : robustness_inputs()) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(decode_procedure(bytes).has_value());
    for (std::size_t n = 0; n < bytes.size(); ++n) {
      ASSERT_FALSE(decode_procedure(std::string_view(bytes).substr(0, n)).has_value())
          << "the first " << n << " of " << bytes.size() << " bytes decoded";
    }
  }
}

TEST(procedure_codec, refuses_a_wrong_header_or_trailing_bytes) {
  const std::string bytes = encode_procedure(probe());
  ASSERT_TRUE(decode_procedure(bytes).has_value());
  ASSERT_EQ(bytes.substr(0, 4), scr::detail::procedure_codec_magic);
  ASSERT_EQ(bytes.substr(4, 4), le32(scr::detail::procedure_codec_version));
  EXPECT_FALSE(decode_procedure("").has_value());
  for (std::size_t i = 0; i < 4; ++i) {
    std::string wrong = bytes;
    wrong[i] = static_cast<char>(wrong[i] ^ 0x20);
    EXPECT_FALSE(decode_procedure(wrong).has_value()) << "magic byte " << i << " changed";
  }
  EXPECT_FALSE(decode_procedure(with(bytes, 4, le32(scr::detail::procedure_codec_version + 1))).has_value());
  EXPECT_FALSE(decode_procedure(with(bytes, 4, le32(0))).has_value());
  EXPECT_FALSE(decode_procedure(bytes + '\0').has_value());
  EXPECT_FALSE(decode_procedure(bytes + bytes).has_value());
}

TEST(procedure_codec, refuses_counts_and_lengths_past_the_end) {
  // After the header: the count of the procedure's states, then the first
  // state's id.
  const std::string bytes = encode_procedure(probe());
  ASSERT_EQ(bytes.substr(8, 4), le32(2));
  ASSERT_EQ(bytes.substr(12, 8), le32(4) + "open");
  const auto left = static_cast<std::uint32_t>(bytes.size() - 12);
  for (const std::uint32_t count : {left, left + 1, 0xFFFF'FFFFu}) {
    EXPECT_FALSE(decode_procedure(with(bytes, 8, le32(count))).has_value()) << count << " states";
  }
  for (const std::uint32_t length : {left - 4 + 1, 0xFFFF'FFFFu}) {
    EXPECT_FALSE(decode_procedure(with(bytes, 12, le32(length))).has_value()) << "an id of " << length << " bytes";
  }
}

TEST(procedure_codec, refuses_an_enum_out_of_range) {
  // The first state: id "open", title "open", no description, then its kind.
  const std::string bytes = encode_procedure(probe());
  const std::size_t kind = 12 + 8 + 8 + 4;
  ASSERT_EQ(bytes.substr(12, kind - 12), le32(4) + "open" + le32(4) + "open" + le32(0));
  ASSERT_EQ(bytes[kind], static_cast<char>(scr::state_kind::initial));
  const auto terminal = decode_procedure(with(bytes, kind, std::string(1, '\3')));
  ASSERT_TRUE(terminal.has_value());
  ASSERT_FALSE(terminal->states.empty());
  EXPECT_EQ(terminal->states[0].kind, scr::state_kind::terminal);
  for (const char k : {'\4', '\x7F', '\xFF'}) {
    EXPECT_FALSE(decode_procedure(with(bytes, kind, std::string(1, k))).has_value());
  }
}

TEST(procedure_codec, refuses_a_date_out_of_range) {
  // The version (4), then effective_from: year, month, day.
  const std::string bytes = encode_procedure(probe());
  const std::size_t at = find_once(bytes, le32(4) + "\xE8\x07\x03\x0F") + 4;
  const auto date = [&](int y, int m, int d) {
    return with(bytes, at,
                std::string{static_cast<char>(y & 0xFF), static_cast<char>(y >> 8), static_cast<char>(m),
                            static_cast<char>(d)});
  };
  const auto last = decode_procedure(date(2199, 12, 31));
  ASSERT_TRUE(last.has_value());
  EXPECT_EQ(last->effective_from(), scr::max_date());
  const auto first = decode_procedure(date(1900, 1, 1));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->effective_from(), scr::min_date());
  EXPECT_FALSE(decode_procedure(date(1899, 12, 31)).has_value());
  EXPECT_FALSE(decode_procedure(date(2200, 1, 1)).has_value());
  EXPECT_FALSE(decode_procedure(date(2023, 2, 29)).has_value());
  EXPECT_FALSE(decode_procedure(date(2024, 13, 1)).has_value());
  EXPECT_FALSE(decode_procedure(date(2024, 0, 1)).has_value());
  EXPECT_FALSE(decode_procedure(date(2024, 1, 0)).has_value());
  EXPECT_FALSE(decode_procedure(date(0, 0, 0)).has_value());
}

TEST(procedure_codec, refuses_a_timescale_out_of_range) {
  // "within: 37 weeks": present, amount 37, unit weeks.
  const std::string bytes = encode_procedure(probe());
  const std::size_t at = find_once(bytes, "\1" + le32(37) + "\3") + 1;
  const auto most_amount = static_cast<std::uint32_t>(scr::max_timescale_amount);
  const auto most = decode_procedure(with(bytes, at, le32(most_amount)));
  ASSERT_TRUE(most.has_value());
  ASSERT_EQ(most->milestones.size(), 1u);
  ASSERT_TRUE(most->milestones[0].offset.has_value());
  EXPECT_EQ(most->milestones[0].offset->to_string(), "99999 weeks");
  EXPECT_FALSE(decode_procedure(with(bytes, at, le32(most_amount + 1))).has_value());
  EXPECT_FALSE(decode_procedure(with(bytes, at, le32(0xFFFF'FFFFu))).has_value());
  EXPECT_FALSE(decode_procedure(with(bytes, at + 4, "\6")).has_value());
}

TEST(procedure_codec, refuses_a_time_of_day_out_of_range) {
  // "due_time: 17:00", then completed_by: [close].
  const std::string bytes = encode_procedure(probe());
  const std::size_t at = find_once(bytes, "\1\x11" + std::string(1, '\0') + le32(1) + le32(5) + "close") + 1;
  const auto last = decode_procedure(with(bytes, at, "\x17\x3B"));
  ASSERT_TRUE(last.has_value());
  ASSERT_EQ(last->milestones.size(), 1u);
  ASSERT_TRUE(last->milestones[0].due_time.has_value());
  EXPECT_EQ(last->milestones[0].due_time->to_string(), "23:59");
  EXPECT_FALSE(decode_procedure(with(bytes, at, "\x18")).has_value());
  EXPECT_FALSE(decode_procedure(with(bytes, at + 1, "\x3C")).has_value());
  EXPECT_FALSE(decode_procedure(with(bytes, at, "\xFF")).has_value());
}

TEST(procedure_codec, refuses_a_condition_that_does_not_parse_or_is_not_canonical) {
  const std::string bytes = encode_procedure(probe());
  const std::string text = "outcome == agreed";
  const std::size_t at = find_once(bytes, le32(17) + text) + 4;
  const auto other = decode_procedure(with(bytes, at, "outcome != agreed"));
  ASSERT_TRUE(other.has_value());
  ASSERT_FALSE(other->transitions.empty());
  ASSERT_TRUE(other->transitions[0].when.has_value());
  EXPECT_EQ(other->transitions[0].when->text(), "outcome != agreed");
  EXPECT_FALSE(decode_procedure(with(bytes, at, "outcome == (agree")).has_value());
  EXPECT_FALSE(decode_procedure(with(bytes, at, "outcome == agree\xFF")).has_value());
  // Parses, to the same condition, but is not how the writer spells it.
  const std::string loose = "outcome==  agreed";
  ASSERT_EQ(scr::predicate::parse(loose).text(), text);
  EXPECT_FALSE(decode_procedure(with(bytes, at, loose)).has_value());
}

TEST(procedure_codec, flipped_bytes_never_crash) {
  // Each byte in turn: refused, or a procedure that encodes to exactly the
  // bytes it came from. Both happen: a flipped count is refused, a flipped
  // letter of a title is another title.
  for (const auto& [name, bytes] : robustness_inputs()) {
    SCOPED_TRACE(name);
    std::size_t refused = 0, decoded = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
      std::string flipped = bytes;
      flipped[i] = static_cast<char>(flipped[i] ^ 0xFF);
      const auto p = decode_procedure(flipped);
      if (!p) {
        ++refused;
        continue;
      }
      ++decoded;
      ASSERT_EQ(encode_procedure(*p), flipped) << "byte " << i << " flipped";
    }
    EXPECT_GT(refused, 0u);
    EXPECT_GT(decoded, 0u);
  }
}
