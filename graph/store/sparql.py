"""Run read-only SPARQL safely on the built dataset.

Before anything runs, :func:`check_query_safety` decides on the parsed query
(:mod:`graph.store.querycheck`): updates, ``LOAD``, ``SERVICE`` anywhere and
``FROM``/``FROM NAMED``/``GRAPH`` with IRIs outside the project are refused,
as are queries over the size and nesting limits. A query rdflib's parser
cannot read is handed to Oxigraph's parser on an empty store in a sandboxed
child: its syntax error is reported as such, and a query it accepts is
refused, because nobody could check it.

Every query then runs in a forked child process that

* cannot open a file or a socket: it keeps only its pipes, standard
  streams and the files of the on-disk store it reads (Oxigraph opens them
  all when it opens the store), every other slot below its limit of open
  descriptors is filled and the limit lowered to just above them, so
  whatever the check missed, the engine cannot reach the network or
  another file;
* is killed when its time limit passes (:class:`QueryTimeout`, exit 5, 503);
* may hold at most ``memory`` megabytes (resident, the loaded graph
  included): the parent watches its size and kills it over the limit, and an
  address-space limit stops a burst between two looks
  (:class:`QueryMemoryError`, exit 8, 503);
* is reported as what it was when it dies otherwise (:class:`QueryCrashed`,
  with the engine's last words), and killed at once when the parent is
  interrupted (Ctrl-C).

:func:`run_query` gives ``kg sparql`` plain values to format;
:func:`answer_query` gives finished bytes in the negotiated format, at most
``max_rows`` rows (a cut answer says so, see :mod:`graph.store.answers`), on
the dataset the protocol names. ``kg serve`` does not fork per query: its
:class:`graph.store.pool.QueryPool` keeps processes sandboxed the same way,
each answering query after query, and kills and replaces one past a
limit. Either way the
parent only waits: it never runs a query itself, so forking from the
server's threads cannot copy a lock that a query holds. A lock around
``pipe``/``fork`` keeps one query's pipe out of another's child, and each
child closes every descriptor it inherited but its own pipes, so no child
holds the server's sockets open. The child's answer comes back through the
pipe in :mod:`marshal` form (plain values only, nothing that runs code).

>>> query_form("PREFIX select: <x:> # CONSTRUCT\\nASK { ?s select:p 'DESCRIBE' }")
'ask'
>>> check_query_safety("SELECT * WHERE { ?s ?p 'SERVICE' }")
QueryFacts(form='select', names_dataset=False)
>>> check_query_safety("SELECT * WHERE { SERVICE <http://x/> { ?s ?p ?o } }")
Traceback (most recent call last):
...
graph.errors.QueryRefused: SERVICE <http://x/> is refused: queries may not reach other endpoints
"""

import marshal
import os
import re
import resource
import select
import signal
import threading
import time

import pyoxigraph  # noqa: F401 - imported before any fork: a sandboxed child cannot open a module file

from graph.errors import (KGError, QueryCrashed, QueryMemoryError, QueryRefused, QuerySyntaxError, QueryTimeout,
                          QueryTooComplex, UserInputError)
from graph.store import answers as _answers  # noqa: F401 - the child's serializer, imported before any fork
from graph.store import local as _local  # noqa: F401 - likewise

__all__ = ["DEFAULT_MEMORY_MB", "QueryCrashed", "QueryMemoryError", "QueryRefused", "QuerySyntaxError",
           "QueryTimeout", "QueryTooComplex", "answer_query", "check_query_safety", "query_form", "run_query"]

DEFAULT_MEMORY_MB = 1024

