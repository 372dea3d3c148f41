"""Date arithmetic of the HUD reporting specifications (birthday arithmetic, PIT dates)."""

from __future__ import annotations

import datetime as dt

__all__ = ["add_years", "last_wednesday", "pit_dates", "years_between"]


def years_between(earlier: dt.date, later: dt.date) -> int:
    """Completed years from ``earlier`` to ``later`` (birthday arithmetic, not days/365).

    A birthday on 29 February is reached on 1 March in common years.

    >>> years_between(dt.date(2000, 6, 30), dt.date(2024, 6, 29))
    23
    >>> years_between(dt.date(2000, 6, 30), dt.date(2024, 6, 30))
    24
    >>> years_between(dt.date(2000, 2, 29), dt.date(2001, 2, 28))
    0
    """
    years = later.year - earlier.year
    if (later.month, later.day) < (earlier.month, earlier.day):
        years -= 1
    return years


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by ``years``; 29 February becomes 28 February in common years.

    >>> add_years(dt.date(2020, 2, 29), 1)
    datetime.date(2021, 2, 28)
    """
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_wednesday(year: int, month: int) -> dt.date:
    """The last Wednesday of a month.

    >>> last_wednesday(2022, 1)
    datetime.date(2022, 1, 26)
    """
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    last = following - dt.timedelta(days=1)
    return last - dt.timedelta(days=(last.weekday() - 2) % 7)


def pit_dates(start: dt.date, end: dt.date) -> dict[int, dt.date | None]:
    """Point-in-time dates of Q7b/Q8b: for January, April, July and October, the last
    Wednesday of that month inside the report range — the latest one when the range holds the
    month more than once — or None (APR_CAPER.md §2.14).

    >>> [str(d) for d in pit_dates(dt.date(2021, 10, 1), dt.date(2022, 9, 30)).values()]
    ['2022-01-26', '2022-04-27', '2022-07-27', '2021-10-27']
    """
    out: dict[int, dt.date | None] = {}
    for month in (1, 4, 7, 10):
        found = None
        for year in range(end.year, start.year - 1, -1):
            day = last_wednesday(year, month)
            if start <= day <= end:
                found = day
                break
        out[month] = found
    return out
