//! Plain-text layout shared by the diff and trend reports: columns aligned by display width, so that
//! Chinese text (two columns per Han character) lines up with ASCII. Pure string work, no terminal.

use unicode_width::UnicodeWidthStr;

/// How a cell sits in its column.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Rows of cells laid out in columns as wide as their widest cell, two spaces apart.
pub fn columns(rows: &[Vec<String>], align: &[Align], indent: &str) -> Vec<String> {
    let cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..cols)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|s| s.width())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            let mut line = String::from(indent);
            for (c, cell) in row.iter().enumerate() {
                let gap = widths[c].saturating_sub(cell.width());
                let right = align.get(c).copied().unwrap_or(Align::Left) == Align::Right;
                if c > 0 {
                    line.push_str("  ");
                }
                if right {
                    line.push_str(&" ".repeat(gap));
                    line.push_str(cell);
                } else {
                    line.push_str(cell);
                    line.push_str(&" ".repeat(gap));
                }
            }
            line.trim_end().to_string()
        })
        .collect()
}

/// Escapes text written by a user so that Markdown shows it as typed (no accidental emphasis,
/// links, HTML or table breaks); newlines become `<br>` so that one answer stays one list item.
pub fn md_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_cjk_by_display_width() {
        let rows = vec![
            vec!["形式主义".to_string(), "3".to_string()],
            vec!["Formalism!".to_string(), "12".to_string()],
        ];
        let lines = columns(&rows, &[Align::Left, Align::Right], "");
        assert_eq!(lines[0], "形式主义     3");
        assert_eq!(lines[1], "Formalism!  12");
    }

    #[test]
    fn markdown_escaping_keeps_user_text_literal() {
        assert_eq!(md_inline("a*b* | [x](y)\nz"), r"a\*b\* \| \[x\](y)<br>z");
    }
}
