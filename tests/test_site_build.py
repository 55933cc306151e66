"""`lvyue build` on the demo year: the real MkDocs build, then the site read back as files."""
from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    shutil.copytree(ROOT / "records", root / "records")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    done = run_cli("build", "--as-of", "2025-07-31", cwd=root)
    assert done.returncode == 0, done.stderr
    return root


class Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, dict]] = []  # (tag, url, attrs)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            if a.get(key):
                self.links.append((tag, a[key], a))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text("utf-8"))
    return page


def test_build_writes_every_summary_page_and_the_metrics(demo_site):
    site = demo_site / "site"
    for name in ("index", "tickets", "inspections", "changes", "security", "staff", "rectifications",
                 "deliverables", "payments", "ledger", "reports", "events", "records", "audit", "acceptance"):
        assert (site / f"{name}.html").is_file(), name
    metrics = json.loads((demo_site / "build" / "metrics.json").read_text("utf-8"))
    assert metrics["as_of"] == "2025-07-31"
    ledger = (site / "ledger.html").read_text("utf-8")
    assert "3,693.30" in ledger and "3 天 × 241.90 元" in ledger


def test_every_internal_link_and_anchor_resolves(demo_site):
    site = demo_site / "site"
    # 404.html is MkDocs' own, served for missing paths at the site root, with absolute links.
    pages = {p: parse(p) for p in site.rglob("*.html") if p.name != "404.html"}
    checked = 0
    for path, page in pages.items():
        for tag, url, _ in page.links:
            parts = urlsplit(url)
            if parts.scheme or url.startswith("//") or url.startswith("mailto:"):
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.exists(), f"{path.relative_to(site)}: {url}"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in pages[target].ids, f"{path.relative_to(site)}: {url}"
            checked += 1
    assert checked > 2000


def test_every_ledger_line_links_to_its_records(demo_site):
    metrics = json.loads((demo_site / "build" / "metrics.json").read_text("utf-8"))
    page = parse(demo_site / "site" / "ledger.html")
    hrefs = {url for _, url, _ in page.links}
    for entry in metrics["ledger"]["entries"]:
        for ref in entry["records"]:
            assert any(h.endswith("#" + ref["id"]) for h in hrefs), ref["id"]


def test_no_resource_is_loaded_from_outside(demo_site):
    site = demo_site / "site"
    for path in site.rglob("*.html"):
        for tag, url, attrs in parse(path).links:
            outside = bool(urlsplit(url).scheme) or url.startswith("//")
            if tag == "a":
                # links a person may click: record URLs (the client's own site) only
                assert not outside or "lv-url" in attrs.get("class", ""), f"{path}: {url}"
            else:
                assert not outside, f"{path}: <{tag}> loads {url}"
    for path in list(site.rglob("*.css")) + list(site.rglob("*.js")):
        text = path.read_text("utf-8", errors="replace")
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", text), path
    assert "unpkg.com" not in (site / "index.html").read_text("utf-8")
    assert (site / "assets" / "lvyue" / "iframe-worker" / "LICENSE").is_file()


def test_search_index_is_segmented_with_jieba_and_inlined_for_file_urls(demo_site):
    site = demo_site / "site"
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(d["text"] + d["title"] for d in index["docs"])
    assert "\u200b" in text  # without jieba the search plugin silently skips segmentation
    assert re.search("\u200b违约金\u200b", text)
    assert (site / "search" / "search_index.js").read_text("utf-8").startswith("var __index =")


def test_site_config_enables_no_markdown_extension():
    config = yaml.safe_load((ROOT / "scripts" / "lvyue" / "site" / "mkdocs.yml").read_text("utf-8"))
    assert config["markdown_extensions"] == []
    assert config["theme"]["font"] is False
    assert config["use_directory_urls"] is False
    assert "hooks" not in config


def test_invalid_records_stop_the_build_with_the_validate_errors(repo):
    bad = repo / "records" / "tickets" / "2024-08"
    bad.mkdir(parents=True)
    (bad / "T-20240801-zy-01.yaml").write_text("id: T-20240801-zy-01\nkind: ticket\nschema_version: 1\n", "utf-8")
    done = run_cli("build", cwd=repo)
    assert done.returncode == 1
    assert "records/tickets/2024-08/T-20240801-zy-01.yaml:1" in done.stdout
    assert not (repo / "site").exists()


def test_attachments_of_unsafe_types_are_not_served(repo):
    files = repo / "records" / "files"
    files.mkdir()
    (files / "page.md").write_text("# {{ config }}", "utf-8")
    (files / "x.svg").write_text("<svg onload=alert(1)></svg>", "utf-8")
    (files / "ok.txt").write_text("report", "utf-8")
    deliver = repo / "records" / "deliverables" / "2024-07"
    deliver.mkdir(parents=True)
    (deliver / "DL-20240712-sy-01.yaml").write_text(yaml.safe_dump({
        "id": "DL-20240712-sy-01", "kind": "deliverable", "schema_version": 1, "item": "work_plan",
        "name": "计划", "delivered_at": "2024-07-12 15:00", "delivered_by": "孙演示",
        "files": ["files/page.md", "files/x.svg", "files/ok.txt"]}, allow_unicode=True), "utf-8")
    done = run_cli("build", "--as-of", "2024-07-31", cwd=repo)
    assert done.returncode == 0, done.stdout + done.stderr
    site = repo / "site"
    assert (site / "attachments" / "files" / "ok.txt").is_file()
    assert not (site / "attachments" / "files" / "page.html").exists()
    assert not (site / "attachments" / "files" / "x.svg").exists()
    page = (site / "deliverables" / "2024-07.html").read_text("utf-8")
    assert "未随网站发布" in page
