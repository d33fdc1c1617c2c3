"""In-process memos: one owner, every memo registered with it, cleared in one place.

Polyleaf keeps two kinds of values in memory between calls, and both are made here:

* **pure memos** (:meth:`Memos.pure`): ``functools.lru_cache`` of a pure function of its
  arguments (a word's syllables, a plural formula, a text's URLs, a Jinja environment);
* **tables** (:meth:`Memos.table`): a named dict or set whose keys are contents, never a
  file's identity: ``(path, sha256 of the bytes, options) -> Document``, ``(path, sha256)
  -> catalog``, a word -> its counts.  The one table keyed by a file's stat is the digest
  memo (``pipeline.catalogs.file_digest``), the step that turns a file into its content key;
  its stamp includes the change time, which ``os.utime`` cannot set back.

Because every key is content, a memo's lifetime changes speed, never a result: a build run
in a process that built before gives the same bytes as a fresh one (pinned by
``tests/test_memo.py``).  That is why the owner is one object per process, :data:`MEMOS`,
and not threaded through every call: pure memos sit under per-word loops (syllable counting,
line breaking) whose signatures would all grow an argument for no change in behaviour, and a
Dask worker is its own process with its own owner anyway.  It is the only module-level
owner of mutable state in ``pipeline/`` (``tests/test_memo.py`` scans the package for any
other) and :func:`clear` empties everything it owns, or the part under one module prefix
(``clear("pipeline.readability")``: benchmarks measuring a cold start).

A module binds what the owner made to a module-level name, exactly as a decorator binds a
function::

    from . import memo

    _PARSED = memo.table(f"{__name__}.parsed")       # a dict the owner clears

    @memo.pure(maxsize=4096)
    def lb_class(ch: str) -> str: ...
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")


class Memos:
    """The owner: name -> registered memo (an ``lru_cache`` function or a table)."""

    def __init__(self) -> None:
        self._entries: dict[str, Any] = {}

    def pure(self, maxsize: int | None = 128) -> Callable[[F], F]:
        """Decorator: ``functools.lru_cache(maxsize)`` of a pure function, registered by its
        module and qualified name (the returned object *is* the ``lru_cache`` wrapper: no cost)."""

        def register(fn: F) -> F:
            cached = functools.lru_cache(maxsize=maxsize)(fn)
            self._add(f"{fn.__module__}.{fn.__qualname__}", cached)
            return cached  # type: ignore[return-value]

        return register

    def table(self, name: str, factory: Callable[[], T] = dict) -> T:  # type: ignore[assignment]
        """A new named table (``factory()``: a dict, a set, or a dict subclass that fills itself);
        :meth:`clear` empties it in place, so the module's reference stays valid.  ``name``
        starts with the owning module's ``__name__``."""
        value = factory()
        if not callable(getattr(value, "clear", None)):
            raise TypeError(f"memo table {name!r} has no clear()")
        self._add(name, value)
        return value

    def _add(self, name: str, entry: Any) -> None:
        if name in self._entries:  # two memos under one name: the first would never be cleared
            raise ValueError(f"memo {name!r} registered twice")
        self._entries[name] = entry

    def names(self) -> list[str]:
        return sorted(self._entries)

    def entries(self) -> dict[str, Any]:
        return dict(self._entries)

    def size(self, name: str) -> int:
        """Entries held by one memo (``currsize`` of a pure memo, ``len`` of a table)."""
        entry = self._entries[name]
        info = getattr(entry, "cache_info", None)
        return info().currsize if info is not None else len(entry)

    def clear(self, prefix: str = "") -> None:
        """Empty every memo whose name starts with ``prefix`` (all of them by default)."""
        for name, entry in list(self._entries.items()):
            if name.startswith(prefix):
                clear_cache = getattr(entry, "cache_clear", None)
                (clear_cache or entry.clear)()


#: The one owner in the process (see the module docstring for why it is not passed around).
MEMOS = Memos()
pure = MEMOS.pure
table = MEMOS.table
clear = MEMOS.clear
