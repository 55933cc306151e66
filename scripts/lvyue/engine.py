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
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Iterable
from zoneinfo import ZoneInfo

from .clock import Clock, add_months, add_working_days, calendar_deadline, merge, month_periods, parse_hours
from .model import Record, as_date
from .workdays import WorkingDays

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


# --- force majeure ---------------------------------------------------------

def force_majeure_windows(ctx: Context) -> list[tuple[datetime, datetime]]:
    """Windows both sides confirmed by the as-of date: they pause every clock (十.2)."""
    out = []
    for fm in ctx.by_kind.get("force_majeure", []):
        confirmed = [fm.get("confirmed_by_client"), fm.get("confirmed_by_vendor")]
        if all(x and ctx.happened(x["at"]) for x in confirmed):
            out.append((fm["start"], fm["end"]))
    return out


# --- ticket clocks ---------------------------------------------------------

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
                           f"工单 {r['ticket']} 超时 {r['overrun_s'] // 60} 分钟", [{"id": r["ticket"], "file": r["file"]}])
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


# --- scheduled obligations and deliverables --------------------------------------

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


# --- rectifications and breach events ----------------------------------------------

def rectifications(ctx: Context) -> list[dict]:
    pen = next((p for p in ctx.contract["penalties"] if p["rule"] == "rectification"), None)
    exposure = money(ctx.value * Decimal(pen["rate"])) if pen else Decimal(0)
    out = []
    for rec in ctx.by_kind.get("rectification", []):
        if not ctx.happened(rec["raised_at"]):
            continue
        verdict = rec.get("verdict")
        verdict = verdict if verdict and ctx.happened(verdict["at"]) else None
        completed = rec.get("completed_at") if rec.get("completed_at") and ctx.happened(rec["completed_at"]) else None
        if verdict:
            status = verdict["result"]
        elif completed is not None and completed <= rec["deadline"]:
            status = "awaiting_verdict"  # done in time; the client has not yet given its verdict
        elif ctx.cutoff > rec["deadline"]:
            status = "overdue"
        else:
            status = "open"
        row = {"id": rec.id, "file": rec.file, "raised": rec["raised_at"].isoformat(), "deadline": rec["deadline"].isoformat(),
               "completed": completed.isoformat() if completed else None, "status": status,
               "exposure": yuan(exposure) if status in ("overdue", "refused", "failed") else "0.00",
               "requirement": rec["requirement"]}
        if pen and status in ("refused", "failed"):
            ctx.charge(pen["clause"], exposure, f"{yuan(ctx.value)} 元 × {Decimal(pen['rate']) * 100:g}%",
                       ctx.local_date(verdict["at"]), [ref(rec)], f"整改 {rec.id}：甲方结论为{ {'refused': '拒绝整改', 'failed': '整改不合格'}[status] }",
                       pen["rule"])
        out.append(row)
    return out


def breaches(ctx: Context) -> list[dict]:
    out = []
    for rec in ctx.by_kind.get("breach", []):
        if not ctx.happened(rec["occurred_on"]) or not ctx.happened(rec["decided"]["at"]):
            continue
        pen = ctx.penalty(rec["clause"])
        if pen is None:
            continue
        amount = money(ctx.value * Decimal(pen["rate"]))
        ctx.charge(pen["clause"], amount, f"{yuan(ctx.value)} 元 × {Decimal(pen['rate']) * 100:g}%", rec["occurred_on"],
                   [ref(rec)], f"{pen['name']}" + ("（另须退还已收款项）" if pen.get("refund") else ""), pen["rule"])
        out.append({"id": rec.id, "file": rec.file, "clause": pen["clause"], "amount": yuan(amount),
                    "refund": bool(pen.get("refund"))})
    return out


# --- staffing ---------------------------------------------------------------

