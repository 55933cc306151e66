"""The one escaping module: what record text can and cannot become."""
from __future__ import annotations

import json

import pytest

from lvyue.site.html import Href, Markup, esc, external, h, join, script_json

HOSTILE = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
    "{onclick=alert(1)}", '--8<-- "/etc/passwd"', "{{ config }}", "{% include 'x' %}", "</script>",
    "a\u202eb", "line1\n\nline2", "`code` *em* _u_ ~~s~~ | t |",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_has_no_markup_or_markdown_syntax(text):
    out = esc(text)
    for ch in "<>[]{}`*_|\n":
        assert ch not in out
    assert "--8<--" not in out


def test_text_round_trips_through_an_html_parser():
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.text = ""

        def handle_data(self, data):
            self.text += data

    for text in HOSTILE:
        parser = Text()
        parser.feed(h("p", None, text))
        assert parser.text == text


def test_links_need_code_made_hrefs():
    assert 'href' not in h("a", {"href": "javascript:alert(1)"}, "x")
    assert external("javascript:alert(1)") is None
    assert external("JaVaScRiPt:alert(1)") is None
    assert external("data:text/html,<b>") is None
    assert external("//evil.example/x") is None
    assert external("https://ok.example/a b") is None
    assert external("https://ok.example/?q=1") == "https://ok.example/?q=1"
    out = h("a", {"href": external('https://x.example/"><script>alert(1)</script>')}, "t")
    assert "<script>" not in out and out.startswith('<a href="https://x.example/&quot;&gt;')


def test_event_handler_attributes_are_refused():
    with pytest.raises(ValueError):
        h("a", {"onclick": "x"})
    with pytest.raises(ValueError):
        h("a b", None)


def test_markup_concatenation_escapes_the_other_side():
    assert Markup("<b>") + "<i>" == "<b>&lt;i&gt;"
    assert "<i>" + Markup("<b>") == "&lt;i&gt;<b>"
    assert join(["<x>", Markup("<br>")]) == "&lt;x&gt;<br>"
    assert isinstance(Href("a.html"), str)


def test_inline_json_cannot_close_the_script():
    text = script_json({"a": "</script><!-- & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028"}
