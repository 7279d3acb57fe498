"""Names in running text, Korean or English: sentences, particles, known names, new names.

The text analysis behind ``kg ingest`` (:mod:`graph.ingest`): split a text
into sentences, strip the Korean particles attached to a name
(``아르곤국립연구소와``, ``과기정통부는``), find known labels and aliases with
:class:`Matcher`, and spot candidate new actors (acronyms, Korean names ending
in an organisation suffix, capitalised English names with a head word).

>>> strip_particle("과기정통부는")
('과기정통부', '는')
>>> split_sentences("미국은 발표했다. 일본도 참여한다.\\n- KFE와 협력")
['미국은 발표했다.', '일본도 참여한다.', 'KFE와 협력']
"""

import re
import unicodedata
from dataclasses import dataclass

from graph.store.resolve import normalize

__all__ = ["Matcher", "SKIP_TYPES", "is_acronym", "org_stem", "read_sentence", "script", "split_sentences", "strip_particle"]

# kinds of node that are not named things a document "mentions"
SKIP_TYPES = {"skos:Concept", "kg:Statement", "kg:Post", "kg:Participation", "kg:Document"}

# Korean particles and endings that may follow a name (longest tried first);
# 등 (etc.), 측 (side) and 간 (between) are nouns that attach the same way.
PARTICLES = sorted(set("""
은 는 이 가 을 를 와 과 의 에 도 만 로 나 라 랑 께 인 등 측 간
에서 으로 까지 부터 에게 께서 이며 이다 과의 와의 에는 에도 에의 로는 로도 로의 로서 로써
와는 과는 와도 과도 이나 이랑 처럼 보다 조차 마저 이라 라는 이고 이자 였다 한테 만큼 대로
에서는 에서도 에서의 으로는 으로도 으로의 으로서 으로써 이라는 이었다 였으며 에게서 까지의
부터의 보다는 이었으며
""".split()), key=len, reverse=True)

# organisation suffixes, longest first; a one-syllable suffix needs a longer name
ORG_SUFFIXES = sorted("""
부 청 원 처 연구소 연구원 연구센터 위원회 대학교 대학원 대학 재단 공사 공단 센터 협회 학회
협의회 연합회 진흥원 평가원 기구 사업단 추진단 은행 본부 사무국 연맹
""".split(), key=len, reverse=True)

# common nouns that end like an organisation but are not one
_NOT_ORG_ENDINGS = tuple("""
정부 일부 전부 내부 외부 세부 여부 부처 간부 학부 지원 자원 인원 회원 위원 의원 차원 기원 복원
동원 충원 증원 감원 요원 교원 직원 사원 임원 공무원 요청 신청 출처 대처 억원 만원 조원 천원
백원 선임연구원 책임연구원 수석연구원 박사후연구원 위촉연구원 객원연구원 전임연구원 주임연구원
전문관리원 동부 서부 남부 북부 중부 조건부 지도부 수뇌부 상층부 하부 상부 거래처 연락처 수요처
출원 공급처 사용처 판매처 발간처 아키텍처 네이처 벤처 캡처 피처 퓨처 컬처 텍스처 스트럭처 시그니처
""".split())

# words that make "<word> + suffix" a kind of body, not the name of one (국립연구소, 운영위원회)
_GENERIC_PREFIXES = set("""
국립 특화 출연 정부출연 전담 협력 부설 산하 민간 공공 지역 해외 국내 주요 관련 전문 운영 평가 윤리 인증
등록 검진 연수 데이터 자문 심사 조정 실무 추진 각종 해당 신규 기존 개별 여러 일부 모든 전국 거점 공동
통합 지원 관리 기술 연구 분과 소위 특별 상임 상설 현지 연구개발 대학 우리
""".split())

