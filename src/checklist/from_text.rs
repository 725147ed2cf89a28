//! A checklist from a circular's numbered text (`zicha checklists from-text`, the TUI's paste screen).
//!
//! Pure: text in, an [`Outline`] (groups, items, warnings with line numbers) out, and from it a
//! [`Checklist`] that borrows its scale, finding sources and cause prompts from another checklist.
//! No files, no clock: the caller passes where the text came from and the date.
//!
//! How a line is read: a numbering marker at its start (一、 （一） 第一部分 1. 1、 1) （1） ① • …) makes
//! it a new entry; the first marker style met is the outermost level, a style not yet open nests one
//! level deeper, a style already open closes the levels inside it (as a reader of the circular would).
//! The outermost level present becomes the groups, the next the items, anything deeper stays with its
//! item as the hint. A line without a marker continues the entry above; blank lines and lone page
//! numbers are dropped. The wording is kept as written, minus the marker and the spaces around it.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::model::{Checklist, Group, Item, Text};
use super::problem::{Location, Problem, ProblemKind};
use crate::i18n::Lang;
use crate::messages::from_text as m;

/// The checklist whose scale, finding sources and cause prompts a new one borrows unless told otherwise.
pub const DEFAULT_LIKE: &str = "four-winds-25";

/// A circular longer than this is not a checklist; the caller refuses it before parsing.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// Entries deeper than this are kept in their item's hint like any other deep entry, but numbering is
/// not checked for them: real circulars have four or five levels, hostile input may have thousands.
const MAX_TRACKED_DEPTH: usize = 16;

/// How an entry is numbered. Styles that a typist mixes up for the same level (1. 1、 1．) are one style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// 第一部分 / 第一章 / 第一节 / 第一条 / 第一篇 / 第一编 / 第一项 (the word after the number).
    Heading(HeadingWord),
    /// 一、 一． 一.
    CnComma,
    /// （一） (一) 〔一〕
    CnParen,
    /// 1. 1． 1、 ⒈ (ASCII or full-width digits)
    NumDot,
    /// 1) 1）
    NumHalfParen,
    /// (1) （1） ⑴
    NumParen,
    /// ① … ⑳ ㉑ … ㊿ ❶ …
    Circled,
    /// a. a) (a) — English lists; a space must follow ("a.m." is text).
    Letter { upper: bool },
    /// • ● ■ ◆ - * and Word's private-use bullet glyphs: unnumbered, so never a gap.
    Bullet(char),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HeadingWord {
    Part,
    Chapter,
    Section,
    Article,
    Piece,
    Volume,
    Point,
}

const HEADING_WORDS: &[(&str, HeadingWord)] = &[
    ("部分", HeadingWord::Part),
    ("章", HeadingWord::Chapter),
    ("节", HeadingWord::Section),
    ("条", HeadingWord::Article),
    ("篇", HeadingWord::Piece),
    ("编", HeadingWord::Volume),
    ("项", HeadingWord::Point),
];

/// A numbering marker found at the start of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marker {
    pub style: Style,
    /// The number it stands for; `None` for bullets.
    pub number: Option<u32>,
    /// The marker as written (without surrounding spaces), e.g. "（三）".
    pub written: String,
}

/// Something the reader should look at, with the 1-based line of the text it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    pub line: usize,
    pub kind: WarningKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WarningKind {
    /// The numbering skips: `expected` was due, `found` came. Nothing is lost; an item may be missing
    /// from the text.
    Gap { expected: u32, found: u32 },
    /// The same number twice in a row at one level.
    Repeat { number: u32 },
    /// A number smaller than the one before it at the same level.
    Backwards { after: u32, found: u32 },
    /// A group heading with no items under it: its heading became its only item.
    EmptyGroup { title: String },
    /// A marker with no text after it, even on the following lines: left out.
    NoText { marker: String },
    /// A line before the first numbered line that is not the title: left out.
    Unplaced { text: String },
    /// An unnumbered line after a blank line, joined to the entry above: check that it belongs there
    /// (a signature or a date at the end of a circular lands here).
    JoinedAfterBlank { text: String },
}

/// One item of the outline, with the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineItem {
    pub line: usize,
    pub text: String,
    /// The deeper entries under this item, one per line, each as written (marker included).
    pub hint: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutlineGroup {
    /// The line of the heading; `None` for the one group of a one-level list.
    pub line: Option<usize>,
    /// The heading text; `None` for the one group of a one-level list (it takes the checklist title).
    pub title: Option<String>,
    pub items: Vec<OutlineItem>,
}

