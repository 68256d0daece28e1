//! When the server has been quiet for a while: no rebuild, no connection opened or closed.
//!
//! Owns: the moment of the last activity, and a thread that calls a given function once per
//! quiet spell (`main.rs` hands in the allocator's purge: freed memory goes back to the system
//! when the server idles, not in the middle of a run of saves, which would fault it in again).
//! Does not: know what the function does.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How long nothing must happen before the server counts as idle.
pub const QUIET: Duration = Duration::from_secs(5);

/// How often the quiet thread looks.
const LOOK_EVERY: Duration = Duration::from_millis(500);

/// Shared by the watcher, the connection threads and the quiet thread.
#[derive(Clone)]
pub struct Activity {
    started: Instant,
    /// ms since `started` of the last activity.
    last_ms: Arc<AtomicU64>,
    /// Something happened since the quiet function last ran.
    pending: Arc<AtomicBool>,
}

impl Activity {
    /// Starts the thread that runs `on_quiet` once after each stretch of activity, when
    /// `QUIET` has passed without any.
    pub fn watch(on_quiet: fn()) -> Activity {
        let activity = Activity {
            started: Instant::now(),
            last_ms: Arc::new(AtomicU64::new(0)),
            pending: Arc::new(AtomicBool::new(true)),
        };
        let watched = activity.clone();
        let _ = thread::Builder::new()
            .name("quiet".into())
            .stack_size(64 * 1024)
            .spawn(move || loop {
                thread::sleep(LOOK_EVERY);
                if watched.quiet_for() >= QUIET && watched.pending.swap(false, Ordering::SeqCst) {
                    on_quiet();
                }
            });
        activity
    }

    /// Notes that something happened now.
    pub fn touch(&self) {
        let now = self.started.elapsed().as_millis() as u64;
        self.last_ms.store(now, Ordering::SeqCst);
        self.pending.store(true, Ordering::SeqCst);
    }

    fn quiet_for(&self) -> Duration {
        let last = Duration::from_millis(self.last_ms.load(Ordering::SeqCst));
        self.started.elapsed().saturating_sub(last)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    static RUNS: AtomicUsize = AtomicUsize::new(0);

    fn count() {
        RUNS.fetch_add(1, Ordering::SeqCst);
    }

    #[test]
    fn runs_once_per_quiet_spell_and_not_while_busy() {
        let activity = Activity::watch(count);
        // Busy: a touch every 100 ms for longer than QUIET.
        let busy_until = Instant::now() + QUIET + Duration::from_secs(1);
        while Instant::now() < busy_until {
            activity.touch();
            thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(
            RUNS.load(Ordering::SeqCst),
            0,
            "ran while the server was busy"
        );
        thread::sleep(QUIET + 2 * LOOK_EVERY);
        assert_eq!(RUNS.load(Ordering::SeqCst), 1, "did not run once quiet");
        thread::sleep(2 * LOOK_EVERY);
        assert_eq!(RUNS.load(Ordering::SeqCst), 1, "ran again with nothing new");
        activity.touch();
        thread::sleep(QUIET + 2 * LOOK_EVERY);
        assert_eq!(
            RUNS.load(Ordering::SeqCst),
            2,
            "did not run after the next spell"
        );
    }
}
