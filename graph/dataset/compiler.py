"""Compile checked records, the catalogue and the ontology into one RDF graph.

Every asserted fact (type, relation, date, status, number, amount, seed's
claim, withinDays) gets one ``kg:Statement`` per source: ``rdf:subject``/``rdf:predicate``/
``rdf:object`` name the triple, ``prov:wasDerivedFrom`` the document (or the
outside URL, with ``kg:outsideSeeds true``), ``kg:quote`` the sentence.
Qualifiers a relation carries (date, end date, status, role) sit on its
statements. A ``participatesIn`` relation with a role or date also gets a
``kg:Participation`` node, the qualified form.

One compiler feeds two sinks: :func:`compile_graph` adds the triples to an
rdflib Graph (for SHACL), :func:`compile_triples` collects them in a dict
used as an ordered set (for the build, which needs no triple index).
"""

import hashlib
import re
from functools import lru_cache

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD
from rdflib.term import _is_valid_uri

from graph.source.checks import field_sources, field_value, parse_date
from graph.vocab.namespaces import DOC, ID, KG, PREFIXES, STMT
from graph.vocab.schema import RELATIONS, SCHEMES, STATUSES, TYPES

__all__ = ["compile_graph", "compile_triples"]

K = Namespace(KG)
SDO = Namespace(PREFIXES["schema"])
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_DATATYPE = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}
# terms of the hot path, made once (a namespace attribute builds a new URIRef on every access)
_TYPE, _SUBJECT, _PREDICATE, _OBJECT = RDF.type, RDF.subject, RDF.predicate, RDF.object
_DERIVED = PROV.wasDerivedFrom
_STATEMENT, _QUOTE, _OUTSIDE, _NOTE = K.Statement, K.quote, K.outsideSeeds, K.note
_LABEL, _ALT_LABEL, _DESCRIPTION = RDFS.label, SKOS.altLabel, DCTERMS.description
_TRUE, _FALSE = Literal(True), Literal(False)
_KIND, _INHERITED = K.evidenceKind, K.inherited


@lru_cache(maxsize=None)
def _kg(name):
    """``K[name]``, made once per name (the names come from the schema's fixed vocabulary)."""
    return K[name]


def date_literal(value):
    """A typed literal at the precision of ``value``.

    >>> date_literal("2025-11").datatype == XSD.gYearMonth
    True
    """
    parsed = parse_date(value)
    if parsed is None:
        return None
    text, precision = parsed
    return Literal(text, datatype=_DATATYPE[precision])


def _alias_literal(alias):
    text = str(alias)
    return Literal(text, lang="ko" if _HANGUL.search(text) else "en")


