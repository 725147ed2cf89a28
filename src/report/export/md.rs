//! The written self-review (对照检查材料) as Markdown, in the structure such reviews use (SPEC §5).
//!
//! Everything the user or a checklist wrote is escaped, so that no note can turn into a heading, a
//! list, a table column, HTML or a link in the rendered document: the text reads as it was typed.
//! The output is CommonMark with GFM pipe tables; pandoc's Markdown reads it the same way.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::{
    Entry, Numbered, Standing, entries, is_problem, numbered_actions, rating_text, sources_text,
    status_long, status_short,
};
use crate::i18n::{Lang, Msg};
use crate::messages::export as m;
use crate::report::last_time::LastTime;
use crate::session::Session;

/// The self-review of `session` as of `date`, in `lang`.
pub fn markdown(session: &Session, lang: Lang, date: NaiveDate) -> String {
    markdown_with(session, None, lang, date)
}

/// The self-review of `session`; when `previous` (the session it was carried forward from) is
/// given, it opens with how last time's measures were carried out and the sections after it are
/// numbered on from 二.
pub fn markdown_with(
    session: &Session,
    previous: Option<&Session>,
    lang: Lang,
    date: NaiveDate,
) -> String {
    let entries = entries(session);
    let actions = numbered_actions(&entries, date);
    let mut out = String::with_capacity(4096 + 512 * entries.len());
    header(&mut out, session, &entries, lang, date);
    // The preface (前言) opens the text, before the numbered sections, as in the Word document.
    if let Some(preface) = block(&session.preface) {
        let _ = writeln!(out, "{preface}\n");
    }
    let headings = match previous {
        Some(previous) => {
            last_time(
                &mut out,
                &crate::report::last_time::last_time(session, previous, date),
                lang,
            );
            [&m::MD_PROBLEMS_2, &m::MD_CAUSES_3, &m::MD_ACTIONS_4]
        }
        None => [&m::MD_PROBLEMS, &m::MD_CAUSES, &m::MD_ACTIONS],
    };
    problems(&mut out, session, &entries, lang, headings[0]);
    causes(&mut out, session, lang, headings[1]);
    measures(&mut out, &entries, &actions, lang, date, headings[2]);
    appendix(&mut out, session, &entries, &actions, lang, date);
    out
}

fn header(out: &mut String, session: &Session, entries: &[Entry], lang: Lang, date: NaiveDate) {
    let title = inline(session.checklist.title.get(lang));
    let _ = writeln!(out, "# {}\n", m::MD_TITLE.fmt(lang, &[("title", &title)]));
    let optional = [
        (&m::MD_LABEL, &session.label),
        (&m::MD_NAME, &session.name),
        (&m::MD_UNIT, &session.unit),
    ];
    for (msg, value) in optional {
        if let Some(v) = value.as_deref().filter(|v| !v.trim().is_empty()) {
            let _ = writeln!(out, "- {}", msg.fmt(lang, &[("value", &inline(v))]));
        }
    }
    let _ = writeln!(out, "- {}", m::MD_DATE.fmt(lang, &[("value", &date)]));
    let _ = writeln!(
        out,
        "- {}",
        m::MD_CHECKLIST.fmt(
            lang,
            &[
                ("id", &inline(&session.checklist.id)),
                ("version", &session.checklist.version)
            ]
        )
    );
    let unrated: Vec<&Entry> = entries
        .iter()
        .filter(|e| !e.answer.rating.is_rated())
        .collect();
    let _ = writeln!(
        out,
        "- {}",
        m::MD_PROGRESS.fmt(
            lang,
            &[
                ("rated", &(entries.len() - unrated.len())),
                ("items", &entries.len())
            ]
        )
    );
    if !unrated.is_empty() {
        let _ = writeln!(
            out,
            "- **{}**",
            m::MD_UNRATED.fmt(lang, &[("count", &unrated.len())])
        );
        for e in unrated {
            // Escaped as a whole line: "8. …" right after "- " would open a nested ordered list.
            let text = inline_raw(e.item.text.get(lang));
            let line = m::ITEM_REF.fmt(lang, &[("number", &e.number), ("text", &text)]);
            let _ = writeln!(out, "  - {}", escape_line(&line));
        }
    }
    out.push('\n');
}

