"""The PO format: strict reading (every error with its line) and GNU-identical writing.

Catalogs are held in memory as :mod:`polib` objects, so every stage (and every
user script) can work with the well-known ``POFile``/``POEntry`` API; this
package only owns the text format: :func:`read_po` / :func:`parse_po` and
:func:`generate_po`.
"""

from .reader import decode_po, parse_po, read_po
from .writer import generate_po

__all__ = ["decode_po", "generate_po", "parse_po", "read_po"]
