//! The server's threads: one single-threaded tokio runtime per core, each
//! serving the connections handed to it from their first byte to their
//! last, as nginx's worker processes do.
//!
//! tokio's multi-thread runtime shares its tasks between threads: a
//! connection woken on one core may run on another, a thread with nothing
//! to do sleeps on a futex until another wakes it, and every socket's
//! readiness goes through one poller that the threads take turns holding.
//! For a cached page that costs more than the page does. Here each thread
//! polls its own sockets and runs its own tasks, and only a new connection
//! crosses threads, once: the thread that accepts it hands it to the worker
//! with the fewest connections.
//!
//! A worker that has run every task it had yields the core before it polls
//! its sockets again (`sched_yield`, which returns at once when nothing
//! else waits for the core). Without it, a busy worker, always finding
//! more requests ready, runs whole scheduler slices (two 4 ms ticks here)
//! while a client or another worker on the same core waits: with wrk on
//! the same two cores, p99 was 8 ms on the home page where it is 1 to 3 ms
//! now, at the same or a higher rate.
//!
//! Each worker also has its own blocking pool (a share of the server's),
//! where the pages its connections ask for are built, its own timers, and
//! its own graceful shutdown signal, which every connection polls each time
//! it runs (one shared by all would be a lock that every core takes).

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use hyper_util::server::graceful::{GracefulShutdown, Watcher};
use tokio::runtime::{Builder, Handle, Runtime};
use tokio::sync::watch;

/// The server's workers (the first runs on the thread that started them,
/// the others on threads of their own), and what it takes to pick one and
/// to stop them.
pub(crate) struct Workers {
    /// Every worker's runtime and load, the caller's first.
    workers: Vec<Worker>,
    /// The threads of the workers after the first.
    threads: Vec<JoinHandle<()>>,
    /// Tells those threads to stop: `true` once they should.
    stop: watch::Sender<bool>,
    /// Where the search for the least loaded worker starts next, so that
    /// equally loaded ones take turns.
    next: usize,
    /// How long each runtime waits for its blocking tasks at the end.
    grace: Duration,
}

/// One worker: where to spawn its tasks, how many connections it has, and
/// how to tell them that shutdown began.
struct Worker {
    handle: Handle,
    connections: Arc<AtomicUsize>,
    graceful: GracefulShutdown,
}

/// A connection's place on its worker: counted until dropped, and told when
/// shutdown begins.
pub(crate) struct Place {
    /// Counts the connection against its worker until dropped.
    pub(crate) load: Load,
    /// Tells the connection when shutdown begins.
    pub(crate) graceful: Watcher,
}

/// A connection counted against its worker until dropped.
pub(crate) struct Load(Arc<AtomicUsize>);

impl Drop for Load {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Workers {
    /// Starts `count` workers (at least one), sharing `blocking` threads for
    /// blocking work among them: the first is the runtime returned, for the
    /// caller's thread to run; the others run on threads of their own until
    /// [`Workers::stop`]. At the end each runtime waits up to `grace` for
    /// its blocking tasks.
    pub(crate) fn start(
        count: usize,
        blocking: usize,
        grace: Duration,
    ) -> io::Result<(Runtime, Self)> {
        let count = count.max(1);
        let blocking = blocking.div_ceil(count).max(1);
        let build = || {
            Builder::new_current_thread()
                .max_blocking_threads(blocking)
                // Between batches, not while idle: parking runs it once,
                // then blocks in the poller until a socket is ready.
                .on_thread_park(std::thread::yield_now)
                .enable_all()
                .build()
        };
        let first = build()?;
        let others = (1..count)
            .map(|_| build())
            .collect::<io::Result<Vec<_>>>()?;
        let (stop, stopped) = watch::channel(false);
        let mut workers = vec![Worker::new(first.handle().clone())];
        let mut threads = Vec::with_capacity(others.len());
        for (n, runtime) in others.into_iter().enumerate() {
            workers.push(Worker::new(runtime.handle().clone()));
            let mut stopped = stopped.clone();
            let thread = std::thread::Builder::new()
                .name(format!("blog-worker-{}", n + 1))
                .spawn(move || {
                    runtime.block_on(async {
                        // An error: the sender is gone, which is a stop too.
                        let _ = stopped.wait_for(|stop| *stop).await;
                    });
                    runtime.shutdown_timeout(grace);
                });
            match thread {
                Ok(thread) => threads.push(thread),
                Err(error) => {
                    // Stops the threads already started before failing.
                    Self::new(workers, threads, stop, grace).stop(first);
                    return Err(error);
                }
            }
        }
        Ok((first, Self::new(workers, threads, stop, grace)))
    }

