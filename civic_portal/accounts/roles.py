"""Site-wide roles, kept as Django groups: the one table of what each role may do, and the step that applies it.

Per-object roles (a group's managers, a round's reviewers, a department's members) live in each app.
`sync_roles()` makes every role hold exactly the permissions of ROLE_PERMISSIONS; a data migration, the
`sync_roles` command and every `migrate` (post_migrate) run it, so new models get their permissions by adding
them here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .models import User
    from .types import Visitor

CENTER_STAFF = "center_staff"
CITY_OFFICIALS = "city_officials"
GRANT_REVIEWERS = "grant_reviewers"

ROLE_LABELS = {
    CENTER_STAFF: _("センター職員"),
    CITY_OFFICIALS: _("市職員"),
    GRANT_REVIEWERS: _("助成審査委員"),
}

# Roles whose holders work in the back office: they need TOTP before those rights count.
BACK_OFFICE_ROLES = frozenset({CENTER_STAFF, CITY_OFFICIALS})

# Who sees the contact fields a group or a volunteer did not consent to publish, in pages, admin and exports.
PERSONAL_DATA_PERMISSION = "groups.view_personal_data"

# Letters: v = view, a = add, c = change, d = delete. Delete only where nothing is lost.
VIEW, EDIT, KEEP = "v", "vac", "vacd"
_STAFF = {
    "accounts": {"user": VIEW},
    "core": {
        "auditevent": VIEW, "outgoingmail": VIEW, "backgroundtask": VIEW, "area": EDIT, "jobrun": VIEW,
        "generatedfile": VIEW, "importjob": VIEW,
    },
    "groups": {
        "group": EDIT, "activityfield": EDIT, "membership": KEEP, "groupstatuschange": VIEW,
        "groupeditlog": VIEW, "managerinvitation": KEEP, "renewalround": EDIT, "renewalreminder": VIEW,
        "contactrelay": VIEW, "volunteerprofile": EDIT, "volunteerneed": EDIT, "volunteerapplication": EDIT,
        "volunteerapplicationstatuschange": VIEW,
        "activityrecord": VIEW, "activityrecordstatuschange": VIEW, "pointrate": EDIT, "pointentry": VIEW,
        "talentrequest": "vc", "talentrequeststatuschange": VIEW,
        "volunteerinvitation": VIEW, "grouptalent": VIEW,
    },
    "facilities": {
        "facility": EDIT, "facilityphoto": KEEP, "openinghours": KEEP, "timeslot": KEEP, "closure": KEEP,
        "ownerwindow": KEEP, "space": EDIT, "feerate": EDIT, "exemptionrule": EDIT, "booking": EDIT,
        "bookingstatuschange": VIEW, "occupancy": VIEW, "groupcalendar": KEEP, "equipmenttype": EDIT,
        "equipmentitem": EDIT, "loan": EDIT, "loanstatuschange": VIEW,
        "lotterywindow": EDIT, "lotterywindowstatuschange": VIEW, "lotteryapplication": VIEW,
        "lotterychoice": VIEW, "payment": VIEW,
    },
    "grants": {
        "programme": EDIT, "round": EDIT, "rounddocument": KEEP, "reviewcriterion": EDIT,
        "otherfundergrant": EDIT, "application": EDIT, "applicationstatuschange": VIEW, "budgetline": EDIT,
        "attachment": VIEW, "activityreport": EDIT, "reviewer": EDIT, "conflictdeclaration": VIEW,
        "scoresheet": VIEW, "score": VIEW,
        "requireddocument": KEEP, "question": KEEP, "answer": VIEW,
    },
    "indicators": {
        "plan": EDIT, "plannode": EDIT, "department": EDIT, "departmentmembership": KEEP, "actionitem": EDIT,
        "itemdepartment": KEEP, "yearplan": EDIT, "yearplanstatuschange": VIEW, "indicator": EDIT,
        "interimtarget": KEEP, "observation": EDIT, "targetrevision": VIEW, "reportedition": EDIT,
        "breakdown": KEEP, "collaborationproject": KEEP,
    },
    "center": {"newsentry": EDIT, "newsletterissue": EDIT, "newslettercontent": KEEP},
}  # fmt: skip
# Events (issue 14): staff manage every event and sign-up; group managers manage their own through the pages.
_STAFF["center"] |= {"event": EDIT, "eventsession": KEEP, "eventstatuschange": VIEW, "signup": EDIT}
_OFFICIALS = {
    "indicators": {
        "plan": VIEW, "plannode": VIEW, "department": VIEW, "actionitem": VIEW, "itemdepartment": VIEW,
        "yearplan": VIEW, "yearplanstatuschange": VIEW, "indicator": VIEW, "interimtarget": VIEW,
        "observation": VIEW, "targetrevision": VIEW, "reportedition": VIEW, "breakdown": VIEW,
        "collaborationproject": VIEW,
    },
    "center": {"newsentry": VIEW, "newsletterissue": VIEW, "newslettercontent": VIEW},
}  # fmt: skip

# Lectures on request and the consultation desk (issue 14): staff run them; officials see the catalogue and figures.
_STAFF["center"].update({
    "lecturetopic": EDIT, "lecturerequest": "vc", "lecturerequeststatuschange": VIEW, "consultationslot": KEEP,
    "consultationbooking": "vc", "consultation": EDIT, "followup": KEEP,
})  # fmt: skip
_OFFICIALS["center"].update({"lecturetopic": VIEW})
CENTER_STATISTICS_PERMISSION = "center.view_center_statistics"

ROLE_PERMISSIONS: dict[str, dict[str, dict[str, str]]] = {
    CENTER_STAFF: _STAFF,
    CITY_OFFICIALS: _OFFICIALS,
    GRANT_REVIEWERS: {},
}
# Permissions beyond view/add/change/delete, as "app_label.codename".
ROLE_EXTRA_PERMISSIONS: dict[str, tuple[str, ...]] = {
    CENTER_STAFF: (PERSONAL_DATA_PERMISSION, "core.resend_outgoingmail"),
    CITY_OFFICIALS: (),
    GRANT_REVIEWERS: (),
}
ROLE_EXTRA_PERMISSIONS[CENTER_STAFF] += (CENTER_STATISTICS_PERMISSION,)
ROLE_EXTRA_PERMISSIONS[CITY_OFFICIALS] += (CENTER_STATISTICS_PERMISSION,)
_ACTIONS = {"v": "view", "a": "add", "c": "change", "d": "delete"}


def role_codenames(role: str) -> set[tuple[str, str]]:
    """The (app_label, codename) pairs a role holds according to the table."""
    pairs = {
        (app_label, f"{_ACTIONS[letter]}_{model}")
        for app_label, models in ROLE_PERMISSIONS[role].items()
        for model, letters in models.items()
        for letter in letters
    }
    pairs |= {(app_label, codename) for app_label, codename in (n.split(".", 1) for n in ROLE_EXTRA_PERMISSIONS[role])}
    return pairs


def sync_roles(apps=None, *, strict: bool = True) -> dict[str, int]:
    """Make each role hold exactly the table's permissions; raise LookupError for a name the table gets wrong.

    With historical `apps` (a data migration) and strict=False, names of models that do not exist yet are skipped.
    """
    from django.apps import apps as global_apps
    from django.contrib.auth.management import create_permissions

    apps = apps or global_apps
    for app_config in apps.get_app_configs():
        # Permissions are made after migrate; make them now so the roles can receive them.
        if getattr(app_config, "models_module", None) is None:
            app_config.models_module = True
            create_permissions(app_config, apps=apps, verbosity=0)
            app_config.models_module = None
        else:
            create_permissions(app_config, apps=apps, verbosity=0)
    Role = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    by_name = {(p.content_type.app_label, p.codename): p for p in Permission.objects.select_related("content_type")}
    counts = {}
    for role in ROLE_PERMISSIONS:
        wanted = role_codenames(role)
        missing = wanted - by_name.keys()
        if missing and strict:
            raise LookupError(f"role {role}: no such permissions: {sorted(missing)}")
        group, _created = Role.objects.get_or_create(name=role)
        group.permissions.set([by_name[pair] for pair in wanted - missing])
        counts[role] = len(wanted - missing)
    return counts


def is_back_office_locked(user: Visitor) -> bool:
    """True while a back-office account must set up TOTP first: its rights do not count (see the MFA middleware).

    Only requests the middleware marked are checked, and only when a right is asked for, so pages that ask for none
    pay no query.
    """
    if not user.is_authenticated or not getattr(user, "_backoffice_check", False):
        return False
    locked = getattr(user, "_backoffice_locked", None)
    if locked is None:
        from allauth.mfa.models import Authenticator

        locked = has_back_office_rights(user) and not (
            Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        )
        user._backoffice_locked = locked
    return locked


def has_back_office_rights(user: User) -> bool:
    """Admin access, a superuser, or a back-office role."""
    return user.is_staff or user.is_superuser or bool(role_names(user) & BACK_OFFICE_ROLES)


def has_role(user: Visitor, role: str) -> bool:
    """True for an active user in the role's group (superusers hold every role); back-office roles need TOTP."""
    if not user.is_authenticated or not user.is_active:
        return False
    if not (user.is_superuser or role in role_names(user)):
        return False
    return role not in BACK_OFFICE_ROLES or not is_back_office_locked(user)


def role_names(user: Visitor) -> frozenset[str]:
    """Names of the user's roles, cached on the user object so templates can ask repeatedly without new queries."""
    if not user.is_authenticated:
        return frozenset()
    names = getattr(user, "_role_names", None)
    if names is None:
        names = user._role_names = frozenset(user.groups.values_list("name", flat=True))
    return names


def is_center_staff(user: Visitor) -> bool:
    """Center staff run the back office."""
    return has_role(user, CENTER_STAFF)
