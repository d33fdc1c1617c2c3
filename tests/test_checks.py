"""A failing and a passing pair for every check, in the languages of the example (es, cy, pl, ar, ur, zh)."""

from __future__ import annotations

import pytest

from pipeline import provenance
from pipeline.checks import CHECKS, Pair, context_for, final_mark, number_readings, numbers, phones, run_pair
from pipeline.glossary import Glossary, Term
from pipeline.languages import parse_language

GLOSSARY = Glossary(
    terms=(
        Term("care team", (("es", "equipo de atención"), ("cy", "tîm gofal"), ("pl", "zespół opieki"),
                           ("ar", "فريق الرعاية"), ("ur", "نگہداشت ٹیم"), ("zh_Hans", "护理团队"))),
        Term("fatigue", (("es", "fatiga"), ("pl", "zmęczenie"))),
    ),
    do_not_translate=("CAR T", "IV"),
)

MT = provenance.format_line(provenance.MT, engine="libre", date="2026-11-24", sha="abc")
PROBLEM = provenance.format_line(provenance.MT_PROBLEM, **{"mask-lost": "1"})


def approved(src: str, tgt: str) -> str:
    return provenance.format_line(provenance.APPROVED, sha=provenance.pair_hash(src, tgt), src=provenance.text_hash(src))


