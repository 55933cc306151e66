"""The contract engine: (contract, records, as-of date) -> where every obligation stands.

Pure: no I/O, no clock reads; the as-of date is an argument and the output is
plain data (strings, numbers, lists, dicts) in a stable order, so the same
inputs give byte-identical metrics.json. Every number of the contract comes
from the contract record; every ledger line names the clause, the formula in
words and the records it rests on.

What is not yet due on the as-of date is not late; events after the as-of
date have not happened yet.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from ..clock import merge
from ..model import Record
from ..workdays import WorkingDays
from .context import METRICS_VERSION, Context, yuan
from .incidents import certificates, force_majeure_windows, incidents
from .ledger import ledger_summary, upcoming
from .payments import payments
from .rectifications import breaches, rectifications
from .schedules import deliverables, schedules
from .staffing import staffing
from .tickets import nine_two, service_levels


def compute(contract: Record, records: Iterable[Record], as_of: date) -> dict:
    """Everything the dashboard and the CLI show, as of the end of `as_of`."""
    c = contract.data
    tz = ZoneInfo(c["time_zone"])
    recs = sorted(records, key=lambda r: (r.kind, r.id))
    by_kind: dict[str, list[Record]] = defaultdict(list)
    for rec in recs:
        by_kind[rec.kind].append(rec)
    days = WorkingDays.from_contract(c["calendar"])
    cutoff = datetime.combine(as_of + timedelta(days=1), time(0), tz)
    ctx = Context(contract, recs, as_of, tz, days, cutoff, Decimal(c["value"]["amount"]), by_kind,
                  (), [], [])
    ctx.pauses = tuple(merge(force_majeure_windows(ctx)))
    out: dict[str, Any] = {"schema_version": METRICS_VERSION, "as_of": as_of.isoformat()}
    out["contract"] = {"id": contract.id, "title": c["title"], "file": contract.file,
                       "term": {"start": c["term"]["start"].isoformat(), "end": c["term"]["end"].isoformat()},
                       "value": yuan(ctx.value), "client": c["parties"]["client"]["name"],
                       "vendor": c["parties"]["vendor"]["name"],
                       "term_progress": term_progress(c, as_of)}
    out["service_levels"] = service_levels(ctx)
    out["nine_two"] = nine_two(ctx, out["service_levels"]["results"])
    out["schedules"] = schedules(ctx)
    out["deliverables"] = deliverables(ctx)
    out["rectifications"] = rectifications(ctx)
    out["breaches"] = breaches(ctx)
    out["staffing"] = staffing(ctx)
    out["certificates"] = certificates(ctx)
    out["incidents"] = incidents(ctx)
    out["payments"] = payments(ctx)
    out["upcoming"] = upcoming(ctx, out)
    out["ledger"] = ledger_summary(ctx)
    out["nonconformities"] = sorted(ctx.nonconformities, key=lambda n: (n["date"], n["rule"], n["subject"]))
    return out


def term_progress(c: dict, as_of: date) -> dict:
    start, end = c["term"]["start"], c["term"]["end"]
    total = (end - start).days + 1
    elapsed = max(0, min(total, (as_of - start).days + 1))
    return {"days_total": total, "days_elapsed": elapsed}
