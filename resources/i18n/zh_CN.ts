<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export Video</source>
        <translation>导出视频</translation>
    </message>
    <message>
        <source>Range {start} – {end} ({length})</source>
        <translation>范围 {start} – {end}（{length}）</translation>
    </message>
    <message>
        <source>Smart: re-encode only around the cuts (fast, exact)</source>
        <translation>智能：只重新编码剪切点附近（快速、精确）</translation>
    </message>
    <message>
        <source>Accurate: re-encode everything to the platform&apos;s format</source>
        <translation>精确：全部重新编码为平台格式</translation>
    </message>
    <message>
        <source>Copy: no re-encoding; the cut moves to keyframes</source>
        <translation>直接复制：不重新编码，剪切点移到关键帧</translation>
    </message>
    <message>
        <source>Pad with a blurred copy</source>
        <translation>用模糊画面填充</translation>
    </message>
    <message>
        <source>Crop to fill</source>
        <translation>裁剪铺满</translation>
    </message>
    <message>
        <source>Other shapes:</source>
        <translation>其他画面比例：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>保存为：</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Working out where the cut lands…</source>
        <translation>正在计算剪切的实际位置…</translation>
    </message>
    <message>
        <source>The copy will really run from {start} to {end} (keyframes).</source>
        <translation>直接复制的实际范围是 {start} 到 {end}（关键帧）。</translation>
    </message>
    <message>
        <source>That is not the range you chose: use Smart or Accurate to cut exactly.</source>
        <translation>这与所选范围不同：如需精确剪切，请选择智能或精确模式。</translation>
    </message>
    <message>
        <source>The video will start exactly at {start} and end at {end}.</source>
        <translation>视频将精确地从 {start} 开始，到 {end} 结束。</translation>
    </message>
    <message>
        <source>Smart cut is not possible here, so the whole range is re-encoded: {reason}</source>
        <translation>此处无法智能剪切，整个范围将重新编码：{reason}</translation>
    </message>
    <message>
        <source>Export video as</source>
        <translation>导出视频为</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4)</source>
        <translation>MP4 视频 (*.mp4)</translation>
    </message>
