//! Text laid out by display width: two columns per Han character, never a character cut in half.
//!
//! Wrapping keeps Latin words whole where they fit and breaks CJK text between any two characters,
//! which is how Chinese is set. Nothing here knows about terminals; widths come from `unicode-width`.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Display width of a string.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Cuts `s` to at most `max` columns; a cut string ends in `..` (ASCII: never an ambiguous-width `…`).
/// One line: control and bidi characters (which ratatui would drop or the terminal would act on) are
/// shown as `\u{1b}` (see [`crate::sanitize::line`]).
pub fn fit(s: &str, max: usize) -> String {
    let s = &*crate::sanitize::line(s);
    if width(s) <= max {
        return s.to_string();
    }
    if max <= 2 {
        return ".".repeat(max);
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = char_width(c);
        if used + w > max - 2 {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str("..");
    out
}

/// Pads `s` with spaces to exactly `cols` columns (cutting it first if it is wider).
pub fn pad(s: &str, cols: usize) -> String {
    let mut out = fit(s, cols);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// True for characters between which a line may break freely (CJK ideographs, kana, hangul,
/// full-width punctuation): anything two columns wide.
fn breaks_anywhere(c: char) -> bool {
    char_width(c) >= 2
}

/// Characters a line may not start with (行首禁则): closing punctuation and brackets, full-width and
/// ASCII.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '）'
            | '》'
            | '」'
            | '』'
            | '】'
            | '〉'
            | '〕'
            | '〗'
            | '］'
            | '｝'
            | '”'
            | '’'
            | '…'
            | '·'
            | '％'
            | ','
            | '.'
            | ';'
            | ':'
            | '?'
            | '!'
            | ')'
            | ']'
            | '}'
    )
}

/// Characters a line may not end with (行尾禁则): opening brackets and quotes.
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '（' | '《'
            | '「'
            | '『'
            | '【'
            | '〈'
            | '〔'
            | '〖'
            | '［'
            | '｛'
            | '“'
            | '‘'
            | '('
            | '['
    )
}

/// How many characters may move down to keep a closing mark off a line's start (`。」）` in a row).
const CARRY_MAX: usize = 3;

/// Where the line `line` should end when the next line would start with `next`: at its end, or
/// earlier so that the next line does not start with closing punctuation and this one does not end
/// with an opening bracket (the characters after the returned byte offset move down). Wide
/// characters and punctuation move one by one, a Latin word (「JSON）」) as one chunk; a line keeps at
/// least one character.
fn break_at(line: &str, next: char) -> usize {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let movable = |c: char| breaks_anywhere(c) || no_line_start(c) || no_line_end(c);
    let word = |c: char| c != ' ' && !movable(c);
    let mut k = chars.len();
    let mut first = next;
    let mut chunks = 0;
    while no_line_start(first) && k > 1 && chunks < CARRY_MAX {
        let c = chars[k - 1].1;
        if movable(c) {
            k -= 1;
        } else if word(c) {
            let start = (0..k)
                .rev()
                .find(|&j| !word(chars[j].1))
                .map_or(0, |j| j + 1);
            if start == 0 {
                break;
            }
            k = start;
        } else {
            break;
        }
        chunks += 1;
        first = chars[k].1;
    }
    if no_line_start(first) {
        k = chars.len();
    }
    while k > 1 && no_line_end(chars[k - 1].1) {
        k -= 1;
    }
    chars.get(k).map_or(line.len(), |&(i, _)| i)
}

/// Wraps `text` into lines of at most `max` columns. Newlines are kept; Latin words move whole to the
/// next line when they fit there, longer ones are broken; a wide character is never split.
/// Control and bidi characters are shown as `\u{1b}` (see [`crate::sanitize::text`]).
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    wrap_with(text, max, max)
}

/// As [`wrap`], but a word wider than `long` columns (a path, a URL) is broken to fill the line it
/// starts on rather than moved whole to the next: status messages name files.
pub fn wrap_filling(text: &str, max: usize, long: usize) -> Vec<String> {
    wrap_with(text, max, long)
}

