"""A ranked list of clinicians for a survivor, built on the survivor's wishes.

The order of the rules:

1. The survivor's wishes rule people out and are never overridden: a clinician they do not
   want to see, a clinician of another gender than the one asked for, and — unless an
   interpreter is acceptable — a clinician who does not speak the language they need.
2. Nobody inactive, unlicensed, not accepting new survivors or at capacity is *offered*. They
   are listed apart (``MatchList.needs_override``) with what stands in the way, and may only be
   asked for with an override and a reason (``services.assignment_request``).
3. The rest are ranked on modality fit (each wanted approach offered, fewer points for any
   approach the survivor does not want), trauma-specific training and certification (more
   for training in a wanted approach), speaking the language without an interpreter, and then
   remaining capacity. Each candidate carries the reasons for their place and what they do
   not meet.

Three queries whatever the number of clinicians: the wishes, the clinicians with their profiles
and loads, their trainings.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.roles import Role
from cases.models import Case
from clinicians.choices import AssignmentStatus, Modality
from clinicians.models import ClinicianTraining, SurvivorWishes
from clinicians.services import wish_conflicts

POINTS_WANTED_MODALITY = 3
POINTS_NOT_WANTED_MODALITY = -1
POINTS_TRAUMA_TRAINING = 2
POINTS_TRAINING_IN_WANTED = 1
POINTS_SPEAKS_LANGUAGE = 2


@dataclass
class Candidate:
    clinician: User
    points: int
    free_places: int
    reasons: list[str] = field(default_factory=list)  # why they rank where they do
    unmet: list[str] = field(default_factory=list)  # what of the wishes they do not meet
    blocked_by: list[str] = field(default_factory=list)  # what needs an override
    rank: int = 0


@dataclass
class MatchList:
    offered: list[Candidate]
    needs_override: list[Candidate]
    ruled_out: int  # how many the survivor's wishes rule out (never named)
    wishes: SurvivorWishes | None


def match_for(*, case: Case) -> MatchList:
    """The candidates for ``case`` (the caller reached it through ``cases.access``)."""
    wishes = SurvivorWishes.objects.filter(case=case).first()
    today = timezone.localdate()
    clinicians = (
        User.objects.filter(groups__name=Role.CLINICIAN, is_active=True)
        .select_related("clinician_profile")
        .annotate(
            load=Count("assignments", filter=Q(assignments__status=AssignmentStatus.APPROVED))
        )
        .prefetch_related(
            Prefetch(
                "clinician_profile__trainings",
                queryset=ClinicianTraining.objects.filter(
                    Q(expires_on__isnull=True) | Q(expires_on__gte=today)
                ),
            )
        )
        .order_by("full_name", "pk")
    )
    modality_labels = dict(Modality.choices)
    wanted = set(wishes.modalities_wanted) if wishes else set()
    not_wanted = set(wishes.modalities_not_wanted) if wishes else set()
    offered, held_back, ruled_out = [], [], 0
    for clinician in clinicians:
        profile = getattr(clinician, "clinician_profile", None)
        if wish_conflicts(wishes, profile, clinician):
            ruled_out += 1
            continue
        candidate = _candidate(
            clinician, profile, wishes, wanted, not_wanted, modality_labels, today
        )
        (held_back if candidate.blocked_by else offered).append(candidate)
    offered.sort(key=lambda c: (-c.points, -c.free_places, c.clinician.full_name))
    for position, candidate in enumerate(offered, start=1):
        candidate.rank = position
    held_back.sort(key=lambda c: (-c.points, c.clinician.full_name))
    return MatchList(offered=offered, needs_override=held_back, ruled_out=ruled_out, wishes=wishes)


def _candidate(clinician, profile, wishes, wanted, not_wanted, labels, today) -> Candidate:
    modalities = set(profile.modalities) if profile else set()
    capacity = profile.caseload_capacity if profile else 0
    free = max(capacity - clinician.load, 0)
    candidate = Candidate(clinician=clinician, points=0, free_places=free)
    reasons, unmet = candidate.reasons, candidate.unmet

    for code in sorted(wanted):
        if code in modalities:
            candidate.points += POINTS_WANTED_MODALITY
            reasons.append(_("Offers %(modality)s, as asked") % {"modality": labels[code]})
        else:
            unmet.append(_("Does not offer %(modality)s") % {"modality": labels[code]})
    for code in sorted(not_wanted & modalities):
        candidate.points += POINTS_NOT_WANTED_MODALITY
        reasons.append(
            _("Also offers %(modality)s, which the survivor does not want")
            % {"modality": labels[code]}
        )

    trainings = list(profile.trainings.all()) if profile else []
    if trainings:
        candidate.points += POINTS_TRAUMA_TRAINING
        for training in trainings:
            reasons.append(
                _("%(kind)s: %(name)s (%(year)s)")
                % {
                    "kind": training.get_kind_display(),
                    "name": training.name,
                    "year": training.completed_on.year,
                }
            )
            if training.modality and training.modality in wanted:
                candidate.points += POINTS_TRAINING_IN_WANTED
    else:
        unmet.append(_("No trauma-specific training on record"))

    if wishes is not None and wishes.language:
        if profile is not None and wishes.language in profile.languages:
            candidate.points += POINTS_SPEAKS_LANGUAGE
            reasons.append(_("Speaks %(language)s") % {"language": wishes.language})
        else:
            unmet.append(
                _("Would need an interpreter for %(language)s") % {"language": wishes.language}
            )

    reasons.append(_("%(free)d of %(capacity)d places free") % {"free": free, "capacity": capacity})

    if profile is None or not profile.licensed_on(today):
        candidate.blocked_by.append(_("No current licence on record"))
    if profile is None or not profile.accepting_new:
        candidate.blocked_by.append(_("Not accepting new survivors"))
    if free == 0:
        candidate.blocked_by.append(_("At or over caseload capacity"))
    return candidate
