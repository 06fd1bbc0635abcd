"""The demo's networks and meetings. Texts from the seed (a 2018 RUS network meeting).

Where the seed gives no exact day or time (the 2017 meetings, the seed meeting's
morning), a plausible one is chosen; the seed's own times (12.00 Lunch, 14.30
Kaffe, 16.00 Avslut) are kept.

The seed's meeting took place in April 2018. In the demo it is moved to two
weeks after the day the demo is loaded (``in_days``), so that it can be found
among the upcoming meetings and registered for, as the issue's "Done when"
asks; its look back (the three 2017 meetings) keeps its real dates. What was
asked for at the seed meeting ("önskemål om innehåll") is shown as the
documentation of October 2017's meeting, the one before it.
"""

import datetime as dt

REGIONS = [
    "region-blekinge",
    "region-dalarna",
    "region-gotland",
    "region-gavleborg",
    "region-halland",
    "region-jamtland-harjedalen",
    "region-jonkopings-lan",
    "region-kalmar-lan",
    "region-kronoberg",
    "region-norrbotten",
    "region-skane",
    "region-sormland",
    "region-stockholm",
    "region-uppsala",
    "region-varmland",
    "region-vasterbotten",
    "region-vasternorrland",
    "region-vastmanland",
    "vastra-gotalandsregionen",
    "region-orebro-lan",
    "region-ostergotland",
]

NETWORKS = [
    {
        "slug": "rus-natverket",
        "name": "RUS-nätverket",
        "purpose": (
            "Nätverket för dem som arbetar med de regionala utvecklingsstrategierna (RUS): "
            "framtagande, genomförande, uppföljning och hur strategin styr. Nätverket träffas "
            "tre till fyra gånger om året. Medlemmarnas behov styr innehållet."
        ),
        "organisations": [*REGIONS, "sveriges-kommuner-och-regioner", "tillvaxtverket"],
        # (organisation slug of the demo representative, coordinator, contact person)
        "people": [
            ("region-skane", True, True),
            ("region-blekinge", False, False),
            ("region-sormland", False, False),
            ("region-orebro-lan", False, False),
            ("tillvaxtverket", False, False),
        ],
    },
    {
        "slug": "analytikernatverket",
        "name": "Analytikernätverket",
        "purpose": (
            "Regionala analytiker delar metoder, data och analyser: BRP+, regionala "
            "analyser och statistik som underlag för strategierna."
        ),
        "organisations": [*REGIONS, "tillvaxtanalys", "centrum-for-regional-analys-gu"],
        "people": [("region-varmland", True, True), ("region-uppsala", False, False)],
    },
    {
        "slug": "utvarderingsnatverket",
        "name": "Utvärderingsnätverket",
        "purpose": (
            "Lärande uppföljning och utvärdering av regionalt tillväxtarbete: indikatorer, "
            "mätbarhet och hur resultat synliggörs."
        ),
        "organisations": [
            *REGIONS,
            "tillvaxtverket",
            "oxford-research",
            "ramboll-management-consulting",
        ],
        "people": [("region-ostergotland", True, True), ("region-halland", False, False)],
    },
]

HALLIN = ("Göran Hallin", "kontigo", "")
NYSTROM = ("Anna Nyström", "region-blekinge", "")
SUNDELOF = ("Johanna Sundelöf", "region-sormland", "Regionförbundet Sörmland")
MAJEWSKI = ("Josefine Majewski", "tillvaxtverket", "")

