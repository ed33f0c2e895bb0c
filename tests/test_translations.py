"""The Simplified Chinese translation: current with the source, complete, placeholder-safe, and compiled.

Uses installers/build_translations.py (the same lupdate / lrelease calls the set-up and builds make).
"""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest
from PySide6.QtCore import QTranslator

ROOT = Path(__file__).resolve().parents[1]
TS = ROOT / "resources" / "i18n" / "zh_CN.ts"
QM = TS.with_suffix(".qm")

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# An accelerator is "&" followed by a character other than "&" (a literal ampersand is written "&&").
ACCELERATOR = re.compile(r"&([^&])")


def _load_build_translations() -> ModuleType:
    path = ROOT / "installers" / "build_translations.py"
    spec = importlib.util.spec_from_file_location("build_translations", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


bt = _load_build_translations()


def _messages(ts: Path) -> list[tuple[str, str, ET.Element]]:
    """(context, source, <translation> element) of every message in `ts`."""
    out = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None, f"{name}: {message.findtext('source')!r} has no <translation>"
            out.append((name, message.findtext("source") or "", translation))
    return out


def _translation_text(translation: ET.Element) -> str:
    forms = translation.findall("numerusform")
    if forms:
        return "\n".join(form.text or "" for form in forms)
    return translation.text or ""


MESSAGES = _messages(TS)


@pytest.fixture(scope="module")
def compiled_qm(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """zh_CN.ts compiled by lrelease into a temporary folder."""
    out = tmp_path_factory.mktemp("qm")
    compiled = {qm.name: qm for qm in bt.compile_qm(out)}
    return compiled[QM.name]


def test_ts_is_current_with_the_source(tmp_path: Path) -> None:
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    subprocess.run([bt._tool("pyside6-lupdate"), "-no-obsolete", "-locations", "none", *bt.sources(),
                    "-ts", str(copy)], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    committed = {(context, source) for context, source, _ in MESSAGES}
    collected = {(context, source) for context, source, _ in _messages(copy)}
    added = sorted(collected - committed)
    assert not added, (f"strings in studio/ missing from {TS.name} (run installers/build_translations.py "
                       f"--update, then translate them): {added}")
    gone = sorted(committed - collected)
    assert not gone, (f"strings in {TS.name} no longer in studio/ (run installers/build_translations.py "
                      f"--update): {gone}")


def test_every_message_is_translated() -> None:
    assert MESSAGES
    problems = [(context, source, translation.get("type"))
                for context, source, translation in MESSAGES
                if translation.get("type") is not None or not _translation_text(translation).strip()]
    assert not problems, f"unfinished, obsolete or empty translations: {problems}"


def _accelerators(text: str) -> list[str]:
    return [key.upper() for key in ACCELERATOR.findall(text)]


def _mismatches(kept: Callable[[str, str], bool]) -> list[str]:
    """Every message whose translation fails `kept(source, text)`, one line each: one walk over the catalogue
    reports every wrong entry at once (a test per entry would cost a test's overhead 979 times over)."""
    texts = [(context, source, _translation_text(translation)) for context, source, translation in MESSAGES]
    assert texts, f"{TS.name} holds no messages"
    return [f"\n  {context}: {source!r} -> {text!r}" for context, source, text in texts if not kept(source, text)]


def test_placeholders_match() -> None:
    wrong = _mismatches(lambda source, text: sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)))
    assert not wrong, f"{len(wrong)} translation(s) whose {{placeholders}} differ from the source:" + "".join(wrong)


def test_accelerators_kept() -> None:
    wrong = _mismatches(lambda source, text: _accelerators(text) == _accelerators(source))
    assert not wrong, (f"{len(wrong)} translation(s) whose &accelerators differ from the source (a literal "
                       "ampersand is written &&):" + "".join(wrong))


def test_title_marker_kept() -> None:
    wrong = _mismatches(lambda source, text: text.count("[*]") == source.count("[*]"))
    assert not wrong, f"{len(wrong)} translation(s) that add or drop the [*] title marker:" + "".join(wrong)


def test_compiled_qm_is_up_to_date(compiled_qm: Path) -> None:
    # the app loads this file: missing means the Chinese UI is missing, so it fails like a stale one
    assert QM.exists(), f"{QM.relative_to(ROOT)} is not built: run installers/build_translations.py"
    assert compiled_qm.read_bytes() == QM.read_bytes(), (
        f"{QM.relative_to(ROOT)} is stale: run installers/build_translations.py")


def test_translator_returns_chinese(qapp, compiled_qm: Path) -> None:
    translator = QTranslator()
    assert translator.load(str(compiled_qm))
    assert translator.translate("Menus", "&File") == "文件(&F)"
    assert translator.translate("errors", "{path}: {message}") == "{path}：{message}"