/// What was read from a text: the title line, the groups and items, and the warnings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outline {
    /// The first unnumbered line before any numbered one, when the caller did not give a title.
    pub title: Option<String>,
    pub groups: Vec<OutlineGroup>,
    pub warnings: Vec<Warning>,
    /// How many numbering levels the text has (1 = a plain list, put in one group).
    pub levels: usize,
}

impl Outline {
    pub fn item_count(&self) -> usize {
        self.groups.iter().map(|g| g.items.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.item_count() == 0
    }
}

/// Where the text came from, for the checklist's `source`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A file: its name only (a full path would put the user's home directory into a shared checklist).
    File(String),
    /// `-`: standard input.
    Stdin,
    /// Pasted into the TUI.
    Pasted,
}

/// What the checklist is made of besides the outline.
#[derive(Clone, Debug)]
pub struct Options<'a> {
    pub id: String,
    /// `--title`; else the outline's title line; else the id.
    pub title: Option<String>,
    /// The checklist whose scale, finding sources and cause prompts are copied.
    pub like: &'a Checklist,
    pub origin: Origin,
    pub date: NaiveDate,
}

/// Reads `text` into an outline. `title_given`: the caller has a title, so a first unnumbered line
/// is not taken as one (it is reported as left out). Never panics, whatever the text.
pub fn parse(text: &str, title_given: bool) -> Outline {
    let mut reader = Reader::new(title_given);
    for (i, line) in lines(text).enumerate() {
        reader.line(i + 1, line);
    }
    reader.finish()
}

/// The text of a file: UTF-8 (with or without a byte order mark), or UTF-16 with one (what Windows
/// Notepad calls "Unicode"). Anything else is a problem at the first bad byte's line and column.
pub fn decode(file: &str, bytes: &[u8]) -> Result<String, Problem> {
    let utf16 = |bytes: &[u8], from: fn([u8; 2]) -> u16| {
        let units: Vec<u16> = bytes.chunks_exact(2).map(|c| from([c[0], c[1]])).collect();
        String::from_utf16(&units).ok()
    };
    let decoded = match bytes {
        [0xff, 0xfe, rest @ ..] => utf16(rest, u16::from_le_bytes),
        [0xfe, 0xff, rest @ ..] => utf16(rest, u16::from_be_bytes),
        _ => match std::str::from_utf8(bytes) {
            Ok(s) => Some(s.to_string()),
            Err(e) => {
                let (line, col) = super::load::line_col(bytes, e.valid_up_to());
                return Err(Problem {
                    file: file.to_string(),
                    at: Location::Pos { line, col },
                    kind: ProblemKind::InvalidUtf8,
                });
            }
        },
    };
    decoded.ok_or_else(|| Problem {
        file: file.to_string(),
        at: Location::Field(String::new()),
        kind: ProblemKind::InvalidUtf8,
    })
}

/// What was found, as the lines `from-text` prints and the TUI previews: the title, the count of
/// groups and items, one line per group, and how many deeper lines went into hints.
pub fn summary(outline: &Outline, title: &str, lang: Lang) -> Vec<String> {
    let mut out = vec![
        m::TITLE.fmt(lang, &[("title", &title)]),
        m::FOUND.fmt(
            lang,
            &[
                ("groups", &outline.groups.len()),
                ("items", &outline.item_count()),
            ],
        ),
    ];
    for (i, g) in outline.groups.iter().enumerate() {
        let id = format!("g{}", i + 1);
        let title = g.title.as_deref().unwrap_or(title);
        out.push(format!(
            "  {}",
            m::GROUP_LINE.fmt(
                lang,
                &[
                    ("id", &id),
                    ("title", &shorten(title)),
                    ("count", &g.items.len())
                ]
            )
        ));
    }
    let hints: usize = outline
        .groups
        .iter()
        .flat_map(|g| &g.items)
        .map(|i| i.hint.len())
        .sum();
    if hints > 0 {
        out.push(m::HINT_LINES.fmt(lang, &[("count", &hints)]));
    }
    out
}

/// The title a checklist made from `outline` gets: the one given, else the title line, else the id.
pub fn title_of<'a>(outline: &'a Outline, given: Option<&'a str>, id: &'a str) -> &'a str {
    given
        .map(trim)
        .filter(|t| !t.is_empty())
        .or(outline.title.as_deref())
        .unwrap_or(id)
}

