// What the store keeps, as any backend keeps it (records.hpp).

#include "records.hpp"

#include <variant>

#include "digest.hpp"

namespace scr::stored {

std::string in_quotes(std::string_view s) { return "'" + std::string(s) + "'"; }

const instant& epoch() {
  static const instant e(date(1970, 1, 1));
  return e;
}

// The instant a London day begins.
instant london_midnight(date d) {
  return from_london(boost::posix_time::ptime(d), choose::earliest);
}
std::int64_t to_micros(instant t) { return (t - epoch()).total_microseconds(); }
// A value read from the file that cannot be what libscr wrote: the file is
// damaged. `guarded` turns it into a store_error naming the file.

// libscr's dates run from 1900 to 2199 (scr/date.hpp); anything stored
// outside them was not written by libscr.
instant from_micros(std::int64_t us) {
  static const std::int64_t low = (instant(date(1900, 1, 1)) - epoch()).total_microseconds();
  static const std::int64_t high = (instant(date(2200, 1, 1)) - epoch()).total_microseconds();
  if (us < low || us >= high) throw damaged("a stored instant (" + std::to_string(us) + " us) is out of range");
  return epoch() + boost::posix_time::microseconds(us);
}

// Dates are stored as ISO 8601 "YYYY-MM-DD", read here without the general
// parser (which accepts the formats people type).
date stored_date(std::string_view text) {
  try {
    const auto digit = [&](std::size_t i) { return text[i] >= '0' && text[i] <= '9' ? text[i] - '0' : -100000; };
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') throw input_error("'" + std::string(text) + "' is not YYYY-MM-DD");
    const int y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    const int m = digit(5) * 10 + digit(6);
    const int d = digit(8) * 10 + digit(9);
    if (y < 0 || m < 0 || d < 0) throw input_error("'" + std::string(text) + "' is not YYYY-MM-DD");
    return make_date(y, m, d);
  } catch (const input_error& e) {
    throw damaged(std::string("a stored date is not valid: ") + e.what());
  }
}

// ---- payloads: event data as JSON, each value's type kept ------------------------

nlohmann::json to_json(const event_data& data) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [k, v] : data) {
    struct visitor {
      nlohmann::json operator()(std::monostate) const { return nullptr; }
      nlohmann::json operator()(bool b) const { return b; }
      nlohmann::json operator()(std::int64_t i) const { return i; }
      nlohmann::json operator()(const std::string& s) const { return s; }
      nlohmann::json operator()(date d) const { return {{"date", format_date(d)}}; }
      nlohmann::json operator()(instant t) const { return {{"instant_us", to_micros(t)}}; }
    };
    out[k] = std::visit(visitor{}, v);
  }
  return out;
}

event_data from_json(const nlohmann::json& j) {
  event_data out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_null()) out.emplace(k, std::monostate{});
    else if (v.is_boolean()) out.emplace(k, v.get<bool>());
    else if (v.is_number_integer()) out.emplace(k, v.get<std::int64_t>());
    else if (v.is_string()) out.emplace(k, v.get<std::string>());
    else if (v.is_object() && v.contains("date")) out.emplace(k, stored_date(v.at("date").get<std::string>()));
    else if (v.is_object() && v.contains("instant_us")) out.emplace(k, from_micros(v.at("instant_us").get<std::int64_t>()));
    else throw damaged("a stored payload holds a value of an unknown form in field " + in_quotes(k));
  }
  return out;
}

event_kind kind_from(std::string_view s) {
  try {
    return event_kind_from(s);
  } catch (const input_error&) {
    throw damaged("a stored event has an unknown kind " + in_quotes(s));
  }
}

// Every field, length-prefixed so that no two events share a serialisation.
// The fields of an event as stored, which is what the hash covers.

// Appends a field, length-prefixed so that no two sequences of fields share
// a serialisation.
void add_field(std::string& text, std::string_view s) {
  text += std::to_string(s.size());
  text += ':';
  text += s;
  text += ';';
}

// Keyed: only someone with the key can make a chain that verifies.
std::string digest_of(const std::string& text, std::string_view key) {
  return key.empty() ? detail::sha256_hex(text) : detail::hmac_sha256_hex(key, text);
}

std::string chained_hash(const std::string& previous, std::string_view reference, std::uint64_t sequence,
                         const stored_fields& f, std::string_view key) {
  std::string text;
  const auto add = [&](std::string_view s) { add_field(text, s); };
  add(previous);
  add(reference);
  add(std::to_string(sequence));
  add(f.kind);
  add(f.name);
  add(f.agency);
  add(f.subject);
  add(std::to_string(f.at_us));
  add(std::to_string(f.recorded_us));
  add(f.actor_name);
  add(f.actor_role);
  add(f.actor_agency);
  add(f.payload);
  // Schema 4: a correction's target and a reason. Hashed only when present,
  // so that chains written before them verify unchanged.
  if (f.corrects != 0 || !f.reason.empty()) {
    add(std::to_string(f.corrects));
    add(f.reason);
  }
  return digest_of(text, key);
}

