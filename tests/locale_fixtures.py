"""The UI locale in tests: every test starts in the app's English locale (en_US), whatever the machine's.

The app always sets `QLocale` before showing anything (`studio.ui.i18n.install_translator`), so tests do the
same rather than inherit the machine's LANG (C, de_DE, ...), which would change every number and date shown.
`ui_locale(name)` switches it inside a test; the default and any translators a test installed are put back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

TEST_LOCALE = "en_US"


def _remove_translators() -> None:
    app = QCoreApplication.instance()
    if app is None:
        return
    for translator in app.findChildren(QTranslator):
        app.removeTranslator(translator)
        translator.deleteLater()


@pytest.fixture(autouse=True)
def english_ui_locale() -> Iterator[None]:
    QLocale.setDefault(QLocale(TEST_LOCALE))
    yield
    QLocale.setDefault(QLocale(TEST_LOCALE))


@pytest.fixture
def ui_locale() -> Iterator[Callable[[str], None]]:
    """`ui_locale("zh_CN")` makes that the default locale (as the language switch does) for the test."""

    def switch(name: str) -> None:
        QLocale.setDefault(QLocale(name))

    yield switch
    _remove_translators()
    QLocale.setDefault(QLocale(TEST_LOCALE))
