"""Build the FFmpeg the Linux folder ships: one set of FFmpeg libraries for the ffmpeg program, PyAV and OpenCV.

    python3 installers/ffmpeg_build.py      # prints the folder it built (or found in the cache)

The wheels bring FFmpeg twice: imageio-ffmpeg's static ffmpeg (165 MB, every library FFmpeg can link) and
PyAV's shared libraries (with x265, SVT-AV1, libvpx, ... encoders the app never uses). This builds the release
PyAV's wheel vendors (same library versions, so PyAV's and OpenCV's modules load it; installers/bundle.py
links their copies to it), as shared libraries, with the decoders and demuxers of what phones, cameras and the
web record, and only the encoders, muxers and filters the app asks for, plus libx264 (encoding), libdav1d (AV1
decoding) and zimg (`zscale`, the HDR tone map). See docs/decisions/linux-folder-size.md.

The output is cached in build/ffmpeg/<version>-<digest of the configuration>/: a rebuild with the same pins
takes no time. The source tarball is looked for in $FFMPEG_SOURCE, then build/ffmpeg/, then downloaded from
ffmpeg.org; its sha256 is checked against SHA256 either way (Debian's ffmpeg source package carries the same
file as its .orig.tar.xz). Build tools and libraries come from Debian (APT_PACKAGES); the system libraries the
build links are copied beside it, every file finds the others through RUNPATH=$ORIGIN. Standard library only,
so tests/test_installers.py can check the lists without building.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "build" / "ffmpeg"

VERSION = "8.1.2"  # the release PyAV's wheel vendors (av.library_versions: libavcodec 62.28.102)
TARBALL = f"ffmpeg-{VERSION}.tar.xz"
SHA256 = "464beb5e7bf0c311e68b45ae2f04e9cc2af88851abb4082231742a74d97b524c"
URL = f"https://ffmpeg.org/releases/{TARBALL}"
DEBIAN_TARBALL = f"ffmpeg_{VERSION}.orig.tar.xz"  # the same file, as Debian's source package names it

# Debian packages the build needs (installed when missing, as installers/dev.py installs Qt's).
APT_PACKAGES = ("build-essential", "nasm", "pkg-config", "patchelf", "libx264-dev", "libzimg-dev",
                "libdav1d-dev", "zlib1g-dev")

# What the app reads: what phones, cameras, screen recorders and the web record (the real clips of
# ../shared/media/real among them), the stills the app overlays, and music. Not every decoder FFmpeg has: each
# adds compile time and size, and an unknown codec is refused with a clear error by the probe.
DECODERS = (
    "wrapped_avframe",  # what `-f lavfi` hands over (the self-test's and the demo's sources)
    "h264", "hevc", "libdav1d", "vp8", "vp9", "mpeg4", "h263", "mpeg1video", "mpeg2video", "mjpeg", "prores",
    "dnxhd", "dvvideo", "vc1", "wmv3", "msmpeg4v3", "theora", "rawvideo", "png", "webp", "gif", "bmp",
    "aac", "aac_latm", "mp3", "mp3float", "mp2", "opus", "vorbis", "flac", "alac", "ac3", "eac3", "amrnb", "amrwb",
    "wmav2", "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be", "pcm_s32le", "pcm_f32le", "pcm_f64le", "pcm_u8",
    "pcm_mulaw", "pcm_alaw",
)
DEMUXERS = ("mov", "matroska", "avi", "mpegts", "mpegps", "flv", "asf", "dv", "h264", "hevc", "m4v", "mjpeg",
            "mpegvideo", "mp3", "aac", "ac3", "eac3", "amr", "wav", "aiff", "flac", "ogg", "rawvideo", "image2",
            "image_png_pipe", "image_jpeg_pipe", "image_webp_pipe", "gif")
PARSERS = ("h264", "hevc", "av1", "vp8", "vp9", "mpeg4video", "mpegvideo", "h263", "vc1", "mjpeg", "png",
           "webp", "gif", "bmp", "aac", "aac_latm", "mpegaudio", "opus", "vorbis", "flac", "ac3", "dvaudio")
# The bitstream filters the app names (h264_metadata) and those the muxers insert by themselves.
BSFS = ("h264_metadata", "h264_mp4toannexb", "hevc_mp4toannexb", "aac_adtstoasc", "extract_extradata",
        "vp9_superframe", "vp9_superframe_split", "null")
# What the app asks ffmpeg to write: studio/jobs and studio/media name these codecs and formats
# (`wrapped_avframe` and `pcm_s16le` are what `-f null` encodes to; `mjpeg` is the package's cover).
ENCODERS = ("libx264", "aac", "mjpeg", "pcm_s16le", "wrapped_avframe")
MUXERS = ("mp4", "mov", "matroska", "h264", "image2", "null", "s16le")
# Every filter a graph of studio/ names (tests/test_installers.py checks the list against the code), the
# lavfi sources of the self-test and the demo, and what ffmpeg inserts by itself: trim/atrim for -ss/-t,
# transpose/hflip/vflip/rotate for the display matrix, crop for container cropping, scale/format/aformat and
# aresample for format conversion, null/anull and apad.
FILTERS_CODE = ("adelay", "afade", "aformat", "amix", "anull", "apad", "aresample", "boxblur", "bwdif", "concat",
                "crop", "ebur128", "format", "fps", "loop", "loudnorm", "overlay", "scale", "setparams", "setpts",
                "setsar", "settb", "silencedetect", "split", "tonemap", "volume", "xfade", "zscale")
FILTERS_SOURCES = ("testsrc2", "sine", "anullsrc", "aevalsrc", "color")
FILTERS_INSERTED = ("trim", "atrim", "transpose", "hflip", "vflip", "rotate", "null")
FILTERS = tuple(sorted({*FILTERS_CODE, *FILTERS_SOURCES, *FILTERS_INSERTED}))
INDEVS = ("lavfi",)  # `-f lavfi`
PROTOCOLS = ("file", "pipe")  # the runner's whitelist (studio/media/runner.py)
EXTERNAL = ("libx264", "libzimg", "libdav1d")
# System libraries the build links that a desktop may lack, copied beside it: (soname prefix, Debian source
# package, licence, upstream).
BUNDLED = (
    ("libx264.so", "x264", "GPL-2.0-or-later", "https://code.videolan.org/videolan/x264"),
    ("libzimg.so", "zimg", "WTFPL", "https://github.com/sekrit-twc/zimg"),
    ("libdav1d.so", "dav1d", "BSD-2-Clause", "https://code.videolan.org/videolan/dav1d"),
)
MANIFEST = "build.json"  # installers/bundle.py reads it (FFMPEG_MANIFEST)
LIBRARIES = ("avutil", "swresample", "swscale", "avcodec", "avformat", "avfilter", "avdevice")


def configure_args(prefix: Path) -> list[str]:
    """FFmpeg's configure line: shared, GPL (libx264), nothing found on the machine by chance."""
    return [
        f"--prefix={prefix}", "--enable-shared", "--disable-static", "--enable-gpl",
        "--disable-debug", "--disable-doc", "--disable-programs", "--enable-ffmpeg",
        "--disable-autodetect", "--enable-pthreads", "--enable-zlib", "--disable-network",
        *(f"--enable-{name}" for name in EXTERNAL),
        "--disable-decoders", f"--enable-decoder={','.join(DECODERS)}",
        "--disable-demuxers", f"--enable-demuxer={','.join(DEMUXERS)}",
        "--disable-parsers", f"--enable-parser={','.join(PARSERS)}",
        "--disable-bsfs", f"--enable-bsf={','.join(BSFS)}",
        "--disable-encoders", f"--enable-encoder={','.join(ENCODERS)}",
        "--disable-muxers", f"--enable-muxer={','.join(MUXERS)}",
        "--disable-filters", f"--enable-filter={','.join(FILTERS)}",
        "--disable-indevs", f"--enable-indev={','.join(INDEVS)}", "--disable-outdevs",
        "--disable-protocols", f"--enable-protocol={','.join(PROTOCOLS)}",
    ]


