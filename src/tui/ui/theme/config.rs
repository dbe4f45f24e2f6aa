//! The theme the user asked for: `theme = "auto" | "dark" | "light" | "mono"` and the
//! `[colors]` table (role = colour), checked once at start. A bad value is one line naming
//! it (exit 3). `auto` is resolved later, by asking the terminal (`tui::background`);
//! `NO_COLOR` (non-empty) makes it `mono` whatever the file says.

use ratatui::style::Color;

use super::{Preset, Role, Theme};
use crate::config::{ConfigError, Settings};
use crate::sanitize::one_line;

/// The `theme` setting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// The terminal's background decides between dark and light; dark if it does not say.
    Auto,
    Fixed(Preset),
}

/// The names a `[colors]` value may use: the 16 colours every terminal has, and `default`
/// (the terminal's own text colour).
const NAMES: [(&str, Color); 17] = [
    ("default", Color::Reset),
    ("black", Color::Black),
    ("red", Color::Red),
    ("green", Color::Green),
    ("yellow", Color::Yellow),
    ("blue", Color::Blue),
    ("magenta", Color::Magenta),
    ("cyan", Color::Cyan),
    ("gray", Color::Gray),
    ("darkgray", Color::DarkGray),
    ("lightred", Color::LightRed),
    ("lightgreen", Color::LightGreen),
    ("lightyellow", Color::LightYellow),
    ("lightblue", Color::LightBlue),
    ("lightmagenta", Color::LightMagenta),
    ("lightcyan", Color::LightCyan),
    ("white", Color::White),
];

/// What the settings say about the theme, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThemeSpec {
    pub choice: Choice,
    /// `NO_COLOR` is set: mono, whatever `choice` says.
    pub no_color: bool,
    /// `[colors]`, by role name (a TOML table keeps no order; no two keys are one role).
    pub colors: Vec<(Role, Color)>,
    /// Where `theme` came from, for `config show`.
    from: String,
}

impl ThemeSpec {
    /// Reads `theme` and `[colors]` from the settings; `no_color` is whether `NO_COLOR` is
    /// set and non-empty (read by the caller, at the edge).
    pub fn from_settings(s: &Settings, no_color: bool) -> Result<ThemeSpec, ConfigError> {
        let choice = match s.theme.value.trim() {
            "auto" => Choice::Auto,
            "dark" => Choice::Fixed(Preset::Dark),
            "light" => Choice::Fixed(Preset::Light),
            "mono" => Choice::Fixed(Preset::Mono),
            other => {
                return Err(ConfigError::Invalid(format!(
                    "theme '{}' ({}) is not a theme: use auto, dark, light or mono",
                    one_line(other),
                    s.theme.from
                )));
            }
        };
        let mut colors = Vec::new();
        for (key, value) in s.sections.get("colors").into_iter().flatten() {
            let role = Role::from_name(key).ok_or_else(|| {
                let roles: Vec<_> = Role::ALL.iter().map(|r| r.name()).collect();
                ConfigError::Invalid(format!(
                    "[colors] '{}' is not a role: use {}",
                    one_line(key),
                    roles.join(", ")
                ))
            })?;
            let color = parse_color(value).ok_or_else(|| {
                ConfigError::Invalid(format!(
                    "[colors] {key} = {} is not a colour: use a name (red, lightblue, darkgray...), \"#rrggbb\" or 0-255",
                    one_line(&value.to_string())
                ))
            })?;
            colors.push((role, color));
        }
        Ok(ThemeSpec {
            choice,
            no_color,
            colors,
            from: s.theme.from.to_string(),
        })
    }

    /// Whether the terminal must be asked for its background before the first frame.
    pub fn needs_background(&self) -> bool {
        self.choice == Choice::Auto && !self.no_color
    }

    /// The theme, given what the terminal said of its background (`None`: no answer).
    pub fn resolve(&self, background: Option<Preset>) -> Theme {
        let preset = match (self.no_color, self.choice) {
            (true, _) => Preset::Mono,
            (false, Choice::Fixed(p)) => p,
            (false, Choice::Auto) => background.unwrap_or(Preset::Dark),
        };
        self.colors
            .iter()
            .fold(Theme::new(preset), |t, &(role, color)| t.with(role, color))
    }

    /// `config show`: the theme, how `auto` is resolved, and the overrides.
    pub fn show(&self) -> String {
        let value = match (self.no_color, self.choice) {
            (true, _) => "mono".to_string(),
            // Short enough for the column: the source after it stays in line.
            (false, Choice::Auto) => "auto (the terminal's; else dark)".to_string(),
            (false, Choice::Fixed(p)) => p.name().to_string(),
        };
        // NO_COLOR decides, not the setting: the source says so (it read "built-in default").
        let from = match self.no_color {
            true => format!("NO_COLOR (over {})", self.from),
            false => self.from.to_string(),
        };
        let mut out = format!("{:<15} {value:<40} from {from}\n", "theme");
        if self.colors.is_empty() {
            out += &format!("{:<15} (none: the theme's own)\n", "colors");
        }
        for (role, color) in &self.colors {
            let name = format!("colors.{}", role.name());
            let ignored = if self.no_color {
                " (ignored: mono)"
            } else {
                ""
            };
            out += &format!("{name:<15} {}{ignored}\n", color_name(*color));
        }
        out
    }
}

/// A `[colors]` value: one of the 16 names (or `default`), `"#rrggbb"`, or an index 0-255
/// (as a number or a string).
pub fn parse_color(v: &toml::Value) -> Option<Color> {
    let index = |n: i64| u8::try_from(n).ok().map(Color::Indexed);
    match v {
        toml::Value::Integer(n) => index(*n),
        toml::Value::String(s) => {
            let s = s.trim().to_ascii_lowercase().replace(['_', '-', ' '], "");
            if let Some(hex) = s.strip_prefix('#') {
                let n = u32::from_str_radix(hex, 16)
                    .ok()
                    .filter(|_| hex.len() == 6)?;
                let [_, r, g, b] = n.to_be_bytes();
                return Some(Color::Rgb(r, g, b));
            }
            if let Ok(n) = s.parse::<i64>() {
                return index(n);
            }
            NAMES.iter().find(|(n, _)| *n == s).map(|&(_, c)| c)
        }
        _ => None,
    }
}

/// How `config show` writes a colour: as the user could write it.
fn color_name(c: Color) -> String {
    match c {
        Color::Rgb(r, g, b) => format!("#{r:02x}{g:02x}{b:02x}"),
        Color::Indexed(i) => i.to_string(),
        c => NAMES
            .iter()
            .find(|(_, n)| *n == c)
            .map_or_else(|| format!("{c:?}"), |(name, _)| name.to_string()),
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
