"""Readers of real Qt widgets for the tests: each returns what the test expects, or fails naming what is missing
where Qt's own lookup would return None."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QTreeWidget, QTreeWidgetItem

Child = TypeVar("Child", bound=QObject)


def child(parent: QObject, kind: type[Child], name: str | None = None) -> Child:
    """The child of `parent` of type `kind` (and object name `name`, when given: Qt matches "" only to an
    object without a name)."""
    found = parent.findChild(kind) if name is None else parent.findChild(kind, name)
    assert found is not None, f"{parent.objectName() or parent} has no {kind.__name__} {name or ''}"
    return found


def top_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The top-level rows of `tree`, in order."""
    items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
    return [item for item in items if item is not None]


def sub_items(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The rows under `item`, in order."""
    children = [item.child(i) for i in range(item.childCount())]
    return [c for c in children if c is not None]


def gui_app() -> QApplication:
    """The running QApplication (the qapp fixture makes it)."""
    app = QApplication.instance()
    assert isinstance(app, QApplication), "no QApplication is running"
    return app
