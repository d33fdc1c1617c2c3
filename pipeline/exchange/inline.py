"""Inline Markdown as protected inline codes, and back.  Pure.

A segment's text (a msgid or msgstr) is split into plain text and *codes*: the
markup spans :func:`pipeline.mt.masking.markup_spans` finds (emphasis
delimiters, link brackets and destinations, code spans, images, HTML, bare
URLs, hard line breaks).  Delimiters that open and close around text are
*paired* (``**...**``, ``[...](url)``): an exchange file writes them as one
element around the text (XLIFF 2.0 ``<pc>``, 1.2 ``<g>``), so a CAT tool lets
the translator move the emphasis or the link text but not break it.
Everything else is a *placeholder* (``<ph/>``, ``<x/>``).  The original
Markdown of each code travels in the file (2.0 ``<originalData>``, 1.2 a
``context-group``), so :func:`flatten` rebuilds the exact text.

Tree nodes: ``str`` (text), :class:`Ph` (a placeholder), :class:`Pc` (a pair
around child nodes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..mt.masking import _side, markup_spans

_EMPHASIS_SUBTYPE = {"**": "bold", "__": "bold", "*": "italic", "_": "italic", "***": "bold", "___": "bold", "~~": "strike"}


@dataclass(frozen=True)
class Ph:
    id: str
    kind: str  # code, html, image, hard-break, url, email, autolink, link-open, link-dest, emphasis, html-comment
    data: str  # the Markdown it stands for


@dataclass(frozen=True)
class Pc:
    id: str
    kind: str  # "emphasis" or "link"
    start: str
    end: str
    children: tuple = field(default=())


Node = "str | Ph | Pc"


@dataclass(frozen=True)
class _Tok:
    start: int
    stop: int
    kind: str
    text: str
    side: str


def _tokens(text: str) -> list[str | _Tok]:
    out: list[str | _Tok] = []
    pos = 0
    for start, stop, kind in markup_spans(text):
        if start > pos:
            out.append(text[pos:start])
        out.append(_Tok(start, stop, kind, text[start:stop], _side(text, start, stop, (kind,))))
        pos = stop
    if pos < len(text):
        out.append(text[pos:])
    return out


def _opens(tok: _Tok) -> bool:
    return tok.kind == "link-open" or (tok.kind == "emphasis" and tok.side == "open")


def _closes(opener: _Tok, tok: _Tok) -> bool:
    if opener.kind == "link-open":
        return tok.kind == "link-dest"
    return tok.kind == "emphasis" and tok.side == "close" and tok.text == opener.text[::-1]


def parse(text: str) -> tuple:
    """``text`` as a tree of text, placeholders and pairs; ids ``1``, ``2``... in reading order."""
    toks = _tokens(text)
    pairs: dict[int, int] = {}  # opener index -> closer index
    stack: list[int] = []
    for i, tok in enumerate(toks):
        if not isinstance(tok, _Tok):
            continue
        match = next((depth for depth in range(len(stack) - 1, -1, -1) if _closes(toks[stack[depth]], tok)), None)  # type: ignore[arg-type]
        if match is not None:
            opener = stack[match]
            del stack[match:]  # openers inside that never closed stay placeholders
            pairs[opener] = i
        elif _opens(tok):
            stack.append(i)
    counter = [0]

    def next_id() -> str:
        counter[0] += 1
        return str(counter[0])

    def build(lo: int, hi: int) -> tuple:
        nodes: list = []
        i = lo
        while i < hi:
            tok = toks[i]
            if isinstance(tok, str):
                nodes.append(tok)
                i += 1
            elif i in pairs:
                close = pairs[i]
                code_id = next_id()
                kind = "link" if tok.kind == "link-open" else "emphasis"
                nodes.append(Pc(code_id, kind, tok.text, toks[close].text, build(i + 1, close)))  # type: ignore[union-attr]
                i = close + 1
            else:
                nodes.append(Ph(next_id(), tok.kind, tok.text))
                i += 1
        return tuple(nodes)

    return build(0, len(toks))


def flatten(nodes) -> str:
    """The Markdown text a tree stands for (inverse of :func:`parse`)."""
    out: list[str] = []
    for node in nodes:
        if isinstance(node, str):
            out.append(node)
        elif isinstance(node, Ph):
            out.append(node.data)
        else:
            out.append(node.start)
            out.append(flatten(node.children))
            out.append(node.end)
    return "".join(out)


def codes(nodes) -> list[Ph | Pc]:
    """Every code of a tree in reading order (pairs before their children)."""
    out: list[Ph | Pc] = []
    for node in nodes:
        if isinstance(node, Ph):
            out.append(node)
        elif isinstance(node, Pc):
            out.append(node)
            out.extend(codes(node.children))
    return out


def signature(code: Ph | Pc) -> tuple[str, str]:
    return (code.data, "") if isinstance(code, Ph) else (code.start, code.end)


def align(source, target) -> tuple:
    """``target``'s tree with each code given the id of the source code with the same Markdown
    (first unused match, in order); codes the source does not have get new ids after the source's."""
    free: dict[tuple[str, str], list[str]] = {}
    for code in codes(source):
        free.setdefault(signature(code), []).append(code.id)
    next_id = [len(codes(source))]

    def rename(nodes) -> tuple:
        out = []
        for node in nodes:
            if isinstance(node, str):
                out.append(node)
                continue
            ids = free.get(signature(node))
            if ids:
                new_id = ids.pop(0)
            else:
                next_id[0] += 1
                new_id = str(next_id[0])
            if isinstance(node, Ph):
                out.append(Ph(new_id, node.kind, node.data))
            else:
                out.append(Pc(new_id, node.kind, node.start, node.end, rename(node.children)))
        return tuple(out)

    return rename(target)


def subtype(code: Ph | Pc) -> str:
    """A coarse name for the code's role: bold, italic, strike, link, image, line-break, code, html, url."""
    if isinstance(code, Pc):
        return "link" if code.kind == "link" else _EMPHASIS_SUBTYPE.get(code.start, "emphasis")
    return {"hard-break": "line-break", "image": "image", "code": "code", "html": "html", "html-comment": "html",
            "url": "url", "email": "url", "autolink": "url", "link-open": "link", "link-dest": "link"}.get(code.kind, code.kind)
