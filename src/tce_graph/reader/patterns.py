"""The reader's named regular expressions, compiled once: links and URLs, markup, list markers,
table and page furniture, organisation names, dates, sentence and clause boundaries.

Each is tested in ``tests/test_patterns.py`` with text it must and must not match.
"""
from __future__ import annotations

import re

# ================================================================ whitespace, words and characters

WHITESPACE_RUN = re.compile(r"\s+")

# two or more plain spaces (tabs and line breaks are left alone)
MULTIPLE_SPACES = re.compile(r"[ ]{2,}")

# a line break with the spaces around it: a wrapped line joined back with one space
LINE_BREAK = re.compile(r"\s*\n\s*")

# a hyphen at the end of a line: "co-" / "ordinator" reads "co-ordinator"
HYPHEN_LINE_BREAK = re.compile(r"-\s*\n\s*")

# a dash between two phrases, written as a hyphen with a space or line break beside it: "Head of Service-" /
# "Prevention SCC" and "Head of Service- Prevention" read "Head of Service - Prevention" ("Read-Willets" is a name)
SPACED_DASH = re.compile(r"(?<=\w)(?:[ \t]+-\s*|-(?:[ \t]*\n\s*|[ \t]+))(?=[A-Z(])")

NEWLINE = re.compile(r"\n")

# a word for comparing names: letters, digits, underscores and apostrophes ("barnardo's")
WORD = re.compile(r"[\w']+")

# a token between spaces, punctuation kept ("Council,", "–")
NON_SPACE_RUN = re.compile(r"\S+")

# what a slug replaces with one hyphen: anything but lower-case ASCII letters and digits
NON_ALNUM_RUN = re.compile(r"[^a-z0-9]+")

# the spaces, colons and dashes a label ends in: "Partnership Name: -" -> "Partnership Name"
TRAILING_COLON_OR_DASH = re.compile(r"[\s:\-]+$")


# ================================================================ links and URLs

# a Markdown link [text](url)
MD_LINK = re.compile(r"\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)\)")

# the same within one line
MD_LINK_IN_LINE = re.compile(r"\[(?P<text>[^\]\n]*)\]\((?P<url>[^)\s]*)\)")

# an HTML link <a href="url">text</a>
HTML_LINK = re.compile(r"""
    <a\s[^>]*?href\s*=\s*               # the opening tag as far as href=
    (?P<q>["'])(?P<url>[^"']*)(?P=q)    # the address, in either kind of quote
    [^>]*>                              # the rest of the opening tag
    (?P<text>.*?)                       # the link text, over lines too
    </a\s*>
""", re.I | re.S | re.X)

# a URL in angle brackets <https://...>
ANGLE_URL = re.compile(r"<(?P<url>https?://[^>\s]+)>")

# a URL in running text, not in brackets, without the punctuation that ends the sentence after it
BARE_URL = re.compile(r"(?<![<\[])\bhttps?://[^\s<>()\]]+[^\s<>()\].,;:'\"]")

# a URL, angled or bare, within one line (a pipe ends it: a table cell's border)
URL_IN_LINE = re.compile(r"<https?://[^>\s]+>|https?://[^\s<>()\]|]+")

# a usable address (matched at the start): http(s), then a host with a dot in it
WEB_URL = re.compile(r"https?://[^\s/]+\.[^\s]+")

# a document's file extension at the end of a URL's last segment: ".pdf", ".html", ".aspx", ".docx"
DOCUMENT_EXTENSION = re.compile(r"\.(pdf|html?|aspx?|docx?)$", re.I)

# the hyphens, underscores and pluses between the words of a URL slug
URL_SLUG_SEPARATOR = re.compile(r"[-_+]+")

# a line that opens with a Markdown link definition "[1]: " or a URL (matched at the start)
LINK_OR_URL_START = re.compile(r"\s*(?:\[[^\]]+\]:|https?://)")


# ================================================================ markup and tags

# an HTML tag, opening or closing
TAG = re.compile(r"</?[a-zA-Z][^>]*>")

# the same within one line
HTML_TAG_IN_LINE = re.compile(r"</?[a-zA-Z][^>\n]*>")

# the HTML tags that break a line into blocks; group 1 is "/" on a closing tag, group 2 the tag's name
HTML_BREAK = re.compile(r"<(/?)(p|li|ul|ol|br|div)\b[^>]*>", re.I)

