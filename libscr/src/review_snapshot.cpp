// A review's folded state as bytes, so that a store can take a review up
// where it was without replaying its history (docs/store.md, "Snapshots").
//
// The snapshot holds everything the fold produced: the history as recorded,
// the events in force, and the lists of event indices of review_state.hpp.
// It holds nothing of the procedure or the calendar (the store keys each
// snapshot by the hash of both) and it is only ever a copy: the events stay
// the record, and a full replay must give the same review
// (tests/cpp/review_snapshot_test.cpp).

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "binary.hpp"
#include "review_state.hpp"
#include "scr/error.hpp"

namespace scr::detail {

namespace {

constexpr std::string_view snapshot_magic = "SCRS";

const boost::gregorian::date& day_zero() {
  static const boost::gregorian::date d(1970, 1, 1);
  return d;
}
const instant& instant_zero() {
  static const instant t(day_zero());
  return t;
}

// ---- writing ----

void put_instant(byte_writer& w, instant t) { w.i64((t - instant_zero()).total_microseconds()); }
void put_date(byte_writer& w, date d) { w.i64((d - day_zero()).days()); }

// An ascending list of event indices (most are) takes a byte or so an entry:
// each is written as its difference from the one before.
void put_indices(byte_writer& w, std::span<const std::uint32_t> v) {
  w.short_count(v.size());
  std::int64_t before = 0;
  for (const auto i : v) {
    w.delta(static_cast<std::int64_t>(i) - before);
    before = i;
  }
}
void put_lists(byte_writer& w, const index_lists& v) {
  w.short_count(v.size());
  for (const auto& l : v) put_indices(w, l);
}
void put_strings(byte_writer& w, const std::vector<std::string>& v) {
  w.count(v.size());
  for (const auto& s : v) w.str(s);
}

// The texts of the events (names, agencies, people, roles, field names and
// values), each written once: later uses give its number in the order first
// written. A review's events repeat a few texts thousands of times; the
// snapshot of a 10,000-event review is then half the size, and is read and
// sealed in half the time.
class text_writer {
 public:
  explicit text_writer(byte_writer& out) : w(out) {}
  byte_writer& w;
  void text(std::string_view s) {
    if (const auto it = numbers_.find(s); it != numbers_.end()) {
      w.u32(it->second);
      return;
    }
    const auto n = static_cast<std::uint32_t>(numbers_.size());
    w.u32(n);  // the next number: the text follows
    w.str(s);
    numbers_.emplace(s, n);
  }

