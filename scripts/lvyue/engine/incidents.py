"""Force majeure, certificates, data leaks and notices."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from ..clock import calendar_deadline, merge
from .context import Context, duration_seconds, ref


def force_majeure_windows(ctx: Context) -> list[tuple[datetime, datetime]]:
    """Windows both sides confirmed by the as-of date: they pause every clock (十.2)."""
    out = []
    for fm in ctx.by_kind.get("force_majeure", []):
        confirmed = [fm.get("confirmed_by_client"), fm.get("confirmed_by_vendor")]
        if all(x and ctx.happened(x["at"]) for x in confirmed):
            out.append((fm["start"], fm["end"]))
    return out


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
