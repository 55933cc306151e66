"""Reading the repository for the audit: history, closes, decisions and the latest seal, in one place.

Returns None when the records are not in a git repository (a tarball, a
fresh folder): the site then says the history was not read. A shallow clone
is an error, never a silently partial audit.
"""
from __future__ import annotations

from pathlib import Path

from . import evidence, history
from .model import Record
from .seal import verify
from .validate import Result


def counted(records_dir: Path, result: Result, read_history: bool = True) -> tuple[dict | None, list[Record]]:
    """The audit (or None) and the records the engine may count: unauthorised decisions removed."""
    audit = collect(records_dir, result.contract, result.records) if read_history else None
    return audit, (evidence.strip_unauthorised(result.records, audit) if audit else result.records)


def collect(records_dir: Path, contract: Record, records: list[Record]) -> dict | None:
    try:
        with history.open_repo(records_dir) as repo:
            if not repo.head.is_valid():
                return None
            people = evidence.members(contract.data)
            hist = history.read(repo, records_dir, signatures=any(key for _, _, key in people.values()))
            decisions = evidence.decision_commits(repo, contract.data, records, hist)
            audit = evidence.analyse(contract.data, records, hist, evidence.closes(repo), decisions)
            audit["verify"] = verify(repo, records_dir)
            return audit
    except history.HistoryError as exc:
        if exc.code == "history.not_repo":
            return None
        raise