# (id, code, lang, source, translation, fails, extra Pair fields)
CASES = [
    # links
    ("link-same", "link-mismatch", "es", "See [our page](https://nhs.uk/a).", "Vea [nuestra página](https://nhs.uk/a).", False, {}),
    ("link-changed", "link-mismatch", "es", "See [our page](https://nhs.uk/a).", "Vea [nuestra página](https://nhs.es/a).", True, {}),
    ("link-dropped", "link-mismatch", "ar", "See [our page](https://nhs.uk/a).", "انظر صفحتنا.", True, {}),
    ("autolink-same", "link-mismatch", "pl", "Write to <mailto:help@nhs.uk>.", "Napisz do <mailto:help@nhs.uk>.", False, {}),
    ("image-src-changed", "link-mismatch", "cy", "![Chart](chart.png)", "![Siart](siart.png)", True, {}),
    # markup
    ("strong-kept", "markup-mismatch", "es", "Take **two** tablets.", "Tome **dos** comprimidos.", False, {}),
    ("strong-unbalanced", "markup-mismatch", "es", "Take **two** tablets.", "Tome **dos comprimidos.", True, {}),
    ("em-dropped", "markup-mismatch", "pl", "This is *important*.", "To jest ważne.", True, {}),
    ("code-translated", "markup-mismatch", "cy", "Run `polyleaf check`.", "Rhedwch `gwirio polyleaf`.", True, {}),
    ("code-kept-zh", "markup-mismatch", "zh_Hans", "Run `polyleaf check`.", "运行 `polyleaf check`。", False, {}),
    ("html-injected", "markup-mismatch", "es", "Rest well.", "Descanse <img src=x onerror=alert(1)> bien.", True, {}),
    ("html-block-injected", "block-markup", "es", "Rest well.", "<script>alert(1)</script>", True, {}),
    # numbers
    ("dose-same", "number-mismatch", "es", "Take 2.5 mg twice a day.", "Tome 2,5 mg dos veces al día.", False, {}),
    ("dose-changed", "number-mismatch", "es", "Take 2.5 mg twice a day.", "Tome 25 mg dos veces al día.", True, {}),
    ("arabic-indic-digits", "number-mismatch", "ar", "Take 2.5 mg every 8 hours.", "تناول ٢٫٥ ملغ كل ٨ ساعات.", False, {}),
    ("arabic-wrong-digit", "number-mismatch", "ar", "Take 2.5 mg every 8 hours.", "تناول ٢٫٥ ملغ كل ٦ ساعات.", True, {}),
    ("urdu-extended-digits", "number-mismatch", "ur", "More than 1,000 people and 24 hours.", "۱۰۰۰ سے زیادہ لوگ اور ۲۴ گھنٹے۔", False, {}),
    ("urdu-number-added", "number-mismatch", "ur", "Rest for a day.", "۲ دن آرام کریں۔", True, {}),
    ("polish-thousands-space", "number-mismatch", "pl", "About 10,000 people.", "Około 10 000 osób.", False, {}),
    ("time-12h-24h", "number-mismatch", "es", "Call between 9am and 5pm.", "Llame entre las 9:00 y las 17:00.", False, {}),
    ("time-h-separator", "number-mismatch", "cy", "Open 8.30am to 6pm.", "Ar agor 8:30 tan 18h00.", False, {}),
    ("time-bare-hour-zh", "number-mismatch", "zh_Hans", "Call between 9am and 5pm.", "请在上午9点至下午5点之间致电。", False, {}),
    ("time-arabic-digits", "number-mismatch", "ar", "Call before 5pm.", "اتصل قبل الساعة ١٧:٠٠.", False, {}),
    ("time-changed", "number-mismatch", "es", "Call between 9am and 5pm.", "Llame entre las 9:00 y las 15:00.", True, {}),
    ("decimal-not-time", "number-mismatch", "es", "Take 2.50 ml.", "Tome 2,5 ml.", False, {}),
    ("space-not-thousands", "number-mismatch", "es", "Take 2 100 mg tablets.", "Tome 2 comprimidos de 100 mg.", False, {}),
    ("space-split-wrong", "number-mismatch", "es", "Take 2 100 mg tablets.", "Tome 3 comprimidos de 100 mg.", True, {}),
    ("zh-number-dropped", "number-mismatch", "zh_Hans", "Wait 30 minutes.", "请等待半小时。", True, {}),
    ("zh-number-in-words", "number-mismatch", "zh_Hans", "Wait 30 minutes.", "请等待三十分钟。", False, {}),
    ("zh-liang", "number-mismatch", "zh_Hans", "Take 2 tablets.", "服用两片。", False, {}),
    ("zh-wrong-number-in-words", "number-mismatch", "zh_Hans", "Wait 30 minutes.", "请等待四十分钟。", True, {}),
    # URLs, e-mails, phones
    ("url-same", "url-mismatch", "cy", "Visit www.nhs.uk for more.", "Ewch i www.nhs.uk am fwy.", False, {}),
    ("url-translated", "url-mismatch", "cy", "Visit www.nhs.uk for more.", "Ewch i www.gig.cymru am fwy.", True, {}),
    ("email-same", "email-mismatch", "es", "Write to help@example.org.", "Escriba a help@example.org.", False, {}),
    ("email-translated", "email-mismatch", "es", "Write to help@example.org.", "Escriba a ayuda@example.org.", True, {}),
    ("phone-same-spacing", "phone-mismatch", "pl", "Call 0800 123 4567 now.", "Zadzwoń pod 0800 1234 567 teraz.", False, {}),
    ("phone-arabic-digits", "phone-mismatch", "ar", "Call 0800 123 4567 now.", "اتصل على ٠٨٠٠ ١٢٣ ٤٥٦٧ الآن.", False, {}),
    ("phone-digit-changed", "phone-mismatch", "ar", "Call 0800 123 4567 now.", "اتصل على ٠٨٠٠ ١٢٣ ٤٥٦٨ الآن.", True, {}),
    # do-not-translate and glossary
    ("dnt-kept", "do-not-translate", "es", "CAR T-cell therapy helps.", "La terapia con células CAR T ayuda.", False, {}),
    ("dnt-translated", "do-not-translate", "es", "CAR T-cell therapy helps.", "La terapia con células T-CAR ayuda.", True, {}),
    ("dnt-zh", "do-not-translate", "zh_Hans", "You may get an IV drip.", "您可能会接受静脉滴注。", True, {}),
    ("dnt-zh-no-space", "do-not-translate", "zh_Hans", "CAR T-cell therapy helps.", "CAR T细胞疗法有帮助。", False, {}),
    ("glossary-term-only-in-url", "glossary-term", "es", "Read about [fatigue](https://nhs.uk/care-team/).", "Lea sobre el [cansancio](https://nhs.uk/care-team/).", True, {}),
    ("glossary-url-not-a-word", "glossary-term", "es", "More [here](https://nhs.uk/care-team/).", "Más [aquí](https://nhs.uk/care-team/).", False, {}),
    ("glossary-es-plural", "glossary-term", "es", "Speak to your care team.", "Hable con sus equipos de atención.", False, {}),
    ("glossary-es-wrong", "glossary-term", "es", "Speak to your care team.", "Hable con su grupo médico.", True, {}),
    ("glossary-cy-mutation", "glossary-term", "cy", "Speak to your care team.", "Siaradwch â'ch dîm gofal.", False, {}),
    ("glossary-cy-wrong", "glossary-term", "cy", "Speak to your care team.", "Siaradwch â'ch meddyg.", True, {}),
    ("glossary-pl-case", "glossary-term", "pl", "Speak to your care team.", "Porozmawiaj ze swoim zespołem opieki.", False, {}),
    ("glossary-ar-prefix", "glossary-term", "ar", "Tell your care team.", "أخبر فريق الرعاية الخاص بك.", False, {}),
    ("glossary-ar-wrong", "glossary-term", "ar", "Tell your care team.", "أخبر طبيبك.", True, {}),
    ("glossary-ar-construct", "glossary-term", "ar", "Tell your care team.", "أخبر فريق رعايتك.", False, {}),
    ("glossary-zh-exact", "glossary-term", "zh_Hans", "Tell your care team.", "告诉您的护理团队。", False, {}),
    ("glossary-zh-wrong", "glossary-term", "zh_Hans", "Tell your care team.", "告诉您的医生。", True, {}),
    ("glossary-term-absent", "glossary-term", "es", "Speak to your nurse.", "Hable con su enfermera.", False, {}),
    # punctuation and questions
    ("stop-kept", "final-punctuation", "es", "Rest well.", "Descanse bien.", False, {}),
    ("stop-lost", "final-punctuation", "pl", "Rest well.", "Odpoczywaj dobrze", True, {}),
    ("zh-ascii-stop", "final-punctuation", "zh_Hans", "Rest well.", "好好休息.", True, {}),
    ("zh-ideographic-stop", "final-punctuation", "zh_Hans", "Rest well.", "好好休息。", False, {}),
    ("ar-latin-question", "final-punctuation", "ar", "Are you well?", "هل أنت بخير?", True, {}),
    ("ar-arabic-question", "final-punctuation", "ar", "Are you well?", "هل أنت بخير؟", False, {}),
    ("ur-full-stop", "final-punctuation", "ur", "Rest well.", "اچھی طرح آرام کریں۔", False, {}),
    ("ur-latin-stop", "final-punctuation", "ur", "Rest well.", "اچھی طرح آرام کریں.", True, {}),
    ("es-no-opening-question", "final-punctuation", "es", "Are you well?", "Está bien?", True, {}),
    ("stop-added", "final-punctuation", "cy", "Side effects", "Sgil-effeithiau.", True, {}),
    ("quote-looked-past", "final-punctuation", "es", "It is called ‘baseline.’", "Se llama «referencia.»", False, {}),
    ("question-kept-zh", "question-lost", "zh_Hans", "What is immunotherapy?", "什么是免疫疗法？", False, {}),
    ("question-lost-es", "question-lost", "es", "Is it safe to drive?", "Es seguro conducir.", True, {}),
    ("question-kept-ur", "question-lost", "ur", "What is immunotherapy?", "امیونو تھراپی کیا ہے؟", False, {}),
    # identical, whitespace, length
    ("identical-words", "identical", "es", "Side effects", "Side effects", True, {}),
    ("identical-dnt-only", "identical", "es", "CAR T", "CAR T", False, {}),
    ("identical-number-only", "identical", "pl", "24/7", "24/7", False, {}),
    ("identical-url-only", "identical", "cy", "<https://nhs.uk>", "<https://nhs.uk>", False, {}),
    ("whitespace-same", "whitespace", "es", "Rest.", "Descanse.", False, {}),
    ("whitespace-leading", "whitespace", "es", "Rest.", " Descanse.", True, {}),
    ("length-ok-zh", "length-ratio", "zh_Hans", "Immunotherapy can cause inflammation in any part of the body.", "免疫疗法可能导致身体任何部位发炎。", False, {}),
    ("length-short-es", "length-ratio", "es", "Immunotherapy can cause inflammation in any part of the body.", "Inflamación.", True, {}),
    ("length-long-zh", "length-ratio", "zh_Hans", "Immunotherapy can cause inflammation.", "免疫疗法可能导致身体任何部位发炎，这是身体对损伤或感染的反应，您可能会看到明显的变化，例如皮疹，皮肤可能肿胀、疼痛、发痒或比平时更红。", True, {}),
    # machine drafts, masks, approval
    ("mt-draft", "mt-unreviewed", "es", "Rest.", "Descanse.", True, {"fuzzy": True, "tcomment": MT}),
    ("mt-reviewed", "mt-unreviewed", "es", "Rest.", "Descanse.", False, {"fuzzy": False, "tcomment": MT}),
    ("fuzzy-draft", "fuzzy", "cy", "Rest.", "Gorffwyswch.", True, {"fuzzy": True}),
    ("not-fuzzy", "fuzzy", "cy", "Rest.", "Gorffwyswch.", False, {}),
    ("mask-left", "mask-unrestored", "pl", "Call 111.", "Zadzwoń pod ⟦0⟧.", True, {}),
    ("mask-restored", "mask-unrestored", "pl", "Call 111.", "Zadzwoń pod 111.", False, {}),
    ("mt-problem-draft", "mt-problem", "ar", "Call 111.", "اتصل.", True, {"fuzzy": True, "tcomment": MT + "\n" + PROBLEM}),
    ("mt-problem-cleared", "mt-problem", "ar", "Call 111.", "اتصل ١١١.", False, {"fuzzy": False, "tcomment": MT}),
    ("approval-current", "approval-stale", "cy", "Rest.", "Gorffwyswch.", False, {"tcomment": approved("Rest.", "Gorffwyswch.")}),
    # issue 13: a reviewer who edits an approved msgstr and saves it not fuzzy has approved it (one step)
    ("approval-msgstr-edited-by-reviewer", "approval-stale", "cy", "Rest.", "Gorffwyswch nawr.", False, {"tcomment": approved("Rest.", "Gorffwyswch.")}),
    ("approval-stale-msgid", "approval-stale", "cy", "Rest now.", "Gorffwyswch.", True, {"tcomment": approved("Rest.", "Gorffwyswch.")}),
    ("approval-reviewed-after-source-change", "approval-stale", "cy", "Rest now.", "Gorffwyswch nawr.", False,
     {"tcomment": approved("Rest.", "Gorffwyswch."), "previous": "Rest."}),
    # issue 13: false errors on professional translations (tests/data/professional)
    ("url-cjk-comma-ends-url", "url-mismatch", "zh_Hans", "Visit www.vaers.hhs.gov or call 1-800-822-7967.",
     "请访问 www.vaers.hhs.gov，或拨打电话 1-800-822-7967。", False, {}),
    ("url-cjk-text-ends-url", "url-mismatch", "zh_Hans", "See https://www.gov.uk/guidance.", "请访问：https://www.gov.uk/guidance。了解更多", False, {}),
    ("url-truncated-same-site", "url-mismatch", "es", "See https://www.nhs.uk/conditions/flu/", "Vea https://www.nhs.uk/conditions", True, {}),
    ("url-localized-language-page", "url-localized", "es", "See https://www.who.int/news-room/q-a", "Vea https://www.who.int/es/news-room/q-a", True, {}),
    ("url-localized-same", "url-localized", "es", "See https://www.who.int/q-a", "Vea https://www.who.int/q-a", False, {}),
    ("email-cjk-before-address", "email-mismatch", "zh_Hans", "or email clinic@example.org", "或发送电子邮件至clinic@example.org。", False, {}),
    ("number-month-name", "number-mismatch", "zh_Hans", "by Sunday 29 March 2020", "2020年3月29日（星期日）前", False, {}),
    ("number-month-not-a-cover", "number-mismatch", "es", "Take 2 tablets in March", "Tome 4 comprimidos en marzo", True, {}),
    ("number-arabic-words", "number-mismatch", "ar", "Stay at home for 7 days.", "ابق في المنزل لمدة سبعة ايام.", False, {}),
    ("number-arabic-dual", "number-mismatch", "ar", "Stay 2 metres away.", "ابتعد مسافة مترين.", False, {}),
    ("number-arabic-dropped", "number-mismatch", "ar", "Take 2 tablets.", "تناول الأقراص.", True, {}),
    # block structure
    ("block-paragraph", "block-markup", "es", "A paragraph.", "Un párrafo.", False, {}),
    ("block-list-marker", "block-markup", "es", "A paragraph.", "- Un párrafo.", True, {}),
    ("block-heading-marker", "block-markup", "pl", "A paragraph.", "# Akapit.", True, {}),
    ("block-table-pipe", "block-markup", "cy", "Dose", "Dos | dogn", True, {"kind": "table-cell"}),
]


