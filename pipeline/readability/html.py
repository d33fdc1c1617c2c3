"""The HTML report: Jinja2 with autoescape, charts as inline SVG built here.

All text that reaches the page (section titles, sentences, words from a
catalog) is untrusted: the template escapes it, and the SVG builders escape
every string they place with :func:`markupsafe.escape` before the SVG is
marked safe.  No scripts, no external resources.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from markupsafe import Markup, escape

from .. import memo
from . import formulas as F
from .report import ProjectReport

BAND_COLOURS = {1: "#1a9850", 2: "#91cf60", 3: "#d9ef8b", 4: "#fee08b", 5: "#fc8d59", 6: "#d73027"}
NO_TEXT = "#e0e0e0"
AGE_MIN, AGE_MAX = 6.0, 22.0


def _short(title: str, limit: int = 48) -> str:
    """A section title cut to fit a chart label."""
    return title if len(title) <= limit else title[: limit - 1] + "…"


@memo.pure(maxsize=1)
def _env() -> Environment:
    from ..render.html import template_environment

    return template_environment(Path(__file__).parent / "templates")


def _e(text: object) -> str:
    return str(escape(str(text)))


def _x(age: float, x0: float, width: float) -> float:
    age = max(AGE_MIN, min(AGE_MAX, age))
    return x0 + (age - AGE_MIN) / (AGE_MAX - AGE_MIN) * width


def _lang_label(r: dict) -> str:
    return f'{r.get("language_name") or r["language"]}{" (source)" if r["is_source"] else ""}'


def languages_chart(doc: dict, target_age: float) -> Markup:
    """Reading age per language (bars) against each language's own target (black tick) and the
    project's target band (shaded), with a labelled x axis."""
    rows = doc["languages"]
    label_w, plot_w, row_h, top = 230.0, 520.0, 26.0, 30.0
    bottom = top + row_h * len(rows)
    height = bottom + 48
    width = label_w + plot_w + 440
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Reading age per language for {_e(doc["name"])}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" font-family="sans-serif" font-size="12">']
    zx0, zx1 = _x(9.0, label_w, plot_w), _x(target_age, label_w, plot_w)
    out.append(f'<rect x="{zx0:.1f}" y="{top - 8:.1f}" width="{max(zx1 - zx0, 1):.1f}" height="{row_h * len(rows) + 8:.1f}" fill="#d9f0d3"><title>project target: reading age 9 to {target_age:g}</title></rect>')
    out.append(f'<text x="{label_w + plot_w / 2:.1f}" y="14" text-anchor="middle" fill="#333">shaded: project target, reading age 9–{target_age:g}; black tick: the language\'s own target</text>')
    # x axis: line, ticks, labels, title
    out.append(f'<line x1="{label_w:.1f}" y1="{bottom:.1f}" x2="{label_w + plot_w:.1f}" y2="{bottom:.1f}" stroke="#333"/>')
    out.append(f'<line x1="{label_w:.1f}" y1="{top - 8:.1f}" x2="{label_w:.1f}" y2="{bottom:.1f}" stroke="#333"/>')
    for age in range(int(AGE_MIN), int(AGE_MAX) + 1, 2):
        x = _x(age, label_w, plot_w)
        out.append(f'<line x1="{x:.1f}" y1="{top - 8:.1f}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#ddd" stroke-width="0.5"/>')
        out.append(f'<line x1="{x:.1f}" y1="{bottom:.1f}" x2="{x:.1f}" y2="{bottom + 5:.1f}" stroke="#333"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 18:.1f}" text-anchor="middle" fill="#333">{age}</text>')
    out.append(f'<text x="{label_w + plot_w / 2:.1f}" y="{bottom + 38:.1f}" text-anchor="middle" fill="#333" font-weight="bold">Reading age (years)</text>')
    out.append(f'<text x="{label_w - 8:.1f}" y="{top - 12:.1f}" text-anchor="end" fill="#333" font-weight="bold">Language</text>')
    out.append(f'<text x="{label_w + plot_w + 8:.1f}" y="{top - 12:.1f}" fill="#333" font-weight="bold">Score on its formula (target)</text>')
    for i, r in enumerate(rows):
        y = top + i * row_h
        s = r["score"]
        out.append(f'<text x="{label_w - 8:.1f}" y="{y + 15:.1f}" text-anchor="end">{_e(_lang_label(r))}</text>')
        if s["reading_age"] is None:
            why = "too short to judge" if s.get("too_short") else "no text to score"
            out.append(f'<text x="{label_w + 4:.1f}" y="{y + 15:.1f}" fill="#777">{why}</text>')
            continue
        x = _x(s["reading_age"], label_w, plot_w)
        colour = BAND_COLOURS.get(s["band"], NO_TEXT)
        tip = f'{_lang_label(r)}: {s["band_label"]}, reading age {s["reading_age"]:.1f}; target {r["target"]["text"]} (reading age {r["target"]["reading_age"]:.1f})'
        out.append(f'<rect x="{label_w:.1f}" y="{y + 4:.1f}" width="{max(x - label_w, 1):.1f}" height="{row_h - 8:.1f}" fill="{colour}" stroke="#555" stroke-width="0.5"><title>{_e(tip)}</title></rect>')
        out.append(f'<text x="{min(x, label_w + plot_w) + 3:.1f}" y="{y + 15:.1f}" fill="#222" font-size="10">{s["reading_age"]:.1f} y</text>')
        tx = _x(r["target"]["reading_age"], label_w, plot_w)
        out.append(f'<line x1="{tx:.1f}" y1="{y + 1:.1f}" x2="{tx:.1f}" y2="{y + row_h - 1:.1f}" stroke="#000" stroke-width="2"><title>{_e(r["target"]["text"])} = reading age {r["target"]["reading_age"]:.1f}</title></line>')
        mark = ("✔ waived:" if r["verdict"]["waived"] else "✔") if r["verdict"]["ok"] else "✘"
        cov = "" if r["is_source"] else f', {r["coverage"] * 100:.0f}% translated'
        judged = next((m for m in s["metrics"] if m["key"] == s.get("judged_by")), None)
        value = f'{judged["label"]} {judged["value"]:.1f}' if judged else "–"
        op = "≥" if r["target"]["higher_is_easier"] else "≤"
        out.append(f'<text x="{label_w + plot_w + 8:.1f}" y="{y + 15:.1f}">{mark} {_e(value)} (target {op} {r["target"]["value"]:.1f}){_e(cov)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def heatmap(doc: dict) -> Markup:
    """Sections x languages, cells coloured by the common band, reading age (years) written in."""
    langs = doc["languages"]
    sections = langs[0]["sections"]
    label_w, cell_w, cell_h, top = 330.0, 84.0, 24.0, 58.0
    width = label_w + cell_w * len(langs) + 10
    height = top + cell_h * len(sections) + 10
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Section by language heat map for {_e(doc["name"])}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" font-family="sans-serif" font-size="11">']
    out.append(f'<text x="{label_w + cell_w * len(langs) / 2:.1f}" y="14" text-anchor="middle" font-weight="bold" fill="#333">Language → (cell: reading age in years)</text>')
    out.append(f'<text x="{label_w - 8:.1f}" y="{top - 10:.1f}" text-anchor="end" font-weight="bold" fill="#333">Section ↓</text>')
    for j, r in enumerate(langs):
        x = label_w + j * cell_w + cell_w / 2
        name = r.get("language_name") or r["language"]
        out.append(f'<text x="{x:.1f}" y="{top - 24:.1f}" text-anchor="middle" font-weight="bold">{_e(_short(name, 13))}</text>')
        out.append(f'<text x="{x:.1f}" y="{top - 10:.1f}" text-anchor="middle" fill="#555">{_e(r["language"])}</text>')
    for i, sec in enumerate(sections):
        y = top + i * cell_h
        title = _short(sec["title"])
        out.append(f'<text x="{label_w - 8:.1f}" y="{y + 16:.1f}" text-anchor="end" unicode-bidi="plaintext">{_e(title)}</text>')
        for j, r in enumerate(langs):
            cell = r["sections"][i]
            s = cell["score"]
            x = label_w + j * cell_w
            if s["reading_age"] is None:
                why = "too short to judge" if s.get("too_short") else "not translated"
                out.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_w - 2:.1f}" height="{cell_h - 2:.1f}" fill="{NO_TEXT}"><title>{_e(r["language"])}: {why}</title></rect>')
                out.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + 16:.1f}" text-anchor="middle" fill="#666">{"short" if s.get("too_short") else "–"}</text>')
                continue
            colour = BAND_COLOURS.get(s["band"], NO_TEXT)
            flags = []
            if cell["coverage"] is not None and cell["coverage"] < 1:
                flags.append(f'{cell["coverage"] * 100:.0f}%')
            if cell["waiver"]:
                flags.append("W")
            if cell["parity"] and cell["parity"]["flagged"]:
                flags.append("!")
            text = f'{s["reading_age"]:.1f} y' + (f' {" ".join(flags)}' if flags else "")
            tip = f'{r["language"]} · {sec["title"]}: {s["band_label"]}, reading age {s["reading_age"]:.1f} years, {s["words"]} words, {s["sentences"]} sentences'
            stroke = ' stroke="#000" stroke-width="2"' if cell["meets_target"] is False and not cell["waiver"] else ""
            out.append(f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_w - 2:.1f}" height="{cell_h - 2:.1f}" fill="{colour}"{stroke}><title>{_e(tip)}</title></rect>')
            out.append(f'<text x="{x + cell_w / 2:.1f}" y="{y + 16:.1f}" text-anchor="middle">{_e(text)}</text>')
    out.append("</svg>")
    return Markup("".join(out))


