// The binary form of a procedure (procedure_codec.hpp). Each part lists its
// fields once, in fields(); a writer walks that list to encode and a reader to
// decode, so an encoding is read back in the order it was written.

#include "procedure_codec.hpp"

#include <concepts>
#include <limits>
#include <stdexcept>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "scr/error.hpp"

namespace scr::detail {

namespace {

// The reader's refusal, at the first byte that cannot belong to an encoding;
// decode() turns it into nullopt.
struct malformed {};

// The last enumerator of each enum the format holds, found by its type: the
// reader refuses any byte past it. An enum that gains an enumerator needs its
// entry here changed, and a new format version.
constexpr std::tuple last_enumerators{severity::warning, field_type::agency, conflict_kind::declared,
                                      strength::should, state_kind::terminal, anchor_kind::scheduled,
                                      prerequisite_kind::every_agency, occurrence::latest,
                                      milestone_kind::scheduled, hold_policy::restart, direction::before,
                                      trigger_kind::extension, time_unit::years, confidence::not_found};

template <class E>
concept stored_enum = std::is_enum_v<E> && std::same_as<std::underlying_type_t<E>, std::uint8_t>;

class writer {
 public:
  template <class... T>
  void operator()(const T&... x) {
    (field(x), ...);
  }

  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v));
    u8(static_cast<std::uint8_t>(v >> 8));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v));
    u16(static_cast<std::uint16_t>(v >> 16));
  }
  void bytes(std::string_view s) { out_.append(s); }

  void field(bool b) { u8(b ? 1 : 0); }
  void field(int v) { u32(static_cast<std::uint32_t>(v)); }
  template <stored_enum E>
  void field(E e) {
    u8(static_cast<std::uint8_t>(e));
  }
  void field(const std::string& s) {
    u32(length(s.size()));
    bytes(s);
  }
  void field(const predicate& p) { field(p.text()); }
  void field(const timescale& t) {
    u32(static_cast<std::uint32_t>(t.amount));
    field(t.unit);
  }
  void field(const date& d) {
    if (d.is_special()) {
      // Only a procedure that was never loaded has no date: 0-0-0, which the
      // reader refuses.
      u32(0);
      return;
    }
    const auto ymd = d.year_month_day();
    u16(ymd.year);
    u8(static_cast<std::uint8_t>(ymd.month.as_number()));
    u8(static_cast<std::uint8_t>(ymd.day.as_number()));
  }
  void field(const time_of_day& t) {
    u8(static_cast<std::uint8_t>(t.hour));
    u8(static_cast<std::uint8_t>(t.minute));
  }
  template <class T>
  void field(const std::vector<T>& items) {
    u32(length(items.size()));
    for (const auto& i : items) field(i);
  }
  template <class T>
  void field(const std::optional<T>& o) {
    field(o.has_value());
    if (o) field(*o);
  }
  // A part: the fields() overload for its type, found where it is used.
  template <class T>
    requires std::is_class_v<T>
  void field(const T& x) {
    fields(*this, x);
  }

  std::size_t size() const noexcept { return out_.size(); }
  std::string take() && { return std::move(out_); }

 private:
  static std::uint32_t length(std::size_t n) {
    if (n > std::numeric_limits<std::uint32_t>::max()) {
      throw std::length_error("a procedure's string or list is too long to encode");
    }
    return static_cast<std::uint32_t>(n);
  }

  std::string out_;
};

// The fewest bytes that encode a T: its default value, every string and list
// empty and every optional absent. A count is checked against it, so a list
// is never made longer than the bytes left could fill.
template <class T>
std::size_t min_size() {
  static const std::size_t n = [] {
    writer w;
    w.field(T{});
    return w.size();
  }();
  return n;
}

class reader {
 public:
  explicit reader(std::string_view in) : in_(in) {}

  template <class... T>
  void operator()(T&... x) {
    (field(x), ...);
  }

  std::string_view bytes(std::size_t n) {
    if (n > left()) throw malformed{};
    const std::string_view out = in_.substr(at_, n);
    at_ += n;
    return out;
  }
  std::uint8_t u8() { return static_cast<std::uint8_t>(bytes(1)[0]); }
  std::uint16_t u16() {
    const auto lo = u8();
    return static_cast<std::uint16_t>(lo | u8() << 8);
  }
  std::uint32_t u32() {
    const std::uint32_t lo = u16();
    return lo | std::uint32_t{u16()} << 16;
  }

  void field(bool& b) {
    const auto v = u8();
    if (v > 1) throw malformed{};
    b = v == 1;
  }
  void field(int& v) { v = static_cast<int>(u32()); }
  template <stored_enum E>
  void field(E& e) {
    const auto v = u8();
    if (v > static_cast<std::uint8_t>(std::get<E>(last_enumerators))) throw malformed{};
    e = static_cast<E>(v);
  }
  void field(std::string& s) { s.assign(bytes(u32())); }
  void field(predicate& p) {
    std::string text;
    field(text);
    try {
      p = predicate::parse(text);
    } catch (const input_error&) {
      throw malformed{};
    }
    // The writer stores the canonical text; any other spelling was not written by it.
    if (p.text() != text) throw malformed{};
  }
  void field(timescale& t) {
    const auto amount = u32();
    if (amount > static_cast<std::uint32_t>(max_timescale_amount)) throw malformed{};
    t.amount = static_cast<int>(amount);
    field(t.unit);
  }
  void field(date& d) {
    const int year = u16();
    const int month = u8();
    const int day = u8();
    try {
      d = make_date(year, month, day);
    } catch (const input_error&) {
      throw malformed{};
    }
  }
  void field(time_of_day& t) {
    t.hour = u8();
    t.minute = u8();
    if (t.hour > 23 || t.minute > 59) throw malformed{};
  }
  template <class T>
  void field(std::vector<T>& items) {
    const auto n = u32();
    if (n > left() / min_size<T>()) throw malformed{};
    items.clear();
    items.resize(n);
    for (auto& i : items) field(i);
  }
  template <class T>
  void field(std::optional<T>& o) {
    bool present = false;
    field(present);
    if (present) {
      field(o.emplace());
    } else {
      o.reset();
    }
  }
  template <class T>
    requires std::is_class_v<T>
  void field(T& x) {
    fields(*this, x);
  }

