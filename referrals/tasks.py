"""Referrals' background work: no arguments, no survivor data; it re-reads and calls a service."""

from celery import shared_task

from referrals import services


@shared_task(name="referrals.deadlines_check")
def deadlines_check() -> dict:
    """Past the acknowledgement deadline the sender is reminded; past the deadline to accept
    or decline, the supervisors of the case's program are told."""
    return services.deadlines_check()
