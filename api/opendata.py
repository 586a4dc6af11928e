"""The open-data download: one zip with a CSV per entity and a README of the columns, rebuilt nightly by Celery.

The columns are the API's (api/serializers.py): the same names, the same public facts, no evidence file and no
review note. Cells go through plans.exports.csv_lines (formula-safe, UTF-8 with a BOM for Excel).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from rest_framework import serializers as drf

from api import serializers
from api.selectors import public_updates
from indicators.models import Indicator, Province, PublishedResult, Score
from plans.exports import csv_lines
from plans.models import Document, Goal, Leader, Plan, Task, Unit
from plans.selectors import programme

PATH = "open-data/dxtracker-open-data.zip"
CHUNK = 2000


@dataclass(frozen=True)
class Entity:
    name: str
    description: str
    serializer: type[drf.Serializer]
    queryset: object


def entities() -> list[Entity]:
    return [
        Entity(
            "units", "Đơn vị: sở, ngành, huyện, ban chỉ đạo", serializers.UnitSerializer, Unit.objects.order_by("pk")
        ),
        Entity(
            "heads",
            "Chức vụ của đơn vị (người đứng đầu, cấp phó, thành viên)",
            serializers.LeaderSerializer,
            Leader.objects.order_by("pk"),
        ),
        Entity(
            "documents",
            "Văn bản (cột implements: văn bản được triển khai)",
            serializers.DocumentSerializer,
            Document.objects.prefetch_related("links_out", "implemented_by").order_by("pk"),
        ),
        Entity("plans", "Kế hoạch", serializers.PlanSerializer, Plan.objects.order_by("pk")),
        Entity("goals", "Mục tiêu của kế hoạch", serializers.GoalSerializer, Goal.objects.order_by("pk")),
        Entity(
            "tasks",
            "Nhiệm vụ, với tình trạng thời hạn và tiến độ tổng hợp",
            serializers.TaskSerializer,
            Task.objects.with_timeliness()
            .select_related("responsible_leader")
            .prefetch_related("cooperating_units")
            .order_by("pk"),
        ),
        Entity(
            "task_updates",
            "Cập nhật tiến độ (chỉ thông tin công khai)",
            serializers.TaskUpdateSerializer,
            public_updates().order_by("pk"),
        ),
        Entity("provinces", "Tỉnh, thành phố", serializers.ProvinceSerializer, Province.objects.order_by("pk")),
        Entity("indicators", "Chỉ số DTI", serializers.IndicatorSerializer, Indicator.objects.order_by("pk")),
        Entity("scores", "Điểm DTI đã tính", serializers.ScoreSerializer, Score.objects.order_by("pk")),
        Entity(
            "published_results",
            "Kết quả DTI đã công bố",
            serializers.PublishedResultSerializer,
            PublishedResult.objects.order_by("pk"),
        ),
    ]


def _flat(value):
    """A cell: a list becomes ids joined by ";", a nested object its id."""
    if isinstance(value, list):
        return ";".join(str(_flat(v)) for v in value)
    if isinstance(value, dict):
        return value.get("id", value.get("target", ""))
    return value


def _rows(entity: Entity, context: dict) -> Iterable[list]:
    fields = list(entity.serializer().fields)
    yield fields
    for offset in range(0, entity.queryset.count(), CHUNK):
        for obj in entity.queryset[offset : offset + CHUNK]:
            data = entity.serializer(obj, context=context).data
            yield [_flat(data[f]) for f in fields]


def _column_help(field_name: str, field: drf.Field, model) -> str:
    if field.help_text:
        return str(field.help_text)
    try:
        return str(model._meta.get_field(field.source if field.source != "*" else field_name).verbose_name)
    except Exception:  # noqa: BLE001 - a computed column: its name says what it is
        return ""


def readme(items: list[Entity]) -> str:
    lines = [
        "# dxtracker: dữ liệu mở",
        "",
        f"Tạo lúc {timezone.localtime():%d/%m/%Y %H:%M}. Mỗi tệp CSV (UTF-8) là một loại dữ liệu; tên cột giống API "
        "/api/v1/. Cột chứa nhiều giá trị ghi các mã số cách nhau bằng dấu chấm phẩy; cột tham chiếu ghi mã số (id) "
        "của dòng trong tệp tương ứng.",
        "",
    ]
    for entity in items:
        model = entity.serializer.Meta.model
        lines += [f"## {entity.name}.csv", "", entity.description, ""]
        for name, field in entity.serializer().fields.items():
            lines.append(f"- `{name}`: {_column_help(name, field, model)}")
        lines.append("")
    return "\n".join(lines)


def build() -> bytes:
    items = entities()
    context = {"field_names": programme.field_names()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.md", readme(items))
        for entity in items:
            archive.writestr(f"{entity.name}.csv", "".join(csv_lines(_rows(entity, context))))
    return buffer.getvalue()


def regenerate() -> str:
    """Write the zip to the default storage (replacing the last one); returns its name. Safe to run twice."""
    content = build()
    if default_storage.exists(PATH):
        default_storage.delete(PATH)
    return default_storage.save(PATH, ContentFile(content))


def open_archive():
    """The last zip, built now if there is none yet."""
    if not default_storage.exists(PATH):
        regenerate()
    return default_storage.open(PATH, "rb")
