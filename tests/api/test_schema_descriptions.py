"""Every operation, parameter and property of the OpenAPI schema has a description, in Vietnamese (English field
names stay): the schema drf-spectacular generates, walked as the docs page reads it."""

import re

import pytest
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

# Letters that only Vietnamese uses (tones, ă, â, ê, ô, ơ, ư, đ): a description in English has none.
VIETNAMESE = re.compile(r"[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]", re.IGNORECASE)
# Descriptions that are Vietnamese without such a letter (none yet).
ALLOWED: set[str] = set()


def is_vietnamese(text) -> bool:
    text = str(text or "").strip()
    return bool(text) and (text in ALLOWED or bool(VIETNAMESE.search(text)))


def undescribed(schema: dict) -> list[str]:
    bad = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not is_vietnamese(operation.get("summary") or operation.get("description")):
                bad.append(f"operation {method.upper()} {path}")
            for parameter in operation.get("parameters", []):
                if not is_vietnamese(parameter.get("description")):
                    bad.append(f"parameter {parameter['name']} of {method.upper()} {path}")
    for name, component in schema["components"]["schemas"].items():
        for prop, spec in component.get("properties", {}).items():
            if not is_vietnamese(spec.get("description")):
                bad.append(f"property {name}.{prop}")
    return bad


@pytest.fixture
def schema(db):
    with translation.override("vi"):
        return SchemaGenerator().get_schema(request=None, public=True)


def test_every_operation_parameter_and_property_has_a_vietnamese_description(schema):
    assert undescribed(schema) == []


def test_the_check_finds_an_english_or_missing_description(schema):
    broken = {
        "paths": {"/x/": {"get": {"summary": "Tasks", "parameters": [{"name": "page"}]}}},
        "components": {"schemas": {"Task": {"properties": {"id": {"description": "The id."}}}}},
    }
    assert undescribed(broken) == ["operation GET /x/", "parameter page of GET /x/", "property Task.id"]
    assert schema["components"]["schemas"]["Task"]["properties"]["progress"]["description"].startswith("Tiến độ")
