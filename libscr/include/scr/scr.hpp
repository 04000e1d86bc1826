#pragma once
// libscr: workflow and deadline engine for safeguarding case reviews.
// This umbrella header includes every public header.

#include "scr/action_plan.hpp"
#include "scr/calendar.hpp"
#include "scr/chronology.hpp"
#include "scr/date.hpp"
#include "scr/error.hpp"
#include "scr/export.hpp"
#include "scr/procedure.hpp"
#include "scr/report.hpp"
#include "scr/migration.hpp"
#include "scr/review.hpp"
#include "scr/store.hpp"
#include "scr/bulk_load.hpp"
#include "scr/timescale.hpp"
#include "scr/version.hpp"
