//! The broker's log output: one line per event on stdout, as Kafka's
//! console appender writes them.
//!
//! Invariants:
//! - logging never crashes nor blocks the broker: lines go through a bounded
//!   queue to a writer thread; a full queue drops lines (and says how many
//!   once there is room again), a write error (EPIPE when the reader of a
//!   `| tee` pipe is gone, ENOSPC, ...) drops the line and is never reported
//!   on a stream that may be the same broken pipe;
//! - colours only on a terminal, and never when `NO_COLOR` is set;
//! - without `RUST_LOG`, openraft's reports about unreachable or slow peers
//!   and stale vote responses (expected during every election and every peer
//!   restart) are left out; `RUST_LOG=openraft=debug` shows them all.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::Arc;
use std::time::Duration;

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::util::SubscriberInitExt;

/// The default filter: info, and openraft's own lines only from warn up.
const DEFAULT_FILTER: &str = "info,openraft=warn";

/// How many log lines may wait for the writer thread. A stdout that does
/// not drain (a stopped pager, a full pipe) holds at most this many lines
/// (at most a few hundred KiB); later lines are dropped and counted.
const QUEUED_LINES_MAX: usize = 4096;

/// How long exiting waits for the queued lines to be written.
const FLUSH_ON_EXIT_TIMEOUT: Duration = Duration::from_secs(2);

enum Line {
    Text(Vec<u8>),
    /// Answered once every line queued before it is written.
    Flush(SyncSender<()>),
}

/// The queue to the writer thread.
struct Output {
    tx: SyncSender<Line>,
    dropped: AtomicU64,
}

impl Output {
    fn start() -> Arc<Output> {
        let (tx, rx) = sync_channel(QUEUED_LINES_MAX);
        std::thread::Builder::new()
            .name("log-writer".into())
            .spawn(move || write_lines(rx))
            .expect("log writer thread");
        Arc::new(Output {
            tx,
            dropped: AtomicU64::new(0),
        })
    }

    fn send(&self, bytes: Vec<u8>) {
        let dropped = self.dropped.swap(0, Ordering::Relaxed);
        if dropped > 0 {
            let note = format!("({dropped} log lines dropped: stdout did not keep up)\n");
            if self.tx.try_send(Line::Text(note.into_bytes())).is_err() {
                self.dropped.fetch_add(dropped, Ordering::Relaxed);
            }
        }
        match self.tx.try_send(Line::Text(bytes)) {
            Ok(()) | Err(TrySendError::Disconnected(_)) => {}
            Err(TrySendError::Full(_)) => {
                self.dropped.fetch_add(1, Ordering::Relaxed);
            }
        }
    }

    /// Waits (a bounded time) until the lines queued so far are written.
    fn flush(&self) {
        let (done_tx, done_rx) = sync_channel(1);
        if self
            .tx
            .send_timeout_compat(Line::Flush(done_tx), FLUSH_ON_EXIT_TIMEOUT)
        {
            let _ = done_rx.recv_timeout(FLUSH_ON_EXIT_TIMEOUT);
        }
    }
}

trait SendTimeout {
    fn send_timeout_compat(&self, line: Line, timeout: Duration) -> bool;
}

