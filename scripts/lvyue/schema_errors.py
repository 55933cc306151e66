"""Turn jsonschema's errors into Problems a person can act on.

jsonschema speaks English and points at paths; an engineer needs the line,
the field, what is wrong in Chinese, and what to write instead. The hint comes
from the schema's own `title`/`description`, so it is written once, where
editors show it on hover too.
"""
from __future__ import annotations

from typing import Iterable

from jsonschema.exceptions import ValidationError, best_match

from .problems import Problem, dotted, problem
from .yamlload import Document


def _about(schema: dict) -> str:
    title, desc = schema.get("title", ""), schema.get("description", "")
    return "；".join(x for x in (title, desc) if x)


def _short(value) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def to_problems(doc: Document, errors: Iterable[ValidationError], resolve) -> list[Problem]:
    out = []
    for error in errors:
        if error.context:
            error = best_match(error.context) or error
        out.append(_one(doc, error, resolve))
    return out


def _one(doc: Document, error: ValidationError, resolve) -> Problem:
    path = tuple(error.absolute_path)
    schema = resolve(error.schema) if isinstance(error.schema, dict) else {}
    about = _about(schema)
    keyword = error.validator
    if keyword == "required":
        name = error.message.split("'")[1] if "'" in error.message else "?"
        sub = resolve(schema.get("properties", {}).get(name, {}))
        line, col = doc.locate(path)
        return problem(doc.path, line, col, dotted(path + (name,)), "schema.required",
                       name=name, about=_about(sub) or name)
    if keyword in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(schema.get("properties", {}))
        extras = [k for k in error.instance if k not in schema.get("properties", {})] if isinstance(error.instance, dict) else []
        name = extras[0] if extras else "?"
        line, col = doc.locate_key(path + (name,))
        return problem(doc.path, line, col, dotted(path + (name,)), "schema.additional",
                       name=name, allowed=", ".join(allowed))
    line, col = doc.locate(path)
    field = dotted(path)
    if keyword == "type":
        expected = error.validator_value
        expected = expected if isinstance(expected, list) else [expected]
        return problem(doc.path, line, col, field, "schema.type",
                       expected="/".join(expected), about=about)
    if keyword == "enum":
        return problem(doc.path, line, col, field, "schema.enum", value=_short(error.instance),
                       allowed=", ".join(map(str, error.validator_value)))
    if keyword == "const":
        return problem(doc.path, line, col, field, "schema.const", expected=error.validator_value, about=about)
    if keyword == "pattern":
        return problem(doc.path, line, col, field, "schema.pattern", value=_short(error.instance), about=about)
    if keyword == "format":
        cause = getattr(error, "cause", None)
        if getattr(cause, "code", "") == "naive":
            return problem(doc.path, line, col, field, "schema.naive_time", value=error.instance)
        return problem(doc.path, line, col, field, "schema.format", format=error.validator_value,
                       value=_short(error.instance), about=about)
    if keyword in LIMITS:
        zh, en = LIMITS[keyword]
        return problem(doc.path, line, col, field, "schema.limit", what=zh.format(error.validator_value),
                       what_en=en.format(error.validator_value), value=_short(error.instance), about=about)
    return problem(doc.path, line, col, field, "schema.other", detail=error.message, about=about)


LIMITS = {
    "minLength": ("不能为空，至少 {} 个字", "must have at least {} characters"),
    "maxLength": ("太长，最多 {} 个字", "must have at most {} characters"),
    "minItems": ("至少要有 {} 项", "needs at least {} items"),
    "maxItems": ("最多 {} 项", "allows at most {} items"),
    "minimum": ("不能小于 {}", "must be at least {}"),
    "maximum": ("不能大于 {}", "must be at most {}"),
    "exclusiveMinimum": ("必须大于 {}", "must be greater than {}"),
    "uniqueItems": ("列表中有重复项", "has repeated items"),
    "minProperties": ("至少要写 {} 个字段", "needs at least {} fields"),
    "maxProperties": ("最多只能写 {} 个字段", "allows at most {} fields"),
}
