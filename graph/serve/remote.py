"""Talk to a remote SPARQL store over HTTP: queries, updates, graph uploads.

One small client (:class:`Store`) on ``urllib.request`` instead of rdflib's
``SPARQLStore``, which has no timeout and loses the store's error messages.
Every failure becomes :class:`~graph.errors.RemoteStoreError` (exit 7)
carrying what the store said: the HTTP status and the body of its answer
(decoded with its charset, HTML tags dropped, trimmed), or what kept the
answer from coming (connection refused, unknown host, no answer within the
timeout, an answer cut off or not in the format asked for). A store that
rejects a query with HTTP 400 -- the SPARQL 1.1 Protocol's answer to a
malformed query -- gives :class:`~graph.errors.QuerySyntaxError` (exit 3)
instead, with the store's own message, as a local syntax error does.

The timeout bounds every wait on the network (connecting, sending, the
first byte of the answer, each next part of it), so a dead or silent store
is reported within it.

Queries and updates go out by URL-encoded POST (``query=`` or ``update=``
as ``application/x-www-form-urlencoded``), which every store tried
answers; Virtuoso 7.2 never answers the protocol's other form, a POST of
``application/sparql-query``. The project's prefixes a query uses are
declared in front of it on its own first line, so the line numbers in the
store's messages are those of the query as written (and the columns on
line 1 are put right for the message styles of Oxigraph, Jena and RDF4J).
Answers are parsed with pyoxigraph whatever format the store chose and
returned in the shape :func:`graph.store.results.format_result` takes, so every
``--format`` works as it does locally.

User name and password may be given in the URL
(``https://user:secret@host/...``); they are sent by HTTP Basic or Digest
authentication when the store asks for them with a 401, and never shown in
messages. (A store that sends its 401 and closes the connection while a
large upload is still being sent breaks that exchange: Virtuoso's
``/sparql-graph-crud-auth`` does; publish to it by ``--update-endpoint
.../sparql-auth`` instead, whose requests are small.)

>>> with_prefixes("PREFIX kg: <urn:x#> SELECT * WHERE { ?s kg:p ?o }").count("PREFIX kg:")
1
"""

import json
import re

from graph.errors import RemoteStoreError, UserInputError
from graph.vocab.namespaces import PREFIXES

__all__ = ["DEFAULT_TIMEOUT", "RemoteHTTPError", "Store", "fix_columns", "parse_answer", "remote_query",
           "run_remote_query", "with_prefixes"]

DEFAULT_TIMEOUT = 30.0
_MESSAGE_CHARS = 1500  # how much of a store's error message is shown

# strings, IRIs and comments: set aside before reading a query's keywords
_SKIP = re.compile(r"""'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"
                       |<[^<>"{}|^`\\\s]*>|\#[^\n]*""", re.DOTALL | re.VERBOSE)
_DECLARED = re.compile(r"(?<![\w:?$])PREFIX\s+([A-Za-z][\w.\-]*)?\s*:", re.IGNORECASE)

_RESULTS_ACCEPT = "application/sparql-results+json, application/sparql-results+xml;q=0.8"
_GRAPH_ACCEPT = "application/n-triples, text/turtle;q=0.9, application/rdf+xml;q=0.5"


_FORM_TYPE = "application/x-www-form-urlencoded; charset=utf-8"


def _form(name, text):
    """The body of a URL-encoded POST: ``name=text``, UTF-8."""
    from urllib.parse import quote

    return (name + "=" + quote(text, safe="")).encode("ascii")


class RemoteHTTPError(RemoteStoreError):
    """The store answered with an HTTP error status; ``status`` and ``body`` keep what it said."""

    def __init__(self, message, status, body):
        super().__init__(message)
        self.status = status
        self.body = body


def _bare(query):
    """``query`` with strings, IRIs and comments blanked out (IRIs become ``<>``)."""
    return _SKIP.sub(lambda m: "<>" if m.group(0).startswith("<") else " ", query)


