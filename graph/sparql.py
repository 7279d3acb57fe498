"""Run read-only SPARQL safely on the built dataset.

Before anything runs, :func:`check_query_safety` refuses updates, ``SERVICE``,
``LOAD`` and ``FROM``/``FROM NAMED`` with IRIs outside the project; it reads
the query's tokens with strings, IRIs and comments set aside, so a keyword
inside a literal is not mistaken for one. The query then runs in a forked
child process that is killed when the time limit passes, so a runaway query
ends and says so.

>>> check_query_safety("SELECT * WHERE { ?s ?p 'SERVICE' }")
>>> check_query_safety("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.sparql.QueryRefused: SERVICE is refused: queries may not reach other endpoints
"""

import os
import pickle
import re
import select
import signal
import time

from .errors import KGError, UserInputError
from .namespaces import BASE, PREFIXES

__all__ = ["QueryRefused", "QuerySyntaxError", "QueryTimeout", "check_query_safety", "run_query"]


class QuerySyntaxError(UserInputError):
    """The query does not parse; the message gives line and column."""

    exit_code = 3


class QueryRefused(UserInputError):
    """The query asks for something unsafe (update, SERVICE, LOAD, outside FROM)."""

    exit_code = 4


class QueryTimeout(KGError):
    """The query ran past its time limit and was stopped."""

    exit_code = 5


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


def check_query_safety(query):
    """Raise QueryRefused when ``query`` would update, fetch or read outside data."""
    tokens = list(_tokens(query))
    words = [(i, v.upper()) for i, (k, v) in enumerate(tokens) if k == "word"]
    for i, word in words:
        prev = tokens[i - 1][1] if i else ""
        if prev in (":", "?", "$") or (i + 1 < len(tokens) and tokens[i + 1][1] == ":"):
            continue  # part of a prefixed name or a variable
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


def _execute(store, query):
    """Run ``query``; return ("select", vars, rows) / ("ask", bool) / ("graph", triples) of plain values."""
    import pyoxigraph as ox

    from .store import query as store_query

    # a query naming its own dataset (FROM, FROM NAMED) gets exactly that; else the union of the graphs
    names_dataset = any(k == "word" and v.upper() == "FROM" for k, v in _tokens(query))
    result = store_query(store, query, use_default_graph_as_union=not names_dataset)
    if isinstance(result, ox.QueryBoolean):
        return {"kind": "ask", "value": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return {"kind": "select", "vars": variables, "json": data}
    data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
    return {"kind": "graph", "ntriples": data}


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
    if not hasattr(os, "fork"):
        return _run_inline(store, query)
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_fd)
        try:
            try:
                payload = ("ok", _execute(store, query))
            except SyntaxError as exc:
                payload = ("syntax", _syntax_message(exc))
            except Exception as exc:  # reported to the parent as a query error
                payload = ("error", str(exc))
            data = pickle.dumps(payload)
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks, deadline = [], time.monotonic() + timeout
    try:
        with os.fdopen(read_fd, "rb") as pipe:
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    os.kill(pid, signal.SIGKILL)
                    raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s; no result is given")
                ready, _, _ = select.select([pipe], [], [], left)
                if not ready:
                    continue
                chunk = os.read(pipe.fileno(), 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
    finally:
        os.waitpid(pid, 0)
    if not chunks:
        raise KGError("the query process ended without an answer")
    status, value = pickle.loads(b"".join(chunks))
    if status == "syntax":
        raise QuerySyntaxError(value)
    if status == "error":
        raise UserInputError(f"query failed: {value}")
    return value


def _run_inline(store, query):
    try:
        return _execute(store, query)
    except SyntaxError as exc:
        raise QuerySyntaxError(_syntax_message(exc)) from None
