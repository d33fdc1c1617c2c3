"""One owner for the in-process memos (issue 17): ``pipeline.memo``.

* no module under ``pipeline/`` keeps a cache of its own (an AST scan of the package);
* every memo in the package is registered with the owner, and ``memo.clear()`` empties them all;
* memos are keyed by content: an edit that keeps a file's size and forges its old
  modification time (``os.utime``) is still seen, by the memos and by a build.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import os
import pkgutil
import time
from pathlib import Path

import pytest

import pipeline
from pipeline import memo
from pipeline.cli import main

PACKAGE = Path(pipeline.__file__).parent

#: Module-level containers that are mutated inside a function, and why that is not a cache.
#: (Containers filled while the module is imported and never changed after are constant tables
#: and need no entry.)
ALLOWED = {
    ("pipeline/checks/registry.py", "CHECKS"): "the check registry, filled by @check at import",
}

_CONTAINER_CALLS = {"dict", "list", "set", "defaultdict", "OrderedDict", "Counter", "deque", "bytearray"}
_CONTAINER_BASES = {"dict", "list", "set"}
_MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "popitem", "remove",
             "discard", "clear", "difference_update", "intersection_update", "symmetric_difference_update",
             "sort", "reverse", "appendleft", "extendleft", "__setitem__", "__delitem__"}


def _container_classes(tree: ast.Module) -> set[str]:
    return {
        node.name for node in tree.body
        if isinstance(node, ast.ClassDef) and any(isinstance(b, ast.Name) and b.id in _CONTAINER_BASES for b in node.bases)
    }


def _is_container(value: ast.expr | None, classes: set[str]) -> bool:
    if isinstance(value, (ast.Dict, ast.List, ast.Set, ast.DictComp, ast.ListComp, ast.SetComp)):
        return True
    if isinstance(value, ast.Call):
        func = value.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        return name in _CONTAINER_CALLS or name in classes
    return False


def _assigned(node: ast.stmt) -> list[tuple[str, ast.expr | None]]:
    if isinstance(node, ast.Assign):
        return [(t.id, node.value) for t in node.targets if isinstance(t, ast.Name)]
    if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
        return [(node.target.id, node.value)]
    return []


def _mutated(tree: ast.AST, is_target) -> set[str]:
    """Names (as ``is_target`` reads them from an expression) mutated anywhere under ``tree``."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Subscript,)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.add(is_target(node.value))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in _MUTATORS:
            found.add(is_target(node.func.value))
        elif isinstance(node, ast.AugAssign):
            found.add(is_target(node.target.value if isinstance(node.target, ast.Subscript) else node.target))
    found.discard(None)
    return found


def _functions(tree: ast.AST):
    return [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))]


def module_caches(path: Path) -> list[str]:
    """What in one module looks like a cache it keeps for itself (``path:line: what``)."""
    rel = path.relative_to(PACKAGE.parent).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    problems = []
    classes = _container_classes(tree)
    containers = {}
    for node in tree.body:
        for name, value in _assigned(node):
            if _is_container(value, classes):
                containers[name] = node.lineno
    by_name = lambda e: e.id if isinstance(e, ast.Name) else None  # noqa: E731
    at_runtime = set()
    for fn in _functions(tree):
        at_runtime |= _mutated(fn, by_name)
    for name in sorted(set(containers) & at_runtime):
        if (rel, name) not in ALLOWED:
            problems.append(f"{rel}:{containers[name]}: module-level {name} is mutated at run time")
    # class attributes holding a container, mutated through self/cls (shared by every instance)
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        shared = {name: node.lineno for node in cls.body for name, value in _assigned(node) if _is_container(value, classes)}
        if not shared:
            continue
        per_instance = {
            t.attr for fn in _functions(cls) for n in ast.walk(fn) if isinstance(n, ast.Assign)
            for t in n.targets if isinstance(t, ast.Attribute) and isinstance(t.value, ast.Name) and t.value.id == "self"
        }
        on_self = lambda e: e.attr if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name) and e.value.id in ("self", "cls", cls.name) else None  # noqa: E731
        for name in sorted((set(shared) - per_instance) & set().union(*(_mutated(fn, on_self) for fn in _functions(cls)))):
            problems.append(f"{rel}:{shared[name]}: class attribute {cls.name}.{name} is mutated at run time")
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            problems.append(f"{rel}:{node.lineno}: global {', '.join(node.names)} (module state set at run time)")
        if rel != "pipeline/memo.py":
            if isinstance(node, ast.ImportFrom) and node.module == "functools":
                bad = [a.name for a in node.names if a.name in ("lru_cache", "cache")]
                if bad:
                    problems.append(f"{rel}:{node.lineno}: functools.{bad[0]} imported (use pipeline.memo.pure)")
            if isinstance(node, ast.Attribute) and node.attr in ("lru_cache", "cache") and ast.unparse(node.value) == "functools":
                problems.append(f"{rel}:{node.lineno}: functools.{node.attr} (use pipeline.memo.pure)")
    return problems


