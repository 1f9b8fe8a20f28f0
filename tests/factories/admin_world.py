"""Rows for every admin changelist, added `n` at a time: each row with its own related objects (its own group,
round, facility, plan ...), so a list that loads a relation per row or a filter that loads a related model whole
shows up as more queries at a bigger size."""

import datetime as dt
import itertools
from decimal import Decimal

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import Group as Role
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from civic_portal.center.models import NewsletterContent, Signup, SignupStatus
from civic_portal.core.fiscal import fiscal_year
from civic_portal.core.jobs import JOBS_BY_NAME
from civic_portal.core.models import GeneratedFile, ImportJob, JobRun, MailStatus, OutgoingMail
from facilities.models import Booking, GroupCalendar, Loan, LotteryApplication, Payment, PaymentMethod
from grants.models import (
    Answer,
    ConflictDeclaration,
    OtherFunderGrant,
    Reviewer,
    Score,
    ScoreSheet,
    Status,
)
from groups.models import (
    ActivityField,
    ActivityRecord,
    ActivityStatus,
    ApplicationStatus,
    ContactRelay,
    ManagerInvitation,
    PointEntry,
    PointEntryKind,
    PointRate,
    RenewalRound,
    TalentRequest,
    VolunteerApplication,
    VolunteerNeed,
    VolunteerProfile,
)
from indicators.models import CollaborationProject, ReportEdition, TargetRevision, YearPlan
from tests.factories.accounts import UserFactory
from tests.factories.center import EventFactory, NewsEntryFactory, NewsletterIssueFactory
from tests.factories.center_desk import ConsultationBookingFactory, ConsultationFactory, LectureRequestFactory
from tests.factories.facilities import (
    EquipmentTypeFactory,
    ExemptionRuleFactory,
    FacilityFactory,
    SpaceFactory,
    lottery_window,
)
from tests.factories.grants import ApplicationFactory, ProgrammeFactory, QuestionFactory, RoundFactory
from tests.factories.groups import AreaFactory, GroupFactory
from tests.factories.indicators import ActionItemFactory, DepartmentFactory, IndicatorFactory, PlanFactory

_serial = itertools.count(1)


def grow(n: int) -> None:
    """Add n rows to every list the admin shows (and to the models its filters list)."""
    for _ in range(n):
        _one(next(_serial))