# a line ending in a closing block tag or a <br>: the next line starts a new block
BLOCK_END = re.compile(r"(?:</(?:p|h[1-6]|div|li|ul|ol)>|<br\s*/?>)\s*$", re.I)

BLOCK_TAG = re.compile(r"<(?:br|/p|/li|/td|/th|/div|/h[1-6])\b[^>\n]*>", re.I)  # separates words: a space

# Markdown bold (** or __) or italic (a single * against a word)
EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])")

# Markdown bold markers ** and __
BOLD_MARK = re.compile(r"\*\*|__")

# a Markdown italic span *text*; group 1 is the text
ITALIC_SPAN = re.compile(r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])")

# the hashes of a Markdown heading, with the spaces around them
HEADING_HASHES = re.compile(r"^\s*#+\s*")

# a label marked as a label: bold (** __ <b>) or a heading hash
MARKED_LABEL_START = re.compile(r"^\s*(\*\*|__|<b>|#)")

# a reStructuredText field ":Date: 12.05.2022"
RST_FIELD = re.compile(r"^:[^:\s][^:]{0,80}:(?:\s|$)")


# ================================================================ list markers and bullets

# a list item's marker and the spaces after it: bullets, "1." "2)" "(3)", "a." "b)", "(iv)" "(b)", and
# the letter "o" converters leave for a hollow bullet (before a capital only)
ITEM_MARKER = re.compile(r"""
    ^(?P<marker>
        [-•●▪◦‣*\uf0b7\uf0a7\uf076\uf0d8\uf0fc]     # a bullet; \uf0.. are Word's Symbol-font bullets
      | \(?\d{1,2}[.)]                             # 1.  2)  (3)
      | [a-z][.)]                                  # a.  b)
      | \((?:[ivxlc]{1,5}|[a-z])\)                 # (iv)  (b)
      | o(?=\s+[A-Z])                              # o  Item
    )\s+
""", re.X)

# the markup that opens a line: heading hashes, or a list marker followed by a space
LINE_MARKUP = re.compile(r"""
    ^[ \t]*(?:
        \#+                                        # heading hashes
      | [-•●▪◦‣*\uf0b7\uf0a7](?=\s)                # a bullet
      | \(?\d{1,2}[.)](?=\s)                       # 1.  2)  (3)
      | \((?:[ivxlc]{1,5}|[a-z])\)(?=\s)           # (iv)  (b)
      | o(?=\s+[A-Z])                              # o  Item
    )
""", re.M | re.X)

# a bullet between two spaces within a line: several items run together on one line
INLINE_BULLET = re.compile(r"\s[•●▪◦]\s")

# a bullet opening a line of the agency list (and the spaces after it)
AGENCY_BULLET = re.compile(r"^\s*(?:[-•●▪◦‣*\uf0b7\uf0a7]|\d{1,2}[.)]|o(?=\s))\s+")

# a table cell's border or a bullet
CELL_OR_BULLET_MARK = re.compile(r"[|•●▪◦‣\uf0b7\uf0a7]")

# a section number before a heading: "1.", "2.3", "iv)", "b."
SECTION_NUMBER = re.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}|[a-h])[.)]?\s+")

# a list number or bullet standing alone (before a tab): "1.", "2.3", "iv)", "b", "•"
LIST_NUMBER_OR_BULLET = re.compile(r"(?:\d{1,2}(?:\.\d{1,2})*|[ivx]{1,4}|[a-h])[.)]?|[-•●▪◦*\uf0b7]")

# an item opening with a bold head: "**Scoping:** ..."; group 1 the head, group 2 the rest
BOLD_HEAD_ITEM = re.compile(r"^\*\*([^*]{1,80}?):?\*\*:?\s*(.*)$")

# a paragraph opening with a short run-in head: "**Leading with care:** Leaders ...", "Trauma – ..."
RUN_IN_HEAD = re.compile(r"""
    ^\s*(?:\*\*|__|<b>|<strong>)?                  # bold opening, or none
    (?P<head>[^:*<–—\n]{3,80}?)\s*                 # the head: a short phrase
    (?: :\s*(?:\*\*|__|</b>|</strong>)             # Head:**
      | (?:\*\*|__|</b>|</strong>)\s*[:.–—-]?      # Head**:  Head** –
      | :                                          # Head:
      | \s[–—]\s                                   # Head – rest
    )
    \s*(?P<rest>\S.*)$                             # the rest of the paragraph
""", re.S | re.X)

