"""Export: accessible HTML and print-ready PDF (see README, "Export", and docs/export.md).

The API the publish gate calls:

- :func:`render_html` -- ``(settings, doc, lang, catalog, *, draft, languages_available) -> str``, pure;
- :func:`export` -- ``(settings, docs, langs, formats, draft, jobs, out_dir) -> list[Path]``, writes files;
  refuses (ExportError) to publish a language with any segment not reviewed.
"""

from .export import Job, default_out_dir, export, plan
from .html import render_html
from .pdf import render_pdf
from .settings import ExportSettings
from .settings import load as load_export_settings

__all__ = ["ExportSettings", "Job", "default_out_dir", "export", "load_export_settings", "plan", "render_html", "render_pdf"]
