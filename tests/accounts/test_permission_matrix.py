"""Who reaches what: every admin URL and every staff page, for each kind of account, with the roles as migrated.

The expected status of each cell is written down below, so a change of a role shows as a failing row. The accounts
are the demo's (their roles are the Django groups the migrations create), with TOTP set up where the back office
needs it, plus a citizen, and a center-staff account that has not set up TOTP yet.
"""

import datetime as dt

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from civic_portal.core.demo import load_demo
from civic_portal.core.fiscal import current_fiscal_year
from civic_portal.core.jobs import enqueue_now
from civic_portal.core.mail import send_templated_mail
from civic_portal.core.mail_tasks import send_queued_mail
from civic_portal.core.models import ImportJob, OutgoingMail
from facilities.models import Booking, GroupCalendar, LotteryApplication, LotteryWindow, Payment, PaymentMethod
from grants.models import (
    Answer,
    Application,
    Attachment,
    ConflictDeclaration,
    Question,
    QuestionKind,
    Reviewer,
    Score,
    ScoreSheet,
)
from groups.booklet import booklet_files
from groups.models import ContactRelay, Group, ManagerInvitation, MembershipRole, RenewalRound
from groups.models.activity import PointEntry, PointRate
from groups.models.talent import TalentRequest
from indicators.models import Indicator, Plan, ReportEdition, TargetRevision
from tests.factories.accounts import TOTP_SECRET, StaffFactory, UserFactory
from tests.factories.activity import ActivityRecordFactory

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

ACCOUNTS = ["anonymous", "citizen", "manager", "reviewer", "official", "staff", "superuser", "staff_without_totp"]
OPS = ["changelist", "add", "change", "delete", "import", "export"]

