#pragma once
#include <pybind11/pybind11.h>

#include "scr/review.hpp"

void bind_errors(pybind11::module_& m);
void bind_calendar(pybind11::module_& m);
void bind_procedure(pybind11::module_& m);
void bind_review(pybind11::module_& m);
void bind_store(pybind11::module_& m);
void bind_report(pybind11::module_& m);
/// Agencies' chronologies, and the store's methods for them (added to the
/// Store bind_store binds: call it after bind_store).
void bind_chronology(pybind11::module_& m);

namespace scr {
class store;
}
/// The scr::store a libscr._core.Store holds (bind_store.cpp); InputError
/// when it is closed.
scr::store& store_of(pybind11::handle store);

/// Event data from Python: None, or a dict of str to bool | int | str |
/// datetime.date | datetime.datetime (aware) | None (bind_review.cpp). The
/// review, the store and amendments all convert through this one function, so
/// they accept and refuse exactly the same values.
scr::event_data to_event_data(const pybind11::object& data);
