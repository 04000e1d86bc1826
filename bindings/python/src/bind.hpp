#pragma once
#include <pybind11/pybind11.h>

#include "scr/review.hpp"

void bind_errors(pybind11::module_& m);
void bind_calendar(pybind11::module_& m);
void bind_procedure(pybind11::module_& m);
void bind_review(pybind11::module_& m);
void bind_store(pybind11::module_& m);
void bind_report(pybind11::module_& m);

/// Event data from Python: None, or a dict of str to bool | int | str |
/// datetime.date | datetime.datetime (aware) | None (bind_review.cpp). The
/// review, the store and amendments all convert through this one function, so
/// they accept and refuse exactly the same values.
scr::event_data to_event_data(const pybind11::object& data);
