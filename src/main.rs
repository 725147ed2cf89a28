//! Arguments in, exit code out: 0 ok, 1 error (message on stderr), 2 usage.

use std::process::ExitCode;

fn main() -> ExitCode {
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
