//! The self-review (对照检查材料) as a Word document: the [`super::model::Review`] handed to the
//! shared GB/T 9704 writer ([`crate::report::word`]), its appendix after the 落款 on a page of its own.

use chrono::NaiveDate;

use super::model::{Review, SectionKind, review_with};
use crate::error::Result;
use crate::i18n::Lang;
use crate::report::word::{self, Closing, Document, Section};
use crate::session::Session;

/// The self-review of `session` as of `date`, in `lang`, as the bytes of a .docx file.
pub fn docx(session: &Session, lang: Lang, date: NaiveDate) -> Result<Vec<u8>> {
    docx_with(session, None, lang, date)
}

/// [`docx`] for a session carried forward from `previous`: it opens with last time's measures.
pub fn docx_with(
    session: &Session,
    previous: Option<&Session>,
    lang: Lang,
    date: NaiveDate,
) -> Result<Vec<u8>> {
    word::docx(&document(review_with(session, previous, lang, date)), lang)
}

fn document(review: Review) -> Document {
    let mut body = Vec::new();
    let mut appendices = Vec::new();
    for s in review.sections {
        let section = Section {
            heading: s.heading,
            blocks: s.blocks,
        };
        if s.kind == SectionKind::Appendix {
            appendices.push(section);
        } else {
            body.push(section);
        }
    }
    Document {
        title: review.title,
        author: review.name.clone(),
        meta: review.meta,
        notice: review.unrated,
        body,
        closing: Closing {
            signature: true,
            lines: [review.name, review.unit].into_iter().flatten().collect(),
        },
        appendices,
        date: review.date,
    }
}
