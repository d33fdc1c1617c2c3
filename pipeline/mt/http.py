"""The HTTP edge under deep-translator: timeouts, one session per worker, what the server said.

deep-translator calls ``requests.get``/``requests.post`` at module level, with
no timeout, and turns every HTTP failure into an exception that has lost the
status and the ``Retry-After`` header.  :func:`install` points the ``requests``
name inside each deep-translator provider module at :data:`SHIM`, which sends
the same request through the calling thread's :class:`Exchange`: a
``requests.Session`` (kept-alive connections; tests mount a transport adapter
on it), a timeout, and a record of the last response or transport error so the
adapter can tell a 429 from a 500 from a timeout.

A thread that has not opened an exchange falls through to plain ``requests``
with the default timeout, so deep-translator keeps working for anyone else.
"""

from __future__ import annotations

import importlib
import threading
from dataclasses import dataclass, field
from typing import Any

import requests

DEFAULT_TIMEOUT = 30.0
_local = threading.local()


def new_session() -> requests.Session:
    """The session each worker uses (tests replace this to mount a recorded transport)."""
    session = requests.Session()
    session.headers["User-Agent"] = "polyleaf-mt"
    return session


@dataclass
class Exchange:
    """One worker's HTTP state: session, timeout, and the last thing the server (or network) did."""

    session: requests.Session
    timeout: float = DEFAULT_TIMEOUT
    last_response: requests.Response | None = None
    last_error: BaseException | None = None
    requests_sent: int = 0
    chars_sent: int = 0
    statuses: list[int] = field(default_factory=list)

    def reset(self) -> None:
        self.last_response = None
        self.last_error = None

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        self.requests_sent += 1
        self.last_response = None
        self.last_error = None
        try:
            response = self.session.request(method, url, **kwargs)
        except requests.RequestException as exc:
            self.last_error = exc
            raise
        self.last_response = response
        self.statuses.append(response.status_code)
        return response


def current() -> Exchange | None:
    return getattr(_local, "exchange", None)


def open_exchange(timeout: float = DEFAULT_TIMEOUT) -> Exchange:
    """The calling thread's exchange (created on first use)."""
    ex = current()
    if ex is None:
        ex = Exchange(session=new_session(), timeout=timeout)
        _local.exchange = ex
    ex.timeout = timeout
    return ex


def close_exchange() -> None:
    ex = current()
    if ex is not None:
        ex.session.close()
        _local.exchange = None


class _RequestsShim:
    """Stands in for the ``requests`` module inside deep-translator's provider modules."""

    def __getattr__(self, name: str) -> Any:  # exceptions, codes, ... as in requests
        return getattr(requests, name)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        ex = current()
        if ex is None:
            kwargs.setdefault("timeout", DEFAULT_TIMEOUT)
            return requests.request(method, url, **kwargs)
        return ex.request(method, url, **kwargs)

    def get(self, url: str, params: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, params=params, **kwargs)

    def post(self, url: str, data: Any = None, json: Any = None, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, data=data, json=json, **kwargs)


SHIM = _RequestsShim()
_lock = threading.Lock()


def install(module_name: str) -> Any:
    """Import ``deep_translator.<module_name>`` with its ``requests`` routed through :data:`SHIM`."""
    with _lock:
        module = importlib.import_module(f"deep_translator.{module_name}")
        if getattr(module, "requests", None) is not SHIM:  # the module itself records that it was routed
            module.requests = SHIM  # type: ignore[attr-defined]
        return module
