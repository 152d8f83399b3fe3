"""The production run files, checked without Docker: what they run, what they check, and that
production mode starts only with its configuration and then passes ``check --deploy``."""

import base64
import contextlib
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
APP_SERVICES = ("web", "worker", "beat")
LONG_RUNNING = ("db", "redis", *APP_SERVICES)
# The variables the brief for the example file names; all must be set there, not commented.
REQUIRED_IN_EXAMPLE = {
    "ALONGSIDE_MODE",
    "SECRET_KEY",
    "DATABASE_URL",
    "REDIS_URL",
    "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS",
    "TRUSTED_PROXY_COUNT",
    "SESSION_IDLE_MINUTES",
    "SESSION_ABSOLUTE_HOURS",
    "ALONGSIDE_KEKS",
    "ALONGSIDE_KEK_CURRENT",
    "ALONGSIDE_INDEX_KEY",
    "ALONGSIDE_SYSTEM_KEY",
    "EMAIL_FROM",
    "LOG_LEVEL",
}
# A call to one of alongside.environment's readers with a literal name.
ENV_READ = re.compile(
    r"\b(?:env|environment)\.(?:string|integer|boolean|choice|string_list)\(\s*\"([A-Z0-9_]+)\""
)


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _example() -> dict[str, bool]:
    """Variable name -> whether it is set (True) or only shown commented out (False)."""
    found: dict[str, bool] = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"^(#\s*)?([A-Z][A-Z0-9_]*)=", line)
        if match:
            found[match.group(2)] = found.get(match.group(2), False) or not match.group(1)
    return found


def _variables_read_by_the_code() -> set[str]:
    names: set[str] = set()
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests", "var", "bench"}:
            continue
        names.update(ENV_READ.findall(path.read_text(encoding="utf-8")))
    return names


def _key() -> str:
    return base64.b64encode(secrets.token_bytes(32)).decode()


def _production_environment(tmp_path, **overrides) -> dict[str, str]:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "ALONGSIDE_VAR_DIR": str(tmp_path / "var"),
        "ALONGSIDE_MODE": "production",
        "SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
        "ALLOWED_HOSTS": "alongside.example.org",
        "ALONGSIDE_KEKS": f"1:{_key()}",
        "ALONGSIDE_INDEX_KEY": _key(),
        "ALONGSIDE_SYSTEM_KEY": _key(),
    }
    environment.update(overrides)
    return {name: value for name, value in environment.items() if value is not None}


def _manage(environment: dict[str, str], *arguments: str) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py, fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


# docker-compose.yml -------------------------------------------------------------------------


