"""Calibrated reading ages (issue 16): the shipped lines, and that the engine's ages, the default
targets, parity and the gate's verdict all go through them.

``pipeline/readability/calibration.json`` is fitted by ``bench/readability_calibrate.py`` on
professionally translated parallel health texts (docs/notes/readability.md §6f): per language a line
from its primary metric's raw score to the English (SMOG-anchored) reading age.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.readability import formulas as F
from pipeline.readability import score_units
from pipeline.readability.document import DocumentScore, _parity
from pipeline.readability.settings import ReadabilitySettings
from pipeline.readability.verdict import readability_verdict

FR = ["Le médecin vous aide. Il parle avec vous de votre traitement et de vos questions. " * 30]
EN = ["The doctor helps you. He talks with you about your treatment and your questions. " * 30]
SHIPPED = {"ar", "de", "es", "fr", "it", "pt", "ru"}  # nl, pl, zh: not shipped (§6f says why)


def test_shipped_lines_are_the_files_and_calibrate_each_primary_metric():
    data = json.loads((Path(F.__file__).with_name("calibration.json")).read_text(encoding="utf-8"))
    assert set(data) == SHIPPED == set(F.CALIBRATION)
    for lang, cal in F.CALIBRATION.items():
        assert cal.metric == F.profile_for(lang).primary, lang
        higher = F.SCALES[F.METRICS[cal.metric].scale].higher_is_easier
        assert (cal.b < 0) == higher, f"{lang}: an easier score must give a lower age"
        # the default target stays reachable: the published table's easiest value calibrates to <= 11
        easiest = F.SCALES[F.METRICS[cal.metric].scale].from_age(0.0)
        assert cal.age(easiest) <= 11.0, lang
        # held out, the calibration lowered the median gap (before, after) on every corpus level
        for row in data[lang]["held_out"]:
            assert row["after"][0] < row["before"][0] or row["level"] != "all", (lang, row)


def test_calibrated_age_is_kept_in_smog_range():
    cal = F.Calibration("kandel_moles", 30.0, -0.2)
    assert cal.age(500.0) == 8.0 and cal.age(-500.0) == 25.0
    assert cal.age(cal.value(12.5)) == pytest.approx(12.5)
    assert cal.value(3.0) == cal.value(8.0)  # below the range: the range's edge


def test_engine_ages_are_calibrated_on_the_primary_metric_only():
    s = score_units(FR, "fr")
    cal = F.CALIBRATION["fr"]
    assert s.primary_metric.reading_age == pytest.approx(cal.age(s.primary_metric.value))
    assert s.primary_metric.reading_age != pytest.approx(F.SCALES["flesch"].to_age(s.primary_metric.value))
    assert s.reading_age == pytest.approx(cal.age(s.primary_metric.value))
    lix = next(m for m in s.metrics if m.key == "lix")
    assert lix.reading_age == pytest.approx(F.SCALES["lix"].to_age(lix.value))  # other metrics: their tables
    en = score_units(EN, "en")
    assert en.primary_metric.reading_age == pytest.approx(F.SCALES["us_grade"].to_age(en.primary_metric.value))


def test_default_target_goes_through_the_calibration(monkeypatch):
    t = ReadabilitySettings().target("fr", "fr")
    assert t.value == pytest.approx(round(F.CALIBRATION["fr"].value(11.0), 1))
    assert t.reading_age == pytest.approx(11.0, abs=0.05)
    monkeypatch.delitem(F.CALIBRATION, "fr")
    assert ReadabilitySettings().target("fr", "fr").value == pytest.approx(80.0)  # the Flesch table's age 11


def test_spanish_published_default_target_is_shown_on_the_common_scale():
    t = ReadabilitySettings().target("es", "es")
    assert t.value == 55.0  # INFLESZ's own recommendation stays the default
    assert t.reading_age == pytest.approx(F.CALIBRATION["es"].age(55.0))


def test_parity_uses_calibrated_ages(monkeypatch):
    src, tr = score_units(EN, "en"), score_units(FR, "fr")
    p = _parity(src, tr, ReadabilitySettings())
    assert p.delta_age == pytest.approx(tr.primary_metric.reading_age - src.primary_metric.reading_age)
    monkeypatch.delitem(F.CALIBRATION, "fr")
    raw = score_units(FR, "fr")
    assert _parity(src, raw, ReadabilitySettings()).delta_age == pytest.approx(
        F.SCALES["flesch"].to_age(raw.primary_metric.value) - src.primary_metric.reading_age)


def _doc(score, lang, parity):
    rs = ReadabilitySettings()
    return DocumentScore("leaflet", "source/leaflet.md", lang, lang, lang, False, score, (), rs.target(lang, lang),
                         score.counts.words, score.counts.words, 0, True, parity)


@pytest.mark.parametrize("delta, ok", [(1.5, True), (2.5, False)], ids=["within-parity", "harder-than-source"])
def test_gate_does_not_hold_back_a_translation_within_parity_of_its_source(delta, ok):
    rs = ReadabilitySettings()
    hard = score_units(["Les professionnels de santé administrent l'immunothérapie intraveineuse conformément aux recommandations thérapeutiques internationales actuellement disponibles, "
                        "notamment lorsque les traitements conventionnels demeurent insuffisamment efficaces. "] * 12, "fr")
    doc = _doc(hard, "fr", _parity_value(delta, rs))
    assert doc.meets_target is False
    v = readability_verdict(doc, rs)
    assert v.ok is ok
    assert ("within the parity limit of its source" in v.reason) is ok


def _parity_value(delta, rs):
    from pipeline.readability.document import Parity

    flagged = delta > rs.parity_years
    return Parity(delta, 0, 1.0, flagged, f"reading age {delta:+.1f} years against the source" if flagged else "")


# ---------------------------------------------------------------- the bench that fits the file
def _bench():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("readability_calibrate", Path(__file__).resolve().parent.parent / "bench" / "readability_calibrate.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # its dataclasses look their module up
    spec.loader.exec_module(mod)
    return mod


def test_alignment_merges_a_split_sentence_and_drops_an_added_line():
    B = _bench()
    en = ["Wash your hands often with soap and water for 20 seconds.", "Stay at home if you feel ill.",
          "Call 111 if you cannot cope with your symptoms at home.", "Keep 2 metres away from other people."]
    fr = ["Lavez-vous souvent les mains.", "Utilisez du savon et de l'eau pendant 20 secondes.",
          "Restez chez vous si vous êtes malade.", "Appelez le 111 si vous ne pouvez pas gérer vos symptômes chez vous.",
          "Cette note a été traduite par des bénévoles et relue par un professionnel le 3 avril.",
          "Restez à 2 mètres des autres personnes."]
    beads = B.align(en, fr)
    assert (en[:1], fr[:2]) in beads  # one English sentence, two French ones
    assert ([], [fr[4]]) in beads or any(len(t) == 2 and fr[4] in t for _, t in beads)
    assert [s for s, _ in beads if s] == [[u] for u in en]


def test_chunks_hold_at_least_the_minimum_sample_on_the_english_side():
    B = _bench()
    beads = [([f"Sentence number {i} has exactly seven words."], [f"La phrase {i} a sept mots exactement."]) for i in range(40)]
    cs = B.chunks(beads, 100)
    assert len(cs) == 2 and all(sum(len(u.split()) for u in e) >= 100 for e, _ in cs)
    assert sum(len(e) for e, _ in cs) == 40  # the short tail joins the last text


def test_reduced_major_axis_is_not_shrunk_by_noise_in_the_score():
    """Both sides measure the same texts with noise: least squares of the age on the score shrinks
    the slope (regression dilution), the reduced major axis does not."""
    B = _bench()
    true = [float(t) for t in range(0, 100, 5)] * 4
    n = [10.0 if i % 2 else -10.0 for i in range(len(true))]  # noise in the score
    m = [10.0 if (i // 2) % 2 else -10.0 for i in range(len(true))]  # noise in the age, independent of it
    xs = [t + e for t, e in zip(true, n)]
    ys = [30.0 - 0.2 * (t + e) for t, e in zip(true, m)]
    a, b = B.fit_rma(xs, ys)
    a0, b0 = B.fit(xs, ys)
    assert b == pytest.approx(-0.2, abs=0.01)
    assert abs(b0) < 0.19  # diluted
