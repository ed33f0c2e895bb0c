"""Media adapters: ffmpeg (through `runner`), PyAV and OpenCV. No Qt here.

Untrusted files are probed out of process first (`probe`), so a crafted file can crash a child, never the
app; only then do PyAV or OpenCV open them in process (`frames`, `filmstrip`).
"""