@pytest.mark.parametrize("name,code,lang,source,target,fails,extra", CASES, ids=[c[0] for c in CASES])
def test_check_pair(name, code, lang, source, target, fails, extra):
    language = parse_language(lang)
    pair = Pair(source, target, language, **extra)
    found = [(c, msg) for c, _sev, msg in run_pair(pair, context_for(language, GLOSSARY))]
    codes = [c for c, _ in found]
    if fails:
        assert code in codes, f"{code} should report {target!r}; got {found}"
    else:
        assert code not in codes, f"{code} should accept {target!r}; got {found}"


def test_every_pair_check_has_a_failing_and_a_passing_case():
    pair_codes = {c.code for c in CHECKS.values() if c.scope == "pair"}
    failing = {c[1] for c in CASES if c[5]}
    passing = {c[1] for c in CASES if not c[5]}
    assert pair_codes <= failing, pair_codes - failing
    assert pair_codes <= passing, pair_codes - passing


def test_every_check_documented_with_severity():
    for spec in CHECKS.values():
        assert spec.severity in ("error", "warning")
        assert spec.doc and len(spec.doc.splitlines()[0]) > 10, spec.code


@pytest.mark.parametrize(
    "token,reading",
    [("2.5", "2.5"), ("2,5", "2.5"), ("1,000", "1000"), ("1.000", "1000"), ("1 000", "1000"), ("007", "7"), ("2.50", "2.5")],
    ids=["dot", "comma", "thousands-comma", "thousands-dot", "thousands-space", "leading-zero", "trailing-zero"],
)
def test_number_readings(token, reading):
    assert reading in number_readings(token)


