"""Benchmark: machine drafts for the example leaflet in 10 languages against a local LibreTranslate.

Measures, on the server side (the fake server in tests/mt_server.py counts what
really arrives): requests sent vs segments to fill, characters sent vs distinct
characters (target: equal), and wall time; against a baseline measured in the
same run: deep-translator's LibreTranslate client called once per entry, the way
a naive script would (no memory, no de-duplication, no batching, no masking).

Three runs per corpus: the baseline, Polyleaf with ``batch_size = 1`` (memory,
de-duplication and masking only) and Polyleaf as configured by default.

Two corpora: the example alone, and the example plus a second document that
repeats most of it (an "easy read" variant sharing segments), so de-duplication
across documents shows.

    python bench/mt.py            # 10 languages, 20 ms simulated latency per request
    python bench/mt.py --quick    # 3 languages
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from mt_server import FakeLibre  # noqa: E402

from pipeline.catalogs import apply_update, plan_update, read_catalog  # noqa: E402
from pipeline.config import load_settings  # noqa: E402
from pipeline.mt import drafts  # noqa: E402
from pipeline.mt.options import do_not_translate, load_options  # noqa: E402
from pipeline.mt.providers import make_provider  # noqa: E402
from pipeline.mt.run import translate_language  # noqa: E402

LANGUAGES = ["es", "cy", "pl", "ar", "ur", "zh-Hans", "fr", "de", "it", "pt"]


def make(root: Path, languages: list[str], url: str, twin: bool, batch_size: int = 20) -> Path:
    (root / "source").mkdir(parents=True)
    text = (REPO / "source" / "immunotherapy.md").read_text(encoding="utf-8")
    (root / "source" / "immunotherapy.md").write_text(text, encoding="utf-8")
    if twin:  # a variant sharing every paragraph but the first two
        paras = text.split("\n\n")
        paras[1] = "This version is for carers. " + paras[1]
        (root / "source" / "immunotherapy-carers.md").write_text("\n\n".join(paras), encoding="utf-8")
    langs = ", ".join(f'"{l}"' for l in languages)
    (root / "polyleaf.toml").write_text(
        f'[project]\nname = "bench"\nsource_language = "en-GB"\nlanguages = [{langs}]\n\n'
        f'[translate]\nprovider = "libretranslate"\nurl = "{url}"\nconcurrency = 4\nbatch_size = {batch_size}\n\n'
        '[glossary]\ndo_not_translate = ["CAR T"]\n',
        encoding="utf-8",
    )
    apply_update(plan_update(load_settings(root)))
    return root


def sent(fake: FakeLibre, since: int) -> tuple[int, int, int]:
    reqs = fake.translate_requests()[since:]
    chars = sum(len(r.q) for r in reqs)
    separators = sum(r.q.count("\n") for r in reqs)
    return len(reqs), chars - separators, separators


def polyleaf_run(fake: FakeLibre, root: Path) -> dict:
    settings = load_settings(root)
    options = load_options(settings)
    terms = do_not_translate(settings)
    provider = make_provider("libretranslate", url=options.url)
    start, mark = time.perf_counter(), len(fake.translate_requests())
    segments = distinct = distinct_chars = 0
    for lang in settings.languages:
        report = translate_language(settings, lang, provider, options, terms)
        segments += report.to_fill
        distinct += report.distinct
        distinct_chars += report.distinct_chars
    elapsed = time.perf_counter() - start
    provider.close()
    requests, chars, separators = sent(fake, mark)
    return {"segments": segments, "distinct": distinct, "distinct_chars": distinct_chars, "requests": requests, "chars": chars, "separators": separators, "seconds": elapsed}


def naive_run(fake: FakeLibre, root: Path) -> dict:
    """deep-translator's LibreTranslate client, one call per untranslated entry, sequential."""
    from deep_translator import LibreTranslator

    settings = load_settings(root)
    start, mark = time.perf_counter(), len(fake.translate_requests())
    segments = 0
    for lang in settings.languages:
        client = LibreTranslator(source="en", target="es", api_key="unused", custom_url=fake.url)
        client.api_key = None
        client.target = lang.tag
        for path in sorted(settings.locales_dir.glob(f"{lang.code}/LC_MESSAGES/*.po")):
            for entry in read_catalog(path):
                if drafts.eligible(entry):
                    segments += 1
                    client.translate(entry.msgid)
    elapsed = time.perf_counter() - start
    requests, chars, separators = sent(fake, mark)
    return {"segments": segments, "requests": requests, "chars": chars, "separators": separators, "seconds": elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description="machine-draft benchmark against a local LibreTranslate")
    parser.add_argument("--quick", action="store_true", help="3 languages instead of 10")
    parser.add_argument("--latency", type=float, default=0.02, help="simulated seconds per request (default 0.02)")
    args = parser.parse_args()
    languages = LANGUAGES[:3] if args.quick else LANGUAGES
    fake = FakeLibre(delay=args.latency).start()
    tmp = Path(tempfile.mkdtemp(prefix="polyleaf-bench-mt-"))
    try:
        print(f"{len(languages)} languages, {args.latency * 1000:.0f} ms per request, fake LibreTranslate at {fake.url}")
        print(f"{'corpus':<22} {'run':<9} {'segments':>8} {'requests':>8} {'distinct':>8} {'chars sent':>10} {'distinct chars':>14} {'separators':>10} {'seconds':>8}")
        for twin in (False, True):
            corpus = "example + carers copy" if twin else "example"
            base = naive_run(fake, make(tmp / f"naive-{twin}", languages, fake.url, twin))
            single = polyleaf_run(fake, make(tmp / f"single-{twin}", languages, fake.url, twin, batch_size=1))
            ours = polyleaf_run(fake, make(tmp / f"ours-{twin}", languages, fake.url, twin))
            print(f"{corpus:<22} {'baseline':<9} {base['segments']:>8} {base['requests']:>8} {'':>8} {base['chars']:>10} {'':>14} {base['separators']:>10} {base['seconds']:>8.2f}")
            print(f"{corpus:<22} {'unbatched':<9} {single['segments']:>8} {single['requests']:>8} {single['distinct']:>8} {single['chars']:>10} {single['distinct_chars']:>14} {single['separators']:>10} {single['seconds']:>8.2f}")
            print(f"{corpus:<22} {'polyleaf':<9} {ours['segments']:>8} {ours['requests']:>8} {ours['distinct']:>8} {ours['chars']:>10} {ours['distinct_chars']:>14} {ours['separators']:>10} {ours['seconds']:>8.2f}")
            equal = "equal" if ours["chars"] == ours["distinct_chars"] else "NOT equal"
            print(
                f"{'':<22} ratios: requests/segments {ours['requests'] / ours['segments']:.3f} "
                f"(baseline {base['requests'] / base['segments']:.3f}); chars sent/distinct chars "
                f"{ours['chars'] / ours['distinct_chars']:.3f} ({equal}); chars vs baseline {ours['chars'] / base['chars']:.3f}; "
                f"time vs baseline {ours['seconds'] / base['seconds']:.3f}"
            )
    finally:
        fake.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
