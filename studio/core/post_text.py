"""The post's text rules: title, description and hashtags as the platform limits them.

Lengths count what a person sees as one character: a Chinese character, a Latin letter and a whole emoji
(with its skin tone, a flag, a family joined by zero-width joiners) each count 1 (`regex`'s `\\X`, Unicode
extended grapheme clusters). Links are not allowed anywhere in the text: the feed shows no links, and the
platform refuses them. The editor checks live, `pack` refuses a post without a title, and the sandbox
server checks the same rules when a post is created.
"""

from __future__ import annotations

import regex

from studio.core.errors import QT_TRANSLATE_NOOP
from studio.core.problems import Problem
from studio.core.project import PostText
from studio.core.text_rules import bad_character

TITLE_MAX = 55
DESCRIPTION_MAX = 1000
HASHTAGS_MAX = 5
HASHTAG_MAX = 20

TEMPLATES: dict[str, str] = {
    "post_title_missing": QT_TRANSLATE_NOOP("errors", "the post has no title"),
    "post_title_too_long": QT_TRANSLATE_NOOP(
        "errors", "the title has {count} characters; at most {limit} are allowed"),
    "post_description_too_long": QT_TRANSLATE_NOOP(
        "errors", "the description has {count} characters; at most {limit} are allowed"),
    "post_too_many_hashtags": QT_TRANSLATE_NOOP("errors", "the post has {count} hashtags; at most {limit} are allowed"),
    "post_hashtag_too_long": QT_TRANSLATE_NOOP(
        "errors", "hashtag #{tag} has {count} characters; at most {limit} are allowed"),
    "post_hashtag_invalid": QT_TRANSLATE_NOOP(
        "errors", "hashtag \u201c{tag}\u201d is not one word: no spaces, no # inside, not empty"),
    "post_hashtag_duplicate": QT_TRANSLATE_NOOP("errors", "hashtag #{tag} is there twice"),
    "post_bad_character": QT_TRANSLATE_NOOP("errors", "the text holds the character {character}, which is not allowed"),
    "post_link": QT_TRANSLATE_NOOP("errors", "links are not allowed in the post: \u201c{link}\u201d"),
}

_GRAPHEME = regex.compile(r"\X")
_LINK = regex.compile(
    r"(?i)(?:https?://|www\.)\S+"
    r"|(?<![a-z0-9@._-])[a-z0-9][a-z0-9-]*(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|io|me|cc|top|xyz|shop|app|co|tv|vip|link)"
    r"(?![\w-])(?:/\S*)?"
)
_HASH_MARKS = "#\uff03"


def char_count(text: str) -> int:
    """How many characters a person counts in `text` (extended grapheme clusters)."""
    return len(_GRAPHEME.findall(text))


def normalise_hashtag(tag: str) -> str:
    """A hashtag as stored: surrounding spaces and the leading # (ASCII or full-width) removed."""
    return tag.strip().lstrip(_HASH_MARKS).strip()


def parse_hashtags(text: str) -> list[str]:
    """Hashtags typed in one line ("#好物 #测评, 开箱") as a list, in order, without the # marks."""
    parts = regex.split(r"[\s,，、]+|(?<=\S)(?=[#\uff03])", text)
    return [tag for tag in (normalise_hashtag(part) for part in parts) if tag]


def _problem(code: str, path: str, **values: object) -> Problem:
    return Problem(code, TEMPLATES[code], values, "error", path)


def check_post_text(post: PostText) -> list[Problem]:
    """Every broken text rule of `post`, in the order a person reads the form."""
    problems: list[Problem] = []
    title = post.title.strip()
    if not title:
        problems.append(_problem("post_title_missing", "post.title"))
    elif (count := char_count(title)) > TITLE_MAX:
        problems.append(_problem("post_title_too_long", "post.title", count=count, limit=TITLE_MAX))
    if (count := char_count(post.description)) > DESCRIPTION_MAX:
        problems.append(_problem("post_description_too_long", "post.description", count=count,
                                 limit=DESCRIPTION_MAX))
    for path, text, lines in (("post.title", title, False), ("post.description", post.description, True),
                              *((f"post.hashtags[{i}]", normalise_hashtag(tag), False)
                                for i, tag in enumerate(post.hashtags))):
        character = bad_character(text, lines=lines)
        if character is not None:
            problems.append(_problem("post_bad_character", path, character=character))
    for path, text in (("post.title", post.title), ("post.description", post.description)):
        problems.extend(_problem("post_link", path, link=match.group(0)) for match in _LINK.finditer(text))
    if len(post.hashtags) > HASHTAGS_MAX:
        problems.append(_problem("post_too_many_hashtags", "post.hashtags", count=len(post.hashtags),
                                 limit=HASHTAGS_MAX))
    seen: set[str] = set()
    for index, raw in enumerate(post.hashtags):
        path = f"post.hashtags[{index}]"
        tag = normalise_hashtag(raw)
        if not tag or regex.search(r"[\s#\uff03]", tag):
            problems.append(_problem("post_hashtag_invalid", path, tag=raw))
            continue
        if (count := char_count(tag)) > HASHTAG_MAX:
            problems.append(_problem("post_hashtag_too_long", path, tag=tag, count=count, limit=HASHTAG_MAX))
        if _LINK.search(tag):
            problems.append(_problem("post_link", path, link=tag))
        if tag.casefold() in seen:
            problems.append(_problem("post_hashtag_duplicate", path, tag=tag))
        seen.add(tag.casefold())
    return problems
