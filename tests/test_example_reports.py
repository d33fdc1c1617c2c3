"""The committed readability report is the one the shipped example produces today."""

from pipeline.cli import main


def test_committed_reports_are_current(runner, project, repo_root):
    r = runner.invoke(main, ["-C", str(project), "score", "-q"])
    assert r.exit_code in (0, 1), r.output
    for name in ("readability.html", "readability.json", "readability.csv"):
        fresh = (project / "reports" / name).read_bytes()
        committed = (repo_root / "reports" / name).read_bytes()
        assert fresh == committed, f"reports/{name} is out of date: run `polyleaf score` and commit it"
