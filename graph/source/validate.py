"""``kg validate``: every problem of the data at once.

Record checks (structure, duplicate and dangling ids, dates, labels, quotes
found verbatim in their documents, and the evidence checks: each relation its
own sentence, reference lines marked) and then SHACL over the compiled graph.
Malformed files raise MalformedInputError (exit 2); rule violations are
returned as a list of :class:`~graph.checks.Problem`.
"""

from graph.dataset.build import load_sources

__all__ = ["validate"]


def validate(project, shacl=True):
    """All problems of ``project``'s data, record checks first, then SHACL."""
    from graph.dataset.compiler import compile_graph
    from graph.source.shacl import shacl_problems

    catalogue, records, ontology, problems = load_sources(project, evidence=True)
    if shacl:
        graph = compile_graph(records, catalogue, ontology)
        where = {r.id: (r.file, r.line) for r in records}
        seen = {(p.record, p.message) for p in problems}
        problems += [p for p in shacl_problems(project, graph, where) if (p.record, p.message) not in seen]
    return problems
