"""The site writer: HTML and PDF of published languages only, into ``<dist>/site/``.

Pages are rendered into a staging folder and copied when every one rendered; a page whose
inputs (source, catalogs, settings, rendering code, UI labels) hash as recorded in
``.polyleaf-cache/site.json`` and whose files are on disk as written is not rendered again.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path

from . import __version__, cachefile
from .catalogs import inputs_hash, load_documents
from .config import Settings
from .errors import ExportError
from .fsutil import would_change, write_if_changed
from .gate import PublishDecision
from .languages import Language
from .model import Document

SITE_CACHE = ".polyleaf-cache/site.json"


def _render_code_key() -> str:
    """The rendering code and templates: a change there re-renders every page."""
    from . import render

    h = hashlib.sha256(__version__.encode())
    base = Path(render.__file__).parent
    for path in sorted(base.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".j2", ".html", ".css", ".toml"):
            h.update(path.relative_to(base).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()


def _page_key(settings: Settings, doc: Document, published: Sequence[Language], fmts: Sequence[str], code_key: str,
              ui_keys: dict | None = None) -> str:
    """``ui_keys``: this run's label fingerprints by language set (most documents share one set,
    so the polyleaf-ui catalogs are read once per set, not once per document)."""
    from .ui import fingerprint  # the pages' labels: shipped and project polyleaf-ui catalogs

    langs = (settings.source_language, *published)
    codes = tuple(l.code for l in langs)
    ui_key = ui_keys.get(codes) if ui_keys is not None else None
    if ui_key is None:
        ui_key = fingerprint(langs, settings.locales_dir)
        if ui_keys is not None:
            ui_keys[codes] = ui_key
    return inputs_hash(settings, [doc], published, code_key, ",".join(fmts), ui_key)


TITLES_CACHE = ".polyleaf-cache/titles.json"  # the index's page titles by source hash, catalog sha256, language


def _load_titles(settings: Settings, code_key: str):
    """The index memo (:class:`~pipeline.render.site_index.TitleMemo`: titles, finished entries, the
    page's key) recorded by the last build with this rendering code."""
    from .render.site_index import TitleMemo

    data = cachefile.read_json(settings.root / TITLES_CACHE)
    if isinstance(data, dict) and data.get("code") == code_key and isinstance(data.get("titles"), dict):
        items = data.get("items")
        memo = TitleMemo(data["titles"], items if isinstance(items, dict) else {})
        memo.known_page = data.get("page")
        return memo
    return TitleMemo()


def _load_site_cache(settings: Settings) -> dict:
    data = cachefile.read_json(settings.root / SITE_CACHE)
    return data if isinstance(data, dict) else {}


def output_record(path: Path, sha: str) -> list:
    """What a make-style cache keeps of a file it wrote: ``[sha256, size, mtime_ns]``."""
    try:
        st = path.stat()
    except OSError:
        return [sha, -1, -1]
    return [sha, st.st_size, st.st_mtime_ns]


def outputs_intact(settings: Settings, outputs: dict) -> bool:
    """Every recorded output (project-relative path -> :func:`output_record`, or a bare sha256) is
    on disk as it was written: same size and modification time (as make and git judge), else the
    same content hash."""
    if not outputs:
        return False
    for rel, record in outputs.items():
        sha, size, mtime = (record, None, None) if isinstance(record, str) else (list(record) + [None, None, None])[:3]
        path = settings.root / rel
        try:
            if size is not None:
                st = os.stat(path)
                if st.st_size == size and st.st_mtime_ns == mtime:
                    continue
            if not isinstance(sha, str) or hashlib.sha256(path.read_bytes()).hexdigest() != sha:
                return False
        except OSError:
            return False
    return True


def _previous_documents(site: Path) -> set[str]:
    """Documents named by the site's current manifest.json (what the last publish shipped)."""
    try:
        data = json.loads((site / "manifest.json").read_text(encoding="utf-8"))
        return {str(d["document"]) for d in data.get("decisions", []) if isinstance(d, dict) and "document" in d}
    except (OSError, ValueError, TypeError, AttributeError, KeyError):
        return set()


def publish_site(settings: Settings, decisions: Sequence[PublishDecision], documents: Sequence[Document] | None = None,
                 formats: Sequence[str] | None = None, jobs: int | None = None, check: bool = False,
                 stale: list[str] | None = None, executor=None) -> list[Path]:
    """Render the source language and every published language into ``<dist>/site/``; remove held-back ones.

    Pages are rendered into a staging folder first and copied into the site only when every one
    of them rendered, so a failure (a missing font, say) leaves the site as it was.

    Per document the export renders the published languages together (so each page's language
    switcher lists exactly those), publishing reviewed text only (:func:`pipeline.review.is_reviewed`:
    a stale approval is not published).  A language that was published before and is held back now
    has its folder removed, so the site never keeps a language the gate refused; a document
    whose source was deleted (named in the last manifest, gone now) has its folder removed too,
    and so does a document whose source has an error (:func:`pipeline.gate.source_errors`): not
    even its source-language page ships until the source is fixed.
    With ``check`` nothing is written; ``stale`` collects ``"path: would ..."`` for every file
    that is missing, different, or would be removed.  With a Dask ``executor``
    (:mod:`pipeline.executor`) each document's pages are rendered by a task that returns their
    bytes, or stages them beside the site; they are put into the site here once every task has
    returned (a failed task raises before any page moves).
    """
    import shutil

    from .render import export as render_export
    from .render import load_export_settings
    from .review import is_reviewed

    from .gate import source_errors

    docs = list(documents) if documents is not None else load_documents(settings)
    broken = {doc.name for doc in docs if source_errors(doc)}  # held in every language, source included
    es = load_export_settings(settings)
    fmts = tuple(formats or es.formats)
    site = settings.dist_dir / "site"
    memo = _load_site_cache(settings) if not check else {}
    code_key = _render_code_key()
    ui_keys: dict[tuple[str, ...], str] = {}
    found: list[str] = [] if stale is None else stale

    def note(path: Path, changed: bool) -> None:
        if changed:
            found.append(f"{settings.rel(path)}: would {'update' if path.exists() else 'create'}")
    # Render everything into a staging folder first: if any page fails, the site is not touched
    # (never a partial language); then copy what changed, file by file, atomically.
    staging = settings.dist_dir / f".site-staging-{os.getpid()}"
    paths: list[Path] = []
    fresh: dict[str, dict] = {}
    remote_facts: dict[str, list] = {}  # the index's titles and review dates, found by the render tasks
    try:
        rendered: list[tuple[Document, Path]] = []
        shipped: dict[str, list[str]] = {}
        for d in decisions:
            if d.publish:
                shipped.setdefault(d.document, []).append(d.language)
        remote = executor is not None and executor.name != "serial" and not check
        tasks: list[tuple[Document, list[Language], str]] = []
        for doc in docs:
            if doc.name in broken:
                continue
            published = [settings.language(code) for code in shipped.get(doc.name, ())]
            key = _page_key(settings, doc, published, fmts, code_key, ui_keys)
            hit = memo.get(doc.path)
            if hit and hit.get("key") == key and outputs_intact(settings, hit.get("outputs", {})):
                paths += [settings.root / rel for rel in sorted(hit["outputs"])]
                fresh[doc.path] = hit
                continue  # same inputs, pages on disk as written: nothing to render (make-style)
            if remote:
                tasks.append((doc, published, key))
                fresh[doc.path] = {"key": key, "outputs": {}}
                continue
            # publication renders by the reviewed-only rule (review.is_reviewed), never by the
            # translated state (catalogs.is_translated, the renderer's default for `polyleaf export`)
            rendered += [(doc, p) for p in render_export(
                settings, [doc], [settings.source_language, *published], fmts, draft=False, jobs=jobs,
                out_dir=site if check else staging, export_settings=es, check=check, reviewed=is_reviewed,
                on_output=note if check else None)]
            fresh[doc.path] = {"key": key, "outputs": {}}
        if tasks:
            paths += _render_remote(settings, executor, tasks, fmts, es, site, staging, fresh, remote_facts)
        for doc, path in rendered:
            final = path if check else site / path.relative_to(staging)
            if not check:
                data = path.read_bytes()
                try:
                    write_if_changed(final, data, durable=False)
                except OSError as exc:
                    raise ExportError(f"cannot write: {exc.strerror}", settings.rel(final)) from None
                fresh[doc.path]["outputs"][settings.rel(final)] = output_record(final, hashlib.sha256(data).hexdigest())
            paths.append(final)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    if not check and fresh != memo:  # (an unchanged record is not even serialised)
        cachefile.write_json(settings.root / SITE_CACHE, fresh)
    for folder in _gone(settings, site, docs, shipped, broken):
        if check:
            found.append(f"{settings.rel(folder)}/: would remove")
        else:
            shutil.rmtree(folder)
    from .render.site_index import write_site_index

    titles = _load_titles(settings, code_key)
    titles.known.update(remote_facts)
    index = write_site_index(settings, decisions, [doc for doc in docs if doc.name not in broken], site, fmts, es, titles)
    if not check and not titles.unchanged:
        cachefile.write_json(settings.root / TITLES_CACHE, {"code": code_key, "titles": titles.used, "items": titles.used_items,
                                                            "page": titles.used_page})
    path = site / "index.html"
    try:
        changed = would_change(path, index) if check else write_if_changed(path, index, durable=False)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror}", settings.rel(path)) from None
    if check and changed:
        note(path, True)
    paths.append(path)
    return paths


