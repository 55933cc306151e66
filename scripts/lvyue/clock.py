"""Service-level clocks as interval arithmetic, exact to the second.

A clock is the set of instants that count: all of them (7×24) or the business
hours of working days, minus every confirmed force-majeure window (clause
十.2 pauses every clock). Elapsed time and deadlines are both computed by
walking that set's half-open intervals in order — one mechanism, no step
loops, months-long spans cost one interval per working period.
"""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Iterator, Sequence
from zoneinfo import ZoneInfo

from .workdays import WorkingDays

Interval = tuple[datetime, datetime]


def merge(intervals: Sequence[Interval]) -> list[Interval]:
    """Sorted, non-overlapping union of half-open intervals."""
    out: list[Interval] = []
    for start, stop in sorted(intervals):
        if stop <= start:
            continue
        if out and start <= out[-1][1]:
            if stop > out[-1][1]:
                out[-1] = (out[-1][0], stop)
        else:
            out.append((start, stop))
    return out


def subtract(segment: Interval, holes: Sequence[Interval]) -> Iterator[Interval]:
    """`segment` minus merged, sorted `holes`."""
    start, stop = segment
    for h_start, h_stop in holes:
        if h_stop <= start:
            continue
        if h_start >= stop:
            break
        if h_start > start:
            yield (start, h_start)
        start = max(start, h_stop)
        if start >= stop:
            return
    if start < stop:
        yield (start, stop)


@dataclass(frozen=True)
class Clock:
    kind: str  # "24x7" or "business"
    tz: ZoneInfo
    days: WorkingDays = field(default_factory=WorkingDays)
    hours: tuple[tuple[timedelta, timedelta], ...] = ()  # offsets from midnight
    pauses: tuple[Interval, ...] = ()  # merged

    def segments(self, start: datetime) -> Iterator[Interval]:
        """Counting intervals from `start` on, in order, forever."""
        if self.kind == "24x7":
            far = datetime.max.replace(tzinfo=self.tz) - timedelta(days=2)
            yield from subtract((start, far), self.pauses)
            return
        day = start.astimezone(self.tz).date()
        while True:
            if self.days.is_working(day):
                for h_start, h_stop in self.hours:
                    seg_start = _at(day, h_start, self.tz)
                    seg_stop = _at(day, h_stop, self.tz)
                    if seg_stop <= start:
                        continue
                    yield from subtract((max(seg_start, start), seg_stop), self.pauses)
            day += timedelta(days=1)

    def elapsed(self, start: datetime, stop: datetime) -> int:
        """Counting seconds in [start, stop)."""
        if stop <= start:
            return 0
        total = 0
        for seg_start, seg_stop in self.segments(start):
            if seg_start >= stop:
                break
            total += _seconds(seg_start, min(seg_stop, stop))
        return total

    def deadline(self, start: datetime, seconds: int) -> datetime:
        """The instant at which `seconds` of counting time have passed since `start`."""
        remaining = seconds
        for seg_start, seg_stop in self.segments(start):
            length = _seconds(seg_start, seg_stop)
            if remaining <= length:
                return seg_start + timedelta(seconds=remaining)
            remaining -= length
        raise AssertionError("unreachable: segments never end")


def _at(day: date, offset: timedelta, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time(0), tz) + offset


def _seconds(a: datetime, b: datetime) -> int:
    return int((b - a).total_seconds())


def parse_hours(pairs: Sequence[Sequence[str]]) -> tuple[tuple[timedelta, timedelta], ...]:
    """["09:00", "12:00"] pairs as offsets from midnight ("24:00" allowed as an end)."""
    def offset(text: str) -> timedelta:
        hours, minutes = text.split(":")
        return timedelta(hours=int(hours), minutes=int(minutes))
    return tuple(sorted((offset(b), offset(e)) for b, e in pairs))


def add_working_days(days: WorkingDays, start: date, n: int) -> date:
    """The n-th working day after `start` (the start day itself is not counted)."""
    day, counted = start, 0
    while counted < n:
        day += timedelta(days=1)
        if days.is_working(day):
            counted += 1
    return day


def calendar_deadline(days: WorkingDays, start: date, n: int) -> date:
    """`n` days after `start`, moved to the next working day if it falls on a rest day (Civil Code)."""
    due = start + timedelta(days=n)
    while not days.is_working(due):
        due += timedelta(days=1)
    return due


def working_days_between(days: WorkingDays, first: date, last: date) -> int:
    """Working days in the closed range [first, last]."""
    count, day = 0, first
    while day <= last:
        count += days.is_working(day)
        day += timedelta(days=1)
    return count


def add_months(day: date, months: int) -> date:
    """The same day `months` later, clipped to the month's last day (01-31 + 1 month = 02-28/29)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def calendar_months(start: date, end: date) -> list[date]:
    """The first day of every calendar month that [start, end] touches."""
    out, d = [], date(start.year, start.month, 1)
    while d <= end:
        out.append(d)
        d = add_months(d, 1)
    return out


def month_periods(start: date, end: date, months: int) -> list[tuple[date, date]]:
    """Consecutive closed periods of `months` months from `start`, the last clipped to `end`."""
    out, k = [], 0
    while add_months(start, k * months) <= end:
        begin = add_months(start, k * months)
        out.append((begin, min(add_months(start, (k + 1) * months) - timedelta(days=1), end)))
        k += 1
    return out
