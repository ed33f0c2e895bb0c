"""The project's one error hierarchy.

Every error names the file or record it concerns (`path`) and carries a stable `code` for logic. The
human message is an English template plus values, so the UI can translate the template
(`QCoreApplication.translate("errors", template)`) while the CLI prints the English. Templates are marked
with `QT_TRANSLATE_NOOP` so `pyside6-lupdate` collects them into resources/i18n.

What each family means for a person (and for the CLI's exit code, mapped in `studio.cli.exit_code_for`):
- `InputError`: the input could not be used at all (missing, unreadable, not a video, bad arguments).
- `ValidationError`: the input was read but breaks a rule.
- `PlatformError`: the network or the platform said no.
- `MachineError`: this computer failed us (disk full, ffmpeg missing or crashing).
- `Cancelled`: the person stopped the work.
"""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import Any

from studio.core.problems import Problem


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark `text` for translation in `context` without translating it here (core has no Qt)."""
    return text


class StudioError(Exception):
    """Base of every error the project raises on purpose."""

    code = "error"

    def __init__(
        self,
        template: str,
        path: str | PathLike[str] | None = None,
        *,
        code: str | None = None,
        **values: Any,
    ) -> None:
        self.template = template
        self.values = values
        self.path = str(path) if path is not None else None
        if code is not None:
            self.code = code
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The English message, without the path."""
        try:
            return self.template.format(**self.values)
        except (KeyError, IndexError, ValueError):
            return self.template

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_json(self) -> dict[str, Any]:
        """The `{"code", "message", "path"}` object that `--json` prints inside `{"error": ...}`."""
        return {"code": self.code, "message": self.message, "path": self.path}


class InputError(StudioError):
    """The input cannot be used at all: missing, unreadable, not a video, bad arguments."""

    code = "bad_input"


class MediaError(InputError):
    """A media file is not a usable video (not a video, truncated, no video stream, undecodable)."""

    code = "bad_media"


class ProjectFileError(InputError):
    """A project file cannot be read (not JSON, wrong shape, from a newer version of the app)."""

    code = "bad_project"


class ValidationError(StudioError):
    """The input was read but breaks one or more rules; `problems` holds each broken rule when the raiser
    checked them all (the message names the first, or counts them)."""

    code = "invalid"
    problems: Sequence[Problem] = ()


class PlatformError(StudioError):
    """The network is down or the platform refused the request."""

    code = "platform"


class MachineError(StudioError):
    """This computer failed: disk full, a tool missing or crashing, a timeout."""

    code = "machine"


class Cancelled(StudioError):
    """The person cancelled the work; nothing partial was left behind."""

    code = "cancelled"

    def __init__(self, path: str | PathLike[str] | None = None) -> None:
        super().__init__(QT_TRANSLATE_NOOP("errors", "cancelled"), path)
