"""The frozen app's entry point (installers/studio.spec): the same `studio` command as `python -m studio`.

With no argument it opens the app; `--self-test` checks the build without a screen; `--child MODULE` is how
the frozen app runs its media child processes (studio.media.runner.python_child_argv).
"""

import sys

from studio.cli import main

if __name__ == "__main__":
    sys.exit(main())
