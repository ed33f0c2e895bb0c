<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>MainWindow</name>
    <message>
        <source>Open a video or a project (Ctrl+O), or drop a file here</source>
        <translation>打开视频或项目（Ctrl+O），或将文件拖到此处</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;As…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Set &amp;In Point</source>
        <translation>设置入点(&amp;I)</translation>
    </message>
    <message>
        <source>Set &amp;Out Point</source>
        <translation>设置出点(&amp;O)</translation>
    </message>
    <message>
        <source>Clear In and Out</source>
        <translation>清除入点和出点</translation>
    </message>
    <message>
        <source>Snap In and Out to Keyframes</source>
        <translation>入点和出点吸附到关键帧</translation>
    </message>
    <message>
        <source>Cut only at keyframes, where a stream copy can cut exactly</source>
        <translation>只在关键帧处剪切，直接复制流时能精确剪切</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Previous Frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Next Frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Back 1 Second</source>
        <translation>后退 1 秒</translation>
    </message>
    <message>
        <source>Forward 1 Second</source>
        <translation>前进 1 秒</translation>
    </message>
    <message>
        <source>Play Backward</source>
        <translation>反向播放</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play Forward</source>
        <translation>正向播放</translation>
    </message>
    <message>
        <source>Go to Start</source>
        <translation>跳到开头</translation>
    </message>
    <message>
        <source>Go to End</source>
        <translation>跳到结尾</translation>
    </message>
    <message>
        <source>Go to Time…</source>
        <translation>跳转到时间…</translation>
    </message>
    <message>
        <source>Cancel Task</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>{name}[*] — Good Circle Studio</source>
        <translation>{name}[*] — Good Circle Studio</translation>
    </message>
    <message>
        <source>Open a video or project</source>
        <translation>打开视频或项目</translation>
    </message>
    <message>
        <source>Videos and projects ({patterns})</source>
        <translation>视频和项目 ({patterns})</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>所有文件 (*)</translation>
    </message>
    <message>
        <source>Opening {name}…</source>
        <translation>正在打开 {name}…</translation>
    </message>
    <message>
        <source>Save project</source>
        <translation>保存项目</translation>
    </message>
    <message>
        <source>Good Circle projects (*{suffix})</source>
        <translation>Good Circle 项目 (*{suffix})</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Autosave failed: {error}</source>
        <translation>自动保存失败：{error}</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的更改</translation>
    </message>
    <message>
        <source>The project has unsaved changes. Save them first?</source>
        <translation>项目有未保存的更改，是否先保存？</translation>
    </message>
    <message>
        <source>Recover unsaved work?</source>
        <translation>恢复未保存的内容？</translation>
    </message>
    <message>
        <source>Good Circle Studio closed before “{name}” was saved. Its autosave from {time} can be recovered.</source>
        <translation>Good Circle Studio 在“{name}”保存前关闭了。可以恢复 {time} 的自动保存。</translation>
    </message>
    <message>
        <source>Recover</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Set In Point</source>
        <translation>设置入点</translation>
    </message>
    <message>
        <source>Set Out Point</source>
        <translation>设置出点</translation>
    </message>
    <message>
        <source>{fps} fps</source>
        <translation>{fps} 帧/秒</translation>
    </message>
    <message>
        <source> (variable)</source>
        <translation>（可变帧率）</translation>
    </message>
    <message>
        <source>{frames} frames</source>
        <translation>{frames} 帧</translation>
    </message>
    <message>
        <source>no audio</source>
        <translation>无音频</translation>
    </message>
    <message>
        <source>rotated {degrees}°</source>
        <translation>旋转 {degrees}°</translation>
    </message>
    <message>
        <source>interlaced</source>
        <translation>隔行扫描</translation>
    </message>
    <message>
        <source>HDR</source>
        <translation>HDR</translation>
    </message>
</context>
<context>
    <name>RelinkDialog</name>
    <message>
        <source>Find the moved video</source>
        <translation>查找已移动的视频</translation>
    </message>
    <message>
        <source>The project&apos;s video “{name}” is no longer at {where}. Point to where it is now; only the same file is accepted.</source>
        <translation>项目中的视频“{name}”已不在 {where}。请指定它现在的位置；只能选择同一个文件。</translation>
    </message>
    <message>
        <source>Found in the project&apos;s folder:</source>
        <translation>在项目文件夹中找到：</translation>
    </message>
    <message>
        <source>Locate…</source>
        <translation>定位…</translation>
    </message>
    <message>
        <source>Use Selected</source>
        <translation>使用所选文件</translation>
    </message>
    <message>
        <source>Where is {name}?</source>
        <translation>{name} 在哪里？</translation>
    </message>
