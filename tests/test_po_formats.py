"""Format-string checks agree with ``msgfmt -c``, case by case.

Each row is one PO entry; the test writes it into a catalog, runs GNU ``msgfmt -c``
and asserts that :func:`pipeline.po.formats.check_format` finds a problem exactly
when msgfmt rejects the entry.  ``-s`` prints the agreement table for the notes.
"""

from __future__ import annotations

import shutil
import subprocess

import pytest

from pipeline.po.formats import check_format, single_number_forms

EN = "nplurals=2; plural=(n != 1);"
PL = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
ONE = "nplurals=1; plural=0;"

# (id, flags, msgid, msgid_plural, msgstrs, Plural-Forms)
CASES = [
    # C: order, numbering, types, lengths
    ("c same", "c-format", "%s of %d", None, ["%s de %d"], EN),
    ("c reordered numbered", "c-format", "%s of %d", None, ["%2$d de %1$s"], EN),
    ("c swapped unnumbered", "c-format", "%s of %d", None, ["%d de %s"], EN),
    ("c numbered and unnumbered mixed", "c-format", "%s of %d", None, ["%2$d de %s"], EN),
    ("c extra argument", "c-format", "%s", None, ["%s %s"], EN),
    ("c missing argument", "c-format", "%s %s", None, ["%s"], EN),
    ("c placeholder dropped", "c-format", "Take %d tablets", None, ["Tome las pastillas"], EN),
    ("c width and precision ignored", "c-format", "%5.2f%%", None, ["%f %%"], EN),
    ("c %d equals %i", "c-format", "%d", None, ["%i"], EN),
    ("c %o equals %x", "c-format", "%o", None, ["%x"], EN),
    ("c %e equals %g", "c-format", "%e", None, ["%g"], EN),
    ("c signed vs unsigned", "c-format", "%u", None, ["%d"], EN),
    ("c long vs int", "c-format", "%ld", None, ["%d"], EN),
    ("c size_t vs long", "c-format", "%zu", None, ["%lu"], EN),
    ("c char vs int", "c-format", "%c", None, ["%d"], EN),
    ("c wide string vs string", "c-format", "%ls", None, ["%s"], EN),
    ("c star width is an argument", "c-format", "%*d", None, ["%d %d"], EN),
    ("c star width dropped", "c-format", "%*d", None, ["%d"], EN),
    ("c lengths kept", "c-format", "%lld %zu %hd %Lf", None, ["%lld %zu %hd %Lf"], EN),
    ("c grouping flags", "c-format", "%'d %Id", None, ["%'d %Id"], EN),
    ("c numbered repeated", "c-format", "%1$s %1$s", None, ["%1$s"], EN),
    ("c numbered for unnumbered", "c-format", "%s", None, ["%1$s"], EN),
    ("c msgstr ends in a directive", "c-format", "50 %s", None, ["50 %"], EN),
    ("c bad conversion in msgstr", "c-format", "%s", None, ["%q"], EN),
    ("c msgid not a format string", "c-format", "100%", None, ["100 %"], EN),
    ("c msgid with a gap", "c-format", "%2$s", None, ["%s %s"], EN),
    ("c no placeholders, msgstr adds one", "c-format", "Done", None, ["Hecho %s"], EN),
    ("c escaped percent", "c-format", "100%%", None, ["100 %%"], EN),
    ("c no-c-format flag", "no-c-format", "%d", None, ["%s"], EN),
    ("c possible-c-format", "possible-c-format", "%d", None, ["%s"], EN),
    ("c fuzzy not checked", "fuzzy, c-format", "%d", None, ["%s"], EN),
    ("c untranslated not checked", "c-format", "%d", None, [""], EN),
    # C plurals
    ("c plural ok", "c-format", "%d file", "%d files", ["%d fichier", "%d fichiers"], EN),
    ("c plural singular word", "c-format", "%d file", "%d files", ["un fichier", "%d fichiers"], EN),
    ("c plural other form drops %d", "c-format", "%d file", "%d files", ["%d fichier", "fichiers"], EN),
    ("c plural retyped", "c-format", "%d file", "%d files", ["%s a", "%d b"], EN),
    ("c plural checked against msgid_plural", "c-format", "%d file", "%s files", ["%d fichier", "%d fichiers"], EN),
    ("c plural keeps first arg", "c-format", "%s: %d file", "%s: %d files", ["%s: un", "%s: %d"], EN),
    ("c plural drops first arg", "c-format", "%s: %d file", "%s: %d files", ["%d: un", "%s: %d"], EN),
    ("c plural Polish ok", "c-format", "%d file", "%d files", ["plik", "%d pliki", "%d plików"], PL),
    ("c plural Polish many drops %d", "c-format", "%d file", "%d files", ["%d plik", "%d pliki", "plików"], PL),
    ("c plural one form ok", "c-format", "%d file", "%d files", ["%d fichier"], ONE),
    ("c plural one form drops %d", "c-format", "%d file", "%d files", ["fichier"], ONE),
    ("c plural empty form checked", "c-format", "%d file", "%d files", ["%d a", ""], EN),
    ("c plural first form empty: untranslated", "c-format", "%d file", "%d files", ["", "%s"], EN),
    # Python %
    ("py same", "python-format", "%s", None, ["%s"], EN),
    ("py named reordered", "python-format", "%(name)s is %(age)d", None, ["%(age)d ans %(name)s"], EN),
    ("py named missing", "python-format", "%(name)s is %(age)d", None, ["%(name)s"], EN),
    ("py named retyped", "python-format", "%(name)s is %(age)d", None, ["%(name)s %(age)s"], EN),
    ("py named renamed", "python-format", "%(name)s is %(age)d", None, ["%(nom)s %(age)d"], EN),
    ("py named added", "python-format", "%(a)s", None, ["%(a)s %(b)s"], EN),
    ("py named repeated", "python-format", "%(a)s", None, ["%(a)s %(a)s"], EN),
    ("py mapping vs tuple", "python-format", "%(name)s", None, ["%s"], EN),
    ("py tuple vs mapping", "python-format", "%s", None, ["%(a)s"], EN),
    ("py positional swapped", "python-format", "%s %d", None, ["%d %s"], EN),
    ("py %d equals %i", "python-format", "%s %d", None, ["%s %i"], EN),
    ("py %s equals %r", "python-format", "%s", None, ["%r"], EN),
    ("py %x equals %d", "python-format", "%x", None, ["%d"], EN),
    ("py int vs float", "python-format", "%d", None, ["%f"], EN),
    ("py char vs int", "python-format", "%c", None, ["%d"], EN),
    ("py length modifier ignored", "python-format", "%ld", None, ["%d"], EN),
    ("py flags and width ignored", "python-format", "%-5s|%05d", None, ["%s|%d"], EN),
    ("py star width", "python-format", "%*d", None, ["%d"], EN),
    ("py lone percent in msgstr", "python-format", "100%%", None, ["100 %"], EN),
    ("py bad conversion", "python-format", "%s", None, ["%y"], EN),
    ("py msgid mixes named and unnamed", "python-format", "%(a)s %s", None, ["x"], EN),
    ("py msgid without placeholders", "python-format", "x", None, ["%s"], EN),
    ("py plural singular word", "python-format", "%(n)d file", "%(n)d files", ["un fichier", "%(n)d fichiers"], EN),
    ("py plural other form drops", "python-format", "%(n)d file", "%(n)d files", ["%(n)d fichier", "fichiers"], EN),
    ("py plural positional singular word", "python-format", "%d file", "%d files", ["un fichier", "%d fichiers"], EN),
    # Python {}
    ("brace reordered", "python-brace-format", "{name} is {age}", None, ["{age} {name}"], EN),
    ("brace missing", "python-brace-format", "{name} is {age}", None, ["{name}"], EN),
    ("brace added", "python-brace-format", "{name}", None, ["{name} {age}"], EN),
    ("brace numbered", "python-brace-format", "{0} and {1}", None, ["{1} y {0}"], EN),
    ("brace numbered missing", "python-brace-format", "{0} and {1}", None, ["{0}"], EN),
    ("brace repeated", "python-brace-format", "{0} {0}", None, ["{0}"], EN),
    ("brace conversion: msgid not a format string (0.21)", "python-brace-format", "{name!r}", None, ["x"], EN),
    ("brace escaped braces", "python-brace-format", "{{literal}} {x}", None, ["{{lit}} {x}"], EN),
    ("brace translated as literal", "python-brace-format", "{a}", None, ["{{a}}"], EN),
    ("brace attribute and index", "python-brace-format", "{a.b} {c[0]}", None, ["{a.b} {c[0]}"], EN),
    ("brace other attribute", "python-brace-format", "{a.b}", None, ["{a.c}"], EN),
    ("brace unterminated", "python-brace-format", "{a}", None, ["{a"], EN),
    ("brace bad conversion", "python-brace-format", "{a}", None, ["{a!x}"], EN),
    ("brace same spec", "python-brace-format", "{name:>10}", None, ["{name:>10}"], EN),
    ("brace nested spec", "python-brace-format", "{name:{width}}", None, ["{name:{width}}"], EN),
    ("brace lone closing brace", "python-brace-format", "{a} }", None, ["x"], EN),
    ("brace msgid not a format string", "python-brace-format", "{a b}", None, ["{c}"], EN),
    ("brace plural singular word", "python-brace-format", "{n} file", "{n} files", ["un fichier", "{n} fichiers"], EN),
    ("brace plural one-number form not compared", "python-brace-format", "{b}", "{b} x", ["{a}", "{b}"], EN),
    ("brace plural other form adds", "python-brace-format", "z", "{b}", ["z", "{a}"], EN),
    ("c percent after a flag", "c-format", "% %s", None, ["%s"], EN),
    ("py percent after a flag", "python-format", "%s% %d", None, [" %s%"], EN),
    ("brace plural other form drops", "python-brace-format", "{n} file", "{n} files", ["{n} fichier", "fichiers"], EN),
    # several formats on one entry
    ("c and python both ok", "c-format, python-format", "%s", None, ["%s"], EN),
    ("c ok, python named fails", "c-format, python-brace-format", "{a} %s", None, ["%s"], EN),
]


