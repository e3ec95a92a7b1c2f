"""Every named pattern of the reader (reader/patterns.py), with text it must and must not match.

The texts are taken from the reports (data/reports/*.txt and tests/cases/reports/*/report.*), as the
reader sees them: raw lines for the unit patterns, folded lower-case text for the date patterns,
plain text for the others. A pattern added to patterns.py without a case here fails
``test_every_pattern_has_a_case_that_matches_and_one_that_does_not``.
"""
from __future__ import annotations

import re

import pytest

from tce_graph.reader import patterns

# (pattern, how the reader calls it, text, what it gives)
#   what it gives, for search / match / fullmatch: None (no match); a str, the whole match; a tuple,
#   every group; a dict, those named groups. For split and findall: the list returned.
CASES: list[tuple[str, str, str, object]] = [
    # ------------------------------------------------------------ whitespace, words and characters
    ("WHITESPACE_RUN", "search", "Partnership  \n Name:", "  \n "),
    ("WHITESPACE_RUN", "search", "Walsall", None),
    ("MULTIPLE_SPACES", "search", "Regional Area:   South East", "   "),
    ("MULTIPLE_SPACES", "search", "Regional Area: \tSouth East", None),
    ("LINE_BREAK", "search", "Southampton City \n  Council", " \n  "),
    ("LINE_BREAK", "search", "Southampton City Council", None),
    ("HYPHEN_LINE_BREAK", "search", "Lisa Bird, Head of Service-\n Safeguarding", "-\n "),
    ("HYPHEN_LINE_BREAK", "search", "Sophie Read-Willets", None),
    ("SPACED_DASH", "search", "Lisa Bird, Head of Service-\nPrevention SCC", "-\n"),
    ("SPACED_DASH", "search", "Head of Service- Prevention SCC", "- "),
    ("SPACED_DASH", "search", "Head of Service -Prevention", " -"),
    ("SPACED_DASH", "search", "Sophie Read-Willets", None),
    ("SPACED_DASH", "search", "co-\nordinator", None),
    ("NEWLINE", "findall", "Walsall CCG\nWalsall Council\n", ["\n", "\n"]),
    ("NEWLINE", "search", "Walsall CCG, Walsall Council", None),
    ("WORD", "findall", "barnardo's, nspcc / catch22", ["barnardo's", "nspcc", "catch22"]),
    ("WORD", "search", " – / ", None),
    ("NON_SPACE_RUN", "findall", "Wakefield Council – Children’s Services",
     ["Wakefield", "Council", "–", "Children’s", "Services"]),
    ("NON_SPACE_RUN", "search", " \t ", None),
    ("NON_ALNUM_RUN", "findall", "cheshire west & chester", [" ", " & "]),
    ("NON_ALNUM_RUN", "search", "walsall2020", None),
    ("TRAILING_COLON_OR_DASH", "search", "partnership name: -", ": -"),
    ("TRAILING_COLON_OR_DASH", "search", "date bsp commenced", None),
    ("TRAILING_COLON_OR_DASH", "search", "action planning session-", "-"),
    # ------------------------------------------------------------ links and URLs
    ("MD_LINK", "search", "TCE [case mapping tool](https://tce.researchinpractice.org.uk/case-mapping-tool/)",
     {"text": "case mapping tool", "url": "https://tce.researchinpractice.org.uk/case-mapping-tool/"}),
    ("MD_LINK", "search", "[community engagement\npodcast](#)", {"text": "community engagement\npodcast", "url": "#"}),
    ("MD_LINK", "search", "[^1]: The Coventry Safeguarding Children Partnership annual report 2020-21:", None),
    ("MD_LINK_IN_LINE", "search", "the [evaluation of the Alexi Project](#) for examples",
     {"text": "evaluation of the Alexi Project", "url": "#"}),
    ("MD_LINK_IN_LINE", "search", "[community engagement\npodcast](#)", None),
    ("HTML_LINK", "search", 'Analysts used the <a href="https://www.csnetwork.org.uk/">Contextual Safeguarding Network</a>',
     {"q": '"', "url": "https://www.csnetwork.org.uk/", "text": "Contextual Safeguarding Network"}),
    ("HTML_LINK", "search", "The TCE <A HREF='#'>data\nbriefing</A >", {"url": "#", "text": "data\nbriefing"}),
    ("HTML_LINK", "search", '<a name="top">Contents</a>', None),
    ("ANGLE_URL", "search", "see: <https://tce.researchinpractice.org.uk/community-engagement/>",
     {"url": "https://tce.researchinpractice.org.uk/community-engagement/"}),
    ("ANGLE_URL", "search", "<b>Date:</b>", None),
    ("BARE_URL", "search", "Available at: https://www.researchinpractice.org.uk/adults/publications/2021/june/bridging-the-gap.",
     "https://www.researchinpractice.org.uk/adults/publications/2021/june/bridging-the-gap"),
    ("BARE_URL", "search", "<https://www.coventry.gov.uk/safeguarding-annual-report>", None),
    ("BARE_URL", "search", "[https://www.csnetwork.org.uk/]", None),
    ("URL_IN_LINE", "search", "| https://www.csnetwork.org.uk/ | Trust |", "https://www.csnetwork.org.uk/"),
    ("URL_IN_LINE", "search", "see: <https://www.coventry.gov.uk/safeguarding-annual-report>",
     "<https://www.coventry.gov.uk/safeguarding-annual-report>"),
    ("URL_IN_LINE", "search", "www.csnetwork.org.uk", None),
    ("WEB_URL", "match", "https://www.csnetwork.org.uk/en/extra-familial-harm",
     "https://www.csnetwork.org.uk/en/extra-familial-harm"),
    ("WEB_URL", "match", "#", None),
    ("WEB_URL", "match", "https://localhost/report", None),
    ("DOCUMENT_EXTENSION", "search", "Wood_Review_of_multi-agency_safeguarding_arrangements_2021.pdf", ("pdf",)),
    ("DOCUMENT_EXTENSION", "search", "safeguarding-annual-report.ASPX", ("ASPX",)),
    ("DOCUMENT_EXTENSION", "search", "community-engagement-in-tackling-child-exploitation", None),
    ("URL_SLUG_SEPARATOR", "split", "the-use-of-tools_and+checklists", ["the", "use", "of", "tools", "and", "checklists"]),
    ("URL_SLUG_SEPARATOR", "search", "young persons voice", None),
    ("LINK_OR_URL_START", "match", "[csn]: https://www.csnetwork.org.uk/en/extra-familial-harm", "[csn]:"),
    ("LINK_OR_URL_START", "match", "  https://assets.publishing.service.gov.uk/government/uploads", "  https://"),
    ("LINK_OR_URL_START", "match", "Sam Smith (Detective Superintendent, West Midlands Police)", None),
    # ------------------------------------------------------------ markup and tags
    ("TAG", "search", "<b>Details of Bespoke Support Project (BSP):</b>", "<b>"),
    ("TAG", "search", '<td\ncolspan="2">', '<td\ncolspan="2">'),
    ("TAG", "search", "fewer than 5 < 10 young people", None),
    ("HTML_TAG_IN_LINE", "search", "<p>Date: 2022-05-04</p>", "<p>"),
    ("HTML_TAG_IN_LINE", "search", '<td\ncolspan="2">', None),
    ("HTML_BREAK", "search", "<li>Leading with care</li>", ("", "li")),
    ("HTML_BREAK", "search", "</OL>", ("/", "OL")),
    ("HTML_BREAK", "search", "<pre><b>Date:</b></pre>", None),
    ("BLOCK_END", "search", "<li>Leading with care</li>", "</li>"),
    ("BLOCK_END", "search", "Return home interviews are now shared<br />  ", "<br />  "),
    ("BLOCK_END", "search", "<p>All sessions were held online.", None),
    ("BLOCK_TAG", "search", "<tr><td>Partnership Name:</td>", "</td>"),
    ("BLOCK_TAG", "search", "<tr><td>Partnership Name:", None),
    ("EMPHASIS", "findall", "**Leading with care:** it was *strategic*", ["**", "**", "*", "*"]),
    ("EMPHASIS", "search", "a 3*4 grid", None),
    ("BOLD_MARK", "findall", "**Date:** 22/03/21 __x__", ["**", "**", "__", "__"]),
    ("BOLD_MARK", "search", "the *strategic* response", None),
    ("ITALIC_SPAN", "search", "the *strategic* response", ("strategic",)),
    ("ITALIC_SPAN", "search", "**Date:** 22/03/21", None),
    ("HEADING_HASHES", "match", "### **Delivery of the TCE project**", "### "),
    ("HEADING_HASHES", "match", "Partnership #1", None),
    ("MARKED_LABEL_START", "match", "**Date BSP commenced:**", ("**",)),
    ("MARKED_LABEL_START", "match", "<b>Date:</b>", ("<b>",)),
    ("MARKED_LABEL_START", "match", "Date BSP commenced:", None),
    ("RST_FIELD", "match", ":Date: 11 April 2022", ":Date: "),
    ("RST_FIELD", "match", ":Signed by local area: Jo Bloggs", ":Signed by local area: "),
    ("RST_FIELD", "match", "Date: 11 April 2022", None),
    ("RST_FIELD", "match", ":: code", None),
    # ------------------------------------------------------------ list markers and bullets
    ("ITEM_MARKER", "match", "- Enabling it to work through and identify what is known", {"marker": "-"}),
    ("ITEM_MARKER", "match", "1) Exploration with local partners", {"marker": "1)"}),
    ("ITEM_MARKER", "match", "(iv) Return home interviews", {"marker": "(iv)"}),
    ("ITEM_MARKER", "match", "\uf0b7\tA shared Sheﬃeld exploitation dashboard", {"marker": "\uf0b7"}),
    ("ITEM_MARKER", "match", "o  Youth Justice Service", {"marker": "o"}),
    ("ITEM_MARKER", "match", "o the county panel", None),
    ("ITEM_MARKER", "match", "1.5 million people live in the area", None),
    ("ITEM_MARKER", "match", "Nov 21 – Apr 22", None),
    ("LINE_MARKUP", "findall", "Intro\n  • Leading with care\n## Joining the dots\n(b) Data", ["  •", "##", "(b)"]),
    ("LINE_MARKUP", "search", "Partnership – transitional safeguarding", None),
    ("INLINE_BULLET", "search", "a clear set of principles ● Principle one", " ● "),
    ("INLINE_BULLET", "search", "• Sheﬃeld City Council", None),
    ("AGENCY_BULLET", "match", "• Sheﬃeld City Council", "• "),
    ("AGENCY_BULLET", "match", "  2) South Yorkshire Police", "  2) "),
    ("AGENCY_BULLET", "match", "o NHS South Yorkshire ICB", "o "),
    ("AGENCY_BULLET", "match", "Oldham Council", None),
    ("CELL_OR_BULLET_MARK", "search", "| Partnership Name: | Birmingham |", "|"),
    ("CELL_OR_BULLET_MARK", "search", "\uf0b7\tA shared dashboard", "\uf0b7"),
    ("CELL_OR_BULLET_MARK", "search", "Birmingham Children's Trust", None),
    ("SECTION_NUMBER", "match", "1. reasons why the local area requested", "1. "),
    ("SECTION_NUMBER", "match", "iv) key issues", "iv) "),
    ("SECTION_NUMBER", "match", "2.3 overall goal", "2.3 "),
    ("SECTION_NUMBER", "match", "approaches / methods", None),
    ("SECTION_NUMBER", "match", "2021/22 (october 2021 - march 2022)", None),
    ("LIST_NUMBER_OR_BULLET", "fullmatch", "1.", "1."),
    ("LIST_NUMBER_OR_BULLET", "fullmatch", "2.3", "2.3"),
    ("LIST_NUMBER_OR_BULLET", "fullmatch", "•", "•"),
    ("LIST_NUMBER_OR_BULLET", "fullmatch", "Signed by local area: Jo Bloggs", None),
    ("BOLD_HEAD_ITEM", "match", "**Language:** a session to move the partnership",
     ("Language", "a session to move the partnership")),
    ("BOLD_HEAD_ITEM", "match", "**Leading with Care**", ("Leading with Care", "")),
    ("BOLD_HEAD_ITEM", "match", "Language: a session to move the partnership", None),
    ("RUN_IN_HEAD", "match", "**Leading with care:** Leaders recognised the emotional impact",
     {"head": "Leading with care", "rest": "Leaders recognised the emotional impact"}),
    ("RUN_IN_HEAD", "match", "Trauma-informed practice – Partners agreed a shared approach",
     {"head": "Trauma-informed practice", "rest": "Partners agreed a shared approach"}),
    ("RUN_IN_HEAD", "match", "The project helped us to see how much we already share", None),
    ("INLINE_LIST", "search", "through a combination of individual agency conversations, the sharing of "
     "evidence-based resources, and action focused workshops.",
     {"list": "individual agency conversations, the sharing of evidence-based resources, and action focused workshops"}),
    ("INLINE_LIST", "search", "sessions including scoping, workshops and briefings were used by partners",
     {"list": "scoping, workshops and briefings"}),
    ("INLINE_LIST", "search", "to support delivery a range of different methods, tools and sessions.", None),
    ("INLINE_LIST", "search", "including scoping and workshops.", None),
    ("LIST_SEPARATOR", "split", "scoping, partnership workshops, and briefings and reviews",
     ["scoping", "partnership workshops", "briefings", "reviews"]),
    ("LIST_SEPARATOR", "search", "standard", None),
    ("LEADING_METHODS_WORD", "match", "different methods such as workshops", "different methods "),
    ("LEADING_METHODS_WORD", "match", "activities with schools", "activities "),
    ("LEADING_METHODS_WORD", "match", "methodology workshops", None),
    # ------------------------------------------------------------ tables, rules and page furniture
    ("RULE_LINE", "fullmatch", "|---|--|", "|---|--|"),
    ("RULE_LINE", "fullmatch", "+-------------------+-------------------+", "+-------------------+-------------------+"),
    ("RULE_LINE", "fullmatch", "======", "======"),
    ("RULE_LINE", "fullmatch", "|   |   |", None),
    ("RULE_LINE", "fullmatch", "- Enabling it to work through", None),
    ("CONTENTS_LINE", "match", "Overall goal of BSP .............................................................. 2",
     {"title": "Overall goal of BSP"}),
    ("CONTENTS_LINE", "match", "Joining the dots        7", {"title": "Joining the dots"}),
    ("CONTENTS_LINE", "match", "Date: 12.05.2022", None),
    ("CONTENTS_LINE", "match", "1 ........ 2", None),
    ("PAGE_NUMBER", "fullmatch", "Page 1 of 6", "Page 1 of 6"),
    ("PAGE_NUMBER", "fullmatch", "- 3 -", "- 3 -"),
    ("PAGE_NUMBER", "fullmatch", "2 of 7", "2 of 7"),
    ("PAGE_NUMBER", "fullmatch", "Phase 2 of the project", None),
    ("HTML_CELL", "findall", "<tr><td>Regional Area:</td><td>South West</td></tr>", ["Regional Area:", "South West"]),
    ("HTML_CELL", "findall", '<tr><TD colspan="2">Partnership Name:<td>Kent', ["Partnership Name:", "Kent"]),
    ("HTML_CELL", "search", "<table><thead>", None),
    ("HTML_CELL_OPEN", "search", "<TD>Partnership Name:", "<TD"),
    ("HTML_CELL_OPEN", "search", "<thead><tr></tr>", None),
    ("HTML_TABLE_TAGS", "fullmatch", "<table>", ("<table>", "table")),
    ("HTML_TABLE_TAGS", "fullmatch", "</tr> <TR class=\"row\">", ('<TR class="row">', "TR")),
    ("HTML_TABLE_TAGS", "fullmatch", "<tr><td>Regional Area:</td></tr>", None),
    ("TABLE_DIVIDER_CELL", "fullmatch", ":---", ":---"),
    ("TABLE_DIVIDER_CELL", "fullmatch", " --: ", " --: "),
    ("TABLE_DIVIDER_CELL", "fullmatch", " Trust ", None),
    ("TABLE_DIVIDER_CELL", "fullmatch", "-", None),
    ("WIDE_GAP", "search", "covered:                     Devon", "                     "),
    ("WIDE_GAP", "search", "Signed by TCE lead: Sam Smith", None),
    ("WIDE_GAP", "search", "Devon   ", None),
    ("SPACED_COLUMNS", "match", "BSP Methodology/ methodologies     Partnership",
     {"label": "BSP Methodology/ methodologies", "value": "Partnership"}),
    ("SPACED_COLUMNS", "match", "Signed by TCE lead: Sam Smith", None),
    # ------------------------------------------------------------ organisation names
    ("KNOWN_OTHER", "search", "Kent Fire and Rescue Service", ("Fire",)),
    ("KNOWN_OTHER", "search", "National Crime Agency", ("National Crime Agency",)),
    ("KNOWN_OTHER", "search", "West Yorkshire Police", None),
    ("HEALTH_BODY_END", "search", "NHS Bristol, North Somerset and South Gloucestershire ICB", "ICB"),
    ("HEALTH_BODY_END", "search", "Royal Berkshire NHS Foundation Trust", "NHS Foundation Trust"),
    ("HEALTH_BODY_END", "search", " North Somerset", None),
    ("ABBREVIATION", "search", "Staffordshire Police (SP)", " (SP)"),
    ("ABBREVIATION", "search", "Wakefield Council (the Council)", " (the Council)"),
    ("ABBREVIATION", "search", "Clinical Commissioning Group (CCG), Midlands Partnership", None),
    ("AGENCY_LIST_PIECE", "findall", "Leeds City Council / West Yorkshire Police; Catch22",
     ["Leeds City Council ", " West Yorkshire Police", " Catch22"]),
    ("AGENCY_LIST_PIECE", "search", ",;/|\n", None),
    ("LEADING_AND", "match", "and North Yorkshire Integrated Care Board (ICB)", ("and",)),
    ("LEADING_AND", "match", "& Humber Teaching NHS Foundation Trust", ("&",)),
    ("LEADING_AND", "match", "Andover Council", None),
    ("NHS_START", "match", "NHS Kent and Medway ICB", "NHS"),
    ("NHS_START", "match", " and NHS West Yorkshire ICB", " and NHS"),
    ("NHS_START", "match", "Humber Teaching NHS Foundation Trust", None),
    ("NHS_START", "match", "NHSE Regional Conference", None),
    ("MENTION", "search", "senior leaders from the Community Safety Partnership", {"name": "Community Safety Partnership"}),
    ("MENTION", "search", "Reading (the Children's Safeguarding Partnership, Community Safety Partnership and the One Reading Board)",
     {"name": "Children's Safeguarding Partnership"}),
    ("MENTION", "search", "the One Reading Board", {"name": "One Reading Board", "one": None}),
    ("MENTION", "search", "a One Walsall approach", {"name": None, "one": "One Walsall"}),
    ("MENTION", "search", "the local partnership and the safeguarding board", None),
    ("PROGRAMME_END", "search", "Tackling Child Exploitation Support Programme", ("Programme",)),
    ("PROGRAMME_END", "search", "Young Lewisham Project", ("Project",)),
    ("PROGRAMME_END", "search", "Birmingham EMPOWERU Hub", None),
    ("ORG_PAIR", "fullmatch", "Community Safety Partnership and Children's Safeguarding Partnership",
     ("Community Safety Partnership", "Children's Safeguarding Partnership")),
    ("ORG_PAIR", "fullmatch", "Avon and Somerset Police", None),
    ("POSSESSIVE_END", "search", "Children’s", "’s"),
    ("POSSESSIVE_END", "search", "partners'", "'"),
    ("POSSESSIVE_END", "search", "Catch22", None),
    # ------------------------------------------------------------ places
    ("AUTHORITY_COUNT", "match", "Two: Bath and North East Somerset, Bristol", ("Two", "Bath and North East Somerset, Bristol")),
    ("AUTHORITY_COUNT", "match", "3 (Bristol City Council, South Gloucestershire Council, North Somerset Council)",
     ("3", "Bristol City Council, South Gloucestershire Council, North Somerset Council")),
    ("AUTHORITY_COUNT", "match", "1", ("1", "")),
    ("AUTHORITY_COUNT", "match", "(Hull, East Riding of Yorkshire)", None),
    ("AUTHORITY_SEPARATOR", "split", "Leeds City Council and Bradford Metropolitan District Council",
     ["Leeds City Council", "Bradford Metropolitan District Council"]),
    ("AUTHORITY_SEPARATOR", "split", "Bath and North East Somerset, Bristol", ["Bath and North East Somerset", "Bristol"]),
    ("AUTHORITY_SEPARATOR", "search", "Portsmouth and Southampton", None),
    ("COUNCIL_NAME", "match", "reading borough council", {"place": "reading", "borough": None}),
    ("COUNCIL_NAME", "match", "bradford metropolitan district council", {"place": "bradford"}),
    ("COUNCIL_NAME", "match", "cheshire west and chester council", {"place": "cheshire west and chester"}),
    ("COUNCIL_NAME", "match", "city of york council", {"place": "york"}),
    ("COUNCIL_NAME", "match", "surrey county council (the council)", {"place": "surrey"}),
    ("COUNCIL_NAME", "match", "london borough of lewisham", {"borough": "lewisham", "place": None}),
    ("COUNCIL_NAME", "match", "royal borough of greenwich council", {"borough": "greenwich"}),
    ("COUNCIL_NAME", "match", "west midlands police", None),
    ("COUNCIL_NAME", "match", "council", None),
    ("NOT_NAME_CHARS", "findall", "the south-west (england).", ["-", "(", ")."]),  # the space is kept
    ("NOT_NAME_CHARS", "search", "yorkshire & the humber", None),
    ("LEADING_THE", "match", "the south west", "the "),
    ("LEADING_THE", "match", "thames valley", None),
    ("REGION_WORD", "search", "the north west region of england", " region "),
    ("REGION_WORD", "search", "regional area", None),
    ("TRAILING_ENGLAND", "search", "north east england", " england"),
    ("TRAILING_ENGLAND", "search", "east of england", " of england"),
    ("TRAILING_ENGLAND", "search", "england and wales", None),
    # ------------------------------------------------------------ dates and numbers (folded text)
    ("ISO_DATE", "fullmatch", "2022-05-04", ("2022", "05", "04")),
    ("ISO_DATE", "fullmatch", "2021-09", None),
    ("NUMERIC_DATE", "fullmatch", "22.03.2021", ("22", "03", "2021")),
    ("NUMERIC_DATE", "fullmatch", "22/03/21", ("22", "03", "21")),
    ("NUMERIC_DATE", "fullmatch", "09/2021", None),
    ("DAY_MONTH_YEAR", "fullmatch", "07th july 2021", ("07", "july", "2021")),
    ("DAY_MONTH_YEAR", "fullmatch", "3rd of july, 2023", ("3", "july", "2023")),
    ("DAY_MONTH_YEAR", "fullmatch", "july 7, 2021", None),
    ("MONTH_DAY_YEAR", "fullmatch", "july 7, 2021", ("july", "7", "2021")),
    ("MONTH_DAY_YEAR", "fullmatch", "07th july 2021", None),
    ("MONTH_YEAR", "findall", "2021/22 (october 2021 - march 2022)", [("october", "2021"), ("march", "2022")]),
    ("MONTH_YEAR", "search", "w/c 3rd may", None),
    ("MONTH_YEAR", "search", "nov 21 – apr 22", None),
    ("YEAR_ONLY", "fullmatch", "autumn 2019", "autumn 2019"),
    ("YEAR_ONLY", "fullmatch", "spring of 2022", "spring of 2022"),
    ("YEAR_ONLY", "fullmatch", "june 2020", None),
    ("MONTH_YEAR_VALUE", "fullmatch", "june 2020", ("june", "2020")),
    ("MONTH_YEAR_VALUE", "fullmatch", "sept., 2021", ("sept", "2021")),
    ("MONTH_YEAR_VALUE", "fullmatch", "june 2020 (ongoing)", None),
    ("MONTH_SHORT_YEAR", "fullmatch", "sep-21", ("sep", "21", None, None)),
    ("MONTH_SHORT_YEAR", "fullmatch", "september ’21", ("september", "21", None, None)),
    ("MONTH_SHORT_YEAR", "fullmatch", "september'21", (None, None, "september", "21")),
    ("MONTH_SHORT_YEAR", "fullmatch", "june 2020", None),
    ("ISO_YEAR_MONTH", "fullmatch", "2021-09", ("2021", "09")),
    ("ISO_YEAR_MONTH", "fullmatch", "2021/22", None),
    ("NUMERIC_MONTH_YEAR", "fullmatch", "09/2021", ("09", "2021")),
    ("NUMERIC_MONTH_YEAR", "fullmatch", "2021/22", None),
    ("DATE_RANGE_SEPARATOR", "split", "October 2021 – March 2022", ["October 2021", "March 2022"]),
    ("DATE_RANGE_SEPARATOR", "split", "Jan–Jun 2023", ["Jan", "Jun 2023"]),
    ("DATE_RANGE_SEPARATOR", "split", "September 2021 to March 2022", ["September 2021", "March 2022"]),
    ("DATE_RANGE_SEPARATOR", "split", "Autumn 2021 - Spring 2022", ["Autumn 2021", "Spring 2022"]),
    ("DATE_RANGE_SEPARATOR", "search", "Stoke-on-Trent, 2021-09", None),
    ("SEASON", "search", "autumn 2021 - spring 2022", ("autumn",)),
    ("SEASON", "search", "summary of the bsp", None),
    # ------------------------------------------------------------ sign-off
    ("ROLE_WORDS", "search", "Chris Doe, Head of Service", ("Head",)),
    ("ROLE_WORDS", "search", "Sophie Read-Willets", None),
    ("PERSON_NAME_WORD", "fullmatch", "Read-Willets", "Read-Willets"),
    ("PERSON_NAME_WORD", "fullmatch", "Dr.", "Dr."),
    ("PERSON_NAME_WORD", "fullmatch", "bloggs", None),
    ("PERSON_NAME_WORD", "fullmatch", "(Head", None),
    ("INLINE_DATE_FIELD", "search", "Jo Bloggs (Head of Service) Date: 12/05/2022", {"date": "12/05/2022"}),
    ("INLINE_DATE_FIELD", "search", "Update: 12/05/2022", None),
    ("AND_SEPARATOR", "split", "Jo Bloggs and Sam Smith", ["Jo Bloggs", "Sam Smith"]),
    ("AND_SEPARATOR", "search", "Sandra Bland", None),
    ("PEOPLE_SEPARATOR", "split", "Sam Smith, Strategic Lead; Alex Roe, Head of Safeguarding",
     ["Sam Smith, Strategic Lead", "Alex Roe, Head of Safeguarding"]),
    ("PEOPLE_SEPARATOR", "split", "Jo Bloggs & Sam Smith", ["Jo Bloggs", "Sam Smith"]),
    ("PEOPLE_SEPARATOR", "search", "Head of Health & wellbeing", None),
    ("BRACKET_TO_END", "search", "Jo Bloggs (Head of Service, Coventry City Council)", " (Head of Service, Coventry City Council)"),
    ("BRACKET_TO_END", "search", "Jo Bloggs", None),
    ("NAME_BRACKETED_ROLE", "fullmatch", "Jo Bloggs (Head of Service)",
     {"name": "Jo Bloggs", "role": "Head of Service", "rest": ""}),
    ("NAME_BRACKETED_ROLE", "fullmatch", "Jo Bloggs (Head of Service), Coventry",
     {"name": "Jo Bloggs", "role": "Head of Service", "rest": ", Coventry"}),
    ("NAME_BRACKETED_ROLE", "fullmatch", "Jo Bloggs, Head of Service", None),
    ("COMMA_SEPARATOR", "split", "Chris Doe, Head of Service,Devon County", ["Chris Doe", "Head of Service", "Devon County"]),
    ("COMMA_SEPARATOR", "search", "Chris Doe", None),
    ("NAME_DASH_ROLE", "match", "Helen Marsh – Head of Service", {"name": "Helen Marsh", "role": "Head of Service"}),
    ("NAME_DASH_ROLE", "match", "Sophie Read-Willets", None),
    # ------------------------------------------------------------ footnotes and what they cite
    ("SUPERSCRIPT_RUN", "search", "build relationships with its communities⁴. Furthermore", "⁴"),
    ("SUPERSCRIPT_RUN", "search", "high risk¹² are supported", "¹²"),
    ("SUPERSCRIPT_RUN", "search", "high risk3 are supported", None),
    ("TRAILING_SEE_HERE", "search", "For a rapid evidence review of evidence about community engagement, see:", ("see",)),
    ("TRAILING_SEE_HERE", "search", "The briefing is available HERE", ("HERE",)),
    ("TRAILING_SEE_HERE", "search", "See also the community engagement podcast", None),
    ("IN_THE_NAME_AT_END", "search", "key themes highlighted in the Wood Review", ("the Wood Review",)),
    ("IN_THE_NAME_AT_END", "search", "key themes highlighted in the review", None),
    ("IN_THE_NAME_AT_END", "search", "highlighted in the Wood Review: https", None),
    ("FOR_THE", "match", "For a rapid evidence review of evidence about community engagement",
     ("rapid evidence review of evidence about community engagement",)),
    ("FOR_THE", "match", "For more information", None),
    ("LEADING_SEE_OR_READ", "match", "See also the Research in Practice briefing", "See also the "),
    ("LEADING_SEE_OR_READ", "match", "read the guidance", "read the "),  # IGNORECASE: (?=[A-Z]) takes any letter
    ("LEADING_SEE_OR_READ", "match", "Reading Borough Council", None),
    ("PHRASE_BREAK", "split", "The team met each authority. The TCE community engagement resources",
     ["The team met each authority", "The TCE community engagement resources"]),
    ("PHRASE_BREAK", "search", "see p.6 of the evaluation", None),
    ("DETERMINER_PHRASE_AT_END", "search", "as highlighted by the TCE community engagement resources",
     ("TCE community engagement resources",)),
    ("DETERMINER_PHRASE_AT_END", "search", "THE Research in Practice briefing", ("Research in Practice briefing",)),
    ("DETERMINER_PHRASE_AT_END", "search", "the Hub, and partners", None),
    # ------------------------------------------------------------ sentences and clauses
    ("ABBREVIATION_BEFORE", "search", "for example, e.g.", "e.g."),
    ("ABBREVIATION_BEFORE", "search", "see p.", "p."),
    ("ABBREVIATION_BEFORE", "search", "J.", "J."),
    ("ABBREVIATION_BEFORE", "search", "operations of the hub.", None),
    ("SENTENCE_BOUNDARY", "search", "yet to be fully realised. Comments about the Hub", "."),
    ("SENTENCE_BOUNDARY", "search", "'Is the hub doing what it needs to do?' Partners said", "?'"),
    ("SENTENCE_BOUNDARY", "search", "see p.6 of the evaluation", None),
    ("SENTENCE_BOUNDARY", "search", "are supported, i.e. what is the offer", None),
    ("NOT_FOCUS", "search", "exploitation was not the focus of the project", "not the focus"),
    ("NOT_FOCUS", "search", "was not a main focus", "not a main focus"),
    ("NOT_FOCUS", "search", "the project was not focused on data", None),
    ("CONTRAST", "search", "framed for intra-familial harm rather than extra-familial harm", "rather than"),
    ("CONTRAST", "search", "other agencies joined later", None),
    ("CLAUSE_END", "search", "Partnership - transitional safeguarding", " - "),
    ("CLAUSE_END", "search", "Leeds, Bradford", ","),
    ("CLAUSE_END", "search", "Stoke-on-Trent", None),
    ("SHIFT_FROM", "search", "the focus moved away from developing a strategy and towards the value",
     {"src": " developing a strategy and "}),
    ("SHIFT_FROM", "search", "the team moved to a new office.", None),
    ("SHIFT_FROM", "search", "a shift in emphasis. From then on it moved to data", None),
    ("BACKGROUND", "match", "In response to this challenge, the delivery team sought", "In response to this challenge"),
    ("BACKGROUND", "match", "The delivery team, in response to this challenge", None),
    ("NAME_WORD", "match", " (CSE) Exploitation Hub", {"w": "Exploitation"}),
    ("NAME_WORD", "match", "Children's Society", {"w": "Children's"}),
    ("NAME_WORD", "match", "and partners", None),
    ("CLAUSE_SPLIT", "search", "stretched, but also", "but"),
    ("CLAUSE_SPLIT", "search", "Children's Safeguarding; Adults Safeguarding", ";"),
    ("CLAUSE_SPLIT", "search", "Whilst butterflies", None),
    ("ABBREVIATIONS_ONLY", "fullmatch", "CSE and CCE", "CSE and CCE"),
    ("ABBREVIATIONS_ONLY", "fullmatch", " CSE/CCE ", " CSE/CCE "),
    ("ABBREVIATIONS_ONLY", "fullmatch", "BCSP", "BCSP"),
    ("ABBREVIATIONS_ONLY", "fullmatch", "the Council", None),
    ("ABBREVIATIONS_ONLY", "fullmatch", "SoTCC", None),
]


