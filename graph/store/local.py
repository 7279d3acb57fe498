"""Open the built dataset in Oxigraph for SPARQL.

The store holds two named graphs, as a shared triple store does after
``kg publish``: :data:`~graph.namespaces.ONTOLOGY_GRAPH` (the ontology files)
and :data:`~graph.namespaces.DATA_GRAPH` (documents, entities, statements).
Queries see their union as the default graph, so a query needs no ``GRAPH``
or ``FROM`` to see everything, and ``FROM``/``GRAPH`` with either name narrows
it down.

>>> from graph.workspace import Workspace
>>> ws = Workspace()
>>> [row["n"].value for row in select(ws.store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH kg:none { ?s ?p ?o } }")]
['0']
"""

from graph.vocab.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH, PREFIXES

__all__ = ["GRAPHS", "open_store", "query", "select"]

GRAPHS = {"ontology": ONTOLOGY_GRAPH, "data": DATA_GRAPH}


def open_store(build):
    """An in-memory pyoxigraph Store holding ``build``'s dataset in its two named graphs."""
    import pyoxigraph as ox

    store = ox.Store()
    for name, iri in GRAPHS.items():
        store.bulk_load(path=str(build.graph_file(name)), format=ox.RdfFormat.N_TRIPLES,
                        to_graph=ox.NamedNode(iri))
    return store


def query(store, text, **options):
    """``store.query`` with the project's prefixes bound and the union of the graphs as default graph.

    ``options`` go to pyoxigraph (``default_graph``, ``named_graphs``, ...); a
    given ``default_graph`` replaces the union.
    """
    options.setdefault("use_default_graph_as_union", "default_graph" not in options)
    return store.query(text, prefixes=PREFIXES, **options)


def select(store, text):
    """Rows of a SELECT as dicts of pyoxigraph terms (None where unbound), prefixes pre-bound."""
    result = query(store, text)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: row[n] for n in names}
