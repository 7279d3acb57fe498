"""A small DevTools-protocol driver for Debian's headless Chromium, used by the browser tests and bench/.

Chromium is started with ``--remote-debugging-pipe``: it reads commands on
its file descriptor 3 and writes answers and events on 4, one JSON message
each, ended by a NUL byte. No port is opened and no package is needed, and
only long-stable protocol methods are used (Target, Page, Runtime, Fetch,
Network, Log, Input), so the driver works with whatever Chromium Debian
ships.

Each :class:`Page` intercepts every request at the request stage
(``Fetch.enable`` with the pattern ``*``): ``file:`` requests go on, any
other is failed and recorded in :attr:`Page.blocked`; requests seen by the
Network domain (which also sees ``data:`` URLs and WebSockets) are recorded
in :attr:`Page.requests`. JavaScript exceptions, console errors and errors
in the browser's log go to :attr:`Page.errors`; a JavaScript dialog (alert,
confirm, prompt) is dismissed and recorded in :attr:`Page.dialogs`. A hook
installed before any script of the page runs counts calls of ``alert``,
``confirm`` and ``prompt`` in ``window.__kgDialogs`` and records when the
page sets ``data-ready`` on its body in ``window.__kgReadyAt``
(milliseconds since navigation start).
"""

import fcntl
import json
import os
import select
import shutil
import subprocess
import time

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--no-default-browser-check", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", "--disable-default-apps", "--mute-audio",
         "--disable-features=Translate,MediaRouter,OptimizationHints", "--metrics-recording-only",
         "--password-store=basic", "--use-mock-keychain", "--window-size=1280,900"]

HOOK = r"""
(function () {
  window.__kgDialogs = 0;
  ["alert", "confirm", "prompt"].forEach(function (name) {
    var original = window[name];
    window[name] = function () { window.__kgDialogs += 1; return original.apply(window, arguments); };
  });
  window.__kgReadyAt = null;
  new MutationObserver(function (records, observer) {
    if (document.body && document.body.getAttribute("data-ready") === "1") {
      window.__kgReadyAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
})();
"""


class BrowserError(RuntimeError):
    """Chromium did not start, answered with an error, or took too long."""


def _high(fd):
    """A close-on-exec copy of ``fd`` numbered 10 or more (so it can't collide with 3 and 4)."""
    new = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return new


