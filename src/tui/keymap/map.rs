//! The keymap in use: the default table with the config's `[keys]` over it, checked once
//! at start. A remap replaces all of an action's default keys (the old ones become free,
//! as in k9s or lazygit); `[]` leaves an action without a key, which quit and help may
//! not be. Two actions on one key in one mode are refused, whichever of them was remapped.

use crossterm::event::KeyEvent;
use thiserror::Error;

use super::keys::{BadKey, Key, parse_list};
use super::{Action, BINDINGS, Binding, FIXED, Mode, PANE_HINTS, Pane};

/// The keys in use: input, the footer and the help read them from here.
#[derive(Clone, Debug)]
pub struct Keymap {
    rows: Vec<Row>,
    /// The actions the config gave keys, with those keys (for `config show`).
    remapped: Vec<(Action, Vec<Key>)>,
}

#[derive(Clone, Debug)]
struct Row {
    action: Action,
    modes: &'static [Mode],
    keys: Vec<Key>,
    help: &'static str,
    footer: &'static str,
    /// A key no remap moves (Ctrl-C).
    fixed: bool,
}

/// Why `[keys]` is refused; each is the one line the user sees.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum KeysError {
    #[error(
        "[keys] {name}: no such action; the names are in the dashboard's `?` help (docs/keys.md)"
    )]
    UnknownAction { name: String },
    #[error("[keys] {name}: {bad}")]
    BadKey { name: String, bad: BadKey },
    #[error("[keys] {name}: give a key or a list of keys, such as \"x\" or [\"o\", \"Tab\"]")]
    NotKeys { name: String },
    #[error(
        "[keys] key {key} is both {first} and {second} on the {mode}: give one of them another key"
    )]
    Conflict {
        key: String,
        first: &'static str,
        second: &'static str,
        mode: &'static str,
    },
    #[error("[keys] {name} = []: {name} needs a key; give it at least one")]
    Essential { name: &'static str },
    #[error(
        "[keys] {name}: {key} always quits (the terminal's interrupt), whatever the table says; give {name} another key"
    )]
    Reserved { name: String, key: String },
}

/// One line of the `?` help: the keys as the user has them, the action's name, what it does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HelpLine {
    /// So that a caller can leave out what does not apply (a key for an unset feature).
    pub action: Action,
    pub keys: String,
    pub name: &'static str,
    pub text: &'static str,
}

/// Actions that must keep a key of their own: without them there is no way out or in.
/// (`back` is the only way out of a user's detail and the picker.)
const ESSENTIAL: [Action; 3] = [Action::Quit, Action::Help, Action::Back];

const MODES: [Mode; 4] = [Mode::Main, Mode::Detail, Mode::Picker, Mode::Help];

impl Mode {
    /// Where this mode is, for messages.
    fn place(self) -> &'static str {
        match self {
            Mode::Main => "main screen",
            Mode::Detail => "user detail",
            Mode::Picker => "product picker",
            Mode::Help => "help",
        }
    }
}

impl Default for Keymap {
    fn default() -> Self {
        Keymap::defaults()
    }
}

impl Keymap {
    /// The default keys (the table; a test proves every key in it reads and none clash).
    pub fn defaults() -> Keymap {
        let row = |b: &Binding, fixed| Row {
            action: b.action,
            modes: b.modes,
            keys: parse_list(b.keys).unwrap_or_else(|e| panic!("default keys: {e}")),
            help: b.help,
            footer: b.footer,
            fixed,
        };
        let rows = BINDINGS.iter().map(|b| row(b, false));
        Keymap {
            rows: rows.chain(FIXED.iter().map(|b| row(b, true))).collect(),
            remapped: Vec::new(),
        }
    }

    /// The defaults with the config's `[keys]` table over them, checked.
    pub fn from_config(table: Option<&toml::Table>) -> Result<Keymap, KeysError> {
        let mut map = Keymap::defaults();
        for (name, value) in table.into_iter().flatten() {
            let action = Action::from_name(name)
                .ok_or_else(|| KeysError::UnknownAction { name: name.clone() })?;
            let keys = keys_of(name, value)?;
            // Ctrl-C was taken for another action, and read as it: `quit = "C-c"` left
            // `q` doing nothing, `mask = "C-c"` was told to move quit, which cannot move.
            let fixed = map.rows.iter().filter(|r| r.fixed).flat_map(|r| &r.keys);
            if let Some(k) = fixed.into_iter().find(|k| keys.contains(k)) {
                let (name, key) = (name.clone(), k.to_string());
                return Err(KeysError::Reserved { name, key });
            }
            map.remap(action, keys);
        }
        map.check()?;
        Ok(map)
    }

