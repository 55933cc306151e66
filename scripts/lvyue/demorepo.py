"""`lvyue demo DIR`: the demo year replayed as a git repository with realistic dates.

Each record is committed by the member its id names, a couple of hours after
its event (one commit per author and day); months are closed with
`lvyue/close/…` tags a few days after they end. On purpose, so that every
audit finding has a real example: three records are committed days late, a
closed month's ticket is edited afterwards, and the rectification verdict is
committed by the vendor's project manager instead of the client. The year
ends with a seal.
"""
from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import git
import yaml

from .clock import add_months, calendar_months
from .demoyear import write_demo
from .evidence import CLOSE_PREFIX
from .schemas import SchemaSet, default_dir
from .seal import seal

LATE = {"IN-20241015-zy-01": 6, "IN-20250210-wy-01": 4, "T-20250303-wy-01": 9}  # record → days late
EDITED_AFTER_CLOSE = "T-20240824-zy-01"
VENDOR_VERDICT = "RE-20241115-zs-01"


def _people(contract: dict) -> dict[str, git.Actor]:
    out = {}
    for party in contract["parties"].values():
        for m in party.get("members", []):
            out[m["code"]] = git.Actor(m["name"], m["email"])
    return out


def _event(data: dict, rec_id: str, tz: ZoneInfo) -> datetime:
    for key in ("finished_at", "performed_at", "resolved_at", "done_at", "delivered_at", "raised_at", "sent_at",
                "installed_at", "reported_at", "invoice", "paid_on", "applied_on", "effective_from"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("issued_on")
        if value is None:
            continue
        text = str(value)
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(17, 30), tz)
        return datetime.fromisoformat(text.replace(" ", "T")).replace(tzinfo=tz)
    day = rec_id.split("-")[1]
    return datetime(int(day[:4]), int(day[4:6]), int(day[6:8]), 17, 30, tzinfo=tz)


