"""The reference platform server: the contract of resources/openapi.yaml, local (SQLite + a folder).

Never imports ui, jobs, render or platform (it is the other side of the wire); it checks packages and posts
with `core`'s rules. What others call:
- `server.SandboxServer(data_dir, host, port, faults=..., **settings)`: `.start() -> url`, `.stop()`, `.store`,
  `.faults` (the tests' `sandbox` fixture in tests/sandbox_fixtures.py wraps it); `settings` are `app.Settings`
  (quotas, timeouts, `allow_self_review`);
- `server.start_background_sandbox(data_dir) -> url`: the embedded default for the app's first run
  (port 8765, else a free one; once per process; its one local user may judge their own posts),
  `server.stop_background_sandbox()`;
- `store.make_token(data_dir, user, roles) -> (token, user)`: a token for a local user (only its hash is kept);
- `store.default_data_dir()`: where `studio sandbox serve` / `token` keep their state without `--data`.
Modules: `app` (routes, error body), `api` (auth, JSON bodies checked against the contract), `tus`
(uploads), `merchants` (applets, listings, images, catalog), `posts` (posts, review), `faults`, `store`.
"""
