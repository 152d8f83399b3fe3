"""Consent's background work: no arguments, no data; it re-reads and calls a service."""

from celery import shared_task

from consent import services


@shared_task(name="consent.releases_expire")
def releases_expire() -> dict:
    """The daily round: reminders before expiry, expiry itself, unconfirmed verbal releases."""
    return services.releases_expire()
