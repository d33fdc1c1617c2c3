"""Build caches are believed only when this user's key signed them."""

from __future__ import annotations

import json
import pickle
import stat
import subprocess
import sys
from pathlib import Path

from pipeline import cachefile

REPO = Path(__file__).resolve().parent.parent


def test_round_trip_and_anything_else_reads_as_absent(tmp_path):
    path = tmp_path / "checks" / "a.json"
    path.parent.mkdir()
    assert cachefile.write_json(path, {"ok": True})
    assert cachefile.read_json(path) == {"ok": True}
    signed = path.read_bytes()
    path.write_bytes(signed[:-1] + bytes([signed[-1] ^ 1]))  # one bit of the tag
    assert cachefile.read(path) is None
    path.write_bytes(b'{"ok": false}' + signed[-cachefile.TAG:])  # content changed, old tag
    assert cachefile.read(path) is None
    path.write_bytes(json.dumps({"ok": True}).encode())  # unsigned (e.g. committed by hand)
    assert cachefile.read(path) is None
    other = tmp_path / "checks" / "b.json"
    other.write_bytes(signed)  # a valid file copied under another name
    assert cachefile.read(other) is None
    assert cachefile.read(tmp_path / "missing") is None


def test_key_is_private_to_the_user():
    mode = stat.S_IMODE(cachefile.key_file().stat().st_mode)
    assert mode & 0o077 == 0, oct(mode)


class Boom:
    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (Path(self.marker), "pwned"))


def test_a_committed_cache_is_never_unpickled_or_believed(project, tmp_path):
    """A pull request that force-adds .polyleaf-cache/ cannot run code in CI nor fake a verdict."""
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin", "XDG_CACHE_HOME": str(tmp_path / "ci-cache")}
    run = lambda *args: subprocess.run([sys.executable, "-m", "pipeline", "-C", str(project), *args],  # noqa: E731
                                       cwd=REPO, env=env, capture_output=True, text=True)
    first = run("build", "--format", "html")
    assert first.returncode == 0, first.stderr
    manifest = json.loads((project / "dist/site/manifest.json").read_text(encoding="utf-8"))
    decisions = {d["language"]: d["decision"] for d in manifest["decisions"]}
    marker = tmp_path / "pwned"
    cache = project / ".polyleaf-cache"
    evil = pickle.dumps(Boom(str(marker)))
    for memo in (cache / "score").glob("*.pickle"):
        memo.write_bytes(evil)
    (cache / "documents.pickle").write_bytes(evil)
    score = json.loads(cachefile.read(cache / "score.json") or b"{}") or {}
    forged = {k: {"ok": True, "reason": "forged"} for k in score.get("verdicts", {})}  # every pair "meets its target"
    (cache / "score.json").write_text(json.dumps(dict(score, verdicts=forged)), encoding="utf-8")
    (project / "reports" / "readability.html").write_text("stale", encoding="utf-8")  # force the score stage to run
    again = run("build", "--format", "html")  # as CI would, on a machine with another key
    assert again.returncode == 0, again.stderr
    assert not marker.exists()
    manifest = json.loads((project / "dist/site/manifest.json").read_text(encoding="utf-8"))
    assert {d["language"]: d["decision"] for d in manifest["decisions"]} == decisions
    assert "forged" not in (project / "dist/site/manifest.json").read_text(encoding="utf-8")


def test_a_shared_key_from_the_environment_lets_another_machine_read_the_cache(tmp_path, monkeypatch):
    from pipeline import cachefile

    secret = "s" * 40
    monkeypatch.setenv("POLYLEAF_CACHE_KEY", secret)
    path = tmp_path / ".polyleaf-cache" / "x.json"
    path.parent.mkdir()
    cachefile.write_json(path, {"a": 1})
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "other-home"))  # another user's key folder
    # (the key is memoised per XDG_CACHE_HOME, so another user's folder gives that folder's key)
    assert cachefile.read_json(path) == {"a": 1}
    monkeypatch.setenv("POLYLEAF_CACHE_KEY", "t" * 40)  # a different secret: not believed
    assert cachefile.read_json(path) is None
    monkeypatch.delenv("POLYLEAF_CACHE_KEY")
    assert cachefile.read_json(path) is None  # this machine's own key: not believed either
