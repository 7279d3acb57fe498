"""A knowledge graph of AI-for-science actors, programs and agreements.

Start with :class:`KnowledgeGraph`, the front door for notebooks and scripts;
the ``kg`` command line is its client::

    >>> import graph
    >>> kg = graph.KnowledgeGraph()
    >>> kg.path("Korea", "ANL", k=1)["to"]["label"]
    'Argonne National Laboratory'

The layers below it, each a subpackage: :mod:`graph.vocab` (namespaces,
class tree, dates) → :mod:`graph.source` (YAML records, checks, SHACL,
ingest) → :mod:`graph.dataset` (compile, build cache, stats, diff) →
:mod:`graph.store` (SPARQL on Oxigraph, named queries, names) →
:mod:`graph.network` (NetworkX projection, paths, centrality, channels) →
:mod:`graph.reports` (show, compare, timeline) → :mod:`graph.render` (maps,
figures, exports) and :mod:`graph.serve` (endpoint, publish, remote store).
Errors and their exit codes are in :mod:`graph.errors`.

Importing ``graph`` is cheap: ``KnowledgeGraph`` and the rest load on first use.
"""

__version__ = "0.1.0"
__all__ = ["KnowledgeGraph", "Map", "SparqlResult", "__version__"]

_LAZY = {"KnowledgeGraph": "graph.api", "Map": "graph.api", "SparqlResult": "graph.api"}


def __getattr__(name):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