# a list within a sentence: "including scoping, partnership workshops and briefings." (each part at most 300
# characters, so the search stays linear in a long text: a longer run is not a list)
INLINE_LIST = re.compile(r"""
    \b(?:                                          # the words that introduce the list
        including | such\ as
      | (?<!to\ support\ delivery\ )a\ range\ of(?!\ different\ methods)
      | combination\ of | consist(?:ed|ing|s)?\ of | comprised? | comprising | combined
      | (?:delivered|run|carried\ out)(?:\ \w+)?\ through(?:\ a\ (?:series|mix|combination)\ of)?
    )\s+
    (?P<list>[^.;:,]{1,300},[^.;:]{1,300}?\band\s+[^.;:]{1,300}?)  # the list: a comma, later an "and"
    (?=\s+(?:taking\ place|were\ used|was\ used|being\ used|took\ place)\b|[.;:]|$)  # where it ends
""", re.X)

# what separates the entries of an inline list: a comma (and an "and" after it), or an "and"
LIST_SEPARATOR = re.compile(r",\s*(?:and\s+)?|\s+and\s+")

# "methods" or "activities" opening an entry of an inline list ("different methods such as ...")
LEADING_METHODS_WORD = re.compile(r"^(?:different |other )?(?:methods|activities)\s+")


# ================================================================ tables, rules and page furniture

# a line that is only a rule or border: "-----", "=====", "+----+----+", "___"
RULE_LINE = re.compile(r"(?=.*[-=~^*_+#])[-=~^\"'`*#+_:|\s]{3,}")

# a contents entry: a title, leaders and a page number. The title ends at a visible character and each run
# of spaces or leaders is taken whole ("(?=(?P<x>...))(?P=x)" is an atomic group), so no run is split two
# ways: the old form ("\s*(?:...|\s{3,})\s*") took cubic time on a long run of spaces
CONTENTS_LINE = re.compile(r"""
    ^(?P<title>\D.*?)(?<=\S)
    (?=(?P<gap>\s*))(?P=gap)                           # the spaces after the title, all of them
    (?: (?=(?P<dots>\.{3,}|…+|_{3,}))(?P=dots)           # leaders: dots, ellipses or underscores
        (?=(?P<gap2>\s*))(?P=gap2)
      | (?<=\s{3}) )                                    # or a wide gap
    \d{1,3}$                                          # the page number
""", re.X)

# the longest line read as a contents entry (real ones are a heading, leaders and a number)
CONTENTS_LINE_MAX = 240

# a page number or footer: "Page 2", "Page 2 of 7", "2 of 7", "- 2 -"
PAGE_NUMBER = re.compile(r"(?i)page \d+(?: of \d+)?|\d+ of \d+|- ?\d+ ?-")

# an HTML table cell <td>...</td> or <th>...</th> (the closing tag may be missing); group "cell" its content
HTML_CELL = re.compile(r"<t[dh]\b[^>]*>(?P<cell>.*?)(?:</t[dh]>|(?=<t[dh]\b)|$)", re.I | re.S)

# the opening of an HTML table cell
HTML_CELL_OPEN = re.compile(r"<t[dh]\b", re.I)

# a line of table structure only: <table>, <tbody>, <thead>, <tr> and their closing tags
HTML_TABLE_TAGS = re.compile(r"(</?(table|tbody|thead|tr)\b[^>]*>\s*)+", re.I)

# a Markdown table's divider cell: "---", ":---", "---:", ":---:"
TABLE_DIVIDER_CELL = re.compile(r"\s*:?-{2,}:?\s*")

# a gap of three or more spaces before more text: where a value's column starts
WIDE_GAP = re.compile(r"\s{3,}(?=\S)")

# a label and its value set in two columns by two or more spaces
SPACED_COLUMNS = re.compile(r"^(?P<label>\S.{2,90}?)\s{2,}(?P<value>\S.*)$")


# ================================================================ organisation names

# public services with no type of their own in the agency scheme: typed 'other' without a warning
KNOWN_OTHER = re.compile(r"\b(fire|rescue|probation|ambulance|prisons?|courts?|coroners?|magistrates|dwp|"
                         r"jobcentre|border force|national crime agency|crown prosecution)\b", re.I)