def _render_remote(settings: Settings, executor, tasks: list, fmts: Sequence[str], es, site: Path, staging: Path,
                   fresh: dict, facts: dict) -> list[Path]:
    """Each ``(document, published languages, page key)`` rendered by a task, and its pages put
    into the site here once every task has returned (a failed task raises before any page moves:
    the site is left as it was), recorded in ``fresh`` (the site cache); ``facts`` collects the
    site index's title and review dates of every page, so this process does not render them again.

    A task writes each page whose bytes differ from the site's into its own folder under
    ``staging`` (atomically; a killed attempt's folder is never used, and removed with the
    staging folder), and this process moves them into the site: a whole folder at once where the
    site has none yet (a new document or language), else file by file (``os.replace``).  A task
    that cannot write there returns the bytes, written here.  The site files, in order."""
    from .executor import task_key

    staging.mkdir(parents=True, exist_ok=True)
    results = executor.map(render_document, [(settings, doc, tuple(l.code for l in published), fmts, es, str(staging))
                                             for doc, published, _ in tasks],
                           [task_key("render", doc.path, key) for doc, _, key in tasks])
    for (doc, _, _), (files, _) in zip(tasks, results):  # every staged page here before any moves (a worker
        for rel, payload in files:                            # that wrote to a disk of its own: nothing moved)
            if not isinstance(payload, bytes) and payload[1] and not Path(payload[1], rel).is_file():
                raise ExportError("a render task staged this page where this process cannot see it: Dask workers "
                                  "must share the project folder", settings.rel(site / rel))
    written = []
    for (doc, _, _), (files, found) in zip(tasks, results):
        facts.update(found)
        for rel, payload in files:
            final = site / rel
            try:
                if isinstance(payload, bytes):
                    write_if_changed(final, payload, durable=False)
                    sha = hashlib.sha256(payload).hexdigest()
                else:
                    sha, folder = payload
                    if folder:
                        _move_staged(Path(folder), rel, site)
            except OSError as exc:
                raise ExportError(f"cannot write: {exc.strerror}", settings.rel(final)) from None
            fresh[doc.path]["outputs"][settings.rel(final)] = output_record(final, sha)
            written.append(final)
    return written


