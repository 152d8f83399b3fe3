"""Public ids: every row anyone can name (in a URL, an export, the API) has a UUID key.

Made in Python, not by the database: an encrypted field binds its ciphertext to the row's key
before the row is inserted (``protection.fields``), and a key that cannot be guessed or counted
says nothing about how many rows there are.
"""

import uuid

from django.db import models


def uuid_pk() -> models.UUIDField:
    """The primary key of a model with a public id: ``id = uuid_pk()``."""
    return models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
