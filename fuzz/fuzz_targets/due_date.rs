#![no_main]
//! The due-date parser on arbitrary text and any "today".
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: (&str, i32)| {
    let (text, day) = input;
    if let Some(today) = chrono::NaiveDate::from_num_days_from_ce_opt(day) {
        let _ = zicha::dates::parse_due(text, today);
    }
});
