#pragma once
#include <pybind11/pybind11.h>

void bind_errors(pybind11::module_& m);
void bind_calendar(pybind11::module_& m);
void bind_procedure(pybind11::module_& m);
void bind_review(pybind11::module_& m);
void bind_store(pybind11::module_& m);
void bind_report(pybind11::module_& m);
