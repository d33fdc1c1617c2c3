"""Every table of ``polyleaf.toml``, read as its stage will read it, before any stage runs.

``load_settings`` checks the shape of the file (known tables and keys); each stage
validates its own table when it starts.  A typo in a later stage's table (say
``provider = "libretranslat"``) would then be found only after earlier stages had
rewritten files.  :func:`validate` runs every stage's own reader up front, so a
command exits 3 with ``polyleaf.toml:LINE: message`` before anything is written.
"""

from __future__ import annotations

from .config import Settings


def validate(settings: Settings) -> None:
    """Raise the first :class:`~pipeline.errors.ConfigError` any stage would raise for these settings."""
    from .mt.options import do_not_translate, load_options

    options = load_options(settings)
    do_not_translate(settings)
    if options.provider:
        from .mt.providers import SPECS  # imported only when a provider is configured (it needs requests)

        if options.provider not in SPECS:
            raise settings.error(f"[translate] provider {options.provider!r} is not known (known: {', '.join(sorted(SPECS))})",
                                 "translate", "provider")
    from .glossary import load_glossary

    load_glossary(settings)  # [glossary], including its CSV/TBX file
    from .readability.settings import load as load_readability
    from .readability.settings import load_waivers

    load_readability(settings)
    load_waivers(settings)
    from .checks import load_checks_config

    load_checks_config(settings)
    from .gate import load_publish_settings

    load_publish_settings(settings)
    from .build import load_build_settings

    load_build_settings(settings)
    from .render.settings import load as load_export_settings

    load_export_settings(settings)
