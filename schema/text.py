"""Text from documents made safe to show: the one place control characters are removed.

Documents are untrusted, and a model name or a quote can carry terminal escape sequences
(an OSC `ESC ] 0;title BEL` that retitles the window, CSI colour or cursor codes, a
carriage return that overwrites the line) or bidi overrides that make text read in
another order than it is stored. `printable` removes them from everything benchtable
prints or renders (CLI output, Markdown/HTML/SVG reports); the database keeps the text as
the document had it (`raw`, `quote`).
"""

from __future__ import annotations

import re

_SEQUENCES = re.compile(
    r"""
      \x1b[\]P^_X] .*? (?: \x07 | \x1b\\ | \x9c | $ )   # OSC, DCS, PM, APC, SOS to its end (or the line's)
    | [\x90\x98\x9d-\x9f] .*? (?: \x07 | \x9c | $ )    # the same, 8-bit introducers
    | (?: \x1b\[ | \x9b ) [0-?]* [ -/]* [@-~]?          # CSI: parameters, intermediates, final
    | \x1b [ -/]* [0-~]?                                 # any other escape sequence
    """,
    re.VERBOSE | re.MULTILINE,
)
_CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f"  # C0 but tab and newline, DEL, C1
    "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"  # bidi marks, embeddings, overrides, isolates
)


def printable(text: str) -> str:
    """`text` without escape sequences, control characters (tab and newline kept) or bidi controls."""
    if text.isprintable():
        return text
    return _CONTROLS.sub("", _SEQUENCES.sub("", text))
