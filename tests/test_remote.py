"""kg publish into real Oxigraph servers, and sparql/path/show/search/centrality --endpoint against them.

Each store is a real ``oxigraph serve`` process on a free port of 127.0.0.1
(with ``--union-default-graph``, as the README's recipe says); the failure
cases that a healthy store cannot show (an HTTP 500, a socket that never
answers, an answer cut short) use tiny servers in this file.
"""

import http.server
import json
import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request

import pytest

from conftest import free_port
from graph.vocab.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH

COUNT_ALL = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@pytest.fixture(scope="session", autouse=True)
def _no_proxy_for_localhost():
    """The stores are on 127.0.0.1: a proxy set in the environment must not be asked for them."""
    with pytest.MonkeyPatch.context() as mp:
        for var in ("no_proxy", "NO_PROXY"):
            mp.setenv(var, ",".join(x for x in ("127.0.0.1,localhost", os.environ.get(var)) if x))
        yield


def _json(result):
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _count(kg, *where):
    data = _json(kg("sparql", *where, "--format", "json", COUNT_ALL))
    return int(data["results"]["bindings"][0]["n"]["value"])


def _per_graph(kg, *where):
    data = _json(kg("sparql", *where, "--format", "json", PER_GRAPH))
    return {b["g"]["value"]: int(b["n"]["value"]) for b in data["results"]["bindings"]}


@pytest.fixture(scope="module")
def local_counts(built):
    from graph.store.local import GRAPHS

    return {GRAPHS[name]: sum(1 for line in open(built.graph_file(name), encoding="utf-8") if line.strip())
            for name in GRAPHS}


@pytest.fixture(scope="module")
def gsp_store(start_oxigraph, kg_module):
    """A store published into by the Graph Store Protocol: its base URL."""
    url = start_oxigraph()
    result = kg_module("publish", "--endpoint", f"{url}/store", "--query-endpoint", f"{url}/query")
    assert result.exit_code == 0, result.stderr
    assert "verified" in result.stdout
    return url


@pytest.fixture(scope="module")
def kg_module():
    from click.testing import CliRunner

    from graph.cli import main

    runner = CliRunner()
    return lambda *args: runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- publishing ---------------------------------------------------------------------------------------------

def test_published_store_counts_the_same_triples_as_the_local_graph(kg, gsp_store, local_counts):
    local = _count(kg)
    assert local == sum(local_counts.values()) > 20000
    assert _count(kg, "--endpoint", f"{gsp_store}/query") == local
    assert _per_graph(kg, "--endpoint", f"{gsp_store}/query") == local_counts
    assert set(local_counts) == {ONTOLOGY_GRAPH, DATA_GRAPH}


def test_publishing_again_replaces_the_copy_instead_of_adding_to_it(kg, gsp_store, local_counts):
    result = kg("publish", "--endpoint", f"{gsp_store}/store", "--quiet")
    assert result.exit_code == 0, result.stderr
    assert f"{sum(local_counts.values()):,} triples" in result.stdout
    assert result.stderr == ""  # no progress when stderr is not a terminal
    assert _per_graph(kg, "--endpoint", f"{gsp_store}/query") == local_counts


def test_publish_by_sparql_update_gives_the_same_graphs(kg, start_oxigraph, local_counts):
    url = start_oxigraph()
    result = kg("publish", "--update-endpoint", f"{url}/update", "--query-endpoint", f"{url}/query")
    assert result.exit_code == 0, result.stderr
    assert "SPARQL Update" in result.stdout and "verified" in result.stdout
    # the same graphs and nothing else: no staging graph left behind
    assert _per_graph(kg, "--endpoint", f"{url}/query") == local_counts
    assert _count(kg, "--endpoint", f"{url}/query") == _count(kg)


