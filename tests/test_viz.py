"""kg viz: one self-contained UTF-8 page, data escaped, drawn by a real headless Chromium."""

import json
import re

import networkx as nx
import pytest

from graph.render.viz import build_data, render_html


def test_path_map_is_written_self_contained(kg, tmp_path):
    out = tmp_path / "korea-anl.html"
    result = kg("viz", "--path", "Korea", "ANL", "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    assert "Argonne National Laboratory" in page and "아르곤 국립연구소" in page
    # nothing is loaded from elsewhere: no src/href to any host, and a CSP that forbids it
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "default-src 'none'" in page


def test_injection_in_labels_is_escaped():
    g = nx.Graph()
    evil = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</script>"]
    for i, text in enumerate(evil):
        g.add_node(f"n{i}", type="kg:Lab", en=text, ko=text, date=None, status=None)
    g.add_edge("n0", "n1", facts=[{"relation": "partOf", "source": "n0", "target": "n1", "date": None,
                                  "sources": [{"document": "s000", "quote": "</script><script>alert(2)</script>"}]}])
    page = render_html(build_data(g, set(g), {}, title="<script>alert(3)</script>"))
    plain = nx.relabel_nodes(g, {}, copy=True)
    for n in plain:
        plain.nodes[n].update(en="plain", ko="평범")
    plain.edges["n0", "n1"]["facts"][0]["sources"] = [{"document": "s000", "quote": "plain"}]
    benign = render_html(build_data(plain, set(plain), {}, title="plain"))
    assert page.count("<script") == benign.count("<script")  # no tag was smuggled in
    assert "<img src=x" not in page
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    payload = page.split('<script type="application/json" id="kg-data">', 1)[1].split("</script>", 1)[0]
    data = json.loads(payload)
    assert sorted(n["en"] for n in data["nodes"]) == sorted(evil)  # the text survives, as text


def test_unwritable_output_is_a_clear_error_and_keeps_the_old_file(kg, tmp_path):
    result = kg("viz", "--ego", "RIKEN", "-o", tmp_path / "missing" / "map.html")
    assert result.exit_code == 6 and "cannot write" in result.stderr
    assert kg("viz", "--ego", "RIKEN", "--path", "Korea", "ANL", "-o", tmp_path / "x.html").exit_code == 2


from mappage import assert_clean as _assert_clean, browser, needs_chromium, norm as _norm, open_page as _open  # noqa: F401
from mappage import search as _search


EVIL = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</script>"]


def _korean_query(data, preferred=None):
    """A Korean label of the map that names exactly one node (so the search must select that node)."""
    def names(n):
        return [n["en"], n["ko"], *(n.get("aliases") or [])]

    candidates = [n for n in data["nodes"] if n["ko"] and re.search("[\uac00-\ud7a3]", n["ko"])]
    if preferred:
        candidates = [n for n in candidates if n["ko"] == preferred]
    for n in sorted(candidates, key=lambda n: (n["ko"] != preferred, n["id"])):
        q = _norm(n["ko"])
        if [m["id"] for m in data["nodes"] if any(q in _norm(x) for x in names(m))] == [n["id"]]:
            return n["id"], n["ko"]
    raise AssertionError(f"no Korean label names exactly one node (preferred: {preferred})")


def _check_map(browser, path, preferred=None):
    page = _open(browser, path)
    assert page.evaluate("document.querySelectorAll('#network canvas').length") >= 1
    data = page.evaluate("JSON.parse(document.getElementById('kg-data').textContent)")
    assert page.evaluate("window.kgNetwork.body.data.nodes.length") == len(data["nodes"]) > 0
    node, label = _korean_query(data, preferred)
    assert _search(page, label) == [node]
    assert page.evaluate("document.getElementById('status').textContent") == "1 / 1 found"
    assert label in page.evaluate("document.getElementById('panel').textContent")  # the side panel shows it
    _assert_clean(page)
    return page


@needs_chromium
def test_the_harness_counts_outside_requests_errors_and_dialogs(browser, tmp_path):
    """The counters are not vacuous: a page without CSP that reaches out and alerts is caught, offline."""
    page = tmp_path / "leaky.html"
    page.write_text('<!DOCTYPE html><meta charset="utf-8"><body><img src="http://kg-test.invalid/x.png">'
                    "<script>alert('hi'); setTimeout(function () { document.body.setAttribute('data-ready', '1');"
                    " nosuch(); }, 50);</script></body>", encoding="utf-8")
    p = _open(browser, page)
    browser.wait(0.3)
    assert p.blocked == ["http://kg-test.invalid/x.png"] and p.outside_requests == p.blocked
    assert p.dialogs == ["hi"] and p.evaluate("window.__kgDialogs") == 1
    assert any("nosuch" in e for e in p.errors), p.errors


@needs_chromium
@pytest.mark.parametrize("args, preferred", [
    (("--all",), None),
    (("--ego", "RIKEN", "--radius", "2"), None),
    (("--path", "Korea", "ANL"), "아르곤 국립연구소"),
    (("--program", "Genesis Mission"), None),
    (("--type", "Agreement", "--type", "Country"), None)])
def test_every_mode_draws_offline_and_finds_a_korean_label_in_chromium(kg, browser, tmp_path, args, preferred):
    out = tmp_path / "map.html"
    assert kg("viz", *args, "--lang", "ko", "-o", out).exit_code == 0
    _check_map(browser, out, preferred)


@needs_chromium
def test_compare_map_draws_offline_and_finds_a_korean_label_in_chromium(kg, browser, tmp_path):
    out = tmp_path / "compare.html"
    result = kg("compare", "Japan", "Korea", "--to", "Genesis Mission", "--lang", "ko", "-o", out)
    assert result.exit_code == 0, result.stderr
    _check_map(browser, out)


@needs_chromium
def test_injected_labels_stay_text_in_chromium(browser, tmp_path):
    g = nx.Graph()
    for i, text in enumerate(EVIL):
        g.add_node(f"n{i}", type="kg:Lab", en=text, ko=text, date=None, status=None, aliases=[text])
    g.add_edge("n0", "n1", facts=[{"relation": "partOf", "source": "n0", "target": "n1", "date": None,
                                  "sources": [{"document": "s000", "quote": "</script><script>alert(2)</script>"}]}])
    g.add_edge("n1", "n2", facts=[{"relation": "partOf", "source": "n1", "target": "n2", "date": None,
                                  "sources": [{"document": "s000", "quote": '<img src=x onerror="alert(4)">'}]}])
    out = tmp_path / "evil.html"
    out.write_text(render_html(build_data(g, set(g), {}, title="<script>alert(3)</script>")), encoding="utf-8")
    page = _open(browser, out)
    # no dialog opened, no injected element exists, the page's own three scripts only
    assert page.evaluate("document.images.length") == 0
    assert page.evaluate("document.scripts.length") == 4  # data, font, vis-network, the page
    assert page.evaluate("document.title") == "<script>alert(3)</script>"
    assert page.evaluate("document.getElementById('title').textContent") == "<script>alert(3)</script>"
    assert sorted(page.evaluate("window.kgNetwork.body.data.nodes.get().map(function (n) { return n.en; })")) \
        == sorted(EVIL)
    for i in (0, 1):  # the search finds each by its text; the side panel shows it as text
        assert _search(page, EVIL[i]) == [f"n{i}"]
        assert page.evaluate("document.querySelector('#panel h2').textContent") == EVIL[i]
    panel = page.evaluate("document.getElementById('panel').innerText")  # n1: both edges and their quotes
    assert "</script>" in panel and "</script><script>alert(2)</script>" in panel
    assert '<img src=x onerror="alert(4)">' in panel
    assert page.evaluate("document.getElementById('panel').querySelectorAll('img, script').length") == 0
    browser.wait(0.5)  # give any onerror handler time to fire
    _assert_clean(page)
