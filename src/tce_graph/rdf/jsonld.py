"""Compacted JSON-LD with the shipped context (``ontology/context.jsonld``), written straight from triples.

General JSON-LD compaction (rdflib's serialiser, PyLD) costs about a tenth of a second per report
graph; this writer knows the one context it writes with, so it is a few dictionary look-ups per triple,
and it writes what a web developer expects of that context:

* a node object per subject, ``"id"`` first, then ``"type"`` (the aliases of ``@id`` and ``@type``),
  then the properties in key order; subjects in IRI order, each property's values in a fixed order;
* a property by its term when the context has one (``"region"`` is ``tce:region``), else as a compact
  IRI (``"skos:narrower"``), else in full;
* an IRI value as a string under a term coerced to ``@id``, else as ``{"id": ...}``; data and concept
  IRIs in full (the context defines no prefix for them, so no key can clash with a prefix name);
* English text as a plain string (the context's default ``@language`` is ``en``); text in another
  language, or without one, as a value object; ``xsd:integer`` and ``xsd:boolean`` values as JSON
  numbers and booleans; a value whose datatype its term is coerced to as a plain string; any other
  typed value as ``{"@value": ..., "@type": ...}``.

The result expands (PyLD, or any JSON-LD 1.1 processor) to exactly the same triples: ``tests/test_export.py``
checks every export against the TriG under RDF canonicalisation. RDF collections (``owl:unionOf``)
stay as their ``rdf:first`` / ``rdf:rest`` nodes, which is the same graph.
"""
from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _quoted

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, XSD

INTEGER = re.compile(r"0|-?[1-9][0-9]*")  # the lexical forms that JSON writes back the same
_TYPE = str(RDF.type)
_STRING, _INTEGER, _BOOLEAN = str(XSD.string), str(XSD.integer), str(XSD.boolean)


class Compactor:
    """Compaction with one context (the ``@context`` object of a JSON-LD context document)."""

    def __init__(self, context: dict):
        self.language = context.get("@language")
        prefixes: dict[str, str] = {}
        definitions: dict[str, tuple[str, str | None]] = {}  # term -> (IRI or compact IRI, coercion)
        for term, value in context.items():
            if term.startswith("@"):
                continue
            if isinstance(value, str):
                if value.startswith("@"):
                    continue  # a keyword alias ("id", "type")
                if value.endswith(("/", "#")) and ":" not in term and "://" in value:
                    prefixes[term] = value
                else:
                    definitions[term] = (value, None)
            elif isinstance(value, dict) and "@id" in value:
                definitions[term] = (value["@id"], value.get("@type"))
        self._namespaces: dict[str, str] = {}  # namespace IRI -> its prefix (the shortest name, then the first)
        for prefix, ns in sorted(prefixes.items(), key=lambda kv: (len(kv[0]), kv[0])):
            self._namespaces.setdefault(ns, prefix)

        def expand(iri: str) -> str:
            head, sep, rest = iri.partition(":")
            return prefixes[head] + rest if sep and head in prefixes and not rest.startswith("//") else iri

        self.terms: dict[str, tuple[str, str | None]] = {}  # IRI -> (term, coercion), the shortest term
        for term, (iri, coercion) in sorted(definitions.items(), key=lambda kv: (len(kv[0]), kv[0])):
            self.terms.setdefault(expand(iri), (term, expand(coercion) if coercion and coercion != "@id" else coercion))
        self._keys: dict[str, tuple[str, str | None]] = {}

    def compact_iri(self, iri: str) -> str:
        """An IRI as a compact IRI (``prefix:name``, the name without ``/`` or ``#``), else in full."""
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        found = self._namespaces.get(iri[:cut])  # only a prefix whose IRI ends where the name begins can do
        return f"{found}:{iri[cut:]}" if found is not None and cut < len(iri) else iri

    def vocab(self, iri: str) -> str:
        """A class, property or datatype IRI as its term, else as a compact IRI, else in full."""
        hit = self.terms.get(iri)
        return hit[0] if hit is not None else self.compact_iri(iri)

    def key(self, predicate: str) -> tuple[str, str | None]:
        """A property's key and the coercion its term has (``@id``, a datatype IRI, or None)."""
        hit = self._keys.get(predicate)
        if hit is None:
            hit = self._keys[predicate] = self.terms.get(predicate) or (self.compact_iri(predicate), None)
        return hit

    def node_id(self, node) -> str:
        return f"_:{node}" if isinstance(node, BNode) else self.compact_iri(str(node))

    def value(self, obj, coercion: str | None):
        """An object as the JSON value under a key with ``coercion``."""
        if not isinstance(obj, Literal):
            ref = self.node_id(obj)
            return ref if coercion == "@id" else {"id": ref}
        text = str(obj)
        if obj.language:
            if coercion is None and obj.language == self.language:
                return text
            return {"@value": text, "@language": obj.language}
        datatype = str(obj.datatype) if obj.datatype is not None else _STRING
        if coercion is not None and coercion == datatype:
            return text
        if coercion is None:
            if datatype == _INTEGER and INTEGER.fullmatch(text):
                return int(text)
            if datatype == _BOOLEAN and text in ("true", "false"):
                return text == "true"
        if datatype == _STRING:
            return {"@value": text}
        return {"@value": text, "@type": self.vocab(datatype)}

    def node_objects(self, triples: Iterable[tuple]) -> list[dict]:
        """The node objects of ``triples``, in subject order."""
        subjects: dict = {}
        for s, p, o in triples:
            subjects.setdefault(s, []).append((p, o))
        out = []
        for s in sorted(subjects, key=self.node_id):
            node: dict = {"id": self.node_id(s)}
            props: dict[str, list] = {}
            types = []
            for p, o in subjects[s]:
                if str(p) == _TYPE and not isinstance(o, Literal):
                    types.append(self.vocab(str(o)) if isinstance(o, URIRef) else self.node_id(o))
                    continue
                key, coercion = self.key(str(p))
                props.setdefault(key, []).append(self.value(o, coercion))
            if types:
                types = sorted(set(types))
                node["type"] = types[0] if len(types) == 1 else types
            for key in sorted(props):
                values = props[key] if len(props[key]) == 1 else _ordered(props[key])
                node[key] = values[0] if len(values) == 1 else values
            out.append(node)
        return out


