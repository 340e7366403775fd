//! hyper's timer for one connection, cheap per request.
//!
//! hyper times the head of every request (`header_read_timeout`) with a new
//! sleep from its timer, dropped once the head is read. With hyper-util's
//! `TokioTimer`, that is a tokio `Sleep` allocated, registered and
//! cancelled per request, and registering and cancelling each take tokio's
//! timer lock. Here every sleep of a connection shares one tokio `Sleep`,
//! left set for the deadline it has unless that is later than a sleep's
//! own: each request's deadline is later than the one before, so the
//! shared `Sleep` wakes the connection early, about once per timeout, and
//! is set again then for the deadline of the sleep waiting. A request's
//! sleep is one small allocation, and its polls (hyper polls it each time
//! the head is not all there) need not touch tokio's timer at all.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};

/// The tokio `Sleep` a connection's sleeps share, made on first use.
type Shared = Arc<Mutex<Option<Armed>>>;

/// hyper's timer for one connection (one per `serve_connection`): its
/// sleeps must not be polled by two tasks at once, and hyper has only one
/// sleep of a connection waiting at a time.
#[derive(Default)]
pub(crate) struct ConnectionTimer {
    shared: Shared,
}

impl ConnectionTimer {
    /// Tells, for the life of the connection, whether hyper is timing a
    /// request head.
    pub(crate) fn head_timer(&self) -> HeadTimer {
        HeadTimer(Arc::downgrade(&self.shared))
    }
}

/// Whether one of a [`ConnectionTimer`]'s sleeps exists. hyper's HTTP/1
/// server has one kind: the request head's timeout, made when it starts
/// reading a head (a new connection's, or the next one on a kept-alive
/// connection) and dropped once the head is read. Each sleep holds the
/// shared `Sleep`, so it is there while more than the timer holds it.
pub(crate) struct HeadTimer(Weak<Mutex<Option<Armed>>>);

impl HeadTimer {
    /// Whether hyper is reading a request head under its timeout now.
    pub(crate) fn running(&self) -> bool {
        self.0.strong_count() > 1
    }
}

impl Timer for ConnectionTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        self.sleep_until(self.now() + duration)
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn Sleep>> {
        Box::pin(Until {
            deadline: tokio::time::Instant::from_std(deadline),
            shared: Arc::clone(&self.shared),
        })
    }

    /// tokio's clock, so that a paused clock in tests pauses this too.
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn reset(&self, sleep: &mut Pin<Box<dyn Sleep>>, new_deadline: Instant) {
        *sleep = self.sleep_until(new_deadline);
    }
}

/// One sleep of a connection: done at `deadline`.
struct Until {
    deadline: tokio::time::Instant,
    shared: Shared,
}

impl Sleep for Until {}

impl Future for Until {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // A lock poisoned by a panic in a poll: this sleep is over, and the
        // connection with it, rather than never.
        let Ok(mut shared) = self.shared.lock() else {
            return Poll::Ready(());
        };
        let deadline = self.deadline;
        shared
            .get_or_insert_with(|| Armed::new(deadline))
            .poll_until(deadline, cx)
    }
}

/// The tokio `Sleep` of a connection, and the waker it was last polled
/// with while it waits.
struct Armed {
    sleep: Pin<Box<tokio::time::Sleep>>,
    /// Set when a poll left it waiting: it wakes that waker when it is
    /// over, so polling it again for the same task would do nothing.
    waker: Option<Waker>,
}

impl Armed {
    fn new(deadline: tokio::time::Instant) -> Self {
        Self {
            sleep: Box::pin(tokio::time::sleep_until(deadline)),
            waker: None,
        }
    }

    /// Polls it for a sleep that ends at `deadline`. Set for an earlier
    /// deadline, it is left so, and when that comes (it wakes the task),
    /// set for this one.
    fn poll_until(&mut self, deadline: tokio::time::Instant, cx: &mut Context<'_>) -> Poll<()> {
        if self.sleep.deadline() > deadline {
            self.set(deadline);
        }
        let waiting = self.waker.as_ref().is_some_and(|w| w.will_wake(cx.waker()));
        if waiting && !self.sleep.is_elapsed() {
            return Poll::Pending;
        }
        loop {
            if self.sleep.as_mut().poll(cx).is_pending() {
                self.waker = Some(cx.waker().clone());
                return Poll::Pending;
            }
            if self.sleep.deadline() >= deadline {
                self.waker = None;
                return Poll::Ready(());
            }
            self.set(deadline);
        }
    }

    fn set(&mut self, deadline: tokio::time::Instant) {
        self.sleep.as_mut().reset(deadline);
        self.waker = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sleeps of one timer, one after the other through one tokio `Sleep`,
    /// each end at their own deadline, later or earlier than the one before,
    /// even when the one before was dropped while waiting.
    #[tokio::test]
    async fn each_sleep_ends_at_its_own_deadline() {
        let timer = ConnectionTimer::default();
        let slack = Duration::from_millis(500);
        for millis in [60, 150, 20, 20, 90] {
            let wanted = Duration::from_millis(millis);
            let began = Instant::now();
            timer.sleep(wanted).await;
            let took = began.elapsed();
            assert!(
                took >= wanted && took < wanted + slack,
                "{millis} ms took {took:?}"
            );
        }

        let mut short = timer.sleep(Duration::from_millis(50));
        let polled = tokio::time::timeout(Duration::from_millis(5), &mut short).await;
        assert!(polled.is_err(), "50 ms were over after 5");
        drop(short);
        let began = Instant::now();
        timer.sleep(Duration::from_millis(300)).await;
        let took = began.elapsed();
        assert!(
            took >= Duration::from_millis(300),
            "took {took:?}: the dropped one's deadline"
        );
        assert!(
            took < Duration::from_millis(300) + slack,
            "took {took:?}: not woken again after the dropped one's deadline"
        );

        let past = timer.sleep_until(timer.now() - Duration::from_millis(1));
        tokio::time::timeout(Duration::from_millis(100), past)
            .await
            .expect("a past deadline is over at once");
    }

    /// The head timer runs while a sleep of the timer exists, whether or
    /// not it was polled or is over.
    #[tokio::test]
    async fn the_head_timer_runs_while_a_sleep_exists() {
        let timer = ConnectionTimer::default();
        let head = timer.head_timer();
        assert!(!head.running());
        let mut sleep = timer.sleep(Duration::from_millis(10));
        assert!(head.running(), "made, not polled");
        (&mut sleep).await;
        assert!(head.running(), "over, not dropped");
        drop(sleep);
        assert!(!head.running());
        let again = timer.sleep(Duration::from_secs(5));
        assert!(head.running());
        drop(again);
        assert!(!head.running());
    }
}