/// 一、存在的主要问题: per group, problems most serious first.
fn problems(out: &mut String, session: &Session, entries: &[Entry], lang: Lang, heading: &Msg) {
    let checklist = &session.checklist;
    let _ = writeln!(out, "## {}\n", heading.get(lang));
    let mut any = false;
    for group in &checklist.groups {
        let mut found: Vec<&Entry> = entries
            .iter()
            .filter(|e| std::ptr::eq(e.group, group) && is_problem(checklist, e.answer.rating))
            .collect();
        if found.is_empty() {
            continue;
        }
        any = true;
        // Stable: equally serious items keep checklist order.
        found.sort_by_key(|e| std::cmp::Reverse(e.answer.rating.value()));
        let _ = writeln!(out, "### {}\n", inline(group.title.get(lang)));
        for e in found {
            let _ = writeln!(out, "#### {}\n", item_ref(e, lang));
            let rating = inline(&rating_text(checklist, e.answer.rating, lang));
            let _ = writeln!(out, "{}\n", m::MD_RATING.fmt(lang, &[("label", &rating)]));
            match block(&e.answer.manifestation) {
                Some(text) => {
                    let _ = writeln!(out, "{text}\n");
                }
                None => {
                    let _ = writeln!(out, "*{}*\n", m::MD_NO_MANIFESTATION.get(lang));
                }
            }
            let sources = sources_text(checklist, e.answer, lang);
            if sources.is_empty() {
                let _ = writeln!(out, "{}\n", m::MD_NO_SOURCES.get(lang));
            } else {
                let sources = inline(&sources);
                let _ = writeln!(
                    out,
                    "{}\n",
                    m::MD_SOURCES.fmt(lang, &[("sources", &sources)])
                );
            }
        }
    }
    if !any {
        let lowest = checklist
            .lowest_value()
            .map(|v| rating_text(checklist, crate::session::Rating::Value(v), lang))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "{}\n",
            m::MD_NO_PROBLEMS.fmt(lang, &[("level", &inline(&lowest))])
        );
    }
}

/// 二、产生问题的原因: each prompt the user wrote something for.
fn causes(out: &mut String, session: &Session, lang: Lang, heading: &Msg) {
    let _ = writeln!(out, "## {}\n", heading.get(lang));
    let mut any = false;
    for prompt in &session.checklist.causes {
        let text = session
            .causes
            .iter()
            .find(|c| c.prompt == prompt.id)
            .and_then(|c| block(&c.text));
        if let Some(text) = text {
            any = true;
            let _ = writeln!(out, "### {}\n\n{text}\n", inline(prompt.prompt.get(lang)));
        }
    }
    if !any {
        let _ = writeln!(out, "*{}*\n", m::MD_NO_CAUSES.get(lang));
    }
}

/// 三、整改措施: every action, numbered, under 立行立改 / 限期整改 / done / dropped.
fn measures(
    out: &mut String,
    entries: &[Entry],
    actions: &[Numbered],
    lang: Lang,
    date: NaiveDate,
    heading: &Msg,
) {
    let _ = writeln!(out, "## {}\n", heading.get(lang));
    if actions.is_empty() {
        let _ = writeln!(out, "*{}*\n", m::MD_NO_ACTIONS.get(lang));
        return;
    }
    let sections = [
        (Standing::Immediate, &m::MD_IMMEDIATE),
        (Standing::Scheduled, &m::MD_SCHEDULED),
        (Standing::Done, &m::MD_DONE),
        (Standing::Dropped, &m::MD_DROPPED),
    ];
    for (standing, title) in sections {
        let mut these = actions.iter().filter(|n| n.standing == standing).peekable();
        if these.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "### {}\n", title.get(lang));
        for n in these {
            let marker = format!("{}. ", n.number);
            let indent = " ".repeat(marker.len());
            let mut body = lines(&n.action.text);
            let due = n
                .action
                .due
                .map_or_else(|| m::NO_DUE.get(lang).to_string(), |d| d.to_string());
            let status = match standing {
                // The due date has its own field here; a dropped action's reason goes in the note.
                Standing::Immediate | Standing::Scheduled | Standing::Dropped => {
                    status_short(n.action, date, lang).to_string()
                }
                Standing::Done => status_long(n.action, date, lang),
            };
            body.push(m::MD_ACTION_DETAIL.fmt(
                lang,
                &[
                    ("item", &item_ref(&entries[n.entry], lang)),
                    ("due", &due),
                    ("status", &inline(&status)),
                ],
            ));
            for note in lines(&n.action.note) {
                body.push(m::MD_NOTE.fmt(lang, &[("note", &note)]));
            }
            body.extend(
                super::model::tracking_lines(n.action, lang)
                    .iter()
                    .map(|l| escape_line(l)),
            );
            let _ = writeln!(out, "{marker}{}", body.join(&format!("\\\n{indent}")));
        }
        out.push('\n');
    }
}

