"""Forms of the case pages, grouped by area. They check shape and give field messages; the
services hold the rules. Choices that name people or programs are restricted to what the
person may pick (STYLE habit 5): the querysets come from selectors, given the actor.
"""

from cases.forms.case import (
    CaseloadFilterForm,
    CaseSearchForm,
    CloseForm,
    IdentityEditForm,
    IdentityFields,
    IntakeForm,
    StatusForm,
)
from cases.forms.fields import (
    ADDRESS_MAX,
    CHOICE_MESSAGE,
    DATE_ERRORS,
    DATE_WIDGET,
    DATETIME_FORMAT,
    DECLINABLE,
    NAME_MAX,
    NOTE_MAX,
    TOO_LONG,
    UNKNOWN_OR_YES_NO,
)
from cases.forms.journey import (
    RATING_CHOICES,
    AppointmentForm,
    CheckInForm,
    GoalEditForm,
    GoalForm,
    GoalStepDoneForm,
    GoalStepForm,
    OutreachForm,
    ServiceForm,
    StageForm,
)
from cases.forms.notes import AddendumForm, NoteEditForm, NoteForm
from cases.forms.safety import MandatedReportForm, SafeContactForm, SafetyForm
from cases.forms.team import BreakGlassForm, PersonChoiceField, TeamAddForm

__all__ = [
    "ADDRESS_MAX",
    "CHOICE_MESSAGE",
    "DATETIME_FORMAT",
    "DATE_ERRORS",
    "DATE_WIDGET",
    "DECLINABLE",
    "NAME_MAX",
    "NOTE_MAX",
    "RATING_CHOICES",
    "TOO_LONG",
    "UNKNOWN_OR_YES_NO",
    "AddendumForm",
    "AppointmentForm",
    "BreakGlassForm",
    "CaseSearchForm",
    "CaseloadFilterForm",
    "CheckInForm",
    "CloseForm",
    "GoalEditForm",
    "GoalForm",
    "GoalStepDoneForm",
    "GoalStepForm",
    "IdentityEditForm",
    "IdentityFields",
    "IntakeForm",
    "MandatedReportForm",
    "NoteEditForm",
    "NoteForm",
    "OutreachForm",
    "PersonChoiceField",
    "SafeContactForm",
    "SafetyForm",
    "ServiceForm",
    "StageForm",
    "StatusForm",
    "TeamAddForm",
]
