"""Machine-translation providers: one protocol, deep-translator adapters, Argos, pseudo.

A provider translates one (masked) text per call and says how a failure should
be treated, so the run loop can retry or give up without knowing the engine:

* :class:`Transient` -- 429 (with ``retry_after`` from the server), 5xx,
  timeouts, broken connections, malformed responses: worth retrying;
* :class:`Failed` -- this text will not translate (4xx, no translation in the
  answer): give up on it, keep going;
* :class:`~pipeline.errors.ProviderError` -- nothing will work (missing package
  or key, key rejected, language not offered): stop the run, progress kept.

Keys come from environment variables only, read when the provider is made.  No
message built here ever contains a key: failures are described from the HTTP
status and the exception *type*, never from deep-translator's exception text
(which can hold the key or the request URL with the key in it).
"""

from __future__ import annotations

import email.utils
import os
import re
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

import requests

from ..errors import ProviderError
from ..languages import Language
from . import http
from .pseudo import PseudoProvider


class Transient(Exception):
    """Worth retrying (after ``retry_after`` seconds when the server said so)."""

    def __init__(self, reason: str, retry_after: float | None = None):
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class Failed(Exception):
    """This text will not translate; the run goes on with the others."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class Provider(Protocol):
    name: str
    max_chars: int  # longest text one request may carry
    joins_batches: bool  # whether several segments may be joined into one request, one per line
    network: bool

    def check(self, source: Language, target: Language) -> None:
        """Raise ProviderError if the pair cannot be translated; may talk to the server."""

    def translate(self, text: str, source: Language, target: Language) -> str:
        """One request; raise Transient, Failed or ProviderError."""

    def close(self) -> None: ...


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    module: str | None  # deep_translator module, None for offline providers
    key_env: str | None  # default environment variable holding the key
    key_required: bool
    max_chars: int
    label: str


SPECS: dict[str, ProviderSpec] = {
    "pseudo": ProviderSpec("pseudo", None, None, False, 1_000_000, "pseudo-localisation (offline)"),
    "argos": ProviderSpec("argos", None, None, False, 5000, "Argos Translate (offline)"),
    "apertium": ProviderSpec("apertium", None, None, False, 20000, "Apertium (offline, Debian packages)"),
    "libretranslate": ProviderSpec("libretranslate", "libre", "LIBRE_API_KEY", False, 5000, "LibreTranslate"),
    "google": ProviderSpec("google", "google", None, False, 4999, "Google Translate"),
    "deepl": ProviderSpec("deepl", "deepl", "DEEPL_API_KEY", True, 5000, "DeepL"),
    "microsoft": ProviderSpec("microsoft", "microsoft", "MICROSOFT_API_KEY", True, 5000, "Microsoft Translator"),
    "mymemory": ProviderSpec("mymemory", "mymemory", None, False, 499, "MyMemory"),
}


def code_candidates(lang: Language) -> list[str]:
    """Codes an engine might use for ``lang``, most specific first (``zh-Hans`` -> ``zh-CN`` ...)."""
    tag, base = lang.tag, lang.base
    out = [tag, tag.lower(), lang.code]
    if base == "zh":
        traditional = "Hant" in tag or tag.endswith(("-TW", "-HK", "-MO"))
        out += ["zh-TW", "zh-Hant", "zh-hant", "zh-tw"] if traditional else ["zh-CN", "zh-Hans", "zh-hans", "zh-cn"]
    if base == "he":
        out.append("iw")
    out += [base, tag.upper(), base.upper()]
    seen: list[str] = []
    for c in out:
        if c not in seen:
            seen.append(c)
    return seen


def pick_code(lang: Language, supported: set[str]) -> str | None:
    for c in code_candidates(lang):
        if c in supported:
            return c
    regional = sorted(c for c in supported if c.lower().startswith(lang.base + "-"))
    preferred = f"{lang.base}-{lang.base.upper()}"
    if preferred in regional:
        return preferred
    return regional[0] if regional else None


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


class DeepTranslatorProvider:
    """A deep-translator client per worker thread, its HTTP routed through :mod:`.http`."""

    joins_batches = True
    network = True

    def __init__(self, spec: ProviderSpec, api_key: str | None, key_env: str | None, timeout: float, url: str = "", region: str = "", email_: str = ""):
        self.spec = spec
        self.name = spec.name
        self.max_chars = spec.max_chars
        self._key = api_key
        self._key_env = key_env
        self._timeout = timeout
        self._url = url
        self._region = region
        self._email = email_
        self._local = threading.local()
        self._codes: dict[str, str] = {}
        self._supported: set[str] | None = None
        self._module = http.install(spec.module or "")

    # -- clients ------------------------------------------------------------------------------
    def _new_client(self) -> Any:
        m, name = self._module, self.name
        if name == "libretranslate":
            client = m.LibreTranslator(source="en", target="es", api_key=self._key or "unused", custom_url=self._url)
            client.api_key = self._key or None  # no key: send none (a self-hosted server may not need one)
            return client
        if name == "google":
            return m.GoogleTranslator(source="en", target="es")
        if name == "deepl":
            return m.DeeplTranslator(source="en", target="es", api_key=self._key, use_free_api=(self._key or "").endswith(":fx"))
        if name == "microsoft":
            return m.MicrosoftTranslator(source="en", target="es", api_key=self._key, region=self._region or None)
        if name == "mymemory":
            return m.MyMemoryTranslator(source="en-GB", target="es-ES", email=self._email or None)
        raise ProviderError(f"unknown provider {name!r}")

    def _client(self) -> Any:
        client = getattr(self._local, "client", None)
        if client is None:
            http.open_exchange(self._timeout)
            try:
                client = self._new_client()
            except Exception as exc:  # noqa: BLE001 - deep-translator raises anything here
                raise self._classify(exc, http.current()) from None
            self._local.client = client
        return client

    # -- protocol -----------------------------------------------------------------------------
    def supported_codes(self) -> set[str]:
        """Codes the engine offers (LibreTranslate: asked from the server's /languages, once)."""
        if self._supported is None:
            if self.name == "libretranslate":
                self._supported = self._server_languages()
            else:
                self._supported = set(self._client().get_supported_languages(as_dict=True).values())
        return self._supported

    def _server_languages(self) -> set[str]:
        ex = http.open_exchange(self._timeout)
        try:
            response = ex.request("GET", self._url + "languages")
        except requests.RequestException as exc:
            raise ProviderError(f"cannot reach LibreTranslate at {self._url}: {_transport_reason(exc, self._timeout)}") from None
        if response.status_code == 404:  # an old server: trust deep-translator's table
            from deep_translator.constants import LIBRE_LANGUAGES_TO_CODES

            return set(LIBRE_LANGUAGES_TO_CODES.values())
        if response.status_code != 200:
            raise ProviderError(f"LibreTranslate at {self._url} answered HTTP {response.status_code} to /languages")
        try:
            return {str(item["code"]) for item in response.json()}
        except (ValueError, TypeError, KeyError):
            raise ProviderError(f"LibreTranslate at {self._url} sent a malformed /languages answer") from None

    def code(self, lang: Language) -> str:
        if lang.code not in self._codes:
            supported = self.supported_codes()
            found = pick_code(lang, supported)
            if found is None:
                raise ProviderError(f"{self.spec.label} does not offer {lang.tag} ({lang.english_name})")
            self._codes[lang.code] = found
        return self._codes[lang.code]

    def check(self, source: Language, target: Language) -> None:
        self.code(source)
        self.code(target)

    def translate(self, text: str, source: Language, target: Language) -> str:
        client = self._client()
        client.source, client.target = self.code(source), self.code(target)
        ex = http.open_exchange(self._timeout)
        try:
            out = client.translate(text)
        except ProviderError:
            raise
        except Exception as exc:  # noqa: BLE001 - classified below, never shown raw
            raise self._classify(exc, ex) from None
        if not isinstance(out, str):
            raise Failed("no translation in the response")
        return out

    def close(self) -> None:
        http.close_exchange()

    # -- failures -----------------------------------------------------------------------------
    def _classify(self, exc: BaseException, ex: http.Exchange | None) -> Exception:
        label = self.spec.label
        if ex is not None and ex.last_error is not None:
            return Transient(_transport_reason(ex.last_error, self._timeout))
        response = ex.last_response if ex is not None else None
        if response is None:
            return Failed(f"{label} client refused the text ({type(exc).__name__})")
        code = response.status_code
        if code == 429:
            return Transient("HTTP 429 (rate limited)", retry_after_seconds(response.headers.get("Retry-After")))
        if code >= 500:
            return Transient(f"HTTP {code}")
        if code in (401, 403):
            hint = f"; check the environment variable {self._key_env}" if self._key_env else ""
            return ProviderError(f"{label} refused the request (HTTP {code}): key missing or rejected{hint}")
        if code == 456:
            return ProviderError(f"{label} quota exceeded (HTTP 456)")
        if 400 <= code < 500:
            return Failed(f"HTTP {code}")
        if isinstance(exc, ValueError):
            return Transient("malformed response (not JSON)")
        if isinstance(exc, (KeyError, TypeError, IndexError, AttributeError)):
            return Transient("malformed response (unexpected shape)")
        if type(exc).__name__ == "TranslationNotFound":
            return Failed("no translation in the response")
        return Failed(f"{type(exc).__name__}")


def _transport_reason(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, requests.Timeout):
        return f"timed out after {timeout:g}s"
    if isinstance(exc, requests.ConnectionError):
        return "could not connect"
    return f"transport error ({type(exc).__name__})"


class ArgosProvider:
    """Argos Translate, offline, when the package and a model for the pair are installed."""

    name = "argos"
    max_chars = 5000
    joins_batches = False
    network = False

    def __init__(self) -> None:
        try:
            from argostranslate import translate as argos_translate  # type: ignore[import-not-found]
        except ImportError:
            raise ProviderError(
                "the argos provider needs Argos Translate: `pip install argostranslate`, then a model per "
                "language pair, e.g. `argospm update && argospm install translate-en_cy`"
            ) from None
        self._argos = argos_translate
        self._pairs: dict[tuple[str, str], Any] = {}
        self._lock = threading.Lock()

    def _translation(self, source: Language, target: Language) -> Any:
        key = (source.code, target.code)
        with self._lock:
            if key not in self._pairs:
                installed = {l.code: l for l in self._argos.get_installed_languages()}
                src = pick_code(source, set(installed))
                tgt = pick_code(target, set(installed))
                translation = installed[src].get_translation(installed[tgt]) if src and tgt else None
                if translation is None:
                    raise ProviderError(
                        f"no Argos Translate model for {source.base} -> {target.base} is installed: "
                        f"`argospm update && argospm install translate-{source.base}_{target.base}`"
                    )
                self._pairs[key] = translation
            return self._pairs[key]

    def check(self, source: Language, target: Language) -> None:
        self._translation(source, target)

    def translate(self, text: str, source: Language, target: Language) -> str:
        try:
            out = self._translation(source, target).translate(text)
        except ProviderError:
            raise
        except Exception as exc:  # noqa: BLE001 - a model failing on one text
            raise Failed(f"Argos Translate failed ({type(exc).__name__})") from None
        if not isinstance(out, str):
            raise Failed("Argos Translate returned no text")
        return out

    def close(self) -> None:
        return None


#: ISO 639-1 -> the ISO 639-3 code Apertium's newer pairs use.
_ISO3 = {"en": "eng", "es": "spa", "ca": "cat", "gl": "glg", "pt": "por", "fr": "fra", "it": "ita", "eu": "eus",
         "oc": "oci", "an": "arg", "ast": "ast", "sc": "srd", "nl": "nld", "af": "afr", "da": "dan", "nb": "nob",
         "nn": "nno", "sv": "swe", "is": "isl", "mk": "mkd", "bg": "bul", "ru": "rus", "uk": "ukr", "be": "bel",
         "pl": "pol", "ro": "ron", "sl": "slv", "hi": "hin", "ur": "urd", "id": "ind", "ms": "zlm", "eo": "epo"}

#: Debian packages of pairs whose name is not ``apertium-<src3>-<tgt3>`` (the rest follow that rule).
_DEBIAN_PAIR = {("eng", "glg"): "apertium-en-gl", ("eng", "eus"): "apertium-eu-en", ("eng", "epo"): "apertium-eo-en",
                ("spa", "glg"): "apertium-es-gl", ("spa", "por"): "apertium-es-pt"}


class ApertiumProvider:
    """Apertium, the rule-based engine Debian packages, run as an installed program.

    ``apertium -u <mode>`` reads text on stdin; a batch of segments is sent in one
    run, the segments apart by blank lines (a single newline is only a space to
    Apertium, which would move words across it); ``-u``
    leaves unknown words as they are instead of marking them ``*word`` (which
    would be Markdown emphasis).  Placeholders ``⟦n⟧`` pass through untouched.
    The pair is found among ``apertium -l`` (``eng-cat``, ``eng-spa``, ``en-gl``
    ...); when it is missing, the error names the Debian package to install.
    Provenance: ``engine=apertium version=<apertium -V> pair=<mode> pair-version=<package version>``.
    """

    name = "apertium"
    max_chars = 20000
    joins_batches = True
    network = False

    def __init__(self, program: str | None = None, timeout: float = 120.0) -> None:
        import shutil

        self._program = program or shutil.which("apertium")
        if not self._program:
            raise ProviderError("the apertium provider needs Apertium: `apt-get install apertium` and a language pair, "
                                "e.g. `apt-get install apertium-eng-cat` (English -> Catalan)")
        self._timeout = timeout
        self._modes: dict[tuple[str, str], str] = {}
        self._facts: dict[str, dict[str, str]] = {}
        self._lock = threading.Lock()
        self._installed: list[str] | None = None
        self._version: str | None = None

    def _run(self, args: list[str], text: str = "", timeout: float | None = None) -> str:
        import subprocess

        try:
            proc = subprocess.run([self._program, *args], input=text.encode("utf-8"), capture_output=True,
                                  timeout=timeout or self._timeout, check=False)
        except subprocess.TimeoutExpired:
            raise Transient(f"apertium took longer than {timeout or self._timeout:g}s") from None
        except OSError as exc:
            raise ProviderError(f"cannot run {self._program}: {exc.strerror}") from None
        if proc.returncode != 0:
            reason = proc.stderr.decode("utf-8", "replace").strip().splitlines()
            raise Failed(f"apertium exited with {proc.returncode}" + (f": {reason[0][:200]}" if reason else ""))
        return proc.stdout.decode("utf-8", "replace")

    def installed_modes(self) -> list[str]:
        if self._installed is None:
            try:
                out = self._run(["-l"], timeout=30)
            except (Failed, Transient):
                out = ""
            self._installed = sorted({line.strip() for line in out.splitlines() if line.strip()})
        return self._installed

    def version(self) -> str:
        if self._version is None:
            try:
                out = self._run(["-V"], timeout=30)
            except (Failed, Transient):
                out = ""
            self._version = out.strip().split()[-1] if out.strip() else "unknown"
        return self._version

    @staticmethod
    def _codes(lang: Language) -> list[str]:
        base = lang.base
        return [c for c in (_ISO3.get(base), base) if c]

    def mode(self, source: Language, target: Language) -> str:
        key = (source.code, target.code)
        with self._lock:
            if key not in self._modes:
                installed = set(self.installed_modes())
                candidates = [f"{s}-{t}" for s in self._codes(source) for t in self._codes(target)]
                found = next((c for c in candidates if c in installed), None)
                if found is None:
                    s3 = _ISO3.get(source.base, source.base)
                    t3 = _ISO3.get(target.base, target.base)
                    package = _DEBIAN_PAIR.get((s3, t3), f"apertium-{s3}-{t3}")
                    raise ProviderError(
                        f"no Apertium pair for {source.base} -> {target.base} ({target.english_name}) is installed: "
                        f"install the Debian package {package} (`apt-get install apertium {package}`; "
                        f"`apt-cache search apertium` lists the pairs Debian has)")
                self._modes[key] = found
                self._facts[target.code] = {"version": self.version(), "pair": found, **self._pair_version(found)}
            return self._modes[key]

    @staticmethod
    def _pair_version(mode: str) -> dict[str, str]:
        """``pair-version``: the Debian package version of the pair's data, when dpkg knows it."""
        import shutil
        import subprocess

        dpkg = shutil.which("dpkg-query")
        path = f"/usr/share/apertium/modes/{mode}.mode"
        if not dpkg or not os.path.exists(path):
            return {}
        try:
            owner = subprocess.run([dpkg, "-S", path], capture_output=True, text=True, timeout=30).stdout.split(":")[0].strip()
            version = subprocess.run([dpkg, "-W", "-f", "${Version}", owner], capture_output=True, text=True, timeout=30).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            return {}
        return {"pair-version": version} if owner and version else {}

    def engine_facts(self, target: Language) -> dict[str, str]:
        """What the ``polyleaf-mt`` line records besides the engine name (after :meth:`check`)."""
        return dict(self._facts.get(target.code, {}))

    def check(self, source: Language, target: Language) -> None:
        self.mode(source, target)

    def translate(self, text: str, source: Language, target: Language) -> str:
        # Apertium reads a single newline as a space inside a sentence (words move across it);
        # a blank line ends a block.  So the segments of a batch go apart by blank lines.
        lines = text.split("\n")
        out = self._run(["-u", self.mode(source, target)], "\n\n".join(lines) + "\n")
        parts = [p.strip() for p in re.split(r"\n[ \t]*\n", out.strip("\n"))]
        if len(parts) != len(lines):
            return out.strip("\n")  # the run loop sees the lines do not line up and asks one by one
        return "\n".join(parts)

    def close(self) -> None:
        return None


def make_provider(name: str, *, key_env: str | None = None, url: str = "", region: str = "", email_: str = "", timeout: float = http.DEFAULT_TIMEOUT, need_key: bool = True) -> Provider:
    """The provider ``name``, its key read from the environment now; ProviderError if unusable."""
    spec = SPECS.get(name)
    if spec is None:
        raise ProviderError(f"unknown provider {name!r} (known: {', '.join(sorted(SPECS))})")
    if name == "pseudo":
        return PseudoProvider()
    if name == "argos":
        return ArgosProvider()
    if name == "apertium":
        return ApertiumProvider(timeout=max(timeout, 60.0))
    env = key_env or spec.key_env
    key = os.environ.get(env) if env else None
    if spec.key_required and not key and need_key:
        raise ProviderError(f"{spec.label} needs an API key: set the environment variable {env} (keys are never read from files)")
    if name == "libretranslate":
        if not url:
            raise ProviderError("libretranslate needs the URL of your server: [translate] url = \"http://host:5000/\" or --url")
        url = url if url.endswith("/") else url + "/"
    return DeepTranslatorProvider(spec, key, env, timeout, url=url, region=region, email_=email_)


def provider_from_options(options, settings=None) -> Provider:
    """The engine ``[translate]`` (or the command line) names, set up once for every caller:
    an unknown name is a settings error (exit 3) when ``settings`` is given, else a ProviderError."""
    if options.provider not in SPECS:
        if settings is not None:
            raise settings.error(f"[translate] provider {options.provider!r} is not known (known: {', '.join(sorted(SPECS))})",
                                 "translate", "provider")
        raise ProviderError(f"unknown provider {options.provider!r} (known: {', '.join(sorted(SPECS))})")
    return make_provider(options.provider, key_env=options.api_key_env or None, url=options.url, region=options.region,
                         email_=options.email, timeout=options.timeout)
