"""kg sparql: prefixes bound, formats, safety refusals, syntax errors and the time limit."""

import json

import pytest

from graph.errors import QueryRefused
from graph.store.sparql import check_query_safety


def test_prefixes_are_prebound_and_json_is_w3c_results(kg):
    result = kg("sparql", "--format", "json", "SELECT ?l WHERE { kgid:doe rdfs:label ?l }")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["head"]["vars"] == ["l"]
    assert {b["l"]["xml:lang"] for b in data["results"]["bindings"]} == {"en", "ko"}


def test_csv_and_table_output(kg):
    query = "SELECT ?n WHERE { kgid:genesis-10 kg:number ?n }"
    assert kg("sparql", "--format", "csv", query).stdout.splitlines() == ["n", "10"]
    table = kg("sparql", query).stdout
    assert "10" in table and "(1 row)" in table


def test_construct_gives_turtle(kg):
    result = kg("sparql", "--format", "turtle", "CONSTRUCT { kgid:tpd kg:party ?p } WHERE { kgid:tpd kg:party ?p }")
    assert result.exit_code == 0
    assert "kgid:korea" in result.stdout and "kg:party" in result.stdout


@pytest.mark.parametrize("query, word", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("LOAD <file:///etc/passwd>", "LOAD"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT"),
    ("DELETE WHERE { ?s ?p ?o }", "DELETE"),
    ("SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }", "FROM"),
    ("SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }", "FROM"),
])
def test_unsafe_queries_are_refused_with_exit_4(kg, query, word):
    result = kg("sparql", query)
    assert result.exit_code == 4
    assert word in result.stderr and "refused" in result.stderr
    assert "root:" not in result.stderr + result.stdout


def test_keywords_inside_strings_are_not_refused():
    check_query_safety('SELECT * WHERE { ?s rdfs:label "SERVICE LOAD INSERT FROM <x>" }')
    with pytest.raises(QueryRefused):
        check_query_safety("select * where { service <http://x/> { ?s ?p ?o } }")


def test_syntax_error_gives_line_and_column_and_exit_3(kg):
    result = kg("sparql", "SELECT ?s\nWHERE { ?s ?p }")
    assert result.exit_code == 3
    assert "line 2, column" in result.stderr
    assert "Traceback" not in result.stderr


def test_runaway_query_is_stopped_by_the_time_limit(kg):
    runaway = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = kg("sparql", "--timeout", "2", runaway)
    assert result.exit_code == 5
    assert "time limit" in result.stderr


def test_named_library_has_at_least_12_bilingual_queries(kg):
    from graph.store.named import library

    queries = library()
    assert len(queries) >= 12
    assert all(q.en and q.ko for q in queries)
    listing = kg("sparql", "--list").stdout
    assert "agreements-between" in listing and "두 국가" in listing


def test_every_named_query_runs_on_the_real_graph(kg):
    from graph.store.named import library

    for q in library():
        result = kg("sparql", "--name", q.name, "--format", "json")
        assert result.exit_code == 0, (q.name, result.stderr)
        assert json.loads(result.stdout)["results"]["bindings"], f"{q.name} returned no rows"


def test_each_default_of_a_named_query_is_the_id_of_an_entity_that_resolves_to_itself():
    from graph.store.named import library
    from graph.workspace import Workspace

    ws = Workspace()
    defaults = [(q.name, d) for q in library() for kind, d in q.params.values() if kind == "entity"]
    assert len(defaults) >= 9
    for name, default in defaults:
        assert ws.resolve(default) == default, name
        assert default in ws.names.entries, name


def test_named_query_parameters_accept_any_name(kg):
    rows = json.loads(kg("sparql", "--name", "agreements-between", "--param", "a=한국", "--param", "b=미국",
                         "--format", "json").stdout)["results"]["bindings"]
    assert {"https://w3id.org/ai4s-kg/id/tpd", "https://w3id.org/ai4s-kg/id/us-korea-st-agreement"} <= \
        {r["agreement"]["value"] for r in rows}
    missions = json.loads(kg("sparql", "--name", "missions-of-program", "--param", "program=K-Moonshot",
                             "--format", "json").stdout)["results"]["bindings"]
    assert len(missions) == 12


def test_unknown_named_query_or_parameter_exits_2(kg):
    assert kg("sparql", "--name", "agreement-between").exit_code == 2
    result = kg("sparql", "--name", "agreements-between", "--param", "c=Japan")
    assert result.exit_code == 2 and "no parameter c" in result.stderr


_EVENTS = []
_RECORDING = []


def _audit(event, args):
    if _RECORDING and (event == "open" or event.startswith("socket.") or event.startswith("urllib")):
        _EVENTS.append((event, str(args[0])[:80] if args else ""))


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }",
    "LOAD <file:///etc/passwd> INTO GRAPH <http://g>",
])
def test_refused_queries_open_no_socket_and_read_no_file(store, query):
    import sys

    from graph.store.sparql import run_query

    if _audit not in getattr(sys, "_kg_hooks", []):
        sys.addaudithook(_audit)
        sys._kg_hooks = [_audit]
    _EVENTS.clear()
    _RECORDING.append(True)
    try:
        open(__file__, encoding="utf-8").close()  # the hook sees file opens: a positive control
        assert _EVENTS and _EVENTS[0][0] == "open"
        _EVENTS.clear()
        with pytest.raises(QueryRefused):
            run_query(store, query)
    finally:
        _RECORDING.clear()
    assert _EVENTS == []


def test_describe_gives_json_ld(kg):
    result = kg("sparql", "--format", "jsonld", "DESCRIBE kgid:tpd")
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert "@context" in doc and "kgid:tpd" in result.stdout


def test_tsv_keeps_language_tags(kg):
    lines = kg("sparql", "--format", "tsv", "SELECT ?l WHERE { kgid:anl rdfs:label ?l } ORDER BY ?l").stdout.splitlines()
    assert lines[0] == "?l" and '"Argonne National Laboratory"@en' in lines
