//! The accept loop: one task per connection, on one of the workers,
//! bounded in number and in time, and graceful shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
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
use socket2::{Domain, Protocol, Socket, Type};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Sleep;

use crate::respond::{Body, plain, secure};
use crate::timer::{ConnectionTimer, HeadTimer};
use crate::workers::{Place, Workers};
use crate::{State, handle};

/// Limits of the accept loop, and its threads.
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
    /// Threads serving connections: one per core unless told.
    pub threads: usize,
    /// Threads building pages (CPU-bound work, so a few per core is all
    /// that helps; more would only hold more memory at once), shared among
    /// the serving threads.
    pub blocking_threads: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, usize::from);
        Self {
            header_read_timeout: Duration::from_secs(10),
            request_timeout: Duration::from_secs(30),
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(10),
            threads: cores,
            blocking_threads: 4 * cores,
        }
    }
}

/// The largest request head read (request line and headers): hyper answers
/// 431 past it. hyper's smallest allowed buffer.
const MAX_HEAD: usize = 8192;

/// The backlog of the listening socket: connections the kernel completes
/// before they are accepted (and, at the connection cap, waiting for a
/// slot). tokio's, for its listeners.
const BACKLOG: i32 = 1024;

/// A listening socket at `addr` (port 0 picks a free one), to [`serve`] on.
pub fn bind(addr: SocketAddr) -> io::Result<std::net::TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // A restarted server can listen again at once, with the previous one's
    // connections still in TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(BACKLOG)?;
    socket.set_nonblocking(true)?;
    Ok(socket.into())
}

