// The event store. Type conversion only, and two things C++ gets from scope
// that Python needs said: `close()` ends the store (releasing its file)
// before the object is collected, after which every call raises InputError;
// and a clock given from Python is called with the GIL held (nothing here
// releases it), its result converted as any instant is (a naive datetime
// raises TypeError). Event data crosses through to_event_data (bind.hpp), as
// for a review, so the store and a review accept and refuse exactly the same
// values. The compliance basis crosses as its name ("opened", "decided",
// "completed"); the future allowance as a datetime.timedelta.

#include <pybind11/chrono.h>
#include <pybind11/stl.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "bind.hpp"
#include "casters.hpp"
#include "scr/bulk_load.hpp"
#include "scr/error.hpp"
#include "scr/report.hpp"
#include "scr/store.hpp"

namespace py = pybind11;

namespace {

std::string quoted(const std::string& s) { return "'" + s + "'"; }

std::string type_name(py::handle v) { return py::str(py::type::handle_of(v).attr("__name__")).cast<std::string>(); }

/// A store that can be closed before it is collected.
class closable_store {
 public:
  explicit closable_store(scr::store db) : path_(db.path()), db_(std::move(db)) {}

  scr::store& get() {
    if (!db_) throw scr::input_error("store " + (quoted)(path_) + " is closed");
    return *db_;
  }
  void close() noexcept { db_.reset(); }
  bool closed() const noexcept { return !db_.has_value(); }
  const std::string& path() const noexcept { return path_; }

 private:
  std::string path_;
  std::optional<scr::store> db_;
};

scr::store_options options_with(const py::object& clock, std::optional<std::chrono::microseconds> future_allowance) {
  scr::store_options options;
  if (future_allowance) {
    if (future_allowance->count() < 0) {
      throw scr::input_error("future_allowance must not be negative: it is how far past the store's clock an "
                             "event's time may be");
    }
    options.future_allowance = boost::posix_time::microseconds(future_allowance->count());
  }
  if (clock.is_none()) return options;
  if (!PyCallable_Check(clock.ptr())) {
    throw py::type_error("clock must be a function of no arguments returning a datetime.datetime with a time "
                         "zone, not " + type_name(clock));
  }
  options.clock = [clock]() -> scr::instant {
    py::gil_scoped_acquire gil;
    const py::object t = clock();
    if (!py::isinstance(t, py::module_::import("datetime").attr("datetime"))) {
      throw py::type_error("the store's clock must return a datetime.datetime with a time zone, not " +
                           type_name(t) + ": " + py::repr(t).cast<std::string>());
    }
    if (t.attr("utcoffset")().is_none()) {
      throw py::type_error("the store's clock returned a naive datetime (" + py::str(t).cast<std::string>() +
                           "): give it a time zone, e.g. tzinfo=timezone.utc");
    }
    return t.cast<scr::instant>();
  };
  return options;
}

scr::compliance_basis basis_named(std::string_view name) {
  if (name == "opened") return scr::compliance_basis::opened;
  if (name == "decided") return scr::compliance_basis::decided;
  if (name == "completed") return scr::compliance_basis::completed;
  throw scr::input_error("compliance basis " + quoted(std::string(name)) +
                         " is not one of: opened (the referral), decided (the decision met), completed (the "
                         "completion met)");
}

}  // namespace

