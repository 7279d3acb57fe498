"""The Korean font a page carries: measured in Python, subset and embedded in the page.

Every text of an HTML map (labels on the canvas, legend, panel, search) is
set in one font, a subset of NanumGothic (SIL Open Font License 1.1) taken
from the file the project already installs for its figures
(:func:`graph.render.figure.korean_font_path`). Because the page draws with
the same font Python measures, a label's box is known before the page is
written, and the layout can keep boxes apart (:mod:`graph.render.layout`).

The subset holds only the characters the page uses, as WOFF (zlib), under a
family name of its own (:data:`FAMILY`; the OFL asks modified versions not
to use the reserved name), with the copyright and licence records kept. The
page decodes it from base64 and registers it with the ``FontFace`` API, so
opening the page makes no request at all, not even for a ``data:`` URL.

>>> round(text_width("AB", 10), 2) == round(text_width("A", 10) + text_width("B", 10), 2)
True
>>> text_width("가", 12) > text_width("i", 12)
True
>>> wrap_label("Korea–US Technology Prosperity Deal (TPD) for joint projects", 12, 120).count("\\n") >= 1
True
"""

import base64
import io
import logging

__all__ = ["FAMILY", "embedded_font", "line_height", "text_width", "wrap_label"]

#: the family name the page registers the subset under
FAMILY = "KG Korean Sans"
#: line height of a canvas label, in font sizes (vis-network: one font size per line)
LINE = 1.0

_metrics = None


def _load():
    global _metrics
    if _metrics is None:
        from fontTools.ttLib import TTFont

        from graph.render.figure import korean_font_path

        font = TTFont(str(korean_font_path()), lazy=True)
        hmtx, cmap = font["hmtx"], font.getBestCmap()
        em = font["head"].unitsPerEm
        _metrics = ({cp: hmtx[name][0] / em for cp, name in cmap.items()}, em)
    return _metrics


def text_width(text, size):
    """Width in pixels of one line of ``text`` at font ``size`` px in the embedded font."""
    widths, _ = _load()
    return sum(widths.get(ord(ch), 1.0 if ord(ch) > 0x2e7f else 0.6) for ch in text) * size


def line_height(size):
    """Height in pixels of one label line at font ``size``."""
    return LINE * size


def wrap_label(text, size, max_width):
    """``text`` broken into lines of at most ``max_width`` px where it has spaces (long words stay whole)."""
    words, lines, line = (text or "").split(), [], ""
    for word in words:
        trial = f"{line} {word}" if line else word
        if line and text_width(trial, size) > max_width:
            lines.append(line)
            line = word
        else:
            line = trial
    if line:
        lines.append(line)
    return "\n".join(lines) or (text or "")


def embedded_font(text):
    """The subset of NanumGothic that draws every character of ``text``, as base64 WOFF."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from graph.render.figure import korean_font_path

    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    options = subset.Options()
    options.flavor = "woff"
    options.hinting = False
    options.layout_features = []
    options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]
    options.notdef_outline = True
    font = TTFont(str(korean_font_path()))
    sub = subset.Subsetter(options)
    sub.populate(text="".join(sorted(set(text) | set(" ?…·→←"))))
    sub.subset(font)
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16):
            record.string = FAMILY if record.nameID != 6 else FAMILY.replace(" ", "")
    font.flavor = "woff"
    buf = io.BytesIO()
    font.save(buf)
    return base64.b64encode(buf.getvalue()).decode("ascii")

