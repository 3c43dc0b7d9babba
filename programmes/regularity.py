"""Monthly regularity of a duo, in Python (the duo's page); `DuoQuerySet.with_regularity`
computes the same in SQL for the figures, and the tests check both agree.

A duo's months are counted from its start, each from the start itself (not chained):
started on 31 January 2024, its months begin on 31/01, 29/02, 31/03, 30/04, 31/05, 30/06
and it ends as planned on 31/07. Calendar months are used for the flag "no meeting this
month".
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

from programmes.models import DUO_MONTHS, month_starts


@dataclass(frozen=True)
class DuoMonth:
    number: int
    start: datetime.date
    end: datetime.date  # excluded
    meetings: int

    @property
    def last_day(self):
        return self.end - datetime.timedelta(days=1)


def duo_months(started_on, meeting_dates):
    months = []
    for k in range(DUO_MONTHS):
        start = started_on + relativedelta(months=k)
        end = started_on + relativedelta(months=k + 1)
        count = sum(1 for day in meeting_dates if start <= day < end)
        months.append(DuoMonth(k + 1, start, end, count))
    return months


def is_completed(started_on, ended_on, meeting_dates, today):
    planned_end = started_on + relativedelta(months=DUO_MONTHS)
    ran = (ended_on or today) >= planned_end
    return ran and all(month.meetings for month in duo_months(started_on, meeting_dates))


def calendar_months_without_meeting(started_on, ended_on, meeting_dates, today):
    """Calendar months of the duo's life (to its end or today) with no meeting."""
    end = min(ended_on or today, today)
    met = {day.replace(day=1) for day in meeting_dates}
    return [month for month in month_starts(started_on, end) if month not in met]