def _move_staged(folder: Path, rel: str, site: Path) -> None:
    """Move the page ``rel`` a task staged under ``folder`` into ``site``: with the highest
    folder of its path the site does not have yet (every page under it came from the same task),
    else the file itself, replacing the site's (atomic); nothing when it moved with a folder."""
    parts = Path(rel).parts
    if not folder.joinpath(*parts).exists():
        return  # moved already, with its folder
    for depth in range(1, len(parts)):
        target = site.joinpath(*parts[:depth])
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(folder.joinpath(*parts[:depth]), target)
            return
    if not site.is_dir():
        site.mkdir(parents=True, exist_ok=True)
    os.replace(folder.joinpath(*parts), site.joinpath(*parts))


def _gone(settings: Settings, site: Path, docs: Sequence[Document], shipped: dict[str, list[str]],
          broken: set[str] = frozenset()) -> list[Path]:
    """Site folders to remove: held-back languages of current documents, documents whose source
    has an error (``broken``: every language, source included), and documents the last manifest
    named whose source is gone."""
    configured = {l.code for l in settings.languages}
    gone: list[Path] = []
    for doc in docs:
        keep = {settings.source_language.code, *shipped.get(doc.name, ())}
        doc_dir = site / doc.name
        if doc.name in broken:
            if doc_dir.is_dir():
                gone.append(doc_dir)
        elif doc_dir.is_dir():
            gone += [child for child in sorted(doc_dir.iterdir())
                     if child.is_dir() and child.name in configured and child.name not in keep]
    current = {doc.name for doc in docs}
    try:  # only a folder of no current document can be a retired one: the manifest is read only then
        others = any(child.is_dir() and child.name not in current for child in site.iterdir())
    except OSError:
        others = False
    if others:
        gone += [site / name for name in sorted(_previous_documents(site) - current)
                 if name and "/" not in name and name not in (".", "..") and (site / name).is_dir()]
    return gone


