//! An honest first-frame timer (issue 16): runs each command in a pseudo-terminal this program owns
//! and times it from spawn until the pty has delivered the child's last byte and the child has been
//! reaped. `zicha --bench-first-frame` draws the first complete frame into the pty and exits, so its
//! time is spawn to first frame; `zicha --version` is timed the same way, so their ratio compares
//! like with like (no `script`, no shell, no `stty`: nothing else in the measured span).
//!
//! Usage: first_frame RUNS -- [NAME=VALUE...] CMD ARGS... [-- ...]   (the environment passes through)
//! Prints one line per command: median, min, max in ms.

use std::io::Read;
use std::time::Instant;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

fn time_once(cmd: &[String]) -> Result<f64, String> {
    let pty = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut reader = pty.master.try_clone_reader().map_err(|e| e.to_string())?;
    // Leading NAME=VALUE words set the child's environment (no `env` process in the timed span).
    let vars = cmd.iter().take_while(|a| a.contains('=')).count();
    let Some(program) = cmd.get(vars) else {
        return Err(format!("no command in {cmd:?}"));
    };
    let mut builder = CommandBuilder::new(program);
    builder.args(&cmd[vars + 1..]);
    for v in &cmd[..vars] {
        if let Some((k, val)) = v.split_once('=') {
            builder.env(k, val);
        }
    }
    if let Ok(cwd) = std::env::current_dir() {
        builder.cwd(cwd);
    }
    let start = Instant::now();
    let mut child = pty
        .slave
        .spawn_command(builder)
        .map_err(|e| e.to_string())?;
    drop(pty.slave);
    let drain = std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        let mut n = 0;
        while let Ok(k) = reader.read(&mut buf) {
            if k == 0 {
                break;
            }
            n += k;
        }
        n
    });
    let status = child.wait().map_err(|e| e.to_string())?;
    let elapsed = start.elapsed().as_secs_f64() * 1000.0;
    drop(pty.master);
    let _ = drain.join();
    if !status.success() {
        return Err(format!("{cmd:?} failed: {status:?}"));
    }
    Ok(elapsed)
}

fn main() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let runs: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .ok_or("usage: first_frame RUNS -- CMD ARGS... [-- CMD ARGS...]")?;
    let cmds: Vec<Vec<String>> = args[1..]
        .split(|a| a == "--")
        .filter(|c| !c.is_empty())
        .map(<[String]>::to_vec)
        .collect();
    // Interleaved, so that a burst of load on the machine hits every command alike.
    let mut times = vec![Vec::with_capacity(runs); cmds.len()];
    for _ in 0..3 {
        for c in &cmds {
            time_once(c)?;
        }
    }
    for _ in 0..runs {
        for (c, t) in cmds.iter().zip(&mut times) {
            t.push(time_once(c)?);
        }
    }
    for (c, t) in cmds.iter().zip(&mut times) {
        t.sort_by(f64::total_cmp);
        println!(
            "{:8.2} {:8.2} {:8.2}  {}",
            t[t.len() / 2],
            t[0],
            t[t.len() - 1],
            c.join(" ")
        );
    }
    Ok(())
}
