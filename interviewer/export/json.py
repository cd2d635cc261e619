"""The JSON export: the Session itself, so that loading an export gives it back exactly.

Its schema is generated from the pydantic model into ``docs/session-schema.json``.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError

from interviewer.models import SCHEMA_VERSION, Session


class ExportFormatError(ValueError):
    """A JSON export that cannot be read back; the message is one line."""


def render(session: Session) -> str:
    return session.model_dump_json(indent=2) + "\n"


def parse(text: str | bytes) -> Session:
    """Read a JSON export back into the Session it came from."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise ExportFormatError(f"not JSON: {error}") from None
    if not isinstance(data, dict):
        raise ExportFormatError("not a session: the JSON is not an object")
    version = data.get("schema_version", SCHEMA_VERSION)
    if isinstance(version, int) and version > SCHEMA_VERSION:
        raise ExportFormatError(
            f"written with session schema version {version}, but this interviewer only "
            f"knows versions up to {SCHEMA_VERSION}; upgrade interviewer to read it"
        )
    try:
        return Session.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "session"
        raise ExportFormatError(f"not a valid session ({where}: {first['msg']})") from None


def schema() -> dict[str, Any]:
    """The JSON Schema of a session (and so of journals' records and JSON exports)."""
    generated = Session.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$comment": (
            "Generated from interviewer.models.Session by "
            "`python -m interviewer.export.json --schema`; do not edit by hand."
        ),
        **generated,
    }


def schema_text() -> str:
    return json.dumps(schema(), indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":  # pragma: no cover - `python -m interviewer.export.json --schema`
    import sys

    if sys.argv[1:] == ["--schema"]:
        sys.stdout.write(schema_text())
    else:
        sys.exit("usage: python -m interviewer.export.json --schema")
