"""Which days are working days: China's official calendar plus the contract's overrides.

chinesecalendar knows each year's holidays and make-up working days (调休) as
published by the State Council. The contract data may add or override days,
which is how a year the package does not cover yet gets served. A day that no
source covers is an error naming the date: we never guess Monday to Friday.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import chinese_calendar


class CalendarGap(Exception):
    """No calendar covers this day."""

    def __init__(self, day: date):
        super().__init__(day.isoformat())
        self.day = day


@lru_cache(maxsize=None)
def _china(day: date) -> bool:
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        raise CalendarGap(day) from None


@dataclass(frozen=True)
class WorkingDays:
    source: str = "china"  # "china" or "weekdays"
    extra_working: frozenset[date] = field(default_factory=frozenset)
    extra_rest: frozenset[date] = field(default_factory=frozenset)

    def is_working(self, day: date) -> bool:
        if day in self.extra_working:
            return True
        if day in self.extra_rest:
            return False
        if self.source == "weekdays":
            return day.weekday() < 5
        return _china(day)

    @classmethod
    def from_contract(cls, calendar: dict) -> "WorkingDays":
        return cls(calendar.get("working_days", "china"),
                   frozenset(calendar.get("extra_working_days") or ()),
                   frozenset(calendar.get("extra_rest_days") or ()))
