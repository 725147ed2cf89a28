//! Text from files made visible before it reaches a human: the one place that decides which
//! characters may pass raw.
//!
//! Sessions and checklists come from other people. A C0 or C1 control (ESC, BEL, CSI, OSC…) printed
//! raw can retitle the window, set the clipboard (OSC 52) or reset the terminal; a bidi override or
//! isolate reorders what the reader sees. Every such character is shown as `\u{1b}` instead: the
//! reader sees that it is there, nothing is lost, and nothing is executed.
//!
//! Three forms, by where the text goes:
//! - [`line`]: one line of a table, a label, a file name: every unsafe character visible, newline too.
//! - [`text`]: running text (notes, whole outputs): newline and tab pass; CR only in a CR LF pair.
//! - [`json`]: JSON text: the same characters as `\u001b`-style escapes, so the JSON stays valid and
//!   lossless (serde_json already escapes C0; C1 and bidi characters it leaves raw).
//!
//! [`display_copy`] applies [`line`] or [`text`] to every string of a value (a session, a checklist),
//! for renderers that lay text out in columns before printing.

use std::borrow::Cow;
use std::fmt::Write as _;

use serde::Serialize;
use serde::de::DeserializeOwned;

/// True for the characters that must never reach a terminal or an export raw: C0 controls, DEL, C1
/// controls, bidi embeddings / overrides / isolates / marks, and the Unicode line and paragraph
/// separators (which some terminals and editors take as a line break).
pub fn is_unsafe(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{1f}'
        | '\u{7f}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200e}' | '\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}')
}

