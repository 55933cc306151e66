"""What each CLI subcommand does: read inputs, call the library, write outputs."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import report
from .messages import render
from .schemas import SchemaSet, default_dir


def schema_dir(args: argparse.Namespace) -> Path:
    if args.schemas is not None:
        return args.schemas
    beside = args.records.parent / "schemas"
    return beside if beside.is_dir() else default_dir()


def load_schemas(args: argparse.Namespace) -> SchemaSet:
    folder = schema_dir(args)
    if not folder.is_dir():
        from .cli import UsageError
        raise UsageError(f"schema folder not found: {folder}")
    return SchemaSet.load(folder)


def validate(args: argparse.Namespace, lang: str) -> int:
    from .validate import validate as run

    schemas = load_schemas(args)
    records_dir = args.records
    only = None
    if args.paths:
        root = records_dir.resolve()
        only = []
        for p in args.paths:
            full = p.resolve()
            if not full.is_relative_to(root):
                from .cli import UsageError
                text, _ = render("path.outside", {"path": str(p)}, lang)
                raise UsageError(text)
            only.append(records_dir / full.relative_to(root))
    result = run(records_dir, schemas, only)
    fmt = args.format or ("github" if report.in_actions() else "text")
    if fmt == "json":
        report.write_json(result.problems, sys.stdout, lang, files=result.files_checked, ok=result.ok)
    else:
        if fmt == "github":
            report.write_annotations(result.problems, sys.stdout, lang)
        report.write_text(result.problems, sys.stdout if fmt == "text" else sys.stderr, lang)
        files = len({p.file for p in result.problems})
        if result.ok:
            print(render("cli.ok", {"count": result.files_checked}, lang)[0], file=sys.stderr)
        else:
            print(render("cli.failed", {"files": files, "count": len(result.problems),
                                        "total": result.files_checked}, lang)[0], file=sys.stderr)
    return 0 if result.ok else 1


def new(args: argparse.Namespace, lang: str) -> int:
    from .newrecord import create

    schemas = load_schemas(args)
    path = create(args.records, schemas, args.kind, at=args.at, author=args.author)
    print(render("cli.created", {"path": path.as_posix()}, lang)[0])
    return 0


def generate_demo(args: argparse.Namespace, lang: str) -> int:
    from .demoyear import write_demo

    count = write_demo(args.out, seed=args.seed)
    print(render("cli.wrote", {"path": f"{args.out} ({count})"}, lang)[0])
    return 0


def metrics(args: argparse.Namespace, lang: str) -> int:
    import json
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    from .engine import compute
    from .summary import write_summary
    from .validate import validate as run
    from .workdays import CalendarGap

    result = run(args.records, load_schemas(args))
    if not result.ok or result.contract is None:
        report.write_text(result.problems, sys.stdout, lang)
        return 1
    if args.as_of:
        try:
            as_of = date.fromisoformat(args.as_of)
        except ValueError:
            from .cli import UsageError
            raise UsageError(f"--as-of {args.as_of!r}: write YYYY-MM-DD") from None
    else:
        as_of = default_as_of(result, datetime.now(ZoneInfo(result.contract["time_zone"])).date())
    try:
        data = compute(result.contract, result.records, as_of)
    except CalendarGap as gap:
        text, hint = render("calendar.uncovered", {"date": gap.day.isoformat()}, lang)
        print(f"{result.contract.file}: calendar: {text}\n    {hint}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")
    write_summary(data, sys.stdout, lang)
    print(render("cli.wrote", {"path": args.out.as_posix()}, lang)[0], file=sys.stderr)
    if args.fail_on == "penalty" and data["ledger"]["entries"]:
        return 1
    if args.fail_on == "breach" and (data["ledger"]["entries"] or data["nonconformities"]):
        return 1
    return 0


def default_as_of(result, today):
    """Today, but no later than the term's end or the last dated record, whichever is later."""
    from datetime import date, datetime

    latest = result.contract["term"]["end"]
    for rec in result.records:
        for value in rec.data.values():
            if isinstance(value, datetime):
                value = value.date()
            if isinstance(value, date) and value > latest:
                latest = value
    return min(today, latest)
