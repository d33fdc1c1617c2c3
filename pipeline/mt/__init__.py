"""Machine-translated drafts for human review.

Modules, pure core first:

* :mod:`.masking` -- protect markup, URLs, numbers, doses, phones and
  do-not-translate terms behind ``⟦n⟧`` placeholders; restore and report losses;
* :mod:`.pseudo` -- pseudo-localisation;
* :mod:`.drafts` -- which entries may be filled, how a fill is written (fuzzy +
  ``polyleaf-mt`` provenance), how texts are grouped into requests;
* :mod:`.memory` -- reviewed translations of the same language, any document;
* :mod:`.options` -- the ``[translate]`` settings table;
* :mod:`.providers` -- the provider protocol, deep-translator adapters (Google,
  DeepL, Microsoft, MyMemory, LibreTranslate), Argos, pseudo; failure classes;
* :mod:`.http` -- the HTTP edge under deep-translator (timeouts, sessions,
  status and ``Retry-After``);
* :mod:`.run` -- the run loop: memory, de-duplication, batches, bounded
  concurrency, retries, saving as results arrive.
"""

__all__ = ["LanguageReport", "translate_language"]


def __getattr__(name: str):
    # imported on first use: reading [translate] settings (an offline build does) must not load
    # requests and every provider
    if name in __all__:
        from . import run

        return getattr(run, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
