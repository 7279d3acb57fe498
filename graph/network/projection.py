"""The NetworkX projection of the RDF graph, for paths and centrality.

Nodes are the entities (actors, programs, missions, milestones, instruments,
agreements, facilities, collaborations) and the qualified participation
nodes. Agreement, collaboration and participation nodes stay nodes, so a path
reads *Korea → is party to → TPD → has party → United States*.

Edges come from these ``kg:`` relations, all traversable in both directions
(a hop against the arrow is read with the inverse phrase, "is party to" for
``kg:party``): partOf, party, signedBy, basedIn, participatesIn,
participant, inProgram, leads, coordinates, operates, develops, hostedBy,
supervisedBy, memberOf, funds, establishes, issuedBy, concerns, nationalResponseTo,
modelledOn, extends, successorOf, candidateHost, uses. A person's post
(``kg:holds``/``kg:postIn``) becomes one edge *person → holds a post in →
organization* carrying the title. A direct ``participatesIn`` that has a
qualified participation node is left out in favour of that node. Concepts
(status, technologies, areas), classes and literals are never nodes.

The projection is an undirected ``networkx.Graph``; each edge keeps the list
of facts between its two nodes under ``"facts"``; each fact has the
relation, its stored direction (``source``, ``target``), sources (document
and quote, or outside URL) and dates. It is built once per build and
cached as JSON in the build folder (node-link form).
"""

from graph.source.evidence import sort_key
from graph.vocab.namespaces import local_id
from graph.store.local import query
from graph.vocab.readings import READINGS
from graph.vocab.schema import NODE_CLASSES

__all__ = ["TRAVERSABLE", "load_projection", "project_store", "project_triples", "save_projection"]

TRAVERSABLE = [r for r in READINGS if r != "postIn"]
_FILE = "projection.json"



def _select(store, text):
    """Rows of a SELECT as dicts of plain values (None where unbound)."""
    result = query(store, text)
    names = [v.value for v in result.variables]
    for row in result:
        yield {k: (v.value if v is not None else None) for k, v in zip(names, row)}


_NODES = """
    SELECT ?s ?type ?en ?ko ?date ?end ?status WHERE {{
        VALUES ?type {{ {classes} }}
        ?s a ?type .
        OPTIONAL {{ ?s rdfs:label ?en FILTER(lang(?en) = "en") }}
        OPTIONAL {{ ?s rdfs:label ?ko FILTER(lang(?ko) = "ko") }}
        OPTIONAL {{ ?s kg:date ?date }} OPTIONAL {{ ?s kg:endDate ?end }}
        OPTIONAL {{ ?s kg:status ?status }} }} ORDER BY ?s"""
_FACTS = """
    SELECT ?s ?p ?o ?src ?doc ?quote ?kind ?outside ?date ?end ?status ?role WHERE {{
        VALUES ?p {{ {preds} }}
        ?s ?p ?o .
        ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; prov:wasDerivedFrom ?src .
        OPTIONAL {{ ?src kg:localId ?doc }} OPTIONAL {{ ?st kg:quote ?quote }}
        OPTIONAL {{ ?st kg:outsideSeeds ?outside }} OPTIONAL {{ ?st kg:evidenceKind ?kind }}
        OPTIONAL {{ ?st kg:date ?date }} OPTIONAL {{ ?st kg:endDate ?end }}
        OPTIONAL {{ ?st kg:status ?status }} OPTIONAL {{ ?st kg:role ?role }} }}"""
_POSTS = """
    SELECT ?s ?o ?post ?ten ?tko ?src ?doc ?quote ?outside ?date WHERE {
        ?s kg:holds ?post . ?post kg:postIn ?o .
        ?st rdf:subject ?post ; rdf:predicate kg:postIn ; rdf:object ?o ; prov:wasDerivedFrom ?src .
        OPTIONAL { ?src kg:localId ?doc } OPTIONAL { ?st kg:quote ?quote }
        OPTIONAL { ?st kg:outsideSeeds ?outside }
        OPTIONAL { ?post kg:title ?ten FILTER(lang(?ten) = "en") }
        OPTIONAL { ?post kg:title ?tko FILTER(lang(?tko) = "ko") }
        OPTIONAL { ?post kg:date ?date } }"""
_QUALIFIED = "SELECT ?s ?o WHERE { ?s kg:qualifiedParticipation ?q . ?q kg:inProgram ?o }"