/// 一、上次整改措施落实情况: repeats first, then every measure of last time as it stands now.
fn last_time(out: &mut String, lt: &LastTime, lang: Lang) {
    let _ = writeln!(out, "## {}\n", m::MD_LAST_TIME.get(lang));
    let label = inline(lt.previous.display_label());
    let _ = writeln!(out, "{}\n", super::model::last_time_intro(lt, &label, lang));
    let checklist = &lt.previous.checklist;
    if !lt.repeats.is_empty() {
        let _ = writeln!(
            out,
            "**{}**\n",
            m::MD_REPEATS.fmt(lang, &[("count", &lt.repeats.len())])
        );
        for r in &lt.repeats {
            let done: Vec<&str> = r.done.iter().map(|a| a.text.as_str()).collect();
            let line = m::MD_REPEAT.fmt(
                lang,
                &[
                    ("item", &inline_raw(r.item.text.get(lang))),
                    ("rating", &rating_text(checklist, r.rating, lang)),
                    ("done", &done.join(m::LIST_SEP.get(lang))),
                ],
            );
            let _ = writeln!(out, "- {}", escape_line(&line));
        }
        out.push('\n');
    }
    for (i, measure) in lt.measures.iter().enumerate() {
        let state = super::model::measure_state(measure, lang);
        let line = m::MD_MEASURE.fmt(
            lang,
            &[
                ("text", &inline_raw(&measure.action.text)),
                ("item", &inline_raw(measure.item.text.get(lang))),
                ("state", &inline_raw(&state)),
            ],
        );
        let _ = writeln!(out, "{}. {}", i + 1, escape_line(&line));
    }
    if !lt.measures.is_empty() {
        out.push('\n');
    }
}

/// 附表:逐项对照检查情况: one table row per item.
fn appendix(
    out: &mut String,
    session: &Session,
    entries: &[Entry],
    actions: &[Numbered],
    lang: Lang,
    date: NaiveDate,
) {
    let _ = writeln!(out, "## {}\n", m::MD_APPENDIX.get(lang));
    let columns = [
        &m::COL_NUMBER,
        &m::COL_GROUP,
        &m::COL_ITEM,
        &m::COL_RATING,
        &m::COL_MANIFESTATION,
        &m::COL_ACTIONS,
    ];
    let names: Vec<&str> = columns.iter().map(|c| c.get(lang)).collect();
    let _ = writeln!(out, "| {} |", names.join(" | "));
    // pandoc sizes the columns of a wide table by the dashes here: give the notes the room.
    let _ = writeln!(
        out,
        "| ---: | ---------- | -------------- | -------- | -------------------------------------- | -------------------------- |"
    );
    // Each entry's actions with their numbers in 三, in that order, so the two read alike.
    let mut by_entry: Vec<Vec<&Numbered>> = vec![Vec::new(); entries.len()];
    for n in actions {
        by_entry[n.entry].push(n);
    }
    for (e, entry_actions) in entries.iter().zip(&by_entry) {
        let acts: Vec<String> = entry_actions
            .iter()
            .map(|n| {
                m::ACTION_REF.fmt(
                    lang,
                    &[
                        ("number", &n.number),
                        ("text", &cell(&n.action.text)),
                        ("status", &cell(&status_long(n.action, date, lang))),
                    ],
                )
            })
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} |",
            e.number,
            cell(e.group.title.get(lang)),
            cell(e.item.text.get(lang)),
            cell(&rating_text(&session.checklist, e.answer.rating, lang)),
            cell(&e.answer.manifestation),
            acts.join("<br>"),
        );
    }
}

