"""The terminal summary of a metrics run: what a person checks first."""
from __future__ import annotations

from typing import TextIO

STATUS_ZH = {"done": "按时", "late": "逾期完成", "missing": "未完成", "pending": "未到期"}


def _hms(seconds: int) -> str:
    return f"{seconds // 3600}小时{seconds % 3600 // 60}分" if seconds >= 3600 else f"{seconds // 60}分钟"


def write_summary(m: dict, out: TextIO, lang: str = "zh") -> None:
    c = m["contract"]
    w = out.write
    w(f"{c['id']} {c['title']}  统计日 {m['as_of']}  服务期 {c['term']['start']} 至 {c['term']['end']}"
      f"（第 {c['term_progress']['days_elapsed']}/{c['term_progress']['days_total']} 天）\n\n")
    w("服务时限\n")
    for r in m["service_levels"]["rules"]:
        rate = f"{r['compliance']}%" if r["compliance"] is not None else "—"
        w(f"  {r['name']:<8} ≤{_hms(r['limit_s']):<8} 共 {r['total']:>3}  达标 {r['met']:>3}  超时 {r['breached']:>2}  达标率 {rate}  [{r['clause']}]\n")
    n2 = m["nine_two"]
    if n2["clause"]:
        flag = "甲方有权解除合同" if n2["terminable"] else "未达解除条件"
        w(f"\n{n2['clause']} 计次：{n2['count']} / {n2['threshold']}（{flag}）\n")
    w("\n周期义务\n")
    for s in m["schedules"]:
        w(f"  {s['name']:<10} 应完成 {s['due']:>3}  已完成 {s['done']:>3}  按时 {s['on_time']:>3}  缺 {s['missing']:>2}  [{s['clause']}]\n")
    w("\n交付物\n")
    for d in m["deliverables"]:
        late = f"，逾期 {d['days_late']} 天" if d["days_late"] else ""
        w(f"  {d['name']}：{STATUS_ZH[d['status']]}（到期 {d['due']}{late}）\n")
    w("\n违约金（按条款）\n")
    for row in m["ledger"]["by_clause"]:
        w(f"  {row['clause']} {row['name']}：{row['count']} 笔，{row['amount']} 元\n")
    w(f"  合计：{m['ledger']['total']} 元\n")
    if m["nonconformities"]:
        w(f"\n不符合项 {len(m['nonconformities'])} 项\n")
        for n in m["nonconformities"][:10]:
            w(f"  {n['date']} {n['subject']} [{n['clause']}]\n")
    w("\n未来 7 天到期\n")
    for item in m["upcoming"] or [{"due": "", "what": "（无）", "clause": ""}]:
        w(f"  {item['due']} {item['what']} {('[' + item['clause'] + ']') if item['clause'] else ''}\n")
