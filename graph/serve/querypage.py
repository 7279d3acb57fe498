"""The query page ``kg serve`` answers at ``/``.

One self-contained HTML file from ``graph/templates/query.html``: the named
queries as examples, results as a table. Data goes into the page as JSON
that cannot close its script element; the Content-Security-Policy allows
exactly the page's one inline script and one inline style (by hash) and
requests to its own origin.
"""

import hashlib
import json
import re
from importlib import resources

from graph.vocab.namespaces import PREFIXES

__all__ = ["examples", "render_page"]


def _script_json(value):
    """JSON safe to place inside a ``<script type="application/json">`` element.

    >>> text = _script_json({"q": "</script><b>&"})
    >>> "<" in text or "&" in text, json.loads(text)["q"]
    (False, '</script><b>&')
    """
    text = json.dumps(value, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(examples, max_rows, timeout):
    """``(html bytes, Content-Security-Policy)`` of the query page.

    ``examples`` is a list of ``{"name", "en", "ko", "query"}``. The policy
    allows exactly the page's one inline script and one inline style (by
    their SHA-256) and requests to its own origin.
    """
    import base64

    template = resources.files("graph.templates").joinpath("query.html").read_text(encoding="utf-8")
    data = {"examples": examples, "prefixes": PREFIXES, "endpoint": "sparql"}
    page = (template.replace("{{MAX_ROWS}}", str(int(max_rows)))
            .replace("{{TIMEOUT}}", f"{timeout:g}")
            .replace("{{DATA}}", _script_json(data)))

    def digest(body):
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"

    scripts = re.findall(r"<script>(.*?)</script>", page, re.DOTALL)
    styles = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)
    csp = (f"default-src 'none'; script-src {' '.join(map(digest, scripts))}; "
           f"style-src {' '.join(map(digest, styles))}; connect-src 'self'; img-src 'none'; "
           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
    return page.encode("utf-8"), csp


def examples(workspace):
    """The named queries with their default parameters filled in, for the query page."""
    from graph.store.named import library

    return [{"name": q.name, "en": q.en, "ko": q.ko, "query": q.fill({}, workspace.resolve)} for q in library()]
