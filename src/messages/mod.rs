//! The message catalogs, one per area of the program, each declared with [`crate::catalog!`].
//! Every catalog is listed in [`CATALOGS`] so that a test checks its translations.

pub mod cli;
pub mod compare;
pub mod errors;
pub mod export;
pub mod from_text;
pub mod help;
pub mod home;
pub mod tui;
pub mod unit;

/// Every catalog in the program. A new catalog must be added here, or its messages go untested.
pub const CATALOGS: &[(&str, &[&crate::i18n::Msg])] = &[
    ("cli", cli::ALL),
    ("errors", errors::ALL),
    ("tui", tui::ALL),
    ("export", export::ALL),
    ("compare", compare::ALL),
    ("help", help::ALL),
    ("home", home::ALL),
    ("from_text", from_text::ALL),
    ("unit", unit::ALL),
];

#[cfg(test)]
mod tests {
    /// zicha's own Chinese text uses Chinese punctuation: no ambiguous-width “ ” (「」 or 《》 instead),
    /// and no ASCII comma, colon or semicolon right after a Chinese character.
    #[test]
    fn chinese_messages_use_chinese_punctuation() {
        let mut bad = Vec::new();
        for (catalog, msgs) in super::CATALOGS {
            for m in *msgs {
                let chars: Vec<char> = m.zh.chars().collect();
                let quote = m.zh.contains(['\u{201c}', '\u{201d}']);
                let han = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
                let ascii_after_han = chars
                    .windows(2)
                    .any(|w| han(w[0]) && matches!(w[1], ',' | ':' | ';' | '(' | ')'));
                // Next to a placeholder too: "{a}({b})" and "{x}:{y}" read as Chinese once
                // filled in. A position ("{path}:{line}:{col}", "{path}:1") keeps its colons.
                let text: String = chars.iter().collect();
                let placeholder_punct = m.zh.chars().any(han)
                    && (text.contains("}(")
                        || text.contains(")}")
                        || text.contains("})")
                        || text.contains("},")
                        || text.contains("};")
                        || text.match_indices("}:").any(|(i, _)| {
                            !text[i + 2..]
                                .starts_with(['{', '1', '2', '3', '4', '5', '6', '7', '8', '9'])
                                || text[i + 2..].starts_with("{what")
                                || text[i + 2..].starts_with("{reason")
                        }));
                if quote || ascii_after_han || placeholder_punct {
                    bad.push(format!("{catalog}::{}: {}", m.id, m.zh));
                }
            }
        }
        assert!(bad.is_empty(), "{}", bad.join("\n"));
    }
}
