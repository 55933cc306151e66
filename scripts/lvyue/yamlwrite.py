"""Write records as plain, diff-friendly YAML that the strict loader reads back exactly.

Strings are written plain only when they cannot be read as anything else;
otherwise as JSON strings, which are valid YAML double-quoted scalars.
"""
from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from .yamlload import STR, _resolve_plain

_PLAIN = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`<=~][^\n\t#]*")


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, Decimal)):
        return str(value)
    text = str(value)
    if (_PLAIN.fullmatch(text) and ": " not in text and not text.endswith((":", " "))
            and _resolve_plain(text) == STR):
        return text
    return json.dumps(text, ensure_ascii=False)


def dump(data: dict, comment: str = "") -> str:
    lines = [f"# {line}" for line in comment.splitlines()] if comment else []
    _mapping(data, 0, lines)
    return "\n".join(lines) + "\n"


def _mapping(data: dict, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for key, value in data.items():
        if isinstance(value, dict) and value:
            lines.append(f"{pad}{key}:")
            _mapping(value, indent + 2, lines)
        elif isinstance(value, list) and value and any(isinstance(v, (dict, list)) for v in value):
            lines.append(f"{pad}{key}:")
            _sequence(value, indent + 2, lines)
        elif isinstance(value, list):
            lines.append(f"{pad}{key}: [{', '.join(_scalar(v) for v in value)}]")
        elif isinstance(value, dict):
            lines.append(f"{pad}{key}: {{}}")
        else:
            lines.append(f"{pad}{key}: {_scalar(value)}")


def _sequence(items: list, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    for item in items:
        if isinstance(item, dict) and item:
            sub: list[str] = []
            _mapping(item, indent + 2, sub)
            sub[0] = f"{pad}- " + sub[0][indent + 2:]
            lines.extend(sub)
        elif isinstance(item, list):
            lines.append(f"{pad}- [{', '.join(_scalar(v) for v in item)}]")
        else:
            lines.append(f"{pad}- {_scalar(item)}")
