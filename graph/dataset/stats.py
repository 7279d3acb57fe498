"""Counts of the compiled graph: entities per class, statements per document,
and the share of asserted facts that are cited.

A *fact* is a triple about one of our entities whose predicate is ``rdf:type``
or a ``kg:`` term (labels, titles and the local id are names, not facts;
concepts of the vocabulary are not facts either, their use is). It is
*cited* when at least one ``kg:Statement`` names it and has a source.

Two finer counts say how good the citations are. A *relation* (a fact whose
predicate is one of the record relations of :data:`graph.vocab.schema.RELATIONS`)
has *its own citation* when one of its statements was written on the
relation, not inherited from the record (``kg:inherited``). A fact is
*reference-only* when every statement of it quotes a reference list, a table
of contents, a caption or a source line (``kg:evidenceKind``), none a body
sentence or an outside page.
"""

from collections import Counter

from rdflib import URIRef
from rdflib.namespace import PROV, RDF, SKOS

from graph.vocab.namespaces import DOC, ID, KG
from graph.vocab.schema import RELATIONS

__all__ = ["fact_counts", "format_stats"]

_UNCOUNTED = {URIRef(KG + "localId"), URIRef(KG + "qualifiedParticipation"), URIRef(KG + "holds"), URIRef(KG + "title")}
_TYPE, _CONCEPT, _STATEMENT = RDF.type, SKOS.Concept, URIRef(KG + "Statement")
# what a statement names: the first object of each of these predicates on it
_NAMING = (RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom, URIRef(KG + "inherited"),
           URIRef(KG + "evidenceKind"))
_RELATIONS = {URIRef(KG + r) for r in RELATIONS}
_CLASS, _FACT, _OTHER = "class", "fact", "other"


def _kind(p, naming):
    """How a predicate counts: the statement dict it fills, ``_CLASS``, ``_FACT`` or ``_OTHER``."""
    if p in naming:
        return naming[p]
    if p == _TYPE:
        return _CLASS
    if str(p).startswith(KG) and p not in _UNCOUNTED:
        return _FACT
    return _OTHER


def fact_counts(triples):
    """A dict with ``classes``, ``documents``, ``facts``, ``cited``, ``outside_seeds``.

    ``triples``: (s, p, o) rdflib terms in the order they were made, as
    :func:`graph.dataset.compiler.compile_triples` gives them. One pass, no index:
    a statement's subject, predicate, object and source are the first seen,
    which is what ``Graph.value`` answers on the Graph built in that order.
    (An rdflib Graph iterates in no set order; it gives the same counts as
    long as each statement has one of each, as the compiler makes them.)
    """
    naming = {p: {} for p in _NAMING}
    kinds, statements, facts, classes = {}, {}, set(), Counter()
    for s, p, o in triples:
        kind = kinds.get(p)
        if kind is None:
            kind = kinds[p] = _kind(p, naming)
        if kind is _OTHER:
            continue
        if kind.__class__ is dict:
            kind.setdefault(s, o)
            continue
        if kind is _CLASS and o == _STATEMENT:
            statements[s] = None
        if not (isinstance(s, URIRef) and str.startswith(s, ID)):
            continue
        if kind is _FACT or o != _CONCEPT:
            facts.add((s, p, o))
        if kind is _CLASS:
            if str.startswith(o, KG):
                classes[str(o)[len(KG):]] += 1
            else:
                classes["skos:" + str(o).rsplit("#", 1)[-1]] += 1
    subjects, predicates, objects, origins, inherited, kinds_of = (naming[p] for p in _NAMING)
    cited, per_doc, outside = set(), Counter(), 0
    own, body = set(), set()  # facts with a statement of their own / with a body or outside source
    for st in statements:
        src = origins.get(st)
        if src is None:
            continue
        fact = (subjects.get(st), predicates.get(st), objects.get(st))
        cited.add(fact)
        if st not in inherited:
            own.add(fact)
        if st not in kinds_of:
            body.add(fact)
        if str(src).startswith(DOC):
            per_doc[str(src)[len(DOC):]] += 1
        else:
            outside += 1
    relations = {f for f in facts if f[1] in _RELATIONS}
    return {
        "classes": dict(sorted(classes.items())),
        "documents": dict(sorted(per_doc.items())),
        "facts": len(facts),
        "cited": len(facts & cited),
        "statements_outside_seeds": outside,
        "relations": len(relations),
        "relations_own_citation": len(relations & own),
        "reference_only": len((facts & cited) - body),
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
    if "relations" in manifest:  # manifests written before these counts existed lack them
        rels, own = manifest["relations"], manifest["relations_own_citation"]
        own_share = 100.0 * own / rels if rels else 100.0
        lines.append(f"relations {rels}, with a citation of their own {own} ({own_share:.1f}%)")
        lines.append(f"facts resting only on reference lines {manifest['reference_only']}")
    return "\n".join(lines)
