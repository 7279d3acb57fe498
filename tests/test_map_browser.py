"""The maps as a reader sees them, in real headless Chromium on a machine without a CJK system font.

What vis-network actually drew is read back from the page (positions,
bounding boxes, the options of each drawn node), never the data handed to it.
"""

import json

import pytest

from mappage import OUTSIDE_VIEW, OVERLAPS, assert_clean, browser, glyph_pixels, needs_chromium, norm, open_page  # noqa: F401
from mappage import page_data
from mappage import search

pytestmark = needs_chromium

MAPS = {}


@pytest.fixture(scope="module")
def maps(tmp_path_factory):
    """Each map written once by ``kg viz`` for the module: name -> path."""
    from click.testing import CliRunner

    from graph.cli import main

    folder = tmp_path_factory.mktemp("maps")
    out = {}
    for name, args in {"path": ("--path", "Korea", "ANL"), "ego": ("--ego", "ANL"),
                       "program": ("--program", "Genesis Mission"), "all": ("--all",),
                       "riken": ("--ego", "RIKEN", "--radius", "2"), "path-ko": ("--path", "한국", "아르곤", "--lang", "ko")
                       }.items():
        out[name] = folder / f"{name}.html"
        result = CliRunner().invoke(main, ["viz", *args, "-o", str(out[name])], catch_exceptions=False)
        assert result.exit_code == 0, result.output
    return out


def test_path_map_draws_the_first_path_as_a_chain_from_source_to_target(kg, maps, browser):
    first = json.loads(kg("path", "Korea", "ANL", "--format", "json").stdout)["paths"][0]["nodes"]
    page = open_page(browser, maps["path"])
    pos = page.evaluate("kgNetwork.getPositions()")
    xs = [pos[n["id"]]["x"] for n in first]
    assert len(first) >= 3 and xs == sorted(xs) and len(set(xs)) == len(xs), list(zip([n["id"] for n in first], xs))
    # the other paths run left to right too, and only the two ends are marked
    data = page_data(page)
    assert sorted(n["id"] for n in data["nodes"] if n["end"]) == sorted([first[0]["id"], first[-1]["id"]])
    assert_clean(page)


@pytest.mark.parametrize("name", ["path", "path-ko", "ego", "program", "riken"])
def test_no_two_node_or_label_boxes_overlap(maps, browser, name):
    page = open_page(browser, maps[name])
    assert page.evaluate("kgNetwork.body.nodeIndices.length") == len(page_data(page)["nodes"]) > 5
    assert page.evaluate(OVERLAPS) == []
    assert_clean(page)


@pytest.mark.parametrize("name", ["path", "path-ko", "ego", "program", "riken", "all"])
def test_every_node_and_its_label_is_at_least_10_px_inside_the_view_when_the_map_opens(maps, browser, name):
    page = open_page(browser, maps[name])
    assert page.evaluate(OUTSIDE_VIEW + "(10)") == []


def test_the_view_check_sees_a_label_cut_off_at_the_edge(maps, browser):
    """Not vacuous: moved to the left edge of the view, a node and its label are reported."""
    page = open_page(browser, maps["path"])
    page.evaluate("(function () { var id = kgNetwork.body.nodeIndices[0];"
                  " var p = kgNetwork.DOMtoCanvas({ x: 2, y: 200 }); kgNetwork.moveNode(id, p.x, p.y); })()")
    assert len(page.evaluate(OUTSIDE_VIEW + "(10)")) == 1


def test_the_overlap_check_sees_overlapping_boxes(maps, browser):
    """Not vacuous: two nodes moved onto each other are reported."""
    page = open_page(browser, maps["path"])
    page.evaluate("(function () { var ids = kgNetwork.body.nodeIndices; var p = kgNetwork.getPositions([ids[0]])[ids[0]];"
                  " kgNetwork.moveNode(ids[1], p.x + 5, p.y + 5); })()")
    assert len(page.evaluate(OVERLAPS)) >= 1


def test_every_node_is_drawn_in_the_colour_and_shape_of_its_legend_entry(maps, browser):
    page = open_page(browser, maps["all"])
    legend = page.evaluate("Array.prototype.map.call(document.querySelectorAll('#legend [data-class]'), function (r) {"
                           " return [r.getAttribute('data-class'), r.getAttribute('data-color'), r.getAttribute('data-shape'),"
                           " r.querySelector('svg [data-shape]').getAttribute('fill')]; })")
    entry = {cls: (color, shape) for cls, color, shape, fill in legend}
    assert all(color == fill for _, color, _, fill in legend)  # the swatch is painted in the entry's colour
    drawn = page.evaluate("kgNetwork.body.nodeIndices.map(function (id) { var n = kgNetwork.body.nodes[id];"
                          " return [id, kgData.nodes.find(function (d) { return d.id === id; }).cls,"
                          " n.options.color.background, n.options.shape]; })")
    assert len(drawn) == len(page_data(page)["nodes"]) > 500
    wrong = [(i, cls, color, shape) for i, cls, color, shape in drawn if entry.get(cls) != (color, shape)]
    assert wrong == []
    assert set(entry) == {cls for _, cls, _, _ in drawn}  # no legend entry for a class the map lacks
    assert_clean(page)


