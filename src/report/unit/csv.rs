//! The unit summary as CSV: one flat row per respondent × item, the shape Excel, pandas or DuckDB read
//! at any scale. UTF-8 with a BOM, CRLF, formula-looking fields guarded as in the ledger export.

use super::model::Unit;
use crate::error::{Encoded, Error, Result};
use crate::i18n::Lang;
use crate::messages::unit as m;
use crate::report::export::csv::guard;
use crate::session::Rating;

pub fn render_csv(u: &Unit, lang: Lang) -> Result<Vec<u8>> {
    let mut out = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer("\u{feff}".as_bytes().to_vec());
    let columns = [
        &m::CSV_RESPONDENT,
        &m::CSV_UNIT,
        &m::CSV_SESSION,
        &m::CSV_ITEM_ID,
        &m::CSV_ITEM,
        &m::CSV_GROUP,
        &m::CSV_RATING,
        &m::CSV_RATING_LABEL,
        &m::CSV_MANIFESTATION,
        &m::CSV_OPEN_ACTIONS,
    ];
    out.write_record(columns.iter().map(|c| c.get(lang)))
        .map_err(csv_error)?;
    for member in &u.respondents {
        let form = &member.form;
        let ids = form.groups.iter().flat_map(|g| {
            g.items
                .iter()
                .map(move |(id, text)| (id, text, g.title.get(lang)))
        });
        for ((id, text, group), a) in ids.zip(&member.answers) {
            let (rating, label) = match a.rating {
                Rating::Value(v) => (
                    v.to_string(),
                    form.level_label(v)
                        .map(|t| t.get(lang).to_string())
                        .unwrap_or_default(),
                ),
                Rating::NotApplicable => ("na".to_string(), m::NA.get(lang).to_string()),
                Rating::Unrated => (String::new(), String::new()),
            };
            let fields = [
                member.respondent.name.clone().unwrap_or_default(),
                member.respondent.unit.clone().unwrap_or_default(),
                member.session.clone(),
                id.clone(),
                text.get(lang).to_string(),
                group.to_string(),
                rating,
                label,
                a.manifestation.clone(),
                a.open_actions.join("\n"),
            ];
            out.write_record(fields.iter().map(|f| guard(f).into_owned()))
                .map_err(csv_error)?;
        }
    }
    out.into_inner().map_err(|e| Error::Encode {
        what: Encoded::Csv,
        reason: e.error().to_string(),
    })
}

fn csv_error(e: csv::Error) -> Error {
    Error::Encode {
        what: Encoded::Csv,
        reason: e.to_string(),
    }
}
