//! Messages of the command line.

crate::catalog! {
    PROGRESS = ("{rated}/{items} 已评", "{rated}/{items} rated"),
    COL_ID = ("id", "id"),
    COL_ITEMS = ("条目", "items"),
    COL_ORIGIN = ("来源", "origin"),
    COL_TITLE = ("名称", "title"),
    COL_LABEL = ("标签", "label"),
    COL_UPDATED = ("更新于", "updated"),
    COL_PROGRESS = ("进度", "progress"),
    COL_OPEN = ("未完成措施", "open actions"),
    COL_OVERDUE = ("逾期", "overdue"),
    ORIGIN_BUNDLED = ("内置", "bundled"),
    ITEMS_IN_GROUPS = ("{items} 条 / {groups} 组", "{items} items in {groups} groups"),
    BROKEN = ("有错误", "broken"),
    BROKEN_HEADER = ("以下清单有错误,未能使用:", "These checklists have errors and cannot be used:"),
    DAMAGED = ("已损坏", "damaged"),
    DAMAGED_HEADER = ("以下会话文件已损坏(文件未被改动):", "These session files are damaged (left untouched):"),
    CHECK_OK = ("{file}:正确({id},{items} 条)", "{file}: ok ({id}, items: {items})"),
    CHECK_FAILED = ("{file}:发现 {count} 个问题", "{file}: {count} problem(s) found"),
    ALREADY_THERE = ("{file}:会话 {id} 已在此,内容相同,无需导入", "{file}: session {id} is already here with the same content; nothing to do"),
    IMPORTED = ("已导入 {file},会话 id:{id}", "imported {file} as session {id}"),
}