namespace {

// Texts keyed by their bytes, looked up by a view (C++20's heterogeneous
// lookup): a row's texts live only while the store hands it out.
struct text_hash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
using text_objects = std::unordered_map<std::string, py::object, text_hash, std::equal_to<>>;

// Due items as tuples in the order of libscr.store.DueItem's fields, each
// with its review's state, procedure and closure as of `as_of`
// (store::reviews_named, reading only the reviews the items are of; None
// for a review it does not list), "" for no agency made None: one crossing
// of the binding for the whole list. The rows are taken as the store reads
// them (`read`: store::each_overdue or each_due_between), each kept as the
// Python objects of its fields, with no list of C++ items between.
template <class Read>
py::list due_rows(const scr::store& db, Read read, std::optional<scr::date> as_of) {
  // The texts repeat (a review's reference on each of its items, the same
  // titles, owners, states across reviews), and so do the due dates and the
  // days late that follow from them: each distinct one is made a Python
  // object once, and shared.
  text_objects texts;
  const auto text = [&](std::string_view t) -> py::object {
    auto it = texts.find(t);
    if (it == texts.end()) it = texts.emplace(std::string(t), py::str(t.data(), t.size())).first;
    return it->second;
  };
  std::unordered_map<std::int64_t, std::pair<py::object, py::object>> days;  // due day -> (date, days late)
  struct fields {
    std::array<py::object, 9> item;
    std::size_t review = 0;  // index into `references`
  };
  std::vector<fields> rows;
  std::vector<std::string> references;
  std::unordered_map<std::string_view, std::size_t> review_of;
  read([&](const scr::due_item& d) {
    auto r = review_of.find(d.reference);
    if (r == review_of.end()) {
      references.push_back(d.reference);
      // The view is of the texts' own key: a map's nodes never move.
      const auto& key = texts.try_emplace(d.reference, py::str(d.reference)).first->first;
      r = review_of.emplace(key, references.size() - 1).first;
    }
    auto [day, made] = days.try_emplace(d.due.day_number());
    if (made) day->second = {py::cast(d.due), py::int_(d.days_overdue)};
    rows.push_back({{text(d.reference), text(d.kind), text(d.id),
                     d.agency.empty() ? py::object(py::none()) : text(d.agency), text(d.title), text(d.owner),
                     py::int_(d.occurrence), day->second.first, day->second.second},
                    r->second});
  });
  const auto summaries = db.reviews_named(references, as_of);
  std::unordered_map<std::string_view, const scr::review_summary*> of;
  of.reserve(summaries.size());
  for (const auto& s : summaries) of.emplace(s.reference, &s);
  std::vector<const scr::review_summary*> summary_of(references.size(), nullptr);
  for (std::size_t i = 0; i < references.size(); ++i) {
    const auto it = of.find(references[i]);
    if (it != of.end()) summary_of[i] = it->second;
  }
  py::list out(rows.size());
  std::size_t i = 0;
  for (auto& row : rows) {
    const auto* s = summary_of[row.review];
    const auto& f = row.item;
    if (s == nullptr) {
      out[i++] = py::make_tuple(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], py::none(), py::none(),
                                py::none());
    } else {
      out[i++] = py::make_tuple(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], text(s->state),
                                text(s->procedure_id), s->closed);
    }
  }
  return out;
}

}  // namespace

scr::store& store_of(py::handle store) { return store.cast<closable_store&>().get(); }

