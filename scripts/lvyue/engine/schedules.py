"""Scheduled obligations and deliverables: periods, due dates, evidence, days late."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from ..clock import month_periods
from ..model import Record, as_date
from .context import Context, money, ref, yuan


def _periods(ctx: Context, every: Any) -> list[tuple[date, date]]:
    start, end = ctx.contract["term"]["start"], ctx.contract["term"]["end"]
    if every == "working_day":
        out, day = [], start
        while day <= end:
            if ctx.days.is_working(day):
                out.append((day, day))
            day += timedelta(days=1)
        return out
    return month_periods(start, end, every["months"])


def _lateness(ctx: Context, due: date, done: date | None) -> tuple[str, int]:
    if done is not None:
        late = max(0, (done - due).days)
        return ("late" if late else "done"), late
    if ctx.as_of > due:
        return "missing", (ctx.as_of - due).days
    return "pending", 0


def _per_day(ctx: Context, clause: str | None, days_late: int, on: date, records: list[dict], subject: str) -> None:
    pen = ctx.penalty(clause) if clause else None
    if pen is None or days_late <= 0:
        return
    daily = money(ctx.value * Decimal(pen["rate"]))
    ctx.charge(clause, daily * days_late, f"{days_late} 天 × {yuan(daily)} 元", on, records, subject, pen["rule"])


def schedules(ctx: Context) -> list[dict]:
    out = []
    for sched in ctx.contract["schedules"]:
        ev = sched["evidence"]
        candidates = sorted(
            ((as_date(r[ev["at"]].astimezone(ctx.tz) if isinstance(r[ev["at"]], datetime) else r[ev["at"]]), r)
             for r in ctx.by_kind.get(ev["kind"], [])
             if all(r.get(k) == v for k, v in ev["where"].items()) and ctx.happened(r.get(ev["at"]))),
            key=lambda pair: (pair[0], pair[1].id))
        # Periods and candidates both ascend, and a candidate done before a period's
        # start can serve no later period: one pointer walks them together.
        next_free = 0
        periods = []
        for begin, end in _periods(ctx, sched["every"]):
            while next_free < len(candidates) and candidates[next_free][0] < begin:
                next_free += 1
            match = None
            if next_free < len(candidates) and (sched["late_allowed"] or candidates[next_free][0] <= end):
                match = candidates[next_free]
                next_free += 1
            status, late = _lateness(ctx, end, match[0] if match else None)
            period = {"start": begin.isoformat(), "due": end.isoformat(), "status": status, "days_late": late,
                      "done": match[0].isoformat() if match else None, "evidence": ref(match[1]) if match else None}
            periods.append(period)
            if status in ("late", "missing"):
                subject = f"{sched['name']}（{begin} 至 {end}）"
                records = [ref(match[1])] if match else []
                on = match[0] if match else ctx.as_of
                if sched["penalty"]:
                    _per_day(ctx, sched["penalty"], late, on, records, subject)
                else:
                    ctx.nonconform(sched["key"], sched["clause"], end, subject + " 未完成", records)
        due_now = [p for p in periods if p["status"] != "pending"]
        out.append({"key": sched["key"], "name": sched["name"], "clause": sched["clause"],
                    "penalty": sched["penalty"], "reading": sched.get("reading", ""), "periods": periods,
                    "due": len(due_now), "done": sum(p["status"] in ("done", "late") for p in due_now),
                    "on_time": sum(p["status"] == "done" for p in due_now),
                    "missing": sum(p["status"] == "missing" for p in due_now)})
    return out


def deliverables(ctx: Context) -> list[dict]:
    out = []
    delivered: dict[str, list[Record]] = defaultdict(list)
    for rec in ctx.by_kind.get("deliverable", []):
        if ctx.happened(rec["delivered_at"]):
            delivered[rec["item"]].append(rec)
    for item in ctx.contract["deliverables"]:
        recs = sorted(delivered.get(item["key"], []), key=lambda r: r["delivered_at"])
        first = recs[0] if recs else None
        done = ctx.local_date(first["delivered_at"]) if first else None
        status, late = _lateness(ctx, item["due"], done)
        if status in ("late", "missing"):
            _per_day(ctx, item["penalty"], late, done or ctx.as_of, [ref(first)] if first else [], f"交付物：{item['name']}")
        out.append({"key": item["key"], "name": item["name"], "clause": item["clause"], "due": item["due"].isoformat(),
                    "delivered": done.isoformat() if done else None, "status": status, "days_late": late,
                    "evidence": ref(first) if first else None, "reading": item.get("reading", "")})
    return out