def _q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def _catalog(flags, msgid, plural, msgstrs, forms) -> str:
    head = (
        'msgid ""\nmsgstr ""\n"Project-Id-Version: t\\n"\n"PO-Revision-Date: 2026-01-01 00:00+0000\\n"\n'
        '"Last-Translator: t\\n"\n"Language-Team: t\\n"\n"Language: xx\\n"\n"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n'
        f'"Plural-Forms: {forms}\\n"\n\n'
    )
    body = f"#, {flags}\nmsgid {_q(msgid)}\n"
    if plural is not None:
        body += f"msgid_plural {_q(plural)}\n" + "".join(f"msgstr[{i}] {_q(s)}\n" for i, s in enumerate(msgstrs))
    else:
        body += f"msgstr {_q(msgstrs[0])}\n"
    return head + body


@pytest.mark.tools
@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_agrees_with_msgfmt_c(tmp_path, case):
    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("GNU msgfmt not installed (apt-get install gettext)")
    name, flags, msgid, plural, msgstrs, forms = case
    po = tmp_path / "case.po"
    po.write_text(_catalog(flags, msgid, plural, msgstrs, forms), encoding="utf-8")
    run = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    gnu_rejects = run.returncode != 0
    ours = check_format([f.strip() for f in flags.split(",")], msgid, plural, msgstrs, forms)
    gnu_msg = " | ".join(l.split(": ", 1)[-1] for l in run.stderr.splitlines() if "fatal" not in l)
    print(f"| {name} | {'rejects' if gnu_rejects else 'accepts'} | {'; '.join(map(str, ours)) or 'accepts'} |")
    assert bool(ours) == gnu_rejects, f"msgfmt: {gnu_msg or 'accepted'}; ours: {[str(p) for p in ours]}"


