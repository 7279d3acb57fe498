"""Publish the built dataset into a shared SPARQL store, replacing any earlier copy.

Both named graphs of the build go to the store under their own IRIs
(:data:`graph.store.GRAPHS`), by one of two routes:

* the SPARQL 1.1 Graph Store HTTP Protocol: one ``PUT ?graph=<iri>`` per
  graph with its N-Triples (``text/turtle`` if the store refuses
  ``application/n-triples``; N-Triples is Turtle). PUT replaces the graph
  in one step, so publishing again replaces, never appends.
* SPARQL 1.1 Update, for stores without the protocol: the triples go into
  a staging graph (``<iri>/kg-publish-staging``) by ``INSERT DATA`` in
  chunks of :data:`CHUNK` triples, then ``MOVE`` replaces the graph with it
  in one step. A publish that fails half-way leaves the previous copy of the
  graph as it was (a partial staging graph may remain; the next publish
  clears it). A blank node's triples always travel in one chunk, since the
  same label in two requests would name two different nodes.

With a query endpoint, each graph is counted afterwards and must hold as
many triples as the build; it is also checked that the store's default
graph shows the published triples (the union of the named graphs, as
``kg sparql --endpoint`` expects) and a warning given when it does not.
"""

from graph.errors import RemoteStoreError, UserInputError
from graph.store.local import GRAPHS

__all__ = ["CHUNK", "chunks", "publish"]

CHUNK = 1000  # triples per INSERT DATA request; Virtuoso 7.2's parser runs out of stack near 5,000


def chunks(triples, size=CHUNK):
    """Split pyoxigraph ``triples`` into lists of at most ``size``, a blank node's triples kept together.

    A group of triples linked by blank nodes larger than ``size`` goes as one chunk.

    >>> import pyoxigraph as ox
    >>> b, p, x = ox.BlankNode("b"), ox.NamedNode("urn:p"), ox.NamedNode("urn:x")
    >>> ts = [ox.Triple(x, p, b), ox.Triple(x, p, ox.Literal("1")), ox.Triple(b, p, ox.Literal("2"))]
    >>> [len(c) for c in chunks(ts, size=1)]
    [2, 1]
    """
    import pyoxigraph as ox

    parent = {}

    def root(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    groups, order = {}, []
    for i, t in enumerate(triples):
        blanks = [x.value for x in (t.subject, t.object) if isinstance(x, ox.BlankNode)]
        for other in blanks[1:]:
            parent[root(other)] = root(blanks[0])
        order.append(("b", blanks[0]) if blanks else ("t", i))
    for i, (kind, node) in enumerate(order):
        groups.setdefault(("b", root(node)) if kind == "b" else (kind, node), []).append(triples[i])
    out, current = [], []
    for group in groups.values():
        if current and len(current) + len(group) > size:
            out.append(current)
            current = []
        current.extend(group)
    if current:
        out.append(current)
    return out


def _read_graph(build, name):
    import pyoxigraph as ox

    path = build.graph_file(name)
    data = path.read_bytes()
    return data, [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]


def _put(store, iri, data):
    from graph.serve.remote import RemoteHTTPError

    try:
        store.put_graph(iri, data, "application/n-triples")
    except RemoteHTTPError as exc:
        if exc.status != 415:
            raise
        store.put_graph(iri, data, "text/turtle")  # N-Triples is Turtle


def _by_update(store, iri, triples, say):
    staging = f"{iri}/kg-publish-staging"
    store.update(f"DROP SILENT GRAPH <{staging}>")
    if not triples:
        store.update(f"DROP SILENT GRAPH <{iri}>")
        return
    parts = chunks(triples, CHUNK)
    sent = 0
    try:
        for part in parts:
            body = "\n".join(f"{t} ." for t in part)
            store.update(f"INSERT DATA {{ GRAPH <{staging}> {{\n{body}\n}} }}")
            sent += len(part)
            say(f"  {sent:,} / {len(triples):,} triples")
        store.update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{iri}>")
    except RemoteStoreError as exc:
        raise RemoteStoreError(f"{exc}\nthe previous copy of <{iri}> is unchanged; publishing again clears "
                               f"the partial copy left in <{staging}>") from None


def _verify(query_url, timeout, expected, sample):
    """Counts per graph through the query endpoint; a warning when the default graph is not their union."""
    from graph.serve.mirror import graph_counts
    from graph.serve.remote import Store, remote_query

    store = Store(query_url, timeout)
    counts = graph_counts(store)
    wrong = [f"<{GRAPHS[n]}> holds {counts[n]:,} triples, not {expected[n]:,}" for n in expected
             if counts[n] != expected[n]]
    if wrong:
        raise RemoteStoreError(f"{store.shown}: after publishing, " + "; ".join(wrong))
    if sample is None:
        return None
    seen = remote_query(store, f"ASK {{ {sample} }}")["value"]
    if not seen:
        return ("warning: the store's default graph does not show the published triples; kg sparql --endpoint "
                "queries without GRAPH will find nothing. Make the default graph the union of the named graphs "
                "(Oxigraph: serve --union-default-graph; Fuseki: tdb2:unionDefaultGraph true)")
    return None


def publish(build, endpoint=None, update_endpoint=None, query_endpoint=None, timeout=None, progress=None):
    """Put ``build``'s two named graphs into a store; return ``(summary line, warning or None)``.

    ``endpoint`` is a Graph Store Protocol URL, ``update_endpoint`` a SPARQL
    Update URL (give one); ``query_endpoint``, if given, verifies the counts.
    ``progress`` is called with short lines about the work under way.
    """
    import pyoxigraph as ox

    from graph.serve.remote import DEFAULT_TIMEOUT, Store

    if bool(endpoint) == bool(update_endpoint):
        raise UserInputError("give either --endpoint (a Graph Store Protocol URL) or --update-endpoint "
                             "(a SPARQL Update URL)")
    timeout = timeout or DEFAULT_TIMEOUT
    store = Store(endpoint or update_endpoint, timeout)
    if query_endpoint:
        Store(query_endpoint, timeout)  # a malformed URL is reported before anything is sent
    say = progress or (lambda _text: None)
    counts, sample = {}, None
    for name, iri in GRAPHS.items():
        data, triples = _read_graph(build, name)
        counts[name] = len(triples)
        say(f"publishing <{iri}>: {len(triples):,} triples")
        if endpoint:
            _put(store, iri, data)
        else:
            _by_update(store, iri, triples, say)
        if sample is None:
            sample = next((f"{t} ." for t in triples if not isinstance(t.subject, ox.BlankNode)
                           and not isinstance(t.object, ox.BlankNode)), None)
    route = "the Graph Store Protocol" if endpoint else "SPARQL Update"
    parts = ", ".join(f"{name} {n:,}" for name, n in counts.items())
    line = f"published {len(counts)} graphs, {sum(counts.values()):,} triples ({parts}) to {store.shown} by {route}"
    warning = None
    if query_endpoint:
        say("counting the published graphs")
        warning = _verify(query_endpoint, timeout, counts, sample)
        line += "; verified: the store holds the same counts"
    return line, warning
