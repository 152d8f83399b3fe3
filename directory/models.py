"""The partner directory: the agencies and services releases and referrals point at.

Shaped like Open Referral HSDS 3.0 (organization, service, location, service_at_location,
taxonomy_term, contact, phone, schedule): UUID ids and the field names HSDS uses, so import and
export map one to one. Nothing here is about a survivor: the directory is plaintext and readable
by staff.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from alongside.identifiers import uuid_pk


class ServiceStatus(models.TextChoices):
    # HSDS 3.0's service.status vocabulary.
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    DEFUNCT = "defunct", _("Defunct")
    TEMPORARILY_CLOSED = "temporarily closed", _("Temporarily closed")


class LocationType(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    POSTAL = "postal", _("Postal")
    VIRTUAL = "virtual", _("Virtual")


class Weekday(models.TextChoices):
    # RFC 5545's two-letter days, as HSDS's schedule.wkst and byday use them.
    MONDAY = "MO", _("Monday")
    TUESDAY = "TU", _("Tuesday")
    WEDNESDAY = "WE", _("Wednesday")
    THURSDAY = "TH", _("Thursday")
    FRIDAY = "FR", _("Friday")
    SATURDAY = "SA", _("Saturday")
    SUNDAY = "SU", _("Sunday")


class Frequency(models.TextChoices):
    # HSDS 3.0's schedule.freq vocabulary.
    WEEKLY = "WEEKLY", _("Weekly")
    MONTHLY = "MONTHLY", _("Monthly")


class Organization(models.Model):
    id = uuid_pk()
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    legal_status = models.CharField(_("legal status"), max_length=100, blank=True)
    uri = models.URLField(_("URI"), blank=True)
    parent_organization = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="child_organizations",
        verbose_name=_("parent organization"),
    )
    last_modified = models.DateTimeField(default=timezone.now)
    # How soon this partner must answer a referral, in business days (Monday to Friday):
    # acknowledge it, then accept or decline it. Past the first the sender is reminded, past
    # the second their supervisor is told (referrals.deadlines).
    acknowledge_within_days = models.PositiveSmallIntegerField(
        _("acknowledge within (business days)"), default=1
    )
    act_within_days = models.PositiveSmallIntegerField(
        _("accept or decline within (business days)"), default=5
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(acknowledge_within_days__gte=1)
                & Q(act_within_days__gte=models.F("acknowledge_within_days")),
                name="organization_deadlines_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TaxonomyTerm(models.Model):
    id = uuid_pk()
    code = models.CharField(_("code"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    taxonomy = models.CharField(_("taxonomy"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    term_uri = models.URLField(_("term URI"), blank=True)

    class Meta:
        ordering = ["taxonomy", "code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["taxonomy", "code"], condition=~Q(code=""), name="one_term_per_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Service(models.Model):
    id = uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(_("name"), max_length=200)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    url = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("email"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(_("interpretation services"), blank=True)
    application_process = models.TextField(_("how to apply"), blank=True)
    fees_description = models.TextField(_("fees"), blank=True)
    eligibility_description = models.TextField(_("eligibility"), blank=True)
    minimum_age = models.PositiveSmallIntegerField(_("minimum age"), null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(_("maximum age"), null=True, blank=True)
    alert = models.TextField(_("alert"), blank=True)
    # HSDS links terms through its attribute table; one link table serves the same purpose.
    taxonomy_terms = models.ManyToManyField(
        TaxonomyTerm, blank=True, related_name="services", verbose_name=_("categories")
    )
    last_modified = models.DateTimeField(default=timezone.now)
    # A partner pauses new referrals to a service (full for now) without marking it inactive:
    # it stays in the directory, and referrals already sent go on.
    referrals_paused_at = models.DateTimeField(null=True, blank=True)
    referrals_paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["organization__name", "name"]
        indexes = [models.Index(fields=["organization", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum_age__isnull=True)
                | Q(maximum_age__isnull=True)
                | Q(minimum_age__lte=models.F("maximum_age")),
                name="service_ages_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status == ServiceStatus.ACTIVE

    @property
    def accepts_referrals(self) -> bool:
        return self.is_active and self.referrals_paused_at is None


class Location(models.Model):
    id = uuid_pk()
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="locations"
    )
    location_type = models.CharField(
        _("type"), max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    alternate_name = models.CharField(_("alternate name"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    transportation = models.TextField(_("getting there"), blank=True)
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    # HSDS keeps addresses in a table of their own; a location here has one physical address.
    address_1 = models.CharField(_("address"), max_length=200, blank=True)
    address_2 = models.CharField(_("address, line 2"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    state_province = models.CharField(_("state or province"), max_length=100, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=20, blank=True)
    country = models.CharField(_("country"), max_length=2, blank=True)

    class Meta:
        ordering = ["organization__name", "name"]

    def __str__(self) -> str:
        return self.name or self.address_1 or str(self.pk)


class ServiceAtLocation(models.Model):
    id = uuid_pk()
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="services_at")
    description = models.TextField(_("description"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["service", "location"], name="one_service_at_location")
        ]

    def __str__(self) -> str:
        return f"{self.service_id} at {self.location_id}"


class Contact(models.Model):
    """A named person to reach at an organization, service or location (staff, not survivors)."""

    id = uuid_pk()
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="contacts"
    )
    # A contact for the service at one of its locations only.
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contacts",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    department = models.CharField(_("department"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False)
                | Q(service__isnull=False)
                | Q(location__isnull=False)
                | Q(service_at_location__isnull=False),
                name="contact_belongs_somewhere",
            )
        ]

    def __str__(self) -> str:
        return self.name


class Phone(models.Model):
    """A telephone number partners are reached on: an organization's, a service's, a
    location's, a contact's or a service's at one location (HSDS phone). One number may serve
    several of them at once, as HSDS links it; each may have several numbers."""

    id = uuid_pk()
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    contact = models.ForeignKey(
        Contact, null=True, blank=True, on_delete=models.CASCADE, related_name="phones"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="phones",
    )
    number = models.CharField(_("number"), max_length=100)
    extension = models.PositiveIntegerField(_("extension"), null=True, blank=True)
    # RFC 6350's kinds (text, voice, fax, cell, video, pager, textphone), as HSDS suggests.
    type = models.CharField(_("type"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organization__isnull=False)
                | Q(service__isnull=False)
                | Q(location__isnull=False)
                | Q(contact__isnull=False)
                | Q(service_at_location__isnull=False),
                name="phone_belongs_somewhere",
            )
        ]

    def __str__(self) -> str:
        return self.number


# RFC 5545: a day, in a monthly rule optionally preceded by which one of the month ("1MO" the
# first Monday, "-1FR" the last Friday); several separated by commas.
BYDAY = re.compile(r"\s*([+-]?[1-5])?(MO|TU|WE|TH|FR|SA|SU)\s*", re.IGNORECASE)
BYNUMBERS = re.compile(r"\s*[+-]?[0-9]{1,3}\s*(,\s*[+-]?[0-9]{1,3}\s*)*")
# HSDS asks for HH:MM, with seconds and a UTC offset (Z, +01:00) allowed.
CLOCK_TIME = re.compile(
    r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?(Z|[+-]([01][0-9]|2[0-3]):?[0-5][0-9])?"
)


def validate_byday(value: str) -> None:
    for part in value.split(","):
        if not BYDAY.fullmatch(part):
            raise ValidationError(
                _(
                    "“%(part)s” is not a day: use MO, TU, WE, TH, FR, SA or SU (in a monthly "
                    "schedule, 1MO for the first Monday, -1FR for the last Friday), separated "
                    "by commas."
                ),
                params={"part": part.strip()[:20]},
                code="byday",
            )


validate_bynumbers = RegexValidator(
    BYNUMBERS,
    _("Give whole numbers separated by commas (for example 1,15 or -1)."),
    code="bynumbers",
)
validate_clock_time = RegexValidator(
    CLOCK_TIME,
    _("Give a time as HH:MM (24-hour clock), optionally with seconds and a UTC offset."),
    code="clock_time",
)


class Schedule(models.Model):
    """When a service or location is open (HSDS schedule): a recurrence as RFC 5545 states it
    (``freq``, ``byday``...), opening and closing times, the dates it is valid between, and
    free text for what the rule cannot say. A service's schedule at one of its locations
    links to that service at location."""

    id = uuid_pk()
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    location = models.ForeignKey(
        Location, null=True, blank=True, on_delete=models.CASCADE, related_name="schedules"
    )
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="schedules",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    dtstart = models.DateField(_("first date"), null=True, blank=True)
    # A UTC offset in hours (5.75 for Nepal), as HSDS gives it.
    timezone = models.DecimalField(
        _("UTC offset (hours)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(-12), MaxValueValidator(14)],
    )
    until = models.DateField(_("last date"), null=True, blank=True)
    count = models.PositiveIntegerField(_("number of times"), null=True, blank=True)
    wkst = models.CharField(_("week starts on"), max_length=2, choices=Weekday.choices, blank=True)
    freq = models.CharField(_("frequency"), max_length=7, choices=Frequency.choices, blank=True)
    interval = models.PositiveIntegerField(
        _("every"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    byday = models.CharField(_("days"), max_length=100, blank=True, validators=[validate_byday])
    byweekno = models.CharField(
        _("weeks of the year"), max_length=200, blank=True, validators=[validate_bynumbers]
    )
    bymonthday = models.CharField(
        _("days of the month"), max_length=200, blank=True, validators=[validate_bynumbers]
    )
    byyearday = models.CharField(
        _("days of the year"), max_length=200, blank=True, validators=[validate_bynumbers]
    )
    description = models.TextField(_("description"), blank=True)
    opens_at = models.CharField(
        _("opens at"), max_length=20, blank=True, validators=[validate_clock_time]
    )
    closes_at = models.CharField(
        _("closes at"), max_length=20, blank=True, validators=[validate_clock_time]
    )
    schedule_link = models.URLField(_("schedule link"), blank=True)
    attending_type = models.TextField(_("how to attend"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["valid_from", "opens_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(service__isnull=False)
                | Q(location__isnull=False)
                | Q(service_at_location__isnull=False),
                name="schedule_belongs_somewhere",
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="schedule_valid_in_order",
            ),
        ]

    def __str__(self) -> str:
        return str(self.pk)


class PartnerUser(models.Model):
    """A partner-agency user's agency: what they see in the portal is its referrals alone.

    One agency per account; set by an administrator (``directory.services``). Without one, a
    partner-agency user sees an empty portal, never another agency's queue.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_user"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="partner_users"
    )
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.user_id} at {self.organization_id}"
