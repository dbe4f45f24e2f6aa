//! `theme = "auto"`: asks the terminal for its background colour (OSC 11) once, before the
//! dashboard takes the screen, and says whether a dark or a light theme reads on it.
//!
//! The query is bounded (`TIMEOUT`): a terminal that does not answer costs that much at
//! start and gets the dark theme. The terminal's answer is read here, before the event
//! stream starts, so it never reaches the keys; whatever a slow terminal had queued by the
//! deadline is dropped from the input queue, so that it cannot arrive as key presses.

use std::time::Duration;

use terminal_colorsaurus::{QueryOptions, background_color};

use super::ui::theme::Preset;

/// How long the terminal has to answer. A local terminal (or tmux) answers in a few
/// milliseconds; one that does not know the query answers the device-attributes query
/// sent after it at once, so only a silent terminal waits this long.
pub const TIMEOUT: Duration = Duration::from_millis(150);

/// The preset for the terminal's background: light on a light background, dark on a dark
/// one, `None` when it does not say. Blocking (it reads the terminal): run it off the
/// async runtime's workers.
pub fn ask(timeout: Duration) -> Option<Preset> {
    let mut options = QueryOptions::default();
    options.timeout = timeout;
    match background_color(options) {
        Ok(c) => Some(preset_for(c.perceived_lightness())),
        Err(e) => {
            tracing::debug!("the terminal did not say its background: {e}");
            // A late or partial answer would otherwise be read as keys.
            let _ =
                rustix::termios::tcflush(std::io::stdin(), rustix::termios::QueueSelector::IFlush);
            None
        }
    }
}

/// Light text on dark backgrounds, dark text on light ones: the cut is mid-grey
/// (perceived lightness from 0, black, to 1, white).
fn preset_for(lightness: f32) -> Preset {
    if lightness > 0.5 {
        Preset::Light
    } else {
        Preset::Dark
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn white_is_light_and_black_is_dark() {
        assert_eq!(preset_for(1.0), Preset::Light);
        assert_eq!(preset_for(0.9), Preset::Light);
        assert_eq!(preset_for(0.0), Preset::Dark);
        assert_eq!(preset_for(0.2), Preset::Dark);
    }
}
