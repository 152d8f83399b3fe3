"""Gunicorn settings for the ``web`` service, read from the environment like everything else.

The access log names the path but never the query string or the referrer: Alongside never puts
survivor data in URLs, but a search box or a mistaken link could, and a log is the last place
such data may end up.
"""

import multiprocessing
import os

# Loopback by default: only a proxy on the same host reaches the web process. A container sets
# GUNICORN_BIND=0.0.0.0:8000 (its own network namespace; docker-compose.yml publishes the port
# on the host's loopback only). Anyone who can reach gunicorn directly bypasses the proxy, so
# Django believes forwarding headers only from TRUSTED_PROXIES.
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
# Default: the usual 2 × cores + 1, capped so a large host does not exhaust database connections.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak cannot grow without bound.
max_requests = 2000
max_requests_jitter = 200
# The workers' heartbeat files (no data) in memory, as gunicorn's docs advise for containers:
# on overlayfs a heartbeat write can block and get a healthy worker killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# %(U)s is the path without the query string; no %(q)s, %(r)s (request line), %(f)s (referrer)
# or %(a)s (user agent).
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms'
# Redacts one-time tokens in paths (set-password links) before a line is written.
logger_class = "alongside.access_log.RedactingLogger"
# Django, not gunicorn, decides how far to trust X-Forwarded-* (TRUSTED_PROXIES,
# TRUSTED_PROXY_COUNT and SECURE_PROXY_SSL_HEADER), so gunicorn keeps its default of trusting
# only 127.0.0.1.
