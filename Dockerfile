# syntax=docker/dockerfile:1
# Alongside's one image: the web (gunicorn), the Celery worker and Celery beat all run from it;
# docker-compose.yml picks the command. Configuration and keys come from the environment at run
# time, never from the image.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    ALONGSIDE_VAR_DIR=/app/var

# A fixed, unprivileged user: a compromised process must not own the code it runs.
RUN groupadd --system --gid 10001 alongside \
    && useradd --system --uid 10001 --gid alongside --home-dir /app --shell /usr/sbin/nologin alongside

WORKDIR /app

# Dependencies first, so a code change does not reinstall them. Only the runtime set: the image
# carries no test tools. The pinned file names this machine's local package mirrors on its
# "--" lines; inside the image PyPI serves the same pins.
COPY requirements/base.txt requirements/base.txt
RUN sed '/^--/d' requirements/base.txt > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY . .

# Static files are collected in production mode, so the hashed manifest matches what production
# serves. Production refuses to start without its settings and keys; the values below are
# throwaway ones that live only for this command (the keys are random, never written to a layer)
# and are never used to store anything.
RUN key() { python -c "import base64,secrets;print(base64.b64encode(secrets.token_bytes(32)).decode())"; } \
    && ALONGSIDE_MODE=production \
    SECRET_KEY="$(python -c 'import secrets;print(secrets.token_urlsafe(50))')" \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    ALLOWED_HOSTS=build.invalid \
    ALONGSIDE_KEKS="1:$(key)" ALONGSIDE_INDEX_KEY="$(key)" ALONGSIDE_SYSTEM_KEY="$(key)" \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/var/files \
    && chown -R alongside:alongside /app/var

USER alongside

ENV ALONGSIDE_MODE=production
EXPOSE 8000

# /healthz answers over plain HTTP (it is exempt from the HTTPS redirect) and must be asked
# with a Host that ALLOWED_HOSTS accepts. 503 (database or broker down) fails the check.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as r; host = os.environ.get('ALLOWED_HOSTS', 'localhost').split(',')[0].strip().lstrip('*.') or 'localhost'; r.urlopen(r.Request('http://127.0.0.1:8000/healthz', headers={'Host': host}), timeout=4)"]

CMD ["gunicorn", "--config", "gunicorn.conf.py", "alongside.wsgi:application"]