</context>
<context>
    <name>TimeField</name>
    <message>
        <source>Type a time such as 1:02.500, 62.5 or 62500ms and press Enter</source>
        <translation>输入时间（如 1:02.500、62.5 或 62500ms）后按回车键</translation>
    </message>
    <message>
        <source>Not a time: {text}</source>
        <translation>不是有效的时间：{text}</translation>
    </message>
</context>
<context>
    <name>TimelineWidget</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <source>In point {time}: drag to change where the clip starts</source>
        <translation>入点 {time}：拖动可更改片段的起点</translation>
    </message>
    <message>
        <source>Out point {time}: drag to change where the clip ends</source>
        <translation>出点 {time}：拖动可更改片段的终点</translation>
    </message>
    <message>
        <source>{time}: click or drag to seek; Ctrl+wheel to zoom</source>
        <translation>{time}：单击或拖动以定位，Ctrl+滚轮缩放</translation>
    </message>
    <message>
        <source>No clip loaded</source>
        <translation>未加载片段</translation>
    </message>
</context>
<context>
    <name>TransportBar</name>
    <message>
        <source>In point: type a time and press Enter</source>
        <translation>入点：输入时间后按回车键</translation>
    </message>
    <message>
        <source>Out point (the first time no longer kept): type a time and press Enter</source>
        <translation>出点（不再保留的第一个时刻）：输入时间后按回车键</translation>
    </message>
    <message>
        <source>In</source>
        <translation>入点</translation>
    </message>
    <message>
        <source>Out</source>
        <translation>出点</translation>
    </message>
    <message>
        <source>Length {length}</source>
        <translation>时长 {length}</translation>
    </message>
