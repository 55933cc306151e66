"""The schemas themselves: valid 2020-12, local-only, Chinese help on every field, mapped for editors."""
from __future__ import annotations

import json
import re

import pytest
from jsonschema import Draft202012Validator

from conftest import ROOT
from lvyue.newrecord import KIND_DIRS
from lvyue.schemas import SchemaSet

SCHEMAS = SchemaSet.load(ROOT / "schemas")
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", sorted(SCHEMAS.documents))
def test_schema_is_valid_and_local(name):
    doc = SCHEMAS.documents[name]
    Draft202012Validator.check_schema(doc)
    refs = re.findall(r'"\$ref": "([^"]*)"', json.dumps(doc))
    assert all(not r.startswith(("http:", "https:")) for r in refs), refs


def _resolve(sub, root):
    """Follow $refs, keeping track of the document each one lands in."""
    while "$ref" in sub:
        target, root = SCHEMAS._lookup(sub["$ref"], root)
        sub = {**target, **{k: v for k, v in sub.items() if k != "$ref"}}
    return sub, root


def _fields(schema, root, path=()):
    for name, sub in schema.get("properties", {}).items():
        resolved, sub_root = _resolve(sub, root)
        yield path + (name,), resolved
        yield from _fields(resolved, sub_root, path + (name,))
        items = resolved.get("items")
        if isinstance(items, dict):
            item, item_root = _resolve(items, sub_root)
            yield from _fields(item, item_root, path + (name, "*"))


@pytest.mark.parametrize("kind", SCHEMAS.kinds + ["contract"])
def test_every_field_has_chinese_help(kind):
    doc = SCHEMAS.documents[kind]
    assert CJK.search(doc["title"]) and CJK.search(doc["description"])
    missing = []
    for path, resolved in _fields(doc, doc):
        if not (CJK.search(resolved.get("title", "")) and CJK.search(resolved.get("description", ""))):
            missing.append(".".join(path))
    assert not missing, missing


@pytest.mark.parametrize("kind", SCHEMAS.kinds)
def test_record_basics(kind):
    props = SCHEMAS.documents[kind]["properties"]
    assert {"id", "kind", "schema_version"} <= set(SCHEMAS.documents[kind]["required"])
    assert props["kind"]["const"] == kind


def test_editor_mapping_covers_every_kind():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text("utf-8"))["yaml.schemas"]
    assert set(KIND_DIRS) == set(SCHEMAS.kinds)
    for kind, folder in KIND_DIRS.items():
        assert settings[f"./schemas/{kind}.schema.json"] == [f"records/{folder}/**/*.yaml"]
    assert settings["./schemas/contract.schema.json"] == ["records/contract.yaml"]


def test_no_remote_schema_is_fetched():
    from referencing.exceptions import Unresolvable
    with pytest.raises(Unresolvable):
        SCHEMAS.registry.resolver().lookup("https://example.org/other.json")
