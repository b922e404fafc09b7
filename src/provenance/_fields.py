"""
One description of each value type that has a canonical form, and what is
derived from it.

Each type is a table of its fields: the attribute, the JSON key, the kind of
value (which says how it is checked, written and typed in the JSON Schema),
whether it may be null, whether it is written only when set, and its name in
PROV. From these tables, once at import, come:

- the canonical texts and nodes of `provenance._identity` (content ids are
  hashed from the texts, and `dumps` writes them);
- the loader's bulk shape checks (`provenance.serialize`);
- the attributes `to_prov` writes for each value's fields, and their names;
- the record definitions of src/provenance/schema.json (generated into the
  file, which a test holds equal to them).

The functions are generated as source text and compiled, as attrs generates
its methods, so that they are as fast as hand-written code; `writers_source`,
`checks_source` and `prov_writers_source` show what they are.

Adding a field to a record is a change here plus its tests: see "Adding a
field to a record" in docs/contributing.md.

Run ``python -m provenance._fields --write-schema`` to rewrite
src/provenance/schema.json after a change here.
"""

from __future__ import annotations

import enum
import importlib
import json
import sys

from collections.abc import Callable
from json.encoder import encode_basestring as quote
from pathlib import Path
from typing import Any, Final

import attrs


class Kind(enum.Enum):
    """
    The kind of a field's value: how it is checked, written and described.
    """

    CONST = "const"  # The type's tag ("statement"): always the same text.
    TEXT = "text"  # Text with a non-blank character.
    KEY = "key"  # A slug: letters, digits, '.', '_', ':' and '-'.
    URL = "url"  # An absolute http or https URL.
    ENUM = "enum"  # An enum member, written as its value.
    CODE = "code"  # One of a few ASCII codes ("CT+"), held as text.
    BOOL = "bool"
    NUMBER = "number"  # A finite int or float, written as its repr.
    GRADE = "grade"  # An int from 1 to 6.
    DAY = "day"  # A date, written YYYY-MM-DD.
    TIME = "time"  # A time of day, written HH:MM or HH:MM:SS.
    TIME_SPAN = "time_span"  # A TimeSpan, written as ISO 8601-2 / EDTF.
    REF = "ref"  # Another value, written as its id.
    REFS = "refs"  # A set of other values, written as their sorted ids.
    VALUE = "value"  # Another value, written nested in full.


@attrs.frozen(kw_only=True)
class Field:
    """
    One field of a value type.

    Attributes:
        name: The attribute of the value.
        key: The JSON key; the attribute's name unless given.
        kind: The kind of value.
        of: For `Kind.REF`, `Kind.REFS` and `Kind.VALUE`, the type referred
            to; for `Kind.CONST`, the text; for `Kind.ENUM` and `Kind.CODE`,
            the enum whose values are allowed, as ``"module.Name"``.
        nullable: Whether it may be ``None``, written as ``null``.
        when_set: Added to format version 1 after its first release: written
            only when set (not ``None``, not false, not empty), so that every
            value that does not use it keeps its text and id.
        description: What the JSON Schema says of it, if anything.
        prov: Its PROV attribute, if it has one: a local name in the ``pv:``
            namespace, ``"prov:label"``, or `INLINE`.
    """

    name: str
    key: str = attrs.field(
        default=attrs.Factory(lambda self: self.name, takes_self=True)
    )
    kind: Kind
    of: str | None = None
    nullable: bool = False
    when_set: bool = False
    description: str | None = None
    prov: str | None = None


@attrs.frozen(kw_only=True)
class ValueType:
    """
    A value type with a canonical form: its fields in the order the JSON
    Schema lists them.

    Attributes:
        name: The type's name in the schema and in the writers' names
            (``statement`` gives ``statement_text`` and ``statement_node``).
        fields: Its fields.
        cached: Whether each value keeps its own canonical text (a private
            ``_text``, outside eq, hash, repr and pickles): few distinct
            values exist and many records nest them. A writer nesting one
            takes its text as an optional argument named after the field.
        schema_extra: Further members of its JSON Schema definition.
    """

    name: str
    fields: tuple[Field, ...]
    cached: bool = False
    schema_extra: dict[str, Any] = attrs.field(factory=dict)


