import uuid

from django.db import models

from protection.fields import (
    BlindIndexField,
    EncryptedDateField,
    EncryptedJSONField,
    EncryptedTextField,
)
from protection.models import DataKeyOwner


class Vault(DataKeyOwner):
    """Stands in for a survivor's case: it owns the data key."""

    reference = models.CharField(max_length=20, blank=True)
    legal_name = EncryptedTextField()
    legal_name_index = BlindIndexField(source="legal_name", kind="name")
    alias = EncryptedTextField()
    birth_date = EncryptedDateField()
    birth_date_index = BlindIndexField(source="birth_date", kind="date")
    phone = EncryptedTextField()
    phone_index = BlindIndexField(source="phone", kind="phone")
    details = EncryptedJSONField()

    def __str__(self) -> str:
        return self.reference


class VaultEntry(models.Model):
    """Stands in for a case note: sealed under its vault's key."""

    encryption_owner = "vault"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vault = models.ForeignKey(Vault, on_delete=models.CASCADE, related_name="entries")
    body = EncryptedTextField()
    author_name = EncryptedTextField()
    author_name_index = BlindIndexField(source="author_name", kind="name")

    def __str__(self) -> str:
        return str(self.id)


class PlainRecord(models.Model):
    """A table that stores text as-is: the scanner's positive control."""

    note = models.TextField()
    blob = models.BinaryField(null=True)

    def __str__(self) -> str:
        return str(self.pk)


class Dossier(DataKeyOwner):
    """Stands in for a case as it is versioned: optimistic concurrency and declined answers."""

    encryption_declined_in = "declined"

    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=10, default="open")
    name = EncryptedTextField()
    name_index = BlindIndexField(source="name", kind="name")
    born = EncryptedDateField()
    flags = EncryptedJSONField(default=list)
    declined = models.JSONField(default=list)

    def __str__(self) -> str:
        return str(self.id)


class DossierPage(models.Model):
    """A versioned child row, as a case note is."""

    encryption_owner = "dossier"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="pages")
    version = models.PositiveIntegerField(default=1)
    body = EncryptedTextField()

    def __str__(self) -> str:
        return str(self.id)
