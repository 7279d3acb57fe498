"""A synthetic data folder in our record format, sized by a target triple count.

The benchmark needs graphs of 10k, 100k and 1M triples that the real
compiler builds and the real checks accept, so this writes YAML records the
way a curator would (``docs/DATA.md``): countries, ministries and agencies,
labs, universities, companies, consortia, facilities, people with posts,
programs with missions, instruments with milestones, agreements between
countries (parties, dates, statuses, signatories) and standing
collaborations, every record with an English and a Korean label, every fact
cited. A citation is either a real sentence of a seed document (the checks
look every quote up verbatim, so quotes are drawn from ``seeds/*.txt``) or,
for about one in seven, a public URL marked as outside the seeds.

Design:

* Records come as a stream in which every record refers only to records
  written before it (a relation may be written from its object's side,
  ``{p: operates, s: lab-…}``), so any prefix of the stream is valid data.
  The generator stops when the estimated triple count reaches the target.
* The estimate mirrors the compiler's rules (one asserted triple per fact
  plus seven per citing source, and so on: :func:`estimate_triples`); the
  fixed part (ontology, documents, concepts) is compiled with the real
  compiler. The built manifest lands within a few per cent of the target.
* The world is cut into country clusters of about fifty records; cluster
  ``i`` draws from ``random.Random(f"{seed}:{i}")`` and links only to
  clusters before it, so a smaller data set is a prefix of a larger one and
  the same seed always gives the same files.

Run ``python bench/synth.py --triples 100000 --out bench/work/synth-100k``;
beside the YAML it writes ``bench.json``: the record count, the estimate,
and parameters for the named queries pointing at synthetic entities.

>>> name_pair(0)
('Kakaka', '카카카')
>>> name_pair(17) != name_pair(18)
True
"""

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

__all__ = ["estimate_triples", "generate", "name_pair", "seed_quotes"]

_LATIN = ["ka", "ro", "mi", "sel", "ta", "nor", "vi", "lun", "pa", "dor", "e", "sum", "ha", "jin", "bo", "rek"]
_HANGUL = ["카", "로", "미", "셀", "타", "노르", "비", "룬", "파", "도르", "에", "숨", "하", "진", "보", "렉"]

AGENCY_KINDS = [("Research Council", "연구회", "RC"), ("Energy Agency", "에너지청", "EA"),
                ("Innovation Office", "혁신처", "IO"), ("Data Commission", "데이터위원회", "DC")]
LAB_FIELDS = [("Fusion", "핵융합"), ("Quantum", "양자"), ("Materials", "소재"), ("Climate", "기후"),
              ("Bioscience", "바이오"), ("Artificial Intelligence", "인공지능")]
FACILITY_KINDS = [("Supercomputer", "슈퍼컴퓨터"), ("Research Network", "연구망"), ("Autonomous Lab", "자율실험실")]
PROGRAM_KINDS = [("National AI for Science Strategy", "국가 AI 과학 전략"), ("Fusion Energy Initiative", "핵융합 에너지 이니셔티브"),
                 ("Quantum Materials Project", "양자 소재 프로젝트")]
INSTRUMENT_KINDS = [("Executive Order on AI for Science", "AI 과학 행정명령"), ("Research Budget Memo", "연구예산 지침")]
AGREEMENT_KINDS = [("Science and Technology Agreement", "과학기술 협정"), ("Joint Research MOU", "공동연구 양해각서"),
                   ("Statement of Intent on AI", "AI 협력 의향서")]
CONCEPTS = {  # scheme -> (id prefix, how many, English stem, Korean stem)
    "priority-area": ("area", 20, "Priority area", "우선분야"),
    "field": ("field", 10, "Field", "분야"),
    "topic": ("topic", 20, "Topic", "주제"),
    "key-technology": ("tech", 30, "Key technology", "핵심기술"),
    "strategic-category": ("cat", 4, "Strategic category", "전략범주"),
}
URLS = ["https://www.energy.gov/science", "https://www.mext.go.jp/en/", "https://www.msit.go.kr/eng/",
        "https://commission.europa.eu/research-and-innovation_en", "https://www.nsf.gov/"]


def name_pair(n):
    """A unique (English, Korean) invented name for the number ``n``: base-16 syllables, at least three."""
    digits = []
    while True:
        n, d = divmod(n, 16)
        digits.append(d)
        if n == 0 and len(digits) >= 3:
            break
    en = "".join(_LATIN[d] for d in digits)
    return en.capitalize(), "".join(_HANGUL[d] for d in digits)


