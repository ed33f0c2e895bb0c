"""Help > User Guide: a short guide per role, in the person's language (the long one is the README)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget


class UserGuideDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("userGuide")
        self.setWindowTitle(self.tr("User Guide"))
        self.resize(720, 600)
        text = QTextBrowser()
        text.setObjectName("guideText")
        text.setOpenExternalLinks(False)
        parts = [
            self.tr("<h2>Creators</h2>"),
            self.tr("<p><b>Open</b> a phone video or a project (Ctrl+O, or drop it on the window). "
                    "<b>Trim</b>: I and O set the in and out points at the playhead; Left and Right step one frame; "
                    "J, K and L shuttle; Ctrl+K snaps to keyframes.</p>"),
            self.tr("<p><b>Cover</b>: pick a frame or import a picture, crop it to 3:4 or 9:16, write a title; "
                    "\"Suggest covers\" proposes the best frames.</p>"),
            self.tr("<p><b>Popups</b>: search the Products panel and press \"Add popup\" to tag a product at the "
                    "playhead; drag the blocks under the timeline to move or resize them; \"Find products\" "
                    "proposes where each product is on screen. The Problems panel lists every broken rule.</p>"),
            self.tr("<p><b>Post</b> and <b>Sound</b>: the title, description and hashtags; mute, loudness and "
                    "music. <b>Pack for Upload</b> (Ctrl+Shift+E) writes the package; <b>Upload Package</b> "
                    "(Ctrl+U) sends it, and the upload continues after a lost network or a restart. "
                    "<b>My Posts</b> shows the review: a rejected post's notes open their popup, and "
                    "\"Fix and send again\" replaces it.</p>"),
            self.tr("<h2>Keyboard</h2>"),
            self.tr("<p>Ctrl+1 to Ctrl+8 go to a panel (View &gt; Go to Panel); Tab walks through it and Enter "
                    "picks; Esc gives the keys back to the timeline, and pressed there cancels the running task. "
                    "On the timeline Space plays and + and - zoom; in the popup lanes Up and Down select a popup. "
                    "A panel can float in its own window: double-click its title.</p>"),
            self.tr("<h2>Merchants</h2>"),
            self.tr("<p>Window &gt; Listings (Ctrl+Shift+L): link the store applet, import the shop's CSV export "
                    "(a dry run lists every bad row), edit prices and promotions, then Push to the platform.</p>"),
            self.tr("<h2>Reviewers</h2>"),
            self.tr("<p>Window &gt; Review Queue, or File &gt; Open Package for Review (Ctrl+Shift+O): the package "
                    "is checked first, then plays as a phone shows it. N and P jump between popups, S shows the "
                    "safe zones, a click on a card shows what WeChat would open. Choose approve or reject, write "
                    "notes, and save the report or send it to the platform.</p>"),
            self.tr("<h2>Account</h2>"),
            self.tr("<p>The app runs a local sandbox platform and logs you in as creator, merchant and reviewer. "
                    "The Account menu logs in to another server, switches account or logs out; tokens are kept "
                    "in the system keyring only.</p>"),
        ]
        text.setHtml("".join(parts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(buttons)
