#include "review_document.hpp"

#include <algorithm>
#include <cstdio>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <set>
#include <utility>

#include "records.hpp"
#include "scr/error.hpp"

namespace scr::stored {

namespace {

using ordered = nlohmann::ordered_json;
using json = nlohmann::json;

}  // namespace

std::string exact_instant(std::int64_t us) {
  (void)from_micros(us);  // libscr's range (damage otherwise), before any arithmetic
  const std::int64_t seconds = us >= 0 ? us / 1'000'000 : -((-us + 999'999) / 1'000'000);
  const auto fraction = static_cast<int>(us - seconds * 1'000'000);
  std::string out = format_instant(from_micros(seconds * 1'000'000));  // "...:SSZ"
  if (fraction != 0) {
    char digits[8];
    std::snprintf(digits, sizeof digits, ".%06d", fraction);
    out.insert(out.size() - 1, digits);
  }
  return out;
}

std::string review_document_seal_text(const review_document& d) {
  std::string text = "libscr.reviews seal;";
  add_field(text, d.exported_at);
  add_field(text, d.keyed ? "keyed" : "");
  for (const auto& p : d.procedures) {
    add_field(text, p.id);
    add_field(text, std::to_string(p.version));
    add_field(text, p.definition);
  }
  for (const auto& r : d.reviews) {
    add_field(text, r.reference);
    add_field(text, r.procedure_id);
    add_field(text, std::to_string(r.procedure_version));
    add_field(text, r.calendar);
    add_field(text, r.context);
    add_field(text, std::to_string(r.events.size()));
    add_field(text, r.events.empty() ? std::string() : r.events.back().hash);
  }
  return text;
}

std::string write_review_document(const review_document& d) {
  ordered procedures = ordered::array();
  for (const auto& p : d.procedures) {
    procedures.push_back({{"id", p.id}, {"version", p.version}, {"definition", p.definition}});
  }
  ordered reviews = ordered::array();
  for (const auto& r : d.reviews) {
    ordered events = ordered::array();
    for (const auto& x : r.events) {
      const review_event& e = x.event;
      events.push_back({{"sequence", x.sequence},
                        {"kind", to_string(e.kind)},
                        {"name", e.name},
                        {"agency", e.agency},
                        {"subject", e.subject},
                        {"at", exact_instant(x.at_us)},
                        {"recorded_at", exact_instant(x.recorded_us)},
                        {"by", {{"name", e.by.name}, {"role", e.by.role}, {"agency", e.by.agency}}},
                        {"data", ordered::parse(x.payload)},
                        {"corrects", e.corrects},
                        {"reason", e.reason},
                        {"hash", x.hash}});
    }
    const std::uint64_t last = r.events.empty() ? 0 : r.events.back().sequence;
    reviews.push_back({{"reference", r.reference},
                       {"procedure", {{"id", r.procedure_id}, {"version", r.procedure_version}}},
                       {"calendar", r.calendar},
                       {"context", r.context},
                       {"events", std::move(events)},
                       {"head", {{"sequence", last}, {"hash", r.events.empty() ? "" : r.events.back().hash}}}});
  }
  const ordered doc{{"format", review_document_format},
                    {"version", review_document_version},
                    {"libscr", d.libscr},
                    {"exported_at", d.exported_at},
                    {"keyed", d.keyed},
                    {"procedures", std::move(procedures)},
                    {"reviews", std::move(reviews)},
                    {"seal", d.seal}};
  return doc.dump(2) + "\n";
}

namespace {

// Reads one document, naming where each problem is.
class reader {
 public:
  explicit reader(std::string_view source) : source_(source) {}

  static std::string place(const std::string& where, const char* name) {
    return where.empty() ? std::string(name) : where + "." + name;
  }

  // Refuses a field the format does not have (a reader that ignored it
  // would import a file the schema refuses).
  void only(const json& object, const std::string& where, std::initializer_list<const char*> names) const {
    for (const auto& item : object.items()) {
      const std::string& key = item.key();
      if (std::none_of(names.begin(), names.end(), [&](const char* n) { return key == n; })) {
        fail(where, "has a field " + in_quotes(key) + " that a review export (version 1) does not have");
      }
    }
  }

  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    throw input_error("review export " + in_quotes(source_) + (where.empty() ? "" : ", " + where) + ": " + what +
                      " (docs/review-export.md). Nothing was imported");
  }

  const json& member(const json& object, const std::string& where, const char* name) const {
    const auto it = object.find(name);
    if (it == object.end()) fail(where, "has no " + in_quotes(name));
    return *it;
  }
  std::string text(const json& object, const std::string& where, const char* name) const {
    const json& v = member(object, where, name);
    if (!v.is_string()) fail(place(where, name), "is not a text");
    return v.get<std::string>();
  }
  std::int64_t integer(const json& object, const std::string& where, const char* name, std::int64_t least) const {
    const json& v = member(object, where, name);
    if (!v.is_number_integer() || v.get<std::int64_t>() < least) {
      fail(place(where, name), "is not a whole number of at least " + std::to_string(least));
    }
    return v.get<std::int64_t>();
  }
  int version_of(const json& object, const std::string& where) const {
    const std::int64_t v = integer(object, where, "version", 1);
    if (v > 2'147'483'647) fail(place(where, "version"), "is " + std::to_string(v) + ", more than a procedure's version can be");
    return static_cast<int>(v);
  }
    const json& array(const json& object, const std::string& where, const char* name) const {
    const json& v = member(object, where, name);
    if (!v.is_array()) fail(place(where, name), "is not a list");
    return v;
  }
  const json& object(const json& parent, const std::string& where, const char* name) const {
    const json& v = member(parent, where, name);
    if (!v.is_object()) fail(place(where, name), "is not an object");
    return v;
  }
  std::int64_t micros(const json& parent, const std::string& where, const char* name) const {
    const std::string t = text(parent, where, name);
    try {
      // The fraction, if any, is read here: parse_instant takes whole seconds.
      std::string whole = t;
      std::int64_t fraction = 0;
      if (const auto dot = t.find('.'); dot != std::string::npos && !t.empty() && t.back() == 'Z') {
        const std::string digits = t.substr(dot + 1, t.size() - dot - 2);
        if (digits.empty() || digits.size() > 6 || digits.find_first_not_of("0123456789") != std::string::npos) {
          throw std::invalid_argument("fraction");
        }
        fraction = std::stoll(digits + std::string(6 - digits.size(), '0'));
        whole = t.substr(0, dot) + "Z";
      }
      if (whole.size() != 20 || whole[10] != 'T' || whole.back() != 'Z') throw std::invalid_argument("form");
      const std::int64_t us = to_micros(parse_instant(whole)) + fraction;
      (void)from_micros(us);  // 1900-2199
      return us;
    } catch (const std::exception&) {
      fail(place(where, name), in_quotes(t) + " is not an instant in UTC from 1900 to 2199 as the format writes "
                                              "it (2024-01-05T10:00:00Z, or with microseconds: 2024-01-05T10:00:00.250000Z)");
    }
  }

 private:
  std::string source_;
};

bool is_hex_hash(const std::string& s) {
  return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

review_document read_review_document(std::string_view text, std::string_view source) {
  const reader r(source);
  json doc;
  try {
    doc = json::parse(text);
  } catch (const json::parse_error& e) {
    r.fail("", std::string("is not JSON (") + e.what() + ")");
  }
  if (!doc.is_object()) r.fail("", "is not a JSON object");
  if (!doc.contains("format") || !doc["format"].is_string() || doc["format"] != review_document_format) {
    r.fail("format", "is not " + in_quotes(review_document_format) + ": not a review export");
  }
  const std::int64_t version = r.integer(doc, "", "version", 1);
  if (version > review_document_version) {
    r.fail("version", "is " + std::to_string(version) + ", newer than this libscr reads (" +
                          std::to_string(review_document_version) + "): upgrade libscr to import it");
  }
  r.only(doc, "", {"format", "version", "libscr", "exported_at", "keyed", "procedures", "reviews", "seal"});
  review_document out;
  (void)r.micros(doc, "", "exported_at");
  out.exported_at = r.text(doc, "", "exported_at");
  out.libscr = r.text(doc, "", "libscr");
  if (out.libscr.empty() || out.libscr.size() > 32 ||
      out.libscr.find_first_not_of("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.+-") !=
          std::string::npos) {
    r.fail("libscr", "is not a version (such as 0.1.0)");
  }
  if (!r.member(doc, "", "keyed").is_boolean()) r.fail("keyed", "is not true or false");
  out.keyed = doc["keyed"].get<bool>();
  out.seal = r.text(doc, "", "seal");
  if (!is_hex_hash(out.seal)) r.fail("seal", "is not a SHA-256 in lowercase hex");

  std::set<std::pair<std::string, int>> carried;
  const json& procedures = r.array(doc, "", "procedures");
  for (std::size_t i = 0; i < procedures.size(); ++i) {
    const std::string at = "procedures[" + std::to_string(i) + "]";
    if (!procedures[i].is_object()) r.fail(at, "is not an object");
    r.only(procedures[i], at, {"id", "version", "definition"});
    document_procedure p;
    p.id = r.text(procedures[i], at, "id");
    p.version = r.version_of(procedures[i], at);
    p.definition = r.text(procedures[i], at, "definition");
    if (!carried.emplace(p.id, p.version).second) {
      r.fail(at, "procedure " + in_quotes(p.id) + " version " + std::to_string(p.version) + " is carried twice");
    }
    out.procedures.push_back(std::move(p));
  }

  std::set<std::string> references;
  const json& reviews = r.array(doc, "", "reviews");
  for (std::size_t i = 0; i < reviews.size(); ++i) {
    const std::string at = "reviews[" + std::to_string(i) + "]";
    const json& rv = reviews[i];
    if (!rv.is_object()) r.fail(at, "is not an object");
    r.only(rv, at, {"reference", "procedure", "calendar", "context", "events", "head"});
    document_review d;
    d.reference = r.text(rv, at, "reference");
    if (d.reference.empty()) r.fail(at + ".reference", "is empty");
    if (!references.insert(d.reference).second) {
      r.fail(at, "review " + in_quotes(d.reference) + " is in the file twice");
    }
    const json& proc = r.object(rv, at, "procedure");
    d.procedure_id = r.text(proc, at + ".procedure", "id");
    r.only(proc, at + ".procedure", {"id", "version"});
    d.procedure_version = r.version_of(proc, at + ".procedure");
    if (!carried.contains({d.procedure_id, d.procedure_version})) {
      r.fail(at + ".procedure", "procedure " + in_quotes(d.procedure_id) + " version " +
                                    std::to_string(d.procedure_version) + " is not among the file's procedures");
    }
    d.calendar = r.text(rv, at, "calendar");
    d.context = r.text(rv, at, "context");
    if (!is_hex_hash(d.context)) r.fail(at + ".context", "is not a SHA-256 in lowercase hex");
    const json& events = r.array(rv, at, "events");
    if (events.empty()) r.fail(at + ".events", "is empty: a review has at least its opening");
    for (std::size_t k = 0; k < events.size(); ++k) {
      const std::string here = at + ".events[" + std::to_string(k) + "]";
      const json& ev = events[k];
      if (!ev.is_object()) r.fail(here, "is not an object");
      r.only(ev, here, {"sequence", "kind", "name", "agency", "subject", "at", "recorded_at", "by", "data", "corrects",
                        "reason", "hash"});
      document_event x;
      x.sequence = static_cast<std::uint64_t>(r.integer(ev, here, "sequence", 1));
      if (x.sequence != k + 1) {
        r.fail(here + ".sequence", "is " + std::to_string(x.sequence) + ", not " + std::to_string(k + 1) +
                                       ": events are in the order recorded, none missing");
      }
      const std::string kind = r.text(ev, here, "kind");
      try {
        x.event.kind = kind_from(kind);
      } catch (const std::exception&) {
        r.fail(here + ".kind", in_quotes(kind) + " is not a kind of event libscr records");
      }
      x.event.name = r.text(ev, here, "name");
      x.event.agency = r.text(ev, here, "agency");
      x.event.subject = r.text(ev, here, "subject");
      x.at_us = r.micros(ev, here, "at");
      x.recorded_us = r.micros(ev, here, "recorded_at");
      x.event.at = from_micros(x.at_us);
      const json& by = r.object(ev, here, "by");
      r.only(by, here + ".by", {"name", "role", "agency"});
      x.event.by = actor{r.text(by, here + ".by", "name"), r.text(by, here + ".by", "role"),
                         r.text(by, here + ".by", "agency")};
      const json& data = r.object(ev, here, "data");
      for (const auto& [key, v] : data.items()) {
        // A value as libscr stores one, and nothing deeper: a text, a whole
        // number, true or false, null, {"date": text} or {"instant_us": number}.
        const bool plain = v.is_null() || v.is_boolean() || v.is_number_integer() || v.is_string();
        const bool dated = v.is_object() && v.size() == 1 &&
                           ((v.contains("date") && v["date"].is_string()) ||
                            (v.contains("instant_us") && v["instant_us"].is_number_integer()));
        if (!plain && !dated) {
          r.fail(here + ".data." + key, "is not a value libscr stores (null, true or false, a whole number, a text, "
                                        "{\"date\": \"YYYY-MM-DD\"} or {\"instant_us\": microseconds})");
        }
      }
      x.payload = data.dump();
      try {
        x.event.data = from_json(data);
      } catch (const std::exception& e) {
        r.fail(here + ".data", std::string("is not event data as libscr stores it (") + e.what() + ")");
      }
      x.event.corrects = static_cast<std::uint64_t>(r.integer(ev, here, "corrects", 0));
      x.event.reason = r.text(ev, here, "reason");
      x.hash = r.text(ev, here, "hash");
      if (!is_hex_hash(x.hash)) r.fail(here + ".hash", "is not a SHA-256 in lowercase hex");
      d.events.push_back(std::move(x));
    }
    if (d.events.front().event.subject != d.reference) {
      r.fail(at + ".events[0].subject", "is " + in_quotes(d.events.front().event.subject) +
                                            ", not the review's reference " + in_quotes(d.reference) +
                                            ": a review's opening names it");
    }
    if (d.events.front().event.kind != event_kind::opened) {
      r.fail(at + ".events[0].kind", "is " + in_quotes(to_string(d.events.front().event.kind)) +
                                         ": a review's first event is its opening");
    }
    const json& head = r.object(rv, at, "head");
    r.only(head, at + ".head", {"sequence", "hash"});
    const auto head_sequence = static_cast<std::uint64_t>(r.integer(head, at + ".head", "sequence", 1));
    const std::string head_hash = r.text(head, at + ".head", "hash");
    if (head_sequence != d.events.size() || head_hash != d.events.back().hash) {
      r.fail(at + ".head", "names event " + std::to_string(head_sequence) + " and its hash, but the file has " +
                               std::to_string(d.events.size()) + " events ending in another: events were added or "
                                                                  "removed after export");
    }
    out.reviews.push_back(std::move(d));
  }
  return out;
}

}  // namespace scr::stored
