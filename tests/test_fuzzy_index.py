"""The indexed fuzzy matcher picks exactly what an exhaustive scan picks."""

import random

import pytest
from rapidfuzz import fuzz

from pipeline.catalogs import FUZZY_THRESHOLD, FuzzyIndex, ScanMatcher

WORDS = "the immune system finds and destroys cells cancer care team side effects fatigue steroids blood test".split()


def exhaustive(query, choices):
    best, best_i = FUZZY_THRESHOLD, None
    for i, c in enumerate(choices):
        s = fuzz.ratio(query, c)
        if s > best or (s == best and best_i is None):
            best, best_i = s, i
    return best_i


@pytest.mark.parametrize("seed", range(5))
def test_same_choice_as_exhaustive_scan(seed):
    rng = random.Random(seed)
    choices = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 25))) for _ in range(300)]
    choices += choices[:20]  # exact duplicates: ties must go to the earliest
    index = FuzzyIndex(choices)
    for _ in range(200):
        base = rng.choice(choices)
        q = list(base)
        for _ in range(rng.randint(0, 6)):
            i = rng.randrange(len(q))
            q[i : i + 1] = [] if rng.random() < 0.5 else [rng.choice("abcde "), q[i]]
        query = "".join(q) or "x"
        seeds = [rng.randrange(len(choices)) for _ in range(rng.randint(0, 2))]
        assert index.best(query, seeds) == exhaustive(query, choices), query


SCRIPTS = ["abcde fghij", "免疫治疗细胞团队", "العلاج المناعي فريق", "ÄÖÜäöüß éèê", "0123456789 %s{}"]


@pytest.mark.parametrize("seed", range(3))
def test_same_choice_in_other_scripts_and_long_texts(seed):
    rng = random.Random(100 + seed)
    alphabet = "".join(SCRIPTS)
    choices = ["".join(rng.choice(alphabet) for _ in range(rng.choice([5, 40, 120, 900]))) for _ in range(200)]
    choices += ["a" * 40000, "a" * 39990 + "b" * 10]  # counts beyond int16: clipped, the bound stays a bound
    index = FuzzyIndex(choices)
    for _ in range(150):
        base = rng.choice(choices)
        q = list(base)
        for _ in range(rng.randint(0, 8)):
            if not q:
                break
            i = rng.randrange(len(q))
            q[i : i + 1] = [] if rng.random() < 0.5 else [rng.choice(alphabet), q[i]]
        query = "".join(q) or "x"
        seeds = [rng.randrange(len(choices)) for _ in range(rng.randint(0, 2))]
        assert index.best(query, seeds) == exhaustive(query, choices), query[:40]


def test_character_count_bound_never_exceeds_the_distance():
    from rapidfuzz.distance import Indel

    rng = random.Random(5)
    alphabet = "".join(SCRIPTS)
    for _ in range(2000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        bound = int(abs(FuzzyIndex._histogram(a).astype(int) - FuzzyIndex._histogram(b).astype(int)).sum())
        assert bound <= Indel.distance(a, b)


def test_projection_bound_never_exceeds_the_distance():
    """The slice search's bound: characters in odd buckets and in even buckets, each apart."""
    from rapidfuzz.distance import Indel

    rng = random.Random(6)
    alphabet = "".join(SCRIPTS)
    for _ in range(2000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        x = int(FuzzyIndex._histogram(a)[FuzzyIndex._ODD].sum())
        q = int(FuzzyIndex._histogram(b)[FuzzyIndex._ODD].sum())
        assert abs(x - q) + abs((len(a) - x) - (len(b) - q)) <= Indel.distance(a, b)


def _perturbed(rng: random.Random, text: str, alphabet: str, most: int) -> str:
    """``text`` with up to ``most`` random deletions or insertions (from ``alphabet``)."""
    q = list(text)
    for _ in range(rng.randint(0, most)):
        if not q:
            break
        i = rng.randrange(len(q))
        q[i : i + 1] = [] if rng.random() < 0.5 else [rng.choice(alphabet), q[i]]
    return "".join(q)


def test_same_choice_when_many_candidates_share_length_and_projection():
    rng = random.Random(9)
    choices = ["".join(rng.choice("ab") for _ in range(30)) for _ in range(400)]  # few (length, projection) keys
    index = FuzzyIndex(choices)
    for _ in range(200):
        query = _perturbed(rng, rng.choice(choices), "abc", 5) or "a"
        seeds = [rng.randrange(len(choices)) for _ in range(rng.randint(0, 2))]
        assert index.best(query, seeds) == exhaustive(query, choices), query


@pytest.mark.parametrize("seed", range(5))
def test_scan_matcher_for_small_catalogs_picks_the_same(seed):
    """merge scans a small catalog (ScanMatcher) instead of indexing it: same choice, ties included."""
    rng = random.Random(200 + seed)
    choices = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 12))) for _ in range(40)]
    choices += choices[:5]
    scan, index = ScanMatcher(choices), FuzzyIndex(choices)
    for _ in range(200):
        query = _perturbed(rng, rng.choice(choices), "abcde ", 6) or "x"
        assert scan.best(query) == index.best(query) == exhaustive(query, choices), query
    assert scan.best("") is None and scan.best("zzzz qqqq xxxx") is None