fn escape(out: &mut String, c: char) {
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

fn map(s: &str, keep: impl Fn(char, Option<char>) -> bool) -> Cow<'_, str> {
    let mut chars = s.char_indices().peekable();
    let first_bad = loop {
        match chars.next() {
            None => return Cow::Borrowed(s),
            Some((i, c)) => {
                let next = chars.peek().map(|&(_, n)| n);
                if is_unsafe(c) && !keep(c, next) {
                    break i;
                }
            }
        }
    };
    let mut out = String::with_capacity(s.len() + 16);
    out.push_str(&s[..first_bad]);
    let mut rest = s[first_bad..].chars().peekable();
    while let Some(c) = rest.next() {
        if is_unsafe(c) && !keep(c, rest.peek().copied()) {
            escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// One line: every unsafe character visible, newlines and tabs included.
pub fn line(s: &str) -> Cow<'_, str> {
    if surely_safe(s) {
        return Cow::Borrowed(s);
    }
    map(s, |_, _| false)
}

/// True when no byte of `s` can start an unsafe character: every one of them is a byte below
/// 0x20, DEL, or starts with 0xC2 (C1), 0xD8 (U+061C) or 0xE2 (U+200E…U+2069) in UTF-8. A byte
/// test the compiler vectorises, for the 10,000 labels of a home screen; `false` only means "look
/// closer" (0xE2 also starts “” and …).
fn surely_safe(s: &str) -> bool {
    s.bytes()
        .all(|b| b >= 0x20 && b != 0x7f && b != 0xc2 && b != 0xd8 && b != 0xe2)
}

/// Running text: newline and tab pass raw, CR only as part of CR LF; everything else unsafe visible.
pub fn text(s: &str) -> Cow<'_, str> {
    map(s, |c, next| {
        c == '\n' || c == '\t' || (c == '\r' && next == Some('\n'))
    })
}

/// JSON text: unsafe characters as JSON `\uXXXX` escapes. Only strings can hold such characters in
/// valid JSON (between tokens there is only whitespace), so the result is valid JSON with the same
/// meaning. Newline, tab and CR pass: serde_json escapes them inside strings, so any left are layout.
pub fn json(s: &str) -> Cow<'_, str> {
    if !s
        .chars()
        .any(|c| is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r'))
    {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe(c) && !matches!(c, '\n' | '\t' | '\r') {
            let _ = write!(out, "\\u{:04x}", u32::from(c));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Fields whose text is multi-line by nature: newlines in them are kept (as [`text`]); every other
/// string of a value is one line (as [`line`]).
const MULTILINE_FIELDS: &[&str] = &[
    "manifestation",
    "text",
    "note",
    "hint",
    "description",
    "prompt",
    "preface",
    "outcome",
    "evidence",
    "progress",
    "source",
];

/// A copy of `value` with every string made safe to show: fields named in [`MULTILINE_FIELDS`]
/// (or nested in them) through [`text`], all others through [`line`]. Goes through the value's
/// serde form, so a field added later is covered without a change here. `None` only if the value's
/// serde form does not read back (then callers show the original through a final [`text`]).
pub fn display_copy<T: Serialize + DeserializeOwned>(value: &T) -> Option<T> {
    let mut v = serde_json::to_value(value).ok()?;
    if !needs_cleaning(&v) {
        return serde_json::from_value(v).ok();
    }
    clean(&mut v, false);
    serde_json::from_value(v).ok()
}

/// `value` fit to show to a person: its [`display_copy`], or itself if that cannot be made.
pub fn shown<T: Serialize + DeserializeOwned>(value: T) -> T {
    display_copy(&value).unwrap_or(value)
}

fn needs_cleaning(v: &serde_json::Value) -> bool {
    use serde_json::Value;
    match v {
        Value::String(s) => s.chars().any(is_unsafe),
        Value::Array(items) => items.iter().any(needs_cleaning),
        Value::Object(map) => map.values().any(needs_cleaning),
        _ => false,
    }
}

fn clean(v: &mut serde_json::Value, multiline: bool) {
    use serde_json::Value;
    match v {
        Value::String(s) => {
            let cleaned = if multiline { text(s) } else { line(s) };
            if let Cow::Owned(c) = cleaned {
                *s = c;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| clean(i, multiline)),
        Value::Object(map) => {
            for (k, val) in map.iter_mut() {
                clean(val, multiline || MULTILINE_FIELDS.contains(&k.as_str()));
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_shown_not_passed() {
        assert_eq!(line("a\u{1b}]52;c;eA==\u{7}b"), "a\\u{1b}]52;c;eA==\\u{7}b");
        assert_eq!(line("x\u{9b}2J"), "x\\u{9b}2J");
        assert_eq!(line("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(line("a\u{2066}b\u{2069}"), "a\\u{2066}b\\u{2069}");
        assert_eq!(line("one\ntwo\tthree"), "one\\u{a}two\\u{9}three");
        assert_eq!(text("one\ntwo\tthree\r\n"), "one\ntwo\tthree\r\n");
        assert_eq!(text("ok\rno"), "ok\\u{d}no");
        assert_eq!(text("bel\u{7}"), "bel\\u{7}");
        assert_eq!(text("会议太多,文件太长"), "会议太多,文件太长");
        assert!(matches!(line("plain 中文"), Cow::Borrowed(_)));
    }

    #[test]
    fn the_byte_test_never_passes_an_unsafe_character() {
        // Every scalar value, alone and between safe text: whenever `surely_safe` says yes, the
        // slow path agrees, so the fast path can only skip work, never a character.
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let alone = c.to_string();
            let framed = format!("ab{c}中文");
            for s in [alone.as_str(), framed.as_str()] {
                if surely_safe(s) {
                    assert!(!s.chars().any(is_unsafe), "{:x}", u32::from(c));
                }
            }
            if is_unsafe(c) {
                assert!(matches!(line(&framed), Cow::Owned(_)), "{:x}", u32::from(c));
            }
        }
        assert!(surely_safe("gen 12 会议"));
        assert!(!surely_safe("“四风”"));
        assert_eq!(line("“四风”"), "“四风”");
    }

    #[test]
    fn json_escapes_stay_valid_json_and_lossless() {
        let original = "a\u{1b}b\u{9b}c\u{202e}d\u{7f}";
        let raw = serde_json::to_string(original).unwrap();
        let safe = json(&raw);
        assert!(!safe.chars().any(is_unsafe), "{safe}");
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, original);
    }
}
