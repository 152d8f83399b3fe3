"""The clinical summary a partner receives under a release that names it: the clinicians
app's part of the consent packet (``consent.packet``), registered from
``CliniciansConfig.ready()``.

What it holds, and why no more (a partner needs to coordinate care, not to practise it; the
least that serves that is what goes):

- the clinician(s) working with the survivor now (name and licence), so the partner knows whom
  to coordinate with;
- the approaches of the sessions attended (TF-CBT, EMDR...), how many were attended and since
  when, and the latest attended: engagement, in strengths-based terms. Sessions cancelled or
  not attended are never counted here: missing a session is never held against a survivor,
  and a partner has no need to know;
- for each outcome measure, the band of the latest administration and its date ("Mild",
  "Below the provisional PTSD cut-point"). Bands are what a measure means to a non-clinician;
  raw totals invite comparisons the partner cannot make well and add nothing the band does
  not say.

Never: psychotherapy notes (kept apart by law), clinical notes (free text written for the
clinical team), item answers (item 9 of the PHQ-9 asks about thoughts of self-harm), raw scores,
safety follow-ups, the survivor's wishes for a clinician, or anything about other members of a
group session. The answers column is not even read.
"""

from django.db.models import Count, Max, Min
from django.utils import formats
from django.utils.translation import gettext as _

from clinicians.choices import AssignmentStatus, Attendance, Modality
from clinicians.measures import INSTRUMENTS
from clinicians.models import Assignment, MeasureAdministration, SessionParticipation
from consent.choices import DataCategory
from consent.packet import packet_section_register


def _clinicians(case) -> str:
    assignments = (
        Assignment.objects.filter(
            case=case, status=AssignmentStatus.APPROVED, ended_at__isnull=True
        )
        .select_related("clinician__clinician_profile")
        .only(
            "id",
            "case_id",
            "clinician__full_name",
            "clinician__clinician_profile__licence_type",
            "clinician__clinician_profile__user_id",
        )
        .order_by("decided_at")
    )
    names = []
    for assignment in assignments:
        clinician = assignment.clinician
        profile = getattr(clinician, "clinician_profile", None)
        licence = profile.get_licence_type_display() if profile and profile.licence_type else ""
        names.append(f"{clinician.full_name} ({licence})" if licence else clinician.full_name)
    return "; ".join(names) or _("None at present")


def _sessions(case) -> list[tuple[str, str]]:
    by_approach = (
        SessionParticipation.objects.filter(case=case, attendance=Attendance.ATTENDED)
        .values("session__modality")
        .annotate(count=Count("id"), first=Min("held_on"), last=Max("held_on"))
        .order_by("-last")
    )
    rows = list(by_approach)
    if not rows:
        return [(_("Sessions attended"), _("None yet"))]
    labels = dict(Modality.choices)
    approaches = [
        str(labels.get(row["session__modality"], row["session__modality"])) for row in rows
    ]
    return [
        (_("Approaches"), ", ".join(approaches)),
        (_("Sessions attended"), str(sum(row["count"] for row in rows))),
        (_("First session attended"), formats.date_format(min(row["first"] for row in rows))),
        (_("Latest session attended"), formats.date_format(max(row["last"] for row in rows))),
    ]


def _measures(case) -> list[tuple[str, str]]:
    # Only the columns named: the encrypted answers are never read, let alone sent.
    rows = (
        MeasureAdministration.objects.filter(case=case)
        .only("id", "case_id", "instrument", "administered_on", "band", "recorded_at")
        .order_by("instrument", "-administered_on", "-recorded_at")
    )
    latest: dict[str, MeasureAdministration] = {}
    for row in rows:
        latest.setdefault(row.instrument, row)
    fields = []
    for code, instrument in INSTRUMENTS.items():
        row = latest.get(code)
        if row is None:
            continue
        band = next((b.label for b in instrument.bands if b.code == row.band), None)
        shown = str(band) if band else _("Not scored: too many items unanswered")
        fields.append(
            (
                _("Latest %(measure)s") % {"measure": instrument.name},
                f"{shown} ({formats.date_format(row.administered_on)})",
            )
        )
    return fields or [(_("Outcome measures"), _("None recorded yet"))]


def clinical_summary_section(case) -> list[tuple[str, str]]:
    return [(_("Clinician"), _clinicians(case)), *_sessions(case), *_measures(case)]


def register_packet_sections() -> None:
    packet_section_register(
        DataCategory.CLINICAL_SUMMARY, clinical_summary_section, owner="clinicians"
    )
