//! Colours and emphasis in one place: every pane asks the `Theme` for the style of a role
//! (a title, a label, a selected row...), and no other file of the dashboard names a colour.
//!
//! Three presets: `dark` and `light` use the 16 named colours, which every terminal has
//! (the light one avoids yellow, cyan and the bright colours, which do not read on white);
//! `mono` uses bold and reverse video only and never sets a colour, so that under
//! `NO_COLOR` the selection still shows on any terminal. A `[colors]` table overrides single
//! roles of `dark` and `light` (see `config`); `mono` takes no colour from it.

mod config;

pub use config::{Choice, ThemeSpec, parse_color};

use ratatui::style::{Color, Modifier, Style};

/// What a style is for. The names are the keys of the config's `[colors]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Title,
    Label,
    Value,
    Accent,
    Bars,
    Good,
    Bad,
    Error,
    Selected,
    Border,
    Focus,
    Key,
    /// Calendar shades 1 and 2 (the glyph tells them apart).
    HeatLow,
    /// Calendar shades 3 and 4.
    HeatHigh,
}

impl Role {
    pub const ALL: [Role; 14] = [
        Role::Title,
        Role::Label,
        Role::Value,
        Role::Accent,
        Role::Bars,
        Role::Good,
        Role::Bad,
        Role::Error,
        Role::Selected,
        Role::Border,
        Role::Focus,
        Role::Key,
        Role::HeatLow,
        Role::HeatHigh,
    ];

    /// The role's name in `[colors]`.
    pub fn name(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Label => "label",
            Role::Value => "value",
            Role::Accent => "accent",
            Role::Bars => "bars",
            Role::Good => "good",
            Role::Bad => "bad",
            Role::Error => "error",
            Role::Selected => "selected",
            Role::Border => "border",
            Role::Focus => "focus",
            Role::Key => "key",
            Role::HeatLow => "heat_low",
            Role::HeatHigh => "heat_high",
        }
    }

    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }
}

/// The preset a theme starts from, once `auto` is resolved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Preset {
    Dark,
    Light,
    Mono,
}

impl Preset {
    pub fn name(self) -> &'static str {
        match self {
            Preset::Dark => "dark",
            Preset::Light => "light",
            Preset::Mono => "mono",
        }
    }

    /// The preset's style for a role.
    fn style(self, role: Role) -> Style {
        let s = Style::new();
        let bold = Modifier::BOLD;
        match (self, role) {
            (_, Role::Value) => s.add_modifier(bold),
            (_, Role::Selected) => s.add_modifier(Modifier::REVERSED),
            (Preset::Mono, Role::Title | Role::Accent | Role::Error | Role::Focus | Role::Key) => {
                s.add_modifier(bold)
            }
            (Preset::Mono, _) => s,
            (_, Role::Label | Role::Border) => s.fg(Color::DarkGray),
            (Preset::Dark, Role::Bars | Role::Good | Role::HeatLow) => s.fg(Color::Green),
            (Preset::Dark, Role::HeatHigh) => s.fg(Color::LightGreen),
            // On white the terminal's own green is often a pale lime: the 256-colour
            // palette's fixed greens (#008700, and #005f00 for the heaviest days) read.
            (Preset::Light, Role::Bars | Role::Good | Role::HeatLow) => s.fg(Color::Indexed(28)),
            (Preset::Light, Role::HeatHigh) => s.fg(Color::Indexed(22)).add_modifier(bold),
            (_, Role::Bad) => s.fg(Color::Red),
            (_, Role::Error) => s.fg(Color::Red).add_modifier(bold),
            (Preset::Dark, Role::Title | Role::Key) => s.fg(Color::Cyan).add_modifier(bold),
            (Preset::Dark, Role::Focus) => s.fg(Color::Cyan),
            (Preset::Dark, Role::Accent) => s.fg(Color::Yellow),
            // On white: blue and magenta where the dark theme has cyan and yellow.
            (Preset::Light, Role::Title | Role::Key) => s.fg(Color::Blue).add_modifier(bold),
            (Preset::Light, Role::Focus) => s.fg(Color::Blue),
            (Preset::Light, Role::Accent) => s.fg(Color::Magenta),
        }
    }
}

/// The style of every role: a preset with the user's overrides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Theme {
    preset: Preset,
    styles: [Style; Role::ALL.len()],
}

impl Default for Theme {
    /// Dark: what a terminal that does not say its background most likely has.
    fn default() -> Self {
        Theme::new(Preset::Dark)
    }
}

impl Theme {
    pub fn new(preset: Preset) -> Theme {
        Theme {
            preset,
            styles: Role::ALL.map(|r| preset.style(r)),
        }
    }