def test_update_route_replaces_and_keeps_blank_nodes_whole_in_tiny_chunks(start_oxigraph, tmp_path, monkeypatch):
    """Publishing twice by SPARQL Update replaces; triples sharing a blank node stay one node."""
    from graph.serve import publish as pub
    from graph.dataset.build import Build
    from graph.serve.mirror import fetch, graph_counts
    from graph.project import Project
    from graph.serve.remote import Store, remote_query

    folder = tmp_path / "build"
    folder.mkdir()
    (folder / "ontology.nt").write_text("<urn:c> <urn:label> \"C\" .\n", encoding="utf-8")
    data = "".join(f"<urn:x{i}> <urn:has> _:b{i} .\n_:b{i} <urn:value> \"{i}\" .\n_:b{i} <urn:next> _:b{i + 1} .\n"
                   for i in range(6)) + "<urn:y> <urn:plain> \"1\" .\n"
    (folder / "data.nt").write_text(data, encoding="utf-8")
    monkeypatch.setattr(pub, "CHUNK", 2)
    url = start_oxigraph()
    store = Store(f"{url}/query", 10)
    for _ in range(2):
        line, _ = pub.publish(Build("test", folder, False), update_endpoint=f"{url}/update",
                              query_endpoint=f"{url}/query", timeout=10)
        assert "20 triples (ontology 1, data 19)" in line
    everything = remote_query(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert json.loads(everything["json"])["results"]["bindings"][0]["n"]["value"] == "20"  # replaced, not added
    assert graph_counts(store) == {"ontology": 1, "data": 19}
    chain = remote_query(store, "SELECT (COUNT(*) AS ?n) WHERE { <urn:x0> <urn:has>/<urn:next>* ?b . ?b <urn:value> ?v }")
    assert json.loads(chain["json"])["results"]["bindings"][0]["n"]["value"] == "6"  # the chain is unbroken
    project = Project(root=Project.default().root, data=Project.default().data, cache=tmp_path / "cache")
    first, second = fetch(store, project), fetch(store, project)
    assert first.key == second.key and first.fresh and not second.fresh
    assert first.manifest["graphs"] == {"ontology": 1, "data": 19}


# --- reading the store ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ("path", "Korea", "ANL"),
    ("show", "ANL"),
    ("search", "아르곤"),
    ("centrality",),
    ("centrality", "--measure", "pagerank", "--type", "Lab", "--as-of", "2025-06-01"),
])
def test_commands_against_the_store_print_exactly_the_local_answer(kg, gsp_store, args):
    local = kg(*args, "--format", "json")
    remote = kg(*args, "--format", "json", "--endpoint", f"{gsp_store}/query", "--timeout", "20")
    assert local.exit_code == 0 and remote.exit_code == 0, remote.stderr
    assert remote.stdout == local.stdout
    assert json.loads(remote.stdout)


def test_path_text_and_unknown_names_behave_as_locally(kg, gsp_store):
    where = ("--endpoint", f"{gsp_store}/query")
    assert kg("path", "한국", "아르곤", "--lang", "ko", *where).stdout == kg("path", "한국", "아르곤", "--lang", "ko").stdout
    result = kg("show", "Argonnne", *where)
    assert result.exit_code == 2 and "did you mean" in result.stderr


def test_named_queries_resolve_names_against_the_store(kg, gsp_store):
    args = ("sparql", "--name", "missions-of-program", "--param", "program=K-Moonshot", "--format", "json")
    remote = _json(kg(*args, "--endpoint", f"{gsp_store}/query"))["results"]["bindings"]
    local = _json(kg(*args))["results"]["bindings"]
    assert len(remote) == 12
    key = lambda rows: sorted(json.dumps(r, sort_keys=True) for r in rows)  # noqa: E731
    assert key(remote) == key(local)


def test_ask_construct_and_tsv_come_out_as_locally(kg, gsp_store):
    where = ("--endpoint", f"{gsp_store}/query")
    ask = "ASK { kgid:tpd kg:party kgid:korea }"
    assert _json(kg("sparql", "--format", "json", ask, *where)) == {"head": {}, "boolean": True}
    construct = "CONSTRUCT { kgid:tpd kg:party ?p } WHERE { kgid:tpd kg:party ?p }"
    assert kg("sparql", "--format", "turtle", construct, *where).stdout == kg("sparql", "--format", "turtle", construct).stdout
    tsv = "SELECT ?l WHERE { kgid:anl rdfs:label ?l } ORDER BY ?l"
    assert kg("sparql", "--format", "tsv", tsv, *where).stdout == kg("sparql", "--format", "tsv", tsv).stdout


def test_query_declaring_its_own_prefix_is_sent_as_written(kg, gsp_store):
    query = "PREFIX kg: <https://w3id.org/ai4s-kg/ontology#>\nSELECT (COUNT(*) AS ?n) WHERE { ?a kg:party ?b }"
    remote = _json(kg("sparql", "--format", "json", query, "--endpoint", f"{gsp_store}/query"))
    assert remote == _json(kg("sparql", "--format", "json", query))


