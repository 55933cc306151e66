"""Typed records: what the engine sees after loading and validation.

A record keeps its data as the schema shaped it, with dates, times and money
already converted, plus where it came from, so that every figure computed
from it can name its file.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Mapping
from zoneinfo import ZoneInfo

from . import timeparse


@dataclass(frozen=True)
class Record:
    id: str
    kind: str
    file: str  # path relative to the repository root, e.g. records/tickets/2024-07/T-….yaml
    data: Mapping[str, Any] = field(repr=False)

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def __getitem__(self, key: str) -> Any:
        return self.data[key]


def convert(data: Any, kinds: dict[tuple, str], tz: ZoneInfo, naive_ok: bool) -> Any:
    """Return a copy of `data` with the schema's date and time fields parsed."""
    if not kinds:
        return data
    tree: dict = {}
    for path, kind in kinds.items():
        node = tree
        for part in path[:-1]:
            node = node.setdefault(part, {})
        node.setdefault(path[-1] if path else "", {})["."] = kind
    return _convert(data, tree, tz, naive_ok)


def _convert(value: Any, tree: dict, tz: ZoneInfo, naive_ok: bool) -> Any:
    kind = tree.get(".")
    if kind is not None and isinstance(value, str):
        try:
            if kind == "date":
                return timeparse.parse_date(value)
            return timeparse.parse_datetime(value, tz, naive_ok)
        except timeparse.TimeError:
            return value  # the schema already reported it
    if isinstance(value, dict):
        out = {}
        for k, v in value.items():
            sub = tree.get(k)
            out[k] = _convert(v, sub, tz, naive_ok) if sub else v
        return out
    if isinstance(value, list):
        sub = tree.get("*")
        return [_convert(v, sub, tz, naive_ok) for v in value] if sub else value
    return value


def as_date(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value