def render_document(settings: Settings, doc: Document, languages: Sequence[str], fmts: Sequence[str],
                    es, staging: str | None = None) -> tuple[list[tuple[str, object]], dict[str, list]]:
    """One document's pages (source language + ``languages``) as ``(path under the site, bytes)``,
    in the order :func:`pipeline.render.export` writes them, and the site index's facts of those
    pages (:class:`pipeline.render.site_index.TitleMemo`'s entries: title, review dates).  A Dask
    task: it writes nothing into the site (pages rendered in memory by the same functions).

    With ``staging`` (a folder beside the site), each page is ``(path, (sha256, folder))``: a page
    whose bytes differ from the site's is written under ``folder``, this attempt's own folder in
    ``staging`` (``""``: the site's file is already this page), for :func:`_render_remote` to move."""
    from .render.export import FORMATS, plan, preflight_glyphs, render_job
    from .render.site_index import TitleMemo, item_for
    from .review import is_reviewed

    root = Path("/polyleaf-site")  # the pages' paths are made relative to it; nothing is written there
    langs = [settings.source_language, *(settings.language(code) for code in languages)]
    formats = tuple(f for f in FORMATS if f in fmts)
    todo = plan(settings, [doc], langs, draft=False, out_dir=root, reviewed=is_reviewed)
    pages = preflight_glyphs(settings, todo, False, es, is_reviewed, formats) if "pdf" in formats else [None] * len(todo)
    out = []
    for job, page in zip(todo, pages):
        for fmt, data in render_job(settings, job, formats, False, es, is_reviewed, page).items():
            out.append(((job.html_path if fmt == "html" else job.pdf_path).relative_to(root).as_posix(), data))
    memo = TitleMemo()  # the same function the index calls, here in the task instead of in the client
    for lang in langs:
        item_for(settings, doc, lang, root, formats, es, langs, memo)
    return (_stage_pages(settings, out, Path(staging)) if staging is not None else out), memo.used


def _stage_pages(settings: Settings, pages: list[tuple[str, bytes]], staging: Path) -> list[tuple[str, object]]:
    """``pages`` written under a new folder of ``staging`` (only those whose bytes differ from
    the site's), as ``(path, (sha256, folder or ""))``; the pages themselves when that folder
    cannot be written (a worker with a read-only view of the project)."""
    import uuid

    from .fsutil import write_bytes_atomic

    site = settings.dist_dir / "site"
    folder = staging / uuid.uuid4().hex  # this attempt's own: a killed attempt's files are never moved
    out: list[tuple[str, object]] = []
    try:
        for rel, data in pages:
            try:
                same = (site / rel).read_bytes() == data
            except OSError:
                same = False
            if not same:
                write_bytes_atomic(folder / rel, data, durable=False)
            out.append((rel, (hashlib.sha256(data).hexdigest(), "" if same else str(folder))))
    except OSError:
        return list(pages)
    return out


# -- shards: `polyleaf build --shard K/N` outputs combined by `polyleaf publish --merge` -----------


