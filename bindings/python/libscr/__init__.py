"""libscr: workflow and deadline engine for safeguarding case reviews.

>>> import datetime as dt
>>> from libscr import Calendar
>>> ew = Calendar.england_and_wales()
>>> ew.add_working_days(dt.date(2022, 6, 4), 5)
datetime.date(2022, 6, 10)
>>> ew.due(dt.date(2024, 1, 31), "1 month")
datetime.date(2024, 2, 29)
"""

from __future__ import annotations

from . import _core
from ._core import Holiday, Timescale, TimeUnit
from .calendar import WEEKDAY_NAMES, Calendar, add_months, parse_date
from .chronology import (
    Acronym,
    AgencyChronology,
    ChronologyCheck,
    ChronologyEntry,
    ChronologyFormat,
    ChronologyIssue,
    ChronologySetup,
    ChronologyTable,
    MultiAgencyChronology,
    check_chronology,
    read_chronology,
    read_chronology_bytes,
)
from .errors import (
    AgencyError,
    ConcurrencyError,
    ConflictError,
    DataError,
    DefinitionError,
    Error,
    GuardError,
    InputError,
    PrerequisiteError,
    RangeError,
    RoleError,
    RuleError,
    StoreError,
    TransitionError,
)
from .procedure import Procedure, ProcedureChange
from .review import Actor, Review
from .store import (
    DueItem,
    EventRow,
    HeadlineCompliance,
    RetentionItem,
    ReviewSummary,
    Store,
    ChronologySubmission,
    StoredEvent,
    Tombstone,
    VerifyResult,
    LedgerHead,
    LedgerEntry,
    StoreVerifyResult,
    RepairResult,
    CopyResult,
    LoginGrant,
    ReviewImport,
    LoadedReview,
    StepLoad,
)
from .action_plans import (
    ActionInput,
    ActionPlan,
    ActionPlanBinding,
    AssuranceReport,
    ByWhen,
    PlanSheet,
    RecommendationInput,
    assure,
    read_plan,
    write_plan,
)
from . import action_plans, chronology, reports

__version__: str = _core.__version__

__all__ = [
    "Acronym",
    "ActionInput",
    "ActionPlan",
    "ActionPlanBinding",
    "AssuranceReport",
    "ByWhen",
    "PlanSheet",
    "RecommendationInput",
    "action_plans",
    "assure",
    "read_plan",
    "write_plan",
    "Actor",
    "AgencyChronology",
    "AgencyError",
    "Calendar",
    "ChronologyCheck",
    "ChronologyEntry",
    "ChronologyFormat",
    "ChronologyIssue",
    "ChronologySetup",
    "ChronologySubmission",
    "ChronologyTable",
    "ConcurrencyError",
    "ConflictError",
    "DataError",
    "DefinitionError",
    "DueItem",
    "Error",
    "EventRow",
    "GuardError",
    "HeadlineCompliance",
    "Holiday",
    "InputError",
    "PrerequisiteError",
    "Procedure",
    "ProcedureChange",
    "RangeError",
    "RetentionItem",
    "Review",
    "ReviewSummary",
    "RoleError",
    "RuleError",
    "Store",
    "StoreError",
    "StoredEvent",
    "TimeUnit",
    "Timescale",
    "Tombstone",
    "TransitionError",
    "VerifyResult",
    "LedgerHead",
    "LedgerEntry",
    "StoreVerifyResult",
    "RepairResult",
    "CopyResult",
    "LoginGrant",
    "ReviewImport",
    "LoadedReview",
    "StepLoad",
    "MultiAgencyChronology",
    "WEEKDAY_NAMES",
    "add_months",
    "check_chronology",
    "chronology",
    "parse_date",
    "read_chronology",
    "read_chronology_bytes",
    "reports",
    "__version__",
]