# acronyms that are words of the trade, not actors
_NOT_ORG_ACRONYMS = set("""
AI AX DX GX ICT IT R&D RD CEO CTO CFO GDP GPU CPU NPU TPU LLM LLMS HPC HBM ML DL PDF URL USD
KRW EUR JPY TV OK AM PM DNA RNA ESG API SW HW PC PHD TF MOU MOA PD PM QA FAQ IP IPO SNS UI UX
NO VS ETC SDK OS AR VR XR IOT AGI ASI SOTA FY TBD NA RFP KPI ROI GPT NLP NLU RL RLHF STEM CUDA
EUV DUV OLED LCD LED PCB TLS SSH QUIC RSA ECDH ECDSA HSM FSD ID Q&A DEI PDCA SMR FT CMOS SOC RAM
DRAM NAND SSD HDD ASIC FPGA MMLU GPQA BBH SWE GSM CNN RNN GAN OCR CV ARC CCTV SCI SCIE PPT
""".split())

_ROMAN = re.compile(r"[IVXLC]+")
_ACRONYM = re.compile(r"(?<![A-Za-z0-9&])[A-Z][A-Z0-9&\-]*[A-Z0-9](?![A-Za-z0-9])")
_HANGUL_RUN = re.compile(r"[가-힣]+")
_AFTER_ACRONYM = re.compile(r"\s*\(\s*([A-Z][A-Za-z0-9&\-]{1,11})\s*[,)]")
_GAP = set(" \t\u00a0\u3000-\u2010\u2011\u2013\u2014\u00b7\u30fb.&/_")
_APOSTROPHES = ("'", "\u2019")
_BULLET = re.compile(r"^\s*(?:[•·◦▪▶►○●□■◆◇※▷◎☐✓]+\s*|[-*>+]\s+|#{1,6}\s+|\(?\d{1,2}[.)]\s+|[①-⑳]\s*)+")
_SENTENCE_END = re.compile(r"[.?!。？！]+[\"'”’)\]」』]*(?=\s)")
_ABBREVIATION = re.compile(
    r"(?:\b(?:[A-Za-z]\.)+[A-Za-z]?|\b(?:Mr|Mrs|Ms|Dr|Prof|St|Jr|Sr|Inc|Ltd|Co|Corp|vs|No|Fig|approx|e\.g|i\.e))$")


# ------------------------------------------------------------------ text helpers


def script(ch):
    """``"wide"`` for Hangul and CJK, ``"latin"`` for other letters and digits, else ``""``.

    >>> [script(c) for c in "한A1 漢-"]
    ['wide', 'latin', 'latin', '', 'wide', '']
    """
    if not ch or not ch.isalnum():
        return ""
    o = ord(ch)
    if (0xAC00 <= o <= 0xD7A3 or 0x1100 <= o <= 0x11FF or 0x3130 <= o <= 0x318F
            or 0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF):
        return "wide"
    return "latin"


def strip_particle(word):
    """Split a Korean particle off the end of ``word``, keeping at least two syllables.

    >>> strip_particle("아르곤국립연구소와")
    ('아르곤국립연구소', '와')
    >>> strip_particle("한국원자력연구원에서는")
    ('한국원자력연구원', '에서는')
    >>> strip_particle("인도")
    ('인도', '')
    """
    for p in PARTICLES:
        if word.endswith(p) and len(word) - len(p) >= 2:
            return word[: -len(p)], p
    return word, ""


def org_stem(word):
    """The organisation name in ``word`` (particle stripped), or None if it does not look like one.

    >>> org_stem("한국핵융합에너지연구원은")
    '한국핵융합에너지연구원'
    >>> org_stem("위원회의") is None, org_stem("중앙정부는") is None, org_stem("기초과학연구원이")
    (True, True, '기초과학연구원')
    """
    options = [word] + [word[: -len(p)] for p in PARTICLES if word.endswith(p) and len(word) > len(p)]
    for stem in options:
        if _looks_like_org(stem):
            return stem
    return None


