import datetime as dt
import libscr
def test_rule1():
    assert libscr.Calendar.england_and_wales().add_working_days(dt.date(2022, 6, 4), 5) == dt.date(2022, 6, 10)
