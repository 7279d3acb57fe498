"""kg serve: a real server process on 127.0.0.1, its safety cases, formats, limits, CORS, shutdown and page.

Every server here is a ``kg serve --port 0`` subprocess (the port it got is
read from its first line, then the fixture waits until it answers), and is
stopped with SIGTERM, which must end it with exit 0.
"""

import csv
import http.client
import io
import json
import os
import re
import select
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pyoxigraph as ox
import pytest

from graph.vocab.namespaces import DATA_GRAPH, ID, ONTOLOGY_GRAPH

ROOT = Path(__file__).resolve().parents[1]
SRX = "{http://www.w3.org/2005/sparql-results#}"
LABELS = "SELECT ?l WHERE { kgid:anl rdfs:label ?l } ORDER BY ?l"
PARTIES = "CONSTRUCT { kgid:tpd kg:party ?p } WHERE { kgid:tpd kg:party ?p }"
# counting forces the whole 4-way cross join (a plain SELECT * would stop early at the row cap)
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
# about 17 million rows to count: a few seconds, well inside a 60 s limit
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a a kg:Lab . ?b a kg:Country . ?d ?e ?f }"

Response = namedtuple("Response", "status headers body")


class KgServer:
    """A ``kg serve`` subprocess on a free port of 127.0.0.1; use as a context manager."""

    def __init__(self, *args):
        self.stderr = tempfile.TemporaryFile()
        self.proc = subprocess.Popen([sys.executable, "-m", "graph.cli", "serve", "--port", "0", *args], cwd=ROOT,
                                     stdout=subprocess.PIPE, stderr=self.stderr)
        line = self._line(timeout=120)
        m = re.search(r"SPARQL endpoint at (http://127\.0\.0\.1:\d+)/sparql", line)
        assert m, f"no URL in the first line {line!r}; stderr: {self.error_output()}"
        self.base = m.group(1)
        self.endpoint = self.base + "/sparql"
        self.port = int(self.base.rsplit(":", 1)[1])
        deadline = time.monotonic() + 60
        while True:  # wait until the port answers
            try:
                if call("GET", self.endpoint, timeout=5).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.1)

    def _line(self, timeout):
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        return self.proc.stdout.readline().decode("utf-8") if ready else ""

    def error_output(self):
        self.stderr.seek(0)
        return self.stderr.read().decode("utf-8", "replace")

    def stop(self, sig=signal.SIGTERM, timeout=60):
        """Send ``sig``; return (exit code, rest of stdout)."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            out, _ = self.proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            out, _ = self.proc.communicate()
        return self.proc.returncode, out.decode("utf-8")

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()
        self.stderr.close()


def call(method, url, body=None, headers=None, timeout=60):
    """One HTTP request on a fresh connection: Response(status, lower-cased headers, body bytes)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
    try:
        conn.request(method, parts.path + (f"?{parts.query}" if parts.query else ""), body=body,
                     headers=headers or {})
        r = conn.getresponse()
        return Response(r.status, {k.lower(): v for k, v in r.getheaders()}, r.read())
    finally:
        conn.close()


def get(server, query=None, accept=None, **params):
    pairs = ([("query", query)] if query is not None else []) + [(k.replace("_", "-"), v) for k, v in params.items()]
    url = server.endpoint + (f"?{urlencode(pairs)}" if pairs else "")
    return call("GET", url, headers={"Accept": accept} if accept else {})


def post_form(server, pairs, accept=None):
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    return call("POST", server.endpoint, urlencode(pairs).encode(), headers)


def post_direct(server, query, accept=None, content_type="application/sparql-query"):
    headers = {"Content-Type": content_type}
    if accept:
        headers["Accept"] = accept
    return call("POST", server.endpoint, query.encode("utf-8"), headers)


def assert_clean(body):
    """No traceback, no source path, no file contents in an error body."""
    text = body.decode("utf-8", "replace")
    assert "Traceback" not in text and 'File "' not in text
    assert ".py" not in text and str(ROOT) not in text and "/usr/" not in text
    assert "root:" not in text  # /etc/passwd was not read


def stopped_cleanly(s):
    """SIGTERM ends the server with exit 0, its farewell line, and nothing on stderr."""
    code, out = s.stop()
    return code == 0 and "kg serve: stopped on SIGTERM" in out and s.error_output() == ""


