"""`studio sandbox serve` and `studio sandbox token`: the local reference platform (docs/cli.md, "Server and
credentials").

`serve [--host 127.0.0.1] [--port 8765] [--data DIR] [--faults SPEC] [--check-media]` prints `serving on http://HOST:PORT`
on stdout when it answers (port 0 picks a free one) and runs until Ctrl-C. `token --user NAME --role R
[--role R2] [--data DIR] [--days N]` prints the new token alone on stdout; only its hash is stored.
Both use the same data folder (default: `sandbox` in the data folder under STUDIO_HOME).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from studio.cli import EXIT_CANCELLED, EXIT_OK, print_result


def cmd_serve(args: argparse.Namespace) -> int:
    from studio.sandbox.faults import Faults, parse_spec
    from studio.sandbox.server import SandboxServer
    from studio.sandbox.store import default_data_dir

    faults = Faults(enabled=True, plan=parse_spec(args.faults)) if args.faults is not None else None
    data = Path(args.data) if args.data else default_data_dir()
    server = SandboxServer(data, args.host, args.port, faults=faults, check_media=args.check_media)
    url = server.start()
    print_result(args, {"url": url, "data": str(data)}, f"serving on {url}")
    sys.stdout.flush()
    sys.stderr.write(f"studio: sandbox: data in {data}; a token: studio sandbox token --data {data} --user NAME"
                     " --role creator|merchant|reviewer\n")
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        sys.stderr.write(f"studio: sandbox: listening on {args.host}, reachable from other machines\n")
    try:
        server.wait()
    except KeyboardInterrupt:
        return EXIT_CANCELLED
    return EXIT_OK


def cmd_token(args: argparse.Namespace) -> int:
    from studio.sandbox.store import default_data_dir, make_token

    data = Path(args.data) if args.data else default_data_dir()
    token, user = make_token(data, args.user, args.role, ttl_seconds=args.days * 86400)
    print_result(args, {"token": token, "user": user.name, "roles": list(user.roles)}, token)
    return EXIT_OK


def register(sub: Any) -> None:
    sandbox = sub.add_parser("sandbox", help="the local reference platform server")
    actions = sandbox.add_subparsers(dest="sandbox_command", parser_class=type(sandbox), required=True)

    p = actions.add_parser("serve", help="run the sandbox server (Ctrl-C stops it)")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    p.add_argument("--port", type=int, default=8765, help="0 picks a free port (default 8765)")
    p.add_argument("--data", metavar="DIR", help="data folder (default: under STUDIO_HOME)")
    p.add_argument("--faults", metavar="SPEC", help="switch fault injection on, e.g. drop=1048576,status=503x2")
    p.add_argument("--check-media", action="store_true",
                   help="also probe each post's video and hold it to the platform profile, as the platform does")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_serve)

    p = actions.add_parser("token", help="make a user (or add roles) and print a new token for it")
    p.add_argument("--user", required=True, metavar="NAME")
    p.add_argument("--role", required=True, action="append", choices=("creator", "merchant", "reviewer"),
                   help="repeat for a person with several roles")
    p.add_argument("--days", type=int, default=90, help="how long the token lives (default 90)")
    p.add_argument("--data", metavar="DIR", help="data folder (default: under STUDIO_HOME)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_token)