RUS_MEETING = {
    "network": "rus-natverket",
    "title": "RUS-nätverkets träff: Strategierna som styrinstrument",
    "in_days": 14,
    "capacity": 40,
    "start": "10.00",
    "end": "16.00",
    "address": "Stockholm",
    "description": (
        "Dagens teman: strategierna som styrinstrument och strategiernas aktualitet, med "
        "dialog vid borden, omvärldsbevakning och önskemål om innehåll till nästa träff. "
        "Säg hej till någon du inte känner!"
    ),
    "programme": [
        {"time": "10.00", "title": "Välkommen!", "kind": "summary"},
        {"time": "10.15", "title": "Strategierna som styrinstrument", "kind": "theme"},
        {
            "time": "10.20",
            "title": "RUSen som styrinstrument – idealtyper och internationell utblick",
            "kind": "talk",
            "speakers": [HALLIN],
        },
        {
            "time": "11.00",
            "title": "Dialog: Vad säger idealtypen om RUSen som styrinstrument i din region?",
            "kind": "dialog",
        },
        {"time": "12.00", "title": "Lunch", "kind": "break"},
        {"time": "13.00", "title": "Strategiernas aktualitet", "kind": "theme"},
        {
            "time": "13.05",
            "title": "Framsynsmetodik i RUS-arbetet – ett verktyg för ökad beredskap",
            "kind": "talk",
            "speakers": [NYSTROM],
        },
        {
            "time": "13.35",
            "title": "Flexibelt och interaktivt – nya arbetssätt för en anpassningsbar RUS",
            "kind": "talk",
            "speakers": [SUNDELOF],
        },
        {
            "time": "14.00",
            "title": "Dialog: Finns ett behov av att kunna göra förändringar av RUSen löpande?",
            "kind": "dialog",
        },
        {"time": "14.30", "title": "Kaffe", "kind": "break"},
        {
            "time": "15.00",
            "title": (
                "Omvärldsbevakning: Ökad medverkan av statliga myndigheter i det regionala "
                "tillväxtarbetet och kopplingen till RUS"
            ),
            "kind": "talk",
            "speakers": [MAJEWSKI],
        },
        {"time": "15.30", "title": "Summering, reflektion & nästa möte", "kind": "summary"},
        {"time": "16.00", "title": "Avslut", "kind": "summary"},
    ],
    "registered": ["region-skane", "region-blekinge", "region-sormland"],
}

LOOKBACK_2017 = [
    {
        "title": "RUS-nätverkets träff januari 2017",
        "date": dt.date(2017, 1, 26),
        "start": "10.00",
        "end": "16.00",
        "address": "Stockholm",
        "programme": [
            {"time": "10.00", "title": "Nätverket – vilka, vad och varför?", "kind": "theme"},
            {"time": "11.00", "title": "Europa 2020 – vad händer sen?", "kind": "theme"},
            {"time": "13.00", "title": "Agenda 2030 – vad är på gång?", "kind": "theme"},
        ],
    },
    {
        "title": "RUS-nätverkets träff maj 2017",
        "date": dt.date(2017, 5, 18),
        "start": "10.00",
        "end": "16.00",
        "address": "Stockholm",
        "programme": [
            {
                "time": "10.00",
                "title": "Framtagandefasen – kritiska framgångsfaktorer",
                "kind": "theme",
            },
            {"time": "11.00", "title": "Agenda 2030-arbetet i regionerna", "kind": "theme"},
            {"time": "13.00", "title": "Region 2050", "kind": "theme"},
        ],
    },
    {
        "title": "RUS-nätverkets träff oktober 2017",
        "date": dt.date(2017, 10, 12),
        "start": "10.00",
        "end": "16.00",
        "address": "Stockholm",
        "programme": [
            {
                "time": "10.00",
                "title": "Att tänka och göra uppföljning: Vad? När? Vilka?",
                "kind": "theme",
            },
            {"time": "11.00", "title": "Strategiernas arkitektur", "kind": "theme"},
            {
                "time": "13.00",
                "title": "Återrapportering av det regionala tillväxtuppdraget",
                "kind": "theme",
            },
        ],
        "notes": (
            "Önskemål om innehåll till kommande träffar: processen och dess delar; lärande "
            "uppföljning och utvärdering; koppling till nationella och internationella "
            "strategier; deltagande av externa aktörer; rumsliga dimensioner; praktiskt internt "
            "arbete; ledning och styrning; framtagandefasen."
        ),
        "decisions": (
            "Nästa träff: strategierna som styrinstrument och strategiernas aktualitet. "
            "En planeringsgrupp förbereder den."
        ),
    },
]