def test_proposed_centres_are_drawn_dashed_and_faded_with_their_status(maps, browser):
    page = open_page(browser, maps["ego"])
    style = page.evaluate("(function () { var out = {}; kgNetwork.body.nodeIndices.forEach(function (id) {"
                          " var o = kgNetwork.body.nodes[id].options; out[id] = [o.shapeProperties.borderDashes, o.opacity]; });"
                          " return out; })()")
    for proposed in ("k-rbrc", "postech-anl-center"):
        dashes, opacity = style[proposed]
        assert dashes and opacity < 1, (proposed, style[proposed])
    standing = [n for n in ("anl", "aurora", "doe", "us-japan-genesis-collaboration") if n in style]
    assert standing and all(style[n][0] is False and style[n][1] == 1 for n in standing)
    edges = page.evaluate("kgNetwork.body.edgeIndices.map(function (id) { var e = kgNetwork.body.edges[id];"
                          " return [e.fromId, e.toId, e.options.dashes]; })")
    for a, b, dashes in edges:
        assert bool(dashes) == bool({a, b} & {"k-rbrc", "postech-anl-center"}), (a, b, dashes)
    search(page, "K-RBRC")
    panel = page.evaluate("document.getElementById('panel').innerText")
    assert "proposed / 제안" in panel and "not in force" in panel
    tip = page.evaluate("kgData.nodes.find(function (n) { return n.id === 'k-rbrc'; }).title")
    assert "proposed / 제안" in tip
    assert page.evaluate("document.querySelector('#legend [data-kind=tentative]') !== null")
    assert_clean(page)


@pytest.mark.parametrize("name", ["path-ko", "all"])
def test_korean_is_drawn_as_glyphs_from_the_embedded_font(maps, browser, name):
    page = open_page(browser, maps[name])
    family = page.evaluate("getComputedStyle(document.body).fontFamily").split(",")[0].strip()
    assert page.evaluate(f"document.fonts.check('12px {family}', '가나')")
    ga, na = glyph_pixels(page, family)
    assert ga[0] > 0 and ga != na  # two Korean letters give two different drawings
    assert_clean(page)


def test_node_positions_are_the_same_on_two_loads(maps, browser):
    first = open_page(browser, maps["all"]).evaluate("kgNetwork.getPositions()")
    second = open_page(browser, maps["all"]).evaluate("kgNetwork.getPositions()")
    assert len(first) > 500 and first == second


def test_search_steps_through_every_hit_with_enter(maps, browser):
    page = open_page(browser, maps["all"])
    data = page_data(page)
    q = norm("Korea")
    expected = {n["id"] for n in data["nodes"] if any(q in norm(x) for x in [n["en"], n["ko"], *n["aliases"]])}
    assert len(expected) > 10
    seen = [search(page, "Korea")[0]]
    assert page.evaluate("document.getElementById('status').textContent") == f"1 / {len(expected)} found"
    listed = page.evaluate("Array.prototype.map.call(document.querySelectorAll('#hits li'), function (li) {"
                           " return [li.getAttribute('data-id'), li.textContent]; })")
    assert {i for i, _ in listed} == expected and all(" — " in text for _, text in listed)  # each hit with its class
    for _ in range(len(expected) - 1):
        page.press("Enter")
        seen.append(page.evaluate("kgNetwork.getSelectedNodes()")[0])
    assert set(seen) == expected and len(seen) == len(expected)
    assert page.evaluate("document.getElementById('status').textContent") == f"{len(expected)} / {len(expected)} found"
    page.press("Enter")  # and round again
    assert page.evaluate("kgNetwork.getSelectedNodes()") == [seen[0]]
    assert_clean(page)


def test_neighbours_can_be_hidden_and_shown_again_from_the_panel(maps, browser):
    page = open_page(browser, maps["ego"])
    search(page, "Aurora")
    before = set(page.evaluate("kgNetwork.body.nodeIndices"))
    page.evaluate("document.querySelectorAll('#panel button')[0].click()")
    hidden = before - set(page.evaluate("kgNetwork.body.nodeIndices"))
    assert "anl" in hidden and "aurora" not in hidden
    page.evaluate("document.querySelectorAll('#panel button')[1].click()")
    assert set(page.evaluate("kgNetwork.body.nodeIndices")) >= before  # back, with any neighbour off the map


def test_status_filter_hides_the_proposals(maps, browser):
    page = open_page(browser, maps["ego"])
    page.evaluate("document.querySelector('#legend [data-kind=tentative] input').click()")
    shown = page.evaluate("kgNetwork.body.nodeIndices")
    assert "k-rbrc" not in shown and "anl" in shown


def test_expanding_a_node_brings_in_its_neighbours_from_off_the_map(maps, browser):
    page = open_page(browser, maps["ego"])
    data = page_data(page)
    extra = {n["id"] for n in data["reserve"]["nodes"]}
    before = set(page.evaluate("kgNetwork.body.nodeIndices"))
    assert extra and not extra & before  # carried in the page, hidden until asked for
    search(page, "Department of Energy")
    page.evaluate("document.querySelectorAll('#panel button')[1].click()")
    after = set(page.evaluate("kgNetwork.body.nodeIndices"))
    doe_neighbours = {e["to"] if e["from"] == "doe" else e["from"] for e in data["edges"] + data["reserve"]["edges"]
                      if "doe" in (e["from"], e["to"])}
    assert after - before == doe_neighbours & extra != set()
    assert {"ornl", "bnl"} <= after  # DOE's laboratories
    assert_clean(page)


def test_class_filter_hides_that_class_only(maps, browser):
    page = open_page(browser, maps["program"])
    data = page_data(page)
    page.evaluate("document.querySelector('#legend [data-class=\"kg:Mission\"] input').click()")
    shown = set(page.evaluate("kgNetwork.body.nodeIndices"))
    assert shown == {n["id"] for n in data["nodes"] if n["cls"] != "kg:Mission"}
    page.evaluate("document.querySelector('#legend [data-class=\"kg:Mission\"] input').click()")
    assert len(page.evaluate("kgNetwork.body.nodeIndices")) == len(data["nodes"])