def with_prefixes(query):
    """``query`` with PREFIX declarations in front for every project prefix it does not declare itself.

    All of them, not only those a scan finds in use: a shared store knows
    none of the prefixes ``kg sparql`` pre-binds, and no scan of the text can
    be sure to see every prefixed name. They go on the query's first line,
    so line numbers in the store's messages stay those of the query as
    written (see :func:`fix_columns`).

    >>> with_prefixes("SELECT * WHERE { ?s kg:p ?o }").startswith("PREFIX kg: <https://")
    True
    >>> with_prefixes("PREFIX kg: <urn:x#> ASK {}").count("PREFIX kg:"), with_prefixes("ASK {}").count("PREFIX")
    (1, 14)
    """
    query = query.lstrip("\ufeff")
    declared = set(_DECLARED.findall(_bare(query)))
    return _prologue(set(PREFIXES) - declared) + query


def _prologue(names):
    return "".join(f"PREFIX {p}: <{iri}> " for p, iri in PREFIXES.items() if p in names)


def fix_columns(message, prologue_chars):
    """A store's syntax error ``message`` with columns on line 1 counted in the query as written.

    Knows Oxigraph's ``error at LINE:COLUMN`` and the ``line 1, column N`` of
    Jena (Fuseki) and RDF4J (GraphDB); other messages are left as they are.

    >>> fix_columns("error at 1:60: expected OPTIONAL", 40)
    'error at 1:20: expected OPTIONAL'
    >>> fix_columns('Encountered " "}" "} "" at line 1, column 45.', 40)
    'Encountered " "}" "} "" at line 1, column 5.'
    """
    def shift(m):
        column = int(m.group(2)) - prologue_chars
        return m.group(1) + str(column) if column > 0 else m.group(0)

    message = re.sub(r"(\berror at 1:)(\d+)", shift, message)
    return re.sub(r"(\bline 1, column )(\d+)", shift, message)


def _shown(url):
    """``url`` without user name and password, for messages."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))


def _message(body, content_type):
    """The text of an error body: decoded safely, HTML tags dropped, blank runs squeezed, trimmed."""
    charset = "utf-8"
    m = re.search(r"charset=\"?([\w.:\-]+)", content_type or "", re.IGNORECASE)
    if m:
        charset = m.group(1)
    try:
        text = body.decode(charset, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    if "html" in (content_type or "").lower() or re.match(r"\s*<(!doctype|html)", text, re.IGNORECASE):
        import html

        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(line for line in lines if line)
    return text if len(text) <= _MESSAGE_CHARS else text[:_MESSAGE_CHARS - 1] + "…"


class Store:
    """One HTTP endpoint of a SPARQL store, with a timeout in seconds.

    >>> Store("ftp://example.org/sparql")
    Traceback (most recent call last):
    ...
    graph.errors.UserInputError: 'ftp://example.org/sparql' is not an http:// or https:// URL of a SPARQL store
    """

    def __init__(self, url, timeout=DEFAULT_TIMEOUT):
        from urllib.parse import urlsplit

        try:
            parts = urlsplit(url)
            port_ok = parts.port is None or parts.port > 0
        except ValueError:
            parts, port_ok = None, False
        if parts is None or parts.scheme not in ("http", "https") or not parts.hostname or not port_ok:
            raise UserInputError(f"{url!r} is not an http:// or https:// URL of a SPARQL store")
        if not timeout or timeout <= 0:
            raise UserInputError(f"the timeout must be a positive number of seconds, not {timeout!r}")
        self.url, self.timeout, self.shown = url, float(timeout), _shown(url)
        self._user, self._password = parts.username, parts.password

    def _opener(self):
        import urllib.request

        handlers = []
        if self._user is not None:
            from urllib.parse import unquote

            # sent when the store asks (401): a store wanting Digest refuses Basic sent unasked (Virtuoso)
            manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            manager.add_password(None, self.shown, unquote(self._user), unquote(self._password or ""))
            handlers += [urllib.request.HTTPBasicAuthHandler(manager), urllib.request.HTTPDigestAuthHandler(manager)]
        return urllib.request.build_opener(*handlers)

    def _target(self, params):
        from urllib.parse import urlencode

        url = self.shown if self._user is not None else self.url
        if params:
            url += ("&" if "?" in url else "?") + urlencode(params)
        return url

    def request(self, method, body=None, headers=None, params=None):
        """Send one request; return ``(content_type, answer_bytes, headers)`` of a 2xx answer.

        Raises RemoteHTTPError for an HTTP error status, RemoteStoreError for
        anything else that keeps an answer from arriving within the timeout.
        """
        import http.client
        import socket
        import urllib.error
        import urllib.request

        req = urllib.request.Request(self._target(params), data=body, method=method, headers=headers or {})
        try:
            with self._opener().open(req, timeout=self.timeout) as resp:
                return resp.headers.get("Content-Type", ""), resp.read(), resp.headers
        except urllib.error.HTTPError as exc:
            try:
                data = exc.read()
            except (OSError, http.client.HTTPException):
                data = b""
            ctype = exc.headers.get("Content-Type", "") if exc.headers else ""
            said = _message(data, ctype)
            raise RemoteHTTPError(f"{self.shown}: the store answered HTTP {exc.code} {exc.reason}"
                                  + (f":\n{said}" if said else " (with no message)"), exc.code, said) from None
        except urllib.error.URLError as exc:
            raise RemoteStoreError(self._reason(exc.reason)) from None
        except (socket.timeout, TimeoutError) as exc:
            raise RemoteStoreError(self._reason(exc)) from None
        except http.client.HTTPException as exc:
            raise RemoteStoreError(f"{self.shown}: the connection broke before a complete answer "
                                   f"({type(exc).__name__}: {exc or 'no details'})") from None
        except OSError as exc:
            raise RemoteStoreError(self._reason(exc)) from None

    def _reason(self, reason):
        """A sentence for why no answer came: refused, unknown host, timed out, or the OS's words."""
        import socket
        import ssl

        where = self.shown
        if isinstance(reason, (socket.timeout, TimeoutError)) or "timed out" in str(reason):
            return (f"{where}: no answer within the timeout of {self.timeout:g} s (timed out); "
                    "is the store running and reachable? give a longer --timeout if it is slow")
        if isinstance(reason, ConnectionRefusedError):
            return f"{where}: connection refused: no store is listening there (is it running? is the port right?)"
        if isinstance(reason, socket.gaierror):
            return f"{where}: cannot find the host: {reason.strerror or reason}"
        if isinstance(reason, ssl.SSLError):
            return f"{where}: TLS error: {reason.reason or reason}"
        if isinstance(reason, ConnectionError):
            return (f"{where}: the connection broke: {reason.strerror or reason} (the store closed it while the "
                    "request was sent: it may refuse the request, the credentials or uploads of that size)")
        text = getattr(reason, "strerror", None) or str(reason)
        return f"{where}: cannot reach the store: {text}"

    def query(self, text, accept):
        """POST a SPARQL query, URL-encoded; return ``(content_type, answer_bytes, headers)``."""
        return self.request("POST", _form("query", text), {"Content-Type": _FORM_TYPE, "Accept": accept})

    def update(self, text):
        """POST a SPARQL update, URL-encoded."""
        self.request("POST", _form("update", text), {"Content-Type": _FORM_TYPE})

    def put_graph(self, iri, data, content_type="application/n-triples"):
        """Replace named graph ``iri`` with ``data`` by the Graph Store Protocol (HTTP PUT ``?graph=``)."""
        self.request("PUT", data, {"Content-Type": content_type}, params={"graph": iri})


