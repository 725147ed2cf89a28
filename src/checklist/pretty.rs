//! A checklist as RON a person can read and edit: the layout of the bundled files (one line per
//! item, level, source and cause prompt), with comment lines on top.
//!
//! ron's own pretty printer puts every field on a line of its own and cannot write comments; this
//! writes the structure by hand. A property test reads every output back through the loader.

use std::fmt::Write;

use super::model::{Checklist, Text};

/// The checklist as RON text, `comments` first (each as one `//` line; line breaks in them are spaces).
pub fn to_ron(c: &Checklist, comments: &[String]) -> String {
    let mut out = String::new();
    for line in comments {
        let line: String = line
            .chars()
            .map(|ch| if ch.is_control() { ' ' } else { ch })
            .collect();
        let _ = writeln!(out, "// {line}");
    }
    out.push_str("(\n");
    let _ = writeln!(out, "    id: {},", string(&c.id));
    let _ = writeln!(out, "    version: {},", c.version);
    let _ = writeln!(out, "    title: {},", text(&c.title));
    if let Some(d) = &c.description {
        let _ = writeln!(out, "    description: {},", text(d));
    }
    let _ = writeln!(out, "    source: {},", text(&c.source));
    out.push_str("    scale: [\n");
    for l in &c.scale {
        let _ = write!(
            out,
            "        (value: {}, label: {}",
            l.value,
            text(&l.label)
        );
        if let Some(d) = &l.description {
            let _ = write!(out, ", description: {}", text(d));
        }
        out.push_str("),\n");
    }
    out.push_str("    ],\n    sources: [\n");
    for s in &c.sources {
        let _ = writeln!(
            out,
            "        (id: {}, label: {}),",
            string(&s.id),
            text(&s.label)
        );
    }
    out.push_str("    ],\n    causes: [\n");
    for p in &c.causes {
        let _ = writeln!(
            out,
            "        (id: {}, prompt: {}),",
            string(&p.id),
            text(&p.prompt)
        );
    }
    out.push_str("    ],\n    groups: [\n");
    for g in &c.groups {
        out.push_str("        (\n");
        let _ = writeln!(out, "            id: {},", string(&g.id));
        let _ = writeln!(out, "            title: {},", text(&g.title));
        out.push_str("            items: [\n");
        for i in &g.items {
            let _ = write!(
                out,
                "                (id: {}, text: {}",
                string(&i.id),
                text(&i.text)
            );
            if let Some(h) = &i.hint {
                let _ = write!(out, ", hint: {}", text(h));
            }
            out.push_str("),\n");
        }
        out.push_str("            ],\n        ),\n");
    }
    out.push_str("    ],\n)\n");
    out
}

/// A plain string when both languages agree, else `(zh: "…", en: "…")`, as in the bundled files.
fn text(t: &Text) -> String {
    if t.zh == t.en {
        string(&t.zh)
    } else {
        format!("(zh: {}, en: {})", string(&t.zh), string(&t.en))
    }
}

/// A RON string literal that keeps Chinese, curly quotes and apostrophes as they are and escapes
/// only what must be: `"`, `\\` and control characters (ron's own printer also escapes `'`).
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_checklists_survive_the_round_trip() {
        for (name, parsed) in super::super::bundled::all() {
            let c = parsed.unwrap_or_else(|p| panic!("{name}: {p:?}"));
            let text = to_ron(&c, &["a comment\nwith a break".to_string()]);
            let back = super::super::parse(name, text.as_bytes())
                .unwrap_or_else(|p| panic!("{name}: {p:?}\n{text}"));
            assert_eq!(back, c, "{name}");
        }
    }

    #[test]
    fn strings_keep_chinese_and_escape_what_ron_needs() {
        assert_eq!(string("“四风”"), "\"“四风”\"");
        assert_eq!(string("a \"b\" \\ c\nd"), "\"a \\\"b\\\" \\\\ c\\nd\"");
        assert_eq!(string("it's\u{7}"), "\"it's\\u{7}\"");
    }
}