# the word that closes the name of a health commissioner or trust
HEALTH_BODY_END = re.compile(r"\b(?:ICB|CCG|ICS|Integrated Care (?:Board|System)|Clinical Commissioning Group|"
                             r"(?:NHS )?(?:Foundation )?Trust)\W*$", re.I)

# an abbreviation in brackets after a name: "Staffordshire Police (SP)", "Wakefield Council (the Council)"
ABBREVIATION = re.compile(r"\s*\((?:the\s+)?[A-Za-z&'’.]{1,12}(?:\s+[A-Za-z&'’.]{1,12}){0,1}\)$")

# a piece of the agency list between separators (comma, semicolon, slash, pipe, line break)
AGENCY_LIST_PIECE = re.compile(r"[^,;/|\n]+")

# "and" or "&" opening a piece of a list (the last of "A, B and C")
LEADING_AND = re.compile(r"^(and|&)\s+")

# a piece that opens with "NHS" (or "and NHS"): a new NHS body, matched at the start
NHS_START = re.compile(r"\s*(?:and\s+)?NHS\b")

# the words that close an organisation's name (a regular-expression fragment)
ORG_HEADS = r"(?:Unit|Hub|Board|Partnership|Trust|Society|Council|Police|Network|Team|Teams|Service|Alliance|" \
             r"Fund|Programme|Project|Group|Forum|Executive|Agency|Commission|Office|Centre|Panel)"

# the words that close a programme's name, in lower case too (a fragment)
PROGRAMME_HEADS = r"(?:project|programme|fund|initiative|board|hub|partnership)"

# a capitalised word or an abbreviation (a fragment; one alternative only, so a run of capitals cannot be
# split two ways: with "|[A-Z]{2,}" beside it, each all-capital word doubled the backtracking)
CAPITALISED_WORD = r"[A-Z][\w'’-]*"

# the most words a name holds before its organisation's word (a bound keeps the search linear on long runs of
# capitalised words; the longest name in the reports has seven)
NAME_WORDS_MAX = 15

# an organisation or programme named in the text: capitalised words ending in an organisation's or
# programme's word ("Safer Walsall Partnership", "Empower U Hub"), or "One Walsall"
MENTION = re.compile(rf"""
    \b(?P<name>{CAPITALISED_WORD}
        (?:\s+(?:of|and|for|&)\s+{CAPITALISED_WORD}|\s+{CAPITALISED_WORD}){{0,{NAME_WORDS_MAX}}}
        \s+(?:{ORG_HEADS}|{PROGRAMME_HEADS}))\b
  | \b(?P<one>One\s+[A-Z][a-z]+(?:\s+{ORG_HEADS})?)\b
""", re.X)

# the word that makes a name a programme's
PROGRAMME_END = re.compile(r"(project|programme|fund|initiative)$", re.I)

# two names joined by "and", the first ending in an organisation's word: "X Partnership and Y Board"
ORG_PAIR = re.compile(rf"(.+?\s{ORG_HEADS})\s+and\s+(.+)")

# a possessive word: "Lewisham’s", "partners'"
POSSESSIVE_END = re.compile(r"['’]s?$")


# ================================================================ places

# the number of local authority areas and the names after it: "Two: Bath and North East Somerset, Bristol"
AUTHORITY_COUNT = re.compile(r"^\s*(\d+|[A-Za-z]+)\b\s*[:(\-–]?\s*(.*?)\)?\s*$")

# what separates the names of local authorities
AUTHORITY_SEPARATOR = re.compile(r"""
    \s*[,;/]\s*                                                  # a comma, semicolon or slash
  | (?:(?<=Council)|(?<=Borough)|(?<=Authority))\s+(?:and|&)\s+  # "and" after a council's name only
""", re.X)

# a council's name, for the place it is named after (folded text): "reading borough council" -> "reading",
# "bradford metropolitan district council", "city of york council", "london borough of lewisham",
# "surrey county council (the council)"
COUNCIL_NAME = re.compile(r"""
    ^(?:the\s+)?
    (?: (?:royal\s+|london\s+)?borough\s+of\s+(?P<borough>.+?)(?:\s+council)?       # "london borough of lewisham"
      | (?:city\s+of\s+|county\s+of\s+)?(?P<place>.+?)
        (?:\s+(?:metropolitan\s+borough|metropolitan\s+district|city\s+and\s+county|borough|city|county|district))?
        \s+council )
    (?:\s*\([^)]*\))?$                                                            # "(the council)", "(hcc)"
""", re.X)

