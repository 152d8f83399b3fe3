import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_signed_in_advocate_sees_their_home(client_for, advocate):
    response = client_for(advocate).get(reverse("home"))
    assert response.status_code == 200
    assert "Your work as an advocate" in response.content.decode()