@pytest.fixture(scope="module")
def server():
    with KgServer() as s:
        yield s
        assert stopped_cleanly(s), s.error_output()


@pytest.fixture(scope="module")
def small():
    """A server with a 1 s time limit, a 5-row cap and CORS for one origin."""
    with KgServer("--timeout", "1", "--max-rows", "5", "--cors", "https://example.org") as s:
        yield s
        assert stopped_cleanly(s), s.error_output()


# -- the three ways to ask, and content negotiation ------------------------------------------------


def test_get_post_form_and_post_direct_give_the_same_answer(server):
    answers = [get(server, LABELS), post_form(server, [("query", LABELS)]), post_direct(server, LABELS)]
    assert [a.status for a in answers] == [200, 200, 200]
    assert {a.headers["content-type"] for a in answers} == {"application/sparql-results+json"}
    bindings = [json.loads(a.body)["results"]["bindings"] for a in answers]
    assert bindings[0] == bindings[1] == bindings[2]
    assert {(b["l"]["value"], b["l"]["xml:lang"]) for b in bindings[0]} == \
        {("Argonne National Laboratory", "en"), ("아르곤 국립연구소", "ko")}


def _labels(media, body):
    """The label values of the LABELS answer, read with a real parser for each format."""
    text = body.decode("utf-8")
    if "json" in media:
        return {b["l"]["value"] for b in json.loads(text)["results"]["bindings"]}
    if "xml" in media:
        root = ET.fromstring(body)
        assert [v.get("name") for v in root.iter(SRX + "variable")] == ["l"]
        return {lit.text for lit in root.iter(SRX + "literal")}
    if media == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["l"]
        return {r[0] for r in rows[1:]}
    lines = text.strip("\n").split("\n")
    assert lines[0] == "?l"
    terms = {line.split("\t")[0] for line in lines[1:]}
    assert '"Argonne National Laboratory"@en' in terms
    return {t.split('"')[1] for t in terms}


@pytest.mark.parametrize("media", ["application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                                   "text/tab-separated-values", "application/json", "application/xml"])
def test_select_answers_in_each_results_format(server, media):
    r = get(server, LABELS, accept=media)
    assert r.status == 200
    assert r.headers["content-type"].split(";")[0] == media
    assert _labels(media, r.body) == {"Argonne National Laboratory", "아르곤 국립연구소"}


@pytest.mark.parametrize("media, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/n-triples", ox.RdfFormat.N_TRIPLES),
                                        ("application/ld+json", ox.RdfFormat.JSON_LD),
                                        ("application/rdf+xml", ox.RdfFormat.RDF_XML)])
def test_construct_answers_in_each_rdf_format(server, media, fmt):
    r = post_direct(server, PARTIES, accept=media)
    assert r.status == 200 and r.headers["content-type"].split(";")[0] == media
    triples = {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(r.body, format=fmt)}
    assert (ID + "tpd", "https://w3id.org/ai4s-kg/ontology#party", ID + "korea") in triples


def test_ask_answers_in_json_and_xml(server):
    r = get(server, "ASK { kgid:anl a kg:Lab }")
    assert r.status == 200 and json.loads(r.body) == {"head": {}, "boolean": True}
    r = get(server, "ASK { kgid:anl a kg:Country }", accept="application/sparql-results+xml")
    assert ET.fromstring(r.body).find(SRX + "boolean").text == "false"


@pytest.mark.parametrize("query, accept", [(LABELS, "image/png"), (LABELS, "text/turtle"),
                                           ("ASK {}", "text/csv"), (PARTIES, "application/sparql-results+json"),
                                           (LABELS, "application/sparql-results+json;q=0, */*;q=0")])
def test_no_acceptable_format_is_406_naming_the_formats_given(server, query, accept):
    r = get(server, query, accept=accept)
    assert r.status == 406
    assert b"this endpoint gives" in r.body
    assert_clean(r.body)


def test_quality_values_choose_the_format(server):
    r = get(server, LABELS, accept="application/sparql-results+json;q=0.5, text/csv")
    assert r.headers["content-type"].startswith("text/csv")
    assert r.headers["vary"] == "Accept"