def _looks_like_org(stem):
    if stem.endswith(_NOT_ORG_ENDINGS):
        return False
    for suffix in ORG_SUFFIXES:
        if stem.endswith(suffix):
            prefix = stem[: -len(suffix)]
            return len(prefix) >= 2 and prefix not in _GENERIC_PREFIXES
    return False


def _bullet_free(line):
    m = _BULLET.match(line)
    return line[m.end():] if m else line


def split_sentences(text):
    """Sentences of ``text``: one per line or bullet, lines cut after ``.``, ``?``, ``!``.

    Bullet markers and heading signs are dropped; what remains is verbatim.

    >>> split_sentences("The U.S. DOE leads. Dr. Kim agrees!  Yes?")
    ['The U.S. DOE leads.', 'Dr. Kim agrees!', 'Yes?']
    >>> split_sentences("## 제목\\n\\n□ 에너지부(DOE) 주관")
    ['제목', '에너지부(DOE) 주관']
    """
    out = []
    for line in text.splitlines():
        line = _bullet_free(line).strip()
        start = 0
        for m in _SENTENCE_END.finditer(line):
            if m.group()[0] == "." and _ABBREVIATION.search(line[start:m.start()]):
                continue  # U.S., Dr.
            out.append(line[start:m.end()].strip())
            start = m.end()
        out.append(line[start:].strip())
    return [s for s in out if s]


def _compact(text):
    """Letters and digits of ``text``: (case-folded, as written, index in ``text`` of each)."""
    folded, raw, pos = [], [], []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch):
            if c.isalnum():
                for f in c.casefold():
                    folded.append(f)
                    raw.append(c)
                    pos.append(i)
    return "".join(folded), "".join(raw), pos


def is_acronym(name):
    """True for an all-capital abbreviation such as ``DOE`` or ``K-RBRC``."""
    name = name.strip()
    letters = [c for c in name if c.isalpha()]
    return (len(letters) >= 2 and all("A" <= c <= "Z" for c in letters)
            and re.fullmatch(r"[A-Z0-9&.\-]+", name) is not None)


# ------------------------------------------------------------------ matching known names


@dataclass(frozen=True)
class _Name:
    key: str  # case-folded letters and digits
    raw: str  # as written; acronyms must match it exactly
    ids: tuple  # the entities the name stands for (more than one: ambiguous)
    acronym: bool


@dataclass
class _Match:
    name: _Name
    start: int  # span of the name in the sentence
    end: int
    stop: int  # end including an attached particle
    length: int  # letters matched


class Matcher:
    """Finds the known entities' names in a sentence, longest match first."""

    def __init__(self, entries):
        names = {}  # key -> {id: rank}, raw, acronym
        for eid, e in entries.items():
            if e.get("type") in SKIP_TYPES:
                continue
            for kind, name in [(0, e.get("en")), (0, e.get("ko"))] + [(1, a) for a in e.get("aliases") or ()]:
                if name and self._usable(name, is_label=name == e.get("ko")):
                    key, raw, _ = _compact(name)
                    acronym = is_acronym(name)
                    slot = names.setdefault((key, raw if acronym else ""), {})
                    slot[eid] = min(kind, slot.get(eid, kind))
        self.buckets = {}
        for (key, raw), ranks in names.items():
            best = min(ranks.values())
            ids = tuple(sorted(i for i, r in ranks.items() if r == best))
            self.buckets.setdefault(key[:2], []).append(_Name(key, raw, ids, bool(raw)))
        for bucket in self.buckets.values():
            bucket.sort(key=lambda n: -len(n.key))

    @staticmethod
    def _usable(name, is_label):
        """Short names match only when they are clear: an acronym, or a two-syllable Korean label."""
        key = _compact(name)[0]
        if not key or key.isdigit():
            return False
        if is_acronym(name):
            return len(key) >= 2
        if script(key[0]) == "wide" and script(key[-1]) == "wide":
            return len(key) >= 3 or (len(key) == 2 and is_label)
        return len(key) >= 3

    def find(self, sentence):
        """Non-overlapping matches in ``sentence``, longest first, in reading order."""
        folded, raw, pos = _compact(sentence)
        found = []
        for i in range(len(folded) - 1):
            for name in self.buckets.get(folded[i:i + 2], ()):
                if folded.startswith(name.key, i):
                    m = self._check(sentence, raw, pos, i, name)
                    if m:
                        found.append(m)
        chosen, taken = [], []
        for m in sorted(found, key=lambda m: (-m.length, m.start)):
            if all(m.stop <= a or m.start >= b for a, b in taken):
                chosen.append(m)
                taken.append((m.start, m.stop))
        return sorted(chosen, key=lambda m: m.start)

    @staticmethod
    def _check(sentence, raw, pos, i, name):
        j = i + len(name.key)
        if name.acronym and raw[i:j] != name.raw:
            return None
        for k in range(i, j - 1):
            if not _gap_ok(sentence, pos[k], pos[k + 1]):
                return None
        start, end = pos[i], pos[j - 1] + 1
        before = sentence[start - 1] if start else ""
        first, last = script(sentence[start]), script(sentence[end - 1])
        if first == "latin" and script(before) == "latin":
            return None
        if first == "wide" and len(name.key) <= 3 and script(before) == "wide":
            return None
        stop = _attached_end(sentence, end, last)
        if stop is None:
            return None
        return _Match(name, start, end, stop, len(name.key))