# what a region's name does not keep: anything but word characters, "&", apostrophes and spaces
NOT_NAME_CHARS = re.compile(r"[^\w&' ]+")

LEADING_THE = re.compile(r"^the ")

# the word "region" and the spaces around it
REGION_WORD = re.compile(r"\s*\bregion\b\s*")

# "england", "of england" or "in england" closing a region's name
TRAILING_ENGLAND = re.compile(r"\s*\b(?:of |in )?england$")


# ================================================================ dates and numbers
# The date patterns read folded (lower-case) text and are used with fullmatch, except MONTH_YEAR
# and SEASON, which are searched for in running text. Month words are checked against dates.MONTHS.

# "2021-03-22"
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")

# day, month and year in figures: "22.03.2021", "22/03/21", "22 - 03 - 2021"
NUMERIC_DATE = re.compile(r"(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{2}|\d{4})")

# "07th july 2021", "7 of july, 2021"
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]+),?\s+(\d{4})")

# "july 7, 2021", "july 7th 2021"
MONTH_DAY_YEAR = re.compile(r"([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")

# a month and year in running text: "... (october 2021 - march 2022)"
MONTH_YEAR = re.compile(r"\b([a-z]{3,9})\.?,?\s+(\d{4})\b")

# a month and year as the whole value: "june 2020", "sept. 2021", "june, 2020"
MONTH_YEAR_VALUE = re.compile(r"([a-z]+)\.?,?\s+(\d{4})")

# a month and a two-digit year: "sep-21", "nov 21", "september '21" (groups 1-2, or 3-4)
MONTH_SHORT_YEAR = re.compile(r"([a-z]+)\.?\s*[-/ ]\s*['’]?(\d{2})|([a-z]+)\.?\s*['’](\d{2})")

# "2020-06"
ISO_YEAR_MONTH = re.compile(r"(\d{4})-(\d{1,2})")

# "06/2020", "6.2020"
NUMERIC_MONTH_YEAR = re.compile(r"(\d{1,2})[/.](\d{4})")

# what separates the two ends of a date range: " - ", " to ", " until ", or an en or em dash
DATE_RANGE_SEPARATOR = re.compile(r"\s+(?:[-–—]|to|until)\s+|\s*[–—]\s*")

SEASON = re.compile(r"\b(spring|summer|autumn|fall|winter)\b")

# "Spring 2022", "autumn of 2019", "early 2019", "late 2019", "2019": a year the report gives no month for
YEAR_ONLY = re.compile(r"(?:(?:early|mid|late)\s+|(?:spring|summer|autumn|fall|winter)\s+(?:of\s+)?)?((?:19|20)\d\d)")


# ================================================================ sign-off

# words of a role or an organisation, never of a person's name
ROLE_WORDS = re.compile(r"\b(head|manager|director|officer|lead|chair|behalf|service|services|team|"
                         r"partnership|board|council|coordinator|co-ordinator|principal|deputy|assistant|"
                         r"senior|chief|executive|scc|subgroup|safeguarding|commissioner|superintendent|"
                         r"inspector|detective|nurse|consultant|advisor|adviser|of|the|for)\b", re.I)

# one word of a person's name: a title ("Dr", "Mrs") or a capitalised word
PERSON_NAME_WORD = re.compile(r"(?:Dr\.?|Mr|Mrs|Ms|Miss|Prof\.?|[A-Z][\w'’.-]*)")

# a "Date:" on the signatory's line: "Jo Bloggs (Head) Date: 12/05/2022"; group "date" what follows
INLINE_DATE_FIELD = re.compile(r"(?:^|\s)Date\s*:\s*(?P<date>\S.*)$")

# "and" between two names
AND_SEPARATOR = re.compile(r"\s+and\s+")

# what always separates two people: a semicolon, or "&" before a capital
PEOPLE_SEPARATOR = re.compile(r"\s*;\s*|\s+&\s+(?=[A-Z])")

# an opening bracket and everything after it
BRACKET_TO_END = re.compile(r"\s*\(.*$")

# a name with its role in brackets: "Jo Bloggs (Head of Safeguarding)"; groups name, role, rest
NAME_BRACKETED_ROLE = re.compile(r"(?P<name>[^(),]+?)\s*\((?P<role>[^()]+)\)(?P<rest>.*)")

COMMA_SEPARATOR = re.compile(r",\s*")

