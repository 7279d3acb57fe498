"""Export the built graph as RDF, as a network for Gephi, or as CSV tables.

RDF formats are lossless: every triple of the build, the ontology and the
``kg:Statement`` provenance included, sorted so that two exports of the same
build are byte-identical.

- ``ttl`` (Turtle), ``nt`` (N-Triples): the build's one graph, written by
  Oxigraph; Turtle with the prefixes of :data:`graph.namespaces.PREFIXES`.
- ``trig``: two named graphs. :data:`ONTOLOGY_GRAPH` holds the triples of the
  ontology files (``ontology/kg.ttl``); :data:`DATA_GRAPH` holds the rest:
  documents, entities and their statements. Their union is the build.
- ``jsonld``: JSON-LD compacted with the prefixes as ``@context`` (rdflib),
  nodes sorted by ``@id``.

Network formats are directed multigraphs built from the NetworkX
projection (:mod:`graph.network.projection`): every relation of the graph
is one edge from its subject to its object, so two relations between the
same pair are two edges and none reads backwards. Scalar attributes only,
``""`` where a value is missing:

- nodes: ``label`` (English, or the id), ``label_en``, ``label_ko``, ``type``,
  ``date``, ``end_date``, ``status``, ``iri`` and the five centralities of
  :mod:`graph.network.centrality` on the whole network (``degree``,
  ``betweenness``, ``closeness``, ``pagerank``, ``eigenvector``, to ten
  significant digits, so that two builds give the same bytes);
- edges: ``id`` (``subject relation object``), ``relation`` (``kg:party``…),
  ``label`` and ``label_ko`` (its reading), ``date``, ``end_date``,
  ``status``, and the first cited source: ``document`` and ``quote``, or
  ``url`` when it lies outside the seeds. A person's post is one edge
  *person → postIn → organization*; a participation recorded as a
  qualified participation node is drawn through that node.

``end_date`` is not called ``end`` because GEXF reserves ``start``/``end``
for its time spells.

- ``graphml``, ``gexf``: one file each, written by NetworkX; GEXF in version
  1.3, whose edges may be parallel (``defaultedgetype="directed"``).
- ``csv``: two tables, UTF-8 with a byte-order mark so that Excel reads the
  Korean: the nodes at ``FILE`` and the edges beside it at
  :func:`edges_path` (``graph.csv`` → ``graph-edges.csv``). To stdout
  (``-``) the two tables come one after the other, a blank line between,
  without the mark.

Every file is written through :mod:`graph.atomic` (a temporary file, then a
rename), so a failed export leaves any existing file as it was.
"""

import io
import json
from pathlib import Path

from graph.errors import UserInputError
from graph.vocab.namespaces import BASE, DATA_GRAPH, ONTOLOGY_GRAPH, PREFIXES

__all__ = ["DATA_GRAPH", "FORMATS", "ONTOLOGY_GRAPH", "csv_tables", "edges_path", "export", "gephi_graph",
           "guess_format", "load_triples", "network_bytes", "ontology_triples", "rdf_bytes"]

FORMATS = ("ttl", "trig", "nt", "jsonld", "graphml", "gexf", "csv")
NODE_COLUMNS = ("id", "label_en", "label_ko", "type", "date", "end_date", "status", "iri",
                "degree", "betweenness", "closeness", "pagerank", "eigenvector")
EDGE_COLUMNS = ("source", "target", "type", "id", "relation", "label", "label_ko", "date", "end_date", "status",
                "document", "quote", "url")
_SUFFIXES = {".ttl": "ttl", ".turtle": "ttl", ".trig": "trig", ".nt": "nt", ".jsonld": "jsonld",
             ".json": "jsonld", ".graphml": "graphml", ".gexf": "gexf", ".csv": "csv"}
_NAMES = {"ttl": "Turtle", "trig": "TriG", "nt": "N-Triples", "jsonld": "JSON-LD"}


def guess_format(output):
    """The format a file name asks for, by its suffix.

    >>> guess_format("out/graph.TTL")
    'ttl'
    >>> guess_format("-")
    Traceback (most recent call last):
    ...
    graph.errors.UserInputError: cannot tell the format of '-'; give --format (ttl, trig, nt, jsonld, graphml, gexf, csv)
    """
    fmt = _SUFFIXES.get(Path(str(output)).suffix.lower())
    if fmt is None:
        raise UserInputError(f"cannot tell the format of {str(output)!r}; give --format ({', '.join(FORMATS)})")
    return fmt


