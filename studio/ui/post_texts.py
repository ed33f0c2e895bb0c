"""How the platform's word on a post reads in the person's language: its review status and the problems it
found on a live post. Every list that shows a post (My Posts, the upload queue, the review queue) asks here.

Must not hold: the rules' own sentences (`core.popup_rules`, `core.popup_product`), fetching posts."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from studio.core import popup_product, popup_rules
from studio.core.display_text import one_line
from studio.platform.posts import PostProblem
from studio.ui.errors import translated
from studio.ui.locale_format import date_text


def post_problem_text(problem: PostProblem) -> str:
    """A problem the platform found on a live post, in the UI language when the app knows the rule's sentence."""
    since = str(problem.values.get("since") or "")
    if problem.code == "product_sold_out" and since:
        return QCoreApplication.translate("PostsPanel", "Product {sku} sold out since {date}: a viewer who taps the "
                                                        "popup cannot buy it").format(
            sku=problem.values.get("sku", ""), date=date_text(since))
    template = popup_product.TEMPLATES.get(problem.code) or popup_rules.TEMPLATES.get(problem.code)
    return one_line(translated(template, problem.values, problem.message) if template else problem.message)


def post_status_text(status: str) -> str:
    """A post's platform status (docs/platform.md) in the UI language, for every list that shows one."""
    return {
        "processing": QCoreApplication.translate("PostStatus", "Processing"),
        "in_review": QCoreApplication.translate("PostStatus", "In review"),
        "approved": QCoreApplication.translate("PostStatus", "Approved"),
        "rejected": QCoreApplication.translate("PostStatus", "Rejected"),
        "withdrawn": QCoreApplication.translate("PostStatus", "Withdrawn"),
        "replaced": QCoreApplication.translate("PostStatus", "Replaced"),
    }.get(status, status)
