"""The hand counts for the world in ``conftest.py``, per period, with how each was counted.

Days are calendar days between Stockholm dates.
"""

EXPECTED = {
    "2023": {
        # P1 (Feb 1), P2 (May 10) and P3 (published 00:15 on New Year's Day, Stockholm).
        "counts": {"proposals": 3, "go_aheads": 2, "declined": 1, "lapsed": 0, "withdrawn": 0},
        # P1: Feb 1 → Mar 15 = 27 + 15 = 42; P2: May 10 → Jun 19 = 21 + 19 = 40. Median 41.
        "to_go_ahead": {"median_days": 41, "n": 2},
        # Reports submitted in 2023: P1, go-ahead Mar 15 → Sep 15 = 16+30+31+30+31+31+15 = 184.
        "to_report": {"median_days": 184, "n": 1},
        # P1 {Skåne, Örebro, Kontigo}, P2 {Örebro, Gävleborg, Vinnova}: 5 distinct,
        # members Skåne, Örebro, Gävleborg, Vinnova (4), partner Kontigo (1), regions 3.
        # Per provrum: 3 and 3 organisations (mean 3), 2 and 2 regions (mean 2).
        "participation": {
            "provrum": 2,
            "organisations": 5,
            "members": 4,
            "partners": 1,
            "others": 0,
            "regions": 3,
            "mean_organisations": 3,
            "mean_regions": 2,
        },
        # Skåne (12): P1; Örebro (18): P1, P2; Gävleborg (21): P2.
        "counties": {"12": 1, "18": 2, "21": 1},
        # P1 50 000 + P2 80 000 = 130 000 of 200 000 = 65 %.
        "funding": [{"year": 2023, "granted_sek": 130_000, "cap_sek": 200_000, "percent": 65.0}],
        "funding_total": None,
        # P1's report (approved Oct 1): criteria met, met, partly; indicators met, not met.
        "outcomes": {
            "criteria": {"met": 2, "partly": 1, "not_met": 0, "total": 3},
            "indicators": {"met": 1, "partly": 0, "not_met": 1, "total": 2},
            "all": {"met": 3, "partly": 1, "not_met": 1, "total": 5},
            "reports_submitted": 1,  # P1 (Sep 15)
            "reports_approved": 1,  # P1
            "follow_on_learning_project": 1,  # P1
            "disseminated": 1,  # P1 (two channels, one provrum)
            "closed": 1,  # P1 (Nov 20)
        },
        # P1's survey: 4 asked, 3 answers 5, 4, 3: mean 4; yes 2, maybe 1.
        "feedback": {
            "invitations": 4,
            "responses": 3,
            "response_rate": 75.0,
            "mean_usefulness": 4.0,
            "usefulness": {"1": 0, "2": 0, "3": 1, "4": 1, "5": 1},
            "take_part_again": {"yes": 2, "maybe": 1, "no": 0},
            "comments": ["Mer tid för spridningen.", "Tydligare mall för slutrapporten."],
        },
    },
    "2024": {
        # P4, P5, P6, P8.
        "counts": {"proposals": 4, "go_aheads": 2, "declined": 0, "lapsed": 1, "withdrawn": 1},
        # P4: Jan 10 → Feb 29 (00:30 Stockholm, still Feb 28 in UTC) = 21 + 29 = 50;
        # P8: May 2 → Jun 2 = 31. Median (31 + 50) / 2 = 40.5.
        "to_go_ahead": {"median_days": 40.5, "n": 2},
        # Reports submitted in 2024: P2, Jun 19 2023 → Jan 20 2024 = 11+31+31+30+31+30+31+20 = 215.
        "to_report": {"median_days": 215, "n": 1},
        # P4 {Gävleborg, Skåne, Uppsala, Kontigo}, P8 {Örebro, Skåne, Nordens hus}: 6 distinct,
        # members Gävleborg, Skåne, Uppsala, Örebro (4), partner Kontigo, neither Nordens hus,
        # regions 4. Per provrum 4 and 3 organisations (3.5), 3 and 2 regions (2.5).
        "participation": {
            "provrum": 2,
            "organisations": 6,
            "members": 4,
            "partners": 1,
            "others": 1,
            "regions": 4,
            "mean_organisations": 3.5,
            "mean_regions": 2.5,
        },
        # Skåne (12): P4, P8; Gävleborg (21): P4; Uppsala (03): P4; Örebro (18): P8.
        "counties": {"12": 2, "21": 1, "03": 1, "18": 1},
        # P4 100 000 (P8's plan is only submitted) of the 150 000 in force at the year's end:
        # 66.7 %.
        "funding": [{"year": 2024, "granted_sek": 100_000, "cap_sek": 150_000, "percent": 66.7}],
        "funding_total": None,
        # P2's report (approved Feb 1): criteria not met, partly; indicator partly.
        "outcomes": {
            "criteria": {"met": 0, "partly": 1, "not_met": 1, "total": 2},
            "indicators": {"met": 0, "partly": 1, "not_met": 0, "total": 1},
            "all": {"met": 0, "partly": 2, "not_met": 1, "total": 3},
            "reports_submitted": 1,  # P2 (Jan 20); P4's is a draft
            "reports_approved": 1,
            "follow_on_learning_project": 0,
            "disseminated": 1,  # P2 (Feb 15; the conference line has no date)
            "closed": 1,  # P2 (Mar 1)
        },
        # P2's survey (asked Mar 1 2024): 3 asked, answers 2, 4 and 5 (the last in January
        # 2025, still this survey): mean 11 / 3 = 3.67; yes, maybe, no one each.
        "feedback": {
            "invitations": 3,
            "responses": 3,
            "response_rate": 100.0,
            "mean_usefulness": 3.67,
            "usefulness": {"1": 0, "2": 1, "3": 0, "4": 1, "5": 1},
            "take_part_again": {"yes": 1, "maybe": 1, "no": 1},
            "comments": ["Färre möten."],  # the blank answer is left out
        },
    },
}

