"""What the history says about each record: provenance, late entries, restatements, unauthorised decisions.

Pure given its inputs except for `decision_commits`, which reads old versions
of the few records that hold a client decision through one persistent
`git cat-file --batch` process. Dates come from commits, which their authors
can set; only a commit signed by a key the contract data lists for its author
is called verified, and the audit says so wherever that is not the case.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any, Iterable
from zoneinfo import ZoneInfo

import yaml

from .engine.context import duration_seconds
from .history import Commit, FileHistory, History
from .model import Record
from .site.links import record_page

CLOSE_PREFIX = "lvyue/close/"
SEAL_PREFIX = "lvyue/seal/"


@dataclass(frozen=True)
class Close:
    month: str
    tag: str
    commit: str
    reachable: frozenset[str]  # every commit the close tag's commit descends from (itself included)
    tagger: str
    tagged: str


def members(contract: dict) -> dict[str, tuple[str, str, str]]:
    """email (lower-case) → (party, name, signing key fingerprint or "")."""
    out = {}
    for party, data in (contract.get("parties") or {}).items():
        for m in data.get("members", []):
            out[m["email"].lower()] = (party, m["name"], m.get("signing_key", "").replace(" ", ""))
    return out


def commit_json(c: Commit, people: dict) -> dict:
    party, name, key = people.get(c.author_email.lower(), ("", "", ""))
    return {"sha": c.sha, "author": c.author, "email": c.author_email, "party": party,
            "authored": c.authored.isoformat(), "committed": c.committed.isoformat(),
            "verified": verified(c, people)}


def verified(c: Commit, people: dict) -> bool:
    """Signed with a good signature by the key the contract data lists for the commit's author."""
    _, _, key = people.get(c.author_email.lower(), ("", "", ""))
    if not key or c.signature != "G":
        return False
    if key.upper().startswith("SHA256:"):  # an SSH key: git prints the same SHA256:… fingerprint
        return c.signer.upper() == key.upper() and c.signer[7:] == key[7:]
    return c.signer.upper().endswith(key.upper()[-16:])  # OpenPGP: the full or long key id


def _instant(value: Any, tz: ZoneInfo) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value + timedelta(days=1), time(0), tz)  # a date's event ends with its day
    return None


def analyse(contract: dict, records: Iterable[Record], history: History, closes: list[Close],
            decisions: dict[tuple[str, str], Commit]) -> dict:
    """The audit: per-record provenance and every finding, as JSON-ready data for the site and the CLI."""
    people = members(contract)
    tz = ZoneInfo(contract["time_zone"])
    rules = contract.get("evidence") or {"late_entry": [], "client_decisions": []}
    late_rules = {r["kind"]: r for r in rules["late_entry"]}
    signers = any(key for _, _, key in people.values())
    by_month = {c.month: c for c in closes}
    out: dict = {"head": history.head, "signers": signers, "records": {}, "late": [], "restatements": [],
                 "unauthorised": [], "untracked": [], "closes": [
                     {"month": c.month, "tag": c.tag, "commit": c.commit, "tagger": c.tagger, "tagged": c.tagged}
                     for c in closes]}
    for rec in sorted(records, key=lambda r: r.file):
        hist = history.files.get(rec.file)
        if hist is None:
            out["untracked"].append({"id": rec.id, "file": rec.file})
            continue
        out["records"][rec.id] = {"added": commit_json(hist.added, people), "changes": len(hist.changes),
                                  "last": commit_json(hist.last, people) if hist.changes else None}
        rule = late_rules.get(rec.kind)
        if rule:
            event = next((_instant(rec.get(f), tz) for f in rule["from"] if rec.get(f) is not None), None)
            limit = timedelta(seconds=duration_seconds(rule["within"]))
            if event is not None and hist.added.committed - event > limit:
                gap = hist.added.committed - event
                out["late"].append({"id": rec.id, "file": rec.file, "event": event.isoformat(),
                                    "field": next(f for f in rule["from"] if rec.get(f) is not None),
                                    "committed": hist.added.committed.isoformat(), "gap_s": int(gap.total_seconds()),
                                    "limit_s": int(limit.total_seconds()), "commit": commit_json(hist.added, people)})
        month = record_page(rec).split("/")[1][:-3]
        close = by_month.get(month)
        if close is not None:
            for commit, status in [(hist.added, "A")] + [(c, s) for c, s, _ in hist.changes]:
                if commit.sha not in close.reachable:
                    out["restatements"].append({"id": rec.id, "file": rec.file, "month": month, "status": status,
                                                "close_tag": close.tag, "commit": commit_json(commit, people)})
    for path, commit in history.deleted:  # a closed month's record deleted afterwards
        parts = path.split("/")
        close = by_month.get(parts[2]) if len(parts) > 3 and path.endswith((".yaml", ".yml")) else None
        if close is not None and commit.sha not in close.reachable and path not in history.files:
            out["restatements"].append({"id": parts[-1].rsplit(".", 1)[0], "file": path, "month": parts[2], "status": "D",
                                        "close_tag": close.tag, "commit": commit_json(commit, people)})
    for rule in rules["client_decisions"]:
        for rec in records:
            if rec.kind != rule["kind"] or rec.get(rule["field"]) is None:
                continue
            commit = decisions.get((rec.id, rule["field"]))
            if commit is None:
                continue
            party = people.get(commit.author_email.lower(), ("",))[0]
            if party != "client":
                out["unauthorised"].append({"id": rec.id, "file": rec.file, "field": rule["field"], "name": rule.get("name", rule["field"]),
                                            "clause": rule["clause"], "party": party or "unknown",
                                            "commit": commit_json(commit, people)})
    unverified = [c for c in history.commits if not verified(c, people)]
    out["unsigned"] = {"count": len(unverified), "total": len(history.commits),
                       "commits": [commit_json(c, people) for c in unverified[-200:]]}
    return out


