//! Arguments in, exit code out: 0 ok, 1 error (message on stderr), 2 usage.

use std::process::ExitCode;

fn main() -> ExitCode {
    grow_heaps_in_larger_steps();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    // The settings file and the language come first, so that even `--help` speaks the chosen language.
    let (config, config_error) = zicha::config::Config::load();
    let lang = zicha::i18n::Lang::from_env(zicha::cli::lang_flag(&args), config.language);
    // A ZICHA_LANG zicha does not speak is said once, not ignored without a word.
    if let Some(v) = std::env::var("ZICHA_LANG")
        .ok()
        .filter(|v| !v.trim().is_empty())
        && zicha::i18n::Lang::parse(&v).is_none()
    {
        zicha::commands::eprint(&format!(
            "zicha: {}",
            zicha::messages::cli::BAD_ZICHA_LANG.fmt(lang, &[("value", &v)])
        ));
    }
    let cli = match zicha::cli::parse_from(args, lang) {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version itself (exit 0) and usage errors (exit 2), which are
            // said in Chinese when that is the language.
            match zicha::cli::usage_error(&e, lang).filter(|_| e.use_stderr()) {
                Some(text) => zicha::commands::eprint(text.trim_end()),
                None => {
                    let _ = e.print();
                }
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match zicha::commands::run(cli, lang, config, config_error) {
        Ok(code) => code,
        Err(e) => {
            zicha::commands::eprint(&format!("zicha: {}", e.render(lang)));
            ExitCode::from(1)
        }
    }
}

/// glibc grows the heap of a thread other than the main one by just what each allocation needs:
/// decoding the summary index on its own thread (the home screen's first frame) made 147
/// `mprotect` calls for 1,000 sessions, about a tenth of the frame (issue 16). Asking it to grow
/// any heap by at least 1 MiB at a time makes that 9 calls. Only address space is reserved; pages
/// are still touched, and counted, only when used.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn grow_heaps_in_larger_steps() {
    // <malloc.h>: `int mallopt(int param, int value)`, `#define M_TOP_PAD -2`.
    unsafe extern "C" {
        fn mallopt(param: std::ffi::c_int, value: std::ffi::c_int) -> std::ffi::c_int;
    }
    const M_TOP_PAD: std::ffi::c_int = -2;
    // SAFETY: mallopt only sets an allocator parameter; it is called before any other thread
    // exists, and a refusal (return 0) only leaves the default in place.
    unsafe {
        mallopt(M_TOP_PAD, 1 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn grow_heaps_in_larger_steps() {}
