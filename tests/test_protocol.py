"""Replay the W3C SPARQL 1.1 Protocol test manifest against a real ``kg serve``.

The manifest ships in rdflib's source distribution on PyPI. It is fetched
once with pip (``pip download --no-binary :all: --no-deps rdflib==<installed>``)
into ``.cache/w3c/`` (git-ignored), so later runs are offline, and read with
rdflib. The manifest is prose: each entry has only a name. :data:`CASES`
maps every entry to the concrete requests its name and the SPARQL 1.1
Protocol describe, with the checks on the answers; an entry without a
mapping fails the run.

* Query cases must pass. The dataset cases name graphs at kasei.us, which
  this endpoint refuses by design: each first asserts that refusal (403),
  then replays the case with the project's two graphs, checking that the
  protocol's dataset is the one used (and replaces the query's FROM).
* Update cases must be refused: 403 as read-only, or the 4xx of a malformed
  request (415 for a wrong media type); afterwards the store is unchanged.
"""

import csv
import io
import json
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
from importlib.metadata import version
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from graph.vocab.namespaces import DATA_GRAPH as DATA, ID, ONTOLOGY_GRAPH as ONT
from test_server import SRX, KgServer, assert_clean, call, stopped_cleanly

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "w3c"
MEMBER = "test/data/suites/w3c/sparql11/protocol/manifest.ttl"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
KASEI = "http://kasei.us/2009/09/sparql/data/"
D1, D2, D3 = KASEI + "data1.rdf", KASEI + "data2.rdf", KASEI + "data3.rdf"
RESULT_TYPES = {"application/sparql-results+xml", "application/sparql-results+json", "text/csv",
                "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml": ox.RdfFormat.RDF_XML, "text/turtle": ox.RdfFormat.TURTLE,
             "application/n-triples": ox.RdfFormat.N_TRIPLES}
GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
TEST_GRAPH = "http://example.org/protocol-update-dataset-test/"
UPDATE = (f"CLEAR ALL ; INSERT DATA {{ GRAPH <{TEST_GRAPH}> {{ <http://example.org/s> a <http://example.org/T> }} }}")


def manifest_file():
    """The protocol manifest of the installed rdflib's sdist, downloaded once into .cache/w3c/."""
    v = version("rdflib")
    target = CACHE / f"rdflib-{v}" / "protocol-manifest.ttl"
    if target.exists():
        return target
    sdist = CACHE / f"rdflib-{v}.tar.gz"
    if not sdist.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([sys.executable, "-m", "pip", "download", "--no-binary", ":all:", "--no-deps",
                               f"rdflib=={v}", "-d", str(CACHE)], capture_output=True, text=True, timeout=600)
        if done.returncode != 0 or not sdist.exists():
            pytest.fail(f"cannot fetch the rdflib {v} sdist (needed once, then cached in {CACHE}):\n"
                        + done.stderr[-2000:])
    with tarfile.open(sdist) as tar:
        data = tar.extractfile(f"rdflib-{v}/{MEMBER}").read()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target


@pytest.fixture(scope="module")
def manifest():
    """``{local name: mf:name}`` of every entry of the manifest, in its order."""
    from rdflib import RDF, Graph, URIRef
    from rdflib.collection import Collection

    g = Graph().parse(manifest_file(), format="turtle")
    head = next(g.subjects(RDF.type, URIRef(MF + "Manifest")))
    entries = Collection(g, g.value(head, URIRef(MF + "entries")))
    return {str(e).rsplit("#", 1)[1]: str(g.value(e, URIRef(MF + "name"))) for e in entries}


class Client:
    """Requests to one endpoint, each returning test_server.Response."""

    def __init__(self, server):
        self.url = server.endpoint

    def get(self, pairs, accept=None):
        return call("GET", self.url + "?" + urlencode(pairs), headers={"Accept": accept} if accept else {})

    def form(self, pairs, accept=None, content_type="application/x-www-form-urlencoded"):
        headers = {"Content-Type": content_type} if content_type else {}
        if accept:
            headers["Accept"] = accept
        return call("POST", self.url, urlencode(pairs).encode(), headers)

    def direct(self, body, content_type="application/sparql-query", accept=None, method="POST"):
        headers = {"Content-Type": content_type} if content_type else {}
        if accept:
            headers["Accept"] = accept
        return call(method, self.url, body if isinstance(body, bytes) else body.encode("utf-8"), headers)


