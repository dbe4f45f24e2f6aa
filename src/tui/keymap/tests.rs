//! The default table, remaps from `[keys]`, and the footer and help written from them.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;

const N: KeyModifiers = KeyModifiers::NONE;
const S: KeyModifiers = KeyModifiers::SHIFT;
const C: KeyModifiers = KeyModifiers::CONTROL;

fn ev(c: KeyCode, m: KeyModifiers) -> KeyEvent {
    KeyEvent::new(c, m)
}

fn config(text: &str) -> Result<Keymap, KeysError> {
    let table: toml::Table = toml::from_str(text).unwrap();
    Keymap::from_config(Some(&table))
}

fn remapped(text: &str) -> Keymap {
    config(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

#[test]
fn the_defaults_read_and_no_key_is_bound_twice_in_a_mode() {
    // `from_config` checks what `defaults` builds: the table itself passes the check.
    let map = Keymap::from_config(None).unwrap();
    for b in BINDINGS.iter().chain(FIXED) {
        assert!(!keys::parse_list(b.keys).unwrap().is_empty(), "{}", b.keys);
    }
    assert!(map.remapped().is_empty());
}

#[test]
fn vim_and_arrows_agree() {
    let map = Keymap::defaults();
    let at = |mode, c, m| map.lookup(mode, &ev(c, m));
    assert_eq!(at(Mode::Main, KeyCode::Char('j'), N), Some(Action::Down));
    assert_eq!(at(Mode::Main, KeyCode::Down, N), Some(Action::Down));
    assert_eq!(at(Mode::Main, KeyCode::Char('G'), S), Some(Action::Bottom));
    assert_eq!(at(Mode::Main, KeyCode::Char('c'), C), Some(Action::Quit));
    assert_eq!(at(Mode::Detail, KeyCode::Esc, N), Some(Action::Back));
    // Esc is "back" everywhere; on the main screen it clears a search (q quits).
    assert_eq!(at(Mode::Main, KeyCode::Esc, N), Some(Action::ClearSearch));
    assert_eq!(
        at(Mode::Picker, KeyCode::Char(' '), N),
        Some(Action::Toggle)
    );
    assert_eq!(at(Mode::Main, KeyCode::Char(' '), N), None);
    assert_eq!(at(Mode::Main, KeyCode::BackTab, S), Some(Action::FocusPrev));
    assert_eq!(at(Mode::Main, KeyCode::Char('?'), S), Some(Action::Help));
}

#[test]
fn every_action_has_its_own_name_and_each_name_reads_back() {
    let mut names: Vec<&str> = Vec::new();
    for b in BINDINGS {
        let name = b.action.name();
        assert!(
            name.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_'),
            "{name} is snake_case"
        );
        assert_eq!(Action::from_name(name), Some(b.action), "{name}");
        if !names.contains(&name) {
            names.push(name);
        }
    }
    // One name per action: as many names as distinct actions.
    let mut actions: Vec<Action> = BINDINGS.iter().map(|b| b.action).collect();
    actions.dedup();
    let distinct = actions
        .iter()
        .enumerate()
        .filter(|(i, a)| !actions[..*i].contains(a))
        .count();
    assert_eq!(names.len(), distinct);
    assert_eq!(Action::Preset(9).name(), "last_quarter");
    assert_eq!(Action::from_name("nope"), None);
}

#[test]
fn a_remap_replaces_the_default_keys_and_frees_them() {
    let map = remapped(
        r#"quit = "x"
origin_next = ["n", "Tab"]
focus_next = "F2""#,
    );
    let at = |mode, c| map.lookup(mode, &ev(c, N));
    assert_eq!(at(Mode::Main, KeyCode::Char('x')), Some(Action::Quit));
    assert_eq!(at(Mode::Main, KeyCode::Char('q')), None, "q is free");
    // Ctrl-C quits whatever the config says.
    assert_eq!(
        map.lookup(Mode::Main, &ev(KeyCode::Char('c'), C)),
        Some(Action::Quit)
    );
    // q in the detail is `back`, not `quit`: it stays.
    assert_eq!(at(Mode::Detail, KeyCode::Char('q')), Some(Action::Back));
    assert_eq!(at(Mode::Main, KeyCode::Char('n')), Some(Action::OriginNext));
    assert_eq!(at(Mode::Detail, KeyCode::Tab), Some(Action::OriginNext));
    assert_eq!(at(Mode::Main, KeyCode::Tab), Some(Action::OriginNext));
    assert_eq!(at(Mode::Main, KeyCode::Char('o')), None);
    assert_eq!(at(Mode::Main, KeyCode::F(2)), Some(Action::FocusNext));
    let shown: Vec<(&str, String)> = map
        .remapped()
        .iter()
        .map(|(a, k)| (a.name(), k.iter().map(|k| k.to_string()).collect()))
        .collect();
    assert!(shown.contains(&("quit", "x".into())), "{shown:?}");
    assert!(shown.contains(&("origin_next", "nTab".into())), "{shown:?}");
}

#[test]
fn an_empty_list_unbinds_but_not_quit_or_help() {
    let map = remapped("mask = []");
    assert_eq!(map.lookup(Mode::Main, &ev(KeyCode::Char('m'), N)), None);
    let line = map.help().into_iter().find(|l| l.name == "mask").unwrap();
    assert_eq!(line.keys, "(none)", "\"-\" read as the key to press");
    for name in ["quit", "help", "back"] {
        let e = config(&format!("{name} = []")).unwrap_err();
        assert_eq!(e, KeysError::Essential { name });
        assert!(e.to_string().contains(name), "{e}");
    }
}

#[test]
fn bad_names_keys_and_values_are_refused_naming_them() {
    for (text, said) in [
        ("qiut = \"x\"", "[keys] qiut: no such action"),
        ("quit = \"Ctrl-\"", "[keys] quit: 'Ctrl-' is not a key"),
        ("quit = [\"x\", \"F13\"]", "[keys] quit: 'F13' is not a key"),
        ("quit = 5", "[keys] quit: give a key or a list of keys"),
        ("quit = [\"x\", 5]", "[keys] quit: give a key or a list"),
    ] {
        let e = config(text).unwrap_err().to_string();
        assert!(e.starts_with(said), "{text}: {e}");
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn two_actions_on_one_key_in_one_mode_are_refused_naming_both() {
    // A clash with a default that was not remapped.
    let e = config("quit = \"j\"").unwrap_err();
    assert_eq!(
        e.to_string(),
        "[keys] key j is both down and quit on the main screen: give one of them another key"
    );
    // Two remaps on one key.
    let e = config("export = \"z\"\nmask = \"z\"")
        .unwrap_err()
        .to_string();
    assert!(e.contains("key z is both export and mask"), "{e}");
    // Only in the modes where both work: toggle and all share the picker.
    let e = config("toggle = \"a\"").unwrap_err().to_string();
    assert!(e.contains("toggle") && e.contains("product picker"), "{e}");
    // Ctrl-C cannot be taken, by quit itself neither (it left `q` doing nothing), and
    // the line does not ask to move quit, which cannot move off it.
    for (name, text) in [
        ("down", "down = \"C-c\""),
        ("quit", "quit = \"C-c\""),
        ("mask", "mask = [\"M\", \"Ctrl-c\"]"),
    ] {
        let e = config(text).unwrap_err().to_string();
        assert_eq!(
            e,
            format!(
                "[keys] {name}: C-c always quits (the terminal's interrupt), whatever the table says; give {name} another key"
            )
        );
    }
    // Moving the other action away first makes room.
    assert!(config("quit = \"j\"\ndown = \"n\"").is_ok());
    // One action given a key twice is no clash (the list names q twice).
    assert!(config("back = [\"q\", \"Esc\", \"q\"]").is_ok());
    // Keys in different modes never clash: b is bars on the main screen only.
    assert!(config("toggle = \"b\"").is_ok());
}

#[test]
fn the_help_shows_the_name_and_the_users_keys() {
    let help = Keymap::defaults().help();
    let line = |h: &[HelpLine], name: &str| h.iter().find(|l| l.name == name).cloned().unwrap();
    assert_eq!(line(&help, "quit").keys, "q");
    assert_eq!(line(&help, "down").keys, "j Down");
    assert_eq!(line(&help, "focus_prev").keys, "S-Tab");
    let help = remapped("quit = \"x\"\ndown = [\"n\", \"Down\"]").help();
    assert_eq!(line(&help, "quit").keys, "x");
    assert_eq!(line(&help, "down").keys, "n Down");
    // Every action with a key is in the help once.
    let names: Vec<_> = help.iter().map(|l| l.name).collect();
    for b in BINDINGS {
        assert!(names.contains(&b.action.name()), "{}", b.action.name());
    }
}

#[test]
fn every_key_that_works_is_in_the_help_beside_its_action() {
    let ctrl_c = Key::parse("C-c").unwrap();
    for map in [
        Keymap::defaults(),
        remapped("quit = \"x\""),
        remapped("back = \"Esc\""),
    ] {
        let help = map.help();
        for (action, _, keys) in map.bindings() {
            for k in keys.iter().filter(|k| **k != ctrl_c) {
                let shown = help
                    .iter()
                    .filter(|l| l.action == action)
                    .any(|l| l.keys.split(' ').any(|s| s == k.to_string()));
                assert!(shown, "{k} ({}) is not in the help", action.name());
            }
        }
    }
    // `q` goes back from a detail whatever quit's keys are, and the help says so; a
    // remap of back takes it away, from the help too.
    let back = |map: &Keymap| map.help().into_iter().find(|l| l.name == "back").unwrap();
    assert_eq!(back(&remapped("quit = \"x\"")).keys, "Esc q");
    let map = remapped("back = \"Esc\"");
    assert_eq!(back(&map).keys, "Esc");
    let q = ev(KeyCode::Char('q'), N);
    assert_eq!(map.lookup(Mode::Detail, &q), None);
}

#[test]
fn the_help_gives_the_default_keys_the_keys_doc_gives() {
    // docs/keys.md's table, for the rows of one action: `| `back` | `Esc q` | ...`.
    let doc = include_str!("../../../docs/keys.md");
    let help = Keymap::defaults().help();
    let mut checked = 0;
    for row in doc.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let name = cells[1].trim_matches('`');
        if name.contains('`') || !cells[2].starts_with('`') {
            continue;
        }
        let keys = cells[2].split('`').nth(1).unwrap();
        for l in help.iter().filter(|l| l.name == name) {
            assert_eq!(l.keys, keys, "{name}: the help and docs/keys.md disagree");
            checked += 1;
        }
    }
    assert!(checked >= 10, "{checked} rows read");
}

#[test]
fn the_footer_comes_from_the_keymap() {
    let map = Keymap::defaults();
    let f = map.footer(Mode::Main, Pane::Users, 200, |_| true);
    let has = |f: &[(String, &str)], k: &str, w: &str| f.iter().any(|(a, b)| a == k && *b == w);
    assert!(has(&f, "q", "quit") && has(&f, "o/O", "origin") && has(&f, "0-9", "range"));
    assert!(
        has(&f, "[ ]", "period") && has(&f, "UTDL", "sort by"),
        "{f:?}"
    );
    let picker = map.footer(Mode::Picker, Pane::None, 200, |_| true);
    assert!(has(&picker, "Space", "toggle"), "{picker:?}");
    let map = remapped("quit = \"x\"\norigin_prev = \"I\"\nsort_total = \"N\"");
    let f = map.footer(Mode::Main, Pane::Users, 200, |_| true);
    assert!(has(&f, "x", "quit") && has(&f, "o/I", "origin"), "{f:?}");
    assert!(has(&f, "UNDL", "sort by"), "{f:?}");
    assert!(!f.iter().any(|(k, _)| k == "q"), "{f:?}");
}

#[test]
fn the_footer_keeps_help_and_quit_and_leads_with_the_pane() {
    let map = Keymap::defaults();
    let pair = |k: &str, w: &'static str| (k.to_string(), w);
    for w in [20u16, 40, 80, 120, 200] {
        let f = map.footer(Mode::Main, Pane::Users, w, |_| true);
        assert_eq!(
            f[f.len() - 2..],
            [pair("?", "help"), pair("q", "quit")],
            "at {w}"
        );
        let cells: usize = f.iter().map(|(k, h)| k.len() + h.len() + 3).sum();
        assert!(w < 20 || cells <= usize::from(w), "{cells} cells at {w}");
    }
    assert_eq!(
        map.footer(Mode::Main, Pane::Users, 80, |_| true)[0],
        pair("Enter", "detail")
    );
    assert_eq!(
        map.footer(Mode::Main, Pane::Filters, 80, |_| true)[0],
        pair("h/l", "change")
    );
    // The products' rows, Enter on one, and the picker.
    let products = map.footer(Mode::Main, Pane::Products, 200, |_| true);
    let want = [
        pair("j/k", "product"),
        pair("Enter", "only this / all"),
        pair("p", "pick"),
    ];
    assert_eq!(products[..3], want);
    // `p` is named once, in the pane's words.
    assert_eq!(
        products.iter().filter(|h| h.0 == "p").count(),
        1,
        "{products:?}"
    );
    // The chart's cursor, Enter on its bar and the calendar, when the chart has the focus.
    let chart = map.footer(Mode::Main, Pane::Chart, 80, |_| true);
    let want = [
        pair("h/l", "bar"),
        pair("Enter", "its days"),
        pair("c", "calendar"),
    ];
    assert_eq!(chart[..3], want);
    // With the calendar in the chart's place: its four arrows, Enter on a day, back.
    let calendar = map.footer(Mode::Main, Pane::Calendar, 80, |_| true);
    let want = [
        pair("hjkl", "day"),
        pair("Enter", "that day"),
        pair("c", "chart"),
    ];
    assert_eq!(calendar[..3], want);
    let detail = map.footer(Mode::Detail, Pane::None, 80, |_| true);
    assert!(detail.contains(&pair("Esc", "back")) && detail.contains(&pair("?", "help")));
}

#[test]
fn each_direct_sort_key_is_its_columns_letter() {
    let map = Keymap::defaults();
    for c in crate::tui::columns::USERS {
        let Some(k) = c.key else { continue };
        assert_eq!(
            map.lookup(Mode::Main, &ev(KeyCode::Char(k), S)),
            Some(Action::SortBy(c.column)),
            "{k}"
        );
        let head = c.header.replace("{n}", "").replace("{lens}", "Users");
        assert!(head.contains(k), "{k} is a letter of '{head}'");
    }
}

#[test]
fn help_lines_fit_an_80_column_overlay() {
    // Keys 9 cells, a name, and the text in what is left of a half of 78 cells once the
    // longest name is in: a description is never cut in a two-column help.
    let help = Keymap::defaults().help();
    let name_w = help.iter().map(|l| l.name.len()).max().unwrap();
    for l in &help {
        assert!(l.keys.chars().count() <= 9, "{}", l.keys);
        assert!(l.text.chars().count() <= 28, "{}: '{}'", l.name, l.text);
    }
    assert!(name_w <= 16, "{name_w}");
}

#[test]
fn the_config_templates_example_is_accepted_as_written() {
    // What `config init` writes, with the `[keys]` example uncommented.
    let template = crate::config::TEMPLATE_TOML;
    let block: String = template
        .lines()
        .skip_while(|l| *l != "# [keys]")
        .skip(1)
        .map_while(|l| l.strip_prefix("# "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert!(block.contains("quit = \"x\""), "{block}");
    let map = remapped(&block);
    assert_eq!(map.remapped().len(), block.lines().count());
    assert_eq!(
        map.lookup(Mode::Main, &ev(KeyCode::Tab, N)),
        Some(Action::OriginNext)
    );
}

#[test]
fn every_action_name_is_in_the_keys_doc() {
    let doc = include_str!("../../../docs/keys.md");
    for b in BINDINGS {
        let name = format!("`{}`", b.action.name());
        assert!(doc.contains(&name), "docs/keys.md lacks {name}");
    }
}

#[test]
fn text_that_names_a_key_names_the_users_key() {
    let map = remapped("products = \"P\"\nsort_total = \"N\"\nrefresh = []\nlens = \"F3\"");
    assert_eq!(map.key_name(Mode::Main, Action::Products), "P");
    assert_eq!(map.key_name(Mode::Picker, Action::Toggle), "Space");
    // Without a key, the action's name says what to bind.
    assert_eq!(map.key_name(Mode::Main, Action::Refresh), "refresh");
    assert_eq!(
        map.letter(Mode::Main, Action::SortBy(Column::Total)),
        Some('N')
    );
    assert_eq!(
        map.letter(Mode::Main, Action::Lens),
        None,
        "F3 is no letter"
    );
    let map = Keymap::defaults();
    assert_eq!(
        map.letter(Mode::Main, Action::SortBy(Column::Total)),
        Some('T')
    );
    assert_eq!(map.key_name(Mode::Main, Action::Quit), "q");
}