_TOKENS = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<string>'''.*?'''|\"\"\".*?\"\"\"|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
      | (?P<iri><[^<>"{}|^`\\\s]*>)
      | (?P<word>[A-Za-z_][A-Za-z0-9_\-]*)
      | (?P<other>\S)""",
    re.VERBOSE | re.DOTALL,
)


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
    """The kind of answer ``query`` gives, from its first query keyword: 'select', 'ask' or 'graph' (None: unknown).

    A guess for choosing answer formats before the query runs; safety is
    never decided on it (see :func:`check_query_safety`).
    """
    tokens = list(_tokens(query))
    for _, word in _keywords(tokens):
        if word in _FORMS:
            return _FORMS[word]
    return None


def check_query_safety(query):
    """The :class:`~graph.store.querycheck.QueryFacts` of a safe ``query``; else QueryRefused (exit 4).

    Also raises QueryTooComplex (over the limits) and QuerySyntaxError (a
    query neither rdflib nor Oxigraph can parse).
    """
    from graph.store.querycheck import inspect_query  # rdflib's parser: not loaded for the trusted named queries

    facts = inspect_query(query)
    if facts is not None:
        return facts
    # rdflib cannot read it: Oxigraph's parser says whether it is a syntax error, on an empty store, sandboxed
    try:
        _in_child(lambda: _probe(query), timeout=30.0, memory=None)
    except QuerySyntaxError:
        raise
    except KGError as exc:  # it parsed, then failed: SERVICE without a network, say
        raise QueryRefused("the query is refused: the safety check could not read it (rdflib's SPARQL 1.1 "
                           f"parser does not accept it, and Oxigraph's answer was: {exc})") from None
    raise QueryRefused("the query is refused: the safety check could not read it (rdflib's SPARQL 1.1 parser "
                       "does not accept it, though Oxigraph's does); write it in plain SPARQL 1.1")


def _probe(query):
    """Parse (and run) ``query`` on an empty store: in a sandboxed child, only to hear a syntax error."""
    import pyoxigraph as ox

    from graph.vocab.namespaces import PREFIXES

    result = ox.Store().query(query, prefixes=PREFIXES)
    if isinstance(result, (ox.QuerySolutions, ox.QueryTriples)):
        for _ in result:
            break
    return True


def _run(store, query, dataset=None, names_dataset=False):
    """The pyoxigraph result of ``query``; ``dataset`` is None or (default graph IRIs, named graph IRIs)."""
    import pyoxigraph as ox

    from graph.store.local import query as store_query

    if dataset is not None:  # the protocol's dataset replaces the query's FROM and FROM NAMED
        default, named = dataset
        return store_query(store, query, default_graph=[ox.NamedNode(i) for i in default],
                           named_graphs=[ox.NamedNode(i) for i in named])
    # a query naming its own dataset (FROM, FROM NAMED) gets exactly that; else the union of the graphs
    return store_query(store, query, use_default_graph_as_union=not names_dataset)


def _execute(store, query, names_dataset):
    """Run ``query``; return ("select", vars, rows) / ("ask", bool) / ("graph", triples) of plain values."""
    import pyoxigraph as ox

    result = _run(store, query, names_dataset=names_dataset)
    if isinstance(result, ox.QueryBoolean):
        return {"kind": "ask", "value": bool(result)}
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        data = result.serialize(format=ox.QueryResultsFormat.JSON)
        return {"kind": "select", "vars": variables, "json": data}
    data = ox.serialize(result, format=ox.RdfFormat.N_TRIPLES)
    return {"kind": "graph", "ntriples": data}


def _answer(store, query, formats, max_rows, dataset, link, names_dataset):
    """Run ``query`` and write its answer in ``formats[kind]`` (see :func:`answer_query`)."""
    import pyoxigraph as ox

    from graph.store.answers import serialize

    result = _run(store, query, dataset, names_dataset)
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


def run_query(store, query, timeout=30.0, memory=DEFAULT_MEMORY_MB, trusted=False):
    """Check, then run ``query`` on ``store`` within ``timeout`` seconds and ``memory`` megabytes.

    Returns a dict (see ``_execute``). Raises QueryRefused, QuerySyntaxError,
    QueryTimeout, QueryMemoryError or QueryCrashed. The query runs in a
    sandboxed forked child (see the module's docstring); where fork is
    unavailable it runs in-process without limits. ``trusted`` is for the
    project's own named queries (:mod:`graph.store.named`, whose parameters
    can only fill in an IRI or an escaped string, and which a test checks
    one by one): they skip the parse, which costs the import of rdflib
    (about 0.13 s), and still run sandboxed.
    """
    if trusted:
        names = any(w == "FROM" for _, w in _keywords(list(_tokens(query))))
        return _in_child(lambda: _execute(store, query, names), timeout, memory)
    facts = check_query_safety(query)
    return _in_child(lambda: _execute(store, query, facts.names_dataset), timeout, memory)


def answer_query(store, query, formats, timeout=10.0, max_rows=10000, dataset=None, link=None,
                 memory=DEFAULT_MEMORY_MB):
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
    facts = check_query_safety(query)
    return _in_child(lambda: _answer(store, query, formats, max_rows, dataset, link, facts.names_dataset),
                     timeout, memory)


_FORK_LOCK = threading.Lock()
def _die_with_parent():
    """Ask Linux to kill this process when its parent dies (nothing elsewhere)."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _store_descriptors():
    """The open descriptors of on-disk stores' files (:func:`graph.store.local.opened_files`, told by device
    and inode): Oxigraph opens every file of a store when it opens the store, and reads them for the query."""
    from graph.store.local import opened_files

    files = opened_files()
    if not files:
        return set()
    kept = set()
    for name in os.listdir("/proc/self/fd"):
        try:
            st = os.fstat(int(name))
        except (OSError, ValueError):
            continue
        if (st.st_dev, st.st_ino) in files:
            kept.add(int(name))
    return kept


def _sandbox(fds, err_fd, address_space, quiet=False):
    """In a child: keep only the standard streams, ``fds`` and the files of the on-disk stores it reads, each
    at its number, and open nothing ever again.

    Every slot below the lowered limit of open descriptors is taken (free
    ones by a copy of standard input), so no new descriptor can be had.
    ``quiet`` points standard input and output at /dev/null (a long-lived
    query process never holds the server's terminal or pipes open).
    """
    if quiet:
        null = os.open(os.devnull, os.O_RDWR)
        os.dup2(null, 0)
        os.dup2(null, 1)
        os.close(null)
    os.dup2(err_fd, 2)
    keep = {0, 1, 2, *fds} | _store_descriptors()
    top = max(keep) + 1
    for fd in range(3, top):
        if fd not in keep:
            os.dup2(0, fd)
    os.closerange(top, max(1 << 16, os.sysconf("SC_OPEN_MAX")))  # the server's sockets, other pipes
    # no new descriptor at all: no socket (SERVICE), no file (FROM <file:...>), whatever the check missed
    resource.setrlimit(resource.RLIMIT_NOFILE, (top, top))
    if address_space:
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))


