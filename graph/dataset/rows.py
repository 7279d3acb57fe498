"""The rows of the derivation queries, read straight from the compiled triples.

A build derives the network projection (:mod:`graph.network.projection`) and
the name index (:mod:`graph.store.resolve`) from the dataset. Both are
written as SPARQL SELECTs over a store; a build already holds every triple
as rdflib terms (:func:`graph.dataset.compiler.compile_triples`), so it
reads the same rows from them here instead of loading a store to ask it:
one pass sorts the triples of the predicates the queries use by predicate,
and each function below then joins them as its query does. A row is a dict
of plain strings (an IRI's text, a literal's lexical form) or None where the
query's OPTIONAL part finds nothing, as ``projection._select`` gives them.

Where a query finds several values its rows are the cross product, as
SPARQL's; they come in the order the triples were made (a store gives them
in an order of its own, which decides only between two values of a field
that should have one). A test holds these rows' projection and index equal
to the store's on the project's data.

>>> from rdflib import Literal, URIRef
>>> from graph.vocab.namespaces import ID, KG
>>> from rdflib.namespace import RDF, RDFS
>>> lab = URIRef(ID + "anl")
>>> triples = [(lab, RDF.type, URIRef(KG + "Lab")), (lab, RDFS.label, Literal("Argonne", lang="en")),
...            (lab, URIRef(KG + "localId"), Literal("anl"))]
>>> [r["name"] for r in name_rows(ByPredicate(triples))]
['Argonne', 'anl']
>>> next(node_rows(ByPredicate(triples), ["Lab"]))["en"]
'Argonne'
"""

from itertools import product

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, SKOS

from graph.vocab.namespaces import ID, KG
from graph.vocab.readings import READINGS

__all__ = ["ByPredicate", "Statements", "fact_rows", "kg_term", "name_rows", "node_rows", "post_rows",
           "qualified_pairs"]


def kg_term(name):
    """The IRI of the ``kg:`` term ``name``, as the compiler makes it."""
    return URIRef(KG + name)


_kg = kg_term


_TYPE, _LABEL, _ALT = RDF.type, RDFS.label, SKOS.altLabel
_SUBJECT, _PREDICATE, _OBJECT, _DERIVED = RDF.subject, RDF.predicate, RDF.object, PROV.wasDerivedFrom
_LOCAL_ID, _STATEMENT = _kg("localId"), _kg("Statement")
_STATEMENT_FIELDS = {"quote": _kg("quote"), "kind": _kg("evidenceKind"), "date": _kg("date"), "end": _kg("endDate"),
                     "status": _kg("status"), "role": _kg("role")}
_NODE_FIELDS = {"date": _kg("date"), "end": _kg("endDate"), "status": _kg("status")}


class ByPredicate:
    """The triples of the predicates the derivation queries use, by predicate, in the order they came.

    ``pairs(p)`` lists the ``(subject, object)`` of every triple of ``p``;
    ``values(p)`` maps each subject to its objects. The predicates kept are
    those of the queries and every relation the projection reads
    (:data:`graph.vocab.readings.READINGS`).
    """

    def __init__(self, triples):
        kept = {p: [] for p in (_TYPE, _LABEL, _ALT, _SUBJECT, _PREDICATE, _OBJECT, _DERIVED, _LOCAL_ID,
                                *_STATEMENT_FIELDS.values(), _kg("holds"), _kg("title"),
                                _kg("qualifiedParticipation"), *map(_kg, READINGS))}
        for s, p, o in triples:
            found = kept.get(p)
            if found is not None:
                found.append((s, o))
        self._pairs = kept
        self._values = {}

    @classmethod
    def of(cls, triples):
        """``triples`` sorted by predicate: itself when it already is a ByPredicate."""
        return triples if isinstance(triples, cls) else cls(triples)

    def pairs(self, p):
        """``[(subject, object)]`` of the triples of ``p``."""
        return self._pairs.get(p, [])

    def values(self, p):
        """``{subject: [object, ...]}`` of the triples of ``p`` (computed once)."""
        found = self._values.get(p)
        if found is None:
            found = self._values[p] = {}
            for s, o in self.pairs(p):
                found.setdefault(s, []).append(o)
        return found


def _text(term):
    """A term as a query row gives it: the IRI's text or the literal's lexical form (None stays None)."""
    return None if term is None else str(term)


def _lang(term):
    """The language tag of a literal, lower case as Oxigraph gives ``lang()`` ("" when it has none)."""
    return (term.language or "").lower() if isinstance(term, Literal) else ""


def _or_none(values):
    """The values of an OPTIONAL part: ``[None]`` when it finds nothing."""
    return values if values else [None]


