#pragma once
// What the store keeps, as any backend keeps it: event data as JSON (each
// value's type kept), times as microseconds, dates as YYYY-MM-DD, and the
// hashes that make the record tamper-evident (each review's event chain, the
// store-wide ledger, tombstones, the seals of derived copies, the context a
// review runs under). Nothing here knows which database holds the rows.

#include <cstdint>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>

#include "scr/calendar.hpp"
#include "scr/review.hpp"
#include "database.hpp"
#include "scr/store.hpp"

namespace scr::stored {

std::string in_quotes(std::string_view s);

// A value read from the store that cannot be what libscr wrote: the store is
// damaged. The store turns it into a store_error naming the file.
class damaged : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

const instant& epoch();
/// The instant a London day begins.
instant london_midnight(date d);
std::int64_t to_micros(instant t);
/// libscr's instants run from 1900 to 2199; anything else is damage.
instant from_micros(std::int64_t us);
/// A date stored as "YYYY-MM-DD" (damage otherwise).
date stored_date(std::string_view text);

/// A calendar as a store keeps a version of it (calendar_versions): name,
/// version, weekend (bits), first, last, confirmed_through and every holiday,
/// as canonical JSON text; and back (damage if it is not such a text).
std::string calendar_json(const calendar& c);
calendar calendar_from_json(std::string_view text);
/// The hash of a calendar_versions row, every column of it: the
/// `calendar-version` ledger entry's event hash.
std::string calendar_row_hash(std::string_view name, std::string_view version, std::string_view definition,
                              std::int64_t at_us, const actor& by, std::string_view reason);

/// Event data as JSON, each value's type kept: dates as {"date": ...},
/// instants as {"instant_us": ...}.
nlohmann::json to_json(const event_data& data);
event_data from_json(const nlohmann::json& j);
event_kind kind_from(std::string_view s);

// ---- the hash chain ----

struct stored_fields {
  std::string_view kind, name, agency, subject;
  std::int64_t at_us = 0, recorded_us = 0;
  std::string_view actor_name, actor_role, actor_agency, payload;
  std::int64_t corrects = 0;
  std::string_view reason;
};

/// Appends a field, length-prefixed so that no two sequences of fields share
/// a serialisation.
void add_field(std::string& text, std::string_view s);
/// SHA-256, or HMAC-SHA-256 under the store's key: only someone with the key
/// can make a chain that verifies.
std::string digest_of(const std::string& text, std::string_view key);
/// An event's hash, chained to the hash of the one before it in its review.
std::string chained_hash(const std::string& previous, std::string_view reference, std::uint64_t sequence,
                         const stored_fields& f, std::string_view key);

// ---- the ledger ----
//
// One chain across the whole store: every write appends an entry naming the
// review, its sequence and last event hash after the write, and the hash of
// the procedure definition and calendar it runs under. Deleting a review's
// tail or the whole review, or editing the procedure it runs under, leaves
// the ledger disagreeing with the store; rolling the store back to an earlier
// copy is found against a head anchored outside it (`ledger_head`).

struct ledger_fields {
  std::uint64_t position = 0;
  std::string_view kind, reference;
  std::uint64_t sequence = 0;
  std::string_view event_hash, context_hash;
  std::int64_t at_us = 0;
  std::string_view note;
};

std::string ledger_hash(const std::string& previous, const ledger_fields& f, std::string_view key);
/// A tombstone, every field: what a purge's ledger entry vouches for.
std::string tombstone_hash_of(const tombstone& t);
/// The seal of a copy libscr derived (a snapshot, a compiled procedure): each
/// field, keyed like the chain, so that without the key no copy can be made
/// that is taken for one libscr wrote.
std::string seal_of(std::string_view what, std::initializer_list<std::string_view> fields, std::string_view key);
/// What a review runs under: its procedure's stored definition and its
/// calendar. Changing either changes its deadlines.
std::string context_hash_of(std::string_view procedure_id, int version, std::string_view definition,
                            std::string_view calendar);

/// A hash as stored: the 32 bytes 64 lowercase hex digits stand for; any
/// other text (a value altered outside libscr) is kept as it is, so that
/// verify reports it rather than a migration or a write failing on it.
std::string hash_bytes(std::string_view hex);
/// A stored hash as 64 hex digits (a stored value of any other length or
/// type as its text: it was altered outside libscr, and matches no hash).
std::string hash_hex(const column& c);
/// Binds a hash given as hex digits as the bytes it is stored as.
void bind_hash(query& q, int index, std::string_view hex);

}  // namespace scr::stored
