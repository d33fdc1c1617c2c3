"""Re-make the export evidence images from the test fixture project (Arabic, Chinese, Urdu, Hindi...).

    python docs/evidence/make_evidence.py

Writes docs/evidence/export-ar-chromium.png, export-zh-chromium.png (headless Chromium
screenshots of the exported pages) and export-ar-pdf-page1.png (pdftoppm of the Arabic PDF).
"""

from __future__ import annotations

import base64
import importlib.util
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from export_fixture import make_project  # noqa: E402

work = Path(tempfile.mkdtemp(prefix="polyleaf-evidence-"))
project = make_project(work / "p")
subprocess.run([sys.executable, "-m", "pipeline", "-C", str(project), "export", "-q"], cwd=ROOT, check=True)
# Chromium's own --screenshot flag gives blank images on this machine (Chromium 156 headless); the
# DevTools protocol's Page.captureScreenshot works, over the same stdlib pipe client the benchmark uses.
spec = importlib.util.spec_from_file_location("bench_export", ROOT / "bench" / "export.py")
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)
cdp = bench.PipeCDP(shutil.which("chromium"), work / "chrome")
for lang, name in (("ar", "export-ar-chromium.png"), ("zh_Hans", "export-zh-chromium.png")):
    page = project / "dist" / "leaflet" / lang / "index.html"
    target = cdp.call("Target.createTarget", url="about:blank")["targetId"]
    session = cdp.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
    cdp.call("Page.enable", session)
    cdp.call("Emulation.setDeviceMetricsOverride", session, width=900, height=640, deviceScaleFactor=1, mobile=False)
    cdp.call("Page.navigate", session, url=page.as_uri())
    cdp.wait_event("Page.loadEventFired", session)
    png = cdp.call("Page.captureScreenshot", session, format="png")["data"]
    (HERE / name).write_bytes(base64.b64decode(png))
    cdp.call("Target.closeTarget", targetId=target)
cdp.close()
pdf = project / "dist" / "leaflet" / "ar" / "leaflet.ar.pdf"
subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(HERE / "export-ar-pdf-page1")], check=True)
shutil.rmtree(work, ignore_errors=True)
print("written:", *sorted(p.name for p in HERE.glob("export-*.png")))
