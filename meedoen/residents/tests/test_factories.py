from stdnum.nl import bsn

from meedoen.residents.tests.factories import VALID_TEST_BSNS
from meedoen.residents.tests.factories import test_bsn as bsn_for


def test_factory_bsns_are_valid_distinct_and_in_the_test_range():
    assert len(VALID_TEST_BSNS) > 9000
    assert len(set(VALID_TEST_BSNS)) == len(VALID_TEST_BSNS)
    assert all(bsn.is_valid(n) and n.startswith("9999") for n in VALID_TEST_BSNS)
    # Neighbouring primary keys never share a BSN (the cause of a flaky test).
    assert len({bsn_for(pk) for pk in range(5000, 5100)}) == 100
