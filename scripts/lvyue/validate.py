"""Validation of a records folder: files, then schema, then the records together.

Everything is collected, nothing stops early: a broken file is reported and
left out, and every other file is still checked, so one run tells an engineer
everything that is wrong. The result carries the typed records that passed,
for the engine.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import crosscheck
from .model import Record, convert
from .problems import Problem, problem
from .schema_errors import to_problems
from .schemas import SchemaSet
from .yamlload import Document, load_file

ATTACHMENTS = "files"
CONTRACT = "contract.yaml"
YAML_SUFFIXES = (".yaml", ".yml")
_BAD_NAME = re.compile(r"^[-.~]|[\x00-\x1f\x7f]|^\s|\s$")
FALLBACK_TZ = "Asia/Shanghai"


@dataclass
class Result:
    problems: list[Problem] = field(default_factory=list)
    records: list[Record] = field(default_factory=list)
    contract: Record | None = None
    documents: dict[str, Document] = field(default_factory=dict)
    files_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def discover(records_dir: Path) -> tuple[list[Path], list[Path]]:
    """Record files and everything else, sorted, with no symlink followed out."""
    records, others = [], []
    for root, dirs, files in os.walk(records_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        rel_root = Path(root).relative_to(records_dir)
        for name in sorted(files):
            if name.startswith(".git"):
                continue
            path = Path(root) / name
            in_attachments = rel_root.parts[:1] == (ATTACHMENTS,)
            if name.lower().endswith(YAML_SUFFIXES) and not in_attachments:
                records.append(path)
            else:
                others.append(path)
    return records, others


def validate(records_dir: Path, schemas: SchemaSet, only: Iterable[Path] | None = None) -> Result:
    """Validate the whole folder; with `only`, report just those files' problems."""
    result = Result()
    shown_root = records_dir.parent
    if not records_dir.is_dir():
        result.problems.append(problem(str(records_dir), 0, 0, "", "records.missing_dir", path=str(records_dir)))
        return result
    record_paths, other_paths = discover(records_dir)
    for path in other_paths:
        if path.relative_to(records_dir).parts[:1] != (ATTACHMENTS,):
            result.problems.append(problem(_shown(path, shown_root), 0, 0, "", "file.not_record"))
    if not record_paths:
        result.problems.append(problem(_shown(records_dir, shown_root), 0, 0, "", "records.empty"))
        return result

    contract_path = records_dir / CONTRACT
    tz, naive_ok = ZoneInfo(FALLBACK_TZ), True
    if contract_path in record_paths:
        doc = load_file(contract_path, _shown(contract_path, shown_root))
        result.files_checked += 1
        if isinstance(doc, Problem):
            result.problems.append(doc)
        else:
            result.documents[doc.path] = doc
            contract, tz, naive_ok = _contract(doc, schemas, result)
            result.contract = contract
    else:
        result.problems.append(problem(_shown(contract_path, shown_root), 0, 0, "", "records.no_contract"))

    jobs = [(path, _shown(path, shown_root)) for path in record_paths if path != contract_path]
    checker = _FileChecker(schemas, tz, naive_ok)
    for shown, problems, doc, record in _map(checker, jobs):
        result.files_checked += 1
        result.problems.extend(problems)
        if doc is not None:
            result.documents[shown] = doc
        if record is not None:
            result.records.append(record)

    result.problems.extend(crosscheck.check(result, records_dir))
    if only is not None:
        wanted = {_shown(p, shown_root) for p in only}
        result.problems = [p for p in result.problems if p.file in wanted]
    result.problems.sort()
    return result


class _FileChecker:
    """Load and schema-check one file; the unit of work a worker process runs."""

    def __init__(self, schemas: SchemaSet, tz: ZoneInfo, naive_ok: bool):
        self.schemas, self.tz, self.naive_ok = schemas, tz, naive_ok
        self.kinds = set(schemas.kinds)
        self.known = ", ".join(sorted(self.kinds))
        self.validators: dict = {}
        self.field_kinds: dict = {}

    def __call__(self, job: tuple[Path, str]) -> tuple[str, list[Problem], Document | None, Record | None]:
        path, shown = job
        problems: list[Problem] = []
        if _BAD_NAME.search(path.name):
            problems.append(problem(shown, 0, 0, "", "file.bad_name", name=path.name))
        doc = load_file(path, shown)
        if isinstance(doc, Problem):
            return shown, problems + [doc], None, None
        kind = doc.data.get("kind")
        if kind not in self.kinds:
            line, col = doc.locate(("kind",)) if "kind" in doc.data else (1, 1)
            code = "file.unknown_kind" if "kind" in doc.data else "file.no_kind"
            problems.append(problem(shown, line, col, "kind", code, kind=str(kind), known=self.known))
            return shown, problems, doc, None
        if kind not in self.validators:
            self.validators[kind] = self.schemas.validator(kind, self.naive_ok)
            self.field_kinds[kind] = self.schemas.field_kinds(kind)
        errors = list(self.validators[kind].iter_errors(doc.data))
        if errors:
            return shown, problems + to_problems(doc, errors, self.schemas.resolve), doc, None
        data = convert(doc.data, self.field_kinds[kind], self.tz, self.naive_ok)
        return shown, problems, doc, Record(data["id"], kind, shown, data)


PARALLEL_FROM = 2000  # files; below this a worker pool costs more than it saves
_worker: _FileChecker | None = None


def _init_worker(checker: _FileChecker) -> None:
    global _worker
    _worker = checker


def _run_chunk(jobs: list[tuple[Path, str]]) -> list:
    assert _worker is not None
    return [_worker(job) for job in jobs]


def _map(checker: _FileChecker, jobs: list[tuple[Path, str]]) -> Iterator:
    """Check files in order, across all cores when there are many of them."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < PARALLEL_FROM or workers < 2:
        yield from map(checker, jobs)
        return
    import multiprocessing

    ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else multiprocessing.get_context()
    size = max(200, len(jobs) // (workers * 8))
    chunks = [jobs[i:i + size] for i in range(0, len(jobs), size)]
    with ctx.Pool(workers, initializer=_init_worker, initargs=(checker,)) as pool:
        for chunk in pool.imap(_run_chunk, chunks):
            yield from chunk


def _contract(doc: Document, schemas: SchemaSet, result: Result) -> tuple[Record | None, ZoneInfo, bool]:
    tz, naive_ok = ZoneInfo(FALLBACK_TZ), True
    errors = list(schemas.validator("contract").iter_errors(doc.data))
    if errors:
        result.problems.extend(to_problems(doc, errors, schemas.resolve))
        return None, tz, naive_ok
    try:
        tz = ZoneInfo(doc.data["time_zone"])
    except (ZoneInfoNotFoundError, ValueError):
        line, col = doc.locate(("time_zone",))
        result.problems.append(problem(doc.path, line, col, "time_zone", "schema.format",
                                       format="IANA 时区", value=doc.data["time_zone"], about="如 Asia/Shanghai"))
        return None, ZoneInfo(FALLBACK_TZ), naive_ok
    naive_ok = doc.data.get("naive_times", "local") == "local"
    data = convert(doc.data, schemas.field_kinds("contract"), tz, naive_ok)
    return Record(str(data["id"]), "contract", doc.path, data), tz, naive_ok


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