def edges_path(path):
    """Where the edge table of a CSV export at ``path`` goes.

    >>> edges_path("out/graph.csv").as_posix()
    'out/graph-edges.csv'
    >>> edges_path("tables").as_posix()
    'tables-edges'
    """
    path = Path(path)
    return path.with_name(f"{path.stem}-edges{path.suffix}")


def _key(t):
    return (str(t.subject), str(t.predicate), str(t.object))


def load_triples(dataset):
    """The triples of an N-Triples file as pyoxigraph Triples, sorted."""
    import pyoxigraph as ox

    return sorted((q.triple for q in ox.parse(path=str(dataset), format=ox.RdfFormat.N_TRIPLES)), key=_key)


def ontology_triples(files):
    """The set of triples stated in the ontology's Turtle ``files``."""
    import pyoxigraph as ox

    return {q.triple for f in files
            for q in ox.parse(path=str(f), format=ox.RdfFormat.TURTLE, base_iri=Path(f).resolve().as_uri())}


def rdf_bytes(triples, fmt, ontology=frozenset()):
    """``triples`` serialised as ``fmt`` (ttl, trig, nt, jsonld); for TriG ``ontology`` names the ontology's.

    >>> import pyoxigraph as ox
    >>> t = ox.Triple(ox.NamedNode(BASE + "id/anl"), ox.NamedNode(PREFIXES["rdfs"] + "label"),
    ...               ox.Literal("아르곤 국립연구소", language="ko"))
    >>> rdf_bytes([t], "ttl").decode().splitlines()[-1]
    'kgid:anl rdfs:label "아르곤 국립연구소"@ko .'
    >>> rdf_bytes([t], "trig", ontology={t}).decode().splitlines()[-3]
    '<https://w3id.org/ai4s-kg/graph/ontology> {'
    """
    import pyoxigraph as ox

    if fmt == "jsonld":
        return _jsonld(triples)
    if fmt == "trig":
        names = {True: ox.NamedNode(ONTOLOGY_GRAPH), False: ox.NamedNode(DATA_GRAPH)}
        quads = sorted((ox.Quad(t.subject, t.predicate, t.object, names[t in ontology]) for t in triples),
                       key=lambda q: (str(q.graph_name) != f"<{ONTOLOGY_GRAPH}>", _key(q)))
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
    formats = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES}
    if fmt not in formats:
        raise UserInputError(f"{fmt!r} is not an RDF format (ttl, trig, nt, jsonld)")
    return ox.serialize(triples, format=formats[fmt], prefixes=PREFIXES if fmt == "ttl" else None)