def seed_quotes(project):
    """Sentences of the seed documents that the quote check finds verbatim: {doc id: [quote, …]}.

    Lines of each document, whitespace collapsed, 20–200 characters; each is a
    substring of the document's normalised text by construction.
    """
    from graph.source.documents import Catalogue, normalize_space
    from graph.source.evidence import line_kinds

    catalogue = Catalogue.load(project.catalogue_file)
    pool = {}
    for doc in catalogue:
        text = doc.text(catalogue.seeds)
        raw = (project.seeds / doc.file).read_text(encoding="utf-8")
        # body sentences only: a reference, contents, caption or source line would need a kind mark
        lines = {normalize_space(x) for x, kind in zip(raw.split("\n"), line_kinds(raw)) if kind is None}
        pool[doc.id] = sorted(x for x in lines if 20 <= len(x) <= 200 and x in text)
    return pool


def estimate_triples(rec):
    """Triples the compiler makes of one non-concept record (mirrors ``graph.dataset.compiler``).

    >>> estimate_triples({"id": "x", "type": "Country", "label": {"en": "X", "ko": "엑스"},
    ...                   "sources": [{"doc": "s000", "quote": "q"}]})
    11
    """
    s_rec = len(rec.get("sources") or [])

    def cited(n_sources, qualifiers=0):
        return 1 + (7 + qualifiers) * n_sources

    n = 1 + len(rec.get("label") or {}) + len(set(rec.get("aliases") or [])) + len(rec.get("description") or {})
    n += cited(s_rec)  # rdf:type
    for key in ("date", "endDate", "status", "number", "withinDays"):
        if key in rec:
            n += cited(s_rec)
    if "amount" in rec:
        n += 2 * cited(s_rec)
    for rel in rec.get("relations") or []:
        s = len(rel["sources"]) if "sources" in rel else s_rec
        q = sum(k in rel for k in ("date", "endDate", "status", "role"))
        n += cited(s, q) + (0 if "sources" in rel else s)  # an inherited statement says so (kg:inherited)
        if rel["p"] == "participatesIn" and q:
            n += 1 + 3 * cited(s) + q * cited(s)
    for post in rec.get("posts") or []:
        s = len(post["sources"]) if "sources" in post else s_rec
        n += 1 + cited(s) + cited(s) + 4 + (cited(s) if "date" in post else 0)
    return n


