"""The caseload (one selector for the page and the API), exact search and likely duplicates."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import (
    CharField,
    Count,
    DateField,
    Q,
    QuerySet,
    Window,
)

from alongside.correlated import CorrelatedSQL
from audit.models import AuditAction
from audit.services import audit_list_view, audit_record
from cases.access import (
    active_membership,
    cases_visible_to,
)
from cases.choices import CaseStatus
from cases.models import Case
from protection.blind_index import blind_index_for
from protection.envelope import data_keys_prefetch, data_keys_remember, with_data_keys
from protection.integrity import decrypt_or_alarm
from reminders.models import Reminder


@dataclass(frozen=True)
class CaseloadFilters:
    status: str = ""
    flag: str = ""
    name: str = ""
    mine: bool = False


# Built as SQL text for the reason the access policy is (alongside.correlated).
_NEXT_REMINDER = (
    f"SELECT r.{{column}} FROM {Reminder._meta.db_table} r "  # noqa: S608 - no input
    "WHERE r.case_id = {{row}} AND r.done_at IS NULL ORDER BY r.due_on LIMIT 1"
)


def caseload(
    *, actor, filters: CaseloadFilters = CaseloadFilters(), reminder_kind: bool = True
) -> QuerySet[Case]:
    """The cases a person works, newest activity first, with when their next reminder is due
    and, unless told not to (the page does not show it), its kind."""
    cases = cases_visible_to(actor)
    if filters.status:
        cases = cases.filter(status=filters.status)
    else:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    if filters.name:
        cases = cases.filter(_name_matches(filters.name))
    if filters.mine:
        cases = cases.filter(pk__in=active_membership(actor).values("case"))
    cases = cases.annotate(
        next_reminder_on=CorrelatedSQL(
            _NEXT_REMINDER.format(column="due_on"), output_field=DateField()
        )
    )
    if reminder_kind:
        cases = cases.annotate(
            next_reminder_kind=CorrelatedSQL(
                _NEXT_REMINDER.format(column="kind"), output_field=CharField()
            )
        )
    return cases.order_by("-last_contact_at", "-opened_at")


# What a caseload row shows (cases/templatetags/cases.py ``caseload_rows``). The page reads only
# these: a case row also carries every encrypted identity field, which the list never opens.
CASELOAD_ROW_FIELDS = (
    "id",
    "number",
    "status",
    "minor_at_intake",
    "preferred_name",
    "safety_flags",
    "last_contact_at",
    "opened_at",
)


def caseload_rows(
    *,
    actor,
    filters: CaseloadFilters = CaseloadFilters(),
    fields=CASELOAD_ROW_FIELDS,
    reminder_kind: bool = False,
) -> QuerySet[Case]:
    """The caseload's cases with only the columns a row shows (``fields``) and their data
    keys: the page's rows by default, the API's when it names its own."""
    cases = caseload(actor=actor, filters=filters, reminder_kind=reminder_kind)
    return with_data_keys(cases.only(*fields))


class _CountedPaginator(Paginator):
    """A paginator told its count, so it does not ask the database again."""

    def __init__(self, object_list, per_page, *, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # Paginator.count is a cached_property


def page_of(cases: QuerySet[Case], *, number, size: int) -> tuple[Page, list[Case]]:
    """One page of ``cases`` with their data keys loaded, and how many there are in all, in one
    query: the total rides along as a window count instead of a second COUNT query."""
    try:
        wanted = max(int(number), 1)
    except (TypeError, ValueError):
        wanted = 1
    start = (wanted - 1) * size
    rows = list(cases.annotate(total_count=Window(Count("pk")))[start : start + size])
    if not rows and wanted > 1:
        # Past the last page: show the last one, as Paginator.get_page does.
        page = Paginator(cases, size).get_page(number)
        return page, decrypt_page(page.object_list)
    paginator = _CountedPaginator(rows, size, count=rows[0].total_count if rows else 0)
    page = Page(rows, wanted, paginator)
    return page, decrypt_page(rows)


def cases_shown(*, actor, cases, reason: str) -> list[Case]:
    """Record that a list or search answer showed these cases to ``actor`` (one audit event
    naming them all, one INSERT whatever the number of rows) and give them back."""
    cases = list(cases)
    audit_list_view(actor=actor, objects=cases, reason=reason)
    return cases


def _name_matches(name: str) -> Q:
    index = blind_index_for("name", name)
    if index is None:
        return Q(pk__in=[])
    return Q(legal_name_index=index) | Q(preferred_name_index=index)


def decrypt_page(cases) -> list[Case]:
    """Load the data keys of a page of cases at once: read with them (``with_data_keys``), or
    else in one query, so showing names costs one query at most."""
    cases = list(cases)
    data_keys_remember(cases)
    data_keys_prefetch(cases)
    return decrypt_or_alarm(cases)  # one damaged case shows as unreadable, not a failed page


# A flag lives inside encrypted data: filtering by one reads this many cases at most (the most
# recently active), and says so when there were more.
FLAG_FILTER_LIMIT = 2000


def caseload_with_flag(cases: QuerySet[Case], flag: str) -> tuple[list[Case], bool]:
    """The caseload's cases carrying ``flag``, decrypted, and whether the limit cut it short.
    The caseload page and the API both filter through here."""
    recent = decrypt_page(cases[:FLAG_FILTER_LIMIT])
    return with_flag(recent, flag), len(recent) == FLAG_FILTER_LIMIT


def with_flag(cases: list[Case], flag: str) -> list[Case]:
    """Filter a page by a safety flag. Flags are encrypted, so this happens after decryption."""
    return [case for case in cases if flag in (case.safety_flags or [])]


def case_search_exact(*, actor, name: str = "", date_of_birth=None, phone: str = "") -> QuerySet:
    """Exact-match search on name, date of birth or phone, through blind indexes only."""
    condition = Q()
    if name:
        condition &= _name_matches(name)
    if date_of_birth:
        condition &= Q(date_of_birth_index=blind_index_for("date", date_of_birth))
    if phone:
        index = blind_index_for("phone", phone)
        condition &= Q(phone_index=index) if index else Q(pk__in=[])
    if not (name or date_of_birth or phone):
        return Case.objects.none()
    return cases_visible_to(actor).filter(condition)


@dataclass
class DuplicateWarning:
    visible: list[Case] = field(default_factory=list)
    hidden_count: int = 0

    def __bool__(self) -> bool:
        return bool(self.visible or self.hidden_count)


def likely_duplicates(
    *, actor, name: str, date_of_birth=None, phone: str = "", also_names: tuple[str, ...] = ()
) -> DuplicateWarning:
    """Cases that are probably the same person: same name and date of birth, or same phone.

    Names only cases the person may see. Whether it also counts the matching cases they may
    not see (a duplicate on another team is still a duplicate) is the organization's choice
    (``DUPLICATE_COUNT_ACROSS_PROGRAMS``, off by default): that a phone number belongs to a
    survivor served elsewhere is itself a disclosure, so each answer that gives such a count is
    audited as one.
    """
    condition = Q(pk__in=[])
    for each_name in (name, *also_names):
        name_index = blind_index_for("name", each_name) if each_name else None
        if name_index and date_of_birth:
            same_name = Q(legal_name_index=name_index) | Q(preferred_name_index=name_index)
            condition |= same_name & Q(date_of_birth_index=blind_index_for("date", date_of_birth))
    phone_index = blind_index_for("phone", phone) if phone else None
    if phone_index:
        condition |= Q(phone_index=phone_index)
    if not settings.DUPLICATE_COUNT_ACROSS_PROGRAMS:
        visible = cases_visible_to(actor).filter(condition).exclude(status=CaseStatus.CLOSED)
        return DuplicateWarning(visible=list(visible))
    matching_ids = set(
        Case.objects.filter(condition)
        .exclude(status=CaseStatus.CLOSED)
        .values_list("pk", flat=True)
    )
    if not matching_ids:
        return DuplicateWarning()
    visible = list(cases_visible_to(actor).filter(pk__in=matching_ids))
    hidden_count = len(matching_ids) - len(visible)
    if hidden_count:
        checked = [
            name
            for name, given in (("name", name), ("date_of_birth", date_of_birth), ("phone", phone))
            if given
        ]
        audit_record(
            actor=actor,
            action=AuditAction.DISCLOSURE,
            target_type=Case._meta.label_lower,
            fields=checked,
            reason=f"duplicate check: told of {hidden_count} match(es) on cases not visible",
        )
    return DuplicateWarning(visible=visible, hidden_count=hidden_count)
