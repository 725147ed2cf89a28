//! The unit summary as plain text: the counts, the items ranked by how many flagged them (with who and
//! a few notes), then the overdue measures person by person.

use super::model::{NOTES_SHOWN, Unit};
use crate::i18n::Lang;
use crate::messages::unit as m;

/// Lines shared by the text report and the TUI: the heading and the counts.
pub fn count_lines(u: &Unit, lang: Lang) -> Vec<String> {
    let mut out = vec![m::TITLE.fmt(lang, &[("title", &u.title.get(lang))])];
    if let Some(l) = &u.label {
        out.push(m::LABEL_LINE.fmt(lang, &[("label", l)]));
    }
    if let Some(unit) = &u.unit {
        out.push(m::UNIT_LINE.fmt(lang, &[("unit", unit)]));
    }
    out.push(counts(u, lang));
    if !u.missing.is_empty() {
        out.push(m::MISSING.fmt(lang, &[("names", &u.missing.join(m::NAME_SEP.get(lang)))]));
    }
    if !u.not_on_roster.is_empty() {
        out.push(m::NOT_ON_ROSTER.fmt(lang, &[("names", &names_of(u, &u.not_on_roster, lang))]));
    }
    out
}

/// "14 on the roster, 12 handed in, 2 missing." or "12 handed in." With a roster, "handed in"
/// counts the roster's people who did (so the three add up); anyone else is named apart.
pub fn counts(u: &Unit, lang: Lang) -> String {
    match u.roster_size {
        Some(roster) => m::COUNTS_ROSTER.fmt(
            lang,
            &[
                ("roster", &roster),
                ("n", &roster.saturating_sub(u.missing.len())),
                ("missing", &u.missing.len()),
            ],
        ),
        None => m::COUNTS.fmt(lang, &[("n", &u.respondents.len())]),
    }
}

/// Between two sentences of one paragraph: nothing after a Chinese full stop, a space after an
/// English one. (Not a catalog message: the catalogs hold text, and this is no text in Chinese.)
pub fn sentence_sep(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => " ",
    }
}

/// Names of `who` (indices into the respondents), joined.
pub fn names_of(u: &Unit, who: &[usize], lang: Lang) -> String {
    who.iter()
        .filter_map(|&i| u.names.get(i))
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(m::NAME_SEP.get(lang))
}

pub fn render_text(u: &Unit, lang: Lang) -> String {
    let mut out = count_lines(u, lang);
    out.push(String::new());
    out.push(m::RANKED.get(lang).to_string());
    let flagged: Vec<_> = u.flagged_items().collect();
    if flagged.is_empty() {
        out.push(format!("  {}", m::NONE_FLAGGED.get(lang)));
    }
    for (rank, item) in flagged.iter().enumerate() {
        out.push(format!(
            "{:>3}. {} {}  [{}]",
            rank + 1,
            item.id,
            one_line(item.text.get(lang)),
            m::ITEM_LINE.fmt(lang, &[("n", &item.flagged)])
        ));
        out.push(format!("     {}", names_of(u, &item.who, lang)));
        let notes: Vec<_> = u.notes(item).collect();
        for (who, note) in notes.iter().take(NOTES_SHOWN) {
            let who = u.names.get(*who).map_or("", String::as_str);
            out.push(format!(
                "     - {}",
                m::NOTE.fmt(lang, &[("who", &who), ("note", &one_line(note))])
            ));
        }
        if notes.len() > NOTES_SHOWN {
            out.push(format!(
                "     {}",
                m::MORE_NOTES.fmt(lang, &[("n", &(notes.len() - NOTES_SHOWN))])
            ));
        }
    }
    let rest = u.items.len() - flagged.len();
    if rest > 0 && !flagged.is_empty() {
        out.push(format!("  {}", m::NOT_FLAGGED.fmt(lang, &[("n", &rest)])));
    }
    out.push(String::new());
    out.push(m::OVERDUE.get(lang).to_string());
    if u.overdue_count() == 0 {
        out.push(format!("  {}", m::NO_OVERDUE.get(lang)));
    }
    for (i, member) in u.respondents.iter().enumerate() {
        if member.overdue.is_empty() {
            continue;
        }
        let name = match &member.respondent.unit {
            Some(unit) if !u.names[i].contains(unit.as_str()) => match lang {
                Lang::Zh => format!("{}（{unit}）", u.names[i]),
                Lang::En => format!("{} ({unit})", u.names[i]),
            },
            _ => u.names[i].clone(),
        };
        out.push(format!("  {name}  [{}]", member.session));
        for o in &member.overdue {
            out.push(format!("    - {}", overdue_line(o, lang)));
        }
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

pub fn overdue_line(o: &super::model::Overdue, lang: Lang) -> String {
    let owner = o
        .owner
        .as_deref()
        .map(|w| m::OWNER.fmt(lang, &[("owner", &w)]))
        .unwrap_or_default();
    m::OVERDUE_LINE.fmt(
        lang,
        &[
            ("item", &o.item),
            ("text", &one_line(&o.text)),
            ("due", &o.due),
            ("owner", &owner),
        ],
    )
}

/// User text on one line: newlines and runs of blanks become one space; long text is cut with "…".
pub fn one_line(text: &str) -> String {
    const MAX_CHARS: usize = 120;
    let joined = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if joined.chars().count() > MAX_CHARS {
        let mut cut: String = joined.chars().take(MAX_CHARS).collect();
        cut.push('…');
        cut
    } else {
        joined
    }
}
