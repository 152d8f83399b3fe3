"""Outcome measures and their scoring: PHQ-9, GAD-7 and PCL-5, scored here and only here.

Item answers arrive as a list, one entry per item in the instrument's order: an integer in the
item's range, ``DECLINED`` (the survivor chose not to answer) or ``None`` (missing: not asked,
or the survivor stopped before it). The two are kept apart in what is stored and shown, and
both count as unanswered when deciding whether a total may be given.

When a total may be shown (each rule is the instrument's ``max_unanswered`` below):

- **PHQ-9**: with at most two items unanswered, the total is prorated — the mean of the answered
  items times nine, rounded half up — after Arrieta et al. (2017), *J Clin Psychol* 73(9),
  doi:10.1002/jclp.22390 ("questionnaires with up to two missing values are scored, replacing
  any missing values with the average score of the completed items"). Three or more: no total.
- **GAD-7**: we found no published proration rule for the GAD-7, so we keep the PHQ-9 rule's
  proportion (at most about a fifth of the items): at most one item unanswered, prorated the
  same way. Two or more: no total.
- **PCL-5**: the National Center for PTSD gives no proration rule, and the cut-point (33) and
  the clinically meaningful change (10) are both defined on complete totals, so the total and
  each cluster score are shown only when every one of their items is answered. The DSM-5
  symptom rule is still decided when the unanswered items cannot change its outcome (already
  met, or unmeetable even if every unanswered item were endorsed); otherwise it is undecided.

Clinically meaningful change, between two totals of the same instrument (a fall is improvement):

- PHQ-9: 5 points (the usual threshold; REFERENCE.md).
- GAD-7: 4 points, the minimal clinically important difference estimated by Toussaint et al.
  (2020), *J Affect Disord* 265:395–401, doi:10.1016/j.jad.2020.01.032.
- PCL-5: 10 points clinically meaningful; 5 the minimum reliable change (National Center for
  PTSD), reported as ``reliable`` on the change.

A PHQ-9 item 9 answer above 0 (thoughts of self-harm) needs follow-up at once whatever the
total: ``Score.needs_safety_follow_up``.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

DECLINED = "declined"


class InstrumentCode(models.TextChoices):
    PHQ9 = "phq9", _("PHQ-9 (depression)")
    GAD7 = "gad7", _("GAD-7 (anxiety)")
    PCL5 = "pcl5", _("PCL-5 (post-traumatic stress)")


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    low: int
    high: int


@dataclass(frozen=True)
class Instrument:
    code: str
    name: str
    items: int
    item_max: int
    bands: tuple[Band, ...]
    meaningful_change: int
    max_unanswered: int  # unanswered items (declined or missing) a total may still be given with
    reliable_change: int | None = None
    loinc_panel: str = ""
    loinc_total: str = ""
    clusters: tuple[tuple[str, range], ...] = ()

    @property
    def total_max(self) -> int:
        return self.items * self.item_max

    def band_for(self, total: int | None) -> Band | None:
        if total is None:
            return None
        return next(band for band in self.bands if band.low <= total <= band.high)


PHQ9 = Instrument(
    code=InstrumentCode.PHQ9,
    name="PHQ-9",
    items=9,
    item_max=3,
    bands=(
        Band("minimal", _("Minimal"), 0, 4),
        Band("mild", _("Mild"), 5, 9),
        Band("moderate", _("Moderate"), 10, 14),
        Band("moderately_severe", _("Moderately severe"), 15, 19),
        Band("severe", _("Severe"), 20, 27),
    ),
    meaningful_change=5,
    max_unanswered=2,
    loinc_panel="44249-1",
    loinc_total="44261-6",
)

GAD7 = Instrument(
    code=InstrumentCode.GAD7,
    name="GAD-7",
    items=7,
    item_max=3,
    bands=(
        Band("minimal", _("Minimal"), 0, 4),
        Band("mild", _("Mild"), 5, 9),
        Band("moderate", _("Moderate"), 10, 14),
        Band("severe", _("Severe"), 15, 21),
    ),
    meaningful_change=4,
    max_unanswered=1,
    loinc_total="70274-6",
)

PCL5_CUT_POINT = 33

PCL5 = Instrument(
    code=InstrumentCode.PCL5,
    name="PCL-5",
    items=20,
    item_max=4,
    bands=(
        Band("below_cut_point", _("Below the provisional PTSD cut-point"), 0, PCL5_CUT_POINT - 1),
        Band("provisional_ptsd", _("Provisional PTSD (33 or more)"), PCL5_CUT_POINT, 80),
    ),
    meaningful_change=10,
    reliable_change=5,
    max_unanswered=0,
    # Item numbers are 1-based, as printed on the form.
    clusters=(
        ("B", range(1, 6)),
        ("C", range(6, 8)),
        ("D", range(8, 15)),
        ("E", range(15, 21)),
    ),
)

INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in (PHQ9, GAD7, PCL5)}

# DSM-5 symptom rule for the PCL-5: an item rated 2 ("moderately") or more is endorsed; at least
# this many endorsed items in each cluster.
PCL5_ENDORSED_AT = 2
PCL5_RULE = {"B": 1, "C": 1, "D": 2, "E": 2}

PHQ9_SELF_HARM_ITEM = 9


class AnswersInvalid(ValueError):
    """The answers do not fit the instrument: ``message`` says how, for people."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Score:
    instrument: str
    total: int | None  # None: too many items unanswered for a total (see the module's rules)
    prorated: bool
    band: str  # "" without a total
    answered: int
    declined: tuple[int, ...]  # item numbers, 1-based
    missing: tuple[int, ...]
    clusters: dict = field(default_factory=dict)  # PCL-5: {"B": 7 or None, ...}
    provisional_ptsd_by_cut_point: bool | None = None
    provisional_ptsd_by_symptom_rule: bool | None = None
    needs_safety_follow_up: bool = False

    def as_dict(self) -> dict:
        return {
            "instrument": self.instrument,
            "total": self.total,
            "prorated": self.prorated,
            "band": self.band,
            "answered": self.answered,
            "declined": list(self.declined),
            "missing": list(self.missing),
            "clusters": dict(self.clusters),
            "provisional_ptsd_by_cut_point": self.provisional_ptsd_by_cut_point,
            "provisional_ptsd_by_symptom_rule": self.provisional_ptsd_by_symptom_rule,
            "needs_safety_follow_up": self.needs_safety_follow_up,
        }


