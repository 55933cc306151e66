"""The one place where text becomes HTML.

Record strings come from the vendor's pull requests and are shown to the
client, so they are never trusted as markup. Plain HTML escaping is not
enough in a Markdown site: `[x](javascript:...)`, `{onclick=...}` and
`--8<--` are harmless to a browser but not to Markdown extensions. So escaped
text also encodes the characters those syntaxes need, newlines included; a
generated page therefore never holds a line that Markdown could act on.

Links are the other half: `href` and `src` take only `Href` values, which are
made by `links` (pages and files inside the site) or by `external` (http and
https URLs); anything else is dropped and shown as text.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable
from urllib.parse import urlsplit


class Markup(str):
    """HTML built by code; concatenating it with anything else escapes the other side."""

    __slots__ = ()

    def __add__(self, other: Any) -> "Markup":
        return Markup(str.__add__(self, esc(other)))

    def __radd__(self, other: Any) -> "Markup":
        return Markup(str.__add__(esc(other), self))


class Href(str):
    """A link target made by code: a path inside the site or a checked http(s) URL."""

    __slots__ = ()


_ESCAPES = {
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
    "\n": "&#10;", "\r": "&#13;", "[": "&#91;", "]": "&#93;", "{": "&#123;", "}": "&#125;",
    "`": "&#96;", "\\": "&#92;", "*": "&#42;", "_": "&#95;", "~": "&#126;", "|": "&#124;",
}
_TABLE = str.maketrans({**{chr(c): "\ufffd" for c in (*range(0, 9), 11, 12, *range(14, 32), 127)}, **_ESCAPES})
_TAG = re.compile(r"^[a-z][a-z0-9]*$")
_ATTR = re.compile(r"^[a-zA-Z][a-zA-Z0-9-]*$")
_URL_ATTRS = frozenset({"href", "src", "xlink:href", "action", "formaction"})
VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "col", "wbr"})


def esc(value: Any) -> Markup:
    """Escape any value for use as HTML text or an attribute value."""
    kind = type(value)
    if kind is Markup:
        return value
    if kind is str:
        return Markup(value.translate(_TABLE))
    return Markup(("" if value is None else str(value)).translate(_TABLE))


_CHECKED: set[str] = set()  # tag and attribute names already checked (page writing calls h millions of times)


def _check(name: str, pattern: re.Pattern, what: str) -> None:
    if not pattern.match(name) or (what == "attribute" and name.lower().startswith("on")):
        raise ValueError(f"{what} {name!r} is not allowed")
    _CHECKED.add(what + ":" + name)


def h(tag: str, attrs: dict[str, Any] | None = None, *children: Any) -> Markup:
    """An element. Tag and attribute names come from code; values and children are escaped."""
    if "tag:" + tag not in _CHECKED:
        _check(tag, _TAG, "tag")
    parts = ["<" + tag]
    if attrs:
        for name, value in attrs.items():
            if value is None or value is False:
                continue
            if "attribute:" + name not in _CHECKED:
                _check(name, _ATTR, "attribute")
            if name in _URL_ATTRS and type(value) is not Href:
                continue  # only links made by code
            parts.append(" " + name if value is True else f' {name}="{esc(value)}"')
    parts.append(">")
    if tag in VOID:
        return Markup("".join(parts))
    _append(parts, children)
    parts.append(f"</{tag}>")
    return Markup("".join(parts))


def join(items: Iterable[Any], sep: Any = "") -> Markup:
    parts: list[str] = []
    _append(parts, items)
    return Markup(esc(sep).join(parts))


def _append(parts: list[str], items: Iterable[Any]) -> None:
    """Escape and collect items, flattening lists, tuples and generators (the hot path of page writing)."""
    for item in items:
        if item is None:
            continue
        if type(item) is Markup:
            parts.append(item)
        elif isinstance(item, (list, tuple)) or hasattr(item, "__next__"):
            _append(parts, item)
        else:
            parts.append(esc(item))


def external(url: Any) -> Href | None:
    """An http(s) URL from a record, or None: no javascript:, data:, file: or relative paths."""
    if not isinstance(url, str) or len(url) > 2048 or any(c.isspace() or ord(c) < 32 for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return Href(url)


def script_json(data: Any) -> Markup:
    """JSON safe to inline in a <script> element: `<`, `>` and `&` never appear literally."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)
