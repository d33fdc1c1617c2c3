"""Polyleaf: publish patient leaflets in many languages, safely and readably.

Stages hand off through files, make-style::

    source/*.md -> locales/templates/*.pot -> locales/<lang>/LC_MESSAGES/*.po
                -> reports/ (readability) -> dist/ (HTML, PDF, site)
"""

__version__ = "0.1.0"
