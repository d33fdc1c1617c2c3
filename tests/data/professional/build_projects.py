"""Build the professional-translation test projects from the raw documents (run once; the output is committed).

    python tests/data/professional/build_projects.py

Source: Doctors of the World UK, "Coronavirus (Covid-19) Guidance", version 3 (24.03.2020),
translated by professional translators for DOTW into 40+ languages; collected in
neulab/covid19-datashare (CC0; folder ``public_domain_license/dotw``).  See SOURCES.md.

The documents are line-parallel only roughly (translators merged or split lines), so each
language is aligned to the English line by line (a small Gale-Church-style dynamic program
over length, bullets, digits and URLs).  Only English lines that align to whole target lines
become segments; each language is a project of its own (``dotw-<lang>/``): polyleaf.toml,
source/coronavirus.md (the English lines kept for that language) and the catalog, every
entry translated and not fuzzy, exactly as the translators wrote it.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(REPO))

LANGS = {"zh-cn": "zh-Hans", "ara": "ar", "spa": "es", "vie": "vi", "urd": "ur", "fas": "fa", "pol": "pl"}
BULLET = re.compile(r"^\s*[•●▪◦·]\s*")
URL = re.compile(r"(?:https?://|www\.)[^\s，。、；：）]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.I)
EASTERN = {c: ord("0") + (c - 0x0660) for c in range(0x0660, 0x066A)} | {c: ord("0") + (c - 0x06F0) for c in range(0x06F0, 0x06FA)}


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [l.strip() for block in re.findall(r"<p>\n(.*?)\n</p>", text, re.S) for l in block.split("\n") if l.strip()]


def features(group: list[str]):
    text = " ".join(group)
    return (sum(len(l) for l in group), sum(bool(BULLET.match(l)) for l in group),
            sorted(re.findall(r"\d+", text.translate(EASTERN))), sorted(u.rstrip(".,;:").lower() for u in URL.findall(text)))


def cost(eng: list[str], tgt: list[str], ratio: float) -> float:
    le, be, de, ue = features(eng)
    lt, bt, dt, ut = features(tgt)
    c = abs(math.log((lt + 5) / (ratio * le + 5))) * 2 + 3 * abs(be - bt) + 3 * (de != dt) + 4 * (ue != ut)
    return c + (1.5 if len(eng) + len(tgt) > 2 else 0)


def align(eng: list[str], tgt: list[str]) -> list[tuple[list[str], list[str]]]:
    ratio = sum(map(len, tgt)) / sum(map(len, eng))
    n, m, inf = len(eng), len(tgt), float("inf")
    best = [[inf] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    best[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if best[i][j] == inf:
                continue
            for a, b in ((1, 1), (1, 2), (2, 1), (1, 0), (0, 1), (2, 2), (1, 3), (3, 1)):
                if i + a <= n and j + b <= m:
                    c = 6.0 if not (a and b) else cost(eng[i:i + a], tgt[j:j + b], ratio)
                    if best[i][j] + c < best[i + a][j + b]:
                        best[i + a][j + b], back[i + a][j + b] = best[i][j] + c, (a, b)
    out, i, j = [], n, m
    while i or j:
        a, b = back[i][j]  # type: ignore[misc]
        out.append((eng[i - a:i], tgt[j - b:j]))
        i, j = i - a, j - b
    return out[::-1]


def markdown(pairs: list[tuple[str, str]]) -> str:
    """The English lines as Markdown: the first is the title, bullets are list items."""
    out, in_list = [], False
    for k, (eng, _) in enumerate(pairs):
        if k == 0:
            out.append(f"# {eng}\n")
            continue
        if BULLET.match(eng):
            out.append(f"- {BULLET.sub('', eng)}")
            in_list = True
        else:
            out.append(("\n" if in_list else "") + eng + "\n")
            in_list = False
    return "\n".join(out).rstrip() + "\n"


def build(raw: str, code: str) -> None:
    from pipeline.catalogs import read_catalog, write_catalog
    from pipeline.config import load_settings
    from pipeline.source import parse_text

    eng = lines(HERE / "raw/dotw/eng.xml")
    beads = align(eng, lines(HERE / f"raw/dotw/{raw}.xml"))
    pairs = [(e[0], " ".join(BULLET.sub("", t) for t in tgt)) for e, tgt in beads
             if len(e) == 1 and tgt and e[0] != "ENGLISH" and not e[0].startswith("Version")]
    folder = HERE / f"dotw-{code}"
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "source").mkdir(parents=True)
    (folder / "polyleaf.toml").write_text(
        f'# Test project: a professional translation (see ../SOURCES.md).\n[project]\nname = "DOTW Covid-19 guidance"\n'
        f'version = "3"\nsource_language = "en-GB"\nlanguages = ["{code}"]\n', encoding="utf-8")
    text = markdown(pairs)
    (folder / "source/coronavirus.md").write_text(text, encoding="utf-8")
    doc = parse_text(text, "source/coronavirus.md")
    segments = [s.text for s in doc.segments]
    assert len(segments) == len(pairs), (code, len(segments), len(pairs))
    subprocess.run([sys.executable, "-m", "pipeline", "-C", str(folder), "extract", "-q"], check=True,
                   env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1585008000"})
    settings = load_settings(folder)
    path = settings.catalog_path(settings.languages[0], "coronavirus")
    po = read_catalog(path)
    translation = dict(zip(segments, (t for _, t in pairs)))
    for entry in po:
        if entry.msgid:
            entry.msgstr = translation[entry.msgid]
    po.metadata["PO-Revision-Date"] = "2020-03-24 00:00+0000"
    po.metadata["Last-Translator"] = "Doctors of the World UK translators"
    write_catalog(path, po)
    shutil.rmtree(folder / ".polyleaf-cache", ignore_errors=True)
    print(f"dotw-{code}: {len(pairs)} segments of {len(eng)} English lines")


if __name__ == "__main__":
    for raw, code in LANGS.items():
        build(raw, code)
