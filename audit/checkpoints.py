"""Signed checkpoints of the chain heads, kept outside the database.

The hash chain shows any edit that was not followed by recomputing the rest of the lane and its
head, but whoever can write to the database can do exactly that, or delete the newest events and
wind the head back, or empty the tables: the chain then verifies. So a periodic task writes each
lane's position and hash, with the time, to an append-only file outside the database
(``AUDIT_CHECKPOINT_DIR``), signed with HMAC-SHA256 under a key the database never holds
(``ALONGSIDE_AUDIT_CHECKPOINT_KEY``). A later chain must still hold, at each recorded position,
the event with the recorded hash; a checkpoint whose signature does not verify is itself reported.
"""

import base64
import binascii
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from alongside import environment
from audit.models import AuditChainHead, AuditEvent

KEY_NAME = "ALONGSIDE_AUDIT_CHECKPOINT_KEY"
DEV_KEY_FIELD = "audit_checkpoint"
FILE_NAME = "checkpoints.jsonl"
KEY_BYTES = 32


def _decode(text: str) -> bytes:
    try:
        key = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ImproperlyConfigured(f"{KEY_NAME} is not valid base64.") from None
    if len(key) != KEY_BYTES:
        raise ImproperlyConfigured(f"{KEY_NAME} must decode to {KEY_BYTES} bytes, not {len(key)}.")
    return key


def checkpoint_key() -> bytes:
    try:
        text = environment.string(KEY_NAME)
    except environment.ConfigurationError as error:
        raise ImproperlyConfigured(str(error)) from None
    if text:
        return _decode(text)
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            f"Production mode needs {KEY_NAME} (or {KEY_NAME}_FILE) to sign and check audit "
            "checkpoints. See the README, 'Audit trail'."
        )
    # Development: generated once into var/keys.json beside the other keys.
    from protection.keyring import (
        _development_document,
        _write_development_document,
        new_key_text,
    )

    document = _development_document()
    if DEV_KEY_FIELD not in document:
        document[DEV_KEY_FIELD] = new_key_text()
        _write_development_document(document)
    return _decode(document[DEV_KEY_FIELD])


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _signed_bytes(body: dict) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":")).encode()


def _signature(body: dict, key: bytes) -> str:
    return hmac.new(key, _signed_bytes(body), hashlib.sha256).hexdigest()


def checkpoint_write() -> dict:
    """Append a signed checkpoint of every lane head; return what was written."""
    heads = [[head.lane, head.seq, head.hash] for head in AuditChainHead.objects.order_by("lane")]
    body = {
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "heads": heads,
        "events": sum(seq for _lane, seq, _hash in heads),
    }
    line = json.dumps({**body, "signature": _signature(body, checkpoint_key())}) + "\n"
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # O_APPEND: a checkpoint is only ever added; earlier ones are never rewritten.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        os.write(descriptor, line.encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return body


@dataclass(frozen=True)
class CheckpointReport:
    checkpoints: int
    last_at: str | None
    problems: list[str]
    events_since: int

    @property
    def ok(self) -> bool:
        return not self.problems


def _read_checkpoints(key: bytes) -> tuple[list[dict], list[str]]:
    path = checkpoint_path()
    if not path.exists():
        return [], []
    valid, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            body = {name: record[name] for name in ("at", "heads", "events")}
            signature = record["signature"]
        except (ValueError, KeyError, TypeError):
            problems.append(f"checkpoint {number} in {path} is not a readable checkpoint")
            continue
        if not isinstance(signature, str) or not hmac.compare_digest(
            signature, _signature(body, key)
        ):
            problems.append(
                f"checkpoint {number} in {path} (written at {body['at']}) does not verify: its "
                "signature does not match, so it was altered or not written by Alongside"
            )
            continue
        valid.append(body)
    return valid, problems


def _lane_problem(lane: int, history: list[tuple[str, int, str]], current: dict) -> str | None:
    """Compare one lane with every checkpoint of it, oldest first; describe what changed."""
    head_seq = current["head"][0] if current["head"] else 0
    last_at, last_seq, _last_hash = history[-1]
    if last_seq > head_seq or last_seq > current["top"]:
        now = min(head_seq, current["top"])
        return (
            f"lane {lane}: positions {now + 1} to {last_seq}, recorded by the checkpoint of "
            f"{last_at}, are missing (the lane now ends at position {now})"
        )
    matched = 0
    for at, seq, recorded in history:
        if seq and current["hashes"].get(seq) != recorded:
            return (
                f"lane {lane}: rewritten since the checkpoint of {at}: the event at position "
                f"{seq} is not the one recorded; the change lies between positions "
                f"{matched + 1} and {seq}"
            )
        matched = seq
    return None


def checkpoints_verify() -> CheckpointReport:
    """Check the chain as it is now against every signed checkpoint."""
    valid, problems = _read_checkpoints(checkpoint_key())
    if not valid:
        return CheckpointReport(len(problems), None, problems, 0)
    histories: dict[int, list[tuple[str, int, str]]] = {}
    for checkpoint in valid:
        for lane, seq, recorded in checkpoint["heads"]:
            histories.setdefault(lane, []).append((checkpoint["at"], seq, recorded))
    heads = {head.lane: (head.seq, head.hash) for head in AuditChainHead.objects.all()}
    events_since = 0
    for lane, history in sorted(histories.items()):
        positions = {seq for _at, seq, _hash in history if seq}
        rows = AuditEvent.objects.filter(lane=lane)
        current = {
            "head": heads.get(lane),
            "top": max(rows.values_list("seq", flat=True), default=0),
            "hashes": dict(rows.filter(seq__in=positions).values_list("seq", "hash")),
        }
        problem = _lane_problem(lane, history, current)
        if problem:
            problems.append(problem)
        else:
            events_since += current["top"] - history[-1][1]
    return CheckpointReport(len(valid) + len(problems), valid[-1]["at"], problems, events_since)
