"""A real Celery worker consuming from Redis runs our task and returns its result."""

import pytest
from django.conf import settings

from alongside.celery import app
from alongside.tasks import ping
from tests.conftest import running_in_ci


def test_tasks_run_in_process_without_a_broker():
    if settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: tasks go to the broker (tested below).")
    assert ping.delay().get(timeout=5) == "pong"


@pytest.mark.celery_worker
def test_a_real_worker_runs_a_task_from_redis():
    if not settings.REDIS_URL:
        if running_in_ci():
            pytest.fail("CI must run the worker test: REDIS_URL is not set.")
        pytest.skip("Set REDIS_URL to run a real worker against Redis.")
    from celery.contrib.testing.worker import start_worker

    assert app.conf.task_always_eager is False
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        result = ping.delay()
        assert result.get(timeout=30) == "pong"
        assert result.successful()