/// The checklist an outline stands for; `None` when the outline has no item.
pub fn to_checklist(outline: &Outline, opts: &Options) -> Option<Checklist> {
    if outline.is_empty() {
        return None;
    }
    let title = title_of(outline, opts.title.as_deref(), &opts.id).to_string();
    let groups = outline
        .groups
        .iter()
        .enumerate()
        .map(|(g, group)| Group {
            id: format!("g{}", g + 1),
            title: Text::same(group.title.clone().unwrap_or_else(|| title.clone())),
            items: group
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| Item {
                    id: format!("g{}-{}", g + 1, i + 1),
                    text: Text::same(item.text.clone()),
                    hint: (!item.hint.is_empty()).then(|| Text::same(item.hint.join("\n"))),
                })
                .collect(),
        })
        .collect();
    Some(Checklist {
        id: opts.id.clone(),
        version: 1,
        title: Text::same(title),
        description: None,
        source: source_text(opts),
        scale: opts.like.scale.clone(),
        sources: opts.like.sources.clone(),
        causes: opts.like.causes.clone(),
        groups,
    })
}

/// The `source` of a checklist made from text, in both languages: where from, when, what was
/// borrowed, and what the user should add.
fn source_text(opts: &Options) -> Text {
    let date = opts.date.format("%Y-%m-%d");
    let in_lang = |lang| {
        m::SOURCE.fmt(
            lang,
            &[
                ("from", &opts.origin.render(lang)),
                ("date", &date),
                ("like", &opts.like.id),
            ],
        )
    };
    Text::new(in_lang(Lang::Zh), in_lang(Lang::En))
}

impl Origin {
    /// "the file circular.txt", "standard input", "text pasted into zicha".
    pub fn render(&self, lang: Lang) -> String {
        match self {
            Origin::File(name) => m::FROM_FILE.fmt(lang, &[("name", name)]),
            Origin::Stdin => m::FROM_STDIN.get(lang).to_string(),
            Origin::Pasted => m::FROM_PASTE.get(lang).to_string(),
        }
    }
}

impl Warning {
    pub fn render(&self, lang: Lang) -> String {
        let line = &self.line;
        match &self.kind {
            WarningKind::Gap { expected, found } => m::GAP.fmt(
                lang,
                &[("line", line), ("expected", expected), ("found", found)],
            ),
            WarningKind::Repeat { number } => {
                m::REPEAT.fmt(lang, &[("line", line), ("number", number)])
            }
            WarningKind::Backwards { after, found } => {
                m::BACKWARDS.fmt(lang, &[("line", line), ("after", after), ("found", found)])
            }
            WarningKind::EmptyGroup { title } => {
                m::EMPTY_GROUP.fmt(lang, &[("line", line), ("title", &shorten(title))])
            }
            WarningKind::NoText { marker } => {
                m::NO_TEXT.fmt(lang, &[("line", line), ("marker", marker)])
            }
            WarningKind::Unplaced { text } => {
                m::UNPLACED.fmt(lang, &[("line", line), ("text", &shorten(text))])
            }
            WarningKind::JoinedAfterBlank { text } => {
                m::JOINED.fmt(lang, &[("line", line), ("text", &shorten(text))])
            }
        }
    }
}

/// The start of a long line, enough to find it in the circular.
fn shorten(text: &str) -> String {
    const SHOWN: usize = 40;
    if text.chars().count() <= SHOWN {
        text.to_string()
    } else {
        let mut short: String = text.chars().take(SHOWN).collect();
        // Three dots, not "…", which CJK terminals draw two columns wide.
        short.push_str("...");
        short
    }
}

/// Splits on every line break a pasted or saved text may carry: LF, CRLF, a lone CR (what terminals
/// send for Enter in a bracketed paste), Word's vertical tab and form feed, Unicode line separators.
/// A leading byte order mark is dropped.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let s = rest?;
        match s.find([
            '\n', '\r', '\u{b}', '\u{c}', '\u{85}', '\u{2028}', '\u{2029}',
        ]) {
            Some(at) => {
                let ch = s[at..].chars().next().unwrap_or('\n');
                let mut next = at + ch.len_utf8();
                if ch == '\r' && s[next..].starts_with('\n') {
                    next += 1;
                }
                rest = Some(&s[next..]);
                Some(&s[..at])
            }
            None => {
                rest = None;
                Some(s)
            }
        }
    })
}

