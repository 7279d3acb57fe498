"""The compare page and the timeline page in real headless Chromium: findings, axis, filters, search, offline."""

import json
import re

import pytest

from mappage import OUTSIDE_VIEW, OVERLAPS, assert_clean, browser, glyph_pixels, needs_chromium, open_page, page_data  # noqa: F401

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def compare_page(tmp_path_factory):
    from click.testing import CliRunner

    from graph.cli import main

    out = tmp_path_factory.mktemp("compare") / "compare.html"
    run = CliRunner().invoke(main, ["compare", "Japan", "Korea", "--to", "Genesis Mission", "--format", "json",
                                    "-o", str(out)], catch_exceptions=False)
    assert run.exit_code == 0, run.output
    return out, json.loads(run.stdout)


def test_compare_page_shows_the_cited_findings_beside_the_map(compare_page, browser):
    out, result = compare_page
    page = open_page(browser, out)
    text = page.evaluate("document.getElementById('findings').innerText")
    japan, korea = result["sides"]
    for side in (japan, korea):
        for a in side["agreements"]["items"]:  # every agreement with its date and its quote
            assert a["label"] in text and (a["date"] or "?") in text
            if a["source"] and a["source"].get("quote"):
                assert a["source"]["quote"] in text
        for inst in side["institutions"] + side["proposed_institutions"]:
            assert inst["label"] in text
        assert f"({side['channels']['count']})" in text
    for c in result["contrasts"]:
        assert c["text"] in text
        if c["source"] and c["source"].get("quote"):
            assert c["source"]["quote"] in text
    assert japan["institutions"] and japan["institutions"][0]["source"]["quote"] in text
    assert page.evaluate(OVERLAPS) == []
    ga, na = glyph_pixels(page, page.evaluate("getComputedStyle(document.body).fontFamily").split(",")[0].strip())
    assert ga[0] > 0 and ga != na  # Korean drawn in the page's own font
    assert_clean(page)


def test_compare_page_opens_with_every_node_and_label_at_least_10_px_inside_the_view(compare_page, browser):
    out, _ = compare_page
    page = open_page(browser, out)
    assert page.evaluate("kgNetwork.body.nodeIndices.length") > 20
    assert page.evaluate(OUTSIDE_VIEW + "(10)") == []


def test_compare_page_draws_each_sides_channels_in_its_own_colour(compare_page, browser):
    out, result = compare_page
    page = open_page(browser, out)
    sides = page.evaluate("kgData.sides.map(function (s) { return s.color; })")
    assert len(set(sides)) == 2
    drawn = page.evaluate("kgNetwork.body.edgeIndices.map(function (id) { var e = kgNetwork.body.edges[id];"
                          " return [e.fromId, e.toId, e.options.color.color]; })")
    colour = {frozenset((a, b)): c for a, b, c in drawn}
    for i, side in enumerate(result["sides"]):
        other = result["sides"][1 - i]
        theirs = {frozenset((p["nodes"][k]["id"], p["nodes"][k + 1]["id"]))
                  for p in other["channels"]["paths"] for k in range(len(p["nodes"]) - 1)}
        hops = [frozenset((p["nodes"][k]["id"], p["nodes"][k + 1]["id"]))
                for p in side["channels"]["paths"] for k in range(len(p["nodes"]) - 1)]
        own = [h for h in hops if h not in theirs]
        assert own and all(colour[h] == sides[i] for h in own)
    x = page.evaluate("kgNetwork.getPositions()")  # first actor left of the target, second right
    target = result["target"]["id"]
    assert x[result["sides"][0]["entity"]["id"]]["x"] < x[target]["x"] < x[result["sides"][1]["entity"]["id"]]["x"]
    assert_clean(page)


@pytest.fixture(scope="module")
def timeline_page(tmp_path_factory):
    from click.testing import CliRunner

    from graph.cli import main

    out = tmp_path_factory.mktemp("timeline") / "timeline.html"
    run = CliRunner().invoke(main, ["timeline", "--lang", "ko", "--format", "json", "-o", str(out)],
                             catch_exceptions=False)
    assert run.exit_code == 0, run.output
    return out, json.loads(run.stdout)


def test_timeline_page_has_a_year_axis_with_every_event(timeline_page, browser):
    out, result = timeline_page
    page = open_page(browser, out)
    events = result["events"]
    assert page.evaluate("document.querySelectorAll('.ev').length") == len(events) > 20
    assert page.evaluate("document.querySelectorAll('#axis .mark').length") == len(events)
    ticks = page.evaluate("Array.prototype.map.call(document.querySelectorAll('#axis .tick'), function (t) {"
                          " return [Number(t.textContent), t.getBoundingClientRect().left]; })")
    years = [y for y, _ in ticks]
    assert years == sorted(years) and years[0] <= int(min(e["date"][:4] for e in events))
    assert [x for _, x in ticks] == sorted(x for _, x in ticks)  # later years further right
    marks = page.evaluate("Array.prototype.map.call(document.querySelectorAll('#axis .mark'), function (m) {"
                          " return m.getBoundingClientRect().left; })")
    first, last = events[0]["date"], events[-1]["date"]
    assert first < last and marks[0] < marks[-1]
    # the precision of each date is on the page, and undated items are listed apart
    rows = page.evaluate("Array.prototype.map.call(document.querySelectorAll('.ev .prec'), function (p) { return p.textContent; })")
    assert {r.split(" / ")[1] for r in rows} == {e["precision"] for e in events}
    assert page.evaluate("document.querySelectorAll('#undated li').length") == max(1, len(result["undated"]))
    assert_clean(page)


def test_timeline_filters_by_actor_and_kind_and_searches(timeline_page, browser):
    out, result = timeline_page
    page = open_page(browser, out)
    total = len(result["events"])
    shown = "Array.prototype.filter.call(document.querySelectorAll('.ev'), function (r) { return !r.hidden; }).length"
    page.evaluate("var s = document.getElementById('actor'); s.value = 'japan'; s.dispatchEvent(new Event('change'))")
    japan = page.evaluate(shown)
    assert 0 < japan < total
    texts = page.evaluate("Array.prototype.filter.call(document.querySelectorAll('.ev'), function (r) { return !r.hidden; })"
                          ".map(function (r) { return r.innerText; }).join('\\n')")
    assert "일본" in texts or "Japan" in texts
    page.evaluate("var s = document.getElementById('actor'); s.value = ''; s.dispatchEvent(new Event('change'))")
    assert page.evaluate(shown) == total
    kind = page.evaluate("document.getElementById('kind').options[1].value")
    page.evaluate(f"var s = document.getElementById('kind'); s.value = {json.dumps(kind)}; s.dispatchEvent(new Event('change'))")
    assert page.evaluate(shown) == sum(1 for e in result["events"] if e["kind"].split(" (")[0] == kind)
    page.evaluate("var s = document.getElementById('kind'); s.value = ''; s.dispatchEvent(new Event('change'))")
    label = next(e["text"] for e in result["events"] if re.search("[\uac00-\ud7a3]", e["text"]))
    page.evaluate("document.getElementById('search').focus()")
    page.type_text(label)
    n = page.evaluate(shown)
    assert 1 <= n < total and label in page.evaluate("document.getElementById('events').innerText")
    assert page.evaluate("document.getElementById('count').textContent").startswith(f"{n} / {total}")
    ga, na = glyph_pixels(page, page.evaluate("getComputedStyle(document.body).fontFamily").split(",")[0].strip())
    assert ga[0] > 0 and ga != na  # Korean drawn in the page's own font
    assert_clean(page)
