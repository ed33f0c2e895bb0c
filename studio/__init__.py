"""Good Circle Studio: a desktop studio for shoppable short videos.

The package is layered (see docs/architecture.md): `core` (pure rules and models), `media`
(ffmpeg/PyAV/OpenCV adapters), `platform` (HTTP client), `render` (QtGui painting), `jobs` (one function
per job), `ui` (widgets), `sandbox` (the reference server) and `cli`.
"""

__version__ = "0.1.0"
