"""Building blocks of the pages: tables, cards, badges, and the generic record view.

A record is shown with the Chinese titles its schema gives each field, enum
values by their Chinese labels, attachments as links or images and URLs as
external links: one renderer for every kind, driven by the schema.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any, Callable, Iterable, Sequence

from ..model import Record
from ..schemas import Field
from .html import Href, Markup, esc, external, h, join
from .links import Linker

STATUS = {
    "met": ("达标", "ok"), "breached": ("超时", "bad"), "open": ("进行中", "wait"),
    "open_breached": ("进行中·已超时", "bad"), "not_applicable": ("不适用", "none"),
    "done": ("按时完成", "ok"), "late": ("逾期完成", "warn"), "missing": ("未完成", "bad"), "pending": ("未到期", "none"),
    "overdue": ("已逾期", "bad"), "refused": ("拒绝整改", "bad"), "failed": ("整改不合格", "bad"),
    "paid": ("已支付", "ok"), "due": ("待支付", "wait"), "not_due": ("未到支付条件", "none"),
    "awaiting_invoice": ("待开票", "wait"), "ready": ("满足", "ok"), "not_ready": ("未满足", "bad"),
    "yes": ("是", "ok"), "no": ("否", "bad"), "awaiting_verdict": ("已完成·待甲方结论", "wait"),
}
IMAGE_TYPES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp"})
# Attachments the site serves. Never .md/.html/.svg/.js: MkDocs would render or the browser run them.
SERVED_TYPES = IMAGE_TYPES | frozenset({".pdf", ".txt", ".csv", ".xlsx", ".xls", ".docx", ".doc", ".zip", ".7z",
                                        ".log", ".json"})


def badge(status: str) -> Markup:
    text, tone = STATUS.get(status, (status, "none"))
    return h("span", {"class": f"lv-badge lv-{tone}"}, text)


def table(headers: Sequence[Any], rows: Iterable[Sequence[Any]], cls: str = "", empty: str = "（无）") -> Markup:
    body = [h("tr", None, [h("td", {"class": "lv-wrap" if _long(cell) else None}, cell) for cell in row]) for row in rows]
    if not body:
        return h("p", {"class": "lv-empty"}, empty)
    return h("div", {"class": "lv-table-wrap"},
             h("table", {"class": f"lv-table {cls}".strip()},
               h("thead", None, h("tr", None, [h("th", None, x) for x in headers])), h("tbody", None, body)))


def _long(cell: Any) -> bool:
    """Long text may wrap; short cells (dates, amounts, ids) stay on one line."""
    return isinstance(cell, str) and not isinstance(cell, Markup) and len(cell) > 16


def card(title: Any, value: Any, note: Any = None, href: Href | None = None, tone: str = "none") -> Markup:
    inner = [h("div", {"class": "lv-card-title"}, title), h("div", {"class": "lv-card-value"}, value)]
    if note is not None:
        inner.append(h("div", {"class": "lv-card-note"}, note))
    if href is not None:
        return h("a", {"class": f"lv-card lv-{tone}", "href": href}, inner)
    return h("div", {"class": f"lv-card lv-{tone}"}, inner)


def section(anchor: str, title: Any, *content: Any) -> Markup:
    return h("section", {"class": "lv-section", "id": anchor}, h("h2", {"id": f"h-{anchor}"}, title), content)


def alert(tone: str, title: Any, *content: Any) -> Markup:
    """Material's admonition markup, so alerts look native."""
    return h("div", {"class": f"admonition {tone}"}, h("p", {"class": "admonition-title"}, title), content)


def duration(seconds: int | None) -> str:
    if seconds is None:
        return "—"
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    d, rem = divmod(seconds, 86400)
    hh, rem = divmod(rem, 3600)
    mm, ss = divmod(rem, 60)
    parts = ([f"{d}天"] if d else []) + ([f"{hh}小时"] if hh else []) + ([f"{mm}分"] if mm else [])
    parts += [f"{ss}秒"] if ss or not parts else []
    return sign + "".join(parts)