 private:
  std::unordered_map<std::string_view, std::uint32_t> numbers_;  // views of the review's own strings
};

struct value_writer {
  text_writer& texts;
  byte_writer& w = texts.w;
  void operator()(std::monostate) const { w.u8(0); }
  void operator()(bool b) const {
    w.u8(1);
    w.boolean(b);
  }
  void operator()(std::int64_t i) const {
    w.u8(2);
    w.i64(i);
  }
  void operator()(const std::string& s) const {
    w.u8(3);
    texts.text(s);
  }
  void operator()(date d) const {
    w.u8(4);
    put_date(w, d);
  }
  void operator()(instant t) const {
    w.u8(5);
    put_instant(w, t);
  }
};

void put_event(text_writer& t, const review_event& e) {
  byte_writer& w = t.w;
  w.u8(static_cast<std::uint8_t>(e.kind));
  t.text(e.name);
  t.text(e.agency);
  t.text(e.subject);
  put_instant(w, e.at);
  t.text(e.by.name);
  t.text(e.by.role);
  t.text(e.by.agency);
  w.count(e.data.size());
  for (const auto& [k, v] : e.data) {
    t.text(k);
    std::visit(value_writer{t}, v);
  }
  w.u64(e.corrects);
  t.text(e.reason);
}

void put_events(text_writer& t, const std::vector<review_event>& events) {
  t.w.count(events.size());
  for (const auto& e : events) put_event(t, e);
}

void put_warning(byte_writer& w, const review_warning& x) {
  w.str(x.kind);
  w.str(x.message);
  w.str(x.rule);
  w.u8(static_cast<std::uint8_t>(x.level));
  put_strings(w, x.cite);
  put_instant(w, x.at);
}

void put_scope(byte_writer& w, const review_scope& sc) {
  w.u32(sc.track);
  w.str(sc.agency);
  w.u32(sc.started);
  w.count(sc.states.size());
  std::int64_t before = 0;
  for (const auto& [e, s] : sc.states) {
    w.delta(static_cast<std::int64_t>(e) - before);
    before = e;
    w.var(s);
  }
  w.count(sc.branches.size());
  for (const auto& [e, b] : sc.branches) {
    w.u32(e);
    w.str(b);
  }
  put_lists(w, sc.occurrences);
  put_indices(w, sc.instantiations);
  put_lists(w, sc.schedules);
  put_lists(w, sc.extensions);
  put_lists(w, sc.discharges);
  put_lists(w, sc.waivers);
  put_lists(w, sc.obligation_waivers);
  w.boolean(sc.terminal.has_value());
  w.u32(sc.terminal.value_or(0));
}

void put_person(byte_writer& w, const person& p) {
  w.str(p.key.folded);
  w.str(p.key.seen);
  w.count(p.key.words.size());
  for (const auto& word : p.key.words) {
    w.str(word.text);
    w.boolean(word.initial);
  }
  w.str(p.id);
  w.str(p.id_key);
}

// ---- reading ----
//
// Every index read is checked against the events it points into, so that a
// snapshot that decodes is one the queries can use without reading out of
// bounds, whatever its bytes.

class snapshot_reader {
 public:
  explicit snapshot_reader(std::string_view bytes) : r_(bytes) {}
  /// At `at` in bytes of events' bodies whose texts are known (an event read
  /// out of order: early_bodies).
  snapshot_reader(std::string_view bytes, std::size_t at, const std::vector<early_bodies::text_at>& texts)
      : r_(bytes, at), known_(&texts) {}
  byte_reader& raw() { return r_; }
  /// A new chunk of events' bodies begins: its texts are numbered afresh.
  void next_chunk() { texts_.clear(); }
  /// The texts of the chunk read so far, as early_bodies keeps them (taken:
  /// the next chunk numbers its texts afresh).
  std::vector<early_bodies::text_at> take_texts() { return std::move(texts_); }