def test_single_number_forms():
    assert single_number_forms(EN) == {0}
    assert single_number_forms(PL) == {0}
    assert single_number_forms(ONE) == frozenset()
    assert single_number_forms(None) == {0}  # msgfmt's default is English's rule
    assert single_number_forms("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);") == {0, 1, 2}


def test_problem_names_the_form():
    problems = check_format(["c-format"], "%d file", "%d files", {0: "%d plik", 1: "%d pliki", 2: "plików"}, PL)
    assert [(p.field, p.format) for p in problems] == [("msgstr[2]", "c-format")]
    assert "msgid_plural" in problems[0].message


# Random entries built from placeholder atoms, all in one catalog: msgfmt's error lines
# (which name the entry's line) are mapped back to entries and compared with ours.
ATOMS = {
    "c-format": ["%s", "%d", "%i", "%u", "%ld", "%1$s", "%2$d", "%%", "%", "%*d", "%.2f", "%c", "x ", " "],
    "python-format": ["%s", "%d", "%r", "%(a)s", "%(b)d", "%(a)d", "%%", "%", "%f", "%*d", "x ", " "],
    "python-brace-format": ["{a}", "{b}", "{0}", "{1}", "{}", "{{", "}}", "{a!r}", "{a:>3}", "{", "}", "x ", " "],
}