def test_numbers_ignore_urls_emails_and_phones():
    text = "Call 0800 123 4567, see https://x.org/page2 or a1@b2.org; take 5 mg."
    assert numbers(text) == ("5",)
    assert phones(text) == ("08001234567",)


@pytest.mark.parametrize(
    "text,mark",
    [("Yes.", "."), ("Really?”", "?"), ("**Bold!**", "!"), ("你好。", "。"), ("ہاں۔", "۔"), ("کیا؟", "؟"), ("Wait...", "…"), ("No mark", "")],
    ids=["stop", "quote", "markup", "zh", "ur", "ar-question", "ellipsis", "none"],
)
def test_final_mark(text, mark):
    assert final_mark(text) == mark


# -- checks over a whole catalog: section parity, approval-missing, outdated entries, configuration --------

import polib  # noqa: E402

from pipeline.checks import ChecksConfig, LanguageRules, check_catalog  # noqa: E402
from pipeline.source import parse_text  # noqa: E402

DOC_TEXT = "# Leaflet\n\n## Questions\n\n- how often?\n- who do I call?\n\nAsk us.\n"


def catalog(pairs: dict[str, str], approved_all: bool = False, extra: list[polib.POEntry] = ()) -> polib.POFile:
    po = polib.POFile(check_for_duplicates=False)
    for msgid, msgstr in pairs.items():
        tc = provenance.format_line(provenance.APPROVED, sha=provenance.pair_hash(msgid, msgstr)) if approved_all else ""
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, tcomment=tc))
    for e in extra:
        po.append(e)
    return po


