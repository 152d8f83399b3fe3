"""HSDS before 3.0, recognised so that it is refused by name instead of read as 3.0.

HSDS 1.1 and 2.0 share many table and field names with 3.0, so an older package or API answer
reads as 3.0 with its links, addresses and phones silently lost. What only the older versions
have gives them away: the version ``datapackage.json`` states (the specification's own
descriptor, which packages copy, is named ``human_services_data``), resources and tables that
3.0 replaced (``physical_addresses``, ``regular_schedules``, ``services_taxonomy``...), fields it
renamed (an organization's ``url``, now ``website``), and the same in JSON.

Fields 3.0 still has (``programs``, ``phones.service_at_location_id``, ``tax_id``...) prove
nothing and are not used.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from directory.hsds.encoding import shown
from directory.hsds.report import Refused

V1 = frozenset({"1.1"})
V2 = frozenset({"2.0"})
OLDER = V1 | V2

# Files of the tabular package that only earlier versions have.
OLDER_FILES = {
    "services_taxonomy.csv": V1,
    "taxonomy.csv": V1,
    "regular_schedules.csv": V1,
    "holiday_schedules.csv": V1,
    "service_attributes.csv": V2,
    "other_attributes.csv": V2,
    "services_at_location.csv": OLDER,
    "physical_addresses.csv": OLDER,
    "postal_addresses.csv": OLDER,
    "eligibility.csv": OLDER,
    "payments_accepted.csv": OLDER,
    "accessibility_for_disabilities.csv": OLDER,
}
# Resources of datapackage.json that only earlier versions name.
OLDER_RESOURCES = {
    "service_taxonomy": V1,
    "regular_schedule": V1,
    "holiday_schedule": V1,
    "service_attribute": V2,
    "other_attribute": V2,
    "physical_address": OLDER,
    "postal_address": OLDER,
    "eligibility": OLDER,
    "payment_accepted": OLDER,
    "accessibility_for_disabilities": OLDER,
}
# Columns of tables 3.0 kept that only earlier versions have; a column with its 3.0
# replacement beside it proves nothing.
OLDER_COLUMNS = {
    ("organizations", "url"): (OLDER, "website"),
    ("services", "taxonomy_ids"): (V1, ""),
    ("phones", "department"): (OLDER, ""),
    ("phones", "language"): (OLDER, ""),
    ("languages", "language"): (OLDER, "name"),
    ("service_areas", "service_area"): (OLDER, "name"),
    ("taxonomy_terms", "term"): (V2, "name"),
}
# Keys of JSON objects (the HSDS API of versions 1 and 2) that 3.0 has not.
OLDER_KEYS = {
    "regular_schedule": V1,
    "holiday_schedule": V1,
    "service_taxonomy": V1,
    "taxonomy_ids": V1,
    "service_attributes": V2,
    "other_attributes": V2,
    "eligibilities": V2,
    "fundings": V2,
    "physical_address": OLDER,
    "postal_address": OLDER,
    "payment_accepted": OLDER,
    "accessibility_for_disabilities": OLDER,
    "eligibility": OLDER,
    "service_area": OLDER,
}
HSDS_DESCRIPTOR = "human_services_data"
MAX_SHOWN = 3


@dataclass
class Evidence:
    """What an upload shows of an HSDS version before 3.0."""

    stated: str = ""  # the version datapackage.json states
    versions: list[frozenset] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def add(self, versions: frozenset, reason: str) -> None:
        self.versions.append(versions)
        if reason not in self.reasons:
            self.reasons.append(reason)

    def file(self, name: str) -> None:
        versions = OLDER_FILES.get(name)
        if versions:
            self.add(versions, _("it has %(file)s") % {"file": name})

    def resource(self, name: str) -> None:
        versions = OLDER_RESOURCES.get(name)
        if versions:
            self.add(
                versions,
                _("datapackage.json names the resource %(name)s") % {"name": name},
            )

    def columns(self, table: str, header) -> None:
        for column in header:
            versions, replacement = OLDER_COLUMNS.get((table, column), (None, ""))
            if versions and replacement not in header:
                self.add(
                    versions,
                    _("%(table)s.csv has the column %(column)s")
                    % {"table": table, "column": column},
                )

    def descriptor(self, descriptor: dict) -> None:
        """The version the specification's own descriptor states (a package of someone
        else's may give its own data's version there, which says nothing of HSDS)."""
        version = descriptor.get("version")
        named = descriptor.get("name") == HSDS_DESCRIPTOR
        if named and isinstance(version, (str, int, float)) and str(version).strip():
            version = shown(str(version).strip(), 20)
            if version.split(".")[0] != "3":
                self.stated = version
                self.reasons.insert(
                    0, _("datapackage.json says version %(version)s") % {"version": version}
                )

    def keys(self, table: str, value: dict, where: str) -> None:
        for key in value.keys() & OLDER_KEYS.keys():
            self.add(OLDER_KEYS[key], _("%(where)s has “%(key)s”") % {"where": where, "key": key})
        if table == "organizations" and "url" in value and "website" not in value:
            self.add(OLDER, _("%(where)s has “url”, not “website”") % {"where": where})
        if table == "phones" and "department" in value:
            self.add(OLDER, _("%(where)s has “department”") % {"where": where})
        if table == "taxonomy_terms" and "term" in value and "name" not in value:
            self.add(V2, _("%(where)s has “term”, not “name”") % {"where": where})

    @property
    def found(self) -> bool:
        return bool(self.stated or self.versions)

    def version(self) -> str:
        if self.stated:
            return self.stated
        common = frozenset.intersection(*self.versions)
        if len(common) == 1:
            return next(iter(common))
        return _("1.1 or 2.0")

    def refusal(self) -> Refused:
        reasons = self.reasons[:MAX_SHOWN]
        if len(self.reasons) > MAX_SHOWN:
            reasons.append(_("and more"))
        return Refused(
            _(
                "This is HSDS %(version)s, not HSDS 3.0 (%(reasons)s). The directory reads "
                "HSDS 3.0 only: convert the data to HSDS 3.0 and upload it again."
            )
            % {"version": self.version(), "reasons": "; ".join(reasons)}
        )
