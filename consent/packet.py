"""The packet: the fields of a case that go out for a set of permitted categories, category by
category, exactly as the recipient sees them. Only the categories asked for are read and
decrypted; nothing else of the case is touched.

Other apps add what they hold to a category (clinicians: the clinical summary; legal: the
immigration status) with ``packet_section_register(category, provider)``, where
``provider(case)`` returns ``[(label, value), ...]``.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import gettext as _

from cases.choices import Language, NoteKind
from consent.choices import PSYCHOTHERAPY_NOTES, DataCategory

_providers: dict[str, list[Callable]] = {}


def packet_section_register(category: str, provider: Callable) -> Callable:
    if category == PSYCHOTHERAPY_NOTES or category not in DataCategory.values:
        raise ValueError(f"not a disclosable category: {category!r}")
    providers = _providers.setdefault(category, [])
    if provider not in providers:
        providers.append(provider)
    return provider


@dataclass
class PacketSection:
    category: str
    label: str
    fields: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Packet:
    sections: list[PacketSection] = field(default_factory=list)

    @property
    def categories(self) -> list[str]:
        return [section.category for section in self.sections]


def _shown(value) -> str:
    if value is None or value == "":
        return _("Not recorded")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "year"):
        return formats.date_format(value)
    return str(value)


def _identity(case) -> list[tuple[str, str]]:
    return [
        (_("Preferred name"), _shown(case.preferred_name)),
        (_("Legal name"), _shown(case.legal_name)),
        (_("Other names used"), _shown(case.other_names)),
        (_("Date of birth"), _shown(case.date_of_birth)),
    ]


def _contact(case) -> list[tuple[str, str]]:
    return [
        (_("Phone"), _shown(case.phone)),
        (_("Email"), _shown(case.email)),
        (_("Address"), _shown(case.address)),
    ]


def _language(case) -> str:
    # The receiver reads the language's name, never its code; "another language" is the
    # survivor's own words for it (encrypted with the identity, decrypted only here).
    if case.primary_language == Language.OTHER and case.primary_language_other:
        return case.primary_language_other
    return _shown(case.get_primary_language_display())


def _demographics(case) -> list[tuple[str, str]]:
    return [
        (_("Age band"), case.get_age_band_display()),
        (_("Gender identity"), _shown(case.get_gender_identity_display())),
        (_("Primary language"), _language(case)),
        (_("Interpreter needed"), _shown(case.interpreter_needed)),
    ]


def _trafficking(case) -> list[tuple[str, str]]:
    return [(_("Type of trafficking"), case.get_trafficking_type_display())]


def _legal(case) -> list[tuple[str, str]]:
    return [(_("Citizenship"), case.get_citizenship_category_display())]


def _case_notes(case) -> list[tuple[str, str]]:
    notes = case.notes.order_by("-contact_at").only("kind", "contact_at", "body", "case_id")
    return [
        (
            f"{formats.date_format(note.contact_at)} · {NoteKind(note.kind).label}",
            note.body,
        )
        for note in notes
    ]


_BUILT_IN = {
    DataCategory.IDENTITY: _identity,
    DataCategory.CONTACT: _contact,
    DataCategory.DEMOGRAPHICS: _demographics,
    DataCategory.TRAFFICKING_EXPERIENCE: _trafficking,
    DataCategory.LEGAL_IMMIGRATION: _legal,
    DataCategory.CASE_NOTES: _case_notes,
}


def packet_build(*, case, categories: Iterable[str]) -> Packet:
    """The packet for ``categories`` (already decided by the policy), in the fixed order of
    the category list. Psychotherapy notes never appear, whatever is asked."""
    wanted = set(categories) - {PSYCHOTHERAPY_NOTES}
    packet = Packet()
    for category in DataCategory:
        if category.value not in wanted:
            continue
        fields = []
        built_in = _BUILT_IN.get(category)
        if built_in is not None:
            fields.extend(built_in(case))
        for provider in _providers.get(category.value, ()):
            fields.extend(provider(case))
        packet.sections.append(PacketSection(category.value, str(category.label), fields))
    return packet
