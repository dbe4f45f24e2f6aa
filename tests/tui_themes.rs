//! Themes on the real binary: in a pty against the contract server, `NO_COLOR` sets no
//! colour at all; `auto` on a terminal that never answers starts within its bound in the
//! dark theme, and on a white terminal that answers picks the light one, leaving nothing of
//! the answer on screen. A bad `theme` or `[colors]` stops at start with one line, exit 3.

mod common;

use std::time::{Duration, Instant};

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(20);
const QUERY: &[u8] = b"\x1b]11;?";

/// Every colour the output sets, as its SGR parameters (`38;5;6`, `31`...). Going back to
/// the terminal's default (39, 49, 59) sets no colour.
fn colours_set(raw: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(raw);
    let mut out = Vec::new();
    for seq in s.split("\x1b[").skip(1) {
        let end = seq
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(seq.len());
        if !seq[end..].starts_with('m') {
            continue;
        }
        let params: Vec<&str> = seq[..end].split(';').collect();
        let mut k = 0;
        while k < params.len() {
            match params[k].parse::<u32>().unwrap_or(0) {
                38 | 48 | 58 => {
                    let n = if params.get(k + 1) == Some(&"5") {
                        3
                    } else {
                        5
                    };
                    out.push(params[k..(k + n).min(params.len())].join(";"));
                    k += n;
                    continue;
                }
                n @ (30..=37 | 40..=47 | 90..=97 | 100..=107) => out.push(n.to_string()),
                _ => {}
            }
            k += 1;
        }
    }
    out
}

/// Every SGR parameter that names a colour or the default colour (30-49, 58-59, 90-107).
fn colour_codes(raw: &[u8]) -> Vec<String> {
    let s = String::from_utf8_lossy(raw);
    let mut out = Vec::new();
    for seq in s.split("\x1b[").skip(1) {
        let end = seq
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(seq.len());
        if seq[end..].starts_with('m') {
            out.extend(
                seq[..end]
                    .split(';')
                    .filter(|p| {
                        matches!(
                            p.parse::<u32>(),
                            Ok(30..=49 | 58 | 59 | 90..=97 | 100..=107)
                        )
                    })
                    .map(str::to_string),
            );
        }
    }
    out
}

#[test]
fn the_colour_parser_sees_colours_and_not_resets() {
    let raw = b"\x1b[1m\x1b[38;5;6;49mA\x1b[31mB\x1b[39m\x1b[49m\x1b[0m\x1b[?1049h\x1b[48;2;1;2;3m";
    assert_eq!(colours_set(raw), ["38;5;6", "31", "48;2;1;2;3"]);
    assert_eq!(colour_codes(raw), ["38", "49", "31", "39", "49", "48"]);
    assert_eq!(
        colour_codes(b"\x1b[1m\x1b[30;1H\x1b[m\x1b[7;4m"),
        Vec::<String>::new()
    );
}

fn spawn(
    home: &std::path::Path,
    demo: &common::Demo,
    args: &[&str],
    extra: &[(&str, &str)],
    answer: Option<(&'static [u8], &'static [u8])>,
) -> Pty {
    let env = common::pty_env(home, &demo.server, extra);
    Pty::spawn_answering(args, &env, home, 100, 30, answer)
}

