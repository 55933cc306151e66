"""The JSON Schemas: found on disk, resolved locally, compiled once per run.

Schemas refer to each other by relative `$ref` (``common.schema.json#/...``);
a `referencing.Registry` built from the folder serves every reference, and an
unknown URI is an error rather than a download. Formats are really checked:
``date``, ``lvyue-datetime`` (with the contract's naive-time policy) and
``money`` (at most two decimal places).
"""
from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from pathlib import Path
from typing import Any, Iterator

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT202012

from . import timeparse

SUFFIX = ".schema.json"
BASE_URI = "https://lvyue.invalid/schemas/"
SHARED = ("common", "metrics")  # schema files that are not record kinds


def default_dir() -> Path:
    """The schemas/ folder beside scripts/ in this checkout."""
    return Path(__file__).resolve().parents[2] / "schemas"


def _format_checker(naive_ok: bool) -> FormatChecker:
    checker = FormatChecker(formats=())

    @checker.checks("date")
    def _date(value: Any) -> bool:
        return not isinstance(value, str) or timeparse.is_date(value)

    @checker.checks("lvyue-datetime", raises=timeparse.TimeError)
    def _datetime(value: Any) -> bool:
        if isinstance(value, str):
            from zoneinfo import ZoneInfo
            timeparse.parse_datetime(value, ZoneInfo("UTC"), naive_ok)
        return True

    @checker.checks("money")
    def _money(value: Any) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
            return True
        return isinstance(value, int) or value.as_tuple().exponent >= -2

    return checker


