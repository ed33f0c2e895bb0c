"""Subcommands of `studio` that live in their own module, one per area (pack, sandbox, upload, listings...).

Each module has `register(sub)`, which adds its subparsers to the `studio` parser and sets `func` on
each; `studio.cli.COMMAND_MODULES` lists them. The conventions (stdout result, `--json`, exit codes)
are `studio.cli`'s: handlers use `studio.cli.print_result` and `progress_printer` and raise the
project's own errors, which `studio.cli.main` turns into messages and exit codes.
"""
