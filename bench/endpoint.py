"""The endpoint section: start ``kg serve`` on a free port, load-test it, stop it.

When ``kg serve --help`` does not work the section says "not available". The
server runs on the real graph (the project's build), bound to 127.0.0.1; the
suite waits until it answers an ``ASK {}``, runs :func:`bench.load.load_test`
with the named-query mix, then sends SIGTERM (the server's graceful stop) and
kills it if it has not ended within 30 s.
"""

import http.client
import signal
import subprocess
import tempfile
import time
from urllib.parse import urlencode

from .common import BIN, ROOT, free_port

__all__ = ["measure_endpoint", "wait_until_answering"]


def wait_until_answering(port, path="/sparql", timeout=120.0, proc=None):
    """True once ``ASK {}`` on 127.0.0.1:``port`` answers 200; False on timeout or when ``proc`` ends."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            return False
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", f"{path}?{urlencode({'query': 'ASK {}'})}",
                         headers={"Accept": "application/sparql-results+json"})
            ok = conn.getresponse().status == 200
            conn.close()
            if ok:
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def measure_endpoint(clients=32, duration=20.0, say=print):
    """{available, …load test result…} for ``kg serve`` on the real graph."""
    from .load import load_test, named_mix

    kg = str(BIN / "kg")
    help_run = subprocess.run([kg, "serve", "--help"], capture_output=True, text=True, cwd=ROOT)
    if help_run.returncode != 0:
        return {"available": False, "reason": "kg serve --help failed: " + (help_run.stderr.strip()[-300:] or
                                                                              f"exit {help_run.returncode}")}
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([kg, "serve", "--host", "127.0.0.1", "--port", str(port)], stdout=log, stderr=log,
                            stdin=subprocess.DEVNULL, cwd=ROOT)
    try:
        say(f"endpoint: waiting for kg serve on port {port}")
        if not wait_until_answering(port, proc=proc):
            log.seek(0)
            return {"available": False, "reason": "kg serve did not answer ASK {} within 120 s: "
                    + log.read().decode("utf-8", "replace")[-500:]}
        say(f"endpoint: {clients} clients for {duration:g} s")
        result = load_test(f"http://127.0.0.1:{port}/sparql", clients=clients, duration=duration, mix=named_mix())
        result["available"] = True
        result["server"] = f"kg serve --host 127.0.0.1 --port {port} (defaults otherwise, see kg serve --help)"
        return result
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit("run the suite: python -m bench.suite")