@dataclass(eq=False)  # hashed by identity: fields() is cached per set and kind
class SchemaSet:
    folder: Path
    documents: dict[str, dict]  # kind -> schema

    @classmethod
    def load(cls, folder: Path) -> "SchemaSet":
        docs = {}
        for path in sorted(folder.glob("*" + SUFFIX)):
            docs[path.name[: -len(SUFFIX)]] = json.loads(path.read_text("utf-8"))
        return cls(folder, docs)

    @property
    def kinds(self) -> list[str]:
        return sorted(k for k in self.documents if k not in SHARED and k != "contract")

    @cached_property
    def registry(self) -> Registry:
        def refuse(uri: str):
            raise NoSuchResource(ref=uri)

        resources = []
        for name, doc in self.documents.items():
            resource = Resource.from_contents(doc, default_specification=DRAFT202012)
            resources.append((BASE_URI + name + SUFFIX, resource))
        return Registry(retrieve=refuse).with_resources(resources)

    def validator(self, kind: str, naive_ok: bool = True) -> Draft202012Validator:
        """A validator on the kind's schema with every `$ref` inlined.

        The files keep their `$ref`s for editors; validating through them costs
        a URI resolution per field (70% of validation time, measured), while
        the inlined copy has identical meaning: a `$ref` with siblings becomes
        ``allOf`` of the target beside the siblings.
        """
        inlined = self.inline(self.documents[kind], self.documents[kind])
        return Draft202012Validator(inlined, registry=self.registry, format_checker=_format_checker(naive_ok))

    def inline(self, schema: Any, root: dict, depth: int = 0) -> Any:
        if depth > 32:
            raise ValueError("schema $ref nesting too deep (recursive schema?)")
        if isinstance(schema, list):
            return [self.inline(item, root, depth + 1) for item in schema]
        if not isinstance(schema, dict):
            return schema
        out = {k: (v if k in ("enum", "const", "required") else self.inline(v, root, depth + 1))
               for k, v in schema.items() if k != "$ref"}
        if "$ref" in schema:
            target, target_root = self._lookup(schema["$ref"], root)
            if target is None:
                raise ValueError(f"unresolvable $ref {schema['$ref']}")
            resolved = self.inline(target, target_root, depth + 1)
            if not out:
                return resolved
            out["allOf"] = [resolved] + out.get("allOf", [])
        return out

    def resolve(self, schema: dict, root: dict | None = None) -> dict:
        """Follow `$ref`s to the schema they name, keeping sibling keywords (titles)."""
        for _ in range(16):
            if "$ref" not in schema:
                break
            target, root = self._lookup(schema["$ref"], root)
            if target is None:
                break
            merged = dict(target)
            merged.update({k: v for k, v in schema.items() if k != "$ref"})
            schema = merged
        return schema

    def _lookup(self, ref: str, root: dict | None) -> tuple[dict | None, dict | None]:
        file, _, pointer = ref.partition("#")
        node = self.documents.get(file[: -len(SUFFIX)]) if file else root
        doc = node
        for part in (p for p in pointer.split("/") if p):
            if not isinstance(node, dict) or part not in node:
                return None, root
            node = node[part]
        return node, doc

    def field_kinds(self, kind: str) -> dict[tuple, str]:
        """Paths (with "*" for list items) whose values are dates or times.

        The typed layer converts exactly these, so which field is a time is
        said once, in the schema, and nowhere in code.
        """
        return {path: f.format for path, f in self.fields(kind).items() if f.format in ("date", "datetime")}

    def file_paths(self, kind: str, data: Any) -> list[str]:
        """The attachment paths a record of `kind` refers to (fields whose format is `file`)."""
        return [v for path in self._file_fields(kind) for v in values_at(data, path) if isinstance(v, str)]

    @functools.cache
    def _file_fields(self, kind: str) -> tuple[tuple, ...]:
        return tuple(path for path, f in self.fields(kind).items() if f.format == "file")

    @functools.cache
    def fields(self, kind: str) -> dict[tuple, "Field"]:
        """Every field path of a kind with its Chinese title, enum labels and shared format.

        The format is the name of the `common` definition the field refers to
        (date, datetime, file, url, ref, money, ...), which is how the site
        knows a value is an attachment or a link without a list in code.
        """
        out: dict[tuple, Field] = {}
        self._collect(self.documents[kind], (), out, self.documents[kind], 0, None)
        return out

    def _collect(self, schema: dict, path: tuple, out: dict, root: dict, depth: int, fmt: str | None) -> None:
        if depth > 12:
            return
        ref = schema.get("$ref", "")
        if ref.startswith("common" + SUFFIX + "#/$defs/"):
            fmt = fmt or ref.rsplit("/", 1)[1]
        resolved = self.resolve(schema, root)
        if path and path not in out:
            out[path] = Field(resolved.get("title", path[-1]), resolved.get("description", ""),
                              tuple(resolved.get("enum", ())), fmt, bool(resolved.get("x-lvyue-future")))
        elif path and out[path].format is None and fmt:
            out[path] = Field(out[path].title, out[path].description, out[path].enum, fmt, out[path].future)
        if ref:
            target, target_root = self._lookup(ref, root)
            if target is not None:
                self._collect(target, path, out, target_root, depth + 1, fmt)
        for part in ("allOf", "anyOf", "oneOf"):
            for sub in schema.get(part, []):
                self._collect(sub, path, out, root, depth + 1, fmt)
        for name, sub in schema.get("properties", {}).items():
            self._collect(sub, path + (name,), out, root, depth + 1, None)
        if isinstance(schema.get("items"), dict):
            self._collect(schema["items"], path + ("*",), out, root, depth + 1, None)


def values_at(data: Any, path: tuple) -> Iterator[Any]:
    """The values at a field path of `fields()` ("*" = every list item)."""
    if not path:
        yield data
        return
    head, rest = path[0], path[1:]
    if head == "*":
        for item in data if isinstance(data, list) else []:
            yield from values_at(item, rest)
    elif isinstance(data, dict) and head in data:
        yield from values_at(data[head], rest)


_LABEL = re.compile(r"([A-Za-z0-9_]+)＝([^；。;]+)")


@dataclass(frozen=True)
class Field:
    title: str
    description: str
    enum: tuple
    format: str | None
    future: bool = False  # x-lvyue-future: a date promised ahead (a certificate's expiry), not an event

    def label(self, value: Any) -> str:
        """The Chinese label of an enum value, read from the description ("fault＝故障；…")."""
        for key, text in _LABEL.findall(self.description):
            if key == str(value):
                return text.strip()
        return str(value)