# --- errors ----------------------------------------------------------------------------------------------------

def test_syntax_error_is_reported_at_the_queries_own_position_before_it_leaves_the_machine(kg, gsp_store):
    query = "SELECT ?s WHERE { ?s kg:p }"
    result = kg("sparql", query, "--endpoint", f"{gsp_store}/query")
    assert result.exit_code == 3
    assert "line 1, column 27" in result.stderr  # the query's own column, not one shifted by added prefixes
    assert "rejected the query" not in result.stderr  # checked here: the store never saw it
    assert result.stderr == kg("sparql", query).stderr
    assert "Traceback" not in result.stderr


def test_store_without_the_graphs_says_to_publish_first(kg, start_oxigraph):
    url = start_oxigraph()
    result = kg("show", "ANL", "--endpoint", f"{url}/query")
    assert result.exit_code == 7
    assert "holds none of the project's graphs" in result.stderr and "kg publish" in result.stderr


def test_closed_port_is_reported_quickly_with_exit_7(kg):
    port = free_port()
    started = time.monotonic()
    for args in (("sparql", COUNT_ALL), ("path", "Korea", "ANL"), ("publish",)):
        flag = "--endpoint"
        result = kg(*args, flag, f"http://127.0.0.1:{port}/x", "--timeout", "2")
        assert result.exit_code == 7, (args, result.stderr)
        assert "connection refused" in result.stderr
    assert time.monotonic() - started < 30


def test_a_store_that_never_answers_times_out_with_exit_7(kg):
    with socket.socket() as silent:  # accepts connections (the kernel does) but never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/query"
        for args in (("sparql", COUNT_ALL), ("show", "ANL")):
            started = time.monotonic()
            result = kg(*args, "--endpoint", url, "--timeout", "1")
            assert time.monotonic() - started < 10
            assert result.exit_code == 7, result.stderr
            assert "timed out" in result.stderr and "1 s" in result.stderr


class _Fake(http.server.BaseHTTPRequestHandler):
    """Answers as a broken store would; records every request it gets."""

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        self.server.seen.append((self.path, body))
        if self.path == "/fire":
            self._send(500, "text/plain; charset=utf-8", "Virtuoso 42000 Error SR185: the store is on fire 🔥")
        elif self.path == "/html":
            self._send(200, "text/html", "<html><body><h1>Welcome to nginx!</h1></body></html>")
        elif self.path == "/capped" and "COUNT" in body:
            rows = [{"g": {"type": "uri", "value": g}, "n": {"type": "literal", "value": "5"}}
                    for g in (ONTOLOGY_GRAPH, DATA_GRAPH)]
            self._send(200, "application/sparql-results+json",
                       json.dumps({"head": {"vars": ["g", "n"]}, "results": {"bindings": rows}}))
        elif self.path == "/capped":
            self._send(200, "application/n-triples", "<urn:a> <urn:b> <urn:c> .\n")
        else:
            self._send(404, "text/plain", "no such endpoint")

    def _send(self, status, ctype, text):
        data = text.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fake_store():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Fake)
    server.seen = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_http_error_shows_the_stores_own_message(kg, fake_store):
    url = f"http://127.0.0.1:{fake_store.server_port}/fire"
    result = kg("sparql", COUNT_ALL, "--endpoint", url)
    assert result.exit_code == 7
    assert "HTTP 500" in result.stderr and "SR185: the store is on fire 🔥" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_answer_that_is_not_sparql_results_is_an_error_not_rows(kg, fake_store):
    result = kg("sparql", COUNT_ALL, "--endpoint", f"http://127.0.0.1:{fake_store.server_port}/html")
    assert result.exit_code == 7 and result.stdout == ""
    assert "not SPARQL results" in result.stderr and "Welcome to nginx!" in result.stderr


def test_a_store_that_cuts_its_answers_short_is_reported(kg, fake_store):
    result = kg("show", "ANL", "--endpoint", f"http://127.0.0.1:{fake_store.server_port}/capped")
    assert result.exit_code == 7
    assert "returned 1 of the 5 triples" in result.stderr


def test_refused_query_never_reaches_the_store(kg, fake_store):
    url = f"http://127.0.0.1:{fake_store.server_port}/fire"
    before = len(fake_store.seen)
    for query in ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                  "INSERT DATA { <urn:a> <urn:b> <urn:c> }"):
        result = kg("sparql", query, "--endpoint", url)
        assert result.exit_code == 4 and "refused" in result.stderr
    assert len(fake_store.seen) == before