def _ordered(values: list) -> list:
    unique = {json.dumps(v, sort_keys=True, ensure_ascii=False): v for v in values}
    return [unique[k] for k in sorted(unique)]


@functools.lru_cache(maxsize=4)
def _compactor(context_text: str) -> Compactor:
    return Compactor(json.loads(context_text))


def compactor(context: dict) -> Compactor:
    """The compactor for ``context`` (made once per distinct context)."""
    return _compactor(json.dumps(context, sort_keys=True))


def graph_object(graph_iri: str, triples: Iterable[tuple], context: dict) -> dict:
    """A named graph as the JSON-LD node object the whole-dataset file lists (``{"id": g, "@graph": [...]}``)."""
    c = compactor(context)
    return {"id": c.compact_iri(graph_iri), "@graph": c.node_objects(triples)}


def dumps(value, indent: str = "") -> str:
    """JSON text as the build writes it: what ``json.dumps(value, indent=1, ensure_ascii=False)`` writes
    (key order as made, UTF-8 characters kept), each line after the first indented by ``indent``, made
    without the standard library's generator per value (which writes an indented document several times
    slower)."""
    out: list[str] = []
    _write(value, indent, out)
    return "".join(out)


def _write(value, indent: str, out: list[str]) -> None:
    if isinstance(value, str):
        out.append(_quoted(value))
    elif isinstance(value, (dict, list)):
        is_dict = isinstance(value, dict)
        opening, closing = "{}" if is_dict else "[]"
        if not value:
            out.append(opening + closing)
            return
        inner = "\n" + indent + " "
        sep = opening + inner
        for key, item in (value.items() if is_dict else (("", v) for v in value)):  # type: ignore[union-attr]
            out.append(sep + _quoted(key) + ": " if is_dict else sep)
            _write(item, indent + " ", out)
            sep = "," + inner
        out.append("\n" + indent + closing)
    elif value is True or value is False or value is None:
        out.append("true" if value is True else "false" if value is False else "null")
    elif isinstance(value, int):
        out.append(int.__repr__(value))
    else:
        out.append(json.dumps(value))  # a float, written as json writes it


def document(context: dict, objects: Iterable[str]) -> bytes:
    """The whole JSON-LD file: the context, then the graph objects (JSON texts from :func:`dumps`) in order."""
    return b"".join(document_parts(context, objects))


def document_parts(context: dict, objects: Iterable[str]) -> Iterator[bytes]:
    """:func:`document` piece by piece, an object at a time (the build streams the file: no process
    holds every graph's JSON text)."""
    yield document_head(context)
    for i, o in enumerate(objects):
        yield ((",\n" if i else "") + member(o)).encode("utf-8")
    yield DOCUMENT_TAIL


def document_head(context: dict) -> bytes:
    """The file up to its first graph object: the context, and the opening of ``@graph``."""
    head = json.dumps(context, indent=1, ensure_ascii=False, sort_keys=True)
    return ('{\n "@context": ' + _indented(head, 1).lstrip() + ',\n "@graph": [\n').encode("utf-8")


DOCUMENT_TAIL = b"\n ]\n}\n"
"""The file after its last graph object; the objects are separated by ``,\\n``."""


def member(text: str) -> str:
    """A graph object's JSON text (from :func:`dumps`) as it sits in the file's ``@graph`` array."""
    return _indented(text, 2)


def member_of(value) -> str:
    """A graph object as it sits in the file's ``@graph`` array: ``member(dumps(value))``, in one pass."""
    return "  " + dumps(value, "  ")


def _indented(text: str, n: int) -> str:
    pad = " " * n
    return "\n".join(pad + line if line else line for line in text.split("\n"))