@pytest.fixture(scope="module")
def client():
    with KgServer() as s:
        c = Client(s)
        c.baseline = (count(c), values(c.get([("query", GRAPHS)]), "g"))
        yield c
        assert stopped_cleanly(s), s.error_output()


def media(r):
    return r.headers.get("content-type", "").split(";")[0]


def answer(r):
    assert r.status == 200, r.body
    assert media(r) in ("application/sparql-results+json", "application/json"), r.headers
    return json.loads(r.body)


def ask(r):
    return answer(r)["boolean"]


def values(r, var):
    return {b[var]["value"] for b in answer(r)["results"]["bindings"] if var in b}


def count(c):
    return int(values(c.get([("query", COUNT)]), "n").pop())


def refused(r, status=403, words=("refused",)):
    """An error answer with ``status``, a message with ``words`` and nothing it should not show."""
    assert r.status == status, (r.status, r.body)
    text = r.body.decode("utf-8")
    assert all(w in text for w in words), text
    assert_clean(r.body)


def unchanged(c):
    """The store has the same triples and graphs as before any update case, and no test graph."""
    assert (count(c), values(c.get([("query", GRAPHS)]), "g")) == c.baseline
    assert c.baseline[1] == {ONT, DATA}


def refused_update(c, r, status=403):
    refused(r, status, ("read-only",) if status == 403 else ())
    unchanged(c)


CASES = {}


def case(fn):
    """Register ``fn`` as the replay of the manifest entry of the same name."""
    CASES[fn.__name__] = fn
    return fn


# -- query cases ---------------------------------------------------------------------------------------


@case
def query_post_form(c):
    r = c.form([("query", "ASK {}")])
    assert media(r) in RESULT_TYPES and ask(r) is True


@case
def query_get(c):
    r = c.get([("query", "ASK {}")])
    assert media(r) in RESULT_TYPES and ask(r) is True


@case
def query_post_direct(c):
    r = c.direct("ASK {}")
    assert media(r) in RESULT_TYPES and ask(r) is True


@case
def query_dataset_default_graphs_get(c):
    refused(c.get([("query", f"ASK {{ <{D1}> ?p ?o }}"), ("default-graph-uri", D1)]))
    # kg:Lab is described in the ontology graph only, kgid:anl in the data graph only
    assert ask(c.get([("query", "ASK { kg:Lab ?p ?o }"), ("default-graph-uri", ONT)])) is True
    assert ask(c.get([("query", "ASK { kgid:anl ?p ?o }"), ("default-graph-uri", ONT)])) is False


@case
def query_dataset_default_graphs_post(c):
    refused(c.form([("query", f"ASK {{ <{D1}> ?p ?o . <{D2}> ?p ?o }}"), ("default-graph-uri", D1),
                    ("default-graph-uri", D2)]))
    both = "ASK { kg:Lab ?p ?o . kgid:anl ?q ?r }"
    assert ask(c.form([("query", both), ("default-graph-uri", ONT), ("default-graph-uri", DATA)])) is True
    assert ask(c.form([("query", both), ("default-graph-uri", ONT)])) is False


def _named_graphs(send):
    refused(send([("query", "ASK { GRAPH ?g { ?s ?p ?o } }"), ("named-graph-uri", D1), ("named-graph-uri", D2)]))
    assert values(send([("query", GRAPHS), ("named-graph-uri", ONT), ("named-graph-uri", DATA)]), "g") == {ONT, DATA}
    assert values(send([("query", GRAPHS), ("named-graph-uri", DATA)]), "g") == {DATA}
    # with only named graphs given, the default graph is empty
    assert ask(send([("query", "ASK { ?s ?p ?o }"), ("named-graph-uri", DATA)])) is False


@case
def query_dataset_named_graphs_post(c):
    _named_graphs(c.form)


@case
def query_dataset_named_graphs_get(c):
    _named_graphs(c.get)