GOOD_CY = {"Leaflet": "Taflen", "Questions": "Cwestiynau", "how often?": "pa mor aml?", "who do I call?": "pwy ddylwn i ei ffonio?", "Ask us.": "Gofynnwch i ni."}


@pytest.mark.parametrize(
    "name,change,fails",
    [("kept", {}, False),
     ("question-made-statement", {"who do I call?": "ffoniwch ni"}, True),
     ("statement-made-question", {"Ask us.": "Gofynnwch i ni?"}, True),
     ("paragraph-became-list-item", {"Ask us.": "- Gofynnwch i ni."}, True)],
    ids=["kept", "question-made-statement", "statement-made-question", "paragraph-became-list-item"],
)
def test_section_parity(name, change, fails):
    doc = parse_text(DOC_TEXT, "source/q.md")
    po = catalog({**GOOD_CY, **change}, approved_all=True)
    diags = [d for d in check_catalog(doc, po, parse_language("cy")) if d.code == "section-parity"]
    assert bool(diags) is fails, diags
    if fails:
        assert diags[0].line == 3 and diags[0].path == "source/q.md" and diags[0].lang == "cy"


def test_approval_missing_counts_per_catalog():
    doc = parse_text(DOC_TEXT, "source/q.md")
    diags = check_catalog(doc, catalog(GOOD_CY), parse_language("cy"), catalog_path="locales/cy/LC_MESSAGES/q.po")
    (d,) = [d for d in diags if d.code == "approval-missing"]
    assert str(d) == "locales/cy/LC_MESSAGES/q.po:1 [cy] warning approval-missing: 5 reviewed entries have no recorded approval (run `polyleaf approve`)"
    assert not [d for d in check_catalog(doc, catalog(GOOD_CY, approved_all=True), parse_language("cy")) if d.code == "approval-missing"]