def _partial(headers, shown):
    """Refuse an answer the store marks as partial (Virtuoso's anytime queries set ``X-SQL-State``)."""
    state = headers.get("X-SQL-State") if headers else None
    if state:
        said = headers.get("X-SQL-Message") or state
        raise RemoteStoreError(f"{shown}: the store gave a partial answer ({said}); no result is given")


def parse_answer(form, content_type, data, shown="the store"):
    """The answer of a query as :func:`graph.store.results.format_result` takes it, whatever format the store chose.

    >>> parse_answer("ask", "application/sparql-results+json", b'{"head": {}, "boolean": true}')
    {'kind': 'ask', 'value': True}
    >>> parse_answer("ask", "application/sparql-results+json",
    ...              b'{"head": {"vars": ["__ASK_RETVAL"]}, "results": {"bindings": []}}')
    {'kind': 'ask', 'value': False}
    >>> parse_answer("select", "text/html", b"<html>oops</html>")
    Traceback (most recent call last):
    ...
    graph.errors.RemoteStoreError: the store: the answer is not SPARQL results (content type 'text/html'); it begins: oops
    """
    import pyoxigraph as ox

    media = (content_type or "").split(";")[0].strip().lower()
    try:
        if form in ("select", "ask"):
            fmt = ox.QueryResultsFormat.from_media_type(media) if media else ox.QueryResultsFormat.JSON
            if fmt is None:
                raise ValueError("not SPARQL results")
            result = ox.parse_query_results(data, format=fmt)
            if isinstance(result, ox.QueryBoolean):
                return {"kind": "ask", "value": bool(result)}
            variables = [v.value for v in result.variables]
            if form == "ask":
                return {"kind": "ask", "value": _ask_rows(variables, result)}
            return {"kind": "select", "vars": variables, "json": result.serialize(format=ox.QueryResultsFormat.JSON)}
        fmt = ox.RdfFormat.from_media_type(media) if media else ox.RdfFormat.N_TRIPLES
        if fmt is None:
            raise ValueError("not RDF")
        triples = [q.triple for q in ox.parse(data, format=fmt)]
        return {"kind": "graph", "ntriples": ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)}
    except (SyntaxError, ValueError) as exc:
        what = "SPARQL results" if form in ("select", "ask") else "RDF"
        start = _message(data[:300], content_type)
        detail = f"; it begins: {start}" if start else f" ({exc})"
        if isinstance(exc, SyntaxError):
            detail = f": {exc}" + detail
        raise RemoteStoreError(f"{shown}: the answer is not {what} (content type {content_type!r}){detail}") from None