ANNUAL_CONFERENCE = {
    "title": "Reglabs årskonferens 2018",
    "kind": "annual_conference",
    "date": dt.date(2018, 3, 14),
    "end_date": dt.date(2018, 3, 15),
    "start": "10.00",
    "end": "15.00",
    "address": "Umeå",
    "description": "Reglabs årskonferens för medlemmar och partner, 14–15 mars 2018 i Umeå.",
    "programme": [
        {"time": "10.00", "title": "Välkommen till Umeå", "kind": "summary"},
        {"time": "10.30", "title": "Region 2050", "kind": "theme"},
        {"time": "12.00", "title": "Lunch", "kind": "break"},
        {
            "day": dt.date(2018, 3, 15),
            "time": "09.00",
            "title": "Lärprojekten: digital verksamhetsutveckling och BRP+",
            "kind": "theme",
        },
        {"day": dt.date(2018, 3, 15), "time": "14.30", "title": "Summering", "kind": "summary"},
    ],
}

# Upcoming meetings, dated from the day the demo is loaded (``in_days``), open for
# registration; the analysts' meeting is nearly full (11 of 12 places taken).
UPCOMING = [
    {
        "network": "rus-natverket",
        "title": "RUS-nätverkets träff: Uppföljning och lärande",
        "in_days": 30,
        "start": "10.00",
        "end": "16.00",
        "address": "Hornsgatan 20, Stockholm",
        "digital_link": "https://meet.example.org/rus-natverket",
        "capacity": 40,
        "description": "Tema: lärandeprocesser för uppföljning och utvärdering av RUS.",
        "programme": [
            {"time": "10.00", "title": "Välkommen!", "kind": "summary"},
            {"time": "10.15", "title": "Indikatorer och mätbarhet", "kind": "theme"},
            {"time": "12.00", "title": "Lunch", "kind": "break"},
            {"time": "13.00", "title": "Rumsliga dimensioner i RUS", "kind": "theme"},
            {"time": "14.30", "title": "Kaffe", "kind": "break"},
            {"time": "15.30", "title": "Summering, reflektion & nästa möte", "kind": "summary"},
        ],
        "registered": ["region-skane", "region-blekinge", "region-orebro-lan"],
    },
    {
        "network": "analytikernatverket",
        "title": "Analytikernätverket: BRP+ och regionala analyser",
        "in_days": 21,
        "start": "09.30",
        "end": "15.00",
        "address": "Tillväxtanalys, Stockholm",
        "capacity": 12,
        "programme": [
            {"time": "09.30", "title": "BRP+ – vad har vi lärt oss?", "kind": "theme"},
            {"time": "12.00", "title": "Lunch", "kind": "break"},
            {"time": "13.00", "title": "Dialog: gemensamma analyser framåt", "kind": "dialog"},
        ],
        "registered": REGIONS[:11],
    },
    {
        "network": "analytikernatverket",
        "title": "Analytikernätverket: arbetsmöte om statistikunderlag",
        "in_days": 50,
        "start": "13.00",
        "end": "15.00",
        "digital_link": "https://meet.example.org/analytiker",
        "visibility": "members",
        "capacity": 25,
        "programme": [
            {"time": "13.00", "title": "Gemensamma statistikunderlag", "kind": "theme"},
        ],
    },
    {
        "network": "utvarderingsnatverket",
        "title": "Utvärderingsnätverket: lärande utvärdering",
        "in_days": 40,
        "start": "10.00",
        "end": "15.30",
        "address": "Region Östergötland, Linköping",
        "capacity": 30,
        "programme": [
            {"time": "10.00", "title": "Synliggöra resultat", "kind": "theme"},
            {"time": "12.00", "title": "Lunch", "kind": "break"},
            {"time": "13.00", "title": "Dialog: utvärdering som lärande", "kind": "dialog"},
        ],
        "registered": ["region-ostergotland", "region-halland"],
    },
    {
        "network": None,
        "kind": "seminar",
        "title": "Ledarseminarium: att leda regional utveckling",
        "in_days": 60,
        "start": "09.00",
        "end": "16.00",
        "address": "Göteborg",
        "capacity": 60,
        "programme": [
            {
                "time": "09.00",
                "title": "Ledning och styrning av det regionala utvecklingsuppdraget",
                "kind": "theme",
            },
        ],
    },
]
