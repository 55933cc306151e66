"""Charts as SVG written at build time: no chart library, no script, nothing to load.

Each chart carries a <title> per mark so the figures read on hover and by a
screen reader, and a plain table beside it on the page gives the same data.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Sequence

from .html import Markup, h, join

W, H = 720, 240
PAD_L, PAD_R, PAD_T, PAD_B = 56, 12, 16, 40


def _scale(top: float) -> float:
    """A round upper bound for the axis (1, 2, 5 × 10^n)."""
    if top <= 0:
        return 1.0
    base = 10 ** (len(str(int(top))) - 1)
    for step in (1, 2, 5, 10):
        if step * base >= top:
            return float(step * base)
    return float(10 * base)


def _axis(top: float, unit: str) -> list[Markup]:
    out = []
    for i in range(5):
        value = top * i / 4
        y = PAD_T + (H - PAD_T - PAD_B) * (1 - i / 4)
        out.append(h("line", {"x1": PAD_L, "x2": W - PAD_R, "y1": f"{y:.1f}", "y2": f"{y:.1f}", "class": "grid"}))
        label = f"{value:,.0f}" if top >= 4 else f"{value:g}"
        out.append(h("text", {"x": PAD_L - 6, "y": f"{y + 4:.1f}", "class": "ytick"}, label + unit))
    return out


def bars(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float], str]],
         unit: str = "", top: float | None = None) -> Markup:
    """Stacked bars, one column per label; series = (name, values, css class)."""
    totals = [sum(float(s[1][i]) for s in series) for i in range(len(labels))]
    top = top or _scale(max(totals, default=0))
    plot_h = H - PAD_T - PAD_B
    step = (W - PAD_L - PAD_R) / max(len(labels), 1)
    bar_w = max(step * 0.7, 1)
    marks: list[Markup] = _axis(top, unit)
    for i, label in enumerate(labels):
        x = PAD_L + step * i + (step - bar_w) / 2
        base = 0.0
        for name, values, cls in series:
            v = float(values[i])
            if v <= 0:
                continue
            y = PAD_T + plot_h * (1 - (base + v) / top)
            marks.append(h("rect", {"x": f"{x:.1f}", "y": f"{y:.1f}", "width": f"{bar_w:.1f}",
                                    "height": f"{plot_h * v / top:.1f}", "class": cls},
                           h("title", None, f"{label} {name}：{_fmt(values[i])}{unit}")))
            base += v
        if len(labels) <= 16 or i % max(len(labels) // 12, 1) == 0:
            marks.append(h("text", {"x": f"{x + bar_w / 2:.1f}", "y": H - PAD_B + 16, "class": "xtick"}, label))
    return _svg(title, marks, series)


def steps(title: str, labels: Sequence[str], values: Sequence[Decimal | float], unit: str = "",
          cls: str = "s-penalty") -> Markup:
    """A cumulative line drawn as steps, one point per label."""
    top = _scale(max((float(v) for v in values), default=0))
    plot_h = H - PAD_T - PAD_B
    step = (W - PAD_L - PAD_R) / max(len(labels), 1)
    points = []
    axis = _axis(top, unit)
    marks: list[Markup] = list(axis)
    for i, (label, v) in enumerate(zip(labels, values)):
        x0, x1 = PAD_L + step * i, PAD_L + step * (i + 1)
        y = PAD_T + plot_h * (1 - float(v) / top)
        points += [f"{x0:.1f},{y:.1f}", f"{x1:.1f},{y:.1f}"]
        marks.append(h("circle", {"cx": f"{(x0 + x1) / 2:.1f}", "cy": f"{y:.1f}", "r": 3, "class": cls},
                       h("title", None, f"{label} 累计：{_fmt(v)}{unit}")))
        if len(labels) <= 16 or i % max(len(labels) // 12, 1) == 0:
            marks.append(h("text", {"x": f"{(x0 + x1) / 2:.1f}", "y": H - PAD_B + 16, "class": "xtick"}, label))
    marks.insert(len(axis), h("polyline", {"points": " ".join(points), "class": f"line {cls}"}))
    return _svg(title, marks, [])


def _svg(title: str, marks: list[Markup], series) -> Markup:
    legend = [h("span", {"class": f"lv-key {cls}"}, name) for name, _, cls in series] if len(series) > 1 else []
    svg = h("svg", {"viewBox": f"0 0 {W} {H}", "role": "img", "aria-label": title, "class": "lv-chart",
                    "xmlns": "http://www.w3.org/2000/svg"}, h("title", None, title), join(marks))
    return h("figure", {"class": "lv-figure"}, svg, h("figcaption", None, title, " ", legend))


def _fmt(v) -> str:
    if isinstance(v, Decimal):
        return f"{v:,.2f}"
    return f"{v:g}" if isinstance(v, float) else str(v)