    /// The preset with one role's colour replaced. A colour on `selected` is its
    /// background (the row stays bold instead of reversed); on any other role, its text.
    /// `mono` sets no colour, so it keeps its style.
    pub fn with(mut self, role: Role, color: Color) -> Theme {
        let s = &mut self.styles[role as usize];
        *s = match (self.preset, role) {
            (Preset::Mono, _) => *s,
            (_, Role::Selected) => Style::new().bg(color).add_modifier(Modifier::BOLD),
            _ => s.fg(color),
        };
        self
    }

    pub fn preset(&self) -> Preset {
        self.preset
    }

    pub fn style(&self, role: Role) -> Style {
        self.styles[role as usize]
    }

    pub fn title(&self) -> Style {
        self.style(Role::Title)
    }
    /// A pane's name: in reverse video while the pane has the keys, which shows with or
    /// without colour (Tab to the chart or the products changed nothing on screen).
    pub fn pane_title(&self, focused: bool) -> Style {
        match focused {
            true => self
                .title()
                .add_modifier(ratatui::style::Modifier::REVERSED),
            false => self.title(),
        }
    }
    pub fn label(&self) -> Style {
        self.style(Role::Label)
    }
    pub fn value(&self) -> Style {
        self.style(Role::Value)
    }
    pub fn accent(&self) -> Style {
        self.style(Role::Accent)
    }
    /// The sorted column's header: the accent, and underlined in mono, where the accent
    /// is the focused headers' bold and the sorted one looked like the rest.
    pub fn sorted(&self) -> Style {
        match self.preset {
            Preset::Mono => self.accent().add_modifier(Modifier::UNDERLINED),
            _ => self.accent(),
        }
    }
    pub fn bars(&self) -> Style {
        self.style(Role::Bars)
    }
    /// A partial bucket's bars: the label's colour, and dim in mono, where a bar under
    /// one cell has no hatch and no colour to tell it from a whole one.
    pub fn partial(&self) -> Style {
        match self.preset {
            Preset::Mono => self.label().add_modifier(Modifier::DIM),
            _ => self.label(),
        }
    }
    pub fn error(&self) -> Style {
        self.style(Role::Error)
    }
    pub fn good(&self) -> Style {
        self.style(Role::Good)
    }
    pub fn bad(&self) -> Style {
        self.style(Role::Bad)
    }
    pub fn selected(&self) -> Style {
        self.style(Role::Selected)
    }
    pub fn border(&self, focused: bool) -> Style {
        self.style(if focused { Role::Focus } else { Role::Border })
    }
    /// A calendar shade, 0 (no prompts) to 4; the glyph carries the level without colour.
    pub fn heat(&self, level: u8) -> Style {
        match level {
            0 => self.label(),
            1 | 2 => self.style(Role::HeatLow),
            _ => self.style(Role::HeatHigh),
        }
    }
    pub fn key(&self) -> Style {
        self.style(Role::Key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sorted_header_differs_from_the_focused_headers_in_every_preset() {
        for p in [Preset::Dark, Preset::Light, Preset::Mono] {
            let t = Theme::new(p);
            assert_ne!(t.sorted(), t.title(), "{p:?}");
            assert_ne!(t.sorted(), t.label(), "{p:?}");
        }
    }

    #[test]
    fn mono_sets_no_colour_and_keeps_the_selection_visible() {
        let t = Theme::new(Preset::Mono).with(Role::Accent, Color::Red);
        for r in Role::ALL {
            let s = t.style(r);
            assert_eq!((s.fg, s.bg), (None, None), "{r:?}");
        }
        assert!(t.selected().add_modifier.contains(Modifier::REVERSED));
        assert!(t.border(true).add_modifier.contains(Modifier::BOLD));
    }

    #[test]
    fn light_has_no_yellow_cyan_pale_green_or_bright_text() {
        let t = Theme::new(Preset::Light);
        for r in Role::ALL {
            let fg = t.style(r).fg;
            assert!(
                !matches!(
                    fg,
                    Some(
                        Color::Yellow
                            | Color::Cyan
                            | Color::LightYellow
                            | Color::LightCyan
                            | Color::White
                            | Color::Gray
                            | Color::LightGreen
                            | Color::Green
                    )
                ),
                "{r:?}: {fg:?}"
            );
        }
    }

    #[test]
    fn an_override_changes_one_role_only() {
        let base = Theme::new(Preset::Dark);
        let t = base.with(Role::Accent, Color::Indexed(208));
        for r in Role::ALL {
            if r == Role::Accent {
                assert_eq!(t.style(r).fg, Some(Color::Indexed(208)));
            } else {
                assert_eq!(t.style(r), base.style(r), "{r:?}");
            }
        }
        let sel = base.with(Role::Selected, Color::Blue).selected();
        assert_eq!(sel.bg, Some(Color::Blue));
        assert!(!sel.add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn role_names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_name(r.name()), Some(r));
        }
        assert_eq!(Role::from_name("muted"), None);
    }
}
