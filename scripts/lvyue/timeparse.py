"""Dates and times as records write them, parsed by us rather than by YAML.

A record time is ``YYYY-MM-DD HH:MM[:SS]`` with an optional ``Z`` or ``±HH:MM``
offset (``T`` may replace the space). Without an offset it is local time in
the contract's time zone, unless the contract data sets ``naive_times:
reject``. The result is always timezone-aware, so the machine's own TZ never
leaks into a computation.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

_DT_RE = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?(Z|[+-]\d{2}:\d{2})?\Z"
)
_DATE_RE = re.compile(r"(\d{4})-(\d{2})-(\d{2})\Z")


class TimeError(ValueError):
    """The text looks like a time but is not a real one, or lacks a required offset."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def parse_date(text: str) -> date:
    m = _DATE_RE.match(text)
    if not m:
        raise TimeError("format")
    try:
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise TimeError("format") from None


def parse_datetime(text: str, tz: ZoneInfo, naive_ok: bool = True) -> datetime:
    m = _DT_RE.match(text)
    if not m:
        raise TimeError("format")
    try:
        base = datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0))
    except ValueError:
        raise TimeError("format") from None
    off = m[7]
    if off is None:
        if not naive_ok:
            raise TimeError("naive")
        return base.replace(tzinfo=tz)
    if off == "Z":
        return base.replace(tzinfo=timezone.utc)
    sign = 1 if off[0] == "+" else -1
    hours, minutes = int(off[1:3]), int(off[4:6])
    if hours > 23 or minutes > 59:
        raise TimeError("format")
    return base.replace(tzinfo=timezone(sign * timedelta(hours=hours, minutes=minutes)))


def is_date(text: str) -> bool:
    try:
        parse_date(text)
    except TimeError:
        return False
    return True
