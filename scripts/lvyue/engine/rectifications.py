"""Rectifications (九.3 exposure and charge) and client-decided breach events."""
from __future__ import annotations

from decimal import Decimal

from .context import Context, money, ref, yuan


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