@pytest.mark.tools
@pytest.mark.parametrize("seed", [1, 2])
def test_random_entries_agree_with_msgfmt(tmp_path, seed):
    import random
    import re

    msgfmt = shutil.which("msgfmt")
    if not msgfmt:
        pytest.skip("GNU msgfmt not installed (apt-get install gettext)")
    rng = random.Random(seed)
    cases = []
    for _ in range(500):
        fmt = rng.choice(sorted(ATOMS))

        def mk():
            return "".join(rng.choice(ATOMS[fmt]) for _ in range(rng.randint(0, 4)))

        if rng.random() < 0.3:
            cases.append((fmt, mk() or "z", mk() or "z", [mk() or "y", mk()]))
        else:
            cases.append((fmt, mk() or "z", None, [mk() or "y"]))
    text = _catalog("c-format", "header", None, ["header"], EN).rsplit("#, c-format", 1)[0]
    owner: dict[int, int] = {}
    for k, (fmt, msgid, plural, msgstrs) in enumerate(cases):
        entry = f'#, {fmt}\nmsgctxt "{k}"\n' + _catalog(fmt, msgid, plural, msgstrs, EN).split(f"#, {fmt}\n", 1)[1] + "\n"
        first = text.count("\n") + 1
        text += entry
        for line in range(first, text.count("\n") + 1):
            owner[line] = k
    po = tmp_path / "random.po"
    po.write_text(text, encoding="utf-8")
    run = subprocess.run([msgfmt, "-c", "-o", "/dev/null", str(po)], capture_output=True, text=True)
    rejected = {owner[int(m.group(1))] for m in re.finditer(r"random\.po:(\d+): ", run.stderr) if int(m.group(1)) in owner}
    assert len(rejected) > 100  # the comparison has both outcomes to agree on
    differ = [(c, sorted(map(str, check_format([c[0]], c[1], c[2], c[3], EN)))) for k, c in enumerate(cases)
              if bool(check_format([c[0]], c[1], c[2], c[3], EN)) != (k in rejected)]
    assert not differ, differ[:5]
