"""`lvyue new KIND`: a record skeleton from its schema, with a collision-free id.

The id is PREFIX-YYYYMMDD-CODE-NN, where CODE is the author's member code from
the contract data (unique per person by validation) and NN the next number
for that author and day. Two engineers never share a CODE, so committing on
the same day from different branches cannot give the same id; one engineer
working on two branches at once is caught by the duplicate-id check in CI.
"""
from __future__ import annotations

import hashlib
import json
import re
import subprocess
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from . import timeparse
from .schemas import SchemaSet
from .yamlload import load_file, Document

# Where each kind lives under records/.
KIND_DIRS = {
    "ticket": "tickets", "inspection": "inspections", "change": "changes", "security_scan": "security",
    "certificate": "certificates", "staff": "staff", "deliverable": "deliverables",
    "rectification": "rectifications", "data_incident": "incidents", "force_majeure": "force_majeure",
    "notice": "notices", "payment": "payments", "breach": "breaches", "acceptance": "acceptance",
}


def prefix(schemas: SchemaSet, kind: str) -> str:
    pattern = schemas.documents[kind]["properties"]["id"].get("pattern", "^X-")
    return pattern.lstrip("^").rstrip("-")


def author_code(contract: dict | None, email: str) -> str:
    for side in ("vendor", "client", "witness"):
        party = (contract or {}).get("parties", {}).get(side) or {}
        for member in party.get("members", []):
            if member.get("email", "").lower() == email.lower():
                return member["code"]
    return "x" + hashlib.sha256(email.lower().encode()).hexdigest()[:5]


def git_email(cwd: Path) -> str:
    try:
        out = subprocess.run(["git", "config", "user.email"], cwd=cwd, capture_output=True, text=True, timeout=10)
        return out.stdout.strip() or "unknown@invalid"
    except (OSError, subprocess.SubprocessError):
        return "unknown@invalid"


def next_id(records_dir: Path, head: str) -> str:
    taken = set()
    for path in records_dir.rglob(head + "-*.yaml"):
        m = re.match(re.escape(head) + r"-(\d+)\.yaml$", path.name)
        if m:
            taken.add(int(m[1]))
    n = 1
    while n in taken:
        n += 1
    return f"{head}-{n:02d}"


def skeleton(schemas: SchemaSet, kind: str, record_id: str, now: datetime) -> str:
    schema = schemas.documents[kind]
    lines = [f"# {schema.get('title', kind)}", f"# {schema.get('description', '')}"]
    required = schema.get("required", [])
    for name in required:
        sub = schemas.resolve(schema["properties"][name], schema)
        value: Any
        if name == "id":
            value = record_id
        elif "const" in sub:
            value = sub["const"]
        elif "enum" in sub:
            value = sub["enum"][0]
        elif sub.get("format") == "lvyue-datetime":
            value = now.strftime("%Y-%m-%d %H:%M")
        elif sub.get("format") == "date":
            value = now.strftime("%Y-%m-%d")
        elif sub.get("type") == "array":
            value = []
        elif sub.get("type") == "object":
            value = {}
        elif sub.get("type") in ("number", "integer"):
            value = 0
        else:
            value = ""
        about = "：".join(x for x in (sub.get("title"), sub.get("description")) if x)
        text = value if isinstance(value, (int,)) else json.dumps(value, ensure_ascii=False)
        if isinstance(value, str) and re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_ :.+-]*", value) and value:
            text = value
        lines.append(f"{name}: {text}" + (f"  # {about}" if about and name not in ("kind", "schema_version", "id") else ""))
    optional = [n for n in schema.get("properties", {}) if n not in required]
    if optional:
        lines.append("# 可选字段 / optional: " + ", ".join(optional))
    return "\n".join(lines) + "\n"


def create(records_dir: Path, schemas: SchemaSet, kind: str, at: str | None = None,
           author: str | None = None) -> Path:
    from .cli import UsageError

    if kind not in KIND_DIRS or kind not in schemas.documents:
        raise UsageError(f"unknown kind {kind!r}; one of: {', '.join(sorted(KIND_DIRS))}")
    contract_doc = load_file(records_dir / "contract.yaml", "records/contract.yaml")
    contract = contract_doc.data if isinstance(contract_doc, Document) else None
    tz = ZoneInfo((contract or {}).get("time_zone", "Asia/Shanghai"))
    if at:
        try:
            now = timeparse.parse_datetime(at, tz)
        except timeparse.TimeError:
            raise UsageError(f"--at {at!r}: write YYYY-MM-DD HH:MM") from None
    else:
        now = datetime.now(tz)
    email = author or git_email(records_dir)
    head = f"{prefix(schemas, kind)}-{now:%Y%m%d}-{author_code(contract, email)}"
    folder = records_dir / KIND_DIRS[kind] / f"{now:%Y-%m}"
    folder.mkdir(parents=True, exist_ok=True)
    record_id = next_id(records_dir, head)
    path = folder / f"{record_id}.yaml"
    path.write_text(skeleton(schemas, kind, record_id, now), "utf-8")
    return path
