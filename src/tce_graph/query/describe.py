"""What a saved query's parameters take: their type, whether they are optional, an example label and, for a
concept parameter, the labels it accepts (``tce-graph query show`` and ``tce-graph query values``).

Labels are read through the store the query would run on, with the same lookup that binds a label at run
time, so what is listed is what ``query run`` accepts (and partnerships, which exist only in the data, are
there). Before a build, the bundled vocabulary (the concept schemes and the topic thesaurus) stands in."""
from __future__ import annotations

import re
import textwrap
from pathlib import Path

from rdflib import URIRef

from ..errors import QueryError
from ..stores.base import Store
from .run import LABELLED, RENAMED, _labelled, _local_name
from .saved import Parameter, SavedQuery, kebab

Concept = tuple[URIRef, str, list[str]]  # node, preferred label, its other labels


def concept_class(name: str) -> URIRef | None:
    """The class a parameter (``agency-type``, also ``agencytype``) or scheme (``delivery-mode``) names."""
    key = RENAMED.get(name.strip(), name.strip()).lower()
    by_class = {kebab(_local_name(str(c))): c for c in LABELLED.values()}
    return LABELLED.get(key) or by_class.get(key)


def concept_names() -> list[str]:
    """Every name ``tce-graph query values`` accepts."""
    return sorted(set(LABELLED) | {kebab(_local_name(str(c))) for c in LABELLED.values()})


def vocabulary_store() -> Store:
    """A store of the bundled vocabulary alone (ontology, concept schemes, topic thesaurus): no data."""
    from rdflib import Dataset

    from ..rdf.dataset import ontology_dataset
    from ..stores.memory import MemoryStore

    ds = Dataset(default_union=True)
    ontology_dataset(ds)
    return MemoryStore(ds, name="the bundled vocabulary")


def label_store(store_dir: str | Path | None = None, *, endpoint: str | None = None,
                data: str | Path | None = None) -> tuple[Store, str | None]:
    """The store to read labels from, and a note when it is the bundled vocabulary standing in for a
    store not built yet (which knows no partnership)."""
    from ..stores import DEFAULT_STORE, open_store

    location = Path(store_dir) if store_dir is not None else DEFAULT_STORE
    if endpoint or data or location.exists():
        return open_store(location, endpoint=endpoint, data=data), None
    return vocabulary_store(), (f"no store at {location} (tce-graph build writes one): the labels are the "
                                "bundled vocabulary's, without the partnerships, which only the data has")


def concepts(store: Store, cls: URIRef) -> list[Concept]:
    """Each node of ``cls`` with its preferred label and its other labels, by preferred label."""
    labels: dict[URIRef, set[str]] = {}
    preferred: dict[URIRef, str] = {}
    for node, label, pref in _labelled(store, cls):
        labels.setdefault(node, set()).add(label)
        preferred[node] = pref or preferred.get(node) or label
    return sorted(((n, preferred[n], sorted(labels[n] - {preferred[n]}, key=str.casefold)) for n in labels),
                  key=lambda c: (c[1].casefold(), str(c[0])))


def values_lines(name: str, store_dir: str | Path | None = None, *, endpoint: str | None = None,
                 data: str | Path | None = None) -> tuple[list[str], str | None]:
    """``tce-graph query values NAME``: a line per concept, its preferred label then its other labels, and
    the note of :func:`label_store` (the name is checked before a store is opened)."""
    cls = concept_class(name)
    if cls is None:
        raise QueryError(f"'{name}' is not a concept parameter or scheme; expected one of: "
                         f"{', '.join(concept_names())}")
    store, note = label_store(store_dir, endpoint=endpoint, data=data)
    found = concepts(store, cls)
    if not found:
        return [f"(no {name} in {getattr(store, 'name', 'the store')})"], note
    return [pref + (f"  (also: {'; '.join(others)})" if others else "") for _node, pref, others in found], note


def _kind(p: Parameter) -> str:
    cls = LABELLED.get(p.name)
    if p.type == "iri":
        words = kebab(_local_name(str(cls))).replace("-", " ") if cls is not None else ""
        return f"{'an' if words[:1] in tuple('aeiou') else 'a'} {words}: its label or IRI" if words else "an IRI"
    if p.lang:
        return f"text in language {p.lang}"
    if p.datatype:
        return _local_name(p.datatype)
    return "a number" if p.type == "number" else "text"


def _as_label(value: str, found: list[Concept]) -> str:
    """An example value as a person would type it: the preferred label of the concept it names, else (a
    partnership before a build) its IRI's last part as words."""
    label = next((pref for node, pref, _ in found if str(node) == value), None)
    if label is None and "://" in value:
        words = _local_name(value).replace("-", " ")
        label = words[:1].upper() + words[1:]
    return label or value


def describe_lines(query: SavedQuery, store: Store) -> list[str]:
    """``tce-graph query show NAME``: what the query answers, then a block per parameter."""
    lines = [f"{query.name}: {query.summary}", f"file: {query.path}"]
    if not query.parameters:
        return [*lines, "parameters: none"]
    lines.append("parameters:")
    for p in sorted(query.parameters.values(), key=lambda p: (not p.required, p.name)):
        cls = LABELLED.get(p.name)
        found = concepts(store, cls) if cls is not None else []
        default = query.defaults.get(p.name)
        if default is not None:
            need = f"optional, default {_as_label(default, found)!r}"
        else:
            need = "required" if p.required else "optional (leave it out for all)"
        lines.append(f"  {p.name}  {_kind(p)}; {need}")
        example = query.examples.get(p.name)
        if example is not None:
            lines.append(f"    example: -p {p.name}={_shell(_as_label(example, found))}")
        if found:
            shown = ", ".join(pref for _, pref, _ in found[:12]) + (", ..." if len(found) > 12 else "")
            lines.append(textwrap.fill(f"accepts: {shown} (all, with their other labels: tce-graph query values "
                                       f"{p.name})", 100, initial_indent="    ", subsequent_indent="      ",
                                       break_on_hyphens=False))
    return lines


def _shell(value: str) -> str:
    return value if re.fullmatch(r"[\w.:/@+-]+", value) else f'"{value}"'