INLINE: Final = "inline"
"""
The `Field.prov` of a field whose value's own PROV attributes are written in
place (a statement's channel, a claim's quantity).
"""

SOURCE: Final = ValueType(
    name="source",
    fields=(
        Field(name="name", kind=Kind.TEXT, prov="prov:label"),
        Field(
            name="kind", kind=Kind.ENUM, of="provenance.sources.SourceKind", prov="kind"
        ),
        Field(name="role", kind=Kind.TEXT, nullable=True, prov="role"),
        Field(name="affiliation", kind=Kind.REF, of="source", nullable=True),
    ),
)

CHANNEL: Final = ValueType(
    name="channel",
    fields=(
        Field(
            name="kind",
            kind=Kind.ENUM,
            of="provenance.sources.ChannelKind",
            prov="channel",
        ),
        Field(name="name", kind=Kind.TEXT, nullable=True, prov="channelName"),
        Field(name="audience", kind=Kind.TEXT, nullable=True, prov="audience"),
        Field(name="public", kind=Kind.BOOL, prov="public"),
    ),
)

QUANTITY: Final = ValueType(
    name="quantity",
    fields=(
        Field(name="value", kind=Kind.NUMBER, prov="quantity"),
        Field(name="unit", kind=Kind.TEXT, prov="unit"),
        Field(name="bound", kind=Kind.ENUM, of="provenance.claims.Bound", prov="bound"),
        Field(
            name="subject",
            kind=Kind.TEXT,
            when_set=True,
            description=(
                "What the amount is of, in the analyst's words. Written only when set."
            ),
            prov="quantitySubject",
        ),
    ),
)

CLAIM: Final = ValueType(
    name="claim",
    fields=(
        Field(name="text", kind=Kind.TEXT, prov="prov:label"),
        Field(name="about", kind=Kind.REFS, of="source", prov="about"),
        Field(
            name="favours",
            kind=Kind.REFS,
            of="source",
            when_set=True,
            description=(
                "The parties the claim would favour or help, none of them also"
                " in about. Written only when there is one."
            ),
            prov="favours",
        ),
        Field(name="occurred", kind=Kind.TIME_SPAN, nullable=True, prov="occurred"),
        Field(
            name="quantity", kind=Kind.VALUE, of="quantity", nullable=True, prov=INLINE
        ),
        Field(name="key", kind=Kind.KEY, nullable=True, prov="key"),
    ),
)

STANCE: Final = ValueType(
    name="stance",
    cached=True,
    fields=(
        Field(
            name="value",
            kind=Kind.CODE,
            of="provenance.stances.FactBank",
            prov="stance",
        ),
        Field(name="act", kind=Kind.TEXT, prov="act"),
        Field(name="retraction", kind=Kind.BOOL, prov="retraction"),
        Field(
            name="hearsay",
            kind=Kind.BOOL,
            when_set=True,
            description=(
                "Present, and true, only when the statement is an unattributed"
                " passive ('is said to', 'reportedly') repeating someone"
                " unnamed; never on a Uu stance."
            ),
            prov="hearsay",
        ),
    ),
    schema_extra={
        "if": {"required": ["hearsay"]},
        "then": {"properties": {"value": {"not": {"const": "Uu"}}}},
    },
)

_MADE_AT: Final = Field(name="made_at", kind=Kind.TIME, when_set=True, prov="madeAt")
_URL: Final = Field(name="url", kind=Kind.URL, when_set=True, prov="url")

