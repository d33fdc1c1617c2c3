"""Calibrated reading ages (issue 16): the mechanism, with a calibration line per language.

None is shipped (``pipeline/readability/calibration.json`` absent: docs/notes/readability.md §6f says
why); these tests install one and check that the engine's ages, the default targets and parity all
go through it, and that without it nothing moves.
"""

from __future__ import annotations

import pytest

from pipeline.readability import formulas as F
from pipeline.readability import score_units
from pipeline.readability.document import _parity
from pipeline.readability.settings import ReadabilitySettings

TEXT = ["Le médecin vous aide. Il parle avec vous. " * 30]
EN = ["The doctor helps you. He talks with you. " * 30]


def test_no_calibration_is_shipped():
    assert F.CALIBRATION == {}


@pytest.fixture
def calibrated(monkeypatch):
    monkeypatch.setitem(F.CALIBRATION, "fr", (1.0, 1.0))
    yield


def test_engine_ages_are_calibrated(calibrated):
    raw = F.SCALES["flesch"].to_age(score_units(TEXT, "fr").primary_metric.value)
    s = score_units(TEXT, "fr")
    assert s.primary_metric.reading_age == pytest.approx(raw + 1.0)
    assert s.reading_age == pytest.approx(raw + 1.0)
    assert score_units(EN, "en").reading_age == pytest.approx(F.SCALES["us_grade"].to_age(score_units(EN, "en").primary_metric.value))


def test_default_target_goes_through_the_calibration(calibrated):
    t = ReadabilitySettings().target("fr", "fr")
    assert t.value == pytest.approx(90.0)  # calibrated age 11 = table age 10 = Flesch 90 (uncalibrated: 80)
    assert t.reading_age == pytest.approx(11.0, abs=0.05)


def test_parity_uses_calibrated_ages(calibrated):
    src, tr = score_units(EN, "en"), score_units(TEXT, "fr")
    p = _parity(src, tr, ReadabilitySettings())
    assert p.delta_age == pytest.approx(tr.primary_metric.reading_age - src.primary_metric.reading_age)
    F.CALIBRATION.pop("fr")
    assert _parity(src, score_units(TEXT, "fr"), ReadabilitySettings()).delta_age == pytest.approx(p.delta_age - 1.0)
