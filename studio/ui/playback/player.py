"""The player: QtMultimedia playback, exact frames from the frame server when paused or stepping.

While playing, QMediaPlayer decodes and a QVideoSink hands frames to the `VideoView`. When paused,
stepping or scrubbing, the picture comes from `studio.media.frames.FrameServer` (off the GUI thread,
requests coalesced so scrubbing never queues up), so the frame shown at T is exactly the project's
"frame at T". Sources Qt cannot decode (AV1: QMediaPlayer plays 0 frames and raises no error) are noticed
and shown from the frame server during playback too. Reverse play (J) steps back through the frame
server on a timer. Positions are source-time integer ms. Every frame goes to the view with its own time, so
the popup overlay the view draws is the one of the frame on screen.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QElapsedTimer, QLoggingCategory, QObject, QTimer, QUrl, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer, QVideoFrame, QVideoSink

from studio.core import timeline
from studio.core.media_info import MediaInfo
from studio.media.frames import FrameServer
from studio.ui.playback.video_view import VideoView
from studio.ui.workers import Kind, Task, run_task

FRAME_BOX = (960, 960)
"""Paused frames are decoded to fit this box (the view scales them): the scrub proxy's size (540 px on the
short side), so stepping and scrubbing read the all-intra proxy once it exists (about 1.5 ms a frame
instead of about 140 ms p95 from the source; tests/benchmarks/bench_frames.py)."""
MAX_RATE = 4.0
SINK_GRACE_MS = 600
QUIET_FFMPEG_RULES = "qt.multimedia.ffmpeg.mediadataholder.info=false"
"""Qt's FFmpeg backend prints the container's stream dump (av_dump_format, "Input #0, mov...") at info level on
every open; that is noise on a person's terminal. QT_LOGGING_RULES in the environment still overrides this."""


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """A QImage that owns a copy of an RGB uint8 array (safe to hand across threads), made on the worker in the
    format the painter scales fastest: a 540x960 frame fitted into the view took 2 ms a paint from RGB888 (Qt
    converts it each time) and 0.7 ms from RGB32."""
    height, width, _ = rgb.shape
    data = np.ascontiguousarray(rgb)
    return QImage(data.data, width, height, width * 3, QImage.Format.Format_RGB888).convertToFormat(
        QImage.Format.Format_RGB32)


