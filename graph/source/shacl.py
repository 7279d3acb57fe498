"""Run the SHACL shapes of ``ontology/shapes.ttl`` over the compiled triples.

The triples go once into an in-memory Oxigraph store, and both kinds of
constraint run on it:

- the core constraints through ``pyshacl-turbo`` (a Rust SHACL engine with
  pySHACL's API and reports), or through pySHACL itself with
  ``engine="pyshacl"``. Both give the same problems, with the messages of the
  shapes file, on the real data and on every invalid fixture
  (``tests/test_shacl_engines.py``); turbo takes about a sixth of the time
  (``python -m bench.validate``);
- the SPARQL-based constraints (``sh:sparql``) through Oxigraph, once for
  all focus nodes of the shape's target classes: pySHACL runs them once per
  focus node on rdflib's engine, which took about 47 s on the real data.

The shapes file stays the one definition of both.

>>> from graph.project import Project
>>> shapes, constraints = load_shapes(Project.default())
>>> sorted(message[:24] for _, _, message in constraints)
['a statement citing a see', 'fact {?p} {?o} has no ci']
"""

import re

from graph.source.checks import Problem
from graph.vocab.namespaces import PREFIXES, local_id
from graph.store.results import short_iri

__all__ = ["ENGINES", "constraint_query", "core_results", "load_shapes", "oxigraph_store", "shacl_problems",
           "sparql_results"]

#: the engines that can run the core constraints, the default first
ENGINES = ("turbo", "pyshacl")


def shacl_problems(project, triples, where, engine="turbo"):
    """Problems SHACL finds in ``triples`` (rdflib triples, e.g. a Graph).

    ``where`` maps a local id to (file, line); ``engine`` is one of
    :data:`ENGINES`.
    """
    shapes, constraints = load_shapes(project)
    store = oxigraph_store(triples)
    found = core_results(shapes, store if engine == "turbo" else triples, engine)
    found += sparql_results(store, constraints)
    problems = set()
    for focus, field, message in found:
        message = re.sub(r"https?://[^\s,)]+", lambda m: short_iri(m.group(0)), message)
        rid = local_id(focus)
        file, line = where.get(rid.split("/")[0], ("<compiled graph>", 0))
        problems.add(Problem(file, line, rid, f"shacl {field}".strip(), message))
    return sorted(problems, key=lambda p: (p.file, p.line, p.record, p.message))


def load_shapes(project):
    """(core shapes as an rdflib Graph, [(target classes, SELECT text, message)] of its sh:sparql constraints)."""
    from rdflib import Graph

    shapes = Graph()
    shapes.parse(project.shapes_file, format="turtle")
    return shapes, _take_sparql_constraints(shapes)


def oxigraph_store(triples):
    """An in-memory Oxigraph store holding the rdflib ``triples``.

    >>> from rdflib import BNode, Literal, URIRef
    >>> s, p = URIRef("http://x/s"), URIRef("http://x/p")
    >>> store = oxigraph_store([(s, p, Literal("한국", lang="ko")), (s, p, Literal(2)), (s, p, BNode("b1")),
    ...                         (s, p, Literal("x"))])
    >>> sorted(str(q.object) for q in store)
    ['"2"^^<http://www.w3.org/2001/XMLSchema#integer>', '"x"', '"한국"@ko', '_:b1']
    """
    import pyoxigraph as ox
    from rdflib import BNode, Literal

    made = {}

    def term(t):
        o = made.get(t)
        if o is None:
            if isinstance(t, Literal):
                if t.language:
                    o = ox.Literal(str(t), language=t.language)
                elif t.datatype is not None:
                    o = ox.Literal(str(t), datatype=ox.NamedNode(t.datatype))
                else:
                    o = ox.Literal(str(t))
            elif isinstance(t, BNode):
                o = ox.BlankNode(t)
            else:
                o = ox.NamedNode(t)
            made[t] = o
        return o

    store = ox.Store()
    store.bulk_extend(ox.Quad(term(s), term(p), term(o)) for s, p, o in triples)
    return store


def core_results(shapes, data, engine="turbo"):
    """[(focus IRI, path, message)] of the core shapes' violations.

    ``data`` is the Oxigraph store for turbo, rdflib triples for pySHACL.
    A violation of ``sh:node`` is left out: the nested results say what is
    wrong.
    """
    from rdflib.namespace import SH

    if engine == "turbo":
        import pyshacl_turbo as validator
    elif engine == "pyshacl":
        import pyshacl as validator
        from rdflib import Graph

        if not isinstance(data, Graph):
            graph = Graph()
            for t in data:
                graph.add(t)
            data = graph
    else:
        raise ValueError(f"unknown SHACL engine {engine!r}; choose from {', '.join(ENGINES)}")
    conforms, report, _ = validator.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    found = []
    if not conforms:
        for result in report.subjects(SH.resultSeverity, SH.Violation):
            if report.value(result, SH.sourceConstraintComponent) == SH.NodeConstraintComponent:
                continue
            path = report.value(result, SH.resultPath)
            found.append((str(report.value(result, SH.focusNode)),
                          short_iri(str(path)) if path is not None else "",
                          str(report.value(result, SH.resultMessage) or "violates a SHACL shape")))
    return found


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
    return sorted(taken)


def constraint_query(classes, select):
    """The SELECT of one sh:sparql constraint for every instance of ``classes`` at once.

    >>> print(constraint_query(["http://x/C"], "SELECT $this ?p WHERE { $this ?p 1 }"))
    SELECT DISTINCT ?this ?p WHERE { VALUES ?targetClass { <http://x/C> } ?this rdf:type/rdfs:subClassOf* ?targetClass . {  ?this ?p 1  } }
    """
    body = select[select.index("{", select.upper().index("WHERE")) + 1: select.rindex("}")]
    variables = re.findall(r"[?$]\w+", select[: select.upper().index("WHERE")])
    head = " ".join("?" + v[1:] for v in variables)
    values = " ".join(f"<{c}>" for c in classes)
    return (f"SELECT DISTINCT {head} WHERE {{ VALUES ?targetClass {{ {values} }} "
            f"?this rdf:type/rdfs:subClassOf* ?targetClass . {{ {body.replace('$this', '?this')} }} }}")


def sparql_results(store, constraints):
    """[(focus IRI, "", message)] of each constraint, evaluated in Oxigraph for all its focus nodes at once."""
    import pyoxigraph as ox

    found = []
    for classes, select, message in constraints:
        variables = re.findall(r"[?$]\w+", select[: select.upper().index("WHERE")])
        for row in store.query(constraint_query(classes, select), prefixes=PREFIXES):
            text = message
            for v in variables[1:]:
                term = row[v[1:]]
                text = text.replace("{" + v + "}", short_iri(term.value) if isinstance(term, ox.NamedNode)
                                    else str(getattr(term, "value", term)))
            found.append((row["this"].value, "", text))
    return found