# The development phase 2023–2024 and all years are the same here (no data elsewhere).
EXPECTED_PHASE = {
    "counts": {"proposals": 7, "go_aheads": 4, "declined": 1, "lapsed": 1, "withdrawn": 1},
    # 31, 40, 42, 50: median (40 + 42) / 2 = 41.
    "to_go_ahead": {"median_days": 41, "n": 4},
    # 184 and 215: median 199.5.
    "to_report": {"median_days": 199.5, "n": 2},
    # Skåne, Örebro, Kontigo, Gävleborg, Vinnova, Uppsala, Nordens hus: 7; members 5
    # (the four regions and Vinnova), partner 1, neither 1, regions 4.
    # Per provrum 3, 3, 4, 3 organisations (13 / 4 = 3.25) and 2, 2, 3, 2 regions (2.25).
    "participation": {
        "provrum": 4,
        "organisations": 7,
        "members": 5,
        "partners": 1,
        "others": 1,
        "regions": 4,
        "mean_organisations": 3.25,
        "mean_regions": 2.25,
    },
    # Skåne P1, P4, P8; Örebro P1, P2, P8; Gävleborg P2, P4; Uppsala P4.
    "counties": {"12": 3, "18": 3, "21": 2, "03": 1},
    "funding": [
        {"year": 2023, "granted_sek": 130_000, "cap_sek": 200_000, "percent": 65.0},
        {"year": 2024, "granted_sek": 100_000, "cap_sek": 150_000, "percent": 66.7},
    ],
    # 230 000 of 350 000 = 65.71 %.
    "funding_total": {"year": None, "granted_sek": 230_000, "cap_sek": 350_000, "percent": 65.7},
    "outcomes": {
        "criteria": {"met": 2, "partly": 2, "not_met": 1, "total": 5},
        "indicators": {"met": 1, "partly": 1, "not_met": 1, "total": 3},
        "all": {"met": 3, "partly": 3, "not_met": 2, "total": 8},
        "reports_submitted": 2,
        "reports_approved": 2,
        "follow_on_learning_project": 1,
        "disseminated": 2,
        "closed": 2,
    },
    # 7 asked, 6 answers (85.7 %): 5+4+3+2+4+5 = 23, 23 / 6 = 3.83; yes 3, maybe 2, no 1.
    "feedback": {
        "invitations": 7,
        "responses": 6,
        "response_rate": 85.7,
        "mean_usefulness": 3.83,
        "usefulness": {"1": 0, "2": 1, "3": 1, "4": 2, "5": 2},
        "take_part_again": {"yes": 3, "maybe": 2, "no": 1},
        # In alphabetical order, not the order of answering (which could point to a person).
        "comments": [
            "Färre möten.",
            "Mer tid för spridningen.",
            "Tydligare mall för slutrapporten.",
        ],
    },
}
EXPECTED["development"] = EXPECTED_PHASE
EXPECTED["all"] = EXPECTED_PHASE

# Per region organisation over all years (Region Norrbotten takes part in nothing).
EXPECTED_REGIONS = {
    "region-gavleborg": 2,
    "region-norrbotten": 0,
    "region-orebro-lan": 3,
    "region-skane": 3,
    "region-uppsala": 1,
}
