"""``graph.KnowledgeGraph``, the front door: each method returns exactly what ``kg … --format json`` prints,
the package imports cheaply, every public name is documented, and a map shows itself inline."""

import importlib
import inspect
import json
import os
import pkgutil
import subprocess
import sys

import pytest

import graph
from chromium import CHROMIUM, Browser

CASES = [
    ("path", ["path", "Korea", "ANL", "--k", "3"], lambda kg: kg.path("Korea", "ANL", k=3)),
    ("path-ko-as-of", ["path", "한국", "아르곤", "--lang", "ko", "--as-of", "2025-12-31"],
     lambda kg: kg.path("한국", "아르곤", lang="ko", as_of="2025-12-31")),
    ("show", ["show", "RIKEN BNL Research Center"], lambda kg: kg.show("RIKEN BNL Research Center")),
    ("search", ["search", "korea", "--type", "Lab", "--limit", "5"],
     lambda kg: kg.search("korea", types=["Lab"], limit=5)),
    ("centrality", ["centrality", "--type", "Agency", "--top", "7"],
     lambda kg: kg.centrality(types=["Agency"], top=7)),
    ("centrality-as-of", ["centrality", "--measure", "pagerank", "--as-of", "2025-06-01"],
     lambda kg: kg.centrality(measure="pagerank", as_of="2025-06-01")),
    ("sparql", ["sparql", "SELECT ?l WHERE { ?l a kg:Lab } ORDER BY ?l LIMIT 4"],
     lambda kg: kg.sparql("SELECT ?l WHERE { ?l a kg:Lab } ORDER BY ?l LIMIT 4")),
    ("named-query", ["sparql", "--name", "agreements-between", "--param", "a=Korea", "--param", "b=US"],
     lambda kg: kg.named_query("agreements-between", a="Korea", b="US")),
    ("connectivity", ["connectivity", "Korea", "ANL"], lambda kg: kg.connectivity("Korea", "ANL")),
    ("compare", ["compare", "Japan", "Korea", "--to", "Genesis Mission"],
     lambda kg: kg.compare("Japan", "Korea", "Genesis Mission")),
    ("timeline", ["timeline", "--actor", "Japan", "--from", "2025"],
     lambda kg: kg.timeline(actor="Japan", start="2025")),
]


@pytest.fixture(scope="module")
def api():
    return graph.KnowledgeGraph()


@pytest.mark.parametrize("args,call", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_method_returns_exactly_what_the_cli_prints_as_json(kg, api, args, call):
    result = kg(*args, "--format", "json")
    assert result.exit_code == 0, result.output
    printed = json.loads(result.stdout)
    assert call(api) == printed
    assert printed  # a real answer, not an empty dict


def test_search_filters_by_type_before_the_limit(api):
    labs = api.search("korea", types=["Lab"], limit=5)["results"]
    assert len(labs) >= 4
    assert all(r["type"] == "kg:Lab" for r in labs)
    assert "kist" in {r["id"] for r in labs}


def test_sparql_gives_rows_and_the_json_result(api):
    r = api.sparql("SELECT ?lab WHERE { ?lab a kg:Lab ; rdfs:label ?n } ORDER BY ?lab LIMIT 2")
    assert r["head"]["vars"] == ["lab"]
    assert [set(row) for row in r.rows] == [{"lab"}, {"lab"}]
    assert all(row["lab"].startswith("https://") for row in r.rows)


def test_network_as_of_leaves_out_what_came_later(api):
    whole, before = api.network(), api.network(as_of="2025-06-01")
    assert "genesis-mission" in whole and "genesis-mission" not in before
    assert before.number_of_nodes() < whole.number_of_nodes()


def test_validate_reports_a_broken_file(tmp_path):
    from pathlib import Path

    fixture = Path(__file__).parent / "fixtures" / "invalid" / "date-2024-13-45.yaml"
    answer = graph.KnowledgeGraph(data=fixture).validate(shacl=False)
    assert answer["valid"] is False
    assert any("2024-13-45" in p for p in answer["problems"])


def test_importing_graph_loads_no_library_module():
    code = "import sys, graph; print(sorted(m for m in sys.modules if m.startswith(('graph.', 'networkx', 'rdflib'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
    assert "KnowledgeGraph" in dir(graph) and "KnowledgeGraph" in graph.__doc__


def _public_modules():
    return [m.name for m in pkgutil.walk_packages(graph.__path__, "graph.") if not m.name.endswith("__main__")]


@pytest.mark.parametrize("name", _public_modules())
def test_every_module_and_every_name_in_its_all_is_documented(name):
    module = importlib.import_module(name)
    assert inspect.getdoc(module), f"{name} has no docstring"
    for public in getattr(module, "__all__", []):
        obj = getattr(module, public)  # an __all__ naming nothing fails here
        if callable(obj):
            assert inspect.getdoc(obj), f"{name}.{public} has no docstring"


def test_every_public_method_of_the_front_door_has_a_docstring():
    for name, member in inspect.getmembers(graph.KnowledgeGraph):
        if not name.startswith("_"):
            assert inspect.getdoc(member), name


def test_map_writes_a_self_contained_page(api, tmp_path):
    m = api.map(ego="ANL")
    assert "anl" in {n["id"] for n in m.data["nodes"]}
    out = m.write(tmp_path / "anl.html")
    page = out.read_text(encoding="utf-8")
    assert page == m.html and "<script src=" not in page and "default-src 'none'" in page
    frame = m._repr_html_()
    assert frame.startswith("<iframe srcdoc=") and "<script" not in frame  # the page is escaped inside srcdoc


needs_chromium = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed")


@needs_chromium
def test_map_displays_inline_in_a_notebook_page_without_outside_requests(api, tmp_path):
    m = api.map(ego="ANL")
    notebook = tmp_path / "notebook.html"
    notebook.write_text("<!doctype html><meta charset=utf-8><title>notebook</title><h1>Out[1]:</h1>"
                        + m._repr_html_(), encoding="utf-8")
    assert CHROMIUM, "CI must install chromium"
    with Browser(tmp_path / "profile") as browser:
        page = browser.new_page()
        page.goto(notebook.as_uri())
        frame = "document.querySelector('iframe').contentWindow"
        page.wait_for(f"{frame}.document.body && {frame}.document.body.getAttribute('data-ready') === '1'",
                      timeout=120)
        assert page.evaluate(f"{frame}.kgNetwork.body.data.nodes.length") == len(m.data["nodes"])
        assert page.evaluate(f"{frame}.document.querySelectorAll('#network canvas').length") >= 1
        assert page.outside_requests == []
        assert page.errors == []
