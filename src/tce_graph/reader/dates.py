"""Dates as the reports write them ('June 2020', 'August 2019 – April 2020', '22.03.2021', '07th July 2021')."""
from __future__ import annotations

from datetime import date

from ..model import ReportWarning
from .patterns import (
    DATE_RANGE_SEPARATOR,
    DAY_MONTH_YEAR,
    ISO_DATE,
    ISO_YEAR_MONTH,
    MONTH_DAY_YEAR,
    MONTH_SHORT_YEAR,
    MONTH_YEAR,
    MONTH_YEAR_VALUE,
    NUMERIC_DATE,
    NUMERIC_MONTH_YEAR,
    SEASON,
    YEAR_ONLY,
)
from .text import fold, strip_markup
from .units import Unit

MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})


def _year(text: str) -> int:
    y = int(text)
    return y + 2000 if y < 100 else y


def parse_date(text: str) -> date | None:
    """'22.03.2021', '22/03/21', '07th July 2021', '2021-03-22', 'July 7, 2021' -> date."""
    t = fold(strip_markup(text)).strip(" .")
    try:
        if m := ISO_DATE.fullmatch(t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := NUMERIC_DATE.fullmatch(t):
            return date(_year(m[3]), int(m[2]), int(m[1]))
        if m := DAY_MONTH_YEAR.fullmatch(t):
            if m[2] in MONTHS:
                return date(int(m[3]), MONTHS[m[2]], int(m[1]))
        if m := MONTH_DAY_YEAR.fullmatch(t):
            if m[1] in MONTHS:
                return date(int(m[3]), MONTHS[m[1]], int(m[2]))
    except ValueError:
        return None
    return None


def parse_year_month(text: str) -> str | None:
    t = fold(text).strip(" .,")
    if m := MONTH_YEAR_VALUE.fullmatch(t):
        if m[1] in MONTHS:
            return f"{int(m[2]):04d}-{MONTHS[m[1]]:02d}"
    if m := MONTH_SHORT_YEAR.fullmatch(t):
        month, yy = (m[1], m[2]) if m[1] else (m[3], m[4])  # "Sep-21", "Nov 21", "September '21"
        if month in MONTHS:
            return f"{2000 + int(yy):04d}-{MONTHS[month]:02d}"
    if m := ISO_YEAR_MONTH.fullmatch(t):
        return f"{int(m[1]):04d}-{int(m[2]):02d}" if 1 <= int(m[2]) <= 12 else None
    if m := NUMERIC_MONTH_YEAR.fullmatch(t):
        return f"{int(m[2]):04d}-{int(m[1]):02d}" if 1 <= int(m[1]) <= 12 else None
    d = parse_date(text)
    return f"{d.year:04d}-{d.month:02d}" if d else None


OPEN_ENDED = {"ongoing", "on-going", "present", "date", "to date", "now", "continuing", "tbc", "tbd"}


def project_dates(unit: Unit, warnings: list[ReportWarning]) -> tuple[str | None, str | None]:
    """'June 2020' -> ('2020-06', None); 'August 2019 – April 2020' -> ('2019-08', '2020-04')."""
    text = " ".join(strip_markup(unit.text).split())
    parts = [p for p in DATE_RANGE_SEPARATOR.split(text) if p.strip()]
    values = [parse_year_month(p) for p in parts[:2]]
    if len(values) == 2 and values[0] is None and values[1] is not None \
            and (month := MONTHS.get(fold(parts[0]).strip(" .,"))):  # "Jan–Jun 2023", "November - March 2022"
        year = int(values[1][:4]) - (1 if month > int(values[1][5:]) else 0)
        values[0] = f"{year:04d}-{month:02d}"
    if not values or values[0] is None:  # "w/c 3rd May 2021", "2021/22 (October 2021 - March 2022)"
        found = [f"{int(y):04d}-{MONTHS[mo]:02d}" for mo, y in MONTH_YEAR.findall(fold(text)) if mo in MONTHS]
        if found:
            return found[0], (found[1] if len(found) > 1 else None)
    if not values or values[0] is None:
        season = SEASON.search(fold(text))
        what = f"names a season ({season[1]}), not a month" if season else "is not a month and year"
        only_year = year_only(parts[0]) if parts else None
        kept = f"; kept as the year {only_year}" if only_year else "; expected a month and year such as 'June 2020'"
        warnings.append(ReportWarning(f"start date '{text}' {what}{kept}", unit.line,
                                      fix="write the month and year the project started, such as 'June 2020', "
                                          "in the 'Date BSP commenced' row"))
        if only_year is None:
            return None, None
        values[0] = only_year
    ended = values[1] if len(values) > 1 else None
    if len(values) > 1 and ended is None and fold(parts[1]).strip(" .") not in OPEN_ENDED:
        ended = year_only(parts[1])
        kept = f"; kept as the year {ended}" if ended else ""
        warnings.append(ReportWarning(f"end of date range '{parts[1]}' is not a month and year{kept}", unit.line,
                                      fix="write the range as 'June 2020 - March 2021'"))
    return values[0], ended


def year_only(text: str) -> str | None:
    """'Spring 2022', 'Autumn 2019', 'early 2019', 'late 2019', '2019' -> '2022' ... (the year, no month)."""
    m = YEAR_ONLY.fullmatch(fold(strip_markup(text)).strip(" .,"))
    return m[1] if m else None