def answers_checked(instrument: Instrument, answers) -> list:
    """The answers as stored, or ``AnswersInvalid`` naming the first thing wrong."""
    if not isinstance(answers, list | tuple):
        raise AnswersInvalid(_("Send the answers as a list, one per item."))
    if len(answers) != instrument.items:
        raise AnswersInvalid(
            _("The %(name)s has %(items)d items: %(count)d answers were given.")
            % {"name": instrument.name, "items": instrument.items, "count": len(answers)}
        )
    checked = []
    for number, answer in enumerate(answers, start=1):
        if answer is None or answer == DECLINED:
            checked.append(answer)
            continue
        # bool is an int in Python; "true" is not an answer to any item.
        if isinstance(answer, bool) or not isinstance(answer, int):
            raise AnswersInvalid(
                _('Item %(number)d: answer with a number, "declined" or nothing.')
                % {"number": number}
            )
        if not 0 <= answer <= instrument.item_max:
            raise AnswersInvalid(
                _("Item %(number)d: answers run from 0 to %(max)d, not %(answer)d.")
                % {"number": number, "max": instrument.item_max, "answer": answer}
            )
        checked.append(answer)
    return checked


def _prorated(values: list[int], items: int) -> int:
    mean = Decimal(sum(values)) / Decimal(len(values))
    return int((mean * items).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def score(instrument_code: str, answers) -> Score:
    """Score ``answers`` (checked first: ``AnswersInvalid`` if they do not fit)."""
    instrument = INSTRUMENTS[instrument_code]
    answers = answers_checked(instrument, answers)
    given = [a for a in answers if isinstance(a, int)]
    declined = tuple(n for n, a in enumerate(answers, 1) if a == DECLINED)
    missing = tuple(n for n, a in enumerate(answers, 1) if a is None)
    unanswered = len(declined) + len(missing)
    total, prorated = None, False
    if given and unanswered <= instrument.max_unanswered:
        prorated = unanswered > 0
        total = _prorated(given, instrument.items) if prorated else sum(given)
    band = instrument.band_for(total)
    extra = {}
    if instrument.code == InstrumentCode.PCL5:
        extra = _pcl5(answers, total)
    self_harm = (
        instrument.code == InstrumentCode.PHQ9
        and isinstance(answers[PHQ9_SELF_HARM_ITEM - 1], int)
        and answers[PHQ9_SELF_HARM_ITEM - 1] > 0
    )
    return Score(
        instrument=instrument.code,
        total=total,
        prorated=prorated,
        band=band.code if band else "",
        answered=len(given),
        declined=declined,
        missing=missing,
        needs_safety_follow_up=self_harm,
        **extra,
    )


def _pcl5(answers: list, total: int | None) -> dict:
    clusters, rule = {}, []
    for name, numbers in PCL5.clusters:
        items = [answers[n - 1] for n in numbers]
        answered = [a for a in items if isinstance(a, int)]
        clusters[name] = sum(answered) if len(answered) == len(items) else None
        endorsed = sum(1 for a in answered if a >= PCL5_ENDORSED_AT)
        open_items = len(items) - len(answered)
        needed = PCL5_RULE[name]
        if endorsed >= needed:
            rule.append(True)
        elif endorsed + open_items < needed:
            rule.append(False)
        else:
            rule.append(None)
    if all(rule):
        by_rule = True
    elif False in rule:
        by_rule = False
    else:
        by_rule = None
    return {
        "clusters": clusters,
        "provisional_ptsd_by_cut_point": None if total is None else total >= PCL5_CUT_POINT,
        "provisional_ptsd_by_symptom_rule": by_rule,
    }


@dataclass(frozen=True)
class Change:
    points: int  # later minus earlier: negative is fewer symptoms
    meaningful: bool
    reliable: bool
    direction: str  # "improved", "worsened" or "" when not meaningful

    def as_dict(self) -> dict:
        return {
            "points": self.points,
            "meaningful": self.meaningful,
            "reliable": self.reliable,
            "direction": self.direction,
        }


def change_between(instrument_code: str, earlier: int | None, later: int | None) -> Change | None:
    """The change from one total to the next, or None when either has no total."""
    if earlier is None or later is None:
        return None
    instrument = INSTRUMENTS[instrument_code]
    points = later - earlier
    meaningful = abs(points) >= instrument.meaningful_change
    threshold = instrument.reliable_change or instrument.meaningful_change
    direction = ("improved" if points < 0 else "worsened") if meaningful else ""
    return Change(
        points=points, meaningful=meaningful, reliable=abs(points) >= threshold, direction=direction
    )
