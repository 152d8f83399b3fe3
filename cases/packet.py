"""What a case holds that a partner may receive, category by category: the cases app's part
of the consent packet (``consent.packet``), registered from ``CasesConfig.ready()``.

Each provider reads only its own fields (decrypting nothing else) and always returns at least
one field, so a partner never receives an empty section: what is not recorded says so.
"""

from django.utils import formats
from django.utils.translation import gettext as _

from cases.choices import Language, NoteKind
from consent.choices import DataCategory
from consent.packet import packet_section_register


def _shown(value) -> str:
    if value is None or value == "":
        return _("Not recorded")
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if hasattr(value, "year"):
        return formats.date_format(value)
    return str(value)


def identity_section(case) -> list[tuple[str, str]]:
    return [
        (_("Preferred name"), _shown(case.preferred_name)),
        (_("Legal name"), _shown(case.legal_name)),
        (_("Other names used"), _shown(case.other_names)),
        (_("Date of birth"), _shown(case.date_of_birth)),
    ]


def contact_section(case) -> list[tuple[str, str]]:
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


def demographics_section(case) -> list[tuple[str, str]]:
    return [
        (_("Age band"), case.get_age_band_display()),
        (_("Gender identity"), _shown(case.get_gender_identity_display())),
        (_("Primary language"), _language(case)),
        (_("Interpreter needed"), _shown(case.interpreter_needed)),
    ]


def trafficking_section(case) -> list[tuple[str, str]]:
    return [(_("Type of trafficking"), case.get_trafficking_type_display())]


def legal_immigration_section(case) -> list[tuple[str, str]]:
    # The citizenship category is the immigration information the case holds: it goes only
    # under this category, never with demographics (a survivor may share their age band with
    # an agency without telling it they are a foreign national).
    return [(_("Citizenship"), case.get_citizenship_category_display())]


def case_notes_section(case) -> list[tuple[str, str]]:
    notes = case.notes.order_by("-contact_at").only("kind", "contact_at", "body", "case_id")
    fields = [
        (
            f"{formats.date_format(note.contact_at)} · {NoteKind(note.kind).label}",
            note.body,
        )
        for note in notes
    ]
    return fields or [(_("Case notes"), _("None recorded yet"))]


def register_packet_sections() -> None:
    for category, provider in (
        (DataCategory.IDENTITY, identity_section),
        (DataCategory.CONTACT, contact_section),
        (DataCategory.DEMOGRAPHICS, demographics_section),
        (DataCategory.TRAFFICKING_EXPERIENCE, trafficking_section),
        (DataCategory.LEGAL_IMMIGRATION, legal_immigration_section),
        (DataCategory.CASE_NOTES, case_notes_section),
    ):
        packet_section_register(category, provider, owner="cases")