// ---- the ledger ------------------------------------------------------------------------
//
// One chain across the whole store: every write appends an entry naming the
// review, its sequence and last event hash after the write, and the hash of
// the procedure definition and calendar it runs under. Deleting a review's
// tail or the whole review, or editing the procedure it runs under, leaves
// the ledger disagreeing with the file; rolling the file back to an earlier
// copy is found against a head anchored outside it (`ledger_head`).


std::string ledger_hash(const std::string& previous, const ledger_fields& f, std::string_view key) {
  std::string text = "ledger;";
  add_field(text, previous);
  add_field(text, std::to_string(f.position));
  add_field(text, f.kind);
  add_field(text, f.reference);
  add_field(text, std::to_string(f.sequence));
  add_field(text, f.event_hash);
  add_field(text, f.context_hash);
  add_field(text, std::to_string(f.at_us));
  add_field(text, f.note);
  return digest_of(text, key);
}

// A tombstone, every field: what a purge's ledger entry vouches for.
std::string tombstone_hash_of(const tombstone& t) {
  std::string text = "tombstone;";
  add_field(text, t.reference);
  add_field(text, t.procedure_id);
  add_field(text, std::to_string(t.procedure_version));
  add_field(text, std::to_string(to_micros(t.opened_at)));
  add_field(text, std::to_string(to_micros(t.closed_at)));
  add_field(text, format_date(t.dispose_from));
  add_field(text, std::to_string(t.events));
  add_field(text, t.last_hash);
  add_field(text, std::to_string(to_micros(t.purged_at)));
  add_field(text, t.purged_by.name);
  add_field(text, t.purged_by.role);
  add_field(text, t.purged_by.agency);
  add_field(text, t.reason);
  return detail::sha256_hex(text);
}

// The seal of a copy libscr derived (a snapshot, a compiled procedure): each
// field, keyed like the chain, so that without the key no copy can be made
// that is taken for one libscr wrote.
std::string seal_of(std::string_view what, std::initializer_list<std::string_view> fields, std::string_view key) {
  std::string text(what);
  text += ';';
  for (const auto f : fields) add_field(text, f);
  return digest_of(text, key);
}

// What a review runs under: its procedure's stored definition and its
// calendar. Changing either changes its deadlines.
std::string calendar_json(const calendar& c) {
  nlohmann::json holidays = nlohmann::json::array();
  for (const auto& h : c.all_holidays()) holidays.push_back({format_date(h.day), h.name});
  const nlohmann::json out = {{"name", c.name()},
                              {"version", c.version()},
                              {"weekend", c.weekend().bits()},
                              {"first", format_date(c.first())},
                              {"last", format_date(c.last())},
                              {"confirmed_through", format_date(c.confirmed_through())},
                              {"holidays", std::move(holidays)}};
  return out.dump();
}

calendar calendar_from_json(std::string_view text) {
  try {
    const auto j = nlohmann::json::parse(text);
    std::vector<holiday> holidays;
    for (const auto& h : j.at("holidays")) holidays.push_back({stored_date(h.at(0).get<std::string>()), h.at(1).get<std::string>()});
    calendar_options o;
    o.first = stored_date(j.at("first").get<std::string>());
    o.last = stored_date(j.at("last").get<std::string>());
    o.confirmed_through = stored_date(j.at("confirmed_through").get<std::string>());
    return calendar::custom(weekday_set::from_bits(j.at("weekend").get<std::uint8_t>()), std::move(holidays),
                            j.at("name").get<std::string>(), j.at("version").get<std::string>(), o);
  } catch (const damaged&) {
    throw;
  } catch (const std::exception& e) {
    throw damaged(std::string("a stored calendar version is not one libscr wrote: ") + e.what());
  }
}

std::string calendar_row_hash(std::string_view name, std::string_view version, std::string_view definition,
                              std::int64_t at_us, const actor& by, std::string_view reason) {
  std::string text = "calendar version;";
  for (const std::string_view f : {name, version, definition}) add_field(text, f);
  add_field(text, std::to_string(at_us));
  for (const std::string_view f : {std::string_view(by.name), std::string_view(by.role), std::string_view(by.agency), reason}) {
    add_field(text, f);
  }
  return detail::sha256_hex(text);
}

std::string context_hash_of(std::string_view procedure_id, int version, std::string_view definition,
                            std::string_view calendar) {
  std::string text = "context;";
  add_field(text, procedure_id);
  add_field(text, std::to_string(version));
  add_field(text, definition);
  add_field(text, calendar);
  return detail::sha256_hex(text);
}

std::string hash_bytes(std::string_view hex) {
  if (hex.size() != 64) return std::string(hex);
  auto bytes = detail::from_hex(hex);
  return bytes ? std::move(*bytes) : std::string(hex);
}

std::string hash_hex(const column& c) {
  if (!c.isBlob() || c.bytes().size() != 32) return c.getString();
  return detail::to_hex(c.bytes());
}

void bind_hash(query& q, int index, std::string_view hex) {
  const std::string b = hash_bytes(hex);
  if (b.size() == 32) {
    q.bind_blob(index, b);
  } else {
    q.bind(index, b);
  }
}

}  // namespace scr::stored