void bind_store(py::module_& m) {
  py::class_<scr::stored_event>(m, "StoredEvent")
      .def_readonly("sequence", &scr::stored_event::sequence)
      .def_readonly("event", &scr::stored_event::event)
      .def_readonly("recorded_at", &scr::stored_event::recorded_at)
      .def_readonly("previous_hash", &scr::stored_event::previous_hash)
      .def_readonly("hash", &scr::stored_event::hash);

  py::class_<scr::verify_result>(m, "VerifyResult")
      .def_readonly("events", &scr::verify_result::events)
      .def_readonly("corrections", &scr::verify_result::corrections)
      .def_readonly("keyed", &scr::verify_result::keyed)
      .def_readonly("first_altered", &scr::verify_result::first_altered)
      .def_readonly("problems", &scr::verify_result::problems)
      .def_readonly("message", &scr::verify_result::message)
      .def_property_readonly("ok", &scr::verify_result::ok);

  py::class_<scr::ledger_head>(m, "LedgerHead")
      .def(py::init<>())
      .def_readonly("position", &scr::ledger_head::position)
      .def_readonly("hash", &scr::ledger_head::hash)
      .def("text", &scr::ledger_head::text)
      .def_static("parse", &scr::ledger_head::parse, py::arg("text"));

  py::class_<scr::ledger_entry>(m, "LedgerEntry")
      .def_readonly("position", &scr::ledger_entry::position)
      .def_readonly("kind", &scr::ledger_entry::kind)
      .def_readonly("reference", &scr::ledger_entry::reference)
      .def_readonly("sequence", &scr::ledger_entry::sequence)
      .def_readonly("event_hash", &scr::ledger_entry::event_hash)
      .def_readonly("context_hash", &scr::ledger_entry::context_hash)
      .def_readonly("at", &scr::ledger_entry::at)
      .def_readonly("note", &scr::ledger_entry::note)
      .def_readonly("hash", &scr::ledger_entry::hash);

  py::class_<scr::store_verify_result>(m, "StoreVerifyResult")
      .def_readonly("reviews", &scr::store_verify_result::reviews)
      .def_readonly("events", &scr::store_verify_result::events)
      .def_readonly("tombstones", &scr::store_verify_result::tombstones)
      .def_readonly("keyed", &scr::store_verify_result::keyed)
      .def_readonly("head", &scr::store_verify_result::head)
      .def_readonly("problems", &scr::store_verify_result::problems)
      .def_readonly("message", &scr::store_verify_result::message)
      .def_property_readonly("ok", &scr::store_verify_result::ok);

  py::class_<scr::copy_result>(m, "CopyResult")
      .def_readonly("source", &scr::copy_result::from)
      .def_readonly("copy", &scr::copy_result::to)
      .def_readonly("rows", &scr::copy_result::rows);

  py::class_<scr::loaded_review>(m, "LoadedReview")
      .def_readonly("reference", &scr::loaded_review::reference)
      .def_readonly("rows", &scr::loaded_review::rows)
      .def_readonly("opened", &scr::loaded_review::opened)
      .def_readonly("loaded", &scr::loaded_review::loaded)
      .def_readonly("skipped", &scr::loaded_review::skipped)
      .def_readonly("events_before", &scr::loaded_review::events_before)
      .def_readonly("events_after", &scr::loaded_review::events_after)
      .def_readonly("error", &scr::loaded_review::error);

  py::class_<scr::step_load>(m, "StepLoad")
      .def_readonly("reviews", &scr::step_load::reviews)
      .def_readonly("check_only", &scr::step_load::check_only);

  py::class_<scr::review_import>(m, "ReviewImport")
      .def_readonly("references", &scr::review_import::references)
      .def_readonly("events", &scr::review_import::events)
      .def_readonly("check_only", &scr::review_import::check_only)
      .def_readonly("resealed", &scr::review_import::resealed);

  py::class_<scr::login_grant>(m, "LoginGrant")
      .def_readonly("login", &scr::login_grant::login)
      .def_readonly("actor", &scr::login_grant::as);

  py::class_<scr::repair_result>(m, "RepairResult")
      .def_readonly("reviews", &scr::repair_result::reviews)
      .def_readonly("repaired", &scr::repair_result::repaired)
      .def_readonly("differences", &scr::repair_result::differences);

  py::class_<scr::due_item>(m, "DueItem")
      .def_static(
          "make",
          [](std::string reference, std::string kind, std::string id, std::string agency, std::string title,
             std::string owner, int occurrence, scr::date due, int days_overdue) {
            return scr::due_item{std::move(reference), std::move(kind), std::move(id), std::move(agency),
                                 std::move(title), std::move(owner), occurrence, due, days_overdue};
          },
          py::kw_only(), py::arg("reference"), py::arg("kind"), py::arg("id"), py::arg("agency"), py::arg("title"),
          py::arg("owner"), py::arg("occurrence"), py::arg("due"), py::arg("days_overdue"))
      .def_readonly("reference", &scr::due_item::reference)
      .def_readonly("kind", &scr::due_item::kind)
      .def_readonly("id", &scr::due_item::id)
      .def_readonly("agency", &scr::due_item::agency)
      .def_readonly("title", &scr::due_item::title)
      .def_readonly("owner", &scr::due_item::owner)
      .def_readonly("occurrence", &scr::due_item::occurrence)
      .def_readonly("due", &scr::due_item::due)
      .def_readonly("days_overdue", &scr::due_item::days_overdue);

  py::class_<scr::review_summary>(m, "ReviewSummary")
      .def_readonly("reference", &scr::review_summary::reference)
      .def_readonly("procedure_id", &scr::review_summary::procedure_id)
      .def_readonly("procedure_version", &scr::review_summary::procedure_version)
      .def_readonly("state", &scr::review_summary::state)
      .def_readonly("closed", &scr::review_summary::closed)
      .def_readonly("opened_at", &scr::review_summary::opened_at)
      .def_readonly("closed_at", &scr::review_summary::closed_at)
      .def_readonly("dispose_from", &scr::review_summary::dispose_from)
      .def_readonly("events", &scr::review_summary::events)
      .def_readonly("voided", &scr::review_summary::voided);

  py::class_<scr::headline_compliance>(m, "HeadlineCompliance")
      .def_static(
          "make",
          [](std::string reference, std::string headline, std::string milestone, std::optional<scr::date> due,
             std::optional<scr::date> original_due, std::optional<scr::date> completed_on, bool on_time,
             bool extended, bool breach, int days_late) {
            scr::headline_compliance h;
            h.reference = std::move(reference);
            h.headline = std::move(headline);
            h.milestone = std::move(milestone);
            h.due = due;
            h.original_due = original_due;
            h.completed_on = completed_on;
            h.on_time = on_time;
            h.extended = extended;
            h.breach = breach;
            h.days_late = days_late;
            return h;
          },
          py::kw_only(), py::arg("reference"), py::arg("headline"), py::arg("milestone"), py::arg("due"),
          py::arg("original_due"), py::arg("completed_on"), py::arg("on_time"), py::arg("extended"),
          py::arg("breach"), py::arg("days_late"))
      .def_readonly("reference", &scr::headline_compliance::reference)
      .def_readonly("headline", &scr::headline_compliance::headline)
      .def_readonly("milestone", &scr::headline_compliance::milestone)
      .def_readonly("due", &scr::headline_compliance::due)
      .def_readonly("original_due", &scr::headline_compliance::original_due)
      .def_readonly("completed_on", &scr::headline_compliance::completed_on)
      .def_readonly("on_time", &scr::headline_compliance::on_time)
      .def_readonly("extended", &scr::headline_compliance::extended)
      .def_readonly("breach", &scr::headline_compliance::breach)
      .def_readonly("days_late", &scr::headline_compliance::days_late);

  py::class_<scr::retention_item>(m, "RetentionItem")
      .def_readonly("reference", &scr::retention_item::reference)
      .def_readonly("procedure_id", &scr::retention_item::procedure_id)
      .def_readonly("procedure_version", &scr::retention_item::procedure_version)
      .def_readonly("opened_at", &scr::retention_item::opened_at)
      .def_readonly("closed_at", &scr::retention_item::closed_at)
      .def_readonly("dispose_from", &scr::retention_item::dispose_from);

  py::class_<scr::tombstone>(m, "Tombstone")
      .def_readonly("reference", &scr::tombstone::reference)
      .def_readonly("procedure_id", &scr::tombstone::procedure_id)
      .def_readonly("procedure_version", &scr::tombstone::procedure_version)
      .def_readonly("opened_at", &scr::tombstone::opened_at)
      .def_readonly("closed_at", &scr::tombstone::closed_at)
      .def_readonly("dispose_from", &scr::tombstone::dispose_from)
      .def_readonly("events", &scr::tombstone::events)
      .def_readonly("last_hash", &scr::tombstone::last_hash)
      .def_readonly("purged_at", &scr::tombstone::purged_at)
      .def_readonly("purged_by", &scr::tombstone::purged_by)
      .def_readonly("reason", &scr::tombstone::reason);

  py::class_<closable_store>(m, "Store")
      .def(py::init([](const std::string& path, const py::object& clock,
                       std::optional<std::chrono::microseconds> future_allowance,
                       const std::optional<std::string>& key_file, bool create_key, std::size_t cached_reviews) {
             auto options = options_with(clock, future_allowance);
             options.cached_reviews = cached_reviews;
             if (key_file) {
               options.key = create_key ? scr::store::create_key_file(*key_file) : scr::store::read_key_file(*key_file);
             }
             return closable_store(scr::store(path, std::move(options)));
           }),
           py::arg("path"), py::arg("clock") = py::none(), py::arg("future_allowance") = py::none(),
           py::arg("key_file") = py::none(), py::arg("create_key") = false,
           py::arg("cached_reviews") = scr::store_options{}.cached_reviews)
      .def_static(
          "in_memory",
          [](const py::object& clock, std::optional<std::chrono::microseconds> future_allowance) {
            return closable_store(scr::store::in_memory(options_with(clock, future_allowance)));
          },
          py::arg("clock") = py::none(), py::arg("future_allowance") = py::none())
      .def_static("schema_version", &scr::store::schema_version)
      .def_static(
          "copy",
          [](const std::string& from, const std::string& to, const std::optional<std::string>& key_file) {
            scr::store_options options;
            if (key_file) options.key = scr::store::read_key_file(*key_file);
            return scr::store::copy(from, to, options);
          },
          py::arg("source"), py::arg("destination"), py::arg("key_file") = py::none())
      .def_property_readonly("login", [](closable_store& s) { return s.get().login(); })
      .def_property_readonly("administers", [](closable_store& s) { return s.get().administers(); })
      .def(
          "grant_login",
          [](closable_store& s, const std::string& login, const scr::actor& as) { s.get().grant_login(login, as); },
          py::arg("login"), py::arg("actor"))
      .def(
          "revoke_login",
          [](closable_store& s, const std::string& login, const std::optional<scr::actor>& as) {
            return s.get().revoke_login(login, as);
          },
          py::arg("login"), py::arg("actor") = py::none())
      .def("logins", [](closable_store& s) { return s.get().logins(); })
      .def_property_readonly("path", &closable_store::path)
      .def_property_readonly("closed", &closable_store::closed)
      .def("close", &closable_store::close)
      .def(
          "add_calendar", [](closable_store& s, const scr::calendar& cal) { s.get().add_calendar(cal); },
          py::arg("calendar"))
      .def(
          "open_review",
          [](closable_store& s, const std::shared_ptr<scr::procedure>& p, std::string_view reference, scr::instant at,
             const scr::actor& by, const py::object& data) {
            if (!p) throw py::type_error("procedure must be a Procedure, not None");
            return s.get().open_review(*p, reference, at, by, to_event_data(data));
          },
          py::arg("procedure"), py::arg("reference"), py::arg("at"), py::arg("by"), py::arg("data") = py::none())
      .def(
          "load", [](closable_store& s, std::string_view reference) { return s.get().load(reference); },
          py::arg("reference"))
      .def(
          "contains", [](closable_store& s, std::string_view reference) { return s.get().contains(reference); },
          py::arg("reference"))
      .def("references", [](closable_store& s) { return s.get().references(); })
      .def(
          "sequence", [](closable_store& s, std::string_view reference) { return s.get().sequence(reference); },
          py::arg("reference"))
      .def(
          "record",
          [](closable_store& s, std::string_view reference, std::string_view event, scr::instant at,
             const scr::actor& by, const py::object& data, std::string_view agency) {
            return s.get().record(reference, event, at, by, to_event_data(data), agency);
          },
          py::arg("reference"), py::arg("event"), py::arg("at"), py::arg("by"), py::arg("data") = py::none(),
          py::arg("agency") = "")
      .def(
          "assign",
          [](closable_store& s, std::string_view reference, std::string_view person, std::string_view role,
             std::string_view agency, scr::instant at, const scr::actor& by, std::vector<std::string> declarations,
             std::string_view person_id) {
            return s.get().assign(reference, person, role, agency, at, by, std::move(declarations), person_id);
          },
          py::arg("reference"), py::arg("person"), py::arg("role"), py::arg("agency"), py::arg("at"), py::arg("by"),
          py::arg("declarations") = std::vector<std::string>{}, py::arg("person_id") = "")
      .def(
          "schedule",
          [](closable_store& s, std::string_view reference, std::string_view milestone, scr::date on,
             const std::optional<std::pair<int, int>>& time, scr::instant at, const scr::actor& by,
             std::string_view agency) {
            std::optional<scr::time_of_day> t;
            if (time) t = scr::time_of_day{time->first, time->second};
            return s.get().schedule(reference, milestone, on, t, at, by, agency);
          },
          py::arg("reference"), py::arg("milestone"), py::arg("on"), py::arg("time"), py::arg("at"), py::arg("by"),
          py::arg("agency") = "")
      .def(
          "extend",
          [](closable_store& s, std::string_view reference, std::string_view milestone, scr::date new_due,
             std::string_view reason, scr::instant at, const scr::actor& agreed_by, std::string_view agency) {
            return s.get().extend(reference, milestone, new_due, reason, at, agreed_by, agency);
          },
          py::arg("reference"), py::arg("milestone"), py::arg("new_due"), py::arg("reason"), py::arg("at"),
          py::arg("agreed_by"), py::arg("agency") = "")
      .def(
          "hold",
          [](closable_store& s, std::string_view reference, std::string_view reason, scr::instant at,
             const scr::actor& by) { return s.get().hold(reference, reason, at, by); },
          py::arg("reference"), py::arg("reason"), py::arg("at"), py::arg("by"))
      .def(
          "release",
          [](closable_store& s, std::string_view reference, scr::instant at, const scr::actor& by,
             std::string_view note) { return s.get().release(reference, at, by, note); },
          py::arg("reference"), py::arg("at"), py::arg("by"), py::arg("note") = "")
      .def(
          "discharge",
          [](closable_store& s, std::string_view reference, std::string_view obligation, scr::instant at,
             const scr::actor& by, std::string_view note, std::string_view agency) {
            return s.get().discharge(reference, obligation, at, by, note, agency);
          },
          py::arg("reference"), py::arg("obligation"), py::arg("at"), py::arg("by"), py::arg("note") = "",
          py::arg("agency") = "")
      .def(
          "append",
          [](closable_store& s, std::string_view reference, std::uint64_t expected_sequence,
             const std::vector<scr::review_event>& events) {
            return s.get().append(reference, expected_sequence, events);
          },
          py::arg("reference"), py::arg("expected_sequence"), py::arg("events"))
      .def(
          "void_events",
          [](closable_store& s, std::string_view reference, const std::vector<std::uint64_t>& sequences,
             std::string_view reason, scr::instant at, const scr::actor& by) {
            return s.get().void_events(reference, sequences, reason, at, by);
          },
          py::arg("reference"), py::arg("sequences"), py::arg("reason"), py::arg("at"), py::arg("by"))
      .def(
          "amend",
          [](closable_store& s, std::string_view reference, std::uint64_t sequence,
             std::optional<scr::instant> occurred, const py::object& changes, std::string_view reason,
             const scr::actor& by) {
            return s.get().amend(reference, sequence, occurred, to_event_data(changes), reason, by);
          },
          py::arg("reference"), py::arg("sequence"), py::arg("occurred"), py::arg("changes"), py::arg("reason"),
          py::arg("by"))
      .def(
          "waive",
          [](closable_store& s, std::string_view reference, std::string_view item, std::string_view reason,
             scr::instant at, const scr::actor& by, std::string_view agency, int occurrence) {
            return s.get().waive(reference, item, reason, at, by, agency, occurrence);
          },
          py::arg("reference"), py::arg("item"), py::arg("reason"), py::arg("at"), py::arg("by"),
          py::arg("agency") = "", py::arg("occurrence") = 0)
      .def(
          "unassign",
          [](closable_store& s, std::string_view reference, std::string_view person, std::string_view role,
             std::string_view reason, scr::instant at, const scr::actor& by, std::string_view agency,
             std::string_view person_id) {
            return s.get().unassign(reference, person, role, reason, at, by, agency, person_id);
          },
          py::arg("reference"), py::arg("person"), py::arg("role"), py::arg("reason"), py::arg("at"), py::arg("by"),
          py::arg("agency") = "", py::arg("person_id") = "")
      .def(
          "deadline_feed",
          [](closable_store& s, scr::date as_of, std::string agency, std::string owner, std::string procedure,
             std::string reference, std::string kind, int remind) {
            scr::feed_options f;
            f.agency = std::move(agency);
            f.owner = std::move(owner);
            f.procedure_id = std::move(procedure);
            f.reference = std::move(reference);
            f.kind = std::move(kind);
            f.remind_working_days = remind;
            return scr::deadline_feed(s.get(), as_of, f);
          },
          py::arg("as_of"), py::arg("agency"), py::arg("owner"), py::arg("procedure"), py::arg("review"),
          py::arg("kind"), py::arg("remind"))
      .def(
          "dashboard_html",
          [](closable_store& s, scr::date as_of, std::string title, int soon) {
            scr::dashboard_options d;
            d.title = std::move(title);
            d.soon_days = soon;
            return scr::dashboard_html(s.get(), as_of, d);
          },
          py::arg("as_of"), py::arg("title"), py::arg("soon"))
      .def(
          "monthly_progress",
          [](closable_store& s, int year, int month) { return scr::monthly_progress(s.get(), year, month); },
          py::arg("year"), py::arg("month"))
      .def(
          "history", [](closable_store& s, std::string_view reference) { return s.get().history(reference); },
          py::arg("reference"))
      .def(
          "verify", [](closable_store& s, std::string_view reference) { return s.get().verify(reference); },
          py::arg("reference"))
      .def(
          "overdue", [](closable_store& s, scr::date as_of) { return s.get().overdue(as_of); }, py::arg("as_of"))
      .def(
          "overdue_rows",
          [](closable_store& s, scr::date as_of) {
            const auto& db = s.get();
            return due_rows(db, [&](const auto& each) { db.each_overdue(as_of, each); }, as_of);
          },
          py::arg("as_of"))
      .def(
          "due_between_rows",
          [](closable_store& s, scr::date start, scr::date end, std::optional<scr::date> as_of) {
            const auto& db = s.get();
            return due_rows(db, [&](const auto& each) { db.each_due_between(start, end, as_of, each); }, as_of);
          },
          py::arg("start"), py::arg("end"), py::arg("as_of") = py::none())
      .def(
          "due_between",
          [](closable_store& s, scr::date start, scr::date end, std::optional<scr::date> as_of) {
            return s.get().due_between(start, end, as_of);
          },
          py::arg("start"), py::arg("end"), py::arg("as_of") = py::none())
      .def(
          "reviews",
          [](closable_store& s, std::optional<std::string> state, std::optional<std::string> procedure_id,
             std::optional<scr::date> as_of) {
            return s.get().reviews(std::move(state), std::move(procedure_id), as_of);
          },
          py::arg("state") = py::none(), py::arg("procedure_id") = py::none(), py::arg("as_of") = py::none())
      .def("voided_reviews", [](closable_store& s) { return s.get().voided_reviews(); })
      .def(
          "compliance",
          [](closable_store& s, scr::date start, scr::date end, std::optional<scr::date> as_of,
             std::string_view basis) {
            return s.get().compliance(start, end, as_of, basis_named(basis));
          },
          py::arg("start"), py::arg("end"), py::arg("as_of") = py::none(), py::arg("basis") = "opened")
      .def(
          "retention_due", [](closable_store& s, scr::date as_of) { return s.get().retention_due(as_of); },
          py::arg("as_of"))
      .def(
          "purge",
          [](closable_store& s, std::string_view reference, const scr::actor& by, std::string_view reason) {
            return s.get().purge(reference, by, reason);
          },
          py::arg("reference"), py::arg("by"), py::arg("reason"))
      .def("tombstones", [](closable_store& s) { return s.get().tombstones(); })
      .def(
          "verify_all",
          [](closable_store& s, const std::optional<scr::ledger_head>& expected) {
            return s.get().verify_all(expected);
          },
          py::arg("expected") = py::none())
      .def("head", [](closable_store& s) { return s.get().head(); })
      .def(
          "ledger", [](closable_store& s, std::uint64_t from, std::uint64_t limit) { return s.get().ledger(from, limit); },
          py::arg("start"), py::arg("limit"))
      .def(
          "export_reviews",
          [](closable_store& s, const std::vector<std::string>& references) {
            return s.get().export_reviews(references);
          },
          py::arg("references"))
      .def(
          "import_reviews",
          [](closable_store& s, std::string_view document, const scr::actor& by, bool check_only, bool reseal,
             std::string source) {
            scr::import_options options;
            options.check_only = check_only;
            options.reseal = reseal;
            options.source = std::move(source);
            return s.get().import_reviews(document, by, options);
          },
          py::arg("document"), py::arg("by"), py::arg("check_only"), py::arg("reseal"), py::arg("source"))
      .def(
          "load_steps",
          [](closable_store& s, const py::bytes& table, std::string source, bool check_only,
             const std::vector<std::shared_ptr<scr::procedure>>& procedures) {
            scr::step_load_options options;
            options.check_only = check_only;
            options.procedure_named = [procedures](const std::string& id) {
              for (const auto& p : procedures)
                if (p && p->id() == id) return *p;
              return scr::procedure::builtin(id);
            };
            const std::string bytes(table);
            return scr::load_steps(s.get(), bytes, source, options);
          },
          py::arg("table"), py::arg("source"), py::arg("check_only"), py::arg("procedures"))
      .def(
          "migrate",
          [](closable_store& s, const std::vector<std::string>& references, const scr::procedure& to,
             const scr::actor& by, std::string_view reason, const std::map<std::string, std::string>& states,
             bool apply, std::optional<scr::date> as_of) {
            scr::migration_options options;
            options.states = scr::state_mapping(states.begin(), states.end());
            options.apply = apply;
            options.as_of = as_of;
            py::list out;
            for (const auto& report : s.get().migrate(references, to, by, reason, options)) {
              py::list deadlines, scopes, refused;
              for (const auto& d : report.deadlines) {
                deadlines.append(py::make_tuple(d.kind, d.id, d.agency, d.occurrence, d.change, d.from, d.to,
                                                d.rule_from, d.rule_to, d.to_string()));
              }
              for (const auto& x : report.states) scopes.append(py::make_tuple(x.track, x.agency, x.from, x.to, x.gone, x.expected));
              for (const auto& f : report.refused) refused.append(py::make_tuple(f.sequence, f.message));
              out.append(py::make_tuple(report.reference, report.from_id, report.from_version, report.to_id, report.to_version, report.as_of,
                                        deadlines, scopes, refused, report.problems, report.applied, report.sequence,
                                        report.to_string()));
            }
            return out;
          },
          py::arg("references"), py::arg("to"), py::arg("by"), py::arg("reason"), py::arg("states"),
          py::arg("apply"), py::arg("as_of"))
      .def(
          "update_calendar",
          [](closable_store& s, const scr::calendar& updated, const scr::actor& by, std::string_view reason, bool apply,
             std::optional<scr::date> as_of, std::optional<std::string> expected_version) {
            scr::calendar_update_options options;
            options.apply = apply;
            options.as_of = as_of;
            options.expected_version = std::move(expected_version);
            const auto u = s.get().update_calendar(updated, by, reason, options);
            py::list moved;
            for (const auto& review : u.moved) {
              py::list deadlines;
              for (const auto& d : review.deadlines) {
                deadlines.append(py::make_tuple(d.kind, d.id, d.agency, d.occurrence, d.change, d.from, d.to,
                                                d.rule_from, d.rule_to, d.to_string()));
              }
              moved.append(py::make_tuple(review.reference, review.state, review.closed, deadlines));
            }
            return py::make_tuple(u.name, u.from_version, u.to_version, u.added, u.removed, u.from_confirmed,
                                  u.to_confirmed, u.as_of, u.reviews, moved, u.problems, u.applied, u.to_string());
          },
          py::arg("updated"), py::arg("by"), py::arg("reason"), py::arg("apply"), py::arg("as_of"),
          py::arg("expected_version"))
      .def("calendar_versions",
           [](closable_store& s) {
             py::list out;
             for (const auto& v : s.get().calendar_versions()) {
               out.append(py::make_tuple(v.name, v.version, v.confirmed_through, v.at, v.by, v.reason));
             }
             return out;
           })
      .def(
          "calendar_named", [](closable_store& s, std::string_view name) { return s.get().calendar_named(name); },
          py::arg("name"))
      .def(
          "open_under",
          [](closable_store& s, std::string_view id, int version) { return s.get().open_under(id, version); },
          py::arg("procedure_id"), py::arg("version"))
      .def(
          "stored_procedure",
          [](closable_store& s, std::string_view id, int version) {
            return std::make_shared<scr::procedure>(s.get().stored_procedure(id, version));
          },
          py::arg("procedure_id"), py::arg("version"))
      .def(
          "repair_projections",
          [](closable_store& s, const scr::actor& by, std::string_view reason) {
            return s.get().repair_projections(by, reason);
          },
          py::arg("by"), py::arg("reason"))
      .def("__repr__", [](const closable_store& s) {
        return "<Store " + py::repr(py::str(s.path())).cast<std::string>() + (s.closed() ? " (closed)>" : ">");
      });
}