def when(value: Any) -> str:
    """An ISO instant from the metrics, shown in the contract's local time as written."""
    if not value:
        return "—"
    text = str(value)
    return text[:16].replace("T", " ") if "T" in text else text


def money(value: Any) -> str:
    return f"{Decimal(str(value)):,.2f}"


class RecordView:
    """Renders any record from its schema's field titles."""

    def __init__(self, fields: Callable[[str], dict[tuple, Field]], linker: Linker, served: set[str]):
        self.fields = fields
        self.linker = linker
        self.served = served  # attachment paths copied into the site

    def card(self, here: str, rec: Record, extra: Any = None, headline: Any = None) -> Markup:
        info = self.fields(rec.kind)
        rows = [self._row(here, info, (key,), value) for key, value in rec.data.items()
                if key not in ("id", "kind", "schema_version")]
        head = h("div", {"class": "lv-record-head"},
                 h("span", {"class": "lv-record-id"}, rec.id), " ", headline if headline is not None else "")
        return h("article", {"class": "lv-record", "id": rec.id}, head, extra,
                 h("table", {"class": "lv-fields"}, h("tbody", None, rows)),
                 h("div", {"class": "lv-record-file"}, "记录文件：", h("code", None, rec.file)))

    def _row(self, here: str, info: dict, path: tuple, value: Any) -> Markup:
        f = info.get(path)
        return h("tr", None, h("th", None, f.title if f else path[-1]), h("td", None, self.value(here, info, path, value)))

    def value(self, here: str, info: dict, path: tuple, value: Any) -> Markup:
        f = info.get(path)
        if isinstance(value, dict):
            anchor = value.get("id") if isinstance(value.get("id"), str) and path[-1] == "*" else None
            rows = [self._row(here, info, path + (k,), v) for k, v in value.items()]
            return h("table", {"class": "lv-fields lv-nested", "id": anchor}, h("tbody", None, rows))
        if isinstance(value, list):
            items = [self.value(here, info, path + ("*",), v) for v in value]
            if all(not isinstance(v, (dict, list)) for v in value):
                return join(items, "、")
            return h("div", {"class": "lv-list"}, items)
        fmt = f.format if f else None
        if isinstance(value, bool):
            return esc("是" if value else "否")
        if isinstance(value, datetime):
            return esc(value.strftime("%Y-%m-%d %H:%M") + (value.strftime(":%S") if value.second else ""))
        if isinstance(value, date):
            return esc(value.isoformat())
        if isinstance(value, Decimal) and fmt == "money":
            return esc(money(value) + " 元")
        if f is not None and f.enum:
            return esc(f.label(value))
        if fmt == "url":
            href = external(value)
            return h("a", {"href": href, "rel": "noopener noreferrer", "class": "lv-url"}, value) if href else esc(value)
        if fmt == "ref":
            href = self.linker.record(here, value)
            return h("a", {"href": href}, value) if href else esc(value)
        if fmt == "file":
            return self.attachment(here, str(value))
        return h("span", {"class": "lv-text"}, value) if isinstance(value, str) and "\n" in value else esc(value)

    def attachment(self, here: str, path: str) -> Markup:
        if path not in self.served:
            return h("span", {"class": "lv-file"}, path, "（未随网站发布）")
        href = self.linker.file(here, path)
        if PurePosixPath(path).suffix.lower() in IMAGE_TYPES:
            return h("a", {"href": href, "class": "lv-shot"},
                     h("img", {"src": href, "alt": path, "loading": "lazy"}))
        return h("a", {"href": href}, PurePosixPath(path).name)


def record_links(here: str, linker: Linker, refs: Iterable[dict]) -> Markup:
    """Links to the records a figure rests on ({"id", "file"} dicts from the metrics)."""
    out = []
    for r in refs:
        href = linker.record(here, r["id"])
        out.append(h("a", {"href": href}, r["id"]) if href else esc(r["id"]))
    return join(out, " ")
