"""The packet: the fields of a case that go out for a set of permitted categories, category by
category, exactly as the recipient sees them. Only the categories asked for are read and
decrypted; nothing else of the case is touched.

The app that holds a category's information supplies its section, from its
``AppConfig.ready()``: ``packet_section_register(category, provider, owner=app_label)``, where
``provider(case)`` returns ``[(label, value), ...]`` — never an empty list (a provider with
nothing recorded says so, as a field). Today: ``cases`` fills identity, contact,
demographics, trafficking experience, case notes and legal and immigration (the citizenship
category); ``clinicians`` fills the clinical summary.

A category that no app fills is not *offered*: no release, restriction, preview or referral
can name it (``offered_categories``), so a survivor is never asked to consent to sending
something that would arrive empty. Releases recorded before keep naming it and say so; the
policy may permit it, but the packet has no section for it. When an app starts holding such
information (documents, say), it registers a section and the category is offered.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from consent.choices import PSYCHOTHERAPY_NOTES, DataCategory

Provider = Callable[[object], list[tuple[str, str]]]


@dataclass(frozen=True)
class SectionSource:
    owner: str  # the app that holds the information
    provider: Provider


_sources: dict[str, list[SectionSource]] = {}
# The offered categories as choices, kept in step with the registry: the API schema names this
# vocabulary (``ENUM_NAME_OVERRIDES``), read once the apps are ready.
OFFERED_CHOICES: list[tuple[str, str]] = []

NOT_FILLED_NOTE = _("nothing of this kind is recorded, so nothing goes")


def packet_section_register(category: str, provider: Provider, *, owner: str) -> Provider:
    """``owner`` (an app label) supplies ``category``'s section with ``provider(case)``."""
    if category == PSYCHOTHERAPY_NOTES or category not in DataCategory.values:
        raise ValueError(f"not a disclosable category: {category!r}")
    sources = _sources.setdefault(category, [])
    if not any(source.provider is provider for source in sources):
        sources.append(SectionSource(owner, provider))
    OFFERED_CHOICES[:] = [(name, label) for name, label in DataCategory.choices if name in _sources]
    return provider


def packet_section_unregister(category: str, provider: Provider) -> None:
    """For tests that register a provider of their own."""
    sources = [s for s in _sources.get(category, []) if s.provider is not provider]
    if sources:
        _sources[category] = sources
    else:
        _sources.pop(category, None)
    OFFERED_CHOICES[:] = [(name, label) for name, label in DataCategory.choices if name in _sources]


def section_owners(category: str) -> list[str]:
    return [source.owner for source in _sources.get(category, ())]


def offered_categories() -> list[str]:
    """The categories some app fills, in the fixed order of the category list."""
    return [name for name in DataCategory.values if name in _sources]


def category_offered(category: str) -> bool:
    return category in _sources


def offered_choices() -> list[tuple[str, str]]:
    return [(name, label) for name, label in DataCategory.choices if name in _sources]


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


def packet_build(*, case, categories: Iterable[str]) -> Packet:
    """The packet for ``categories`` (already decided by the policy), in the fixed order of
    the category list: one section per category an app fills, none for a category nothing
    fills (it would be empty). Psychotherapy notes never appear, whatever is asked."""
    wanted = set(categories) - {PSYCHOTHERAPY_NOTES}
    packet = Packet()
    for category in DataCategory:
        sources = _sources.get(category.value)
        if category.value not in wanted or not sources:
            continue
        fields = []
        for source in sources:
            fields.extend(source.provider(case))
        packet.sections.append(PacketSection(category.value, str(category.label), fields))
    return packet
