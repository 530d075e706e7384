"""The demo vault: invented families and generated videos, apart from any real vault.

Every name here is invented. The demo exercises each state a practitioner meets:
referred, active with footage ready to trim, a fostered child whose consent comes from
the local authority while the foster carer consents for herself, partial and withdrawn
consent, a consent review overdue, and a case closed long enough ago to be due for
deletion.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from vigdesk.core.accreditation import SupervisionFormat
from vigdesk.core.cases import Case, Person, PersonKind
from vigdesk.core.consent import Method, Purpose
from vigdesk.core.ids import MediaId
from vigdesk.core.media import MediaKind
from vigdesk.core.passphrase import DEMO_PASSPHRASE as DEMO_PASSPHRASE
from vigdesk.core.questionnaires import Timepoint
from vigdesk.core.sessions import SessionKind
from vigdesk.crypto.kdf import MIN_MEMORY_KIB, KdfParams
from vigdesk.media.synth import make_video
from vigdesk.services.access import create_vault
from vigdesk.services.documents import current_consent_text
from vigdesk.services.review_recordings import load_guider_skills
from vigdesk.services.session import Services
from vigdesk.services.training import TrainingSettings
from vigdesk.storage.header import HEADER_NAME

DEMO_NAME = "Demo Practitioner"
ALL = tuple(Purpose)
HOLD = (Purpose.FILM, Purpose.KEEP)


@dataclass(frozen=True)
class DemoFamily:
    adult: str
    relationship: str
    child: str
    child_age_days: int
    referred_days_ago: int
    source: str
    difficulty: str
    status: str  # referred | active | closed
    consent: tuple[Purpose, ...]
    videos: int = 0
    closed_days_ago: int = 0
    withdraw_keep: bool = False
    review_overdue: bool = False
    foster: bool = False
    """A looked-after child: the carer has no parental responsibility and consents for
    herself; the local authority's social worker (`SOCIAL_WORKER`) consents for the child."""


SOCIAL_WORKER = (
    "Tamsin Roskilly",
    "Social worker, Children in Care team",
    "Interim care order (s.38). Delegated authority: VIG filming and keeping agreed with "
    "the foster carer; birth parents informed. Reviewed at the child's next LAC review.",
)


FAMILIES = (
    DemoFamily(
        "Rosalind Ashdown",
        "mother",
        "Teddy Ashdown",
        700,
        60,
        "health visitor",
        "separation distress",
        "active",
        ALL,
        videos=2,
    ),
    DemoFamily(
        "Imran Qureshi",
        "father",
        "Aaliyah Qureshi",
        1100,
        45,
        "nursery",
        "limited shared play",
        "active",
        (*HOLD, Purpose.SUPERVISION),
        videos=1,
    ),
    DemoFamily(
        "Carys Penhaligon",
        "foster carer",
        "Milo Hartnell",
        1500,
        90,
        "social worker",
        "placement settling",
        "active",
        HOLD,
        videos=1,
        review_overdue=True,
        foster=True,
    ),
    DemoFamily(
        "Bethany Oyelaran",
        "mother",
        "Kofi Oyelaran",
        400,
        20,
        "GP",
        "post-natal low mood",
        "referred",
        (),
    ),
    DemoFamily(
        "Gwen Tremayne",
        "grandmother",
        "Isla Tremayne",
        900,
        120,
        "school",
        "adoption transition",
        "active",
        HOLD,
        withdraw_keep=True,
    ),
    DemoFamily(
        "Declan Fairbairn",
        "father",
        "Ruby Fairbairn",
        1300,
        200,
        "health visitor",
        "feeding difficulties",
        "closed",
        HOLD,
        videos=1,
        closed_days_ago=90,
    ),
    DemoFamily(
        "Priya Venkatesh",
        "mother",
        "Arjun Venkatesh",
        600,
        150,
        "early help",
        "sleep routines",
        "closed",
        ALL,
        closed_days_ago=20,
    ),
    DemoFamily(
        "Lowenna Carrick",
        "adoptive mother",
        "Sam Carrick",
        2000,
        10,
        "adoption team",
        "attachment after adoption",
        "referred",
        (Purpose.FILM,),
    ),
)


