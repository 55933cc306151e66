"""Ticket clocks (response, on-site, emergency repair, remote support) and the 九.2 counter."""
from __future__ import annotations

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from ..clock import Clock, parse_hours
from ..model import Record
from .context import Context, duration_seconds, yuan


def clock_for(ctx: Context, kind: str) -> Clock:
    hours = parse_hours(ctx.contract["calendar"]["business_hours"]) if kind == "business" else ()
    return Clock(kind, ctx.tz, ctx.days, hours, ctx.pauses)


def _applies(rule: dict, ticket: Record) -> bool:
    return all(ticket.get(field) in values for field, values in rule["when"].items())


def _pieces(ctx: Context, rule: dict, ticket: Record) -> tuple[list[tuple[datetime, datetime | None]], datetime | None]:
    """The timed stretches of one rule on one ticket, and its final stop (None while open)."""
    start, stop = ticket.get(rule["start"]), ticket.get(rule["stop"])
    if stop is not None and not ctx.happened(stop):
        stop = None
    if rule["stop"] != "resolved_at" or not ticket.get("reopens"):
        return [(start, stop)], stop
    mode = ctx.contract.get("reopen_policy", {}).get("mode", "exclude_resolved_gaps")
    pieces: list[tuple[datetime, datetime | None]] = [(start, stop)]
    final = stop
    for reopen in ticket["reopens"]:
        opened, fixed = reopen["reopened_at"], reopen.get("resolved_at")
        if final is None or not ctx.happened(opened):
            break
        fixed = fixed if fixed is not None and ctx.happened(fixed) else None
        if mode == "to_final_resolution":
            pieces = [(start, fixed)]
        else:
            pieces.append((opened, fixed))
        final = fixed
    return pieces, final


def service_levels(ctx: Context) -> dict:
    rules = ctx.contract["service_levels"]
    clocks = {kind: clock_for(ctx, kind) for kind in {r["clock"] for r in rules}}
    results = []
    for ticket in ctx.by_kind.get("ticket", []):
        if not ctx.happened(ticket["reported_at"]):
            continue
        for rule in rules:
            if not _applies(rule, ticket) or ticket.get(rule["start"]) is None:
                continue
            clock = clocks[rule["clock"]]
            limit = duration_seconds(rule["limit"])
            pieces, final = _pieces(ctx, rule, ticket)
            start = pieces[0][0]
            deadline = clock.deadline(start, limit)
            elapsed = sum(clock.elapsed(a, b if b is not None else ctx.cutoff) for a, b in pieces)
            if final is not None:
                status = "met" if elapsed <= limit else "breached"
            else:
                status = "open_breached" if elapsed > limit else "open"
            results.append({"ticket": ticket.id, "file": ticket.file, "rule": rule["key"], "clause": rule["clause"],
                            "start": start.isoformat(), "stop": final.isoformat() if final else None,
                            "deadline": deadline.isoformat(), "elapsed_s": elapsed, "limit_s": limit,
                            "overrun_s": max(0, elapsed - limit), "status": status,
                            "severity": ticket["severity"], "category": ticket["category"],
                            "month": ctx.local_date(start).strftime("%Y-%m")})
    summary = []
    for rule in rules:
        mine = [r for r in results if r["rule"] == rule["key"]]
        done = [r for r in mine if r["status"] in ("met", "breached")]
        met = sum(r["status"] == "met" for r in mine)
        summary.append({"key": rule["key"], "name": rule["name"], "clause": rule["clause"],
                        "limit_s": duration_seconds(rule["limit"]), "clock": rule["clock"], "total": len(mine),
                        "met": met, "breached": sum(r["status"] in ("breached", "open_breached") for r in mine),
                        "open": sum(r["status"] == "open" for r in mine),
                        "compliance": f"{(Decimal(met) / len(done) * 100).quantize(Decimal('0.1'), ROUND_HALF_UP)}" if done else None,
                        "reading": rule.get("reading", "")})
    counted = {k for p in ctx.contract["penalties"] for k in (p.get("counts") or [])}
    for r in results:
        if r["status"] in ("breached", "open_breached") and r["rule"] not in counted:
            when = datetime.fromisoformat(r["deadline"])
            ctx.nonconform(r["rule"], r["clause"], ctx.local_date(when),
                           f"工单 {r['ticket']} 超时 " + (f"{r['overrun_s'] // 60} 分钟" if r["overrun_s"] >= 60 else f"{r['overrun_s']} 秒"), [{"id": r["ticket"], "file": r["file"]}])
    return {"rules": summary, "results": results}


def nine_two(ctx: Context, results: list[dict]) -> dict:
    """Per-occurrence penalties: one per ticket that missed a counted limit or was marked inadequate."""
    out = {"clause": None, "count": 0, "threshold": None, "terminable": False, "occurrences": []}
    for pen in ctx.contract["penalties"]:
        if pen["rule"] != "per_occurrence":
            continue
        counts = set(pen.get("counts") or [])
        tickets = {t.id: t for t in ctx.by_kind.get("ticket", [])}
        per_ticket: dict[str, dict] = {}
        for r in results:
            if r["rule"] in counts and r["status"] in ("breached", "open_breached"):
                when = ctx.local_date(datetime.fromisoformat(r["deadline"]))
                entry = per_ticket.setdefault(r["ticket"], {"ticket": r["ticket"], "file": r["file"], "reasons": [], "date": when})
                entry["reasons"].append(r["rule"])
                entry["date"] = min(entry["date"], when)
        if pen.get("count_inadequate_mark"):
            for t in tickets.values():
                mark = t.get("inadequate")
                if mark and ctx.happened(mark["at"]):
                    when = ctx.local_date(mark["at"])
                    entry = per_ticket.setdefault(t.id, {"ticket": t.id, "file": t.file, "reasons": [], "date": when})
                    entry["reasons"].append("inadequate")
                    entry["date"] = min(entry["date"], when)
        amount = Decimal(pen["amount"])
        names = {rule["key"]: rule["name"] for rule in ctx.contract["service_levels"]}
        names["inadequate"] = "甲方认定维护不到位"
        occurrences = sorted(per_ticket.values(), key=lambda e: (e["date"], e["ticket"]))
        for n, entry in enumerate(occurrences, 1):
            entry["n"] = n
            ctx.charge(pen["clause"], amount, f"第 {n} 次 × {yuan(amount)} 元", entry["date"],
                       [{"id": entry["ticket"], "file": entry["file"]}],
                       f"工单 {entry['ticket']}：" + "、".join(f"{names.get(x, x)}超时" if x in names and x != "inadequate"
                                                              else names.get(x, x) for x in entry["reasons"]), pen["rule"])
            entry["date"] = entry["date"].isoformat()
        out = {"clause": pen["clause"], "count": len(occurrences), "threshold": pen.get("terminate_after"),
               "terminable": bool(pen.get("terminate_after")) and len(occurrences) >= pen["terminate_after"],
               "occurrences": occurrences, "reading": pen.get("reading", "")}
    return out