fn config(home: &std::path::Path, text: &str) -> String {
    let p = home.join("themes.toml");
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

#[test]
fn no_color_sets_no_colour_on_any_screen() {
    let demo = common::demo_now(11, 30, 60);
    let home = tempfile::tempdir().unwrap();
    // The file asks for light with colours: NO_COLOR wins.
    let cfg = config(
        home.path(),
        "theme = \"light\"\n[colors]\naccent = \"red\"\n",
    );
    let mut pty = spawn(
        home.path(),
        &demo,
        &["--config", &cfg],
        &[("NO_COLOR", "1")],
        None,
    );
    pty.wait_for("Active users", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    for (keys, shows) in [
        (&b"\r"[..], "Esc back"),
        (b"?", "Keys ("),
        (b"\x1b", "Esc back"),
        (b"\x1b", "q quit"),
        (b"\t", "q quit"),
        (b"p", "[x]"),
        (b"\x1b", "q quit"),
    ] {
        pty.send(keys);
        pty.wait_for(shows, WAIT).unwrap_or_else(|s| panic!("{s}"));
    }
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    let raw = pty.raw();
    assert_eq!(colour_codes(&raw), Vec::<String>::new());
    // The selection still shows: reverse video.
    assert!(String::from_utf8_lossy(&raw).contains("\x1b[7m"));
    // Mono asks the terminal nothing.
    assert!(!raw.windows(QUERY.len()).any(|w| w == QUERY));
}

/// `theme = "mono"` without `NO_COLOR`: no colour code either, not even a reset to the
/// default colour.
#[test]
fn mono_writes_no_colour_code_at_all() {
    let demo = common::demo_now(16, 30, 60);
    let home = tempfile::tempdir().unwrap();
    let cfg = config(home.path(), "theme = \"mono\"\n");
    let mut pty = spawn(home.path(), &demo, &["--config", &cfg], &[], None);
    pty.wait_for("Active users", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"\r");
    pty.wait_for("Esc back", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    pty.send(b"\x1b");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    let raw = pty.raw();
    assert_eq!(colour_codes(&raw), Vec::<String>::new());
    assert!(String::from_utf8_lossy(&raw).contains("\x1b[7m"));
    assert!(!raw.windows(QUERY.len()).any(|w| w == QUERY));
}

#[test]
fn auto_on_a_silent_terminal_starts_dark_within_its_bound() {
    let demo = common::demo_now(12, 30, 60);
    let home = tempfile::tempdir().unwrap();
    let mut pty = spawn(home.path(), &demo, &[], &[], None);
    // The pty's emulator answers no query: the dashboard waits its bound, then draws.
    let start = Instant::now();
    while !pty.raw().windows(QUERY.len()).any(|w| w == QUERY) {
        assert!(start.elapsed() < WAIT, "no background query");
        std::thread::sleep(Duration::from_millis(5));
    }
    let asked = Instant::now();
    assert!(pty.wait_raw("\x1b[?1049h", WAIT), "never took the screen");
    let waited = asked.elapsed();
    assert!(
        waited < Duration::from_millis(1500),
        "{waited:?} before the first frame"
    );
    let s = pty
        .wait_for("Active users", WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(!s.contains("11;"), "the query shows on screen:\n{s}");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    let colours = colours_set(&pty.raw());
    // Dark: cyan titles (crossterm writes the 16 colours as 38;5;N).
    assert!(colours.iter().any(|c| c == "38;5;6"), "{colours:?}");
    assert!(!colours.iter().any(|c| c == "38;5;4"), "{colours:?}");
}

#[test]
fn auto_on_a_white_terminal_is_light_and_leaves_no_answer_behind() {
    let demo = common::demo_now(13, 30, 60);
    let home = tempfile::tempdir().unwrap();
    // White background, then the device attributes the query is followed by.
    let answer: &[u8] = b"\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?62;22c";
    let mut pty = spawn(home.path(), &demo, &[], &[], Some((QUERY, answer)));
    // The footer too: a screen read mid-frame can hold the figures and not yet it.
    let s = pty
        .wait_until(|s| s.contains("Active users") && s.contains("q quit"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(!s.contains("rgb") && !s.contains("62;22"), "{s}");
    // The answer was not read as keys: the main screen, nothing typed, nothing refreshed.
    assert!(s.contains("q quit") && !s.contains("refresh"), "{s}");
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
    let colours = colours_set(&pty.raw());
    assert!(colours.iter().any(|c| c == "38;5;4"), "{colours:?}");
    // No yellow or cyan text, dim or bright, on white.
    for bad in [
        "38;5;3", "38;5;6", "38;5;11", "38;5;14", "33", "36", "93", "96",
    ] {
        assert!(!colours.iter().any(|c| c == bad), "{bad} in {colours:?}");
    }
}

#[test]
fn a_bad_theme_or_colour_stops_with_one_line_and_exit_3() {
    let demo = common::demo(14, 5, 10);
    let home = tempfile::tempdir().unwrap();
    for (text, names) in [
        ("theme = \"solarized\"\n", "'solarized'"),
        ("[colors]\nmuted = \"red\"\n", "'muted'"),
        ("[colors]\naccent = \"purple\"\n", "purple"),
        ("[colors]\nbars = 300\n", "300"),
    ] {
        let cfg = config(home.path(), text);
        // `config show`, and the dashboard (checked before it asks for a terminal).
        for args in [&["config", "show"][..], &[]] {
            let out = common::binary(home.path(), &demo.server)
                .args(["--config", &cfg])
                .args(args)
                .output()
                .unwrap();
            let err = String::from_utf8_lossy(&out.stderr);
            assert_eq!(out.status.code(), Some(3), "{args:?} {text}: {err}");
            assert_eq!(err.trim_end().lines().count(), 1, "{err}");
            assert!(err.contains(names), "{err}");
        }
    }
}

#[test]
fn config_show_prints_the_theme_and_the_overrides() {
    let demo = common::demo(15, 5, 10);
    let home = tempfile::tempdir().unwrap();
    let cfg = config(
        home.path(),
        "theme = \"dark\"\n[colors]\naccent = \"#ff8000\"\nselected = 24\n",
    );
    let show = |args: &[&str], env: Option<(&str, &str)>| {
        let mut c = common::binary(home.path(), &demo.server);
        c.args(["--config", &cfg])
            .args(args)
            .args(["config", "show"]);
        if let Some((k, v)) = env {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let s = show(&[], None);
    assert!(s.contains("theme           dark"), "{s}");
    assert!(s.contains("colors.accent   #ff8000"), "{s}");
    assert!(s.contains("colors.selected 24"), "{s}");
    let s = show(&["--theme", "auto"], None);
    assert!(
        s.contains("auto (the terminal's; else dark)") && s.contains("from --theme"),
        "{s}"
    );
    let s = show(&[], Some(("NO_COLOR", "1")));
    assert!(
        s.contains("mono") && s.contains("from NO_COLOR (over ") && s.contains("themes.toml)"),
        "{s}"
    );
    assert!(s.contains("#ff8000 (ignored: mono)"), "{s}");
}
