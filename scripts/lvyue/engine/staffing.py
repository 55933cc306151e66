"""Staffing: every role filled every day, the on-site engineer, personnel-change notices."""
from __future__ import annotations

from datetime import timedelta

from ..clock import add_working_days
from .context import Context, ref


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