  instant get_instant() {
    static const std::int64_t low = (instant(date(1900, 1, 1)) - instant_zero()).total_microseconds();
    static const std::int64_t high = (instant(date(2200, 1, 1)) - instant_zero()).total_microseconds();
    const auto us = r_.i64();
    if (us < low || us >= high) throw malformed("an instant is out of range");
    return instant_zero() + boost::posix_time::microseconds(us);
  }
  date get_date() {
    static const std::int64_t low = (min_date() - day_zero()).days();
    static const std::int64_t high = (max_date() - day_zero()).days();
    const auto d = r_.i64();
    if (d < low || d > high) throw malformed("a date is out of range");
    return day_zero() + boost::gregorian::days(d);
  }
  // An event's text: the number of one read before, or the next number and
  // the text itself (text_writer). Out of order, the number of one known,
  // and the text itself skipped where it is defined.
  std::string_view text() {
    const auto n = r_.u32();
    if (known_ != nullptr) {
      if (n >= known_->size()) throw malformed("a text refers to none written before it");
      const auto& t = (*known_)[n];
      if (t.defined == r_.position()) r_.view();
      return view_of(t);
    }
    if (n < texts_.size()) return view_of(texts_[n]);
    if (n != texts_.size()) throw malformed("a text refers to none written before it");
    const auto defined = r_.position();
    const auto v = r_.view();
    texts_.push_back({static_cast<std::uint32_t>(defined + 4), static_cast<std::uint32_t>(v.size()),
                      static_cast<std::uint32_t>(defined)});
    return v;
  }
  std::vector<std::string> strings() {
    std::vector<std::string> out(r_.count(4));
    for (auto& s : out) s = r_.str();
    return out;
  }
  std::uint32_t index(std::size_t bound) {
    const auto i = r_.u32();
    if (i >= bound) throw malformed("an event index is out of range");
    return i;
  }
  // An index given as its difference from `before` (put_indices).
  std::uint32_t next_index(std::int64_t& before, std::size_t bound) {
    const auto d = r_.delta();
    if (d < -before || d >= static_cast<std::int64_t>(bound) - before) {
      throw malformed("an event index is out of range");
    }
    before += d;
    return static_cast<std::uint32_t>(before);
  }
  std::vector<std::uint32_t> indices(std::size_t bound) {
    std::vector<std::uint32_t> out;
    indices_into(out, bound);
    return out;
  }
  // The same, into `out` (in its arena, for a scope's list).
  template <class List>
  void indices_into(List& out, std::size_t bound) {
    const auto n = r_.short_count(1);
    if (n == 0) {  // most lists: nothing to read
      out.clear();
      return;
    }
    out.resize(n);
    std::int64_t before = 0;
    for (auto& i : out) i = next_index(before, bound);
  }
  // A date given as its difference in days from `before` (1970-01-01 first).
  date next_date(std::int64_t& before) {
    static const std::int64_t low = (min_date() - day_zero()).days();
    static const std::int64_t high = (max_date() - day_zero()).days();
    const auto d = r_.delta();
    if (d < low - before || d > high - before) throw malformed("a date is out of range");
    before += d;
    return day_zero() + boost::gregorian::days(before);
  }
  // As many lists as `into` has (one per milestone, obligation or event of
  // the machine), into it.
  void lists(index_lists& into, std::size_t bound) {
    if (r_.short_count(1) != into.size()) throw malformed("a scope's lists do not match its machine");
    for (std::size_t k = 0; k < into.size(); ++k) {
      const auto n = r_.short_count(1);
      if (n == 0) continue;  // most lists: as the scope began them, empty
      std::int64_t before = 0;
      for (auto& i : into.room(k, n)) i = next_index(before, bound);
    }
  }

  field_value value() {
    switch (r_.below(6)) {
      case 0: return std::monostate{};
      case 1: return r_.boolean();
      case 2: return r_.i64();
      case 3: return std::string(text());
      case 4: return get_date();
      default: return get_instant();
    }
  }

  // An event's body (put_event), into `e`; with none, read through and
  // checked as it would be decoded, without building it (an index of the
  // bodies: early_bodies::keep).
  void event_into(review_event* e) {
    const auto kind = static_cast<event_kind>(r_.below(static_cast<std::uint8_t>(event_kind::migrated) + 1));
    const auto name = text(), agency = text(), subject = text();
    const auto at = get_instant();
    const auto by_name = text(), by_role = text(), by_agency = text();
    if (e != nullptr) {
      e->kind = kind;
      e->name = name;
      e->agency = agency;
      e->subject = subject;
      e->at = at;
      e->by.name = by_name;
      e->by.role = by_role;
      e->by.agency = by_agency;
    }
    const auto fields = r_.count(5);
    std::string_view key_before;
    for (std::size_t i = 0; i < fields; ++i) {
      // The fields of an event are written in the order of their names.
      const auto key = text();
      if (i > 0 && !(key_before < key)) throw malformed("a field is given twice or out of order");
      key_before = key;
      if (e != nullptr) {
        e->data.emplace_hint(e->data.end(), std::string(key), value());
      } else {
        skip_value();
      }
    }
    const auto corrects = r_.u64();
    const auto reason = text();
    if (e != nullptr) {
      e->corrects = corrects;
      e->reason = reason;
    }
  }
  review_event event() {
    review_event e;
    event_into(&e);
    return e;
  }
  void skip_value() {
    switch (r_.below(6)) {
      case 0: break;
      case 1: r_.boolean(); break;
      case 2: r_.i64(); break;
      case 3: text(); break;
      case 4: get_date(); break;
      default: get_instant();
    }
  }
  std::vector<review_event> events() {
    std::vector<review_event> out;
    const auto n = r_.count(40);
    out.reserve(review_access::room_for(n));  // the review grows after it is taken up
    for (std::size_t i = 0; i < n; ++i) out.push_back(event());
    return out;
  }

