"""Re-make the readability report screenshots (issue 16) from the shipped example's reports/.

    python -m pipeline score && python docs/evidence/make_readability_evidence.py

Writes docs/evidence/readability-report-1280.png and -390.png (the top of the page: summary,
targets and their reasons, every measure, the charts) and readability-hotspots-ar-1280.png (the
Arabic hotspots table opened: right-to-left sentences and words bidi-isolated with <bdi>, hard
words with their syllables labelled and plain-language suggestions), with headless Chromium.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def shot(url: str, out: Path, width: int, height: int) -> None:
    subprocess.run([CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    "--force-device-scale-factor=1", f"--window-size={width},{height}", f"--screenshot={out}", url],
                   check=True, capture_output=True, timeout=120)
    print(f"wrote {out.relative_to(ROOT)}")


def main() -> int:
    if CHROMIUM is None:
        print("chromium not found (apt-get install chromium)", file=sys.stderr)
        return 1
    page = ROOT / "reports" / "readability.html"
    for width in (1280, 390):
        shot(page.as_uri(), HERE / f"readability-report-{width}.png", width, 3200)
    html = page.read_text(encoding="utf-8")
    head = html[: html.index("<body>") + len("<body>")]
    m = re.search(r"<details>\s*<summary>Arabic</summary>.*?</details>", html, re.S)
    if m:
        with tempfile.TemporaryDirectory() as tmp:
            p = Path(tmp) / "ar.html"
            p.write_text(head + "<h3>Hotspots: Arabic</h3>" + m.group(0).replace("<details>", "<details open>", 1) + "</body></html>", encoding="utf-8")
            shot(p.as_uri(), HERE / "readability-hotspots-ar-1280.png", 1280, 1100)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
