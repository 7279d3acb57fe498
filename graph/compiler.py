"""Compile checked records, the catalogue and the ontology into one RDF graph.

Every asserted fact (type, relation, date, status, number, amount, withinDays)
gets one ``kg:Statement`` per source: ``rdf:subject``/``rdf:predicate``/
``rdf:object`` name the triple, ``prov:wasDerivedFrom`` the document (or the
outside URL, with ``kg:outsideSeeds true``), ``kg:quote`` the sentence.
Qualifiers a relation carries (date, end date, status, role) sit on its
statements. A ``participatesIn`` relation with a role or date also gets a
``kg:Participation`` node, the qualified form.
"""

import hashlib
import re

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, XSD

from .checks import field_sources, field_value, parse_date
from .namespaces import DOC, ID, KG, PREFIXES, STMT
from .schema import RELATIONS, SCHEMES, STATUSES, TYPES

__all__ = ["compile_graph"]

K = Namespace(KG)
SDO = Namespace(PREFIXES["schema"])
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_DATATYPE = {"year": XSD.gYear, "month": XSD.gYearMonth, "day": XSD.date}


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
    def __init__(self, records, catalogue):
        self.records = {r.id: r for r in records if r.id}
        self.catalogue = catalogue
        self.g = Graph()
        for prefix, iri in PREFIXES.items():
            self.g.bind(prefix, iri)

    def node(self, local):
        return URIRef(ID + local)

    def cite(self, s, p, o, sources, qualifiers=()):
        """Assert ``s p o`` and one statement per source."""
        if o is None:  # a malformed value; the checks report it
            return
        self.g.add((s, p, o))
        for src in sources:
            if not isinstance(src, dict) or not (src.get("doc") or src.get("url")):
                continue
            quote = src.get("quote", "")
            origin = src.get("doc") or src.get("url")
            key = "\x1f".join(map(str, (s, p, o, origin, quote, sorted(qualifiers))))
            st = URIRef(STMT + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20])
            g = self.g
            g.add((st, RDF.type, K.Statement))
            g.add((st, RDF.subject, s))
            g.add((st, RDF.predicate, p))
            g.add((st, RDF.object, o))
            if "doc" in src:
                g.add((st, PROV.wasDerivedFrom, URIRef(DOC + src["doc"])))
                g.add((st, K.quote, Literal(" ".join(quote.split()), lang="ko")))
                g.add((st, K.outsideSeeds, Literal(False)))
            else:
                g.add((st, PROV.wasDerivedFrom, URIRef(src["url"])))
                g.add((st, K.outsideSeeds, Literal(True)))
                g.add((st, K.note, Literal(str(src.get("note", "")), lang="en")))
                if quote:
                    g.add((st, K.quote, Literal(" ".join(quote.split()))))
            for qp, qo in qualifiers:
                g.add((st, qp, qo))

    def documents(self):
        g = self.g
        for doc in self.catalogue:
            d = URIRef(DOC + doc.id)
            meta = doc.meta
            g.add((d, RDF.type, K.Document))
            g.add((d, K.fileName, Literal(doc.file)))
            g.add((d, K.localId, Literal(doc.id)))
            for lang, text in _texts(meta.get("title")):
                g.add((d, DCTERMS.title, Literal(text, lang=lang)))
                g.add((d, RDFS.label, Literal(text, lang=lang)))
            for lang, text in _texts(meta.get("publisher")):
                g.add((d, DCTERMS.publisher, Literal(text, lang=lang)))
            g.add((d, DCTERMS.date, date_literal(meta["date"])))
            g.add((d, DCTERMS.language, Literal(meta["language"])))
            if meta.get("url"):
                g.add((d, SDO.url, URIRef(meta["url"])))

    def record(self, rec):
        g, f = self.g, rec.fields
        s = self.node(rec.id)
        sources = f.get("sources") if isinstance(f.get("sources"), list) else []
        g.add((s, K.localId, Literal(rec.id)))
        for lang, text in _texts(f.get("label")):
            g.add((s, RDFS.label, Literal(text, lang=lang)))
        for alias in f.get("aliases") or []:
            g.add((s, SKOS.altLabel, _alias_literal(alias)))
        for lang, text in _texts(f.get("description")):
            g.add((s, DCTERMS.description, Literal(text, lang=lang)))
        if rec.type == "Concept":
            g.add((s, RDF.type, SKOS.Concept))
            if f.get("scheme") in SCHEMES:
                g.add((s, SKOS.inScheme, K[SCHEMES[f["scheme"]]]))
            for lang, text in _texts(f.get("label")):
                g.add((s, SKOS.prefLabel, Literal(text, lang=lang)))
            return
        if TYPES.get(rec.type):
            self.cite(s, RDF.type, K[TYPES[rec.type]], sources)
        for key in ("date", "endDate"):
            if key in f:
                self.cite(s, K[key], date_literal(field_value(f, key)), field_sources(f, key) or sources)
        if field_value(f, "status") in STATUSES:
            self.cite(s, K.status, K[field_value(f, "status")], field_sources(f, "status") or sources)
        for key in ("number", "withinDays"):
            if isinstance(f.get(key), int):
                self.cite(s, K[key], Literal(int(f[key])), sources)
        for lang, text in _texts(field_value(f, "amount")):
            self.cite(s, K.amount, Literal(text, lang=lang), field_sources(f, "amount") or sources)
        for rel in f.get("relations") or []:
            if isinstance(rel, dict):
                self.relation(s, rel, sources)
        for i, post in enumerate(f.get("posts") or [], start=1):
            if isinstance(post, dict):
                self.post(s, rec.id, i, post, sources)

    def relation(self, this, rel, record_sources):
        if rel.get("p") not in RELATIONS or ("o" in rel) == ("s" in rel):
            return
        p = K[rel["p"]]
        if "o" in rel:
            s, o = this, self.node(str(rel["o"]))
        else:
            s, o = self.node(str(rel["s"])), this
        quals = []
        for key in ("date", "endDate"):
            if key in rel and date_literal(rel[key]) is not None:
                quals.append((K[key], date_literal(rel[key])))
        if rel.get("status") in STATUSES:
            quals.append((K.status, K[rel["status"]]))
        if "role" in rel:
            quals.append((K.role, Literal(str(rel["role"]), lang="en")))
        sources = rel.get("sources") if isinstance(rel.get("sources"), list) else record_sources
        self.cite(s, p, o, sources, quals)
        if rel["p"] == "participatesIn" and quals:
            part = URIRef(f"{s}/participation/{o.split('/')[-1]}")
            self.g.add((s, K.qualifiedParticipation, part))
            self.cite(part, RDF.type, K.Participation, sources)
            self.cite(part, K.participant, s, sources)
            self.cite(part, K.inProgram, o, sources)
            for qp, qo in quals:
                self.cite(part, qp, qo, sources)

    def post(self, person, pid, i, post, record_sources):
        g = self.g
        node = URIRef(f"{ID}{pid}/post/{i}")
        sources = post.get("sources") if isinstance(post.get("sources"), list) else record_sources
        g.add((person, K.holds, node))
        self.cite(node, RDF.type, K.Post, sources)
        if post.get("org"):
            self.cite(node, K.postIn, self.node(str(post["org"])), sources)
        for lang, text in _texts(post.get("title")):
            g.add((node, K.title, Literal(text, lang=lang)))
            g.add((node, RDFS.label, Literal(text, lang=lang)))
        if "date" in post:
            self.cite(node, K.date, date_literal(post["date"]), sources)

    def run(self, ontology_graph):
        self.g += ontology_graph
        self.documents()
        for rec in self.records.values():
            self.record(rec)
        return self.g


def _texts(value):
    if isinstance(value, dict):
        for lang in ("en", "ko"):
            text = value.get(lang)
            if isinstance(text, str) and text.strip():
                yield lang, text.strip()


def compile_graph(records, catalogue, ontology_graph):
    """One rdflib Graph: ontology, documents, entities and their statements."""
    return _Compiler(records, catalogue).run(ontology_graph)

