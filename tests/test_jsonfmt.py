"""jsonfmt.dumps is json.dumps(indent=2, ensure_ascii=False) byte for byte."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pipeline import jsonfmt

ROOT = Path(__file__).resolve().parent.parent


def _random(rng: random.Random, depth: int = 0):
    kinds = ["str", "int", "float", "bool", "none"] + (["dict", "list", "tuple"] if depth < 4 else [])
    kind = rng.choice(kinds)
    if kind == "str":
        return "".join(rng.choice('ab "\\\n\t\u00e9\u0627\u4e2d\U0001f600\x00/') for _ in range(rng.randint(0, 6)))
    if kind == "int":
        return rng.choice([0, -1, 7, 2**70, -(2**65)])
    if kind == "float":
        return rng.choice([0.0, -0.0, 1.5, 1e-7, 1e22, 123456789.123, float("nan"), float("inf"), -float("inf")])
    if kind == "bool":
        return rng.random() < 0.5
    if kind == "none":
        return None
    if kind == "dict":
        return {f"k{rng.randint(0, 9)}{rng.choice(['', 'é', ' '])}": _random(rng, depth + 1) for _ in range(rng.randint(0, 4))}
    items = [_random(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    return items if kind == "list" else tuple(items)


@pytest.mark.parametrize("seed", range(300))
@pytest.mark.parametrize("sort_keys", [False, True])
def test_random_data_matches_json_dumps(seed, sort_keys):
    obj = _random(random.Random(seed))
    assert jsonfmt.dumps(obj, sort_keys=sort_keys) == json.dumps(obj, indent=2, ensure_ascii=False, sort_keys=sort_keys)


def test_the_committed_report_matches():
    data = json.loads((ROOT / "reports" / "readability.json").read_text(encoding="utf-8"))
    assert jsonfmt.dumps(data, sort_keys=True, allow_nan=False) == json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True, allow_nan=False)


def test_nan_refused_like_json_dumps():
    with pytest.raises(ValueError):
        jsonfmt.dumps({"a": [float("nan")]}, allow_nan=False)
    with pytest.raises(TypeError):
        jsonfmt.dumps({"a": object()})


@pytest.mark.parametrize("seed", range(100))
def test_nested_pieces_splice_into_the_whole(seed):
    """dumps_nested(row, 2) is each row's text inside {"decisions": [...]}: the manifest is spliced from them."""
    rng = random.Random(seed)
    rows = [_random(rng, 2) for _ in range(rng.randint(1, 5))]
    whole = json.dumps({"project": "p", "decisions": rows}, indent=2, ensure_ascii=False)
    head = jsonfmt.dumps({"project": "p", "decisions": []})
    assert head[:-len("[]\n}")] + "[\n    " + ",\n    ".join(jsonfmt.dumps_nested(r, 2) for r in rows) + "\n  ]\n}" == whole