class Browser:
    """One headless Chromium, driven through a pipe; use as a context manager."""

    def __init__(self, profile, executable=None, extra_flags=()):
        executable = executable or CHROMIUM
        if not executable:
            raise BrowserError("chromium is not installed")
        os.makedirs(profile, exist_ok=True)
        cmd_r, cmd_w = (_high(fd) for fd in os.pipe())
        ev_r, ev_w = (_high(fd) for fd in os.pipe())

        def child():  # runs in the child between fork and exec
            os.dup2(cmd_r, 3)
            os.dup2(ev_w, 4)

        self.log_path = os.path.join(profile, "chromium-stderr.log")
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                [executable, *FLAGS, *extra_flags, "--remote-debugging-pipe", f"--user-data-dir={profile}",
                 "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, close_fds=False, preexec_fn=child)
        os.close(cmd_r)
        os.close(ev_w)
        self._w, self._r = cmd_w, ev_r
        self._buf = b""
        self._next = 0
        self._answers = {}
        self.pages = {}
        try:
            self.version = self.send("Browser.getVersion", timeout=60)
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def stderr(self, tail=3000):
        try:
            with open(self.log_path, encoding="utf-8", errors="replace") as fh:
                return fh.read()[-tail:]
        except OSError:
            return ""

    # -- the wire ---------------------------------------------------------

    def post(self, method, params=None, session=None):
        """Send a command without waiting; return its id."""
        self._next += 1
        msg = {"id": self._next, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        data = json.dumps(msg).encode("utf-8") + b"\0"
        try:
            while data:
                data = data[os.write(self._w, data):]
        except OSError as exc:
            raise BrowserError(f"chromium went away ({exc}); its stderr: {self.stderr()}") from None
        return self._next

    def send(self, method, params=None, session=None, timeout=30):
        """Send a command and return its result, handling events meanwhile."""
        wanted = self.post(method, params, session)
        deadline = time.monotonic() + timeout
        while wanted not in self._answers:
            if not self.pump(deadline - time.monotonic()):
                if time.monotonic() >= deadline:
                    raise BrowserError(f"{method}: no answer in {timeout} s")
        answer = self._answers.pop(wanted)
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')} {answer['error'].get('data', '')}")
        return answer.get("result", {})

    def pump(self, wait):
        """Read and handle what has arrived, waiting up to ``wait`` s; True if something came."""
        ready, _, _ = select.select([self._r], [], [], max(wait, 0))
        if not ready:
            return False
        chunk = os.read(self._r, 1 << 20)
        if not chunk:
            raise BrowserError(f"chromium closed the pipe; its stderr: {self.stderr()}")
        self._buf += chunk
        *messages, self._buf = self._buf.split(b"\0")
        for raw in messages:
            msg = json.loads(raw)
            if "id" in msg:
                self._answers[msg["id"]] = msg
            elif msg.get("sessionId") in self.pages:
                self.pages[msg["sessionId"]]._event(msg["method"], msg.get("params", {}))
        for key in [k for k in self._answers if k < self._next - 1000]:
            del self._answers[key]  # answers to posted commands nobody waits for
        return True

    def wait(self, seconds):
        """Handle events for ``seconds``."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.pump(deadline - time.monotonic())

    def new_page(self):
        return Page(self)

    def close_pages(self):
        for page in list(self.pages.values()):
            page.close()

    def close(self):
        if getattr(self, "proc", None) is None:
            return
        try:
            self.post("Browser.close")
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()
            self.proc.wait(timeout=10)
        for fd in (self._w, self._r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.proc = None


class Page:
    """A tab whose every non-``file:`` request is blocked and counted."""

    def __init__(self, browser):
        self.browser = browser
        self.blocked, self.requests, self.errors, self.dialogs = [], [], [], []
        self.target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.send("Target.attachToTarget", {"targetId": self.target, "flatten": True})["sessionId"]
        browser.pages[self.session] = self
        self.send("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]})
        for domain in ("Page", "Runtime", "Network", "Log"):
            self.send(f"{domain}.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": HOOK})

    def send(self, method, params=None, timeout=30):
        return self.browser.send(method, params, session=self.session, timeout=timeout)

    def close(self):
        self.browser.pages.pop(self.session, None)
        self.browser.send("Target.closeTarget", {"targetId": self.target})

    def _event(self, method, p):
        if method == "Fetch.requestPaused":
            url = p["request"]["url"]
            if url.startswith("file:"):
                self.browser.post("Fetch.continueRequest", {"requestId": p["requestId"]}, self.session)
            else:
                self.blocked.append(url)
                self.browser.post("Fetch.failRequest", {"requestId": p["requestId"], "errorReason": "BlockedByClient"},
                                  self.session)
        elif method == "Network.requestWillBeSent":
            self.requests.append(p["request"]["url"])
        elif method == "Network.webSocketCreated":
            self.requests.append(p["url"])
            self.blocked.append(p["url"])
        elif method == "Runtime.exceptionThrown":
            d = p["exceptionDetails"]
            self.errors.append("exception: " + (d.get("exception", {}).get("description") or d.get("text", "")))
        elif method == "Runtime.consoleAPICalled" and p["type"] in ("error", "assert"):
            self.errors.append(f"console.{p['type']}: " + " ".join(
                str(a.get("value", a.get("description", ""))) for a in p.get("args", [])))
        elif method == "Log.entryAdded" and p["entry"]["level"] == "error":
            self.errors.append(f"log ({p['entry']['source']}): {p['entry']['text']} {p['entry'].get('url', '')}")
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(p.get("message", ""))
            self.browser.post("Page.handleJavaScriptDialog", {"accept": False}, self.session)

    @property
    def outside_requests(self):
        """Every request for anything but a local file (``data:`` included): blocked or not, it counts."""
        return sorted(set(self.blocked) | {u for u in self.requests if not u.startswith("file:")})

    def goto(self, url, timeout=60):
        result = self.send("Page.navigate", {"url": url}, timeout=timeout)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self.wait_for("document.readyState === 'complete'", timeout=timeout)

    def evaluate(self, expression, timeout=30):
        """The value of a JavaScript expression (JSON-able), raising on an exception."""
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                                "awaitPromise": True}, timeout=timeout)
        if "exceptionDetails" in result:
            d = result["exceptionDetails"]
            raise BrowserError(f"{expression!r} failed: {d.get('exception', {}).get('description') or d.get('text')}")
        return result["result"].get("value")

    def wait_for(self, expression, timeout=60, interval=0.05):
        """Wait until ``expression`` is truthy; return its value."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() >= deadline:
                raise BrowserError(f"timed out after {timeout} s waiting for {expression}")
            self.browser.wait(interval)

    def type_text(self, text):
        """Type into the focused element as a keyboard or an IME would (input events fire)."""
        self.send("Input.insertText", {"text": text})

    def press(self, key="Enter", code=13):
        for kind in ("keyDown", "keyUp"):
            params = {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code,
                      "nativeVirtualKeyCode": code}
            if kind == "keyDown" and key == "Enter":
                params["text"] = "\r"
            self.send("Input.dispatchKeyEvent", params)
