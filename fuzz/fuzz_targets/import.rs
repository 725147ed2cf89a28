#![no_main]
//! The import path (RON or JSON) on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Err(e) = zicha::session::store::parse_any(std::path::Path::new("import.json"), data) {
        let _ = e.render(zicha::i18n::Lang::En);
    }
});
