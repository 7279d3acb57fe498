"""The maps' layouts, legend and font, checked in Python on the real graph (no browser needed)."""

import base64
import io
import json

import pytest

from graph.render.font import FAMILY
from graph.render.layout import overlapping
from graph.render.style import CLASS_STYLE


def _data(kg, tmp_path, *args):
    out = tmp_path / "map.html"
    result = kg("viz", *args, "-o", out)
    assert result.exit_code == 0, result.stderr
    page = out.read_text(encoding="utf-8")
    return page, json.loads(page.split('id="kg-data">', 1)[1].split("</script>", 1)[0])


@pytest.mark.parametrize("args", [("--path", "Korea", "ANL"), ("--ego", "ANL"), ("--program", "Genesis Mission"),
                                  ("--ego", "RIKEN", "--radius", "2"), ("--type", "Agreement", "--type", "Country")])
def test_layout_keeps_every_node_and_label_box_apart(kg, tmp_path, args):
    _, data = _data(kg, tmp_path, *args)
    pos = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    boxes = {n["id"]: tuple(n["box"]) for n in data["nodes"]}
    assert len(pos) > 5 and overlapping(pos, boxes) == []
    assert data["options"]["physics"] == {"enabled": False}


def test_overlap_check_finds_boxes_that_touch():
    boxes = {"a": (40, 10, 10), "b": (40, 10, 10)}
    assert overlapping({"a": (0, 0), "b": (39, 5)}, boxes) == [("a", "b")]
    assert overlapping({"a": (0, 0), "b": (41, 5)}, boxes) == []


def test_the_whole_map_is_laid_out_the_same_way_every_time(kg, tmp_path):
    _, first = _data(kg, tmp_path, "--all")
    _, second = _data(kg, tmp_path, "--all")
    assert [(n["id"], n["x"], n["y"]) for n in first["nodes"]] == [(n["id"], n["x"], n["y"]) for n in second["nodes"]]
    assert len({(n["x"], n["y"]) for n in first["nodes"]}) == len(first["nodes"])  # no two nodes on one spot


def test_whole_map_is_grouped_by_country_with_a_label_per_cluster(kg, tmp_path):
    _, data = _data(kg, tmp_path, "--all")
    names = {c["name"] for c in data["clusters"]}
    assert {"United States", "Republic of Korea", "Japan", "China"} <= names
    x = {n["id"]: (n["x"], n["y"]) for n in data["nodes"]}
    us = next(c for c in data["clusters"] if c["name"] == "United States")
    for lab in ("anl", "bnl", "ornl"):  # the DOE labs sit inside the United States' cluster
        assert (x[lab][0] - us["x"]) ** 2 + (x[lab][1] - us["y"]) ** 2 <= (us["r"] * 1.5) ** 2
    big = [n for n in data["nodes"] if n["font"]["size"] > 12]
    assert 10 <= len(big) <= 45  # the most central labelled for the fitted view, the rest on zoom


def test_every_node_has_its_class_colour_and_the_legend_lists_only_classes_on_the_map(kg, tmp_path):
    _, data = _data(kg, tmp_path, "--ego", "ANL")
    for n in data["nodes"]:
        assert (n["color"]["background"], n["shape"]) == CLASS_STYLE[n["cls"]][:2]
        assert "group" not in n  # no vis-network group palette can repaint it
    drawn = data["nodes"]  # the neighbours to expand are carried apart, under "reserve"
    assert {c["name"] for c in data["legend"]["classes"]} == {n["cls"] for n in drawn}
    assert {r["key"] for r in data["legend"]["relations"]} == {e["family"] for e in data["edges"]}
    assert {s["kind"] for s in data["legend"]["statuses"]} == {"standing", "tentative"}
    reserve = {c["name"] for c in data["legend"]["reserve"]["classes"]}  # their classes are listed apart
    assert reserve == {n["cls"] for n in data["reserve"]["nodes"]} - {n["cls"] for n in drawn} != set()


def test_the_page_carries_a_korean_font_subset_with_every_character_it_shows(kg, tmp_path):
    from fontTools.ttLib import TTFont

    page, data = _data(kg, tmp_path, "--path", "Korea", "ANL", "--lang", "ko")
    b64 = json.loads(page.split('id="kg-font">', 1)[1].split("</script>", 1)[0])
    font = TTFont(io.BytesIO(base64.b64decode(b64)))
    cmap = font.getBestCmap()
    shown = {ch for n in data["nodes"] for ch in n["label"] + n["en"] + n["ko"] if not ch.isspace()}
    shown |= {ch for e in data["edges"] for f in e["facts"] for s in f["sources"] for ch in s["quote"] if not ch.isspace()}
    assert shown and {ch for ch in shown if ord(ch) not in cmap} == set()
    assert len(cmap) < 3000  # a subset, not the 17,000-character font
    assert font["name"].getDebugName(1) == FAMILY  # renamed, as the OFL asks of a modified font
    assert "NHN Corporation" in font["name"].getDebugName(0)  # the copyright record is kept
    assert "data:font" not in page and "@font-face" not in page  # loaded from bytes: no URL, no request


def test_a_restriction_has_a_style_of_its_own_and_a_legend_entry(kg, tmp_path):
    from graph.render.style import RESTRICTION_COLOR

    _, data = _data(kg, tmp_path, "--ego", "US designation of Korea as a 'sensitive country'")
    node = next(n for n in data["nodes"] if n["id"] == "us-sensitive-country-designation-korea")
    assert node["kind"] == "restriction" and node["color"]["border"] == RESTRICTION_COLOR and node["borderWidth"] >= 3
    assert node["shapeProperties"]["borderDashes"] is False  # a restriction in force is no proposal
    ties = [e for e in data["edges"] if node["id"] in (e["from"], e["to"])]
    assert ties and all(e["color"]["color"] == RESTRICTION_COLOR for e in ties)
    assert "restriction" in {s["kind"] for s in data["legend"]["statuses"]}
    assert "designated / 지정" in node["title"]


def test_a_map_as_of_a_date_shows_only_what_was_in_force(kg, tmp_path):
    _, now = _data(kg, tmp_path, "--ego", "ANL")
    _, then = _data(kg, tmp_path, "--ego", "ANL", "--as-of", "2025-06-01")
    assert {"k-rbrc", "postech-anl-center"} <= {n["id"] for n in now["nodes"] if n["kind"] == "tentative"}
    assert [n["id"] for n in then["nodes"] if n["kind"] == "tentative"] == []
    assert [e for e in then["edges"] if e["dashes"]] == []
    assert "tentative" not in {s["kind"] for s in then["legend"]["statuses"]}


def test_edge_labels_are_drawn_on_path_maps_only(kg, tmp_path):
    _, path = _data(kg, tmp_path, "--path", "Korea", "ANL")
    _, ego = _data(kg, tmp_path, "--ego", "ANL")
    assert all(e["label"] for e in path["edges"]) and not any(e["label"] for e in path["reserve"]["edges"])
    assert not any(e["label"] for e in ego["edges"]) and all(e["title"] for e in ego["edges"])
