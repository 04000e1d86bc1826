"""Every Python example in examples/ runs and prints what it promises.

Expected dates are worked out by hand (docs/deadline-rules.md, rules 1, 3
and 4); see test_calendar.py for the same cases in detail.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(EXAMPLES.glob("*.py"))

# Lines each example must print (regular expressions, matched per line).
EXPECTED = {
    "working_days.py": [
        # rule 4: 14:30Z + 72 hours = 17 Sep 14:30Z, 15:30 BST
        r"^Part 1 referral form, within 72 hours \(001:735\)\s+2022-09-17 15:30 London$",
        # rule 1: Fri 16 Sep 2022 + 1 working day skips the State Funeral (Mon 19 Sep)
        r"^Letter to agencies, within 1 working day \(001:348\)\s+2022-09-20 \(Tuesday\)$",
        r"^Agencies confirm involvement, 3 working days \(001:857\)\s+2022-09-23 \(Friday\)$",
        r"^Report to the LSCB Chair, 10 working days \(003:74\)\s+2022-10-03 \(Monday\)$",
        # rule 3: one month from 16 Sep is 16 Oct (a Sunday, not rolled)
        r"^Decision whether to hold an SCR, 1 month \(001:392\)\s+2022-10-16 \(Sunday\)$",
        r"^SCR complete, 6 months from the decision \(001:216\)\s+2023-04-16 \(Sunday\)$",
        # vectorised: rule 1's example, Sat 4 Jun 2022 + 5 = Fri 10 Jun 2022
        r"^2022-06-04\s+2022-06-10$",
        r"^2022-12-23\s+2023-01-04$",
        r"^2023-05-05\s+2023-05-15$",
        r"^NaT\s+NaT$",
    ],
    "compliance_summary.py": [
        r"^Compliance of the 4 reviews opened 2023-01-01 to 2023-12-31 \(:memory:\)$",
        # A, B and C decided; B on 12 July, a week after its month ran out
        # on 5 July (001:392, 001:851); D still open.
        r"^decision\s+4 reviews  3 completed  2 on time \(67%\)  1 late  1 open  0 extended$",
        # C was not held: three completions, none yet; B's extended.
        r"^completion\s+3 reviews  0 completed  0 on time \(-\)  0 late  3 open  1 extended$",
        r"^  Child B  decision due 2023-07-05, done 2023-07-12: late by 7 days$",
    ],
    "todays_reviews.py": [
        # Each review run to its end: the partners close Child R once its one
        # action is signed off; the DHR and the SAR end with publication.
        r"^Child R \(england-2023-lcspr\): closed on 2025-01-06$",
        # Aware on Good Friday 2024: 5 working days skip Easter Monday (1 April).
        r"^  panel_notification\s+due 2024-04-08  met\s+statutory guidance$",
        # 15 working days from Wednesday 3 April.
        r"^  rapid_review\s+due 2024-04-24  met\s+national guidance$",
        # Six months from the decision of 22 April 2024.
        r"^  lcspr_completed\s+due 2024-10-22  met\s+local practice$",
        # 7 working days before the publication of Monday 14 October.
        r"^  copy_to_panel_and_secretary_of_state\s+due 2024-10-03  met\s+not confirmed$",
        r"^DHR Adult A \(england-wales-2016-dhr\): published on 2025-10-06$",
        # One month from the notification of 27 December 2024; six months from
        # the decision of 20 January 2025, met by the submission of 7 July.
        r"^  decision\s+due 2025-01-27  met\s+local practice$",
        r"^  completion\s+due 2025-07-20  met\s+local practice$",
        r"^SAR Adult C \(england-2014-sar\): published on 2025-12-15$",
        # The SAB's two-month target from 17 April 2025; six months from 10 June.
        r"^  decision\s+due 2025-06-17  met\s+local practice$",
        r"^  completion\s+due 2025-12-10  met\s+not confirmed$",
    ],
    # 26 referrals every other Monday from 8 January 2024; review k (0, 1,
    # ...) decided 17 days after its referral, or 40 (late: the decision is
    # due a month after it) when k % 4 == 3; nothing after 31 December.
    "analyst_year.py": [
        # 23 reviews with all 10 steps; Child 24 (k 23: referred 25 November,
        # decided 4 January 2025) and Child 26 (23 December) have 4, Child 25
        # (9 December, decided 26 December, commissioned 2 January) has 8.
        r"^Loaded 26 reviews \(246 events\) under solihull-2011-scr$",
        # 24 decided in 2024, of them k = 3, 7, 11, 15 and 19 late.
        r"^Decisions made in 2024: 24, 19 within the statutory month \(79%\)$",
        # By the month decided, not referred: in March, k 3 (referred 19
        # February, decided 30 March, late) and k 4 (4 March, 21 March).
        r"^2024-03\s+2\s+1\s+1\s+50$",
        # May: k 7 (late, 25 May), k 8 (16 May), k 9 (30 May).
        r"^2024-05\s+3\s+2\s+1\s+67$",
        r"^2024-12\s+1\s+1\s+0\s+100$",
        # Child 24's decision was due 25 December: 6 days late at the year's end.
        r"decisions overdue: Child 24 \(6 days\)$",
        # Each review's incident notice (the administrator's, the review's own
        # item: no agency) is overdue, the last due 30 December.
        r"^\(review\)\s+26\s",
        # The chair's 7 steps a review, less 4 of Child 24 and of Child 26
        # after the year's end: 10 in January (7 of Child 01, 3 of Child 02).
        r"^A\. Patel\s+10\s+14\s+12\s+18\s+17\s+12\s+18\s+10\s+20\s+12\s+19\s+12\s+174$",
        # The business manager's confirmations, 3 days after each referral.
        r"^L\. Green\s+2\s+2\s+2\s+2\s+3\s+2\s+2\s+2\s+2\s+3\s+2\s+2\s+26$",
        r"^total\s+12\s+21\s+17\s+26\s+22\s+20\s+24\s+16\s+28\s+17\s+27\s+16\s+246$",
    ],
}


def test_there_are_python_examples():
    assert SCRIPTS, f"no Python examples in {EXAMPLES}"
    assert "working_days.py" in {p.name for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_example_runs(script):
    result = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=EXAMPLES.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the example printed nothing"
    lines = result.stdout.splitlines()
    for pattern in EXPECTED.get(script.name, []):
        assert any(re.search(pattern, line) for line in lines), (
            f"{script.name}: no line matches {pattern!r}\n{result.stdout}"
        )
