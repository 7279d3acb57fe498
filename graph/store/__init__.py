"""Store and query: the built dataset in Oxigraph, safe SPARQL with time limits, the named query library,
name resolution, and result formats."""
