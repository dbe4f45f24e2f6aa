//! `e` in the real binary against the contract server: after `s` sorts by another column,
//! the file holds exactly the people on screen, in the screen's order (read page by page),
//! with the view's filters and sort on its `#` line, and is private (0600).

mod common;

use std::time::Duration;

use common::pty::Pty;

const WAIT: Duration = Duration::from_secs(15);

/// The users table on a screen: (email, total, active days) per row, top to bottom.
fn table_rows(screen: &str) -> Vec<(String, u64, u32)> {
    let lines: Vec<&str> = screen.lines().collect();
    let Some(head) = lines.iter().position(|l| l.contains("Users (")) else {
        return Vec::new();
    };
    // In characters: the filter pane's borders are several bytes each.
    let h = lines[head];
    let col = h
        .char_indices()
        .position(|(i, _)| h[i..].starts_with("Users ("))
        .unwrap_or(0);
    lines[head + 1..]
        .iter()
        .map(|l| l.chars().skip(col).collect::<String>())
        .map_while(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (f.len() >= 5 && f[0].contains('@')).then(|| {
                (
                    f[0].to_string(),
                    f[1].replace(',', "").parse().unwrap(),
                    // At 120 columns: email, total, days (Share drops first).
                    f[2].parse().unwrap(),
                )
            })
        })
        .collect()
}

#[test]
fn e_writes_the_rows_on_screen_in_their_order() {
    let demo = common::demo_now(21, 45, 60);
    let home = tempfile::tempdir().unwrap();
    let env = common::pty_env(home.path(), &demo.server, &[("NO_COLOR", "1")]);
    let mut pty = Pty::spawn(&["--last", "30d"], &env, home.path(), 120, 30);
    pty.wait_for("Active users", WAIT)
        .unwrap_or_else(|s| panic!("no table:\n{s}"));
    // Total, then active days (share is Total's order, so `s` skips it): an order that is
    // not the export's own.
    pty.send(b"s");
    let s = pty
        .wait_for("↓Days", WAIT)
        .unwrap_or_else(|s| panic!("not sorted by days:\n{s}"));
    let count: usize = s
        .split("Users (")
        .nth(1)
        .and_then(|t| t.split(')').next())
        .and_then(|n| n.replace(',', "").parse().ok())
        .expect("a user count");
    // The screen's order, page by page (pages overlap at their ends).
    let mut shown: Vec<(String, u64, u32)> = Vec::new();
    for _ in 0..count {
        let page = table_rows(&pty.settled(WAIT));
        assert!(!page.is_empty(), "{}", pty.screen());
        let start = shown
            .iter()
            .position(|r| *r == page[0])
            .unwrap_or(shown.len());
        shown.truncate(start);
        shown.extend(page);
        if shown.len() >= count {
            break;
        }
        let before = pty.screen();
        pty.send(b"\x1b[6~"); // PgDn
        pty.wait_until(|s| s != before, WAIT).unwrap();
    }
    assert_eq!(shown.len(), count, "every person read off the screen");
    // Dormant people (0 now) are on screen, so they are in the file too.
    assert!(
        shown.iter().any(|r| r.1 == 0),
        "the view has a dormant person"
    );

    pty.send(b"e");
    let s = pty
        .wait_for("wrote ", WAIT)
        .unwrap_or_else(|s| panic!("no export note:\n{s}"));
    assert!(s.contains(&format!(".csv: {count} people")), "{s}");
    let files: Vec<_> = std::fs::read_dir(home.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "csv"))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    // Written in the folder the dashboard runs in: named from it, `./` saying where
    // (a bare name did not), short enough that 80 columns hold the name.
    let name = files[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(s.contains(&format!("wrote ./{name}: ")), "{s}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let text = std::fs::read_to_string(&files[0]).unwrap();
    // The header is the first line (a comment above it was read as the header).
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some(
            "user_id,user_email,prompt_count,active_days,first_date,last_date,previous_prompt_count,change,change_pct,status"
        )
    );
    let in_file: Vec<(String, u64, u32)> = lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                f[1].to_string(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        in_file, shown,
        "the file's rows are the screen's, in its order"
    );
    assert!(
        in_file.windows(2).any(|w| w[0].1 < w[1].1),
        "an order other than by total (the export's own)"
    );
    pty.send(b"q");
    assert_eq!(pty.wait_exit(WAIT), Some(0));
}