def test_no_module_keeps_a_cache_of_its_own():
    problems = [p for path in sorted(PACKAGE.rglob("*.py")) for p in module_caches(path)]
    assert problems == []


@pytest.mark.parametrize("rel, name", sorted(ALLOWED))
def test_each_allowed_container_is_still_there_and_mutated(monkeypatch, rel, name):
    """An allow-list entry that the scan would no longer flag is stale: remove it."""
    monkeypatch.delitem(ALLOWED, (rel, name))
    assert any(f": module-level {name} is mutated" in p for p in module_caches(PACKAGE.parent / rel))


def test_the_scan_finds_each_kind_of_hidden_cache(tmp_path):
    """The scan above would see the caches this issue removed (so its silence means something)."""
    bad = PACKAGE / "_scan_probe.py"  # module_caches names paths relative to the package
    bad.write_text(
        "import functools\n"
        "from functools import lru_cache\n"
        "_TABLE = {1: 2}\n"  # constant: fine
        "_SEEN = {}\n"
        "_USED: set = set()\n"
        "_ENV = None\n"
        "class _Codes(dict):\n"
        "    codes: dict = {}\n"
        "    def __missing__(self, k):\n"
        "        self.codes[k] = k\n"
        "        return k\n"
        "_CODES = _Codes()\n"
        "def f(x):\n"
        "    global _ENV\n"
        "    _SEEN[x] = x\n"
        "    _USED.add(x)\n"
        "    _CODES.clear()\n"
        "    return _TABLE.get(x)\n"
        "g = functools.lru_cache(maxsize=8)(f)\n",
        encoding="utf-8",
    )
    try:
        found = "\n".join(module_caches(bad))
    finally:
        bad.unlink()
    for needle in ("_SEEN is mutated", "_USED is mutated", "_CODES is mutated", "_Codes.codes is mutated",
                   "global _ENV", "functools.lru_cache imported", "functools.lru_cache (use"):
        assert needle in found
    assert "_TABLE" not in found


def _import_all() -> list:
    return [importlib.import_module(m.name) for m in pkgutil.walk_packages(pipeline.__path__, "pipeline.")]


def test_every_memo_in_the_package_is_registered_with_the_owner():
    modules = _import_all()
    owned = {id(v) for v in memo.MEMOS.entries().values()}
    found = []
    for module in modules:
        for name, value in vars(module).items():
            if callable(getattr(value, "cache_clear", None)) and getattr(value, "__module__", None) == module.__name__:
                found.append((f"{module.__name__}.{name}", id(value) in owned))
            elif isinstance(value, (dict, set)) and id(value) in owned:
                found.append((f"{module.__name__}.{name}", True))
    assert len(found) >= 50  # 52 pure memos and 9 tables when this was written
    assert [name for name, ok in found if not ok] == []


def _unowned_containers() -> dict[str, object]:
    owned = {id(v) for v in memo.MEMOS.entries().values()}
    found = {}
    for module in _import_all():
        for name, value in vars(module).items():
            if isinstance(value, (dict, list, set, bytearray)) and id(value) not in owned and not name.startswith("__"):
                found[f"{module.__name__}.{name}"] = value
    return found


