import csv
import io

from hypothesis import given
from hypothesis import strategies as st

from meedoen.core.spreadsheet import FORMULA_STARTS, safe_cell, safe_row


def test_formulas_are_neutralised():
    assert safe_row(["=HYPERLINK(\"http://x\")", "+31 6 1234", "-2+3", "@SUM(A1)", "Jansen"]) == [
        "'=HYPERLINK(\"http://x\")", "'+31 6 1234", "'-2+3", "'@SUM(A1)", "Jansen",
    ]  # fmt: skip
    assert safe_row([42, -3, None, ""]) == [42, -3, None, ""]


@given(st.text())
def test_no_text_cell_starts_a_formula(text):
    out = io.StringIO()
    csv.writer(out).writerow([safe_cell(text)])
    cell = (
        next(csv.reader(io.StringIO(out.getvalue())))[0]
        if out.getvalue().strip()
        else ""
    )
    assert not cell.startswith(FORMULA_STARTS)