STATEMENT: Final = ValueType(
    name="statement",
    fields=(
        Field(name="type", kind=Kind.CONST, of="statement"),
        Field(name="source", kind=Kind.REF, of="source"),
        Field(name="claim", kind=Kind.REF, of="claim"),
        Field(name="stance", kind=Kind.VALUE, of="stance"),
        Field(name="channel", kind=Kind.REF, of="channel", nullable=True, prov=INLINE),
        Field(name="made_on", kind=Kind.DAY),
        _MADE_AT,
        Field(
            name="credibility",
            kind=Kind.GRADE,
            when_set=True,
            description=(
                "The analyst's information-credibility grade (Admiralty code):"
                " 1 confirmed ... 6 truth cannot be judged. Written only when"
                " graded."
            ),
            prov="credibility",
        ),
        _URL,
    ),
)

REPORT: Final = ValueType(
    name="report",
    fields=(
        Field(name="type", kind=Kind.CONST, of="report"),
        Field(name="reporter", kind=Kind.REF, of="source"),
        Field(name="content", kind=Kind.REF, of="record"),
        Field(name="channel", kind=Kind.REF, of="channel", nullable=True, prov=INLINE),
        Field(name="made_on", kind=Kind.DAY),
        _MADE_AT,
        _URL,
    ),
)

TYPES: Final = (SOURCE, CHANNEL, QUANTITY, CLAIM, STANCE, STATEMENT, REPORT)
"""
Every described type, each before the types that nest it.
"""


def always_written(kind: ValueType) -> frozenset[str]:
    """
    The keys every value of *kind* has.
    """
    return frozenset(field.key for field in kind.fields if not field.when_set)


def written_when_set(kind: ValueType) -> frozenset[str]:
    """
    The keys a value of *kind* has only when it sets them.
    """
    return frozenset(field.key for field in kind.fields if field.when_set)


# The canonical text. A writer is one f-string over the value's attributes
# (keys in sorted order, no whitespace, strings escaped by json's own
# encode_basestring), with a local variable for each attribute read twice.


# How a set value of each kind is written, as a piece of an f-string: VALUE
# stands for the expression of the value, TYPE for the type it refers to.
# Expressions use only double quotes: the f-string is single-quoted.
_TEXT: Final = {
    Kind.TEXT: "{quote(VALUE)}",
    Kind.KEY: "{quote(VALUE)}",
    Kind.URL: "{quote(VALUE)}",
    Kind.ENUM: '"{VALUE.value}"',
    Kind.CODE: '"{VALUE}"',
    Kind.BOOL: '{"true" if VALUE else "false"}',
    # Values are finite ints and floats: their repr is what json writes.
    Kind.NUMBER: "{VALUE!r}",
    Kind.GRADE: "{VALUE}",
    Kind.DAY: '"{VALUE.isoformat()}"',
    Kind.TIME: '"{VALUE.isoformat()}"',
    Kind.TIME_SPAN: "{quote(str(VALUE))}",
    Kind.REF: '"{VALUE.id}"',  # An id is hex: nothing to escape.
    Kind.REFS: '[{",".join(sorted(quote(item.id) for item in VALUE))}]',
    Kind.VALUE: "{TYPE_text(VALUE)}",
}


def _text_of(field: Field, value: str) -> str:
    """
    The f-string piece that writes *value*, a set value of *field*.
    """
    if field.kind is Kind.BOOL and field.when_set:
        return "true"  # Written only when true.
    return _TEXT[field.kind].replace("TYPE", field.of or "").replace("VALUE", value)


def _nullable_text(field: Field, value: str) -> str:
    """
    The f-string piece that writes *value* or ``null``. A piece ``{expr}``
    becomes ``{"null" if value is None else expr}``; a quoted piece
    ``"{expr}"`` (text with nothing to escape) goes through quote instead.
    """
    piece = _text_of(field, value)
    expression = piece[1:-1] if piece[0] == "{" else f"quote({piece[2:-2]})"
    return f'{{"null" if {value} is None else {expression}}}'


