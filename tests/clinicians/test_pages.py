"""The clinicians' pages, through the client: what each shows, who reaches it, and bad input
that writes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from clinicians import services
from clinicians.choices import AssignmentStatus, Attendance, Modality, SessionFormat
from clinicians.measures import DECLINED
from clinicians.models import (
    Assignment,
    ClinicalNote,
    MeasureAdministration,
    PsychotherapyNote,
    SessionParticipation,
    TherapySession,
)
from reminders.models import Reminder
from tests.clinicians.conftest import give_profile
from tests.conftest import SURVIVOR, open_case

pytestmark = pytest.mark.django_db


def _phq9(**overrides):
    data = {"administered_on": timezone.localdate().isoformat()}
    for number in range(1, 10):
        data[f"item_{number}"] = "1"
    data.update(overrides)
    return data


def test_my_survivors_shows_names_flags_scores_and_due(client_for, assigned, case, clinician):
    services.measure_schedule_set(
        actor=clinician, assignment=assigned, instrument="phq9", every_sessions=4
    )
    services.measure_record(actor=clinician, case=case, instrument="gad7", answers=[2] * 7)
    response = client_for(clinician).get(reverse("clinicians:my-survivors"))
    assert response.status_code == 200
    page = response.content.decode()
    assert SURVIVOR.preferred_name in page
    assert "GAD-7" in page and ">14<" in page
    assert reverse("clinicians:measure-new", args=[case.pk, "phq9"]) in page


def test_my_survivors_reads_in_constant_queries(
    client_for, clinician, advocate, supervisor, program, django_assert_num_queries
):
    give_profile(clinician, caseload_capacity=20)
    client = client_for(clinician)

    def assign(n):
        for index in range(n):
            case = open_case(advocate, program, name=f"Survivor {index}")
            request = services.assignment_request(actor=advocate, case=case, clinician=clinician)
            services.assignment_approve(actor=supervisor, assignment=request)
            services.measure_record(actor=clinician, case=case, instrument="phq9", answers=[1] * 9)

    assign(1)
    client.get(reverse("clinicians:my-survivors"))  # warm the session
    with django_assert_num_queries(11) as few:
        client.get(reverse("clinicians:my-survivors"))
    assign(4)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("clinicians:my-survivors"))
    assert response.content.decode().count("survivor-card__name") == 5


def test_recording_a_phq9_scores_it_and_shows_the_chart(client_for, assigned, case, clinician):
    client = client_for(clinician)
    response = client.post(reverse("clinicians:measure-new", args=[case.pk, "phq9"]), _phq9())
    administration = MeasureAdministration.objects.get(case=case)
    assert response.status_code == 302
    assert administration.total == 9 and administration.band == "mild"
    result = client.get(response.url).content.decode()
    assert "Mild" in result and "9" in result
    chart = client.get(reverse("clinicians:progress", args=[case.pk, "phq9"])).content.decode()
    assert "<svg" in chart and "progress-chart__band" in chart and "<table" in chart


def test_item_nine_shows_the_safety_follow_up(client_for, assigned, case, clinician):
    client = client_for(clinician)
    response = client.post(
        reverse("clinicians:measure-new", args=[case.pk, "phq9"]), _phq9(item_9="2"), follow=True
    )
    assert "Safety follow-up needed today" in response.content.decode()
    assert Reminder.objects.filter(case=case, assignee=clinician).exists()


def test_declined_and_stopping_are_kept_apart(client_for, assigned, case, clinician):
    data = _phq9(item_2=DECLINED)
    del data["item_8"], data["item_9"]
    data["stop"] = "1"
    client_for(clinician).post(reverse("clinicians:measure-new", args=[case.pk, "phq9"]), data)
    administration = MeasureAdministration.objects.get(case=case)
    assert administration.declined_items == 1 and administration.missing_items == 2
    assert administration.total is None


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"item_3": "7"}, "answers run from 0 to 3"),
        ({"item_3": ""}, "Stop here"),
        (
            {"administered_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat()},
            "future",
        ),
    ],
)
def test_bad_answers_write_nothing(client_for, assigned, case, clinician, overrides, message):
    response = client_for(clinician).post(
        reverse("clinicians:measure-new", args=[case.pk, "phq9"]), _phq9(**overrides)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MeasureAdministration.objects.exists()


def test_group_session_shows_each_survivor_only_their_own(
    client_for, clinician, advocate, supervisor, program
):
    give_profile(clinician)
    cases = []
    for name in ("Amara Group", "Bea Group"):
        case = open_case(advocate, program, name=name)
        request = services.assignment_request(actor=advocate, case=case, clinician=clinician)
        services.assignment_approve(actor=supervisor, assignment=request)
        cases.append(case)
    client = client_for(clinician)
    data = {
        "held_on": timezone.localdate().isoformat(),
        "duration_minutes": "90",
        "modality": Modality.GROUP,
        "format": SessionFormat.GROUP,
        f"attendance_{cases[0].pk}": Attendance.ATTENDED,
        f"attendance_{cases[1].pk}": Attendance.DID_NOT_ATTEND,
    }
    assert client.post(reverse("clinicians:session-new"), data).status_code == 302
    assert SessionParticipation.objects.count() == 2
    record = client.get(reverse("clinicians:record", args=[cases[0].pk])).content.decode()
    assert "Bea Group" not in record
    assert (
        "Did not attend"
        in client.get(reverse("clinicians:record", args=[cases[1].pk])).content.decode()
    )


def test_group_session_with_a_survivor_outside_the_caseload_writes_nothing(
    client_for, assigned, case, clinician, advocate, program
):
    elsewhere = open_case(advocate, program, name="Not Yours")
    data = {
        "held_on": timezone.localdate().isoformat(),
        "duration_minutes": "60",
        "modality": Modality.GROUP,
        "format": SessionFormat.GROUP,
        f"attendance_{case.pk}": Attendance.ATTENDED,
        f"attendance_{elsewhere.pk}": Attendance.ATTENDED,
    }
    response = client_for(clinician).post(reverse("clinicians:session-new"), data)
    assert response.status_code == 400
    assert "not on your caseload" in response.content.decode()
    assert not TherapySession.objects.exists()


def test_session_in_the_future_writes_nothing(client_for, assigned, case, clinician):
    data = {
        "held_on": (timezone.localdate() + datetime.timedelta(days=2)).isoformat(),
        "duration_minutes": "50",
        "modality": Modality.EMDR,
        "format": SessionFormat.INDIVIDUAL,
        f"attendance_{case.pk}": Attendance.ATTENDED,
    }
    response = client_for(clinician).post(
        reverse("clinicians:case-session-new", args=[case.pk]), data
    )
    assert response.status_code == 400
    assert not TherapySession.objects.exists()


def test_clinical_note_written_signed_and_added_to(client_for, assigned, case, clinician):
    client = client_for(clinician)
    response = client.post(
        reverse("clinicians:clinical-note-new", args=[case.pk]), {"body": "Grounding practised."}
    )
    note = ClinicalNote.objects.get()
    assert response.status_code == 302
    client.post(
        reverse("clinicians:clinical-note-sign", args=[case.pk, note.pk]), {"version": note.version}
    )
    note.refresh_from_db()
    assert note.is_signed
    client.post(
        reverse("clinicians:clinical-note-addendum", args=[case.pk, note.pk]), {"body": "Later."}
    )
    assert note.addenda.count() == 1
    assert (
        client.post(
            reverse("clinicians:clinical-note-new", args=[case.pk]), {"body": "  "}
        ).status_code
        == 400
    )


def test_psychotherapy_note_page_says_who_can_read_it_and_is_404_to_others(
    client_for, assigned, case, clinician, supervisor, make_user
):
    client = client_for(clinician)
    client.post(reverse("clinicians:psychotherapy-note-new", args=[case.pk]), {"body": "Mine."})
    note = PsychotherapyNote.objects.get()
    url = reverse("clinicians:psychotherapy-note", args=[case.pk, note.pk])
    page = client.get(url).content.decode()
    assert "Only you can read this note." in page
    superuser = make_user("supervisor", is_superuser=True)
    for other in (supervisor, superuser):
        assert client_for(other).get(url).status_code == 404


def test_advocate_asks_for_a_match_and_supervisor_approves(
    client_for, advocate, supervisor, case, profiled
):
    client = client_for(advocate)
    page = client.get(reverse("clinicians:matching", args=[case.pk])).content.decode()
    assert profiled.full_name in page and "Why here" in page
    response = client.post(
        reverse("clinicians:assignment-request", args=[case.pk]), {"clinician": profiled.pk}
    )
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    client_for(supervisor).post(
        reverse("clinicians:assignment-approve", args=[case.pk, assignment.pk]),
        {"back": "overview"},
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.APPROVED
    assert case.team.filter(user=profiled, until__isnull=True).exists()


def test_override_candidate_needs_a_reason(client_for, advocate, case, profiled):
    give_profile(profiled, accepting_new=False)
    response = client_for(advocate).post(
        reverse("clinicians:assignment-request", args=[case.pk]), {"clinician": profiled.pk}
    )
    assert response.status_code == 400
    assert "give a reason" in response.content.decode()
    assert not Assignment.objects.exists()


def test_wishes_are_shown_as_the_survivors_words(client_for, advocate, case):
    client = client_for(advocate)
    response = client.post(
        reverse("clinicians:wishes", args=[case.pk]),
        {
            "in_own_words": "Someone who speaks my language, a woman.",
            "language": "Spanish",
            "clinician_gender": "woman",
            "modalities_wanted": [Modality.EMDR],
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("clinicians:matching", args=[case.pk])).content.decode()
    assert "Someone who speaks my language, a woman." in page


def test_wishes_wanted_and_not_wanted_at_once_writes_nothing(client_for, advocate, case):
    response = client_for(advocate).post(
        reverse("clinicians:wishes", args=[case.pk]),
        {"modalities_wanted": [Modality.EMDR], "modalities_not_wanted": [Modality.EMDR]},
    )
    assert response.status_code == 400
    assert "both wanted and not wanted" in response.content.decode()


def test_licence_expiring_before_issue_is_refused(client_for, profiled):
    today = timezone.localdate()
    data = {
        "licence_type": "lcsw",
        "licence_number": "X-1",
        "licence_issued_on": today.isoformat(),
        "licence_expires_on": (today - datetime.timedelta(days=10)).isoformat(),
        "caseload_capacity": "5",
        "version": profiled.clinician_profile.version,
    }
    response = client_for(profiled).post(reverse("clinicians:my-profile"), data)
    assert response.status_code == 400
    assert "cannot expire before it was issued" in response.content.decode()


def test_supervisors_view_shows_load_and_pending(client_for, supervisor, advocate, case, profiled):
    services.assignment_request(actor=advocate, case=case, clinician=profiled)
    page = client_for(supervisor).get(reverse("clinicians:overview")).content.decode()
    assert profiled.full_name in page and "1 assignment request waiting" in page
