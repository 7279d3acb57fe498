"""The IRIs of the project and the prefixes every query gets (SPEC §3).

>>> entity_iri("doe")
'https://w3id.org/ai4s-kg/id/doe'
>>> local_id("https://w3id.org/ai4s-kg/id/doe")
'doe'
>>> sorted(PREFIXES)[:3]
['dcterms', 'foaf', 'kg']
"""

__all__ = ["BASE", "DATA_GRAPH", "DOC", "ID", "KG", "ONTOLOGY_GRAPH", "PREFIXES", "STMT", "entity_iri", "local_id", "sparql_prologue"]

BASE = "https://w3id.org/ai4s-kg/"
KG = BASE + "ontology#"
ID = BASE + "id/"
DOC = BASE + "doc/"
STMT = BASE + "stmt/"
# the two named graphs of the dataset: the ontology files, and everything compiled from the data
ONTOLOGY_GRAPH = BASE + "graph/ontology"
DATA_GRAPH = BASE + "graph/data"

PREFIXES = {
    "kg": KG,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "org": "http://www.w3.org/ns/org#",
    "dcterms": "http://purl.org/dc/terms/",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "time": "http://www.w3.org/2006/time#",
    "kgid": ID,
    "kgdoc": DOC,
}


def entity_iri(local):
    """The IRI of the entity whose record id is ``local``."""
    return ID + local


def local_id(iri):
    """The record id of an entity IRI, or the IRI itself if it is not ours."""
    for base in (ID, DOC, KG):
        if iri.startswith(base):
            return iri[len(base):]
    return iri


def sparql_prologue():
    """PREFIX lines for every prefix of :data:`PREFIXES`."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