@case
def query_dataset_full(c):
    refused(c.get([("query", "SELECT ?g ?x ?s { ?x ?y ?o  GRAPH ?g { ?s ?p ?o } }"), ("default-graph-uri", D3),
                   ("named-graph-uri", D1), ("named-graph-uri", D2)]))
    q = "SELECT DISTINCT ?g WHERE { kg:Lab ?y ?o . GRAPH ?g { kgid:anl ?p ?v } }"
    assert values(c.get([("query", q), ("default-graph-uri", ONT), ("named-graph-uri", DATA)]), "g") == {DATA}
    assert values(c.get([("query", q), ("default-graph-uri", DATA), ("named-graph-uri", ONT)]), "g") == set()


@case
def query_multiple_dataset(c):
    refused(c.get([("query", f"ASK FROM <{D3}> {{ GRAPH ?g {{ ?s ?p ?o }} }}"), ("named-graph-uri", D1)]))
    q = f"SELECT DISTINCT ?g FROM NAMED <{ONT}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    assert values(c.get([("query", q)]), "g") == {ONT}  # the query's own dataset, when the protocol names none
    assert values(c.get([("query", q), ("named-graph-uri", DATA)]), "g") == {DATA}  # the protocol's wins
    q = f"ASK FROM <{ONT}> {{ kgid:anl ?p ?o }}"
    assert ask(c.get([("query", q)])) is False
    assert ask(c.get([("query", q), ("default-graph-uri", DATA)])) is True


def _select_value(r):
    kind, text = media(r), r.body.decode("utf-8")
    if kind == "application/sparql-results+json":
        return answer(r)["results"]["bindings"][0]["value"]["value"]
    if kind == "application/sparql-results+xml":
        return ET.fromstring(r.body).find(f"{SRX}results/{SRX}result/{SRX}binding/{SRX}literal").text
    if kind == "text/csv":
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0] == ["value"]
        return rows[1][0]
    lines = text.splitlines()
    assert lines[0] == "?value"
    return lines[1].split('"')[1]


@case
def query_content_type_select(c):
    q = [("query", "SELECT (1 AS ?value) {}")]
    r = c.get(q)
    assert media(r) in RESULT_TYPES and _select_value(r) == "1"
    for kind in sorted(RESULT_TYPES):
        r = c.get(q, accept=kind)
        assert r.status == 200 and media(r) == kind and _select_value(r) == "1"


@case
def query_content_type_ask(c):
    r = c.get([("query", "ASK {}")])
    assert media(r) in ("application/sparql-results+xml", "application/sparql-results+json") and ask(r) is True
    r = c.get([("query", "ASK {}")], accept="application/sparql-results+xml")
    assert media(r) == "application/sparql-results+xml"
    assert ET.fromstring(r.body).find(SRX + "boolean").text == "true"


def _triples(r):
    assert r.status == 200 and media(r) in RDF_TYPES, (r.status, r.headers)
    return {(t.subject.value, t.predicate.value, t.object.value) for t in ox.parse(r.body, format=RDF_TYPES[media(r)])}


@case
def query_content_type_describe(c):
    label = (ID + "anl", "http://www.w3.org/2000/01/rdf-schema#label", "Argonne National Laboratory")
    assert label in _triples(c.get([("query", "DESCRIBE kgid:anl")]))
    for kind in RDF_TYPES:
        r = c.get([("query", "DESCRIBE kgid:anl")], accept=kind)
        assert media(r) == kind and label in _triples(r)


@case
def query_content_type_construct(c):
    q = [("query", "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}")]
    expected = {("http://example.org/s", "http://example.org/p", "1")}
    assert _triples(c.form(q)) == expected
    for kind in RDF_TYPES:
        r = c.form(q, accept=kind)
        assert media(r) == kind and _triples(r) == expected


@case
def bad_query_method(c):
    r = c.direct("ASK {}", method="PUT")
    refused(r, 405, ("not allowed",))
    assert {"GET", "POST"} <= set(r.headers["allow"].replace(" ", "").split(","))


@case
def bad_multiple_queries(c):
    refused(c.get([("query", "ASK {}"), ("query", "SELECT * {}")]), 400, ("exactly one",))


