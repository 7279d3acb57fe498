"""The SPARQL 1.1 Protocol as pure functions: read a request, choose a format.

Nothing here touches the network or the store, so every rule can be tried
in a doctest. :func:`parse_request` turns the method, URL parameters,
``Content-Type`` and body of an HTTP request into a :class:`SparqlRequest`,
or raises :class:`ProtocolError` carrying the HTTP status to answer with:

* 400 for a malformed request (two ``query`` parameters, no query, a body
  or parameter that is not UTF-8, a malformed graph IRI);
* 403 for anything that would change the store: the ``update`` parameter,
  an ``application/sparql-update`` body, ``using-graph-uri`` and friends,
  and for protocol graph parameters naming graphs outside the project;
* 405 for a method other than GET, HEAD and POST (with ``Allow``);
* 415 for a POST body that is neither url-encoded nor
  ``application/sparql-query``, or that declares a charset other than UTF-8.

:func:`negotiate` picks the response format from an ``Accept`` header with
quality values and wildcards; the server's own order breaks ties.

>>> r = parse_request("GET", "query=ASK%20%7B%7D&default-graph-uri=https%3A%2F%2Fw3id.org%2Fai4s-kg%2Fgraph%2Fdata", "", b"")
>>> r.query, r.dataset
('ASK {}', (('https://w3id.org/ai4s-kg/graph/data',), ()))
>>> parse_request("POST", "", "application/sparql-update", b"CLEAR ALL")
Traceback (most recent call last):
...
graph.serve.protocol.ProtocolError: 403: updates are refused: this endpoint is read-only
>>> negotiate("text/csv;q=0.5, application/*;q=0.8", ["application/sparql-results+json", "text/csv"])
'application/sparql-results+json'
"""

import re
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from graph.vocab.namespaces import BASE, DATA_GRAPH, ONTOLOGY_GRAPH

__all__ = ["BOOLEAN_TYPES", "FORMAT_PARAMS", "GRAPH_TYPES", "METHODS", "ProtocolError", "RESULT_TYPES",
           "SparqlRequest", "choose_formats", "formats_for", "negotiate", "parse_request"]

METHODS = ("GET", "HEAD", "POST", "OPTIONS")

# media type -> format key, in the server's order of preference (the first is the default)
RESULT_TYPES = {
    "application/sparql-results+json": "json",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
}
# CSV and TSV have no form for a yes/no answer
BOOLEAN_TYPES = {t: f for t, f in RESULT_TYPES.items() if f in ("json", "xml")}
GRAPH_TYPES = {
    "text/turtle": "turtle",
    "application/n-triples": "ntriples",
    "application/ld+json": "jsonld",
    "application/rdf+xml": "rdfxml",
}

# the format= / output= parameter, as Fuseki and Virtuoso accept it: a short name -> media type per kind of answer
FORMAT_PARAMS = {
    "json": {"select": "application/sparql-results+json", "ask": "application/sparql-results+json",
             "graph": "application/ld+json"},
    "xml": {"select": "application/sparql-results+xml", "ask": "application/sparql-results+xml",
            "graph": "application/rdf+xml"},
    "csv": {"select": "text/csv"},
    "tsv": {"select": "text/tab-separated-values"},
    "ttl": {"graph": "text/turtle"},
    "turtle": {"graph": "text/turtle"},
    "nt": {"graph": "application/n-triples"},
    "ntriples": {"graph": "application/n-triples"},
    "jsonld": {"graph": "application/ld+json"},
    "rdfxml": {"graph": "application/rdf+xml"},
}
_FORMAT_NAMES = ("format", "output")
_FORM = "application/x-www-form-urlencoded"
_DIRECT = "application/sparql-query"
_UPDATE = "application/sparql-update"
_UPDATE_PARAMS = ("update", "using-graph-uri", "using-named-graph-uri")
_MAX_FIELDS = 200
_IRI = re.compile(r"[^\s<>\"{}|\\^`]+")


class ProtocolError(Exception):
    """A request the endpoint answers with ``status`` and a short plain message."""

    def __init__(self, status, message, headers=()):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = list(headers)

    def __str__(self):
        return f"{self.status}: {self.message}"


@dataclass(frozen=True)
class SparqlRequest:
    """One protocol request: the query text (None: no query was given) and the graphs it names."""

    query: object = None
    default_graphs: tuple = ()
    named_graphs: tuple = ()
    format: object = None  # the format= / output= parameter, lower-cased (None: negotiate by Accept)

    @property
    def dataset(self):
        """``(default graph IRIs, named graph IRIs)`` when the request names any graph, else None.

        Per the protocol, a dataset given this way replaces the query's own
        FROM and FROM NAMED entirely.
        """
        if self.default_graphs or self.named_graphs:
            return (self.default_graphs, self.named_graphs)
        return None


