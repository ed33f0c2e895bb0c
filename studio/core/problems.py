"""One broken rule as a value: a stable code, an English template with its values, severity and where.

Every rule result in the app is one: post text, applet links, popup rules (`PopupProblem`, with the popup's
id), the platform profile, review checks, package findings, pack notes and the finder's notes. The UI
translates `template` in the "errors" context (studio/ui/errors.py `translated`) and the CLI prints
`message`. Templates are marked with `QT_TRANSLATE_NOOP("errors", ...)` where the rule module defines them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One broken rule. `path` says where (a JSON-pointer-like "post.title" or a file member)."""

    code: str
    template: str
    values: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity = "error"
    path: str | None = None

    @property
    def message(self) -> str:
        """The English sentence."""
        try:
            return self.template.format(**self.values)
        except (KeyError, IndexError, ValueError):
            return self.template

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "code": self.code, "message": self.message, "severity": self.severity}


@dataclass(frozen=True)
class PopupProblem(Problem):
    """A problem about one popup (the popup rules, pack notes): the same value with the popup's id, so the UI
    can select and show the popup it is about."""

    popup_id: str | None = None
