"""Payment milestones: due dates, invoice preconditions, status."""
from __future__ import annotations

from decimal import Decimal

from ..clock import add_months
from .context import Context, ref, yuan


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