def staffing(ctx: Context) -> dict:
    st = ctx.contract["staffing"]
    rosters = sorted((r for r in ctx.by_kind.get("staff", []) if ctx.happened(r["effective_from"])),
                     key=lambda r: (r["effective_from"], r.id))
    start, end = ctx.contract["term"]["start"], min(ctx.contract["term"]["end"], ctx.as_of)
    gaps: list[dict] = []
    day = start
    while day <= end:
        current = [r for r in rosters if r["effective_from"] <= day]
        roster = current[-1] if current else None
        filled = {role for m in (roster["members"] if roster else []) for role in m["roles"]}
        missing = [role for role in st["roles"] if role not in filled]
        if st["onsite_required"] and not any(m.get("onsite") for m in (roster["members"] if roster else [])):
            missing.append("驻场工程师")
        if missing:
            key = (tuple(missing), roster.id if roster else None)
            if gaps and gaps[-1]["key"] == key and gaps[-1]["to"] == day - timedelta(days=1):
                gaps[-1]["to"] = day
            else:
                gaps.append({"key": key, "from": day, "to": day, "missing": missing,
                             "records": [ref(roster)] if roster else []})
        day += timedelta(days=1)
    for gap in gaps:
        ctx.nonconform("staffing", st.get("roles_clause", ""), gap["from"],
                       f"{gap['from']} 至 {gap['to']} 缺少：" + "、".join(gap["missing"]), gap["records"])
    notices = []
    need = st["change_notice"]
    for roster in rosters:
        notice = roster.get("change_notice")
        if not notice:
            continue
        n = need.get("working_days", 0)
        earliest = add_working_days(ctx.days, notice["noticed_on"], n) if "working_days" in need else \
            notice["noticed_on"] + timedelta(days=need.get("days", 0))
        short = roster["effective_from"] < earliest
        consent = notice.get("consent")
        row = {"id": roster.id, "file": roster.file, "noticed_on": notice["noticed_on"].isoformat(),
               "effective_from": roster["effective_from"].isoformat(), "earliest_allowed": earliest.isoformat(),
               "short": short, "consent": bool(consent), "summary": notice["summary"]}
        notices.append(row)
        if short:
            ctx.nonconform("change_notice", st.get("change_clause", ""), roster["effective_from"],
                           f"人员变动通知不足 {n} 个工作日（{notice['noticed_on']} 通知，{roster['effective_from']} 生效，最早可生效日 {earliest}）",
                           [ref(roster)])
        if st["change_consent_required"] and not consent:
            ctx.nonconform("change_consent", st.get("change_clause", ""), roster["effective_from"],
                           "人员变动未经甲方同意", [ref(roster)])
    rows = [{"id": r.id, "file": r.file, "effective_from": r["effective_from"].isoformat(),
             "members": [{"name": m["name"], "roles": m["roles"], "onsite": bool(m.get("onsite"))} for m in r["members"]]}
            for r in rosters]
    return {"rosters": rows, "gaps": [{"from": g["from"].isoformat(), "to": g["to"].isoformat(), "missing": g["missing"]}
                                      for g in gaps], "notices": notices}


# --- certificates, incidents --------------------------------------------------

def certificates(ctx: Context) -> dict:
    rule = ctx.contract["incidents"]["certificate"]
    certs = sorted((c for c in ctx.by_kind.get("certificate", []) if ctx.happened(c.get("installed_at") or c["not_before"])),
                   key=lambda c: c["not_before"])
    term_start = datetime.combine(ctx.contract["term"]["start"], time(0), ctx.tz)
    term_end = min(datetime.combine(ctx.contract["term"]["end"] + timedelta(days=1), time(0), ctx.tz), ctx.cutoff)
    covered = merge([(c["not_before"], c["not_after"]) for c in certs])
    gaps, cursor = [], term_start
    for a, b in covered + [(term_end, term_end)]:
        if a > cursor and cursor < term_end:
            gaps.append((cursor, min(a, term_end)))
        cursor = max(cursor, b)
    for a, b in gaps:
        ctx.nonconform("certificate", rule["clause"], ctx.local_date(a),
                       f"SSL 证书无效：{ctx.local_date(a)} 至 {ctx.local_date(b)}", [ref(c) for c in certs[-1:]])
    now = min(ctx.cutoff, term_end) - timedelta(seconds=1)
    current = [c for c in certs if c["not_before"] <= now < c["not_after"]]
    valid_until = max((c["not_after"] for c in current), default=None)
    days_left = (ctx.local_date(valid_until) - ctx.as_of).days if valid_until else None
    return {"certificates": [{"id": c.id, "file": c.file, "domain": c["domain"], "issuer": c["issuer"],
                              "not_before": c["not_before"].isoformat(), "not_after": c["not_after"].isoformat()}
                             for c in certs],
            "valid_until": valid_until.isoformat() if valid_until else None, "days_left": days_left,
            "warn": days_left is not None and days_left <= duration_seconds(rule["warn_before"]) // 86400,
            "gaps": [{"from": a.isoformat(), "to": b.isoformat()} for a, b in gaps]}