/// "3. 文山会海": how an item is referred to everywhere in the review.
fn item_ref(e: &Entry, lang: Lang) -> String {
    m::ITEM_REF.fmt(
        lang,
        &[
            ("number", &e.number),
            ("text", &inline(e.item.text.get(lang))),
        ],
    )
}

/// ASCII punctuation that can start Markdown syntax anywhere in a line (CommonMark, GFM, pandoc):
/// emphasis, code, links, HTML and entities, tables, strikeout, pandoc's math, sub/superscript and
/// attributes. CommonMark lets any ASCII punctuation be backslash-escaped, so escaping is always safe.
const SPECIAL: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|', '~', '&', '$', '^', '{', '}',
];

fn escape_chars(s: &str, out: &mut String) {
    for c in s.chars() {
        if SPECIAL.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
}

/// One line of text, escaped so that it stays plain text wherever a Markdown block may start:
/// besides [`SPECIAL`], a leading list marker (`-`, `+`, `1.`, `a)`, `(1)`), setext underline (`=`),
/// or pandoc definition (`:`) is escaped too.
fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let rest = match line.chars().next() {
        Some(c @ ('-' | '+' | '=' | ':' | '(')) => {
            out.push('\\');
            out.push(c);
            &line[c.len_utf8()..]
        }
        _ => {
            // "1." "12)" "a." "iv)": an ordered-list marker in CommonMark or pandoc's fancy lists.
            let word = line
                .find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(line.len());
            match line[word..].chars().next() {
                Some(p @ ('.' | ')')) if word > 0 && word <= 9 => {
                    escape_chars(&line[..word], &mut out);
                    out.push('\\');
                    out.push(p);
                    &line[word + 1..]
                }
                _ => line,
            }
        }
    };
    escape_chars(rest, &mut out);
    out
}

/// The lines of a user's text, without the blanks around them, with "\r\n" and "\r" read as newlines.
/// Leading spaces go too: four of them would make a code block.
fn raw_lines(text: &str) -> impl Iterator<Item = &str> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .map(str::trim)
}

/// Non-empty lines, each escaped for the start of a block.
fn lines(text: &str) -> Vec<String> {
    raw_lines(text)
        .filter(|l| !l.is_empty())
        .map(escape_line)
        .collect()
}

/// Text for a heading or a list item: one line, escaped.
fn inline(text: &str) -> String {
    escape_line(&inline_raw(text))
}

/// The lines of a text joined into one, not escaped yet.
fn inline_raw(text: &str) -> String {
    let lines: Vec<&str> = raw_lines(text).filter(|l| !l.is_empty()).collect();
    lines.join(" ")
}

/// The lines of a user's text with the indentation they typed kept, as Markdown can show it:
/// leading spaces become no-break spaces (a tab four), which no reader strips or takes for a code
/// block, and the ideographic space (the 　　 of a Chinese paragraph) stays as it is. An empty
/// line is `("", "")`.
fn indented_lines(text: &str) -> impl Iterator<Item = (String, &str)> {
    text.split('\n')
        .flat_map(|l| l.strip_suffix('\r').unwrap_or(l).split('\r'))
        .map(|line| {
            let rest = line.trim_start_matches([' ', '\t', '\u{3000}']).trim_end();
            if rest.is_empty() {
                return (String::new(), rest);
            }
            let indent = line
                [..line.len() - line.trim_start_matches([' ', '\t', '\u{3000}']).len()]
                .chars()
                .map(|c| match c {
                    ' ' => "\u{a0}",
                    '\t' => "\u{a0}\u{a0}\u{a0}\u{a0}",
                    _ => "\u{3000}",
                })
                .collect();
            (indent, rest)
        })
}

