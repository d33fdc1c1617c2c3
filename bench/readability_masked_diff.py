"""One-off check used for docs/notes/readability.md §6c: old vs new records with reading age and band masked (python bench/readability_masked_diff.py; base = HEAD)."""
import json, subprocess, sys, tarfile, tempfile
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
with tempfile.TemporaryDirectory() as tmp:
    base = Path(tmp) / "base"; base.mkdir()
    (Path(tmp) / "b.tar").write_bytes(subprocess.run(["git", "-C", str(ROOT), "archive", "HEAD", "pipeline"], check=True, capture_output=True).stdout)
    tarfile.open(Path(tmp) / "b.tar").extractall(base, filter="data")
    outs = {}
    for side, root in (("base", base), ("new", ROOT)):
        out = Path(tmp) / f"{side}.jsonl"
        subprocess.run([sys.executable, str(ROOT / "bench/readability_equality.py"), "--dump", str(root), str(out), "--langs", "en,es,fr,de,it,nl,pt,ru,pl,ar,cy,ur,zh,uk,ca,hu"], check=True)
        outs[side] = out.read_text(encoding="utf-8").splitlines()
def mask(rec):
    j = json.loads(rec)
    def m(score):  # _score_record: [..., repr(reading_age), band]
        return score[:-2]
    if j[2] == "whole": return json.dumps([j[0], j[1], m(j[4])])
    if j[2] == "words": return rec
    return json.dumps([j[0], j[1], j[2], j[4][0], m(j[4][1])])
a, b = outs["base"], outs["new"]
print(len(a), len(b))
raw = sum(x != y for x, y in zip(a, b))
masked = sum(mask(x) != mask(y) for x, y in zip(a, b))
units = sum(1 for x in a if json.loads(x)[2] not in ("whole", "words"))
print("records differing:", raw, "after masking reading age and band:", masked, "units:", units)
# how many unit-level reading ages became None
none_now = sum(1 for x, y in zip(a, b) if json.loads(x)[2] not in ("whole","words") and json.loads(y)[4][1][-2] == "None" and json.loads(x)[4][1][-2] != "None")
print("unit reading ages now None:", none_now)
wh = [(json.loads(x)[0], json.loads(x)[1], json.loads(x)[4][-2], json.loads(y)[4][-2]) for x, y in zip(a, b) if json.loads(x)[2] == "whole" and x != y]
print("whole-text reading ages moved:", len(wh))
for w in wh[:200]: print(" ", w)
