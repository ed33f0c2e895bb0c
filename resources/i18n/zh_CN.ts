<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Good Circle Studio</source>
        <translation>关于 Good Circle Studio</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Good Circle Studio {version}&lt;/h3&gt;&lt;p&gt;Shoppable short videos: trim, cover, product popups, pack, upload, review.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Good Circle Studio {version}&lt;/h3&gt;&lt;p&gt;带货短视频：剪辑、封面、商品弹窗、打包、上传、审核。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>What the app ships, under which licence, and where the sources are:</source>
        <translation>本应用包含的组件、各自的许可证以及源代码所在位置：</translation>
    </message>
    <message>
        <source>Component</source>
        <translation>组件</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>源代码</translation>
    </message>
</context>
<context>
    <name>AccountMenu</name>
    <message>
        <source>Creator workspace</source>
        <translation>创作者工作区</translation>
    </message>
    <message>
        <source>Merchant workspace</source>
        <translation>商家工作区</translation>
    </message>
    <message>
        <source>Review workspace</source>
        <translation>审核工作区</translation>
    </message>
    <message>
        <source>Log in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Switch account or server…</source>
        <translation>切换账号或服务器…</translation>
    </message>
    <message>
        <source>Log out</source>
        <translation>退出登录</translation>
    </message>
    <message>
        <source>The platform no longer accepts your token (it may have expired). Paste a new one; your upload queue and unsaved work are kept.</source>
        <translation>平台不再接受你的令牌（可能已过期）。请粘贴新的令牌；上传队列和未保存的内容都会保留。</translation>
    </message>
    <message>
        <source>creator</source>
        <translation>创作者</translation>
    </message>
    <message>
        <source>merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>reviewer</source>
        <translation>审核员</translation>
    </message>
    <message>
        <source>Not logged in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Account</source>
        <translation>账号</translation>
    </message>
    <message>
        <source>Logged in as {name}</source>
        <translation>已登录：{name}</translation>
    </message>
    <message>
        <source>Server: {server}</source>
        <translation>服务器：{server}</translation>
    </message>
    <message>
        <source>Roles: {roles}</source>
        <translation>角色：{roles}</translation>
    </message>
    <message>
        <source>Roles: none</source>
        <translation>角色：无</translation>
    </message>
    <message>
        <source>STUDIO_TOKEN is set: it is used instead of the keyring</source>
        <translation>已设置 STUDIO_TOKEN：将使用它而不是密钥环</translation>
    </message>
</context>
<context>
    <name>AppletLinkDialog</name>
    <message>
        <source>Store applet</source>
        <translation>店铺小程序</translation>
    </message>
    <message>
        <source>gh_ and 12 hex digits (optional)</source>
        <translation>gh_ 加 12 位十六进制数字（可选）</translation>
    </message>
    <message>
        <source>AppID</source>
        <translation>AppID</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Original ID</source>
        <translation>原始 ID</translation>
    </message>
    <message>
        <source>Page path</source>
        <translation>页面路径</translation>
    </message>
    <message>
        <source>A popup opens</source>
        <translation>弹窗将打开</translation>
    </message>
    <message>
        <source>Link applet %1</source>
        <translation>关联小程序 %1</translation>
    </message>
</context>
<context>
    <name>CoverPanel</name>
    <message>
        <source>Previous frame</source>
        <translation>上一帧</translation>
    </message>
    <message>
        <source>Next frame</source>
        <translation>下一帧</translation>
    </message>
    <message>
        <source>Import image…</source>
        <translation>导入图片…</translation>
    </message>
    <message>
        <source>Use video frame</source>
        <translation>使用视频帧</translation>
    </message>
    <message>
        <source>Cover title (Enter for a new line)</source>
        <translation>封面标题（按回车换行）</translation>
    </message>
    <message>
        <source>Shadow</source>
        <translation>阴影</translation>
    </message>
    <message>
        <source>Aspect</source>
        <translation>画面比例</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>字号</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Outline</source>
        <translation>描边</translation>
    </message>
    <message>
        <source>Outline colour</source>
        <translation>描边颜色</translation>
    </message>
    <message>
        <source>Position across</source>
        <translation>水平位置</translation>
    </message>
    <message>
        <source>Position down</source>
        <translation>垂直位置</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>As the feed grid shows it</source>
        <translation>作品网格中的显示效果</translation>
    </message>
    <message>
        <source>Full size, as exported</source>
        <translation>完整尺寸（导出效果）</translation>
    </message>
    <message>
        <source>Feed grid</source>
        <translation>作品网格</translation>
    </message>
    <message>
        <source>Full size</source>
        <translation>完整尺寸</translation>
    </message>
    <message>
        <source>Suggest covers</source>
        <translation>推荐封面</translation>
    </message>
    <message>
        <source>Choose cover frame</source>
        <translation>选择封面帧</translation>
    </message>
    <message>
        <source>Step cover frame</source>
        <translation>逐帧调整封面</translation>
    </message>
    <message>
        <source>Move cover crop</source>
        <translation>移动封面裁剪框</translation>
    </message>
    <message>
        <source>Change cover aspect</source>
        <translation>更改封面比例</translation>
    </message>
    <message>
        <source>Edit cover title</source>
        <translation>编辑封面标题</translation>
    </message>
    <message>
        <source>Change title style</source>
        <translation>更改标题样式</translation>
    </message>
    <message>
        <source>Title colour</source>
        <translation>标题颜色</translation>
    </message>
    <message>
        <source>Use a video frame as cover</source>
        <translation>使用视频帧作为封面</translation>
    </message>
    <message>
        <source>Import cover image</source>
        <translation>导入封面图片</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.webp *.bmp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp *.bmp)</translation>
    </message>
    <message>
        <source>{rank}. {time}</source>
        <translation>{rank}. {time}</translation>
    </message>
    <message>
        <source>Every frame looked at in the range is black: nothing to suggest.</source>
        <translation>范围内查看的所有帧都是黑屏：没有可推荐的封面。</translation>
    </message>
    <message>
        <source>Use suggested cover</source>
        <translation>使用推荐的封面</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>Open a video or a project (Ctrl+O), or drop a file here</source>
        <translation>打开视频或项目（Ctrl+O），或将文件拖到此处</translation>
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
        <source>Back to the &amp;Timeline</source>
        <translation>回到时间线(&amp;T)</translation>
    </message>
    <message>
        <source>Put the keys back on the timeline; pressed there, cancel the running task (Esc)</source>
        <translation>把键盘焦点交回时间线；在时间线上按下则取消正在运行的任务（Esc）</translation>
    </message>
    <message>
        <source>Delete Popup</source>
        <translation>删除弹窗</translation>
    </message>
    <message>
        <source>&amp;Find Products</source>
        <translation>查找商品(&amp;F)</translation>
    </message>
    <message>
        <source>Look for the tagged products in the video and propose popups</source>
        <translation>在视频中查找已标注的商品并建议弹窗</translation>
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
    <message>
        <source>Set In Point</source>
        <translation>设置入点</translation>
    </message>
    <message>
        <source>Set Out Point</source>
        <translation>设置出点</translation>
    </message>
    <message>
        <source>Finding products in {name}…</source>
        <translation>正在 {name} 中查找商品…</translation>
    </message>
    <message numerus="yes">
        <source>Found %n proposal(s)</source>
        <translation>
            <numerusform>找到 %n 个建议的弹窗</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>EditorDocks</name>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Popup</source>
        <translation>弹窗</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>作品</translation>
    </message>
    <message>
        <source>Sound</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>Uploads</source>
        <translation>上传</translation>
    </message>
    <message>
        <source>My Posts</source>
        <translation>我的作品</translation>
    </message>
    <message>
        <source>&amp;Go to Panel</source>
        <translation>转到面板(&amp;G)</translation>
    </message>
    <message>
        <source>Select a popup with Up and Down in the lanes under the timeline</source>
        <translation>在时间线下方的弹窗轨道中用上下键选择一个弹窗</translation>
    </message>
</context>
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
    <name>ListingsConflictsDialog</name>
    <message>
        <source>stock %1</source>
        <translation>库存 %1</translation>
    </message>
    <message>
        <source>Listings changed on both sides</source>
        <translation>商品在两边都被修改了</translation>
    </message>
    <message>
        <source>These listings were changed here and on the platform since the last sync. Choose which copy to keep.</source>
        <translation>自上次同步以来，以下商品在本地和平台上都被修改过。请选择保留哪一份。</translation>
    </message>
    <message>
        <source>SKU / field</source>
        <translation>SKU / 字段</translation>
    </message>
    <message>
        <source>Yours</source>
        <translation>我的</translation>
    </message>
    <message>
        <source>Platform&apos;s</source>
        <translation>平台的</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Applet path</source>
        <translation>小程序路径</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>保留我的</translation>
    </message>
    <message>
        <source>Take the platform&apos;s</source>
        <translation>采用平台的</translation>
    </message>
    <message numerus="yes">
        <source>Take the platform&apos;s copy of %Ln listing(s)</source>
        <translation>
            <numerusform>采用平台上 %Ln 个商品的版本</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListingsImportDialog</name>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Options (颜色:红;尺码:M)</source>
        <translation>规格（颜色:红;尺码:M）</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Promo price</source>
        <translation>促销价</translation>
    </message>
    <message>
        <source>Promo ends</source>
        <translation>促销结束</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Applet path</source>
        <translation>小程序路径</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Import listings</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <source>tab</source>
        <translation>制表符</translation>
    </message>
    <message>
        <source>comma</source>
        <translation>逗号</translation>
    </message>
    <message numerus="yes">
        <source>%1 — %2, %3 separated, %Ln row(s)</source>
        <translation>
            <numerusform>%1 — %2，%3分隔，%Ln 行</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 rows: %2 listing(s) with %4 variant(s) would be imported, %3 failed. Nothing was changed.</source>
        <translation>共 %1 行：将导入 %2 个商品（%4 个规格），%3 行失败。未做任何更改。</translation>
    </message>
    <message>
        <source>%1 rows: %2 listing(s) with %4 variant(s) imported, %3 failed.</source>
        <translation>共 %1 行：已导入 %2 个商品（%4 个规格），%3 行失败。</translation>
    </message>
    <message numerus="yes">
        <source>Import %Ln listing(s)</source>
        <translation>
            <numerusform>导入 %Ln 个商品</numerusform>
        </translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Product ID</source>
        <translation>商品 ID</translation>
    </message>
    <message>
        <source>Shop</source>
        <translation>店铺</translation>
    </message>
    <message>
        <source>Check (dry run)</source>
        <translation>检查（试运行）</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Check the file to see what would be imported.</source>
        <translation>请先检查文件，查看将导入哪些内容。</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