def test_a_build_changes_no_module_level_container_outside_the_owner(runner, project):
    """The dynamic half of the scan: whatever module (or other module) might mutate a
    module-level dict, list or set, a build (extract, check, score, render, publish) leaves
    every one the owner does not hold as it was (the check registry is filled at import)."""
    before = {name: type(value)(value) for name, value in _unowned_containers().items()}
    r = runner.invoke(main, ["-C", str(project), "build", "-f", "html", "--no-translate"])
    assert r.exit_code in (0, 1), r.output
    after = _unowned_containers()
    assert len(before) > 50  # the constant tables (96 when this was written)
    assert [name for name, value in before.items() if after.get(name) != value] == []


def test_clearing_the_owner_empties_every_memo_a_build_filled(runner, project, monkeypatch):
    from pipeline import catalogs

    _import_all()
    monkeypatch.setattr(catalogs, "_RACY_NS", -(10**19))  # the copied project's files are memoised at once
    memo.clear()
    r = runner.invoke(main, ["-C", str(project), "build", "-f", "html", "--no-translate"])
    assert r.exit_code in (0, 1), r.output
    filled = {name for name in memo.MEMOS.names() if memo.MEMOS.size(name)}
    for name in ("pipeline.catalogs.digests", "pipeline.catalogs.shared", "pipeline.source.parsed",
                 "pipeline.readability.engine.chunks", "pipeline.readability.engine.word_info",
                 "pipeline.checks.text.urls", "pipeline.po.linebreak.lb_class", "pipeline.languages.parse_language"):
        assert name in filled
    memo.clear("pipeline.readability.")
    assert not any(memo.MEMOS.size(n) for n in filled if n.startswith("pipeline.readability."))
    assert memo.MEMOS.size("pipeline.catalogs.shared")  # another prefix: kept
    memo.clear()
    assert {name: memo.MEMOS.size(name) for name in memo.MEMOS.names() if memo.MEMOS.size(name)} == {}


