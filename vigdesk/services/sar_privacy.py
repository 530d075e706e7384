"""The privacy information a subject access answer must give (UK GDPR Art. 15(1)):
purposes, lawful basis, recipients, retention periods and source, in plain words.

Periods are read from the retention policy in force, the one the sweep enforces, and
purposes from the consent wording the forms use, so no sentence here can promise
another period than the code keeps. Pure; any thread.
"""

from __future__ import annotations

from vigdesk.core.cases import Case
from vigdesk.core.consent import Purpose
from vigdesk.core.consent_wording import purpose_line, video_period
from vigdesk.core.retention import Policy, Rule, period_words
from vigdesk.services.retention import PolicyInForce

# What each retention rule covers, in the words of the answer.
RULE_WHAT = {
    "footage": "Video recordings of your sessions",
    "clip": "Short clips cut from them",
    "still": "Still pictures taken from them",
    "video_after_keep_withdrawn": "Video, once consent to keep it is withdrawn",
    "consent_evidence": "Signed consent forms",
    "case_record": "Your case record (details, notes, questionnaires)",
    "training": "Clips shown at training events",
    "audit_log": "The record of who opened or changed your data",
}
ANCHOR_WORDS = {
    "case_closed": "after our work with you ends",
    "case_inactive": "after our last session",
    "keep_withdrawn": "after consent is withdrawn",
    "training_consent_ends": "after training consent ends",
    "entry": "after each entry is made",
}
LAWFUL_BASIS = (
    "Our work with your family is part of the council's public task of supporting "
    "children and families (UK GDPR Article 6(1)(e)), and information about health and "
    "wellbeing is used for providing care (Article 9(2)(h)). Filming, keeping video and "
    "showing clips to a supervisor or at training rely on your consent (Article 6(1)(a)), "
    "which you can withdraw at any time."
)
RIGHTS = (
    "You can ask us to correct anything that is wrong, to delete or stop using your data "
    "in some cases, and you can complain to the Information Commissioner's Office "
    "(ico.org.uk, 0303 123 1113)."
)


def rule_period(rule: Rule) -> str:
    months = rule.months + 12 * rule.years
    if rule.max_months is not None and not months:
        return f"at most {period_words(rule.max_months)}"
    if not months:
        return "at once"
    return period_words(months)


def retention_rows(policy: Policy) -> list[tuple[str, str]]:
    """(what, how long and why) for every rule of the policy in force."""
    rows = []
    for name, rule in policy.rules.items():
        what = RULE_WHAT.get(name, name.replace("_", " ").capitalize())
        if rule.anchor.value == "youngest_child_birthday":
            when = f"Until the youngest child is {rule.months // 12 + rule.years}"
        else:
            when = f"{rule_period(rule)} {ANCHOR_WORDS.get(rule.anchor.value, '')}".strip()
            when = when[0].upper() + when[1:]
        rows.append((what, when + (f". {rule.why}" if rule.why else ".")))
    return rows


def privacy_rows(case: Case, in_force: PolicyInForce) -> list[tuple[str, str]]:
    period = video_period(in_force.policy)
    purposes = "\n".join(f"• {purpose_line(p, period)}" for p in Purpose)
    return [
        (
            "Why we hold it",
            "To offer Video Interaction Guidance to your family: to plan and record our "
            f"sessions, to review video with you and to measure how things change.\n{purposes}",
        ),
        ("Lawful basis", LAWFUL_BASIS),
        (
            "Who sees it",
            "The practitioners working with your family and the service's business "
            "officer; an accredited VIG supervisor or a training audience only for clips "
            "you agreed to (each listed under 'Shared outside the service'). We do not "
            "send it abroad.",
        ),
        ("Where it came from", _source(case)),
        (
            "How long we keep it",
            f"Set by {in_force.label}; each period is listed in the next part.",
        ),
        ("Your rights", RIGHTS),
    ]


def _source(case: Case) -> str:
    referred = f"your referral (by {case.referral_source})" if case.referral_source else ""
    parts = ["you and your family", "what we recorded in our sessions"]
    return "From " + ", ".join([*parts, referred] if referred else parts) + "."