impl SendTimeout for SyncSender<Line> {
    /// `SyncSender` has no `send_timeout`: retry `try_send` until the deadline.
    fn send_timeout_compat(&self, mut line: Line, timeout: Duration) -> bool {
        let deadline = std::time::Instant::now() + timeout;
        loop {
            match self.try_send(line) {
                Ok(()) => return true,
                Err(TrySendError::Disconnected(_)) => return false,
                Err(TrySendError::Full(back)) => {
                    if std::time::Instant::now() >= deadline {
                        return false;
                    }
                    line = back;
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
        }
    }
}

/// The writer thread: write errors are dropped (see the module invariants).
fn write_lines(rx: Receiver<Line>) {
    let stdout = std::io::stdout();
    for line in rx {
        match line {
            Line::Text(bytes) => {
                let mut out = stdout.lock();
                let _ = out.write_all(&bytes).and_then(|_| out.flush());
            }
            Line::Flush(done) => {
                let _ = done.try_send(());
            }
        }
    }
}

/// One event's formatted bytes, queued as one line when dropped.
pub struct LineWriter {
    output: Arc<Output>,
    buf: Vec<u8>,
}

impl Write for LineWriter {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for LineWriter {
    fn drop(&mut self) {
        if !self.buf.is_empty() {
            self.output.send(std::mem::take(&mut self.buf));
        }
    }
}

#[derive(Clone)]
struct MakeLineWriter(Arc<Output>);

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for MakeLineWriter {
    type Writer = LineWriter;
    fn make_writer(&'a self) -> LineWriter {
        LineWriter {
            output: self.0.clone(),
            buf: Vec::new(),
        }
    }
}

/// Whether to colour: only on a terminal, and `NO_COLOR` (any non-empty
/// value, <https://no-color.org>) turns it off.
pub fn use_colour(is_terminal: bool, no_color: Option<&std::ffi::OsStr>) -> bool {
    is_terminal && no_color.is_none_or(|v| v.is_empty())
}

/// Whether an openraft event is one of its expected reports about peers:
/// an unreachable or slow peer (every election before all voters are up,
/// every peer restart), a vote response that came after the vote changed,
/// the replication backoff that follows. The broker reports what matters
/// of these itself (a broker missing its heartbeats is fenced, and logged).
pub fn is_quorum_noise(target: &str, level: &Level, text: &str) -> bool {
    const EXPECTED: [&str; 5] = [
        "Unreachable node",
        "Timeout",
        "timeout",
        "vote changed",
        "backoff mode",
    ];
    target.starts_with("openraft")
        && *level <= Level::WARN
        && EXPECTED.iter().any(|e| text.contains(e))
}

/// Drops [`is_quorum_noise`] events.
struct QuorumNoise;

#[derive(Default)]
struct Text(String);

impl Visit for Text {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        use std::fmt::Write as _;
        let _ = write!(self.0, " {}={:?}", field.name(), value);
    }
}

impl<S: Subscriber> Layer<S> for QuorumNoise {
    fn event_enabled(&self, event: &Event<'_>, _: Context<'_, S>) -> bool {
        let meta = event.metadata();
        if !meta.target().starts_with("openraft") {
            return true;
        }
        let mut text = Text::default();
        event.record(&mut text);
        !is_quorum_noise(meta.target(), meta.level(), &text.0)
    }
}

/// Flushes the queued log lines when dropped (before the process exits).
pub struct Guard(Arc<Output>);

impl Drop for Guard {
    fn drop(&mut self) {
        self.0.flush();
    }
}

/// Installs the broker's logger: `RUST_LOG` if set, else [`DEFAULT_FILTER`].
pub fn init() -> Guard {
    let output = Output::start();
    let user_filter = std::env::var_os("RUST_LOG").is_some();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| DEFAULT_FILTER.into());
    let colour = use_colour(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
    );
    let fmt = tracing_subscriber::fmt::layer()
        .with_target(false)
        .with_ansi(colour)
        .log_internal_errors(false)
        .with_writer(MakeLineWriter(output.clone()));
    let _ = tracing_subscriber::registry()
        .with(filter)
        .with((!user_filter).then_some(QuorumNoise))
        .with(fmt)
        .try_init();
    Guard(output)
}

/// Writes a message to stderr, ignoring errors: stderr may be the broken
/// pipe of a `2>&1 | tee` whose reader is gone.
pub fn to_stderr(message: &str) {
    let _ = writeln!(std::io::stderr(), "{message}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::OsStr;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_colour(true, None));
        assert!(use_colour(true, Some(OsStr::new(""))));
        assert!(!use_colour(true, Some(OsStr::new("1"))));
        assert!(!use_colour(false, None));
    }

    #[test]
    fn expected_election_reports_are_noise() {
        let raft = "openraft::core::raft_core";
        assert!(is_quorum_noise(
            raft,
            &Level::ERROR,
            " message=while requesting vote error=Unreachable node: Connection refused"
        ));
        assert!(is_quorum_noise(
            "openraft::replication",
            &Level::WARN,
            " message=A message will be ignored because vote changed"
        ));
        // openraft's other errors stay, and so do the broker's own.
        assert!(!is_quorum_noise(
            raft,
            &Level::ERROR,
            " message=storage error"
        ));
        assert!(!is_quorum_noise(
            "broker::server",
            &Level::ERROR,
            "Unreachable node"
        ));
        assert!(!is_quorum_noise(raft, &Level::INFO, "timeout"));
    }
}
