"""The pages `make bench` measures, found in whichever generated database Django is pointed at.

Each page is (name, role, method, path): the name is the same in the small and the big database, the path is
resolved in each (the same kind of object: the benchmark manager's group, the center, the round in review …).
Roles: "" anonymous, then the generated accounts: manager, reviewer, official, staff (see core/scale/accounts.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from civic_portal.accounts.models import User
from civic_portal.core.fiscal import current_fiscal_year
from civic_portal.core.scale import accounts
from facilities.models import Booking, BookingStatus, Facility, FacilityKind
from grants.models import Application, Round, Status
from grants.selectors.review import reviewer_applications
from groups.models import Group, NeedStatus, VolunteerNeed
from indicators.models import ActionItem, Department, Indicator, Plan, PlanNode

ROLES = {
    "manager": accounts.MANAGER_EMAIL,
    "reviewer": accounts.REVIEWER_EMAIL,
    "official": accounts.OFFICIAL_EMAIL,
    "staff": accounts.STAFF_EMAIL,
}
BOOKING_POST = "booking create (POST)"


@dataclass
class Page:
    name: str
    role: str
    path: str
    method: str = "GET"

    def as_dict(self) -> dict:
        return asdict(self)


def _targets() -> dict:
    """The objects the pages show, chosen alike in any generated database."""
    manager = User.objects.get(email=accounts.MANAGER_EMAIL)
    reviewer = User.objects.get(email=accounts.REVIEWER_EMAIL)
    official = User.objects.get(email=accounts.OFFICIAL_EMAIL)
    own = Group.objects.managed_by(manager).order_by("id").first()
    if own is None:
        raise LookupError(f"{manager.email} manages no group: is this a database made by generate_scale?")
    plan = Plan.objects.order_by("code").first()
    department = Department.objects.filter(members=official).first()
    item = (
        ActionItem.objects.filter(node__plan=plan, departments=department).order_by("node__sort_order").first()
        or ActionItem.objects.filter(node__plan=plan).order_by("node__sort_order").first()
    )
    return {
        "group": Group.objects.public().order_by("kana_sort", "id").first(),
        "own_group": own,
        "need": VolunteerNeed.objects.filter(status=NeedStatus.OPEN).order_by("id").first(),
        "own_need": VolunteerNeed.objects.filter(group=own)
        .annotate(applicants=Count("applications"))
        .order_by("-applicants", "id")
        .first(),
        "booking": Booking.objects.filter(group=own, status=BookingStatus.CONFIRMED, starts_at__gt=timezone.now())
        .order_by("starts_at")
        .first(),
        "center": Facility.objects.get(is_center=True),
        "community": bookable_community_centre(),
        "open_round": Round.objects.open().order_by("id").first() or Round.objects.order_by("-opens_at").first(),
        "application": Application.objects.filter(group=own, status=Status.UNDER_REVIEW).first(),
        "draft": Application.objects.filter(group=own, status=Status.DRAFT).first(),
        # One the reviewer has scored: the page then shows the other reviewers' submitted sheets too.
        "review": reviewer_applications(reviewer)
        # reviewer_applications annotates `scored`, but its declared QuerySet[Application] does not say so.
        .filter(status=Status.UNDER_REVIEW, scored=True)  # type: ignore[misc]
        .order_by("id")
        .first(),
        "plan": plan,
        "node": PlanNode.objects.filter(plan=plan, level=1).order_by("sort_order", "id").first(),
        "department": department,
        "indicator": Indicator.objects.filter(plan=plan).order_by("sort_order", "code").first(),
        "item": item,
        "field": own.activity_fields.order_by("code").first(),
        "area": own.areas.order_by("id").first(),
    }


def bookable_community_centre() -> Facility:
    """A community centre booked here without a monthly quota (the booking POSTs go there)."""
    facility = (
        Facility.objects.filter(kind=FacilityKind.COMMUNITY_CENTRE, booking_mode="here", monthly_quota_per_group=0)
        .annotate(rooms=Count("spaces"))
        .filter(rooms__gt=0)
        .order_by("id")
        .first()
    )
    if facility is None:
        raise LookupError("no community centre with rooms is booked here without a monthly quota")
    return facility


def pages() -> list[Page]:
    """Every public page, every page of the four roles, the admin changelists and the booking POST."""
    t = _targets()
    today = timezone.localdate()
    fy = current_fiscal_year()
    center, plan = t["center"].pk, t["plan"].code
    past = (today.replace(day=1) - dt.timedelta(days=200)).replace(day=1)
    space = t["center"].spaces.order_by("sort_order", "id").first().pk
    directory = reverse("groups:group_list")
    public = [
        ("home", reverse("home")),
        ("privacy", reverse("privacy")),
        ("accessibility", reverse("accessibility")),
        ("directory", directory),
        ("directory search", directory + "?q=子ども"),
        ("directory 2-char search", directory + "?q=食堂"),
        ("directory filters", f"{directory}?field={t['field'].pk}&area={t['area'].pk}"),
        ("directory recruiting", directory + "?recruiting=volunteers&order=newest"),
        ("directory deep page", directory + "?page=250"),
        ("group page", reverse("groups:group_detail", args=[t["group"].pk])),
        ("booklet", reverse("groups:group_booklet")),
        ("volunteers", reverse("groups:volunteer_index")),
        ("talent bank", reverse("groups:talent_bank")),
        ("needs", reverse("groups:need_list")),
        ("need page", reverse("groups:need_detail", args=[t["need"].pk])),
        ("facility catalogue", reverse("facilities:facility_list")),
        ("facility catalogue filtered", reverse("facilities:facility_list") + "?barrier_free=wheelchair_access"),
        ("fees", reverse("facilities:fees")),
        ("facilities open data", reverse("facilities:opendata_csv")),
        ("facility page", reverse("facilities:facility_detail", args=[center])),
        ("month calendar", reverse("facilities:facility_month_current", args=[center])),
        ("month calendar, past", reverse("facilities:facility_month", args=[center, past.year, past.month])),
        ("month calendar, one room", reverse("facilities:facility_month_current", args=[center]) + f"?space={space}"),
        ("week calendar", reverse("facilities:facility_week_current", args=[center])),
        ("facility iCal", reverse("facilities:facility_ics", args=[center])),
        ("grants list", reverse("grants:programme_list")),
        ("round page", reverse("grants:round_detail", args=[t["open_round"].pk])),
        ("other funders", reverse("grants:funder_list")),
        ("results", reverse("grants:results")),
        ("360Giving JSON", reverse("grants:opendata_json")),
        ("grants CSV", reverse("grants:opendata_csv")),
        ("indicators dashboard", reverse("indicators:dashboard")),
        ("plan page", reverse("indicators:plan_detail", args=[plan])),
        ("plan node", reverse("indicators:node_detail", args=[plan, t["node"].pk])),
        ("department page", reverse("indicators:department_detail", args=[plan, t["department"].pk])),
        ("indicator page", reverse("indicators:indicator_detail", args=[plan, t["indicator"].code])),
        ("indicator CSV", reverse("indicators:indicator_csv", args=[plan, t["indicator"].code])),
        ("annual report", reverse("indicators:report_detail", args=[plan, fy - 1])),
        ("annual report CSV", reverse("indicators:report_csv", args=[plan, fy - 1])),
        ("item page", reverse("indicators:item_detail", args=[t["item"].pk])),
        ("sign-in page", reverse("account_login")),
        ("sign-up page", reverse("account_signup")),
    ]
    own, community = t["own_group"].pk, t["community"].pk
    manager = [
        ("my groups", reverse("groups:group_mine")),
        ("group edit", reverse("groups:group_edit", args=[own])),
        ("group managers", reverse("groups:group_managers", args=[own])),
        ("my needs", reverse("groups:need_manage")),
        ("need candidates", reverse("groups:need_candidates", args=[t["own_need"].pk])),
        ("new need form", reverse("groups:need_create", args=[own])),
        ("volunteer profile form", reverse("groups:volunteer_profile")),
        ("my bookings", reverse("facilities:booking_list")),
        ("booking page", reverse("facilities:booking_detail", args=[t["booking"].pk])),
        ("booking form", reverse("facilities:booking_create", args=[community])),
        ("loan form", reverse("facilities:loan_create", args=[community])),
        ("my applications", reverse("grants:application_list")),
        ("application page", reverse("grants:application_detail", args=[t["application"].pk])),
        ("application edit form", reverse("grants:application_edit", args=[t["draft"].pk])),
        ("contact form", reverse("groups:group_contact", args=[t["group"].pk])),
        ("need apply form", reverse("groups:need_apply", args=[t["need"].pk])),
        ("grant matching", reverse("grants:matching")),
        ("account page", reverse("account_email")),
    ]
    official = [
        ("dashboard (official)", reverse("indicators:dashboard")),
        ("plan page (official)", reverse("indicators:plan_detail", args=[plan])),
        ("item page (official)", reverse("indicators:item_detail", args=[t["item"].pk])),
        ("result form (official)", reverse("indicators:result_record", args=[t["item"].pk, fy])),
        ("annual report (official)", reverse("indicators:report_detail", args=[plan, fy])),
        ("admin index (official)", reverse("admin:index")),
    ]
    staff = [
        ("front desk", reverse("facilities:front_desk")),
        ("volunteer coordination", reverse("groups:volunteer_coordination")),
        ("annual report, draft (staff)", reverse("indicators:report_detail", args=[plan, fy])),
        ("admin index", reverse("admin:index")),
    ]
    staff_user = User.objects.get(email=accounts.STAFF_EMAIL)
    for model in sorted(admin.site._registry, key=lambda m: (m._meta.app_label, m._meta.model_name)):
        opts = model._meta
        if not staff_user.has_perm(f"{opts.app_label}.view_{opts.model_name}"):
            continue  # not the center staff's (accounts' addresses, authenticators, the roles themselves)
        staff.append(
            (
                f"admin {opts.app_label}.{opts.model_name}",
                reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"),
            )
        )
    out = [Page(name, "", path) for name, path in public]
    out += [Page(name, "manager", path) for name, path in manager]
    out.append(Page("review list", "reviewer", reverse("grants:review_list")))
    out.append(Page("review page", "reviewer", reverse("grants:review_application", args=[t["review"].pk])))
    out += [Page(name, "official", path) for name, path in official]
    out += [Page(name, "staff", path) for name, path in staff]
    out.append(Page(BOOKING_POST, "manager", reverse("facilities:booking_create", args=[community]), "POST"))
    return out
