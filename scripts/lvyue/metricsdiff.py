"""`lvyue diff OLD NEW`: how a pull request changes the metrics, as a Markdown table for the PR summary."""
from __future__ import annotations

from decimal import Decimal


def _figures(m: dict) -> dict[str, str]:
    if not m or "ledger" not in m:
        return {}
    out = {"违约金合计（元）": m["ledger"]["total"], "九.2 次数": str(m["nine_two"]["count"]),
           "不符合项": str(len(m["nonconformities"]))}
    for row in m["ledger"]["by_clause"]:
        out[f"{row['clause']} {row['name']}（元）"] = row["amount"]
    for rule in m["service_levels"]["rules"]:
        out[f"{rule['name']}达标率"] = f"{rule['compliance']}%" if rule["compliance"] is not None else "—"
    for s in m["schedules"]:
        out[f"{s['name']} 已完成/应完成"] = f"{s['done']}/{s['due']}"
    return out


def render(old: dict, new: dict) -> str:
    a, b = _figures(old), _figures(new)
    lines = ["| 指标 | 合并前 | 合并后 | 变化 |", "| --- | ---: | ---: | ---: |"]
    changed = 0
    for key in list(dict.fromkeys([*b, *a])):
        before, after = a.get(key, "—"), b.get(key, "—")
        delta = ""
        if before != after:
            changed += 1
            try:
                delta = f"{Decimal(after.rstrip('%')) - Decimal(before.rstrip('%')):+}"
            except Exception:  # noqa: BLE001 - not numbers (e.g. 3/5): the columns say it
                delta = "变化"
        lines.append(f"| {key} | {before} | {after} | {delta} |")
    head = f"### 履约指标变化：{changed} 项\n\n" if a else "### 履约指标（无合并前数据）\n\n"
    return head + "\n".join(lines) + "\n"