@pytest.mark.parametrize("args, message", [
    (("publish",), "give either --endpoint"),
    (("publish", "--endpoint", "http://127.0.0.1:9/store", "--update-endpoint", "http://127.0.0.1:9/u"),
     "give either --endpoint"),
    (("sparql", COUNT_ALL, "--endpoint", "localhost:7878/query"), "not an http:// or https:// URL"),
    (("path", "Korea", "ANL", "--timeout", "3"), "--timeout applies only with --endpoint"),
])
def test_misused_options_exit_2_with_a_message(kg, args, message):
    result = kg(*args)
    assert result.exit_code == 2
    assert message in result.stderr


# --- Virtuoso (Debian's virtuoso-opensource), when installed -------------------------------------------------------

_VIRTUOSO_INI = """[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = ., {d}
[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerThreads = 10
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    """A fresh Virtuoso on free ports of 127.0.0.1, its SPARQL user allowed to update; its base URL."""
    binary, isql = shutil.which("virtuoso-t"), shutil.which("isql-vt")
    if not binary or not isql:
        pytest.skip("Virtuoso is not installed (Debian: apt-get install virtuoso-opensource)")
    folder = tmp_path_factory.mktemp("virtuoso")
    sql = free_port()
    http = next(p for p in iter(free_port, None) if p != sql)
    (folder / "virtuoso.ini").write_text(_VIRTUOSO_INI.format(d=folder, sql=sql, http=http), encoding="utf-8")
    proc = subprocess.Popen([binary, "-f", "-c", str(folder / "virtuoso.ini")], cwd=folder,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{http}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                urllib.request.urlopen(f"{url}/sparql?query=ASK%7B%7D", timeout=2).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log = folder / "virtuoso.log"
                    pytest.fail("Virtuoso did not start: " + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))
                time.sleep(0.25)
        subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                       check=True, timeout=60, capture_output=True)
        yield url
    finally:
        proc.kill()
        proc.wait()


def test_virtuoso_takes_both_publish_routes_and_answers_as_locally(kg, virtuoso, local_counts):
    per_graph = ("SELECT ?g (COUNT(*) AS ?n) WHERE { VALUES ?g { <%s> <%s> } GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
                 % (ONTOLOGY_GRAPH, DATA_GRAPH))
    where = ("--endpoint", f"{virtuoso}/sparql")
    # the Graph Store Protocol, then SPARQL Update with Digest authentication over a copy already there
    for args in (("--endpoint", f"{virtuoso}/sparql-graph-crud"),
                 ("--update-endpoint", virtuoso.replace("http://", "http://dba:dba@") + "/sparql-auth")):
        result = kg("publish", *args, "--query-endpoint", f"{virtuoso}/sparql", "--timeout", "60")
        assert result.exit_code == 0, result.stderr
        assert "verified" in result.stdout and "dba:dba" not in result.stdout
        rows = _json(kg("sparql", "--format", "json", per_graph, *where))["results"]["bindings"]
        assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == local_counts
    for args in (("path", "Korea", "ANL"), ("show", "ANL")):
        assert kg(*args, "--format", "json", *where).stdout == kg(*args, "--format", "json").stdout
    result = kg("sparql", "SELECT ?s WHERE { ?s kg:p }", *where)  # found here, before the query leaves
    assert result.exit_code == 3 and "line 1, column 27" in result.stderr and "Virtuoso" not in result.stderr


def test_a_store_whose_default_graph_is_not_the_union_is_named_in_a_note(kg, start_oxigraph):
    url = start_oxigraph(union=False)
    published = kg("publish", "--endpoint", f"{url}/store", "--query-endpoint", f"{url}/query")
    assert published.exit_code == 0, published.stderr
    result = kg("sparql", "--format", "csv", COUNT_ALL, "--endpoint", f"{url}/query")
    assert result.exit_code == 0 and result.stdout.split()[-1] == "0"
    assert f"{url}/query" in result.stderr and "not their union" in result.stderr
    named = kg("sparql", "--format", "csv", "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
               "--endpoint", f"{url}/query")
    assert int(named.stdout.split()[-1]) > 10000 and "note" not in named.stderr
    # the same store through kg path: its queries name their graphs, so it works
    assert kg("path", "Korea", "ANL", "--endpoint", f"{url}/query").exit_code == 0
