//! Scrolling the `?` help when it is one column too long for the terminal (at 80x24 the
//! keys with their descriptions do not fit on one screen), and its second page, the
//! glossary, when it is too long (at 60x16): one scroll for both pages.

use super::App;
use super::keymap::Action;
use crate::tui::{glossary, help};

impl App {
    /// Lines the help is scrolled down.
    pub fn help_scroll(&self) -> u16 {
        self.help_scroll
    }

    /// Scrolls the page of the help on screen (the keys or the glossary) for a moving key
    /// and says whether `a` was one; any other action, and any key when the page does not
    /// scroll, closes the help as before.
    pub(super) fn scroll_help(&mut self, a: Action) -> bool {
        let shape = match self.glossary {
            true => glossary::shape(self.screen.size),
            false => help::shape(
                &help::lines(&self.keymap, |a| self.offers(a)),
                self.screen.size,
            ),
        };
        let (now, max, page) = (self.help_scroll, shape.scroll_max, shape.rows.max(1));
        if max == 0 {
            return false;
        }
        self.help_scroll = match a {
            Action::Down => now.saturating_add(1),
            Action::Up => now.saturating_sub(1),
            Action::PageDown => now.saturating_add(page),
            Action::PageUp => now.saturating_sub(page),
            Action::Top => 0,
            Action::Bottom => max,
            _ => return false,
        }
        .min(max);
        true
    }
}

#[cfg(test)]
mod tests {
    use crossterm::event::KeyCode;

    use crate::tui::app::tests::{ch, key, loaded};
    use crate::tui::keymap::Mode;

    #[test]
    fn at_80x24_the_help_scrolls_to_its_last_line_and_back() {
        let (mut app, _) = loaded((80, 24));
        ch(&mut app, '?');
        ch(&mut app, 'j');
        assert_eq!((app.mode(), app.help_scroll()), (Mode::Help, 1));
        key(&mut app, KeyCode::End);
        let max = app.help_scroll();
        assert!(max > 1);
        ch(&mut app, 'j');
        assert_eq!(app.help_scroll(), max, "no further than the last line");
        key(&mut app, KeyCode::PageUp);
        key(&mut app, KeyCode::PageUp);
        ch(&mut app, 'k');
        assert_eq!(app.help_scroll(), 0);
        // Any other key still closes it, and it opens at the top again.
        ch(&mut app, 'j');
        ch(&mut app, 'x');
        assert_eq!(app.mode(), Mode::Main);
        ch(&mut app, '?');
        assert_eq!(app.help_scroll(), 0);
    }

    #[test]
    fn at_60x16_the_glossary_scrolls_by_the_same_keys_to_its_last_line() {
        let (mut app, _) = loaded((60, 16));
        ch(&mut app, '?');
        ch(&mut app, 'j');
        ch(&mut app, '?');
        assert!(app.glossary());
        assert_eq!(app.help_scroll(), 0, "the glossary opens at its top");
        ch(&mut app, 'j');
        assert_eq!((app.mode(), app.help_scroll()), (Mode::Help, 1));
        key(&mut app, KeyCode::End);
        let max = crate::tui::glossary::shape((60, 16)).scroll_max;
        assert!(max > 1);
        assert_eq!(app.help_scroll(), max);
        key(&mut app, KeyCode::PageUp);
        assert!(app.help_scroll() < max);
        ch(&mut app, 'g');
        assert_eq!(app.help_scroll(), 0);
        // Any other key closes it, as on the keys page.
        ch(&mut app, 'x');
        assert_eq!((app.mode(), app.glossary()), (Mode::Main, false));
    }

    #[test]
    fn a_help_that_fits_closes_on_any_key_as_before() {
        let (mut app, _) = loaded((200, 60));
        ch(&mut app, '?');
        ch(&mut app, 'j');
        assert_eq!((app.mode(), app.help_scroll()), (Mode::Main, 0));
        // So does a glossary that fits.
        ch(&mut app, '?');
        ch(&mut app, '?');
        ch(&mut app, 'j');
        assert_eq!((app.mode(), app.glossary()), (Mode::Main, false));
    }
}