    /// Gives `action` exactly `keys`, in every place it works.
    fn remap(&mut self, action: Action, keys: Vec<Key>) {
        for row in self
            .rows
            .iter_mut()
            .filter(|r| !r.fixed && r.action == action)
        {
            row.keys.clone_from(&keys);
        }
        self.remapped.retain(|(a, _)| *a != action);
        self.remapped.push((action, keys));
    }

    fn check(&self) -> Result<(), KeysError> {
        for a in ESSENTIAL {
            let rows = self.rows.iter().filter(|r| !r.fixed && r.action == a);
            if rows.clone().all(|r| r.keys.is_empty()) {
                return Err(KeysError::Essential { name: a.name() });
            }
        }
        for mode in MODES {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for row in self.rows.iter().filter(|r| r.modes.contains(&mode)) {
                for &k in &row.keys {
                    match seen.iter().find(|(s, _)| *s == k) {
                        Some((_, a)) if *a != row.action => {
                            return Err(KeysError::Conflict {
                                key: k.to_string(),
                                first: a.name(),
                                second: row.action.name(),
                                mode: mode.place(),
                            });
                        }
                        Some(_) => {}
                        None => seen.push((k, row.action)),
                    }
                }
            }
        }
        Ok(())
    }

    /// The action of `key` in `mode`, if any.
    pub fn lookup(&self, mode: Mode, key: &KeyEvent) -> Option<Action> {
        let key = Key::of_event(key);
        self.rows
            .iter()
            .find(|r| r.modes.contains(&mode) && r.keys.contains(&key))
            .map(|r| r.action)
    }

    /// The help text of what `key` does in another mode than `mode` (the main screen's
    /// `b` pressed in a person's detail), for a hint instead of silence.
    pub fn elsewhere(&self, mode: Mode, key: &KeyEvent) -> Option<(&'static str, Mode)> {
        let key = Key::of_event(key);
        self.rows
            .iter()
            .find(|r| !r.modes.contains(&mode) && r.keys.contains(&key) && !r.help.is_empty())
            .map(|r| (r.help, r.modes[0]))
    }

    /// What to press for `action` in `mode`, for text that names a key (`… 3 more (p)`):
    /// its first key, or its name when the user left it without one.
    pub fn key_name(&self, mode: Mode, action: Action) -> String {
        self.key_text(mode, action)
            .unwrap_or_else(|| action.name().to_string())
    }

    /// The first key of `action` in `mode` as text, if the user left it one (a list of
    /// keys, as the filter pane's presets, shows none rather than the action's name).
    pub fn key_text(&self, mode: Mode, action: Action) -> Option<String> {
        self.first_key(mode, action).map(|k| k.to_string())
    }

    /// The plain character that runs `action` in `mode`, if its first key is one (a
    /// column's header underlines its sort letter).
    pub fn letter(&self, mode: Mode, action: Action) -> Option<char> {
        self.first_key(mode, action)?.plain_char()
    }

    fn first_key(&self, mode: Mode, action: Action) -> Option<Key> {
        self.rows
            .iter()
            .filter(|r| r.action == action && r.modes.contains(&mode))
            .find_map(|r| r.keys.first().copied())
    }

    /// Every binding: the action, where it works and its keys (for tests that press them all).
    pub fn bindings(&self) -> impl Iterator<Item = (Action, &'static [Mode], &[Key])> {
        self.rows
            .iter()
            .map(|r| (r.action, r.modes, r.keys.as_slice()))
    }

    /// The actions the config gave keys, with those keys, in the table's order.
    pub fn remapped(&self) -> &[(Action, Vec<Key>)] {
        &self.remapped
    }

    /// Every documented binding, for the `?` help, with the user's keys.
    pub fn help(&self) -> Vec<HelpLine> {
        self.rows
            .iter()
            .filter(|r| !r.help.is_empty())
            .map(|r| HelpLine {
                action: r.action,
                // Not "-": that is a key too, and read as "press - to mask".
                keys: if r.keys.is_empty() {
                    "(none)".into()
                } else {
                    join(&r.keys, " ")
                },
                name: r.action.name(),
                text: r.help,
            })
            .collect()
    }

