"""The vocabularies of a case. Every sensitive choice offers "prefer not to say"."""

from django.db import models
from django.utils.translation import gettext_lazy as _

PREFER_NOT_TO_SAY = "prefer_not_to_say"
PREFER_NOT_TO_SAY_LABEL = _("Prefer not to say")


class CaseStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    INACTIVE = "inactive", _("Inactive")
    CLOSED = "closed", _("Closed")


class CloseReason(models.TextChoices):
    # Recurrence and missed contact are deliberately absent: they never close a case.
    GOALS_MET = "goals_met", _("Goals met, survivor chose to close")
    SURVIVOR_REQUEST = "survivor_request", _("Survivor asked to close")
    MOVED = "moved", _("Moved out of the service area")
    TRANSFERRED = "transferred", _("Transferred to another organization")
    DECEASED = "deceased", _("Deceased")
    OTHER = "other", _("Other (explained in the note)")


class AgeBand(models.TextChoices):
    UNDER_12 = "under_12", _("Under 12")
    AGE_12_17 = "12_17", _("12–17")
    AGE_18_24 = "18_24", _("18–24")
    AGE_25_34 = "25_34", _("25–34")
    AGE_35_44 = "35_44", _("35–44")
    AGE_45_59 = "45_59", _("45–59")
    AGE_60_PLUS = "60_plus", _("60 or older")
    UNKNOWN = "unknown", _("Unknown")
    DECLINED = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class GenderIdentity(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non_binary", _("Non-binary")
    TRANSGENDER_WOMAN = "transgender_woman", _("Transgender woman")
    TRANSGENDER_MAN = "transgender_man", _("Transgender man")
    SELF_DESCRIBED = "self_described", _("Self-described")
    DECLINED = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class Language(models.TextChoices):
    """A survivor's primary language, as its ISO 639-1 code: the languages organizations in the
    United States meet most (plaintext, for reports). Anything else is "other", with the
    language written in ``primary_language_other``, encrypted like the rest of the identity."""

    ENGLISH = "en", _("English")
    SPANISH = "es", _("Spanish")
    CHINESE = "zh", _("Chinese (Mandarin, Cantonese or another)")
    VIETNAMESE = "vi", _("Vietnamese")
    TAGALOG = "tl", _("Tagalog (Filipino)")
    ARABIC = "ar", _("Arabic")
    FRENCH = "fr", _("French")
    HAITIAN_CREOLE = "ht", _("Haitian Creole")
    KOREAN = "ko", _("Korean")
    RUSSIAN = "ru", _("Russian")
    PORTUGUESE = "pt", _("Portuguese")
    HINDI = "hi", _("Hindi")
    THAI = "th", _("Thai")
    KHMER = "km", _("Khmer")
    ROMANIAN = "ro", _("Romanian")
    UKRAINIAN = "uk", _("Ukrainian")
    AMHARIC = "am", _("Amharic")
    BENGALI = "bn", _("Bengali")
    BURMESE = "my", _("Burmese")
    JAPANESE = "ja", _("Japanese")
    NEPALI = "ne", _("Nepali")
    PERSIAN = "fa", _("Persian (Farsi, Dari)")
    POLISH = "pl", _("Polish")
    SOMALI = "so", _("Somali")
    SWAHILI = "sw", _("Swahili")
    TIGRINYA = "ti", _("Tigrinya")
    URDU = "ur", _("Urdu")
    OTHER = "other", _("Another language")
    DECLINED = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class CitizenshipCategory(models.TextChoices):
    US_CITIZEN = "us_citizen", _("U.S. citizen")
    LAWFUL_PERMANENT_RESIDENT = "lpr", _("Lawful permanent resident")
    FOREIGN_NATIONAL = "foreign_national", _("Foreign national")
    UNKNOWN = "unknown", _("Unknown")
    DECLINED = PREFER_NOT_TO_SAY, PREFER_NOT_TO_SAY_LABEL


class TraffickingType(models.TextChoices):
    SEX = "sex", _("Sex trafficking")
    LABOR = "labor", _("Labor trafficking")
    BOTH = "both", _("Sex and labor trafficking")
    UNKNOWN = "unknown", _("Unknown")


class SafetyFlag(models.TextChoices):
    TRAFFICKER_IN_CONTACT = "trafficker_in_contact", _("Trafficker still in contact")
    DO_NOT_DISCLOSE_LOCATION = "do_not_disclose_location", _("Do not disclose location")
    PROTECTIVE_ORDER = "protective_order", _("Protective order in place")
    THREATS_TO_FAMILY = "threats_to_family", _("Threats to family")
    MONITORED_PHONE = "monitored_phone", _("Phone may be monitored")
    SELF_HARM_RISK = "self_harm_risk", _("Self-harm risk: check in with care")


class VoicemailRule(models.TextChoices):
    NONE = "none", _("No voicemail")
    VAGUE = "vague", _("Vague message only (no organization name)")
    FULL = "full", _("Voicemail is fine")


class TeamRole(models.TextChoices):
    LEAD_ADVOCATE = "lead_advocate", _("Lead advocate")
    ADVOCATE = "advocate", _("Advocate")
    CLINICIAN = "clinician", _("Clinician")
    SUPERVISOR = "supervisor", _("Supervisor")
    LEGAL = "legal", _("Legal advocate")
    OTHER = "other", _("Other team member")


class NoteKind(models.TextChoices):
    CONTACT = "contact", _("Contact")
    ADVOCACY = "advocacy", _("Advocacy")
    SERVICE = "service", _("Service")
    SAFETY = "safety", _("Safety")
    GENERAL = "general", _("General")


class ContactMethod(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    PHONE = "phone", _("Phone call")
    VIDEO = "video", _("Video call")
    TEXT = "text", _("Text message")
    EMAIL = "email", _("Email")
    OTHER = "other", _("Other")
    NONE = "none", _("No contact (record only)")


class OutreachOutcome(models.TextChoices):
    REACHED = "reached", _("Reached the survivor")
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_MESSAGE = "left_message", _("Left a message (as the safe-contact rules allow)")
    NUMBER_NOT_WORKING = "not_working", _("Number or address not working")
    UNSAFE_TO_CONTINUE = "unsafe", _("Stopped: not safe to continue")


class Stage(models.TextChoices):
    PRECONTEMPLATION = "precontemplation", _("Precontemplation")
    CONTEMPLATION = "contemplation", _("Contemplation")
    PREPARATION = "preparation", _("Preparation")
    ACTION = "action", _("Action")
    MAINTENANCE = "maintenance", _("Maintenance")


class GoalDomain(models.TextChoices):
    SAFETY = "safety", _("Safety")
    HOUSING = "housing", _("Housing")
    LEGAL = "legal", _("Legal")
    HEALTH = "health", _("Health")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment")
    FAMILY = "family", _("Family")
    EMOTIONAL_WELLBEING = "emotional_wellbeing", _("Emotional wellbeing")


class GoalStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    ACHIEVED = "achieved", _("Achieved")
    ON_HOLD = "on_hold", _("On hold")
    CHANGED = "changed", _("Changed by the survivor")


class RecoveryDomain(models.TextChoices):
    """The signs of recovery the advocates named (seeds/003)."""

    ACKNOWLEDGING = "acknowledging", _("Acknowledging the experience")
    ACCEPTING = "accepting", _("Accepting the harm")
    TRUSTING = "trusting", _("Trusting others")
    STABILITY = "stability", _("Stability")
    SAFE_RELATIONSHIPS = "safe_relationships", _("Safe relationships")
    FUTURE_FOCUS = "future_focus", _("Focus on the future")
    SELF_WORTH = "self_worth", _("Self-worth")
    BOUNDARIES = "boundaries", _("Boundaries")


class ServiceCategory(models.TextChoices):
    """Service categories as funder reports (OVC TIMS) count them."""

    CASE_MANAGEMENT = "case_management", _("Case management")
    EMERGENCY_SHELTER = "emergency_shelter", _("Emergency shelter")
    HOUSING = "housing", _("Housing assistance")
    LEGAL = "legal", _("Legal services")
    IMMIGRATION = "immigration", _("Immigration assistance")
    MEDICAL = "medical", _("Medical care")
    MENTAL_HEALTH = "mental_health", _("Mental health care")
    SUBSTANCE_USE = "substance_use", _("Substance use treatment")
    EDUCATION = "education", _("Education")
    EMPLOYMENT = "employment", _("Employment and job training")
    FINANCIAL = "financial", _("Financial assistance")
    TRANSPORTATION = "transportation", _("Transportation")
    INTERPRETATION = "interpretation", _("Interpretation")
    PERSONAL_ITEMS = "personal_items", _("Clothing and personal items")
    FAMILY_REUNIFICATION = "family_reunification", _("Family reunification")
    SAFETY_PLANNING = "safety_planning", _("Safety planning")
    CRIMINAL_JUSTICE = "criminal_justice", _("Criminal justice advocacy")
    OTHER = "other", _("Other")


class ReminderKind(models.TextChoices):
    QUIET_CASE = "quiet_case", _("No contact for a while: reach out")
    FOLLOW_UP = "follow_up", _("Follow up")


class AppointmentOutcome(models.TextChoices):
    ATTENDED = "attended", _("Attended")
    MISSED = "missed", _("Did not attend")
    RESCHEDULED = "rescheduled", _("Rescheduled")
    CANCELLED = "cancelled", _("Cancelled")
