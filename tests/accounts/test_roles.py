"""The role is loaded with the signed-in person, and never outlives a change of their groups."""

import pytest
from django.contrib.auth.models import Group

from accounts.backends import RoleModelBackend
from accounts.models import User
from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_signed_in_person_comes_with_their_role_in_one_query(
    advocate, django_assert_num_queries
):
    with django_assert_num_queries(1):
        user = RoleModelBackend().get_user(advocate.pk)
        assert user.role == Role.ADVOCATE
        assert user.role_label == "Advocate"


def test_an_inactive_person_is_not_loaded(make_user):
    person = make_user(Role.ADVOCATE, is_active=False)
    assert RoleModelBackend().get_user(person.pk) is None


def test_changing_groups_through_the_instance_changes_its_role(advocate):
    user = User.objects.with_role().get(pk=advocate.pk)
    assert user.role == Role.ADVOCATE
    user.groups.set([Group.objects.get(name=Role.PARTNER)])
    assert user.role == Role.PARTNER
    user.groups.clear()
    assert user.role is None
    user.groups.add(Group.objects.get(name=Role.AUDITOR))
    assert user.role == Role.AUDITOR


@pytest.mark.parametrize(
    ("groups", "expected"),
    [
        ([Role.PARTNER, Role.ADVOCATE], Role.ADVOCATE),
        ([Role.AUDITOR, Role.SUPERVISOR], Role.SUPERVISOR),
        (["volunteers"], None),
        ([], None),
    ],
)
def test_the_loaded_role_is_the_one_the_groups_give(make_user, groups, expected):
    person = make_user()
    person.groups.set([Group.objects.get_or_create(name=name)[0] for name in groups])
    loaded = User.objects.with_role().get(pk=person.pk)
    from_groups = User.objects.get(pk=person.pk)
    assert loaded.role == from_groups.role == expected
