"""A page per saved query: what it answers, its parameters, its SPARQL, and its answer on the published
data as a table, with the answer as CSV and SPARQL JSON beside it."""
from __future__ import annotations

from collections.abc import Iterator

from ..errors import TceGraphError
from ..query.formats import format_csv, format_json, tsv_term
from ..query.run import run_query
from ..query.saved import SavedQuery
from ..stores.base import SelectResult, Store
from .pages import Site, render
from .rdfdocs import normalise

TABLE_CAP = 500  # rows shown on a query's page (the downloads hold all)


def _kind(p) -> str:
    if p.type == "iri":
        return "IRI (on the command line also a label)"
    if p.lang:
        return f"text in language {p.lang}"
    if p.datatype:
        return p.datatype.rsplit("#", 1)[-1]
    return p.type


def query_files(site: Site, store: Store, queries: list[SavedQuery]) -> Iterator[tuple[str, bytes]]:
    """``queries/<name>.html``, ``.csv``, ``.json``, ``.rq`` per query, and ``queries/index.html``."""
    listed = []
    for q in queries:
        here = f"queries/{q.name}.html"
        params = {k: v for k, v in q.defaults.items() if k in q.parameters}
        missing = [p.name for p in q.parameters.values() if p.required and p.name not in params]
        examples = q.examples
        example = ""
        if missing and all(name in examples for name in missing):  # answered for the query's own example
            params.update({name: examples[name] for name in missing})
            named = (f"The parameter {missing[0]} has" if len(missing) == 1
                     else f"The parameters {', '.join(missing)} have")
            example = (f"{named} no default: this is the answer for the query's example, "
                       f"{'; '.join(f'{name} = {examples[name]}' for name in missing)}.")
            missing = []
        result: SelectResult | None = None
        problem = None
        if missing:
            problem = f"This query needs the parameter(s) {', '.join(missing)}, which have no default."
        else:
            try:
                result = run_query(q, params, store)
            except TceGraphError as exc:
                problem = f"The query could not be answered on this data: {exc}"
        answer = None
        if result is not None:
            n = len(result.rows)
            answer = {"head": result.variables, "total": n, "more": n > TABLE_CAP,
                      "count": f"{n} row{'' if n == 1 else 's'}",
                      "rows": [[site.value(normalise(tsv_term(r[v])), here) if r.get(v) is not None else {"html": ""}
                                for v in result.variables] for r in result.rows[:TABLE_CAP]]}
            yield f"queries/{q.name}.csv", format_csv(result).encode("utf-8")
            yield f"queries/{q.name}.json", format_json(result).encode("utf-8")
        yield f"queries/{q.name}.rq", q.text.encode("utf-8")
        rows = [{"name": p.name, "kind": _kind(p), "required": "yes" if p.required else "no",
                 "used": params.get(p.name, "—")} for p in q.parameters.values()]
        yield here, render("query.html", title=f"Query: {q.name}", root=site.root(here), nav=site.nav(here),
                           alternates=[], name=q.name, summary=q.summary, description=q.description.strip(),
                           params=rows, answer=answer, no_answer=problem or "", example=example, sparql=q.text)
        listed.append({"name": q.name, "href": f"{q.name}.html", "summary": q.summary,
                       "rows": len(result.rows) if result is not None else "—"})
    here = "queries/index.html"
    yield here, render("queries.html", title="Saved queries", root=site.root(here), nav=site.nav(here),
                       alternates=[], queries=listed)
