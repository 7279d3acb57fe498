"""kg export: every format read back by rdflib or networkx with the build's counts."""

import csv
import io
import os

import networkx as nx
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import OWL, RDF

from graph.network.centrality import load_centrality
from graph.cli import main
from graph.render.export import DATA_GRAPH, ONTOLOGY_GRAPH, edges_path, ontology_triples
from graph.vocab.namespaces import ID, KG
from graph.workspace import Workspace

FORMATS = ("ttl", "trig", "nt", "jsonld", "graphml", "gexf", "csv")
RDF_READ = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld"}
K = rdflib.Namespace(KG)
BOM = b"\xef\xbb\xbf"


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Each format exported once: {fmt: (path, stderr)}."""
    folder = tmp_path_factory.mktemp("export")
    out = {}
    for fmt in FORMATS:
        path = folder / f"graph.{fmt}"
        result = _run("export", "--format", fmt, "-o", path)
        assert result.exit_code == 0, result.stderr
        out[fmt] = (path, result.stderr)
    return out


@pytest.fixture(scope="module")
def dataset(built):
    g = rdflib.Graph()
    g.parse(built.dataset, format="nt")
    return g


@pytest.fixture(scope="module")
def ws(project):
    return Workspace(project)


def _has_provenance(g):
    """The statement that TPD has party Korea, with its document and Korean quote."""
    for st in g.subjects(RDF.type, K.Statement):
        if (g.value(st, RDF.subject) == rdflib.URIRef(ID + "tpd") and g.value(st, RDF.predicate) == K.party
                and g.value(st, RDF.object) == rdflib.URIRef(ID + "korea")):
            quote = g.value(st, K.quote)
            if quote is not None and quote.language == "ko" and "기술번영" in quote:
                return True
    return False


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_rdf_exports_are_lossless(exported, dataset, built, fmt):
    path, message = exported[fmt]
    g = rdflib.Graph()
    g.parse(path, format=RDF_READ[fmt])
    assert len(g) == built.manifest["triples"] == len(dataset)
    assert set(g) == set(dataset)
    assert _has_provenance(g)
    assert f"{built.manifest['triples']} triples" in message


def test_trig_splits_ontology_and_data(exported, dataset, built, project):
    path, message = exported["trig"]
    ds = rdflib.Dataset()
    ds.parse(path, format="trig")
    onto = ds.graph(rdflib.URIRef(ONTOLOGY_GRAPH))
    data = ds.graph(rdflib.URIRef(DATA_GRAPH))
    assert len(onto) == len(ontology_triples(project.ontology_files)) > 0
    assert len(onto) + len(data) == built.manifest["triples"]
    assert set(onto) | set(data) == set(dataset)
    assert (K.Agency, RDF.type, OWL.Class) in onto and (K.Agency, RDF.type, OWL.Class) not in data
    assert _has_provenance(data)
    assert "ontology graph" in message


def _relations(ws):
    """(subject, kg:relation, object) of every relation the projection draws, read from the network."""
    return sorted((f["source"], "kg:" + f["relation"], f["target"])
                  for _, _, d in ws.network.edges(data=True) for f in d["facts"])


def _sparql_relations(ws, store):
    """The same relations straight from SPARQL: subject → object of each traversable predicate."""
    from graph.network.projection import TRAVERSABLE
    from graph.store.local import select
    from graph.vocab.namespaces import local_id

    preds = " ".join(f"kg:{p}" for p in TRAVERSABLE)
    qualified = {(local_id(r["s"].value), local_id(r["o"].value)) for r in select(store, """
        SELECT ?s ?o WHERE { ?s kg:qualifiedParticipation ?q . ?q kg:inProgram ?o }""")}
    out = set()
    for r in select(store, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o FILTER(isIRI(?o)) }}"):
        s, p, o = (local_id(r[k].value) for k in ("s", "p", "o"))
        if s in ws.network and o in ws.network and s != o and not (p == "participatesIn" and (s, o) in qualified):
            out.add((s, "kg:" + p, o))
    for r in select(store, "SELECT ?s ?o WHERE { ?s kg:holds ?post . ?post kg:postIn ?o }"):
        s, o = local_id(r["s"].value), local_id(r["o"].value)
        if s in ws.network and o in ws.network:
            out.add((s, "kg:postIn", o))
    return sorted(out)


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_exports_are_directed_multigraphs_with_every_relation_in_its_direction(exported, ws, store, fmt):
    path, message = exported[fmt]
    g = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    assert g.is_directed()
    assert g.number_of_nodes() == ws.network.number_of_nodes()
    read = sorted((u, d["relation"], v) for u, v, d in g.edges(data=True))
    assert read == _relations(ws) == _sparql_relations(ws, store)
    assert g.number_of_edges() > ws.network.number_of_edges()  # pairs with two relations keep both
    anl = g.nodes["anl"]
    assert anl["label_ko"] == "아르곤 국립연구소" and anl["label_en"] == "Argonne National Laboratory"
    assert anl["type"] == "kg:Lab"
    scores = load_centrality(ws.build, ws.network)
    for measure in ("degree", "betweenness", "closeness", "pagerank", "eigenvector"):
        assert isinstance(g.nodes["msit"][measure], float)
        assert g.nodes["msit"][measure] == pytest.approx(scores[measure]["msit"])
    assert any(d.get("date") for _, d in g.nodes(data=True))
    based = [d for u, v, d in g.edges(data=True) if (u, v) == ("anl", "us")]
    assert [d["relation"] for d in based] == ["kg:basedIn"] and not g.has_edge("us", "anl")
    assert "아르곤" in based[0]["quote"] and based[0]["document"] and based[0]["label"] == "is based in"
    assert based[0]["label_ko"]
    assert f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges" in message
    if fmt == "gexf":
        assert b'version="1.3"' in path.read_bytes()[:400]
    proposal = [d for u, v, d in g.edges(data=True) if u == "k-rbrc" and d["relation"] == "kg:candidateHost"]
    assert proposal and g.nodes["k-rbrc"]["status"] == "proposed"


def test_csv_tables_keep_korean_for_excel(exported, ws):
    path, message = exported["csv"]
    edges = edges_path(path)
    assert edges.name == "graph-edges.csv"
    for p in (path, edges):
        assert p.read_bytes().startswith(BOM)
    with open(path, encoding="utf-8-sig", newline="") as fh:
        nodes = list(csv.DictReader(fh))
    with open(edges, encoding="utf-8-sig", newline="") as fh:
        links = list(csv.DictReader(fh))
    assert len(nodes) == ws.network.number_of_nodes()
    assert sorted((r["source"], r["relation"], r["target"]) for r in links) == _relations(ws)
    assert {r["type"] for r in links} == {"Directed"}
    anl = next(r for r in nodes if r["id"] == "anl")
    assert anl["label_ko"] == "아르곤 국립연구소"
    assert float(anl["betweenness"]) >= 0
    assert {(r["source"], r["target"]) for r in links} >= {("anl", "us")}
    assert any("한미" in r["quote"] for r in links)
    assert "edges" in message and str(edges) in message


def test_stdout(built, ws):
    result = _run("export", "--format", "nt", "-o", "-")
    assert result.exit_code == 0 and result.stderr == ""
    assert len(result.stdout_bytes.splitlines()) == built.manifest["triples"]
    g = rdflib.Graph()
    g.parse(data=_run("export", "--format", "ttl", "-o", "-").stdout_bytes, format="turtle")
    assert len(g) == built.manifest["triples"]

    out = _run("export", "--format", "csv", "-o", "-").stdout_bytes
    assert not out.startswith(BOM)
    nodes, edges = out.decode("utf-8").split("\r\n\r\n")
    assert len(list(csv.DictReader(io.StringIO(nodes)))) == ws.network.number_of_nodes()
    assert len(list(csv.DictReader(io.StringIO(edges)))) == len(_relations(ws))
    assert "아르곤 국립연구소" in nodes


def test_format_from_suffix_and_bad_formats(tmp_path):
    result = _run("export", "-o", tmp_path / "net.gexf")
    assert result.exit_code == 0 and "(GEXF)" in result.stderr
    nx.read_gexf(tmp_path / "net.gexf")
    assert _run("export", "-o", "-").exit_code == 2
    assert _run("export", "-o", tmp_path / "net.xml").exit_code == 2
    bad = _run("export", "--format", "xml", "-o", tmp_path / "net.xml")
    assert bad.exit_code == 2 and "'xml' is not one of" in bad.stderr
    assert not (tmp_path / "net.xml").exists()


def test_written_atomically_and_reproducibly(tmp_path):
    target = tmp_path / "graph.ttl"
    target.write_text("old", encoding="utf-8")
    assert _run("export", "-o", target).exit_code == 0
    first = target.read_bytes()
    assert _run("export", "-o", target).exit_code == 0
    assert target.read_bytes() == first != b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]  # no temporary file left


def _assert_refused(target, existing):
    before = existing.read_bytes()
    result = _run("export", "--format", "ttl", "-o", target)
    assert result.exit_code == 6
    assert str(target) in result.stderr and "Traceback" not in result.stderr
    assert existing.read_bytes() == before


def test_unwritable_path_is_a_clear_error(tmp_path):
    existing = tmp_path / "graph.ttl"
    existing.write_text("keep me", encoding="utf-8")
    _assert_refused(tmp_path / "missing" / "graph.ttl", existing)  # a missing directory
    _assert_refused(existing / "graph.ttl", existing)  # a file where a directory should be
    _assert_refused(tmp_path, existing)  # a directory where the file should be
    assert existing.read_text(encoding="utf-8") == "keep me"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_folder_leaves_existing_file(tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    existing = folder / "graph.ttl"
    existing.write_text("keep me", encoding="utf-8")
    folder.chmod(0o555)
    try:
        _assert_refused(existing, existing)
    finally:
        folder.chmod(0o755)
