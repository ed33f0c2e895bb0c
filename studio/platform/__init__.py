"""HTTP client for the platform API, credentials (keyring) and resumable upload. No Qt.

Built by the platform issue; empty until then.
"""
