"""The units and heads import: units created or updated by name, their heads' posts, and for each head with an
e-mail address a unit-head account and an e-mail with a link to set the password (Django's password reset), so
that a province onboards its heads in one step. Checked and applied in one transaction, like the annex import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dc_field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from plans import rules
from plans.models import Leader, Unit
from plans.onboarding.tables import ImportFileError, read_table
from plans.onboarding.text import clean, fold, name_key
from plans.onboarding.units import UnitMatcher, guess_kind

# Column -> folded header words (checked in this order: "đơn vị cấp trên" is the parent, not the unit).
COLUMNS = [
    ("parent", ("cap tren", "truc thuoc", "parent")),
    ("short_name", ("viet tat", "short")),
    ("kind", ("loai", "kind")),
    ("position", ("chuc vu", "position")),
    ("person", ("ho va ten", "ho ten", "nguoi dung dau", "person")),
    ("email", ("email", "e-mail", "thu dien tu")),
    ("term_start", ("nhiem ky", "bat dau", "term")),
    ("unit", ("don vi", "co quan", "unit")),
]
KINDS = [
    ("ban chi dao", Unit.Kind.STEERING),
    ("xa", Unit.Kind.COMMUNE),
    ("phuong", Unit.Kind.COMMUNE),
    ("huyen", Unit.Kind.DISTRICT),
    ("thanh pho", Unit.Kind.DISTRICT),
    ("ubnd", Unit.Kind.PEOPLES_COMMITTEE),
    ("uy ban", Unit.Kind.PEOPLES_COMMITTEE),
    ("doanh nghiep", Unit.Kind.ENTERPRISE),
    ("tinh uy", Unit.Kind.PARTY_COMMITTEE),
    ("dang", Unit.Kind.PARTY_COMMITTEE),
    ("trung uong", Unit.Kind.CENTRAL),
    ("so", Unit.Kind.DEPARTMENT),
]


@dataclass
class PersonRow:
    row: int
    unit: str
    action: str = "unchanged"
    changes: list[str] = dc_field(default_factory=list)
    errors: list[str] = dc_field(default_factory=list)
    account: str = ""


@dataclass
class UnitsImport:
    rows: list[PersonRow] = dc_field(default_factory=list)
    file_errors: list[str] = dc_field(default_factory=list)
    invited: list[str] = dc_field(default_factory=list)
    applied: bool = False

    @property
    def errors(self) -> list[tuple[int | None, str]]:
        return [(None, e) for e in self.file_errors] + [(r.row, e) for r in self.rows for e in r.errors]

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def header_columns(cells: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        folded = fold(cell)
        for column, words in COLUMNS:
            if column not in found and any(w in folded for w in words):
                found[column] = index
                break
    return found if "unit" in found else {}


def parse_kind(text: str) -> str | None:
    if text in Unit.Kind.values:
        return text
    folded = fold(text)
    for word, kind in KINDS:
        if re.search(rf"\b{word}\b", folded):
            return kind
    return None


def parse_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", clean(value))
    if not match:
        raise ValueError
    return dt.date(int(match[3]), int(match[2]), int(match[1]))


def units_import(*, name: str, data: bytes, dry_run: bool = True, today: dt.date | None = None) -> UnitsImport:
    """Create or update the units and heads the file lists; nothing stays written on a dry run or any row error.
    The e-mails to set a password are sent only after the transaction commits. The caller checks the permission
    (`plans.import_units`)."""
    result = UnitsImport()
    try:
        rows = read_table(name, data, is_header=lambda cells: bool(header_columns(cells)))
    except ImportFileError as exc:
        result.file_errors.append(str(exc))
        return result
    position = next((i for i, (_n, cells) in enumerate(rows) if header_columns(cells)), None)
    if position is None:
        result.file_errors.append(_("No header row found: the file needs at least the column Đơn vị (unit)."))
        return result
    with transaction.atomic():
        applier = _PeopleApplier(today or dt.date.today())
        for number, values in _records(rows, position):
            result.rows.append(applier.apply(number, values))
        result.applied = not dry_run and not result.errors and bool(result.rows)
        if result.applied:
            result.invited = [u.email for u in applier.invite]
            transaction.on_commit(lambda: [send_invitation(u) for u in applier.invite])
        else:
            transaction.set_rollback(True)
    return result


def _records(rows, position: int):
    """(row number, {column: cell}) for every non-empty row under the header at `position`."""
    columns = header_columns(rows[position][1])
    for number, cells in rows[position + 1 :]:
        values = {c: cells[i] if i < len(cells) else None for c, i in columns.items()}
        if any(clean(v) for v in values.values()):
            yield number, values


class _PeopleApplier:
    def __init__(self, today: dt.date):
        self.today = today
        self.matcher = UnitMatcher()
        self.head_group = Group.objects.get_or_create(name=rules.UNIT_HEAD)[0]
        self.invite: list = []

    def apply(self, number: int, values: dict) -> PersonRow:
        report = PersonRow(row=number, unit=clean(values.get("unit")))
        if not report.unit:
            report.errors.append(_("The unit's name is missing."))
            return report
        kind = self._kind(values, report)
        parent = self._parent(values, report)
        term_start = self._term_start(values, report)
        email = clean(values.get("email")).lower()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                report.errors.append(_('"%(email)s" is not an e-mail address.') % {"email": email})
        if report.errors:
            report.action = "error"
            return report
        unit = self._unit(report, kind=kind, parent=parent, short_name=clean(values.get("short_name")))
        position = clean(values.get("position"))
        if position:
            leader = self._head(unit, report, position, clean(values.get("person")), term_start)
            if email:
                self._account(leader, email, report)
        return report

    def _kind(self, values: dict, report: PersonRow) -> str | None:
        text = clean(values.get("kind"))
        kind = parse_kind(text) if text else None
        if text and kind is None:
            report.errors.append(_('Unknown kind of unit "%(kind)s".') % {"kind": text})
        return kind

    def _parent(self, values: dict, report: PersonRow) -> Unit | None:
        text = clean(values.get("parent"))
        if not text:
            return None
        parent = self.matcher.match(text).unit
        if parent is None:
            hint = "; ".join(self.matcher.nearest(text))
            report.errors.append(_('Unknown parent unit "%(name)s".') % {"name": text} + (f" ({hint})" if hint else ""))
        return parent

    def _term_start(self, values: dict, report: PersonRow) -> dt.date:
        raw = values.get("term_start")
        if not clean(raw):
            return self.today
        try:
            return parse_date(raw)
        except ValueError:
            report.errors.append(_('The term start "%(text)s" is not a date (dd/mm/yyyy).') % {"text": clean(raw)})
            return self.today

    def _unit(self, report: PersonRow, *, kind, parent, short_name) -> Unit:
        unit = self.matcher.match(report.unit).unit
        if unit is None:
            unit = Unit.objects.create(
                name=report.unit, short_name=short_name, kind=kind or guess_kind(report.unit), parent=parent
            )
            self.matcher.add_unit(unit)
            report.action = "create"
            return unit
        wanted = {
            "short_name": short_name or unit.short_name,
            "kind": kind or unit.kind,
            "parent": parent or unit.parent,
        }
        report.changes = [name for name, value in wanted.items() if getattr(unit, name) != value]
        if report.changes:
            for name, value in wanted.items():
                setattr(unit, name, value)
            unit.save()
            report.action = "update"
        return unit

    def _head(self, unit: Unit, report: PersonRow, position: str, person: str, term_start: dt.date) -> Leader:
        current = list(Leader.objects.heads_on(term_start).filter(unit=unit))
        same = next((h for h in current if name_key(h.person_name) == name_key(person)), None)
        if same is not None:
            if same.position_title != position:
                same.position_title = position
                same.save(update_fields=["position_title"])
                report.changes.append("position_title")
                report.action = "update" if report.action == "unchanged" else report.action
            return same
        for old in current:  # a new head: the former one's term ends the day before
            old.term_end = max(old.term_start, term_start - dt.timedelta(days=1))
            old.save(update_fields=["term_end"])
        report.changes.append("head")
        report.action = "update" if report.action == "unchanged" else report.action
        return Leader.objects.create(
            unit=unit, position_title=position, person_name=person, role=Leader.Role.HEAD, term_start=term_start
        )

    def _account(self, leader: Leader, email: str, report: PersonRow) -> None:
        users = get_user_model().objects
        user = users.filter(email__iexact=email).first()
        if user is None:
            user = users.create_user(username=_free_username(email), email=email)
            user.set_unusable_password()
            names = leader.person_name.rsplit(" ", 1)
            user.first_name, user.last_name = (names[-1], names[0]) if len(names) == 2 else (leader.person_name, "")
            user.save()
            self.invite.append(user)
            report.account = user.username
        user.groups.add(self.head_group)
        if leader.user_id != user.pk:
            leader.user = user
            leader.save(update_fields=["user"])
            report.changes.append("user")
            report.action = "update" if report.action == "unchanged" else report.action


def _free_username(email: str) -> str:
    base = re.sub(r"[^\w.@+-]", "", email.split("@")[0])[:140] or "truong"
    users, name, n = get_user_model().objects, base, 1
    while users.filter(username=name).exists():
        n += 1
        name = f"{base}{n}"
    return name


def send_invitation(user) -> None:
    """An e-mail with a link to set the password: Django's password reset, so the link works once and expires."""
    link = settings.DXT_SITE_URL.rstrip("/") + reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {"user": user, "link": link, "site": settings.DXT_SITE_URL}
    subject = render_to_string("plans/onboarding/invitation_subject.txt", context).strip()
    body = render_to_string("plans/onboarding/invitation.txt", context)
    send_mail(subject, body, None, [user.email])
