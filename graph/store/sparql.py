"""Run read-only SPARQL safely on the built dataset.

Before anything runs, :func:`check_query_safety` refuses updates, ``SERVICE``,
``LOAD`` and ``FROM``/``FROM NAMED`` with IRIs outside the project; it reads
the query's tokens with strings, IRIs and comments set aside, so a keyword
inside a literal is not mistaken for one. The query then runs in a forked
child process that is killed when the time limit passes, so a runaway query
ends and says so.

:func:`run_query` gives ``kg sparql`` plain values to format;
:func:`answer_query` gives the HTTP endpoint finished bytes in the
negotiated format, at most ``max_rows`` rows (a cut answer says so, see
:mod:`graph.store.answers`), on the dataset the protocol names. Either way the
parent only waits: it never runs a query itself, so forking from the
server's threads cannot copy a lock that a query holds. A lock around
``pipe``/``fork`` keeps one query's pipe out of another's child, and each
child closes every descriptor it inherited but its own pipe, so no child
holds the server's sockets open.

>>> query_form("PREFIX select: <x:> # CONSTRUCT\\nASK { ?s select:p 'DESCRIBE' }")
'ask'
>>> check_query_safety("SELECT * WHERE { ?s ?p 'SERVICE' }")
>>> check_query_safety("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.errors.QueryRefused: SERVICE is refused: queries may not reach other endpoints
"""

import os
import pickle
import re
import select
import signal
import threading
import time

from graph.errors import KGError, QueryRefused, QuerySyntaxError, QueryTimeout, UserInputError
from graph.vocab.namespaces import BASE, PREFIXES

__all__ = ["answer_query", "check_query_safety", "query_form", "run_query"]


_TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
      | (?P<other>\S)""",
    re.VERBOSE | re.DOTALL,
)
_UPDATES = {"INSERT", "DELETE", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY"}


def _tokens(query):
    for m in _TOKENS.finditer(query):
        kind = m.lastgroup
        if kind in ("comment", "string"):
            continue
        yield kind, m.group(kind)


def _keywords(tokens):
    """``(index, WORD)`` for each bare word of ``tokens`` that is not part of a prefixed name or a variable."""
    for i, (kind, value) in enumerate(tokens):
        if kind != "word":
            continue
        prev = tokens[i - 1][1] if i else ""
        if prev in (":", "?", "$") or (i + 1 < len(tokens) and tokens[i + 1][1] == ":"):
            continue
        yield i, value.upper()


_FORMS = {"SELECT": "select", "ASK": "ask", "CONSTRUCT": "graph", "DESCRIBE": "graph"}


def query_form(query):
    """The kind of answer ``query`` gives, from its first query keyword: 'select', 'ask' or 'graph' (None: unknown)."""
    tokens = list(_tokens(query))
    for _, word in _keywords(tokens):
        if word in _FORMS:
            return _FORMS[word]
    return None


def check_query_safety(query):
    """Raise QueryRefused when ``query`` would update, fetch or read outside data."""
    tokens = list(_tokens(query))
    for i, word in _keywords(tokens):
        if word == "SERVICE":
            raise QueryRefused("SERVICE is refused: queries may not reach other endpoints")
        if word == "LOAD":
            raise QueryRefused("LOAD is refused: the graph is read-only and loads nothing from outside")
        if word in _UPDATES:
            raise QueryRefused(f"{word} is refused: updates are not allowed, the graph is read-only")
        if word == "FROM":
            j = i + 1
            if j < len(tokens) and tokens[j][0] == "word" and tokens[j][1].upper() == "NAMED":
                j += 1
            target = tokens[j][1] if j < len(tokens) else ""
            iri = target[1:-1] if target.startswith("<") else _expand(target, query)
            if not iri.startswith(BASE):
                raise QueryRefused(f"FROM {target} is refused: queries may not read graphs from outside the project")


def _expand(pname, query):
    prefix, _, local = pname.partition(":")
    declared = dict(re.findall(r"PREFIX\s+([A-Za-z0-9_\-]*):\s*<([^>]*)>", query, re.IGNORECASE))
    base = declared.get(prefix, PREFIXES.get(prefix, ""))
    return base + local


def _run(store, query, dataset=None):
    """The pyoxigraph result of ``query``; ``dataset`` is None or (default graph IRIs, named graph IRIs)."""
    import pyoxigraph as ox

    from graph.store.local import query as store_query

    if dataset is not None:  # the protocol's dataset replaces the query's FROM and FROM NAMED
        default, named = dataset
        return store_query(store, query, default_graph=[ox.NamedNode(i) for i in default],
                           named_graphs=[ox.NamedNode(i) for i in named])
    # a query naming its own dataset (FROM, FROM NAMED) gets exactly that; else the union of the graphs
    names_dataset = any(w == "FROM" for _, w in _keywords(list(_tokens(query))))
    return store_query(store, query, use_default_graph_as_union=not names_dataset)


def _execute(store, query):
    """Run ``query``; return ("select", vars, rows) / ("ask", bool) / ("graph", triples) of plain values."""
    import pyoxigraph as ox

    result = _run(store, query)
    if isinstance(result, ox.QueryBoolean):
        return {"kind": "ask", "value": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return {"kind": "select", "vars": variables, "json": data}
    data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
    return {"kind": "graph", "ntriples": data}


def _answer(store, query, formats, max_rows, dataset, link):
    """Run ``query`` and write its answer in ``formats[kind]`` (see :func:`answer_query`)."""
    import pyoxigraph as ox

    from graph.store.answers import serialize

    result = _run(store, query, dataset)
    kind = ("ask" if isinstance(result, ox.QueryBoolean)
            else "select" if isinstance(result, ox.QuerySolutions) else "graph")
    fmt = formats.get(kind)
    if fmt is None:
        return {"kind": kind, "format": None}
    body, count, truncated = serialize(result, fmt, max_rows=max_rows, link=link)
    return {"kind": kind, "format": fmt, "body": body, "count": count, "truncated": truncated}


def _syntax_message(exc):
    text = str(exc)
    m = re.search(r"error at (\d+):(\d+): (.*)", text, re.DOTALL)
    if m:
        return f"SPARQL syntax error at line {m.group(1)}, column {m.group(2)}: {m.group(3).strip()}"
    return f"SPARQL syntax error: {text}"


def run_query(store, query, timeout=30.0):
    """Check, then run ``query`` on ``store`` within ``timeout`` seconds.

    Returns a dict (see ``_execute``). Raises QueryRefused, QuerySyntaxError or
    QueryTimeout. The query runs in a forked child so that a runaway query can
    be stopped; where fork is unavailable it runs in-process without a limit.
    """
    check_query_safety(query)
    return _in_child(lambda: _execute(store, query), timeout)


def answer_query(store, query, formats, timeout=10.0, max_rows=10000, dataset=None, link=None):
    """Check, then run ``query`` and return its answer serialized, for the HTTP endpoint.

    ``formats`` maps each kind of answer ('select', 'ask', 'graph') to a
    format key of :mod:`graph.store.answers` or None (not acceptable to the
    client). ``dataset`` is None or ``(default graph IRIs, named graph
    IRIs)`` from the protocol; ``link`` an IRI that explains the row cap.
    Returns ``{"kind", "format", "body", "count", "truncated"}``, with
    ``format`` None (and no body) when the client accepts no format for the
    kind of answer. Raises as :func:`run_query` does; nothing of a
    partial answer is ever returned.
    """
    check_query_safety(query)
    return _in_child(lambda: _answer(store, query, formats, max_rows, dataset, link), timeout)


_FORK_LOCK = threading.Lock()


def _child(work, write_fd):
    """In the forked child: run ``work``, send its pickled outcome down ``write_fd``, exit."""
    try:
        os.closerange(3, write_fd)  # the server's sockets and other queries' pipes
        os.closerange(write_fd + 1, max(1 << 16, os.sysconf("SC_OPEN_MAX")))
        try:
            payload = ("ok", work())
        except SyntaxError as exc:
            payload = ("syntax", _syntax_message(exc))
        except Exception as exc:  # reported to the parent as a query error
            payload = ("error", str(exc))
        data = pickle.dumps(payload)
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


def _in_child(work, timeout):
    """The value of ``work()`` computed in a forked child killed after ``timeout`` seconds."""
    if not hasattr(os, "fork"):
        return _run_inline(work)
    with _FORK_LOCK:
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            _child(work, write_fd)
        os.close(write_fd)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        poller = select.poll()
        poller.register(read_fd, select.POLLIN | select.POLLHUP)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                os.kill(pid, signal.SIGKILL)
                raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s; no result is given")
            if not poller.poll(max(1, int(left * 1000))):
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        os.waitpid(pid, 0)
    if not chunks:
        raise KGError("the query process ended without an answer")
    status, value = pickle.loads(b"".join(chunks))
    if status == "syntax":
        raise QuerySyntaxError(value)
    if status == "error":
        raise UserInputError(f"query failed: {value}")
    return value


def _run_inline(work):
    try:
        return work()
    except SyntaxError as exc:
        raise QuerySyntaxError(_syntax_message(exc)) from None