def _gap_ok(sentence, a, b):
    """True when only spaces, dashes or dots (or an apostrophe inside a Latin word) part ``a`` and ``b``."""
    gap = sentence[a + 1:b]
    if gap in _APOSTROPHES:
        return script(sentence[a]) == script(sentence[b]) == "latin"
    return all(c in _GAP for c in gap)


def _attached_end(sentence, end, last):
    """Where a name ending at ``end`` stops, its particle included; None if a word goes on."""
    after = sentence[end:end + 1]
    if last == "latin":
        if script(after) == "latin":
            return None
    elif script(after) != "wide":
        return end
    rest = sentence[end:]
    for p in PARTICLES:
        if rest.startswith(p) and script(rest[len(p):len(p) + 1]) != "wide":
            return end + len(p)
    return end if last == "latin" else None


# ------------------------------------------------------------------ candidates


def _acronym_candidates(sentence, taken, known):
    for m in _ACRONYM.finditer(sentence):
        word = m.group()
        if not word.isalpha() and "&" not in word or not 2 <= len(word) <= 6:
            continue  # GPT-4, HC2025, CONTENTS: a model, a code or a word in capitals
        if _overlaps(m.start(), m.end(), taken):
            continue
        if word.upper() in _NOT_ORG_ACRONYMS or _ROMAN.fullmatch(word) or normalize(word) in known:
            continue
        yield word, _attached_form(sentence, m.start(), m.end()), None, m.start(), m.end()


_HEADS = set("""
Institute University Agency Ministry Department Laboratory Laboratories Lab Council Commission Foundation
Center Centre Corporation Association Office Administration Authority Bureau Academy Society
Organization Organisation Board Committee Consortium Federation Alliance Fund Service Institution
""".split())
_NOT_LEFT = {"The", "A", "An", "This", "That", "These", "Its", "Their", "Our", "Each", "Every", "Both"}
_CAP = r"[A-Z][A-Za-z0-9&'.\-]*"
_CAPS = rf"{_CAP}(?:\s+{_CAP})*"
_RIGHT = re.compile(rf"\s+(?:of|for|on|in)\s+(?:the\s+)?{_CAPS}(?:\s+(?:and|&)\s+{_CAPS})*")
_LEFT_WORD = re.compile(rf"({_CAP})\s+$")


