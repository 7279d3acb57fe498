"""A pool of pre-started, sandboxed query processes: what ``kg serve`` answers SPARQL with.

:func:`graph.store.sparql.answer_query` forks a child for every query, which
costs the endpoint about 10 ms a request (more under load). A
:class:`QueryPool` forks its workers once, when the server starts, and each
then answers query after query over its pipes:

* every worker is sandboxed as the per-query child is (see
  :mod:`graph.store.sparql`): standard input and output point at /dev/null,
  it keeps only its two pipes, the pipe of its last words and the files of
  an on-disk store it reads, and every descriptor slot below its lowered
  limit is taken, so it can never open a file or a socket; its address space is limited to the server's size at
  start plus the memory limit;
* a query is sent to an idle worker as plain values (:mod:`marshal`, which
  runs no code), and the worker sends back the whole answer already
  serialized, or the failure, so a query stopped by a limit is answered 503
  before any byte of it was sent;
* while the worker runs, the thread that sent the query watches the clock and
  the worker's resident size: past the time limit or the memory limit the
  worker is killed (SIGKILL) and a fresh one is forked in its place
  (:class:`~graph.errors.QueryTimeout`, :class:`~graph.errors.QueryMemoryError`);
  so is a worker that died (:class:`~graph.errors.QueryCrashed`, with its last
  words), and one whose size has grown past half of its headroom after an
  answer;
* a request that finds every worker busy waits for one, at most the query
  time limit (then :class:`~graph.errors.QueryTimeout`, "busy"), so a slow
  query holds one worker, never the others; the waiting requests are served
  by their arrival plus :data:`PATIENCE` times the time their query took
  the last time it ran (at most :data:`MOST_DEFERRED` s later), so a query
  known to be quick is not stuck behind slow ones, and a slow one is put
  off by a bounded time, never for good;
* workers ignore SIGINT and SIGTERM (a Ctrl-C reaches the whole process
  group; the server drains its requests in flight first), die with the
  server (``PR_SET_PDEATHSIG``), and end when :meth:`QueryPool.close` closes
  their pipes.

Every worker is forked by the pool's own thread, which lives as long as
the pool (Linux sends the parent-death signal when the forking *thread*
ends, and a request thread may end first); the first ones before the
server starts its request threads. The modules a worker runs are imported
before any fork, and the forks are serialized with the per-query ones of
:mod:`graph.store.sparql` by the same lock.

Oxigraph's Python API (pyoxigraph 0.5) has no way to stop a running query (no
timeout, no cancellation token; the Rust API and Oxigraph's own server have
a timeout), so a worker past its limit can only be killed.

>>> from graph.workspace import Workspace
>>> with QueryPool(Workspace().store, workers=1) as pool:
...     pool.answer("ASK { ?s a kg:Lab }", {"ask": "json"})["body"]
b'{"head": {}, "boolean": true}'
"""

import gc
import heapq
import itertools
import marshal
import os
import queue
import select
import signal
import struct
import threading
import time

from graph.errors import QueryMemoryError, QueryTimeout
from graph.store import sparql as _sparql

__all__ = ["QueryPool", "default_workers"]

_HEADER = struct.Struct(">I")  # every message on a pipe: its length, then its marshal bytes
_LAST_WORDS = 1 << 16
PATIENCE = 10  # a waiting request's turn: its arrival + PATIENCE x the time its query took last ...
MOST_DEFERRED = 1.0  # ... but never more than this many seconds later than its arrival
COSTS_KEPT = 1024  # query texts whose last time is remembered
WORKERS_PER_CPU = 4  # see default_workers