def test_head_gives_headers_without_a_body(server):
    r = call("HEAD", server.endpoint + "?" + urlencode({"query": LABELS}))
    assert r.status == 200 and r.body == b"" and int(r.headers["content-length"]) > 0


# -- safety cases --------------------------------------------------------------------------------

FORM = {"Content-Type": "application/x-www-form-urlencoded"}
DIRECT = {"Content-Type": "application/sparql-query"}


def _q(**params):
    return "/sparql?" + urlencode(params)


SAFETY = [
    # (id, method, path, headers, body, status, words in the body)
    ("syntax-error", "GET", _q(query="SELECT ?s\nWHERE { ?s ?p }"), {}, None, 400, ["line 2, column"]),
    ("two-queries", "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, None, 400, ["exactly one"]),
    ("query-in-url-and-body", "POST", _q(query="ASK {}"), FORM, b"query=ASK+%7B%7D", 400, ["once"]),
    ("post-without-query", "POST", "/sparql", FORM, b"timeout=5", 400, ["no query"]),
    ("empty-query", "GET", _q(query=" "), {}, None, 400, ["empty"]),
    ("non-utf8-body", "POST", "/sparql", DIRECT, "ASK { ?s ?p 'é' }".encode("latin-1"), 400, ["UTF-8"]),
    ("non-utf8-parameter", "GET", "/sparql?query=ASK%7B%FF%7D", {}, None, 400, ["UTF-8"]),
    ("utf16-charset", "POST", "/sparql", {"Content-Type": "application/sparql-query; charset=UTF-16"},
     "ASK {}".encode("utf-16"), 415, ["UTF-8"]),
    ("update-parameter", "GET", _q(update="CLEAR ALL"), {}, None, 403, ["read-only"]),
    ("update-body", "POST", "/sparql", {"Content-Type": "application/sparql-update"}, b"DROP ALL", 403, ["read-only"]),
    ("update-form", "POST", "/sparql", FORM, b"update=DROP+ALL", 403, ["read-only"]),
    ("insert-as-query", "POST", "/sparql", DIRECT, b"INSERT DATA { <a:b> <a:c> <a:d> }", 403, ["INSERT", "refused"]),
    ("delete-as-query", "GET", _q(query="DELETE WHERE { ?s ?p ?o }"), {}, None, 403, ["DELETE", "refused"]),
    ("service", "GET", _q(query="SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"), {}, None,
     403, ["SERVICE", "refused"]),
    ("service-silent", "POST", "/sparql", DIRECT,
     b"SELECT * WHERE { SERVICE SILENT <http://example.org/sparql> { ?s ?p ?o } }", 403, ["SERVICE"]),
    ("load", "POST", "/sparql", DIRECT, b"LOAD <file:///etc/passwd>", 403, ["LOAD", "refused"]),
    ("from-file", "GET", _q(query="SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"), {}, None, 403,
     ["FROM", "refused"]),
    ("from-named-outside", "GET",
     _q(query="SELECT * FROM NAMED <http://example.org/g> WHERE { GRAPH ?g { ?s ?p ?o } }"), {}, None, 403,
     ["FROM", "refused"]),
    ("default-graph-uri-outside", "GET", _q(query="ASK {}", **{"default-graph-uri": "file:///etc/passwd"}), {},
     None, 403, ["refused"]),
    ("named-graph-uri-outside", "GET", _q(query="ASK {}", **{"named-graph-uri": "http://example.org/g"}), {}, None,
     403, ["refused"]),
    ("put", "PUT", "/sparql", DIRECT, b"ASK {}", 405, ["not allowed"]),
    ("delete-method", "DELETE", _q(query="ASK {}"), {}, None, 405, ["not allowed"]),
    ("text-plain", "POST", "/sparql", {"Content-Type": "text/plain"}, b"ASK {}", 415, ["Content-Type"]),
    ("no-content-type", "POST", "/sparql", {}, b"query=ASK%20%7B%7D", 415, ["Content-Type"]),
    ("unknown-path", "GET", "/etc/passwd", {}, None, 404, ["not found"]),
]


@pytest.mark.parametrize("method, path, headers, body, status, words", [c[1:] for c in SAFETY],
                         ids=[c[0] for c in SAFETY])
def test_safety_case_gets_its_status_and_a_clean_message(server, method, path, headers, body, status, words):
    r = call(method, server.base + path, body, headers)
    assert r.status == status, r.body
    text = r.body.decode("utf-8")
    assert all(w in text for w in words), text
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert_clean(r.body)
    if status == 405:
        assert "POST" in r.headers["allow"]


def test_errors_come_as_json_when_json_is_preferred(server):
    r = get(server, "SELECT * WHERE {", accept="application/json")
    assert r.status == 400 and r.headers["content-type"] == "application/json"
    error = json.loads(r.body)["error"]
    assert error["status"] == 400 and "syntax error" in error["message"]


def test_oversized_body_is_refused_from_its_content_length_before_it_is_sent(server):
    # only the headers go out: the 413 must come without the server reading (or waiting for) the body
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        sock.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                     b"Content-Length: 5000000\r\n\r\n")
        reply = b""
        while b"\r\n\r\n" not in reply or not reply.rstrip().endswith(b"accepted"):
            chunk = sock.recv(65536)
            if not chunk:
                break
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 413 ")
    assert b"at most 1048576 bytes" in reply
    assert_clean(reply)


