"""Open the built dataset in Oxigraph for SPARQL.

The store is loaded from the build's N-Triples; it holds the ontology, the
documents, the entities and their statements, all in the default graph.
"""

__all__ = ["open_store"]


def open_store(build):
    """An in-memory pyoxigraph Store holding ``build``'s dataset."""
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(path=str(build.dataset), format=ox.RdfFormat.N_TRIPLES)
    return store
