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

    from .audit import counted
    from .engine import compute
    from .summary import write_summary
    from .validate import validate as run
    from .workdays import CalendarGap

    schemas = load_schemas(args)
    as_of_for = _as_of(args, schemas)  # a bad --as-of is a usage error before any work
    result = run(args.records, schemas)
    if not result.ok or result.contract is None:
        report.write_text(result.problems, sys.stdout, lang)
        return 1
    as_of = as_of_for(result)
    _, records = counted(args.records, result, read_history=not args.no_history)
    try:
        data = compute(result.contract, records, as_of)
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


def _as_of(args: argparse.Namespace, schemas: SchemaSet):
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
        schemas = load_schemas(args)
        built = build_site(args.records, schemas, _as_of(args, schemas), args.build_dir, args.site_dir,
                           config, progress=progress, history=not args.no_history)
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
    if built.audit is not None:
        a = built.audit
        print(render("build.audit", {"late": len(a["late"]), "restated": len(a["restatements"]),
                                     "unauthorised": len(a["unauthorised"])}, lang)[0])
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


def _repo(args: argparse.Namespace):
    from .history import open_repo
    return open_repo(args.records)


def audit(args: argparse.Namespace, lang: str) -> int:
    import json

    from .validate import validate as run
    result = run(args.records, load_schemas(args))
    if result.contract is None:
        report.write_text(result.problems, sys.stdout, lang)
        return 1
    from .audit import collect
    found = collect(args.records, result.contract, result.records)
    if found is None:
        print(render("history.not_repo", {"path": str(args.records)}, lang)[0], file=sys.stderr)
        return 1
    if args.format == "json":
        json.dump(found, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        from .audit_report import write_audit
        write_audit(found, sys.stdout)
    v = found.get("verify") or {}
    bad = found["late"] or found["restatements"] or found["unauthorised"] or (
        v.get("seal") and (not v.get("in_history") or v.get("changed") or v.get("removed")))
    return 1 if args.fail and bad else 0


def close(args: argparse.Namespace, lang: str) -> int:
    from .seal import close as run
    with _repo(args) as repo:
        tag = run(repo, args.month, sign=args.sign)
        commit = repo.tags[tag].commit.hexsha[:10]
    text, hint = render("close.done", {"tag": tag, "commit": commit}, lang)
    print(f"{text}\n    {hint}")
    return 0


def seal(args: argparse.Namespace, lang: str) -> int:
    from datetime import datetime, timezone

    from .seal import seal as run
    with _repo(args) as repo:
        tag, path = run(repo, args.records, datetime.now(timezone.utc).astimezone(), sign=args.sign)
        files = len(__import__("json").loads(path.read_text("utf-8"))["records"])
    text, hint = render("seal.done", {"tag": tag, "files": files}, lang)
    print(f"{text}\n    {hint}")
    return 0


def verify(args: argparse.Namespace, lang: str) -> int:
    from .seal import verify as run
    with _repo(args) as repo:
        v = run(repo, args.records)
    if v["seal"] is None:
        print(render("verify.none", {}, lang)[0])
        return 0
    code = 0
    if not v.get("in_history"):
        text, hint = render("verify.rewritten", {"tag": v["seal"], "commit": v.get("sealed_commit", v["commit"])[:10]}, lang)
        print(f"{text}\n    {hint}")
        code = 1
    if v.get("changed") or v.get("added") or v.get("removed"):
        print(render("verify.changed", {"tag": v["seal"], "changed": len(v["changed"]), "added": len(v["added"]),
                                        "removed": len(v["removed"])}, lang)[0])
        for key, mark in (("changed", "M"), ("added", "A"), ("removed", "D")):
            for path in v[key]:
                print(f"  {mark} {path}")
        code = 1
    if code == 0:
        print(render("verify.ok", {"tag": v["seal"], "files": v["files"]}, lang)[0])
    return code


def codeowners(args: argparse.Namespace, lang: str) -> int:
    from .codeowners import render as make
    from .validate import validate as run
    schemas = load_schemas(args)
    result = run(args.records, schemas)
    if result.contract is None:
        report.write_text(result.problems, sys.stdout, lang)
        return 1
    required = {k: schemas.documents[k].get("required", []) for k in schemas.kinds}
    out = args.out or args.records.parent / ".github" / "CODEOWNERS"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(make(result.contract.data, required, args.records.name), "utf-8")
    print(render("cli.wrote", {"path": out.as_posix()}, lang)[0])
    return 0


def demo(args: argparse.Namespace, lang: str) -> int:
    from .demorepo import make_demo_repo
    count = make_demo_repo(args.dir)
    print(render("cli.wrote", {"path": f"{args.dir} ({count} commits)"}, lang)[0])
    return 0


def diff(args: argparse.Namespace, lang: str) -> int:
    import json

    from .metricsdiff import render as make

    def load(path: Path) -> dict:
        try:
            return json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
    sys.stdout.write(make(load(args.old), load(args.new)))
    return 0