def output_folder() -> Path:
    """The cache folder of the build the pins describe (its name changes with any of them)."""
    recipe = json.dumps([VERSION, SHA256, configure_args(Path("/prefix")), BUNDLED], sort_keys=True)
    return CACHE / f"{VERSION}-{hashlib.sha256(recipe.encode()).hexdigest()[:12]}"


def _say(text: str) -> None:
    print(f"[ffmpeg-build] {text}", file=sys.stderr, flush=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _source() -> Path:
    named = os.environ.get("FFMPEG_SOURCE")
    if named and not Path(named).is_file():
        raise SystemExit(f"FFMPEG_SOURCE={named}: no such file")
    candidates = [Path(named)] if named else [CACHE / TARBALL, CACHE / DEBIAN_TARBALL]
    tarball = next((path for path in candidates if path.is_file()), candidates[0])
    if not tarball.is_file():
        _say(f"downloading {URL}")
        CACHE.mkdir(parents=True, exist_ok=True)
        partial = tarball.with_suffix(".part")
        try:
            with urllib.request.urlopen(URL, timeout=120) as answer, open(partial, "wb") as file:
                shutil.copyfileobj(answer, file)
        except OSError as exc:
            raise SystemExit(f"{URL}: {exc}. Put the file in {CACHE}/ (Debian's source package of ffmpeg "
                             f"{VERSION} carries the same file as {DEBIAN_TARBALL}: `apt-get source "
                             f"--download-only ffmpeg` where a Debian release has it) or name it in "
                             "FFMPEG_SOURCE") from exc
        _checked(partial)  # before it takes the tarball's name: a bad download must not block the next build
        partial.replace(tarball)
    _checked(tarball)
    return tarball


def _checked(tarball: Path) -> None:
    found = _sha256(tarball)
    if found != SHA256:
        tarball.with_suffix(".part").unlink(missing_ok=True)
        raise SystemExit(f"{tarball}: sha256 {found}, expected {SHA256} (FFmpeg {VERSION})")


def _needed(path: Path) -> list[str]:
    out = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split("=>")[1].split("(")[0].strip() for line in out.splitlines() if "=>" in line]