class Player(QObject):
    """Playback state and frame delivery for one `VideoView`; owns no widgets besides the view it is given."""

    positionChanged = Signal(int)
    playingChanged = Signal(bool)
    frameShown = Signal(int)
    """The source time of the exact frame now on screen (after a seek or step has been decoded)."""
    errorOccurred = Signal(str)

    def __init__(self, view: VideoView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.view = view
        self.info: MediaInfo | None = None
        self.server: FrameServer | None = None
        self._times: Sequence[int] = ()
        self._position = 0
        self._rate = 0.0  # 0 paused, >0 forward (QMediaPlayer), <0 reverse (timer)
        self._in_flight: Task | None = None
        self._pending: int | None = None
        self._sink_frames = 0
        self._sink_dead = False
        self._shut_down = False
        QLoggingCategory.setFilterRules(QUIET_FFMPEG_RULES)
        self._media = QMediaPlayer(self)
        self._audio = QAudioOutput(self)
        self._media.setAudioOutput(self._audio)
        self._sink = QVideoSink(self)
        self._media.setVideoSink(self._sink)
        self._sink.videoFrameChanged.connect(self._on_sink_frame)
        self._media.positionChanged.connect(self._on_media_position)
        self._media.mediaStatusChanged.connect(self._on_media_status)
        self._media.errorOccurred.connect(self._on_media_error)
        self._reverse = QTimer(self)
        self._reverse.timeout.connect(self._reverse_tick)
        self._reverse_clock = QElapsedTimer()
        self._sink_check = QTimer(self)
        self._sink_check.setSingleShot(True)
        self._sink_check.timeout.connect(self._check_sink)

    # --- media -------------------------------------------------------------------------------------------

    def set_media(self, info: MediaInfo, server: FrameServer) -> None:
        self.clear()
        self.info = info
        self.server = server
        self._times = server.frame_times_ms
        self._media.setSource(QUrl.fromLocalFile(info.path))
        self.seek(0)

    def clear(self) -> None:
        self.pause()
        self._media.setSource(QUrl())
        if self.server is not None:
            self.server.close()
        self.info = None
        self.server = None
        self._times = ()
        self._set_position(0)  # said, so the time field and the playhead of the next clip agree at 0
        self._sink_frames = 0
        self._sink_dead = False
        self.view.set_image(None)

    def shutdown(self) -> None:
        """Stop for good (the window is closing): no more signals from the media thread reach us."""
        if self._shut_down:
            return
        self._shut_down = True
        self.clear()
        self._media.stop()
        self._sink.videoFrameChanged.disconnect(self._on_sink_frame)
        self._media.positionChanged.disconnect(self._on_media_position)
        self._media.mediaStatusChanged.disconnect(self._on_media_status)
        self._media.errorOccurred.disconnect(self._on_media_error)
        self._media.setVideoSink(None)  # type: ignore[arg-type]  # Qt takes nullptr (detach); the stub says no

    @property
    def frame_times(self) -> Sequence[int]:
        return self._times

    @property
    def position(self) -> int:
        return self._position

    @property
    def playing(self) -> bool:
        return self._rate != 0

    @property
    def rate(self) -> float:
        return self._rate

    # --- transport ---------------------------------------------------------------------------------------

    def seek(self, ms: int) -> None:
        """Show the frame at `ms` (clamped to the clip); keeps playing if playing forward."""
        if self.info is None:
            return
        ms = max(0, min(int(ms), self.info.duration_ms - 1))
        if self._rate > 0:
            self._media.setPosition(ms)
            self._set_position(ms)
            return
        self._set_position(self._times[timeline.frame_index_at(self._times, ms)] if self._times else ms)
        self._request_frame(self._position)

    def step(self, frames: int) -> None:
        """Pause and move `frames` frames (negative: back) from the frame shown now."""
        if self.info is None:
            return
        self.pause()
        self.seek(timeline.step(self._times, self._position, frames))

    def jump(self, ms: int) -> None:
        self.seek(self._position + ms)

    def play(self, rate: float = 1.0) -> None:
        if self.info is None:
            return
        self._reverse.stop()
        if rate < 0:
            self._media.pause()
            self._rate = rate
            self._reverse_clock.start()
            self._reverse.start(max(10, int(1000 / max(self.info.avg_fps, 1) / abs(rate))))
        else:
            if self._position >= self.info.duration_ms - 50:
                self._set_position(0)
            self._media.setPlaybackRate(rate)
            self._media.setPosition(self._position)
            self._rate = rate
            self._media.play()
            if not self._sink_dead:
                self._sink_frames = 0
                self._sink_check.start(SINK_GRACE_MS)
        self.playingChanged.emit(True)

    def pause(self) -> None:
        was_playing = self._rate != 0
        forward = self._rate > 0
        self._rate = 0.0
        self._reverse.stop()
        self._sink_check.stop()
        if forward:
            self._media.pause()
            self.seek(self._media.position())
        if was_playing:
            self.playingChanged.emit(False)

    def toggle(self) -> None:
        if self.playing:
            self.pause()
        else:
            self.play(1.0)

    def shuttle_forward(self) -> None:
        """L: play forward; pressed again, faster (up to 4x)."""
        self.play(min(self._rate * 2, MAX_RATE) if self._rate > 0 else 1.0)

    def shuttle_back(self) -> None:
        """J: play backward; pressed again, faster (up to 4x)."""
        self.play(max(self._rate * 2, -MAX_RATE) if self._rate < 0 else -1.0)

    # --- internals ---------------------------------------------------------------------------------------

    def _set_position(self, ms: int) -> None:
        if ms != self._position:
            self._position = ms
            self.positionChanged.emit(ms)

    def _request_frame(self, ms: int) -> None:
        if self.server is None:
            return
        if self._in_flight is not None:
            self._pending = ms
            return
        server = self.server

        def decode(_progress: object, _cancel: object) -> tuple[int, QImage]:
            frame = server.frame_at(ms, max_size=FRAME_BOX)
            return frame.time_ms, rgb_to_qimage(frame.image)

        self._in_flight = run_task(decode, on_done=self._on_frame, on_error=self._on_frame_error, owner=self,
                                  label="frame", kind=Kind.INTERACTIVE, priority=1)

    def _on_frame(self, result: tuple[int, QImage]) -> None:
        self._in_flight = None
        if self._shut_down:  # a decode that finished after the window closed: its view may be gone
            return
        time_ms, image = result
        if self._rate <= 0 or self._sink_dead:
            self.view.set_image(image, time_ms)
            self.frameShown.emit(time_ms)
        self._next_pending()

    def _on_frame_error(self, error: BaseException) -> None:
        self._in_flight = None
        if self._shut_down:
            return
        self.errorOccurred.emit(str(error))
        self._next_pending()

    def _next_pending(self) -> None:
        if self._pending is not None:
            ms, self._pending = self._pending, None
            self._request_frame(ms)

    def _on_media_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        self.errorOccurred.emit(message)

    def _on_sink_frame(self, frame: QVideoFrame) -> None:
        if self._rate <= 0 or not frame.isValid():
            return
        self._sink_frames += 1
        self.view.set_image(frame.toImage(), self._sink_frame_time(frame))

    def _sink_frame_time(self, frame: QVideoFrame) -> int:
        """The source time of a frame Qt plays: its presentation time rounded up to whole ms (docs/time.md),
        so the overlay draws the popups of the frame on screen, not of the clock's position."""
        start_us = frame.startTime()
        if start_us < 0:
            return self._media.position()
        return -(-start_us // 1000)

    def _check_sink(self) -> None:
        if self._rate > 0 and self._sink_frames == 0 and self._media.position() > 0:
            self._sink_dead = True  # Qt plays no picture (AV1 here): show frames from the frame server

    def _on_media_position(self, ms: int) -> None:
        if self._rate <= 0:
            return
        self._set_position(ms)
        if self._sink_dead:
            self._request_frame(ms)

    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._rate > 0:
            self._rate = 0.0
            self.playingChanged.emit(False)
            self.seek(self._times[-1] if self._times else 0)

    def _reverse_tick(self) -> None:
        if not self._times or self._position <= self._times[0]:
            self.pause()
            return
        # move by elapsed time so a slow decode drops frames instead of slowing the clock
        elapsed = self._reverse_clock.restart()
        target = self._position - max(1, int(elapsed * abs(self._rate)))
        index = min(timeline.frame_index_at(self._times, target),
                    timeline.frame_index_at(self._times, self._position) - 1)
        self._set_position(self._times[max(index, 0)])
        self._request_frame(self._position)