# Admin, for the accounts that have admin access. One letter an operation, in the order of OPS:
# o = 200, x = 403, h = hidden (a sealed row: the admin answers as for a missing object, 302 to its index),
# . = the admin has no such page. Everyone else is sent to sign in (302 to the admin login),
# and a back-office account without TOTP is sent to set it up (302), whatever the page.
#                                 official  staff     superuser
ADMIN = {
    "auth.group":                   ("xxxx..", "xxxx..", "oooo.."),
    "account.emailaddress":         ("xxxx..", "xxxx..", "oooo.."),
    "mfa.authenticator":            ("xxxx..", "xxxx..", "oooo.."),
    "accounts.user":                ("xxxx..", "oxox..", "oooo.."),
    "core.auditevent":              ("xxxx..", "oxox..", "oxox.."),
    "core.outgoingmail":            ("xxxx..", "oxox..", "oxox.."),
    "core.backgroundtask":          ("xxxx..", "oxox..", "oxox.."),
    "core.jobrun":                  ("xxxx..", "oxox..", "oxox.."),
    "core.generatedfile":           ("xxxx..", "oxox..", "oxox.."),
    "core.importjob":               ("xxxx..", "oxox..", "oxox.."),
    "groups.group":                 ("xxxxxx", "oooxoo", "oooooo"),
    "groups.activityfield":         ("xxxx..", "ooox..", "oooo.."),
    "core.area":                    ("xxxxxx", "oooxoo", "oooooo"),
    "groups.renewalround":          ("xxxx..", "ooox..", "oooo.."),
    "groups.managerinvitation":     ("xxxx..", "oooo..", "oooo.."),
    "groups.contactrelay":          ("xxxx..", "oxox..", "oxoo.."),
    "groups.volunteerprofile":      ("xxxxxx", "oxoxoo", "oxoooo"),
    "groups.volunteerneed":         ("xxxx..", "ooox..", "oooo.."),
    "groups.volunteerapplication":  ("xxxx..", "oxox..", "oxoo.."),
    "groups.activityrecord":        ("xxxx..", "oxox..", "oxoo.."),
    "groups.pointrate":             ("xxxx..", "ooox..", "oooo.."),
    "groups.pointentry":            ("xxxx..", "oxox..", "oxoo.."),
    "groups.talentrequest":         ("xxxx..", "oxox..", "oxoo.."),
    "facilities.facility":          ("xxxxxx", "oooxoo", "oooooo"),
    "facilities.space":             ("xxxxxx", "oooxoo", "oooooo"),
    "facilities.equipmenttype":     ("xxxxxx", "oooxoo", "oooooo"),
    "facilities.loan":              ("xxxx..", "oxox..", "oxoo.."),
    "facilities.booking":           ("xxxxxx", "oooxoo", "oooxoo"),
    "facilities.exemptionrule":     ("xxxx..", "ooox..", "oooo.."),
    "facilities.groupcalendar":     ("xxxx..", "oxoo..", "oxoo.."),
    "facilities.lotterywindow":     ("xxxx..", "ooox..", "oooo.."),
    "facilities.lotteryapplication": ("xxxx..", "oxox..", "oxoo.."),
    "facilities.payment":           ("xxxx..", "oxox..", "oxox.."),
    "grants.programme":             ("xxxx..", "ooox..", "oooo.."),
    "grants.round":                 ("xxxx..", "ooox..", "oooo.."),
    "grants.application":           ("xxxx.x", "oxox.o", "oxox.o"),
    "grants.scoresheet":            ("xxxx..", "oxhx..", "oxhx.."),
    "grants.score":                 ("xxxx.x", "oxhx.o", "oxhx.o"),
    "grants.reviewer":              ("xxxx..", "ooox..", "oooo.."),
    "grants.conflictdeclaration":   ("xxxx..", "oxox..", "oxox.."),
    "grants.otherfundergrant":      ("xxxxxx", "oooxoo", "oooooo"),
    "grants.answer":                ("xxxx.x", "oxox.o", "oxox.o"),
    "indicators.plan":              ("oxox..", "ooox..", "oooo.."),
    "indicators.plannode":          ("oxox..", "ooox..", "oooo.."),
    "indicators.department":        ("oxox..", "ooox..", "oooo.."),
    "indicators.collaborationproject": ("oxox..", "oooo..", "oooo.."),
    "indicators.actionitem":        ("oxoxxo", "oooxoo", "oooooo"),
    "indicators.yearplan":          ("oxox..", "ooox..", "oooo.."),
    "indicators.indicator":         ("oxoxxo", "oooxoo", "oooooo"),
    "indicators.reportedition":     ("oxox..", "oxox..", "oxoo.."),
    "indicators.targetrevision":    ("oxox..", "oxox..", "oxoo.."),
    "center.newsentry":             ("oxox..", "ooox..", "oooo.."),
    "center.newsletterissue":       ("oxox..", "ooox..", "oooo.."),
    "center.lecturetopic":          ("oxoxxo", "oooxoo", "oooooo"),
    "center.lecturerequest":        ("xxxx..", "oxox..", "oxox.."),
    "center.consultationslot":      ("xxxx..", "oooo..", "oooo.."),
    "center.consultationbooking":   ("xxxx..", "oxox..", "oxox.."),
    "center.consultation":          ("xxxx..", "ooox..", "oooo.."),
    "center.event":                 ("xxxxxx", "oooxoo", "oooxoo"),
    "center.signup":                ("xxxxxx", "oxoxoo", "oxoxoo"),
}  # fmt: skip
ADMIN_COLUMNS = {"official": 0, "staff": 1, "superuser": 2}

# Staff pages and private downloads (GET). 200, 403, 404; 302 = sent to sign in or, without TOTP, to set it up.
# The manager booked the demo booking and leads the applying group; the review list shows only one's own
# assignments (none for most accounts); the report is this year's, not yet published.
#                        anonymous citizen manager reviewer official staff superuser staff_without_totp
PAGES = {
    "front_desk":            (302, 403, 403, 403, 403, 200, 200, 302),
    "volunteer_coordination": (302, 403, 403, 403, 403, 200, 200, 302),
    "group_edit":            (302, 403, 200, 403, 403, 200, 200, 302),
    "booking_evidence":      (302, 404, 200, 404, 404, 200, 200, 404),
    "review_list":           (302, 200, 200, 200, 200, 200, 200, 200),
    "attachment_download":   (302, 404, 200, 404, 404, 200, 200, 404),
    "report_xlsx":           (404, 404, 404, 404, 200, 200, 200, 404),
    "report_csv":            (404, 404, 404, 404, 200, 200, 200, 404),
    "report_draft_pdf":      (302, 404, 404, 404, 200, 200, 200, 404),
    "review_progress":       (302, 403, 403, 403, 403, 200, 200, 302),
    "lecture_stats":         (302, 403, 403, 403, 200, 200, 200, 302),
    "consultation_stats":    (302, 403, 403, 403, 200, 200, 200, 302),
    "lottery_draw":          (302, 403, 403, 403, 403, 200, 200, 302),
    "payment_record":        (302, 403, 403, 403, 403, 200, 200, 302),
}  # fmt: skip


