"""Reading posts back in the tests: each helper fails with what is missing instead of an AttributeError on None."""

from __future__ import annotations

from studio.platform.posts import Post
from studio.platform.upload import UploadResult
from studio.ui.account.posts_panel import PostsPanel


def posted_id(result: UploadResult) -> str:
    """The post an upload made."""
    assert result.post_id is not None, "the upload made no post"
    return result.post_id


def listed_post(panel: PostsPanel, post_id: str) -> Post:
    """The post `post_id` as the panel lists it."""
    post = panel.post(post_id)
    assert post is not None, f"the panel does not list post {post_id}"
    return post


def selected_post(panel: PostsPanel) -> Post:
    """The post selected in the panel."""
    post = panel.selected_post()
    assert post is not None, "no post is selected"
    return post