def _outcome(work):
    """``work()``'s value or failure as plain values for the pipe: ("ok", value), ("syntax", message)..."""
    try:
        return ("ok", work())
    except SyntaxError as exc:
        return ("syntax", _syntax_message(exc))
    except MemoryError:
        return ("memory", "")
    except Exception as exc:  # reported to the parent as a query error
        return ("error", str(exc))


def _child(work, write_fd, err_fd, address_space):
    """In the forked child: sandbox, run ``work``, send its outcome down the answer pipe, exit."""
    try:
        _die_with_parent()
        _sandbox([write_fd], err_fd, address_space)
        data = marshal.dumps(_outcome(work))
        with os.fdopen(write_fd, "wb") as out:
            out.write(data)
    finally:
        os._exit(0)


def _pages(path):
    with open(path, "rb") as fh:
        return fh.read().split()


def _address_space(memory):
    """The child's address-space limit: the parent's size now plus ``memory`` megabytes (None: unlimited)."""
    if not memory:
        return None
    try:
        size = int(_pages("/proc/self/statm")[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None
    return size + (memory << 20)


def _resident(pid):
    """Resident bytes of process ``pid`` (0 when unknown)."""
    try:
        return int(_pages(f"/proc/{pid}/statm")[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _in_child(work, timeout, memory=DEFAULT_MEMORY_MB):
    """The value of ``work()`` computed in a sandboxed forked child, killed past ``timeout`` s or ``memory`` MB."""
    if not hasattr(os, "fork"):
        return _run_inline(work)
    address_space = _address_space(memory)
    # Ctrl-C is held back from the fork until the try below, which kills the child on the way out: a
    # KeyboardInterrupt in between would leave the child running, holding the caller's stdout open.
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    with _FORK_LOCK:
        read_fd, write_fd = os.pipe()
        err_read, err_write = os.pipe()
        pid = os.fork()
        if pid == 0:  # child
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
            _child(work, write_fd, err_write, address_space)
        os.close(write_fd)
        os.close(err_write)
    chunks, last_words, reaped, over = [], [], False, False
    deadline = time.monotonic() + timeout
    try:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)  # a Ctrl-C pressed since the fork arrives here
        poller = select.poll()
        poller.register(read_fd, select.POLLIN | select.POLLHUP)
        poller.register(err_read, select.POLLIN | select.POLLHUP)
        open_fds = {read_fd, err_read}
        while read_fd in open_fds:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s; no result is given")
            if memory and _resident(pid) > memory << 20:
                over = True
                break
            for fd, _ in poller.poll(min(50, max(1, int(left * 1000)))):
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    poller.unregister(fd)
                    open_fds.discard(fd)
                elif fd == read_fd:
                    chunks.append(chunk)
                elif sum(map(len, last_words)) < 1 << 16:
                    last_words.append(chunk)
        if over:
            raise QueryMemoryError(_memory_message(memory))
        _, status = os.waitpid(pid, 0)
        reaped = True
    finally:
        if not reaped:  # time limit, memory limit, Ctrl-C or any other way out: the child goes at once
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(pid, 0)
        os.close(read_fd)
        os.close(err_read)
    if not chunks:
        _raise_death(status, b"".join(last_words).decode("utf-8", "replace"), memory)
    return _decode(marshal.loads(b"".join(chunks)), memory)


def _decode(payload, memory):
    """The value of an :func:`_outcome`, or the error it stands for raised."""
    status, value = payload
    if status == "syntax":
        raise QuerySyntaxError(value)
    if status == "memory":
        raise QueryMemoryError(_memory_message(memory))
    if status == "error":
        raise UserInputError(f"query failed: {value}")
    return value


def _memory_message(memory):
    return (f"query stopped at its memory limit of {memory:,} MB; no result is given (narrow the query, or "
            "raise the limit with --memory)")


def _raise_death(status, said, memory):
    """Raise what a child that sent no answer died of: memory, an engine stack overflow, or a crash."""
    if "memory allocation of" in said or "MemoryError" in said:
        raise QueryMemoryError(_memory_message(memory))
    if "overflowed its stack" in said:
        raise QueryTooComplex("the query is too deeply nested for the engine: its process ran out of stack")
    if os.WIFSIGNALED(status):
        how = f"was killed by {signal.Signals(os.WTERMSIG(status)).name}"
    else:
        how = f"exited with status {os.WEXITSTATUS(status)}"
    last = said.strip().splitlines()[-1][:300] if said.strip() else "it said nothing"
    raise QueryCrashed(f"the query process {how} without an answer ({last})")


def _run_inline(work):
    try:
        return work()
    except SyntaxError as exc:
        raise QuerySyntaxError(_syntax_message(exc)) from None