def shard_settings(settings: Settings, shard: tuple[int, int], out: Path | None = None) -> Settings:
    """The settings of one shard's build: its site and reports under ``out``
    (default ``<dist>/shards/K-of-N/``), everything else the project's."""
    from dataclasses import replace

    k, n = shard
    folder = Path(out) if out is not None else settings.dist_dir / "shards" / f"{k}-of-{n}"
    if not folder.is_absolute():
        folder = settings.root / folder
    return replace(settings, dist_dir=folder, reports_dir=folder / "reports")


def merge_shards(settings: Settings, shard_dirs: Sequence[Path], formats: Sequence[str] | None = None) -> tuple[str, int]:
    """One site and manifest from the outputs of ``build --shard K/N`` (each a folder holding
    ``site/``): byte-identical to what a single build writes.  Every document of the project must
    be in exactly one shard.  Pages are copied (only when changed), files no shard has are
    removed, then ``index.html`` and, last, ``manifest.json`` are written.  Returns the manifest's
    project-relative path and the number of site files."""
    from types import SimpleNamespace

    from . import jsonfmt
    from .errors import PolyleafError
    from .render import load_export_settings
    from .render.site_index import write_site_index

    rows: list[dict] = []
    files: dict[str, bytes] = {}
    owner: dict[str, str] = {}
    for folder in shard_dirs:
        folder = Path(folder)
        ssite = folder / "site"
        shown = settings.rel(folder)
        try:
            data = json.loads((ssite / "manifest.json").read_text(encoding="utf-8"))
            decisions = data["decisions"]
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PolyleafError(f"not the output of `polyleaf build --shard` (no readable site/manifest.json): {exc}", shown) from None
        if data.get("project") != settings.name or data.get("version") != settings.version:
            raise PolyleafError(f"built for project {data.get('project')!r} {data.get('version')!r}, not {settings.name!r} {settings.version!r}", shown)
        for row in decisions:
            doc = row.get("document") if isinstance(row, dict) else None
            if not isinstance(doc, str):
                raise PolyleafError("manifest.json: a decision without a document", shown)
            if owner.setdefault(doc, shown) != shown:
                raise PolyleafError(f"document {doc!r} is in two shards ({owner[doc]} and {shown})", shown)
            rows.append(row)
        for p in sorted(ssite.rglob("*")):
            rel = p.relative_to(ssite).as_posix()
            if p.is_file() and rel not in ("manifest.json", "index.html"):
                files[rel] = p.read_bytes()
    docs = load_documents(settings)
    missing = sorted(d.name for d in docs if d.name not in owner)
    if missing:
        raise PolyleafError(f"no shard built {', '.join(missing)}: merge the output of every shard (1/N .. N/N)")
    rows.sort(key=lambda r: (r["document"], r["language"]))
    body = {
        "project": settings.name,
        "version": settings.version,
        "published": sorted({f"{r['document']}/{r['language']}" for r in rows if r.get("decision") == "publish"}),
        "decisions": rows,
    }
    site = settings.dist_dir / "site"
    try:
        for rel, data in files.items():
            write_if_changed(site / rel, data, durable=False)
        if site.is_dir():
            for p in sorted(site.rglob("*"), reverse=True):
                rel = p.relative_to(site).as_posix()
                if p.is_file() and rel not in files and rel not in ("manifest.json", "index.html"):
                    p.unlink()
                elif p.is_dir() and not any(p.iterdir()):
                    p.rmdir()
        es = load_export_settings(settings)
        # in the gate's order (documents, then configured languages), as a single build lists them
        by_pair = {(r["document"], r["language"]): r.get("decision") == "publish" for r in rows}
        decisions = [SimpleNamespace(document=d.name, language=l.code, publish=by_pair[(d.name, l.code)])
                     for d in docs for l in settings.languages if (d.name, l.code) in by_pair]
        from .gate import source_errors

        shown = [doc for doc in docs if not source_errors(doc)]  # as publish_site: a broken source is not listed
        write_if_changed(site / "index.html", write_site_index(settings, decisions, shown, site, tuple(formats or es.formats), es), durable=False)
        path = site / "manifest.json"
        write_if_changed(path, jsonfmt.dumps(body) + "\n", durable=False)
    except OSError as exc:
        raise ExportError(f"cannot write: {exc.strerror}", settings.rel(exc.filename or site)) from None
    return settings.rel(path), len(files) + 2
