//! The accept loop: one task per connection, bounded in number and in
//! time, and graceful shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::task::{Context, Poll, ready};
use std::time::{Duration, Instant};

use hyper::body::{Body as _, Incoming};
use hyper::header::{self, HeaderValue};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::time::Sleep;

use crate::respond::{Body, plain, secure};
use crate::timer::ConnectionTimer;
use crate::{State, handle};

/// Limits of the accept loop.
#[derive(Debug, Clone, Copy)]
pub struct ServeOptions {
    /// How long a client may take to send a request's headers; also how long
    /// a connection may wait with no byte read or written (an idle
    /// keep-alive connection, or a client that stopped reading).
    pub header_read_timeout: Duration,
    /// How long a request may take from its headers to its response.
    pub request_timeout: Duration,
    /// The most connections served at once; more wait to be accepted.
    pub max_connections: usize,
    /// How long in-flight requests may take to finish after shutdown starts.
    pub shutdown_grace: Duration,
}

impl Default for ServeOptions {
    fn default() -> Self {
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
        }
    }
}

/// The largest request head read (request line and headers): hyper answers
/// 431 past it. hyper's smallest allowed buffer.
const MAX_HEAD: usize = 8192;

/// The most header fields a request may have.
const MAX_HEADERS: usize = 64;

/// Serves `state` on `listener` until `shutdown` completes, then stops
/// accepting and gives in-flight requests `options.shutdown_grace` to finish.
pub async fn serve(
    listener: TcpListener,
    state: State,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) {
    let graceful = GracefulShutdown::new();
    let slots = Arc::new(Semaphore::new(options.max_connections.max(1)));
    tokio::pin!(shutdown);
    loop {
        // Wait for a free slot first: at the cap, new clients wait in the
        // kernel's backlog rather than take memory here.
        let slot = tokio::select! {
            slot = Arc::clone(&slots).acquire_owned() => slot,
            () = &mut shutdown => break,
        };
        let Ok(slot) = slot else { break };
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: pause, go on.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Small responses go out at once rather than after a delayed ACK.
        let _ = stream.set_nodelay(true);
        let state = state.clone();
        let answering = Answering::default();
        let service = {
            let answering = answering.clone();
            service_fn(move |request: Request<Incoming>| {
                let state = state.clone();
                let answering = answering.clone();
                async move {
                    let _answering = answering.start();
                    Ok::<_, Infallible>(timed(&state, request, options).await)
                }
            })
        };
        let io = Stalled::new(stream, options.header_read_timeout, answering);
        let connection = http1::Builder::new()
            .timer(ConnectionTimer::default())
            .header_read_timeout(options.header_read_timeout)
            .max_buf_size(MAX_HEAD)
            .max_headers(MAX_HEADERS)
            .serve_connection(TokioIo::new(io), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection ended with an error");
            }
            drop(slot);
        });
    }
    drop(listener);
    if tokio::time::timeout(options.shutdown_grace, graceful.shutdown())
        .await
        .is_err()
    {
        tracing::warn!("some connections did not finish in time");
    }
}

/// Answers `request` within the request timeout, and logs it.
async fn timed(state: &State, request: Request<Incoming>, options: ServeOptions) -> Response<Body> {
    // The clock is read for the log line only, when it is written.
    let start = tracing::enabled!(tracing::Level::INFO).then(Instant::now);
    let response =
        match tokio::time::timeout(options.request_timeout, handle(state, &request)).await {
            Ok(response) => response,
            Err(_) => {
                let mut r = plain(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable\n");
                r.headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                secure(r.headers_mut());
                r
            }
        };
    if let Some(start) = start {
        tracing::info!(
            method = %request.method(),
            path = request.uri().path(),
            status = response.status().as_u16(),
            bytes = response.body().size_hint().exact().unwrap_or(0),
            micros = u64::try_from(start.elapsed().as_micros()).unwrap_or(u64::MAX),
            "request"
        );
    }
    response
}

/// Whether a connection's request is being answered. hyper keeps reading
/// while its service runs (to see the client leave), and that read waits
/// for the server, not for the client: the request timeout bounds it.
#[derive(Clone, Default)]
struct Answering(Arc<AtomicBool>);

impl Answering {
    /// Marks the connection as answering until the guard is dropped (the
    /// answer is made, or abandoned).
    fn start(&self) -> AnsweringGuard {
        self.0.store(true, Ordering::Release);
        AnsweringGuard(Arc::clone(&self.0))
    }

    fn now(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }
}

/// Clears [`Answering`] when dropped.
struct AnsweringGuard(Arc<AtomicBool>);

impl Drop for AnsweringGuard {
    fn drop(&mut self) {
        self.0.store(false, Ordering::Release);
    }
}

/// A connection that fails when a read or a write waits longer than its
/// limit for the other side: a client that stops sending or stops reading
/// cannot hold a connection (and its slot) for long. A read made while a
/// request is being answered waits on the server, so it has no limit here.
struct Stalled<T> {
    io: T,
    limit: Duration,
    answering: Answering,
    read: Watch,
    write: Watch,
}

impl<T> Stalled<T> {
    fn new(io: T, limit: Duration, answering: Answering) -> Self {
        Self {
            io,
            limit,
            answering,
            read: Watch::default(),
            write: Watch::default(),
        }
    }
}

/// The stall timer of one direction of a connection: armed when a read (or
/// a write) first waits, disarmed when it makes progress, an error when it
/// fires.
///
/// One `Sleep` serves the connection's whole life. Each wait pushes its
/// deadline later, which tokio does without its timer lock while the
/// `Sleep` is still registered; dropping one `Sleep` per wait would take
/// that lock (shared by every worker) twice per request. A `Sleep` left
/// behind fires at its old deadline at most once and only wakes the
/// connection's task.
#[derive(Default)]
struct Watch {
    sleep: Option<Pin<Box<Sleep>>>,
    waiting: bool,
}

impl Watch {
    /// Stops waiting: the next wait starts a new deadline.
    fn disarm(&mut self) {
        self.waiting = false;
    }

    /// Polls `ready` (a read or a write) under this timer.
    fn poll<R>(
        &mut self,
        limit: Duration,
        cx: &mut Context<'_>,
        ready: Poll<io::Result<R>>,
    ) -> Poll<io::Result<R>> {
        if ready.is_ready() {
            self.waiting = false;
            return ready;
        }
        if !self.waiting {
            self.waiting = true;
            let deadline = tokio::time::Instant::now() + limit;
            match &mut self.sleep {
                Some(sleep) => sleep.as_mut().reset(deadline),
                None => self.sleep = Some(Box::pin(tokio::time::sleep_until(deadline))),
            }
        }
        let sleep = self
            .sleep
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        ready!(sleep.as_mut().poll(cx));
        self.waiting = false;
        Poll::Ready(Err(io::Error::new(
            io::ErrorKind::TimedOut,
            "the client sent or read nothing in time",
        )))
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Stalled<T> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_read(cx, buf);
        if this.answering.now() {
            this.read.disarm();
            return ready;
        }
        this.read.poll(this.limit, cx, ready)
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Stalled<T> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_write(cx, buf);
        this.write.poll(this.limit, cx, ready)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.write.poll(this.limit, cx, ready)
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_flush(cx);
        this.write.poll(this.limit, cx, ready)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}