# a name, a dash and a role: "Helen Marsh – Head of Service"; groups name and role
NAME_DASH_ROLE = re.compile(r"(?P<name>.+?)\s+[–—-]\s+(?P<role>.+)$")


# ================================================================ footnotes and what they cite

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"

# a footnote marker: superscript digits
SUPERSCRIPT_RUN = re.compile(f"[{SUPERSCRIPTS}]+")

# "see" or "here" (and a colon) closing a footnote's text before its link
TRAILING_SEE_HERE = re.compile(r"\s*(see|here)\s*:?\s*$", re.I)

# "... in the Home Office guidance" at the end of a text; group 1 "the Home Office guidance"
IN_THE_NAME_AT_END = re.compile(r"\b(?:in|by|from)\s+(the\s+[A-Z][^:]*?)\s*$")

# "For a/an/the ..." opening a footnote; group 1 what follows
FOR_THE = re.compile(r"^For (?:a|an|the)\s+(.+)$")

# "see", "see also" or "read" (and "the") opening a footnote
LEADING_SEE_OR_READ = re.compile(r"^(?:see(?: also)?|read)\s+(?:the\s+(?=[A-Z]))?", re.I)

# the end of a clause before a noun phrase: sentence punctuation or a bracket, then a space
PHRASE_BREAK = re.compile(r"[.;:!?()]\s")

# a determiner and the capitalised noun phrase that ends the text; group 1 the phrase
DETERMINER_PHRASE_AT_END = re.compile(r"\b(?i:the|a|an|our|this|these|their|its)\s+([A-Z][^,]*)$")


# ================================================================ sentences and clauses

# an abbreviation whose full stop does not end a sentence ("e.g.", "para.", "J.")
# how far back an abbreviation before a full stop reaches ("approx." is the longest): the search looks
# no further, so finding every sentence is linear in a paragraph's length
ABBREVIATION_REACH = 8
ABBREVIATION_BEFORE = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|p|pp|para|no|st|dr|mr|mrs|ms|cf|approx)\.|\b[A-Z]\.)$",
                            re.I)

# the end of a sentence: a full stop, question or exclamation mark (and closing quotes or brackets)
# before a space and a capital or digit
SENTENCE_BOUNDARY = re.compile(r"[.!?][\"')\]]*(?=\s+[\"'(\[]?[A-Z0-9])")

# "not the focus", "not a main focus"
NOT_FOCUS = re.compile(r"\bnot (?:the|a|its|their|our) (?:\w+ )?focus\b", re.I)

CONTRAST = re.compile(r"\b(?:rather than|instead of|as opposed to|other than)\b", re.I)

# where a clause ends: a comma, semicolon, colon, bracket or a spaced hyphen
CLAUSE_END = re.compile(r"[,;:()]|\s-\s")

# a shift away from something: "moved from X to ..."; group "src" what it moved from (the first "from" within
# 200 characters, taken whole, and at most 300 characters to the "to", so the search stays linear)
SHIFT_FROM = re.compile(r"""
    \b(?:shift\w*|mov(?:e|es|ed|ing)|expan\w+|emphasis|away|broaden\w*)\b   # the word of the shift
    (?=(?P<pre>[^.;]{0,200}?\bfrom\b))(?P=pre)(?P<src>.{0,300}?)            # from ... (in one sentence)
    \b(?:to|towards|into)\b                                                # ... to
""", re.I | re.X)

# a sentence's opening phrase of background, as far as the first comma: "In response to rising ..."
BACKGROUND = re.compile(r"^\W*(?:in response to|in recognition of|in light of|following|due to|because of|"
                         r"given)\b[^,;]*", re.I)

# the next capitalised word of a name, after an abbreviation in brackets if any; group "w" the word
NAME_WORD = re.compile(r"\s*(?:\([A-Z]{2,}[a-z]?\)\s*)?(?P<w>[A-Z][\w'\-]*)")

# clause boundaries a "not the focus" does not reach across
CLAUSE_SPLIT = re.compile(r";|\bbut\b|\bwhereas\b|\bwhile\b", re.I)

# what may stand inside brackets that only expand or abbreviate: "(CSE and CCE)", "(CSE/CCE)"
ABBREVIATIONS_ONLY = re.compile(r"\s*[A-Z]{2,}[a-z]?(?:\s*(?:,|/|&|\band\b|\bor\b)\s*[A-Z]{2,}[a-z]?)*\s*")