def test_compose_runs_postgresql_16_redis_7_web_worker_beat_and_a_migration(compose):
    services = compose["services"]
    assert set(services) >= {"db", "redis", "migrate", *APP_SERVICES}
    assert services["db"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["web"]["command"][:1] == ["gunicorn"]
    assert "alongside.wsgi:application" in services["web"]["command"]
    assert "gunicorn.conf.py" in services["web"]["command"]
    assert services["worker"]["command"][:4] == ["celery", "-A", "alongside", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "alongside", "beat"]
    assert "migrate --noinput" in " ".join(services["migrate"]["command"])
    assert services["migrate"]["restart"] == "no"


def test_every_long_running_service_has_a_health_check(compose):
    for name in LONG_RUNNING:
        check = compose["services"][name].get("healthcheck", {})
        assert check.get("test"), f"{name} has no health check"
        assert not check.get("disable"), f"{name} has its health check disabled"
    assert "/healthz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_app_services_wait_for_the_migration_and_healthy_stores(compose):
    for name in APP_SERVICES:
        depends = compose["services"][name]["depends_on"]
        assert depends["migrate"]["condition"] == "service_completed_successfully", name
        assert depends["db"]["condition"] == "service_healthy", name
        assert depends["redis"]["condition"] == "service_healthy", name
    migrate_depends = compose["services"]["migrate"]["depends_on"]
    assert {"db", "redis"} <= set(migrate_depends)
    assert "migrate" not in migrate_depends


def test_app_services_read_dot_env_and_the_database_container_does_not(compose):
    for name in ("migrate", *APP_SERVICES):
        assert compose["services"][name]["env_file"] == ".env", name
    # The keys must never reach PostgreSQL's or Redis's environment.
    assert "env_file" not in compose["services"]["db"]
    assert "env_file" not in compose["services"]["redis"]


def test_compose_shows_how_to_pass_the_keys_as_docker_secrets():
    text = (ROOT / "docker-compose.yml").read_text()
    for name in ("ALONGSIDE_KEKS", "ALONGSIDE_INDEX_KEY", "ALONGSIDE_SYSTEM_KEY"):
        assert f"{name}_FILE: /run/secrets/" in text


# .env.example ---------------------------------------------------------------------------------


def test_example_environment_sets_every_documented_variable():
    example = _example()
    missing = sorted(name for name in REQUIRED_IN_EXAMPLE if not example.get(name))
    assert not missing, f".env.example does not set {missing}"
    assert re.search(r"^ALONGSIDE_MODE=production$", _example_text(), re.MULTILINE)


def test_example_environment_names_every_variable_the_code_reads():
    read = _variables_read_by_the_code()
    assert {"SECRET_KEY", "ALONGSIDE_KEKS"} <= read, "the scan no longer finds the readers"
    missing = sorted(read - set(_example()))
    assert not missing, f"Add these to .env.example (commented if optional): {missing}"


def test_example_environment_holds_placeholders_not_keys():
    example_text = _example_text()
    assert "secrets.token_bytes(32)" in example_text  # says how to generate a key
    for line in example_text.splitlines():
        if line.startswith(("ALONGSIDE_INDEX_KEY=", "ALONGSIDE_SYSTEM_KEY=", "ALONGSIDE_KEKS=")):
            assert "replace-with" in line, line


def _example_text() -> str:
    return (ROOT / ".env.example").read_text()


# Dockerfile and gunicorn --------------------------------------------------------------------


def test_dockerfile_builds_a_slim_non_root_production_image():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim\b", text, re.MULTILINE)
    assert "requirements/base.txt" in text
    assert "requirements/dev.txt" not in text
    assert "collectstatic" in text
    assert re.search(r"^USER (?!root\b)\w+", text, re.MULTILINE)
    assert re.search(r"^ENV ALONGSIDE_MODE=production", text, re.MULTILINE)
    healthcheck = re.search(r"^HEALTHCHECK .*?(?=^\S)", text, re.MULTILINE | re.DOTALL)
    assert healthcheck and "/healthz" in healthcheck.group(0)
    assert '"alongside.wsgi:application"' in text


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_access_log_leaves_out_query_strings_and_link_tokens(tmp_path):
    port = _free_port()
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(tmp_path),
        "ALONGSIDE_VAR_DIR": str(tmp_path / "var"),
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    server = subprocess.Popen(  # noqa: S603 (the virtualenv's gunicorn, fixed arguments)
        [str(gunicorn), "--config", "gunicorn.conf.py", "alongside.wsgi:application"],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/healthz?name=Maria+Survivor"
        for _attempt in range(100):
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("gunicorn did not answer")
        link = f"http://127.0.0.1:{port}/accounts/set-password/MQ/d4f-one-time-secret/"
        with contextlib.suppress(OSError):
            urllib.request.urlopen(link, timeout=5).read()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert '"GET /healthz" 200' in output
    assert "Maria" not in output
    assert "/accounts/set-password/MQ/[redacted]/" in output
    assert "one-time-secret" not in output


# Production mode ----------------------------------------------------------------------------


def test_check_deploy_passes_in_production_mode(tmp_path):
    result = _manage(
        _production_environment(tmp_path), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_a_secret_key_refuses_to_start_and_says_why(tmp_path):
    result = _manage(_production_environment(tmp_path, SECRET_KEY=None), "check")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_in_production_the_health_check_answers_plain_http_and_pages_redirect(tmp_path):
    # The container health check asks over plain HTTP; a redirect would read as unhealthy.
    probe = (
        "from django.test import Client; client = Client(HTTP_HOST='alongside.example.org'); "
        "print(client.get('/healthz').status_code, client.get('/accounts/sign-in/').status_code)"
    )
    result = _manage(_production_environment(tmp_path), "shell", "-c", probe)
    assert result.stdout.split()[-2:] == ["200", "301"], result.stdout + result.stderr


# Database roles (README, "Audit trail") -------------------------------------------------------


def test_only_migrate_connects_as_the_tables_owner(compose):
    services = compose["services"]
    migrate = services["migrate"]
    assert (
        migrate["environment"]["MIGRATE_DATABASE_URL_FILE"] == "/run/secrets/migrate_database_url"
    )
    assert "migrate_database_url" in migrate["secrets"]
    for name in (*APP_SERVICES, "db", "redis"):
        service = services[name]
        assert "MIGRATE_DATABASE_URL" not in str(service.get("environment", {})), name
        assert "migrate_database_url" not in service.get("secrets", []), name
    # .env reaches every app container: the owner's URL must not be set there.
    assert _example().get("MIGRATE_DATABASE_URL") is False


def test_the_app_connects_as_the_app_role_and_no_superuser_password_is_in_dot_env(compose):
    assert re.search(r"^DATABASE_URL=postgres://alongside_app:", _example_text(), re.MULTILINE), (
        "the web and workers must connect as the application role"
    )
    assert "POSTGRES_PASSWORD" not in _example(), "the superuser's password must not be in .env"
    db = compose["services"]["db"]
    assert db["environment"]["POSTGRES_PASSWORD_FILE"] == "/run/secrets/postgres_password"
    assert "POSTGRES_PASSWORD" not in db["environment"]
    assert {"postgres_password", "db_owner_password", "db_app_password"} <= set(db["secrets"])
    for name in compose["secrets"]:
        assert compose["secrets"][name]["file"].startswith("./secrets/"), name
    assert "/secrets/" in (ROOT / ".gitignore").read_text().splitlines()


def test_the_database_is_created_with_the_owner_and_app_roles(compose):
    mounts = compose["services"]["db"]["volumes"]
    assert "./deploy/postgres/init-roles.sh:/docker-entrypoint-initdb.d/10-roles.sh:ro" in mounts
    assert "./deploy/postgres/roles.sql:/etc/alongside/roles.sql:ro" in mounts
    script = (ROOT / "deploy/postgres/init-roles.sh").read_text()
    assert "-f /etc/alongside/roles.sql" in script
    assert "/run/secrets/db_owner_password" in script
    assert "/run/secrets/db_app_password" in script
    roles = (ROOT / "deploy/postgres/roles.sql").read_text()
    assert "CREATE ROLE alongside_owner LOGIN NOSUPERUSER" in roles
    assert "CREATE ROLE alongside_app LOGIN NOSUPERUSER" in roles


def test_settings_connect_as_the_owner_only_where_migrate_database_url_is_set(tmp_path):
    probe = "from django.conf import settings; print(settings.DATABASES['default']['USER'])"
    app_url = "postgres://alongside_app:x@db:5432/alongside"
    owner_url = "postgres://alongside_owner:y@db:5432/alongside"
    app = _manage(_production_environment(tmp_path, DATABASE_URL=app_url), "shell", "-c", probe)
    assert app.stdout.split()[-1:] == ["alongside_app"], app.stdout + app.stderr
    owner_file = tmp_path / "migrate_database_url"
    owner_file.write_text(owner_url)
    owner = _manage(
        _production_environment(
            tmp_path, DATABASE_URL=app_url, MIGRATE_DATABASE_URL_FILE=str(owner_file)
        ),
        "shell",
        "-c",
        probe,
    )
    assert owner.stdout.split()[-1:] == ["alongside_owner"], owner.stdout + owner.stderr
