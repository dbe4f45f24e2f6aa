use super::*;

fn teams(text: &str) -> Result<Teams, String> {
    let t: toml::Table = text.parse().unwrap();
    Teams::from_table(&t)
}

fn ok(text: &str) -> Teams {
    teams(text).unwrap()
}

#[test]
fn file_order_is_kept_whatever_the_names() {
    let t = ok("zeta = [\"z*\"]\nalpha = [\"a*\"]\nmid = [\"m*\"]\n");
    assert_eq!(t.names(), ["zeta", "alpha", "mid"]);
    let rows: Vec<&str> = t.row_names().collect();
    assert_eq!(rows, ["zeta", "alpha", "mid", NO_TEAM]);
}

#[test]
fn the_first_team_in_file_order_wins() {
    let t = ok(r#"
smiths = ["*.smith*@example.com"]
eng = ["*@eng.example.com", "ana@example.com"]
all = ["*"]
"#);
    assert_eq!(t.name(t.assign("jo.smith@example.com")), "smiths");
    assert_eq!(t.name(t.assign("ana@example.com")), "eng");
    assert_eq!(t.name(t.assign("bo@eng.example.com")), "eng");
    assert_eq!(t.name(t.assign("other@else.org")), "all");
    // Reversed, the catch-all takes everyone.
    let r = ok("all = [\"*\"]\nsmiths = [\"*.smith*@example.com\"]\n");
    assert_eq!(r.name(r.assign("jo.smith@example.com")), "all");
}

#[test]
fn matching_ignores_case_and_the_rest_are_in_no_team() {
    let t = ok("eng = [\"*@Eng.Example.COM\", \"ANA@example.com\"]\n");
    assert_eq!(t.assign("BO@ENG.EXAMPLE.COM"), 0);
    assert_eq!(t.assign("ana@EXAMPLE.com"), 0);
    assert_eq!(t.assign("ana@example.org"), t.len());
    assert_eq!(t.name(t.assign("x@y")), NO_TEAM);
    let all = t.assign_all(["bo@eng.example.com", "z@z"].into_iter());
    assert_eq!(all, [0, 1]);
}

#[test]
fn globs_have_classes_and_single_characters() {
    let t = ok("ab = [\"[ab]*@x\"]\nq = [\"?@x\"]\n");
    assert_eq!(t.assign("b1@x"), 0);
    assert_eq!(t.assign("c@x"), 1);
    assert_eq!(t.assign("cc@x"), 2);
    // A character, not a byte; a case, not an ASCII one.
    let u = ok("m = [\"*.m?ller*\"]\nbig = [\"*ÉMILE*\"]\n");
    assert_eq!(u.assign("margaret.müller207@acme.example"), 0);
    assert_eq!(u.assign("émile@acme.example"), 1);
}

#[test]
fn names_are_found_in_any_case_and_no_team_is_selectable() {
    let t = ok("Eng = [\"*@eng\"]\nops = [\"*@ops\"]\n");
    assert_eq!(t.find("eng"), Some(0));
    assert_eq!(t.find("OPS"), Some(1));
    assert_eq!(t.find("(No Team)"), Some(2));
    assert_eq!(t.find("sales"), None);
    assert_eq!(
        t.select(&["ops".into(), "(no team)".into()]).unwrap(),
        [false, true, true]
    );
    let e = t.select(&["sales".into()]).unwrap_err();
    assert!(
        e.contains("sales") && e.contains("Eng, ops, (no team)"),
        "{e}"
    );
    assert!(Teams::default().select(&["x".into()]).is_err());
}

#[test]
fn bad_tables_name_the_team_in_one_line() {
    let cases = [
        ("eng = []", "eng", "empty"),
        ("eng = [\"[a\"]", "eng", "not a valid glob"),
        ("eng = [\"{a,b\"]", "eng", "not a valid glob"),
        ("eng = \"*@x\"", "eng", "list"),
        ("eng = [3]", "eng", "quoted"),
        ("eng = [\" \"]", "eng", "empty"),
        ("Eng = [\"a\"]\neng = [\"b\"]", "eng", "duplicate"),
        ("\"Σ\" = [\"a\"]\n\"ς\" = [\"b\"]", "ς", "duplicate"),
        ("\"(no team)\" = [\"a\"]", "(no team)", "rename"),
        ("\"\" = [\"a\"]", "empty name", "empty name"),
        ("\" eng\" = [\"a\"]", "eng", "spaces around"),
        ("eng = [\"a}\"]", "eng", "not a valid glob"),
    ];
    for (text, name, what) in cases {
        let e = teams(text).unwrap_err();
        assert!(
            e.contains(name) && e.contains(what),
            "{text}: {e} (want {name}, {what})"
        );
        assert!(!e.contains('\n'), "{e}");
    }
}

#[test]
fn toml_refuses_exact_duplicates_itself() {
    let e = "eng = [\"a\"]\neng = [\"b\"]\n"
        .parse::<toml::Table>()
        .unwrap_err();
    assert!(e.message().contains("duplicate"), "{e}");
}

#[test]
fn domains_are_after_the_last_at_in_lower_case() {
    assert_eq!(domain("Ana@Eng.Example.COM"), "eng.example.com");
    assert_eq!(domain("\"a@b\"@c.org"), "c.org");
    for none in ["nobody", "", "a@", "a@ . "] {
        assert_eq!(domain(none), super::NO_DOMAIN, "{none:?}");
    }
    for spelled in ["a@acme.example ", " a@ACME.example.", "a@ acme.example"] {
        assert_eq!(domain(spelled), "acme.example", "{spelled:?}");
    }
}

#[test]
fn no_teams_means_everyone_in_one_row() {
    let t = Teams::default();
    assert!(t.is_empty());
    assert_eq!(t.assign("a@b"), 0);
    assert_eq!(t.name(0), NO_TEAM);
}
