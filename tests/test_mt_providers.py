"""Providers whose URLs are fixed inside deep-translator, intercepted at the HTTP layer.

Every worker's ``requests.Session`` comes from ``pipeline.mt.http.new_session``;
here it gets a transport adapter that answers with the response shapes these
services send (nothing leaves the machine: the adapter takes http and https).
"""

from __future__ import annotations

import json
import sys
import types
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from click.testing import CliRunner

from mt_server import make_project
from pipeline import provenance
from pipeline.catalogs import read_catalog
from pipeline.cli import main
from pipeline.errors import ProviderError
from pipeline.languages import parse_language
from pipeline.mt import http, providers


class Recorded(requests.adapters.BaseAdapter):
    """Answers every request with ``handler(method, url, params, headers, body) -> (status, headers, text)``."""

    def __init__(self, handler):
        super().__init__()
        self.handler = handler
        self.seen: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.seen.append(request)
        url = urlparse(request.url)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        status, headers, text = self.handler(request.method, f"{url.scheme}://{url.netloc}{url.path}", params, request.headers, request.body)
        response = requests.Response()
        response.status_code = status
        response.headers.update(headers)
        response._content = text.encode("utf-8")
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass


@pytest.fixture
def intercept(monkeypatch):
    adapters: list[Recorded] = []

    def install(handler):
        def new_session():
            s = requests.Session()
            adapter = Recorded(handler)
            adapters.append(adapter)
            s.mount("http://", adapter)
            s.mount("https://", adapter)
            return s

        monkeypatch.setattr(http, "new_session", new_session)
        return adapters

    return install


def fake_translation(text: str, lang: str) -> str:
    return "\n".join(f"[{lang}] {line}" for line in text.split("\n"))


def google(method, url, params, headers, body):
    assert url == "https://translate.google.com/m"
    return 200, {"Content-Type": "text/html"}, f'<html><body><div class="result-container">{fake_translation(params["q"], params["tl"])}</div></body></html>'


def deepl(method, url, params, headers, body):
    assert url in ("https://api-free.deepl.com/v2/translate", "https://api.deepl.com/v2/translate")
    if params.get("auth_key") != "deepl-secret:fx":
        return 403, {}, json.dumps({"message": "Wrong endpoint"})
    return 200, {}, json.dumps({"translations": [{"detected_source_language": "EN", "text": fake_translation(params["text"], params["target_lang"])}]})


def microsoft(method, url, params, headers, body):
    if url.endswith("/languages"):
        return 200, {}, json.dumps({"translation": {"cy": {"name": "Welsh"}, "es": {"name": "Spanish"}, "en": {"name": "English"}, "zh-Hans": {"name": "Chinese Simplified"}}})
    assert url == "https://api.cognitive.microsofttranslator.com/translate"
    if headers.get("Ocp-Apim-Subscription-Key") != "ms-secret":
        return 401, {}, json.dumps({"error": {"code": 401000, "message": "invalid subscription key"}})
    text = json.loads(body)[0]["text"]
    return 200, {}, json.dumps([{"translations": [{"text": fake_translation(text, params["to"]), "to": params["to"]}]}])


def mymemory(method, url, params, headers, body):
    assert url == "http://api.mymemory.translated.net/get"
    src, tgt = params["langpair"].split("|")
    return 200, {}, json.dumps({"responseData": {"translatedText": fake_translation(params["q"], tgt), "match": 0.9}, "responseStatus": 200, "matches": []})


CASES = [
    ("google", google, {}, "cy", "[cy] "),
    ("deepl", deepl, {"DEEPL_API_KEY": "deepl-secret:fx"}, "es", "[es] "),
    ("microsoft", microsoft, {"MICROSOFT_API_KEY": "ms-secret"}, "cy", "[cy] "),
    ("mymemory", mymemory, {}, "cy", "[cy-GB] "),
]


@pytest.mark.parametrize("name,handler,env,lang,prefix", CASES, ids=[c[0] for c in CASES])
def test_provider_fills_drafts_through_deep_translator(tmp_path, intercept, monkeypatch, name, handler, env, lang, prefix):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    adapters = intercept(handler)
    project = make_project(tmp_path / "p", languages=(lang,), translate={"provider": name})
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", lang])
    assert result.exit_code == 0, result.output
    assert sum(len(a.seen) for a in adapters) >= 1
    po = read_catalog(project / "locales" / parse_language(lang).code / "LC_MESSAGES" / "leaflet.po")
    entry = po.find("Read more [on the NHS website](https://www.nhs.uk/).")
    assert entry.msgstr == prefix + entry.msgid
    assert "fuzzy" in entry.flags
    assert provenance.parse(entry.tcomment)[provenance.MT]["engine"] == name
    everything = result.output + "".join(p.read_text(encoding="utf-8") for p in (project / "locales").rglob("*.po"))
    for secret in env.values():
        assert secret not in everything


