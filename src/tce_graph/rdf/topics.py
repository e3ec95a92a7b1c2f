"""Topic tags as RDF."""
from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS
from ..namespaces import STRENGTH, TCE
from ..reader.topics import SECTION_NAMES, tag_topics


# ---------------------------------------------------------------- to RDF (called by to_rdf._Mapper)


def map_topic_tags(mapper) -> None:
    """Add the report's topic tags to the mapper's graph.

    ``<{report}/topic/{slug}> a tce:TopicTag ; tce:topic topic:{slug} ; tce:strength strength:focus|mention ;
    tce:inReport <report> ; tce:evidence <annotation> ...`` plus ``project dcterms:subject topic`` and
    ``project tce:topicTag tag``. Each annotation comes from ``mapper.evidence`` (a Web Annotation
    selecting the sentence in the source) with the clean sentence as ``tce:text``; its ``tce:property``
    is ``tce:strength`` for the sentences that give the tag its strength (:attr:`TopicTag.evidence`)
    and ``tce:topic`` for a focus topic's other sentences (:attr:`TopicTag.also`). A report item
    (approach, key issue, learning point, action, reflection) that holds a sentence naming the topic
    gets ``item dcterms:subject topic``.
    """
    g = mapper.g
    r = mapper.r
    items = [("approach", r.approaches), ("key-issue", r.key_issues), ("learning", r.learning),
             ("action", r.actions), ("reflection", r.reflections)]  # as the mapper numbers them
    for tag in tag_topics(r):
        for ev in tag.evidence + tag.also:  # a report item that holds a sentence naming the topic
            for kind, parts in items:
                for n, item in enumerate(parts, start=1):
                    if item.span.start < ev.span.end and ev.span.start < item.span.end:
                        g.add((mapper.sub(kind, n), DCTERMS.subject, tag.iri))
        node = URIRef(f"{mapper.report}/topic/{tag.topic}")
        g.add((node, RDF.type, TCE.TopicTag))
        g.add((node, RDFS.label, Literal(f"{tag.label} ({tag.strength})", lang="en")))
        g.add((node, TCE.topic, tag.iri))
        g.add((node, TCE.strength, STRENGTH[tag.strength]))
        g.add((node, TCE.inReport, mapper.report))
        g.add((mapper.project, DCTERMS.subject, tag.iri))
        g.add((mapper.project, TCE.topicTag, node))
        for prop, sentences in ((TCE.strength, tag.evidence), (TCE.topic, tag.also)):
            for ev in sentences:
                ann = mapper.evidence(node, prop, ev.span, SECTION_NAMES.get(ev.section, ev.section))
                if ann is not None:
                    g.add((node, TCE.evidence, ann))
                    g.add((ann, TCE.text, Literal(ev.sentence, lang="en")))
