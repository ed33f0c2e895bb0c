<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>Open a video or a project (Ctrl+O), or drop a file here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;In Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set &amp;Out Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear In and Out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous Frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next Frame</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Back 1 Second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Forward 1 Second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play Backward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play Forward</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to End</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to Time…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Task</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{name}[*] — Good Circle Studio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a video or project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Videos and projects ({patterns})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save project</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good Circle projects (*{suffix})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Autosave failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them first?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Good Circle Studio closed before “{name}” was saved. Its autosave from {time} can be recovered.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Recover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Discard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set In Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set Out Point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In {start} · Out {end} · {length}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{fps} fps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (variable)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{frames} frames</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rotated {degrees}°</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>interlaced</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HDR</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>RelinkDialog</name>
    <message>
        <source>Find the moved video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The project&apos;s video “{name}” is no longer at {where}. Point to where it is now; only the same file is accepted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Found in the project&apos;s folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use Selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where is {name}?</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <source>Type a time such as 1:02.500, 62.5 or 62500ms and press Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not a time: {text}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>In point {time}: drag to change where the clip starts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Out point {time}: drag to change where the clip ends</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{time}: click or drag to seek; Ctrl+wheel to zoom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No clip loaded</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>the disk is full; nothing was changed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write the file: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the media file does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the media file: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not the project&apos;s file {expected}: its content differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} must be between 0 and 1, but it is {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} must be above 0 and at most 1, but it is {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} should be a path, but it is {found}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the trim has an in point ({value}) but no out point</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a Good Circle Studio project (no schema_version)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the schema_version {value} is not a version number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this project was made by a newer version of Good Circle Studio (file version {found}; this app reads up to {current})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} should be of type {expected}, but it is {found}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} is missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} must not be negative, but it is {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} must not be empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} must be one of {choices}, but it is {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{field} is not valid: {value}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file holds a JSON {found}, not a project object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the project file does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the project file: {reason}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a project file: it is not UTF-8 text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a project file: it is not valid JSON ({reason})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the project cannot be saved: {problem}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this recovery file is damaged ({field})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a video file, or damaged beyond reading</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is a still image, not a video</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file has no video stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the video stream holds no frames (truncated or damaged)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is truncated or damaged: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the video cannot be decoded: {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reading the file crashed the media reader; it is probably damaged or crafted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no file name was given</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is a folder, not a video file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>this is not a regular file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file cannot be read (permission denied)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the program {program} could not be started</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{program} took longer than {seconds} s and was stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{program} failed (exit {status}): {detail}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ffmpeg named by {source} is not an executable file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ffmpeg was not found: set it in Settings, set STUDIO_FFMPEG, or install imageio-ffmpeg</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{path}: {message}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