def decision_commits(repo, contract: dict, records: Iterable[Record], history: History) -> dict[tuple[str, str], Commit]:
    """For each client decision in the records, the commit that wrote its current value.

    Walks the file's versions newest first through `git cat-file --batch` (one
    process, kept by GitPython) and stops at the first version whose decision
    differs: the commit after it made the decision.
    """
    rules = (contract.get("evidence") or {}).get("client_decisions", [])
    wanted = {(r["kind"], r["field"]) for r in rules}
    out: dict[tuple[str, str], Commit] = {}
    for rec in records:
        for kind, fieldname in wanted:
            if rec.kind != kind or rec.get(fieldname) is None:
                continue
            hist = history.files.get(rec.file)
            if hist is None:
                continue
            versions = _versions(hist)
            current = _field(repo, versions[-1][0].sha, versions[-1][1], fieldname)
            author = versions[-1][0]
            for commit, path in reversed(versions[:-1]):
                if _field(repo, commit.sha, path, fieldname) != current:
                    break
                author = commit
            out[(rec.id, fieldname)] = author
    return out


def _versions(hist: FileHistory) -> list[tuple[Commit, str]]:
    """(commit, path at that commit), oldest first."""
    first = hist.names[0] if hist.names else hist.path
    out = [(hist.added, first)]
    out += [(c, p) for c, s, p in hist.changes if s != "D"]
    return out


def _field(repo, sha: str, path: str, fieldname: str) -> Any:
    try:
        _, _, _, data = repo.git.get_object_data(f"{sha}:{path}")
        doc = yaml.load(data, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception:  # noqa: BLE001 - an old version that no longer parses has no decision
        return None
    return doc.get(fieldname) if isinstance(doc, dict) else None


def closes(repo) -> list[Close]:
    """The period-close tags (lvyue/close/YYYY-MM) with the commits each one covers."""
    out = []
    for tag in repo.tags:
        if not tag.name.startswith(CLOSE_PREFIX):
            continue
        commit = tag.commit.hexsha
        reachable = frozenset(repo.git.rev_list("--end-of-options", commit, "--").split())
        obj = tag.tag
        tagged = ""
        if obj is not None:  # in the tagger's own offset, never the machine's time zone
            tagged = datetime.fromtimestamp(obj.tagged_date, timezone(timedelta(seconds=-obj.tagger_tz_offset))).isoformat()
        out.append(Close(tag.name[len(CLOSE_PREFIX):], tag.name, commit, reachable,
                         obj.tagger.email if obj else "", tagged))
    return sorted(out, key=lambda c: c.month)


def strip_unauthorised(records: list[Record], audit: dict) -> list[Record]:
    """The records the engine may count: unauthorised decisions removed."""
    drop: dict[str, set[str]] = {}
    for u in audit["unauthorised"]:
        drop.setdefault(u["id"], set()).add(u["field"])
    if not drop:
        return records
    return [Record(r.id, r.kind, r.file, {k: v for k, v in r.data.items() if k not in drop[r.id]}) if r.id in drop else r
            for r in records]
