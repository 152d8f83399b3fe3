"""The vocabularies of clinicians' work."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.choices import PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class Modality(models.TextChoices):
    TF_CBT = "tf_cbt", _("TF-CBT (trauma-focused cognitive behavioural therapy)")
    EMDR = "emdr", _("EMDR")
    SOMATIC_EXPERIENCING = "somatic_experiencing", _("Somatic Experiencing")
    CPT = "cpt", _("CPT (cognitive processing therapy)")
    PE = "pe", _("PE (prolonged exposure)")
    DBT = "dbt", _("DBT (dialectical behaviour therapy)")
    GROUP = "group", _("Group therapy")
    ART_THERAPY = "art_therapy", _("Art therapy")
    MUSIC_THERAPY = "music_therapy", _("Music therapy")
    PLAY_THERAPY = "play_therapy", _("Play therapy")


class LicenceType(models.TextChoices):
    LCSW = "lcsw", _("Licensed clinical social worker")
    LPC = "lpc", _("Licensed professional counsellor")
    LMFT = "lmft", _("Licensed marriage and family therapist")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    PSYCHIATRIST = "psychiatrist", _("Psychiatrist")
    PSYCHIATRIC_NP = "psychiatric_np", _("Psychiatric nurse practitioner")
    ART_THERAPIST = "art_therapist", _("Registered art or music therapist")
    OTHER = "other", _("Other licence")


class ClinicianGender(models.TextChoices):
    """A clinician's gender, given only if they choose to, for survivors who ask."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    DECLINED = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class TrainingKind(models.TextChoices):
    TRAINING = "training", _("Training")
    CERTIFICATION = "certification", _("Certification")


class AssignmentStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")
    ENDED = "ended", _("Ended")


OPEN_ASSIGNMENT_STATUSES = (AssignmentStatus.REQUESTED, AssignmentStatus.APPROVED)


class AssignmentEndReason(models.TextChoices):
    COMPLETED = "completed", _("Work together completed")
    SURVIVOR_CHOICE = "survivor_choice", _("The survivor chose another clinician or to stop")
    CLINICIAN_LEFT = "clinician_left", _("The clinician left or changed role")
    REFERRED_ON = "referred_on", _("Referred to another service")
    MOVED = "moved", _("The survivor moved")
    OTHER = "other", _("Other")


class SessionFormat(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    GROUP = "group", _("Group")


class Attendance(models.TextChoices):
    """Recorded as it was; never a penalty and never a reason to close anything."""

    ATTENDED = "attended", _("Attended")
    CANCELLED = "cancelled", _("Cancelled")
    DID_NOT_ATTEND = "did_not_attend", _("Did not attend")


class ClinicianReminderKind(models.TextChoices):
    SAFETY_CHECK = "measure_safety_check", _("Safety follow-up after a questionnaire answer")
    CLINICIAN_CHECK_IN = "clinician_check_in", _("A clinician should check in with this survivor")