/// One indented line, escaped for the start of a block after its indentation.
fn indented(indent: &str, rest: &str) -> String {
    format!("{indent}{}", escape_line(rest))
}

/// A user's multi-line text as written: blank lines separate paragraphs, single newlines are hard
/// line breaks (a trailing backslash, which every CommonMark reader and pandoc know), indentation
/// kept (see [`indented_lines`]). `None` if empty.
fn block(text: &str) -> Option<String> {
    let mut paragraphs: Vec<Vec<String>> = vec![Vec::new()];
    for (indent, line) in indented_lines(text) {
        let starts_paragraph = line.is_empty() && paragraphs.last().is_some_and(|p| !p.is_empty());
        if starts_paragraph {
            paragraphs.push(Vec::new());
        } else if let Some(p) = paragraphs.last_mut().filter(|_| !line.is_empty()) {
            p.push(indented(&indent, line));
        }
    }
    let paragraphs: Vec<String> = paragraphs
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.join("\\\n"))
        .collect();
    (!paragraphs.is_empty()).then(|| paragraphs.join("\n\n"))
}

/// Text for a table cell: one line, pipes escaped, the user's newlines shown as `<br>`, each
/// line's indentation kept.
fn cell(text: &str) -> String {
    let lines: Vec<String> = indented_lines(text.trim_end())
        .map(|(indent, rest)| indented(&indent, rest))
        .collect();
    let first = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    lines[first..].join("<br>")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_starts_that_open_blocks_are_escaped() {
        assert_eq!(escape_line("# 标题"), r"\# 标题");
        assert_eq!(escape_line("> 引用"), r"\> 引用");
        assert_eq!(escape_line("- 列表"), r"\- 列表");
        assert_eq!(escape_line("+ 列表"), r"\+ 列表");
        assert_eq!(escape_line("* 列表"), r"\* 列表");
        assert_eq!(escape_line("1. 第一"), r"1\. 第一");
        assert_eq!(escape_line("12) 第一"), r"12\) 第一");
        assert_eq!(escape_line("a. 甲"), r"a\. 甲");
        assert_eq!(escape_line("(1) 甲"), r"\(1) 甲");
        assert_eq!(escape_line("==="), r"\===");
        assert_eq!(escape_line("---"), r"\---");
        assert_eq!(escape_line("2014年"), "2014年");
        assert_eq!(escape_line("3.5 亿"), r"3\.5 亿");
    }

    #[test]
    fn inline_syntax_is_escaped_anywhere() {
        assert_eq!(
            escape_line("a|b *c* `d` <e> [f](g) _h_ &amp; $x$ ~y~ \\"),
            r"a\|b \*c\* \`d\` \<e\> \[f\](g) \_h\_ \&amp; \$x\$ \~y\~ \\"
        );
    }

    #[test]
    fn a_block_keeps_line_breaks_and_paragraphs() {
        assert_eq!(
            block("  第一行\r\n第二行\n\n\n- 第三段\n").as_deref(),
            Some("\u{a0}\u{a0}第一行\\\n第二行\n\n\\- 第三段")
        );
        assert_eq!(block(" \n\n "), None);
    }

    #[test]
    fn indentation_is_kept_as_no_break_spaces() {
        assert_eq!(
            block("会议多：\n  1. 例会\n\t- 合并\n　　段落").as_deref(),
            Some(
                "会议多：\\\n\u{a0}\u{a0}1\\. 例会\\\n\u{a0}\u{a0}\u{a0}\u{a0}\\- 合并\\\n\u{3000}\u{3000}段落"
            )
        );
        assert_eq!(cell("a\n  b"), "a<br>\u{a0}\u{a0}b");
    }

    #[test]
    fn a_cell_is_one_line() {
        assert_eq!(cell("a|b\n\nc\n"), r"a\|b<br><br>c");
    }
}
