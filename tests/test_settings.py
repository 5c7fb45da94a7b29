"""Production settings and the production stack: no start without a real SECRET_KEY, a clean
``check --deploy``, database connections kept open, every variable documented in
``.env.example``, and a ``docker-compose.yml`` that parses.

Each check runs in a subprocess, as production would start, with the variables that matter set
explicitly (so a developer's ``.env``, read by the settings, cannot change the outcome)."""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
PRODUCTION = "coordinator.settings.production"
GOOD_KEY = secrets.token_urlsafe(64)
#: Variables whose value the tests decide; taken out of the inherited environment.
CONTROLLED = (
    "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DEBUG", "ALLOWED_HOSTS", "CONN_MAX_AGE",
    "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "EMAIL_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set in-process by the browser tests; a deploy-check warning
)
SERVICES = {"web", "worker", "beat", "db", "redis"}


#: Production defaults, passed explicitly only when a local .env exists (it could change them).
SHIELD_FROM_DOTENV = {
    "DEBUG": "false", "SECURE_SSL_REDIRECT": "true", "SECURE_HSTS_SECONDS": "31536000",
    "EMAIL_URL": "smtp://localhost:25", "CONN_MAX_AGE": "300",
}


def run(args, **env):
    """Run ``args`` in the project directory with the production settings and ``env``."""
    environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    if (BASE_DIR / ".env").exists():
        environment.update(SHIELD_FROM_DOTENV)
    environment.update(DJANGO_SETTINGS_MODULE=PRODUCTION, **env)
    return subprocess.run(
        args, cwd=BASE_DIR, env=environment, capture_output=True, text=True, timeout=120
    )


def dotenv_defines(name: str) -> bool:
    dotenv = BASE_DIR / ".env"
    return dotenv.exists() and re.search(rf"(?m)^\s*(export\s+)?{name}\s*=", dotenv.read_text())


@pytest.mark.parametrize(
    "secret_key",
    [None, "", "too-short", "django-insecure-" + "x" * 60, "ab" * 40],
    ids=["unset", "empty", "short", "django-insecure", "low-entropy"],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret_key):
    env = {"ALLOWED_HOSTS": "linchpin.example.org"}
    if secret_key is None:
        if dotenv_defines("SECRET_KEY"):
            pytest.skip(".env sets SECRET_KEY")
    else:
        env["SECRET_KEY"] = secret_key

    result = run([sys.executable, "-c", "import django; django.setup()"], **env)

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr
    if secret_key:
        assert secret_key not in result.stderr  # the rejected key is not echoed


def test_check_deploy_passes_without_warnings():
    result = run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="linchpin.example.org",
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_keeps_database_connections_open_and_is_secure():
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'conn_max_age': s.DATABASES['default']['CONN_MAX_AGE'], "
        "'debug': s.DEBUG, 'ssl_redirect': s.SECURE_SSL_REDIRECT, "
        "'health_exempt': s.SECURE_REDIRECT_EXEMPT, "
        "'mailer': s.MAILERS['default']['BACKEND']}))"
    )
    result = run([sys.executable, "-c", code], SECRET_KEY=GOOD_KEY,
                 ALLOWED_HOSTS="linchpin.example.org")
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])

    assert values["conn_max_age"] > 0  # a new connection per request halves throughput
    assert values["debug"] is False
    assert values["ssl_redirect"] is True
    assert any(re.match(pattern, "healthz") for pattern in values["health_exempt"])
    assert values["mailer"].endswith("smtp.EmailBackend")


def test_env_example_documents_every_variable_the_settings_read():
    read = re.compile(r'env(?:\.\w+)?\(\s*"([A-Z][A-Z0-9_]*)"')
    names = set()
    for settings_file in (BASE_DIR / "coordinator" / "settings").glob("*.py"):
        names |= set(read.findall(settings_file.read_text()))
    example = (BASE_DIR / ".env.example").read_text()
    documented = set(re.findall(r"(?m)^#?\s*([A-Z][A-Z0-9_]*)=", example))

    assert names, "no env(...) reads found in coordinator/settings"
    assert names <= documented, f"undocumented in .env.example: {sorted(names - documented)}"


def compose_command():
    """``docker compose`` (v2 plugin) or ``docker-compose`` (v1), else None."""
    if shutil.which("docker"):
        probe = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
        if probe.returncode == 0:
            return ["docker", "compose"]
    if shutil.which("docker-compose"):
        return ["docker-compose"]
    return None


def test_docker_compose_file_parses(tmp_path):
    command = compose_command()
    if command is None:
        pytest.skip("no docker compose CLI on this machine")
    # Work on a copy with .env made from .env.example: the real .env (git-ignored) is read by
    # the settings of anyone running from this checkout, so the test never writes one there.
    for name in ("docker-compose.yml", "Dockerfile", ".dockerignore"):
        shutil.copy(BASE_DIR / name, tmp_path / name)
    shutil.copy(BASE_DIR / ".env.example", tmp_path / ".env")
    environment = {k: v for k, v in os.environ.items() if not k.startswith("COMPOSE_")}

    def compose(*args):
        return subprocess.run(
            [*command, "-f", str(tmp_path / "docker-compose.yml"), *args],
            cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=60,
        )

    validated = compose("config", "-q")
    assert validated.returncode == 0, validated.stderr
    services = compose("config", "--services")
    assert services.returncode == 0, services.stderr
    assert set(services.stdout.split()) == SERVICES
    full = compose("config")
    assert full.returncode == 0, full.stderr
    assert full.stdout.count("healthcheck:") >= 3  # web, db, redis
    assert "/healthz" in full.stdout
