//! Messages of Home's session list, the export popup's folder, and a read-only view that follows
//! another zicha (issue 17).

crate::catalog! {
    NO_LABEL = ("（无标签）", "(no label)"),
    JOIN = ("，", ", "),
    SELECTED = ("会话 id：{id}", "session id: {id}"),
    BROKEN_HEADING = ("有错误的清单（不能用来新建会话）", "Checklists with errors (cannot be used to start a session)"),
    BROKEN_ROW = ("{file}：{n} 处错误", "{file}: {n} problem(s)"),
    BROKEN_FIX = ("改正下列错误后重新打开 zicha 即可使用（zicha check {file} 也会列出它们）：", "Correct the problems below and reopen zicha to use it (zicha check {file} lists them too):"),
    BROKEN_OPEN = ("这个清单文件有错误，不能用来新建会话。", "This checklist file has errors and cannot start a session."),
    DAMAGED_FIX = ("zicha 不会改动或删除这个文件。修好它（或从 .bak 恢复）后，它会自动回到列表里。", "zicha will not change or delete this file. Once it is repaired (or restored from its .bak), it comes back to the list by itself."),
    READ_ONLY_FOLLOWS = ("那边保存的修改会自动显示在这里；那边关闭这个会话后，可以按 t 接手编辑。", " Changes saved there show up here by themselves; once it closes the session, press t to take over editing here."),
    READ_ONLY_FREE = ("只读：另一个 zicha 已经关闭了会话 {id}。按 t 接手编辑（接手后这里的修改会保存）。", "Read-only: the other zicha has closed session {id}. Press t to take over editing (changes made here are then saved)."),
    TOOK_OVER = ("已接手：现在由这里编辑并保存这个会话。", "taken over: this zicha now edits and saves the session"),
    STILL_HELD = ("另一个 zicha 还开着这个会话，暂时不能接手。", "the other zicha still has the session open; it cannot be taken over yet"),
    KEY_TAKE_OVER = ("接手编辑（另一个 zicha 关闭这个会话之后）", "take over editing (after the other zicha has closed the session)"),
    NO_ACTIONS_READ_ONLY = ("此条目没有整改措施", "this item has no actions"),
    HINT_TAKE_OVER = ("接手编辑", "take over"),
    READ_ONLY_FILE_NO_EDIT = ("只读：会话文件的权限不允许写入，不能修改。要修改，请退出 zicha 后执行 chmod u+w {path}", "read-only: the session file's permissions do not allow writing, so it cannot be changed. To edit it, quit zicha and run chmod u+w {path}"),
    READ_ONLY_FS_NO_EDIT = ("只读：会话所在的文件系统是只读的，不能修改", "read-only: the session is on a read-only file system and cannot be changed"),
    READ_ONLY_FS = ("会话 {id} 的文件 {path} 在只读的文件系统上，zicha 不能保存修改，只能只读查看。要修改，请把它复制到可写的数据目录（ZICHA_DATA_DIR），或以读写方式重新挂载。", "the file of session {id}, {path}, is on a read-only file system: zicha cannot save changes, so it is shown read-only. To edit it, copy it to a writable data dir (ZICHA_DATA_DIR) or remount the file system read-write."),
    HELP_READ_ONLY = ("这个会话是只读的：修改用的按键不可用，下面没有列出。", "This session is read-only: the keys that change it do not work and are not listed."),
    EXPORT_DIR = ("文件夹", "Folder"),
    EXPORT_NAME = ("文件名", "File name"),
    EXPORT_WILL_WRITE = ("将写入：{path}", "Will write: {path}"),
    EXPORT_FOLDER_HELP = ("左右键选格式，Tab 切换文件夹和文件名，Enter 写入，Esc 取消", "Left/Right picks the format, Tab moves to the folder and the name, Enter writes, Esc cancels"),
    EXPORT_NO_DIR = ("文件夹 {dir} 不存在。请先建好它，或换一个文件夹。", "the folder {dir} does not exist. Create it first, or choose another folder."),
}