/// Spaces of any width, and the invisible characters Word leaves at the ends of lines.
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{feff}' | '\u{200c}' | '\u{200d}' | '\u{2060}'
        )
}

fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

fn trim_start(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// An entry being collected: a marked line and the unmarked lines that continue it.
struct Entry {
    line: usize,
    depth: usize,
    marker: Marker,
    text: String,
}

/// One open numbering level: its style and the last number seen at it.
struct Level {
    style: Style,
    last: Option<u32>,
}

struct Reader {
    title_given: bool,
    title: Option<String>,
    warnings: Vec<Warning>,
    entries: Vec<Entry>,
    open: Vec<Level>,
    /// The last number of a style at a depth, across parents: items numbered 1–37 through four groups
    /// continue, they do not restart, and that is not a gap.
    last_run: HashMap<(Style, usize), u32>,
    after_blank: bool,
}

impl Reader {
    fn new(title_given: bool) -> Self {
        Reader {
            title_given,
            title: None,
            warnings: Vec::new(),
            entries: Vec::new(),
            open: Vec::new(),
            last_run: HashMap::new(),
            after_blank: false,
        }
    }

    fn warn(&mut self, line: usize, kind: WarningKind) {
        self.warnings.push(Warning { line, kind });
    }

    fn line(&mut self, n: usize, raw: &str) {
        let line = trim(raw);
        if line.is_empty() || is_page_number(line) {
            self.after_blank |= line.is_empty();
            return;
        }
        let after_blank = std::mem::take(&mut self.after_blank);
        if let Some((marker, rest)) = marker(line) {
            self.entry(n, marker, trim(rest));
            return;
        }
        match self.entries.last_mut() {
            Some(entry) => {
                join(&mut entry.text, line);
                if after_blank {
                    let text = line.to_string();
                    self.warn(n, WarningKind::JoinedAfterBlank { text });
                }
            }
            None if self.title.is_none() && !self.title_given && !is_attachment_label(line) => {
                self.title = Some(line.to_string())
            }
            None => {
                let text = line.to_string();
                self.warn(n, WarningKind::Unplaced { text });
            }
        }
    }

    fn entry(&mut self, n: usize, marker: Marker, text: &str) {
        let depth = match self.open.iter().position(|l| l.style == marker.style) {
            Some(at) => {
                self.open.truncate(at + 1);
                at + 1
            }
            None => {
                self.open.push(Level {
                    style: marker.style,
                    last: None,
                });
                self.open.len()
            }
        };
        if let Some(number) = marker.number
            && depth <= MAX_TRACKED_DEPTH
        {
            self.check_number(n, depth, marker.style, number);
        }
        self.entries.push(Entry {
            line: n,
            depth,
            marker,
            text: text.to_string(),
        });
    }

    /// Warns about a gap, a repeat or a step back in the numbering of the level at `depth`.
    fn check_number(&mut self, n: usize, depth: usize, style: Style, number: u32) {
        let Some(level) = self.open.get_mut(depth - 1) else {
            return;
        };
        let previous = level.last.replace(number);
        let run = self.last_run.insert((style, depth), number);
        let kind = match previous {
            Some(last) if number == last.saturating_add(1) => None,
            Some(last) if number == last => Some(WarningKind::Repeat { number }),
            Some(last) if number < last => Some(WarningKind::Backwards {
                after: last,
                found: number,
            }),
            Some(last) => Some(WarningKind::Gap {
                expected: last.saturating_add(1),
                found: number,
            }),
            // The first under its parent: 1 (restarting) or the next of the run (continuing).
            None if number == 1 || run.is_some_and(|r| number == r.saturating_add(1)) => None,
            None => Some(WarningKind::Gap {
                expected: match run {
                    Some(r) if r < number => r.saturating_add(1),
                    _ => 1,
                },
                found: number,
            }),
        };
        if let Some(kind) = kind {
            self.warn(n, kind);
        }
    }

    fn finish(mut self) -> Outline {
        let levels = self.entries.iter().map(|e| e.depth).max().unwrap_or(0);
        let mut groups: Vec<OutlineGroup> = Vec::new();
        let mut warnings = std::mem::take(&mut self.warnings);
        if levels == 1 {
            groups.push(OutlineGroup {
                line: None,
                title: None,
                items: Vec::new(),
            });
        }
        // The entry above was an item left out for lack of text: its deeper lines have no item.
        let mut dropped = false;
        for e in self.entries {
            let text = trim(&e.text).to_string();
            if e.depth <= 2 {
                dropped = false;
            }
            match (levels, e.depth) {
                (1, _) | (_, 2) => {
                    if text.is_empty() {
                        dropped = true;
                        warnings.push(Warning {
                            line: e.line,
                            kind: WarningKind::NoText {
                                marker: e.marker.written,
                            },
                        });
                        continue;
                    }
                    // Depth 2 always follows a depth 1 entry, so there is a group.
                    if let Some(g) = groups.last_mut() {
                        g.items.push(OutlineItem {
                            line: e.line,
                            text,
                            hint: Vec::new(),
                        });
                    }
                }
                (_, 1) => groups.push(OutlineGroup {
                    line: Some(e.line),
                    // A heading with no words ("第一部分" alone) keeps its marker as its title.
                    title: Some(if text.is_empty() {
                        e.marker.written
                    } else {
                        text
                    }),
                    items: Vec::new(),
                }),
                _ => {
                    let item = groups.last_mut().and_then(|g| g.items.last_mut());
                    match item.filter(|_| !dropped) {
                        Some(item) => {
                            let mut shown = e.marker.written;
                            if !text.is_empty() {
                                join_after_marker(&mut shown, &text);
                            }
                            item.hint.push(shown);
                        }
                        // An item left out for lack of text takes its deeper lines with it: say so.
                        None => warnings.push(Warning {
                            line: e.line,
                            kind: WarningKind::Unplaced {
                                text: format!("{} {text}", e.marker.written),
                            },
                        }),
                    }
                }
            }
        }
        for g in &mut groups {
            if g.items.is_empty()
                && let (Some(line), Some(title)) = (g.line, &g.title)
            {
                warnings.push(Warning {
                    line,
                    kind: WarningKind::EmptyGroup {
                        title: title.clone(),
                    },
                });
                g.items.push(OutlineItem {
                    line,
                    text: title.clone(),
                    hint: Vec::new(),
                });
            }
        }
        groups.retain(|g| !g.items.is_empty());
        warnings.sort_by_key(|w| w.line);
        Outline {
            title: self.title,
            groups,
            warnings,
            levels,
        }
    }
}

/// Appends a continuation line: between two Latin words a space (an English line break), between
/// anything else nothing (a Chinese line break is no space).
fn join(text: &mut String, next: &str) {
    let latin = |c: char| c.is_ascii_alphanumeric() || ",.;:!?)'\"%".contains(c);
    if text
        .chars()
        .next_back()
        .is_some_and(|c| latin(c) && c != '(')
        && next
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '(')
    {
        text.push(' ');
    }
    text.push_str(next);
}