def _is_set(field: Field, value: str) -> str:
    """
    The condition under which *value* of a `Field.when_set` field is written.
    """
    if field.kind in (Kind.BOOL, Kind.REFS):
        return value
    return f"{value} is not None"


def _text_source(kind: ValueType) -> str:
    """
    The source of the writer of *kind*'s canonical text.
    """
    fields = sorted(kind.fields, key=lambda field: field.key)
    first_always = next(i for i, field in enumerate(fields) if not field.when_set)
    lines: list[str] = []
    parts: list[str] = []
    params = ""
    for position, field in enumerate(fields):
        local = f"_{field.name}"
        attribute = f"{kind.name}.{field.name}"
        if field.kind is Kind.CONST:
            member = f'"{field.key}":"{field.of}"'
        elif field.kind is Kind.VALUE and _TYPES[field.of or ""].cached:
            params += f", {field.name}=None"
            lines.append(f"if {field.name} is None:")
            lines.append(f"    {field.name} = {attribute}._text")
            member = f'"{field.key}":{{{field.name}}}'
        elif field.when_set:
            # Members before the first one always written end in a comma;
            # those after it begin with one.
            member_text = f'"{field.key}":' + _text_of(field, local)
            written = (
                f"{member_text}," if position < first_always else f",{member_text}"
            )
            lines.append(f"{local} = {attribute}")
            lines.append(f"{local} = f'{written}' if {_is_set(field, local)} else ''")
            parts.append(f"{{{local}}}")
            continue
        elif field.nullable:
            lines.append(f"{local} = {attribute}")
            member = f'"{field.key}":' + _nullable_text(field, local)
        else:
            member = f'"{field.key}":' + _text_of(field, attribute)
        parts.append(member if position <= first_always else f",{member}")
    text = "".join(parts)
    lines.append(f"return f'{{{{{text}}}}}'")
    indented = "".join(f"    {line}\n" for line in lines)
    return f"def {kind.name}_text({kind.name}{params}):\n{indented}"


# The canonical node: the JSON object of the value, as json.dumps writes it
# with sorted keys into the same text. Keys in the description's order, those
# written only when set after the others.


# The JSON value of a set value of each kind that is not the value itself.
_NODE: Final = {
    Kind.ENUM: "VALUE.value",
    Kind.DAY: "VALUE.isoformat()",
    Kind.TIME: "VALUE.isoformat()",
    Kind.TIME_SPAN: "str(VALUE)",
    Kind.REF: "VALUE.id",
    Kind.REFS: "sorted(item.id for item in VALUE)",
    Kind.VALUE: "TYPE_node(VALUE)",
}


def _node_of(field: Field, value: str) -> str:
    """
    The expression of the JSON value of *value*, a set value of *field*.
    """
    template = _NODE.get(field.kind, "VALUE")
    return template.replace("TYPE", field.of or "").replace("VALUE", value)


def _node_source(kind: ValueType) -> str:
    """
    The source of the builder of *kind*'s canonical node.
    """
    lines: list[str] = []
    members: list[str] = []
    later: list[str] = []
    for field in kind.fields:
        attribute = f"{kind.name}.{field.name}"
        if field.kind is Kind.CONST:
            members.append(f"{field.key!r}: {field.of!r}")
        elif field.when_set:
            local = f"_{field.name}"
            later.append(f"{local} = {attribute}")
            later.append(f"if {_is_set(field, local)}:")
            later.append(f"    node[{field.key!r}] = {_node_of(field, local)}")
        elif field.nullable and _node_of(field, attribute) != attribute:
            local = f"_{field.name}"
            lines.append(f"{local} = {attribute}")
            members.append(
                f"{field.key!r}: None if {local} is None else {_node_of(field, local)}"
            )
        else:
            members.append(f"{field.key!r}: {_node_of(field, attribute)}")
    lines.append(f"node = {{{', '.join(members)}}}")
    lines.extend(later)
    lines.append("return node")
    indented = "".join(f"    {line}\n" for line in lines)
    return f"def {kind.name}_node({kind.name}):\n{indented}"


