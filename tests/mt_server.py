"""A LibreTranslate look-alike on 127.0.0.1 for tests and benchmarks, with faults on demand.

Speaks the two endpoints deep-translator and Polyleaf use:

* ``GET /languages`` -> ``[{"code": "es", "name": "...", "targets": [...]}, ...]``
* ``POST /translate`` with ``q``, ``source``, ``target`` (query string, form or
  JSON) -> ``{"translatedText": "..."}``.  The "translation" is deterministic:
  each line becomes ``"<TARGET>: <line>"``, placeholders (``⟦n⟧``) kept.

Faults are rules tried in order for every ``/translate`` request: the first
rule whose ``when`` text occurs in ``q`` (or that has no ``when``) and has
``times`` left fires.  Kinds: ``429`` (with ``retry_after``), ``500``,
``slow`` (sleeps ``delay`` seconds, then answers normally), ``malformed``
(200 with broken JSON), ``empty`` (``translatedText: ""``), ``no-text``
(``{}``), ``drop-link`` (removes every placeholder from the answer),
``merge-lines`` (the lines of a batched request come back as one), ``blank-line``
(in a batched request, the line holding ``when`` comes back empty), ``403``.  Every request is logged (path, ``q``, status) for the test to inspect.

Run standalone: ``python tests/mt_server.py [--port N] [--delay S]``.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LANGUAGES = ["en", "es", "cy", "pl", "ar", "ur", "zh-Hans", "fr", "de", "it", "pt", "tr", "so", "bn", "pa", "ro"]
_TOKEN = re.compile(r"⟦\s*\d+\s*⟧")


@dataclass
class Fault:
    kind: str
    when: str | None = None
    times: int | None = None  # None: forever
    retry_after: str | None = None
    delay: float = 0.0


@dataclass
class Logged:
    path: str
    q: str
    status: int
    target: str = ""


@dataclass
class FakeLibre:
    faults: list[Fault] = field(default_factory=list)
    delay: float = 0.0  # every /translate waits this long (to make a kill land mid-run)
    version: str = ""  # put after the language in every answer: a "new model" for --refresh tests
    in_flight: int = 0
    max_in_flight: int = 0  # most /translate requests being served at once
    log: list[Logged] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    server: ThreadingHTTPServer | None = None

    # -- lifecycle ----------------------------------------------------------------------------
    def start(self, port: int = 0) -> "FakeLibre":
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                fake._handle(self)

            def do_POST(self):
                fake._handle(self)

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server is not None:
            self.server.shutdown()
            self.server.server_close()

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/"

    # -- what happened ------------------------------------------------------------------------
    def translate_requests(self) -> list[Logged]:
        with self.lock:
            return [l for l in self.log if l.path == "/translate"]

    def answered(self) -> int:
        return sum(1 for l in self.translate_requests() if l.status == 200)

    # -- the API ------------------------------------------------------------------------------
    def _pick(self, q: str) -> Fault | None:
        with self.lock:
            for fault in self.faults:
                if fault.times is not None and fault.times <= 0:
                    continue
                if fault.when is None or fault.when in q:
                    if fault.times is not None:
                        fault.times -= 1
                    return fault
        return None

    def _handle(self, h: BaseHTTPRequestHandler) -> None:
        url = urlparse(h.path)
        length = int(h.headers.get("Content-Length") or 0)
        body = h.rfile.read(length) if length else b""
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        if body:
            if (h.headers.get("Content-Type") or "").startswith("application/json"):
                try:
                    params.update(json.loads(body))
                except ValueError:
                    pass
            else:
                params.update({k: v[0] for k, v in parse_qs(body.decode("utf-8")).items()})
        if url.path == "/languages":
            self._send(h, 200, [{"code": c, "name": c, "targets": [t for t in LANGUAGES if t != c]} for c in LANGUAGES], "/languages", "")
            return
        if url.path != "/translate":
            self._send(h, 404, {"error": "not found"}, url.path, "")
            return
        q, target = str(params.get("q", "")), str(params.get("target", ""))
        with self.lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            self._translate(h, q, target)
        finally:
            with self.lock:
                self.in_flight -= 1

    def _translate(self, h: BaseHTTPRequestHandler, q: str, target: str) -> None:
        if self.delay:
            time.sleep(self.delay)
        fault = self._pick(q)
        kind = fault.kind if fault else ""
        if kind == "slow":
            time.sleep(fault.delay)
        if kind == "429":
            headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else {}
            self._send(h, 429, {"error": "Slowdown: too many requests"}, "/translate", q, target, headers)
        elif kind == "500":
            self._send(h, 500, {"error": "internal error"}, "/translate", q, target)
        elif kind == "403":
            self._send(h, 403, {"error": "Invalid API key"}, "/translate", q, target)
        elif kind == "malformed":
            self._send_raw(h, 200, b'{"translatedText": "half', "/translate", q, target)
        elif kind == "empty":
            self._send(h, 200, {"translatedText": ""}, "/translate", q, target)
        elif kind == "no-text":
            self._send(h, 200, {}, "/translate", q, target)
        elif target not in LANGUAGES:
            self._send(h, 400, {"error": f"{target} is not supported"}, "/translate", q, target)
        else:
            out = "\n".join(f"{target.upper()}{self.version}: {line}" if line else "" for line in q.split("\n"))
            if kind == "drop-link":
                out = _TOKEN.sub("", out)
            elif kind == "merge-lines":
                out = out.replace("\n", " ")
            elif kind == "blank-line" and "\n" in q:
                out = "\n".join("" if fault.when and fault.when in line else t for line, t in zip(q.split("\n"), out.split("\n")))
            self._send(h, 200, {"translatedText": out}, "/translate", q, target)

    def _send(self, h, status, payload, path, q, target="", headers=None) -> None:
        self._send_raw(h, status, json.dumps(payload, ensure_ascii=False).encode("utf-8"), path, q, target, headers)

    def _send_raw(self, h, status, data, path, q, target="", headers=None) -> None:
        with self.lock:
            self.log.append(Logged(path, q, status, target))
        try:
            h.send_response(status)
            h.send_header("Content-Type", "application/json")
            h.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            h.end_headers()
            h.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout): fine
            pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--delay", type=float, default=0.0)
    args = parser.parse_args()
    fake = FakeLibre(delay=args.delay).start(args.port)
    print(f"fake LibreTranslate at {fake.url} (Ctrl-C to stop)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()


# -- test support: a small project wired to a fake server --------------------------------------

LEAFLET = """# Leaflet title