def make_demo_repo(target: Path) -> int:
    if target.exists() and any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    contract_src = default_dir().parent / "records" / "contract.yaml"
    contract = yaml.safe_load(contract_src.read_text("utf-8"))
    tz = ZoneInfo(contract["time_zone"])
    people = _people(contract)
    schemas = SchemaSet.load(default_dir())
    client = people[contract["parties"]["client"]["members"][0]["code"]]
    pm = people[contract["parties"]["vendor"]["members"][0]["code"]]
    repo = git.Repo.init(target, initial_branch="main")
    commits = 0
    try:
        with tempfile.TemporaryDirectory() as tmp:
            staged = Path(tmp) / "records"
            staged.mkdir()
            shutil.copy(contract_src, staged / "contract.yaml")
            write_demo(staged)
            shutil.copytree(default_dir(), target / "schemas")
            (target / "records").mkdir()
            shutil.copy(contract_src, target / "records" / "contract.yaml")
            (target / ".gitignore").write_text("build/\nsite/\n", "utf-8")
            signed = datetime.combine(date.fromisoformat(str(contract["signed_on"])), time(10), tz)
            commits += _commit(repo, ["schemas", "records/contract.yaml", ".gitignore"], client, signed, "合同数据与记录格式")

            plan: dict[tuple[datetime, str], list[tuple[Path, str]]] = defaultdict(list)
            for path in sorted(staged.rglob("*.yaml")):
                if path.name == "contract.yaml":
                    continue
                data = yaml.safe_load(path.read_text("utf-8"))
                rid = data["id"]
                code = rid.split("-")[2]
                when = _event(data, rid, tz) + timedelta(hours=2)
                if rid in LATE:
                    when += timedelta(days=LATE[rid])
                files = [path] + [staged / f for f in schemas.file_paths(data["kind"], data)]
                plan[(when.replace(minute=0, second=0), code)] += [(f, rid) for f in files]
            closes = _month_ends(contract)
            decisions = {}
            for rule in contract.get("evidence", {}).get("client_decisions", []):
                decisions.setdefault(rule["kind"], []).append(rule["field"])
            by_name = {a.name: a for a in people.values()}
            for (when, code), files in sorted(plan.items()):
                while closes and closes[0][1] <= when:
                    month, at = closes.pop(0)
                    _tag(repo, CLOSE_PREFIX + month, client, at, f"月结 {month}")
                later = []  # client decisions, committed by whoever decided (or, for one, by the vendor)
                for src, rid in files:
                    dst = target / "records" / src.relative_to(staged)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    text = src.read_text("utf-8") if src.suffix == ".yaml" else None
                    kind = yaml.safe_load(text).get("kind") if text else None
                    for fieldname in decisions.get(kind, []):
                        text, block = _split_field(text, fieldname)
                        if block:
                            decided = yaml.safe_load(block)[fieldname]
                            actor = pm if rid == VENDOR_VERDICT else by_name.get(decided.get("by"), client)
                            at = datetime.fromisoformat(str(decided["at"]).replace(" ", "T")).replace(tzinfo=tz)
                            later.append((dst, block, actor, max(at, when) + timedelta(hours=1), rid))
                    if text is None:
                        shutil.copyfile(src, dst)
                    else:
                        dst.write_text(text, "utf-8")
                author = people.get(code, pm)
                ids = sorted({rid for _, rid in files})
                commits += _commit(repo, [str((target / "records" / f.relative_to(staged)).relative_to(target)) for f, _ in files],
                                   author, when, "记录：" + "、".join(ids[:5]) + ("…" if len(ids) > 5 else ""))
                for dst, block, actor, at, rid in later:
                    dst.write_text(dst.read_text("utf-8").rstrip("\n") + "\n" + block, "utf-8")
                    commits += _commit(repo, [str(dst.relative_to(target))], actor, at, f"{rid}：甲方决定")
            # a ticket of a closed month, edited afterwards: a restatement
            ticket = next((target / "records").rglob(f"{EDITED_AFTER_CLOSE}.yaml"))
            ticket.write_text(ticket.read_text("utf-8").replace("note: 交通管制，到场超时。", "note: 交通管制，到场超时（已与甲方沟通）。"), "utf-8")
            edited = datetime(2024, 10, 9, 20, 15, tzinfo=tz)
            commits += _commit(repo, [str(ticket.relative_to(target))], people.get("zy", pm), edited, f"工单 {EDITED_AFTER_CLOSE}：补充说明")
            # close the remaining months and seal at the end of the acceptance month
            end = max(when for when, _ in plan) + timedelta(days=3)
            for month, at in closes:
                if at <= end:
                    _tag(repo, CLOSE_PREFIX + month, client, at, f"月结 {month}")
            with repo.git.custom_environment(**_env(client, end)):
                seal(repo, target / "records", end)
            commits += 1
    finally:
        repo.git.clear_cache()
        repo.close()
    return commits


def _split_field(text: str, name: str) -> tuple[str, str]:
    """Remove a top-level field (and its indented block) from YAML text; return (rest, field text)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line.startswith(name + ":"):
            j = i + 1
            while j < len(lines) and lines[j].startswith("  "):
                j += 1
            return "\n".join(lines[:i] + lines[j:]), "\n".join(lines[i:j]) + "\n"
    return text, ""


def _month_ends(contract: dict) -> list[tuple[str, datetime]]:
    """Each service month closed on the 5th of the following month, 10:00."""
    tz = ZoneInfo(contract["time_zone"])
    start, end = (date.fromisoformat(str(contract["term"][k])) for k in ("start", "end"))
    return [(f"{d:%Y-%m}", datetime.combine(add_months(d, 1) + timedelta(days=4), time(10), tz))
            for d in calendar_months(start, end)]


def _env(actor: git.Actor, when: datetime) -> dict[str, str]:
    stamp = when.isoformat()
    return {"GIT_AUTHOR_NAME": actor.name, "GIT_AUTHOR_EMAIL": actor.email, "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": actor.name, "GIT_COMMITTER_EMAIL": actor.email, "GIT_COMMITTER_DATE": stamp}


def _commit(repo: git.Repo, paths: list[str], actor: git.Actor, when: datetime, message: str) -> int:
    with repo.git.custom_environment(**_env(actor, when)):
        repo.git.add("--", *paths)
        repo.git.commit("-q", "-m", message)
    return 1


def _tag(repo: git.Repo, name: str, actor: git.Actor, when: datetime, message: str) -> None:
    with repo.git.custom_environment(**_env(actor, when)):
        repo.git.tag("-a", "-m", message, "--end-of-options", name, "HEAD")