def _same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Replace ``old`` by ``new`` (same length) and set the modification time back to what it was."""
    assert len(old) == len(new)
    st = os.stat(path)
    data = path.read_bytes()
    assert data.count(old) >= 1
    time.sleep(0.05)  # past the kernel's timestamp granularity: the change time moves on
    path.write_bytes(data.replace(old, new, 1))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (st.st_size, st.st_mtime_ns)


@pytest.mark.parametrize("racy_window", [True, False], ids=["racy-window", "no-racy-window"])
def test_a_same_size_edit_with_a_forged_mtime_is_seen(tmp_path, monkeypatch, racy_window):
    from pipeline import catalogs, source

    if not racy_window:  # memoise at once, as for a file changed long ago: only the stamp can tell
        monkeypatch.setattr(catalogs, "_RACY_NS", -(10**19))
    memo.clear()
    po = tmp_path / "c.po"
    po.write_bytes(b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello"\nmsgstr "Hola"\n')
    os.utime(po, ns=(10**18, 10**18))
    md = tmp_path / "doc.md"
    md.write_bytes(b"# Title\n\nHello there.\n")
    first = catalogs.read_catalog_shared(po)
    assert catalogs.file_digest(po) == hashlib.sha256(po.read_bytes()).hexdigest()
    doc = source.read_document(md, tmp_path)
    if not racy_window:
        assert po.as_posix() in catalogs._DIGESTS  # memoised by its stamp

    _same_size_edit(po, b'"Hola"', b'"Ciao"')
    _same_size_edit(md, b"there", b"THERE")
    assert catalogs.file_digest(po) == hashlib.sha256(po.read_bytes()).hexdigest()
    assert catalogs.read_catalog_shared(po).find("Hello").msgstr == "Ciao"
    assert first.find("Hello").msgstr == "Hola"  # the earlier parse is not changed under its reader
    again = source.read_document(md, tmp_path)
    assert again.source_hash != doc.source_hash and "THERE" in again.segments[-1].text


def test_a_build_sees_a_forged_mtime_edit_in_process_and_in_the_next_process(runner, project, monkeypatch):
    """Two builds in one process (the owner keeps its memos), then one after ``memo.clear()``
    (a new process: digests come from ``digests.json``); each sees a same-size edit whose
    modification time was set back."""
    from pipeline import catalogs

    monkeypatch.setattr(catalogs, "_RACY_NS", -(10**19))  # every digest memoised and recorded at once
    memo.clear()
    build = lambda: runner.invoke(main, ["-C", str(project), "build", "-f", "html", "--no-translate"])  # noqa: E731
    r = build()
    assert r.exit_code in (0, 1), r.output
    page = project / "dist" / "site" / "immunotherapy" / "es" / "index.html"
    assert page.is_file()
    po = project / "locales" / "es" / "LC_MESSAGES" / "immunotherapy.po"
    word = "inmunoterapia"
    assert word in page.read_text(encoding="utf-8")
    for n, (old, new) in enumerate([(word, "INMUNOTERAPIA"), ("INMUNOTERAPIA", "inmunoTERAPIA")]):
        if n == 1:
            memo.clear()  # as a new process would start
        _same_size_edit(po, old.encode(), new.encode())
        r = build()
        assert r.exit_code in (0, 1), r.output
        assert new in page.read_text(encoding="utf-8"), f"build {n + 2} did not see the edit"


def test_an_owner_registers_clears_by_prefix_and_refuses_a_name_twice():
    owner = memo.Memos()
    calls = []

    @owner.pure(maxsize=8)
    def double(x: int) -> int:
        calls.append(x)
        return 2 * x

    table = owner.table("pkg.mod.table")
    other = owner.table("other.mod.seen", set)
    assert [double(2), double(2)] == [4, 4] and calls == [2]  # memoised
    table["k"] = 1
    other.add("x")
    name = f"{__name__}.{double.__qualname__}"
    assert owner.names() == sorted([name, "pkg.mod.table", "other.mod.seen"])
    owner.clear("pkg.")
    assert table == {} and other == {"x"} and owner.size(name) == 1
    owner.clear()
    assert other == set() and owner.size(name) == 0
    double(2)
    assert calls == [2, 2]  # computed again after clear()
    with pytest.raises(ValueError, match="registered twice"):
        owner.table("pkg.mod.table")
    with pytest.raises(TypeError, match="no clear"):
        owner.table("pkg.mod.tuple", tuple)


@pytest.mark.parametrize("new_process", [False, True], ids=["same-process", "new-process"])
def test_check_findings_see_a_forged_mtime_edit(runner, project, new_process):
    """The findings cache (``checks/*.json``) skipped a catalog whose size and mtime were as
    checked; a same-size edit with its mtime set back kept its "0 errors".  The stamp has the
    change time now."""
    memo.clear()
    check = lambda: runner.invoke(main, ["-C", str(project), "check", "-l", "es"])  # noqa: E731
    r = check()
    assert r.exit_code == 0 and "question-lost" not in r.output, r.output
    if new_process:
        memo.clear()
    _same_size_edit(project / "locales" / "es" / "LC_MESSAGES" / "immunotherapy.po",
                    "inmunoterapia?\"".encode(), "inmunoterapia.\"".encode())
    r = check()
    assert r.exit_code == 1 and "question-lost" in r.output, r.output


def test_a_ui_catalog_edit_with_a_forged_mtime_is_seen(tmp_path, monkeypatch):
    """UI catalogs were compiled once per (path, size, mtime); now per (path, sha256)."""
    from pipeline import catalogs
    from pipeline.languages import parse_language
    from pipeline.ui import DOMAIN, ui_for

    monkeypatch.setattr(catalogs, "_RACY_NS", -(10**19))  # memoise the digest at once: only the stamp can tell
    memo.clear()
    po = tmp_path / "locales" / "es" / "LC_MESSAGES" / f"{DOMAIN}.po"
    po.parent.mkdir(parents=True)
    po.write_text('msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Skip to content"\nmsgstr "Saltar al AAA"\n', encoding="utf-8")
    es = parse_language("es")
    assert ui_for(es, tmp_path / "locales").gettext("Skip to content") == "Saltar al AAA"
    _same_size_edit(po, b"AAA", b"BBB")
    assert ui_for(es, tmp_path / "locales").gettext("Skip to content") == "Saltar al BBB"
