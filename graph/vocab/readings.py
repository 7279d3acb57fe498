"""How one hop of a path is said, in English and Korean, in either direction.

Korean particles follow the last syllable of the word before them (은/는,
이/가, 을/를, 으로/로); after a Latin letter or digit both forms are shown.

>>> say("party", "Korea–US TPD", "Korea", inverse=True, lang="en")
'Korea–US TPD is party to Korea'
>>> say("party", "한국", "한미 기술번영 양해각서", inverse=True, lang="ko")
'한국은 한미 기술번영 양해각서의 당사자임'
>>> say("leads", "에너지부", "제네시스 미션", lang="ko")
'에너지부는 제네시스 미션을 주관함'
>>> josa("DOE", "은")
'DOE은(는)'
"""

__all__ = ["READINGS", "josa", "relation_label", "say"]

#: relation -> (English, English inverse, Korean, Korean inverse) templates
READINGS = {
    "partOf": ("{a} is part of {b}", "{a} has {b} as a part", "{a}{은} {b}에 속함", "{a}{은} {b}{을} 산하에 둠"),
    "party": ("{a} has party {b}", "{a} is party to {b}", "{a}{은} {b}{을} 당사자로 둠", "{a}{은} {b}의 당사자임"),
    "signedBy": ("{a} was signed by {b}", "{a} signed {b}", "{a}{은} {b}{이} 서명함", "{a}{은} {b}에 서명함"),
    "basedIn": ("{a} is based in {b}", "{a} is home to {b}", "{a}{은} {b}에 소재함", "{a}에 {b}{이} 소재함"),
    "participatesIn": ("{a} takes part in {b}", "{a} has participant {b}", "{a}{은} {b}에 참여함", "{a}에 {b}{이} 참여함"),
    "participant": ("{a} has participant {b}", "{a} is the participant in {b}", "{a}에 {b}{이} 참여함", "{a}{은} {b}의 참여 주체임"),
    "inProgram": ("{a} is in {b}", "{a} counts {b}", "{a}{은} {b}에 대한 참여임", "{a}에 대한 참여로 {b}{이} 있음"),
    "leads": ("{a} leads {b}", "{a} is led by {b}", "{a}{은} {b}{을} 주관함", "{a}{은} {b}{이} 주관함"),
    "coordinates": ("{a} coordinates {b}", "{a} is coordinated by {b}", "{a}{은} {b}{을} 조정함", "{a}{은} {b}{이} 조정함"),
    "operates": ("{a} operates {b}", "{a} is operated by {b}", "{a}{은} {b}{을} 운영함", "{a}{은} {b}{이} 운영함"),
    "develops": ("{a} develops {b}", "{a} is developed by {b}", "{a}{은} {b}{을} 개발함", "{a}{은} {b}{이} 개발함"),
    "hostedBy": ("{a} is hosted by {b}", "{a} hosts {b}", "{a}{은} {b}에 설치됨", "{a}에 {b}{이} 설치됨"),
    "supervisedBy": ("{a} is supervised by {b}", "{a} supervises {b}", "{a}의 주무부처는 {b}임", "{a}{은} {b}의 주무부처임"),
    "memberOf": ("{a} is a member of {b}", "{a} has member {b}", "{a}{은} {b}의 회원임", "{a}의 회원으로 {b}{이} 있음"),
    "funds": ("{a} funds {b}", "{a} is funded by {b}", "{a}{은} {b}에 재원을 지원함", "{a}{은} {b}의 재원 지원을 받음"),
    "establishes": ("{a} establishes {b}", "{a} is established by {b}", "{a}{은} {b}의 근거임", "{a}{은} {b}에 근거함"),
    "issuedBy": ("{a} was issued by {b}", "{a} issued {b}", "{a}{은} {b}{이} 발령·발표함", "{a}{은} {b}{을} 발령·발표함"),
    "concerns": ("{a} concerns {b}", "{a} is the subject of {b}", "{a}{은} {b}에 관한 것임", "{a}에 관한 제도로 {b}{이} 있음"),
    "nationalResponseTo": ("{a} is a national response to {b}", "{a} is answered by {b}", "{a}{은} {b}에 대한 국가적 대응임", "{a}에 대한 대응으로 {b}{이} 있음"),
    "modelledOn": ("{a} is modelled on {b}", "{a} is the model for {b}", "{a}{은} {b}{을} 본보기로 함", "{a}{은} {b}의 본보기임"),
    "extends": ("{a} extends {b}", "{a} is extended by {b}", "{a}{은} {b}{을} 연장함", "{a}{은} {b}{으로} 연장됨"),
    "successorOf": ("{a} succeeds {b}", "{a} is succeeded by {b}", "{a}{은} {b}의 후속임", "{a}의 후속은 {b}임"),
    "candidateHost": ("{a} has {b} as a candidate host", "{a} is a candidate host for {b}", "{a}의 후보 설치기관은 {b}임", "{a}{은} {b}의 후보 설치기관임"),
    "uses": ("{a} uses {b}", "{a} is used by {b}", "{a}{은} {b}{을} 활용함", "{a}{은} {b}{이} 활용함"),
    "postIn": ("{a} is {title} at {b}", "{a} has {b} as {title}", "{a}{은} {b}에서 {title} 직을 맡음", "{a}에서 {b}{이} {title} 직을 맡음"),
}

_PAIRS = {"은": ("은", "는"), "이": ("이", "가"), "을": ("을", "를"), "으로": ("으로", "로")}


def josa(word, particle):
    """``word`` with the particle that fits its last syllable (``은``, ``이``, ``을`` or ``으로`` given)."""
    with_final, without = _PAIRS[particle]
    last = word.rstrip()[-1:] if word.strip() else ""
    if "가" <= last <= "힣":
        final = (ord(last) - 0xAC00) % 28
        if particle == "으로" and final == 8:  # ㄹ takes 로
            return word + without
        return word + (with_final if final else without)
    return f"{word}{with_final}({without})"


def say(relation, a, b, inverse=False, lang="en", title=""):
    """One hop as a sentence: ``a`` relation ``b`` (or its inverse)."""
    en, en_inv, ko, ko_inv = READINGS[relation]
    template = {("en", False): en, ("en", True): en_inv, ("ko", False): ko, ("ko", True): ko_inv}[(lang, inverse)]
    if lang == "ko":
        out = template
        for name, word in (("a", a), ("b", b)):
            for particle in _PAIRS:
                out = out.replace("{" + name + "}{" + particle + "}", josa(word, particle))
        return out.replace("{a}", a).replace("{b}", b).replace("{title}", title)
    return template.format(a=a, b=b, title=title)


def relation_label(relation, inverse=False, lang="en"):
    """A short reading of a relation for tables and edge labels ("is party to")."""
    text = say(relation, "", "", inverse, lang, title="…").strip()
    return " ".join(text.replace("은(는)", "").replace("이(가)", "").replace("을(를)", "").split())