def _ask_rows(variables, rows):
    """The answer of an ASK that came as rows: Virtuoso 7 sends one ``__ASK_RETVAL`` row when true, none when false."""
    if variables != ["__ASK_RETVAL"]:
        raise ValueError(f"an ASK query was answered with rows of {', '.join(variables) or 'no variables'}")
    return any(row["__ASK_RETVAL"] is not None and row["__ASK_RETVAL"].value not in ("0", "false") for row in rows)


def remote_query(store, query):
    """Run ``query`` (prefixes added) on ``store``; the answer as :func:`parse_answer` gives it.

    A store refusing the query with HTTP 400 gives QuerySyntaxError with its message.
    """
    from graph.errors import QuerySyntaxError
    from graph.store.sparql import query_form

    text = with_prefixes(query)
    added = len(text) - len(query.lstrip("\ufeff"))
    form = query_form(text) or "select"  # 'select', 'ask' or 'graph'
    try:
        ctype, data, headers = store.query(text, _RESULTS_ACCEPT if form in ("select", "ask") else _GRAPH_ACCEPT)
    except RemoteHTTPError as exc:
        if exc.status == 400:
            said = fix_columns(exc.body, added) if exc.body else "(no message)"
            raise QuerySyntaxError(f"{store.shown} rejected the query (HTTP 400):\n{said}") from None
        raise
    _partial(headers, store.shown)
    return parse_answer(form, ctype, data, store.shown)


def run_remote_query(url, query, timeout=DEFAULT_TIMEOUT):
    """Check ``query`` for safety, then run it on the store at ``url`` within ``timeout`` seconds.

    A refused query (QueryRefused, exit 4) never leaves the machine.
    """
    from graph.store.sparql import check_query_safety

    store = Store(url, timeout)
    facts = check_query_safety(query)
    answer = remote_query(store, query)
    if not facts.names_dataset and "GRAPH" not in query.upper() and _looks_empty(answer):
        note = union_note(store)
        if note:
            answer["note"] = note
    return answer


def _looks_empty(answer):
    """Whether an answer has nothing in it: no rows (or one row of zeros), false, or no triples."""
    if answer["kind"] == "ask":
        return not answer["value"]
    if answer["kind"] == "graph":
        return not answer["ntriples"].strip()
    rows = json.loads(answer["json"])["results"]["bindings"]
    return not rows or (len(rows) == 1 and all(v.get("value") == "0" for v in rows[0].values()))


def union_note(store):
    """A note when ``store``'s default graph is empty while its named graphs hold triples (else None).

    Such a store keeps its default graph apart from the named graphs ``kg
    publish`` fills, so a query without ``GRAPH`` or ``FROM`` sees nothing.
    """
    from graph.vocab.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH

    if remote_query(store, "ASK { ?s ?p ?o }")["value"]:
        return None
    if not remote_query(store, "ASK { GRAPH ?g { ?s ?p ?o } }")["value"]:
        return None
    return (f"note: {store.shown} answered from its default graph, which is empty: its named graphs hold the "
            "triples but its default graph is not their union (Oxigraph: serve --union-default-graph; Fuseki: "
            f"tdb2:unionDefaultGraph true); or name the graphs: FROM <{DATA_GRAPH}> FROM <{ONTOLOGY_GRAPH}>")
