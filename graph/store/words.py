"""The words of a name, for search: tokens, acronyms, and Korean with or without spaces and particles.

A name becomes a set of *terms*:

* each Latin word, case-folded (``"U.S."`` and ``"US"`` both give ``us``);
  small function words (of, the, and…) are left out;
* the acronym of every run of two to four words (``"United States"`` →
  ``us``, ``"Department of Energy"`` → ``doe``), so that a query naming a
  body by its initials finds the full name;
* for Korean, the character pairs (bigrams) of each run of Hangul with the
  spaces taken out, after the particle at the end of a query word is
  dropped (``"아르곤의"`` → ``아르곤``): ``"한미 과학기술"`` and
  ``"한미과학기술"`` give the same terms.

:func:`score` weighs the query's terms by how rare they are among all
names (inverse document frequency), so that a query naming Japan finds the
US–Japan agreement before the Korea–US one that shares every other word.

>>> sorted(terms("US–Japan S&T Agreement"))
['agreement', 'japan', 's', 't', 'us']
>>> "us" in acronyms("Government of the United States of America")
True
>>> terms("한미 과학기술") == terms("한미과학기술")
True
>>> sorted(terms("아르곤의", query=True))
['르곤', '아르']
"""

import math
import re
import unicodedata

__all__ = ["STOPWORDS", "acronyms", "idf", "score", "terms"]

STOPWORDS = frozenset({"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"})
_PARTICLES = ("에서는", "으로는", "에서", "으로", "에게", "까지", "부터", "은", "는", "이", "가", "을", "를", "의",
              "에", "와", "과", "로", "도", "만")


_RUN = re.compile(r"([가-힣]+)|([^\W_가-힣]+)")  # a run of Hangul syllables, or of other letters and digits


def _runs(text):
    """Words of ``text`` as (kind, word): kind ``latin`` (letters and digits) or ``hangul``.

    >>> _runs("AI-for-Science 연구소2개")
    [('latin', 'AI'), ('latin', 'for'), ('latin', 'Science'), ('hangul', '연구소'), ('latin', '2'), ('hangul', '개')]
    """
    return [("hangul", h) if h else ("latin", w) for h, w in _RUN.findall(text)]


def terms(text, query=False):
    """The set of terms of ``text`` (see the module docstring); ``query`` drops Korean particles."""
    out = set()
    hangul = []
    for kind, word in _runs(_fold(text)):
        if kind == "latin":
            if word not in STOPWORDS:
                out.add(word)
        else:
            if query:
                for p in _PARTICLES:
                    if word.endswith(p) and len(word) > len(p) + 1:
                        word = word[: -len(p)]
                        break
            hangul.append(word)
    joined = "".join(hangul)
    if len(joined) == 1:
        out.add(joined)
    out.update(joined[i:i + 2] for i in range(len(joined) - 1))
    return out


def _fold(text):
    return unicodedata.normalize("NFKC", str(text)).casefold().replace(".", "")


def acronyms(text):
    """The initials of every run of two to four Latin words of ``text``, function words skipped."""
    words = [w for kind, w in _runs(_fold(text)) if kind == "latin" and w not in STOPWORDS]
    return {"".join(w[0] for w in words[i:i + n]) for n in range(2, 5) for i in range(len(words) - n + 1)}


def idf(documents):
    """{term: inverse document frequency} over ``documents``, an iterable of term sets."""
    counts, n = {}, 0
    for doc in documents:
        n += 1
        for t in doc:
            counts[t] = counts.get(t, 0) + 1
    return {t: math.log(1 + n / c) for t, c in sorted(counts.items())}  # sorted: the same bytes in every process


def score(query_terms, name_terms, weights, extra=frozenset()):
    """How well a name answers a query, 0–1: the share of the query's weight that the name's terms (or
    its ``extra`` terms, the acronyms) hold, nudged by the share of the name's terms the query covers
    (a short name that is all query beats a long one).

    >>> w = {"us": 1.0, "japan": 2.0, "korea": 2.0, "agreement": 0.5}
    >>> round(score({"us", "japan", "agreement"}, {"united", "states", "japan", "agreement"}, w, {"us"}), 3)
    0.911
    >>> round(score({"us", "japan", "agreement"}, {"us", "korea", "agreement"}, w), 3)
    0.38
    """
    if not query_terms or not name_terms:
        return 0.0
    weight = lambda t: weights.get(t, 1.0)  # noqa: E731
    shared = query_terms & (name_terms | extra)
    if not shared:
        return 0.0
    of_query = sum(weight(t) for t in shared) / sum(weight(t) for t in query_terms)
    of_name = sum(weight(t) for t in shared & name_terms) / sum(weight(t) for t in name_terms)
    return of_query * (0.8 + 0.2 * of_name)
