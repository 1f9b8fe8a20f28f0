"""The group register: code lists (activity fields, areas), the group profile and its workflow table."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q, Value
from django.db.models.functions import Concat
from django.utils.translation import gettext_lazy as _

from civic_portal.core.audit import audited
from civic_portal.core.choices import Weekday
from civic_portal.core.models import Area, WorkflowModel, actor_field
from civic_portal.core.validators import validate_kana

from ..model_fields import CorporateNumberField, PhoneNumberField
from ..querysets import GroupQuerySet
from ..rules import INCORPORATED_FORMS
from ..search import Normalized, SearchGrams
from ..validators import validate_founded_year


class LegalForm(models.TextChoices):
    VOLUNTARY = "voluntary", _("任意団体")
    NPO = "npo", _("NPO法人")
    CERTIFIED_NPO = "certified_npo", _("認定NPO法人")
    GENERAL_ASSOCIATION = "general_association", _("一般社団法人")
    GENERAL_FOUNDATION = "general_foundation", _("一般財団法人")
    NEIGHBOURHOOD = "neighbourhood", _("自治会・町内会")
    OTHER = "other", _("その他")


class GroupStatus(models.TextChoices):
    DRAFT = "draft", _("下書き")
    SUBMITTED = "submitted", _("申請中")
    RETURNED = "returned", _("差し戻し")
    RESUBMITTED = "resubmitted", _("再申請中")
    REGISTERED = "registered", _("登録済")
    RENEWAL_DUE = "renewal_due", _("更新手続中")
    LAPSED = "lapsed", _("登録失効")
    WITHDRAWN = "withdrawn", _("取下げ")
    RENEWAL_SUBMITTED = "renewal_submitted", _("更新確認中")
    SUSPENDED = "suspended", _("登録停止中")


S = GroupStatus
# The registration workflow in one table: from-status -> statuses it may move to.
GROUP_TRANSITIONS: dict[str, frozenset[str]] = {
    S.DRAFT: frozenset({S.SUBMITTED, S.WITHDRAWN}),
    S.SUBMITTED: frozenset({S.REGISTERED, S.RETURNED, S.WITHDRAWN}),
    S.RETURNED: frozenset({S.RESUBMITTED, S.WITHDRAWN}),
    S.RESUBMITTED: frozenset({S.REGISTERED, S.RETURNED, S.WITHDRAWN}),
    S.REGISTERED: frozenset({S.RENEWAL_DUE, S.WITHDRAWN, S.SUSPENDED}),
    S.RENEWAL_DUE: frozenset({S.RENEWAL_SUBMITTED, S.REGISTERED, S.LAPSED, S.WITHDRAWN, S.SUSPENDED}),
    S.RENEWAL_SUBMITTED: frozenset({S.REGISTERED, S.RENEWAL_DUE, S.WITHDRAWN, S.SUSPENDED}),
    S.LAPSED: frozenset({S.RESUBMITTED, S.WITHDRAWN}),
    # Staff reinstate a suspended group, or a withdrawn registration within GROUP_REINSTATE_PERIOD_DAYS, to the
    # status it left (lapsed if its renewal deadline passed meanwhile); services/standing.py.
    S.SUSPENDED: frozenset({S.REGISTERED, S.RENEWAL_DUE, S.RENEWAL_SUBMITTED, S.LAPSED, S.WITHDRAWN}),
    S.WITHDRAWN: frozenset({S.REGISTERED, S.RENEWAL_DUE, S.RENEWAL_SUBMITTED, S.LAPSED}),
}
# Statuses in which a group appears in the public directory (renewal pending or under review still counts as
# registered; a suspended group is hidden).
PUBLIC_STATUSES = frozenset({S.REGISTERED, S.RENEWAL_DUE, S.RENEWAL_SUBMITTED})
# The directory's partial indexes and its queries share this condition (sorted, so migrations stay stable).
IS_PUBLIC = Q(status__in=sorted(PUBLIC_STATUSES))
# Statuses that carry a registration number.
NUMBERED_STATUSES = frozenset({S.REGISTERED, S.RENEWAL_DUE, S.RENEWAL_SUBMITTED, S.SUSPENDED, S.LAPSED})


def directory_indexes() -> list[models.Index]:
    """B-tree indexes in the directory's two orders over public groups, alone and per recruiting flag.

    A page (or the page after a cursor) then reads 20 index entries whatever the size of the register.
    """
    orders = {"kana": ["kana_sort", "id"], "new": ["-registered_on", "-id"]}
    flags = {"": Q(), "mem_": Q(recruiting_members=True), "vol_": Q(recruiting_volunteers=True),
             "prt_": Q(recruiting_partners=True)}  # fmt: skip
    return [
        models.Index(fields=fields, condition=IS_PUBLIC & flag, name=f"groups_group_dir_{prefix}{order}")
        for prefix, flag in flags.items()
        for order, fields in orders.items()
    ]


class ActivityField(models.Model):
    """One of the 20 activity fields of the NPO Act (特定非営利活動促進法 別表), versioned by the Act's revision."""

    version = models.CharField(_("版"), max_length=20, help_text=_("別表の改正年（例: 2012）"))
    code = models.PositiveSmallIntegerField(_("号"))
    name = models.CharField(_("名称"), max_length=100)
    is_current = models.BooleanField(_("現行"), default=True)

    class Meta:
        verbose_name = _("活動分野")
        verbose_name_plural = _("活動分野")
        ordering = ["version", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="groups_activityfield_version_code")]

    def __str__(self):
        return self.name


