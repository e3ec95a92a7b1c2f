"""The reader's named regular expressions, compiled once: links and URLs, markup, list markers,
table and page furniture, organisation names, dates, sentence and clause boundaries.

Each is tested in ``tests/test_patterns.py`` with text it must and must not match.
"""
from __future__ import annotations

import re


SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"


SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")


MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)")


HTML_LINK = re.compile(r"<a\s[^>]*?href\s*=\s*(?P<q>[\"'])(?P<url>[^\"']*)(?P=q)[^>]*>(?P<text>.*?)</a\s*>",
                       re.I | re.S)


ANGLE_URL = re.compile(r"<(?P<url>https?://[^>\s]+)>")


BARE_URL = re.compile(r"(?<![<\[])\bhttps?://[^\s<>()\]]+[^\s<>()\].,;:'\"]")


TAG = re.compile(r"</?[a-zA-Z][^>]*>")


ITEM_MARKER = re.compile(r"^(?P<marker>[-•●▪◦‣*\uf0b7\uf0a7\uf076\uf0d8\uf0fc]|\(?\d{1,2}[.)]|[a-z][.)]"
                         r"|\((?:[ivxlc]{1,5}|[a-z])\)|o(?=\s+[A-Z]))\s+")


INLINE_BULLET = re.compile(r"\s[•●▪◦]\s")


HTML_BREAK = re.compile(r"<(/?)(p|li|ul|ol|br|div)\b[^>]*>", re.I)


SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}|[a-h])[.)]?\s+")


RULE_LINE = re.compile(r"(?=.*[-=~^*_+#])[-=~^\"'`*#+_:|\s]{3,}")


CONTENTS_LINE = re.compile(r"^(?P<title>\D.*?)\s*(?:\.{3,}|…+|_{3,}|\s{3,})\s*\d{1,3}$")


PAGE_NUMBER = re.compile(r"(?i)page \d+(?: of \d+)?|\d+ of \d+|- ?\d+ ?-")


BLOCK_END = re.compile(r"(?:</(?:p|h[1-6]|div|li|ul|ol)>|<br\s*/?>)\s*$", re.I)


HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(?P<cell>.*?)(?:</t[dh]>|(?=<t[dh]\b)|$)", re.I | re.S)


# public services with no type of their own in the agency scheme: typed 'other' without a warning
KNOWN_OTHER = re.compile(r"\b(fire|rescue|probation|ambulance|prisons?|courts?|coroners?|magistrates|dwp|"
                         r"jobcentre|border force|national crime agency|crown prosecution)\b", re.I)


HEALTH_BODY_END = re.compile(r"\b(?:ICB|CCG|ICS|Integrated Care (?:Board|System)|Clinical Commissioning Group|"
                             r"(?:NHS )?(?:Foundation )?Trust)\W*$", re.I)


AGENCY_BULLET = re.compile(r"^\s*(?:[-•●▪◦‣*\uf0b7\uf0a7]|\d{1,2}[.)]|o(?=\s))\s+")


ABBREVIATION = re.compile(r"\s*\((?:the\s+)?[A-Za-z&'’.]{1,12}(?:\s+[A-Za-z&'’.]{1,12}){0,1}\)$")


MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?,?\s+(\d{4})\b")


INLINE_LIST = re.compile(
    r"\b(?:including|such as|(?<!to support delivery )a range of(?! different methods)|combination of|"
    r"consist(?:ed|ing|s)? of|comprised?|comprising|combined|(?:delivered|run|carried out)(?: \w+)? through"
    r"(?: a (?:series|mix|combination) of)?)\s+"
    r"(?P<list>[^.;:]+?,[^.;:]+?\band\s+[^.;:]+?)(?=\s+(?:taking place|were used|was used|being used|took place)\b|[.;:]|$)")


RUN_IN_HEAD = re.compile(r"^\s*(?:\*\*|__|<b>|<strong>)?(?P<head>[^:*<–—\n]{3,80}?)\s*"
                         r"(?::\s*(?:\*\*|__|</b>|</strong>)|(?:\*\*|__|</b>|</strong>)\s*[:.–—-]?|:|\s[–—]\s)"
                         r"\s*(?P<rest>\S.*)$", re.S)


