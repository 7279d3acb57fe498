"""kg viz -o FILE.png / FILE.svg: report figures, A4 wide, Korean in the font the project installs."""

import os
import struct
import subprocess
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from graph.render.figure import A4_WIDTH_IN, PNG_DPI, korean_font_path, missing_glyphs

ROOT = Path(__file__).resolve().parents[1]
A4_PX = round(A4_WIDTH_IN * PNG_DPI)  # 1654


def _png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def _pixels(text, font_file, size=28):
    """``text`` drawn black on white with one font file (no fallback), as a grey-level array."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    fig = Figure(figsize=(4, 0.8), dpi=100)
    FigureCanvasAgg(fig)
    fig.text(0.02, 0.5, text, fontproperties=FontProperties(fname=str(font_file), size=size), va="center")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # DejaVu warns that it lacks Hangul: that is the point
        fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[:, :, :3].mean(axis=2)


def _dejavu():
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def test_the_korean_font_comes_with_the_project_not_the_system():
    path = korean_font_path()
    assert path.name == "NanumGothic.ttf" and path.stat().st_size > 1_000_000
    assert "site-packages" in path.parts or "dist-packages" in path.parts  # installed from PyPI
    assert not str(path).startswith(("/usr/share/fonts", "/usr/local/share/fonts"))
    assert missing_glyphs(["아르곤 국립연구소", "한국 → 미국 · 제네시스 미션", "POSTECH-ANL"]) == []
    assert missing_glyphs(["政务"]) == ["务"]  # a simplified hanzi it lacks is reported, not hidden
    assert "koreanize_matplotlib" not in sys.modules  # found by path; importing it would restyle matplotlib


def test_no_tofu_hangul_is_drawn_with_real_glyphs():
    import numpy as np

    nanum, dejavu = korean_font_path(), _dejavu()
    # a font without Hangul draws the same .notdef box for every syllable: 가 and 나 come out identical ...
    assert np.array_equal(_pixels("가", dejavu), _pixels("나", dejavu))
    assert (_pixels("가", dejavu) < 128).sum() > 0  # (something is drawn: the box)
    # ... the project's font draws two different letters
    ga, na = _pixels("가", nanum), _pixels("나", nanum)
    assert (np.abs(ga - na) > 64).sum() > 100
    # and a whole label differs substantially between the two fonts
    label_nanum, label_dejavu = _pixels("아르곤 국립연구소", nanum), _pixels("아르곤 국립연구소", dejavu)
    ink = (label_nanum < 128) | (label_dejavu < 128)
    assert (np.abs(label_nanum - label_dejavu) > 64).sum() > 0.3 * ink.sum()
    # the syllables of the label differ from each other with the project's font, not with DejaVu
    syllables = [_pixels(ch, nanum) for ch in "아르곤"]
    assert not any(np.array_equal(syllables[i], syllables[j]) for i in range(3) for j in range(i))
    assert all(np.array_equal(_pixels(ch, dejavu), _pixels("아", dejavu)) for ch in "르곤국립")


def test_png_of_the_korea_anl_path_is_a4_wide(kg, tmp_path):
    out = tmp_path / "x.png"
    result = kg("viz", "--path", "Korea", "ANL", "--lang", "ko", "-o", out)
    assert result.exit_code == 0, result.stderr
    assert "A4 wide" in result.stderr and "no glyph" not in result.stderr
    data = out.read_bytes()
    width, height = _png_size(data)
    assert width == A4_PX == 1654 and height > 800
    import matplotlib.image

    pixels = matplotlib.image.imread(out)
    assert pixels.shape[1] == A4_PX and (pixels[:, :, :3].mean(axis=2) < 0.5).mean() > 0.005  # not blank
    again = tmp_path / "again.png"
    kg("viz", "--path", "Korea", "ANL", "--lang", "ko", "-o", again)
    assert again.read_bytes() == data  # a fixed seed: the same figure every time


def test_svg_is_xml_with_the_korean_labels_and_glyph_outlines(kg, tmp_path):
    out = tmp_path / "x.svg"
    result = kg("viz", "--path", "Korea", "ANL", "--lang", "ko", "-o", out)
    assert result.exit_code == 0, result.stderr
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root = ET.fromstring(out.read_bytes(), parser=parser)
    svg = "{http://www.w3.org/2000/svg}"
    assert root.tag == svg + "svg" and root.get("width") == f"{A4_WIDTH_IN * 72:g}pt"
    # text is kept as outlines (no font needed to view it); each string is written as a comment before them
    assert not list(root.iter(svg + "text"))
    comments = [c.text.strip() for c in root.iter() if c.tag is ET.Comment]
    assert "아르곤 국립연구소" in comments and "한국" in comments and "Lab 연구기관" in comments
    assert len(list(root.iter(svg + "path"))) > 50
    ns = {"dc": "http://purl.org/dc/elements/1.1/"}
    assert root.find(".//dc:title", ns).text == "AI-for-science policy map: Korea → ANL"


def test_unwritable_path_is_exit_6(kg, tmp_path):
    result = kg("viz", "--path", "Korea", "ANL", "-o", tmp_path / "missing" / "x.png")
    assert result.exit_code == 6 and "cannot write" in result.stderr
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = kg("viz", "--path", "Korea", "ANL", "--lang", "ko", "-o", blocker / "x.svg")
    assert result.exit_code == 6 and "cannot write" in result.stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder" and os.listdir(tmp_path) == ["file"]


@pytest.mark.parametrize("name", ["x.pdf", "x.jpg", "x", "x.txt"])
def test_other_suffixes_are_exit_2_with_a_message(kg, tmp_path, name):
    result = kg("viz", "--path", "Korea", "ANL", "-o", tmp_path / name)
    assert result.exit_code == 2
    assert ".html" in result.stderr and ".png" in result.stderr and ".svg" in result.stderr
    assert not (tmp_path / name).exists()


def test_html_output_does_not_import_matplotlib(tmp_path):
    out = tmp_path / "x.html"
    code = ("import sys\nfrom graph.cli import main\n"
            f"try:\n    main(['viz', '--path', 'Korea', 'ANL', '-o', {str(out)!r}])\n"
            "except SystemExit as e:\n    assert not e.code, e.code\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('matplotlib', 'PIL', 'koreanize_matplotlib')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]" and out.exists()
