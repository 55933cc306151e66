"""The engine's shared state and money helpers: one Context per computation."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ..model import Record
from ..workdays import WorkingDays


CENT = Decimal("0.01")
METRICS_VERSION = 1


def money(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def yuan(value: Decimal) -> str:
    return f"{money(value):.2f}"


def duration_seconds(spec: dict) -> int:
    unit, amount = next(iter(spec.items()))
    return amount * {"minutes": 60, "hours": 3600, "days": 86400}[unit]


def ref(rec: Record) -> dict:
    return {"id": rec.id, "file": rec.file}


@dataclass
class Context:
    contract: Record
    records: list[Record]
    as_of: date
    tz: ZoneInfo
    days: WorkingDays
    cutoff: datetime  # the end of the as-of day: later events have not happened
    value: Decimal
    by_kind: dict[str, list[Record]]
    pauses: tuple
    ledger: list[dict]
    nonconformities: list[dict]

    def happened(self, moment: Any) -> bool:
        if isinstance(moment, datetime):
            return moment < self.cutoff
        if isinstance(moment, date):
            return moment <= self.as_of
        return False

    def local_date(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def penalty(self, clause: str) -> dict | None:
        return next((p for p in self.contract["penalties"] if p["clause"] == clause), None)

    def charge(self, clause: str, amount: Decimal, formula: str, on: date, records: list[dict], subject: str,
               rule: str) -> None:
        self.ledger.append({"clause": clause, "rule": rule, "amount": yuan(amount), "formula": formula,
                            "date": on.isoformat(), "records": records, "subject": subject})

    def nonconform(self, rule: str, clause: str, on: date, subject: str, records: list[dict], **extra: Any) -> None:
        self.nonconformities.append({"rule": rule, "clause": clause, "date": on.isoformat(), "subject": subject,
                                     "records": records, **extra})
