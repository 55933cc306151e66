"""What falls due next, and the ledger's totals per clause and month."""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal

from .context import Context, yuan


def upcoming(ctx: Context, out: dict, days: int = 7) -> list[dict]:
    horizon = ctx.as_of + timedelta(days=days)
    items = []
    for sched in out["schedules"]:
        for p in sched["periods"]:
            due = date.fromisoformat(p["due"])
            if p["status"] == "pending" and ctx.as_of <= due <= horizon and sched["key"] != "daily_check":
                items.append({"due": p["due"], "what": sched["name"], "clause": sched["clause"]})
    for d in out["deliverables"]:
        if d["status"] == "pending" and ctx.as_of <= date.fromisoformat(d["due"]) <= horizon:
            items.append({"due": d["due"], "what": d["name"], "clause": d["clause"]})
    for r in out["rectifications"]:
        deadline = datetime.fromisoformat(r["deadline"]).astimezone(ctx.tz).date()
        if r["status"] == "open" and deadline <= horizon:
            items.append({"due": deadline.isoformat(), "what": f"整改 {r['id']} 期限", "clause": "九.3"})
    cert = out["certificates"]
    if cert["valid_until"] and cert["warn"]:
        items.append({"due": cert["valid_until"][:10], "what": "SSL 证书到期", "clause": ctx.contract["incidents"]["certificate"]["clause"]})
    for p in out["payments"]:
        if p["status"] == "due" and p["due"] and date.fromisoformat(p["due"]) <= horizon:
            items.append({"due": p["due"], "what": p["name"], "clause": p["clause"]})
    return sorted(items, key=lambda i: (i["due"], i["what"]))


def ledger_summary(ctx: Context) -> dict:
    entries = sorted(ctx.ledger, key=lambda e: (e["date"], e["clause"], e["subject"]))
    by_clause: dict[str, Decimal] = defaultdict(Decimal)
    by_month: dict[str, Decimal] = defaultdict(Decimal)
    running = Decimal(0)
    for e in entries:
        amount = Decimal(e["amount"])
        by_clause[e["clause"]] += amount
        by_month[e["date"][:7]] += amount
        running += amount
        e["cumulative"] = yuan(running)
    names = {p["clause"]: p["name"] for p in ctx.contract["penalties"]}
    return {"entries": entries,
            "by_clause": [{"clause": k, "name": names.get(k, ""), "amount": yuan(v), "count": sum(e["clause"] == k for e in entries)}
                          for k, v in sorted(by_clause.items())],
            "by_month": [{"month": k, "amount": yuan(v)} for k, v in sorted(by_month.items())],
            "total": yuan(running)}
