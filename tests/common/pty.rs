//! The real binary in a pseudo-terminal, its screen read through a terminal emulator
//! (vt100), for tests that press keys and read what a person would see.

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, PtySize, native_pty_system};

pub struct Pty {
    child: Box<dyn Child + Send + Sync>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    parser: Arc<Mutex<vt100::Parser>>,
    raw: Arc<Mutex<Vec<u8>>>,
    // Kept open so the child keeps its terminal.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Pty {
    /// Starts the binary with `args` and exactly the environment `env` (plus PATH).
    pub fn spawn(
        args: &[&str],
        env: &[(String, String)],
        cwd: &std::path::Path,
        cols: u16,
        rows: u16,
    ) -> Pty {
        Pty::spawn_answering(args, env, cwd, cols, rows, None)
    }

    /// `spawn`, with a terminal that answers a query: the first time the program writes
    /// `answer.0`, the terminal sends back `answer.1` at once (from the reading thread, as
    /// a real terminal would, without waiting for a poll).
    pub fn spawn_answering(
        args: &[&str],
        env: &[(String, String)],
        cwd: &std::path::Path,
        cols: u16,
        rows: u16,
        answer: Option<(&'static [u8], &'static [u8])>,
    ) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_clarityq-usage"));
        cmd.args(args);
        Pty::start(cmd, env, cwd, (cols, rows), answer)
    }

    /// A shell line run in the terminal (`sh -c`), with the binary's path in `$BIN`: for
    /// a pipe into it, whose keys then come from the terminal itself.
    #[allow(dead_code)]
    pub fn spawn_shell(
        line: &str,
        env: &[(String, String)],
        cwd: &std::path::Path,
        cols: u16,
        rows: u16,
    ) -> Pty {
        let mut cmd = CommandBuilder::new("sh");
        cmd.args(["-c", line]);
        let mut env = env.to_vec();
        env.push(("BIN".into(), env!("CARGO_BIN_EXE_clarityq-usage").into()));
        Pty::start(cmd, &env, cwd, (cols, rows), None)
    }

    fn start(
        mut cmd: CommandBuilder,
        env: &[(String, String)],
        cwd: &std::path::Path,
        (cols, rows): (u16, u16),
        answer: Option<(&'static [u8], &'static [u8])>,
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        cmd.env_clear();
        cmd.env("PATH", std::env::var("PATH").unwrap_or_default());
        cmd.env("TERM", "xterm-256color");
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.cwd(cwd);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r, w) = (parser.clone(), raw.clone(), writer.clone());
        let mut answer = answer;
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                // Raw first: whatever the screen shows, the raw bytes already hold.
                let mut raw = r.lock().unwrap();
                raw.extend_from_slice(&buf[..n]);
                if let Some((query, reply)) = answer
                    && raw.windows(query.len()).any(|q| q == query)
                {
                    let mut w = w.lock().unwrap();
                    let _ = w.write_all(reply).and_then(|_| w.flush());
                    answer = None;
                }
                drop(raw);
                p.lock().unwrap().process(&buf[..n]);
            }
        });
        Pty {
            child,
            writer,
            parser,
            raw,
            _master: pair.master,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// The screen once it has stopped changing for 150 ms (a frame arrives in several
    /// writes; one read in the middle of it mixes two frames), or after `timeout`.
    #[allow(dead_code)]
    pub fn settled(&self, timeout: Duration) -> String {
        let end = Instant::now() + timeout;
        let mut last = self.screen();
        loop {
            std::thread::sleep(Duration::from_millis(150));
            let now = self.screen();
            if now == last || Instant::now() > end {
                return now;
            }
            last = now;
        }
    }

    /// Everything the program wrote, escape sequences included.
    pub fn raw(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Waits until the screen shows `needle`; the screen on failure.
    pub fn wait_for(&self, needle: &str, timeout: Duration) -> Result<String, String> {
        self.wait_until(|s| s.contains(needle), timeout)
    }

    pub fn wait_until(
        &self,
        ok: impl Fn(&str) -> bool,
        timeout: Duration,
    ) -> Result<String, String> {
        let end = Instant::now() + timeout;
        loop {
            let s = self.screen();
            if ok(&s) {
                return Ok(s);
            }
            if Instant::now() > end {
                return Err(s);
            }
            std::thread::sleep(Duration::from_millis(30));
        }
    }

    /// Waits until the raw output holds `needle` (a frame can span several reads).
    pub fn wait_raw(&self, needle: &str, timeout: Duration) -> bool {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if String::from_utf8_lossy(&self.raw()).contains(needle) {
                return true;
            }
            std::thread::sleep(Duration::from_millis(30));
        }
        false
    }

    pub fn send(&mut self, bytes: &[u8]) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(bytes).unwrap();
        w.flush().unwrap();
        drop(w);
        // Keys sent together could read as one escape sequence (Esc then a key is Alt+key).
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Waits for the process to end; its exit code.
    pub fn wait_exit(&mut self, timeout: Duration) -> Option<u32> {
        let end = Instant::now() + timeout;
        while Instant::now() < end {
            if let Ok(Some(st)) = self.child.try_wait() {
                // Let the reader drain what was written last.
                std::thread::sleep(Duration::from_millis(100));
                return Some(st.exit_code());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        None
    }

    /// Resizes the terminal, as a person dragging the window would (SIGWINCH follows).
    pub fn resize(&mut self, cols: u16, rows: u16) {
        // The emulator first: the program redraws as soon as the pty tells it, and that
        // frame must be read at the new size.
        let mut parser = self.parser.lock().unwrap();
        parser.screen_mut().set_size(rows, cols);
        self._master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
    }

    pub fn pid(&self) -> Option<u32> {
        self.child.process_id()
    }

    /// The terminal's line settings as `stty -a` prints them (e.g. to see that raw mode
    /// was turned off: `icanon` and `echo` without a `-`).
    pub fn stty(&self) -> String {
        let tty = self._master.tty_name().expect("the pty has a name");
        let out = std::process::Command::new("stty")
            .arg("-a")
            .arg("-F")
            .arg(tty)
            .output()
            .expect("stty runs");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

impl Drop for Pty {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}
