//! Arguments in, exit code out: 0 ok, 1 error (message on stderr), 2 usage.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = match zicha::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version itself (exit 0) and usage errors (exit 2).
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let lang = zicha::i18n::Lang::from_env(cli.lang);
    match zicha::commands::run(cli, lang) {
        Ok(code) => code,
        Err(e) => {
            zicha::commands::eprint(&format!("zicha: {}", e.render(lang)));
            ExitCode::from(1)
        }
    }
}
