"""The published wording of each instrument's stem, items and answers, as the form shows them.

PHQ-9 and GAD-7 (Spitzer, Williams, Kroenke and colleagues; no permission needed to reproduce,
translate, display or distribute) and the PCL-5 (National Center for PTSD, public domain). A
translation must be the instrument's validated one, not a fresh rendering: the context on each
string says so to translators.
"""

from django.utils.translation import pgettext_lazy

from clinicians.measures import InstrumentCode

CONTEXT = "validated instrument wording: use only the instrument's published translation"


def _(text):
    return pgettext_lazy(CONTEXT, text)


FREQUENCY = [
    (0, _("Not at all")),
    (1, _("Several days")),
    (2, _("More than half the days")),
    (3, _("Nearly every day")),
]
BOTHER = [
    (0, _("Not at all")),
    (1, _("A little bit")),
    (2, _("Moderately")),
    (3, _("Quite a bit")),
    (4, _("Extremely")),
]

STEMS = {
    InstrumentCode.PHQ9: _(
        "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
    ),
    InstrumentCode.GAD7: _(
        "Over the last 2 weeks, how often have you been bothered by the following problems?"
    ),
    InstrumentCode.PCL5: _(
        "Below is a list of problems that people sometimes have in response to a very stressful "
        "experience. Please read each problem carefully and then select one of the answers to "
        "indicate how much you have been bothered by that problem in the past month. In the past "
        "month, how much were you bothered by:"
    ),
}

ANSWERS = {
    InstrumentCode.PHQ9: FREQUENCY,
    InstrumentCode.GAD7: FREQUENCY,
    InstrumentCode.PCL5: BOTHER,
}

ITEMS = {
    InstrumentCode.PHQ9: [
        _("Little interest or pleasure in doing things"),
        _("Feeling down, depressed, or hopeless"),
        _("Trouble falling or staying asleep, or sleeping too much"),
        _("Feeling tired or having little energy"),
        _("Poor appetite or overeating"),
        _(
            "Feeling bad about yourself — or that you are a failure or have let yourself or "
            "your family down"
        ),
        _("Trouble concentrating on things, such as reading the newspaper or watching television"),
        _(
            "Moving or speaking so slowly that other people could have noticed? Or the "
            "opposite — being so fidgety or restless that you have been moving around a lot "
            "more than usual"
        ),
        _("Thoughts that you would be better off dead or of hurting yourself in some way"),
    ],
    InstrumentCode.GAD7: [
        _("Feeling nervous, anxious or on edge"),
        _("Not being able to stop or control worrying"),
        _("Worrying too much about different things"),
        _("Trouble relaxing"),
        _("Being so restless that it is hard to sit still"),
        _("Becoming easily annoyed or irritable"),
        _("Feeling afraid as if something awful might happen"),
    ],
    InstrumentCode.PCL5: [
        _("Repeated, disturbing, and unwanted memories of the stressful experience?"),
        _("Repeated, disturbing dreams of the stressful experience?"),
        _(
            "Suddenly feeling or acting as if the stressful experience were actually happening "
            "again (as if you were actually back there reliving it)?"
        ),
        _("Feeling very upset when something reminded you of the stressful experience?"),
        _(
            "Having strong physical reactions when something reminded you of the stressful "
            "experience (for example, heart pounding, trouble breathing, sweating)?"
        ),
        _("Avoiding memories, thoughts, or feelings related to the stressful experience?"),
        _(
            "Avoiding external reminders of the stressful experience (for example, people, "
            "places, conversations, activities, objects, or situations)?"
        ),
        _("Trouble remembering important parts of the stressful experience?"),
        _(
            "Having strong negative beliefs about yourself, other people, or the world (for "
            "example, having thoughts such as: I am bad, there is something seriously wrong "
            "with me, no one can be trusted, the world is completely dangerous)?"
        ),
        _(
            "Blaming yourself or someone else for the stressful experience or what happened "
            "after it?"
        ),
        _("Having strong negative feelings such as fear, horror, anger, guilt, or shame?"),
        _("Loss of interest in activities that you used to enjoy?"),
        _("Feeling distant or cut off from other people?"),
        _(
            "Trouble experiencing positive feelings (for example, being unable to feel "
            "happiness or have loving feelings for people close to you)?"
        ),
        _("Irritable behavior, angry outbursts, or acting aggressively?"),
        _("Taking too many risks or doing things that could cause you harm?"),
        _('Being "superalert" or watchful or on guard?'),
        _("Feeling jumpy or easily startled?"),
        _("Having difficulty concentrating?"),
        _("Trouble falling or staying asleep?"),
    ],
}