/// A deeper entry shown in a hint: "①" + "会议多" → "①会议多", "1." + "More" → "1. More".
fn join_after_marker(shown: &mut String, text: &str) {
    if shown.ends_with(|c: char| c.is_ascii_punctuation()) && !shown.ends_with(['(', '[']) {
        shown.push(' ');
    }
    shown.push_str(text);
}

/// "3", "- 3 -", "— 3 —", "－3－", "第 3 页", "第3页 共10页", "3/10", "Page 3", "Page 3 of 10".
fn is_page_number(line: &str) -> bool {
    let dashes = |c: char| is_space(c) || "-–—―‒－~·".contains(c);
    let core = line.trim_matches(dashes);
    if !core.is_empty() && core.chars().count() <= 4 && core.chars().all(|c| digit(c).is_some()) {
        return true;
    }
    let squeezed: String = core.chars().filter(|c| !is_space(*c)).collect();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| digit(c).is_some());
    if let Some((a, b)) = squeezed.split_once(['/', '／']) {
        return digits(a) && digits(b);
    }
    if let Some(rest) = squeezed.strip_prefix('第') {
        let (page, total) = match rest.split_once('页') {
            Some(parts) => parts,
            None => return false,
        };
        let total = total.trim_start_matches(['，', ',', '/', '／']);
        return digits(page)
            && (total.is_empty()
                || total
                    .strip_prefix('共')
                    .and_then(|t| t.strip_suffix('页'))
                    .is_some_and(digits));
    }
    let lower = squeezed.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        return match rest.split_once("of") {
            Some((a, b)) => digits(a) && digits(b),
            None => digits(rest),
        };
    }
    false
}

