"""``kg validate``: every problem of the data at once.

Record checks (structure, duplicate and dangling ids, dates, labels, quotes
found verbatim in their documents, and the evidence checks: each relation its
own sentence, reference lines marked) and then SHACL over the compiled triples
(:mod:`graph.source.shacl`). Malformed files raise MalformedInputError (exit
2); rule violations are returned as a list of
:class:`~graph.source.checks.Problem`.

>>> from graph.project import Project
>>> validate(Project.default())
[]
"""

from graph.dataset.build import load_sources

__all__ = ["validate"]


def validate(project, shacl=True, engine="turbo"):
    """All problems of ``project``'s data, record checks first, then SHACL (``engine``: see ``graph.source.shacl``)."""
    from graph.dataset.compiler import compile_triples
    from graph.source.shacl import shacl_problems

    catalogue, records, ontology, problems = load_sources(project, evidence=True)
    if shacl:
        triples = compile_triples(records, catalogue, ontology)
        where = {r.id: (r.file, r.line) for r in records}
        seen = {(p.record, p.message) for p in problems}
        problems += [p for p in shacl_problems(project, triples, where, engine=engine)
                     if (p.record, p.message) not in seen]
    return problems