</context>
<context>
    <name>ListingsModel</name>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Promo price</source>
        <translation>促销价</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>币种</translation>
    </message>
    <message>
        <source>Image</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Applet path</source>
        <translation>小程序路径</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Promo ends (Beijing)</source>
        <translation>促销结束（北京时间）</translation>
    </message>
    <message>
        <source>Variant</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Updated (Beijing)</source>
        <translation>更新时间（北京时间）</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>● changed here, not pushed to the platform yet</source>
        <translation>● 已在本地修改，尚未推送到平台</translation>
    </message>
    <message>
        <source>Shop time (Beijing, UTC+8), as the platform and shop exports write it</source>
        <translation>店铺时间（北京时间，UTC+8），与平台和店铺导出文件一致</translation>
    </message>
    <message>
        <source>On the platform</source>
        <translation>已在平台上</translation>
    </message>
    <message>
        <source>Not on the platform yet: Push sends it</source>
        <translation>尚未上传到平台：推送时会发送</translation>
    </message>
    <message>
        <source>Changed here; not pushed to the platform yet</source>
        <translation>已在本地修改，尚未推送到平台</translation>
    </message>
    <message>
        <source>Sold out: creators are warned before they tag it</source>
        <translation>已售罄：创作者标记前会收到提醒</translation>
    </message>
    <message numerus="yes">
        <source>%Ln variant(s); click or press + / - to show or hide them</source>
        <translation>
            <numerusform>%Ln 个规格；点击或按 + / - 展开或收起</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%Ln variant(s)</source>
        <translation>
            <numerusform>%Ln 个规格</numerusform>
        </translation>
    </message>
    <message>
        <source>Active</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>Inactive</source>
        <translation>下架</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>Edit %1 of %2</source>
        <translation>编辑 %2 的%1</translation>
    </message>
    <message numerus="yes">
        <source>Change %Ln price(s) by %1%</source>
        <translation>
            <numerusform>将 %Ln 个价格调整 %1%</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set the promo end of %Ln listing(s)</source>
        <translation>
            <numerusform>设置 %Ln 个商品的促销结束时间</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Set the stock of %Ln listing(s)</source>
        <translation>
            <numerusform>设置 %Ln 个商品的库存</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ListingsView</name>
    <message>
        <source>Filter by SKU or title</source>
        <translation>按 SKU 或标题筛选</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Import CSV…</source>
        <translation>导入 CSV…</translation>
    </message>
    <message>
        <source>Export CSV…</source>
        <translation>导出 CSV…</translation>
    </message>
    <message>
        <source>Change price by %…</source>
        <translation>按百分比调价…</translation>
    </message>
    <message>
        <source>Set promo end…</source>
        <translation>设置促销结束时间…</translation>
    </message>
    <message>
        <source>Set stock…</source>
        <translation>设置库存…</translation>
    </message>
    <message>
        <source>Set the stock of every variant of the selected listings</source>
        <translation>设置所选商品每个规格的库存</translation>
    </message>
    <message>
        <source>Choose picture…</source>
        <translation>选择图片…</translation>
    </message>
    <message>
        <source>Choose the main picture of the selected listing; Push sends it</source>
        <translation>为选中的商品选择主图；推送时会发送</translation>
    </message>
    <message>
        <source>Store applet…</source>
        <translation>店铺小程序…</translation>
    </message>
    <message>
        <source>Push</source>
        <translation>推送</translation>
    </message>
    <message>
        <source>Send the listings changed here to the platform</source>
        <translation>将本地修改的商品发送到平台</translation>
    </message>
    <message>
        <source>Pull</source>
        <translation>拉取</translation>
    </message>
    <message>
        <source>Take the platform&apos;s copy of the listings not changed here</source>
        <translation>本地未修改的商品采用平台上的版本</translation>
    </message>
    <message numerus="yes">
        <source>%Ln listing(s)</source>
        <translation>
            <numerusform>%Ln 个商品</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %Ln listing(s)</source>
        <translation>
            <numerusform>%Ln 个商品中的 %1 个</numerusform>
        </translation>
    </message>
    <message>
        <source>No listings yet. Import your shop&apos;s CSV with Import CSV…, or take the platform&apos;s copy with Pull.</source>
        <translation>还没有商品。用“导入 CSV…”导入店铺的 CSV，或用“拉取”取回平台上的副本。</translation>
    </message>
    <message>
        <source>No listing matches “{filter}”.</source>
        <translation>没有与“{filter}”匹配的商品。</translation>
    </message>
    <message>
        <source>Select a listing first.</source>
        <translation>请先选择一个商品。</translation>
    </message>
    <message>
        <source>Listing picture</source>
        <translation>商品图片</translation>
    </message>
    <message>
        <source>Pictures (*.jpg *.jpeg *.png *.webp)</source>
        <translation>图片 (*.jpg *.jpeg *.png *.webp)</translation>
    </message>
    <message>
        <source>Change price</source>
        <translation>调整价格</translation>
    </message>
    <message>
        <source>Change by</source>
        <translation>调整幅度</translation>
    </message>
    <message>
        <source>Set promo end</source>
        <translation>设置促销结束时间</translation>
    </message>
    <message>
        <source>Promo ends</source>
        <translation>促销结束</translation>
    </message>
    <message>
        <source>Not counted</source>
        <translation>不计库存</translation>
    </message>
    <message>
        <source>Set stock</source>
        <translation>设置库存</translation>
    </message>
    <message>
        <source>Stock of each variant</source>
        <translation>每个规格的库存</translation>
    </message>
    <message>
        <source>Import listings</source>
        <translation>导入商品</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt *.tsv)</source>
        <translation>CSV 文件 (*.csv *.txt *.tsv)</translation>
    </message>
    <message>
        <source>Export listings</source>
        <translation>导出商品</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Pushing…</source>
        <translation>正在推送…</translation>
    </message>
    <message>
        <source>Pulling…</source>
        <translation>正在拉取…</translation>
    </message>
    <message>
        <source>Pushing… %1 of %2</source>
        <translation>正在推送… %1 / %2</translation>
    </message>
    <message>
        <source>Pushed %1, withdrew %2, %3 refused.</source>
        <translation>已推送 %1 个，撤下 %2 个，%3 个被拒绝。</translation>
    </message>
    <message>
        <source>Pictures sent: %1.</source>
        <translation>已发送图片：%1 张。</translation>
    </message>
    <message>
        <source>The location (GPS) was removed from %1 of them before sending.</source>
        <translation>其中 %1 张图片的位置信息（GPS）已在发送前删除。</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Received %1, updated %2, %3 changed on both sides.</source>
        <translation>已接收 %1 个，更新 %2 个，%3 个在两边都有修改。</translation>
    </message>
    <message>
        <source>%1 not taken: they break a listing rule (first: %2, %3).</source>
        <translation>%1 条未采用：违反商品规则（第一条：%2，%3）。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>No project</source>
        <translation>未打开项目</translation>
    </message>
    <message>
        <source>{name}[*] — Good Circle Studio</source>
        <translation>{name}[*] — Good Circle Studio</translation>
    </message>
