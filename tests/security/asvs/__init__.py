"""The 36 ASVS level 2 checks of the test plan, one test (or more) each.

Every test here carries ``@pytest.mark.asvs("V…", row=N)`` with the row number and the ASVS 5.0
reference of its row in ROWS; ``test_rows.py`` fails when a row has no test or a test names a
reference its row does not have. ``pytest -m asvs`` runs the suite on its own.
"""

ROWS = {
    1: "V6.2.1, V6.2.9",
    2: "V6.2.11",
    3: "V6.3.1",
    4: "V6.3.3",
    5: "V6.4.1",
    6: "V11.4.2",
    7: "V7.2.4",
    8: "V7.4.1",
    9: "V7.3.1",
    10: "V7.4.2",
    11: "V7.5.1",
    12: "V3.3.1",
    13: "V8.2.1",
    14: "V8.2.2",
    15: "V8.2.3",
    16: "V8.3.1",
    17: "V16.5.3",
    18: "V2.3.1",
    19: "V2.3.2",
    20: "V2.3.3",
    21: "V2.3.4",
    22: "V2.4.1",
    23: "V2.2.1",
    24: "V1.2.1",
    25: "V1.3.1",
    26: "V1.2.2",
    27: "V1.2.4",
    28: "V5.2.1",
    29: "V5.3.2",
    30: "V3.5.1",
    31: "V3.4.1",
    32: "V4.1.3",
    33: "V3.7.2",
    34: "V14.2.1",
    35: "V16.3.1",
    36: "V16.5.1",
}
