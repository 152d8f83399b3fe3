"""Who data may go to, as one value the policy compares: a partner organization, a named person
of the case, or a named class. Two recipients are the same only when kind and target match:
a release to an agency does not cover a person who works there, nor the class it belongs to."""

import uuid
from dataclasses import dataclass

from consent.choices import RecipientClass, RecipientKind


@dataclass(frozen=True)
class Recipient:
    kind: str
    target: str  # the organization's or person's id, or the class's value

    @classmethod
    def organization(cls, organization_id) -> "Recipient":
        return cls(RecipientKind.ORGANIZATION, str(uuid.UUID(str(organization_id))))

    @classmethod
    def person(cls, person_id) -> "Recipient":
        return cls(RecipientKind.PERSON, str(uuid.UUID(str(person_id))))

    @classmethod
    def of_class(cls, recipient_class: str) -> "Recipient":
        if recipient_class not in RecipientClass.values:
            raise ValueError(f"unknown recipient class {recipient_class!r}")
        return cls(RecipientKind.CLASS, str(recipient_class))

    @property
    def is_law_enforcement(self) -> bool:
        return self.kind == RecipientKind.CLASS and self.target == RecipientClass.LAW_ENFORCEMENT
