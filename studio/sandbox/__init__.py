"""The reference platform server: the same contract as the platform, local (SQLite + a folder).

Built by the platform issue; empty until then. Never imports ui, jobs, render or platform.
"""
