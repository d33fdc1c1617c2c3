"""The indexed fuzzy matcher picks exactly what an exhaustive scan picks."""

import random

import pytest
from rapidfuzz import fuzz

from pipeline.catalogs import FUZZY_THRESHOLD, FuzzyIndex

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