_TYPES: Final = {kind.name: kind for kind in TYPES}


def writers_source() -> str:
    """
    The source of every canonical writer: ``<type>_text`` and
    ``<type>_node`` for each described type.
    """
    parts: list[str] = []
    for kind in TYPES:
        parts.append(_text_source(kind))
        parts.append(_node_source(kind))
    return "\n".join(parts)


def compile_writers() -> dict[str, Any]:
    """
    The canonical writers, compiled from `writers_source`: a namespace of
    functions by name.
    """
    namespace: dict[str, Any] = {"quote": quote}
    code = compile(writers_source(), "<provenance._fields writers>", "exec")
    exec(code, namespace)  # noqa: S102 (source built above from constants)
    del namespace["__builtins__"]
    return namespace


# The loader's bulk check: whether a parsed JSON object has exactly the shape
# the loader's converter accepts (exact keys, exact JSON types, known enum
# values, real days); anything it refuses goes to the converter, which says
# what is wrong and where. One function a type, ``<type>_ok(raw)``, with
# ``days`` (the loader's cache of parsed days) for types with a day.
_CHECK: Final = {
    Kind.CONST: "VALUE == TYPE",
    Kind.TEXT: "type(VALUE) is str",
    Kind.KEY: "type(VALUE) is str",
    Kind.URL: "url_ok(VALUE)",
    Kind.ENUM: "(type(VALUE) is str and VALUE in MEMBERS)",
    Kind.CODE: "type(VALUE) is str",
    Kind.BOOL: "type(VALUE) is bool",
    Kind.NUMBER: "(type(VALUE) is int or (type(VALUE) is float and isfinite(VALUE)))",
    Kind.GRADE: "grade_ok(VALUE)",
    Kind.DAY: "day_ok(VALUE, days)",
    Kind.TIME: "(time_of(VALUE) is not None)",
    Kind.TIME_SPAN: "type(VALUE) is str",
    Kind.REF: "type(VALUE) is str",
    Kind.REFS: "(type(VALUE) is list and all(type(i) is str for i in VALUE))",
    Kind.VALUE: "TYPE_ok(VALUE)",
}
# A field written only when set is, when present, never empty nor false.
_CHECK_WHEN_SET: Final = {
    Kind.TEXT: "(type(VALUE) is str and VALUE != '')",
    Kind.BOOL: "(VALUE is True)",
    Kind.REFS: (
        "(type(VALUE) is list and VALUE != [] and all(type(i) is str for i in VALUE))"
    ),
}


def _needs_days(kind: ValueType) -> bool:
    return any(
        field.kind is Kind.DAY
        or (field.kind is Kind.VALUE and _needs_days(_TYPES[field.of or ""]))
        for field in kind.fields
    )


def _members_name(kind: ValueType, field: Field) -> str:
    return f"_members_{kind.name}_{field.name}"


def _field_check(kind: ValueType, field: Field, container: str) -> str:
    """
    The condition that *field*, present in the JSON object *container*, holds
    a valid value. A value read more than once is read into a local once.
    """
    value = f"{container}[{field.key!r}]"
    local = f"{container}_{field.name}"
    nested = _TYPES.get(field.of or "")
    if field.kind is Kind.VALUE and nested is not None:
        check = _shape_check(nested, local)  # In place, without a call.
    else:
        template = _CHECK[field.kind]
        if field.when_set:
            template = _CHECK_WHEN_SET.get(field.kind, template)
        check = (
            template.replace("TYPE", repr(field.of))
            .replace("MEMBERS", _members_name(kind, field))
            .replace("VALUE", local)
        )
    if field.nullable:
        check = f"({local} is None or {check})"
    if check.count(local) == 1:
        return check.replace(local, value)
    # The first mention is evaluated first: there the value is read.
    return check.replace(local, f"({local} := {value})", 1)