class _World:
    """The stream of records: cluster after cluster, each record citing seed sentences or URLs."""

    def __init__(self, seed, quotes):
        self.seed = seed
        self.quotes = [(doc, q) for doc in sorted(quotes) for q in quotes[doc]]
        self.rnd = None

    # -- small pieces --------------------------------------------------------

    def sources(self, k=None):
        rnd = self.rnd
        k = k or (1 if rnd.random() < 0.6 else 2)
        out = []
        for doc, quote in rnd.sample(self.quotes, k):
            if rnd.random() < 0.14:
                url = rnd.choice(URLS)
                out.append({"url": url, "note": f"outside the seeds: public page {url} states this (synthetic)"})
            else:
                out.append({"doc": doc, "quote": quote})
        unique = {(s.get("doc") or s["url"], s.get("quote")): s for s in out}  # one statement per origin
        return list(unique.values())

    def date(self, low=2000, high=2026):
        rnd = self.rnd
        y = rnd.randint(low, high)
        kind = rnd.random()
        if kind < 0.3:
            return str(y)
        if kind < 0.6:
            return f"{y}-{rnd.randint(1, 12):02d}"
        return f"{y}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}"

    def rel(self, p, own_sources=0.3, **kw):
        r = {"p": p, **kw}
        if self.rnd.random() < own_sources:
            r["sources"] = self.sources(1)
        return r

    def concept(self, scheme):
        prefix, count, _, _ = CONCEPTS[scheme]
        return f"{prefix}-{self.rnd.randrange(count):02d}"

    @staticmethod
    def record(rid, rtype, en, ko, sources, aliases=(), relations=(), **fields):
        rec = {"id": rid, "type": rtype, "label": {"en": en, "ko": ko}}
        if aliases:
            rec["aliases"] = list(dict.fromkeys(aliases))
        rec.update(fields)
        rec["sources"] = sources
        if relations:
            rec["relations"] = list(relations)
            if len(sources) > 1:  # each relation its own sentence: never inherit several record quotes
                for r in rec["relations"]:
                    r.setdefault("sources", sources[:1])
        return rec

    # -- one country cluster -------------------------------------------------

    def cluster(self, i):
        """The records of country ``i``, in an order where each refers only to earlier ones."""
        self.rnd = rnd = random.Random(f"{self.seed}:{i}")
        R, src, rel = self.record, self.sources, self.rel
        cen, cko = name_pair(i)
        country, ministry = f"country-{i}", f"ministry-{i}"
        foreign = lambda: rnd.randrange(i) if i else None  # noqa: E731  an earlier cluster

        yield R(country, "Country", cen, cko, src(), aliases=[f"{cen} Republic", f"{cko} 공화국"])
        yield R(ministry, "Agency", f"{cen} Ministry of Science and Technology", f"{cko} 과학기술부", src(),
                aliases=[f"MST-{i}", f"{cko} 과기부"], relations=[rel("basedIn", o=country)])
        agencies = []
        for k, (en, ko, acr) in enumerate(AGENCY_KINDS):
            aid = f"agency-{i}-{k}"
            agencies.append(aid)
            yield R(aid, "Agency", f"{cen} {en}", f"{cko} {ko}", src(), aliases=[f"{acr}-{i}"],
                    date=self.date(1960, 2020),
                    relations=[rel("basedIn", o=country), rel("partOf", o=ministry)])
        labs = []
        for k, (en, ko) in enumerate(LAB_FIELDS):
            lid = f"lab-{i}-{k}"
            labs.append(lid)
            yield R(lid, "Lab", f"{cen} {en} Laboratory", f"{cko} {ko} 연구소", src(),
                    aliases=[f"{cen[:2].upper()}{en[0]}L-{i}"], date=self.date(1950, 2020),
                    relations=[rel("basedIn", o=country), rel("partOf", o=agencies[k % len(agencies)])])
        univs = []
        for k in range(2):
            uen, uko = name_pair(10_000 + 2 * i + k)
            univs.append(f"univ-{i}-{k}")
            yield R(univs[-1], "University", f"{uen} University", f"{uko} 대학교", src(),
                    relations=[rel("basedIn", o=country)])
        companies = []
        for k in range(4):
            ben, bko = name_pair(200_000 + 4 * i + k)
            companies.append(f"company-{i}-{k}")
            yield R(companies[-1], "Company", f"{ben} Systems", f"{bko} 시스템즈", src(),
                    aliases=[ben.upper()], relations=[rel("basedIn", o=country)])
        consortium = f"org-{i}"
        yield R(consortium, "Organization", f"{cen} AI Research Consortium", f"{cko} AI 연구 컨소시엄", src(),
                relations=[rel("basedIn", o=country), rel("hostedBy", o=univs[0]),
                           *(rel("memberOf", s=c) for c in companies[:3])])
        facilities = []
        for k, (en, ko) in enumerate(FACILITY_KINDS):
            fid = f"facility-{i}-{k}"
            rels = [rel("operates", s=labs[k]), rel("develops", s=companies[k]), rel("hostedBy", o=labs[k])]
            if k:
                rels.append(rel("successorOf", o=facilities[k - 1]))
            facilities.append(fid)
            yield R(fid, "Facility", f"{cen} {en} {k + 1}", f"{cko} {ko} {k + 1}호", src(), date=self.date(2010),
                    status=rnd.choice(["operating", "operating", "under-development", "planned"]), relations=rels)
        people = []
        for k in range(4):
            pen, pko = name_pair(500_000 + 4 * i + k)
            org = [ministry, agencies[k % 4], labs[k], companies[k]][k]
            people.append(f"person-{i}-{k}")
            post = {"title": {"en": ["Minister", "Director", "Lab Director", "Chief Executive"][k],
                              "ko": ["장관", "청장", "연구소장", "대표이사"][k]}, "org": org, "date": self.date(2015)}
            if rnd.random() < 0.5:
                post["sources"] = src(1)
            yield R(people[-1], "Person", f"{pen} {cen[:3]}", f"{pko} {cko[:1]}", src(), posts=[post])
        programs = []
        for k, (en, ko) in enumerate(PROGRAM_KINDS):
            pid = f"program-{i}-{k}"
            rels = [rel("leads", s=ministry if k == 0 else agencies[k]), rel("coordinates", s=agencies[0]),
                    rel("funds", s=agencies[(k + 1) % 4]), rel("uses", o=facilities[k]),
                    rel("participatesIn", s=labs[k], role="lead research institute", date=self.date(2018)),
                    rel("participatesIn", s=labs[k + 3]), rel("participatesIn", s=univs[k % 2]),
                    rel("participatesIn", s=companies[k]),
                    rel("priorityArea", o=self.concept("priority-area")), rel("field", o=self.concept("field")),
                    rel("topic", o=self.concept("topic")), rel("technology", o=self.concept("key-technology"))]
            if k:
                rels.append(rel("partOf", o=programs[0]))
            if i and k == 0:
                rels.append(rel("nationalResponseTo", o=f"program-{foreign()}-0"))
            if i and k == 1 and rnd.random() < 0.5:
                rels.append(rel("modelledOn", o=f"program-{foreign()}-1"))
            programs.append(pid)
            yield R(pid, "Program", f"{cen} {en}", f"{cko} {ko}", src(), aliases=[f"{en.split()[0]}-{i}"],
                    date=self.date(2015), status=rnd.choice(["launched", "announced", "planned", "operating"]),
                    relations=rels)
            for m in range(4):
                yield R(f"mission-{i}-{k}-{m}", "Mission", f"{cen} {en} mission {m + 1}",
                        f"{cko} {ko} 미션 {m + 1}", src(), aliases=[f"#{m + 1}"], number=m + 1,
                        date=self.date(2020), status="announced",
                        relations=[rel("partOf", o=pid), rel("category", o=self.concept("strategic-category")),
                                   rel("technology", o=f"tech-{(3 * i + k + m) % 30:02d}"),
                                   rel("technology", o=f"tech-{(3 * i + k + m + 7) % 30:02d}")])
        for k, (en, ko) in enumerate(INSTRUMENT_KINDS):
            iid = f"instrument-{i}-{k}"
            million = rnd.randint(10, 900)
            yield R(iid, "Instrument", f"{cen} {en}", f"{cko} {ko}", src(), date=self.date(2020),
                    status=rnd.choice(["in-force", "signed", "designated", "proposed"]),
                    amount={"en": f"US${million} million", "ko": f"{million}00만 달러"},
                    relations=[rel("issuedBy", o=ministry), rel("establishes", o=programs[k + 1]),
                               rel("concerns", o=programs[0])])
            yield R(f"milestone-{i}-{k}", "Milestone", f"{cen} {en}: first report due",
                    f"{cko} {ko} 첫 보고 기한", src(), withinDays=rnd.choice([30, 60, 90, 180]),
                    date=self.date(2020), relations=[rel("partOf", o=iid)])
        if not i:
            return
        for k, (en, ko) in enumerate(AGREEMENT_KINDS):
            j = i - 1 if k == 0 else foreign()
            ojen, ojko = name_pair(j)
            parties = [(ministry, f"ministry-{j}"), (labs[rnd.randrange(6)], f"lab-{j}-{rnd.randrange(6)}"),
                       (country, f"country-{j}")][k]
            status = rnd.choice(["signed", "in-force", "in-force", "extended", "expired", "proposed", "under-review"])
            rels = [rel("party", o=parties[0]), rel("party", o=parties[1]), rel("signedBy", o=people[0]),
                    rel("concerns", o=programs[k]), rel("topic", o=self.concept("topic"))]
            if i > 1 and rnd.random() < 0.3:
                rels.append(rel("extends", o=f"agreement-{foreign() or 1}-{k}"))
            fields = {"date": self.date(2005), "status": status}
            if status == "expired":
                fields["endDate"] = "2026"
            yield R(f"agreement-{i}-{k}", "Agreement", f"{cen}–{ojen} {en}", f"{cko}–{ojko} {ko}", src(),
                    aliases=[f"{cen[:3].upper()}-{ojen[:3].upper()} {en.split()[-1]}"], relations=rels, **fields)
        for k in range(2):
            j = foreign()
            ojen, ojko = name_pair(j)
            yield R(f"collab-{i}-{k}", "Collaboration", f"{cen}–{ojen} {LAB_FIELDS[k][0]} collaboration",
                    f"{cko}–{ojko} {LAB_FIELDS[k][1]} 협력", src(), date=self.date(2010),
                    relations=[rel("participant", o=labs[k]), rel("participant", o=f"lab-{j}-{rnd.randrange(6)}"),
                               rel("participant", o=companies[k]), rel("leads", s=agencies[k]),
                               rel("topic", o=self.concept("topic"))])


