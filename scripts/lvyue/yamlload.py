"""Strict YAML loading: libyaml speed, none of YAML 1.1's surprises.

Records are typed by hand by engineers and read as evidence, so a value must
mean what it looks like. libyaml (through PyYAML's Cython `CParser`) does the
scanning and composing; everything PyYAML would do afterwards is replaced:

* no implicit typing beyond the YAML 1.2 core schema, narrowed further:
  ``10:30``, ``no``, ``0755``, ``2024-07-13`` and timestamps stay text (the
  schema layer parses dates and times itself); integers are plain decimal
  integers without a leading zero; numbers with a point become ``Decimal``;
* anchors, aliases, merge keys, non-string keys and every tag outside the core
  schema are errors, as are duplicate keys (both lines are named);
* the input must be UTF-8 without a BOM or NUL bytes, non-empty, under a size
  cap, one document whose top level is a mapping.

Positions are not stored per value: a `Document` keeps its source bytes and
finds the line and column of any value on demand (`locate`), which costs
nothing for the files that are valid, i.e. nearly all of them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import yaml
from yaml.cyaml import CParser  # the C parser; ImportError here means no libyaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from .problems import Problem, dotted, problem

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 64

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
CORE_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, SEQ, MAP})

_INT_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_DEC_RE = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\.[0-9]+\Z")
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_INDENT_RE = re.compile(rb"^[ \t?:-]*", re.M)


class YamlError(Exception):
    def __init__(self, line: int, col: int, path: str, code: str, **args: Any):
        super().__init__(code)
        self.line, self.col, self.path, self.code, self.args_ = line, col, path, code, args


def _resolve_plain(value: str) -> str:
    """The narrowed core schema: the only implicit types a record can hold."""
    if value in _NULLS:
        return NULL
    if value in _BOOLS:
        return BOOL
    c = value[0]
    if c.isdigit() or c in "+-":
        if _INT_RE.match(value):
            return INT
        if _DEC_RE.match(value):
            return FLOAT
    return STR


class _Loader(CParser, BaseResolver):
    """libyaml composing with our resolver and no constructor."""

    def __init__(self, data: bytes):
        CParser.__init__(self, data)
        BaseResolver.__init__(self)

    def resolve(self, kind, value, implicit):  # noqa: D401 - PyYAML hook
        if kind is ScalarNode and implicit[0]:
            return _resolve_plain(value)
        if kind is ScalarNode:
            return STR
        return SEQ if kind is SequenceNode else MAP


def _mark(node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _scalar(node: ScalarNode, path: tuple) -> Any:
    tag, value = node.tag, node.value
    if tag == STR:
        return value
    if tag == INT:
        if not _INT_RE.match(value):
            raise YamlError(*_mark(node), dotted(path), "yaml.bad_int", value=value)
        return int(value)
    if tag == FLOAT:
        if not _DEC_RE.match(value):
            raise YamlError(*_mark(node), dotted(path), "yaml.bad_number", value=value)
        return Decimal(value)
    if tag == BOOL:
        if value not in _BOOLS:
            raise YamlError(*_mark(node), dotted(path), "yaml.bad_bool", value=value)
        return _BOOLS[value]
    if value not in _NULLS:
        raise YamlError(*_mark(node), dotted(path), "yaml.bad_null", value=value)
    return None


def _build(node, path: tuple, depth: int) -> Any:
    if node.tag not in CORE_TAGS:
        raise YamlError(*_mark(node), dotted(path), "yaml.tag", tag=node.tag)
    if isinstance(node, ScalarNode):
        return _scalar(node, path)
    if depth > MAX_DEPTH:
        raise YamlError(*_mark(node), dotted(path), "yaml.too_deep", limit=MAX_DEPTH)
    if isinstance(node, SequenceNode):
        return [_build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
    out: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for knode, vnode in node.value:
        if not isinstance(knode, ScalarNode) or knode.tag != STR:
            raise YamlError(*_mark(knode), dotted(path), "yaml.key_not_string")
        key = knode.value
        if key == "<<" and knode.style == "":
            raise YamlError(*_mark(knode), dotted(path + (key,)), "yaml.merge_key")
        if key in out:
            raise YamlError(*_mark(knode), dotted(path + (key,)), "yaml.duplicate_key",
                            key=key, first_line=lines[key])
        lines[key] = knode.start_mark.line + 1
        out[key] = _build(vnode, path + (key,), depth + 1)
    return out


def _scan_events(data: bytes, want_anchors: bool) -> None:
    """Walk libyaml's event stream (iterative, so safe on hostile nesting).

    Run only when the cheap byte checks cannot rule out anchors or deep nesting:
    the Cython composer recurses and would crash the process on a deep input.
    """
    parser = CParser(data)
    depth = 0
    try:
        while True:
            event = parser.get_event()
            if event is None:
                return
            if want_anchors:
                if isinstance(event, yaml.AliasEvent):
                    raise YamlError(*_emark(event), "", "yaml.alias", name=event.anchor)
                anchor = getattr(event, "anchor", None)
                if anchor is not None:
                    raise YamlError(*_emark(event), "", "yaml.anchor", name=anchor)
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(*_emark(event), "", "yaml.too_deep", limit=MAX_DEPTH)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        parser.dispose()


def _emark(event) -> tuple[int, int]:
    return event.start_mark.line + 1, event.start_mark.column + 1


def _needs_event_scan(data: bytes) -> tuple[bool, bool]:
    """Cheap, sound over-approximations: may say yes needlessly, never no wrongly."""
    anchors = b"&" in data or b"*" in data
    flow = data.count(b"[") + data.count(b"{")
    block = max((len(m) for m in _INDENT_RE.findall(data)), default=0)
    return anchors, flow + 2 * block + 2 > MAX_DEPTH


def _compose(data: bytes):
    loader = _Loader(data)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


@dataclass
class Document:
    """One loaded file: its data, and the means to point into its source."""

    path: str
    data: dict[str, Any]
    source: bytes = field(repr=False)
    _root: Any = field(default=None, repr=False)

    def _node(self, path: tuple):
        """The node at `path`, or the nearest present parent; and whether it was reached."""
        if self._root is None:
            self._root = _compose(self.source)
        node = self._root
        for part in path:
            child = _child(node, part)
            if child is None:
                return node, False
            node = child
        return node, True

    def locate(self, path: tuple) -> tuple[int, int]:
        """Line and column of the value at `path`, or of its nearest present parent."""
        return _mark(self._node(path)[0])

    def locate_key(self, path: tuple) -> tuple[int, int]:
        """Position of the key naming `path` (for "unexpected field" reports)."""
        if not path:
            return 1, 1
        parent, reached = self._node(path[:-1])
        if reached and isinstance(parent, MappingNode):
            for k, _ in parent.value:
                if k.value == path[-1]:
                    return _mark(k)
        return _mark(parent)


def _child(node, part):
    if isinstance(node, MappingNode) and isinstance(part, str):
        for k, v in node.value:
            if k.value == part:
                return v
    elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    return None


def load_bytes(path: str, data: bytes, max_bytes: int = MAX_BYTES) -> Document | Problem:
    """Load one file's bytes; return the document or the first thing wrong with it."""

    def bad(line: int, col: int, code: str, field: str = "", **args: Any) -> Problem:
        return problem(path, line, col, field, code, **args)

    if len(data) > max_bytes:
        return bad(0, 0, "yaml.too_big", size=len(data), limit=max_bytes)
    if not data.strip():
        return bad(0, 0, "yaml.empty")
    if data.startswith(b"\xef\xbb\xbf"):
        return bad(1, 1, "yaml.bom")
    nul = data.find(b"\x00")
    if nul >= 0:
        return bad(data.count(b"\n", 0, nul) + 1, nul - data.rfind(b"\n", 0, nul), "yaml.nul")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        pos = exc.start
        return bad(data.count(b"\n", 0, pos) + 1, pos - data.rfind(b"\n", 0, pos), "yaml.not_utf8")
    try:
        anchors, deep = _needs_event_scan(data)
        if anchors or deep:
            _scan_events(data, anchors)
        root = _compose(data)
        if root is None:
            return bad(0, 0, "yaml.empty")
        if not isinstance(root, MappingNode) or root.tag != MAP:
            return bad(*_mark(root), "yaml.not_mapping")
        value = _build(root, (), 0)
    except YamlError as exc:
        return bad(exc.line, exc.col, exc.code, exc.path, **exc.args_)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (0, 0)
        text = " ".join(x for x in (exc.context, exc.problem) if x)
        return bad(line, col, "yaml.syntax", detail=text)
    except yaml.YAMLError as exc:  # libyaml reader errors carry no mark
        return bad(0, 0, "yaml.syntax", detail=str(exc).splitlines()[0])
    return Document(path, value, data)


def load_file(fs_path, shown_as: str, max_bytes: int = MAX_BYTES) -> Document | Problem:
    """Read at most `max_bytes` + 1 bytes, so a huge file costs no memory."""
    try:
        with open(fs_path, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return problem(shown_as, 0, 0, "", "file.unreadable", detail=exc.strerror or str(exc))
    return load_bytes(shown_as, data, max_bytes)
