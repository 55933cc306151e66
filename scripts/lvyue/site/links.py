"""Where every record lives on the site, and relative links between pages.

Records are listed on one page per kind and month (``tickets/2024-08.md``),
each with its id as the anchor; findings and vulnerabilities nested in a
record get their own anchors on the same page. Links are relative so that
the site works from a web server and from the file system alike.
"""
from __future__ import annotations

import functools
import posixpath
import re
from typing import Iterable

from ..model import Record
from ..newrecord import KIND_DIRS
from .html import Href

NESTED = ("findings",)  # lists whose items carry their own ids
ATTACHMENTS = "attachments"  # site folder for record attachments, apart from pages and theme assets
_MONTH = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")


def record_page(rec: Record) -> str:
    """records/tickets/2024-08/T-….yaml → tickets/2024-08.md (month from the folder)."""
    parts = rec.file.split("/")
    month = parts[2] if len(parts) > 3 and _MONTH.match(parts[2]) else "all"
    return f"{KIND_DIRS.get(rec.kind, rec.kind)}/{month}.md"


def page_url(page: str) -> str:
    return page[:-3] + ".html" if page.endswith(".md") else page


class Linker:
    """Record id → page; relative hrefs from whichever page is being written."""

    def __init__(self, records: Iterable[Record]):
        self.where: dict[str, str] = {}
        for rec in records:
            page = record_page(rec)
            self.where[rec.id] = page
            for key in NESTED:
                for item in rec.get(key) or []:
                    if isinstance(item, dict) and isinstance(item.get("id"), str):
                        self.where.setdefault(item["id"], page)

    def page(self, here: str, target: str, anchor: str | None = None) -> Href:
        """A link from page `here` to page `target` (both docs-relative .md paths)."""
        rel = _relative(page_url(target), posixpath.dirname(here) or ".")
        return Href(rel + (f"#{anchor}" if anchor else ""))

    def record(self, here: str, record_id: str) -> Href | None:
        target = self.where.get(record_id)
        return None if target is None else self.page(here, target, record_id)

    def file(self, here: str, path: str) -> Href:
        """An attachment, copied to the same path under the site root (files/2024-09/x.png)."""
        return Href(_relative(f"{ATTACHMENTS}/{path}", posixpath.dirname(here) or "."))


@functools.lru_cache(maxsize=65536)
def _relative(target: str, start: str) -> str:
    return posixpath.relpath(target, start)