def _concepts():
    out = []
    for scheme, (prefix, count, en, ko) in CONCEPTS.items():
        for n in range(count):
            out.append({"id": f"{prefix}-{n:02d}", "type": "Concept", "scheme": scheme,
                        "label": {"en": f"{en} {n + 1}", "ko": f"{ko} {n + 1}"}})
    return out


def _fixed_triples(project, concepts):
    """Triples of the ontology, the documents and the concepts, by the real compiler."""
    from rdflib import Graph

    from graph.dataset.compiler import compile_graph
    from graph.source.documents import Catalogue
    from graph.source.records import Record

    ontology = Graph()
    for path in project.ontology_files:
        ontology.parse(path, format="turtle")
    catalogue = Catalogue.load(project.catalogue_file)
    return len(compile_graph([Record(c, "concepts.yaml", 0) for c in concepts], catalogue, ontology))


_FILES = {"Country": "countries", "Agency": "agencies", "Lab": "labs", "University": "universities",
          "Company": "companies", "Organization": "organizations", "Facility": "facilities", "Person": "people",
          "Program": "programs", "Mission": "missions", "Instrument": "instruments", "Milestone": "milestones",
          "Agreement": "agreements", "Collaboration": "collaborations", "Concept": "concepts"}


def generate(folder, triples, seed=1, project=None):
    """Write the records of about ``triples`` triples into ``folder``; return what was written.

    ``folder`` must not be the project's ``data/``; its ``*.yaml`` are replaced (a file whose content
    would not change is left as it is, so an unchanged folder keeps its build cache key and mtimes).
    """
    import yaml

    from graph.render.atomic import write_text
    from graph.project import Project

    project = project or Project.default()
    folder = Path(folder).resolve()
    if folder == (project.root / "data").resolve():
        raise ValueError("refusing to write synthetic records into the project's data/")
    concepts = _concepts()
    fixed = _fixed_triples(project, concepts)
    world = _World(seed, seed_quotes(project))
    by_file = {name: [] for name in _FILES.values()}
    by_file["concepts"] = concepts
    total, records, clusters, complete = fixed, len(concepts), 0, 0
    while total < triples:
        for rec in world.cluster(clusters):
            if total >= triples:
                break
            by_file[_FILES[rec["type"]]].append(rec)
            total += estimate_triples(rec)
            records += 1
        else:
            complete += 1
        clusters += 1
    folder.mkdir(parents=True, exist_ok=True)
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    written = set()
    for name, recs in by_file.items():
        if recs:
            head = f"# Synthetic {name} (bench/synth.py, seed {seed}). Format: docs/DATA.md\n"
            body = yaml.dump(recs, Dumper=dumper, allow_unicode=True, sort_keys=False, width=200,
                             default_flow_style=None)
            path = folder / f"{name}.yaml"
            if not path.exists() or path.read_text(encoding="utf-8") != head + body:
                write_text(path, head + body)  # atomic: a build reading the folder never sees half a file
            written.add(path.name)
    for stale in folder.glob("*.yaml"):
        if stale.name not in written:
            stale.unlink()
    info = {"target_triples": triples, "estimated_triples": total, "records": records, "clusters": clusters,
            "complete_clusters": complete, "seed": seed, "params": _params(complete)}
    write_text(folder / "bench.json", json.dumps(info, ensure_ascii=False, indent=1) + "\n")
    return info


def _params(complete):
    """Named-query parameters pointing at synthetic entities (those of cluster 1 need 2 complete clusters)."""
    last = max(complete - 1, 1)
    return {
        "agreements-between": {"a": "country-1", "b": "country-0"},
        "agreements-of": {"actor": f"country-{last}"},
        "country-lab-collaborations": {"country": f"country-{last}"},
        "missions-of-program": {"program": "program-0-1"},
        "national-laboratories": {"agency": "agency-0-0"},
        "priority-areas": {"program": "program-0-0"},
        "programs-led-by": {"actor": "ministry-0"},
        "quotes-about": {"entity": "agreement-1-0"},
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--triples", type=int, required=True, help="target triple count (e.g. 100000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (e.g. bench/work/synth-100k)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.triples < 1:
        parser.error("--triples must be positive")
    try:
        info = generate(args.out, args.triples, seed=args.seed)
    except ValueError as exc:
        parser.error(str(exc))
    print(f"wrote {info['records']} records in {info['clusters']} clusters to {args.out} "
          f"(about {info['estimated_triples']} triples)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