def _jsonld(triples):
    import pyoxigraph as ox
    from rdflib import Graph

    g = Graph()
    g.parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
    doc = json.loads(g.serialize(format="json-ld", context=dict(PREFIXES), auto_compact=True))
    if "@graph" in doc:  # rdflib's order follows hashing; sort for stable output
        for node in doc["@graph"]:
            for key, value in node.items():
                if isinstance(value, list):
                    value.sort(key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
        doc["@graph"].sort(key=lambda n: n.get("@id", ""))
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8") + b"\n"


def gephi_graph(network, scores):
    """A directed multigraph of every relation of the projection, scalar attributes only (see the module docstring).

    >>> import networkx as nx
    >>> n = nx.Graph()
    >>> n.add_node("a", iri="x:a", type="kg:Lab", en="A", ko="가", date=None, end=None, status=None)
    >>> n.add_node("b", iri="x:b", type="kg:Country", en="B", ko=None, date="2025", end=None, status=None)
    >>> fact = lambda s, r, o: {"relation": r, "source": s, "target": o, "date": None, "end": None, "status": None,
    ...                         "sources": [{"document": "s000", "quote": "…"}]}
    >>> n.add_edge("a", "b", facts=[fact("a", "basedIn", "b"), fact("b", "funds", "a")])
    >>> from graph.network.centrality import compute_all
    >>> g = gephi_graph(n, compute_all(n))
    >>> g.nodes["b"]["label_ko"], g.nodes["a"]["degree"]
    ('', 1.0)
    >>> sorted((u, v, d["relation"], d["label"]) for u, v, d in g.edges(data=True))
    [('a', 'b', 'kg:basedIn', 'is based in'), ('b', 'a', 'kg:funds', 'funds')]
    """
    import networkx as nx

    from graph.network.centrality import MEASURES
    from graph.vocab.readings import relation_label

    g = nx.MultiDiGraph()
    for node in sorted(network):
        d = network.nodes[node]
        attrs = {"label": d.get("en") or node, "label_en": d.get("en") or "", "label_ko": d.get("ko") or "",
                 "type": d.get("type") or "", "date": d.get("date") or "", "end_date": d.get("end") or "",
                 "status": d.get("status") or "", "iri": d.get("iri") or ""}
        attrs.update({m: float(scores[m].get(node, 0.0)) for m in MEASURES})
        g.add_node(node, **attrs)
    edges = []
    for _, _, data in network.edges(data=True):
        for fact in data["facts"]:
            src = fact["sources"][0] if fact["sources"] else {}
            rel = fact["relation"]
            edges.append((fact["source"], fact["target"], rel, {
                "id": f"{fact['source']} {rel} {fact['target']}", "relation": "kg:" + rel,
                "label": relation_label(rel), "label_ko": relation_label(rel, lang="ko"),
                "date": fact.get("date") or "", "end_date": fact.get("end") or "", "status": fact.get("status") or "",
                "document": src.get("document") or "", "quote": src.get("quote") or "", "url": src.get("url") or ""}))
    g.add_edges_from(sorted(edges, key=lambda e: (e[0], e[1], e[2])))
    return g


def network_bytes(g, fmt):
    """``g`` (from :func:`gephi_graph`) as GraphML or GEXF bytes."""
    import networkx as nx

    buf = io.BytesIO()
    if fmt == "gexf":
        nx.write_gexf(g, buf, version="1.3")
    else:
        nx.write_graphml(g, buf)
    return buf.getvalue()


def csv_tables(g):
    """(nodes, edges): the two CSV tables of ``g`` (from :func:`gephi_graph`) as text, no byte-order mark.

    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_node("anl", label_en="Argonne", label_ko="아르곤")
    >>> g.add_node("us", label_en="United States")
    >>> _ = g.add_edge("anl", "us", relation="kg:basedIn", quote="미국, 한국")
    >>> nodes, edges = csv_tables(g)
    >>> nodes.splitlines()[1]
    'anl,Argonne,아르곤,,,,,,,,,,'
    >>> edges.splitlines()[1]
    'anl,us,Directed,,kg:basedIn,,,,,,,"미국, 한국",'
    """
    from graph.store.results import csv_text

    table = lambda columns, rows: csv_text(columns, rows) + "\r\n"  # noqa: E731 - files end with a line break
    nodes = table(NODE_COLUMNS, ([n] + [d.get(c, "") for c in NODE_COLUMNS[1:]] for n, d in g.nodes(data=True)))
    edges = table(EDGE_COLUMNS, ([u, v, "Directed"] + [d.get(c, "") for c in EDGE_COLUMNS[3:]]
                                 for u, v, d in g.edges(data=True)))
    return nodes, edges


def export(ws, fmt, output, stdout=None):
    """Export workspace ``ws`` as ``fmt`` to ``output`` (a path, or ``"-"`` for the binary stream ``stdout``).

    ``fmt`` None is guessed from the file name. Returns the one-line
    confirmation for a file, None for stdout; WriteError when a file cannot
    be written.
    """
    from graph.render.atomic import write_bytes

    output = str(output)
    fmt = fmt or guess_format(output)
    if fmt not in FORMATS:
        raise UserInputError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    to_stdout = output == "-"

    def emit(path, data):
        if to_stdout:
            stdout.write(data)
            stdout.flush()
        else:
            write_bytes(path, data)

    if fmt in _NAMES:
        triples = load_triples(ws.build.dataset)
        ontology = ontology_triples(ws.project.ontology_files) if fmt == "trig" else frozenset()
        emit(output, rdf_bytes(triples, fmt, ontology))
        n_onto = sum(t in ontology for t in triples)
        extra = f"; {n_onto} in the ontology graph, {len(triples) - n_onto} in the data graph" if fmt == "trig" else ""
        return None if to_stdout else f"wrote {output}: {len(triples)} triples ({_NAMES[fmt]}{extra})"

    from graph.network.centrality import load_centrality

    g = gephi_graph(ws.network, load_centrality(ws.build, ws.network))
    counts = f"{g.number_of_nodes()} nodes, {g.number_of_edges()} edges"
    if fmt in ("graphml", "gexf"):
        emit(output, network_bytes(g, fmt))
        return None if to_stdout else f"wrote {output}: {counts} ({fmt.upper() if fmt == 'gexf' else 'GraphML'})"
    nodes, edges = csv_tables(g)
    if to_stdout:
        emit(output, (nodes + "\r\n" + edges).encode("utf-8"))
        return None
    second = edges_path(output)
    from graph.render.atomic import write_files

    write_files({output: nodes.encode("utf-8-sig"), second: edges.encode("utf-8-sig")})  # both or neither
    return (f"wrote {output}: {g.number_of_nodes()} nodes and {second}: {g.number_of_edges()} edges "
            f"(CSV, UTF-8 with BOM)")
