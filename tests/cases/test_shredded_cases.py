"""A crypto-shredded survivor disappears from every page: nothing of theirs can be read."""

import pytest

from cases import selectors
from cases.access import cases_visible_to
from protection.services import data_key_shred
from tests.conftest import open_case

pytestmark = pytest.mark.django_db


def test_shredded_case_leaves_the_caseload_and_its_page(client_for, program, advocate, supervisor):
    kept = open_case(advocate, program, name="Kept Survivor")
    gone = open_case(advocate, program, name="Shredded Survivor")
    data_key_shred(actor=supervisor, owner=gone, reason="Retention period ended")

    assert list(cases_visible_to(advocate)) == [kept]
    page = client_for(advocate).get("/cases/")
    assert page.status_code == 200
    assert "Kept Survivor" in page.content.decode()
    assert client_for(advocate).get(f"/cases/{gone.pk}/").status_code == 404
    assert not selectors.case_search_exact(actor=advocate, name="Shredded Survivor").exists()