def node_rows(index, classes):
    """The rows of the projection's node query: every entity of one of ``classes`` (``kg:`` local names) with its
    English and Korean label, date, end date and status, ordered by entity IRI."""
    wanted = {_kg(c) for c in classes}
    labels = index.values(_LABEL)
    fields = {name: index.values(p) for name, p in _NODE_FIELDS.items()}
    typed = sorted(((s, t) for s, t in index.pairs(_TYPE) if t in wanted), key=lambda st: str(st[0]))
    for s, t in typed:
        mine = labels.get(s, ())
        en = _or_none([x for x in mine if _lang(x) == "en"])
        ko = _or_none([x for x in mine if _lang(x) == "ko"])
        for a, b, date, end, status in product(en, ko, *(_or_none(fields[f].get(s)) for f in ("date", "end", "status"))):
            yield {"s": str(s), "type": str(t), "en": _text(a), "ko": _text(b), "date": _text(date),
                   "end": _text(end), "status": _text(status)}


class Statements:
    """The ``kg:Statement`` reifications: for each ``(subject, predicate, object)``, its statements, in order."""

    def __init__(self, index):
        subjects, predicates, objects = (index.values(p) for p in (_SUBJECT, _PREDICATE, _OBJECT))
        self.of = {}
        for st, ss in subjects.items():
            for key in product(ss, predicates.get(st, ()), objects.get(st, ())):
                self.of.setdefault(key, []).append(st)
        self.sources = index.values(_DERIVED)
        self.doc = index.values(_LOCAL_ID)
        self.fields = {name: index.values(p) for name, p in _STATEMENT_FIELDS.items()}

    def cited(self, s, p, o):
        """``(statement, source, the source's local id or None)`` of every source of every statement of ``s p o``."""
        for st in self.of.get((s, p, o), ()):
            for src in self.sources.get(st, ()):
                for doc in _or_none(self.doc.get(src)):
                    yield st, src, doc


def fact_rows(index, relations, statements=None):
    """The rows of the projection's fact query: each triple of one of ``relations`` (``kg:`` local names) with the
    source, quote, kind, date, end date, status and role of each of its statements."""
    statements = statements or Statements(index)
    fields = [statements.fields[f] for f in ("quote", "kind", "date", "end", "status", "role")]
    for rel in relations:
        p = _kg(rel)
        for s, o in index.pairs(p):
            for st, src, doc in statements.cited(s, p, o):
                for quote, kind, date, end, status, role in product(*(_or_none(f.get(st)) for f in fields)):
                    yield {"s": str(s), "p": str(p), "o": str(o), "src": str(src), "doc": _text(doc),
                           "quote": _text(quote), "kind": _text(kind), "date": _text(date), "end": _text(end),
                           "status": _text(status), "role": _text(role)}


def post_rows(index, statements=None):
    """The rows of the projection's post query: who holds a post in which organisation, with the post's sources,
    quotes, English and Korean title and date."""
    statements = statements or Statements(index)
    post_in, post_in_iri = index.values(_kg("postIn")), _kg("postIn")
    titles, dates = index.values(_kg("title")), index.values(_kg("date"))
    quotes = statements.fields["quote"]
    for person, post in index.pairs(_kg("holds")):
        mine = titles.get(post, ())
        ten = _or_none([x for x in mine if _lang(x) == "en"])
        tko = _or_none([x for x in mine if _lang(x) == "ko"])
        for org in post_in.get(post, ()):
            for st, src, doc in statements.cited(post, post_in_iri, org):
                for quote, a, b, date in product(_or_none(quotes.get(st)), ten, tko, _or_none(dates.get(post))):
                    yield {"s": str(person), "o": str(org), "post": str(post), "ten": _text(a), "tko": _text(b),
                           "src": str(src), "doc": _text(doc), "quote": _text(quote), "date": _text(date)}


def qualified_pairs(index):
    """``{(actor IRI, program IRI)}`` of every qualified participation (``kg:qualifiedParticipation``/``kg:inProgram``)."""
    programs = index.values(_kg("inProgram"))
    return {(str(s), str(o)) for s, q in index.pairs(_kg("qualifiedParticipation")) for o in programs.get(q, ())}


def name_rows(index):
    """The rows of the name index's query: each entity of ours (an IRI under ``kgid:`` with a local id and a class
    other than ``kg:Statement``) with each of its classes and each of its names: labels, aliases and local ids."""
    ids, types = index.values(_LOCAL_ID), index.values(_TYPE)
    labels, aliases = index.values(_LABEL), index.values(_ALT)
    for s, local in ids.items():
        if not str.startswith(s, ID):
            continue
        classes = [t for t in types.get(s, ()) if t != _STATEMENT]
        names = ([(n, "label") for n in labels.get(s, ())] + [(n, "alias") for n in aliases.get(s, ())]
                 + [(n, "id") for n in local])
        for t, (name, kind) in product(classes, names):
            yield {"s": str(s), "type": str(t), "name": str(name), "lang": _lang(name), "kind": kind}