@audited(exclude=["search_text", "kana_sort"])
class Group(WorkflowModel):
    TRANSITIONS = GROUP_TRANSITIONS

    # Profile
    name = models.CharField(_("団体名"), max_length=200)
    name_kana = models.CharField(_("団体名ふりがな"), max_length=300, validators=[validate_kana])
    legal_form = models.CharField(_("法人格"), max_length=30, choices=LegalForm.choices, default=LegalForm.VOLUNTARY)
    corporate_number = CorporateNumberField(
        _("法人番号"), max_length=13, blank=True, help_text=_("法人の場合、13桁の法人番号")
    )
    is_intermediate_support = models.BooleanField(_("中間支援組織"), default=False)
    founded_year = models.PositiveSmallIntegerField(
        _("設立年"), null=True, blank=True, validators=[validate_founded_year], help_text=_("西暦（例: 2015）")
    )
    member_count = models.PositiveIntegerField(_("会員数"), null=True, blank=True)
    member_count_as_of = models.DateField(_("会員数の基準日"), null=True, blank=True)
    fees = models.CharField(_("会費"), max_length=200, blank=True, help_text=_("例: 年会費 1,000円"))
    activity_fields = models.ManyToManyField(
        ActivityField, verbose_name=_("活動分野"), blank=True, related_name="groups"
    )
    areas = models.ManyToManyField(Area, verbose_name=_("活動地区"), blank=True, related_name="groups")
    activity_days = ArrayField(
        models.PositiveSmallIntegerField(choices=Weekday.choices),
        verbose_name=_("主な活動曜日"),
        default=list,
        blank=True,
    )
    activity_schedule = models.CharField(_("定例の活動日時"), max_length=200, blank=True)
    activity_places = models.CharField(_("主な活動場所"), max_length=200, blank=True)
    purpose = models.TextField(_("活動の目的"))
    activities = models.TextField(_("活動内容"))
    beneficiaries = models.CharField(_("活動の対象"), max_length=200, blank=True)
    logo = models.ImageField(_("ロゴ画像"), upload_to="groups/logos/%Y/", blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
    social_links = ArrayField(models.URLField(), verbose_name=_("SNS"), default=list, blank=True, size=5)
    recruiting_members = models.BooleanField(_("会員募集中"), default=False)
    recruiting_volunteers = models.BooleanField(_("ボランティア募集中"), default=False)
    recruiting_partners = models.BooleanField(_("協働先募集中"), default=False)
    recruiting_details = models.TextField(_("募集の内容"), blank=True)

    # Personal information: private unless the matching publish_* consent is given.
    representative_name = models.CharField(_("代表者氏名"), max_length=100)
    representative_phone = PhoneNumberField(_("代表者電話番号"), max_length=20, blank=True)
    representative_email = models.EmailField(_("代表者メールアドレス"), blank=True)
    representative_address = models.CharField(_("代表者住所"), max_length=200, blank=True)
    contact_name = models.CharField(_("連絡担当者氏名"), max_length=100)
    contact_phone = PhoneNumberField(_("連絡先電話番号"), max_length=20, blank=True)
    contact_email = models.EmailField(_("連絡先メールアドレス"))
    contact_address = models.CharField(_("連絡先住所"), max_length=200, blank=True)
    publish_representative_name = models.BooleanField(_("代表者氏名を公開する"), default=False)
    publish_representative_phone = models.BooleanField(_("代表者電話番号を公開する"), default=False)
    publish_representative_email = models.BooleanField(_("代表者メールアドレスを公開する"), default=False)
    publish_representative_address = models.BooleanField(_("代表者住所を公開する"), default=False)
    publish_contact_name = models.BooleanField(_("連絡担当者氏名を公開する"), default=False)
    publish_contact_phone = models.BooleanField(_("連絡先電話番号を公開する"), default=False)
    publish_contact_email = models.BooleanField(_("連絡先メールアドレスを公開する"), default=False)
    publish_contact_address = models.BooleanField(_("連絡先住所を公開する"), default=False)

    # Eligibility declarations required by the register (checked again when the application is submitted).
    declares_non_profit = models.BooleanField(_("営利を目的としない活動です"), default=False)
    declares_not_religious_or_political = models.BooleanField(
        _("宗教活動・政治活動を主たる目的としません"), default=False
    )
    declares_no_organised_crime = models.BooleanField(
        _("暴力団又は暴力団員の統制下にある団体ではありません（暴力団排除）"), default=False
    )
    declares_minimum_members = models.BooleanField(_("構成員が規定の人数以上います"), default=False)

    # Register
    status = models.CharField(_("状態"), max_length=20, choices=GroupStatus.choices, default=GroupStatus.DRAFT)
    registration_number = models.CharField(_("登録番号"), max_length=20, null=True, blank=True, unique=True)
    registered_on = models.DateField(_("登録日"), null=True, blank=True)
    # The day the group left the register (lapsed or withdrawn); registered_on(day) queries rely on it.
    lapsed_on = models.DateField(_("登録終了日"), null=True, blank=True)
    last_confirmed_on = models.DateField(_("情報確認日"), null=True, blank=True)
    # Kept by PostgreSQL: name, kana, purpose and activities folded for search (see search.py), trigram-indexed.
    search_text = models.GeneratedField(
        expression=Normalized(
            Concat(
                "name",
                Value(" "),
                "name_kana",
                Value(" "),
                "purpose",
                Value(" "),
                "activities",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )
    # 五十音 sort key: the reading with katakana folded to hiragana, so both spellings sort together.
    kana_sort = models.GeneratedField(
        expression=Normalized("name_kana"), output_field=models.TextField(), db_persist=True
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="civic_groups", verbose_name=_("会員")
    )
    created_by = actor_field(_("申請者"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    objects = GroupQuerySet.as_manager()

    PERSONAL_FIELDS = (
        "representative_name",
        "representative_phone",
        "representative_email",
        "representative_address",
        "contact_name",
        "contact_phone",
        "contact_email",
        "contact_address",
    )

    class Meta:
        verbose_name = _("市民活動団体")
        verbose_name_plural = _("市民活動団体")
        ordering = ["kana_sort", "id"]
        permissions = [("view_personal_data", _("公開に同意されていない個人情報（連絡先など）を見る"))]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GroupStatus.values), name="groups_group_status_valid"),
            models.CheckConstraint(condition=Q(legal_form__in=LegalForm.values), name="groups_group_legal_form_valid"),
            models.UniqueConstraint(
                fields=["corporate_number"],
                condition=~Q(corporate_number=""),
                name="groups_group_corporate_number_unique",
                violation_error_message=_("この法人番号の団体はすでに登録されています。"),
                violation_error_code="unique",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=NUMBERED_STATUSES)
                | Q(registration_number__isnull=False, registered_on__isnull=False),
                name="groups_group_registered_has_number",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "kana_sort", "id"], name="groups_group_status_kana"),
            models.Index(fields=["kana_sort", "id"], name="groups_group_kana"),  # the admin's list, all statuses
            models.Index(fields=["status", "-registered_on", "-id"], name="groups_group_status_newest"),
            models.Index(fields=["legal_form"], name="groups_group_legal_form"),
            models.Index(fields=["registered_on", "lapsed_on"], name="groups_group_registered_span"),
            # The public directory (search, filters and both orders) reads these; see selectors/register.py.
            *directory_indexes(),
            models.Index(
                fields=["registered_on", "lapsed_on"],
                condition=Q(is_intermediate_support=True),
                name="groups_group_support_span",
            ),
            GinIndex(fields=["activity_days"], name="groups_group_days_gin"),
            GinIndex(fields=["search_text"], opclasses=["gin_trgm_ops"], name="groups_group_search_trgm"),
            # Terms of one or two characters, which trigrams cannot find: search_text's characters and pairs.
            # Over every row, not only public ones: PostgreSQL keeps statistics of a full index's expression
            # (how many groups hold a character), and a partial index would leave the planner guessing.
            GinIndex(SearchGrams("search_text"), name="groups_group_search_grams"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    DECLARATION_FIELDS = (
        "declares_non_profit",
        "declares_not_religious_or_political",
        "declares_no_organised_crime",
        "declares_minimum_members",
    )

    @property
    def is_editable_by_applicant(self) -> bool:
        """Managers may edit drafts, returned applications and registered profiles, not ones under review."""
        return self.status not in (
            GroupStatus.SUBMITTED,
            GroupStatus.RESUBMITTED,
            GroupStatus.RENEWAL_SUBMITTED,
            GroupStatus.WITHDRAWN,
        )

    @property
    def can_submit(self) -> bool:
        """A manager may (re)submit the application: a draft is submitted, a returned or lapsed one resubmitted."""
        return self.can_move_to(GroupStatus.SUBMITTED) or self.can_move_to(GroupStatus.RESUBMITTED)

    @property
    def can_renew(self) -> bool:
        """A manager may confirm the group's data for the renewal round that is open for it."""
        return self.status == GroupStatus.RENEWAL_DUE

    @property
    def can_withdraw(self) -> bool:
        return self.can_move_to(GroupStatus.WITHDRAWN)

    @property
    def is_suspended(self) -> bool:
        return self.status == GroupStatus.SUSPENDED

    @property
    def is_returned(self) -> bool:
        """The center returned the application for changes (the last status change's note says what to fix)."""
        return self.status == GroupStatus.RETURNED

    @property
    def is_registered(self) -> bool:
        return self.status == GroupStatus.REGISTERED

    def clean(self):
        super().clean()
        if self.legal_form in INCORPORATED_FORMS and not self.corporate_number:
            raise ValidationError({"corporate_number": _("法人の場合は法人番号を入力してください。")})
        if self.legal_form in (LegalForm.VOLUNTARY, LegalForm.NEIGHBOURHOOD) and self.corporate_number:
            raise ValidationError({"corporate_number": _("法人格のない団体には法人番号はありません。")})

    def public_value(self, field: str) -> str:
        """A personal field's value if the group consented to publish it, else an empty string."""
        if field not in self.PERSONAL_FIELDS:
            raise ValueError(f"{field} is not a personal field")
        return getattr(self, field) if getattr(self, f"publish_{field}") else ""