def parse_form(raw):
    """``(name, value)`` pairs of an url-encoded string of bytes, decoded as strict UTF-8.

    >>> parse_form(b"query=SELECT+*+%7B%7D&x=%ED%95%9C&flag")
    [('query', 'SELECT * {}'), ('x', '한'), ('flag', '')]
    >>> parse_form(b"query=%FF")
    Traceback (most recent call last):
    ...
    graph.serve.protocol.ProtocolError: 400: the parameters are not UTF-8 text (percent-encode UTF-8 bytes)
    """
    pairs = []
    for part in raw.split(b"&"):
        if not part:
            continue
        if len(pairs) >= _MAX_FIELDS:
            raise ProtocolError(400, f"too many parameters (more than {_MAX_FIELDS})")
        name, _, value = part.partition(b"=")
        try:
            pairs.append(tuple(unquote_to_bytes(x.replace(b"+", b" ")).decode("utf-8") for x in (name, value)))
        except UnicodeDecodeError:
            raise ProtocolError(400, "the parameters are not UTF-8 text (percent-encode UTF-8 bytes)") from None
    return pairs


def _media_type(header):
    """``(type, {param: value})`` of a Content-Type header, lower-cased.

    >>> _media_type('Application/SPARQL-Query; charset="UTF-8"')
    ('application/sparql-query', {'charset': 'utf-8'})
    """
    kind, *params = (header or "").split(";")
    found = {}
    for p in params:
        key, _, value = p.partition("=")
        found[key.strip().lower()] = value.strip().strip('"').lower()
    return kind.strip().lower(), found


def _values(pairs, name):
    return [v for k, v in pairs if k == name]


def _graphs(pairs, name):
    """The graph IRIs given in parameter ``name``; refuses graphs outside the project."""
    iris = []
    for iri in _values(pairs, name):
        iri = iri.strip()
        if not _IRI.fullmatch(iri) or ":" not in iri:
            raise ProtocolError(400, f"{name} {iri!r} is not an absolute IRI")
        if not iri.startswith(BASE):
            raise ProtocolError(403, f"{name} <{iri}> is refused: this endpoint only serves the project's own "
                                     f"graphs, <{ONTOLOGY_GRAPH}> and <{DATA_GRAPH}>")
        iris.append(iri)
    return tuple(dict.fromkeys(iris))


def _refuse_updates(pairs):
    for name in _UPDATE_PARAMS:
        if _values(pairs, name):
            raise ProtocolError(403, "updates are refused: this endpoint is read-only")


def parse_request(method, query_string, content_type, body):
    """The :class:`SparqlRequest` of one HTTP request to the endpoint; raises :class:`ProtocolError`.

    ``query_string`` is the raw URL query (str, as WSGI gives it),
    ``content_type`` the Content-Type header ('' when absent), ``body`` the
    request body as bytes. A GET without any query gives
    ``SparqlRequest(query=None)``: the caller answers with the service
    description.

    >>> parse_request("GET", "query=ASK{}&query=ASK{}", "", b"")
    Traceback (most recent call last):
    ...
    graph.serve.protocol.ProtocolError: 400: give exactly one query parameter (2 were given)
    >>> parse_request("POST", "", "text/plain", b"ASK {}")
    Traceback (most recent call last):
    ...
    graph.serve.protocol.ProtocolError: 415: Content-Type text/plain is not accepted: POST a query as application/x-www-form-urlencoded (query=...) or as application/sparql-query
    >>> parse_request("PUT", "", "", b"")
    Traceback (most recent call last):
    ...
    graph.serve.protocol.ProtocolError: 405: method PUT is not allowed: use GET or POST
    >>> parse_request("GET", "query=ASK{}&named-graph-uri=http://example.org/g", "", b"")
    Traceback (most recent call last):
    ...
    graph.serve.protocol.ProtocolError: 403: named-graph-uri <http://example.org/g> is refused: this endpoint only serves the project's own graphs, <https://w3id.org/ai4s-kg/graph/ontology> and <https://w3id.org/ai4s-kg/graph/data>
    """
    method = method.upper()
    if method not in ("GET", "HEAD", "POST"):
        raise ProtocolError(405, f"method {method} is not allowed: use GET or POST",
                            [("Allow", ", ".join(METHODS))])
    url_pairs = parse_form((query_string or "").encode("latin-1"))  # WSGI gives the raw bytes as latin-1
    _refuse_updates(url_pairs)
    if method in ("GET", "HEAD"):
        pairs, queries = url_pairs, _values(url_pairs, "query")
    else:
        kind, params = _media_type(content_type)
        if kind == _UPDATE:
            raise ProtocolError(403, "updates are refused: this endpoint is read-only")
        if kind == _FORM:
            pairs = parse_form(body)
            _refuse_updates(pairs)
            queries = _values(pairs, "query")
            if queries and _values(url_pairs, "query"):
                raise ProtocolError(400, "give the query once: in the body or in the URL, not both")
        elif kind == _DIRECT:
            charset = params.get("charset", "utf-8")
            if charset not in ("utf-8", "utf8"):
                raise ProtocolError(415, f"charset {charset} is not accepted: send the query as UTF-8")
            if _values(url_pairs, "query"):
                raise ProtocolError(400, "give the query once: in the body or in the URL, not both")
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                raise ProtocolError(400, "the query is not UTF-8 text") from None
            pairs, queries = url_pairs, [text]
        else:
            shown = f"Content-Type {kind}" if kind else "a request without Content-Type"
            raise ProtocolError(415, f"{shown} is not accepted: POST a query as {_FORM} (query=...) "
                                     f"or as {_DIRECT}")
    if len(queries) > 1:
        raise ProtocolError(400, f"give exactly one query parameter ({len(queries)} were given)")
    fmt = _format_param(url_pairs if pairs is url_pairs else url_pairs + pairs)
    default, named = _graphs(pairs, "default-graph-uri"), _graphs(pairs, "named-graph-uri")
    if not queries:
        if method == "POST" or default or named:
            raise ProtocolError(400, "no query was given: pass it in the query parameter")
        return SparqlRequest()
    if not queries[0].strip():
        raise ProtocolError(400, "the query is empty")
    return SparqlRequest(queries[0], default, named, fmt)