def test_rejected_key_stops_with_the_variable_name_not_the_key(tmp_path, intercept, monkeypatch):
    monkeypatch.setenv("MICROSOFT_API_KEY", "wrong-secret")
    intercept(microsoft)
    project = make_project(tmp_path / "p", translate={"provider": "microsoft"})
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy"])
    assert result.exit_code == 3
    assert "MICROSOFT_API_KEY" in result.output and "HTTP 401" in result.output
    assert "wrong-secret" not in result.output


def test_google_429_is_retried(tmp_path, intercept):
    calls = {"n": 0}

    def flaky(method, url, params, headers, body):
        calls["n"] += 1
        if calls["n"] == 1:
            return 429, {"Retry-After": "0"}, "Too many requests"
        return google(method, url, params, headers, body)

    intercept(flaky)
    project = make_project(tmp_path / "p", translate={"provider": "google", "batch_size": 50})
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy"])
    assert result.exit_code == 0, result.output
    assert "1 retried" in result.output and calls["n"] == 2


def test_missing_key_names_the_variable(tmp_path, monkeypatch):
    monkeypatch.delenv("DEEPL_API_KEY", raising=False)
    project = make_project(tmp_path / "p", languages=("es",), translate={"provider": "deepl"})
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "es"])
    assert result.exit_code == 3
    assert "set the environment variable DEEPL_API_KEY" in result.output


def test_language_the_engine_lacks(tmp_path, monkeypatch, intercept):
    monkeypatch.setenv("DEEPL_API_KEY", "deepl-secret:fx")
    intercept(deepl)
    project = make_project(tmp_path / "p", languages=("cy",), translate={"provider": "deepl"})
    result = CliRunner().invoke(main, ["-C", str(project), "translate", "--lang", "cy"])
    assert result.exit_code == 3 and "DeepL does not offer cy" in result.output


@pytest.mark.parametrize(
    "code,supported,expected",
    [
        ("zh-Hans", {"zh-CN", "zh-TW", "cy"}, "zh-CN"),
        ("zh-Hant", {"zh-CN", "zh-TW"}, "zh-TW"),
        ("zh-Hans", {"zh-hans", "zh-hant"}, "zh-hans"),
        ("zh-Hans", {"zh"}, "zh"),
        ("es", {"es-419", "es-ES", "es-MX"}, "es-ES"),
        ("cy", {"cy-GB"}, "cy-GB"),
        ("pt-BR", {"pt", "pt-BR"}, "pt-BR"),
        ("fy", {"cy"}, None),
    ],
    ids=["google-hans", "google-hant", "microsoft-hans", "libre-old-zh", "mymemory-region", "mymemory-cy", "variant", "unsupported"],
)
def test_language_code_mapping(code, supported, expected):
    assert providers.pick_code(parse_language(code), supported) == expected


@pytest.mark.parametrize(
    "value,expected",
    [("7", 7.0), (" 0 ", 0.0), ("Wed, 21 Oct 2015 07:28:05 GMT", 5.0), ("soon", None), (None, None)],
    ids=["seconds", "zero", "http-date", "garbage", "absent"],
)
def test_retry_after_parsing(value, expected):
    from email.utils import parsedate_to_datetime

    now = parsedate_to_datetime("Wed, 21 Oct 2015 07:28:00 GMT").timestamp()
    assert providers.retry_after_seconds(value, now=now) == expected


def test_argos_missing_names_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "argostranslate", None)
    with pytest.raises(ProviderError, match=r"pip install argostranslate.*argospm install translate-en_cy"):
        providers.make_provider("argos")


def test_argos_with_a_model_translates_and_without_one_says_which(monkeypatch):
    class Lang:
        def __init__(self, code):
            self.code = code

        def get_translation(self, other):
            if (self.code, other.code) != ("en", "cy"):
                return None
            return types.SimpleNamespace(translate=lambda text: "CY " + text)

    translate_mod = types.ModuleType("argostranslate.translate")
    translate_mod.get_installed_languages = lambda: [Lang("en"), Lang("cy"), Lang("es")]
    package = types.ModuleType("argostranslate")
    package.translate = translate_mod
    monkeypatch.setitem(sys.modules, "argostranslate", package)
    monkeypatch.setitem(sys.modules, "argostranslate.translate", translate_mod)
    engine = providers.make_provider("argos")
    en, cy, es = parse_language("en-GB"), parse_language("cy"), parse_language("es")
    assert engine.translate("Rest ⟦0⟧", en, cy) == "CY Rest ⟦0⟧"
    with pytest.raises(ProviderError, match="argospm install translate-en_es"):
        engine.check(en, es)


def test_unknown_provider_and_missing_url_are_clear():
    with pytest.raises(ProviderError, match="unknown provider 'yandex'"):
        providers.make_provider("yandex")
    with pytest.raises(ProviderError, match=r"libretranslate needs the URL"):
        providers.make_provider("libretranslate")


def test_threads_without_an_exchange_still_get_a_timeout(monkeypatch):
    seen = {}

    def fake_request(method, url, **kwargs):
        seen.update(kwargs)
        return "ok"

    monkeypatch.setattr(requests, "request", fake_request)
    http.close_exchange()
    assert http.SHIM.get("http://127.0.0.1:9/x") == "ok"
    assert seen["timeout"] == http.DEFAULT_TIMEOUT
