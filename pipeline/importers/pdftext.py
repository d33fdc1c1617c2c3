"""Text pulled from a PDF (``pdftotext leaflet.pdf``) -> Markdown.

What PDF text looks like, and what is done about it:

- pages are separated by form feeds; a line repeated at the top or bottom of most
  pages (a running title, "Page 3 of 8" with any number) is page furniture: removed,
  and reported once with the pages it was on;
- a paragraph is broken into lines; lines are joined back, and a new paragraph starts
  at a blank line, or after a line that ends a sentence and is clearly shorter than
  the lines around it (the short last line of a paragraph).  Text that already holds
  one paragraph per line (no wrapped lines at all) is read that way;
- bullets come out as characters (•, ●, ▪, –, the Symbol font's U+F0B7, ...) or numbers
  (``1.``): they become Markdown list items;
- a word broken at a line end by a hyphen is joined when the hyphenation dictionary
  (pyphen) allows a break at that point (``treat-`` + ``ment``); otherwise the hyphen is
  a real one (``follow-`` + ``up`` stays ``follow-up``);
- a short line standing alone between paragraphs, with no final punctuation, is taken
  for a heading; the note says how many were guessed.

No word is added; the notes list every line left out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from . import ImportNote, ImportResult, tidy_markdown

_BULLET = re.compile(r"^\s*(?:[•●▪■□◦○‣⁃∙·➢►▶✓✔❖\uf0b7\uf0a7\uf076\uf0d8]|[-–—*](?=\s)|o(?=\s{1,3}\S))\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,2})[.)]\s+(?=\S)")
_PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*$", re.I)
_SENTENCE_END = re.compile(r"[.!?:;]['\"’”)]*$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass
class _Line:
    text: str
    page: int
    number: int  # 1-based line in the input


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", text.strip().lower()))


def _page_furniture(pages: list[list[_Line]]) -> set[str]:
    """Keys of lines at the top or bottom of most pages."""
    if len(pages) < 2:
        return set()
    seen: dict[str, set[int]] = defaultdict(set)
    for p, lines in enumerate(pages):
        content = [ln for ln in lines if ln.text.strip()]
        for ln in content[:3] + content[-3:]:
            seen[_furniture_key(ln.text)].add(p)
    need = max(2, (len(pages) + 1) // 2)
    return {k for k, ps in seen.items() if len(ps) >= need and k}


def _hyphen_break_ok(left: str, right: str, dictionary) -> bool:
    """Is ``left`` + ``right`` one word that the dictionary would break after ``left``?"""
    if dictionary is None:
        return False
    word = left + right
    return any(word[:i] == left for i in dictionary.positions(word)) if hasattr(dictionary, "positions") else False


def _join(a: str, b: str, dictionary) -> str:
    """Two wrapped lines as one: a hyphen at the end of ``a`` joined when it is a line-end hyphenation."""
    m = re.search(r"([^\W\d_]+)-$", a)
    n = re.match(r"([^\W\d_]+)", b)
    if m and n and b[:1].islower():
        if _hyphen_break_ok(m.group(1).lower(), n.group(1).lower(), dictionary):
            return a[:-1] + b
        return a + b  # a real hyphen (follow-up): no space
    return f"{a} {b}"


def _dictionary(lang: str):
    try:
        import pyphen
    except ImportError:  # pragma: no cover - a dependency
        return None
    try:
        return pyphen.Pyphen(lang=lang)
    except KeyError:
        return None


def text_to_markdown(text: str, where: str = "", lang: str = "en_GB") -> ImportResult:
    notes: list[ImportNote] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pages: list[list[_Line]] = []
    number = 0
    for p, page in enumerate(text.split("\f")):
        lines = []
        for raw in page.split("\n"):
            number += 1
            if _CONTROL.search(raw):
                notes.append(ImportNote(f"line {number}", "control characters removed"))
                raw = _CONTROL.sub("", raw)
            lines.append(_Line(raw.replace("\u00ad", "").rstrip(), p, number))
        number -= 1  # the form feed was not a line end
        pages.append(lines)
    if pages and not any(ln.text.strip() for ln in pages[-1]):
        pages.pop()
    furniture = _page_furniture(pages)
    kept: list[_Line] = []
    removed: dict[str, list[int]] = defaultdict(list)
    numbers: list[int] = []
    title_kept = ""
    for lines in pages:
        content = [ln for ln in lines if ln.text.strip()]
        edge = {id(ln) for ln in content[:3] + content[-3:]}
        ends = {id(ln) for ln in content[:1] + content[-1:]} if len(pages) > 1 else set()
        for ln in lines:
            key = _furniture_key(ln.text)
            if id(ln) in ends and _PAGE_NUMBER.match(ln.text):
                numbers.append(ln.number)  # a page number: first or last line of a page
                continue
            if id(ln) in edge and key in furniture:
                if not kept and not removed.get(ln.text.strip()) and ln.page == 0 and not _PAGE_NUMBER.match(ln.text):
                    kept.append(ln)  # the running title on the first page's first line: kept there once
                    title_kept = ln.text.strip()
                    continue
                removed[ln.text.strip()].append(ln.number)
                continue
            kept.append(ln)
        kept.append(_Line("\x00page", lines[-1].page if lines else 0, -1))  # a page break ends nothing by itself
    if numbers:
        notes.append(ImportNote(f"line {_lines(numbers)}", f"page numbers left out ({len(numbers)} page(s))"))
    for text_, where_lines in removed.items():
        again = " (kept once, as the first line)" if text_ == title_kept else ""
        notes.append(ImportNote(f"line {_lines(where_lines)}", f"page header/footer {text_!r} left out ({len(where_lines)} page(s)){again}"))
    dictionary = _dictionary(lang)
    blocks = _blocks(kept)
    wrapped = any(len(b) > 1 for b in blocks)
    one_per_line = not wrapped or _one_paragraph_per_line(kept)
    flat: list[tuple[str, str]] = []
    headings = 0
    for bi, block in enumerate(blocks):
        items = _items(block, dictionary, one_per_line)
        for kind, value in items:
            if kind == "h" or (kind == "p" and _looks_like_heading(value, block, items, bi, blocks)):
                flat.append(("h", f"{'#' if headings == 0 and not flat else '##'} {value}"))
                headings += 1
            elif kind == "li":
                flat.append((kind, f"- {_escape_start(value)}"))
            elif kind == "ol":
                flat.append((kind, value))
            else:
                flat.append((kind, _escape_start(value)))
    out: list[str] = []
    for i, (kind, value) in enumerate(flat):
        if i:
            tight = kind in ("li", "ol") and flat[i - 1][0] == kind
            if tight and kind == "ol" and _number(value) != _number(flat[i - 1][1]) + 1:
                out.append("\n\n<!-- -->\n\n")  # numbering starts again: a new list, as in the original
            else:
                out.append("\n" if tight else "\n\n")
        out.append(value)
    md = "".join(out)
    if headings:
        notes.append(ImportNote("headings", f"{headings} short line(s) standing alone taken for headings: check them"))
    source = "\n".join(ln.text for ln in kept if ln.text != "\x00page")
    return ImportResult(markdown=tidy_markdown(md), notes=tuple(notes), source_text=source)


def _number(item: str) -> int:
    return int(item.split(".", 1)[0])


def _lines(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers[:6]) + (", ..." if len(numbers) > 6 else "")


def _blocks(lines: list[_Line]) -> list[list[_Line]]:
    """Runs of non-blank lines (a page break joins the pages' lines)."""
    blocks: list[list[_Line]] = []
    current: list[_Line] = []
    for ln in lines:
        if ln.text == "\x00page":
            continue
        if not ln.text.strip():
            if current:
                blocks.append(current)
                current = []
            continue
        current.append(ln)
    if current:
        blocks.append(current)
    return blocks


def _one_paragraph_per_line(lines: list[_Line]) -> bool:
    texts = [ln.text for ln in lines if ln.text.strip() and ln.text != "\x00page"]
    if len(texts) < 3:
        return False
    long_lines = sum(len(t) > 150 for t in texts)
    return long_lines >= len(texts) / 3


def _items(block: list[_Line], dictionary, one_per_line: bool) -> list[tuple[str, str]]:
    """A block as paragraphs ("p") and list items ("li", "ol" holds its number)."""
    items: list[list] = []  # [kind, text, number]
    width = max(len(ln.text.strip()) for ln in block)
    prev: _Line | None = None
    for ln in block:
        t = ln.text.strip()
        bullet = _BULLET.match(ln.text)
        numbered = _NUMBERED.match(ln.text)
        if bullet and t[len(bullet.group(0).strip()):].strip():
            items.append(["li", ln.text[bullet.end():].strip(), ""])
        elif numbered:
            items.append(["ol", ln.text[numbered.end():].strip(), numbered.group(1)])
        elif bullet:  # a bullet alone on its line: the item's text is on the next line
            items.append(["li", "", ""])
        elif prev is None and len(block) > 1 and _caps_heading(t):
            items.append(["h", t, ""])
        elif not items or one_per_line or _new_paragraph(prev, ln, width, items[-1][0]) or items[-1][0] == "h":
            if items and items[-1][0] in ("li", "ol") and not items[-1][1]:
                items[-1][1] = t
            else:
                items.append(["p", t, ""])
        else:
            items[-1][1] = _join(items[-1][1], t, dictionary) if items[-1][1] else t
        prev = ln
    out = []
    for kind, text, num in items:
        if not text:
            continue
        out.append((kind, f"{num}. {text}" if kind == "ol" else text))
    return out


def _caps_heading(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and all(c.isupper() for c in letters) and len(text.split()) <= 8 and not _SENTENCE_END.search(text)


def _new_paragraph(prev: _Line | None, ln: _Line, width: int, current_kind: str) -> bool:
    if prev is None:
        return True
    p = prev.text.strip()
    if current_kind in ("li", "ol"):
        # a list item continues on lines indented like its text, or starting lower case
        return not (ln.text.startswith(" ") or ln.text.strip()[:1].islower()) and bool(_SENTENCE_END.search(p))
    return bool(_SENTENCE_END.search(p)) and len(p) < 0.75 * width and ln.text.strip()[:1].isupper()


def _looks_like_heading(text: str, block, items, bi: int, blocks) -> bool:
    """A short line alone between blocks, two words or more (or one in capitals), no final punctuation
    (a question mark allowed), not the last block."""
    words = text.split()
    if not (len(items) == 1 and len(block) == 1 and bi + 1 < len(blocks) and len(words) <= 10):
        return False
    if re.search(r"[.,:;!]['\"’”)]*$", text) or not text[:1].isupper():
        return False
    if sum(c.isalpha() for c in text) < 4 or (len(words) < 2 and not text.isupper()):
        return False
    return True


def _escape_start(text: str) -> str:
    """Text that Markdown would read as markup at the start of a line, escaped (``1999. A year`` stays text)."""
    text = re.sub(r"^(\d+)([.)])(\s|$)", r"\1\\\2\3", text)
    text = re.sub(r"^([#>+=*_`|-])", r"\\\1", text)
    return text