</context>
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
        <source>&amp;Export Video…</source>
        <translation>导出视频(&amp;E)…</translation>
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
        <source>Exported {path} ({mode}, {seconds:.1f} s)</source>
        <translation>已导出 {path}（{mode}，{seconds:.1f} 秒）</translation>
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
        <source>the range {start} to {end} ms is not inside the clip (0 to {duration} ms)</source>
        <translation>范围 {start} 到 {end} 毫秒不在片段内（0 到 {duration} 毫秒）</translation>
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
    <message>
        <source>there is no keyframe inside the range, so nothing can be copied</source>
        <translation>范围内没有关键帧，无法直接复制</translation>
    </message>
    <message>
        <source>the first keyframe inside the range is not an IDR picture</source>
        <translation>范围内的第一个关键帧不是 IDR 帧</translation>
    </message>
    <message>
        <source>the video uses open GOPs: frames after a keyframe depend on the frames before it</source>
        <translation>视频使用开放式 GOP：关键帧之后的帧依赖它之前的帧</translation>
    </message>
    <message>
        <source>the H.264 parameter sets are not stored as an MP4 decoder record, so they cannot be joined</source>
        <translation>H.264 参数集未以 MP4 解码器配置记录的形式存储，因此无法拼接</translation>
    </message>
    <message>
        <source>the H.264 level of the source is unknown</source>
        <translation>源视频的 H.264 级别未知</translation>
    </message>
    <message>
        <source>some video packets have no usable decoding timestamp</source>
        <translation>部分视频包没有可用的解码时间戳</translation>
    </message>
    <message>
        <source>the re-encoded pieces did not hold the expected frames ({got} instead of {expected})</source>
        <translation>重新编码的部分帧数不符（实为 {got} 帧，应为 {expected} 帧）</translation>
    </message>
    <message>
        <source>the source changed while it was being exported</source>
        <translation>导出过程中源文件发生了变化</translation>
    </message>
    <message>
        <source>line {line}, column {column} ({field}): {reason}</source>
        <translation>第 {line} 行第 {column} 列（{field}）：{reason}</translation>
    </message>
    <message>
        <source>line {line}, column {column}: not valid JSON ({reason})</source>
        <translation>第 {line} 行第 {column} 列：不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>the file must hold a list of listings (or an object with a &quot;listings&quot; list)</source>
        <translation>文件内容必须是商品列表（或含有 &quot;listings&quot; 列表的对象）</translation>
    </message>
    <message>
        <source>cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text (byte {offset})</source>
        <translation>文件不是 UTF-8 文本（字节偏移 {offset}）</translation>
    </message>
    <message>
        <source>line 1: the required column {field} is missing</source>
        <translation>第 1 行：缺少必需的列 {field}</translation>
    </message>
    <message>
        <source>line {line}, column {column} (sku): SKU {sku} appears twice in the file (first on line {first})</source>
        <translation>第 {line} 行第 {column} 列（sku）：SKU {sku} 在文件中重复出现（首次出现在第 {first} 行）</translation>
    </message>
    <message>
        <source>a value is required</source>
        <translation>此项为必填</translation>
    </message>
    <message>
        <source>{value} is not a whole, non-negative number of cents</source>
        <translation>{value} 不是以分为单位的非负整数</translation>
    </message>
    <message>
        <source>{value} is not an RFC 3339 time with a UTC offset</source>
        <translation>{value} 不是带 UTC 偏移的 RFC 3339 时间</translation>
    </message>
    <message>
        <source>{value} is not a three-letter currency code</source>
        <translation>{value} 不是三个字母的货币代码</translation>
    </message>
    <message>
        <source>{value} is not an applet app_id (wx and 16 hex digits)</source>
        <translation>{value} 不是有效的小程序 app_id（wx 加 16 位十六进制数字）</translation>
    </message>
    <message>
        <source>the promo price is not below the price</source>
        <translation>促销价不低于原价</translation>
    </message>
    <message>
        <source>{value} is not text</source>
        <translation>{value} 不是文本</translation>
    </message>
    <message>
        <source>the catalog was written by a newer version of the app</source>
        <translation>此商品库由更新版本的应用写入</translation>
    </message>
    <message>
        <source>cannot read the package: {reason}</source>
        <translation>无法读取发布包：{reason}</translation>
    </message>
    <message>
        <source>the file is not a package (not a zip file)</source>
        <translation>文件不是发布包（不是 zip 文件）</translation>
    </message>
    <message>
        <source>the package is truncated: {detail}</source>
        <translation>发布包不完整：{detail}</translation>
    </message>
    <message>
        <source>the package&apos;s zip structure is damaged: {detail}</source>
        <translation>发布包的 zip 结构已损坏：{detail}</translation>
    </message>
    <message>
        <source>the package holds {count} members; at most {limit} are allowed</source>
        <translation>发布包含有 {count} 个成员文件，最多允许 {limit} 个</translation>
    </message>
    <message>
        <source>member {name} has an absolute name</source>
        <translation>成员文件 {name} 使用了绝对路径名</translation>
    </message>
    <message>
        <source>member {name} points outside the package (&quot;..&quot; in its name)</source>
        <translation>成员文件 {name} 指向发布包之外（名称中含有 &quot;..&quot;）</translation>
    </message>
    <message>
        <source>member {name} has a name that is not allowed ({reason})</source>
        <translation>成员文件 {name} 的名称不允许使用（{reason}）</translation>
    </message>
    <message>
        <source>member {name} is a symbolic link</source>
        <translation>成员文件 {name} 是符号链接</translation>
    </message>
    <message>
        <source>member {name} is a folder entry</source>
        <translation>成员文件 {name} 是文件夹条目</translation>
    </message>
    <message>
        <source>member {name} appears {count} times</source>
        <translation>成员文件 {name} 出现了 {count} 次</translation>
    </message>
    <message>
        <source>member {name} is encrypted</source>
        <translation>成员文件 {name} 已加密</translation>
    </message>
    <message>
        <source>member {name} uses compression method {method}</source>
        <translation>成员文件 {name} 使用了压缩方法 {method}</translation>
    </message>
    <message>
        <source>member {name} is {size} bytes; at most {limit} are allowed</source>
        <translation>成员文件 {name} 大小为 {size} 字节，最多允许 {limit} 字节</translation>
    </message>
    <message>
        <source>the members add up to {size} bytes; at most {limit} are allowed</source>
        <translation>成员文件总计 {size} 字节，最多允许 {limit} 字节</translation>
    </message>
    <message>
        <source>member {name} expands {ratio} times when unpacked (a zip bomb?); at most {limit} is allowed</source>
        <translation>成员文件 {name} 解压后膨胀 {ratio} 倍（可能是 zip 炸弹？），最多允许 {limit} 倍</translation>
    </message>
    <message>
        <source>member {name} has no valid local header at offset {offset}</source>
        <translation>成员文件 {name} 在偏移 {offset} 处没有有效的本地文件头</translation>
    </message>
    <message>
        <source>member {name} is called {local} in its local header</source>
        <translation>成员文件 {name} 在其本地文件头中名为 {local}</translation>
    </message>
    <message>
        <source>member {name} overlaps {other} in the file</source>
        <translation>成员文件 {name} 在文件中与 {other} 重叠</translation>
    </message>
    <message>
        <source>member {name} runs past the end of the file</source>
        <translation>成员文件 {name} 超出了文件末尾</translation>
    </message>
    <message>
        <source>member {name} is {actual} bytes, but {declared} are declared</source>
        <translation>成员文件 {name} 实际为 {actual} 字节，但声明为 {declared} 字节</translation>
    </message>
    <message>
        <source>member {name} cannot be read: {detail}</source>
        <translation>无法读取成员文件 {name}：{detail}</translation>
    </message>
    <message>
        <source>the package has no manifest.json</source>
        <translation>发布包中没有 manifest.json</translation>
    </message>
    <message>
        <source>manifest.json is not valid UTF-8 JSON: {detail}</source>
        <translation>manifest.json 不是有效的 UTF-8 JSON：{detail}</translation>
    </message>
    <message>
        <source>the package was made by a newer version of the app (schema_version {version})</source>
        <translation>此发布包由更新版本的应用创建（schema_version {version}）</translation>
    </message>
    <message>
        <source>manifest.json: {pointer}: {reason}</source>
        <translation>manifest.json：{pointer}：{reason}</translation>
    </message>
    <message>
        <source>member {name} is named in the manifest but not in the package</source>
        <translation>清单中列出了成员文件 {name}，但发布包中没有该文件</translation>
    </message>
    <message>
        <source>member {name} does not match its sha256 (the file was changed or damaged)</source>
        <translation>成员文件 {name} 与其 sha256 不符（文件已被修改或损坏）</translation>
    </message>
    <message>
        <source>{what} {name} is not listed among the manifest&apos;s members</source>
        <translation>{what} {name} 未列在清单的成员文件中</translation>
    </message>
    <message>
        <source>member {name} is not named in the manifest and was not read</source>
        <translation>清单中未列出成员文件 {name}，因此未读取</translation>
    </message>
    <message>
        <source>member {name} is compressed; media are stored uncompressed</source>
        <translation>成员文件 {name} 经过压缩；媒体文件应不压缩存储</translation>
    </message>
    <message>
        <source>the popup ends at {end_ms} ms, not after its start at {start_ms} ms</source>
        <translation>商品弹窗的结束时间 {end_ms} 毫秒不晚于其开始时间 {start_ms} 毫秒</translation>
    </message>
    <message>
        <source>the popup is on screen for {seconds} s; a popup must stay at least 2 s</source>
        <translation>商品弹窗显示 {seconds} 秒；商品弹窗至少需显示 2 秒</translation>
    </message>
    <message>
        <source>the popup is on screen for {seconds} s; a popup may stay at most 15 s</source>
        <translation>商品弹窗显示 {seconds} 秒；商品弹窗最多显示 15 秒</translation>
    </message>
    <message>
        <source>the video has {count} popups; at most 10 are allowed</source>
        <translation>视频有 {count} 个商品弹窗，最多允许 10 个</translation>
    </message>
    <message>
        <source>the popup overlaps popup {other} at {at_ms} ms; at most {max_visible} may show at once</source>
        <translation>商品弹窗在 {at_ms} 毫秒处与商品弹窗 {other} 重叠；同一时间最多显示 {max_visible} 个</translation>
    </message>
    <message>
        <source>the popup ({start_ms}–{end_ms} ms) lies entirely outside the trimmed range ({trim_start_ms}–{trim_end_ms} ms)</source>
        <translation>商品弹窗（{start_ms}–{end_ms} 毫秒）完全在裁剪范围（{trim_start_ms}–{trim_end_ms} 毫秒）之外</translation>
    </message>
    <message>
        <source>the popup ({start_ms}–{end_ms} ms) reaches outside the trimmed range ({trim_start_ms}–{trim_end_ms} ms)</source>
        <translation>商品弹窗（{start_ms}–{end_ms} 毫秒）超出了裁剪范围（{trim_start_ms}–{trim_end_ms} 毫秒）</translation>
    </message>
    <message>
        <source>the popup starts {offset_ms} ms into the video; popups may not start in the first 1 s</source>
        <translation>商品弹窗在视频第 {offset_ms} 毫秒出现；商品弹窗不能在视频的第 1 秒内出现</translation>
    </message>
    <message>
        <source>the popup has no product</source>
        <translation>商品弹窗未关联商品</translation>
    </message>
    <message>
        <source>product {sku} is no longer in the catalog</source>
        <translation>商品 {sku} 已不在商品库中</translation>
    </message>
    <message>
        <source>the promotion on product {sku} ended at {ends_at}</source>
        <translation>商品 {sku} 的促销已于 {ends_at} 结束</translation>
    </message>
    <message>
        <source>product {sku} now costs {now} (tagged at {then})</source>
        <translation>商品 {sku} 现价 {now}（标注时为 {then}）</translation>
    </message>
    <message>
        <source>the popup&apos;s anchor ({x}, {y}) is over the feed&apos;s controls; keep it inside the safe zone</source>
        <translation>商品弹窗的锚点（{x}, {y}）位于信息流的控件上，请将其放在安全区内</translation>
    </message>
    <message>
        <source>the proposal was clipped to {start_ms}–{end_ms} ms to stay in the trimmed range and out of the first second</source>
        <translation>建议的商品弹窗已截为 {start_ms}–{end_ms} 毫秒，以保持在裁剪范围内并避开第 1 秒</translation>
    </message>
    <message>
        <source>the proposal was extended to {start_ms}–{end_ms} ms (popups stay at least 2 s)</source>
        <translation>建议的商品弹窗已延长为 {start_ms}–{end_ms} 毫秒（商品弹窗至少显示 2 秒）</translation>
    </message>
    <message>
        <source>the proposal was split into {count} popups (a popup stays at most 15 s)</source>
        <translation>建议的商品弹窗已拆分为 {count} 个商品弹窗（每个商品弹窗最多显示 15 秒）</translation>
    </message>
    <message>
        <source>the proposal was shortened to {start_ms}–{end_ms} ms (a popup stays at most 15 s)</source>
        <translation>建议的商品弹窗已缩短为 {start_ms}–{end_ms} 毫秒（商品弹窗最多显示 15 秒）</translation>
    </message>
    <message>
        <source>the proposal was left out: there is no room for a 2 s popup there</source>
        <translation>已舍弃建议的商品弹窗：该处放不下 2 秒的商品弹窗</translation>
    </message>
    <message>
        <source>the popup ({start_ms}–{end_ms} ms) lies entirely in the part the export cuts away; it is left out</source>
        <translation>商品弹窗（{start_ms}–{end_ms} 毫秒）完全位于导出时剪掉的部分，已略去</translation>
    </message>
    <message>
        <source>the export cuts part of the popup away; {seconds} s remain ({out_start_ms}–{out_end_ms} ms of the video)</source>
        <translation>导出会剪掉商品弹窗的一部分；剩余 {seconds} 秒（视频的 {out_start_ms}–{out_end_ms} 毫秒）</translation>
    </message>
    <message>
        <source>the export cuts part of the popup away; only {seconds} s would remain (less than 2 s), so it is left out</source>
        <translation>导出会剪掉商品弹窗的一部分；只会剩下 {seconds} 秒（不足 2 秒），因此已略去</translation>
    </message>
    <message>
        <source>the video is {codec}; the platform takes H.264</source>
        <translation>视频编码为 {codec}；平台要求 H.264</translation>
    </message>
    <message>
        <source>the H.264 profile is {profile}; the platform takes High (or Main)</source>
        <translation>H.264 档次为 {profile}；平台要求 High（或 Main）</translation>
    </message>
    <message>
        <source>the pixel format is {pix_fmt}; the platform takes 8-bit 4:2:0 (yuv420p)</source>
        <translation>像素格式为 {pix_fmt}；平台要求 8 位 4:2:0（yuv420p）</translation>
    </message>
    <message>
        <source>the video is HDR ({transfer}); the platform shows SDR BT.709</source>
        <translation>视频为 HDR（{transfer}）；平台按 SDR BT.709 显示</translation>
    </message>
    <message>
        <source>the colours are tagged {what}; the platform takes BT.709</source>
        <translation>色彩标记为 {what}；平台要求 BT.709</translation>
    </message>
    <message>
        <source>the video is interlaced</source>
        <translation>视频为隔行扫描</translation>
    </message>
    <message>
        <source>the picture is turned {rotation}° by metadata instead of being upright</source>
        <translation>画面靠元数据旋转 {rotation}°，本身并非正向</translation>
    </message>
    <message>
        <source>the pixels are not square (aspect {sar})</source>
        <translation>像素不是正方形（宽高比 {sar}）</translation>
    </message>
    <message>
        <source>the picture is {width}x{height}; the platform takes 9:16 up to 1080x1920</source>
        <translation>画面为 {width}x{height}；平台要求 9:16，最大 1080x1920</translation>
    </message>
    <message>
        <source>the frame rate is {fps} fps; the platform takes at most 60</source>
        <translation>帧率为 {fps} 帧/秒；平台最高支持 60 帧/秒</translation>
    </message>
    <message>
        <source>the file has no audio track</source>
        <translation>文件没有音轨</translation>
    </message>
    <message>
        <source>the audio is {codec}; the platform takes AAC-LC</source>
        <translation>音频编码为 {codec}；平台要求 AAC-LC</translation>
    </message>
    <message>
        <source>the audio sample rate is {rate} Hz; the platform takes 44.1 or 48 kHz</source>
        <translation>音频采样率为 {rate} Hz；平台要求 44.1 或 48 kHz</translation>
    </message>
    <message>
        <source>the audio has {channels} channels; the platform takes mono or stereo</source>
        <translation>音频有 {channels} 个声道；平台要求单声道或立体声</translation>
    </message>
    <message>
        <source>the file is {container}, not MP4</source>
        <translation>文件格式为 {container}，不是 MP4</translation>
    </message>
    <message>
        <source>the MP4 index is at the end of the file (no faststart)</source>
        <translation>MP4 索引位于文件末尾（未启用 faststart）</translation>
    </message>
    <message>
        <source>the video is {seconds} s long; the platform takes at least 3 s</source>
        <translation>视频时长 {seconds} 秒；平台要求至少 3 秒</translation>
    </message>
    <message>
        <source>the video is {seconds} s long; the platform takes at most 5 minutes</source>
        <translation>视频时长 {seconds} 秒；平台要求最长 5 分钟</translation>
    </message>
    <message>
        <source>the file is {megabytes} MB; the platform takes at most 500 MB</source>
        <translation>文件大小为 {megabytes} MB；平台要求最大 500 MB</translation>
    </message>
    <message>
        <source>the file still carries location or device tags: {tags}</source>
        <translation>文件仍带有位置或设备标签：{tags}</translation>
    </message>
    <message>
        <source>the file carries {count} stream(s) besides one video and one audio</source>
        <translation>除一条视频流和一条音频流外，文件还含有 {count} 条其他流</translation>
    </message>
    <message>
        <source>a stream copy is not possible: {reason}</source>
        <translation>无法直接复制流：{reason}</translation>
    </message>
    <message>
        <source>the keyframe before the in point starts an open GOP, so a copy would begin with broken frames</source>
        <translation>入点前的关键帧开启的是开放式 GOP，直接复制会以损坏的帧开头</translation>
    </message>
    <message>
        <source>not enough free space in this folder: the export needs about {need} MB and {free} MB are free</source>
        <translation>此文件夹可用空间不足：导出约需 {need} MB，可用 {free} MB</translation>
    </message>
    <message>
        <source>the disk filled up while exporting into this folder</source>
        <translation>导出到此文件夹时磁盘已满</translation>
    </message>
    <message>
        <source>the export would overwrite its own source</source>
        <translation>导出会覆盖其源文件</translation>
    </message>
    <message>
        <source>the output folder does not exist</source>
        <translation>输出文件夹不存在</translation>
    </message>
    <message>
        <source>the output is a folder, not a file name</source>
        <translation>输出位置是文件夹，不是文件名</translation>
    </message>
    <message>
        <source>the exported file does not meet the platform profile, so it was not kept: {problems}</source>
        <translation>导出的文件不符合平台要求，未予保留：{problems}</translation>
    </message>
    <message>
        <source>the exported file holds {got} frames where {expected} were cut, so it was not kept</source>
        <translation>导出的文件有 {got} 帧，而剪切的是 {expected} 帧，未予保留</translation>
    </message>
    <message>
        <source>the export failed: {detail}</source>
        <translation>导出失败：{detail}</translation>
    </message>
    <message>
        <source>unknown export mode {mode} (copy, accurate or smart)</source>
        <translation>未知的导出模式 {mode}（copy、accurate 或 smart）</translation>
    </message>
    <message>
        <source>unknown fit {fit} (pad or crop)</source>
        <translation>未知的适配方式 {fit}（pad 或 crop）</translation>
    </message>
    <message>
        <source>the video uses open GOPs</source>
        <translation>视频使用开放式 GOP</translation>
    </message>
</context>
</TS>
