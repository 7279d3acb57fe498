"""Find entities by name: IRI, local id, English or Korean label, or alias.

Matching ignores case, spacing and punctuation (``"Korea–US TPD"`` equals
``"korea us tpd"``); Korean matches with or without spaces. Exact matches on
the id or a label win over alias matches; a name no entity has gets close
suggestions (the best of :meth:`NameIndex.search`); a name several entities
share is reported with its candidates.

:meth:`NameIndex.search` ranks by the words of the query
(:mod:`graph.store.words`: tokens weighted by rarity, acronyms, Korean with
or without spaces and particles), by the whole name (exact, prefix,
substring) and, for typos, by a close spelling, and filters by class
(subclasses included) before the limit.

>>> normalize("  Korea–US  Technology-Prosperity Deal ")
'koreaustechnologyprosperitydeal'
>>> normalize("아르곤 국립연구소")
'아르곤국립연구소'
"""

import re
import unicodedata
from dataclasses import dataclass, field

from graph.errors import AmbiguousNameError, UnknownNameError
from graph.store.local import query
from graph.store.words import acronyms, idf, score, terms
from graph.vocab.namespaces import ID, local_id
from graph.vocab.labels import label_in

__all__ = ["NameIndex", "load_index", "normalize", "save_index"]

_NOT_ALNUM = re.compile(r"[\W_]+")  # what str.isalnum() refuses
_FILE = "names.json"  # the parts of the index as cached, see NameIndex.to_json
_ENTRIES = "names-entries.json"
_PREFIXES = "names-prefixes.json"
_WORDS = "search-words.json"
_PARTS = {"entries": _ENTRIES, "prefixes": _PREFIXES, "words": _WORDS, "weights": _WORDS}
# weight of each kind of name when ranking search results
_KIND_RANK = {"id": 0, "label": 1, "alias": 2}


