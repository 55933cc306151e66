"""Closing a month and sealing the evidence: git tags that the history is later checked against.

`close` tags HEAD as lvyue/close/YYYY-MM (annotated, optionally signed): the
month's records as they stand in that commit are final, and any later change
to them is a restatement (found by `evidence` through the commit graph).
`seal` writes a manifest — the sha256 of every file under records/ and the
commit sealed — commits it and tags it lvyue/seal/…; `verify` recomputes the
hashes and checks that the sealed commit is still in the history, which a
rewrite or a force-push would break.
"""
from __future__ import annotations

import hashlib
import json
import re
from datetime import datetime
from pathlib import Path

import git

from .evidence import CLOSE_PREFIX, SEAL_PREFIX
from .history import HistoryError, check_full

MANIFESTS = "evidence/seals"
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def close(repo: git.Repo, month: str, sign: bool = False, message: str | None = None) -> str:
    if not _MONTH.match(month):
        raise HistoryError("close.bad_month", month=month)
    check_full(repo)
    name = CLOSE_PREFIX + month
    if name in [t.name for t in repo.tags]:
        raise HistoryError("close.exists", tag=name)
    args = ["-a", "-m", message or f"lvyue: close {month}"] + (["-s"] if sign else [])
    repo.git.tag(*args, "--end-of-options", name, "HEAD")
    return name


def hashes(repo_root: Path, records_dir: Path) -> dict[str, str]:
    out = {}
    for path in sorted(records_dir.rglob("*")):
        if path.is_file() and not path.is_symlink():
            out[path.relative_to(repo_root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return out


def seal(repo: git.Repo, records_dir: Path, now: datetime, sign: bool = False) -> tuple[str, Path]:
    check_full(repo)
    root = Path(repo.working_tree_dir).resolve()
    if repo.is_dirty(untracked_files=True, path=str(records_dir)):
        raise HistoryError("seal.dirty")
    sealed = repo.head.commit.hexsha
    stamp = now.strftime("%Y%m%dT%H%M%S")
    manifest = {"sealed_commit": sealed, "created": now.isoformat(), "records": hashes(root, records_dir.resolve())}
    path = root / MANIFESTS / f"{stamp}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True) + "\n", "utf-8")
    repo.git.add("--", path.relative_to(root).as_posix())
    repo.git.commit("-m", f"lvyue: seal {len(manifest['records'])} files at {sealed[:10]}", "--",
                    path.relative_to(root).as_posix())
    name = SEAL_PREFIX + stamp
    repo.git.tag("-a", "-m", f"lvyue: evidence sealed at {sealed}", *(["-s"] if sign else []), "--end-of-options", name, "HEAD")
    return name, path


def latest_seal(repo: git.Repo) -> git.TagReference | None:
    seals = sorted((t for t in repo.tags if t.name.startswith(SEAL_PREFIX)), key=lambda t: t.name)
    return seals[-1] if seals else None


def verify(repo: git.Repo, records_dir: Path) -> dict:
    """Compare the working tree with the latest seal; check the sealed commit is still an ancestor of HEAD."""
    check_full(repo)
    tag = latest_seal(repo)
    if tag is None:
        return {"seal": None}
    root = Path(repo.working_tree_dir).resolve()
    tag_commit = tag.commit.hexsha
    stamp = tag.name[len(SEAL_PREFIX):]
    try:
        _, _, _, data = repo.git.get_object_data(f"{tag_commit}:{MANIFESTS}/{stamp}.json")
        manifest = json.loads(data)
    except (git.GitCommandError, ValueError, KeyError):
        return {"seal": tag.name, "commit": tag_commit, "manifest": False, "in_history": False,
                "changed": [], "added": [], "removed": []}
    sealed = manifest["sealed_commit"]
    in_history = _is_ancestor(repo, sealed) and _is_ancestor(repo, tag_commit)
    now = hashes(root, records_dir.resolve())
    before = manifest["records"]
    return {"seal": tag.name, "commit": tag_commit, "sealed_commit": sealed, "created": manifest["created"],
            "manifest": True, "files": len(before), "in_history": in_history,
            "changed": sorted(p for p in now.keys() & before.keys() if now[p] != before[p]),
            "added": sorted(now.keys() - before.keys()), "removed": sorted(before.keys() - now.keys())}


def _is_ancestor(repo: git.Repo, sha: str) -> bool:
    try:
        repo.git.merge_base("--is-ancestor", "--end-of-options", sha, "HEAD")
        return True
    except git.GitCommandError:
        return False
