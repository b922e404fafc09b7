"""
Reading the JSON text that outside data brings (documents, policy
documents, manifests of shards): one reading for every parser.
"""

from __future__ import annotations

import json
import re

from typing import Any, Final

from provenance.errors import DocumentError, path_key, short_repr


class _DuplicateKeyError(ValueError):
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # Two parsers would read two documents from an object with a repeated
    # key (one keeps the first, another the last): refuse it.
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                msg = f"duplicate key {short_repr(key)} in a JSON object"
                raise _DuplicateKeyError(msg)
            seen.add(key)
    return found


class _ConstantError(ValueError):
    pass


def _no_constant(name: str) -> Any:
    msg = f"{name} is not a number"
    raise _ConstantError(msg)


def parse_json(text: str | bytes, *, constants: bool = True) -> Any:
    """
    The JSON value of *text* (UTF-8 bytes or text), refusing an object with
    a repeated key, and NaN and Infinity unless *constants*.

    Raises:
        DocumentError: *text* is not UTF-8, not JSON, nested too deeply, or
            refused as above; the path is ``"$"``, except for a repeated key
            or an integer too long to convert: the path of the object that
            repeats the key, or of the integer.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            msg = f"not UTF-8 text (byte {exc.start})"
            raise DocumentError(msg, "$") from None
    if not isinstance(text, str):
        msg = "expected JSON text or bytes"
        raise DocumentError(msg, "$")
    try:
        if constants:
            return json.loads(text, object_pairs_hook=_unique_keys)
        return json.loads(
            text, object_pairs_hook=_unique_keys, parse_constant=_no_constant
        )
    except json.JSONDecodeError as exc:
        msg = f"not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"
        raise DocumentError(msg, "$") from None
    except RecursionError:
        msg = "JSON nested too deeply"
        raise DocumentError(msg, "$") from None
    except _ConstantError as exc:
        msg = f"not valid JSON: {exc}"
        raise DocumentError(msg, "$") from None
    except ValueError:
        # A repeated key, or an integer longer than Python converts. The
        # hooks above cannot know where they are, so only now, on the error
        # path, is the text read again to find it.
        msg, path = _locate(text)
        raise DocumentError(msg, path) from None


class _Problem:
    """
    What the second reading puts in place of the first refused value.
    """

    __slots__ = ("msg",)

    def __init__(self, msg: str) -> None:
        self.msg = msg


def _locate(text: str) -> tuple[str, str]:
    # The hooks run in the order the first reading met them, so the first
    # problem this reading marks is the one that reading refused.
    found: list[_Problem] = []

    def mark(msg: str) -> Any:
        if found:
            return None
        found.append(_Problem(msg))
        return found[0]

    def pairs(items: list[tuple[str, Any]]) -> Any:
        try:
            return _unique_keys(items)
        except _DuplicateKeyError as exc:
            return mark(str(exc))

    def integer(digits: str) -> Any:
        try:
            return int(digits)
        except ValueError:
            return mark(f"number too long ({len(digits.lstrip('-'))} digits)")

    # A refused constant met first was reported as such: any met now is
    # after the problem, and read as a number.
    try:
        value = json.loads(text, object_pairs_hook=pairs, parse_int=integer)
    except (ValueError, RecursionError):
        # The text after the problem is malformed too (or nested too
        # deeply): the first reading stopped before it.
        return (found[0].msg if found else "not valid JSON"), "$"
    if not found:  # pragma: no cover - every ValueError above is one of these.
        return "not valid JSON", "$"
    return found[0].msg, _path_to(value, found[0])


# A key that reads as a field name is written .name, any other (an id) as
# ['...'], cut and escaped.
_FIELD_NAME: Final = re.compile(r"[a-z_]+")


def _path_to(value: Any, target: _Problem) -> str:
    # Iterative: the document may be nested as deep as the parser allows.
    stack: list[tuple[Any, str]] = [(value, "$")]
    while stack:
        node, path = stack.pop()
        if node is target:
            return path
        if isinstance(node, dict):
            for key, item in node.items():
                step = f".{key}" if _FIELD_NAME.fullmatch(key) else path_key(key)
                stack.append((item, path + step))
        elif isinstance(node, list):
            stack.extend((item, f"{path}[{i}]") for i, item in enumerate(node))
    return "$"  # pragma: no cover - the mark is always in the value.