def parity_chart(doc: dict, parity_years: float) -> Markup:
    """Per section and translation: reading age minus the source's, as a diverging bar on a labelled
    axis (years, -6 to +6) under every language's column."""
    langs = [r for r in doc["languages"] if not r["is_source"]]
    sections = doc["languages"][0]["sections"]
    label_w, col_w, row_h, top = 330.0, 120.0, 22.0, 58.0
    bottom = top + row_h * len(sections)
    width = label_w + col_w * max(len(langs), 1) + 10
    height = bottom + 52
    scale = (col_w / 2 - 8) / 6.0  # +-6 years fills half a column
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Parity with the source for {_e(doc["name"])}" viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" font-family="sans-serif" font-size="11">']
    out.append(f'<text x="{label_w - 8:.1f}" y="{top - 10:.1f}" text-anchor="end" font-weight="bold" fill="#333">Section ↓</text>')
    for j, r in enumerate(langs):
        cx = label_w + j * col_w + col_w / 2
        name = r.get("language_name") or r["language"]
        out.append(f'<text x="{cx:.1f}" y="{top - 24:.1f}" text-anchor="middle" font-weight="bold">{_e(_short(name, 15))}</text>')
        out.append(f'<text x="{cx:.1f}" y="{top - 10:.1f}" text-anchor="middle" fill="#555">{_e(r["language"])}</text>')
        out.append(f'<line x1="{cx:.1f}" y1="{top:.1f}" x2="{cx:.1f}" y2="{bottom:.1f}" stroke="#999"/>')
        lim = parity_years * scale
        out.append(f'<line x1="{cx + lim:.1f}" y1="{top:.1f}" x2="{cx + lim:.1f}" y2="{bottom:.1f}" stroke="#d73027" stroke-dasharray="3,3"><title>limit: {parity_years:g} years harder than the source</title></line>')
        # x axis of this column
        out.append(f'<line x1="{cx - 6 * scale:.1f}" y1="{bottom:.1f}" x2="{cx + 6 * scale:.1f}" y2="{bottom:.1f}" stroke="#333"/>')
        for t in (-6, -3, 0, 3, 6):
            tx = cx + t * scale
            out.append(f'<line x1="{tx:.1f}" y1="{bottom:.1f}" x2="{tx:.1f}" y2="{bottom + 4:.1f}" stroke="#333"/>')
            out.append(f'<text x="{tx:.1f}" y="{bottom + 15:.1f}" text-anchor="middle" fill="#333" font-size="9">{t:+d}' if t else f'<text x="{tx:.1f}" y="{bottom + 15:.1f}" text-anchor="middle" fill="#333" font-size="9">0')
            out.append("</text>")
    axis_mid = label_w + col_w * max(len(langs), 1) / 2
    out.append(f'<text x="{axis_mid:.1f}" y="{bottom + 36:.1f}" text-anchor="middle" font-weight="bold" fill="#333">Reading age of the translation minus the source\'s (years; right: harder)</text>')
    for i, sec in enumerate(sections):
        y = top + i * row_h
        title = _short(sec["title"])
        out.append(f'<text x="{label_w - 8:.1f}" y="{y + 15:.1f}" text-anchor="end" unicode-bidi="plaintext">{_e(title)}</text>')
        for j, r in enumerate(langs):
            cx = label_w + j * col_w + col_w / 2
            p = r["sections"][i]["parity"]
            if p is None:
                out.append(f'<text x="{cx - 4:.1f}" y="{y + 15:.1f}" text-anchor="end" fill="#aaa">n/a</text>')
                continue
            d = max(-6.0, min(6.0, p["delta_reading_age"]))
            x0, w = (cx, d * scale) if d >= 0 else (cx + d * scale, -d * scale)
            colour = "#d73027" if p["flagged"] else ("#fc8d59" if d > 0 else "#1a9850")
            tip = f'{r["language"]} · {sec["title"]}: {p["delta_reading_age"]:+.1f} years, sentences x{p["sentence_ratio"]:.2f}' + (f' — {p["reason"]}' if p["flagged"] else "")
            out.append(f'<rect x="{x0:.1f}" y="{y + 4:.1f}" width="{max(w, 1):.1f}" height="{row_h - 8:.1f}" fill="{colour}"><title>{_e(tip)}</title></rect>')
            lx, anchor = (cx - 3, "end") if d >= 0 else (cx + 3, "start")
            out.append(f'<text x="{lx:.1f}" y="{y + 15:.1f}" text-anchor="{anchor}" font-size="9" fill="#222">{p["delta_reading_age"]:+.1f}</text>')
    out.append("</svg>")
    return Markup("".join(out))


_SENTINEL = "\x00polyleaf-documents\x00"


def render_document(head: dict, doc: dict) -> str:
    """One document's section of the page (``head``: :func:`report_data` without documents)."""
    item = {
        "doc": doc,
        "languages_svg": languages_chart(doc, head["settings"]["reading_age"]),
        "heatmap_svg": heatmap(doc),
        "parity_svg": parity_chart(doc, head["settings"]["parity_years"]),
    }
    return _env().get_template("readability_document.html.j2").render(data=head, item=item)


def page_frame(head: dict) -> tuple[str, str]:
    """The page before and after the documents' sections."""
    page = _env().get_template("readability.html.j2").render(
        data=head, documents=Markup(_SENTINEL), band_colours=BAND_COLOURS, bands=head["bands"])
    before, after = page.split(_SENTINEL)
    return before, after


def render_html(report: ProjectReport) -> str:
    """The whole page: the frame around each document's section (as ``polyleaf score`` writes it)."""
    from .report import report_outputs_bytes

    return report_outputs_bytes(report)["readability.html"].decode("utf-8")