def default_workers(memory=None):
    """:data:`WORKERS_PER_CPU` times the number of CPUs this process may run on, but no more processes than
    fit in the machine's memory at ``memory`` megabytes each (at least one).

    More processes than CPUs, so that a quick query need not wait for a
    slow one to finish: the system shares the CPUs among the queries in
    flight. On 2 CPUs, 32 clients sending the named-query mix waited a
    median 119 ms for an answer from 2 processes, 63 ms from 4 and 31 ms
    from 8, which also answered 1.7 times as many queries (``bench.endpoint``,
    alternating rounds, 2026-12-06). An idle process costs a few MiB: it
    shares the loaded graph with the server until it writes to it. Each
    may grow to its memory limit, so as many as run at once must fit in
    memory at that size.
    """
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    workers = WORKERS_PER_CPU * max(1, cpus)
    if memory:
        try:
            total_mb = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") >> 20
        except (AttributeError, OSError, ValueError):
            return workers
        workers = min(workers, total_mb // memory)
    return max(1, workers)


def _read_exactly(fd, size):
    """``size`` bytes from ``fd``, or None at the end of the pipe."""
    parts, left = [], size
    while left:
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            return None
        parts.append(chunk)
        left -= len(chunk)
    return b"".join(parts)


def _write_all(fd, data):
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _send(fd, value):
    data = marshal.dumps(value)
    _write_all(fd, _HEADER.pack(len(data)) + data)


_WORK = {
    "answer": lambda store, args: _sparql._answer(store, *args),
    "execute": lambda store, args: _sparql._execute(store, *args),
}


def _serve_queries(store, request_fd, answer_fd):
    """The worker's loop: read a request, answer it, until the server closes the request pipe."""
    while True:
        header = _read_exactly(request_fd, _HEADER.size)
        if header is None:
            return
        data = _read_exactly(request_fd, _HEADER.unpack(header)[0])
        if data is None:
            return
        kind, args = marshal.loads(data)
        _send(answer_fd, _sparql._outcome(lambda: _WORK[kind](store, args)))


def _worker(store, request_fd, answer_fd, err_fd, address_space):
    """In the forked worker: stay through signals meant for the server, sandbox, serve, exit."""
    try:
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_SETMASK, set())
        _sparql._die_with_parent()
        _sparql._sandbox([answer_fd, request_fd], err_fd, address_space, quiet=True)
        _serve_queries(store, request_fd, answer_fd)
    finally:
        os._exit(0)


class _Worker:
    """The server's side of one worker process: its pid, its pipes, its size at start."""

    def __init__(self, pid, request_fd, answer_fd, err_fd):
        self.pid, self.request_fd, self.answer_fd, self.err_fd = pid, request_fd, answer_fd, err_fd
        self.last_words = bytearray()
        self.start_size = _sparql._resident(pid)
        self.served = 0

    status = None  # the wait status, once reaped

    def ended(self):
        """True once the process has ended and was reaped (never blocks)."""
        if self.status is None:
            try:
                pid, status = os.waitpid(self.pid, os.WNOHANG)
            except ChildProcessError:
                pid, status = self.pid, 0
            if pid:
                self.status = status
        return self.status is not None

    def close(self):
        """Kill the process (if it still runs), reap it, close the pipes; its wait status."""
        if self.status is None:  # never signal a reaped pid: the number may belong to another process by now
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.status = os.waitpid(self.pid, 0)[1]
            except ChildProcessError:
                self.status = 0
        for fd in (self.request_fd, self.answer_fd, self.err_fd):
            try:
                os.close(fd)
            except OSError:
                pass
        self.request_fd = self.answer_fd = self.err_fd = -1
        return self.status


