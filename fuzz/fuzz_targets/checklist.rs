#![no_main]
//! The checklist loader on arbitrary bytes: it may reject, never panic, and every problem renders.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(problems) = zicha::checklist::parse("fuzz.ron", data) {
        assert!(!problems.is_empty());
        for p in problems {
            let _ = p.render(zicha::i18n::Lang::Zh);
        }
    }
});
