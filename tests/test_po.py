"""The PO format: strict reading with path:line errors, GNU-identical writing."""

from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.errors import CatalogError
from pipeline.po import decode_po, generate_po, parse_po, read_po

BAD = Path(__file__).parent / "data" / "bad_po"

#: file -> (line, words the message must contain)
EXPECTED = {
    "unterminated.po": (6, "unterminated string"),
    "duplicate.po": (9, "duplicate entry"),
    "junk_after_string.po": (7, "after the closing quote"),
    "msgstr_index_without_plural.po": (7, "without msgid_plural"),
    "plural_count.po": (6, "nplurals=2"),
    "bad_plural_forms.po": (4, "bad Plural-Forms"),
    "missing_msgstr.po": (6, "no msgstr"),
    "msgstr_without_msgid.po": (6, "without msgid"),
    "syntax.po": (6, "syntax error"),
    "bad_escape.po": (6, "invalid escape"),
    "empty.po": (1, "empty file"),
    "bom.po": (1, "byte-order mark"),
    "nul.po": (7, "NUL byte"),
    "unknown_charset.po": (3, "unknown charset"),
    "mismatched_charset.po": (6, "declared charset"),
    "orphan_continuation.po": (7, "continuation"),
    "two_headers.po": (5, "second header"),
}


def test_every_bad_file_has_an_expectation():
    assert sorted(p.name for p in BAD.glob("*.po")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED), ids=sorted(EXPECTED))
def test_bad_po_gives_path_line_message(name):
    line, words = EXPECTED[name]
    with pytest.raises(CatalogError) as exc:
        read_po(BAD / name, f"locales/xx/{name}")
    assert exc.value.path == f"locales/xx/{name}"
    assert exc.value.line == line, str(exc.value)
    assert words in exc.value.message
    assert str(exc.value).startswith(f"locales/xx/{name}:{line}: ")


#: bad_po files GNU msgfmt -c accepts (with warnings) that Polyleaf refuses on purpose, and why.
#: Every other file there must be refused by msgfmt -c too: the bad corpus pins no made-up errors
#: (issue 12: crlf.po pinned a refusal msgfmt does not make, and was removed).
STRICTER_THAN_MSGFMT = {
    "nul.po": "a raw NUL byte in a string: msgfmt silently truncates the text there; a NUL is a sign of a .mo or UTF-16 file",
    "unknown_charset.po": "a charset no codec knows cannot be decoded; msgfmt only warns and passes the bytes through",
}


@pytest.mark.tools
@pytest.mark.parametrize("name", sorted(EXPECTED), ids=sorted(EXPECTED))
def test_bad_po_is_bad_for_msgfmt_too(name):
    gnu = subprocess.run([_gnu("msgfmt"), "-c", "-o", "/dev/null", str(BAD / name)], capture_output=True, text=True)
    assert (gnu.returncode == 0) == (name in STRICTER_THAN_MSGFMT), gnu.stderr


@pytest.mark.parametrize(
    "charset, codec, text",
    [
        ("ISO-8859-1", "latin-1", "Café crème, número"),
        ("CP1252", "cp1252", "“Smart” quotes – and € sign"),
        ("Shift_JIS", "cp932", "免疫療法は、がん治療の一種です。表示"),  # 表 has 0x5C as trail byte
        ("BIG5", "big5", "免疫療法是一種癌症治療。許功蓋"),  # 許 功 蓋 have 0x5C trail bytes
        ("GBK", "gbk", "免疫疗法是一种癌症治疗。"),
    ],
    ids=["latin1", "cp1252", "shift-jis", "big5", "gbk"],
)
def test_legacy_charsets_are_decoded(charset, codec, text):
    body = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset={charset}\\n"\n\nmsgid "x"\nmsgstr "{text}"\n'
    decoded = decode_po(body.encode(codec), "x.po")
    assert decoded.legacy and decoded.charset == charset.lower()
    po = parse_po(decoded.text, "x.po")
    assert po.find("x").msgstr == text


def test_round_trip_keeps_everything():
    text = (
        '# Translator header\nmsgid ""\nmsgstr ""\n"Language: es\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n'
        "# translator note\n#. type: paragraph\n#: source/a.md:3 source/a.md:10\n#, fuzzy\n#| msgid \"Old text\"\n"
        'msgid "New text"\nmsgstr "Texto"\n\n'
        'msgctxt "ctx"\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "uno"\nmsgstr[1] "muchos"\n\n'
        '#~ msgid "gone"\n#~ msgstr "ido"\n'
    )
    po = parse_po(text, "x.po")
    assert generate_po(po) == text
    e = po.find("New text")
    assert e.previous_msgid == "Old text" and e.flags == ["fuzzy"] and e.tcomment == "translator note"
    assert e.occurrences == [("source/a.md", "3"), ("source/a.md", "10")]
    assert e.linenum == 13


def _gnu(tool: str) -> str:
    path = shutil.which(tool)
    if not path:
        pytest.skip(f"GNU gettext's {tool} is not installed (apt-get install gettext)")
    return path


