"""No query reaches the network: a listener on 127.0.0.1 counts every connection, and must count 0.

The four queries that fooled the old token-reading check, a ``DESCRIBE …
FROM <file:…>``, ``FROM NAMED`` and ``GRAPH`` with outside IRIs are sent
through ``kg sparql``, through ``kg serve`` (GET and POST) and through
``kg sparql --endpoint`` (whose store is the listener itself). A control
shows that the engine would call the listener if nothing stopped it, and the
sandbox alone (no check) still keeps the query off the network.
"""

import socket
import threading
from urllib.parse import urlencode

import pytest
from test_server import KgServer, call, stopped_cleanly

from graph.errors import QueryRefused, QueryTooComplex, UserInputError
from graph.store import sparql
from graph.store.querycheck import MAX_DEPTH, inspect_query


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it (and answers none)."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.count = 0
        self._stop = False
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        self.sock.settimeout(0.2)
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.count += 1
            conn.close()

    def close(self):
        self._stop = True
        self.thread.join()
        self.sock.close()


@pytest.fixture(scope="module")
def listener():
    ear = Listener()
    yield ear
    ear.close()


def smuggled(port):
    """name -> a query that tries to reach the listener (or a local file)."""
    url = f"http://127.0.0.1:{port}"
    return {
        "prefixed-name-with-empty-local-part-before-service":
            f"PREFIX us: <https://w3id.org/ai4s-kg/id/us> SELECT * WHERE {{ kgid:tpd kg:party us: "
            f"SERVICE <{url}/x> {{ ?x ?y ?z }} }}",
        "empty-prefix-name-after-service":
            f"PREFIX : <{url}/> SELECT * WHERE {{ SERVICE :x {{ ?x ?y ?z }} }}",
        "escaped-hash-in-a-local-name":
            f"SELECT * WHERE {{ BIND(kgid:a\\#b AS ?q) SERVICE <{url}/x> {{ ?x ?y ?z }} }}",
        "escaped-quote-in-a-local-name":
            f"SELECT * WHERE {{ BIND(kgid:a\\'b AS ?q) SERVICE <{url}/x> {{ ?x ?y ?z }} }}",
        "service-silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}/x> {{ ?x ?y ?z }} }}",
        "describe-from-file": "DESCRIBE kgid: FROM <file:///etc/passwd>",
        "from-named-outside": f"SELECT * FROM NAMED <{url}/g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
        "graph-file": "SELECT * WHERE { GRAPH <file:///etc/passwd> { ?s ?p ?o } }",
        "load": f"LOAD <{url}/data.ttl>",
    }


CASES = list(smuggled(0))


@pytest.mark.parametrize("name", CASES)
def test_smuggled_query_is_refused_by_kg_sparql_without_a_request(kg, listener, name):
    before = listener.count
    result = kg("sparql", smuggled(listener.port)[name])
    assert result.exit_code == 4, result.stderr
    assert "refused" in result.stderr and "Traceback" not in result.stderr and "root:" not in result.stdout
    assert listener.count == before == 0


@pytest.mark.parametrize("name", CASES)
def test_smuggled_query_is_refused_by_kg_sparql_endpoint_before_it_leaves(kg, listener, name):
    before = listener.count
    result = kg("sparql", "--endpoint", f"http://127.0.0.1:{listener.port}/sparql", smuggled(listener.port)[name])
    assert result.exit_code == 4, result.stderr
    assert listener.count == before == 0  # the "store" is the listener: not even the query went out


@pytest.fixture(scope="module")
def server():
    with KgServer() as s:
        yield s
        assert stopped_cleanly(s), s.error_output()


@pytest.mark.parametrize("name", CASES)
def test_smuggled_query_is_refused_by_the_endpoint_with_403_on_get_and_post(server, listener, name):
    query = smuggled(listener.port)[name]
    got = call("GET", server.endpoint + "?" + urlencode({"query": query}))
    posted = call("POST", server.endpoint, urlencode({"query": query}).encode(),
                  {"Content-Type": "application/x-www-form-urlencoded"})
    direct = call("POST", server.endpoint, query.encode(), {"Content-Type": "application/sparql-query"})
    assert [got.status, posted.status, direct.status] == [403, 403, 403], got.body
    assert b"refused" in got.body and b"root:" not in got.body
    assert listener.count == 0