def _format_param(pairs):
    """The one format asked for by ``format=`` or ``output=`` (lower-cased), or None; 400 for an unknown one."""
    asked = {v.strip().lower() for k, v in pairs if k in _FORMAT_NAMES and v.strip()}
    if len(asked) > 1:
        raise ProtocolError(400, "give one format: format= and output= name different ones")
    if not asked:
        return None
    (name,) = asked
    if name not in FORMAT_PARAMS and name not in {**RESULT_TYPES, **GRAPH_TYPES}:
        raise ProtocolError(400, f"unknown format {name!r}: use one of {', '.join(FORMAT_PARAMS)} "
                                 "(or a media type this endpoint gives)")
    return name


def formats_for(name):
    """``{"select", "ask", "graph"}`` → media type for the format parameter ``name`` (None: not in that form).

    >>> formats_for("csv")
    {'select': 'text/csv', 'ask': None, 'graph': None}
    >>> formats_for("json")["graph"], formats_for("text/turtle")["graph"]
    ('application/ld+json', 'text/turtle')
    """
    if name in FORMAT_PARAMS:
        given = FORMAT_PARAMS[name]
        return {kind: given.get(kind) for kind in ("select", "ask", "graph")}
    return {"select": name if name in RESULT_TYPES else None, "ask": name if name in BOOLEAN_TYPES else None,
            "graph": name if name in GRAPH_TYPES else None}


def _accept_ranges(accept):
    """``[(type, subtype, q)]`` of an Accept header; malformed entries are skipped.

    >>> _accept_ranges("text/*;q=0.3, application/json, bad, */*;q=x")
    [('text', '*', 0.3), ('application', 'json', 1.0)]
    """
    ranges = []
    for item in accept.split(","):
        kind, params = _media_type(item)
        main, sep, sub = kind.partition("/")
        if not sep or not main or not sub:
            continue
        try:
            q = float(params.get("q", "1"))
        except ValueError:
            continue
        if 0 <= q <= 1:
            ranges.append((main, sub, q))
    return ranges


def negotiate(accept, offers):
    """The media type of ``offers`` that ``accept`` prefers, or None when none is acceptable.

    The most specific matching range sets an offer's quality; ``q=0`` rules
    it out; equal qualities go to the earlier offer. No Accept header means
    the first offer.

    >>> offers = ["text/turtle", "application/n-triples", "application/ld+json"]
    >>> negotiate("", offers), negotiate("*/*", offers), negotiate("application/*", offers)
    ('text/turtle', 'text/turtle', 'application/n-triples')
    >>> negotiate("*/*;q=0.1, application/ld+json", offers)
    'application/ld+json'
    >>> negotiate("*/*, text/turtle;q=0", offers)
    'application/n-triples'
    >>> negotiate("image/png", offers) is None
    True
    """
    if not accept or not accept.strip():
        return offers[0] if offers else None
    ranges = _accept_ranges(accept)
    best, best_q = None, 0.0
    for offer in offers:
        main, _, sub = offer.partition("/")
        q, specificity = None, -1
        for r_main, r_sub, r_q in ranges:
            if r_main == main and r_sub == sub:
                s = 2
            elif r_main == main and r_sub == "*":
                s = 1
            elif r_main == "*" and r_sub == "*":
                s = 0
            else:
                continue
            if s > specificity:
                q, specificity = r_q, s
        if q is not None and q > best_q:
            best, best_q = offer, q
    return best


def choose_formats(accept):
    """``{"select", "ask", "graph"}`` → the chosen media type for each kind of answer (None: 406).

    >>> choose_formats("text/csv")
    {'select': 'text/csv', 'ask': None, 'graph': None}
    """
    return {"select": negotiate(accept, list(RESULT_TYPES)),
            "ask": negotiate(accept, list(BOOLEAN_TYPES)),
            "graph": negotiate(accept, list(GRAPH_TYPES))}
