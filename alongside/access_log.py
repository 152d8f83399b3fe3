"""gunicorn's access log, with one-time secrets in paths redacted.

A set-password link carries its token in the path (Django's design). Anyone who can read the
access log could otherwise use an unspent link to take over a new account before its owner
does, so the token never reaches the log.
"""

import re

from gunicorn.glogging import Logger

SECRET_PATHS = re.compile(r"^(/accounts/set-password/[^/]+/)[^/]+(/?)")


def redact_path(path: str) -> str:
    return SECRET_PATHS.sub(r"\1[redacted]\2", path)


class RedactingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        # Only the path is logged (gunicorn.conf.py's format has no request line or query).
        atoms["U"] = redact_path(atoms.get("U", ""))
        return atoms
