"""The made-up texts of the bench data: subjects, places, summaries, comments, names."""

from functools import lru_cache

SUBJECTS = [
    "AI och visualisering av regionala data",
    "Lärdomar från de senaste kriserna",
    "Drönare för tillsyn och logistik",
    "Civilt försvar i den regionala utvecklingen",
    "Den regionala utvecklingsstrategin i budgeten",
    "Samarbete med de nordiska grannarna",
    "Cirkulär ekonomi i upphandlingen",
    "Fullfölja studier i gymnasiet",
    "Kompetensförsörjning i välfärden",
    "Smart specialisering och näringslivets omställning",
    "Landsbygdens tillgång till service",
    "Besöksnäringen efter pandemin",
    "Kollektivtrafik och regionförstoring",
    "Elektrifiering av transporterna",
    "Bostadsförsörjning i växande regioner",
    "Uppföljning av regionala tillväxtmedel",
    "Integration på arbetsmarknaden",
    "Klimatanpassning i kommunerna",
    "Digital infrastruktur och bredband",
    "Kulturens roll i regional utveckling",
]
PLACES = [
    "Norrland",
    "Mälardalen",
    "Västsverige",
    "Sydsverige",
    "gränsregionerna",
    "glesbygden",
    "storstadsregionerna",
    "Östersjöregionen",
]
SUMMARIES = [
    "Regionerna vill pröva hur {s} kan bli en del av det ordinarie utvecklingsarbetet. "
    "Vi samlar erfarenheter, jämför arbetssätt och tar fram ett underlag som andra kan "
    "använda. Provrummet ska ge en gemensam bild av vad som fungerar och vad som inte gör det.",
    "Frågan om {s} har kommit upp i flera nätverksmöten. Vi vill testa ett gemensamt "
    "arbetssätt i liten skala innan ett större lärprojekt startar, och dela resultaten "
    "med alla medlemmar.",
    "Flera län ser samma utmaning: {s}. Genom att arbeta tillsammans under några månader "
    "kan vi se om en gemensam analys ger mer än var och en för sig.",
    "Vi föreslår ett provrum om {s} med fokus på kompetensförsörjning, samverkan mellan "
    "regioner och myndigheter och hur resultaten kan spridas till kommunerna.",
]
QUESTIONS = [
    "Hur kan regionerna arbeta gemensamt med {s}?",
    "Vad krävs för att {s} ska ge resultat i hela länet?",
    "Vilka arbetssätt för {s} går att överföra mellan regioner?",
]
COMMENT_SENTENCES = [
    "Intressant förslag, vi har arbetat med något liknande.",
    "Vi vill gärna delta om tidplanen passar.",
    "Hur tänker ni kring avgränsningen mot pågående projekt?",
    "Det här knyter an till vår regionala utvecklingsstrategi.",
    "Kan ni beskriva vilka data ni tänker använda?",
    "Vi har erfarenheter från ett EU-projekt som kan vara till nytta.",
    "Bra att frågan lyfts, den är aktuell i flera län.",
    "Vi behöver förankra det internt först, återkommer efter nästa ledningsmöte.",
    "Finns det en koppling till kompetensförsörjningen i välfärden?",
    "Vi kan bidra med en analytiker några timmar i veckan.",
    "Tack för ett tydligt upplägg!",
    "Vore det värt att bjuda in en forskare till startmötet?",
]
LESSONS = (
    "Samarbetet mellan regionerna gav en gemensam bild som ingen hade haft ensam. "
    "Det tog längre tid än väntat att få fram jämförbara data."
)
RECOMMENDATIONS = (
    "Reglab bör sprida metoden i nätverksmötena och överväga ett lärprojekt om "
    "kompetensförsörjning och regional samverkan."
)
CITIES = [
    "Umeå",
    "Luleå",
    "Sundsvall",
    "Östersund",
    "Falun",
    "Gävle",
    "Karlstad",
    "Örebro",
    "Västerås",
    "Eskilstuna",
    "Linköping",
    "Norrköping",
    "Jönköping",
    "Växjö",
    "Kalmar",
    "Karlskrona",
    "Halmstad",
    "Borås",
    "Skövde",
    "Visby",
]
FIRST_NAMES = ["Anna", "Erik", "Maria", "Lars", "Karin", "Johan", "Eva", "Per", "Sara", "Ali"]
LAST_NAMES = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Åberg", "Öberg", "Lind", "Berg"]


@lru_cache(maxsize=4096)
def _stems(text: str) -> tuple[str, ...]:
    from reglab.core.text import stems

    return tuple(stems(text))


def search_text_of(*parts: str) -> str:
    """What ``services._refresh_search_text`` stores: the stems of the joined texts, once each."""
    words = dict.fromkeys(stem for part in parts for stem in _stems(part))
    return " " + " ".join(words) + " "