def ensure_demo_vault(home: Path, *, reset: bool = False) -> bool:
    """Create the demo vault once (or again with `reset`); True when it was created now."""
    if reset and (home / HEADER_NAME).exists():
        shutil.rmtree(home)
    if (home / HEADER_NAME).exists():
        return False
    vault = create_vault(
        home, DEMO_PASSPHRASE, display_name=DEMO_NAME, role="practitioner", kdf=demo_kdf()
    )
    try:
        populate(Services.for_vault(vault))
    finally:
        vault.lock()
    return True


def demo_kdf() -> KdfParams:
    """The demo passphrase is printed for all to see, so a slow KDF would protect nothing."""
    return KdfParams(salt=os.urandom(16), memory_kib=MIN_MEMORY_KIB, iterations=1)


def populate(s: Services) -> None:
    """Fill the vault with FAMILIES; generated videos pass through the real import."""
    add_families(s, FAMILIES)
    add_training_log(s)


def add_training_log(s: Services) -> None:
    """The demo practitioner is a stage-2 trainee with a few supervisions logged."""
    today = s.ctx.today()
    s.training.set_settings(
        TrainingSettings(
            stage=2,
            stage_started_on=today - timedelta(days=75),
            course_on=today - timedelta(days=340),
            supervisor="Dr Nia Okafor",
        )
    )
    for days_ago, minutes, group, learning in (
        (70, 90, True, "Contact principles: noticing the child's initiatives first."),
        (45, 120, False, "Choosing clips: a few seconds that show attunement, not a story."),
        (20, 90, False, "Guiding the shared review: asking, not telling; slowing the clip down."),
    ):
        s.training.log_supervision(
            today - timedelta(days=days_ago),
            minutes,
            "Dr Nia Okafor",
            SupervisionFormat.GROUP if group else SupervisionFormat.INDIVIDUAL,
            learning=learning,
        )
    add_filmed_review(s)


def add_filmed_review(s: Services) -> None:
    """One family also agreed to their review meeting being filmed for supervision: a
    short invented recording of it, marked as the review, with a clip labelled with a
    guider skill (issue 24)."""
    today = s.ctx.today()
    for case in s.cases.list_cases():
        reviews = [
            x for x in s.sessions.list_sessions(case.id) if x.kind is SessionKind.SHARED_REVIEW
        ]
        people = s.cases.people(case.id)
        adults = [p for p in people if p.kind is PersonKind.ADULT and p.parental_responsibility]
        children = [p for p in people if p.kind is PersonKind.CHILD]
        if case.status.value != "active" or not reviews or not adults or not children:
            continue
        s.consent.record(
            case.id,
            adults[0].id,
            [adults[0].id],
            {Purpose.REVIEW_FILMING: True},
            form_version=current_consent_text().version,
            given_on=min(reviews[0].held_on, today),
            method=Method.SCANNED_PAPER,
        )
        with tempfile.TemporaryDirectory(prefix="vigdesk-demo-") as tmp:
            path = Path(tmp) / "review-meeting.mp4"
            make_video(path, seconds=8.0, fps=25, size=(480, 270), gop=25, label="Review")
            recording = s.reviews_filmed.import_recording(
                case.id, path, reviews[0].id, appearing=[adults[0].id]
            ).item
        clip = s.media.make_clip(recording.id, 1.0, 4.0, title="Pausing on the look together")
        skill = load_guider_skills()[3].tag  # using the clip: pausing, replaying
        s.media.annotate(clip.id, title=clip.title, labels=(skill,), note="")
        return


def add_families(s: Services, families: Sequence[DemoFamily]) -> list[Case]:
    """Add `families` (a subset of FAMILIES: the office demo splits them between
    laptops) through the real services; returns their cases in the same order."""
    today = s.ctx.today()
    form = current_consent_text().version
    with tempfile.TemporaryDirectory(prefix="vigdesk-demo-") as tmp:
        return [
            _add_family(s, fam, today, form, Path(tmp), FAMILIES.index(fam)) for fam in families
        ]


