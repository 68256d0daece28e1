//! What the benchmark examples share: wall and CPU time of a piece of work, medians, and the
//! lesson they save. Included by `#[path]` (examples share no library of their own).

use std::time::Instant;

/// User + system CPU time of this process so far, in ms.
pub fn cpu_ms() -> f64 {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::uninit();
    // SAFETY: getrusage fills the struct it is given.
    let usage = unsafe {
        libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr());
        usage.assume_init()
    };
    let ms = |t: libc::timeval| t.tv_sec as f64 * 1e3 + t.tv_usec as f64 / 1e3;
    ms(usage.ru_utime) + ms(usage.ru_stime)
}

/// Wall and CPU ms of `f`.
pub fn time<T>(f: impl FnOnce() -> T) -> (T, f64, f64) {
    let (wall, cpu) = (Instant::now(), cpu_ms());
    let out = f();
    (out, wall.elapsed().as_secs_f64() * 1e3, cpu_ms() - cpu)
}

pub fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

/// The lesson in the middle of the site's lessons (module intros left out), by index into
/// `sources.content`.
pub fn middle_lesson(sources: &leerpad::Sources) -> usize {
    let lessons: Vec<usize> = (0..sources.content.len())
        .filter(|&i| {
            let p = sources.content[i].path.to_string_lossy().into_owned();
            p.contains("/modules/") && !p.ends_with("_module.md")
        })
        .collect();
    lessons[lessons.len() / 2]
}
