"""Problems out to a person, a program or a CI log.

Text for people (`path:line:col: field: message` and a hint), JSON for tools,
and workflow-command annotations when running under GitHub or Gitea Actions so
the problem shows on the pull request's changed line.
"""
from __future__ import annotations

import json
import os
from typing import Iterable, TextIO

from .messages import render
from .problems import Problem


def in_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true" or os.environ.get("GITEA_ACTIONS") == "true"


def location(p: Problem) -> str:
    where = p.file
    if p.line:
        where += f":{p.line}:{p.col or 1}"
    return where


def write_text(problems: Iterable[Problem], out: TextIO, lang: str) -> None:
    hint_label = "提示" if lang == "zh" else "hint"
    for p in problems:
        text, hint = render(p.code, p.params, lang)
        field = f" {p.field}:" if p.field else ""
        out.write(f"{location(p)}:{field} {text}\n")
        if hint:
            out.write(f"    {hint_label}: {hint}\n")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_prop(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def write_annotations(problems: Iterable[Problem], out: TextIO, lang: str) -> None:
    for p in problems:
        text, hint = render(p.code, p.params, lang)
        props = [f"file={_escape_prop(p.file)}"]
        if p.line:
            props.append(f"line={p.line}")
            props.append(f"col={p.col or 1}")
        title = p.field or p.code
        props.append(f"title={_escape_prop(title)}")
        body = text + (f" ({hint})" if hint else "")
        out.write(f"::error {','.join(props)}::{_escape_data(body)}\n")


def as_json(problems: Iterable[Problem], lang: str) -> list[dict]:
    rows = []
    for p in problems:
        text, hint = render(p.code, p.params, lang)
        rows.append({"file": p.file, "line": p.line, "col": p.col, "field": p.field, "code": p.code,
                     "message": text, "hint": hint})
    return rows


def write_json(problems: Iterable[Problem], out: TextIO, lang: str, **extra) -> None:
    json.dump({"problems": as_json(problems, lang), **extra}, out, ensure_ascii=False, indent=2)
    out.write("\n")