fn wrap_with(text: &str, max: usize, long: usize) -> Vec<String> {
    let text = &*crate::sanitize::text(text);
    let max = max.max(2);
    let mut lines = Vec::new();
    for para in text.split('\n') {
        let para = para.trim_end_matches('\r');
        let mut line = String::new();
        let mut used = 0;
        // Tokens: a run of narrow non-space characters (a word), a single space, or one wide character.
        let mut rest = para;
        while !rest.is_empty() {
            let first = rest.chars().next().unwrap_or(' ');
            let len = if first == ' ' || breaks_anywhere(first) {
                first.len_utf8()
            } else {
                rest.find(|c: char| c == ' ' || breaks_anywhere(c))
                    .unwrap_or(rest.len())
            };
            let (token, tail) = rest.split_at(len);
            rest = tail;
            let w = width(token);
            if used + w <= max {
                line.push_str(token);
                used += w;
                continue;
            }
            if token == " " {
                // A space at the end of a full line is dropped rather than starting the next one.
                lines.push(std::mem::take(&mut line));
                used = 0;
                continue;
            }
            if w <= max.min(long) && used > 0 {
                // 避头尾: closing punctuation may not start a line, nor an opening bracket end one;
                // the characters before it go down along with it.
                let mut carry = String::new();
                if let Some(next) = token.chars().next() {
                    let at = break_at(&line, next);
                    if width(&line[at..]) + w <= max {
                        carry = line.split_off(at);
                    }
                }
                let kept = line.trim_end_matches(' ').len();
                line.truncate(kept);
                lines.push(std::mem::take(&mut line));
                line.push_str(&carry);
                line.push_str(token);
                used = width(&line);
                continue;
            }
            // A word longer than a line: break it by character.
            for c in token.chars() {
                let cw = char_width(c);
                if used + cw > max && used > 0 {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push(c);
                used += cw;
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_never_exceeds_the_width_and_keeps_every_character() {
        let text =
            "文山会海,会议多、文件多。Meetings about meetings and documents about documents.";
        for max in 2..40 {
            let lines = wrap(text, max);
            for l in &lines {
                assert!(width(l) <= max, "{l:?} wider than {max}");
            }
            let joined: String = lines.concat();
            assert_eq!(
                joined.replace(' ', ""),
                text.replace(' ', ""),
                "lost characters at {max}"
            );
        }
    }

    #[test]
    fn wrap_moves_whole_words_and_keeps_newlines() {
        assert_eq!(wrap("hello world", 8), vec!["hello", "world"]);
        assert_eq!(wrap("一二\n三", 10), vec!["一二", "三"]);
        assert_eq!(wrap("一二三", 5), vec!["一二", "三"]);
        assert_eq!(
            wrap("一二三。", 6),
            vec!["一二", "三。"],
            "no line starts with 。"
        );
    }

    #[test]
    fn no_line_starts_with_closing_punctuation_nor_ends_with_an_opening_bracket() {
        let text = "会议多、文件多，有的会议开得过长、过滥；一些文件（照抄照转）、穿靴戴帽。「本人」主持召开的《部门会议》中，有相当一部分属于可开可不开的例会！会上念稿子？讲套话：解决实际问题少。";
        for max in 6..40 {
            let lines = wrap(text, max);
            assert_eq!(lines.concat(), text, "lost characters at {max}");
            for (i, l) in lines.iter().enumerate() {
                assert!(width(l) <= max, "{l:?} wider than {max}");
                let first = l.chars().next().unwrap_or(' ');
                assert!(
                    i == 0 || !no_line_start(first),
                    "line {i} starts with {first} at {max}: {lines:?}"
                );
                let last = l.chars().next_back().unwrap_or(' ');
                assert!(
                    i + 1 == lines.len() || !no_line_end(last),
                    "line {i} ends with {last} at {max}: {lines:?}"
                );
            }
        }
        assert_eq!(wrap("一二三四。」", 8), vec!["一二三", "四。」"]);
    }

    #[test]
    fn a_latin_word_goes_down_with_the_closing_bracket_after_it() {
        let text = "导出（Markdown 或 Word 材料、CSV 或 Excel 台账、JSON）";
        let lines = wrap(text, 52);
        assert_eq!(
            lines,
            vec!["导出（Markdown 或 Word 材料、CSV 或 Excel 台账、", "JSON）"]
        );
        // A word that is the whole line stays: the line keeps something.
        assert_eq!(wrap("JSONJSON）", 8), vec!["JSONJSON", "）"]);
    }

    #[test]
    fn fit_cuts_by_columns_with_an_ascii_marker() {
        assert_eq!(fit("知行不一", 8), "知行不一");
        assert_eq!(fit("知行不一", 7), "知行..");
        assert_eq!(fit("知行不一", 6), "知行..");
        assert_eq!(width(&pad("知行", 7)), 7);
    }
}
