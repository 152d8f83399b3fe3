"""Settings for the test suite: the product's settings plus test-only apps."""

from alongside.settings import *  # noqa: F403
from alongside.settings import INSTALLED_APPS

# Models that exercise the protection layer before the apps that need it exist.
INSTALLED_APPS = [*INSTALLED_APPS, "tests.protection.fixture_app"]