def _shape_check(kind: ValueType, container: str, *, tagged: bool = False) -> str:
    """
    The condition that the JSON value *container* is a valid object of *kind*;
    if *tagged*, *container* is known to be an object with its type's tag.
    """
    keys = f"{container}.keys() == _always_{kind.name}"
    if any(field.when_set for field in kind.fields):
        keys = f"({keys} or {kind.name}_when_set_ok({container}))"
    checks = [] if tagged else [f"type({container}) is dict"]
    checks.append(keys)
    checks += [
        _field_check(kind, field, container)
        for field in kind.fields
        if not field.when_set and not (tagged and field.kind is Kind.CONST)
    ]
    return "(" + "\n        and ".join(checks) + ")"


def _union_source(name: str, kinds: tuple[ValueType, ...]) -> str:
    """
    The source of ``<name>_ok``, the bulk check of an object of one of
    *kinds*, told apart by their `Kind.CONST` field ("type").
    """
    tags = [
        (next(field for field in kind.fields if field.kind is Kind.CONST), kind)
        for kind in kinds
    ]
    key = tags[0][0].key
    lines = ["if type(raw) is not dict:", "    return False", f"tag = raw.get({key!r})"]
    for field, kind in tags:
        lines += [
            f"if tag == {field.of!r}:",
            f"    return {_shape_check(kind, 'raw', tagged=True)}",
        ]
    lines.append("return False")
    days = ", days" if any(_needs_days(kind) for kind in kinds) else ""
    indented = "".join(f"    {line}\n" for line in lines)
    return f"def {name}_ok(raw{days}):\n{indented}"


def _when_set_source(kind: ValueType) -> str:
    """
    The source of ``<type>_when_set_ok``: whether a JSON object of *kind*
    with more than the keys it always has holds them all, and only keys
    written when set, each with a valid value.
    """
    name = kind.name
    checks = [
        f"len(keys) == len(_always_{name}) + len(extra)",
        f"extra <= _when_set_{name}",
    ]
    checks += [
        f"({field.key!r} not in extra or {_field_check(kind, field, 'raw')})"
        for field in kind.fields
        if field.when_set
    ]
    return (
        f"def {name}_when_set_ok(raw):\n"
        "    keys = raw.keys()\n"
        f"    extra = keys - _always_{name}\n"
        "    return (" + "\n        and ".join(checks) + ")\n"
    )


def _check_source(kind: ValueType) -> str:
    """
    The source of ``<type>_ok``, the bulk check of *kind*.
    """
    days = ", days" if _needs_days(kind) else ""
    source = f"def {kind.name}_ok(raw{days}):\n    return {_shape_check(kind, 'raw')}\n"
    if any(field.when_set for field in kind.fields):
        source += "\n" + _when_set_source(kind)
    return source


RECORDS: Final = (STATEMENT, REPORT)
"""
The types a document's ``records`` table holds, told apart by ``type``.
"""


def checks_source() -> str:
    """
    The source of ``<type>_ok`` for every described type, and of
    ``record_ok`` for the `RECORDS`.
    """
    checks = [_check_source(kind) for kind in TYPES]
    checks.append(_union_source("record", RECORDS))
    return "\n".join(checks)


def compile_checks(namespace: dict[str, Any]) -> dict[str, Any]:
    """
    The bulk checks, compiled from `checks_source` in *namespace* (which
    holds ``url_ok``, ``grade_ok``, ``day_ok``, ``time_of`` and
    ``isfinite``): functions by name.
    """
    namespace = dict(namespace)
    for kind in TYPES:
        namespace[f"_always_{kind.name}"] = always_written(kind)
        namespace[f"_when_set_{kind.name}"] = written_when_set(kind)
        for field in kind.fields:
            if field.kind is Kind.ENUM:
                members = frozenset(_enum_values(field.of or ""))
                namespace[_members_name(kind, field)] = members
    code = compile(checks_source(), "<provenance._fields checks>", "exec")
    exec(code, namespace)  # noqa: S102 (source built above from constants)
    del namespace["__builtins__"]
    return namespace


