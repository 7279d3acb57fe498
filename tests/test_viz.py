"""kg viz: one self-contained UTF-8 page, data escaped, drawn by a real headless Chromium."""

import os
import re
import shutil
import subprocess

import json

import networkx as nx
import pytest

from graph.viz import build_data, render_html

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


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


@pytest.mark.skipif(CHROMIUM is None and not os.environ.get("CI"), reason="chromium is not installed")
@pytest.mark.parametrize("args", [("--all",), ("--ego", "RIKEN", "--radius", "2"), ("--path", "Korea", "ANL"),
                                  ("--program", "Genesis Mission"), ("--type", "Agreement", "--type", "Country")])
def test_every_mode_draws_in_headless_chromium(kg, tmp_path, args):
    assert CHROMIUM, "CI must install chromium"
    out = tmp_path / "map.html"
    assert kg("viz", *args, "--lang", "ko", "-o", out).exit_code == 0
    proc = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=20000", "--dump-dom", out.as_uri()],
        capture_output=True, text=True, timeout=120)
    dom = proc.stdout
    assert 'data-ready="1"' in dom, proc.stderr[-2000:]  # set by the page once the graph is drawn
    assert "<canvas" in dom
