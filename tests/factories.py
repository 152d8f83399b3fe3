"""Factories that build people and data the way the product does."""

import secrets

import factory
from django.contrib.auth.models import Group

from accounts.models import TOTPDevice, User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@staff.alongside.test")
    full_name = factory.Faker("name")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=extracted))

    @factory.post_generation
    def enrolled(self, create, extracted, **kwargs):
        """A confirmed authenticator, unless ``enrolled=False``."""
        if create and extracted is not False:
            device = TOTPDevice(user=self, name="Test authenticator", confirmed=True)
            device.set_key(secrets.token_bytes(20))
            device.save()

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


def device_of(user: User) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=True)
