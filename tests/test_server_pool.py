"""kg serve's query processes: started once, reused for every query, replaced when one is stopped.

Real ``kg serve`` processes on 127.0.0.1 on the real graph (see
:mod:`test_server`); the worker processes are read from /proc as the
server's children. Nothing here asserts on time: a slow query is one that
runs until its time limit stops it.
"""

import json
import os
import signal
import threading
from pathlib import Path
from urllib.parse import urlencode

import pytest
from test_server import LABELS, RUNAWAY, KgServer, call, get, post_direct, post_form, stopped_cleanly

from graph.errors import QueryCrashed, QueryMemoryError, QueryTimeout
from graph.store.pool import QueryPool, default_workers

CROSS = "SELECT * { ?a ?b ?c . ?d ?e ?f } ORDER BY ?a ?f"  # many GB to sort, unbounded


def children(pid):
    """The pids of the live processes whose parent is ``pid``."""
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found.update(int(c) for c in (task / "children").read_text().split())
        except OSError:
            pass
    return {c for c in found if _alive(c)}


def _alive(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def n_rows(r):
    return len(json.loads(r.body)["results"]["bindings"])


def test_the_workers_are_started_with_the_server_and_answer_every_query_without_a_new_process():
    with KgServer("--workers", "2") as s:
        workers = children(s.proc.pid)
        assert len(workers) == 2
        seen, stop = set(), threading.Event()

        def watch():  # a process forked for a query would live for the query: long enough to be seen here
            while not stop.is_set():
                seen.update(children(s.proc.pid))

        watcher = threading.Thread(target=watch)
        watcher.start()
        try:
            answers = [get(s, LABELS), post_form(s, [("query", LABELS)]), post_direct(s, LABELS)] * 20
        finally:
            stop.set()
            watcher.join()
        assert [(r.status, n_rows(r)) for r in answers] == [(200, 2)] * 60
        assert seen == workers and children(s.proc.pid) == workers
        assert stopped_cleanly(s), s.error_output()
    assert not any(_alive(w) for w in workers)  # the workers end with the server


def test_a_query_over_the_time_limit_gets_503_and_its_worker_is_replaced():
    with KgServer("--timeout", "1", "--workers", "2") as s:
        before = children(s.proc.pid)
        r = get(s, RUNAWAY, accept="text/csv")
        assert r.status == 503 and b"time limit of 1 s" in r.body and not r.body.startswith(b"n")
        after = children(s.proc.pid)
        assert len(after) == 2 and len(after & before) == 1  # one killed, one new in its place
        assert [get(s, LABELS).status for _ in range(10)] == [200] * 10  # and the pool keeps answering
        assert children(s.proc.pid) == after
        assert stopped_cleanly(s), s.error_output()


def test_a_slow_query_holds_one_worker_while_the_other_answers():
    with KgServer("--timeout", "20", "--workers", "2") as s:
        slow = {}
        worker = threading.Thread(target=lambda: slow.update(r=get(s, RUNAWAY, accept="text/csv")))
        worker.start()
        fast = [get(s, LABELS) for _ in range(20)]  # the runaway runs until its 20 s limit meanwhile
        still_running = "r" not in slow
        worker.join(120)
        assert still_running, "the runaway query ended before the fast ones: nothing was tested"
        assert [(r.status, n_rows(r)) for r in fast] == [(200, 2)] * 20
        assert slow["r"].status == 503
        assert stopped_cleanly(s), s.error_output()


def test_with_one_worker_queries_wait_for_it_and_none_is_lost():
    with KgServer("--workers", "1") as s:
        results = []

        def ask(i):
            results.append(post_form(s, [("query", LABELS)]).status)

        threads = [threading.Thread(target=ask, args=(i,)) for i in range(16)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(120)
        assert results == [200] * 16 and len(children(s.proc.pid)) == 1
        assert stopped_cleanly(s), s.error_output()


def test_a_query_over_the_memory_limit_gets_503_and_the_server_goes_on():
    with KgServer("--memory", "512", "--timeout", "120", "--workers", "1") as s:
        before = children(s.proc.pid)
        r = call("GET", s.endpoint + "?" + urlencode({"query": CROSS}))
        assert r.status == 503 and b"memory limit of 512 MB" in r.body
        after = children(s.proc.pid)
        assert len(after) == 1 and not after & before  # the worker was replaced
        assert get(s, LABELS).status == 200
        assert stopped_cleanly(s), s.error_output()


def test_a_worker_killed_from_outside_is_replaced_and_no_request_fails():
    with KgServer("--workers", "2") as s:
        victim = min(children(s.proc.pid))
        os.kill(victim, signal.SIGKILL)
        assert [get(s, LABELS).status for _ in range(6)] == [200] * 6
        now = children(s.proc.pid)
        assert len(now) == 2 and victim not in now
        assert stopped_cleanly(s), s.error_output()


# -- the pool itself, in this process ------------------------------------------------------------------


def test_pool_answers_like_the_forked_child(store):
    from graph.store.sparql import answer_query

    with QueryPool(store, workers=1) as pool:
        for fmt in ("json", "csv"):
            got = pool.answer(LABELS, {"select": fmt})
            assert got == answer_query(store, LABELS, {"select": fmt})
        assert pool.run("SELECT (COUNT(*) AS ?n) { ?s a kg:Lab }")["kind"] == "select"


def test_pool_replaces_a_worker_stopped_by_a_limit(store):
    with QueryPool(store, workers=1, memory=None) as pool:
        first = pool.pids()
        with pytest.raises(QueryTimeout):
            pool.answer(RUNAWAY, {"select": "json"}, timeout=0.5)
        assert pool.pids() != first and len(pool.pids()) == 1 and pool.started == 2
        assert pool.answer("ASK {}", {"ask": "json"})["body"] == b'{"head": {}, "boolean": true}'


def test_pool_reports_a_crash_and_a_memory_error_then_answers(store, monkeypatch):
    from graph.store import pool as pool_module

    monkeypatch.setitem(pool_module._WORK, "crash", lambda store, args: os.kill(os.getpid(), signal.SIGSEGV))
    with QueryPool(store, workers=1, memory=512) as pool:  # forked after the patch: its workers can crash
        with pytest.raises(QueryCrashed, match="SIGSEGV"):
            pool._run("crash", (), 30)
        with pytest.raises(QueryMemoryError, match="memory limit of 512 MB"):
            pool.answer(CROSS, {"select": "json"}, timeout=120)
        assert pool.answer("ASK {}", {"ask": "json"})["kind"] == "ask"
        assert pool.started == 3 and len(pool.pids()) == 1


def test_default_workers_is_four_per_cpu_this_process_may_use():
    assert default_workers() == 4 * len(os.sched_getaffinity(0))


def test_pool_serves_a_query_known_to_be_quick_before_a_slow_one_that_came_earlier(store):
    slow, quick = "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "ASK { ?s a kg:Lab }"
    done = []
    with QueryPool(store, workers=1) as pool:
        pool._costs[slow] = 5.0  # as if it had taken 5 s last time

        def ask(query, timeout=60):
            try:
                pool.answer(query, {"select": "json", "ask": "json"}, timeout=timeout)
                done.append(query)
            except QueryTimeout:
                done.append("stopped")

        def until(condition):
            while not condition():
                threading.Event().wait(0.01)

        threads = [threading.Thread(target=ask, args=(RUNAWAY, 3))]  # holds the only worker for 3 s
        threads[0].start()
        until(lambda: not pool._idle)
        for query in (slow, quick):  # the slow one first, then the quick one, while the worker is busy
            threads.append(threading.Thread(target=ask, args=(query,)))
            threads[-1].start()
            until(lambda: len(pool._queue) == len(threads) - 1)
        for t in threads:
            t.join(120)
    assert done == ["stopped", quick, slow]


def test_a_replacement_outlives_the_thread_whose_query_was_stopped(store):
    # Linux kills a process when the thread that forked it ends (PR_SET_PDEATHSIG): replacements are
    # forked by the pool's own thread, never by the request thread that found the worker over its limit
    with QueryPool(store, workers=1) as pool:
        request = threading.Thread(target=lambda: pytest.raises(QueryTimeout, pool.answer, RUNAWAY,
                                                                {"select": "json"}, timeout=0.5))
        request.start()
        request.join(60)
        replacement = pool.pids()
        assert [pool.answer("ASK {}", {"ask": "json"})["kind"] for _ in range(3)] == ["ask"] * 3
        assert pool.pids() == replacement and pool.started == 2 and _alive(replacement[0])


def test_a_worker_cannot_open_a_socket_even_for_an_unchecked_query(store):
    from test_query_safety import Listener

    ear = Listener()
    try:
        query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{ear.port}/x> {{ ?x ?y ?z }} }}"
        with QueryPool(store, workers=1) as pool:
            with pytest.raises(Exception) as caught:  # the check is skipped on purpose: only the sandbox stands
                pool._run("execute", (query, False), 20)
            assert "Traceback" not in str(caught.value)
            assert pool.answer("ASK {}", {"ask": "json"})["kind"] == "ask"  # the worker goes on
    finally:
        ear.close()
    assert ear.count == 0


def test_a_request_that_finds_every_worker_busy_past_its_limit_gets_busy(store):
    with QueryPool(store, workers=1) as pool:
        stopped = []
        runaway = threading.Thread(target=lambda: stopped.append(
            pytest.raises(QueryTimeout, pool.answer, RUNAWAY, {"select": "json"}, timeout=30).value))
        runaway.start()
        while pool._idle:  # until the runaway holds the only worker
            threading.Event().wait(0.01)
        with pytest.raises(QueryTimeout, match="busy: no query process was free within 0.2 s"):
            pool.answer("ASK {}", {"ask": "json"}, timeout=0.2)
        pool.close()  # the server stops: the busy worker goes at once, its request gets QueryTimeout
        runaway.join(60)
    assert stopped and "the server stopped before the query finished" in str(stopped[0])
