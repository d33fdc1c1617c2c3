"""Pseudo-localisation: an offline "engine" for testing layouts and catching unextracted text.

Letters become accented look-alikes, the text grows by about 35% (the growth
German or Welsh can bring), and it is wrapped in ``[``...``]`` so a string that
escaped extraction stands out on the page as plain English.  Placeholders
(``⟦n⟧``) are left exactly as they are, so markup and protected terms survive.
"""

from __future__ import annotations

import math

from ..provenance import MASK_TOKEN

_ACCENTED = str.maketrans(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "àƀçđéƒĝĥîĵķĺɱñöþʠŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ",
)
GROWTH = 0.35
OPEN, CLOSE, PAD = "[", "]", "~"


def pseudo_localise(text: str) -> str:
    """``"Call us"`` -> ``"[Çàĺĺ ûš~]"``: accented, ~35% longer, marked; placeholders untouched."""
    out: list[str] = []
    pos = 0
    for m in MASK_TOKEN.finditer(text):
        out.append(text[pos : m.start()].translate(_ACCENTED))
        out.append(m.group())
        pos = m.end()
    out.append(text[pos:].translate(_ACCENTED))
    body = "".join(out)
    pad = max(0, math.ceil(GROWTH * len(text)) - len(OPEN) - len(CLOSE))
    return f"{OPEN}{body}{PAD * pad}{CLOSE}"


class PseudoProvider:
    """The ``pseudo`` provider: deterministic, offline, no key."""

    name = "pseudo"
    max_chars = 1_000_000
    joins_batches = False
    network = False

    def check(self, source: str, target: str) -> None:  # every pair is supported
        return None

    def translate(self, text: str, source: str, target: str) -> str:
        return pseudo_localise(text)

    def close(self) -> None:
        return None