@pytest.fixture
def world(settings, tmp_path):
    """The demo city plus one row of every model the admin lists, and the accounts of the matrix."""
    users = _demo_users()
    group = Group.objects.filter(memberships__user=users["manager"], memberships__role=MembershipRole.MANAGER).first()
    RenewalRound.objects.create(fiscal_year=current_fiscal_year() + 1, deadline=dt.date(2099, 5, 31))
    ManagerInvitation.objects.create(
        group=group, email="new@example.jp", token="t" * 32, expires_at=timezone.now() + dt.timedelta(days=7)
    )
    ContactRelay.objects.create(group=group, sender=users["citizen"])
    GroupCalendar.objects.create(group=group)
    booking = Booking.objects.first()
    booking.exemption_evidence.save("evidence.pdf", ContentFile(b"%PDF-1.4 evidence"), save=True)
    application = Application.objects.filter(group=group).first() or Application.objects.first()
    attachment = Attachment.objects.create(application=application, title="見積書", uploaded_by=users["manager"])
    attachment.file.save("estimate.pdf", ContentFile(b"%PDF-1.4 estimate"), save=True)
    reviewer = Reviewer.objects.filter(round=application.round).first()
    sheet = ScoreSheet.objects.create(reviewer=reviewer, application=application)
    criterion = application.round.criteria.first()
    Score.objects.create(sheet=sheet, criterion=criterion, points=3, max_points=criterion.max_points)
    ConflictDeclaration.objects.create(reviewer=reviewer, application=application, reason="役員を兼ねている")
    question = Question.objects.create(round=application.round, label="活動年数", kind=QuestionKind.NUMBER)
    Answer.objects.create(application=application, question=question, value=5)
    plan = Plan.objects.first()
    ReportEdition.objects.create(plan=plan, fiscal_year=2020, edition=1, snapshot={})
    TargetRevision.objects.create(indicator=Indicator.objects.first())
    send_templated_mail(to=["x@example.jp"], template="groups/email/contact_relay", context={"group": group})
    send_queued_mail.enqueue(OutgoingMail.objects.first().pk)  # a task row (on-commit enqueues do not run here)
    enqueue_now("clean_up")  # a scheduled job's run, by hand
    booklet_files()  # the booklet's generated files, queued as the booklet page queues them
    ImportJob.objects.create(
        model_label="groups.Group", resource="GroupResource", file_name="groups.csv", file_sha256="0" * 64,
        format="csv", created_by=users["staff"],
    )  # fmt: skip
    window = LotteryWindow.objects.create(
        facility=booking.space.facility, name="抽選", month=dt.date(2099, 2, 1), applies_from=dt.date(2099, 1, 1),
        applies_until=dt.date(2099, 1, 10),
    )  # fmt: skip
    window.spaces.set([booking.space])
    LotteryApplication.objects.create(
        window=window, group=group, user=users["manager"], purpose="定例会", expected_attendees=3
    )
    Payment.objects.create(
        booking=booking, amount=booking.final_price, method=PaymentMethod.CASH, paid_on=dt.date(2026, 4, 1),
        fiscal_year=2026, receipt_number="1", recorded_by=users["staff"],
    )  # fmt: skip
    record = ActivityRecordFactory()
    PointRate.objects.create(valid_from=dt.date(2026, 4, 1), points_per_hour=10)
    PointEntry.objects.create(volunteer=record.application.volunteer, kind="earned", points=5, record=record)
    TalentRequest.objects.create(profile=record.application.volunteer, requester=users["citizen"], message="講師の依頼")
    world = {"users": users, "group": group, "booking": booking, "attachment": attachment, "plan": plan}
    return world | {"window": window}