def _english_candidates(sentence, known):
    """Capitalised names around a head word: ``Korea Institute of Fusion Energy``."""
    done = 0
    for m in re.finditer(r"\b[A-Z][a-z]+\b", sentence):
        if m.group() not in _HEADS or m.start() < done:
            continue
        start, end = m.start(), m.end()
        while (w := _LEFT_WORD.search(sentence[:start])) and w.group(1) not in _NOT_LEFT:
            start = w.start(1)
        while r := _RIGHT.match(sentence, end):
            end = r.end()
        name = sentence[start:end].rstrip(".")
        end = done = start + len(name)
        if " " not in name or normalize(name) in known:
            continue
        alias = _AFTER_ACRONYM.match(sentence, end)
        yield name, name, alias.group(1) if alias else None, start, end


def _korean_candidates(sentence, taken, known):
    for m in _HANGUL_RUN.finditer(sentence):
        stem = org_stem(m.group()) or _suffix_stem(m.group())
        if not stem:
            continue
        start, end = m.start(), m.start() + len(stem)
        if _overlaps(end - 1, end, taken):
            continue  # a known name ends here: 미국에너지부 is DOE
        if stem in ORG_SUFFIXES:
            start = _extend_back(sentence, start)  # 한국 핵융합에너지 연구원
            if not sentence.startswith(_NAME_MARKERS, start):
                continue
        name = sentence[start:end]
        if not _looks_like_org(name.replace(" ", "")) or normalize(name) in known:
            continue
        alias = _AFTER_ACRONYM.match(sentence, end)
        yield name, sentence[start:m.end()], alias.group(1) if alias else None, start, end


def _suffix_stem(word):
    """``word``, particle stripped, when it is an organisation suffix alone (a spaced-out name).

    >>> _suffix_stem("연구원은"), _suffix_stem("위원회에서"), _suffix_stem("정부는")
    ('연구원', '위원회', None)
    """
    for stem in [word] + [word[: -len(p)] for p in PARTICLES if word.endswith(p)]:
        if len(stem) >= 2 and stem in ORG_SUFFIXES:
            return stem
    return None


# words a spaced-out Korean organisation name usually starts with
_NAME_MARKERS = ("한국", "대한", "국가", "국립", "국제", "세계", "서울", "미국", "일본", "중국", "유럽", "아시아", "글로벌")
_NOT_NAME_WORDS = {"이번", "해당", "관련", "또한", "한편", "그리고", "이", "그", "저", "각", "본", "동", "및", "등", "새", "신규"}


def _extend_back(sentence, start):
    """Take in up to two bare words before a name that is only a suffix (``한국 핵융합에너지 연구원``)."""
    for _ in range(2):
        m = re.search(r"(?<![^\s(\[\"'‘“])([가-힣]+)\s+$", sentence[:start])
        if not m or m.group(1) in _NOT_NAME_WORDS or strip_particle(m.group(1))[1]:
            break
        if re.search(r"[는은을를한된할적며게어해면고던]$", m.group(1)):
            break
        start = m.start(1)
    return start


def _attached_form(sentence, start, end):
    rest = sentence[end:]
    p = next((p for p in PARTICLES if rest.startswith(p) and script(rest[len(p):len(p) + 1]) != "wide"), "")
    return sentence[start:end + len(p)]


def _overlaps(start, end, spans):
    return any(start < b and end > a for a, b in spans)


def read_sentence(sentence, matcher, known):
    """Known names and new-actor candidates of one sentence.

    A known name inside a longer unknown English name (``Korea`` in ``Korea
    Institute of Fusion Energy``) is not counted as a mention.
    """
    phrases = list(_english_candidates(sentence, known))
    matches = [m for m in matcher.find(sentence)
               if not any(s <= m.start and m.end <= e for *_, s, e in phrases)]
    taken = [(m.start, m.stop) for m in matches] + [(s, e) for *_, s, e in phrases]
    found = phrases + list(_korean_candidates(sentence, taken, known))
    found += _acronym_candidates(sentence, taken, known)
    return matches, sorted(found, key=lambda f: f[3])
