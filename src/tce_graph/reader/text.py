"""Small text helpers shared by the reader: slugs, markup removal, label normalisation."""
from __future__ import annotations

import bisect
import functools
import re
import unicodedata

from .patterns import (
    ANGLE_URL,
    BOLD_MARK,
    HEADING_HASHES,
    ITALIC_SPAN,
    MD_LINK,
    MULTIPLE_SPACES,
    NON_ALNUM_RUN,
    SUPERSCRIPT_RUN,
    SUPERSCRIPTS,
    TAG,
    TRAILING_COLON_OR_DASH,
    WHITESPACE_RUN,
)

_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")


_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "“": '"', "”": '"', "„": '"',
                         "–": "-", "—": "-", "\u00a0": " ", "\u2009": " ", "\u202f": " "})


def superscript_number(text: str) -> int | None:
    run = SUPERSCRIPT_RUN.match(text)
    return int(run.group(0).translate(_SUP_TO_DIGIT)) if run else None


def fold(text: str) -> str:
    """Comparable form: curly quotes and dashes made plain, case folded, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text.translate(_QUOTES))
    return WHITESPACE_RUN.sub(" ", text).strip().casefold()


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    text = text.replace("&", " and ").replace("'", "")
    return NON_ALNUM_RUN.sub("-", text).strip("-") or "x"


@functools.lru_cache(maxsize=8192)
def strip_markup(text: str) -> str:
    """Plain text of one unit: tags, bold/italic markers, heading hashes and links removed."""
    text = ANGLE_URL.sub(lambda m: m.group("url"), text)  # before tags: <https://...> is a link, not a tag
    text = TAG.sub(" ", text)
    text = MD_LINK.sub(lambda m: m.group("text"), text)
    text = BOLD_MARK.sub("", text)
    text = ITALIC_SPAN.sub(r"\1", text)
    text = HEADING_HASHES.sub("", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&#60;", "<").replace("&#62;", ">")
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return MULTIPLE_SPACES.sub(" ", text).strip()


def drop_footnote_markers(text: str) -> str:
    return SUPERSCRIPT_RUN.sub("", text)


def label_key(text: str) -> str:
    """A heading or table label reduced for matching: plain, folded, no trailing colon or dash."""
    plain = fold(strip_markup(text))
    return TRAILING_COLON_OR_DASH.sub("", plain).strip()


TERMINAL = tuple('.!?:;"\')]')


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends a sentence (its last 200 characters tell: asked of a paragraph at each line
    joined onto it, so reading a long paragraph stays linear)."""
    t = drop_footnote_markers(text[-200:]).rstrip().translate(_QUOTES)
    return t.endswith(TERMINAL)


class LineIndex:
    """Line numbers (from 1) of offsets into one text: the line starts found once, each lookup a bisection,
    so numbering every span of a report is linear in its length (counting newlines per span was quadratic)."""

    def __init__(self, text: str):
        self._starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)