def test_findings_are_located_at_the_source_line_and_outdated_entries_flagged():
    doc = parse_text(DOC_TEXT, "source/q.md")
    old = polib.POEntry(msgid="Removed text.", msgstr="Testun.", linenum=40)
    po = catalog({**GOOD_CY, "who do I call?": "pwy ddylwn i ei ffonio"}, approved_all=True, extra=[old])
    diags = check_catalog(doc, po, parse_language("cy"), catalog_path="locales/cy/LC_MESSAGES/q.po")
    got = {(d.path, d.line, d.code) for d in diags}
    assert ("source/q.md", 6, "question-lost") in got
    assert ("locales/cy/LC_MESSAGES/q.po", 40, "catalog-outdated") in got


def test_configuration_changes_severity_and_disables_per_language():
    doc = parse_text(DOC_TEXT, "source/q.md")
    po = catalog({**GOOD_CY, "Ask us.": "Ask us."}, approved_all=True)
    cy = parse_language("cy")
    assert [d.severity for d in check_catalog(doc, po, cy) if d.code == "identical"] == ["warning"]
    raised = ChecksConfig(severity=(("identical", "error"),))
    assert [d.severity for d in check_catalog(doc, po, cy, config=raised) if d.code == "identical"] == ["error"]
    off_for_cy = ChecksConfig(severity=(("identical", "error"),), languages=(("cy", LanguageRules(severity=(("identical", "off"),))),))
    assert not [d for d in check_catalog(doc, po, cy, config=off_for_cy) if d.code == "identical"]
    assert [d.severity for d in check_catalog(doc, po, parse_language("es"), config=off_for_cy) if d.code == "identical"] == ["error"]
    allowed = ChecksConfig(allow_identical=("Ask us.",))
    assert not [d for d in check_catalog(doc, po, cy, config=allowed) if d.code == "identical"]


def test_no_check_crashes_on_arbitrary_text():
    """Catalog text is untrusted: random markup, scripts, controls and digits never raise."""
    import random

    rng = random.Random(7)
    alphabet = list("ab 1.,:;?!*_`[]()<>#-|\\\n\t\"'") + ["٣", "۴", "٫", "？", "。", "؟", "۔", "⟦0⟧", "\u200f", "\x1b", "https://x.y/", "a@b.cd", "+44 20 7946 0000", "CAR T", "care team"]
    for _ in range(250):
        src = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        tgt = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for lang in ("es", "ar", "ur", "zh_Hans", "cy", "pl"):
            language = parse_language(lang)
            run_pair(Pair(src, tgt, language, fuzzy=rng.random() < 0.3, tcomment=rng.choice(["", MT, PROBLEM, approved(src, tgt)])),
                     context_for(language, GLOSSARY))
