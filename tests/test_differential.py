"""Oxigraph answers exactly as rdflib does: every named query and every competency query.

The CLI and the endpoint query Oxigraph; rdflib's SPARQL engine is the
reference. Both hold the same dataset (the two named graphs, their union as
the default graph); each answer is compared as a multiset of rows, with each
term written in N-Triples form (numbers compared by value, blank nodes by
position only, GROUP_CONCAT lists as sets since neither engine promises an
order), and in order where the query orders its rows.
"""

import ast
import json
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib

from graph.store.named import NamedQuery, library
from graph.vocab.namespaces import PREFIXES
from graph.store.sparql import run_query
from graph.store.local import GRAPHS
from graph.workspace import Workspace

# rdflib's own Dataset warns about its own deprecated attribute on every lookup of the union graph
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

XSD = PREFIXES["xsd"]
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "long", "int")}


def competency_queries():
    """The SPARQL text of every select()/count() call in tests/test_competency.py."""
    tree = ast.parse((Path(__file__).parent / "test_competency.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("select", "count")
                and len(node.args) == 2 and isinstance(node.args[1], ast.Constant)):
            found.append(node.args[1].value)
    return found


def named_queries():
    ws = Workspace()
    return {q.name: NamedQuery.load(q.name).fill({}, ws.resolve) for q in library()}


NAMED = named_queries()
COMPETENCY = competency_queries()


@pytest.fixture(scope="module")
def reference(built):
    """rdflib's in-memory Dataset holding the same two named graphs, union as default graph."""
    ds = rdflib.Dataset(default_union=True)
    for name, iri in GRAPHS.items():
        ds.graph(rdflib.URIRef(iri)).parse(built.graph_file(name), format="nt")
    return ds


def _concat_values(query):
    """{variable: separator} of each GROUP_CONCAT in ``query`` (the order of its items is not defined)."""
    found = re.findall(r"GROUP_CONCAT\s*\((.*?)\)\s*AS\s*\?(\w+)", query, re.IGNORECASE | re.DOTALL)
    return {name: (re.findall(r'separator\s*=\s*"([^"]*)"', inner, re.IGNORECASE) or [" "])[0]
            for inner, name in found}


def _term_from_json(cell):
    if cell is None:
        return None
    kind, value = cell["type"], cell["value"]
    if kind == "uri":
        return ("iri", value)
    if kind == "bnode":
        return ("bnode",)
    return _literal(value, cell.get("xml:lang"), cell.get("datatype"))


def _term_from_rdflib(term):
    if term is None:
        return None
    if isinstance(term, rdflib.URIRef):
        return ("iri", str(term))
    if isinstance(term, rdflib.BNode):
        return ("bnode",)
    return _literal(str(term), term.language, str(term.datatype) if term.datatype else None)


def _literal(lexical, lang, datatype):
    if lang:
        return ("lit", lexical, lang.lower(), None)
    datatype = datatype or XSD + "string"
    if datatype in NUMERIC:
        return ("num", Decimal(lexical).normalize())
    return ("lit", lexical, None, datatype)


def _row(values, concat):
    return tuple((name, tuple(sorted(term[1].split(concat[name]))) if name in concat and term else term)
                 for name, term in sorted(values.items()))


def oxigraph_rows(store, query):
    result = run_query(store, query)
    concat = _concat_values(query)
    if result["kind"] == "ask":
        return [result["value"]]
    data = json.loads(result["json"])
    names = data["head"]["vars"]
    return [_row({n: _term_from_json(b.get(n)) for n in names}, concat) for b in data["results"]["bindings"]]


def rdflib_rows(ds, query):
    result = ds.query(query, initNs=PREFIXES)
    concat = _concat_values(query)
    if result.type == "ASK":
        return [result.askAnswer]
    names = [str(v) for v in result.vars]
    return [_row({n: _term_from_rdflib(row[n]) for n in names}, concat) for row in result]


def _same_answer(store, ds, query):
    ours, theirs = oxigraph_rows(store, query), rdflib_rows(ds, query)
    assert ours, "the query must return rows, or the comparison proves nothing"
    assert Counter(ours) == Counter(theirs)
    if "ORDER BY" in query.upper():
        assert ours == theirs


@pytest.mark.parametrize("name", sorted(NAMED))
def test_named_query_gives_the_same_rows_as_rdflib(store, reference, name):
    _same_answer(store, reference, NAMED[name])


@pytest.mark.parametrize("index", range(len(COMPETENCY)))
def test_competency_query_gives_the_same_rows_as_rdflib(store, reference, index):
    _same_answer(store, reference, COMPETENCY[index])


def test_every_named_and_competency_query_is_compared():
    assert len(NAMED) == len(library()) >= 15
    assert len(COMPETENCY) >= 12


def test_the_comparison_sees_a_difference():
    # a row more or less, or another value, must not pass for the same answer
    a = [_row({"x": ("num", Decimal(1))}, {})]
    b = [_row({"x": ("num", Decimal(2))}, {})]
    assert Counter(a) != Counter(b)
    assert _term_from_json({"type": "literal", "value": "1", "datatype": XSD + "integer"}) == \
        _term_from_rdflib(rdflib.Literal(1))
    assert _term_from_json({"type": "literal", "value": "1"}) != _term_from_rdflib(rdflib.Literal(1))
