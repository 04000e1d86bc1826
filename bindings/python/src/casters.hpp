#pragma once
// Conversions between Python's datetime types and libscr's dates and instants.
//
//   datetime.date                  <-> scr::date
//   datetime.datetime (aware)      <-> scr::instant (UTC)
//
// A datetime is not accepted where a date is expected (its time and zone
// would be dropped silently), and a naive datetime is not accepted as an
// instant (its zone would be guessed). Both raise TypeError with the reason.

#include <datetime.h>
#include <cstdint>
#include <pybind11/pybind11.h>

#include "scr/date.hpp"
#include "scr/error.hpp"

// CPython's datetime accessors are C macros with C casts.
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#endif

namespace pybind11::detail {

inline void ensure_datetime_api() {
  if (!PyDateTimeAPI) { PyDateTime_IMPORT; }
}

template <>
struct type_caster<boost::gregorian::date> {
  PYBIND11_TYPE_CASTER(boost::gregorian::date, const_name("datetime.date"));

  bool load(handle src, bool) {
    ensure_datetime_api();
    if (!src || !PyDate_Check(src.ptr()) || PyDateTime_Check(src.ptr())) return false;
    const int year = PyDateTime_GET_YEAR(src.ptr());
    if (year < 1900 || year > 2199) {
      throw scr::range_error("date " + str(src).cast<std::string>() +
                             " is outside the supported range 1900-01-01 to 2199-12-31");
    }
    value = boost::gregorian::date(
        static_cast<unsigned short>(PyDateTime_GET_YEAR(src.ptr())),
        static_cast<unsigned short>(PyDateTime_GET_MONTH(src.ptr())),
        static_cast<unsigned short>(PyDateTime_GET_DAY(src.ptr())));
    return true;
  }

  static handle cast(const boost::gregorian::date& d, return_value_policy, handle) {
    ensure_datetime_api();
    if (d.is_special()) return none().release();
    const auto ymd = d.year_month_day();
    return PyDate_FromDate(ymd.year, ymd.month, ymd.day);
  }
};

template <>
struct type_caster<boost::posix_time::ptime> {
  PYBIND11_TYPE_CASTER(boost::posix_time::ptime, const_name("datetime.datetime"));

  bool load(handle src, bool) {
    ensure_datetime_api();
    if (!src || !PyDateTime_Check(src.ptr())) return false;
    PyObject* p = src.ptr();
    const auto out_of_range = [&] {
      return scr::range_error("instant " + str(src).cast<std::string>() + " is outside the supported range");
    };
    // The wall-clock fields as given, then the offset the datetime's zone
    // gives for them (its fold included): the instant is the one
    // astimezone(timezone.utc) would give, read without making that object.
#if PY_VERSION_HEX >= 0x030A0000
    PyObject* tz = PyDateTime_DATE_GET_TZINFO(p);  // borrowed
#else
    const object tz_object = reinterpret_borrow<object>(src).attr("tzinfo");
    PyObject* tz = tz_object.ptr();
#endif
    std::int64_t offset_us = 0;
    if (tz != PyDateTime_TimeZone_UTC) {
      const object offset = tz == Py_None ? none() : reinterpret_borrow<object>(src).attr("utcoffset")();
      if (offset.is_none()) {
        throw type_error("a naive datetime has no zone: give tzinfo, e.g. "
                         "datetime(2024, 5, 24, 17, 0, tzinfo=timezone.utc)");
      }
      if (!PyDelta_Check(offset.ptr())) throw type_error("utcoffset() did not return a timedelta");
      offset_us = (std::int64_t{PyDateTime_DELTA_GET_DAYS(offset.ptr())} * 86400 +
                   PyDateTime_DELTA_GET_SECONDS(offset.ptr())) * 1000000 +
                  PyDateTime_DELTA_GET_MICROSECONDS(offset.ptr());
    }
    const int local_year = PyDateTime_GET_YEAR(p);
    // A zone's offset is under a day: outside these years the UTC year is too.
    if (local_year < 1899 || local_year > 2200) throw out_of_range();
    const boost::posix_time::ptime local(
        boost::gregorian::date(static_cast<unsigned short>(local_year),
                               static_cast<unsigned short>(PyDateTime_GET_MONTH(p)),
                               static_cast<unsigned short>(PyDateTime_GET_DAY(p))),
        boost::posix_time::hours(PyDateTime_DATE_GET_HOUR(p)) +
            boost::posix_time::minutes(PyDateTime_DATE_GET_MINUTE(p)) +
            boost::posix_time::seconds(PyDateTime_DATE_GET_SECOND(p)) +
            boost::posix_time::microseconds(PyDateTime_DATE_GET_MICROSECOND(p)));
    value = local - boost::posix_time::microseconds(offset_us);
    const int year = value.date().year();
    if (year < 1900 || year > 2199) throw out_of_range();
    return true;
  }

  static handle cast(const boost::posix_time::ptime& t, return_value_policy, handle) {
    ensure_datetime_api();
    if (t.is_special()) return none().release();
    const auto ymd = t.date().year_month_day();
    const auto tod = t.time_of_day();
    return PyDateTimeAPI->DateTime_FromDateAndTime(
        ymd.year, ymd.month, ymd.day, static_cast<int>(tod.hours()),
        static_cast<int>(tod.minutes()), static_cast<int>(tod.seconds()),
        static_cast<int>(tod.fractional_seconds()), PyDateTime_TimeZone_UTC,
        PyDateTimeAPI->DateTimeType);
  }
};

}  // namespace pybind11::detail

#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