</context>
<context>
    <name>Menus</name>
    <message>
        <source>&amp;About Good Circle Studio</source>
        <translation>关于 Good Circle Studio(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;User Guide</source>
        <translation>用户指南(&amp;U)</translation>
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
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Playback</source>
        <translation>播放(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Window</source>
        <translation>窗口(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Follow the System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>The language changes the next time the app starts.</source>
        <translation>语言将在下次启动应用时更改。</translation>
    </message>
</context>
<context>
    <name>MerchantWindow</name>
    <message>
        <source>Listings — Good Circle Studio</source>
        <translation>商品 — Good Circle Studio</translation>
    </message>
    <message>
        <source>&amp;Listings</source>
        <translation>商品(&amp;L)</translation>
    </message>
    <message>
        <source>Store &amp;Applet…</source>
        <translation>店铺小程序(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Filter</source>
        <translation>筛选(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
</context>
<context>
    <name>PlatformPanels</name>
    <message>
        <source>&amp;Upload Package…</source>
        <translation>上传发布包(&amp;U)…</translation>
    </message>
    <message>
        <source>Uploading {name}…</source>
        <translation>正在上传 {name}…</translation>
    </message>
    <message>
        <source>Popup {id}</source>
        <translation>弹窗 {id}</translation>
    </message>
    <message>
        <source>Upload package</source>
        <translation>上传发布包</translation>
    </message>
    <message>
        <source>Good Circle packages (*{suffix})</source>
        <translation>Good Circle 发布包 (*{suffix})</translation>
    </message>
</context>
<context>
    <name>PopupEditor</name>
    <message>
        <source>(no product)</source>
        <translation>（无商品）</translation>
    </message>
    <message>
        <source>Add Popup {title}</source>
        <translation>添加弹窗 {title}</translation>
    </message>
    <message>
        <source>Delete Popup {title}</source>
        <translation>删除弹窗 {title}</translation>
    </message>
    <message>
        <source>Move Popup</source>
        <translation>移动弹窗</translation>
    </message>
    <message>
        <source>Set Popup Start</source>
        <translation>设置弹窗开始时间</translation>
    </message>
    <message>
        <source>Set Popup End</source>
        <translation>设置弹窗结束时间</translation>
    </message>
    <message>
        <source>Move Popup Card</source>
        <translation>移动弹窗卡片</translation>
    </message>
    <message>
        <source>Choose Variant</source>
        <translation>选择规格</translation>
    </message>
    <message>
        <source>Product {sku} is no longer in the catalog</source>
        <translation>商品 {sku} 已不在商品库中</translation>
    </message>
    <message>
        <source>Refresh Product Facts</source>
        <translation>刷新商品信息</translation>
    </message>
</context>
<context>
    <name>PopupInspector</name>
    <message>
        <source>Select a popup in the lanes under the timeline, or add one from the products.</source>
        <translation>在时间线下方的弹窗轨道中选择一个弹窗，或从商品列表添加。</translation>
    </message>
    <message>
        <source>No popup was added: {why}</source>
        <translation>没有添加商品弹窗：{why}</translation>
    </message>
    <message>
        <source>Refresh from catalog</source>
        <translation>从商品库刷新</translation>
    </message>
    <message>
        <source>Take the product&apos;s title, prices, image and applet page again from the local catalog</source>
        <translation>从本地商品库重新获取商品的标题、价格、图片和小程序页面</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>卡片</translation>
    </message>
    <message>
        <source>Compact</source>
        <translation>紧凑</translation>
    </message>
    <message>
        <source>Optional badge, e.g. 限时折扣</source>
        <translation>可选标签，例如 限时折扣</translation>
    </message>
    <message>
        <source>x</source>
        <translation>x</translation>
    </message>
    <message>
        <source>y</source>
        <translation>y</translation>
    </message>
    <message>
        <source>Shows</source>
        <translation>展示</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>End</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Style</source>
        <translation>样式</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <source>Anchor</source>
        <translation>锚点</translation>
    </message>
    <message>
        <source>Where the card sits on the 9:16 frame (0–1); kept clear of the feed&apos;s controls</source>
        <translation>卡片在 9:16 画面中的位置（0–1）；会避开信息流的控件</translation>
    </message>
    <message>
        <source>SKU {sku}</source>
        <translation>SKU {sku}</translation>
    </message>
    <message>
        <source>Variant {label} ({sku})</source>
        <translation>规格 {label}（{sku}）</translation>
    </message>
    <message>
        <source>{low} – {high}</source>
        <translation>{low} – {high}</translation>
    </message>
    <message>
        <source>Price {price}, promo {promo} until {date}</source>
        <translation>价格 {price}，促销价 {promo}，截至 {date}</translation>
    </message>
    <message>
        <source>Price {price}, promo {promo}</source>
        <translation>价格 {price}，促销价 {promo}</translation>
    </message>
    <message>
        <source>Price {price}</source>
        <translation>价格 {price}</translation>
    </message>
    <message>
        <source>Opens {name}: {path}</source>
        <translation>打开 {name}：{path}</translation>
    </message>
    <message>
        <source>No product facts were taken</source>
        <translation>未获取商品信息</translation>
    </message>
    <message>
        <source>Set Popup Style</source>
        <translation>设置弹窗样式</translation>
    </message>
    <message>
        <source>Set Popup Label</source>
        <translation>设置弹窗标签</translation>
    </message>
</context>
<context>
    <name>PopupLanes</name>
    <message>
        <source>Popup lanes</source>
        <translation>弹窗轨道</translation>
    </message>
    <message>
        <source>{title}
{start} – {end}
Drag to move, drag an edge to resize, double-click to jump there</source>
        <translation>{title}
{start} – {end}
拖动可移动，拖动边缘可调整时长，双击跳转到该处</translation>
    </message>
    <message>
        <source>Popups: pick a product and press “Add popup” to tag it at the playhead</source>
        <translation>弹窗：选择商品后按“添加弹窗”，即可在播放头处标注该商品</translation>
    </message>
</context>
<context>
    <name>PostEditor</name>
    <message>
        <source>What the video is about (required)</source>
        <translation>视频的主题（必填）</translation>
    </message>
    <message>
        <source>A few sentences for the viewers</source>
        <translation>写几句话给观众</translation>
    </message>
    <message>
        <source>#好物 #测评 (up to {count})</source>
        <translation>#好物 #测评（最多 {count} 个）</translation>
    </message>
    <message>
        <source>Title:</source>
        <translation>标题：</translation>
    </message>
    <message>
        <source>Description:</source>
        <translation>描述：</translation>
    </message>
    <message>
        <source>Hashtags:</source>
        <translation>话题：</translation>
    </message>
    <message>
        <source>Edit post text</source>
        <translation>编辑作品文案</translation>
    </message>
    <message>
        <source>{count}/{limit} characters</source>
        <translation>{count}/{limit} 字</translation>
    </message>
    <message>
        <source>{count}/{limit} hashtags, each at most {each} characters</source>
        <translation>{count}/{limit} 个话题，每个最多 {each} 字</translation>
    </message>
</context>
<context>
    <name>PostStatus</name>
    <message>
        <source>Processing</source>
        <translation>处理中</translation>
    </message>
    <message>
        <source>In review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Withdrawn</source>
        <translation>已撤回</translation>
    </message>
    <message>
        <source>Replaced</source>
        <translation>已替换</translation>
    </message>
</context>
<context>
    <name>PostsPanel</name>
    <message>
        <source>Product {sku} sold out since {date}: a viewer who taps the popup cannot buy it</source>
        <translation>商品 {sku} 自 {date} 起已售罄：观众点击弹窗后无法购买</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Updated (your time)</source>
        <translation>更新时间（本地时间）</translation>
    </message>
    <message>
        <source>Notes on popups (click to open the popup):</source>
        <translation>弹窗备注（点击可打开该弹窗）：</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Fix and send again</source>
        <translation>修改后重新发送</translation>
    </message>
    <message>
        <source>Withdraw…</source>
        <translation>撤回…</translation>
    </message>
    <message>
        <source>{status} · sold out since {date}</source>
        <translation>{status} · 自 {date} 起售罄</translation>
    </message>
    <message>
        <source>Save the project first: it is what is packed and sent again.</source>
        <translation>请先保存项目：重新打包发送的就是项目文件。</translation>
    </message>
    <message>
        <source>Sent again as post {post}; it replaces {old}.</source>
        <translation>已作为作品 {post} 重新发送，替换 {old}。</translation>
    </message>
    <message>
        <source>Packing and sending the fixed post…</source>
        <translation>正在打包并发送修改后的作品…</translation>
    </message>
    <message>
        <source>Withdraw post</source>
        <translation>撤回作品</translation>
    </message>
    <message>
        <source>Withdraw “{title}”? Viewers will no longer see it.</source>
        <translation>撤回“{title}”？观众将无法再看到它。</translation>
    </message>
    <message>
        <source>Post {post} was withdrawn.</source>
        <translation>作品 {post} 已撤回。</translation>
    </message>
    <message>
        <source>The platform asks you to log in again; nothing was lost.</source>
        <translation>平台要求重新登录；没有丢失任何内容。</translation>
    </message>
    <message>
        <source>Popup {popup}</source>
        <translation>弹窗 {popup}</translation>
    </message>
    <message>
        <source>No post selected.</source>
        <translation>未选择作品。</translation>
    </message>
    <message>
        <source>Status: {status}</source>
        <translation>状态：{status}</translation>
    </message>
    <message>
        <source>Replaces post {post}</source>
        <translation>替换作品 {post}</translation>
    </message>
    <message>
        <source>Replaced by post {post}</source>
        <translation>已被作品 {post} 替换</translation>
    </message>
    <message numerus="yes">
        <source>A merchant changed a product since this post was made: %n popup problem(s) below.</source>
        <translation>
            <numerusform>作品发布后商家改动了商品：下方有 %n 个弹窗问题。</numerusform>
        </translation>
    </message>
    <message>
        <source>Sold out since {date}: a product of this post can no longer be bought</source>
        <translation>自 {date} 起售罄：此作品中的商品已无法购买</translation>
    </message>
    <message>
        <source>A product (or the variant a popup shows) of this post is sold out</source>
        <translation>此作品中的商品（或弹窗展示的规格）已售罄</translation>
    </message>
    <message>
        <source>Reason: {reason}</source>
        <translation>原因：{reason}</translation>
    </message>
    <message>
        <source>Reviewer&apos;s notes: {notes}</source>
        <translation>审核员备注：{notes}</translation>
    </message>
    <message>
        <source>{popup}: {note}</source>
        <translation>{popup}：{note}</translation>
    </message>
    <message>
        <source>Open this popup in the editor</source>
        <translation>在编辑器中打开此弹窗</translation>
    </message>
</context>
<context>
    <name>ProblemsPanel</name>
    <message>
        <source>{title}: {message}</source>
        <translation>{title}：{message}</translation>
    </message>
    <message>
        <source>Pack: {note}</source>
        <translation>打包：{note}</translation>
    </message>
    <message>
        <source>No problems with the popups</source>
        <translation>弹窗没有问题</translation>
    </message>
    <message>
        <source>Errors: {errors}, warnings: {warnings}</source>
        <translation>错误：{errors}，警告：{warnings}</translation>
    </message>
    <message>
        <source>The last pack noted {count}.</source>
        <translation>上次打包有 {count} 条提示。</translation>
    </message>
</context>
<context>
    <name>ProductModel</name>
    <message>
        <source>{low} – {high}</source>
        <translation>{low} – {high}</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>{count} in stock</source>
        <translation>库存 {count}</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Promo</source>
        <translation>促销价</translation>
    </message>
    <message>
        <source>Store applet page</source>
        <translation>店铺小程序页面</translation>
    </message>
    <message>
        <source>{price} until {time}</source>
        <translation>{price}，截至 {time}</translation>
    </message>
</context>
<context>
    <name>ProductPicker</name>
    <message>
        <source>Search the catalog by title or SKU</source>
        <translation>按标题或 SKU 搜索商品库</translation>
    </message>
    <message>
        <source>Add popup</source>
        <translation>添加弹窗</translation>
    </message>
    <message>
        <source>Show the chosen product from the playhead on</source>
        <translation>从播放头处开始显示所选商品</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Get what changed in the platform&apos;s catalog, search again and check the popups against it</source>
        <translation>获取平台商品目录的最新变化，重新搜索，并据此检查弹窗</translation>
    </message>
    <message>
        <source>Find products</source>
        <translation>查找商品</translation>
    </message>
    <message>
        <source>Look for the tagged products and the chosen one in the video, from their listing photos, and propose popups</source>
        <translation>根据商品照片在视频中查找已标注的商品和所选商品，并建议弹窗</translation>
    </message>
    <message>
        <source>Shows</source>
        <translation>展示</translation>
    </message>
    <message>
        <source>No product matches “{text}”</source>
        <translation>没有与“{text}”匹配的商品</translation>
    </message>
    <message>
        <source>Getting the catalog from {server}…</source>
        <translation>正在从 {server} 获取商品目录…</translation>
    </message>
    <message>
        <source>Offline since {time}: no products here yet</source>
        <translation>自 {time} 起离线：这里还没有商品</translation>
    </message>
    <message>
        <source>Offline since {time}: the catalog as last synced</source>
        <translation>自 {time} 起离线：显示上次同步的商品目录</translation>
    </message>
    <message>
        <source>Log in to the platform to get its catalog (Account menu)</source>
        <translation>登录平台以获取商品目录（账户菜单）</translation>
    </message>
    <message>
        <source>The catalog could not be synced: {reason}</source>
        <translation>商品目录无法同步：{reason}</translation>
    </message>
    <message>
        <source>Not synced with the platform yet</source>
        <translation>尚未与平台同步</translation>
    </message>
    <message>
        <source>Not synced with the platform yet: the products found here</source>
        <translation>尚未与平台同步：显示本机已有的商品</translation>
    </message>
    <message>
        <source>No merchant lists products yet (synced {time})</source>
        <translation>还没有商家上架商品（同步于 {time}）</translation>
    </message>
    <message>
        <source>Synced with the platform {time}</source>
        <translation>已与平台同步 {time}</translation>
    </message>
    <message>
        <source>No picture</source>
        <translation>无图片</translation>
    </message>
    <message>
        <source>Sold out since {date}</source>
        <translation>自 {date} 起售罄</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>Sold out: {variants}</source>
        <translation>已售罄：{variants}</translation>
    </message>
    <message>
        <source>Promo {price} until {time}</source>
        <translation>促销价 {price}，截至 {time}</translation>
    </message>
    <message>
        <source>Opens {name} ({app_id}): {path}</source>
        <translation>打开 {name}（{app_id}）：{path}</translation>
    </message>
    <message>
        <source>No store applet page linked</source>
        <translation>未关联店铺小程序页面</translation>
    </message>
</context>
<context>
    <name>ProjectFiles</name>
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
        <source>&amp;Pack for Upload…</source>
        <translation>打包上传(&amp;P)…</translation>
    </message>
    <message>
        <source>Export the video and write the package: cover, product images and popup times (Ctrl+Shift+E)</source>
        <translation>导出视频并生成发布包：封面、商品图片和弹窗时间（Ctrl+Shift+E）</translation>
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
        <source>Exported {path} ({mode}, {seconds})</source>
        <translation>已导出 {path}（{mode}，{seconds}）</translation>
    </message>
    <message>
        <source>Pack for upload</source>
        <translation>打包上传</translation>
    </message>
    <message>
        <source>Good Circle packages (*{suffix})</source>
        <translation>Good Circle 发布包 (*{suffix})</translation>
    </message>
    <message>
        <source>Packing {name}…</source>
        <translation>正在打包 {name}…</translation>
    </message>
    <message>
        <source>Packed {path} ({size})</source>
        <translation>已打包 {path}（{size}）</translation>
    </message>
    <message>
        <source>{count} notes, listed in Problems</source>
        <translation>{count} 条提示，已列在“问题”中</translation>
    </message>
</context>
<context>
    <name>ProposalLanes</name>
    <message>
        <source>Proposed popups</source>
        <translation>建议的弹窗</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>采纳</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>舍弃</translation>
    </message>
    <message>
        <source>Proposed: {label}
{start} – {end}
Drag an edge to adjust, double-click to accept</source>
        <translation>建议：{label}
{start} – {end}
拖动边缘可调整，双击采纳</translation>
    </message>
</context>
<context>
    <name>ProposalRow</name>
    <message>
        <source>Accept</source>
        <translation>采纳</translation>
    </message>
    <message>
        <source>Make the selected proposal a popup (the rules fit it)</source>
        <translation>将所选建议设为弹窗（按规则调整）</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>舍弃</translation>
    </message>
    <message>
        <source>Accept all</source>
        <translation>全部采纳</translation>
    </message>
    <message>
        <source>Reject all</source>
        <translation>全部舍弃</translation>
    </message>
    <message numerus="yes">
        <source>Found: %n proposal(s). Select one to see its box on the player.</source>
        <translation>
            <numerusform>找到 %n 个建议的弹窗。选中一个即可在播放器中看到它的框。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Proposals</name>
    <message>
        <source>Check: {title} · {confidence}</source>
        <translation>待核对：{title} · {confidence}</translation>
    </message>
    <message>
        <source>{title} · {confidence}</source>
        <translation>{title} · {confidence}</translation>
    </message>
    <message>
        <source>Accept Proposal {title}</source>
        <translation>采纳建议 {title}</translation>
    </message>
    <message>
        <source>Accept {count} Proposals</source>
        <translation>采纳 {count} 个建议</translation>
    </message>
    <message>
        <source>Accepted as {count} popup(s), as found</source>
        <translation>已按找到的原样采纳为 {count} 个弹窗</translation>
    </message>
</context>
<context>
    <name>RecoveryOffer</name>
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
</context>
<context>
    <name>ReframeBar</name>
    <message>
        <source>Fit with blurred bars</source>
        <translation>模糊背景填充</translation>
    </message>
    <message>
        <source>Crop to the centre</source>
        <translation>居中裁剪</translation>
    </message>
    <message>
        <source>Follow faces and products</source>
        <translation>跟随人脸和商品</translation>
    </message>
    <message>
        <source>The whole picture, on a blurred copy of itself</source>
        <translation>完整画面，背景为其模糊副本</translation>
    </message>
    <message>
        <source>The middle of the picture fills the frame</source>
        <translation>画面中部铺满画框</translation>
    </message>
    <message>
        <source>A window that glides after faces and tagged products, never cutting a product</source>
        <translation>取景框平滑跟随人脸和已标记的商品，绝不裁掉商品</translation>
    </message>
    <message>
        <source>This video is landscape. How should it become 9:16?</source>
        <translation>这是横屏视频。要如何变成 9:16？</translation>
    </message>
    <message>
        <source>Landscape video made 9:16 by:</source>
        <translation>横屏视频变为 9:16 的方式：</translation>
    </message>
    <message>
        <source>This video is square. How should it become 9:16?</source>
        <translation>这是方形视频。要如何变成 9:16？</translation>
    </message>
    <message>
        <source>Square video made 9:16 by:</source>
        <translation>方形视频变为 9:16 的方式：</translation>
    </message>
    <message>
        <source>Make 9:16: %1</source>
        <translation>变为 9:16：%1</translation>
    </message>
    <message>
        <source>Planning the follow window</source>
        <translation>正在规划跟随取景框</translation>
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
    <name>ReportModel</name>
    <message>
        <source>Line</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
</context>
<context>
    <name>ReviewQueueDialog</name>
    <message>
        <source>Review queue</source>
        <translation>审核队列</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>作品</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Download and review</source>
        <translation>下载并审核</translation>
    </message>
    <message>
        <source>Fetching the queue…</source>
        <translation>正在获取队列…</translation>
    </message>
    <message numerus="yes">
        <source>%n post(s) wait for a verdict.</source>
        <translation>
            <numerusform>%n 个作品等待审核结论。</numerusform>
        </translation>
    </message>
    <message>
        <source>Downloading post {post}…</source>
        <translation>正在下载作品 {post}…</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Safe zones</source>
        <translation>安全区</translation>
    </message>
    <message>
        <source>Shade where the feed&apos;s controls sit (S)</source>
        <translation>为信息流控件所在区域加阴影（S）</translation>
    </message>
    <message>
        <source>◀◀</source>
        <translation>◀◀</translation>
    </message>
    <message>
        <source>Previous popup (P)</source>
        <translation>上一个弹窗（P）</translation>
    </message>
    <message>
        <source>◀</source>
        <translation>◀</translation>
    </message>
    <message>
        <source>Previous frame (Left)</source>
        <translation>上一帧（左方向键）</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格键）</translation>
    </message>
    <message>
        <source>▶</source>
        <translation>▶</translation>
    </message>
    <message>
        <source>Next frame (Right)</source>
        <translation>下一帧（右方向键）</translation>
    </message>
    <message>
        <source>▶▶</source>
        <translation>▶▶</translation>
    </message>
    <message>
        <source>Next popup (N)</source>
        <translation>下一个弹窗（N）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Applet</source>
        <translation>小程序</translation>
    </message>
    <message>
        <source>Note on the selected popup</source>
        <translation>对所选弹窗的备注</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Overall notes for the creator</source>
        <translation>给创作者的总体意见</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Send verdict to the platform</source>
        <translation>将审核结论发送到平台</translation>
    </message>
    <message>
        <source>Open a package to review it.</source>
        <translation>打开一个包以审核。</translation>
    </message>
    <message>
        <source>Verdict:</source>
        <translation>结论：</translation>
    </message>
    <message>
        <source>Reviewer:</source>
        <translation>审核员：</translation>
    </message>
    <message>
        <source>Notes:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <source>Popups</source>
        <translation>弹窗</translation>
    </message>
    <message>
        <source>Checks</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>作品文案</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>审核结论</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>You made this post. Only this local sandbox, where you hold every role, lets you judge your own posts; on a platform another reviewer judges it.</source>
        <translation>这是你自己的作品。只有这个本地沙盒（你在其中拥有所有角色）允许你审核自己的作品；在平台上由其他审核员审核。</translation>
    </message>
    <message>
        <source>You made this post: nobody judges their own post, so the platform will not take your verdict. Another reviewer must judge it.</source>
        <translation>这是你自己的作品：任何人都不能审核自己的作品，平台不会接受你的审核结果。必须由其他审核员审核。</translation>
    </message>
    <message>
        <source>Log in to the platform as a reviewer (Account menu) to send the verdict; you can save it as a report meanwhile.</source>
        <translation>以审核员身份登录平台（账户菜单）才能发送结论；在此之前可以先保存为报告。</translation>
    </message>
    <message>
        <source>The account you are logged in with is not a reviewer, so it cannot send verdicts; save the verdict as a report instead.</source>
        <translation>当前登录的账户不是审核员，不能发送结论；请改为保存为报告。</translation>
    </message>
    <message>
        <source>This package is not a post waiting for review on the platform you are logged in to; save the verdict as a report instead.</source>
        <translation>在当前登录的平台上，这个包不是待审核的作品；请改为保存为报告。</translation>
    </message>
    <message>
        <source>The platform cannot be asked now ({error}); save the verdict as a report instead.</source>
        <translation>现在无法询问平台（{error}）；请改为保存为报告。</translation>
    </message>
    <message>
        <source>Asking the platform whether this package is a post in review…</source>
        <translation>正在询问平台这个包是否为待审核的作品…</translation>
    </message>
    <message>
        <source>Review — {name}</source>
        <translation>审核 — {name}</translation>
    </message>
    <message>
        <source>Checking {name}…</source>
        <translation>正在检查 {name}…</translation>
    </message>
    <message>
        <source>This package was refused and will not be played.

{message}</source>
        <translation>此发布包已被拒收，不会播放。

{message}</translation>
    </message>
    <message>
        <source>Refused: {message}</source>
        <translation>已拒收：{message}</translation>
    </message>
    <message>
        <source>The package was refused</source>
        <translation>发布包已被拒收</translation>
    </message>
    <message>
        <source>{name} (id {id})</source>
        <translation>{name}（ID {id}）</translation>
    </message>
    <message>
        <source>not named in the package</source>
        <translation>发布包中未注明</translation>
    </message>
    <message>
        <source>&lt;b&gt;Creator:&lt;/b&gt; {creator}&lt;br&gt;&lt;b&gt;Title:&lt;/b&gt; {title}&lt;br&gt;&lt;b&gt;Description:&lt;/b&gt; {description}&lt;br&gt;&lt;b&gt;Hashtags:&lt;/b&gt; {tags}</source>
        <translation>&lt;b&gt;创作者：&lt;/b&gt;{creator}&lt;br&gt;&lt;b&gt;标题：&lt;/b&gt;{title}&lt;br&gt;&lt;b&gt;描述：&lt;/b&gt;{description}&lt;br&gt;&lt;b&gt;话题标签：&lt;/b&gt;{tags}</translation>
    </message>
    <message>
        <source>Verified: {count} popups</source>
        <translation>已验证：{count} 个弹窗</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>未发现问题。</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Checks ({count})</source>
        <translation>检查（{count}）</translation>
    </message>
    <message>
        <source>The viewer&apos;s WeChat asks this before opening the applet {name} ({app_id}) at {path}. Nothing is opened here.</source>
        <translation>观众的微信在打开小程序 {name}（{app_id}）的页面 {path} 之前会这样询问。这里不会真的打开任何内容。</translation>
    </message>
    <message>
        <source>Choose approve or reject to send the verdict to post {post}.</source>
        <translation>选择通过或驳回，即可把结论发送给作品 {post}。</translation>
    </message>
    <message>
        <source>The verdict goes to post {post}.</source>
        <translation>结论将发送给作品 {post}。</translation>
    </message>
    <message>
        <source>Not connected to a platform: save the verdict as a report.</source>
        <translation>未连接平台：请把结论保存为报告。</translation>
    </message>
    <message>
        <source>Report saved to {path}</source>
        <translation>报告已保存到 {path}</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <source>Verdict sent: the post is {status}</source>
        <translation>审核结论已发送：作品状态为 {status}</translation>
    </message>
    <message>
        <source>Sending the verdict…</source>
        <translation>正在发送结论…</translation>
    </message>
    <message>
        <source>Save review report</source>
        <translation>保存审核报告</translation>
    </message>
    <message>
        <source>Review reports (*.json)</source>
        <translation>审核报告 (*.json)</translation>
    </message>
</context>
<context>
    <name>SoundPanel</name>
    <message>
        <source>Mute the original sound</source>
        <translation>静音原声</translation>
    </message>
    <message>
        <source>Normalise loudness (about -14 LUFS)</source>
        <translation>响度标准化（约 -14 LUFS）</translation>
    </message>
    <message>
        <source>No music</source>
        <translation>无音乐</translation>
    </message>
    <message>
        <source>Choose music…</source>
        <translation>选择音乐…</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source> ms</source>
        <translation> ms</translation>
    </message>
    <message>
        <source>This clip has no sound of its own: there is nothing to mute, normalise or lower under speech. Music can still be added.</source>
        <translation>此片段没有原声：无法静音、统一响度或在人声下压低音量。仍可添加音乐。</translation>
    </message>
    <message>
        <source>Music:</source>
        <translation>音乐：</translation>
    </message>
    <message>
        <source>Music level:</source>
        <translation>音乐音量：</translation>
    </message>
    <message>
        <source>Lower under speech by:</source>
        <translation>人声时降低音乐：</translation>
    </message>
    <message>
        <source>Fade in:</source>
        <translation>淡入：</translation>
    </message>
    <message>
        <source>Fade out:</source>
        <translation>淡出：</translation>
    </message>
    <message>
        <source>Change sound</source>
        <translation>更改声音</translation>
    </message>
    <message>
        <source>Choose music</source>
        <translation>选择音乐</translation>
    </message>
    <message>
        <source>Audio files ({patterns})</source>
        <translation>音频文件 ({patterns})</translation>
    </message>
    <message>
        <source>{db} dB</source>
        <translation>{db} dB</translation>
    </message>
</context>
<context>
    <name>TaskList</name>
    <message>
        <source>Cancel Task</source>
        <translation>取消任务</translation>
    </message>
    <message>
        <source>&amp;Tasks…</source>
        <translation>任务(&amp;T)…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Tasks are running</source>
        <translation>任务正在运行</translation>
    </message>
    <message>
        <source>These tasks have not finished:
{tasks}

Stop them and close?</source>
        <translation>以下任务尚未完成：
{tasks}

停止它们并关闭吗？</translation>
    </message>
    <message>
        <source>Stop and Close</source>
        <translation>停止并关闭</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>Tasks: {running} running, {waiting} waiting</source>
        <translation>任务：{running} 个运行中，{waiting} 个等待中</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
</context>
<context>
    <name>TaskPopover</name>
    <message>
        <source>&lt;b&gt;Tasks&lt;/b&gt;</source>
        <translation>&lt;b&gt;任务&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No tasks since the app started.</source>
        <translation>应用启动以来还没有任务。</translation>
    </message>
</context>
<context>
    <name>TaskRow</name>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Waiting for the tasks before it</source>
        <translation>正在等待前面的任务</translation>
    </message>
    <message>
        <source>Running for {seconds}</source>
        <translation>已运行 {seconds}</translation>
    </message>
    <message>
        <source>{result} (after {seconds})</source>
        <translation>{result}（用时 {seconds}）</translation>
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
    <name>TokenDialog</name>
    <message>
        <source>Log in to the platform</source>
        <translation>登录平台</translation>
    </message>
    <message>
        <source>Paste the token the platform gave you</source>
        <translation>粘贴平台提供的令牌</translation>
    </message>
    <message>
        <source>Log in</source>
        <translation>登录</translation>
    </message>
    <message>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <source>Token:</source>
        <translation>令牌：</translation>
    </message>
    <message>
        <source>Paste a token first.</source>
        <translation>请先粘贴令牌。</translation>
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
    <name>UploadQueueModel</name>
    <message>
        <source>Package</source>
        <translation>发布包</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Post</source>
        <translation>作品</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>Uploading</source>
        <translation>上传中</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <source>Waiting for the server</source>
        <translation>正在等待服务器</translation>
    </message>
    <message>
        <source>Uploaded, making the post</source>
        <translation>已上传，正在创建作品</translation>
    </message>
    <message>
        <source>Posted</source>
        <translation>已发布</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>{post}: {status}</source>
        <translation>{post}：{status}</translation>
    </message>
    <message>
        <source>{done} of {size}</source>
        <translation>{done} / {size}</translation>
    </message>
</context>
<context>
    <name>UploadQueuePanel</name>
    <message>
        <source>Add…</source>
        <translation>添加…</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Add packages to upload</source>
        <translation>添加要上传的发布包</translation>
    </message>
    <message>
        <source>Packages (*.gcpkg *.zip)</source>
        <translation>发布包 (*.gcpkg *.zip)</translation>
    </message>
    <message>
        <source>Upload</source>
        <translation>上传</translation>
    </message>
</context>
<context>
    <name>UserGuideDialog</name>
    <message>
        <source>User Guide</source>
        <translation>用户指南</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Creators&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;创作者&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Open&lt;/b&gt; a phone video or a project (Ctrl+O, or drop it on the window). &lt;b&gt;Trim&lt;/b&gt;: I and O set the in and out points at the playhead; Left and Right step one frame; J, K and L shuttle; Ctrl+K snaps to keyframes.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;打开&lt;/b&gt;手机视频或项目（Ctrl+O，或拖到窗口上）。&lt;b&gt;剪辑&lt;/b&gt;：I 和 O 在播放头处设置入点和出点；左、右方向键逐帧移动；J、K、L 控制快速播放；Ctrl+K 吸附到关键帧。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Cover&lt;/b&gt;: pick a frame or import a picture, crop it to 3:4 or 9:16, write a title; &quot;Suggest covers&quot; proposes the best frames.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;封面&lt;/b&gt;：选择一帧或导入图片，裁剪为 3:4 或 9:16，写上标题；“推荐封面”会给出最佳的几帧。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Popups&lt;/b&gt;: search the Products panel and press &quot;Add popup&quot; to tag a product at the playhead; drag the blocks under the timeline to move or resize them; &quot;Find products&quot; proposes where each product is on screen. The Problems panel lists every broken rule.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;弹窗&lt;/b&gt;：在“商品”面板中搜索，按“添加弹窗”即可在播放头处标注商品；拖动时间线下方的色块可移动弹窗或调整时长；“查找商品”会建议每件商品在画面中出现的位置。“问题”面板列出所有违反的规则。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;&lt;b&gt;Post&lt;/b&gt; and &lt;b&gt;Sound&lt;/b&gt;: the title, description and hashtags; mute, loudness and music. &lt;b&gt;Pack for Upload&lt;/b&gt; (Ctrl+Shift+E) writes the package; &lt;b&gt;Upload Package&lt;/b&gt; (Ctrl+U) sends it, and the upload continues after a lost network or a restart. &lt;b&gt;My Posts&lt;/b&gt; shows the review: a rejected post&apos;s notes open their popup, and &quot;Fix and send again&quot; replaces it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;作品信息&lt;/b&gt;和&lt;b&gt;声音&lt;/b&gt;：标题、描述和话题；静音、响度和音乐。&lt;b&gt;打包上传&lt;/b&gt;（Ctrl+Shift+E）生成发布包；&lt;b&gt;上传发布包&lt;/b&gt;（Ctrl+U）将其发送出去，断网或重启后上传会继续。&lt;b&gt;我的作品&lt;/b&gt;显示审核情况：点击被驳回作品的备注可打开对应弹窗，“修改后重新发送”会替换该作品。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Keyboard&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;键盘&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Ctrl+1 to Ctrl+8 go to a panel (View &amp;gt; Go to Panel); Tab walks through it and Enter picks; Esc gives the keys back to the timeline, and pressed there cancels the running task. On the timeline Space plays and + and - zoom; in the popup lanes Up and Down select a popup. A panel can float in its own window: double-click its title.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Ctrl+1 至 Ctrl+8 转到各个面板（视图 &amp;gt; 转到面板）；Tab 在面板内依次移动，Enter 选择；Esc 把键盘交回时间线，在时间线上按下则取消正在运行的任务。在时间线上，空格键播放，+ 和 - 缩放；在弹窗轨道中用上下键选择弹窗。面板可以浮动为独立窗口：双击面板标题即可。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Merchants&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;商家&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Window &amp;gt; Listings (Ctrl+Shift+L): link the store applet, import the shop&apos;s CSV export (a dry run lists every bad row), edit prices and promotions, then Push to the platform.&lt;/p&gt;</source>
        <translation>&lt;p&gt;窗口 &amp;gt; 商品列表（Ctrl+Shift+L）：关联店铺小程序，导入店铺导出的 CSV（试运行会列出每一条有问题的行），编辑价格和促销，然后推送到平台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Reviewers&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;审核员&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Window &amp;gt; Review Queue, or File &amp;gt; Open Package for Review (Ctrl+Shift+O): the package is checked first, then plays as a phone shows it. N and P jump between popups, S shows the safe zones, a click on a card shows what WeChat would open. Choose approve or reject, write notes, and save the report or send it to the platform.&lt;/p&gt;</source>
        <translation>&lt;p&gt;窗口 &amp;gt; 审核队列，或 文件 &amp;gt; 打开发布包进行审核（Ctrl+Shift+O）：先检查发布包，再按手机上的显示效果播放。N 和 P 在弹窗之间跳转，S 显示安全区，点击卡片可查看微信会打开的页面。选择通过或驳回，写下备注，然后保存报告或发送到平台。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Account&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;账号&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The app runs a local sandbox platform and logs you in as creator, merchant and reviewer. The Account menu logs in to another server, switches account or logs out; tokens are kept in the system keyring only.&lt;/p&gt;</source>
        <translation>&lt;p&gt;应用会运行一个本地沙盒平台，并以创作者、商家和审核员身份为你登录。通过“账号”菜单可登录其他服务器、切换账号或退出登录；令牌只保存在系统密钥环中。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>VariantChoice</name>
    <message>
        <source>What the popup shows: the whole product (its price range) or one variant (its price, options and page)</source>
        <translation>弹窗展示的内容：整个商品（显示价格区间）或其中一个规格（显示该规格的价格、选项和页面）</translation>
    </message>
    <message>
        <source>Whole product</source>
        <translation>整个商品</translation>
    </message>
    <message>
        <source>Whole product · {price}</source>
        <translation>整个商品 · {price}</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Good Circle Studio</source>
        <translation>欢迎使用 Good Circle Studio</translation>
    </message>
    <message>
        <source>Creator</source>
        <translation>创作者</translation>
    </message>
    <message>
        <source>Trim a phone video, pick a cover, tag products as popups, pack and upload.</source>
        <translation>剪辑手机视频、挑选封面、把商品标注为弹窗，然后打包上传。</translation>
    </message>
    <message>
        <source>Open the demo project</source>
        <translation>打开演示项目</translation>
    </message>
    <message>
        <source>Merchant</source>
        <translation>商家</translation>
    </message>
    <message>
        <source>Link your store applet, import the shop&apos;s CSV, keep listings in sync.</source>
        <translation>关联店铺小程序，导入店铺的 CSV，保持商品同步。</translation>
    </message>
    <message>
        <source>Open the listings</source>
        <translation>打开商品列表</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核员</translation>
    </message>
    <message>
        <source>Watch a package as the viewer&apos;s phone shows it, offline, and record a verdict.</source>
        <translation>离线按观众手机上的显示效果观看发布包，并记录审核结论。</translation>
    </message>
    <message>
        <source>Review the demo package</source>
        <translation>审核演示发布包</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Check again</source>
        <translation>重新检查</translation>
    </message>
    <message>
        <source>Check setup</source>
        <translation>检查环境</translation>
    </message>
    <message>
        <source>A local sandbox platform runs in the background at {url}: you are logged in as creator, merchant and reviewer, with no account anywhere.</source>
        <translation>后台在 {url} 运行着一个本地沙盒平台：你已以创作者、商家和审核员身份登录，无需任何账号。</translation>
    </message>
    <message>
        <source>Do not show this again</source>
        <translation>不再显示</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
    </message>
    <message>
        <source>ffmpeg</source>
        <translation>ffmpeg</translation>
    </message>
    <message>
        <source>Keyring</source>
        <translation>密钥环</translation>
    </message>
    <message>
        <source>Disk space</source>
        <translation>磁盘空间</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>{name}: {detail}</source>
        <translation>{name}：{detail}</translation>
    </message>
</context>
<context>
    <name>Workspaces</name>
    <message>
        <source>Open &amp;Package for Review…</source>
        <translation>打开发布包进行审核(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Review Queue…</source>
        <translation>审核队列(&amp;R)…</translation>
    </message>
    <message>
        <source>&amp;Listings (Merchant)…</source>
        <translation>商品列表（商家）(&amp;L)…</translation>
    </message>
    <message>
        <source>&amp;Welcome and Setup Check…</source>
        <translation>欢迎和环境检查(&amp;W)…</translation>
    </message>
    <message>
        <source>Open package for review</source>
        <translation>打开发布包进行审核</translation>
    </message>
    <message>
        <source>Good Circle packages (*{suffix})</source>
        <translation>Good Circle 发布包 (*{suffix})</translation>
    </message>
    <message>
        <source>Preparing the demo…</source>
        <translation>正在准备演示…</translation>
    </message>
</context>
<context>
    <name>_BulkDialog</name>
    <message numerus="yes">
        <source>Applies to %Ln listing(s).</source>
        <translation>
            <numerusform>适用于 %Ln 个商品。</numerusform>
        </translation>
    </message>
    <message>
        <source>0 % changes no price: type how much, e.g. -10 or 5.</source>
        <translation>0% 不会改变任何价格：请输入调整幅度，例如 -10 或 5。</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>The local sandbox did not start: {error}</source>
        <translation>本地沙盒未能启动：{error}</translation>
    </message>
</context>
<context>
    <name>cover</name>
    <message>
        <source>sharp (detail {detail})</source>
        <translation>清晰（细节 {detail}）</translation>
    </message>
    <message>
        <source>blurry (detail {detail})</source>
        <translation>模糊（细节 {detail}）</translation>
    </message>
    <message>
        <source>black frame</source>
        <translation>黑屏</translation>
    </message>
    <message>
        <source>too dark</source>
        <translation>太暗</translation>
    </message>
    <message>
        <source>blown out</source>
        <translation>过曝</translation>
    </message>
    <message>
        <source>well exposed</source>
        <translation>曝光良好</translation>
    </message>
    <message>
        <source>flat, little contrast</source>
        <translation>平淡，对比度低</translation>
    </message>
    <message>
        <source>good contrast</source>
        <translation>对比度好</translation>
    </message>
    <message>
        <source>colourful</source>
        <translation>色彩丰富</translation>
    </message>
    <message>
        <source>{count} face(s)</source>
        <translation>{count} 张人脸</translation>
    </message>
    <message>
        <source>in a fade</source>
        <translation>处于淡入淡出中</translation>
    </message>
    <message>
        <source>at a scene cut</source>
        <translation>处于镜头切换处</translation>
    </message>
    <message>
        <source>{seconds} s from a cut or fade</source>
        <translation>距切换或淡入淡出 {seconds} 秒</translation>
    </message>
    <message>
        <source>steady shot</source>
        <translation>画面稳定</translation>
    </message>
</context>
<context>
    <name>crash</name>
    <message>
        <source>Something went wrong inside Good Circle Studio. Your work was saved and will be offered the next time the app starts.</source>
        <translation>Good Circle Studio 内部出错了。你的工作已保存，下次启动时会提示恢复。</translation>
    </message>
    <message>
        <source>Something went wrong inside Good Circle Studio.</source>
        <translation>Good Circle Studio 内部出错了。</translation>
    </message>
    <message>
        <source>A report was written to {path}.</source>
        <translation>错误报告已写入 {path}。</translation>
    </message>
    <message>
        <source>Unexpected error</source>
        <translation>意外错误</translation>
    </message>
    <message>
        <source>Open Folder</source>
        <translation>打开文件夹</translation>
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
        <source>{field} must be between -60 and 0 dB, but it is {value}</source>
        <translation>{field} 必须介于 -60 到 0 dB 之间，实际为 {value}</translation>
    </message>
    <message>
        <source>the file holds a JSON {found}, not a project object</source>
        <translation>文件内容是 JSON {found}，不是项目对象</translation>
    </message>
    <message>
        <source>objects in the file nest more than {limit} deep; a project never does</source>
        <translation>文件中的对象嵌套超过 {limit} 层；项目文件不会这样</translation>
    </message>
    <message>
        <source>the project has {count} popups; at most {limit} are allowed</source>
        <translation>项目有 {count} 个弹窗；最多允许 {limit} 个</translation>
    </message>
    <message>
        <source>the project file is {size_mb} MB; a project file is at most {limit_mb} MB</source>
        <translation>项目文件有 {size_mb} MB；项目文件最大 {limit_mb} MB</translation>
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
        <source>ask for at least one suggestion, not {count}</source>
        <translation>至少要请求一个推荐，而不是 {count} 个</translation>
    </message>
    <message>
        <source>the range {start_ms}–{end_ms} ms is empty</source>
        <translation>范围 {start_ms}–{end_ms} 毫秒为空</translation>
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
        <source>the cover could not be encoded as JPEG</source>
        <translation>封面无法编码为 JPEG</translation>
    </message>
    <message>
        <source>the cover is {megabytes} MB even at the lowest quality; at most 2 MB</source>
        <translation>即使用最低质量，封面仍有 {megabytes} MB；最大 2 MB</translation>
    </message>
    <message>
        <source>the image is {megabytes} MB; at most 100 MB</source>
        <translation>图片大小为 {megabytes} MB；最大 100 MB</translation>
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
        <source>the file cannot be read: {detail}</source>
        <translation>无法读取文件：{detail}</translation>
    </message>
    <message>
        <source>the file is not an image this app can read</source>
        <translation>文件不是本应用能读取的图片</translation>
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
        <source>the source&apos;s colours ({matrix}, {range} range) must be converted to BT.709, so nothing can be copied</source>
        <translation>源视频的色彩（{matrix}，{range} 范围）必须转换为 BT.709，因此无法直接复制任何部分</translation>
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
        <source>{value} is not a whole, non-negative number of units in stock</source>
        <translation>{value} 不是非负整数的库存数量</translation>
    </message>
    <message>
        <source>{value} is not a list of options such as 颜色=红; 尺码=M</source>
        <translation>{value} 不是规格选项列表（例如 颜色=红; 尺码=M）</translation>
    </message>
    <message>
        <source>the product has no variants</source>
        <translation>该商品没有任何规格</translation>
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
        <source>the text holds the character {character}, which is not allowed</source>
        <translation>文本含有不允许的字符 {character}</translation>
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
        <source>the package&apos;s zip directory is {size} bytes; at most {limit} are allowed (too many members or too long names)</source>
        <translation>包的 zip 目录有 {size} 字节，最多允许 {limit} 字节（成员太多或名称太长）</translation>
    </message>
    <message>
        <source>the package has {count} bytes before the zip&apos;s first member</source>
        <translation>包在 zip 的第一个成员之前有 {count} 字节</translation>
    </message>
    <message>
        <source>the package has {count} bytes after the end of the zip</source>
        <translation>包在 zip 结尾之后还有 {count} 字节</translation>
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
        <source>member {name} still carries a location ({what}); images must be written without it, and a video keeps it only when the creator chose to</source>
        <translation>成员文件 {name} 仍带有位置信息（{what}）；图片写入时必须去除位置信息，视频只有在创作者选择保留时才可保留</translation>
    </message>
    <message>
        <source>member {name} is compressed; media are stored uncompressed</source>
        <translation>成员文件 {name} 经过压缩；媒体文件应不压缩存储</translation>
    </message>
    <message>
        <source>the video has {count} popups; at most 10 are allowed</source>
        <translation>视频有 {count} 个商品弹窗，最多允许 10 个</translation>
    </message>
    <message>
        <source>the popup ends at {end}, before its start at {start}: drag its end later</source>
        <translation>商品弹窗在 {end} 结束，早于其开始时间 {start}：请把结束点往后拖</translation>
    </message>
    <message>
        <source>the popup is on screen for {seconds} s; a popup must stay at least 2 s: drag its end later</source>
        <translation>商品弹窗只显示 {seconds} 秒；商品弹窗至少要显示 2 秒：请把结束点往后拖</translation>
    </message>
    <message>
        <source>the popup is on screen for {seconds} s; a popup may stay at most 15 s: shorten it, or tag the product twice</source>
        <translation>商品弹窗显示 {seconds} 秒；商品弹窗最多显示 15 秒：请缩短它，或把该商品分两次标注</translation>
    </message>
    <message>
        <source>the popup overlaps popup {other} at {at}, and no more than {max_visible} may show at once: move one of them</source>
        <translation>商品弹窗在 {at} 与商品弹窗 {other} 重叠，同一时间最多显示 {max_visible} 个：请移动其中一个</translation>
    </message>
    <message>
        <source>the popup ({start}–{end}) lies wholly outside the trimmed video ({trim_start}–{trim_end}): move it inside or delete it</source>
        <translation>商品弹窗（{start}–{end}）完全在裁剪后的视频（{trim_start}–{trim_end}）之外：请移到范围内或删除</translation>
    </message>
    <message>
        <source>the popup ({start}–{end}) reaches outside the trimmed video ({trim_start}–{trim_end})</source>
        <translation>商品弹窗（{start}–{end}）超出了裁剪后的视频（{trim_start}–{trim_end}）</translation>
    </message>
    <message>
        <source>the popup starts at {start}, in the video&apos;s first second, where no popup may show: start it at {earliest} or later</source>
        <translation>商品弹窗在 {start} 出现，处于视频的第 1 秒内，这里不能显示商品弹窗：请让它从 {earliest} 或之后开始</translation>
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
        <source>variant {variant_sku} of product {sku} is no longer in the catalog; show the whole product or another variant</source>
        <translation>商品 {sku} 的规格 {variant_sku} 已不在商品库中；请改为展示整个商品或其他规格</translation>
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
        <source>the popup lies over the feed&apos;s buttons and captions: drag it into the safe zone (S shows it)</source>
        <translation>商品弹窗压住了信息流的按钮和文案：请拖到安全区内（按 S 显示安全区）</translation>
    </message>
    <message>
        <source>the product leaves the 9:16 picture at {at} while its popup shows: choose “Follow faces and products”, or move the popup to where the product is in the picture</source>
        <translation>弹窗显示期间，商品在 {at} 离开了 9:16 画面：请选择“跟随人脸和商品”，或把弹窗移到商品在画面中的时段</translation>
    </message>
    <message>
        <source>the product is wider than the 9:16 picture at {at}, so the follow window cuts part of it while its popup shows: choose “Fit with blurred bars” to show it whole</source>
        <translation>商品在 {at} 比 9:16 画面还宽，弹窗显示期间跟随窗口会裁掉它的一部分：请选择“模糊背景填充”以显示整个商品</translation>
    </message>
    <message>
        <source>the proposal was clipped to {start}–{end} to stay in the trimmed video and out of its first second</source>
        <translation>建议的商品弹窗已截为 {start}–{end}，以保持在裁剪后的视频内并避开第 1 秒</translation>
    </message>
    <message>
        <source>the proposal was extended to {start}–{end} (popups stay at least 2 s)</source>
        <translation>建议的商品弹窗已延长为 {start}–{end}（商品弹窗至少显示 2 秒）</translation>
    </message>
    <message>
        <source>the proposal was shortened to {start}–{end} (a popup stays at most 15 s)</source>
        <translation>建议的商品弹窗已缩短为 {start}–{end}（商品弹窗最多显示 15 秒）</translation>
    </message>
    <message>
        <source>no popup fits there: a popup needs 2 s of its own, inside the trimmed video and after its first second, where no other popup shows. Shorten or move a neighbouring popup, or trim less</source>
        <translation>这里放不下商品弹窗：商品弹窗需要独占 2 秒，位于裁剪后的视频内、第 1 秒之后，且没有其他商品弹窗显示。请缩短或移动相邻的商品弹窗，或少裁剪一些</translation>
    </message>
    <message>
        <source>the proposal was clipped to {start}–{end} to stay clear of the other popups</source>
        <translation>建议的商品弹窗已截为 {start}–{end}，以避开其他商品弹窗</translation>
    </message>
    <message>
        <source>the proposal was moved to {start}–{end}, the nearest time no other popup shows</source>
        <translation>建议的商品弹窗已移到 {start}–{end}，这是最近的没有其他商品弹窗显示的时间</translation>
    </message>
    <message>
        <source>the popup ({start}–{end}) lies wholly in the part the export cuts away; it is left out</source>
        <translation>商品弹窗（{start}–{end}）完全位于导出时剪掉的部分，因此不包含在内</translation>
    </message>
    <message>
        <source>the export cuts part of the popup away; {seconds} s remain ({out_start}–{out_end} of the video)</source>
        <translation>导出会剪掉商品弹窗的一部分；剩余 {seconds} 秒（视频的 {out_start}–{out_end}）</translation>
    </message>
    <message>
        <source>A popup shows for 2 to 15 s, never in the video&apos;s first second, and never together with another.</source>
        <translation>商品弹窗显示 2 到 15 秒，不能出现在视频的第 1 秒内，也不能与其他商品弹窗同时显示。</translation>
    </message>
    <message>
        <source>the proposal was split into {count} popups (a popup stays at most 15 s)</source>
        <translation>建议的商品弹窗已拆分为 {count} 个商品弹窗（每个商品弹窗最多显示 15 秒）</translation>
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
        <source>unknown fit {fit} (pad, crop, or follow with its window path)</source>
        <translation>未知的适配方式 {fit}（pad、crop，或带取景路径的 follow）</translation>
    </message>
    <message>
        <source>the project breaks {count} rule(s), so it was not packed: {problems}</source>
        <translation>项目违反了 {count} 条规则，因此未打包：{problems}</translation>
    </message>
    <message>
        <source>product {sku} has no valid store applet link (an AppID like wx0123456789abcdef and a page path), neither in its popup nor in the catalog or the project</source>
        <translation>商品 {sku} 没有有效的店铺小程序链接（形如 wx0123456789abcdef 的 AppID 和页面路径），商品弹窗、商品库和项目中都没有</translation>
    </message>
    <message>
        <source>the popup has no product facts (title and price) for {sku}, and the catalog has none</source>
        <translation>商品弹窗没有 {sku} 的商品信息（标题和价格），商品库中也没有</translation>
    </message>
    <message>
        <source>the popup&apos;s page path holds a control character at {position}; a popup opens a page of its product&apos;s applet</source>
        <translation>弹窗的页面路径在第 {position} 个字符处含有控制字符；弹窗只能打开其商品所在小程序的页面</translation>
    </message>
    <message>
        <source>the popup opens the web address {page}; a popup opens a page of its product&apos;s applet</source>
        <translation>弹窗打开的是网址 {page}；弹窗只能打开其商品所在小程序的页面</translation>
    </message>
    <message>
        <source>the popup&apos;s page path {page} is a {scheme}: link; a popup opens a page of its product&apos;s applet</source>
        <translation>弹窗的页面路径 {page} 是 {scheme}: 链接；弹窗只能打开其商品所在小程序的页面</translation>
    </message>
    <message>
        <source>the popup&apos;s page path {page} starts with //; write the applet page without it</source>
        <translation>弹窗的页面路径 {page} 以 // 开头；请去掉它，只写小程序页面</translation>
    </message>
    <message>
        <source>the popup&apos;s page path {page} climbs out of the page with &quot;..&quot;</source>
        <translation>弹窗的页面路径 {page} 用 &quot;..&quot; 跳出了页面目录</translation>
    </message>
    <message>
        <source>the popup&apos;s page path {page} is not an applet page: {detail}</source>
        <translation>弹窗的页面路径 {page} 不是小程序页面：{detail}</translation>
    </message>
    <message>
        <source>the popup&apos;s applet is not valid: {detail}</source>
        <translation>弹窗的小程序无效：{detail}</translation>
    </message>
    <message>
        <source>the popup opens applet {app_id}, which no listed product opens in; product {sku} is listed in applet {expected}</source>
        <translation>弹窗打开的小程序 {app_id} 没有任何在售商品使用；商品 {sku} 上架在小程序 {expected}</translation>
    </message>
    <message>
        <source>the popup opens applet {app_id}, but product {sku} is listed in applet {expected}</source>
        <translation>弹窗打开的是小程序 {app_id}，但商品 {sku} 上架在小程序 {expected}</translation>
    </message>
    <message>
        <source>the popup opens the page of product {other} ({page}); product {sku}&apos;s page is {expected}</source>
        <translation>弹窗打开的是商品 {other} 的页面（{page}）；商品 {sku} 的页面是 {expected}</translation>
    </message>
    <message>
        <source>the popup opens page {page}, but product {sku}&apos;s page is {expected}</source>
        <translation>弹窗打开的是页面 {page}，但商品 {sku} 的页面是 {expected}</translation>
    </message>
    <message>
        <source>product {sku} has no image; its popup is packed without one</source>
        <translation>商品 {sku} 没有图片；其商品弹窗将不带图片打包</translation>
    </message>
    <message>
        <source>product {sku} is sold out: a viewer who taps the popup cannot buy it</source>
        <translation>商品 {sku} 已售罄：观众点击弹窗后无法购买</translation>
    </message>
    <message>
        <source>{variant} of product {sku} is sold out: a viewer who taps the popup cannot buy it; show the whole product or another variant</source>
        <translation>商品 {sku} 的规格 {variant} 已售罄：观众点击弹窗后无法购买；请改为展示整个商品或其他规格</translation>
    </message>
    <message>
        <source>the image of product {sku} ({image}) is not a file on this computer; its popup is packed without one</source>
        <translation>商品 {sku} 的图片（{image}）不是本机上的文件；其商品弹窗将不带图片打包</translation>
    </message>
    <message>
        <source>the image of product {sku} was not found at {image}; its popup is packed without one</source>
        <translation>在 {image} 找不到商品 {sku} 的图片；其商品弹窗将不带图片打包</translation>
    </message>
    <message>
        <source>the image of product {sku} ({image}) could not be read ({detail}); its popup is packed without one</source>
        <translation>无法读取商品 {sku} 的图片 {image}（{detail}）；其商品弹窗将不带图片打包</translation>
    </message>
    <message>
        <source>there is no local catalog, so the products were not checked against their current listings</source>
        <translation>没有本地商品库，因此未按当前商品信息检查商品</translation>
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
        <source>the package would overwrite the project or its video</source>
        <translation>发布包会覆盖项目或其视频</translation>
    </message>
    <message>
        <source>not enough free space in this folder: the package needs about {need} MB and {free} MB are free</source>
        <translation>此文件夹可用空间不足：发布包约需 {need} MB，可用 {free} MB</translation>
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
        <source>the video uses open GOPs</source>
        <translation>视频使用开放式 GOP</translation>
    </message>
    <message>
        <source>{at_ms} ms is outside the video (0 to {duration_ms} ms)</source>
        <translation>{at_ms} 毫秒不在视频范围内（0 到 {duration_ms} 毫秒）</translation>
    </message>
    <message>
        <source>no token was given (paste it at the prompt or pipe it on stdin)</source>
        <translation>未提供令牌（请在提示处粘贴，或通过标准输入传入）</translation>
    </message>
    <message>
        <source>not logged in to {server}: run `studio login --server {server}` (or set STUDIO_TOKEN)</source>
        <translation>未登录 {server}：请运行 `studio login --server {server}`（或设置 STUDIO_TOKEN）</translation>
    </message>
    <message>
        <source>--product takes SKU=IMAGE, not {value!r}</source>
        <translation>--product 的格式应为 SKU=IMAGE，而不是 {value!r}</translation>
    </message>
    <message>
        <source>a popup note must look like POPUP_ID=TEXT, not {value}</source>
        <translation>弹窗备注的格式应为 POPUP_ID=TEXT，而不是 {value}</translation>
    </message>
    <message>
        <source>--verdict needs -o REPORT.json (where to write the report)</source>
        <translation>--verdict 需要 -o REPORT.json（报告的写入位置）</translation>
    </message>
    <message>
        <source>the applet AppID is missing</source>
        <translation>缺少小程序 AppID</translation>
    </message>
    <message>
        <source>{value} is not an applet AppID: wx followed by 16 lowercase hex digits</source>
        <translation>{value} 不是小程序 AppID：应为 wx 加 16 位小写十六进制数字</translation>
    </message>
    <message>
        <source>{value} is not an original ID: gh_ followed by 12 lowercase hex digits</source>
        <translation>{value} 不是原始 ID：应为 gh_ 加 12 位小写十六进制数字</translation>
    </message>
    <message>
        <source>the applet name has {count} characters; at most {limit}</source>
        <translation>小程序名称有 {count} 个字符；最多 {limit} 个</translation>
    </message>
    <message>
        <source>the page path is missing</source>
        <translation>缺少页面路径</translation>
    </message>
    <message>
        <source>the page path starts with a slash; write it without one (pages/goods/detail)</source>
        <translation>页面路径以斜杠开头；请去掉斜杠（pages/goods/detail）</translation>
    </message>
    <message>
        <source>the page path has a query but no page before the ?</source>
        <translation>页面路径带有查询参数，但 ? 前面没有页面</translation>
    </message>
    <message>
        <source>the page part is {count} bytes long; at most {limit} bytes</source>
        <translation>页面部分长 {count} 字节；最多 {limit} 字节</translation>
    </message>
    <message>
        <source>the page part may hold only letters, digits, _ - . and /; “{char}” at {position} is not allowed</source>
        <translation>页面部分只能包含字母、数字、_ - . 和 /；位置 {position} 处的“{char}”不允许使用</translation>
    </message>
    <message>
        <source>the query is {count} characters long; at most {limit}</source>
        <translation>查询参数长 {count} 个字符；最多 {limit} 个</translation>
    </message>
    <message>
        <source>“{char}” at {position} is not allowed in the query (use %XX for other characters)</source>
        <translation>查询参数中位置 {position} 处的“{char}”不允许使用（其他字符请用 %XX 表示）</translation>
    </message>
    <message>
        <source>{{{name}}} is not a known placeholder; the known ones are {known}</source>
        <translation>{{{name}}} 不是已知的占位符；已知的有 {known}</translation>
    </message>
    <message>
        <source>{{{name}}} stands in the page part; placeholders belong in the query</source>
        <translation>{{{name}}} 位于页面部分；占位符应放在查询参数中</translation>
    </message>
    <message>
        <source>a brace at {position} is not part of a {{name}} placeholder</source>
        <translation>位置 {position} 处的花括号不属于 {{name}} 占位符</translation>
    </message>
    <message>
        <source>the cover aspect is {aspect}; the platform takes 3:4 or 9:16</source>
        <translation>封面比例为 {aspect}；平台要求 3:4 或 9:16</translation>
    </message>
    <message>
        <source>the cover is cut from only {width} px of width; the platform wants at least {minimum} px</source>
        <translation>封面仅从 {width} 像素宽的画面中裁出；平台要求至少 {minimum} 像素</translation>
    </message>
    <message>
        <source>the cover JPEG is {megabytes} MB; the platform takes at most 2 MB</source>
        <translation>封面 JPEG 大小为 {megabytes} MB；平台要求最大 2 MB</translation>
    </message>
    <message>
        <source>the title reaches into the feed&apos;s controls ({where}); it may be hidden there</source>
        <translation>标题伸入了信息流的控件区域（{where}）；可能会被遮挡</translation>
    </message>
    <message>
        <source>the title overlaps the area where the product card appears</source>
        <translation>标题与商品卡片出现的区域重叠</translation>
    </message>
    <message>
        <source>the cover frame at {time_ms} ms is not in the trimmed video ({start_ms}–{end_ms} ms)</source>
        <translation>{time_ms} 毫秒处的封面帧不在裁剪后的视频内（{start_ms}–{end_ms} 毫秒）</translation>
    </message>
    <message>
        <source>the file is neither UTF-8, UTF-16 nor GB18030/GBK text</source>
        <translation>文件不是 UTF-8、UTF-16 或 GB18030/GBK 文本</translation>
    </message>
    <message>
        <source>the file has no header line</source>
        <translation>文件没有表头行</translation>
    </message>
    <message>
        <source>line 1: no column for {field}; map one of the columns ({columns}) to it</source>
        <translation>第 1 行：没有对应 {field} 的列；请将某一列（{columns}）映射到它</translation>
    </message>
    <message>
        <source>the mapping names column “{column}”, which the file does not have</source>
        <translation>映射中指定的列“{column}”在文件中不存在</translation>
    </message>
    <message>
        <source>a quote opens a cell here and never closes; the line was skipped</source>
        <translation>此处有引号开始了一个单元格但一直没有闭合；已跳过该行</translation>
    </message>
    <message>
        <source>the line has {count} cells; the header has {limit}</source>
        <translation>该行有 {count} 个单元格；表头有 {limit} 个</translation>
    </message>
    <message>
        <source>line 1 has {count} columns; a listings file has at most {limit}</source>
        <translation>第 1 行有 {count} 列；商品文件最多 {limit} 列</translation>
    </message>
    <message>
        <source>line 1: no column for sku or product_id; map one of the columns ({columns}) to one of them</source>
        <translation>第 1 行：没有 sku 或 product_id 列；请把其中一列（{columns}）对应到其中之一</translation>
    </message>
    <message>
        <source>product {product} was not imported: its row on line {line} has a problem</source>
        <translation>商品 {product} 未导入：它在第 {line} 行的一行有问题</translation>
    </message>
    <message>
        <source>SKU {sku} is already a variant of product {product}</source>
        <translation>SKU {sku} 已是商品 {product} 的规格</translation>
    </message>
    <message>
        <source>the listings were written by a newer version of the app</source>
        <translation>商品数据由更新版本的应用写入</translation>
    </message>
    <message>
        <source>the SKU is missing</source>
        <translation>缺少 SKU</translation>
    </message>
    <message>
        <source>SKU “{value}” is not 1 to 64 letters, digits, &apos;-&apos;, &apos;_&apos; or &apos;.&apos; (starting with a letter or digit)</source>
        <translation>SKU“{value}”不合规：应为 1 到 64 个字母、数字、&apos;-&apos;、&apos;_&apos; 或 &apos;.&apos;（以字母或数字开头）</translation>
    </message>
    <message>
        <source>SKU {value} is there twice (first on line {first})</source>
        <translation>SKU {value} 重复出现（首次出现在第 {first} 行）</translation>
    </message>
    <message>
        <source>SKU {value} names two variants of product {product}</source>
        <translation>SKU {value} 在商品 {product} 中指向两个规格</translation>
    </message>
    <message>
        <source>“{value}” is not a stock count (a whole number from 0, or empty when not counted)</source>
        <translation>“{value}”不是库存数量（应为从 0 起的整数，不计库存时留空）</translation>
    </message>
    <message>
        <source>“{value}” is not a list of options (write 颜色:红;尺码:M)</source>
        <translation>“{value}”不是规格列表（请写成 颜色:红;尺码:M）</translation>
    </message>
    <message>
        <source>product {value} has no variant to sell</source>
        <translation>商品 {value} 没有可售的规格</translation>
    </message>
    <message>
        <source>the title is missing</source>
        <translation>缺少标题</translation>
    </message>
    <message>
        <source>the title has {count} characters; at most {limit} are allowed</source>
        <translation>标题有 {count} 个字符；最多允许 {limit} 个</translation>
    </message>
    <message>
        <source>the title holds a line break or a control character</source>
        <translation>标题含有换行符或控制字符</translation>
    </message>
    <message>
        <source>the price is missing</source>
        <translation>缺少价格</translation>
    </message>
    <message>
        <source>“{value}” is not a price (write 1299, 1,299.00, ¥12.99 or 12.99元)</source>
        <translation>“{value}”不是价格（可写作 1299、1,299.00、¥12.99 或 12.99元）</translation>
    </message>
    <message>
        <source>the promo price {promo} is not below the price {price}</source>
        <translation>促销价 {promo} 不低于原价 {price}</translation>
    </message>
    <message>
        <source>“{value}” is not a date and time (write 2026-12-31 23:59 or an RFC 3339 time)</source>
        <translation>“{value}”不是日期时间（可写作 2026-12-31 23:59 或 RFC 3339 时间）</translation>
    </message>
    <message>
        <source>“{value}” is not a three-letter currency code</source>
        <translation>“{value}”不是三个字母的货币代码</translation>
    </message>
    <message>
        <source>“{value}” is not a status (active or inactive)</source>
        <translation>“{value}”不是有效状态（active 或 inactive）</translation>
    </message>
    <message>
        <source>the image {value} does not exist or cannot be read</source>
        <translation>图片 {value} 不存在或无法读取</translation>
    </message>
    <message>
        <source>the image {value} is not a JPEG, PNG or WebP picture</source>
        <translation>图片 {value} 不是 JPEG、PNG 或 WebP 图片</translation>
    </message>
    <message>
        <source>the image {value} is {width}x{height} px; both sides must be at least {limit} px</source>
        <translation>图片 {value} 为 {width}x{height} 像素；两边都必须至少 {limit} 像素</translation>
    </message>
    <message>
        <source>the image {value} is {size_mb} MB; at most 5 MB are allowed</source>
        <translation>图片 {value} 大小为 {size_mb} MB；最大允许 5 MB</translation>
    </message>
    <message>
        <source>the post has no title</source>
        <translation>作品没有标题</translation>
    </message>
    <message>
        <source>the description has {count} characters; at most {limit} are allowed</source>
        <translation>描述有 {count} 个字符；最多允许 {limit} 个</translation>
    </message>
    <message>
        <source>the post has {count} hashtags; at most {limit} are allowed</source>
        <translation>作品有 {count} 个话题；最多允许 {limit} 个</translation>
    </message>
    <message>
        <source>hashtag #{tag} has {count} characters; at most {limit} are allowed</source>
        <translation>话题 #{tag} 有 {count} 个字符；最多允许 {limit} 个</translation>
    </message>
    <message>
        <source>hashtag “{tag}” is not one word: no spaces, no # inside, not empty</source>
        <translation>话题“{tag}”不是一个词：不能含空格，中间不能有 #，也不能为空</translation>
    </message>
    <message>
        <source>hashtag #{tag} is there twice</source>
        <translation>话题 #{tag} 重复出现</translation>
    </message>
    <message>
        <source>links are not allowed in the post: “{link}”</source>
        <translation>作品中不允许包含链接：“{link}”</translation>
    </message>
    <message>
        <source>the popup is shown for {seconds} s; at least 2 s are needed</source>
        <translation>商品弹窗显示 {seconds} 秒；至少需要 2 秒</translation>
    </message>
    <message>
        <source>the card is hard to read over the video behind it (contrast {ratio}:1, at least {minimum}:1)</source>
        <translation>卡片在背景视频上难以看清（对比度 {ratio}:1，至少需要 {minimum}:1）</translation>
    </message>
    <message>
        <source>the card covers a face at {time}</source>
        <translation>卡片在 {time} 遮挡了人脸</translation>
    </message>
    <message>
        <source>the card covers the cover&apos;s title</source>
        <translation>卡片遮挡了封面标题</translation>
    </message>
    <message>
        <source>the prices do not add up: promo {promo} is not below the price {price}</source>
        <translation>价格不合理：促销价 {promo} 不低于原价 {price}</translation>
    </message>
    <message>
        <source>the popup shows no price</source>
        <translation>商品弹窗没有显示价格</translation>
    </message>
    <message>
        <source>the promotion ended at {ends_at}</source>
        <translation>促销已于 {ends_at} 结束</translation>
    </message>
    <message>
        <source>the review report cannot be read: {detail}</source>
        <translation>无法读取审核报告：{detail}</translation>
    </message>
    <message>
        <source>the review report has schema version {version}; this app reads version {supported}</source>
        <translation>审核报告的结构版本为 {version}；本应用读取的版本为 {supported}</translation>
    </message>
    <message>
        <source>the review report was changed after it was signed</source>
        <translation>审核报告在签名后被修改过</translation>
    </message>
    <message>
        <source>the review report is for package {theirs}, not this package ({ours})</source>
        <translation>此审核报告针对的是发布包 {theirs}，而不是当前发布包（{ours}）</translation>
    </message>
    <message>
        <source>the verdict must be approve or reject, not {verdict}</source>
        <translation>审核结论必须是 approve 或 reject，而不是 {verdict}</translation>
    </message>
    <message>
        <source>this is a folder, not a file to write</source>
        <translation>这是文件夹，不是可写入的文件</translation>
    </message>
    <message>
        <source>the project has no video</source>
        <translation>项目没有视频</translation>
    </message>
    <message>
        <source>the project&apos;s music {name} is not where it was; open the project in the app to find it again</source>
        <translation>项目的音乐 {name} 已不在原位置；请在应用中打开项目以重新找到它</translation>
    </message>
    <message>
        <source>the project&apos;s video {name} is not where it was and was not found beside the project; open the project in the app to find it again</source>
        <translation>项目的视频 {name} 已不在原位置，在项目旁边也没有找到；请在应用中打开项目以重新找到它</translation>
    </message>
    <message>
        <source>the project has no tagged products to look for</source>
        <translation>项目中没有可查找的已标注商品</translation>
    </message>
    <message>
        <source>none of the project&apos;s products has a listing photo on this computer</source>
        <translation>项目中的商品在本机上都没有商品照片</translation>
    </message>
    <message>
        <source>the photo of {sku} is not a local file ({image}); skipped</source>
        <translation>{sku} 的照片不是本地文件（{image}）；已跳过</translation>
    </message>
    <message>
        <source>the photo of {sku} is missing ({image}); skipped</source>
        <translation>{sku} 的照片缺失（{image}）；已跳过</translation>
    </message>
    <message>
        <source>the photo of {sku} cannot be read ({detail}); skipped</source>
        <translation>无法读取 {sku} 的照片（{detail}）；已跳过</translation>
    </message>
    <message>
        <source>product {sku} has no listing photo; it was not looked for</source>
        <translation>商品 {sku} 没有商品照片；未查找该商品</translation>
    </message>
    <message>
        <source>not valid JSON ({reason})</source>
        <translation>不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>the mapping must be a JSON object of field names to column names; the fields are {fields}</source>
        <translation>映射必须是字段名到列名的 JSON 对象；字段有 {fields}</translation>
    </message>
    <message>
        <source>the preview must be written to an .mp4 file</source>
        <translation>预览必须写入 .mp4 文件</translation>
    </message>
    <message>
        <source>self-test step failed: {step}: {detail}</source>
        <translation>自检步骤失败：{step}：{detail}</translation>
    </message>
    <message>
        <source>ffmpeg measured no loudness for the audio</source>
        <translation>ffmpeg 未测得音频的响度</translation>
    </message>
    <message>
        <source>the photo of {sku} has too little detail to be found in a video</source>
        <translation>{sku} 的照片细节太少，无法在视频中找到</translation>
    </message>
    <message>
        <source>no keyring works on this computer ({reason}), so the token is kept only until the app closes; scripts and CI can set STUDIO_TOKEN instead</source>
        <translation>本机没有可用的密钥环（{reason}），因此令牌只保留到应用关闭；脚本和 CI 可改为设置 STUDIO_TOKEN</translation>
    </message>
    <message>
        <source>the only keyring here ({backend}) keeps passwords in a plain file</source>
        <translation>这里唯一的密钥环（{backend}）把密码存放在明文文件中</translation>
    </message>
    <message>
        <source>{name} is not a JPEG, PNG or WebP picture</source>
        <translation>{name} 不是 JPEG、PNG 或 WebP 图片</translation>
    </message>
    <message>
        <source>{name} is {size_mb} MB; a listing picture may be at most {limit_mb} MB</source>
        <translation>{name} 大小为 {size_mb} MB；商品图片最大 {limit_mb} MB</translation>
    </message>
    <message>
        <source>{name} is damaged: its {what} ends before it should</source>
        <translation>{name} 已损坏：其 {what} 提前结束</translation>
    </message>
    <message>
        <source>the location ({what}) in {name} was removed before sending</source>
        <translation>{name} 中的位置信息（{what}）已在发送前删除</translation>
    </message>
    <message>
        <source>cannot read the picture: {reason}</source>
        <translation>无法读取图片：{reason}</translation>
    </message>
    <message>
        <source>a listing holds at most {most} pictures; {count} were given</source>
        <translation>一个商品最多有 {most} 张图片；提供了 {count} 张</translation>
    </message>
    <message>
        <source>the picture ({size} bytes) is larger than the whole image cache ({cap} bytes)</source>
        <translation>图片（{size} 字节）比整个图片缓存（{cap} 字节）还大</translation>
    </message>
    <message>
        <source>the platform&apos;s answer for {url} is not a picture</source>
        <translation>平台对 {url} 的响应不是图片</translation>
    </message>
    <message>
        <source>the image cache was written by a newer version of the app</source>
        <translation>图片缓存由更新版本的应用写入</translation>
    </message>
    <message>
        <source>link the store applet first (studio applet link APPID --path-template T)</source>
        <translation>请先关联店铺小程序（studio applet link APPID --path-template T）</translation>
    </message>
    <message>
        <source>the platform&apos;s answer is not the post the contract describes</source>
        <translation>平台的响应不是接口约定的作品</translation>
    </message>
    <message>
        <source>the package of post {post_id} did not arrive whole (its sha256 differs); download it again</source>
        <translation>作品 {post_id} 的发布包下载不完整（sha256 不符）；请重新下载</translation>
    </message>
    <message>
        <source>the platform answered {status}: {message}</source>
        <translation>平台返回 {status}：{message}</translation>
    </message>
    <message>
        <source>the platform did not accept the token ({message}); log in again</source>
        <translation>平台不接受该令牌（{message}）；请重新登录</translation>
    </message>
    <message>
        <source>this account may not do that ({message})</source>
        <translation>此账号无权执行该操作（{message}）</translation>
    </message>
    <message>
        <source>the platform refused it: {message}{problems}</source>
        <translation>平台拒绝了请求：{message}{problems}</translation>
    </message>
    <message>
        <source>cannot reach the platform ({reason})</source>
        <translation>无法连接平台（{reason}）</translation>
    </message>
    <message>
        <source>the platform did not answer within {seconds} s</source>
        <translation>平台在 {seconds} 秒内没有响应</translation>
    </message>
    <message>
        <source>the platform is still unavailable after {attempts} attempts in {seconds} s ({reason})</source>
        <translation>尝试 {attempts} 次、历时 {seconds} 秒后平台仍不可用（{reason}）</translation>
    </message>
    <message>
        <source>{url} is not an http(s) server address</source>
        <translation>{url} 不是 http(s) 服务器地址</translation>
    </message>
    <message>
        <source>the platform pointed to {url}, which is not on {server}; refused (the token goes to {server} only)</source>
        <translation>平台指向 {url}，它不在 {server} 上；已拒绝（令牌只发送给 {server}）</translation>
    </message>
    <message>
        <source>{server} is not this computer and plain http:// would send the token unencrypted; use https:// (or --allow-plain-http when the network is trusted)</source>
        <translation>{server} 不是本机，明文 http:// 会以未加密方式发送令牌；请使用 https://（网络可信时可用 --allow-plain-http）</translation>
    </message>
    <message>
        <source>the server&apos;s certificate is not trusted ({reason}); if it is a private server, put its CA in REQUESTS_CA_BUNDLE</source>
        <translation>服务器证书不受信任（{reason}）；如果是私有服务器，请将其 CA 放入 REQUESTS_CA_BUNDLE</translation>
    </message>
    <message>
        <source>the package changed while it was being uploaded</source>
        <translation>上传过程中发布包发生了变化</translation>
    </message>
    <message>
        <source>the platform reported offset {offset} for an upload of {size} bytes</source>
        <translation>对于 {size} 字节的上传，平台报告的偏移为 {offset}</translation>
    </message>
    <message>
        <source>the platform made an upload but did not say where (no Location)</source>
        <translation>平台创建了上传，但没有说明位置（缺少 Location）</translation>
    </message>
    <message>
        <source>the upload stopped after {failures} failures in a row at byte {offset} of {size} (last: {reason}); run it again to resume</source>
        <translation>上传在第 {offset} 字节（共 {size} 字节）处连续失败 {failures} 次后停止（最后一次：{reason}）；再次运行即可续传</translation>
    </message>
    <message>
        <source>the platform&apos;s answer names no post</source>
        <translation>平台的响应中没有作品</translation>
    </message>
    <message>
        <source>the platform did not come back within {seconds} s (last: {reason}); run the upload again to resume</source>
        <translation>平台在 {seconds} 秒内没有恢复（最后一次：{reason}）；再次运行上传即可继续</translation>
    </message>
    <message>
        <source>the platform&apos;s uploads do not speak tus 1.0.0 with creation ({offer})</source>
        <translation>平台的上传不支持带 creation 扩展的 tus 1.0.0（{offer}）</translation>
    </message>
    <message>
        <source>the package is {size} bytes; the platform takes at most {limit}</source>
        <translation>包有 {size} 字节；平台最多接受 {limit} 字节</translation>
    </message>
    <message>
        <source>the upload queue was written by a newer version of the app</source>
        <translation>上传队列由更新版本的应用写入</translation>
    </message>
    <message>
        <source>--faults: {detail}</source>
        <translation>--faults：{detail}</translation>
    </message>
    <message>
        <source>cannot listen on {host}:{port}: {reason}</source>
        <translation>无法在 {host}:{port} 上监听：{reason}</translation>
    </message>
    <message>
        <source>the sandbox server did not start</source>
        <translation>沙盒服务器未能启动</translation>
    </message>
    <message>
        <source>cannot open the sandbox database: {reason}</source>
        <translation>无法打开沙盒数据库：{reason}</translation>
    </message>
    <message>
        <source>the sandbox data was written by a newer version</source>
        <translation>沙盒数据由更新版本写入</translation>
    </message>
    <message>
        <source>a user name has 1 to 64 characters</source>
        <translation>用户名长度为 1 到 64 个字符</translation>
    </message>
    <message>
        <source>unknown role {role}; use creator, merchant or reviewer</source>
        <translation>未知角色 {role}；请使用 creator、merchant 或 reviewer</translation>
    </message>
    <message>
        <source>ffmpeg was not found: {detail}</source>
        <translation>未找到 ffmpeg：{detail}</translation>
    </message>
    <message>
        <source>ffmpeg {version} at {path}</source>
        <translation>ffmpeg {version}，位于 {path}</translation>
    </message>
    <message>
        <source>no keyring works here ({detail}): tokens are kept for this session only</source>
        <translation>此处没有可用的密钥环（{detail}）：令牌只在本次会话中保留</translation>
    </message>
    <message>
        <source>tokens are kept in {backend}</source>
        <translation>令牌保存在 {backend}</translation>
    </message>
    <message>
        <source>{free} GB free at {path}</source>
        <translation>{path} 可用空间 {free} GB</translation>
    </message>
    <message>
        <source>{server} cannot be reached: {detail}</source>
        <translation>无法连接 {server}：{detail}</translation>
    </message>
    <message>
        <source>{server}: logged in as {name} ({roles})</source>
        <translation>{server}：已登录为 {name}（{roles}）</translation>
    </message>
    <message>
        <source>{server} answers, but this machine is not logged in (HTTP {status})</source>
        <translation>{server} 有响应，但本机尚未登录（HTTP {status}）</translation>
    </message>
    <message>
        <source>“{name}” cannot be a file name here (only letters, digits, &apos;.&apos;, &apos;_&apos; and &apos;-&apos;, at most {limit} characters)</source>
        <translation>“{name}”不能用作这里的文件名（只允许字母、数字、&apos;.&apos;、&apos;_&apos; 和 &apos;-&apos;，最多 {limit} 个字符）</translation>
    </message>
    <message>
        <source>the platform&apos;s answer is larger than {limit} (a {kind} answer may not be)</source>
        <translation>平台的响应超过 {limit}（{kind} 响应不得超过此大小）</translation>
    </message>
    <message>
        <source>the platform did not finish answering within {seconds} s; gave up</source>
        <translation>平台未在 {seconds} 秒内完成响应；已放弃</translation>
    </message>
    <message>
        <source>the platform&apos;s answer is compressed in a way this app does not read ({encoding})</source>
        <translation>平台的响应使用了本应用无法读取的压缩方式（{encoding}）</translation>
    </message>
    <message>
        <source>the platform&apos;s answer is broken ({reason})</source>
        <translation>平台的响应已损坏（{reason}）</translation>
    </message>
    <message>
        <source>the platform&apos;s answer is not JSON ({reason})</source>
        <translation>平台的响应不是 JSON（{reason}）</translation>
    </message>
    <message>
        <source>the platform&apos;s answer is not the {schema} the contract describes ({where}: {reason}); nothing was stored</source>
        <translation>平台的响应不是接口约定描述的 {schema}（{where}：{reason}）；未保存任何内容</translation>
    </message>
    <message>
        <source>the platform kept sending more pages after {pages}; stopped (nothing of this sync was lost)</source>
        <translation>平台在 {pages} 页之后仍不断发送更多页；已停止（本次同步未丢失任何内容）</translation>
    </message>
    <message>
        <source>the picture is {width}x{height} pixels; at most {limit} million pixels are read</source>
        <translation>图片为 {width}x{height} 像素；最多读取 {limit} 百万像素</translation>
    </message>
</context>
<context>
    <name>locale_format</name>
    <message>
        <source>{size}/s</source>
        <translation>{size}/秒</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} 秒</translation>
    </message>
</context>
</TS>