# ---------------------------------------------------------------- sign-off

ROLE_WORDS = re.compile(r"\b(head|manager|director|officer|lead|chair|behalf|service|services|team|"
                         r"partnership|board|council|coordinator|co-ordinator|principal|deputy|assistant|"
                         r"senior|chief|executive|scc|subgroup|safeguarding|commissioner|superintendent|"
                         r"inspector|detective|nurse|consultant|advisor|adviser|of|the|for)\b", re.I)


# ---------------------------------------------------------------- mentions

ORG_HEADS = r"(?:Unit|Hub|Board|Partnership|Trust|Society|Council|Police|Network|Team|Teams|Service|Alliance|" \
             r"Fund|Programme|Project|Group|Forum|Executive|Agency|Commission|Office|Centre|Panel)"


PROGRAMME_HEADS = r"(?:project|programme|fund|initiative|board|hub|partnership)"


CAPITALISED_WORD = r"(?:[A-Z][\w'’-]*|[A-Z]{2,})"


MENTION = re.compile(
    rf"\b(?P<name>{CAPITALISED_WORD}(?:\s+(?:of|and|for|&)\s+{CAPITALISED_WORD}|\s+{CAPITALISED_WORD})*\s+(?:{ORG_HEADS}|{PROGRAMME_HEADS}))\b"
    rf"|\b(?P<one>One\s+[A-Z][a-z]+(?:\s+{ORG_HEADS})?)\b")


PROGRAMME_END = re.compile(r"(project|programme|fund|initiative)$", re.I)


# ---------------------------------------------------------------- the report's text, masked in place

HTML_TAG_IN_LINE = re.compile(r"</?[a-zA-Z][^>\n]*>")


MD_LINK_IN_LINE = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")


URL_IN_LINE = re.compile(r"<https?://[^>\s]+>|https?://[^\s<>()\]|]+")


EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")


LINE_MARKUP = re.compile(r"^[ \t]*(?:#+|[-•●▪◦‣*\uf0b7\uf0a7](?=\s)|\(?\d{1,2}[.)](?=\s)|\((?:[ivxlc]{1,5}|[a-z])\)(?=\s)"
                          r"|o(?=\s+[A-Z]))", re.M)


CELL_OR_BULLET_MARK = re.compile(r"[|•●▪◦‣\uf0b7\uf0a7]")


BLOCK_TAG = re.compile(r"<(?:br|/p|/li|/td|/th|/div|/h[1-6])\b[^>\n]*>", re.I)  # separates words: a space




ABBREVIATION_BEFORE = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|p|pp|para|no|st|dr|mr|mrs|ms|cf|approx)\.|\b[A-Z]\.)$",
                            re.I)


SENTENCE_BOUNDARY = re.compile(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")


NOT_FOCUS = re.compile(r"\bnot (?:the|a|its|their|our) (?:\w+ )?focus\b", re.I)


CONTRAST = re.compile(r"\b(?:rather than|instead of|as opposed to|other than)\b", re.I)


CLAUSE_END = re.compile(r"[,;:()]|\s-\s")


SHIFT_FROM = re.compile(
    r"\b(?:shift\w*|mov(?:e|es|ed|ing)|expan\w+|emphasis|away|broaden\w*)\b[^.;]*?\bfrom\b(?P<src>.*?)"
    r"\b(?:to|towards|into)\b", re.I)


BACKGROUND = re.compile(r"^\W*(?:in response to|in recognition of|in light of|following|due to|because of|"
                         r"given)\b[^,;]*", re.I)


NAME_WORD = re.compile(r"\s*(?:\([A-Z]{2,}[a-z]?\)\s*)?(?P<w>[A-Z][\w'\-]*)")


# clause boundaries a "not the focus" does not reach across
CLAUSE_SPLIT = re.compile(r";|\bbut\b|\bwhereas\b|\bwhile\b", re.I)


# what may stand inside brackets that only expand or abbreviate: "(CSE and CCE)", "(CSE/CCE)"
ABBREVIATIONS_ONLY = re.compile(r"\s*[A-Z]{2,}[a-z]?(?:\s*(?:,|/|&|\band\b|\bor\b)\s*[A-Z]{2,}[a-z]?)*\s*")
