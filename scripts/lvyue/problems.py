"""The one shape every complaint about the records takes.

Loading, validating and the engine all report through `Problem`, so that a
person sees every fault in one run, each pointing at file, line, column and
field, and the reporter (text, JSON, CI annotations) is written once.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the problem is about the file as a whole
    col: int  # 1-based; 0 when unknown
    field: str  # dotted path to the value, e.g. "findings[2].url"; "" for the file
    code: str  # message key in lvyue.messages
    args: tuple[tuple[str, Any], ...] = field(default=())

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.args)


def problem(file: str, line: int, col: int, path: str, code: str, /, **args: Any) -> Problem:
    return Problem(file, line, col, path, code, tuple(sorted(args.items())))


def dotted(path: tuple) -> str:
    """Render a JSON path the way an engineer would point at it in YAML."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