def project_store(store):
    """Build the projection from an Oxigraph store holding the dataset."""
    classes = " ".join(f"kg:{c}" for c in NODE_CLASSES)
    preds = " ".join(f"kg:{p}" for p in TRAVERSABLE)
    return _assemble(_select(store, _NODES.format(classes=classes)), lambda: _select(store, _FACTS.format(preds=preds)),
                     lambda: _select(store, _POSTS), lambda: {(r["s"], r["o"]) for r in _select(store, _QUALIFIED)})


def project_triples(triples):
    """Build the projection from the dataset's triples (rdflib terms, as the compiler makes them, or already
    sorted by predicate: :class:`graph.dataset.rows.ByPredicate`): the rows of :func:`project_store`'s queries
    read straight from them (:mod:`graph.dataset.rows`), the same graph."""
    from graph.dataset import rows

    index = rows.ByPredicate.of(triples)
    statements = rows.Statements(index)
    return _assemble(rows.node_rows(index, NODE_CLASSES), lambda: rows.fact_rows(index, TRAVERSABLE, statements),
                     lambda: rows.post_rows(index, statements), lambda: rows.qualified_pairs(index))


def _assemble(nodes, facts_rows, posts_rows, qualified_pairs):
    """The projection from the rows of its four queries: node rows, then (each a function giving them, asked in
    this order once the nodes are in) fact rows, post rows and the set of qualified (actor, program) IRI pairs."""
    import networkx as nx

    g = nx.Graph()
    for r in nodes:
        node = local_id(r["s"])
        g.add_node(node, iri=r["s"], type="kg:" + local_id(r["type"]), en=r["en"], ko=r["ko"],
                   date=r["date"], end=r["end"], status=local_id(r["status"]) if r["status"] else None)
    for node, data in g.nodes(data=True):
        if data["type"] == "kg:Participation":
            who, _, program = node.partition("/participation/")
            for lang in ("en", "ko"):
                a = g.nodes[who][lang] if who in g else who
                b = g.nodes[program][lang] if program in g else program
                data[lang] = f"{a}'s part in {b}" if lang == "en" else f"{a}의 {b} 참여"

    facts = {}
    for r in facts_rows():
        _add_fact(facts, r, local_id(r["p"]), g)
    for r in posts_rows():
        fact = _add_fact(facts, r, "postIn", g)
        if fact is not None:
            fact["title"] = {"en": r["ten"], "ko": r["tko"]}

    qualified = {(local_id(s), local_id(o)) for s, o in qualified_pairs()}
    for (s, rel, o), fact in sorted(facts.items(), key=lambda item: item[0]):  # a fixed order of edges
        if rel == "participatesIn" and (s, o) in qualified:
            continue
        if g.has_edge(s, o):
            g.edges[s, o]["facts"].append(fact)
        else:
            g.add_edge(s, o, facts=[fact])
    for _, _, data in g.edges(data=True):
        data["facts"].sort(key=_fact_rank)
        for fact in data["facts"]:
            fact["sources"].sort(key=sort_key)  # body sentences first
    return g


def _add_fact(facts, r, rel, g):
    s, o = local_id(r["s"]), local_id(r["o"])
    if s not in g or o not in g or s == o:
        return None
    fact = facts.setdefault((s, rel, o), {"relation": rel, "source": s, "target": o, "sources": [],
                                          "date": None, "end": None, "status": None, "role": None})
    if r.get("doc"):
        src = {"document": r["doc"], "quote": r["quote"]}
        if r.get("kind"):
            src["kind"] = r["kind"]
    else:
        src = {"url": r["src"], "outside_seeds": True}
    if src not in fact["sources"]:
        fact["sources"].append(src)
    for key in ("date", "end", "role"):
        if r.get(key) and not fact[key]:
            fact[key] = r[key]
    if r.get("status") and not fact["status"]:
        fact["status"] = local_id(r["status"])
    return fact


def _fact_rank(fact):
    in_seeds = any("document" in s for s in fact["sources"])
    return (not in_seeds, TRAVERSABLE.index(fact["relation"]) if fact["relation"] in TRAVERSABLE else 99)


def load_projection(build, store_factory):
    """The projection of ``build``, from its checked JSON or built now (and cached while the build is made)."""
    import networkx as nx

    from graph.dataset.build import gc_paused

    data = build.read_json(_FILE)
    if data is not None:
        with gc_paused():
            return nx.node_link_graph(data, edges="edges")
    g = project_store(store_factory(build))
    save_projection(build, g)
    return g


def save_projection(build, g):
    """Cache the projection ``g`` in ``build`` while it is being built (what :func:`load_projection` reads)."""
    import networkx as nx

    build.write_json(_FILE, nx.node_link_data(g, edges="edges"))