def _demo_users():
    demo = {user.email: user for user in _loaded_demo_users()}
    users = {
        "citizen": UserFactory(),
        "manager": demo["citizen@example.jp"],
        "reviewer": demo["reviewer@example.jp"],
        "official": demo["official@example.jp"],
        "staff": demo["staff@example.jp"],
        "superuser": demo["admin@example.jp"],
        "staff_without_totp": StaffFactory(totp=False),
    }
    for name in ("official", "staff", "superuser"):
        TOTP.activate(users[name], TOTP_SECRET)
    return users


def _loaded_demo_users():
    from django.contrib.auth import get_user_model

    load_demo()
    return get_user_model().objects.filter(email__endswith="@example.jp")


def _admin_urls():
    for model in admin.site._registry:
        label = model._meta.label_lower
        ordering = "-pgh_created_at" if label == "core.auditevent" else "pk"
        obj = getattr(model, "objects", model._default_manager).order_by(ordering).first()
        assert obj is not None, f"the matrix needs one {label}"
        info = (model._meta.app_label, model._meta.model_name)
        for op in OPS:
            args = [obj.pk] if op in ("change", "delete") else []
            try:
                yield label, op, reverse(f"admin:{info[0]}_{info[1]}_{op}", args=args)
            except NoReverseMatch:
                yield label, op, None


def _page_urls(world):
    plan, year = world["plan"], current_fiscal_year()
    attachment = world["attachment"]
    return {
        "front_desk": reverse("facilities:front_desk"),
        "volunteer_coordination": reverse("groups:volunteer_coordination"),
        "group_edit": reverse("groups:group_edit", args=[world["group"].pk]),
        "booking_evidence": reverse("facilities:booking_evidence", args=[world["booking"].pk]),
        "review_list": reverse("grants:review_list"),
        "attachment_download": reverse("grants:attachment_download", args=[attachment.application_id, attachment.pk]),
        "report_xlsx": reverse("indicators:report_xlsx", args=[plan.code, year]),
        "report_csv": reverse("indicators:report_csv", args=[plan.code, year]),
        "report_draft_pdf": reverse("indicators:report_draft_pdf", args=[plan.code, year]),
        "review_progress": reverse("grants:review_progress", args=[attachment.application.round_id]),
        "lecture_stats": reverse("center:lecture_stats"),
        "consultation_stats": reverse("center:consultation_stats"),
        "lottery_draw": reverse("facilities:lottery_draw", args=[world["window"].pk]),
        "payment_record": reverse("facilities:payment_record", args=[world["booking"].pk]),
    }


def _client_for(client, world, account):
    if account != "anonymous":
        client.force_login(world["users"][account])
    return client


def _expected_admin(account, label, op):
    letter = ADMIN[label][ADMIN_COLUMNS.get(account, ADMIN_COLUMNS["superuser"])][OPS.index(op)]
    if letter == ".":
        return None
    if account in ADMIN_COLUMNS:
        return {"o": 200, "x": 403, "h": 302}[letter]
    return 302


@pytest.mark.parametrize("account", ACCOUNTS)
def test_admin_matrix(client, world, account):
    client = _client_for(client, world, account)
    urls = list(_admin_urls())
    assert {label for label, _op, _url in urls} == set(ADMIN), "every admin model has a row in ADMIN"
    wrong = []
    for label, op, url in urls:
        expected = _expected_admin(account, label, op)
        if url is None or expected is None:
            if (url is None) != (expected is None):
                wrong.append(f"{label} {op}: url {url}, expected {expected}")
            continue
        response = client.get(url)
        if response.status_code != expected:
            wrong.append(f"{label} {op}: {response.status_code}, expected {expected}")
        elif expected == 302:
            target = {"staff_without_totp": reverse("mfa_activate_totp")}.get(account, reverse("admin:login"))
            if account in ADMIN_COLUMNS:
                target = reverse("admin:index")
            if not response.url.startswith(target):
                wrong.append(f"{label} {op}: sent to {response.url}, expected {target}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("account", ACCOUNTS)
def test_staff_pages_matrix(client, world, account):
    client = _client_for(client, world, account)
    wrong = []
    for name, url in _page_urls(world).items():
        expected = PAGES[name][ACCOUNTS.index(account)]
        response = client.get(url)
        if response.status_code != expected:
            wrong.append(f"{name}: {response.status_code}, expected {expected}")
    assert not wrong, "\n".join(wrong)