def test_body_just_under_the_limit_is_read(server):
    query = ("ASK {}" + " " * (1 << 20))[: (1 << 20)]
    assert post_direct(server, query).status == 200


# -- limits ------------------------------------------------------------------------------------


def test_runaway_query_is_answered_503_with_nothing_partial(small):
    started = time.monotonic()
    r = get(small, RUNAWAY, accept="text/csv")
    assert r.status == 503
    assert b"time limit of 1 s" in r.body and not r.body.startswith(b"n")
    assert r.headers["content-type"].startswith("text/plain")
    assert time.monotonic() - started < 30
    assert get(small, "ASK {}").status == 200  # the server is still fine


def test_row_cap_is_declared_in_header_and_json_body(small):
    r = get(small, "SELECT ?s WHERE { ?s a kg:Lab }")
    assert r.status == 200 and r.headers["x-kg-truncated"] == "rows=5"
    data = json.loads(r.body)
    assert len(data["results"]["bindings"]) == 5
    assert data["truncated"]["rows"] == 5 and "cut at 5 rows" in data["truncated"]["message"]
    assert data["head"]["link"] == [small.base + "/#row-limit"]


def test_row_cap_is_declared_in_xml_and_turtle_bodies_and_in_csv_tsv_headers_only(small):
    xml = get(small, "SELECT ?s WHERE { ?s a kg:Lab }", accept="application/sparql-results+xml")
    root = ET.fromstring(xml.body)
    assert [x.get("href") for x in root.find(SRX + "head").iter(SRX + "link")] == [small.base + "/#row-limit"]
    assert len(root.findall(f"{SRX}results/{SRX}result")) == 5
    for media in ("text/csv", "text/tab-separated-values"):
        r = get(small, "SELECT ?s WHERE { ?s a kg:Lab }", accept=media)
        lines = r.body.decode().splitlines()
        assert r.headers["x-kg-truncated"] == "rows=5" and "#row-limit" in r.headers["link"]
        assert len(lines) == 6 and not any(line.startswith("#") for line in lines)  # no mark a reader takes as a row
    ttl = get(small, "CONSTRUCT { ?s a kg:Lab } WHERE { ?s a kg:Lab }", accept="text/turtle")
    assert ttl.headers["x-kg-truncated"] == "triples=5" and ttl.body.startswith(b"# truncated")
    assert len(list(ox.parse(ttl.body, format=ox.RdfFormat.TURTLE))) == 5


def test_answer_within_the_cap_has_no_mark(small):
    r = get(small, "SELECT ?s WHERE { ?s a kg:Lab } LIMIT 5", accept="text/csv")
    assert "x-kg-truncated" not in r.headers and b"#" not in r.body
    assert len(r.body.decode().splitlines()) == 6
    assert "truncated" not in json.loads(get(small, "SELECT ?s WHERE { ?s a kg:Lab } LIMIT 5").body)


# -- CORS, service description -----------------------------------------------------------------------


