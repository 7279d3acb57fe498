"""An entity's name in the reader's language, with the one fallback every output uses.

>>> label_in({"en": "Argonne National Laboratory", "ko": "아르곤 국립연구소"}, "ko")
'아르곤 국립연구소'
>>> label_in({"en": None, "ko": "과학기술정보통신부"}, "en", "msit")
'과학기술정보통신부'
>>> label_in({}, "ko", "anl")
'anl'
"""

__all__ = ["label_in"]


def label_in(names, lang, default=None):
    """``names[lang]``, else the English name, else the Korean one, else ``default``.

    ``names`` is any mapping with ``"en"`` and ``"ko"`` keys: a network node's
    attributes, a name-index entry, a post's title.
    """
    return names.get(lang) or names.get("en") or names.get("ko") or default
