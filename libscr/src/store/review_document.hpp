#pragma once
// A review export (`libscr.reviews`, docs/review-export.md): reviews with
// every event as stored (its hash, the time it was recorded, its payload
// exactly), the procedure definitions they run under. Written by
// store::export_reviews, read by store::import_reviews. This file is the
// document alone: reading checks its shape and types, naming where in the
// document each problem is; the store checks the hashes and the engine
// every event.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "scr/review.hpp"

namespace scr::stored {

/// The format's name and the version this libscr writes and reads.
inline constexpr const char* review_document_format = "libscr.reviews";
inline constexpr int review_document_version = 1;

struct document_event {
  std::uint64_t sequence = 0;
  review_event event;
  std::int64_t at_us = 0, recorded_us = 0;
  std::string payload;  ///< the event's data exactly as hashed (JSON, keys in order)
  std::string hash;     ///< hex
};

struct document_review {
  std::string reference;
  std::string procedure_id;
  int procedure_version = 0;
  std::string calendar;
  std::string context;  ///< hex: the procedure and calendar, as the ledger names them
  std::vector<document_event> events;
};

struct document_procedure {
  std::string id;
  int version = 0;
  std::string definition;  ///< YAML, as stored
};

struct review_document {
  std::string exported_at;  ///< as written (ISO 8601, UTC)
  std::string libscr;       ///< the version that wrote it
  bool keyed = false;       ///< hashes are HMAC-SHA-256 under the exporting store's key
  std::vector<document_procedure> procedures;
  std::vector<document_review> reviews;
  /// Over when it was exported, whether keyed, every procedure's definition
  /// and every review's reference, procedure, calendar, context and head
  /// (review_document_seal_text), with the exporting store's key when it
  /// has one: a keyed file cut short, or with a review left out or a
  /// procedure changed, does not match. Hex.
  std::string seal;
};

/// What the seal is over.
std::string review_document_seal_text(const review_document& d);

/// The document as JSON text (two-space indents, one field order).
std::string write_review_document(const review_document& d);

/// Reads a document; input_error naming `source` and the place in the
/// document (reviews[0].events[3].at) for anything that is not what the
/// format says: not JSON, another format, a newer version, a field missing
/// or of the wrong type, events out of sequence, a review whose procedure
/// the document does not carry, a reference twice.
review_document read_review_document(std::string_view text, std::string_view source);

/// An instant exactly, to the microsecond: "2024-01-05T10:00:00Z" or
/// "2024-01-05T10:00:00.250000Z".
std::string exact_instant(std::int64_t us);

}  // namespace scr::stored