# The JSON Schema's definitions of the described types.


def _enum_values(name: str) -> list[Any]:
    module, _, attribute = name.rpartition(".")
    members: type[enum.Enum] = getattr(importlib.import_module(module), attribute)
    return [member.value for member in members]


# The JSON Schema of a set value of each kind that needs nothing more.
_SCHEMA: Final[dict[Kind, dict[str, Any]]] = {
    Kind.TEXT: {"type": "string", "minLength": 1, "pattern": "\\S"},
    Kind.KEY: {"type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9._:-]*$"},
    Kind.URL: {"$ref": "#/$defs/url"},
    Kind.BOOL: {"type": "boolean"},
    Kind.NUMBER: {"type": "number"},
    Kind.GRADE: {"type": "integer", "minimum": 1, "maximum": 6},
    Kind.DAY: {"type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
    Kind.TIME: {"$ref": "#/$defs/time_of_day"},
    Kind.TIME_SPAN: {"$ref": "#/$defs/time_span"},
    Kind.REF: {"$ref": "#/$defs/id"},
}


def _schema_of(field: Field) -> dict[str, Any]:
    """
    The JSON Schema of a set value of *field*.
    """
    kind = field.kind
    if kind is Kind.CONST:
        return {"const": field.of}
    if kind in (Kind.ENUM, Kind.CODE):
        return {"enum": _enum_values(field.of or "")}
    if kind is Kind.BOOL and field.when_set:
        return {"const": True}  # Written only when true.
    if kind is Kind.REFS:
        least = {"minItems": 1} if field.when_set else {}
        items = {"$ref": "#/$defs/id"}
        return {"type": "array", "items": items, **least, "uniqueItems": True}
    if kind is Kind.VALUE:
        return {"$ref": f"#/$defs/{field.of}"}
    return dict(_SCHEMA[kind])


def _field_schema(field: Field) -> dict[str, Any]:
    schema = _schema_of(field)
    if field.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    if field.description is not None:
        schema = {"description": field.description, **schema}
    return schema


def schema_definition(kind: ValueType) -> dict[str, Any]:
    """
    The JSON Schema definition of *kind*.
    """
    return {
        "type": "object",
        "properties": {field.key: _field_schema(field) for field in kind.fields},
        "required": sorted(always_written(kind)),
        **kind.schema_extra,
        "additionalProperties": False,
    }


def schema_definitions() -> dict[str, dict[str, Any]]:
    """
    The JSON Schema definitions of every described type, by name.
    """
    return {kind.name: schema_definition(kind) for kind in TYPES}


SCHEMA_PATH: Final = Path(__file__).with_name("schema.json")


def derived_schema(shipped: dict[str, Any]) -> dict[str, Any]:
    """
    *shipped*, the JSON Schema, with the definitions of the described types
    replaced by those the description gives, in place.
    """
    definitions = dict(shipped["$defs"])
    definitions.update(schema_definitions())
    return {**shipped, "$defs": {name: definitions[name] for name in definitions}}


def schema_text(schema: dict[str, Any]) -> str:
    """
    The text of schema.json.
    """
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


# PROV: the attributes of an entity, activity or relation that say a value's
# fields, as to_prov writes them: one (name, value) pair a set field, in the
# description's order. The name is an attribute in the pv: namespace, or
# "prov:label"; INLINE puts the referred value's own attributes in place.


def prov_constant(name: str) -> str:
    """
    The name the generated PROV writers give the attribute *name*
    (``"madeAt"`` is ``pv_madeAt``, ``"prov:label"`` is ``prov_label``).
    """
    prefix, _, local = name.rpartition(":")
    return f"{prefix or 'pv'}_{local}"


def prov_names() -> dict[str, tuple[str, str]]:
    """
    Every PROV attribute of a field: its `prov_constant` name, and its
    namespace prefix (``"pv"`` or ``"prov"``) and local name.
    """
    names: dict[str, tuple[str, str]] = {}
    for kind in TYPES:
        for field in kind.fields:
            if field.prov is not None and field.prov != INLINE:
                prefix, _, local = field.prov.rpartition(":")
                names[prov_constant(field.prov)] = (prefix or "pv", local)
    return names


def prov_name(kind: ValueType, name: str) -> str:
    """
    The local name of the PROV attribute of *kind*'s field *name*.
    """
    field = next(field for field in kind.fields if field.name == name)
    if field.prov is None or field.prov == INLINE:
        raise KeyError(name)
    return field.prov.rpartition(":")[2]


# The value of the attribute of a set value of each kind that is not the
# value itself: text goes through text() (which escapes what XML cannot
# carry), a URL is an identifier.
_PROV: Final = {
    Kind.TEXT: "text(VALUE)",
    Kind.URL: "Identifier(VALUE)",
    Kind.ENUM: "VALUE.value",
    Kind.TIME: "VALUE.isoformat()",
    Kind.TIME_SPAN: "str(VALUE)",
}


def _prov_lines(field: Field, attribute: str) -> list[str]:
    """
    The lines that add the attributes of *field*, read as *attribute*.
    """
    local = f"_{field.name}"
    if field.prov == INLINE:
        add = f"attributes += {field.of}_prov({local})"
    elif field.kind is Kind.REFS:
        name = prov_constant(field.prov or "")
        ids = f"sorted(item.id for item in {attribute})"
        return [f"attributes += [({name}, qname({field.of!r}, i)) for i in {ids}]"]
    else:
        value = _PROV.get(field.kind, "VALUE").replace("VALUE", local)
        add = f"attributes.append(({prov_constant(field.prov or '')}, {value}))"
    if field.when_set:
        return [f"{local} = {attribute}", f"if {_is_set(field, local)}:", f"    {add}"]
    if field.nullable:
        return [f"{local} = {attribute}", f"if {local} is not None:", f"    {add}"]
    return [f"{local} = {attribute}", add]


def _prov_source(kind: ValueType) -> str:
    """
    The source of ``<type>_prov``, the PROV attributes of a value of *kind*.
    """
    lines = ["attributes = []"]
    for field in kind.fields:
        if field.prov is not None:
            lines += _prov_lines(field, f"{kind.name}.{field.name}")
    lines.append("return attributes")
    indented = "".join(f"    {line}\n" for line in lines)
    return f"def {kind.name}_prov({kind.name}):\n{indented}"


def prov_writers_source() -> str:
    """
    The source of ``<type>_prov`` for every described type.
    """
    return "\n".join(_prov_source(kind) for kind in TYPES)


def compile_prov_writers(namespace: dict[str, Any]) -> dict[str, Any]:
    """
    The PROV writers, compiled from `prov_writers_source` in *namespace*
    (which holds ``text``, ``Identifier``, ``qname`` and every
    `prov_names` constant): functions by name.
    """
    namespace = dict(namespace)
    code = compile(prov_writers_source(), "<provenance._fields PROV>", "exec")
    exec(code, namespace)  # noqa: S102 (source built above from constants)
    del namespace["__builtins__"]
    return namespace


def _main(arguments: list[str], write: Callable[[str], object]) -> int:
    if arguments != ["--write-schema"]:
        write("usage: python -m provenance._fields --write-schema\n")
        return 2
    shipped = json.loads(SCHEMA_PATH.read_text("utf-8"))
    SCHEMA_PATH.write_text(schema_text(derived_schema(shipped)), "utf-8")
    write(f"wrote {SCHEMA_PATH}\n")
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:], sys.stderr.write))
