"""The MkDocs plugin `lvyue`: generated pages skip Markdown entirely.

Every page lvyue writes is finished HTML (escaped by `html`). Passing it
through Python-Markdown would cost most of a large build and would be one
more parser that record text reaches; so the plugin takes the page source as
the page content and hands Markdown an empty string.
"""
from __future__ import annotations

from mkdocs.plugins import BasePlugin


class LvyuePlugin(BasePlugin):
    def __init__(self) -> None:
        self._raw: dict[str, str] = {}

    def on_page_markdown(self, markdown: str, *, page, config, files) -> str:
        self._raw[page.file.src_uri] = markdown
        return ""

    def on_page_content(self, html: str, *, page, config, files) -> str:
        return self._raw.pop(page.file.src_uri, html)
