"""
Reading the JSON text that outside data brings (documents, policy
documents, manifests of shards): one reading for every parser.
"""

from __future__ import annotations

import json

from typing import Any

from provenance.errors import DocumentError, short_repr


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


def _no_constant(name: str) -> Any:
    msg = f"{name} is not a number"
    raise ValueError(msg)


def parse_json(text: str | bytes, *, constants: bool = True) -> Any:
    """
    The JSON value of *text* (UTF-8 bytes or text), refusing an object with
    a repeated key, and NaN and Infinity unless *constants*.

    Raises:
        DocumentError: *text* is not UTF-8, not JSON, nested too deeply, or
            refused as above; the path is ``"$"``.
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
    except _DuplicateKeyError as exc:
        raise DocumentError(str(exc), "$") from None
    except ValueError as exc:  # NaN when refused, an integer too long.
        msg = f"not valid JSON: {exc}"
        raise DocumentError(msg, "$") from None
