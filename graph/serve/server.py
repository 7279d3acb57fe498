"""``kg serve``: a read-only SPARQL 1.1 Protocol endpoint on waitress, with a query page.

:class:`Endpoint` is a plain WSGI application with three routes:

``/sparql``
    The protocol endpoint (GET, POST url-encoded, POST
    ``application/sparql-query``). Requests are read by
    :mod:`graph.protocol`; the query runs in one of the server's query
    processes (:class:`graph.store.pool.QueryPool`), which hands back the
    whole answer already serialized, so a query stopped by its time or
    memory limit is answered 503 before any byte of it was sent, never as a
    short 200 (the worker is killed and replaced). Answers stop
    at ``max_rows`` rows and then say so (``X-KG-Truncated`` and a mark in
    the body, see :mod:`graph.store.answers`). Without a query, GET answers the
    SPARQL 1.1 Service Description (:mod:`graph.servicedesc`).
``/``
    A query page (:mod:`graph.querypage`): one self-contained HTML file (no outside resource, a
    strict Content-Security-Policy with hashes of its one script and one
    style) with the named queries as examples and results shown as a table.
``/favicon.ico``
    204, so browsers do not log a missing icon.

Every error is a short plain-text body (JSON when the client prefers
``application/json``) and a status: 400 malformed request or syntax error,
403 update or outside graph, 404, 405, 406, 413, 415, 503 time limit; a
bug gives a bare 500 while its traceback goes to the server's stderr.
No CORS header is sent unless an origin is configured.

:func:`serve` starts the query processes (``workers``, ``kg serve
--workers N``; four per CPU by default, as many as fit in memory at
``memory`` each: a process answers one query at a time, and a request
that finds them all busy waits for one, at most the time limit), then runs the application on waitress, a production WSGI
server, with ``threads`` request threads that parse, hand the query over
and wait. The waiting happens in the pool rather than in waitress's queue,
so that a query known to be quick is answered before slow ones that came
a little earlier (see :meth:`graph.store.pool.QueryPool._take`): with
more threads than clients no request waits in a first-come queue.

It stops gracefully on SIGTERM or SIGINT: it closes the listening socket,
lets the requests already received finish (bounded by twice the query
time limit, waiting and running, plus a few seconds), ends the query
processes, then returns.
"""

import json
import re
import signal
import socket
import sys
import time
import traceback
from http import HTTPStatus

from graph.store import answers as _answers
from graph.store import local as _store
from graph.errors import KGError, UserInputError
from graph.vocab.namespaces import DATA_GRAPH, ONTOLOGY_GRAPH
from graph.serve.querypage import examples, render_page
from graph.serve.servicedesc import serialized_description
from graph.serve.protocol import (BOOLEAN_TYPES, FORMAT_PARAMS, GRAPH_TYPES, METHODS, RESULT_TYPES, ProtocolError,
                                  choose_formats, formats_for, negotiate, parse_request)
from graph.errors import QueryMemoryError, QueryRefused, QueryTimeout
from graph.store.sparql import answer_query, check_query_safety, query_form

__all__ = ["Endpoint", "allowed_hosts", "serve"]

# what a query process runs, imported here before any fork: a worker forked while other threads run (to
# replace one) never imports (another thread might have held an import lock at the moment of the fork)
_CHILD_MODULES = (_answers, _store)

_FORMATS = {**RESULT_TYPES, **GRAPH_TYPES}
_KIND_NAMES = {"select": "a SELECT answer", "ask": "an ASK answer", "graph": "a CONSTRUCT or DESCRIBE answer"}
_KIND_TYPES = {"select": RESULT_TYPES, "ask": BOOLEAN_TYPES, "graph": GRAPH_TYPES}


def _content_type(media):
    """``media`` with ``charset=utf-8`` where the type takes one."""
    if media.startswith("text/") or media.endswith("xml"):
        return media + "; charset=utf-8"
    return media


def _graph_counts(store):
    import pyoxigraph as ox

    return {g: sum(1 for _ in store.quads_for_pattern(None, None, None, ox.NamedNode(g)))
            for g in (ONTOLOGY_GRAPH, DATA_GRAPH)}


