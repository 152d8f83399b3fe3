"""Every encrypted cell sealed: "not recorded" and "declined" become sealed values instead of
NULL, and the cells of versioned rows (cases, notes) are bound to the row's version.

The tables and columns are named here rather than read from the models, so that this migration
means the same thing whatever the models become later.
"""

from django.db import migrations

from protection.conversion import SealedTable, reseal_tables

CASE = "cases.case"
TABLES = [
    SealedTable(
        "cases_case",
        (
            "legal_name",
            "preferred_name",
            "other_names",
            "date_of_birth",
            "phone",
            "email",
            "address",
            "safety_flags",
            "safety_plan",
        ),
        CASE,
        versioned=True,
        declined_in="declined_fields",
    ),
    SealedTable("cases_safecontact", ("safe_times", "codeword", "instructions"), CASE, "t.case_id"),
    SealedTable("cases_mandatedreport", ("report_made_to", "reference"), CASE, "t.case_id"),
    SealedTable("cases_breakglassgrant", ("reason",), CASE, "t.case_id"),
    SealedTable("cases_casenote", ("body",), CASE, "t.case_id", versioned=True),
    SealedTable(
        "cases_noteaddendum",
        ("body",),
        CASE,
        "n.case_id",
        join="JOIN cases_casenote n ON n.id = t.note_id",
    ),
    SealedTable("cases_outreachattempt", ("note",), CASE, "t.case_id"),
    SealedTable("cases_appointment", ("purpose",), CASE, "t.case_id"),
    SealedTable("cases_stageevent", ("note",), CASE, "t.case_id"),
    SealedTable("cases_goal", ("own_words",), CASE, "t.case_id"),
    SealedTable(
        "cases_goalstep",
        ("text",),
        CASE,
        "g.case_id",
        join="JOIN cases_goal g ON g.id = t.goal_id",
    ),
    SealedTable("cases_recoverycheckin", ("ratings", "note"), CASE, "t.case_id"),
    SealedTable("cases_servicerecord", ("note",), CASE, "t.case_id"),
]


def forward(apps, schema_editor):
    reseal_tables(schema_editor, TABLES, forward=True)


def backward(apps, schema_editor):
    reseal_tables(schema_editor, TABLES, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_program_and_reminder_move"),
        ("protection", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