/// "附件", "附件1", "附件一：" above a circular's title: not the title.
fn is_attachment_label(line: &str) -> bool {
    line.strip_prefix("附件").is_some_and(|rest| {
        let rest = trim(rest).trim_end_matches(['：', ':']);
        rest.is_empty()
            || digits(rest).is_some_and(|(_, r)| r.is_empty())
            || chinese_number(rest).is_some_and(|(_, r)| r.is_empty())
    })
}

/// The value of an ASCII or full-width digit.
fn digit(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '０'..='９' => Some(c as u32 - '０' as u32),
        _ => None,
    }
}

/// Leading digits (at most three: a year is not a list number) and what follows them.
fn digits(s: &str) -> Option<(u32, &str)> {
    let mut value = 0u32;
    let mut len = 0;
    for c in s.chars() {
        match digit(c) {
            Some(d) => {
                value = value * 10 + d;
                len += c.len_utf8();
                if len > 9 {
                    return None;
                }
            }
            None => break,
        }
    }
    let count = s[..len].chars().count();
    (count > 0 && count <= 3).then_some((value, &s[len..]))
}

/// Leading Chinese numerals (一 … 九十九, with 百 and 零) and what follows them.
fn chinese_number(s: &str) -> Option<(u32, &str)> {
    let len: usize = s
        .chars()
        .take_while(|c| "零〇一二两三四五六七八九十百".contains(*c))
        .map(char::len_utf8)
        .sum();
    let value = chinese_value(&s[..len])?;
    Some((value, &s[len..]))
}

/// 一 → 1, 十 → 10, 十一 → 11, 二十 → 20, 二十一 → 21, 一百零五 → 105; malformed runs are `None`.
fn chinese_value(s: &str) -> Option<u32> {
    let unit = |c: char| -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    if s.is_empty() || s.chars().count() > 6 {
        return None;
    }
    let (hundreds, rest) = match s.split_once('百') {
        Some((h, rest)) => {
            let mut h_chars = h.chars();
            let h = match (h_chars.next(), h_chars.next()) {
                (Some(c), None) => unit(c).filter(|d| *d > 0)?,
                _ => return None,
            };
            (h, rest.strip_prefix(['零', '〇']).unwrap_or(rest))
        }
        None => (0, s),
    };
    let below = match rest.split_once('十') {
        Some((tens, ones)) => {
            let mut t = tens.chars();
            let tens = match (t.next(), t.next()) {
                (None, _) if hundreds == 0 => 1,
                (Some(c), None) => unit(c).filter(|d| *d > 0)?,
                _ => return None,
            };
            let mut o = ones.chars();
            let ones = match (o.next(), o.next()) {
                (None, _) => 0,
                (Some(c), None) => unit(c).filter(|d| *d > 0)?,
                _ => return None,
            };
            tens * 10 + ones
        }
        None => {
            let mut o = rest.chars();
            match (o.next(), o.next()) {
                (None, _) if hundreds > 0 => 0,
                (Some(c), None) => unit(c).filter(|d| *d > 0 || hundreds > 0)?,
                _ => return None,
            }
        }
    };
    Some(hundreds * 100 + below)
}

/// The marker at the start of a (trimmed, non-empty) line and the text after it.
pub fn marker(line: &str) -> Option<(Marker, &str)> {
    let found = heading(line)
        .or_else(|| chinese_comma(line))
        .or_else(|| parenthesised(line))
        .or_else(|| numbered(line))
        .or_else(|| lettered(line))
        .or_else(|| single_char(line))?;
    let (style, number, rest) = found;
    let written = trim(&line[..line.len() - rest.len()]).to_string();
    Some((
        Marker {
            style,
            number,
            written,
        },
        rest,
    ))
}

type Found<'a> = (Style, Option<u32>, &'a str);

/// 第一部分 第二章 第三条 第4条 (spaces allowed inside: "第 1 条").
fn heading(line: &str) -> Option<Found<'_>> {
    let rest = trim_start(line.strip_prefix('第')?);
    let (number, rest) = chinese_number(rest).or_else(|| digits(rest))?;
    let rest = trim_start(rest);
    let (word, rest) = HEADING_WORDS
        .iter()
        .find_map(|(w, kind)| rest.strip_prefix(w).map(|r| (*kind, r)))?;
    let rest = trim_start(rest);
    let rest = rest
        .strip_prefix(['、', '：', ':', '．', '.'])
        .unwrap_or(rest);
    Some((Style::Heading(word), Some(number), rest))
}