def incidents(ctx: Context) -> dict:
    rules = ctx.contract["incidents"]
    leaks = []
    for rec in ctx.by_kind.get("data_incident", []):
        if not ctx.happened(rec["discovered_at"]):
            continue
        deadline = rec["leaked_at"] + timedelta(seconds=duration_seconds(rules["data_leak"]["report_within"]))
        reported = rec.get("reported_at") if rec.get("reported_at") and ctx.happened(rec["reported_at"]) else None
        late = (reported or ctx.cutoff) > deadline
        missing = [i for i in rules["data_leak"]["items"] if not (rec.get("report") or {}).get(i)]
        leaks.append({"id": rec.id, "file": rec.file, "deadline": deadline.isoformat(),
                      "reported": reported.isoformat() if reported else None, "late": late, "missing_items": missing})
        if late:
            ctx.nonconform("data_leak_report", rules["data_leak"]["clause"], ctx.local_date(deadline),
                           f"数据泄露 {rec.id} 未在时限内报告", [ref(rec)])
        if reported and missing:
            ctx.nonconform("data_leak_content", rules["data_leak"].get("items_clause", ""), ctx.local_date(reported),
                           f"数据泄露报告缺少：{', '.join(missing)}", [ref(rec)])
    fms = []
    fm_rule = rules["force_majeure"]
    for rec in ctx.by_kind.get("force_majeure", []):
        if not ctx.happened(rec["start"]):
            continue
        due = calendar_deadline(ctx.days, ctx.local_date(rec["start"]), duration_seconds(fm_rule["notice_within"]) // 86400)
        late = rec["noticed_on"] > due
        no_proof = fm_rule["proof_required"] and not rec.get("proof")
        confirmed = bool(rec.get("confirmed_by_client") and rec.get("confirmed_by_vendor"))
        length = rec["end"] - rec["start"]
        fms.append({"id": rec.id, "file": rec.file, "start": rec["start"].isoformat(), "end": rec["end"].isoformat(),
                    "notice_due": due.isoformat(), "late_notice": late, "proof": not no_proof, "confirmed": confirmed,
                    "terminable": "terminate_after" in fm_rule and length.total_seconds() > duration_seconds(fm_rule["terminate_after"])})
        if late or no_proof:
            ctx.nonconform("force_majeure_notice", fm_rule["clause"], due,
                           f"不可抗力 {rec.id} " + ("通知逾期" if late else "未附证明"), [ref(rec)])
    notices = []
    deemed = rules["notices"]["deemed_delivered"]
    for rec in ctx.by_kind.get("notice", []):
        if not ctx.happened(rec["sent_at"]):
            continue
        offset = duration_seconds(deemed.get(rec["method"], {"days": 0})) // 86400
        notices.append({"id": rec.id, "file": rec.file, "method": rec["method"], "subject": rec["subject"],
                        "sent": rec["sent_at"].isoformat(),
                        "delivered": (ctx.local_date(rec["sent_at"]) + timedelta(days=offset)).isoformat()})
    return {"data_leaks": leaks, "force_majeure": fms, "notices": notices,
            "pauses": [{"from": a.isoformat(), "to": b.isoformat()} for a, b in ctx.pauses]}


# --- payments ---------------------------------------------------------------

def payments(ctx: Context) -> list[dict]:
    c = ctx.contract
    passed = None
    for acc in ctx.by_kind.get("acceptance", []):
        result = acc.get("result")
        if result and result["outcome"] == "passed" and ctx.happened(result["at"]):
            passed = ctx.local_date(result["at"])
    anchors = {"signed_on": c["signed_on"], "term_start": c["term"]["start"], "term_end": c["term"]["end"],
               "acceptance_passed": passed}
    out = []
    for pay in c["payments"]:
        anchor = anchors[pay["due"]["anchor"]]
        due = add_months(anchor, pay["due"]["months"]) if anchor else None
        recs = [p for p in ctx.by_kind.get("payment", []) if p["milestone"] == pay["key"]]
        invoice = next((p["invoice"] for p in recs if p.get("invoice") and ctx.happened(p["invoice"]["issued_on"])), None)
        paid = next((p for p in recs if p.get("paid_on") and ctx.happened(p["paid_on"])), None)
        if paid:
            status = "paid"
        elif due is None:
            status = "not_due"
        elif pay.get("invoice_required") and invoice is None:
            status = "awaiting_invoice"
        elif ctx.as_of > due:
            status = "overdue"
        else:
            status = "due"
        out.append({"key": pay["key"], "name": pay["name"], "clause": pay["clause"], "amount": yuan(Decimal(pay["amount"])),
                    "due": due.isoformat() if due else None, "invoice": invoice["issued_on"].isoformat() if invoice else None,
                    "paid": paid["paid_on"].isoformat() if paid else None,
                    "paid_amount": yuan(Decimal(paid["amount"])) if paid and paid.get("amount") is not None else None,
                    "status": status, "records": [ref(p) for p in recs]})
    return out


# --- outlook and totals ----------------------------------------------------------

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
