"""kg serve speaks the endpoint conventions and holds its connections: format=, Vary, Host, idle sockets, smuggling."""

import csv
import io
import json
import socket
import time
from urllib.parse import urlencode

import pandas
import pytest
from test_server import KgServer, call, stopped_cleanly

LABS = "SELECT ?s ?en WHERE { ?s a kg:Lab ; rdfs:label ?en FILTER(lang(?en) = 'en') } ORDER BY ?s"


@pytest.fixture(scope="module")
def server():
    with KgServer() as s:
        yield s
        assert stopped_cleanly(s), s.error_output()


@pytest.fixture(scope="module")
def capped():
    with KgServer("--max-rows", "5") as s:
        yield s
        assert stopped_cleanly(s), s.error_output()


def ask(server, query, headers=None, **params):
    return call("GET", server.endpoint + "?" + urlencode({"query": query, **params}), headers=headers)


def rows(body, delimiter=","):
    return list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))


def test_format_csv_answers_csv_that_a_reader_takes_as_exactly_the_result_rows(server):
    r = ask(server, LABS, format="csv")
    assert r.status == 200 and r.headers["content-type"].startswith("text/csv")
    table = rows(r.body)
    expected = json.loads(ask(server, LABS).body)["results"]["bindings"]
    assert table[0] == ["s", "en"] and len(table) - 1 == len(expected) > 10
    assert [row[1] for row in table[1:]] == [b["en"]["value"] for b in expected]
    frame = pandas.read_csv(io.BytesIO(r.body))  # what an analyst does with the URL
    assert list(frame.columns) == ["s", "en"]
    assert frame.values.tolist() == [[b["s"]["value"], b["en"]["value"]] for b in expected]


def test_a_row_capped_csv_has_only_result_rows_and_says_so_in_its_headers(capped):
    r = ask(capped, LABS, format="csv")
    assert rows(r.body)[1:] and len(rows(r.body)) == 1 + 5  # the header and the 5 rows, no mark line
    assert r.headers["x-kg-truncated"] == "rows=5" and "row-limit" in r.headers["link"]
    t = ask(capped, LABS, output="tsv")
    assert r.status == t.status == 200 and len(rows(t.body, "\t")) == 6


@pytest.mark.parametrize("name, query, media", [
    ("json", LABS, "application/sparql-results+json"),
    ("xml", LABS, "application/sparql-results+xml"),
    ("tsv", LABS, "text/tab-separated-values"),
    ("ttl", "CONSTRUCT WHERE { kgid:anl a ?t }", "text/turtle"),
    ("nt", "CONSTRUCT WHERE { kgid:anl a ?t }", "application/n-triples"),
    ("jsonld", "CONSTRUCT WHERE { kgid:anl a ?t }", "application/ld+json"),
    ("json", "CONSTRUCT WHERE { kgid:anl a ?t }", "application/ld+json"),
    ("json", "ASK { kgid:anl a kg:Lab }", "application/sparql-results+json"),
    ("text/csv", LABS, "text/csv"),
])
def test_format_parameter_chooses_the_answer_format_over_accept(server, name, query, media):
    r = ask(server, query, headers={"Accept": "application/rdf+xml, application/sparql-results+xml;q=0.1"},
            format=name)
    assert r.status == 200 and r.headers["content-type"].split(";")[0] == media
    assert r.headers["vary"] == "Accept"


def test_unknown_or_unfitting_format_is_a_clear_4xx(server):
    unknown = ask(server, LABS, format="xlsx")
    assert unknown.status == 400 and b"unknown format 'xlsx'" in unknown.body
    unfit = ask(server, "ASK {}", format="csv")
    assert unfit.status == 406 and b"format csv does not fit an ASK answer" in unfit.body
    both = ask(server, LABS, format="csv", output="json")
    assert both.status == 400


def test_vary_accept_is_on_answers_and_on_negotiated_errors(server):
    assert ask(server, LABS).headers["vary"] == "Accept"
    assert ask(server, "SELECT * {", headers={"Accept": "application/json"}).headers["vary"] == "Accept"
    assert ask(server, LABS, headers={"Accept": "image/png"}).headers["vary"] == "Accept"  # 406


def test_a_request_for_another_host_is_refused_against_dns_rebinding(server):
    evil = ask(server, "ASK {}", headers={"Host": f"attacker.example:{server.port}"})
    assert evil.status == 421 and b"attacker.example" in evil.body
    assert ask(server, "ASK {}", headers={"Host": f"localhost:{server.port}"}).status == 200
    assert ask(server, "ASK {}", headers={"Host": f"127.0.0.1:{server.port}"}).status == 200


def _open(server, n):
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", server.port), timeout=30)
        socks.append(s)
    return socks


def test_a_thousand_idle_sockets_do_not_stop_a_query_from_being_answered(server):
    socks = _open(server, 1200)  # more than waitress's own connection limit
    try:
        r = ask(server, "SELECT (COUNT(*) AS ?n) WHERE { ?s a kg:Lab }")
        assert r.status == 200 and int(json.loads(r.body)["results"]["bindings"][0]["n"]["value"]) > 10
        for s in socks[:100]:  # the longest idle were closed to make room
            s.settimeout(30)
            assert s.recv(1) == b""
    finally:
        for s in socks:
            s.close()


def test_content_length_with_transfer_encoding_is_refused_and_the_connection_closed(server):
    smuggled = f"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n"
    request = (f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
               "Content-Type: application/sparql-query\r\n"
               f"Content-Length: {5 + len(smuggled)}\r\nTransfer-Encoding: chunked\r\n\r\n"
               "0\r\n\r\n" + smuggled)
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as s:
        s.sendall(request.encode("latin-1"))
        got = b""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            chunk = s.recv(65536)
            if not chunk:
                break  # closed by the server
            got += chunk
    assert got.startswith(b"HTTP/1.1 400") and b"Transfer-Encoding" in got
    assert got.count(b"HTTP/1.1 ") == 1  # the smuggled request was never answered


@pytest.mark.parametrize("args", [["path", "Korea", "ANL", "--format", "json"], ["show", "ANL", "--format", "json"],
                                  ["search", "아르곤", "--format", "json"], ["centrality", "--top", "5"]])
def test_read_commands_with_endpoint_work_against_kg_serve_itself_past_its_row_cap(kg, server, args):
    """kg serve caps answers at 10,000 triples; the data graph has more, so the mirror reads it in pages."""
    remote = kg(*args, "--endpoint", server.endpoint)
    assert remote.exit_code == 0, remote.stderr
    assert remote.stdout == kg(*args).stdout