    fn new(
        workers: Vec<Worker>,
        threads: Vec<JoinHandle<()>>,
        stop: watch::Sender<bool>,
        grace: Duration,
    ) -> Self {
        Self {
            workers,
            threads,
            stop,
            next: 0,
            grace,
        }
    }

    /// The worker with the fewest connections, to spawn a new connection's
    /// task on, and that connection's place on it.
    pub(crate) fn pick(&mut self) -> (&Handle, Place) {
        let count = self.workers.len();
        let start = self.next % count;
        let load = |n: &usize| self.workers[*n].connections.load(Ordering::Relaxed);
        let chosen = (start..count)
            .chain(0..start)
            .min_by_key(load)
            .unwrap_or(start);
        self.next = chosen + 1;
        let worker = &self.workers[chosen];
        worker.connections.fetch_add(1, Ordering::Relaxed);
        let place = Place {
            load: Load(Arc::clone(&worker.connections)),
            graceful: worker.graceful.watcher(),
        };
        (&worker.handle, place)
    }

    /// Tells every connection that shutdown began (each finishes the
    /// response it is writing, if any, and closes), and completes once all
    /// have closed. Called on the first worker's runtime.
    pub(crate) async fn finish_connections(&mut self) {
        let finishing: Vec<_> = self
            .workers
            .iter_mut()
            .map(|worker| tokio::spawn(std::mem::take(&mut worker.graceful).shutdown()))
            .collect();
        for finished in finishing {
            // A panic in one would only mean it stopped waiting.
            let _ = finished.await;
        }
    }

    /// Stops every worker: the tasks still running are dropped, and each
    /// runtime, `first` (on this thread) and the others' at the same time,
    /// waits up to the grace period for its blocking tasks.
    pub(crate) fn stop(self, first: Runtime) {
        self.stop.send_replace(true);
        first.shutdown_timeout(self.grace);
        for thread in self.threads {
            if thread.join().is_err() {
                tracing::error!("a worker thread panicked");
            }
        }
    }
}

impl Worker {
    fn new(handle: Handle) -> Self {
        Self {
            handle,
            connections: Arc::new(AtomicUsize::new(0)),
            graceful: GracefulShutdown::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// New connections go to the worker with the fewest, equal ones in
    /// turn; a connection that ends frees its place.
    #[test]
    fn connections_go_to_the_least_loaded_worker_in_turn() {
        let (first, mut workers) =
            Workers::start(3, 3, Duration::from_secs(1)).expect("starts the workers");
        let picked = |workers: &mut Workers| {
            let (handle, place) = workers.pick();
            let id = handle.id();
            let n = workers
                .workers
                .iter()
                .position(|w| w.handle.id() == id)
                .expect("one of them");
            (n, place)
        };
        let (a, load_a) = picked(&mut workers);
        let (b, _load_b) = picked(&mut workers);
        let (c, _load_c) = picked(&mut workers);
        assert_eq!([a, b, c], [0, 1, 2], "one each, in turn");
        drop(load_a);
        let (d, _load_d) = picked(&mut workers);
        assert_eq!(d, 0, "the one whose connection ended");
        let (e, _load_e) = picked(&mut workers);
        let (f, _load_f) = picked(&mut workers);
        assert_eq!([e, f], [1, 2], "then in turn again");
        workers.stop(first);
    }

    /// A task spawned on a worker runs on that worker's thread.
    #[test]
    fn a_task_runs_on_its_worker() {
        let (first, mut workers) =
            Workers::start(2, 2, Duration::from_secs(1)).expect("starts the workers");
        let _ = workers.pick();
        let (handle, _load) = workers.pick();
        let task = handle.spawn(async { std::thread::current().name().map(str::to_owned) });
        let name = first.block_on(task).expect("the task ends");
        assert_eq!(name.as_deref(), Some("blog-worker-1"));
        workers.stop(first);
    }
}