def normalize(text):
    """Case-folded NFKC text with every character that is not a letter or digit removed."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", str(text)).casefold())


@dataclass
class NameIndex:
    """Names of every entity: ``entries[id] = {"type", "en", "ko", "aliases"}``."""

    entries: dict
    keys: dict = field(default_factory=dict)  # normalized name -> {id: best kind}
    prefixes: dict = field(default_factory=dict)  # normalized leading words of a name -> {ids}
    words: dict = field(default_factory=dict)  # id -> [(kind, terms, acronyms)] of each name
    weights: dict = field(default_factory=dict)  # term -> inverse document frequency over all names

    @classmethod
    def from_store(cls, store):
        """The index of the dataset in an Oxigraph store."""
        result = query(store, """
            SELECT ?s ?type ?name ?lang ?kind WHERE {
                ?s kg:localId ?id ; a ?type .
                FILTER(STRSTARTS(STR(?s), STR(kgid:)) && ?type != kg:Statement)
                { ?s rdfs:label ?name BIND("label" AS ?kind) }
                UNION { ?s skos:altLabel ?name BIND("alias" AS ?kind) }
                UNION { ?s kg:localId ?name BIND("id" AS ?kind) }
                BIND(lang(?name) AS ?lang) }""")
        return cls._from_rows({k: row[k].value for k in ("s", "type", "name", "lang", "kind")} for row in result)

    @classmethod
    def from_triples(cls, triples):
        """The index of the dataset's triples (rdflib terms, as the compiler makes them, or already sorted by
        predicate: :class:`graph.dataset.rows.ByPredicate`): the rows of :meth:`from_store`'s query read straight
        from them (:mod:`graph.dataset.rows`), the same index."""
        from graph.dataset.rows import ByPredicate, name_rows

        return cls._from_rows(name_rows(ByPredicate.of(triples)))

    @classmethod
    def _from_rows(cls, rows):
        """The index from the rows of the names query: dicts of ``s``, ``type``, ``name``, ``lang``, ``kind``."""
        entries = {}
        for row in rows:
            eid = local_id(row["s"])
            entry = entries.setdefault(eid, {"type": None, "en": None, "ko": None, "aliases": []})
            t = row["type"]
            short = "skos:Concept" if t.endswith("core#Concept") else "kg:" + local_id(t)
            if entry["type"] is None or entry["type"] == "skos:Concept":
                entry["type"] = short
            name, kind, lang = row["name"], row["kind"], row["lang"]
            if kind == "label" and lang in ("en", "ko"):
                entry[lang] = name
            elif kind == "alias" and name not in entry["aliases"]:
                entry["aliases"].append(name)
        for entry in entries.values():  # the same index whichever order the store gives the rows in
            entry["aliases"].sort()
        index = cls(dict(sorted(entries.items())))
        index._build_keys()
        return index

    def to_json(self):
        """The index as plain JSON values, in parts: ``{file name: value}`` (sets as sorted lists).

        Resolving a name needs only the keys (``names.json``); the entries,
        the leading words and the search words are read when first used
        (:meth:`from_json`), so that ``kg path`` decodes a fifth of it.
        """
        return {_FILE: {"keys": self.keys},
                _ENTRIES: {"entries": self.entries},
                _PREFIXES: {"prefixes": {k: sorted(v) for k, v in self.prefixes.items()}},
                _WORDS: {"words": {e: [[kind, sorted(t), sorted(a)] for kind, t, a in names]
                                   for e, names in self.words.items()}, "weights": self.weights}}

    @classmethod
    def from_json(cls, read, afresh=None):
        """The index :meth:`to_json` wrote; ``read(file name)`` gives one part, or None when it cannot, and
        ``afresh()`` then gives the whole index computed again (from the store).

        Only the keys are read now; every other part when first used.

        >>> i = NameIndex({"anl": {"type": "kg:Lab", "en": "Argonne National Laboratory", "ko": None, "aliases": []}})
        >>> i._build_keys()
        >>> parts = i.to_json()
        >>> j = NameIndex.from_json(parts.get)
        >>> j.resolve("Argonne National Laboratory"), sorted(j.__dict__)  # an exact name: only the keys read
        ('anl', ['_afresh', '_read', 'keys'])
        >>> j.resolve("argonne"), sorted(j.__dict__)  # the leading words of a name: those read too
        ('anl', ['_afresh', '_read', 'keys', 'prefixes'])
        >>> j.search("argonne national") == i.search("argonne national"), j == i
        (True, True)
        """
        index = cls.__new__(cls)
        index.keys = read(_FILE)["keys"]
        index._read, index._afresh = read, afresh
        return index

    def __getattr__(self, name):
        """A part not read yet (see :meth:`from_json`): read it now, or compute it when it cannot be read."""
        file = _PARTS.get(name)
        read = self.__dict__.get("_read")
        if file is None or read is None:
            raise AttributeError(name)
        data = read(file)
        if data is None:  # damaged: every part afresh, keys included, so that they agree
            fresh = self._afresh()
            for part in ("entries", "keys", "prefixes", "words", "weights"):
                setattr(self, part, getattr(fresh, part))
            return self.__dict__[name]
        if file == _WORDS:
            self.words = {e: [(kind, frozenset(t), frozenset(a)) for kind, t, a in names]
                          for e, names in data["words"].items()}
            self.weights = data["weights"]
        elif file == _PREFIXES:
            self.prefixes = {k: set(v) for k, v in data["prefixes"].items()}
        else:
            self.entries = data["entries"]
        return self.__dict__[name]

    def _build_keys(self):
        for eid, e in self.entries.items():
            names = [("id", eid), ("id", ID + eid)] + [("label", e[l]) for l in ("en", "ko") if e[l]]
            names += [("alias", a) for a in e["aliases"]]
            for kind, name in names:
                key = normalize(name)
                if key:
                    slot = self.keys.setdefault(key, {})
                    if eid not in slot or _KIND_RANK[kind] < _KIND_RANK[slot[eid]]:
                        slot[eid] = kind
                words = [normalize(w) for w in unicodedata.normalize("NFKC", str(name)).split()]
                for n in range(1, len(words)):
                    head = "".join(words[:n])
                    if len(head) >= 2:
                        self.prefixes.setdefault(head, set()).add(eid)
        self._build_words()

    def _build_words(self):
        """The terms and acronyms of every name (:mod:`graph.store.words`) and the weight of each term."""
        self.words = {}
        for eid, e in self.entries.items():
            names = [("id", eid)] + [("label", e[l]) for l in ("en", "ko") if e[l]]
            names += [("alias", a) for a in e["aliases"]]
            self.words[eid] = [(kind, frozenset(found), frozenset(acronyms(name)))
                               for kind, name in names for found in [terms(name)] if found]
        self.weights = idf(t for names in self.words.values() for _, t, _ in names)

    def label(self, eid, lang="en"):
        e = self.entries.get(eid)
        if not e:
            return eid
        return label_in(e, lang, eid)

    def resolve(self, name, among=None):
        """The id ``name`` stands for; ``among`` limits the candidates (e.g. graph nodes).

        Raises UnknownNameError with suggestions, or AmbiguousNameError.
        """
        text = str(name).strip()
        if text.startswith("<") and text.endswith(">"):
            text = text[1:-1]
        for prefix in ("kgid:",):
            if text.startswith(prefix):
                text = ID + text[len(prefix):]
        ok = (lambda i: i in among) if among is not None else (lambda i: True)
        key = normalize(text)
        hits = {i: k for i, k in self.keys.get(key, {}).items() if ok(i)}
        if not hits and key:
            # a unique entity whose name starts with these words ("아르곤" → 아르곤 국립연구소)
            starts = {i for i in self.prefixes.get(key, ()) if ok(i)}
            if len(starts) == 1:
                return starts.pop()
            if len(starts) > 1:
                raise AmbiguousNameError(name, [self.describe(i) for i in sorted(starts)][:12])
        if not hits:
            raise UnknownNameError(name, self.suggest(text, among))
        best = min(_KIND_RANK[k] for k in hits.values())
        top = sorted(i for i, k in hits.items() if _KIND_RANK[k] == best)
        if len(top) > 1:
            raise AmbiguousNameError(name, [self.describe(i) for i in top])
        return top[0]

    def describe(self, eid):
        e = self.entries[eid]
        return f"{eid} ({e['en'] or ''} / {e['ko'] or ''}, {e['type']})"

    def suggest(self, text, among=None, n=5):
        """Up to ``n`` "did you mean" names for ``text``: the best of :meth:`search` among ``among``."""
        hits = self.search(text, limit=n, among=among, least=0.3)
        return [f"{self.label(i)} ({i})" for i, _ in hits]

    def search(self, text, limit=20, types=None, among=None, least=0.0):
        """Entities whose names match ``text``, best first: ``[(id, score)]``, at most ``limit``.

        Parameters
        ----------
        types : class names (``"kg:Lab"``…); an entity of a subclass qualifies. Applied before the limit.
        among : only these ids (e.g. the nodes of the network).
        least : the lowest score kept.

        >>> from graph.workspace import Workspace
        >>> names = Workspace().names
        >>> names.search("US-Japan Science and Technology Cooperation Agreement", limit=1)[0][0]
        'us-japan-st-agreement'
        >>> len(names.search("korea", types=["kg:Lab"], limit=5)) >= 3
        True
        """
        import difflib

        from graph.vocab.schema import ancestors_of

        key = normalize(text)
        if not key:
            return []
        wanted = set(types) if types else None

        def ok(eid):
            if among is not None and eid not in among:
                return False
            return wanted is None or bool(ancestors_of(self.entries[eid]["type"]) & wanted)

        scores = {}

        def keep(eid, s):
            if s > scores.get(eid, 0) and ok(eid):
                scores[eid] = s

        close = []
        heads = self.prefixes.get(key, ())  # names whose leading words are the query
        for k, ids in self.keys.items():  # the whole name: exact, leading words, substring
            if key not in k:
                if abs(len(k) - len(key)) <= 4:
                    close.append(k)
                continue
            for eid, kind in ids.items():
                if k == key:
                    s = 1.0
                elif k.startswith(key) and eid in heads:
                    s = 0.9 - 0.2 * (1 - len(key) / len(k))
                else:  # inside the name, or a prefix that cuts a word ("koreaa" in "Korea AI…")
                    s = 0.6 - 0.2 * (1 - len(key) / len(k))
                keep(eid, round(s - 0.02 * _KIND_RANK[kind], 4))
        query_terms = terms(text, query=True)
        if query_terms:  # the words of the query, weighted by rarity: up to 0.85, below an exact name
            for eid, names in self.words.items():
                best = max((score(query_terms, t, self.weights, a) - 0.02 * _KIND_RANK[kind]
                            for kind, t, a in names), default=0.0)
                keep(eid, round(0.85 * best, 4))
        if max(scores.values(), default=0) < 0.5:  # nothing good: a close spelling (a typo) may be meant
            for k in close:
                s = difflib.SequenceMatcher(None, key, k).ratio() * 0.6
                if s >= 0.4:
                    for eid, kind in self.keys[k].items():
                        keep(eid, round(s - 0.02 * _KIND_RANK[kind], 4))
        ranked = sorted(((i, s) for i, s in scores.items() if s >= least and s > 0), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:limit]


def load_index(build, store_factory):
    """The name index of ``build``, from its checked JSON parts or built now (and cached while the build is made).

    A part found damaged when it is read is computed afresh from the store, with the rest.
    """
    keys = build.read_json(_FILE)
    if keys is None:
        index = NameIndex.from_store(store_factory(build))
        save_index(build, index)
        return index
    return NameIndex.from_json(lambda file: keys if file == _FILE else build.read_json(file),
                               lambda: NameIndex.from_store(store_factory(build)))


def save_index(build, index):
    """Cache the name index ``index`` in ``build`` while it is being built, in parts (what :func:`load_index` reads)."""
    for file, value in index.to_json().items():
        build.write_json(file, value)
