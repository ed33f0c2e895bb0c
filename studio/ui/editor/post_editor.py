"""The post's text: title, description and hashtags, with the platform's limits checked live.

The counts are what a person counts (`core.post_text.char_count`: a Chinese character or a whole emoji is
one); every rule's problem is listed under the form in the person's language, and `pack` refuses a post
without a title by the same rules. Each edit is an undo step on the project's Document (typing in one field
merges into one step).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from studio.core.post_text import (
    DESCRIPTION_MAX,
    HASHTAG_MAX,
    HASHTAGS_MAX,
    TITLE_MAX,
    char_count,
    check_post_text,
    parse_hashtags,
)
from studio.core.problems import Problem
from studio.core.project import PostText
from studio.ui.editor.document import Document
from studio.ui.editor.undo_commands import SetPostText
from studio.ui.errors import translated


class PostEditor(QWidget):
    """Edits `document.project.post`; shows live counts and problems."""

    problemsChanged = Signal(int)
    """How many rules the text breaks now."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("postEditor")
        self.document = document
        self.problems: list[Problem] = []
        self._updating = False
        self.title = QLineEdit()
        self.title.setObjectName("postTitle")
        self.title.setPlaceholderText(self.tr("What the video is about (required)"))
        self.description = QPlainTextEdit()
        self.description.setObjectName("postDescription")
        self.description.setPlaceholderText(self.tr("A few sentences for the viewers"))
        self.description.setMaximumHeight(110)
        self.description.setTabChangesFocus(True)  # Tab moves on to the hashtags (keyboard navigation)
        self.hashtags = QLineEdit()
        self.hashtags.setObjectName("postHashtags")
        self.hashtags.setPlaceholderText(self.tr("#好物 #测评 (up to {count})").format(count=HASHTAGS_MAX))
        self.title_count = QLabel()
        self.description_count = QLabel()
        self.hashtag_count = QLabel()
        self.problem_list = QLabel()
        self.problem_list.setObjectName("postProblems")
        self.problem_list.setWordWrap(True)
        self.problem_list.setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        form.addRow(self.tr("Title:"), self.title)
        form.addRow("", self.title_count)
        form.addRow(self.tr("Description:"), self.description)
        form.addRow("", self.description_count)
        form.addRow(self.tr("Hashtags:"), self.hashtags)
        form.addRow("", self.hashtag_count)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem_list)
        layout.addStretch(1)
        self.title.textEdited.connect(self._on_title)
        self.description.textChanged.connect(self._on_description)
        self.hashtags.textEdited.connect(self._on_hashtags)
        document.postChanged.connect(self.refresh)
        document.loaded.connect(self.refresh)
        self.refresh()

    def _push(self, post: PostText, key: str) -> None:
        if post == self.document.project.post:
            return
        self.document.push(SetPostText(self.document, post, self.tr("Edit post text"), merge_key=key))

    def _current(self) -> PostText:
        post = self.document.project.post
        return PostText(title=post.title, description=post.description, hashtags=list(post.hashtags))

    def _on_title(self, text: str) -> None:
        post = self._current()
        post.title = text
        self._push(post, "title")

    def _on_description(self) -> None:
        if self._updating:
            return
        post = self._current()
        post.description = self.description.toPlainText()
        self._push(post, "description")

    def _on_hashtags(self, text: str) -> None:
        post = self._current()
        post.hashtags = parse_hashtags(text)
        self._push(post, "hashtags")

    def refresh(self) -> None:
        """Show the project's text (after an undo, a load) and check it."""
        post = self.document.project.post
        self._updating = True
        if self.title.text() != post.title:
            self.title.setText(post.title)
        if self.description.toPlainText() != post.description:
            self.description.setPlainText(post.description)
        if parse_hashtags(self.hashtags.text()) != post.hashtags:
            self.hashtags.setText(" ".join(f"#{tag}" for tag in post.hashtags))
        self._updating = False
        self.title_count.setText(self.tr("{count}/{limit} characters").format(count=char_count(post.title.strip()),
                                                                             limit=TITLE_MAX))
        self.description_count.setText(self.tr("{count}/{limit} characters").format(
            count=char_count(post.description), limit=DESCRIPTION_MAX))
        self.hashtag_count.setText(self.tr("{count}/{limit} hashtags, each at most {each} characters").format(
            count=len(post.hashtags), limit=HASHTAGS_MAX, each=HASHTAG_MAX))
        self.problems = check_post_text(post)
        self.problem_list.setText("\n".join("• " + translated(p.template, p.values, p.message)
                                            for p in self.problems))
        self.problem_list.setStyleSheet("color: #ff6b6b;" if self.problems else "")
        self.problemsChanged.emit(len(self.problems))
