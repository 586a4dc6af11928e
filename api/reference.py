"""The API reference page (/api/docs/): the OpenAPI schema that drf-spectacular generates, read into plain rows for
our own template, in the active language. The schema's descriptions are already Vietnamese (api/descriptions.py,
api/schema.py); the words the page adds (types, tags, the default meaning of an answer) are ours, translated in
locale/. Swagger UI stays at /api/docs/swagger/ as the interactive tool (its own interface is English).

The schema is generated once per language and login rule (it is the same for every request), then kept.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular.generators import SchemaGenerator

from plans import rules

METHODS = ("get", "post", "put", "patch", "delete")
# The resources (the schema's tags), in the order the page lists them.
TAGS = {
    "documents": _("Documents"),
    "plans": _("Plans"),
    "goals": _("Goals"),
    "tasks": _("Tasks"),
    "updates": _("Task updates"),
    "units": _("Units"),
    "heads": _("Heads"),
    "provinces": _("Provinces"),
    "indicators": _("DTI indicators"),
    "scores": _("DTI scores"),
    "results": _("Published DTI results"),
}
TYPES = {
    "integer": _("integer"),
    "number": _("number"),
    "string": _("text"),
    "boolean": _("true or false"),
    "array": _("list"),
    "object": _("object"),
}
FORMATS = {
    "date": _("date (yyyy-mm-dd)"),
    "date-time": _("date and time (ISO 8601)"),
    "uri": _("address (URL)"),
    "decimal": _("decimal number"),
}
# What an answer means when the schema gives no words of its own (a success answer).
ANSWERS = {
    "200": _("Done: the answer holds the data below."),
    "201": _("Created: the answer holds the new record."),
    "204": _("Done, with no content."),
}
CODE = re.compile(r"`([^`]+)`")


@dataclass
class Row:
    """A parameter, a field of the request body or of the answer."""

    name: str
    type: str
    required: bool
    description: SafeString
    where: str = ""


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: SafeString
    anchor: str
    needs_token: bool
    parameters: list[Row] = field(default_factory=list)
    body: list[Row] = field(default_factory=list)
    body_types: list[str] = field(default_factory=list)
    answer: list[Row] = field(default_factory=list)
    paginated: bool = False
    responses: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Group:
    tag: str
    name: str
    operations: list[Operation] = field(default_factory=list)


def prose(text: str | None) -> SafeString:
    """A schema description as HTML: paragraphs, the "* `value` - meaning" lists of choices, `code`."""
    html = []
    for block in (text or "").strip().split("\n\n"):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("* ") for line in lines):
            items = "".join(f"<li>{_code(line[2:])}</li>" for line in lines)
            html.append(f'<ul class="mb-0">{items}</ul>')
        else:
            html.append(f'<p class="mb-1">{_code(" ".join(lines))}</p>')
    return mark_safe("".join(html))  # noqa: S308 (every piece of text is escaped by _code)


def _code(text: str) -> str:
    # A value or name of the API is an identifier, not a word of the page: marked so (HTML's translate="no").
    return CODE.sub(lambda m: f'<code translate="no">{m.group(1)}</code>', escape(text))


def _resolve(schema: dict, components: dict) -> dict:
    """A schema with its reference followed (a $ref, or a single allOf as drf-spectacular writes enums)."""
    if "$ref" in schema:
        return components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if len(schema.get("allOf", [])) == 1:
        return {**_resolve(schema["allOf"][0], components), **{k: v for k, v in schema.items() if k != "allOf"}}
    return schema


def type_text(schema: dict, components: dict) -> str:
    schema = _resolve(schema, components)
    if "oneOf" in schema:
        schema = schema["oneOf"][0]
    if "enum" in schema:
        text = gettext("one of the listed values")
    elif schema.get("type") == "array":
        items = _resolve(schema.get("items", {}), components)
        text = gettext("list of %(type)s") % {"type": str(TYPES.get(items.get("type"), TYPES["object"]))}
    else:
        text = str(FORMATS.get(schema.get("format")) or TYPES.get(schema.get("type"), TYPES["string"]))
    if schema.get("nullable"):
        text += ", " + gettext("may be empty")
    return text


def _rows(schema: dict, components: dict, *, writing: bool) -> list[Row]:
    """The fields of an object schema (read-only ones left out of a request body)."""
    schema = _resolve(schema, components)
    required = set(schema.get("required", []))
    return [
        Row(name, type_text(prop, components), name in required, prose(prop.get("description")))
        for name, prop in schema.get("properties", {}).items()
        if not (writing and prop.get("readOnly"))
    ]


def _answer(operation: dict, components: dict) -> tuple[list[Row], bool]:
    """The fields of the success answer, and whether it is a page of a list (count, next, previous, results)."""
    for code in ("200", "201"):
        content = operation["responses"].get(code, {}).get("content", {})
        schema = _resolve(content.get("application/json", {}).get("schema", {}), components)
        results = schema.get("properties", {}).get("results")
        if results and results.get("type") == "array":
            return _rows(results["items"], components, writing=False), True
        if schema:
            return _rows(schema, components, writing=False), False
    return [], False


def _operation(method: str, path: str, operation: dict, components: dict) -> Operation:
    body = operation.get("requestBody", {}).get("content", {})
    answer, paginated = _answer(operation, components)
    parameters = [
        Row(
            p["name"],
            type_text(p.get("schema", {}), components),
            bool(p.get("required")),
            prose(p.get("description")),
            where=str(_("in the path")) if p["in"] == "path" else str(_("in the query")),
        )
        for p in operation.get("parameters", [])
    ]
    return Operation(
        method=method.upper(),
        path=path,
        summary=operation.get("summary", ""),
        description=prose(operation.get("description")),
        anchor=operation["operationId"].replace("_", "-"),
        needs_token={} not in operation.get("security", [{}]),
        parameters=parameters,
        body=_rows(next(iter(body.values()))["schema"], components, writing=True) if body else [],
        body_types=list(body),
        answer=answer,
        paginated=paginated,
        responses=[
            (code, response.get("description") or str(ANSWERS.get(code, "")))
            for code, response in sorted(operation["responses"].items())
        ],
    )


@functools.lru_cache(maxsize=8)
def _reference(language: str, public: bool) -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = schema.get("components", {}).get("schemas", {})
    groups = {tag: Group(tag, str(name)) for tag, name in TAGS.items()}
    for path, operations in schema["paths"].items():
        for method in METHODS:
            if method in operations:
                operation = operations[method]
                tag = (operation.get("tags") or ["api"])[0]
                group = groups.setdefault(tag, Group(tag, tag))
                group.operations.append(_operation(method, path, operation, components))
    token = schema.get("components", {}).get("securitySchemes", {}).get("apiToken", {})
    return {
        "title": schema["info"]["title"],
        "version": schema["info"]["version"],
        "description": schema["info"].get("description", ""),
        "token_description": token.get("description", ""),
        "groups": [group for group in groups.values() if group.operations],
        "public_reads": public,
    }


def reference() -> dict:
    """The page's data in the active language (the schema is generated under it), for the current login rule."""
    return _reference(get_language() or "vi", rules.pages_are_public.test())