/// 一、 二． 十一.
fn chinese_comma(line: &str) -> Option<Found<'_>> {
    let (number, rest) = chinese_number(line)?;
    let rest = trim_start(rest).strip_prefix(['、', '．', '.'])?;
    Some((Style::CnComma, Some(number), rest))
}

/// (一) （一） 〔一〕 (1) （1） ⑴, with mixed half- and full-width brackets and spaces inside.
fn parenthesised(line: &str) -> Option<Found<'_>> {
    if let Some(c) = line.chars().next()
        && ('\u{2474}'..='\u{2487}').contains(&c)
    {
        let number = c as u32 - 0x2474 + 1;
        return Some((Style::NumParen, Some(number), &line[c.len_utf8()..]));
    }
    let inner = trim_start(line.strip_prefix(['(', '（', '〔', '［', '['])?);
    let (style, number, rest) = match chinese_number(inner) {
        Some((n, rest)) => (Style::CnParen, n, rest),
        None => {
            let (n, rest) = digits(inner)?;
            (Style::NumParen, n, rest)
        }
    };
    let rest = trim_start(rest).strip_prefix([')', '）', '〕', '］', ']'])?;
    Some((style, Some(number), rest))
}

/// 1. 1． 1、 1) 1） (a digit straight after the dot is a decimal, "1.5倍", not a marker).
fn numbered(line: &str) -> Option<Found<'_>> {
    if let Some(c) = line.chars().next()
        && ('\u{2488}'..='\u{249b}').contains(&c)
    {
        let number = c as u32 - 0x2488 + 1;
        return Some((Style::NumDot, Some(number), &line[c.len_utf8()..]));
    }
    let (number, rest) = digits(line)?;
    let rest = trim_start(rest);
    let mut chars = rest.chars();
    let style = match chars.next()? {
        '.' | '．' if chars.next().is_none_or(|c| digit(c).is_none()) => Style::NumDot,
        '、' => Style::NumDot,
        ')' | '）' => Style::NumHalfParen,
        _ => return None,
    };
    let skip = rest.chars().next().map_or(0, char::len_utf8);
    Some((style, Some(number), &rest[skip..]))
}

/// a. a) (a) A. A) (A), one ASCII letter followed by a space: English sub-lists.
fn lettered(line: &str) -> Option<Found<'_>> {
    let (open, rest) = match line.strip_prefix('(') {
        Some(rest) => (true, rest),
        None => (false, line),
    };
    let mut chars = rest.chars();
    let letter = chars.next().filter(char::is_ascii_alphabetic)?;
    let close = chars.next()?;
    let ok = if open {
        close == ')'
    } else {
        close == '.' || close == ')'
    };
    if !ok {
        return None;
    }
    // Both are ASCII, one byte each.
    let rest = &rest[2..];
    if !rest.starts_with(is_space) {
        return None;
    }
    let number = u32::from(letter.to_ascii_lowercase() as u8 - b'a' + 1);
    let style = Style::Letter {
        upper: letter.is_ascii_uppercase(),
    };
    Some((style, Some(number), rest))
}

