"""Open the built dataset in Oxigraph for SPARQL.

The store is loaded from the build's N-Triples; it holds the ontology, the
documents, the entities and their statements, all in the default graph.
"""

__all__ = ["open_store", "select"]


def open_store(build):
    """An in-memory pyoxigraph Store holding ``build``'s dataset."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(build.dataset), format=ox.RdfFormat.N_TRIPLES)
    return store


def select(store, query):
    """Rows of a SELECT as dicts of pyoxigraph terms (None where unbound), prefixes pre-bound."""
    from .namespaces import PREFIXES

    result = store.query(query, prefixes=PREFIXES)
    names = [v.value for v in result.variables]
    for row in result:
        yield {n: row[n] for n in names}
