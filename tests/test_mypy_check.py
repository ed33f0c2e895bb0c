"""installers/mypy_check.py: mypy's errors against the baseline (the step itself runs in installers/dev.py test)."""

from __future__ import annotations

from collections import Counter

from installers import mypy_check

OUTPUT = """\
studio/ui/a.py:10: error: Item "None" of "X | None" has no attribute "y"  [union-attr]
studio/ui/a.py:12: note: some note
studio/ui/a.py:40: error: Item "None" of "X | None" has no attribute "y"  [union-attr]
tests\\test_b.py:3:5: error: Incompatible types in assignment  [assignment]
Found 3 errors in 2 files (checked 2 source files)
"""
A = 'studio/ui/a.py: [union-attr] Item "None" of "X | None" has no attribute "y"'
B = "tests/test_b.py: [assignment] Incompatible types in assignment"


def test_errors_are_counted_without_their_lines() -> None:
    assert mypy_check.parse(OUTPUT) == Counter({A: 2, B: 1})


def test_an_error_beyond_the_baseline_is_new_and_a_missing_one_is_fixed() -> None:
    found = mypy_check.parse(OUTPUT)
    assert mypy_check.compare(found, Counter({A: 2, B: 1})) == ([], [])
    assert mypy_check.compare(found, Counter({A: 1, B: 1})) == ([A], [])  # a second one of the same kind
    assert mypy_check.compare(found, Counter({A: 2, B: 1, "x.py: [misc] gone": 1})) == ([], ["x.py: [misc] gone"])


def test_studio_core_has_no_baseline() -> None:
    core = "studio/core/c.py: [arg-type] Argument 1 has incompatible type"
    assert mypy_check.compare(Counter({core: 1}), Counter({core: 1})) == ([core], [])


def test_the_committed_baseline_is_as_update_writes_it_and_lists_nothing_in_studio_core() -> None:
    text = mypy_check.BASELINE.read_text(encoding="utf-8")
    baseline = mypy_check.read_baseline(text)
    assert text == mypy_check.HEADER + "".join(f"{entry}\n" for entry in sorted(baseline.elements()))
    assert not [entry for entry in baseline if entry.startswith(mypy_check.STRICT)]
    assert all(": [" in entry for entry in baseline)