class _Compiler:
    """Walks documents and records, handing every triple to ``add``."""

    def __init__(self, records, catalogue, add):
        self.records = {r.id: r for r in records if r.id}
        self.catalogue = catalogue
        self.add = add
        self.iris = {}  # text -> URIRef
        self.quotes = {}  # (quote, lang) -> its Literal: sources repeat the same sentences

    def quote(self, quote, lang=None):
        """The literal of a quote, whitespace collapsed; one object per distinct quote."""
        if not isinstance(quote, str):  # malformed data: fails as before
            return Literal(" ".join(quote.split()), lang=lang)
        lit = self.quotes.get((quote, lang))
        if lit is None:
            lit = self.quotes[quote, lang] = Literal(" ".join(quote.split()), lang=lang)
        return lit

    def node(self, local):
        return self.iri(ID + local)

    def iri(self, text):
        """``URIRef(text)``, one object per distinct IRI: ids and sources recur on many statements.

        None for text that is no valid IRI (an id with a space, a URL with a
        quote): ``kg validate`` compiles data that failed its record checks
        too, for SHACL, and leaves out what the checks already report
        rather than fail on it.
        """
        iri = self.iris.get(text)
        if iri is None:
            if not isinstance(text, str) or not _is_valid_uri(text):
                return None
            iri = self.iris[text] = URIRef(text)
        return iri

    def cite(self, s, p, o, sources, qualifiers=(), inherited=False):
        """Assert ``s p o`` and one statement per source.

        ``inherited``: the sources are the record's, not written on this
        relation (each statement says so with ``kg:inherited true``). A
        source's ``kind`` (where its quote sits) goes on as ``kg:evidenceKind``.
        """
        if o is None or s is None:  # a malformed value or id; the checks report it
            return
        add = self.add
        add((s, p, o))
        for src in sources:
            if not isinstance(src, dict) or not (src.get("doc") or src.get("url")):
                continue
            origin_iri = self.iri(DOC + src["doc"] if "doc" in src else src["url"])
            if origin_iri is None:
                continue
            quote = src.get("quote", "")
            origin = src.get("doc") or src.get("url")
            key = "\x1f".join(map(str, (s, p, o, origin, quote, sorted(qualifiers))))
            st = URIRef(STMT + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20])
            add((st, _TYPE, _STATEMENT))
            add((st, _SUBJECT, s))
            add((st, _PREDICATE, p))
            add((st, _OBJECT, o))
            if "doc" in src:
                add((st, _DERIVED, origin_iri))
                add((st, _QUOTE, self.quote(quote, "ko")))
                add((st, _OUTSIDE, _FALSE))
            else:
                add((st, _DERIVED, origin_iri))
                add((st, _OUTSIDE, _TRUE))
                add((st, _NOTE, Literal(str(src.get("note", "")), lang="en")))
                if quote:
                    add((st, _QUOTE, self.quote(quote)))
            for qp, qo in qualifiers:
                add((st, qp, qo))
            if src.get("kind"):
                add((st, _KIND, Literal(str(src["kind"]))))
            if inherited:
                add((st, _INHERITED, _TRUE))

    def documents(self):
        add = self.add
        for doc in self.catalogue:
            d = URIRef(DOC + doc.id)
            meta = doc.meta
            add((d, RDF.type, K.Document))
            add((d, K.fileName, Literal(doc.file)))
            add((d, K.localId, Literal(doc.id)))
            for lang, text in _texts(meta.get("title")):
                add((d, DCTERMS.title, Literal(text, lang=lang)))
                add((d, RDFS.label, Literal(text, lang=lang)))
            for lang, text in _texts(meta.get("publisher")):
                add((d, DCTERMS.publisher, Literal(text, lang=lang)))
            add((d, DCTERMS.date, date_literal(meta["date"])))
            add((d, DCTERMS.language, Literal(meta["language"])))
            if meta.get("url"):
                add((d, SDO.url, URIRef(meta["url"])))

    def record(self, rec):
        add, f = self.add, rec.fields
        s = self.node(rec.id)
        if s is None:  # an id that makes no IRI; the checks report it
            return
        sources = f.get("sources") if isinstance(f.get("sources"), list) else []
        add((s, _kg("localId"), Literal(rec.id)))
        for lang, text in _texts(f.get("label")):
            add((s, _LABEL, Literal(text, lang=lang)))
        for alias in f.get("aliases") or []:
            add((s, _ALT_LABEL, _alias_literal(alias)))
        for lang, text in _texts(f.get("description")):
            add((s, _DESCRIPTION, Literal(text, lang=lang)))
        if rec.type == "Concept":
            add((s, _TYPE, SKOS.Concept))
            if f.get("scheme") in SCHEMES:
                add((s, SKOS.inScheme, _kg(SCHEMES[f["scheme"]])))
            for lang, text in _texts(f.get("label")):
                add((s, SKOS.prefLabel, Literal(text, lang=lang)))
            return
        if TYPES.get(rec.type):
            self.cite(s, _TYPE, _kg(TYPES[rec.type]), sources)
        for key in ("date", "endDate"):
            if key in f:
                self.cite(s, _kg(key), date_literal(field_value(f, key)), field_sources(f, key) or sources)
        if field_value(f, "status") in STATUSES:
            self.cite(s, _kg("status"), _kg(field_value(f, "status")), field_sources(f, "status") or sources)
        for key in ("number", "withinDays"):
            if isinstance(f.get(key), int):
                self.cite(s, _kg(key), Literal(int(f[key])), sources)
        for key in ("amount", "seedClaim"):
            for lang, text in _texts(field_value(f, key)):
                self.cite(s, _kg(key), Literal(text, lang=lang), field_sources(f, key) or sources)
        for rel in f.get("relations") or []:
            if isinstance(rel, dict):
                self.relation(s, rel, sources)
        for i, post in enumerate(f.get("posts") or [], start=1):
            if isinstance(post, dict):
                self.post(s, rec.id, i, post, sources)

    def relation(self, this, rel, record_sources):
        if rel.get("p") not in RELATIONS or ("o" in rel) == ("s" in rel):
            return
        p = _kg(rel["p"])
        if "o" in rel:
            s, o = this, self.node(str(rel["o"]))
        else:
            s, o = self.node(str(rel["s"])), this
        quals = []
        for key in ("date", "endDate"):
            if key in rel and date_literal(rel[key]) is not None:
                quals.append((_kg(key), date_literal(rel[key])))
        if rel.get("status") in STATUSES:
            quals.append((_kg("status"), _kg(rel["status"])))
        if "role" in rel:
            quals.append((_kg("role"), Literal(str(rel["role"]), lang="en")))
        own = isinstance(rel.get("sources"), list)
        sources = rel["sources"] if own else record_sources
        self.cite(s, p, o, sources, quals, inherited=not own)
        if rel["p"] == "participatesIn" and quals:
            part = URIRef(f"{s}/participation/{o.split('/')[-1]}")
            self.add((s, _kg("qualifiedParticipation"), part))
            self.cite(part, _TYPE, _kg("Participation"), sources)
            self.cite(part, _kg("participant"), s, sources)
            self.cite(part, _kg("inProgram"), o, sources)
            for qp, qo in quals:
                self.cite(part, qp, qo, sources)

    def post(self, person, pid, i, post, record_sources):
        add = self.add
        node = URIRef(f"{ID}{pid}/post/{i}")
        sources = post.get("sources") if isinstance(post.get("sources"), list) else record_sources
        add((person, _kg("holds"), node))
        self.cite(node, _TYPE, _kg("Post"), sources)
        if post.get("org"):
            self.cite(node, _kg("postIn"), self.node(str(post["org"])), sources)
        for lang, text in _texts(post.get("title")):
            add((node, _kg("title"), Literal(text, lang=lang)))
            add((node, _LABEL, Literal(text, lang=lang)))
        if "date" in post:
            self.cite(node, _kg("date"), date_literal(post["date"]), sources)

    def run(self):
        self.documents()
        for rec in self.records.values():
            self.record(rec)


def _texts(value):
    if isinstance(value, dict):
        for lang in ("en", "ko"):
            text = value.get(lang)
            if isinstance(text, str) and text.strip():
                yield lang, text.strip()


def compile_graph(records, catalogue, ontology_graph):
    """One rdflib Graph: ontology, documents, entities and their statements."""
    g = Graph()
    for prefix, iri in PREFIXES.items():
        g.bind(prefix, iri)
    g += ontology_graph
    _Compiler(records, catalogue, g.add).run()
    return g


def compile_triples(records, catalogue, ontology_graph):
    """The triples of :func:`compile_graph`, without the Graph: a dict whose keys are the triples.

    The dict keeps each distinct triple once (rdflib term equality, as a
    Graph does), the ontology's first, in the order they were made.
    """
    triples = dict.fromkeys(ontology_graph)
    _Compiler(records, catalogue, triples.setdefault).run()
    return triples

