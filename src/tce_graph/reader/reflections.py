"""Joining the dots: one reflection per theme, with the theme as stated and as read."""
from __future__ import annotations

from ..model import ReportWarning, ThemeReflection
from .concepts import theme_of
from .items import _unmark, clean, heading_text, render, span_of
from .patterns import RUN_IN_HEAD
from .units import Unit


def reflections(units: list[Unit], warnings: list[ReportWarning]
                ) -> tuple[list[ThemeReflection], list[ThemeReflection]]:
    """(themes listed by the report, reflections headed by theme)."""
    listed: list[ThemeReflection] = []
    out: list[ThemeReflection] = []
    current: tuple[Unit, str | None, list[Unit]] | None = None
    loose: list[Unit] = []

    def close():
        if current is not None:
            head, theme, body = current
            if body:
                out.append(ThemeReflection(theme=theme, stated=heading_text(head), text=render(body),
                                           span=head.span.cover(span_of(body))))

    for u in units:
        if u.kind == "heading":
            continue
        t = clean(u)
        if u.kind == "para" and t.startswith("Describes the thematic approach"):
            continue
        theme = theme_of(t)
        runin = RUN_IN_HEAD.match(u.text) if u.kind == "para" and not theme else None
        if runin and theme_of(runin["head"]):  # "**Leading with care:** Leaders recognised ..."
            close()
            hs, rs = runin.start("head"), runin.start("rest")
            head = Unit("para", runin["head"], u.start + hs, u.start + hs + len(runin["head"]), u.line)
            rest = Unit("para", u.text[rs:], u.start + rs, u.end, u.line)
            current = (head, theme_of(runin["head"]), [rest])
            continue
        if u.kind == "item" and theme and current is None and not out:
            listed.append(ThemeReflection(theme=theme, stated=_unmark(t).rstrip(". "), text="", span=u.span))
            continue
        if u.kind == "para" and theme and len(t.split()) <= 9:
            close()
            current = (u, theme, [])
            continue
        if current is None:
            loose.append(u)
        else:
            current[2].append(u)
    close()
    if loose:
        sp = span_of(loose)
        out.insert(0, ThemeReflection(theme=None, stated=None, text=render(loose), span=sp))  # type: ignore[arg-type]
        warnings.append(ReportWarning("Joining the dots reflections are not headed by theme; kept without a theme",
                                      sp.line if sp else None,
                                      fix="head each reflection with its theme on a line of its own "
                                          "('Leading with care'); `tce-graph query values theme` lists them"))
    return listed, out
