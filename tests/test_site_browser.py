"""The dashboard in a real headless Chromium (Debian's), served from localhost and opened from disk.

The site is built from the demo year plus records carrying hostile text; the
payloads try to set `window.__pwned`, so "nothing executed" is checked
directly, not inferred from the absence of a dialog alone.
"""
from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from conftest import ROOT, run_cli

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SHOTS = ROOT / "build" / "screenshots"

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[点我](javascript:window.__pwned=3)",
    '{onclick="window.__pwned=4"}',
    '--8<-- "/etc/passwd"',
    "{{ config.site_name }}",
    "{% for x in range(3) %}循环{% endfor %}",
    "</script><script>window.__pwned=5</script>",
    "\u202e右到左标记\u202c",
]
HOSTILE_URL = 'https://x.example/"><script>window.__pwned=6</script>'
SUMMARY = ["index", "tickets", "inspections", "changes", "security", "staff", "rectifications", "deliverables",
           "payments", "ledger", "reports", "events", "records", "audit", "acceptance"]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(ROOT / "records", root / "records")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    ticket = {
        "id": "T-20240801-zy-09", "kind": "ticket", "schema_version": 1, "title": PAYLOADS[0] + PAYLOADS[2],
        "category": "fault", "severity": "normal", "channel": "phone", "reported_by": "钱示例",
        "reported_at": "2024-08-01 10:00", "responded_by": "周演示", "responded_at": "2024-08-01 10:05",
        "resolved_at": "2024-08-01 11:00", "description": "\n".join(PAYLOADS), "resolution": "长" * 6000,
        "note": PAYLOADS[3] + "\n\n" + PAYLOADS[4]}
    change = {
        "id": "CH-20240801-zh-09", "kind": "change", "schema_version": 1, "type": "column",
        "title": PAYLOADS[1] + PAYLOADS[7], "requested_by": "钱示例", "approved_by": "赵示例",
        "done_at": "2024-08-01 16:00", "done_by": "郑演示", "pages": [HOSTILE_URL], "answers": ["T-20240801-zy-09"]}
    for rec, folder in ((ticket, "tickets"), (change, "changes")):
        (root / "records" / folder / "2024-08" / f"{rec['id']}.yaml").write_text(
            yaml.safe_dump(rec, allow_unicode=True, sort_keys=False), "utf-8")
    done = run_cli("build", "--as-of", "2025-07-31", cwd=root)
    assert done.returncode == 0, done.stdout + done.stderr
    return root / "site"


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        message = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("LVYUE_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield b
        b.close()


class Watch:
    """Console errors, page errors, dialogs and any request that leaves localhost or the file system."""

    def __init__(self, page):
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.route("**/*", self._route)

    def _route(self, route):
        url = urlsplit(route.request.url)
        if url.scheme in ("file", "data", "blob", "about") or url.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    pg = context.new_page()
    pg.watch = Watch(pg)
    yield pg
    context.close()


def test_every_summary_and_record_page_loads_cleanly(page, server, site):
    record_pages = [p.relative_to(site).as_posix()[:-5] for p in sorted(site.glob("*/20*.html"))]
    assert len(record_pages) > 40
    for name in SUMMARY + record_pages:
        page.goto(f"{server}/{name}.html", wait_until="load")
        assert page.locator("h1").count() == 1, name
    assert page.watch.errors == []
    assert page.watch.outside == []


def test_charts_render(page, server):
    page.goto(f"{server}/index.html")
    chart = page.locator("svg.lv-chart").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 80
    assert page.locator("svg.lv-chart rect.s-ok").count() >= 12
    assert page.locator("svg.lv-chart polyline").count() == 1


def _search(page, word: str) -> list[str]:
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    for _ in range(5):  # a query typed before the search worker has its index gets no answer: type it again
        box.fill("")
        box.fill(word)
        try:
            page.wait_for_selector(".md-search-result__item", timeout=8000)
            break
        except Exception:  # noqa: BLE001 - playwright's TimeoutError; the last try is asserted below
            continue
    hrefs = page.locator(".md-search-result__item a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert hrefs, (f"no search result for {word!r}: "
                   f"{page.locator('.md-search-result__meta').inner_text()!r} errors={getattr(page, 'watch', None) and page.watch.errors}")
    return hrefs


def test_chinese_search_finds_its_page_over_http(page, server):
    page.goto(f"{server}/index.html")
    hrefs = _search(page, "违约金")
    assert any("ledger.html" in h for h in hrefs), hrefs
    assert page.watch.errors == [] and page.watch.outside == []


def test_search_works_from_the_file_system(page, site):
    page.goto((site / "index.html").as_uri())
    hrefs = _search(page, "违约金")
    assert any(h.endswith("ledger.html") for h in hrefs), hrefs
    page.goto((site / "tickets" / "2024-08.html").as_uri())
    hrefs = _search(page, "断链")
    assert hrefs and all(h.startswith("../") for h in hrefs), hrefs
    assert page.watch.outside == []


def test_hostile_record_text_shows_as_text_and_nothing_runs(page, server):
    for name in ("tickets/2024-08", "changes/2024-08", "tickets", "records"):
        page.goto(f"{server}/{name}.html")
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__pwned") is None, name
        assert page.locator("[onclick], [onerror], [onload]").count() == 0, name
        assert page.evaluate("[...document.scripts].some(s => s.text.includes('__pwned'))") is False, name
    page.goto(f"{server}/tickets/2024-08.html")
    card = page.locator("#T-20240801-zy-09")
    text = card.inner_text()
    for payload in PAYLOADS:
        assert payload.replace("\n", "") in text.replace("\n", ""), payload
    assert card.locator("a[href^='javascript']").count() == 0
    assert card.locator("img").count() == 0
    page.goto(f"{server}/changes/2024-08.html")
    link = page.locator("#CH-20240801-zh-09 a.lv-url")
    assert link.get_attribute("href") == HOSTILE_URL
    assert page.watch.dialogs == [] and page.watch.errors == []


def test_ledger_and_monthly_report_print_on_a4(page, server):
    for name in ("ledger", "reports/2024-08"):
        page.goto(f"{server}/{name}.html")
        page.emulate_media(media="print")
        assert page.locator(".md-sidebar--primary").first.is_hidden()
        pdf = page.pdf(format="A4", print_background=True)
        assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 1


def test_screenshots_of_overview_and_ledger(page, server):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("index", "ledger"):
        page.goto(f"{server}/{name}.html")
        page.wait_for_load_state("networkidle")
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        out = SHOTS / f"{name}.png"
        page.screenshot(path=str(out), full_page=True)
        assert out.stat().st_size > 20000
    assert page.watch.errors == []