class QueryPool:
    """``workers`` sandboxed processes holding ``store``, answering one query each at a time.

    ``memory`` is the limit of each worker's resident size in megabytes (the
    loaded graph included), as for :func:`graph.store.sparql.answer_query`.
    Use as a context manager, or call :meth:`close`.
    """

    def __init__(self, store, workers=None, memory=_sparql.DEFAULT_MEMORY_MB):
        self.store, self.memory = store, memory
        self.size = workers or default_workers(memory)
        self._address_space = _sparql._address_space(memory)
        self._ready = threading.Condition()
        self._idle, self._count, self._closed = [], 0, False
        self._started, self._all = 0, {}
        self._queue, self._tickets = [], itertools.count()  # requests waiting for a worker: a heap of turns
        self._costs = {}  # query text -> seconds it took last (the most recent COSTS_KEPT)
        self._forks = queue.SimpleQueue()
        threading.Thread(target=self._forking, name="kg query pool forks", daemon=True).start()
        try:
            for _ in range(self.size):
                self._idle.append(self._fork())
                self._count += 1
        except BaseException:
            self.close()
            raise

    # -- the public side ------------------------------------------------------------

    def answer(self, query, formats, timeout=10.0, max_rows=10000, dataset=None, link=None):
        """Check ``query``, then answer it in a worker: as :func:`graph.store.sparql.answer_query`."""
        facts = _sparql.check_query_safety(query)
        dataset = None if dataset is None else (list(dataset[0]), list(dataset[1]))
        return self._run("answer", (query, formats, max_rows, dataset, link, facts.names_dataset), timeout)

    def run(self, query, timeout=30.0):
        """Check ``query``, then run it in a worker: plain values as :func:`graph.store.sparql.run_query`."""
        facts = _sparql.check_query_safety(query)
        return self._run("execute", (query, facts.names_dataset), timeout)

    def pids(self):
        """The process ids of the workers now running (busy or idle)."""
        with self._ready:
            return sorted(self._all)

    @property
    def started(self):
        """How many worker processes were forked so far, replacements included."""
        return self._started

    def close(self, grace=2.0):
        """End every worker: close its request pipe (it exits), kill what is left after ``grace`` s."""
        with self._ready:
            self._closed = True
            idle, self._idle = self._idle, []
            self._ready.notify_all()
        for w in idle:
            os.close(w.request_fd)
            w.request_fd = -1
        deadline = time.monotonic() + grace
        for w in idle:
            while not w.ended() and time.monotonic() < deadline:
                time.sleep(0.01)
            w.close()
        # a busy worker dies with the forking thread, and the request waiting on it gets QueryTimeout
        self._forks.put(None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- workers ----------------------------------------------------------------------

    def _fork(self):
        """A new worker (the caller counts it), forked by the pool's own thread.

        Linux sends a worker its parent-death signal when the *thread* that
        forked it ends, so no worker is forked by a request thread, which may
        end before the server does: the pool's forking thread lives as long
        as the pool.
        """
        job = {"done": threading.Event()}
        self._forks.put(job)
        job["done"].wait()
        if "error" in job:
            raise job["error"]
        return job["worker"]

    def _forking(self):
        """The pool's forking thread: fork a worker for each job until None comes."""
        while True:
            job = self._forks.get()
            if job is None:
                return
            try:
                job["worker"] = self._fork_here()
            except BaseException as exc:  # handed to the thread that asked
                job["error"] = exc
            job["done"].set()

    def _fork_here(self):
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            with _sparql._FORK_LOCK:
                request_read, request_write = os.pipe()
                answer_read, answer_write = os.pipe()
                err_read, err_write = os.pipe()
                # the objects there are now stay out of the worker's garbage collections: a collection
                # writes to every object it visits, which would copy the server's pages into each worker
                gc.freeze()
                pid = os.fork()
                if pid == 0:
                    _worker(self.store, request_read, answer_write, err_write, self._address_space)
                gc.unfreeze()  # in the server they are collected as before
                for fd in (request_read, answer_write, err_write):
                    os.close(fd)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)
        worker = _Worker(pid, request_write, answer_read, err_read)
        with self._ready:
            self._started += 1
            self._all[pid] = worker
        return worker

    def _take(self, deadline, timeout, cost=0.0):
        """An idle worker (forking one if a place is free); QueryTimeout when none is free by ``deadline``.

        Waiting requests are served in the order of their arrival plus
        :data:`PATIENCE` times the time their query took last (``cost``, at
        most :data:`MOST_DEFERRED` s later): a query known to be quick goes
        before slow ones that came a little earlier, and a slow one is put
        off by a bounded time, never for good.
        """
        now = time.monotonic()
        turn = (now + min(PATIENCE * cost, MOST_DEFERRED), next(self._tickets))
        with self._ready:
            heapq.heappush(self._queue, turn)
            try:
                while True:
                    if self._closed:
                        raise QueryTimeout("the server is stopping; the query was not run")
                    if self._queue[0] == turn and (self._idle or self._count < self.size):
                        heapq.heappop(self._queue)
                        if self._idle:
                            worker = self._idle.pop(0)  # in turn: a worker that died while idle is found soon
                        else:
                            worker = None
                            self._count += 1
                        if self._queue and (self._idle or self._count < self.size):
                            self._ready.notify_all()  # the next in line can have one too
                        break
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise QueryTimeout(f"the server is busy: no query process was free within {timeout:g} s; "
                                           "try again later")
                    self._ready.wait(left)
            except BaseException:
                if turn in self._queue:
                    self._queue.remove(turn)
                    heapq.heapify(self._queue)
                    self._ready.notify_all()
                raise
        if worker is not None:
            return worker
        try:
            return self._fork()
        except BaseException:
            with self._ready:
                self._count -= 1
                self._ready.notify_all()
            raise

    def _give_back(self, worker):
        with self._ready:
            if self._closed:
                closing = True
            else:
                closing = False
                self._idle.append(worker)
                self._ready.notify_all()
        if closing:
            self._retire(worker)

    def _retire(self, worker):
        """Kill ``worker`` and free its place (a new one is forked when the place is next needed)."""
        status = worker.close()
        with self._ready:
            self._all.pop(worker.pid, None)
            self._count -= 1
            self._ready.notify_all()
        return status

    def _replace(self, worker):
        """Kill ``worker`` and fork its successor now, so that the pool stays full; the dead one's status."""
        status = self._retire(worker)
        with self._ready:
            if self._closed or self._count >= self.size:
                return status
            self._count += 1
        try:
            fresh = self._fork()
        except OSError:  # no process to be had now: the place is filled when next needed
            with self._ready:
                self._count -= 1
            return status
        self._give_back(fresh)
        return status

    # -- one query -------------------------------------------------------------------------

    def _run(self, kind, args, timeout):
        """The value of ``_WORK[kind](store, args)`` from a worker, within ``timeout`` s and the memory limit."""
        query = args[0] if args else None  # the query text: what its cost is remembered by
        deadline = time.monotonic() + timeout
        for attempt in (1, 2):
            worker = self._take(deadline, timeout, self._costs.get(query, 0.0))
            try:
                _send(worker.request_fd, (kind, args))
                break
            except OSError:  # it died while idle: the request goes to a fresh one
                self._replace(worker)
                if attempt == 2:
                    raise
        payload, status, started = None, 0, time.monotonic()
        try:
            payload = self._wait(worker, timeout)
        finally:
            self._note_cost(query, time.monotonic() - started)
            # a worker over a limit, dead, grown too big or interrupted is replaced; else it waits for the next
            if payload is not None and payload[0] != "memory" and self._healthy(worker):
                self._give_back(worker)
            else:
                status = self._replace(worker)
        if payload is None and self._closed:  # its forking thread ended with the pool: the server is stopping
            raise QueryTimeout("the server stopped before the query finished; no result is given")
        if payload is None:
            _sparql._raise_death(status, bytes(worker.last_words).decode("utf-8", "replace"), self.memory)
        return _sparql._decode(payload, self.memory)

    def _wait(self, worker, timeout):
        """The worker's outcome (see :func:`graph.store.sparql._outcome`); None when it died without one.

        Raises QueryTimeout or QueryMemoryError past a limit (the caller then replaces the worker).
        """
        deadline = time.monotonic() + timeout
        poller = select.poll()
        poller.register(worker.answer_fd, select.POLLIN | select.POLLHUP)
        poller.register(worker.err_fd, select.POLLIN | select.POLLHUP)
        received, need, body = bytearray(), _HEADER.size, False
        limit = self.memory << 20 if self.memory else None
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(f"query stopped after its time limit of {timeout:g} s; no result is given")
            if limit and _sparql._resident(worker.pid) > limit:
                raise QueryMemoryError(_sparql._memory_message(self.memory))
            for fd, _ in poller.poll(min(50, max(1, int(left * 1000)))):
                chunk = os.read(fd, 1 << 20)
                if fd == worker.err_fd:
                    if not chunk:
                        poller.unregister(fd)
                    worker.last_words = (worker.last_words + chunk)[-_LAST_WORDS:]
                    continue
                if not chunk:
                    return None
                received += chunk
                if not body and len(received) >= need:
                    need += _HEADER.unpack(bytes(received[:_HEADER.size]))[0]
                    body = True
                if body and len(received) >= need:
                    worker.served += 1
                    return marshal.loads(bytes(received[_HEADER.size:need]))

    def _note_cost(self, query, seconds):
        with self._ready:
            costs = self._costs
            costs.pop(query, None)
            costs[query] = seconds
            if len(costs) > COSTS_KEPT:
                del costs[next(iter(costs))]

    def _healthy(self, worker):
        """False once a worker's size has grown past half of its headroom (it is then replaced)."""
        if not self.memory:
            return True
        grown = _sparql._resident(worker.pid) - worker.start_size
        return grown < ((self.memory << 20) - worker.start_size) / 2