/// ① … ⑳, ㉑ … ㉟, ㊱ … ㊿, ❶ … ❿, ➀ … ➉, and bullets.
fn single_char(line: &str) -> Option<Found<'_>> {
    let c = line.chars().next()?;
    let rest = &line[c.len_utf8()..];
    let code = c as u32;
    let circled = match code {
        0x2460..=0x2473 => Some(code - 0x2460 + 1),
        0x3251..=0x325f => Some(code - 0x3251 + 21),
        0x32b1..=0x32bf => Some(code - 0x32b1 + 36),
        0x2776..=0x277f => Some(code - 0x2776 + 1),
        0x2780..=0x2789 => Some(code - 0x2780 + 1),
        0x278a..=0x2793 => Some(code - 0x278a + 1),
        _ => None,
    };
    if let Some(n) = circled {
        return Some((Style::Circled, Some(n), rest));
    }
    let bullet = matches!(
        c,
        '•' | '●'
            | '○'
            | '■'
            | '□'
            | '◆'
            | '◇'
            | '▪'
            | '▫'
            | '►'
            | '▶'
            | '➢'
            | '➤'
            | '√'
            | '✓'
            | '\u{f0b7}'
            | '\u{f0a7}'
            | '\u{f0d8}'
            | '\u{f076}'
            | '\u{f0fc}'
    );
    // "-" and "*" only with a space after them, as in Markdown: "-3℃" is text.
    let ascii_bullet = matches!(c, '-' | '*') && rest.starts_with(is_space);
    (bullet || ascii_bullet).then_some((Style::Bullet(c), None, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(line: &str) -> Option<(Style, Option<u32>, String)> {
        marker(line).map(|(mk, rest)| (mk.style, mk.number, trim(rest).to_string()))
    }

    #[test]
    fn chinese_numerals_up_to_the_hundreds() {
        let cases = [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十一", 11),
            ("二十", 20),
            ("二十一", 21),
            ("九十九", 99),
            ("一百", 100),
            ("一百零五", 105),
            ("一百一十", 110),
            ("两", 2),
        ];
        for (s, v) in cases {
            assert_eq!(chinese_value(s), Some(v), "{s}");
        }
        for bad in ["十十", "一二", "零", "二十十", "百", "十一一", ""] {
            assert_eq!(chinese_value(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_marker_style_of_the_issue() {
        use Style::*;
        let cases: &[(&str, Style, u32, &str)] = &[
            ("一、形式主义", CnComma, 1, "形式主义"),
            ("十一、其他", CnComma, 11, "其他"),
            ("二十一、 其他", CnComma, 21, "其他"),
            ("三．会风", CnComma, 3, "会风"),
            (
                "第一部分 总体要求",
                Heading(HeadingWord::Part),
                1,
                "总体要求",
            ),
            ("第三条　文风", Heading(HeadingWord::Article), 3, "文风"),
            ("第 2 章", Heading(HeadingWord::Chapter), 2, ""),
            ("(一)文风", CnParen, 1, "文风"),
            ("（十二）文风", CnParen, 12, "文风"),
            ("（ 二 ）文风", CnParen, 2, "文风"),
            ("1.文山会海", NumDot, 1, "文山会海"),
            ("1、文山会海", NumDot, 1, "文山会海"),
            ("12．文山会海", NumDot, 12, "文山会海"),
            ("１２．文山会海", NumDot, 12, "文山会海"),
            ("3 . spaced", NumDot, 3, "spaced"),
            ("1) meetings", NumHalfParen, 1, "meetings"),
            ("2）会议", NumHalfParen, 2, "会议"),
            ("(1)会议", NumParen, 1, "会议"),
            ("（１）会议", NumParen, 1, "会议"),
            ("⑴会议", NumParen, 1, "会议"),
            ("⒊会议", NumDot, 3, "会议"),
            ("①会议", Circled, 1, "会议"),
            ("⑳会议", Circled, 20, "会议"),
            ("㉑会议", Circled, 21, "会议"),
            ("a) meetings", Letter { upper: false }, 1, "meetings"),
            ("(c) reports", Letter { upper: false }, 3, "reports"),
            (
                "B. Bureaucratism",
                Letter { upper: true },
                2,
                "Bureaucratism",
            ),
        ];
        for (line, style, n, rest) in cases {
            assert_eq!(
                m(line),
                Some((*style, Some(*n), rest.to_string())),
                "{line}"
            );
        }
    }

    #[test]
    fn text_that_only_looks_like_a_marker_is_text() {
        for line in [
            "1.5倍的经费",
            "2014年7月",
            "十分重要、",
            "一是要",
            "第一次会议",
            "-3℃",
            "(注意)",
            "1234. 年份",
            "一二、",
            "a.m. meeting",
            "e.g. this",
            "I am",
            "a）中文括号",
        ] {
            assert_eq!(m(line), None, "{line}");
        }
    }

    #[test]
    fn page_furniture_is_recognised() {
        for line in [
            "3",
            "- 3 -",
            "— 3 —",
            "－ ３ －",
            "第 3 页",
            "第3页 共10页",
            "3/10",
            "Page 3",
            "page 3 of 10",
        ] {
            assert!(is_page_number(line), "{line}");
        }
        for line in ["3个方面", "第三部分", "page three", "2014年"] {
            assert!(!is_page_number(line), "{line}");
        }
    }

    #[test]
    fn line_breaks_of_every_kind() {
        let got: Vec<&str> = lines("\u{feff}a\r\nb\rc\nd\u{b}e").collect();
        assert_eq!(got, ["a", "b", "c", "d", "e"]);
    }

    #[test]
    fn continuation_joins_chinese_without_space_and_english_with_one() {
        let mut s = "文山会海".to_string();
        join(&mut s, "问题突出");
        assert_eq!(s, "文山会海问题突出");
        let mut s = "Too many".to_string();
        join(&mut s, "meetings");
        assert_eq!(s, "Too many meetings");
    }
}