</context>
<context>
    <name>errors</name>
    <message>
        <source>the disk is full; nothing was changed</source>
        <translation>磁盘已满，未做任何更改</translation>
    </message>
    <message>
        <source>cannot write the file: {reason}</source>
        <translation>无法写入文件：{reason}</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>the media file does not exist</source>
        <translation>媒体文件不存在</translation>
    </message>
    <message>
        <source>cannot read the media file: {reason}</source>
        <translation>无法读取媒体文件：{reason}</translation>
    </message>
    <message>
        <source>this is not a file</source>
        <translation>不是文件</translation>
    </message>
    <message>
        <source>this is not the project&apos;s file {expected}: its content differs</source>
        <translation>不是项目使用的文件 {expected}：内容不一致</translation>
    </message>
    <message>
        <source>{field} must be between 0 and 1, but it is {value}</source>
        <translation>{field} 必须介于 0 和 1 之间，实际为 {value}</translation>
    </message>
    <message>
        <source>{field} must be above 0 and at most 1, but it is {value}</source>
        <translation>{field} 必须大于 0 且不超过 1，实际为 {value}</translation>
    </message>
    <message>
        <source>{field} should be a path, but it is {found}</source>
        <translation>{field} 应为路径，实际为 {found}</translation>
    </message>
    <message>
        <source>the trim has an in point ({value}) but no out point</source>
        <translation>裁剪范围有入点（{value}）但没有出点</translation>
    </message>
    <message>
        <source>this is not a Good Circle Studio project (no schema_version)</source>
        <translation>不是 Good Circle Studio 项目（缺少 schema_version）</translation>
    </message>
    <message>
        <source>the schema_version {value} is not a version number</source>
        <translation>schema_version {value} 不是有效的版本号</translation>
    </message>
    <message>
        <source>this project was made by a newer version of Good Circle Studio (file version {found}; this app reads up to {current})</source>
        <translation>此项目由更新版本的 Good Circle Studio 创建（文件版本 {found}，本应用最高支持 {current}）</translation>
    </message>
    <message>
        <source>{field} should be of type {expected}, but it is {found}</source>
        <translation>{field} 的类型应为 {expected}，实际为 {found}</translation>
    </message>
    <message>
        <source>{field} is missing</source>
        <translation>缺少 {field}</translation>
    </message>
    <message>
        <source>{field} must not be negative, but it is {value}</source>
        <translation>{field} 不能为负数，实际为 {value}</translation>
    </message>
    <message>
        <source>{field} must not be empty</source>
        <translation>{field} 不能为空</translation>
    </message>
    <message>
        <source>{field} must be one of {choices}, but it is {value}</source>
        <translation>{field} 必须是 {choices} 之一，实际为 {value}</translation>
    </message>
    <message>
        <source>{field} is not valid: {value}</source>
        <translation>{field} 无效：{value}</translation>
    </message>
    <message>
        <source>the file holds a JSON {found}, not a project object</source>
        <translation>文件内容是 JSON {found}，不是项目对象</translation>
    </message>
    <message>
        <source>the project file does not exist</source>
        <translation>项目文件不存在</translation>
    </message>
    <message>
        <source>cannot read the project file: {reason}</source>
        <translation>无法读取项目文件：{reason}</translation>
    </message>
    <message>
        <source>this is not a project file: it is not UTF-8 text</source>
        <translation>不是项目文件：内容不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>this is not a project file: it is not valid JSON ({reason})</source>
        <translation>不是项目文件：不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>the project cannot be saved: {problem}</source>
        <translation>无法保存项目：{problem}</translation>
    </message>
    <message>
        <source>this recovery file is damaged ({field})</source>
        <translation>恢复文件已损坏（{field}）</translation>
    </message>
    <message>
        <source>not a video file, or damaged beyond reading</source>
        <translation>不是视频文件，或已损坏无法读取</translation>
    </message>
    <message>
        <source>this is a still image, not a video</source>
        <translation>是静态图片，不是视频</translation>
    </message>
    <message>
        <source>the file cannot be opened: {detail}</source>
        <translation>无法打开文件：{detail}</translation>
    </message>
    <message>
        <source>the file has no video stream</source>
        <translation>文件中没有视频流</translation>
    </message>
    <message>
        <source>the video stream holds no frames (truncated or damaged)</source>
        <translation>视频流中没有任何帧（文件不完整或已损坏）</translation>
    </message>
    <message>
        <source>the file is truncated or damaged: {detail}</source>
        <translation>文件不完整或已损坏：{detail}</translation>
    </message>
    <message>
        <source>the video cannot be decoded: {detail}</source>
        <translation>视频无法解码：{detail}</translation>
    </message>
    <message>
        <source>reading the file crashed the media reader; it is probably damaged or crafted</source>
        <translation>读取文件时媒体读取程序崩溃，文件可能已损坏或被恶意构造</translation>
    </message>
    <message>
        <source>no file name was given</source>
        <translation>未提供文件名</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>this is a folder, not a video file</source>
        <translation>是文件夹，不是视频文件</translation>
    </message>
    <message>
        <source>this is not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>the file cannot be read (permission denied)</source>
        <translation>无法读取文件（权限不足）</translation>
    </message>
    <message>
        <source>the file is empty (0 bytes)</source>
        <translation>文件为空（0 字节）</translation>
    </message>
    <message>
        <source>the program {program} could not be started</source>
        <translation>无法启动程序 {program}</translation>
    </message>
    <message>
        <source>{program} took longer than {seconds} s and was stopped</source>
        <translation>{program} 运行超过 {seconds} 秒，已被终止</translation>
    </message>
    <message>
        <source>{program} failed (exit {status}): {detail}</source>
        <translation>{program} 运行失败（退出码 {status}）：{detail}</translation>
    </message>
    <message>
        <source>ffmpeg named by {source} is not an executable file</source>
        <translation>{source} 指定的 ffmpeg 不是可执行文件</translation>
    </message>
    <message>
        <source>ffmpeg was not found: set it in Settings, set STUDIO_FFMPEG, or install imageio-ffmpeg</source>
        <translation>未找到 ffmpeg：请在设置中指定，或设置 STUDIO_FFMPEG 环境变量，或安装 imageio-ffmpeg</translation>
    </message>
    <message>
        <source>{path}: {message}</source>
        <translation>{path}：{message}</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>意外错误：{error}</translation>
    </message>
    <message>
        <source>Something went wrong</source>
        <translation>出错了</translation>
    </message>
</context>
</TS>
