"""Run the SHACL shapes of ``ontology/shapes.ttl`` over the compiled graph.

Core constraints go through pySHACL. SPARQL-based constraints
(``sh:sparql``) are evaluated by Oxigraph instead, once for all focus nodes
of the shape's target classes: pySHACL runs them once per focus node on
rdflib's engine, which took about 47 s on the real data against well under a
second here. The shapes file stays the one definition of both.
"""

import re

from graph.source.checks import Problem
from graph.vocab.namespaces import PREFIXES, local_id
from graph.store.results import short_iri

__all__ = ["shacl_problems"]


def shacl_problems(project, data, where):
    """Problems SHACL finds in the rdflib graph ``data``; ``where`` maps a local id to (file, line)."""
    import pyshacl
    from rdflib import Graph
    from rdflib.namespace import SH

    shapes = Graph()
    shapes.parse(project.shapes_file, format="turtle")
    sparql_constraints = _take_sparql_constraints(shapes)
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none",
                                           allow_warnings=True)
    found = []
    if not conforms:
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            if report.value(result, SH.sourceConstraintComponent) == SH.NodeConstraintComponent:
                continue  # the nested results say what is wrong
            path = report.value(result, SH.resultPath)
            found.append((str(report.value(result, SH.focusNode)),
                          short_iri(str(path)) if path is not None else "",
                          str(report.value(result, SH.resultMessage) or "violates a SHACL shape")))
    found += _run_sparql_constraints(data, sparql_constraints)
    problems = set()
    for focus, field, message in found:
        message = re.sub(r"https?://[^\s,)]+", lambda m: short_iri(m.group(0)), message)
        rid = local_id(focus)
        file, line = where.get(rid.split("/")[0], ("<compiled graph>", 0))
        problems.add(Problem(file, line, rid, f"shacl {field}".strip(), message))
    return sorted(problems, key=lambda p: (p.file, p.line, p.record, p.message))


def _take_sparql_constraints(shapes):
    """Remove the sh:sparql constraints from ``shapes``; return (classes, select, message) triples."""
    from rdflib.namespace import SH

    taken = []
    for shape, constraint in list(shapes.subject_objects(SH.sparql)):
        classes = [str(c) for c in shapes.objects(shape, SH.targetClass)]
        select = str(shapes.value(constraint, SH.select))
        message = str(shapes.value(constraint, SH.message) or "violates a SPARQL constraint")
        taken.append((classes, select, message))
        shapes.remove((shape, SH.sparql, constraint))
    return taken


def _run_sparql_constraints(data, constraints):
    """Evaluate each constraint for every instance of its target classes in Oxigraph."""
    if not constraints:
        return []
    import pyoxigraph as ox

    store = ox.Store()
    store.bulk_load(data.serialize(format="nt", encoding="utf-8"), format=ox.RdfFormat.N_TRIPLES)
    found = []
    for classes, select, message in constraints:
        body = select[select.index("{", select.upper().index("WHERE")) + 1: select.rindex("}")]
        variables = re.findall(r"[?$]\w+", select[: select.upper().index("WHERE")])
        head = " ".join("?" + v[1:] for v in variables)
        values = " ".join(f"<{c}>" for c in classes)
        query = (f"SELECT DISTINCT {head} WHERE {{ VALUES ?targetClass {{ {values} }} "
                 f"?this rdf:type/rdfs:subClassOf* ?targetClass . {{ {body.replace('$this', '?this')} }} }}")
        for row in store.query(query, prefixes=PREFIXES):
            text = message
            for v in variables[1:]:
                term = row[v[1:]]
                text = text.replace("{" + v + "}", short_iri(term.value) if isinstance(term, ox.NamedNode) else str(getattr(term, "value", term)))
            found.append((row["this"].value, "", text))
    return found