def _add_family(s: Services, fam: DemoFamily, today: date, form: str, tmp: Path, n: int) -> Case:
    referred = today - timedelta(days=fam.referred_days_ago)
    initials = "".join(w[0] for w in fam.adult.split())
    case = s.cases.add_case(
        initials, referred, referral_source=fam.source, primary_difficulty=fam.difficulty
    )
    adult = s.cases.add_person(
        case.id,
        PersonKind.ADULT,
        fam.adult,
        parental_responsibility=not fam.foster,
        relationship=fam.relationship,
    )
    child = s.cases.add_person(
        case.id,
        PersonKind.CHILD,
        fam.child,
        date_of_birth=today - timedelta(days=fam.child_age_days),
        relationship="child",
    )
    givers = [(adult, child)]
    if fam.foster:
        child = s.consent.set_looked_after(child.id, True)
        worker = s.consent.add_authority(case.id, *SOCIAL_WORKER)
        givers = [(adult, adult), (worker, child)]  # the carer for herself, the LA for him
    if fam.consent:
        given = referred + timedelta(days=min(7, fam.referred_days_ago))
        review = given + timedelta(days=30) if fam.review_overdue else given + timedelta(days=180)
        for giver, about in givers:
            s.consent.record(
                case.id,
                giver.id,
                [about.id],
                dict.fromkeys(fam.consent, True),
                form_version=form,
                given_on=given,
                method=Method.SCANNED_PAPER,
                review_due=review,
            )
    if fam.status != "referred":
        s.cases.activate(case.id)
    for v in range(fam.videos):
        # Invented footage stands in for a home visit; it goes through the real import,
        # and the generated plaintext file is deleted as soon as it is sealed.
        path = tmp / f"demo-{n}-{v}.mp4"
        # Each visit is labelled apart: the import refuses the same bytes twice in a case.
        label = f"Demo {n + 1}.{v + 1}"
        make_video(path, seconds=12.0, fps=25, size=(480, 270), gop=25, label=label)
        item = s.media.import_footage(case.id, path).item
        path.unlink()
        if v == 0:
            s.media.make_clip(item.id, 2.0, 5.0, title="Sharing a look")
            if n == 0 and Purpose.KEEP in fam.consent:
                _mark_moments(s, item.id, adult, child)
    if fam.withdraw_keep:
        keep = [r.id for r in s.consent.for_case(case.id) if r.purpose is Purpose.KEEP]
        s.consent.withdraw(keep, "family asked to stop keeping video")
    if fam.status == "closed":
        s.cases.close_case(
            case.id, today - timedelta(days=fam.closed_days_ago), "intervention complete"
        )
    if fam.status != "referred":
        _add_outcomes(s, s.cases.find(case.id), adult, today)
    return s.cases.find(case.id)


HELPING_QUESTIONS = {
    "separation distress": (
        "How can I help my little one feel safe when I leave the room?",
        "How do I notice when he needs me close?",
    ),
    "limited shared play": ("How can we enjoy playing together for longer?",),
    "placement settling": (
        "How can I help him trust that I will come back?",
        "How can I follow his lead when we play?",
    ),
    "adoption transition": ("How can we feel closer at bedtime?",),
    "feeding difficulties": (
        "How can mealtimes feel calmer for both of us?",
        "How can I read her signals that she has had enough?",
    ),
    "sleep routines": ("How can I help him settle to sleep without a struggle?",),
}
# (fraction of the way from referral to today or closure, kind) of each demo session.
TIMELINE = (
    (0.10, SessionKind.INITIAL_MEETING),
    (0.22, SessionKind.FILMING),
    (0.32, SessionKind.SHARED_REVIEW),
    (0.50, SessionKind.FILMING),
    (0.60, SessionKind.SHARED_REVIEW),
)
CLOSING = ((0.75, SessionKind.FILMING), (0.92, SessionKind.FINAL_REVIEW))
NOTES = {
    SessionKind.INITIAL_MEETING: "Explained VIG and the filming; agreed helping questions.",
    SessionKind.FILMING: "Ten minutes of play on the living-room floor.",
    SessionKind.SHARED_REVIEW: "",
    SessionKind.FINAL_REVIEW: "Looked back over the clips from every review.",
}
SUMMARIES = (
    "We watched three short moments where the child looked up and the parent smiled back. "
    "The parent noticed how the child relaxed when she named what he was doing.",
    "Two clips of turn-taking in play. The parent saw herself waiting for the child's lead "
    "and said it felt calmer than she expected.",
    "Looking back, the parent picked the moment she felt proudest of and wants to keep "
    "following the child's lead at home.",
)