/// Serves `state` on `listener` (from [`bind`]) until `shutdown` completes,
/// then stops accepting, gives in-flight requests `options.shutdown_grace`
/// to finish, and the pages still being built as long again.
///
/// The calling thread accepts connections and serves its share of them;
/// `options.threads - 1` more threads serve the others (see `workers.rs`).
pub fn serve(
    listener: std::net::TcpListener,
    state: State,
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> io::Result<()> {
    listener.set_nonblocking(true)?;
    let (runtime, mut workers) = Workers::start(
        options.threads,
        options.blocking_threads,
        options.shutdown_grace,
    )?;
    let served = runtime.block_on(async {
        let listener = TcpListener::from_std(listener)?;
        accept(listener, &state, options, &mut workers, shutdown).await;
        io::Result::Ok(())
    });
    workers.stop(runtime);
    served
}

/// Accepts connections on `listener` until `shutdown` completes, handing
/// each to a worker; then waits for in-flight requests (up to the grace
/// period).
async fn accept(
    listener: TcpListener,
    state: &State,
    options: ServeOptions,
    workers: &mut Workers,
    shutdown: impl Future<Output = ()>,
) {
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
            accepted = listener.accept() => match accepted.and_then(|(s, _)| s.into_std()) {
                Ok(stream) => stream,
                Err(error) => {
                    // Out of file descriptors and the like: pause, go on.
                    tracing::warn!(%error, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let (worker, place) = workers.pick();
        let connection = Connection {
            state: state.clone(),
            options,
            slot,
            place,
        };
        worker.spawn(connection.serve(stream));
    }
    drop(listener);
    if tokio::time::timeout(options.shutdown_grace, workers.finish_connections())
        .await
        .is_err()
    {
        tracing::warn!("some connections did not finish in time");
    }
}

/// What a connection's task holds besides its socket.
struct Connection {
    state: State,
    options: ServeOptions,
    /// Its place under the connection cap.
    slot: OwnedSemaphorePermit,
    /// Its place on its worker: counted, and told when shutdown begins.
    place: Place,
}

impl Connection {
    /// Serves the requests of `stream`, on the worker it was handed to.
    async fn serve(self, stream: std::net::TcpStream) {
        let Self {
            state,
            options,
            slot,
            place,
        } = self;
        // Registered with this worker's poller, not the acceptor's.
        let stream = match TcpStream::from_std(stream) {
            Ok(stream) => stream,
            Err(error) => {
                tracing::warn!(%error, "cannot serve an accepted connection");
                return;
            }
        };
        // Small responses go out at once rather than after a delayed ACK.
        let _ = stream.set_nodelay(true);
        let requests = Arc::new(Requests {
            state,
            options,
            answering: AtomicBool::new(false),
        });
        let service = {
            let requests = Arc::clone(&requests);
            service_fn(move |request: Request<Incoming>| {
                // From the moment hyper has the request: it reads again
                // before it polls the answer. (One count of this
                // connection's own, no other thread's.)
                let answering = Answering::begin(Arc::clone(&requests));
                async move {
                    let requests = &answering.0;
                    Ok::<_, Infallible>(timed(&requests.state, request, requests.options).await)
                }
            })
        };
        let timer = ConnectionTimer::default();
        let io = Stalled::new(stream, requests, timer.head_timer());
        let connection = http1::Builder::new()
            .timer(timer)
            .header_read_timeout(options.header_read_timeout)
            .max_buf_size(MAX_HEAD)
            // Not `max_headers`: `respond::MAX_HEADERS` says why.
            .serve_connection(TokioIo::new(io), service);
        if let Err(error) = place.graceful.watch(connection).await {
            tracing::debug!(%error, "connection ended with an error");
        }
        drop((slot, place.load));
    }
}

/// Answers `request` within the request timeout, and logs it.
async fn timed(state: &State, request: Request<Incoming>, options: ServeOptions) -> Response<Body> {
    // The clock is read for the log line only, when it is written.
    let start = tracing::enabled!(tracing::Level::INFO).then(Instant::now);
    let answer = handle(state, &request);
    tokio::pin!(answer);
    // A page from the cache is ready at the first poll: no timer for it.
    let ready = std::future::poll_fn(|cx| Poll::Ready(answer.as_mut().poll(cx))).await;
    let response = match ready {
        Poll::Ready(response) => response,
        Poll::Pending => match tokio::time::timeout(options.request_timeout, answer).await {
            Ok(response) => response,
            Err(_) => {
                let mut r = plain(StatusCode::SERVICE_UNAVAILABLE, "503 Service Unavailable\n");
                r.headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                secure(r.headers_mut());
                r
            }
        },
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

/// What the requests of one connection share: the server's state, and
/// whether one is being answered. hyper keeps reading while its service
/// runs (to see the client leave), and that read waits for the server, not
/// for the client: the request timeout bounds it, not [`Stalled`].
struct Requests {
    state: State,
    options: ServeOptions,
    answering: AtomicBool,
}

impl Requests {
    /// Whether a request is being answered.
    fn is_answering(&self) -> bool {
        self.answering.load(Ordering::Acquire)
    }
}

/// Marks its connection as answering until dropped (the answer is made, or
/// abandoned).
struct Answering(Arc<Requests>);

impl Answering {
    fn begin(requests: Arc<Requests>) -> Self {
        requests.answering.store(true, Ordering::Release);
        Self(requests)
    }
}

impl Drop for Answering {
    fn drop(&mut self) {
        self.0.answering.store(false, Ordering::Release);
    }
}

/// A connection that fails when a read or a write waits longer than its
/// limit for the other side: a client that stops sending or stops reading
/// cannot hold a connection (and its slot) for long.
///
/// Some reads have no limit here. One made while a request is being
/// answered waits on the server. One made while hyper reads a request head
/// is under hyper's head timeout, which started no later and has the same
/// limit (an idle kept-alive connection is one waiting for a head), so a
/// second timer would only cost every request its arming. And a read made
/// while a response is being written (hyper reads mid-response to see the
/// client leave) starts over with each write that goes through: the client
/// is reading, and a response longer than the socket buffers, read by a
/// slow client, may take longer than the limit to go out.
struct Stalled<T> {
    io: T,
    limit: Duration,
    requests: Arc<Requests>,
    head: HeadTimer,
    read: Watch,
    write: Watch,
}

impl<T> Stalled<T> {
    /// `io` under the connection's idle limit (the header read timeout);
    /// `head` tells when hyper times a request head itself.
    fn new(io: T, requests: Arc<Requests>, head: HeadTimer) -> Self {
        Self {
            io,
            limit: requests.options.header_read_timeout,
            requests,
            head,
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
        if this.requests.is_answering() || this.head.running() {
            this.read.disarm();
            return ready;
        }
        this.read.poll(this.limit, cx, ready)
    }
}

impl<T> Stalled<T> {
    /// Watches a write that returned `ready`: if it went through, the
    /// client is reading, and a read waiting meanwhile starts over.
    fn written(
        &mut self,
        cx: &mut Context<'_>,
        ready: Poll<io::Result<usize>>,
    ) -> Poll<io::Result<usize>> {
        if matches!(ready, Poll::Ready(Ok(n)) if n > 0) {
            self.read.disarm();
        }
        self.write.poll(self.limit, cx, ready)
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
        this.written(cx, ready)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        let ready = Pin::new(&mut this.io).poll_write_vectored(cx, bufs);
        this.written(cx, ready)
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

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Duration = Duration::from_millis(100);

    /// A connection over loopback: the server's end under [`LIMIT`], its
    /// head timer, and the client's end, with small socket buffers so that
    /// a response of a few hundred KiB waits for the client to read it.
    async fn connection() -> (Stalled<TcpStream>, ConnectionTimer, TcpStream) {
        let renderer =
            blog_render::HtmlRenderer::new(blog_core::Site::default()).expect("templates load");
        let state = State::new(Arc::new(blog_store::MemoryStore::new()), Arc::new(renderer));
        let requests = Arc::new(Requests {
            state,
            options: ServeOptions {
                header_read_timeout: LIMIT,
                ..ServeOptions::default()
            },
            answering: AtomicBool::new(false),
        });
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
        let client = tokio::net::TcpSocket::new_v4().expect("a socket");
        client.set_recv_buffer_size(4096).expect("a small buffer");
        let addr = listener.local_addr().expect("an address");
        let (client, accepted) = tokio::join!(client.connect(addr), listener.accept());
        let (server, _) = accepted.expect("accepts");
        socket2::SockRef::from(&server)
            .set_send_buffer_size(4096)
            .expect("a small buffer");
        let timer = ConnectionTimer::default();
        let stalled = Stalled::new(server, requests, timer.head_timer());
        (stalled, timer, client.expect("connects"))
    }

    /// One read of `io` into a small buffer.
    async fn read(io: &mut Stalled<TcpStream>) -> io::Result<usize> {
        let mut bytes = [0; 16];
        std::future::poll_fn(|cx| {
            let mut buf = ReadBuf::new(&mut bytes);
            ready!(Pin::new(&mut *io).poll_read(cx, &mut buf))?;
            Poll::Ready(Ok(buf.filled().len()))
        })
        .await
    }

    /// A read that waits for a client that sends nothing fails after the
    /// limit.
    #[tokio::test]
    async fn a_read_waiting_past_the_limit_fails() {
        let (mut server, _timer, _client) = connection().await;
        let began = Instant::now();
        let error = read(&mut server).await.expect_err("nothing was sent");
        assert_eq!(error.kind(), io::ErrorKind::TimedOut);
        assert!(began.elapsed() >= LIMIT, "after {:?}", began.elapsed());
    }

    /// While hyper times a request head, that timer is the read's limit.
    #[tokio::test]
    async fn a_read_under_the_head_timer_is_left_to_it() {
        let (mut server, timer, _client) = connection().await;
        let _head = hyper::rt::Timer::sleep(&timer, Duration::from_secs(60));
        let waited = tokio::time::timeout(5 * LIMIT, read(&mut server)).await;
        assert!(waited.is_err(), "the read ended: {waited:?}");
    }

    /// A response that takes longer than the limit to reach a client that
    /// reads it steadily goes out whole, though a read waits meanwhile (as
    /// hyper's does, to see the client leave).
    #[tokio::test]
    async fn a_read_during_a_slowly_read_response_waits_with_it() {
        let (mut server, _timer, client) = connection().await;
        let response = vec![b'x'; 256 * 1024];
        // At most 4 KiB every 5 ms: 320 ms or more in all.
        let reader = tokio::spawn(async move {
            let mut got = 0;
            let mut buf = [0; 4096];
            while got < 256 * 1024 {
                tokio::time::sleep(Duration::from_millis(5)).await;
                client.readable().await.expect("waits");
                match client.try_read(&mut buf) {
                    Ok(0) => break,
                    Ok(n) => got += n,
                    Err(e) if e.kind() == io::ErrorKind::WouldBlock => {}
                    Err(e) => panic!("the client's read failed: {e}"),
                }
            }
            got
        });
        let began = Instant::now();
        let mut written = 0;
        let mut byte = [0; 1];
        std::future::poll_fn(|cx| {
            while written < response.len() {
                match Pin::new(&mut server).poll_write(cx, &response[written..]) {
                    Poll::Ready(Ok(n)) => written += n,
                    Poll::Ready(Err(e)) => panic!("the write failed after {written} bytes: {e}"),
                    Poll::Pending => break,
                }
            }
            if written == response.len() {
                return Poll::Ready(());
            }
            let mut buf = ReadBuf::new(&mut byte);
            match Pin::new(&mut server).poll_read(cx, &mut buf) {
                Poll::Ready(read) => panic!("the read ended after {written} bytes: {read:?}"),
                Poll::Pending => Poll::Pending,
            }
        })
        .await;
        assert!(
            began.elapsed() > 2 * LIMIT,
            "took only {:?}: the client read faster than meant",
            began.elapsed()
        );
        assert_eq!(reader.await.expect("the client ends"), response.len());
    }
}