def _compiled_patterns() -> dict[str, re.Pattern[str]]:
    return {name: value for name, value in vars(patterns).items()
            if isinstance(value, re.Pattern) and not name.startswith("_")}


def _outcome(pattern: re.Pattern[str], how: str, text: str, expected: object) -> object:
    if how in ("split", "findall"):
        return getattr(pattern, how)(text)
    m = getattr(pattern, how)(text)
    if m is None or expected is None:
        return m
    if isinstance(expected, str):
        return m.group(0)
    if isinstance(expected, tuple):
        return m.groups()
    if isinstance(expected, dict):
        return {k: m.group(k) for k in expected}
    raise AssertionError(f"cannot compare a match with {expected!r}")


@pytest.mark.parametrize("name, how, text, expected", CASES,
                         ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_pattern(name, how, text, expected):
    pattern = getattr(patterns, name)
    assert _outcome(pattern, how, text, expected) == expected


def _positive(how: str, text: str, expected: object) -> bool:
    if how == "split":
        return isinstance(expected, list) and expected != [text]
    return bool(expected)


def test_every_pattern_has_a_case_that_matches_and_one_that_does_not():
    matched = {name for name, how, text, expected in CASES if _positive(how, text, expected)}
    unmatched = {name for name, how, text, expected in CASES if expected is None or expected == []}
    names = set(_compiled_patterns())
    assert not names - matched, f"no text the pattern must match: {sorted(names - matched)}"
    assert not names - unmatched, f"no text the pattern must not match: {sorted(names - unmatched)}"


def test_every_case_names_a_pattern():
    assert {name for name, *_ in CASES} <= set(_compiled_patterns())


def test_no_pattern_is_defined_twice():
    seen: dict[tuple[str, int], str] = {}
    for name, p in _compiled_patterns().items():
        key = (p.pattern, p.flags)
        assert key not in seen, f"{name} is the same pattern as {seen[key]}"
        seen[key] = name


@pytest.mark.parametrize("fragment, word, whole", [
    (patterns.ORG_HEADS, "Partnership", True),
    (patterns.ORG_HEADS, "Partnerships", False),
    (patterns.PROGRAMME_HEADS, "initiative", True),
    (patterns.PROGRAMME_HEADS, "Initiative", False),
    (patterns.CAPITALISED_WORD, "EMPOWERU", True),
    (patterns.CAPITALISED_WORD, "Children’s", True),
    (patterns.CAPITALISED_WORD, "children", False),
])
def test_name_fragments(fragment, word, whole):
    assert bool(re.fullmatch(fragment, word)) is whole
