#![no_main]
//! The session loader (what `zicha` reads from the data dir) on arbitrary bytes.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(loaded) = zicha::session::store::parse_session(std::path::Path::new("s.ron"), data) {
        // Whatever loads must save and load back to the same session.
        let text = zicha::session::store::to_ron(&loaded.session).expect("serialize");
        let again = zicha::session::store::parse_session(std::path::Path::new("s.ron"), text.as_bytes())
            .expect("a saved session loads");
        assert_eq!(again.session, loaded.session);
    }
});