class Endpoint:
    """The WSGI application: the SPARQL endpoint at ``/sparql`` and the query page at ``/``.

    Everything that touches pyoxigraph in this process (the service
    description, the page's examples) is prepared here, before any request
    thread exists; requests only parse, hand the query to ``pool`` (a
    :class:`~graph.store.pool.QueryPool`) and wait. Without a pool each
    query runs in a child forked for it (:func:`graph.store.sparql.answer_query`).
    """

    def __init__(self, store, base_url, *, page, csp, counts, timeout=10.0, max_rows=10000,
                 max_body=1 << 20, cors=None, memory=1024, hosts=None, pool=None):
        self.store = store
        self.pool = pool  # a QueryPool answers the queries; without one, each runs in a child forked for it
        self.base_url = base_url.rstrip("/")
        self.page, self.csp = page, csp
        self.timeout, self.max_rows, self.max_body, self.cors = timeout, max_rows, max_body, cors
        self.memory = memory
        self.hosts = hosts  # the Host header values accepted (None: any, when listening on every address)
        self.link = self.base_url + "/#row-limit"
        self.description = serialized_description(self.base_url + "/sparql", counts)

    # -- WSGI -----------------------------------------------------------------

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD", "GET").upper()
        try:
            self._check_host(environ)
            status, headers, body = self._route(environ, method)
        except ProtocolError as exc:
            status, headers, body = self._error(environ, exc.status, exc.message, exc.headers)
        except Exception:  # a bug: its traceback goes to the server log, never to the client
            print("kg serve: internal error while answering "
                  f"{method} {environ.get('PATH_INFO', '')}:", file=sys.stderr)
            traceback.print_exc(file=sys.stderr)
            status, headers, body = self._error(environ, 500, "internal error: the server could not answer "
                                                              "this request")
        if environ.get("PATH_INFO") == "/sparql":
            headers = headers + self._cors(environ)
        headers = headers + [("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
                             ("Content-Length", str(len(body)))]
        start_response(f"{status} {HTTPStatus(status).phrase}", headers)
        return [b"" if method == "HEAD" else body]

    def _check_host(self, environ):
        """421 unless the Host header names the address the server listens on (against DNS rebinding)."""
        host = (environ.get("HTTP_HOST") or "").strip().lower()
        if self.hosts is not None and host and host not in self.hosts:
            raise ProtocolError(421, f"this server answers only requests for {', '.join(sorted(self.hosts))}, "
                                     f"not for the host {host[:100]!r}")

    def _route(self, environ, method):
        path = environ.get("PATH_INFO", "")
        if path == "/sparql":
            return self._sparql(environ, method)
        if path in ("/", "/index.html"):
            if method not in ("GET", "HEAD"):
                raise ProtocolError(405, f"method {method} is not allowed here: use GET",
                                    [("Allow", "GET, HEAD")])
            return 200, [("Content-Type", "text/html; charset=utf-8"), ("Content-Security-Policy", self.csp),
                         ("X-Frame-Options", "DENY"), ("Cache-Control", "no-cache")], self.page
        if path == "/favicon.ico":
            return 204, [], b""
        raise ProtocolError(404, "not found: the SPARQL endpoint is /sparql and the query page is /")

    # -- the endpoint -----------------------------------------------------------

    def _sparql(self, environ, method):
        if method == "OPTIONS":
            return 204, [("Allow", ", ".join(METHODS))] + self._preflight(environ), b""
        body = self._read_body(environ) if method == "POST" else b""
        request = parse_request(method, environ.get("QUERY_STRING", ""), environ.get("CONTENT_TYPE", ""), body)
        accept = environ.get("HTTP_ACCEPT", "")
        if request.query is None:
            return self._service_description(accept)
        try:
            check_query_safety(request.query)
        except KGError as exc:
            raise _protocol_error(exc) from None
        chosen = formats_for(request.format) if request.format else choose_formats(accept)
        form = query_form(request.query)
        if form and chosen[form] is None:
            raise self._not_acceptable(form, request.format)
        formats = {kind: _FORMATS[media] for kind, media in chosen.items() if media}
        try:
            if self.pool is not None:
                answer = self.pool.answer(request.query, formats, timeout=self.timeout, max_rows=self.max_rows,
                                          dataset=request.dataset, link=self.link)
            else:
                answer = answer_query(self.store, request.query, formats, timeout=self.timeout,
                                      max_rows=self.max_rows, dataset=request.dataset, link=self.link,
                                      memory=self.memory)
        except KGError as exc:
            raise _protocol_error(exc) from None
        if answer["format"] is None:
            raise self._not_acceptable(answer["kind"], request.format)
        media = chosen[answer["kind"]]
        headers = [("Content-Type", _content_type(media)), ("Vary", "Accept"), ("Cache-Control", "no-store")]
        if answer["truncated"]:
            unit = "triples" if answer["kind"] == "graph" else "rows"
            headers.append(("X-KG-Truncated", f"{unit}={answer['count']}"))
            headers.append(("Link", f'<{self.link}>; rel="describedby"'))
        return 200, headers, answer["body"]

    def _read_body(self, environ):
        """The request body, refused (413) when over ``max_body`` before any of it is read."""
        length = environ.get("CONTENT_LENGTH") or ""
        too_large = ProtocolError(413, f"the request body is too large: at most {self.max_body} bytes are accepted")
        if length:
            try:
                size = int(length)
            except ValueError:
                raise ProtocolError(400, "Content-Length is not a number") from None
            if size > self.max_body:
                raise too_large
        else:
            size = self.max_body + 1
        data = environ["wsgi.input"].read(size) if size else b""
        if len(data) > self.max_body:
            raise too_large
        return data

    def _service_description(self, accept):
        media = negotiate(accept, list(self.description))
        if media is None:
            raise ProtocolError(406, "no format in Accept fits the service description; this endpoint gives: "
                                     + ", ".join(self.description))
        return 200, [("Content-Type", _content_type(media)), ("Vary", "Accept")], self.description[media]

    def _not_acceptable(self, kind, asked=None):
        if asked:
            fits = [name for name, kinds in FORMAT_PARAMS.items() if kind in kinds]
            return ProtocolError(406, f"format {asked} does not fit {_KIND_NAMES[kind]}; use one of: "
                                      + ", ".join(fits))
        return ProtocolError(406, f"no format in Accept fits {_KIND_NAMES[kind]}; this endpoint gives: "
                                  + ", ".join(_KIND_TYPES[kind]))

    def _error(self, environ, status, message, headers=()):
        headers = list(headers) + [("Vary", "Accept")]  # the body's format follows Accept
        if negotiate(environ.get("HTTP_ACCEPT", ""), ["text/plain", "application/json"]) == "application/json":
            body = json.dumps({"error": {"status": status, "message": message}}, ensure_ascii=False)
            headers.append(("Content-Type", "application/json"))
        else:
            body = message + "\n"
            headers.append(("Content-Type", "text/plain; charset=utf-8"))
        return status, headers, body.encode("utf-8")

    # -- CORS ---------------------------------------------------------------------

    def _cors(self, environ):
        """CORS headers: none at all unless an origin is configured, then for that origin only."""
        if not self.cors:
            return []
        if self.cors == "*":
            return [("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "X-KG-Truncated")]
        if environ.get("HTTP_ORIGIN") == self.cors:
            return [("Access-Control-Allow-Origin", self.cors), ("Access-Control-Expose-Headers", "X-KG-Truncated"),
                    ("Vary", "Origin")]
        return [("Vary", "Origin")]

    def _preflight(self, environ):
        if not self.cors or (self.cors != "*" and environ.get("HTTP_ORIGIN") != self.cors):
            return []
        return [("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
                ("Access-Control-Allow-Headers", "Accept, Content-Type"), ("Access-Control-Max-Age", "600")]


def _protocol_error(exc):
    """The HTTP status and message of a query's failure: 400 syntax or too complex, 403 refused, 503 a limit."""
    if isinstance(exc, QueryRefused):
        return ProtocolError(403, str(exc))
    if isinstance(exc, (QueryTimeout, QueryMemoryError)):
        return ProtocolError(503, str(exc))
    if isinstance(exc, UserInputError):  # QuerySyntaxError, QueryTooComplex, an engine's refusal
        return ProtocolError(400, str(exc))
    return ProtocolError(500, str(exc))  # QueryCrashed: said as what it was


def check_cors_origin(origin):
    """``origin`` if it is ``*`` or a bare ``scheme://host[:port]``; else UserInputError.

    >>> check_cors_origin("https://example.org:8443")
    'https://example.org:8443'
    >>> check_cors_origin("https://example.org/path")
    Traceback (most recent call last):
    ...
    graph.errors.UserInputError: --cors takes an origin such as https://example.org (scheme, host, optional port; no path) or *
    """
    if origin is None or origin == "*" or re.fullmatch(r"https?://[A-Za-z0-9.\-]+(:\d{1,5})?|https?://\[[0-9A-Fa-f:.]+\](:\d{1,5})?", origin):
        return origin
    raise UserInputError("--cors takes an origin such as https://example.org (scheme, host, optional port; no path) or *")


def _bind(host, port):
    """A listening-ready socket bound to ``host``:``port``; a clear UserInputError when that is impossible."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)
    except socket.gaierror as exc:
        raise UserInputError(f"cannot listen on {host!r}: {exc.strerror}") from None
    family, kind, proto, _, address = infos[0]
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == 98:  # EADDRINUSE
            raise UserInputError(f"port {port} on {host} is already in use; stop the other server or "
                                 "choose another port with --port") from None
        raise UserInputError(f"cannot listen on {host} port {port}: {exc.strerror}") from None
    return sock


def allowed_hosts(given, sock):
    """The Host header values that name the listening ``sock`` (None: any, when bound to every address).

    >>> s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]
    >>> sorted(allowed_hosts("127.0.0.1", s)) == [f"127.0.0.1:{port}", f"localhost:{port}"]
    True
    >>> s.close()
    """
    address, port = sock.getsockname()[:2]
    if address in ("0.0.0.0", "::"):
        return None
    names = {given.lower().strip("[]"), address}
    if address.startswith("127.") or address == "::1":
        names.add("localhost")
    shown = {f"[{n}]" if ":" in n else n for n in names}
    return {f"{n}:{port}" for n in shown} | (shown if port == 80 else set())


def _url(sock):
    host, port = sock.getsockname()[:2]
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def serve(workspace, host="127.0.0.1", port=7878, timeout=10.0, max_rows=10000, max_body=1 << 20, cors=None,
          threads=32, memory=1024, workers=None, say=print):
    """Serve the endpoint until SIGTERM or SIGINT, then finish the requests in flight and return.

    ``workers`` query processes are started first (None: four per CPU, see
    :class:`graph.store.pool.QueryPool`). ``say`` gets one line when the
    server listens (its URLs) and one when it has stopped. Raises
    UserInputError when the address cannot be used.
    """
    from graph.store.pool import QueryPool

    check_cors_origin(cors)
    sock = _bind(host, port)  # a port in use is reported before the slow part
    try:
        store = workspace.store  # load everything before a thread exists
        page, csp = render_page(examples(workspace), max_rows, timeout)
        check_query_safety("ASK {}")  # the parser of the check imported now, before any thread or fork
        counts = _graph_counts(store)
        pool = QueryPool(store, workers=workers, memory=memory)  # forked now, before waitress starts its threads
    except BaseException:
        sock.close()
        raise
    try:
        return _serve_with(pool, store, sock, host, page, csp, counts, timeout, max_rows, max_body, cors, threads,
                           memory, say)
    finally:
        pool.close()


def _serve_with(pool, store, sock, host, page, csp, counts, timeout, max_rows, max_body, cors, threads, memory,
                say):
    from waitress.channel import HTTPChannel
    from waitress.server import create_server
    from waitress.task import ErrorTask

    base = _url(sock)
    app = Endpoint(store, base, page=page, csp=csp, counts=counts, timeout=timeout, max_rows=max_rows,
                   max_body=max_body, cors=cors, memory=memory, hosts=allowed_hosts(host, sock), pool=pool)

    class _Error(ErrorTask):
        """Waitress's own refusals (body too large, malformed HTTP) in the endpoint's words."""

        def execute(self):
            error = self.request.error
            if error.code == 413:
                body = f"the request body is too large: at most {max_body} bytes are accepted\n"
            else:
                body = f"{error.reason.lower()}: {error.body}\n"
            self.status = f"{error.code} {error.reason}"
            self.response_headers.append(("Content-Type", "text/plain; charset=utf-8"))
            self.set_close_on_finish()
            data = body.encode("utf-8")
            self.content_length = len(data)
            self.write(data)

    class _Channel(HTTPChannel):
        error_task_class = _Error
        parser_class = _parser_class()
        started = None  # when the first byte of the request being received came

        def received(self, data):
            if data and self.request is None:
                self.started = time.monotonic()
            return super().received(data)

    import logging

    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # a queue under load is expected, not news
    # waitress refuses a body of max_request_body_size bytes or more, from Content-Length, before reading it
    server = create_server(app, sockets=[sock], threads=threads, max_request_body_size=max_body + 1,
                           ident="kg serve", asyncore_use_poll=True, connection_limit=CONNECTION_LIMIT,
                           channel_timeout=IDLE_TIMEOUT, cleanup_interval=1)
    server.channel_class = _Channel
    return _run(server, base, timeout, say, host)


# connections: an idle one is closed after IDLE_TIMEOUT s (waitress's channel timeout; never while its request
# runs), a request must arrive whole within REQUEST_DEADLINE s of its first byte (a slow trickle is cut off), and
# past SOFT_LIMIT open connections the longest idle ones are closed so that new clients always get in
IDLE_TIMEOUT = 10
REQUEST_DEADLINE = 30
SOFT_LIMIT = 256
CONNECTION_LIMIT = 1000


def _parser_class():
    from waitress.parser import HTTPRequestParser, ParsingError

    class Parser(HTTPRequestParser):
        """waitress's parser, refusing a request with both Content-Length and Transfer-Encoding (RFC 9112 §6.1).

        waitress would read such a body as chunked and keep the connection
        open, so bytes the sender meant as a second, smuggled request would
        be answered. Refused as malformed, the connection is closed after the
        400.
        """

        def parse_header(self, header_plus):
            super().parse_header(header_plus)
            if self.chunked and "CONTENT_LENGTH" in self.headers:
                self.connection_close = True
                raise ParsingError("Content-Length and Transfer-Encoding together are refused (RFC 9112 6.1)")

    return Parser


def _maintain(server, now):
    """Cut off requests that trickle in, and close the longest idle connections past :data:`SOFT_LIMIT`."""
    channels = list(server.active_channels.values())
    for c in channels:
        if c.request is not None and c.started is not None and now - c.started > REQUEST_DEADLINE \
                and not c.requests:
            c.will_close = True
    idle = [c for c in channels if not c.requests and c.request is None and not c.total_outbufs_len
            and not c.will_close]
    excess = len(channels) - SOFT_LIMIT
    if excess > 0:
        idle.sort(key=lambda c: c.last_activity)
        for c in idle[:excess]:
            c.will_close = True


def _run(server, base, timeout, say, host):
    """Run waitress's loop until a signal, then drain: the graceful shutdown."""
    from waitress import wasyncore
    from waitress.channel import HTTPChannel

    received = []

    def on_signal(signum, _frame):
        received.append(signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        say(f"kg serve: SPARQL endpoint at {base}/sparql, query page at {base}/ (Ctrl-C to stop)")
        if host not in ("127.0.0.1", "localhost", "::1"):
            print(f"kg serve: note: listening on {host}: other machines can reach this endpoint "
                  "(it has no authentication)", file=sys.stderr)
        channels = server._map
        while not received:
            wasyncore.loop(timeout=0.2, map=channels, use_poll=True, count=1)
            _maintain(server, time.monotonic())
        # stop accepting: close the listening socket, keep the connections already made
        wasyncore.dispatcher.close(server)

        def busy():
            return [c for c in list(channels.values()) if isinstance(c, HTTPChannel)
                    and (c.requests or c.total_outbufs_len)]

        in_flight = len(busy())
        deadline = time.monotonic() + 2 * timeout + 5  # a request may wait for a worker, then run
        while busy() and time.monotonic() < deadline and len(received) < 2:  # a second signal: stop now
            wasyncore.loop(timeout=0.1, map=channels, use_poll=True, count=1)
        left = len(busy())
        server.task_dispatcher.shutdown(cancel_pending=True, timeout=2)
        wasyncore.close_all(channels)
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    name = signal.Signals(received[0]).name
    finished = in_flight - left
    say(f"kg serve: stopped on {name}; {finished} request(s) in flight finished"
        + (f", {left} cut off" if left else ""))
    return left == 0
