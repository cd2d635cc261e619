"""The question bank: one TOML file per question under ``data/questions/``.

A question file names its competencies by id; their names, definitions and signals come from
the one competency list, ``data/competencies.toml``. Both are validated with pydantic on
load, and every error names the file and the field that is wrong.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from interviewer.models import Competency, Question
from interviewer.resources import TOMLDecodeError, data_path, load_toml, read_toml

__all__ = [
    "QuestionBank",
    "QuestionBankError",
    "UnknownQuestionError",
    "load_bank",
    "load_competencies",
]


class QuestionBankError(ValueError):
    """A data file of the bank is missing or invalid; the message names the file and field."""


class UnknownQuestionError(KeyError):
    """No question has this id."""

    def __init__(self, question_id: str, known: tuple[str, ...]) -> None:
        super().__init__(question_id)
        self.question_id = question_id
        self.known = known

    def __str__(self) -> str:
        return f"unknown question {self.question_id!r} (known: {', '.join(self.known)})"


class _QuestionFile(BaseModel):
    """What a question file holds; competencies are ids resolved against the competency list."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*$")
    title: str = Field(min_length=1)
    company: str | None = None
    role: str | None = None
    default: bool = False
    text: str = Field(min_length=1)
    competencies: tuple[str, ...] = Field(min_length=1)


class _CompetencyEntry(BaseModel):
    """One ``[[competency]]`` of competencies.toml (fields beyond ours belong to the scorer)."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    name: str
    definition: str
    signals: tuple[str, ...] = ()


class _CompetencyFile(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    competency: tuple[_CompetencyEntry, ...] = ()


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or "(top level)"
    more = len(error.errors()) - 1
    suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return f"field '{field}': {first['msg']}{suffix}"


def _read_toml(path: Path) -> Mapping[str, Any]:
    try:
        return read_toml(path)
    except OSError as error:
        raise QuestionBankError(f"{path}: cannot read: {error.strerror or error}") from error
    except (TOMLDecodeError, UnicodeDecodeError) as error:
        raise QuestionBankError(f"{path}: invalid TOML: {error}") from error


def load_competencies(path: Path | None = None) -> dict[str, Competency]:
    """Competency id -> Competency, from ``data/competencies.toml`` (or ``path``)."""
    if path is None:
        path = data_path("competencies.toml")
        raw = load_toml("competencies.toml")  # the scorer shares this one parse
    else:
        raw = _read_toml(path)
    try:
        parsed = _CompetencyFile.model_validate(raw)
    except ValidationError as error:
        raise QuestionBankError(f"{path}: {_describe(error)}") from error
    result: dict[str, Competency] = {}
    for index, entry in enumerate(parsed.competency):
        try:
            competency = Competency.model_validate(entry.model_dump())
        except ValidationError as error:
            raise QuestionBankError(
                f"{path}: competency #{index + 1} ({entry.id!r}): {_describe(error)}"
            ) from error
        if competency.id in result:
            raise QuestionBankError(f"{path}: competency id {competency.id!r} appears twice")
        result[competency.id] = competency
    return result


def _load_question(path: Path, competencies: Mapping[str, Competency]) -> tuple[Question, bool]:
    raw = _read_toml(path)
    try:
        spec = _QuestionFile.model_validate(raw)
    except ValidationError as error:
        raise QuestionBankError(f"{path}: {_describe(error)}") from error
    resolved: list[Competency] = []
    for index, competency_id in enumerate(spec.competencies):
        if competency_id not in competencies:
            raise QuestionBankError(
                f"{path}: field 'competencies.{index}': unknown competency {competency_id!r} "
                "(not in competencies.toml)"
            )
        resolved.append(competencies[competency_id])
    try:
        question = Question(
            id=spec.id,
            title=spec.title,
            company=spec.company,
            role=spec.role,
            text=" ".join(spec.text.split()),
            competencies=tuple(resolved),
        )
    except ValidationError as error:  # e.g. a text of only whitespace
        raise QuestionBankError(f"{path}: {_describe(error)}") from error
    return question, spec.default


@dataclass(frozen=True)
class QuestionBank:
    """The questions, default first, then company questions, then general ones, by title."""

    questions: tuple[Question, ...]
    default_id: str

    def __iter__(self) -> Iterator[Question]:
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(q.id for q in self.questions)

    @property
    def default(self) -> Question:
        return self.get(self.default_id)

    def get(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        raise UnknownQuestionError(question_id, self.ids)


def load_bank(directory: Path | None = None, competencies_file: Path | None = None) -> QuestionBank:
    """Read and validate every ``*.toml`` in ``directory`` (default ``data/questions``)."""
    directory = directory or data_path("questions")
    competencies = load_competencies(competencies_file)
    files = sorted(directory.glob("*.toml"))
    if not files:
        raise QuestionBankError(f"{directory}: no question files (*.toml)")
    loaded: list[tuple[Question, bool]] = []
    seen: dict[str, Path] = {}
    for path in files:
        question, is_default = _load_question(path, competencies)
        if question.id in seen:
            raise QuestionBankError(
                f"{path}: field 'id': {question.id!r} is already used by {seen[question.id].name}"
            )
        seen[question.id] = path
        loaded.append((question, is_default))
    defaults = [q.id for q, is_default in loaded if is_default]
    if len(defaults) > 1:
        raise QuestionBankError(
            f"{directory}: more than one question says default = true: {', '.join(defaults)}"
        )
    default_id = defaults[0] if defaults else loaded[0][0].id
    ordered = sorted(
        (q for q, _ in loaded),
        key=lambda q: (q.id != default_id, q.company is None, q.company or "", q.title),
    )
    return QuestionBank(questions=tuple(ordered), default_id=default_id)


@cache
def bank() -> QuestionBank:
    """The packaged bank, loaded once."""
    return load_bank()
