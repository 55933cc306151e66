"""`lvyue build`: records → validation → metrics → pages → MkDocs → site/.

The generated Markdown goes to a folder lvyue owns (build/docs), wiped on
every run, so nothing from a previous build or from the records can end up in
the site except what the page generator wrote and the attachments it chose
to copy. MkDocs runs in-process with the configuration lvyue ships (or the
repository's mkdocs.yml, which may INHERIT it).
"""
from __future__ import annotations

import json
import multiprocessing
import os
import re
import logging
import shutil
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Callable

import yaml

from ..audit import counted
from ..engine import compute
from ..model import Record
from ..schemas import SchemaSet
from ..validate import PARALLEL_FROM, Result, validate
from .links import ATTACHMENTS
from .pages import NAV, Site, plan, record_list
from .widgets import SERVED_TYPES

PACKAGE = Path(__file__).parent
BUILTIN_CONFIG = PACKAGE / "mkdocs.yml"
_SAFE_TITLE = re.compile(r"^[\w\s·（）()、.:：-]+$")


@dataclass
class Built:
    result: Result
    metrics: dict | None = None
    pages: int = 0
    site_dir: Path | None = None
    seconds: float = 0.0
    size: int = 0
    warnings: list[str] = field(default_factory=list)
    audit: dict | None = None


def attachments(records: list[Record], schemas: SchemaSet) -> list[str]:
    """Every attachment path the records refer to."""
    return sorted({path for rec in records for path in schemas.file_paths(rec.kind, rec.data)})


def copy_attachments(records_dir: Path, paths: list[str], docs: Path) -> set[str]:
    """Copy the attachments the site may serve; return the ones copied."""
    root = records_dir.resolve()
    served = set()
    for rel in paths:
        if PurePosixPath(rel).suffix.lower() not in SERVED_TYPES:
            continue
        src = (records_dir / rel).resolve()
        if not src.is_relative_to(root) or not src.is_file():
            continue  # validation already reported it
        dst = docs / ATTACHMENTS / rel
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, dst)
        served.add(rel)
    return served


# Above this many records, only the summary pages, and of those only the ones
# under SEARCH_PAGE_LIMIT characters, are searchable: a browser would otherwise
# download and index every record's text before the first query (and indexing
# it is most of a large build).
SEARCH_RECORD_LIMIT = 5000
SEARCH_PAGE_LIMIT = 1_000_000


def write_page(docs: Path, path: str, title: str, body: str, search_records: bool) -> None:
    if not _SAFE_TITLE.match(title):  # titles reach theme templates, which do not escape
        raise ValueError(f"unsafe page title {title!r}")
    target = docs / path
    target.parent.mkdir(parents=True, exist_ok=True)
    meta: dict = {"title": title, "hide": ["toc"]}  # headings are raw HTML: no TOC, so give tables the width
    if not search_records and ("/" in path or len(body) > SEARCH_PAGE_LIMIT):
        meta["search"] = {"exclude": True}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    # One raw HTML block; the lvyue MkDocs plugin takes it as the page content as is.
    target.write_text(f"---\n{front}---\n\n<div class=\"lv-page\">{body}</div>\n", "utf-8")


_JOBS: list = []  # the page plan, inherited by forked workers


def _write_job(args: tuple[int, str, bool]) -> None:
    index, docs, search_records = args
    path, title, make = _JOBS[index]
    write_page(Path(docs), path, title, make(), search_records)


def _weight(make) -> int:
    return len(make.args[-1]) if getattr(make, "func", None) is record_list else 0


def write_pages(site: Site, docs: Path, search_records: bool) -> int:
    """Make and write every page; record pages are spread over the cores for large record sets."""
    global _JOBS
    jobs = plan(site)
    workers = os.cpu_count() or 1
    if workers < 2 or len(site.records) < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        for path, title, make in jobs:
            write_page(docs, path, title, make(), search_records)
        return len(jobs)
    _JOBS = jobs
    try:
        # Biggest pages first, one at a time, so the cores finish together.
        order = sorted(range(len(jobs)), key=lambda i: -_weight(jobs[i][2]))
        with multiprocessing.get_context("fork").Pool(min(workers, 4)) as pool:
            for _ in pool.imap_unordered(_write_job, [(i, str(docs), search_records) for i in order], chunksize=1):
                pass
    finally:
        _JOBS = []
    return len(jobs)


def copy_assets(docs: Path) -> None:
    dst = docs / "assets" / "lvyue"
    shutil.copytree(PACKAGE / "assets", dst, dirs_exist_ok=True)


def run_mkdocs(config_file: Path, docs: Path, site_dir: Path, site_name: str) -> list[str]:
    """Build in-process and strictly; return MkDocs' warnings (strict mode raises on any)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                messages.append(record.getMessage())

    handler = Collect()
    logging.getLogger("jieba").setLevel(logging.WARNING)  # its dictionary-loading chatter
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    level, propagate = logger.level, logger.propagate
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        cfg = load_config(config_file=str(config_file), docs_dir=str(docs), site_dir=str(site_dir),
                          site_name=site_name, strict=True)
        cfg.plugins.on_startup(command="build", dirty=False)
        try:
            build(cfg)
        finally:
            cfg.plugins.on_shutdown()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate
    return messages


def build_site(records_dir: Path, schemas: SchemaSet, as_of: Callable[[Result], date], build_dir: Path,
               site_dir: Path, config_file: Path | None = None, history: bool = True,
               progress: Callable[[str, dict], None] = lambda key, params: None) -> Built:
    started = time.perf_counter()
    progress("build.step.validate", {})
    result = validate(records_dir, schemas)
    built = Built(result)
    if not result.ok or result.contract is None:
        return built
    day = as_of(result)
    if history:
        progress("build.step.history", {})
    audit, records = counted(records_dir, result, history)
    progress("build.step.metrics", {"as_of": day.isoformat()})
    metrics = compute(result.contract, records, day)
    built.metrics = metrics
    build_dir.mkdir(parents=True, exist_ok=True)
    (build_dir / "metrics.json").write_text(json.dumps(metrics, ensure_ascii=False, indent=1) + "\n", "utf-8")

    docs = build_dir / "docs"
    if docs.exists():
        shutil.rmtree(docs)
    docs.mkdir(parents=True)
    served = copy_attachments(records_dir, attachments(result.records, schemas), docs)
    site = Site(metrics, result.records, result.contract.data, schemas, served, audit)
    progress("build.step.pages", {"count": len(site.by_page) + len(NAV) + len(site.months())})
    built.audit = audit
    built.pages = write_pages(site, docs, search_records=len(result.records) <= SEARCH_RECORD_LIMIT)
    copy_assets(docs)

    progress("build.step.mkdocs", {})
    # The site name is fixed: theme templates do not escape it, so record text never goes there.
    built.warnings = run_mkdocs(config_file or BUILTIN_CONFIG, docs.resolve(), site_dir.resolve(), "履约看板")
    built.site_dir = site_dir
    built.size = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    built.seconds = time.perf_counter() - started
    return built
