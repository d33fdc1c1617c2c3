"""The PO format: strict reading (every error with its line) and GNU-identical writing.

Catalogs are held in memory as :mod:`polib` objects, so every stage (and every
user script) can work with the well-known ``POFile``/``POEntry`` API; this
package only owns the text format: :func:`read_po` / :func:`parse_po`,
:func:`generate_po` / :func:`encode_po`, and the tools for catalogs from elsewhere
(:func:`check_catalog_file`, :func:`normalize_bytes`).
"""

from .reader import Decoded, Notice, decode_po, parse_po, read_po, unescape
from .tools import FileCheck, Finding, check_catalog_file, normalize_bytes, normalized
from .writer import encode_po, generate_po, iter_po

__all__ = [
    "Decoded", "FileCheck", "Finding", "Notice", "check_catalog_file", "decode_po", "encode_po", "generate_po", "iter_po",
    "normalize_bytes", "normalized", "parse_po", "read_po", "unescape",
]
