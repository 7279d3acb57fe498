"""Counts of the compiled graph: entities per class, statements per document,
and the share of asserted facts that are cited.

A *fact* is a triple about one of our entities whose predicate is ``rdf:type``
or a ``kg:`` term (labels, titles and the local id are names, not facts;
concepts of the vocabulary are not facts either, their use is). It is
*cited* when at least one ``kg:Statement`` names it and has a source.
"""

from collections import Counter

from rdflib import URIRef
from rdflib.namespace import PROV, RDF, SKOS

from .namespaces import DOC, ID, KG

__all__ = ["fact_counts", "format_stats"]

_UNCOUNTED = {URIRef(KG + "localId"), URIRef(KG + "qualifiedParticipation"), URIRef(KG + "holds"), URIRef(KG + "title")}


def fact_counts(graph):
    """A dict with ``classes``, ``documents``, ``facts``, ``cited``, ``outside_seeds``."""
    statement = URIRef(KG + "Statement")
    cited, per_doc, outside = set(), Counter(), 0
    for st in graph.subjects(RDF.type, statement):
        triple = (graph.value(st, RDF.subject), graph.value(st, RDF.predicate), graph.value(st, RDF.object))
        src = graph.value(st, PROV.wasDerivedFrom)
        if src is None:
            continue
        cited.add(triple)
        if str(src).startswith(DOC):
            per_doc[str(src)[len(DOC):]] += 1
        else:
            outside += 1
    facts = set()
    classes = Counter()
    for s, p, o in graph:
        if not (isinstance(s, URIRef) and str(s).startswith(ID)):
            continue
        if (p == RDF.type and o != SKOS.Concept) or (str(p).startswith(KG) and p not in _UNCOUNTED):
            facts.add((s, p, o))
        if p == RDF.type and str(o).startswith(KG):
            classes[str(o)[len(KG):]] += 1
        elif p == RDF.type:
            classes["skos:" + str(o).rsplit("#", 1)[-1]] += 1
    return {
        "classes": dict(sorted(classes.items())),
        "documents": dict(sorted(per_doc.items())),
        "facts": len(facts),
        "cited": len(facts & cited),
        "statements_outside_seeds": outside,
    }


def format_stats(manifest):
    """The manifest's counts as aligned text."""
    lines = [f"triples  {manifest['triples']}", f"records  {manifest['records']}", "", "entities per class"]
    width = max(map(len, manifest["classes"]), default=0)
    lines += [f"  {k:<{width}}  {v:>5}" for k, v in manifest["classes"].items()]
    lines += ["", "cited statements per document"]
    lines += [f"  {k:<{width}}  {v:>5}" for k, v in manifest["documents"].items()]
    lines.append(f"  {'outside the seeds':<{width}}  {manifest['statements_outside_seeds']:>5}")
    share = 100.0 * manifest["cited"] / manifest["facts"] if manifest["facts"] else 100.0
    lines += ["", f"facts {manifest['facts']}, cited {manifest['cited']} ({share:.1f}%)"]
    return "\n".join(lines)
