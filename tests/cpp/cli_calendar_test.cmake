# Runs the real `scr` executable and checks stdout, stderr and exit codes of
# `scr calendar ...`.
#
#   cmake -DSCR=<path to scr> -DDATA=<tests/data> -P cli_calendar_test.cmake
#
# Exit codes (libscr/cli/main.cpp): 0 done; 1 refused by the rules; 2 bad usage
# or bad input. Expected dates are worked out by hand from the deadline rules
# in docs/deadline-rules.md (rule N below); the gov.uk file is
# tests/data/govuk-bank-holidays-2010-2027.json, written from
# https://www.gov.uk/bank-holidays.json.

cmake_minimum_required(VERSION 3.21)

if(NOT DEFINED SCR OR NOT EXISTS "${SCR}")
  message(FATAL_ERROR "cli_calendar_test: pass -DSCR=<path to the scr executable> (got '${SCR}')")
endif()
if(NOT DEFINED DATA OR NOT IS_DIRECTORY "${DATA}")
  message(FATAL_ERROR "cli_calendar_test: pass -DDATA=<tests/data directory> (got '${DATA}')")
endif()
set(GOVUK "${DATA}/govuk-bank-holidays-2010-2027.json")
if(NOT EXISTS "${GOVUK}")
  message(FATAL_ERROR "cli_calendar_test: missing ${GOVUK}")
endif()

set(failures 0)

include("${CMAKE_CURRENT_LIST_DIR}/cli_check.cmake")

# --- add: rule 1 worked example (Sat 4 June 2022 + 5 working days = Fri 10 June;
#     2 and 3 June 2022 were bank holidays).
check(NAME add_iso
  ARGS calendar add 2022-06-04 "5 working days"
  STDOUT "2022-06-10\n" STDERR_EMPTY)
check(NAME add_day_first_slashes
  ARGS calendar add 04/06/2022 "5 working days"
  STDOUT "2022-06-10\n" STDERR_EMPTY)
check(NAME add_day_first_two_digit_year
  ARGS calendar add 04.06.22 "5 working days"
  STDOUT "2022-06-10\n" STDERR_EMPTY)
# Timescale text is case- and space-tolerant.
check(NAME add_timescale_case
  ARGS calendar add 2022-06-04 "  5 Working Days "
  STDOUT "2022-06-10\n" STDERR_EMPTY)
# 001:348 "within 1 working day": Fri 16 Sep 2022 -> Tue 20 Sep (19th: State Funeral).
check(NAME add_state_funeral
  ARGS calendar add 2022-09-16 "1 working day"
  STDOUT "2022-09-20\n" STDERR_EMPTY)
# Rule 3 (Dodds v Walker): 30 Sep 1978 + 4 months = 30 Jan 1979.
check(NAME add_months_dodds_v_walker
  ARGS calendar add 1978-09-30 "4 months"
  STDOUT "1979-01-30\n" STDERR_EMPTY)
check(NAME add_month_end
  ARGS calendar add 2023-01-31 "1 month"
  STDOUT "2023-02-28\n" STDERR_EMPTY)
# Rule 2: 4 weeks = 28 days.
check(NAME add_weeks
  ARGS calendar add 2004-05-24 "4 weeks"
  STDOUT "2004-06-21\n" STDERR_EMPTY)

# --- before: rule 5 (10 June 2022 not counted: 9, 8, 7, 6, [3, 2 holidays], 1 June).
check(NAME before_working_days
  ARGS calendar before 2022-06-10 "5 working days"
  STDOUT "2022-06-01\n" STDERR_EMPTY)
check(NAME before_weeks
  ARGS calendar before 2004-06-10 "2 weeks"
  STDOUT "2004-05-27\n" STDERR_EMPTY)
check(NAME before_month
  ARGS calendar before 2023-03-31 "1 month"
  STDOUT "2023-02-28\n" STDERR_EMPTY)

# --- between: A not counted, B counted.
check(NAME between
  ARGS calendar between 2022-06-04 2022-06-10
  STDOUT "5\n" STDERR_EMPTY)
check(NAME between_day_first
  ARGS calendar between 04/06/2022 10/06/2022
  STDOUT "5\n" STDERR_EMPTY)
# Backwards: minus the working days in [4 June, 10 June) = 6, 7, 8, 9.
check(NAME between_backwards
  ARGS calendar between 2022-06-10 2022-06-04
  STDOUT "-4\n" STDERR_EMPTY)

# --- holidays: 2022 had 10 bank holidays in England and Wales.
check(NAME holidays_2022
  ARGS calendar holidays 2022
  STDOUT_CONTAINS "2022-01-03" "2022-04-15" "2022-04-18" "2022-05-02" "2022-06-02"
                  "2022-06-03" "2022-08-29" "2022-09-19" "2022-12-26" "2022-12-27"
                  "State Funeral"
  STDOUT_LACKS "2022-05-30" "2022-12-25"
  STDOUT_LINES 10
  STDERR_EMPTY)
check(NAME holidays_2028_is_projected
  ARGS calendar holidays 2028
  STDOUT_CONTAINS "2028-01-03"
  STDERR_CONTAINS "2027-12-31")

