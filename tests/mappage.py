"""Helpers of the browser tests of the HTML pages: open a page in headless Chromium, read what vis-network drew.

Import ``browser`` into a test module to get one Chromium per module.
"""

import json
import os
import re

import pytest

from chromium import CHROMIUM, Browser

needs_chromium = pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """One headless Chromium for the module, driven over the DevTools protocol (tests/chromium.py)."""
    assert CHROMIUM, "CI must install chromium"
    with Browser(tmp_path_factory.mktemp("chromium")) as b:
        yield b


def open_page(browser, path, ready=True):
    """Open a local page with every non-file: request blocked and counted; wait until it is drawn."""
    browser.close_pages()  # one tab at a time
    page = browser.new_page()
    page.goto(path.as_uri())
    if ready:
        page.wait_for("document.body.getAttribute('data-ready') === '1'", timeout=120)
    return page


def assert_clean(page):
    browser_stderr = page.browser.stderr(800)
    assert page.outside_requests == [], page.outside_requests  # nothing but file: was asked for
    assert page.blocked == []
    assert page.errors == [], (page.errors, browser_stderr)  # no exception, no console or CSP error
    assert page.dialogs == [] and page.evaluate("window.__kgDialogs") == 0


def page_data(page):
    return page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")


#: every pair of node ids whose drawn boxes (shape and label, as vis-network reports them) overlap
OVERLAPS = """(function () {
  var ids = kgNetwork.body.nodeIndices.slice(), box = {}, out = [];
  ids.forEach(function (id) { box[id] = kgNetwork.getBoundingBox(id); });
  for (var i = 0; i < ids.length; i++) {
    for (var j = i + 1; j < ids.length; j++) {
      var p = box[ids[i]], q = box[ids[j]];
      if (p.left < q.right && q.left < p.right && p.top < q.bottom && q.top < p.bottom) { out.push([ids[i], ids[j]]); }
    }
  }
  return out;
})()"""

#: every node whose box (its label included) comes nearer than ``margin`` screen pixels to the edge of the map's
#: view, or past it: [id, left, top, right, bottom] in screen pixels of the view
OUTSIDE_VIEW = """(function (margin) {
  var view = kgNetwork.body.container.getBoundingClientRect(), out = [];
  kgNetwork.body.nodeIndices.forEach(function (id) {
    var b = kgNetwork.getBoundingBox(id);
    var a = kgNetwork.canvasToDOM({ x: b.left, y: b.top }), z = kgNetwork.canvasToDOM({ x: b.right, y: b.bottom });
    if (a.x < margin || a.y < margin || z.x > view.width - margin || z.y > view.height - margin) {
      out.push([id, Math.round(a.x), Math.round(a.y), Math.round(z.x), Math.round(z.y)]);
    }
  });
  return out;
})"""

#: how the page draws two characters in a font: a hash of the canvas pixels of each
GLYPHS = """(function (family, a, b) {
  function draw(ch) {
    var c = document.createElement("canvas"); c.width = 40; c.height = 40;
    var ctx = c.getContext("2d"); ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, 40, 40);
    ctx.fillStyle = "#000"; ctx.font = "32px " + family; ctx.textBaseline = "top"; ctx.fillText(ch, 4, 4);
    var px = ctx.getImageData(0, 0, 40, 40).data, ink = 0, h = 0;
    for (var i = 0; i < px.length; i += 4) { if (px[i] < 128) { ink++; h = (h * 31 + i) % 1000000007; } }
    return [ink, h];
  }
  return [draw(a), draw(b)];
})"""


def norm(text):
    return re.sub(r"[^\w]|_", "", (text or "").lower())


def search(page, text):
    """Type ``text`` in the map's search box, press Enter; the ids of the selected nodes."""
    page.evaluate("document.getElementById('status').textContent = '';"
                  "document.getElementById('search').value = ''; document.getElementById('search').focus()")
    page.type_text(text)
    page.press("Enter")
    page.wait_for("document.getElementById('status').textContent !== ''", timeout=10)
    return page.evaluate("window.kgNetwork.getSelectedNodes()")


def glyph_pixels(page, family, a="가", b="나"):
    return page.evaluate(GLYPHS + f"({json.dumps(family)}, {json.dumps(a)}, {json.dumps(b)})")
