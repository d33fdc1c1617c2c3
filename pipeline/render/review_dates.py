"""When a leaflet was last reviewed and when it is next due (Patient Information Forum practice).

Every page and PDF shows both dates, in the reader's language.  Where they come
from, first found wins:

- last reviewed: the source's metadata (``last_reviewed``, when the source has
  front matter), ``[export.documents.<doc>] last_reviewed``, ``[export] review_date``,
  else the catalog's ``PO-Revision-Date`` (its date part);
- next review: the source's metadata (``next_review``), ``[export.documents.<doc>] next_review``,
  ``[export] next_review``, else none (and the page shows none).

:func:`overdue` lists the documents whose next review date has passed: ``polyleaf check``
and ``polyleaf publish`` print them as warnings (they do not block publishing).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

import polib

from ..config import Settings
from ..model import Diagnostic, Document
from .settings import ExportSettings

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class ReviewDates:
    last_reviewed: str  # ISO date or ""
    next_review: str  # ISO date or ""


def _metadata(doc: Document, key: str) -> str:
    meta = getattr(doc, "metadata", None)
    if not isinstance(meta, dict):
        return ""
    value = meta.get(key)
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE.match(value.strip()):
        return _DATE.match(value.strip()).group(1)
    return ""


def review_date_of(catalog: polib.POFile | None, export: ExportSettings) -> str:
    """``[export] review_date``, else the catalog's PO-Revision-Date (date part), else empty."""
    if export.review_date:
        return export.review_date
    if catalog is None:
        return ""
    m = _DATE.match(catalog.metadata.get("PO-Revision-Date", ""))
    return m.group(1) if m else ""


def review_dates(settings: Settings, doc: Document, catalog: polib.POFile | None, export: ExportSettings) -> ReviewDates:
    per_doc = export.document(doc.name)
    last = _metadata(doc, "last_reviewed") or per_doc.get("last_reviewed", "") or review_date_of(catalog, export)
    nxt = _metadata(doc, "next_review") or per_doc.get("next_review", "") or export.next_review
    return ReviewDates(last, nxt)


def overdue(settings: Settings, docs: Iterable[Document], export: ExportSettings, today: _dt.date | None = None) -> list[Diagnostic]:
    """A warning per document whose next review date is before ``today``."""
    today = today or _dt.date.today()
    out = []
    for doc in docs:
        nxt = review_dates(settings, doc, None, export).next_review
        if nxt and _dt.date.fromisoformat(nxt) < today:
            out.append(Diagnostic(doc.path, 1, "review-overdue",
                                  f"next review date {nxt} has passed ({(today - _dt.date.fromisoformat(nxt)).days} days ago): "
                                  "review the leaflet and set a new next_review", "warning", ""))
    return out