    /// `(keys, word)` pairs for the footer of `mode` with `pane` focused, as many as fit in
    /// `width` cells: the pane's keys, then the mode's, and always help and quit (or back),
    /// which are the last to go. An action the screen does not `offer` (a filter of a saved
    /// response) is left out: its key would only be refused.
    pub fn footer(
        &self,
        mode: Mode,
        pane: Pane,
        width: u16,
        offers: impl Fn(Action) -> bool,
    ) -> Vec<(String, &'static str)> {
        let cells = |(k, h): &(String, &str)| k.chars().count() + h.chars().count() + 3;
        let kept = |a: Action| matches!(a, Action::Help | Action::Quit | Action::Back);
        let hints = self.mode_hints(mode, &offers);
        let last: Vec<(String, &str)> = hints
            .iter()
            .filter(|h| kept(h.0))
            .map(|h| (h.1.clone(), h.2))
            .collect();
        let mut room = usize::from(width).saturating_sub(last.iter().map(cells).sum());
        let mut out = Vec::new();
        let pane_hints: Vec<(String, &str)> = PANE_HINTS
            .iter()
            .filter(|(p, actions, _)| *p == pane && actions.iter().all(|a| offers(*a)))
            .filter_map(|(_, actions, word)| Some((self.first_keys(mode, actions)?, *word)))
            .collect();
        // A key the pane names in its own words is not named again (`p pick` and then
        // `p products` on the Products pane).
        let others = (hints.iter())
            .filter(|h| !kept(h.0) && !pane_hints.iter().any(|p| p.0 == h.1))
            .map(|h| (h.1.clone(), h.2));
        for hint in pane_hints.clone().into_iter().chain(others) {
            if cells(&hint) > room {
                break;
            }
            room -= cells(&hint);
            out.push(hint);
        }
        out.extend(last);
        out
    }

    /// The mode's footer hints: each row with a word and a key, rows next to each other
    /// with one word as one hint (their first keys together: `o/O origin`); only the
    /// actions offered.
    fn mode_hints(
        &self,
        mode: Mode,
        offers: impl Fn(Action) -> bool,
    ) -> Vec<(Action, String, &'static str)> {
        let mut groups: Vec<(Action, Vec<Key>, &'static str)> = Vec::new();
        let rows = self.rows.iter().filter(|r| {
            !r.fixed
                && !r.footer.is_empty()
                && r.modes.contains(&mode)
                && !r.keys.is_empty()
                && offers(r.action)
        });
        for r in rows {
            match groups.last_mut() {
                Some(g) if g.2 == r.footer => g.1.push(r.keys[0]),
                _ => groups.push((r.action, vec![r.keys[0]], r.footer)),
            }
        }
        groups
            .into_iter()
            .map(|(a, keys, word)| (a, compact(&keys), word))
            .collect()
    }

    /// The first key of each of `actions` in `mode`, written together; `None` if none has one.
    fn first_keys(&self, mode: Mode, actions: &[Action]) -> Option<String> {
        let keys: Vec<Key> = actions
            .iter()
            .filter_map(|a| self.first_key(mode, *a))
            .collect();
        (!keys.is_empty()).then(|| compact(&keys))
    }
}

/// A key or list of keys from the config file.
fn keys_of(name: &str, value: &toml::Value) -> Result<Vec<Key>, KeysError> {
    let not_keys = || KeysError::NotKeys { name: name.into() };
    let texts: Vec<&str> = match value {
        toml::Value::String(s) => vec![s.as_str()],
        toml::Value::Array(a) => a
            .iter()
            .map(|v| v.as_str().ok_or_else(not_keys))
            .collect::<Result<_, _>>()?,
        _ => return Err(not_keys()),
    };
    let mut keys = Vec::new();
    for t in texts {
        let k = Key::parse(t.trim()).map_err(|bad| KeysError::BadKey {
            name: name.into(),
            bad,
        })?;
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    Ok(keys)
}

fn join(keys: &[Key], sep: &str) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(sep)
}

/// Keys for a hint, short: `1-6` for a run of characters (`0-9` for the digits in the
/// keyboard's order, 1 to 9 then 0), `UTDL` for other single characters, `o/O` for two
/// letters, `[ ]` for two symbols (a slash between symbols would read as the `/` key),
/// `PgDn/PgUp` for named keys.
fn compact(keys: &[Key]) -> String {
    let chars: Option<Vec<char>> = keys.iter().map(Key::plain_char).collect();
    match chars {
        Some(mut cs) if cs.len() > 2 => {
            if cs.iter().all(char::is_ascii_digit) {
                cs.sort_unstable();
            }
            let run = cs
                .windows(2)
                .all(|w| u32::from(w[1]) == u32::from(w[0]) + 1);
            if run {
                format!("{}-{}", cs[0], cs[cs.len() - 1])
            } else {
                cs.into_iter().collect()
            }
        }
        Some(cs) if cs.iter().any(|c| !c.is_alphanumeric()) => join(keys, " "),
        _ => join(keys, "/"),
    }
}
