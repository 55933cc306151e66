"""Checks that need more than one record: ids, references, order, term, files.

Each rule is a small table or function; every finding is a Problem pointing at
the exact value. Runs on the records that passed their schema, so it can rely
on their shape.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator
from zoneinfo import ZoneInfo

from .model import Record, as_date
from .problems import Problem, dotted, problem

if TYPE_CHECKING:
    from .validate import Result

# Events that must not go backwards, per kind: (earlier, later). "*" walks a list.
ORDER: dict[str, list[tuple[tuple, tuple]]] = {
    "ticket": [
        (("reported_at",), ("responded_at",)),
        (("reported_at",), ("onsite_requested_at",)),
        (("responded_at",), ("arrived_at",)),
        (("onsite_requested_at",), ("arrived_at",)),
        (("reported_at",), ("resolved_at",)),
        (("responded_at",), ("resolved_at",)),
        (("arrived_at",), ("resolved_at",)),
        (("resolved_at",), ("reopens", 0, "reopened_at")),
    ],
    "inspection": [(("performed_at",), ("finished_at",))],
    "certificate": [(("not_before",), ("not_after",))],
    "data_incident": [(("leaked_at",), ("discovered_at",)), (("discovered_at",), ("reported_at",))],
    "force_majeure": [(("start",), ("end",))],
    "rectification": [(("raised_at",), ("deadline",)), (("raised_at",), ("completed_at",)),
                      (("raised_at",), ("verdict", "at"))],
    "acceptance": [(("applied_on",), ("held_on",)), (("held_on",), ("cured_on",))],
}

# The one time that places an operational record in the service term.
TERM_FIELD = {
    "ticket": "reported_at",
    "inspection": "performed_at",
    "change": "done_at",
    "security_scan": "performed_at",
}

# Fields holding a path to a file under records/. "*" walks a list.
FILE_FIELDS: dict[str, list[tuple]] = {
    "inspection": [("report",), ("findings", "*", "screenshot")],
    "security_scan": [("report",)],
    "staff": [("change_notice", "letter")],
    "deliverable": [("files", "*")],
    "data_incident": [("file",)],
    "force_majeure": [("proof",)],
    "notice": [("file",)],
    "breach": [("evidence", "*")],
    "acceptance": [("form",)],
}

# Reference fields: path -> kinds (or nested-id kinds) they may point at.
REFS: dict[str, list[tuple[tuple, tuple[str, ...]]]] = {
    "change": [(("answers", "*"), ("ticket", "finding", "vulnerability"))],
    "rectification": [(("refs", "*"), ("ticket", "finding", "vulnerability", "inspection", "security_scan", "change"))],
}

KIND_NAMES = {"ticket": "工单", "finding": "巡检问题", "vulnerability": "漏洞", "inspection": "巡检",
              "security_scan": "安全检测", "change": "变更"}


def walk(data: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    """Every (concrete path, value) matching a pattern path with "*" for list items."""
    if not path:
        yield (), data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, list):
            for i, item in enumerate(data):
                for sub, value in walk(item, rest):
                    yield (i,) + sub, value
    elif isinstance(data, dict) and head in data:
        for sub, value in walk(data[head], rest):
            yield (head,) + sub, value
    elif isinstance(data, list) and isinstance(head, int) and head < len(data):
        for sub, value in walk(data[head], rest):
            yield (head,) + sub, value


def check(result: "Result", records_dir: Path) -> list[Problem]:
    out: list[Problem] = []
    docs = result.documents

    def at(rec: Record, where: tuple, code: str, /, **args: Any) -> Problem:
        line, col = docs[rec.file].locate(where) if rec.file in docs else (0, 0)
        return problem(rec.file, line, col, dotted(where), code, **args)

    index = _ids(result.records, at, out)
    contract = result.contract
    if contract is not None:
        out.extend(_contract_checks(contract, at))
    for rec in result.records:
        for pattern, allowed in REFS.get(rec.kind, ()):
            for path, value in walk(rec.data, pattern):
                target = index.get(value)
                if target is None:
                    out.append(at(rec, path, "ref.dangling", id=value))
                elif target[0] not in allowed:
                    out.append(at(rec, path, "ref.wrong_kind", id=value, actual=KIND_NAMES.get(target[0], target[0]),
                                  expected="/".join(KIND_NAMES.get(k, k) for k in allowed)))
        out.extend(_order(rec, at))
        out.extend(_files(rec, records_dir, at))
        if rec.kind == "inspection" and rec["type"] == "quarterly":
            out.extend(_full_inspection(rec, at))
        if contract is not None:
            out.extend(_against_contract(rec, contract, at))
    return out


def _ids(records: list[Record], at, out: list[Problem]) -> dict[str, tuple[str, Record]]:
    index: dict[str, tuple[str, Record]] = {}
    nested = {"inspection": ("findings", "finding"), "security_scan": ("findings", "vulnerability")}

    def add(value: str, kind: str, rec: Record, path: tuple) -> None:
        if value in index:
            out.append(at(rec, path, "ref.duplicate_id", id=value, other=index[value][1].file))
        else:
            index[value] = (kind, rec)

    for rec in records:
        add(rec.id, rec.kind, rec, ("id",))
        if rec.kind in nested:
            key, kind = nested[rec.kind]
            for i, item in enumerate(rec.get(key) or []):
                add(item["id"], kind, rec, (key, i, "id"))
    return index


def _order(rec: Record, at) -> Iterator[Problem]:
    for earlier, later in ORDER.get(rec.kind, ()):
        a = _get(rec.data, earlier)
        b = _get(rec.data, later)
        if a is None or b is None or not _comparable(a, b):
            continue
        if b < a:
            yield at(rec, later, "order.before", earlier=dotted(earlier), later=dotted(later),
                     earlier_value=_fmt(a), later_value=_fmt(b))
    if rec.kind == "ticket":
        previous = rec.get("resolved_at")
        for i, reopen in enumerate(rec.get("reopens") or []):
            opened, fixed = reopen.get("reopened_at"), reopen.get("resolved_at")
            if previous is not None and isinstance(opened, datetime) and opened < previous and i > 0:
                yield at(rec, ("reopens", i, "reopened_at"), "order.before", earlier=f"reopens[{i - 1}].resolved_at",
                         later=f"reopens[{i}].reopened_at", earlier_value=_fmt(previous), later_value=_fmt(opened))
            if isinstance(opened, datetime) and isinstance(fixed, datetime) and fixed < opened:
                yield at(rec, ("reopens", i, "resolved_at"), "order.before", earlier=f"reopens[{i}].reopened_at",
                         later=f"reopens[{i}].resolved_at", earlier_value=_fmt(opened), later_value=_fmt(fixed))
            previous = fixed


def _comparable(a: Any, b: Any) -> bool:
    return isinstance(a, datetime) == isinstance(b, datetime) and isinstance(a, (date, datetime))


def _get(data: Any, path: tuple) -> Any:
    for part in path:
        if isinstance(data, dict):
            data = data.get(part)
        elif isinstance(data, list) and isinstance(part, int) and part < len(data):
            data = data[part]
        else:
            return None
    return data


def _fmt(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ")
    return str(value)


def _files(rec: Record, records_dir: Path, at) -> Iterator[Problem]:
    root = records_dir.resolve()
    for pattern in FILE_FIELDS.get(rec.kind, ()):
        for path, value in walk(rec.data, pattern):
            target = (records_dir / value).resolve()
            if not target.is_relative_to(root):
                yield at(rec, path, "file.escapes", path=value)
            elif not target.is_file():
                yield at(rec, path, "file.missing", path=value)


def _full_inspection(rec: Record, at) -> Iterator[Problem]:
    if not rec.get("report"):
        yield at(rec, ("report",), "inspection.no_report")
    for i, finding in enumerate(rec.get("findings") or []):
        missing = [name for key, name in (("url", "网址"), ("description", "问题描述"), ("screenshot", "截图"))
                   if not finding.get(key)]
        if missing:
            yield at(rec, ("findings", i), "finding.incomplete", missing="、".join(missing))


def _against_contract(rec: Record, contract: Record, at) -> Iterator[Problem]:
    term = contract["term"]
    field = TERM_FIELD.get(rec.kind)
    if field and isinstance(rec.get(field), datetime):
        day = as_date(rec[field].astimezone(ZoneInfo(contract["time_zone"])))
        if not term["start"] <= day <= term["end"]:
            yield at(rec, (field,), "term.outside", value=_fmt(rec[field]), start=term["start"], end=term["end"])
    if rec.kind == "deliverable":
        keys = [d["key"] for d in contract["deliverables"]] + [
            s["evidence"]["where"].get("item") for s in contract["schedules"] if s["evidence"]["kind"] == "deliverable"]
        keys = [k for k in keys if k]
        if rec["item"] not in keys:
            yield at(rec, ("item",), "ref.contract_key", value=rec["item"], what="交付项", allowed=", ".join(keys))
    elif rec.kind == "payment":
        keys = [p["key"] for p in contract["payments"]]
        if rec["milestone"] not in keys:
            yield at(rec, ("milestone",), "ref.contract_key", value=rec["milestone"], what="付款节点", allowed=", ".join(keys))
    elif rec.kind == "breach":
        keys = [p["clause"] for p in contract["penalties"] if p["rule"] == "breach_event"]
        if rec["clause"] not in keys:
            yield at(rec, ("clause",), "ref.contract_key", value=rec["clause"], what="违约事件条款", allowed=", ".join(keys))
    elif rec.kind == "staff":
        roles = contract["staffing"]["roles"]
        for i, member in enumerate(rec["members"]):
            for j, role in enumerate(member["roles"]):
                if role not in roles:
                    yield at(rec, ("members", i, "roles", j), "staff.unknown_role", role=role, allowed=", ".join(roles))


def _contract_checks(contract: Record, at) -> Iterator[Problem]:
    seen: dict[tuple[str, str], bool] = {}
    for side in ("client", "vendor", "witness"):
        party = contract["parties"].get(side)
        for i, member in enumerate(party["members"] if party else []):
            for key in ("email", "code"):
                token = (key, member[key].lower())
                if token in seen:
                    yield at(contract, ("parties", side, "members", i, key), "contract.duplicate_member",
                             field=key, value=member[key])
                seen[token] = True
    clauses = [p["clause"] for p in contract["penalties"]]
    levels = [s["key"] for s in contract["service_levels"]]
    for group in ("schedules", "deliverables"):
        for i, item in enumerate(contract[group]):
            if item["penalty"] is not None and item["penalty"] not in clauses:
                yield at(contract, (group, i, "penalty"), "contract.unknown_rule", value=item["penalty"],
                         what="违约金条款", allowed=", ".join(clauses))
    for i, pen in enumerate(contract["penalties"]):
        for j, key in enumerate(pen.get("counts") or []):
            if key not in levels:
                yield at(contract, ("penalties", i, "counts", j), "contract.unknown_rule", value=key,
                         what="服务时限", allowed=", ".join(levels))
    if contract["term"]["end"] < contract["term"]["start"]:
        yield at(contract, ("term", "end"), "order.before", earlier="term.start", later="term.end",
                 earlier_value=contract["term"]["start"], later_value=contract["term"]["end"])
