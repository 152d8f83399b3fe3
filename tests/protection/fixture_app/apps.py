from django.apps import AppConfig


class ProtectionFixtureConfig(AppConfig):
    name = "tests.protection.fixture_app"
    label = "protection_fixture"
    default_auto_field = "django.db.models.BigAutoField"
