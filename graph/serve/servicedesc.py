"""The SPARQL 1.1 Service Description of ``kg serve``'s endpoint.

What ``GET /sparql`` without a query answers: the endpoint, the query
language, the result formats, and the default dataset (the union of the
project's two named graphs, each with its size in ``void:triples``).
"""

from graph.vocab.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH, PREFIXES
from graph.serve.protocol import GRAPH_TYPES

__all__ = ["serialized_description", "service_description"]

_SD = "http://www.w3.org/ns/sparql-service-description#"
_FORMATS_NS = "http://www.w3.org/ns/formats/"
_VOID = "http://rdfs.org/ns/void#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def service_description(endpoint_url, counts):
    """The service description of the endpoint at ``endpoint_url``, as pyoxigraph triples.

    ``counts`` maps each graph IRI to its number of triples (``void:triples``).
    """
    import pyoxigraph as ox

    def iri(x):
        return ox.NamedNode(x)

    a = iri(_RDF_TYPE)
    service, dataset, default = ox.BlankNode("service"), ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, a, iri(_SD + "Service")),
        ox.Triple(service, iri(_SD + "endpoint"), iri(endpoint_url)),
        ox.Triple(service, iri(_SD + "supportedLanguage"), iri(_SD + "SPARQL11Query")),
        ox.Triple(service, iri(_SD + "feature"), iri(_SD + "UnionDefaultGraph")),
        ox.Triple(service, iri("http://www.w3.org/2000/01/rdf-schema#comment"),
                  ox.Literal("Read-only SPARQL 1.1 query endpoint of the AI-for-science policy knowledge graph. "
                             "Updates, SERVICE, LOAD and graphs outside the project are refused; queries have "
                             "a time limit and answers a row limit, both stated in every cut or stopped answer.",
                             language="en")),
        ox.Triple(service, iri(_SD + "defaultDataset"), dataset),
        ox.Triple(dataset, a, iri(_SD + "Dataset")),
        ox.Triple(dataset, iri(_SD + "defaultGraph"), default),
        ox.Triple(default, a, iri(_SD + "Graph")),
        ox.Triple(default, iri(_VOID + "triples"), ox.Literal(str(sum(counts.values())),
                                                               datatype=iri("http://www.w3.org/2001/XMLSchema#integer"))),
    ]
    for name in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                 "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        triples.append(ox.Triple(service, iri(_SD + "resultFormat"), iri(_FORMATS_NS + name)))
    for i, graph in enumerate((ONTOLOGY_GRAPH, DATA_GRAPH)):
        node, g = ox.BlankNode(f"named{i}"), ox.BlankNode(f"graph{i}")
        triples += [
            ox.Triple(dataset, iri(_SD + "namedGraph"), node),
            ox.Triple(node, a, iri(_SD + "NamedGraph")),
            ox.Triple(node, iri(_SD + "name"), iri(graph)),
            ox.Triple(node, iri(_SD + "graph"), g),
            ox.Triple(g, a, iri(_SD + "Graph")),
            ox.Triple(g, iri(_VOID + "triples"), ox.Literal(str(counts.get(graph, 0)),
                                                             datatype=iri("http://www.w3.org/2001/XMLSchema#integer"))),
        ]
    return triples


def serialized_description(endpoint_url, counts):
    """``{media type: bytes}`` of the service description in every graph format."""
    import pyoxigraph as ox

    formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
               "jsonld": ox.RdfFormat.JSON_LD, "rdfxml": ox.RdfFormat.RDF_XML}
    prefixes = {"sd": _SD, "formats": _FORMATS_NS, "void": _VOID, "rdfs": PREFIXES["rdfs"]}
    triples = service_description(endpoint_url, counts)
    return {media: ox.serialize(triples, format=formats[key], prefixes=prefixes)
            for media, key in GRAPH_TYPES.items()}