  std::size_t left() const noexcept { return in_.size() - at_; }

 private:
  std::string_view in_;
  std::size_t at_ = 0;
};

// ---- the parts, field by field ------------------------------------------------
//
// Each overload serves the writer (a const part) and the reader (a part to
// fill) alike.

template <class P, class T>
concept part = std::same_as<std::remove_const_t<P>, T>;

// `x` as its base class B, const if x is.
template <class B, class D>
auto& base(D& x) {
  if constexpr (std::is_const_v<D>) {
    return static_cast<const B&>(x);
  } else {
    return static_cast<B&>(x);
  }
}

void fields(auto& c, part<position> auto& p) { c(p.line, p.column); }

void fields(auto& c, part<diagnostic> auto& d) { c(d.level, d.rule, d.message, d.file, d.line, d.column); }

void fields(auto& c, part<source> auto& s) { c(s.key, s.title); }

void fields(auto& c, part<chronology_binding> auto& b) { c(b.format, b.track, b.submitted, b.returned, b.at); }
void fields(auto& c, part<action_plan_binding> auto& b) {
  c(b.approved, b.recommended, b.track, b.updated, b.completed, b.signed_off, b.returned, b.due, b.review, b.update,
    b.mark, b.smart, b.vague, b.types, b.at);
}

void fields(auto& c, part<choice_note> auto& n) { c(n.id, n.text); }

void fields(auto& c, part<role> auto& r) { c(r.id, r.title, r.description, r.cite, r.at); }

void fields(auto& c, part<role_conflict> auto& r) {
  c(r.kind, r.roles, r.declaration, r.level, r.rule, r.cite, r.at);
}

void fields(auto& c, part<state> auto& s) { c(s.id, s.title, s.description, s.kind, s.cite, s.at); }

void fields(auto& c, part<field_spec> auto& f) {
  c(f.name, f.title, f.type, f.values, f.required, f.required_when);
}

void fields(auto& c, part<event_spec> auto& e) { c(e.name, e.title, e.description, e.data, e.cite, e.at); }

void fields(auto& c, part<prerequisite> auto& p) { c(p.kind, p.id, p.track); }

void fields(auto& c, part<transition> auto& t) {
  c(t.id, t.event, t.from, t.from_any, t.to, t.roles, t.when, t.branch, t.requires_, t.cite, t.at);
}

void fields(auto& c, part<anchor> auto& a) { c(a.kind, a.ref, a.field, a.which, a.set_by); }

void fields(auto& c, part<milestone> auto& m) {
  c(m.id, m.title, m.description, m.owner, m.from, m.offset, m.dir, m.kind, m.level, m.warning, m.due_time,
    m.completed_by, m.completed_when, m.reopened_by, m.hold, m.branches, m.extendable_by, m.chain, m.cite,
    m.confidence, m.basis, m.at);
}

void fields(auto& c, part<chain> auto& ch) { c(ch.id, ch.title, ch.from, ch.steps, ch.cite, ch.at); }

void fields(auto& c, part<trigger> auto& t) { c(t.kind, t.ref, t.when); }

void fields(auto& c, part<obligation> auto& o) {
  c(o.id, o.title, o.description, o.owner, o.recipients, o.on, o.within, o.repeat, o.until, o.discharged_by,
    o.after_closure, o.kind, o.level, o.branches, o.cite, o.confidence, o.basis, o.at);
}

void fields(auto& c, part<machine> auto& m) {
  c(m.states, m.events, m.transitions, m.milestones, m.chains, m.obligations);
}

void fields(auto& c, part<track> auto& t) {
  c(base<machine>(t), t.id, t.title, t.instantiated_by, t.agency_field, t.at);
}

}  // namespace

template <class Codec, class P>
void procedure_codec::fields(Codec& c, P& p) {
  c(base<machine>(p), p.id_, p.title_, p.calendar_, p.review_type_, p.description_, p.opened_by_, p.decision_,
    p.completion_, p.retention_, p.chronology_, p.action_plan_, p.correctors_, p.version_, p.effective_from_, p.sources_, p.choices_, p.roles_,
    p.conflicts_, p.tracks_, p.warnings_, p.file_);
}

std::string procedure_codec::encode(const procedure& p) {
  writer w;
  w.bytes(procedure_codec_magic);
  w.u32(procedure_codec_version);
  fields(w, p);
  return std::move(w).take();
}

std::optional<procedure> procedure_codec::decode(std::string_view bytes) {
  try {
    reader r(bytes);
    if (r.bytes(procedure_codec_magic.size()) != procedure_codec_magic) return std::nullopt;
    if (r.u32() != procedure_codec_version) return std::nullopt;
    procedure p;
    fields(r, p);
    if (r.left() != 0) return std::nullopt;
    return p;
  } catch (const malformed&) {
    return std::nullopt;
  }
}

std::string encode_procedure(const procedure& p) { return procedure_codec::encode(p); }

std::optional<procedure> decode_procedure(std::string_view bytes) { return procedure_codec::decode(bytes); }

}  // namespace scr::detail