def _one(i: int) -> None:
    now, today = timezone.now(), timezone.localdate()
    user = UserFactory()
    Authenticator.objects.create(user=user, type=Authenticator.Type.RECOVERY_CODES, data={"seed": "x"})
    Role.objects.create(name=f"test-role-{i}")
    area = AreaFactory()
    field = ActivityField.objects.create(version="test", code=i, name=f"分野{i}")
    group = GroupFactory(managers=[user])
    group.areas.add(area)
    group.activity_fields.add(field)
    RenewalRound.objects.create(fiscal_year=2100 + i, deadline=dt.date(2100 + i, 5, 31), opened_by=user)
    ManagerInvitation.objects.create(
        group=group, email=f"invite{i}@example.jp", token=f"token-{i}", expires_at=now + dt.timedelta(days=7)
    )
    ContactRelay.objects.create(group=group, sender=user)
    profile = VolunteerProfile.objects.create(user=user, display_name=f"ボランティア{i}", consent_given_at=now)
    need = VolunteerNeed.objects.create(
        group=group,
        title=f"募集{i}",
        place="センター",
        description="手伝い",
        flexible=True,
        review_date=now.date() + dt.timedelta(days=90),
        activity_field=field,
        area=area,
    )
    match = VolunteerApplication.objects.create(
        need=need, volunteer=profile, message="よろしく", status=ApplicationStatus.ACCEPTED, accepted_at=now
    )
    # The match: a confirmed day and the points it earned; a points rate (its own day); a talent request.
    record = ActivityRecord.objects.create(
        application=match,
        date=today - dt.timedelta(days=7),
        hours=Decimal(2),
        description="会場の設営",
        status=ActivityStatus.CONFIRMED,
        recorded_by=user,
    )
    PointEntry.objects.create(volunteer=profile, kind=PointEntryKind.EARNED, points=20, record=record, created_by=user)
    PointRate.objects.create(valid_from=dt.date(1990, 1, 1) + dt.timedelta(days=i), points_per_hour=10, created_by=user)
    TalentRequest.objects.create(group=group, requester=UserFactory(), message="講師をお願いしたい")

    facility = FacilityFactory(area=area, opening_hours=False)
    space = SpaceFactory(facility=facility)
    equipment = EquipmentTypeFactory(facility=facility)
    starts_at = now + dt.timedelta(days=i)
    booking = Booking.objects.create(
        space=space,
        user=user,
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        purpose="会議",
        expected_attendees=5,
    )
    Loan.objects.create(
        equipment_type=equipment,
        quantity=1,
        booking=booking,
        user=user,
        group=group,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )
    Payment.objects.create(
        booking=booking,
        amount=1000,
        method=PaymentMethod.CASH,
        paid_on=today,
        fiscal_year=fiscal_year(today),
        receipt_number=f"R-{i}",
        recorded_by=user,
    )
    month = (today + dt.timedelta(days=62)).replace(day=1)
    window = lottery_window([space], month=month, applies=(today, today + dt.timedelta(days=14)))
    LotteryApplication.objects.create(window=window, group=group, user=user, purpose="定例会", expected_attendees=8)
    ExemptionRuleFactory(code=f"rule-{i}")
    GroupCalendar.objects.create(group=group)

    # A round whose review is closed, so its sheets and scores are no longer sealed for staff.
    grant_round = RoundFactory(
        programme=ProgrammeFactory(name=f"制度{i}"),
        opens_at=now - dt.timedelta(days=60),
        closes_at=now - dt.timedelta(days=30),
    )
    application = ApplicationFactory(round=grant_round, group=group, status=Status.DECLINED)
    reviewer = Reviewer.objects.create(round=grant_round, user=UserFactory(), role="citizen")
    sheet = ScoreSheet.objects.create(reviewer=reviewer, application=application, submitted_at=now)
    criterion = grant_round.criteria.order_by("order")[0]
    Score.objects.create(sheet=sheet, criterion=criterion, points=3, max_points=criterion.max_points)
    ConflictDeclaration.objects.create(reviewer=reviewer, application=application, reason="知人")
    Answer.objects.create(application=application, question=QuestionFactory(round=grant_round), value="回答")
    funder = OtherFunderGrant.objects.create(
        funder_kind="foundation", funder_name=f"財団{i}", title=f"助成{i}", url="https://example.org/"
    )
    funder.fields.add(field)

    plan = PlanFactory()
    item = ActionItemFactory(node__plan=plan, departments=[DepartmentFactory()])
    YearPlan.objects.create(item=item, fiscal_year=2014, planned_stage="実施")
    indicator = IndicatorFactory(plan=plan)
    ReportEdition.objects.create(plan=plan, fiscal_year=2020, edition=1, snapshot={}, published_by=user)
    TargetRevision.objects.create(
        indicator=indicator, old_value=Decimal(1), new_value=Decimal(2), reason="見直し", changed_by=user
    )
    project = CollaborationProject.objects.create(
        title=f"協働事業{i}", kind="co_hosting", department=item.departments.get(), starts_on=dt.date(2020, 4, 1)
    )
    project.items.add(item)
    project.partner_groups.add(group)

    NewsEntryFactory(created_by=user)
    event = EventFactory(group=group, created_by=user)
    Signup.objects.create(event=event, user=user, status=SignupStatus.CONFIRMED)
    NewsletterContent.objects.create(issue=NewsletterIssueFactory(), title=f"記事{i}")
    # Lectures on request and the consultation desk (lec14)
    LectureRequestFactory(requested_by=user)
    desk_booking = ConsultationBookingFactory(user=user, group=group, slot__staff=user)
    ConsultationFactory(group=group, client_kind="group", recorded_by=user, booking=desk_booking)

    mail = OutgoingMail.objects.create(
        from_email="center@example.jp", to=[user.email], subject=f"件名{i}", status=MailStatus.PENDING
    )
    task = DBTaskResult.objects.create(
        args_kwargs={"args": [mail.pk], "kwargs": {}},
        task_path="civic_portal.core.mail_tasks.send_queued_mail",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path="",
        traceback="",
    )
    JobRun.objects.create(job=next(iter(JOBS_BY_NAME)), period=f"test-{i}", task=task)
    GeneratedFile.objects.create(
        key=f"test:{i}", title=f"資料{i}", builder="tests", filename=f"file{i}.pdf", content_type="application/pdf"
    )
    ImportJob.objects.create(
        model_label="groups.Group",
        resource="groups.resources.GroupResource",
        file=f"imports/groups{i}.csv",
        file_name=f"groups{i}.csv",
        file_sha256="0" * 64,
        format="csv",
        created_by=user,
    )