Call your care team on 0800 123 4567.

Read more [on the NHS website](https://www.nhs.uk/).

- Take **two** 5 mg tablets
- Take 10 mg at night
- Rest at home

## Side effects

Feeling tired is common.

Take 20 mg at night

1 2 3
"""

SECOND = """# Leaflet title

Rest at home

Feeling tired is common.
"""


def make_project(root, url: str = "", languages=("cy",), translate: dict | None = None, glossary_terms=("CAR T",)):
    """A two-document project at ``root`` with catalogs extracted; returns its path."""
    from pathlib import Path

    from pipeline.catalogs import apply_update, plan_update
    from pipeline.config import load_settings

    root = Path(root)
    (root / "source").mkdir(parents=True, exist_ok=True)
    (root / "source" / "leaflet.md").write_text(LEAFLET, encoding="utf-8")
    (root / "source" / "second.md").write_text(SECOND, encoding="utf-8")
    table = {"provider": "libretranslate", "url": url, "backoff": 0.01, "max_wait": 0.05, "timeout": 2.0, "retries": 2, "concurrency": 2}
    table.update(translate or {})

    def value(v):
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return json.dumps(v)
        return repr(v)

    lines = [
        "[project]", 'name = "Test leaflet"', 'source_language = "en-GB"',
        "languages = [" + ", ".join(json.dumps(l) for l in languages) + "]", "",
        "[translate]", *(f"{k} = {value(v)}" for k, v in table.items()), "",
        "[glossary]", "do_not_translate = [" + ", ".join(json.dumps(t) for t in glossary_terms) + "]", "",
    ]
    (root / "polyleaf.toml").write_text("\n".join(lines), encoding="utf-8")
    apply_update(plan_update(load_settings(root)))
    return root
