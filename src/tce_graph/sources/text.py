"""Text files: bytes -> the decoded, normalised text the reader handles.

Decoding: UTF-8 (with or without BOM), UTF-16, Windows-1252. Normalising what converters leave: HTML
character references, ligatures, soft hyphens, words hyphenated at line ends, Markdown reference
links and footnote markers ([^1], ^1^, [1]) as superscript digits.
"""
from __future__ import annotations

import codecs
import hashlib
import html
import re

from ..errors import ReportFormatError
from ..model import ReportWarning, SourceText
from ..reader.patterns import SUPERSCRIPTS

# ---------------------------------------------------------------- reading bytes


def decode_source(data: bytes, *, name: str, path: str | None = None,
                  warnings: list[ReportWarning] | None = None) -> SourceText:
    where = path or name
    if not data.strip():
        raise ReportFormatError("file is empty; expected the text of a TCE Project Learning Report",
                                file=where, line=1)
    encoding = "utf-8"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        text, encoding = data.decode("utf-16"), "utf-16"
    elif (utf16 := _utf16_without_bom(data)) is not None:
        try:
            text, encoding = data.decode(utf16), utf16.lower()
        except UnicodeDecodeError:
            raise ReportFormatError(f"looks like {utf16} text without a byte-order mark, but does not decode as "
                                    f"{utf16}; expected UTF-8, or UTF-16 with a byte-order mark", file=where,
                                    line=1) from None
        if warnings is not None:
            warnings.append(ReportWarning(f"has no byte-order mark; read as {utf16}, as its zero bytes show", 1,
                                          fix="save the file as UTF-8"))
    else:
        if b"\x00" in data or _binary_ratio(data) > 0.05:
            raise ReportFormatError("is a binary file, not text; expected a TCE Project Learning Report as "
                                    "text, PDF, Word (.docx) or HTML", file=where, line=1)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            encoding = "windows-1252"
            text = data.decode("cp1252", errors="replace")
            if warnings is not None:
                line = data[: exc.start].count(b"\n") + 1
                warnings.append(ReportWarning("not valid UTF-8; read as Windows-1252", line,
                                              fix="save the file as UTF-8 (check the characters on this line)"))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = CHAR_REF.sub(_char_ref, text)
    text = re.sub("\u00ad\n(\\S*)", "\\1\n", text)  # "replac-<newline>ing" -> "replacing<newline>", lines kept
    text = text.translate(_LIGATURES).replace(" -- ", " – ")  # pandoc's en dash
    text = _dehyphenate(text)
    text = _reference_links(text)
    text = _footnote_markers(text)
    return SourceText(name=name, text=text, sha256=hashlib.sha256(data).hexdigest(),
                      byte_size=len(data), encoding=encoding, path=path)


CHAR_REF = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


_KEEP_REFS = {"<", ">"}  # decoding these would make text look like markup; strip_markup decodes them


def _char_ref(m: re.Match) -> str:
    """An HTML character reference from a converter ('Barnardo&#39;s', '&amp;') as the character it
    stands for; unknown names are left as written."""
    ch = html.unescape(m.group(0))
    if ch == m.group(0) or ch in _KEEP_REFS:
        return m.group(0)
    return " " if ch == "\u00a0" else ch


_LIGATURES = {0xFB00: "ff", 0xFB01: "fi", 0xFB02: "fl", 0xFB03: "ffi", 0xFB04: "ffl", 0xFB05: "st", 0xFB06: "st",
              0x00AD: None}  # typographic ligatures spelt out; soft hyphens removed


_TO_SUPERSCRIPT = str.maketrans("0123456789", SUPERSCRIPTS)


_FOOTNOTE_FORMS = re.compile(
    r"\[\^(?P<a>\d{1,3})\]:?"  # Markdown footnotes: "word[^1]" and "[^1]: text"
    r"|\^(?P<b>\d{1,3})\^"  # pandoc superscript: "word^1^"
    r"|(?<=[\w.,;:)’'\"])\[(?P<c>\d{1,2})\](?![(\[])"  # "word[1]" (not a link "[1](url)")
    r"|^\[(?P<d>\d{1,2})\](?=\s)", re.M)  # "[1] text" opening a line


HYPHEN_BREAK = re.compile(r"(?P<head>\S*?(?P<last>[a-z]+))-\n(?P<indent>[ \t]*)(?P<tail>[a-z][\w/.%-]*)")


_HYPHEN_HINT = re.compile(r"[a-z]-\n[ \t]*[a-z]")


KEEP_HYPHEN = {"multi", "co", "cross", "non", "inter", "self", "well", "anti", "pre", "post", "extra", "sub",
               "semi", "under", "over", "long", "short", "high", "low", "age", "re", "ex", "full", "part",
               "face", "place", "child", "young", "e", "follow", "step", "one", "two", "three", "four"}


LINK_DEFINITION = re.compile(r"^ {0,3}\[(?P<id>[^\]^][^\]]*)\]:\s*<?(?P<url>\S+?)>?(?:\s+[\"'(].*)?$", re.M)


def _reference_links(text: str) -> str:
    """Markdown reference links: '[text][id]' with '[id]: url' elsewhere become '[text](url)'; the
    definition lines are blanked (kept as empty lines, so line numbers hold)."""
    defs = {m["id"].casefold(): m["url"] for m in LINK_DEFINITION.finditer(text)}
    if not defs:
        return text
    text = LINK_DEFINITION.sub("", text)
    return re.sub(r"\[(?P<t>[^\]]+)\]\[(?P<id>[^\]]*)\]",
                  lambda m: f"[{m['t']}]({defs.get((m['id'] or m['t']).casefold(), '#')})", text)


def _dehyphenate(text: str) -> str:
    """A word hyphenated at a line end ('safe-' / 'guarding') is joined on the first line, and the
    line count kept; compounds keep their hyphen ('multi-agency'), and a URL broken at a hyphen is
    rejoined as it was."""
    def join(m: re.Match) -> str:
        head, last, tail = m["head"], m["last"], m["tail"]
        keep = "://" in head or "www." in head or last in KEEP_HYPHEN or f"{last}-{tail.split('-')[0]}" in text
        return f"{head}{'-' if keep else ''}{tail}\n{m['indent']}"
    if not _HYPHEN_HINT.search(text):
        return text
    return HYPHEN_BREAK.sub(join, text)


def _footnote_markers(text: str) -> str:
    """Footnote markers written as [^1], ^1^ or [1] become superscript digits, the form the reader
    (and the footnote list) understands."""
    def sup(m: re.Match) -> str:
        return next(g for g in m.groups() if g).translate(_TO_SUPERSCRIPT)
    return _FOOTNOTE_FORMS.sub(sup, text)


def _utf16_without_bom(data: bytes) -> str | None:
    """'UTF-16-LE' or 'UTF-16-BE' when the bytes are text in UTF-16 without a byte-order mark: a zero
    byte beside nearly every ASCII character, on the same side each time; else None."""
    sample = data[:8192]
    if len(sample) < 16 or b"\x00" not in sample:
        return None
    even, odd = sample[0::2], sample[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zeros_odd > 0.6 and zeros_even < 0.05:
        return "UTF-16-LE"
    if zeros_even > 0.6 and zeros_odd < 0.05:
        return "UTF-16-BE"
    return None


def _binary_ratio(data: bytes) -> float:
    sample = data[:8192]
    bad = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return bad / max(1, len(sample))