SERVICE_CASES = [name for name in CASES if "service" in smuggled(0)[name].lower()]


@pytest.mark.parametrize("name", SERVICE_CASES)
def test_the_engine_itself_would_call_the_listener(store, name):
    """The control: without check and sandbox, Oxigraph does make each request (so the tests above can fail)."""
    from graph.store.local import query

    ear = Listener()
    try:
        try:
            list(query(store, smuggled(ear.port)[name]))
        except OSError:  # the listener hangs up without an answer
            pass
        assert ear.count >= 1
    finally:
        ear.close()


def test_the_sandboxed_query_process_cannot_open_a_socket_even_unchecked(store, listener):
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?x ?y ?z }} }}"
    with pytest.raises(Exception) as caught:  # the check is skipped on purpose: only the sandbox stands
        sparql._in_child(lambda: sparql._execute(store, query, False), timeout=20)
    assert "Traceback" not in str(caught.value)
    assert listener.count == 0


def test_the_sandboxed_query_process_keeps_the_store_open_but_can_open_no_file(built, tmp_path):
    import shutil

    from graph.dataset.build import Build
    from graph.store.local import open_store, opened_files

    shutil.copytree(built.folder / "store", tmp_path / "a" / "store")
    store = open_store(Build("copy", tmp_path / "a", fresh=False))
    current = (tmp_path / "a" / "store" / "CURRENT").stat()
    assert (current.st_dev, current.st_ino) in opened_files()
    ask = lambda: bool(store.query("ASK { ?s ?p ?o }", use_default_graph_as_union=True))  # noqa: E731
    assert sparql._in_child(ask, 30)
    (tmp_path / "a").rename(tmp_path / "moved")  # as a rebuild moves a folder aside: the open files stay
    assert sparql._in_child(ask, 30)
    for target in (__file__, str(tmp_path / "moved" / "store" / "CURRENT")):  # nothing new, not the store's either
        with pytest.raises(UserInputError, match="Too many open files"):
            sparql._in_child(lambda: open(target, "rb").read(), timeout=30)


def test_sandboxed_query_process_still_answers_ordinary_queries(store):
    answer = sparql._in_child(lambda: sparql._execute(store, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", False), 60)
    assert answer["kind"] == "select" and b'"n"' in answer["json"]


def test_keywords_inside_strings_iris_and_comments_are_not_mistaken_for_service():
    ok = inspect_query('SELECT * WHERE { ?s rdfs:label "SERVICE <http://x/>" } # SERVICE <http://y/> {}')
    assert ok.form == "select"
    assert inspect_query("ASK { GRAPH <https://w3id.org/ai4s-kg/graph/data> { ?s ?p ?o } }").form == "ask"


def test_service_with_a_variable_endpoint_is_refused():
    with pytest.raises(QueryRefused, match="SERVICE"):
        inspect_query("SELECT * WHERE { BIND(<http://x/> AS ?e) SERVICE ?e { ?s ?p ?o } }")


def test_query_nested_past_the_limit_is_refused_as_too_complex_with_exit_3(kg):
    deep = "SELECT * WHERE " + "{ " * (MAX_DEPTH + 1) + "?s ?p ?o" + " }" * (MAX_DEPTH + 1)
    with pytest.raises(QueryTooComplex, match="nested too deeply"):
        inspect_query(deep)
    ten_thousand = "SELECT * WHERE " + "{ " * 10_000 + "?s ?p ?o" + " }" * 10_000
    result = kg("sparql", ten_thousand)
    assert result.exit_code == 3 and "nested too deeply" in result.stderr


def test_over_long_query_is_refused_before_parsing_with_exit_3(kg):
    huge = "SELECT * WHERE { VALUES ?x { " + " ".join(f"<urn:x:{i}>" for i in range(120_000)) + " } }"
    assert len(huge) > 1_400_000
    result = kg("sparql", huge)
    assert result.exit_code == 3 and "too long" in result.stderr


def test_every_named_query_passes_the_parsed_check_as_filled_by_kg(built):
    """Named queries skip the parse at run time (``trusted``): each one, filled in, must pass it."""
    from graph.store.named import library
    from graph.workspace import Workspace

    ws = Workspace()
    for q in library():
        facts = inspect_query(q.fill({}, ws.resolve))
        assert facts is not None, q.name  # rdflib reads every one of them