# One marked chain round the circle and one initiative that was missed (issue 21).
DEMO_MARKS = (
    (2.40, "child_initiative", "child", "Holds up the teddy"),
    (2.88, "adult_reception", "adult", "Looks up and smiles"),
    (3.60, "adult_response", "adult", "“Teddy wants a turn!”"),
    (4.20, "child_reception", "child", ""),
    (4.20, "vig:receiving/eyes", "adult", ""),
    (8.00, "child_initiative", "child", "Points at the window"),
)


def _mark_moments(s: Services, media_id: MediaId, adult: Person, child: Person) -> None:
    who = {"adult": adult.initials, "child": child.initials}
    for at, kind, person, note in DEMO_MARKS:
        s.markers.add(media_id, at, kind, who=who[person], note=note)


def _add_outcomes(s: Services, case: Case, adult: Person, today: date) -> None:
    """Sessions, helping questions rated at baseline and each shared review (rising), and
    questionnaires at baseline and mid (active) or baseline and end (closed); one commit."""
    with s.ctx.db.transact():
        _add_timeline(s, case, adult, today)


def _add_timeline(s: Services, case: Case, adult: Person, today: date) -> None:
    end = case.closed_on or today
    span = (end - case.referral_date).days
    steps = TIMELINE + (CLOSING if case.closed_on else ())
    media = s.media.list_media(case.id)
    footage = [m.id for m in media if m.kind is MediaKind.FOOTAGE]
    clips = [m.id for m in media if m.kind is MediaKind.CLIP]
    sessions = []
    reviews = 0
    for fraction, kind in steps:
        linked: list[MediaId] = []
        summary = ""
        if kind is SessionKind.FILMING and footage:
            linked = [footage.pop(0)]
        if kind in (SessionKind.SHARED_REVIEW, SessionKind.FINAL_REVIEW):
            linked, clips = clips[:1], clips[1:]
            summary = SUMMARIES[min(reviews, 1) if kind is SessionKind.SHARED_REVIEW else 2]
            reviews += 1
        held_on = case.referral_date + timedelta(days=max(1, round(span * fraction)))
        sessions.append(
            s.sessions.add_session(
                case.id, kind, held_on, notes=NOTES[kind], summary=summary, media_ids=linked
            )
        )
    start = sessions[0].held_on
    rising = [
        x for x in sessions if x.kind in (SessionKind.SHARED_REVIEW, SessionKind.FINAL_REVIEW)
    ]
    seed = sum(map(ord, case.code))
    texts = HELPING_QUESTIONS.get(case.primary_difficulty, ("How can we enjoy our time together?",))
    for n, text in enumerate(texts):
        question = s.helping.add_question(case.id, text, agreed_on=start)
        score = 2 + (seed + n) % 3
        s.helping.rate(question.id, adult.id, score, rated_on=start)
        for review in rising:
            score = min(10, score + 2 + (seed + n + review.held_on.day) % 2)
            s.helping.rate(question.id, adult.id, score, session_id=review.id)
    middle = next((x for x in sessions if x.kind is SessionKind.SHARED_REVIEW), sessions[-1])
    points = [(Timepoint.BASELINE, start, 0)]
    if case.closed_on is not None:
        points.append((Timepoint.END, sessions[-1].held_on, 2))
    else:
        points.append((Timepoint.MID, middle.held_on, 1))
    confidence = s.questionnaires.instrument("parent-confidence-demo")
    for timepoint, on, lift in points:
        answers = {}
        for n, item in enumerate(confidence.items):
            gain = lift if n % 3 else max(0, lift - 1)
            first = 1 + (seed + n) % 2 if n < 4 else 2  # connection starts higher than calm
            scored = min(3, first + gain)
            answers[item.id] = 3 - scored if item.reverse else scored
        s.questionnaires.record(
            case.id, confidence.id, adult.id, timepoint, answers, completed_on=on
        )
        goals = {"goal1": min(10, 3 + 3 * lift + seed % 2), "goal2": min(10, 2 + 3 * lift)}
        if case.closed_on is not None:
            s.questionnaires.record(
                case.id, "goal-based-outcomes", adult.id, timepoint, goals, completed_on=on
            )
