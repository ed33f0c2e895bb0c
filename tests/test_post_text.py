"""Post text limits, counted as a person counts Chinese, emoji and mixed text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.core.post_text import (
    DESCRIPTION_MAX,
    HASHTAG_MAX,
    TITLE_MAX,
    char_count,
    check_post_text,
    normalise_hashtag,
    parse_hashtags,
)
from studio.core.project import PostText

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # man ZWJ woman ZWJ girl: one emoji
FLAG = "\U0001f1e8\U0001f1f3"  # regional indicators C N: one flag
THUMB = "\U0001f44d\U0001f3fd"  # thumbs up + skin tone
HEART = "\u2764\ufe0f"  # heart + variation selector


def codes(post: PostText) -> list[str]:
    return [p.code for p in check_post_text(post)]


@pytest.mark.parametrize(("text", "count"), [
    ("好物推荐", 4),
    ("abc", 3),
    (FAMILY, 1),
    (FLAG, 1),
    (THUMB, 1),
    (HEART, 1),
    ("e\u0301", 1),  # e + combining acute
    (f"夏日{FAMILY}好物{FLAG}OK", 8),
])
def test_char_count_counts_what_a_person_sees(text: str, count: int) -> None:
    assert char_count(text) == count


def test_title_limits_in_chinese_and_emoji() -> None:
    assert codes(PostText(title="夏" * TITLE_MAX)) == []
    assert codes(PostText(title="夏" * (TITLE_MAX + 1))) == ["post_title_too_long"]
    # 55 family emoji are 55 characters though they are 275 code points
    assert codes(PostText(title=FAMILY * TITLE_MAX)) == []
    assert codes(PostText(title=FAMILY * TITLE_MAX + "!")) == ["post_title_too_long"]
    mixed = ("好物" + THUMB + "ok") * 11  # 5 per repeat = 55
    assert char_count(mixed) == 55 and codes(PostText(title=mixed)) == []


@pytest.mark.parametrize("title", ["", "   ", "\n"])
def test_a_post_needs_a_title(title: str) -> None:
    assert codes(PostText(title=title)) == ["post_title_missing"]


def test_description_limit() -> None:
    assert codes(PostText(title="t", description="字" * DESCRIPTION_MAX)) == []
    problems = check_post_text(PostText(title="t", description=FLAG * (DESCRIPTION_MAX + 1)))
    assert [p.code for p in problems] == ["post_description_too_long"]
    assert problems[0].values == {"count": DESCRIPTION_MAX + 1, "limit": DESCRIPTION_MAX}
    assert "1001" in problems[0].message


def test_hashtags_count_length_form_and_duplicates() -> None:
    assert codes(PostText(title="t", hashtags=["好物", "#测评", "＃开箱", "a", "b"])) == []
    assert codes(PostText(title="t", hashtags=list("abcdef"))) == ["post_too_many_hashtags"]
    assert codes(PostText(title="t", hashtags=["好" * HASHTAG_MAX])) == []
    assert codes(PostText(title="t", hashtags=["好" * (HASHTAG_MAX + 1)])) == ["post_hashtag_too_long"]
    assert codes(PostText(title="t", hashtags=["two words"])) == ["post_hashtag_invalid"]
    assert codes(PostText(title="t", hashtags=["#"])) == ["post_hashtag_invalid"]
    assert codes(PostText(title="t", hashtags=["a#b"])) == ["post_hashtag_invalid"]
    assert codes(PostText(title="t", hashtags=["OK", "#ok"])) == ["post_hashtag_duplicate"]


@pytest.mark.parametrize("text", [
    "看这里 https://example.com/x", "http://a.b", "www.taobao.com", "买 shop.example.cn/item?id=1",
    "链接jd.com", "HTTPS://EXAMPLE.ORG",
])
def test_links_are_refused(text: str) -> None:
    assert "post_link" in codes(PostText(title=text))
    assert "post_link" in codes(PostText(title="t", description=text))


@pytest.mark.parametrize("text", ["3.5折 到手价9.9元", "v1.2 版本", "e.g. 好用", "邮箱 a@b.com 不算链接吗", "1.5kg装"])
def test_ordinary_text_is_not_a_link(text: str) -> None:
    assert "post_link" not in codes(PostText(title="t", description=text))


def test_problems_name_where_they_are() -> None:
    problems = check_post_text(PostText(title="", description="www.x.com", hashtags=["ok", "a b"]))
    assert [(p.code, p.path) for p in problems] == [
        ("post_title_missing", "post.title"),
        ("post_link", "post.description"),
        ("post_hashtag_invalid", "post.hashtags[1]"),
    ]
    assert all(p.to_json()["severity"] == "error" for p in problems)


def test_hashtag_parsing() -> None:
    assert parse_hashtags("#好物 #测评, 开箱，夏天、#ok#two") == ["好物", "测评", "开箱", "夏天", "ok", "two"]
    assert normalise_hashtag("  ＃好物 ") == "好物"
    assert parse_hashtags("   ") == []


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=80))
def test_count_never_exceeds_code_points_and_title_rule_matches_count(text: str) -> None:
    count = char_count(text)
    assert count <= len(text)
    too_long = "post_title_too_long" in codes(PostText(title=text))
    assert too_long == (bool(text.strip()) and char_count(text.strip()) > TITLE_MAX)


@pytest.mark.parametrize("bad", ["\x00", "\u202e", "\u2066", "\x1b", "\ud800"])
def test_control_and_bidi_characters_are_refused_in_every_text(bad: str) -> None:
    post = PostText(title=f"t{bad}gpj.exe", description=f"a{bad}", hashtags=[f"好{bad}物"])
    assert [(p.code, p.path) for p in check_post_text(post) if p.code == "post_bad_character"] == [
        ("post_bad_character", "post.title"), ("post_bad_character", "post.description"),
        ("post_bad_character", "post.hashtags[0]")]
    assert codes(PostText(title="t", description="line one\nline two\tand a tab")) == []
