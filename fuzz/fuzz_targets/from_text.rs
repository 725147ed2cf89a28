#![no_main]
//! A circular's text on arbitrary bytes: reading never panics, and whatever is read is written as
//! RON that the checklist loader accepts and reads back equal.
use libfuzzer_sys::fuzz_target;
use zicha::checklist::from_text::{self, Options, Origin};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = from_text::decode("fuzz.txt", data) else {
        return;
    };
    let outline = from_text::parse(&text, false);
    for w in &outline.warnings {
        let _ = w.render(zicha::i18n::Lang::Zh);
    }
    let Some(like) = zicha::checklist::bundled::all()
        .into_iter()
        .find_map(|(_, c)| c.ok())
    else {
        return;
    };
    let opts = Options {
        id: "fuzz".into(),
        title: None,
        like: &like,
        origin: Origin::Pasted,
        date: chrono::NaiveDate::MIN,
    };
    if let Some(c) = from_text::to_checklist(&outline, &opts) {
        let ron = zicha::checklist::pretty::to_ron(&c, &[]);
        let back = zicha::checklist::parse("fuzz.ron", ron.as_bytes());
        assert_eq!(back.ok().as_ref(), Some(&c));
    }
});