def _package_version(library: Path) -> tuple[str, str]:
    """The Debian package that installed a system library, and its version."""
    owner = subprocess.run(["dpkg", "-S", str(library.resolve())], capture_output=True, text=True,
                           check=True).stdout.split(":")[0]
    version = subprocess.run(["dpkg-query", "-W", "-f=${Version}", owner], capture_output=True, text=True,
                             check=True).stdout
    return owner, version


def _assemble(stage: Path, out: Path) -> None:
    """The installed build reduced to what runs: the ffmpeg program and the libraries by their sonames, the
    system libraries it links beside them, and build.json (the libraries' versions, the licences). Every file
    finds the others through RUNPATH=$ORIGIN, and then `$ORIGIN/..`: in the app's folder that is where
    PyInstaller puts the system libraries it bundles (libstdc++, libz)."""
    out.mkdir(parents=True)
    shutil.copy2(stage / "bin" / "ffmpeg", out / "ffmpeg")
    libraries = {}
    for name in LIBRARIES:
        real = max((stage / "lib").glob(f"lib{name}.so.*.*.*"), key=lambda p: len(p.name))
        soname = re.sub(r"(\.so\.\d+)\..*", r"\1", real.name)  # libavcodec.so.62.28.102 -> libavcodec.so.62
        shutil.copy2(real, out / soname)
        libraries[soname] = [name, real.name.split(".so.", 1)[1]]
    components = [{"name": "FFmpeg", "version": VERSION, "licence": "GPL-2.0-or-later",
                   "source": URL, "note": "built by installers/ffmpeg_build.py"}]
    for prefix, source, licence, upstream in BUNDLED:
        found = {Path(p) for f in out.iterdir() for p in _needed(f) if Path(p).name.startswith(prefix)}
        if len(found) != 1:
            raise SystemExit(f"expected one {prefix}* among the build's libraries, found {sorted(found)}")
        library = found.pop()
        shutil.copy2(library.resolve(), out / library.name)
        package, version = _package_version(library)
        components.append({"name": source, "version": version, "licence": licence, "source": upstream,
                           "note": f"{library.name} from the Debian package {package}"})
    for path in out.iterdir():
        path.chmod(0o755)
        subprocess.run(["strip", "--strip-unneeded", str(path)], check=True)
        subprocess.run(["patchelf", "--set-rpath", "$ORIGIN:$ORIGIN/..", str(path)], check=True)
    unresolved = [f"{path.name}: {line.strip()}" for path in out.iterdir()
                  for line in subprocess.run(["ldd", str(path)], capture_output=True, text=True,
                                             check=True).stdout.splitlines() if "not found" in line]
    if unresolved:
        raise SystemExit("libraries not found: " + "; ".join(unresolved))
    manifest = {"version": VERSION, "configure": configure_args(Path("/prefix"))[1:], "libraries": libraries,
                "components": components}
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n")


def build() -> Path:
    """The built folder (made now, or found in the cache)."""
    out = output_folder()
    if (out / MANIFEST).is_file():
        _say(f"cached: {out}")
        return out
    dev = importlib.import_module("dev")  # this folder's setup script: apt-get as root, else the command

    if not dev.ensure_system_packages(list(APT_PACKAGES)):
        raise SystemExit("the FFmpeg build needs the Debian packages above")
    tarball = _source()
    # the compiled objects are kept: an interrupted make, or a changed list of components, goes on from there
    work = CACHE / f"work-{VERSION}"
    source = work / f"ffmpeg-{VERSION}"
    shutil.rmtree(out, ignore_errors=True)
    if not (source / "configure").is_file():
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        _say(f"unpacking {tarball.name}")
        subprocess.run(["tar", "-C", str(work), "-xf", str(tarball)], check=True)
    stage = work / "stage"
    _say("configure")
    subprocess.run(["./configure", *configure_args(stage)], cwd=source, check=True, stdout=subprocess.DEVNULL)
    jobs = str(min(2, os.cpu_count() or 1))
    _say(f"make -j{jobs} (niced; minutes)")
    subprocess.run(["nice", "-n", "10", "make", f"-j{jobs}"], cwd=source, check=True, stdout=subprocess.DEVNULL)
    shutil.rmtree(stage, ignore_errors=True)
    subprocess.run(["make", "install"], cwd=source, check=True, stdout=subprocess.DEVNULL)
    _assemble(stage, out)
    size = sum(p.stat().st_size for p in out.iterdir()) / 1e6
    _say(f"built {out} ({size:.0f} MB)")
    return out


if __name__ == "__main__":
    print(build())
