"""Run the SHACL shapes of ``ontology/shapes.ttl`` over the compiled graph."""

import re

from .checks import Problem
from .namespaces import local_id
from .results import short_iri

__all__ = ["shacl_problems"]


def shacl_problems(project, data, where):
    """Problems SHACL finds in the rdflib graph ``data``; ``where`` maps a local id to (file, line)."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph()
    shapes.parse(project.shapes_file, format="turtle")
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                           advanced=True, allow_warnings=True)
    problems = []
    if conforms:
        return problems
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = str(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        message = str(report.value(result, SH.resultMessage) or "violates a SHACL shape")
        message = re.sub(r"https?://[^\s,)]+", lambda m: short_iri(m.group(0)), message)
        rid = local_id(focus).split("/")[0]
        file, line = where.get(rid, ("<compiled graph>", 0))
        field = short_iri(str(path)) if path is not None else ""
        problems.append(Problem(file, line, local_id(focus), f"shacl {field}".strip(), message))
    return sorted(set(problems), key=lambda p: (p.file, p.line, p.record, p.message))
