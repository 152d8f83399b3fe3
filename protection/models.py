"""Data keys (one per owner, e.g. a survivor's case) and the tombstones shredding leaves."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DataKey(models.Model):
    """An owner's AES-256 data key, stored only wrapped by a key-encryption key (KEK).

    The owner is named by its model label and UUID rather than a foreign key, so that any model
    can own a key and the key row can exist before the owner's row is inserted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_type = models.CharField(max_length=100)
    owner_id = models.UUIDField()
    wrapped_key = models.BinaryField()
    kek_version = models.PositiveIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    rewrapped_at = models.DateTimeField(null=True, blank=True)
    shredded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id"], name="one_data_key_per_owner"
            )
        ]
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")

    def __str__(self) -> str:
        return f"{self.owner_type} {self.owner_id} (KEK {self.kek_version})"

    @property
    def is_shredded(self) -> bool:
        return self.shredded_at is not None


class ShredTombstone(models.Model):
    """What is left of a shredded owner: its pseudonymous id, when, who and why.

    The owner's id is a random UUID that carries nothing about the person; once the key is
    gone, nothing readable links it to them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner_type = models.CharField(max_length=100)
    owner_id = models.UUIDField()
    shredded_at = models.DateTimeField()
    shredded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField()

    class Meta:
        ordering = ["-shredded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id"], name="one_tombstone_per_owner"
            )
        ]
        verbose_name = _("shredding record")
        verbose_name_plural = _("shredding records")

    def __str__(self) -> str:
        return f"{self.owner_type} shredded {self.shredded_at:%Y-%m-%d}"


class DataKeyOwner(models.Model):
    """Inherit this to make a model own a data key (a survivor's case will).

    Its encrypted fields, and those of every model that names it as ``encryption_owner``, are
    sealed under that key; shredding the owner makes all of them unreadable at once. The primary
    key is a UUID generated in Python, because associated data binds each value to its row
    before the row is inserted.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)

    class Meta:
        abstract = True
