"""The demo surveys' data: the seed's April 2018 survey and an open one to the regions."""

STAGES = ["Analys", "Framtagande", "Remiss", "Beslutad", "Genomförande", "Uppföljning"]
YES_NO = ["Ja", "Nja", "Nej"]
TRACES = [
    "Översiktsplaner",
    "Tematiska strategier",
    "Projekt",
    "Genomförandeplaner",
    "Projektansökningar",
    "Agendor för smart specialisering",
]

APRIL_2018 = {
    "title": "Var i RUS-processen befinner sig regionerna? (April 2018)",
    "introduction": (
        "Inför RUS-nätverkets träff vill kansliet veta var ni står i arbetet med den "
        "regionala utvecklingsstrategin. Svara en gång för er organisation."
    ),
    "opens_on": "2018-04-03",
    "closes_on": "2018-04-27",
    "questions": [
        {"kind": "stage", "text": "Var i RUS-processen befinner ni er?", "options": STAGES},
        {"kind": "year", "text": "Vilket år bildades regionen (eller bildas den)?"},
        {
            "kind": "single",
            "text": "Är RUSen styrande för verksamheten inom regional utveckling?",
            "options": YES_NO,
            "ask_why": True,
        },
        {"kind": "single", "text": "Är RUSen styrande för er verksamhetsplan?", "options": YES_NO},
        {
            "kind": "multiple",
            "text": "Vilka spår ser ni av RUSen i viktiga samarbetsaktörers styrning?",
            "options": TRACES,
        },
        {
            "kind": "scale",
            "text": "Hur väl känd är RUSen hos era samarbetsaktörer?",
            "scale_max": 5,
        },
        {"kind": "text", "text": "Vad vill ni ta upp på nätverksträffen?"},
    ],
    "groups": {
        "Storregioner": ["region-skane", "vastra-gotalandsregionen", "region-halland"],
        "Nybildade regioner": ["region-jonkopings-lan", "region-ostergotland", "region-gavleborg"],
        "Blivande regioner": ["region-stockholm", "region-sormland", "region-uppsala"],
    },
    # slug: (stage, year, steering, plan, traces, scale, text, why)
    "answers": {
        "region-skane": (
            5,
            1999,
            1,
            2,
            [1, 2, 3],
            4,
            "Uppföljningen av RUSen.",
            "Den är vår röda tråd.",
        ),
        "vastra-gotalandsregionen": (5, 1999, 1, 2, [2, 3, 6], 4, "", "Styr prioriteringarna."),
        "region-halland": (6, 2011, 1, 1, [1, 4], 3, "Indikatorer.", ""),
        "region-jonkopings-lan": (2, 2015, 1, 2, [3, 5], 3, "", "Vi har nyss fått uppdraget."),
        "region-ostergotland": (4, 2015, 2, 2, [1, 3], 3, "Förankring i kommunerna.", ""),
        "region-gavleborg": (2, 2017, 2, 3, [5], 2, "", "Strategin är ny för oss."),
        "region-stockholm": (1, 2019, 2, 3, [1], 2, "Hur blir man region?", ""),
        "region-sormland": (3, 2019, 3, 3, [3], 2, "", "Regionförbundet äger den i dag."),
        "region-uppsala": (1, 2019, 2, 3, [4], 3, "", ""),
        "tillvaxtverket": (
            None,
            None,
            1,
            2,
            [5, 6],
            3,
            "Återrapporteringen av tillväxtuppdraget.",
            "",
        ),
    },
}

OPEN_SURVEY = {
    "title": "RUS-läget i regionerna",
    "introduction": "Kansliet följer upp var regionerna står i strategiarbetet inför nästa träff.",
    "questions": [
        {"kind": "stage", "text": "Var i RUS-processen befinner ni er?", "options": STAGES},
        {"kind": "text", "text": "Vad behöver ni från nätverket just nu?"},
    ],
    # slug: stage; the other regions have not answered yet.
    "answers": {
        "region-skane": 6,
        "vastra-gotalandsregionen": 5,
        "region-dalarna": 2,
        "region-norrbotten": 3,
        "region-kalmar-lan": 1,
    },
}
