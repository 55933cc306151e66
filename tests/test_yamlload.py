"""The strict loader: every YAML surprise is refused with a position, nothing crashes."""
from __future__ import annotations

import resource
import time
from decimal import Decimal

import pytest
import yaml

from lvyue import yamlload
from lvyue.problems import Problem
from lvyue.yamlload import Document, load_bytes


def load(text: str | bytes) -> Document | Problem:
    return load_bytes("records/x.yaml", text.encode() if isinstance(text, str) else text)


def bad(text: str | bytes) -> Problem:
    result = load(text)
    assert isinstance(result, Problem), result
    return result


def test_uses_libyaml_c_parser():
    assert yaml.__with_libyaml__
    assert yamlload.CParser is yaml.cyaml.CParser
    assert issubclass(yamlload._Loader, yaml.cyaml.CParser)


def test_yaml11_lookalikes_stay_text():
    doc = load("a: 10:30\nb: no\nc: 0755\nd: 2024-07-13\ne: 2024-07-13 09:30\nf: yes\ng: on\nh: 0x1F\ni: 1e3\n")
    assert doc.data == {"a": "10:30", "b": "no", "c": "0755", "d": "2024-07-13", "e": "2024-07-13 09:30",
                        "f": "yes", "g": "on", "h": "0x1F", "i": "1e3"}


def test_core_scalars():
    doc = load("a: 12\nb: 193520.00\nc: true\nd: null\ne: ~\nf: -3\ng: '12'\n")
    assert doc.data == {"a": 12, "b": Decimal("193520.00"), "c": True, "d": None, "e": None, "f": -3, "g": "12"}
    assert isinstance(doc.data["b"], Decimal) and str(doc.data["b"]) == "193520.00"


@pytest.mark.parametrize("text,line", [("a: 1\nb: 2\na: 3\n", 3), ("x:\n  a: 1\n  b: 2\n  a: 3\n", 4)])
def test_duplicate_keys_name_both_lines(text, line):
    p = bad(text)
    assert p.code == "yaml.duplicate_key" and p.line == line
    assert p.params["first_line"] == line - 2


def test_alias_bomb_refused_fast_with_bounded_memory():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 12):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    p = bad("\n".join(lines) + "\n")
    assert time.perf_counter() - start < 0.5
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    assert p.code == "yaml.anchor" and p.line == 1


@pytest.mark.parametrize("text,code", [
    ("a: &x 1\n", "yaml.anchor"),
    ("<<: {a: 1}\nb: 2\n", "yaml.merge_key"),
    ("a: !!python/object:os.system {}\n", "yaml.tag"),
    ("a: !!python/name:os.system ''\n", "yaml.tag"),
    ("a: !custom x\n", "yaml.tag"),
    ("a: !!binary aGVsbG8=\n", "yaml.tag"),
    ("a: !!timestamp 2024-07-13\n", "yaml.tag"),
    ("1: a\n", "yaml.key_not_string"),
    ("? [a]\n: b\n", "yaml.key_not_string"),
    ("a: [1, 2\n", "yaml.syntax"),
    ("a: 1\n---\nb: 2\n", "yaml.syntax"),
    ("- a\n- b\n", "yaml.not_mapping"),
    ("just text\n", "yaml.not_mapping"),
    ("", "yaml.empty"),
    ("   \n\n", "yaml.empty"),
    ("# only a comment\n", "yaml.empty"),
])
def test_refused(text, code):
    p = bad(text)
    assert p.code == code, p
    assert p.file == "records/x.yaml"


def test_tag_points_at_value():
    p = bad("id: x\nobj: !!python/object/apply:os.system ['id']\n")
    assert (p.line, p.col, p.field) == (2, 6, "obj")


def test_bytes_refused():
    assert bad(b"\xef\xbb\xbfa: 1\n").code == "yaml.bom"
    p = bad(b"a: 1\nb: x\x00y\n")
    assert (p.code, p.line, p.col) == ("yaml.nul", 2, 5)
    p = bad("a: 1\nb: 中文\n".encode("gbk"))
    assert (p.code, p.line) == ("yaml.not_utf8", 2)


def test_size_cap():
    p = load_bytes("records/x.yaml", b"a: " + b"x" * 2000 + b"\n", max_bytes=1000)
    assert p.code == "yaml.too_big"


@pytest.mark.parametrize("text", ["a: " + "[" * 100000, "a: " + "- " * 200000 + "x\n", "a:\n" + "".join(" " * i + f"k{i}:\n" for i in range(1, 90))])
def test_deep_nesting_refused_without_crash(text):
    p = bad(text)
    assert p.code in ("yaml.too_deep", "yaml.syntax")


def test_locate_points_at_values():
    doc = load("id: x\nfindings:\n  - url: a\n    description: b\n  - url: c\n")
    assert doc.locate(("findings", 1, "url")) == (5, 10)
    assert doc.locate(("findings", 0, "description")) == (4, 18)
    assert doc.locate_key(("findings", 0, "description")) == (4, 5)
    assert doc.locate(("missing",)) == (1, 1)