  review_warning warning() {
    review_warning x;
    x.kind = r_.str();
    x.message = r_.str();
    x.rule = r_.str();
    x.level = static_cast<strength>(r_.below(2));
    x.cite = strings();
    x.at = get_instant();
    return x;
  }

  person get_person() {
    person p;
    p.key.folded = r_.str();
    p.key.seen = r_.str();
    p.key.words.resize(r_.count(5));
    for (auto& word : p.key.words) {
      word.text = r_.str();
      word.initial = r_.boolean();
    }
    p.id = r_.str();
    p.id_key = r_.str();
    return p;
  }

 private:
  std::string_view view_of(const early_bodies::text_at& t) const { return r_.bytes().substr(t.at, t.size); }
  byte_reader r_;
  std::vector<early_bodies::text_at> texts_;  // the events' texts, in the order first read
  const std::vector<early_bodies::text_at>* known_ = nullptr;  // out of order: the texts of the chunk
};

}  // namespace

review_access::snapshot_bytes review_access::snapshot(const review& r, std::size_t bodies_from) {
  const state_data& s = *r.s_;
  snapshot_bytes out;
  byte_writer w;
  text_writer texts(w);
  for (const char c : snapshot_magic) w.u8(static_cast<std::uint8_t>(c));
  w.u32(snapshot_format);
  w.str(r.procedure_->id());
  w.u32(static_cast<std::uint32_t>(r.procedure_->version()));
  w.boolean(r.voided_);
  // In the common case (nothing corrected, all in order) the events in force
  // are the history as recorded: the fold holds their number, and their
  // bodies go apart (snapshot_bytes::bodies), so that a writer can take the
  // fold up without decoding them. Otherwise both lists are in the fold, with
  // the sequence of each in force.
  bool same = r.shared_log_ || r.events_.size() == r.log_.size();
  for (std::size_t i = 0; !r.shared_log_ && same && i < r.seq_.size(); ++i) {
    same = r.seq_[i] == i + 1 && r.events_[i] == r.log_[i];
  }
  w.boolean(same);
  if (same) {
    const std::size_t n = r.count();
    w.count(n);
    // A long review's fold also holds the bodies a writer taking it up reads
    // first whatever its length: its first events (the opening, the
    // procedure's anchors, the first assignments) and its last.
    const std::size_t head = n > snapshot_bodies_up_to ? std::min(n, snapshot_head) : 0;
    w.count(head);
    for (std::size_t i = 0; i < head; ++i) put_event(texts, r.body(i));
    if (head > 0) put_event(texts, r.body(n - 1));
    // One chunk: the events from `bodies_from` (with texts of its own).
    byte_writer b;
    text_writer bt(b);
    b.count(n - std::min(bodies_from, n));
    if (bodies_from < n) r.read_bodies(bodies_from);  // those not read yet, in one read
    for (std::size_t i = bodies_from; i < n; ++i) put_event(bt, r.body(i));
    out.bodies = b.take();
  } else {
    put_events(texts, r.log_);
    put_events(texts, r.events_);
    w.count(r.seq_.size());
    for (const auto q : r.seq_) w.u64(q);
  }
  w.count(s.scopes.size());
  for (const auto& sc : s.scopes) put_scope(w, sc);
  w.count(s.dates.size());
  std::int64_t day_before = 0;
  for (const auto d : s.dates) {
    const std::int64_t day = (d - day_zero()).days();
    w.delta(day - day_before);
    day_before = day;
  }
  put_indices(w, s.assignments);
  w.count(s.people.size());
  for (const auto& p : s.people) put_person(w, p);
  w.count(s.unassigned.size());
  for (const auto& [a, u] : s.unassigned) {
    w.u32(a);
    w.u32(u);
  }
  put_indices(w, s.holds);
  w.count(s.involved->size());
  for (const auto& [key, inv] : *s.involved) {
    w.str(key);
    w.u32(inv.event);
    w.str(inv.agency);
  }
  w.count(s.track_scope->size());
  for (const auto& m : *s.track_scope) {
    w.count(m.size());
    for (const auto& [agency, scope] : m) {
      w.str(agency);
      w.u32(scope);
    }
  }
  w.count(s.tolerated.size());
  for (const auto& t : s.tolerated) {
    w.u32(t.event);
    put_warning(w, t.warning);
  }
  w.count(s.anchor_values.size());
  std::int64_t event_before = 0, anchor_day_before = 0;
  for (const auto& a : s.anchor_values) {
    w.delta(static_cast<std::int64_t>(a.event) - event_before);
    event_before = a.event;
    w.var(a.field);
    if (a.day) {
      w.u8(1);
      const std::int64_t day = (*a.day - day_zero()).days();
      w.delta(day - anchor_day_before);
      anchor_day_before = day;
    } else if (a.at) {
      w.u8(2);
      put_instant(w, *a.at);
    } else {
      w.u8(0);
    }
  }
  out.fold = w.take();
  return out;
}

// ---- bodies kept as bytes ----

const review_event& early_bodies::put(std::size_t i, review_event e) {
  auto& p = pages[i / page];
  if (!p) p = std::make_unique<std::array<std::unique_ptr<review_event>, page>>();
  auto& slot = (*p)[i % page];
  slot = std::make_unique<review_event>(std::move(e));
  return *slot;
}

void early_bodies::keep(std::string bodies, std::size_t events) {
  if (bodies.size() >= std::numeric_limits<std::uint32_t>::max()) throw malformed("the bodies are too long");
  bytes = std::move(bodies);
  starts.clear();
  chunks.clear();
  starts.reserve(events);
  snapshot_reader in(bytes);
  while (in.raw().left() > 0) {
    in.next_chunk();  // each chunk has texts of its own
    const auto k = in.raw().count(40);
    if (k > events - starts.size()) throw malformed("the bodies are of more events than the fold's");
    const std::size_t first = starts.size();
    for (std::size_t i = 0; i < k; ++i) {
      starts.push_back(static_cast<std::uint32_t>(in.raw().position()));
      in.event_into(nullptr);  // checked as decode() will read it
    }
    chunks.emplace_back(first, in.take_texts());
  }
  if (starts.size() != events) throw malformed("the bodies do not match the events");
}

review_event early_bodies::decode(std::size_t i) const {
  // The chunk it is in: the last to begin at or before it (there are few).
  auto c = chunks.rbegin();
  while (c->first > i) ++c;
  snapshot_reader in(bytes, starts[i], c->second);
  return in.event();
}

const review_event& early_bodies::get(std::size_t i) {
  if (const auto* e = find(i)) return *e;
  if (i < starts.size()) {
    try {
      return put(i, decode(i));
    } catch (const malformed& e) {
      // keep() read the same bytes through: not reached unless memory is corrupt.
      throw error("event " + std::to_string(i + 1) + " of the review could not be decoded from its snapshot: " +
                  e.what());
    }
  }
  if (!fetch) throw error("event " + std::to_string(i + 1) + " of a review taken up without it cannot be read");
  auto one = fetch(i + 1, i + 1);
  if (one.size() != 1) throw error("event " + std::to_string(i + 1) + " of the review could not be read");
  return put(i, std::move(one.front()));
}

void early_bodies::read_from(std::size_t from) {
  std::size_t absent = count;  // the first not decoded from the bytes nor read
  for (std::size_t i = from; i < count; ++i) {
    if (find(i) != nullptr) continue;
    if (i < starts.size()) {
      get(i);
    } else if (absent == count) {
      absent = i;
    }
  }
  if (absent == count) return;
  if (!fetch) throw error("a review taken up without its events' bodies cannot read them");
  auto read = fetch(absent + 1, count);
  if (read.size() != count - absent) throw error("the review's events could not all be read");
  for (std::size_t i = absent; i < count; ++i) {
    if (find(i) == nullptr) put(i, std::move(read[i - absent]));
  }
}

std::optional<review_access::parked_review> review_access::park(review&& r) {
  const std::size_t n = r.count();
  if (n == 0 || n > snapshot_bodies_up_to) return std::nullopt;
  // A review taken up from its snapshot keeps the bodies of its first
  // events as the bytes they were read as; every other one before base_
  // must be at hand, decoded, or the next write would read it from the file.
  if (r.base_ != 0) {
    for (std::size_t i = r.early_->starts.size(); i < r.base_; ++i) {
      if (r.early_->find(i) == nullptr) return std::nullopt;
    }
  }
  // Taken up from snapshot bytes it kept, and folded on a little since:
  // those bytes, its bodies as they are, and the events since.
  if (r.base_ != 0 && !r.early_->fold.empty() && r.events_.size() <= park_tail) {
    parked_review out;
    out.fold = std::move(r.early_->fold);
    out.events = r.base_;
    out.early = std::move(r.early_);
    out.early->fetch = nullptr;
    out.tail = std::move(r.events_);
    return out;
  }
  // A review taken up from its snapshot keeps its bodies as they are, the
  // later ones added; another's are written out after the fold.
  const bool whole = r.base_ != 0;
  auto b = snapshot(r, whole ? n : 0);
  parked_review out;
  out.fold = std::move(b.fold);
  out.events = n;
  // No bodies: the fold holds the events (the history as recorded is not
  // the events in force), and restore reads none apart.
  if (b.bodies.empty()) return out;
  if (!whole) {
    out.bodies = std::move(b.bodies);
    return out;
  }
  out.early = std::move(r.early_);
  out.early->fetch = nullptr;
  out.early->grow(n);
  for (std::size_t i = 0; i < r.events_.size(); ++i) out.early->put(r.base_ + i, std::move(r.events_[i]));
  return out;
}

std::vector<review_event> review_access::bodies_of(std::string_view bodies) {
  std::vector<review_event> out;
  snapshot_reader in(bodies);
  while (in.raw().left() > 0) {
    in.next_chunk();  // each chunk has texts of its own
    const auto k = in.raw().count(40);
    out.reserve(room_for(out.size() + k));
    for (std::size_t i = 0; i < k; ++i) out.push_back(in.event());
  }
  return out;
}

std::optional<review> review_access::restore(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                                             std::string_view bytes, std::optional<std::vector<review_event>> bodies) {
  return restore_from(std::move(p), cal, bytes, std::move(bodies), nullptr);
}

std::optional<review> review_access::restore(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                                             std::string_view fold, kept_bodies kept) {
  return restore_from(std::move(p), cal, fold, std::nullopt, &kept);
}

std::optional<review> review_access::restore_from(std::shared_ptr<const procedure> p, const scr::calendar& cal,
                                                  std::string_view bytes,
                                                  std::optional<std::vector<review_event>> bodies, kept_bodies* kept) {
  if (!p) return std::nullopt;
  try {
    snapshot_reader in(bytes);
    auto& raw = in.raw();
    for (const char c : snapshot_magic)
      if (raw.u8() != static_cast<std::uint8_t>(c)) return std::nullopt;
    if (raw.u32() != snapshot_format) return std::nullopt;
    if (raw.str() != p->id() || raw.u32() != static_cast<std::uint32_t>(p->version())) return std::nullopt;
    review r(std::move(p), cal);
    state_data& s = *r.s_;
    r.voided_ = raw.boolean();
    if (raw.boolean()) {
      // The history as recorded is the events in force (review::shared_log_).
      const std::size_t count = raw.count(0);
      if (count == 0) throw malformed("no events");
      const std::size_t head = raw.count(40);
      if (head > count) throw malformed("the first events are more than the events");
      std::vector<review_event> first;
      first.reserve(head);
      for (std::size_t i = 0; i < head; ++i) first.push_back(in.event());
      std::optional<review_event> last;
      if (head > 0) last = in.event();
      if (bodies) {
        // Every body, as the store read them.
        if (bodies->size() != count) throw malformed("the bodies do not match the events");
        r.events_ = std::move(*bodies);
      } else {
        // None decoded: those the fold holds (the first and the last of a
        // long review's), the others decoded from the bodies kept, or read
        // through the store's fetch, when asked for.
        r.base_ = count;
        if (kept && kept->early) {
          // As a writer parked them (review_access::park).
          if (kept->early->count != count) throw malformed("the bodies do not match the events");
          r.early_ = std::move(kept->early);
        } else {
          r.early_ = std::make_unique<early_bodies>(count);
          if (kept) {
            if (kept->events + kept->after.size() != count) throw malformed("the bodies do not match the events");
            r.early_->keep(std::move(kept->bytes), kept->events);
            for (std::size_t i = 0; i < kept->after.size(); ++i) {
              r.early_->put(kept->events + i, std::move(kept->after[i]));
            }
          }
        }
        for (std::size_t i = 0; i < head; ++i) {
          if (!r.early_->find(i)) r.early_->put(i, std::move(first[i]));
        }
        if (last && !r.early_->find(count - 1)) r.early_->put(count - 1, std::move(*last));
        if (kept) r.early_->fold.assign(bytes);  // to park it again (review_access::park)
      }
      r.seq_.reserve(review_access::room_for(count));
      r.seq_.resize(count);
      for (std::size_t i = 0; i < count; ++i) r.seq_[i] = i + 1;
    } else {
      auto log = in.events();
      if (log.empty()) throw malformed("no events");
      r.log_ = std::move(log);
      r.shared_log_ = false;
      r.events_ = in.events();
      if (raw.count(8) != r.events_.size()) throw malformed("the events in force and their sequences differ");
      r.seq_.resize(r.events_.size());
      for (auto& q : r.seq_) {
        q = raw.u64();
        if (q == 0 || q > r.log_.size()) throw malformed("a sequence is out of range");
      }
    }
    const std::size_t n = r.count();
    const detail::review_plan& plan = *r.plan_;
    const auto scopes = raw.count(8);
    if (scopes == 0) throw malformed("no scopes");
    s.scopes.clear();
    s.scopes.reserve(scopes);
    for (std::size_t k = 0; k < scopes; ++k) {
      const auto track = raw.u32();
      if ((k == 0) != (track == no_track) || (track != no_track && track >= plan.tracks.size())) {
        throw malformed("a scope names no track of the procedure");
      }
      const machine_plan& mp = track == no_track ? plan.review : plan.tracks[track];
      std::string agency = raw.str();
      const auto started = in.index(std::max<std::size_t>(n, 1));
      review_scope sc(mp, track, std::move(agency), started, s.arena.get());
      sc.states.resize(raw.count(2));
      std::int64_t before = 0;
      for (auto& [e, st] : sc.states) {
        e = in.next_index(before, std::max<std::size_t>(n, 1));
        const auto v = raw.var();
        if (v >= mp.m->states.size()) throw malformed("a state is out of range");
        st = static_cast<std::uint32_t>(v);
      }
      if (sc.states.empty()) throw malformed("a scope has no state");
      sc.branches.resize(raw.count(8));
      for (auto& [e, b] : sc.branches) {
        e = in.index(n);
        b = raw.str();
      }
      // The scope has a list for each event, milestone and obligation of its machine.
      in.lists(sc.occurrences, n);
      in.indices_into(sc.instantiations, n);
      in.lists(sc.schedules, n);
      in.lists(sc.extensions, n);
      in.lists(sc.discharges, n);
      in.lists(sc.waivers, n);
      in.lists(sc.obligation_waivers, n);
      const bool terminal = raw.boolean();
      const auto t = raw.u32();
      if (terminal) {
        if (t >= n) throw malformed("an event index is out of range");
        sc.terminal = t;
      }
      s.scopes.push_back(std::move(sc));
    }
    if (raw.count(1) != n) throw malformed("the dates do not match the events");
    s.dates.resize(n);
    std::int64_t day_before = 0;
    for (auto& d : s.dates) d = in.next_date(day_before);
    s.assignments = in.indices(n);
    if (raw.count(1) != s.assignments.size()) throw malformed("the people do not match the assignments");
    s.people.reserve(s.assignments.size());
    for (std::size_t k = 0; k < s.assignments.size(); ++k) s.people.push_back(in.get_person());
    const auto unassigned = raw.count(8);
    for (std::size_t k = 0; k < unassigned; ++k) {
      const auto a = in.index(n);
      s.unassigned.emplace(a, in.index(n));
    }
    s.holds = in.indices(n);
    const auto involved = raw.count(12);
    for (std::size_t k = 0; k < involved; ++k) {
      std::pmr::string key(raw.view(), s.arena.get());
      const auto e = in.index(n);
      s.involved->emplace(std::move(key), state_data::involvement{e, std::pmr::string(raw.view(), s.arena.get())});
    }
    if (raw.count(4) != plan.tracks.size()) throw malformed("the tracks do not match the procedure");
    for (std::size_t t = 0; t < s.track_scope->size(); ++t) {
      auto& m = (*s.track_scope)[t];
      const auto k = raw.count(8);
      for (std::size_t j = 0; j < k; ++j) {
        std::pmr::string agency(raw.view(), s.arena.get());
        const auto scope = raw.u32();
        if (scope >= s.scopes.size() || s.scopes[scope].track != t) throw malformed("a track's scope is out of range");
        m.emplace(std::move(agency), scope);
      }
    }
    const auto tolerated = raw.count(16);
    for (std::size_t k = 0; k < tolerated; ++k) {
      const auto e = in.index(n);
      s.tolerated.push_back({e, in.warning()});
    }
    const auto anchored = raw.count(3);
    s.anchor_values.reserve(anchored);
    std::int64_t event_before = 0, anchor_day_before = 0;
    for (std::size_t k = 0; k < anchored; ++k) {
      state_data::anchor_value a{in.next_index(event_before, n), 0, std::nullopt, std::nullopt};
      const auto field = raw.var();
      if (field >= plan.anchor_fields.size()) throw malformed("an anchor's field is not one the procedure reads");
      a.field = static_cast<std::uint32_t>(field);
      if (!s.anchor_values.empty()) {
        const auto& last = s.anchor_values.back();
        if (a.event < last.event || (a.event == last.event && a.field <= last.field)) {
          throw malformed("the anchors' values are out of order");
        }
      }
      switch (raw.u8()) {
        case 0: break;
        case 1: a.day = in.next_date(anchor_day_before); break;
        case 2: a.at = in.get_instant(); break;
        default: throw malformed("an anchor's value is of no known kind");
      }
      s.anchor_values.push_back(a);
    }
    raw.finish();
    r.leave_room();
    return r;
  } catch (const malformed&) {
    return std::nullopt;
  }
}

}  // namespace scr::detail