@case
def bad_query_wrong_media_type(c):
    refused(c.direct("ASK {}", content_type="text/plain"), 415, ("Content-Type text/plain",))


@case
def bad_query_missing_form_type(c):
    refused(c.form([("query", "ASK {}")], content_type=None), 415, ("without Content-Type",))


@case
def bad_query_missing_direct_type(c):
    refused(c.direct("ASK {}", content_type=None), 415, ("without Content-Type",))


@case
def bad_query_non_utf8(c):
    body = "ASK { ?s ?p '한' }".encode("utf-16")
    refused(c.direct(body, content_type="application/sparql-query; charset=UTF-16"), 415, ("UTF-8",))
    refused(c.direct(body), 400, ("not UTF-8",))  # the same bytes, declared as UTF-8


@case
def bad_query_syntax(c):
    refused(c.get([("query", "ASK {")]), 400, ("syntax error", "line 1, column"))


# -- update cases: all refused, the store unchanged ---------------------------------------------------------


@case
def update_dataset_default_graph(c):
    refused_update(c, c.form([("update", UPDATE), ("using-graph-uri", DATA)]))


@case
def update_dataset_default_graphs(c):
    refused_update(c, c.form([("update", UPDATE), ("using-graph-uri", ONT), ("using-graph-uri", DATA)]))


@case
def update_dataset_named_graphs(c):
    refused_update(c, c.form([("update", UPDATE), ("using-named-graph-uri", ONT),
                              ("using-named-graph-uri", DATA)]))


@case
def update_dataset_full(c):
    refused_update(c, c.form([("update", UPDATE), ("using-graph-uri", ONT), ("using-named-graph-uri", DATA)]))


@case
def update_post_form(c):
    refused_update(c, c.form([("update", UPDATE)]))


@case
def update_post_direct(c):
    refused_update(c, c.direct(UPDATE, content_type="application/sparql-update"))


@case
def update_base_uri(c):
    graph = "http://example.org/protocol-base-test/"
    update = f"CLEAR SILENT GRAPH <{graph}> ; INSERT DATA {{ GRAPH <{graph}> {{ <http://example.org/s> " \
             "<http://example.org/p> <test> } }"
    refused_update(c, c.direct(update, content_type="application/sparql-update"))
    # GRAPH <outside> is itself refused, so the store is asked about every graph it holds
    assert values(c.get([("query", f"SELECT ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = <{graph}>) }}")]),
                  "o") == set()


@case
def bad_update_get(c):
    refused_update(c, c.get([("update", "CLEAR ALL")]))


@case
def bad_multiple_updates(c):
    refused_update(c, c.form([("update", "CLEAR NAMED"), ("update", "CLEAR DEFAULT")]))


@case
def bad_update_wrong_media_type(c):
    refused_update(c, c.direct("CLEAR NAMED", content_type="text/plain"), status=415)


@case
def bad_update_missing_form_type(c):
    refused_update(c, c.form([("update", "CLEAR NAMED")], content_type=None), status=415)


@case
def bad_update_non_utf8(c):
    refused_update(c, c.direct("CLEAR NAMED".encode("utf-16"), content_type="application/sparql-update; charset=UTF-16"))


@case
def bad_update_syntax(c):
    refused_update(c, c.form([("update", "CLEAR XYZ")]))


@case
def bad_update_dataset_conflict(c):
    update = f"DELETE {{ ?s ?p ?o }} USING <{DATA}> WHERE {{ ?s ?p ?o }}"
    refused_update(c, c.form([("update", update), ("using-graph-uri", ONT)]))


# -- the driver ------------------------------------------------------------------------------------------


def test_every_manifest_entry_has_a_replay(manifest):
    assert len(manifest) == 34
    missing = [name for name in manifest if name not in CASES]
    assert not missing, f"manifest entries without a replay: {missing}"
    assert set(CASES) <= set(manifest), f"replays of no manifest entry: {sorted(set(CASES) - set(manifest))}"


@pytest.mark.parametrize("name", list(CASES))
def test_manifest_case(name, manifest, client):
    assert name in manifest, f"{name} is not in the manifest"
    CASES[name](client)