def test_cors_is_off_by_default(server):
    for method in ("GET", "OPTIONS"):
        r = call(method, server.endpoint + "?query=ASK%7B%7D",
                 headers={"Origin": "https://example.org", "Access-Control-Request-Method": "POST"})
        assert not [h for h in r.headers if h.startswith("access-control-")], r.headers


def test_cors_allows_only_the_given_origin(small):
    ok = call("GET", small.endpoint + "?query=ASK%7B%7D", headers={"Origin": "https://example.org"})
    assert ok.headers["access-control-allow-origin"] == "https://example.org"
    assert "X-KG-Truncated" in ok.headers["access-control-expose-headers"]
    other = call("GET", small.endpoint + "?query=ASK%7B%7D", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    pre = call("OPTIONS", small.endpoint, headers={"Origin": "https://example.org",
                                                   "Access-Control-Request-Method": "POST",
                                                   "Access-Control-Request-Headers": "content-type"})
    assert pre.status == 204 and "POST" in pre.headers["access-control-allow-methods"]
    assert "content-type" in pre.headers["access-control-allow-headers"].lower()


@pytest.mark.parametrize("media, fmt", [("text/turtle", ox.RdfFormat.TURTLE),
                                        ("application/ld+json", ox.RdfFormat.JSON_LD)])
def test_service_description_is_rdf_naming_the_endpoint_and_graphs(server, media, fmt):
    r = get(server, accept=media)
    assert r.status == 200 and r.headers["content-type"].split(";")[0] == media
    sd = "http://www.w3.org/ns/sparql-service-description#"
    triples = [(t.subject, t.predicate.value, t.object) for t in ox.parse(r.body, format=fmt)]
    assert [o.value for _, p, o in triples if p == sd + "endpoint"] == [server.endpoint]
    assert {o.value for _, p, o in triples if p == sd + "supportedLanguage"} == {sd + "SPARQL11Query"}
    assert {o.value for _, p, o in triples if p == sd + "name"} == {ONTOLOGY_GRAPH, DATA_GRAPH}
    assert "http://www.w3.org/ns/formats/SPARQL_Results_JSON" in {o.value for _, p, o in triples
                                                                    if p == sd + "resultFormat"}


def test_protocol_graph_parameters_narrow_the_dataset(server):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"

    def n(**params):
        return int(json.loads(get(server, count, **params).body)["results"]["bindings"][0]["n"]["value"])

    ontology, data, both = n(default_graph_uri=ONTOLOGY_GRAPH), n(default_graph_uri=DATA_GRAPH), n()
    assert 0 < ontology < data and ontology + data == both


# -- concurrency, shutdown, port in use -----------------------------------------------------------------


def test_concurrent_clients_all_get_full_answers(server):
    def one(i):
        r = post_form(server, [("query", LABELS)], accept="text/csv" if i % 2 else None)
        return r.status, len(r.body.decode().strip().splitlines()) if i % 2 else len(
            json.loads(r.body)["results"]["bindings"])

    with ThreadPoolExecutor(32) as pool:
        results = list(pool.map(one, range(96)))
    assert results.count((200, 3)) == 48 and results.count((200, 2)) == 48


def test_sigterm_lets_a_request_in_flight_finish_and_exits_0():
    with KgServer("--timeout", "60") as s:
        parts = [int(get(s, f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", accept="text/csv").body.decode().split()[1])
                 for where in ("?a a kg:Lab", "?b a kg:Country", "?d ?e ?f")]
        got = {}

        def slow():
            got["r"] = get(s, SLOW, accept="text/csv")

        worker = threading.Thread(target=slow)
        worker.start()
        time.sleep(0.6)  # the query is running now (it takes seconds)
        assert "r" not in got, "the slow query finished too soon to test anything"
        s.proc.send_signal(signal.SIGTERM)
        time.sleep(0.3)
        with pytest.raises(OSError):  # no new connection is accepted once stopping
            call("GET", s.endpoint + "?query=ASK%7B%7D", timeout=5)
        code = s.proc.wait(120)  # no second signal: that one would mean "stop now"
        out = s.proc.stdout.read().decode()
        worker.join(60)
    assert code == 0
    assert "stopped on SIGTERM; 1 request(s) in flight finished" in out
    assert got["r"].status == 200 and got["r"].body.decode().splitlines() == ["n", str(parts[0] * parts[1] * parts[2])]


def test_port_in_use_is_a_clear_error_with_exit_2(server):
    result = subprocess.run([sys.executable, "-m", "graph.cli", "serve", "--port", str(server.port)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert f"port {server.port} on 127.0.0.1 is already in use" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_cors_origin_exits_2(kg):
    result = kg("serve", "--cors", "https://example.org/path")
    assert result.exit_code == 2 and "--cors takes an origin" in result.stderr


# -- the query page -------------------------------------------------------------------------------


def test_query_page_is_self_contained_with_a_strict_policy(server):
    r = call("GET", server.base + "/")
    assert r.status == 200 and r.headers["content-type"] == "text/html; charset=utf-8"
    page = r.body.decode("utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "'unsafe-inline'" not in csp and "connect-src 'self'" in csp
    assert "national-laboratories" in page and "기관 산하 국립연구소" in page


needs_chromium = pytest.mark.skipif(not (Path("/usr/bin/chromium").exists() or os.environ.get("CI")),
                                    reason="chromium is not installed")


@needs_chromium
def test_query_page_runs_examples_in_chromium(server, small, tmp_path):
    from chromium import Browser, Page

    class ServerPage(Page):
        """A tab that lets requests to the test server through and blocks (and counts) every other."""

        origins = (server.base + "/", small.base + "/")

        def _event(self, method, p):
            if method == "Fetch.requestPaused" and p["request"]["url"].startswith(self.origins):
                self.browser.post("Fetch.continueRequest", {"requestId": p["requestId"]}, self.session)
                return
            super()._event(method, p)

    def rows(page):
        return page.evaluate("Array.from(document.querySelectorAll('#results tbody tr'))"
                             ".map(tr => Array.from(tr.cells).map(td => td.textContent))")

    def run(page, query=None, example=None):
        page.evaluate("document.getElementById('status').textContent = ''")
        if example:
            page.evaluate(f"(s => {{ s.value = {json.dumps(example)}; s.dispatchEvent(new Event('change')); }})"
                          "(document.getElementById('example'))")
        if query is not None:
            page.evaluate(f"document.getElementById('query').value = {json.dumps(query)}")
        page.evaluate("document.getElementById('run').click()")
        page.wait_for("!document.getElementById('run').disabled && "
                      "document.getElementById('status').textContent !== ''", timeout=60)

    with Browser(tmp_path / "profile") as browser:
        page = ServerPage(browser)
        page.goto(server.base + "/")
        page.wait_for("document.body.getAttribute('data-ready') === '1'")
        assert page.evaluate("document.getElementById('example').options.length") >= 13
        run(page, example="national-laboratories")
        assert f"<{ID}doe>" in page.evaluate("document.getElementById('query').value")
        table = rows(page)
        assert len(table) == 17
        assert ["Argonne National Laboratory", "아르곤 국립연구소", "Aurora"] in table
        assert page.evaluate("document.getElementById('truncated').hidden")
        # data is shown as text, never as markup
        evil = '<img src=x onerror="window.__hit=1">'
        run(page, query=f"SELECT ?x WHERE {{ BIND({json.dumps(evil)} AS ?x) }}")
        assert rows(page) == [[evil]]
        assert page.evaluate("document.querySelectorAll('#results img').length") == 0
        # errors are shown
        run(page, query="SELECT ?s\nWHERE { ?s ?p }")
        error = page.evaluate("document.getElementById('error').textContent")
        assert "HTTP 400" in error and "line 2, column" in error
        outside = [u for u in page.requests + page.blocked if not u.startswith(server.base + "/")]
        errors = [e for e in page.errors if "400 (Bad Request)" not in e]  # the refused query itself
        assert outside == [] and page.blocked == []
        assert errors == [], errors
        assert page.evaluate("window.__hit") is None and page.dialogs == []

        # a cut answer is marked on the page
        page.close()
        page = ServerPage(browser)
        page.goto(small.base + "/")
        page.wait_for("document.body.getAttribute('data-ready') === '1'")
        run(page, example="national-laboratories")
        assert len(rows(page)) == 5
        assert not page.evaluate("document.getElementById('truncated').hidden")
        assert "cut at 5 rows" in page.evaluate("document.getElementById('truncated').textContent")
        assert [e for e in page.errors] == [] and page.blocked == []
