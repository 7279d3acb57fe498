"""One self-contained HTML file: template, vis-network, the map's data and its own Korean font.

The template (``templates/map.html``, or another given by name) gets
vis-network's script and style inlined from the pyvis package, the data as
JSON inside a ``<script type="application/json">`` block with ``<``, ``>``
and ``&`` escaped, and a subset of NanumGothic with exactly the characters
the page uses (:func:`graph.render.font.embedded_font`), as base64 text the
page turns into a ``FontFace``. A Content-Security-Policy of
``default-src 'none'`` forbids any request; every string from the data is put
on the page as text (``textContent``), never as markup.

>>> page = render_html({"title": "<b>x</b> 한국", "nodes": [], "edges": []}, template="timeline.html")
>>> "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
True
"""

import html
import json
import re
import sys
from pathlib import Path

from graph.render.atomic import write_text
from graph.render.font import FAMILY, embedded_font

__all__ = ["render_html", "write_map"]

_MARKERS = ("@@TITLE@@", "@@VIS_CSS@@", "@@FAMILY@@", "@@FONT@@", "@@DATA@@", "@@VIS_JS@@")


def _vis_assets():
    import pyvis

    folder = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    return ((folder / "vis-network.min.js").read_text(encoding="utf-8"),
            (folder / "vis-network.css").read_text(encoding="utf-8"))


def _json(value):
    return json.dumps(value, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("&", "\\u0026")


def render_html(data, template="map.html"):
    """The page: ``template`` with assets, data and font filled in, safe to open offline."""
    text = (Path(__file__).parents[1] / "templates" / template).read_text(encoding="utf-8")
    payload = _json(data)
    needs_vis = "@@VIS_JS@@" in text
    js, css = _vis_assets() if needs_vis else ("", "")
    shown = payload + text  # every character the page can show (the escapes are ASCII)
    parts = {"@@TITLE@@": html.escape(data["title"]), "@@VIS_CSS@@": css, "@@VIS_JS@@": js,
             "@@FAMILY@@": FAMILY, "@@FONT@@": _json(embedded_font(shown)), "@@DATA@@": payload}
    return re.sub("|".join(_MARKERS), lambda m: parts[m.group(0)], text)


def write_map(path, data, template="map.html"):
    """Write the page to ``path`` atomically as UTF-8 (``-`` is stdout); return its text."""
    text = render_html(data, template)
    if str(path) == "-":
        sys.stdout.write(text)
    else:
        write_text(path, text)
    return text