WORDS = {
    "en": "the immune system finds and destroys cells that are harming you, but cancer (also called T-cells) "
    "fast-growing e.g. 2.5 mg ‘baseline’ “quoted” it’s [here](https://www.nhs.uk/conditions/chemotherapy/) "
    "**bold** *em* `code` 0800-123-456 a/b 50% £20 — – … ; : ! ? \"q\" x\\y".split(),
    "zh": "免疫疗法 是 一种 癌症治疗 ，帮助 您的 免疫系统 发现 并 摧毁 癌细胞 。 如果 您 有 任何 问题 ？ 请 联系 "
    "（例如 类固醇） 「引号」 、 ： ； ！ CAR T 细胞疗法 2.5 毫克".split(),
    "ar": "العلاج المناعي هو نوع من علاج السرطان يساعد جهازك على العثور ، ؟ ؛ ٢٫٥ ملغ (مثل الستيرويدات) «اقتباس» [هنا](https://www.nhs.uk/) ١٢٣".split(),
    "ur": "امیونوتھراپی کینسر کے علاج کی ایک قسم ہے جو آپ کے مدافعتی نظام کو مدد دیتی ہے ۔ ؟ ۲۰ ملی گرام، نگہداشت کی ٹیم".split(),
    "cy": "Mae imiwnotherapi yn fath o driniaeth canser sy’n helpu’ch system imiwnedd i ddod o hyd i gelloedd tîm ŵ ŷ".split(),
    "pl": "Immunoterapia to rodzaj leczenia raka, który pomaga układowi odpornościowemu znaleźć — „cudzysłów” źdźbło".split(),
    "hi": "इम्यूनोथेरेपी कैंसर का एक प्रकार का उपचार है जो आपकी प्रतिरक्षा प्रणाली को खोजने में मदद करता है। क्या?".split(),
}


@pytest.mark.tools
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_wrapping_matches_msgcat_in_seven_scripts(tmp_path, seed):
    """Random prose in seven scripts: msgcat must find nothing to rewrap."""
    msgcat = _gnu("msgcat")
    rng = random.Random(seed)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
    for i in range(300):
        lang = rng.choice(sorted(WORDS))
        sep = "" if lang == "zh" and rng.random() < 0.7 else " "
        text = sep.join(rng.choice(WORDS[lang]) for _ in range(rng.randint(1, 40)))
        if rng.random() < 0.05:
            text += "\n" + text
        refs = [(f"source/doc{j}.md", str(rng.randint(1, 999))) for j in range(rng.randint(0, 8))]
        po.append(polib.POEntry(msgid=f"m{i}", msgstr=text, occurrences=refs, previous_msgid=text if i % 7 == 0 else None, flags=["fuzzy"] if i % 7 == 0 else []))
    ours = tmp_path / "ours.po"
    ours.write_text(generate_po(po), encoding="utf-8")
    theirs = tmp_path / "theirs.po"
    subprocess.run([msgcat, str(ours), "-o", str(theirs)], check=True)
    assert theirs.read_text(encoding="utf-8") == ours.read_text(encoding="utf-8")


RST_PRINTF = (
    ":func:`open` :ref:`tut-files` ``python -m pip install --upgrade`` C:\\Temp\\new \\d+\\s* %(name)s %5.2f %-10s "
    "{0!r:>{width}} `Link <https://docs.python.org/3/library/functions.html#open>`_ --option=value "
    "\"quoted\" 'single' it's (parenthesised) [brackets] 50% $HOME ~/path/to/file.txt a/b/c "
    "--- Take 2\\* tablets snake\\_case \\# python3 -m venv .venv"
).split()


@pytest.mark.tools
@pytest.mark.parametrize("seed", [1, 2, 3, 33])
def test_wrapping_matches_msgcat_on_rest_and_printf_lines(tmp_path, seed):
    """Long reST/printf lines with backslashes, roles, paths and quotes, flagged c-format,
    python-format or python-brace-format: msgcat finds nothing to rewrap (GNU keeps format
    directives unbroken, up to the first error its parser finds, e.g. `% --- 50%` is one C
    directive, `%a` is none for Python in gettext 0.21, `{0!r}` stops python-brace-format)."""
    msgcat = _gnu("msgcat")
    rng = random.Random(seed)
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "MIME-Version": "1.0", "Content-Transfer-Encoding": "8bit"}
    for i in range(300):
        text = " ".join(rng.choice(RST_PRINTF) for _ in range(rng.randint(1, 45)))
        if rng.random() < 0.2:
            text = text.replace(" ", "\n", rng.randint(1, 3))
        formats = ["c-format", "python-format", "python-brace-format"]
        flags = [rng.choice(formats)] if "%" in text or "{" in text else []
        po.append(polib.POEntry(msgid=f"m{i}", msgstr=text, flags=flags))
    ours = tmp_path / "ours.po"
    ours.write_text(generate_po(po), encoding="utf-8")
    theirs = tmp_path / "theirs.po"
    subprocess.run([msgcat, str(ours), "-o", str(theirs)], check=True)
    assert theirs.read_text(encoding="utf-8") == ours.read_text(encoding="utf-8")
