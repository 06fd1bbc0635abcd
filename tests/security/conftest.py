"""The authorization matrix prints how many cells it asserted."""


def pytest_terminal_summary(terminalreporter):
    import sys

    matrix = sys.modules.get("tests.security.test_authorization_matrix")
    if matrix is not None and matrix.CELLS["asked"]:
        terminalreporter.write_line(
            f"Authorization matrix: {matrix.CELLS['asked']} cells asserted "
            f"({len(matrix.TABLE)} rows, {len(matrix.ROUTES)} routes)."
        )
