"""`polyleaf audit` and the manifest's audit block: the review record, deterministic."""

from __future__ import annotations

import csv
import io
import json

from click.testing import CliRunner

from pipeline.catalogs import read_catalog, write_catalog
from pipeline.cli import main


def run(project, *args, env=None):
    result = CliRunner().invoke(main, ["-C", str(project), *args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


def test_audit_of_the_example_is_deterministic_and_names_the_engine(project):
    text = run(project, "audit")
    assert text == run(project, "audit")
    assert "immunotherapy [ca]: 60 entries, 0 reviewed" in text and "engines: apertium 3.8.3 eng-cat" in text
    assert "immunotherapy [es]: 60 entries, 60 reviewed" in text and "60 review(s) without a recorded reviewer" in text
    rows = list(csv.DictReader(io.StringIO(run(project, "audit", "--csv", "-l", "ca"))))
    assert len(rows) == 60 and {r["origin"] for r in rows} == {"mt"} and {r["status"] for r in rows} == {"awaiting-review"}
    assert all(r["engine"].startswith("apertium ") for r in rows)
    data = json.loads(run(project, "audit", "--json", "-l", "ur"))
    summary = data["summary"]["immunotherapy/ur"]
    assert summary["share_of_words"]["untranslated"] > 0.3 and summary["share_of_words"]["human"] < 0.7
    assert {r["status"] for r in data["records"]} == {"reviewed", "untranslated"}


def test_review_record_after_a_named_review_and_in_the_manifest(project):
    path = project / "locales/ca/LC_MESSAGES/immunotherapy.po"
    po = read_catalog(path)
    entries = [e for e in po if e.msgid][:3]
    entries[0].flags.remove("fuzzy")  # approved as the machine made it
    entries[1].msgstr = "Informeu-vos sobre la immunoteràpia."  # post-edited, then approved
    entries[1].flags.remove("fuzzy")
    po.metadata["Last-Translator"] = "Jordi Vila <jordi@example.org>"
    write_catalog(path, po)
    env = {"SOURCE_DATE_EPOCH": "1765065600"}  # 2025-12-07
    out = run(project, "approve", "-l", "ca", "--reviewer", "Marta Puig <marta@example.org>", env=env)
    assert "recorded 2 approval(s)" in out
    rows = {r["source"]: r for r in csv.DictReader(io.StringIO(run(project, "audit", "--csv", "-l", "ca")))}
    first, second = rows[entries[0].msgid], rows[entries[1].msgid]
    assert first["origin"] == "mt" and first["translated_by"] == "" and first["reviewed_by"] == "Marta Puig <marta@example.org>"
    assert first["reviewed_on"] == "2025-12-07"
    assert second["origin"] == "mt+human" and second["translated_by"] == "Jordi Vila <jordi@example.org>"
    # four eyes: Jordi reviewing his own post-edit would be held, with the reason, in the gate and the audit
    (project / "polyleaf.toml").write_text((project / "polyleaf.toml").read_text() + '\n[review]\nrequire_second_reviewer = true\n')
    text = run(project, "audit", "-l", "ca")
    assert "held:" not in text  # Marta reviewed Jordi's work
    run(project, "publish", "--no-render")
    manifest = json.loads((project / "dist/site/manifest.json").read_text(encoding="utf-8"))
    audit = next(d for d in manifest["decisions"] if d["language"] == "ca")["audit"]
    assert audit["reviewers"] == ["Marta Puig <marta@example.org>"] and audit["translators"] == ["Jordi Vila <jordi@example.org>"]
    assert audit["review_dates"] == {"first": "2025-12-07", "last": "2025-12-07"}
    assert audit["machine_engines"] == ["apertium 3.8.3 eng-cat"]
    assert abs(sum(audit["share_of_words"].values()) - 1.0) < 0.001
