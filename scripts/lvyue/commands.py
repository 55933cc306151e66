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
        as_of = default_as_of(result, datetime.now(ZoneInfo(result.contract["time_zone"])).date(), load_schemas(args))
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


def _as_of(args: argparse.Namespace):
    """The as-of date: --as-of, or today clipped by `default_as_of` once the records are read."""
    from datetime import date, datetime
    from zoneinfo import ZoneInfo

    if args.as_of:
        try:
            fixed = date.fromisoformat(args.as_of)
        except ValueError:
            from .cli import UsageError
            raise UsageError(f"--as-of {args.as_of!r}: write YYYY-MM-DD") from None
        return lambda result: fixed
    schemas = load_schemas(args)
    return lambda result: default_as_of(result, datetime.now(ZoneInfo(result.contract["time_zone"])).date(), schemas)


def build(args: argparse.Namespace, lang: str) -> int:
    from .site.build import build_site
    from .workdays import CalendarGap

    config = args.config
    if config is None:
        beside = args.records.parent / "mkdocs.yml"
        config = beside if beside.is_file() else None
    elif not config.is_file():
        from .cli import UsageError
        raise UsageError(render("build.config_missing", {"path": str(config)}, lang)[0])

    def progress(key: str, params: dict) -> None:
        print(render(key, params, lang)[0], file=sys.stderr, flush=True)

    try:
        built = build_site(args.records, load_schemas(args), _as_of(args), args.build_dir, args.site_dir,
                           config, progress=progress)
    except CalendarGap as gap:
        text, hint = render("calendar.uncovered", {"date": gap.day.isoformat()}, lang)
        print(f"{args.records / 'contract.yaml'}: calendar: {text}\n    {hint}", file=sys.stderr)
        return 1
    except Exception as exc:  # MkDocs' Abort and friends: not the user's records
        from mkdocs.exceptions import MkDocsException
        if not isinstance(exc, MkDocsException):
            raise
        text, hint = render("build.mkdocs_failed", {"detail": str(exc)}, lang)
        print(f"lvyue: {text}\n    {hint}", file=sys.stderr)
        return 1
    if built.metrics is None:
        report.write_text(built.result.problems, sys.stdout, lang)
        files = len({p.file for p in built.result.problems})
        print(render("cli.failed", {"files": files, "count": len(built.result.problems),
                                    "total": built.result.files_checked}, lang)[0], file=sys.stderr)
        return 1
    from .summary import write_summary
    write_summary(built.metrics, sys.stdout, lang)
    text, hint = render("build.done", {"path": str(built.site_dir), "pages": built.pages, "size": _size(built.size),
                                       "seconds": f"{built.seconds:.1f}",
                                       "index": str(built.site_dir / "index.html")}, lang)
    print(f"{text}\n    {hint}", file=sys.stderr)
    return 0


def serve(args: argparse.Namespace, lang: str) -> int:
    import functools
    import http.server

    if not args.no_build:
        code = build(args, lang)
        if code:
            return code
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site_dir))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        print(render("serve.listening", {"url": f"http://127.0.0.1:{server.server_address[1]}/"}, lang)[0],
              file=sys.stderr, flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return 0


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MiB" if n >= 1048576 else f"{n / 1024:.0f} KiB"


def default_as_of(result, today, schemas: SchemaSet):
    """Today, but no later than the term's end or the last event in the records, whichever is later.

    Dates the schema marks `x-lvyue-future` (a certificate's expiry) are
    promises, not events, so they do not stretch the default.
    """
    from datetime import date, datetime

    latest = result.contract["term"]["end"]
    skip = {kind: {p for p, f in schemas.fields(kind).items() if f.future} for kind in schemas.kinds}
    for rec in result.records:
        for key, value in rec.data.items():
            if (key,) in skip.get(rec.kind, ()):
                continue
            if isinstance(value, datetime):
                value = value.date()
            if isinstance(value, date) and value > latest:
                latest = value
    return min(today, latest)