# --- bad input: exit 2, message on stderr quoting the input, nothing on stdout.
check(NAME bad_date
  ARGS calendar add 2024-02-30 "1 day"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "2024-02-30" "February 2024 has 29 days")
check(NAME bad_date_form
  ARGS calendar add 2024/05/24 "1 day"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "2024/05/24" "YYYY-MM-DD")
check(NAME bad_date_in_between
  ARGS calendar between 2022-06-04 31/02/2022
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "31/02/2022")
check(NAME bad_timescale
  ARGS calendar add 2024-05-24 fortnight
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "fortnight" "\"72 hours\"" "\"1 working day\"" "\"5 working days\""
                  "\"28 days\"" "\"4 weeks\"" "\"1 month\"" "\"6 months\"" "\"7 years\"")
check(NAME hours_need_an_instant
  ARGS calendar add 2024-05-24 "72 hours"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "72 hours")
check(NAME date_before_the_calendar
  ARGS calendar add 1970-12-31 "1 working day"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "1970-12-31" "England and Wales")
# A result far outside the supported range is bad input (exit 2), never a crash.
check(NAME result_out_of_range_forwards
  ARGS calendar add 2024-05-24 "99999 weeks"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "1900-01-01" "2199-12-31")
check(NAME result_out_of_range_backwards
  ARGS calendar before 2024-05-24 "40000 weeks"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "1900-01-01" "2199-12-31")
check(NAME missing_argument
  ARGS calendar add 2022-06-04
  RC 2)
check(NAME missing_subcommand
  ARGS calendar
  RC 2)

# --- a gov.uk file and its divisions.
# Fri 29 July 2022 + 1 working day: Mon 1 August is Scotland's summer bank
# holiday, not England's.
check(NAME govuk_scotland
  ARGS calendar add 2022-07-29 "1 working day" --govuk-json "${GOVUK}" --division scotland
  STDOUT "2022-08-02\n" STDERR_EMPTY)
check(NAME govuk_default_division
  ARGS calendar add 2022-07-29 "1 working day" --govuk-json "${GOVUK}"
  STDOUT "2022-08-01\n" STDERR_EMPTY)
check(NAME govuk_england_and_wales_rule_1
  ARGS calendar add 2022-06-04 "5 working days" --govuk-json "${GOVUK}"
       --division england-and-wales
  STDOUT "2022-06-10\n" STDERR_EMPTY)
check(NAME govuk_scotland_holidays
  ARGS calendar holidays 2022 --govuk-json "${GOVUK}" --division scotland
  STDOUT_CONTAINS "2022-08-01" "2022-11-30" "St Andrew"
  STDOUT_LACKS "2022-08-29" "2022-04-18"
  STDOUT_LINES 11 STDERR_EMPTY)
check(NAME govuk_unknown_division
  ARGS calendar add 2022-07-29 "1 working day" --govuk-json "${GOVUK}" --division wales
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "'wales'" "scotland" "england-and-wales")
# Without --govuk-json only the built-in England and Wales calendar exists, so
# any other division is unknown: silently answering for England and Wales
# (2022-08-01, a Scottish bank holiday) would give a Scottish user a wrong date.
check(NAME division_without_a_file_is_not_ignored
  ARGS calendar add 2022-07-29 "1 working day" --division scotland
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "scotland")
check(NAME default_division_without_a_file
  ARGS calendar add 2022-07-29 "1 working day" --division england-and-wales
  STDOUT "2022-08-01\n" STDERR_EMPTY)
check(NAME unknown_division_without_a_file
  ARGS calendar add 2022-07-29 "1 working day" --division wales
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "wales")
check(NAME govuk_missing_file
  ARGS calendar add 2022-07-29 "1 working day" --govuk-json "${DATA}/no-such-file.json"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "no-such-file.json")
check(NAME govuk_outside_the_file
  ARGS calendar between 2009-12-30 2010-01-05 --govuk-json "${GOVUK}"
  RC 2 STDOUT_EMPTY
  STDERR_CONTAINS "2009-12-30")

# --- provisional results (rule 11): England and Wales is confirmed through
# 2027-12-31. Mon 20 Dec 2027 + 10 working days: 21, 22, 23, 24, [27, 28
# substitutes], 29, 30, 31, [Mon 3 Jan 2028 New Year substitute], 4, 5, 6 Jan.
check(NAME provisional_note
  ARGS calendar add 2027-12-20 "10 working days"
  STDOUT "2028-01-06\n"
  STDERR_CONTAINS "provisional" "2027-12-31")
check(NAME provisional_calendar_days
  ARGS calendar add 2028-03-01 "1 day"
  STDOUT "2028-03-02\n"
  STDERR_CONTAINS "provisional")
check(NAME not_provisional
  ARGS calendar add 2027-12-20 "1 working day"
  STDOUT "2027-12-21\n" STDERR_EMPTY)

if(failures GREATER 0)
  message(FATAL_ERROR "cli_calendar_test: ${failures} check(s) failed")
endif()
message(STATUS "cli_calendar_test: all checks passed")
